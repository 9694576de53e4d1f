"""A delimited file's dialect: which of , TAB ; | separates its fields (decided once per file).

Its own module so that the Sample (lib/sources/base.py) and the readers (text.py) share it.
"""
from __future__ import annotations

import csv
import re
from collections import Counter

DELIMITERS = (",", "\t", ";", "|")


def sep_line(line: str) -> str | None:
    """The delimiter announced by an Excel `sep=X` first line, else None."""
    m = re.fullmatch(r'"?sep=(.)"?[,;\t|]*', line.strip())
    return m.group(1) if m else None


def sniff_delimiter(lines: list[str]) -> str:
    """Pick the delimiter among , TAB ; | that splits the lines into the most consistent columns."""
    lines = [ln for ln in lines if ln.strip()]
    if lines and (sep := sep_line(lines[0])):
        return sep
    lines = [ln for ln in lines if not ln.lstrip().startswith("#")][:50]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim) if r]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode, freq = Counter(multi).most_common(1)[0]
        score = (freq, mode)
        if score > best_score:  # ties keep the earlier (more common) delimiter
            best, best_score = delim, score
    return best
