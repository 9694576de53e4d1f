"""Data shown inside Markdown as typed: every name, label or value that comes from a file, an API
or a workspace goes through `md_escape` before st.markdown, captions, alerts, metric labels, tabs
and expanders render it, so `![x](https://...)` in a campaign name shows as text and loads nothing."""
from __future__ import annotations

import re

# Markdown's syntax characters, Streamlit's `:color[...]` directives and LaTeX `$`: escaped with a
# backslash, which CommonMark allows before any ASCII punctuation and renders as the bare character.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#$|~])")


def md_escape(text) -> str:
    """TEXT (any value, as str) shown literally inside Markdown: no link, image, emphasis or heading."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
