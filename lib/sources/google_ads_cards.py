"""Google Ads Overview card downloads: `Time_series(2026.02.05-2026.02.10).csv`, `Devices(...)`,
`Search_keywords(...)`.

No title, no date-range row and no totals: the period is only in the file name, money is written
`US$50.00` (the currency is the mark) and the time series dates read `"Thu, 5 Feb 2026"`.
"""
from __future__ import annotations

import re
from datetime import date

from lib.i18n.messages import Message
from lib.sources import google_ads, vocabulary
from lib.sources.base import Parsed, Refused, Sample
from lib.sources.text import read_table

NAME = "google_ads_cards"
LABEL = "Google Ads Overview card download"
# The card name, then the period in the file name (browsers add " (1)" to a second download).
_FILE = re.compile(r"^(?P<card>[A-Za-z_ ]+?)\s*\((?P<start>\d{4}\.\d{2}\.\d{2})-(?P<end>\d{4}\.\d{2}\.\d{2})\)"
                   r"(?:\s*\(\d+\))?\.(?:csv|xlsx)$", re.IGNORECASE)
EXTRA = {"search keyword": "keyword"}


def period_in_name(name: str) -> tuple[date, date] | None:
    """The card's period from its file name, or None."""
    m = _FILE.match(name.strip())
    if not m:
        return None
    start, end = (date(*map(int, m[k].split("."))) for k in ("start", "end"))
    return (start, end) if start <= end else None


def detect(sample: Sample) -> float:
    """A card file name with its period, and a header with clicks and cost."""
    if not period_in_name(sample.name):
        return 0.0
    found = vocabulary.columns(google_ads.TABLE, sample.first_row, EXTRA)
    return 0.9 if found.has("clicks", "cost") else 0.0


def parse(sample: Sample) -> list[Parsed]:
    """The card's rows for the period in its name (daily rows for the time series)."""
    period = period_in_name(sample.name)
    if period is None:
        raise Refused(Message(f"{sample.name}: an Overview card download keeps its period only in its "
                              "file name, e.g. 'Devices(2026.02.05-2026.02.10).csv': upload it without "
                              "renaming.", "msg_cards_renamed", name=sample.name))
    table = read_table(sample)
    header = vocabulary.columns(google_ads.TABLE, table.columns, EXTRA)
    metrics = [(header.find(m), m) for m in google_ads.METRICS if header.find(m) is not None]
    frame = table.frame.assign(_line=table.lines)
    parsed = google_ads.read_report(sample.name, table, header, metrics, frame,
                                    lambda name, preamble, order: period)
    parsed.format = NAME
    parsed.notes["source"] = google_ads.PLATFORM   # the same account as the full reports
    parsed.notes["period"] = [period[0].isoformat(), period[1].isoformat()]
    return [parsed]
