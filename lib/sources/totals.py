"""Summary rows (`Total: Campaigns`, an account total, `Gesamt`): recognised in every format,
used to check the rows, never loaded as data.

Tools put the label in whatever column comes first in the report: column 1 of a campaign
report, column 2 of a Device-segmented one, column 3 of a keyword report (FORMATS §3).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

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
    found = pd.Series(pd.NA, index=frame.index, dtype="string")
    for col in text_columns:
        cells = frame[col].astype("string").str.strip()
        codes, texts = pd.factorize(cells)   # each distinct text matched once (code -1: missing)
        labelled = np.array([bool(_LABEL.match(t)) for t in texts] + [False])
        hit = pd.Series(labelled[codes], index=frame.index) & found.isna()
        found = found.mask(hit, cells.str.lower())
    return found


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
            warnings.append(f"the rows add up to {got:,.2f} {metric} but the file's "
                            f"{label_!r} row says {expected:,.2f}")
    return result, warnings
