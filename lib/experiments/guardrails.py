"""Guardrail metrics and the ship decision: a variant is shipped only when the goal metric wins
and no guardrail metric (an unsubscribe rate, a bounce rate...) is significantly worse.

A guardrail is read on its own p-value (the always-valid one when the user looks before the
planned end), not corrected for multiple comparisons: a correction would make a harm easier to
miss, and a guardrail is there to catch harm.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lib import i18n
from lib.experiments import stats

WORSE = ("up", "down")   # a guardrail is worse when it rises (unsubscribes) or falls (revenue)


@dataclass(frozen=True)
class Guardrail:
    """One guardrail metric's comparisons, and the direction in which it gets worse."""

    name: str
    worse: str
    results: Sequence[stats.VariantResult | stats.MeanResult]

    def __post_init__(self):
        if self.worse not in WORSE:
            raise ValueError(f"a guardrail gets worse 'up' or 'down', not {self.worse!r}")


@dataclass(frozen=True)
class Decision:
    """What to do with one variant: ship, hold (a guardrail is worse) or keep the control."""

    variant: str
    action: str            # "ship", "hold" or "keep"
    harmed: tuple[str, ...] = ()


def _unadjusted_p(r: stats.VariantResult | stats.MeanResult) -> float:
    if r.peeking and r.seq_p_value is not None:
        return r.seq_p_value
    return r.p_value


def worse(r: stats.VariantResult | stats.MeanResult, direction: str) -> bool:
    """Whether a guardrail comparison is significantly worse in the given direction."""
    if not r.enough_data or r.no_variance or _unadjusted_p(r) >= r.alpha:
        return False
    return r.lift_abs > 0 if direction == "up" else r.lift_abs < 0


def decide(goal: Sequence[stats.VariantResult | stats.MeanResult],
           guardrails: Sequence[Guardrail]) -> list[Decision]:
    """One decision per goal comparison: ship when the goal significantly improves (lift > 0) and
    no guardrail of the same variant is significantly worse."""
    decisions = []
    for r in goal:
        harmed = tuple(g.name for g in guardrails for h in g.results
                       if h.variant == r.variant and worse(h, g.worse))
        wins = stats.significant(r) and r.lift_abs > 0
        action = "hold" if wins and harmed else "ship" if wins else "keep"
        decisions.append(Decision(r.variant, action, harmed))
    return decisions


def sentence(decisions: Sequence[Decision], control: str, lang: str,
             names: Mapping[str, str] | None = None) -> str:
    """The decisions in plain words; `names` words the guardrail metrics (else their own names)."""
    names = names or {}
    parts = []
    for d in decisions:
        if d.action == "ship":
            parts.append(i18n.t("exp_decision_ship", lang, variant=d.variant))
        elif d.action == "hold":
            harmed = ", ".join(names.get(h, h) for h in d.harmed)
            parts.append(i18n.t("exp_decision_hold", lang, variant=d.variant, metrics=harmed))
        else:
            parts.append(i18n.t("exp_decision_keep", lang, variant=d.variant, control=control))
    return " ".join(parts)
