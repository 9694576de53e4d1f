"""Reports finer than what Balise stores (keywords, search terms, match types, locations, ads
sharing a name) are one report: their rows are added up to the stored grain on load.

Additive metrics are summed; a metric that does not add up across rows (reach, frequency) is
kept where a group has one row and left empty where several rows were merged.
"""
from __future__ import annotations

import pandas as pd

NOT_ADDITIVE = ("reach",)


def rollup(frame: pd.DataFrame, keys: list[str], why: str, into: str
           ) -> tuple[pd.DataFrame, dict | None]:
    """Rows sharing KEYS merged into one; the note says how many rows became how many
    ("42 rows that differ only by match type added up into 20 keyword rows")."""
    keys = [k for k in keys if k in frame]
    if not frame.duplicated(keys).any():
        return frame, None
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
    note = {"rows": merged, "into": groups, "why": why, "grain": into,
            "text": f"{merged:,} rows {why} added up into {groups:,} {into} rows"}
    return out, note
