"""Social listening exports (Brand24, Mentionlytics): one mentions row per mention."""
from __future__ import annotations

import hashlib

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import community
from lib.sources.base import Parsed, Refused, Rejected, Sample, none_read, why
from lib.sources.generic import read_plain_table
from lib.sources.text import parse_datetime, parse_number

NAME = "mentions"
LABEL = "Brand mentions (Brand24, Mentionlytics)"

# canonical -> header names (lower case), Brand24 first then Mentionlytics
_COLUMNS = {
    "date": ("date", "created date", "published"),
    "hour": ("hour", "time"),
    "title": ("title",),
    "text": ("content", "mention", "text", "snippet"),
    "network": ("source", "channel", "platform"),
    "author": ("author", "author name", "username"),
    "url": ("url", "link"),
    "sentiment": ("sentiment",),
    "reach": ("reach", "author reach", "estimated reach"),
}


def _index(columns: list[str]) -> dict[str, int]:
    keys = [c.strip().lower() for c in columns]
    return {canon: keys.index(n) for canon, names in _COLUMNS.items()
            for n in reversed(names) if n in keys}


def detect(sample: Sample) -> float:
    """Date + Sentiment + (Content or Mention) + (Url or Link)."""
    head = [c.strip().lower() for c in sample.first_row]
    idx = _index(head)
    return 0.85 if {"date", "sentiment", "text", "url"} <= set(idx) else 0.0


def sentiment(value: str) -> str | None:
    """positive/negative/neutral from a label or a -1..1 score (lib/sources/community.py)."""
    return community.sentiment(value)


def parse(sample: Sample) -> list[Parsed]:
    """mentions = 1 per row, negative_mentions = 1 when the sentiment is negative."""
    table = read_plain_table(sample)
    idx = _index(table.columns)
    if not {"date", "text"} <= set(idx) or not table.rows:
        raise Refused(Message(f"{sample.name}: line {table.header_row}: a mentions export needs Date and "
                              f"Content/Mention columns with rows (columns: {', '.join(table.columns)}).",
                              "msg_mentions_columns", name=sample.name, line=table.header_row,
                              headers=", ".join(table.columns)))
    rows, rejected = [], list(table.rejected)
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        get = {k: r[i].strip() for k, i in idx.items()}
        try:
            when = parse_datetime(f"{get['date']} {get['hour']}".strip() if get.get("hour")
                                  and ":" not in get["date"] else get["date"])
            if when is None:
                raise ValueError("empty date")
            feeling = sentiment(get.get("sentiment", ""))
            reach = parse_number(get["reach"]) if get.get("reach") else None
        except ValueError as exc:
            rejected.append(Rejected(line, why(exc)))
            continue
        text = " - ".join(t for t in (get.get("title"), get.get("text")) if t) or None
        key = get.get("url") or hashlib.sha1("\x1f".join(r).encode()).hexdigest()[:16]
        rows.append({"day_from": when.date(), "day_to": when.date(), "mention_id": key,
                     "mention_time": when, "network": get.get("network") or None,
                     "author": get.get("author") or None, "url": get.get("url") or None,
                     "text": text, "sentiment": feeling, "mentions": 1.0,
                     "negative_mentions": 1.0 if feeling == "negative" else 0.0,
                     "author_reach": reach})
    if not rows:
        raise Refused(none_read(sample.name, "no mention could be read", rejected[0]))
    frame = pd.DataFrame(rows)
    warnings = []
    dupes = frame["mention_id"].duplicated()
    if dupes.any():
        warnings.append(Message(f"{int(dupes.sum())} mention(s) share a URL with an earlier line: the last "
                                "one is kept.", "msg_mentions_dupes", count=int(dupes.sum())))
        frame = frame.drop_duplicates("mention_id", keep="last")
    notes = {}
    if "reach" not in idx and "influence score" in [c.lower() for c in table.columns]:
        notes["reach"] = "Influence score (1-10) is not a reach: author_reach left empty"
    return [Parsed("mentions", frame.reset_index(drop=True), ("mention_id",), NAME, warnings,
                   rejected, notes)]
