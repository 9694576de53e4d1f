"""Tables in the page's language: every number, amount, percent and date of a table drawn with
Babel like the cards ("37 685", "61,5 %", "63 689,21 €" on a French page), codes shown by
their names, the label column pinned on wide tables, and the metric a table is ranked by right
after its label, so that a table wider than the page never hides the figure that matters.

Streamlit formats a NumberColumn's `format` in the browser's locale, whatever the page's
language. A Styler's display values replace that text while the cells keep their numbers, so the
table still sorts on values. The `format` a page asks for (Streamlit's presets or printf) says
which kind of number a column holds; it is translated here and taken off the column's config.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from lib import i18n
from lib.i18n import names

# Streamlit's currency presets (and the printf formats lib/ui/blocks.py gives other currencies).
MONEY = {"euro": "EUR", "dollar": "USD", "yen": "JPY", "£%.2f": "GBP", "₹%.2f": "INR"}
DIGITS = {"%d": 0, "%i": 0, "localized": 0, "%.0f": 0, "%.1f": 1, "%.2f": 2, "%.3f": 3, "%.4f": 4}
# Styler builds its display values cell by cell: past this size the default format is kept
# (the Data page's previews are capped far below it).
MAX_CELLS = 60_000
WIDE = 6   # from this many columns on, the label column stays pinned while scrolling


def _number(digits: int, lang: str):
    return lambda v: "" if _missing(v) else i18n.fmt_number(v, lang, digits)


def _change(lang: str):
    return lambda v: i18n.fmt_delta(v, lang) or ""


def _missing(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def formatter(fmt: str | None, lang: str):
    """The display function for a column asked to look like `fmt`; None when it is not ours."""
    if fmt == "percent":
        return lambda v: "" if _missing(v) else i18n.fmt_percent(v, lang)
    if fmt in MONEY:
        return lambda v: "" if _missing(v) else i18n.fmt_money(v, lang, MONEY[fmt])
    if fmt in DIGITS:
        return _number(DIGITS[fmt], lang)
    if fmt and fmt.startswith("%.0f "):   # "%.0f s": durations in seconds
        return lambda v: "" if _missing(v) else i18n.fmt_seconds(v, lang)
    return None


def _default(series: pd.Series, lang: str):
    """Numbers and dates no page gave a format: whole numbers grouped, others with 2 decimals,
    dates short (06/12/2026), times to the minute."""
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_numeric_dtype(series):
        values = series.dropna()
        whole = values.empty or bool((values == values.round()).all())
        return _number(0 if whole else 2, lang)
    if pd.api.types.is_datetime64_any_dtype(series) or (
            series.dtype == object and series.map(lambda v: isinstance(v, date)).any()):
        return lambda v: _when(v, lang)
    return None


def _when(value, lang: str) -> str:
    if _missing(value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return i18n.fmt_date(value.date(), lang, "short")
        return f"{i18n.fmt_date(value.date(), lang, 'short')} {value:%H:%M}"
    if isinstance(value, date):
        return i18n.fmt_date(value, lang, "short")
    return str(value)


def _config_format(cfg) -> tuple[str | None, str | None]:
    if not isinstance(cfg, dict):
        return None, None
    tc = cfg.get("type_config") or {}
    return tc.get("type"), tc.get("format")


def ranked_first(frame: pd.DataFrame, rank=None, after: str | None = None) -> pd.DataFrame:
    """The frame with the columns it is ranked by (RANK: one or several, each followed by its
    `_delta` when shown) right after its label column: AFTER (the last dimension of a
    platform / campaign label), else the first column."""
    wanted = [rank] if isinstance(rank, str) else list(rank or ())
    label = frame.columns[0] if len(frame.columns) else None
    moved = [c for r in wanted for c in (r, f"{r}_delta") if c in frame.columns and c != label]
    if not moved:
        return frame
    rest = [c for c in frame.columns if c not in moved]
    if not rest:
        return frame
    at = rest.index(after) + 1 if after in rest else 1
    return frame[rest[:at] + moved + rest[at:]]


def display(frame: pd.DataFrame, config: dict | None, lang: str, rank=None, after: str | None = None):
    """(what st.dataframe draws, its column config): the frame with names for codes, its ranking
    metric after its label (ranked_first), a Styler carrying the page-language text of every
    number and date, the label column pinned."""
    config = dict(config or {})
    frame = names.named(ranked_first(frame, rank, after), lang)
    if frame.empty or frame.size > MAX_CELLS:
        return frame, config
    shown = {}
    for column in frame.columns:
        kind, fmt = _config_format(config.get(column))
        if kind == "progress":
            continue
        if kind == "number":
            fn = formatter(fmt, lang)
            if fmt == "percent" and str(column).endswith("_delta"):   # a change: signed, as on cards
                fn = _change(lang)
            if fn is not None:
                config[column] = {**config[column], "type_config": {**config[column]["type_config"], "format": None}}
        elif kind is None:
            fn = _default(frame[column], lang)
        else:
            fn = None
        if fn is not None:
            shown[column] = fn
    first = frame.columns[0]
    if len(frame.columns) >= WIDE and not pd.api.types.is_numeric_dtype(frame[first]):
        cfg = config.get(first)
        base = cfg if isinstance(cfg, dict) else {"label": cfg} if isinstance(cfg, str) else {}
        config[first] = {**base, "pinned": True}
    if not shown:
        return frame, config
    return frame.style.format(shown, na_rep=""), config
