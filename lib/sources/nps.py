"""Generic NPS survey CSV: a 0-10 score column and a date column, optional comment/segment."""
from __future__ import annotations

import hashlib
import re

import pandas as pd

from lib.i18n.messages import Message
from lib.sources.base import Parsed, Refused, Rejected, Sample, none_read, why
from lib.sources.generic import dayfirst_for, read_plain_table
from lib.sources.text import parse_datetime, parse_number

NAME = "nps"
LABEL = "NPS survey responses"

_SCORE = re.compile(r"^(score|note|nps|nps score|score nps|rating)$|how likely|recommend|recommand")
_DATE = re.compile(r"^(date|submitted at|submitted|response date|created at|timestamp|horodateur|"
                   r"date de reponse|date de réponse|end date|start date)$")
_ID = re.compile(r"^(id|response id|respondent id|response_id|#)$")
_COMMENT = re.compile(r"comment|why|pourquoi|feedback|verbatim|remarque")
_SEGMENT = re.compile(r"^(segment|plan|country|pays|customer type|type de client|offre|offer)$")


def _find(columns: list[str], pattern: re.Pattern) -> int | None:
    return next((i for i, c in enumerate(columns) if pattern.search(c.strip().lower())), None)


def detect(sample: Sample) -> float:
    """A header holding a score-like column and a date column."""
    head = sample.text.lstrip("\ufeff").split("\n", 1)[0]
    cols = [c.strip().strip('"') for c in re.split(r"[,;\t]", head)]
    if _find(cols, _SCORE) is None or _find(cols, _DATE) is None:
        return 0.0
    return 0.7 if any("nps" in c.lower() or "recommend" in c.lower() for c in cols) else 0.5


def parse(sample: Sample) -> list[Parsed]:
    """One nps_responses row per answer; scores outside 0..10 are rejected lines."""
    table = read_plain_table(sample)
    score_i, date_i = _find(table.columns, _SCORE), _find(table.columns, _DATE)
    if score_i is None or date_i is None or not table.rows:
        raise Refused(Message(f"{sample.name}: line {table.header_row}: an NPS file needs a 0-10 score "
                              "column (score, note, NPS, How likely...) and a date column, with rows "
                              f"(columns: {', '.join(table.columns)}; {len(table.rows)} row(s)).",
                              "msg_nps_columns", name=sample.name, line=table.header_row,
                              headers=", ".join(table.columns), rows=len(table.rows)))
    id_i, comment_i = _find(table.columns, _ID), _find(table.columns, _COMMENT)
    segment_i = _find(table.columns, _SEGMENT)
    rows, rejected, seen = [], list(table.rejected), {}
    dayfirst = dayfirst_for([r[date_i] for r in table.rows], table.delimiter == ";")
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        try:
            score = parse_number(r[score_i], table.decimal)
            when = parse_datetime(r[date_i], dayfirst=dayfirst)
        except ValueError as exc:
            rejected.append(Rejected(line, why(exc)))
            continue
        if score is None or when is None:
            rejected.append(Rejected(line, Message("empty score or date", "msg_rej_nps_empty")))
            continue
        if not (0 <= score <= 10 and score == int(score)):
            rejected.append(Rejected(line, Message(f"score {r[score_i]!r} is not a whole number 0..10",
                                                   "msg_rej_nps_score", value=r[score_i])))
            continue
        if id_i is not None and r[id_i].strip():
            rid = r[id_i].strip()
        else:
            # no id column: a hash of the answer, stable when the same file is loaded again
            digest = hashlib.sha1("\x1f".join(r).encode()).hexdigest()[:16]
            seen[digest] = seen.get(digest, 0) + 1
            rid = f"{digest}-{seen[digest]}"
        rows.append({"day_from": when.date(), "day_to": when.date(), "response_id": rid,
                     "response_time": when, "score": score,
                     "segment": r[segment_i].strip() or None if segment_i is not None else None,
                     "comment": r[comment_i].strip() or None if comment_i is not None else None})
    if not rows:
        raise Refused(none_read(sample.name, "no valid response", rejected[0]))
    notes = {"score_column": table.columns[score_i], "date_column": table.columns[date_i]}
    return [Parsed("nps_responses", pd.DataFrame(rows), ("response_id",), NAME, [], rejected,
                   notes)]
