"""Reports finer than what Balise stores (keywords, search terms, match types, locations, ads
sharing a name) are one report: their rows are added up to the stored grain on load.

Additive metrics are summed; a metric that does not add up across rows (reach, frequency) is
kept where a group has one row and left empty where several rows were merged.
"""
from __future__ import annotations

import pandas as pd

from lib.i18n.messages import Message
from lib.sources.text import parse_number

NOT_ADDITIVE = ("reach",)


def rollup(frame: pd.DataFrame, keys: list[str], into: str, column: str | None = None,
           raw: pd.DataFrame | None = None, unstored: dict | None = None,
           otherwise: str = "that repeat their names") -> tuple[pd.DataFrame, dict | None]:
    """Rows sharing KEYS merged into one; the note says how many rows became how many and what
    they differed by ("42 rows that differ only by Match type added up into 20 keyword rows"):
    the `unstored` columns of the file `raw` (position -> header name; its index is the frame's)
    seen to differ, else `otherwise`. `column`: the stored dimension the rows are now at (the
    Data page names it in its language)."""
    keys = [k for k in keys if k in frame]
    if not frame.duplicated(keys).any():
        return frame, None
    over = varying(raw, frame[keys], unstored) if raw is not None and unstored else []
    metrics = [c for c in frame.columns if c not in keys and pd.api.types.is_numeric_dtype(frame[c])]
    others = [c for c in frame.columns if c not in keys and c not in metrics]
    groups = frame.groupby(keys, dropna=False, sort=False)
    out = groups[[m for m in metrics if m not in NOT_ADDITIVE]].sum(min_count=1)
    sizes = groups.size()
    for m in metrics:
        if m in NOT_ADDITIVE:
            out[m] = groups[m].first().where(sizes == 1)
    for c in others:
        out[c] = groups[c].first()
    out = out.reset_index()[list(frame.columns)]
    merged, groups = int(sizes[sizes > 1].sum()), int((sizes > 1).sum())
    why = f"that differ only by {', '.join(over)}" if over else otherwise
    note = {"rows": merged, "into": groups, "why": why, "grain": into, "column": column, "over": over,
            "text": f"{merged:,} rows {why} added up into {groups:,} {into} row{'s' if groups != 1 else ''}"}
    return out, note


SAMPLE = 100_000   # rows of the repeated groups looked at to name what differs


def varying(raw: pd.DataFrame, keys: pd.DataFrame, names: dict) -> list[str]:
    """The file's columns (their header names) whose values differ between rows that share the
    KEYS: what a roll-up adds up over ("Week", "Ad", "Headline 1"). Read on the first SAMPLE
    rows of the repeated groups: a name is given only when seen to differ."""
    repeated = keys.duplicated(keep=False)
    if not repeated.any():
        return []
    groups = keys[repeated].head(SAMPLE)
    by = [groups[k].astype("string").fillna("\u2400") for k in groups.columns]
    cells = {col: raw.loc[groups.index, col] for col in names}
    return [name for col, name in names.items() if not _numbers(cells[col])
            and cells[col].groupby(by, dropna=False).nunique(dropna=False).gt(1).any()]


def _numbers(cells: pd.Series) -> bool:
    """A column of figures (CPM, Adds to cart: metrics Balise does not store), which of course
    differ from one row to the next: not what the rows are cut by."""
    seen = [c for c in cells.dropna().astype(str).str.strip().unique()[:50] if c]
    try:
        return bool(seen) and all(parse_number(c) is not None for c in seen)
    except ValueError:
        return False


def message(note: dict, table: str) -> Message:
    """The roll-up note of rows of TABLE as the Data page says it, in its language ("412 rows that
    differ only by Week added up into 57 rows (level: Campaign)")."""
    values = {"table": table, "column": note.get("column") or "account",
              "rows": note["rows"], "count": note["into"]}
    if note.get("over"):
        return Message(note["text"], "msg_rollup_over", over=", ".join(note["over"]), **values)
    return Message(note["text"], "msg_rollup_names", **values)
