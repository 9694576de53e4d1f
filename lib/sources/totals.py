"""Summary rows (`Total: Campaigns`, an account total, `Gesamt`): recognised in every format,
used to check the rows, never loaded as data.

Tools put the label in whatever column comes first in the report: column 1 of a campaign
report, column 2 of a Device-segmented one, column 3 of a keyword report (FORMATS §3).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lib.i18n.messages import Message
from lib.sources.text import distinct_texts

# "Total: Campaigns", "Totaux", "Total general", "Gesamtergebnis", "Totale", "Totaal"...
# A label is the word followed by a colon, alone, or with "general": never a campaign or a
# keyword that merely starts with it ("total wine").
_LABEL = re.compile(r"^\s*(total|totals|totaux|totales?|totali|totaal|gesamt\w*|insgesamt|summe)"
                    r"(\s*[:：].*|\s+(general|général|generale|geral|overall|global)|)\s*$",
                    re.IGNORECASE)


def label(fields: list[str]) -> str | None:
    """The summary label of a row, lower-cased, when any of its text cells carries one."""
    for cell in fields:
        text = str(cell).strip()
        if text and _LABEL.match(text) and not _is_number(text):
            return text.lower()
    return None


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,%$€£-]+", text))


def labels(frame: pd.DataFrame, text_columns: list) -> pd.Series:
    """Vectorised `label`: per row, the first text cell that reads as a summary label, else NA."""
    found = np.full(len(frame), None, dtype=object)
    free = np.ones(len(frame), dtype=bool)   # rows with no label yet
    for col in text_columns:
        texts, codes = distinct_texts(frame[col])   # each distinct text matched once
        names = [t.strip() if t is not None else None for t in texts.to_pylist()]
        lowered = np.array([n.lower() if n and _LABEL.match(n) else None for n in names] + [None],
                           dtype=object)
        if not any(v is not None for v in lowered):
            continue
        hit = free & np.not_equal(lowered[codes], None)
        found[hit] = lowered[codes[hit]]
        free &= ~hit
    return pd.Series(found, index=frame.index, dtype="string")


def check(frame: pd.DataFrame, totals: dict[str, dict], metrics: list[str],
          priority: tuple[str, ...]) -> tuple[dict, list[str]]:
    """Compare the sum of the rows with the file's total row; (notes, warnings) on mismatch."""
    label_ = next((k for k in priority if k in totals), None)
    if label_ is None:
        return {}, []
    result, warnings = {"against": label_, "metrics": {}}, []
    for metric in metrics:
        expected = totals[label_].get(metric)
        if expected is None or metric not in frame:
            continue
        got = float(frame[metric].fillna(0).sum())
        # cells are rounded to 2 decimals, so allow a cent per row
        ok = abs(got - expected) <= 0.01 * max(len(frame), 1) + 1e-6 * abs(expected)
        result["metrics"][metric] = {"rows": round(got, 6), "total": float(expected), "ok": bool(ok)}
        if not ok:
            warnings.append(Message(f"the rows add up to {got:,.2f} {metric} but the file's "
                                    f"{label_!r} row says {expected:,.2f}", "msg_totals",
                                    got=round(got, 2), metric=metric, label=label_, expected=float(expected)))
    return result, warnings
