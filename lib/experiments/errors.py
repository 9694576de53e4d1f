"""The refusal of the A/B statistics: a variant table, a planned split or a setting they cannot
read. Its first argument is a lib.i18n.messages.Message: its text is the English (the command
line and the logs print it), and the page words it in its own language (say_error)."""
from __future__ import annotations


class ExperimentError(ValueError):
    """Figures or settings the A/B test statistics refuse (a ValueError, for the callers that
    catch one)."""
