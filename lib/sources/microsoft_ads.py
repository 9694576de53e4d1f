"""Microsoft Advertising report download (FORMATS §4, documented layout; no real file seen).

A quoted preamble (`"Report Name: ..."`, `"Report Time: 2/7/2020"`, `"Report Aggregation:
Summary"`, ...), a blank line, the header, the rows, a blank line and the footer `"@2020 Microsoft
Corporation. All rights reserved. "`. Dates follow the account's locale: their order is decided
from the file's own cells (rows and `Report Time`), and a file where none decides is refused.
"""
from __future__ import annotations

import re

from lib.i18n.messages import Message
from lib.sources import cells, vocabulary
from lib.sources.base import Parsed, Refused, Sample
from lib.sources.convert import check, convert
from lib.sources.text import parse_date, read_table

NAME = "microsoft_ads"
LABEL = "Microsoft Advertising report"
TABLE = "ad_performance"
PLATFORM = "microsoft_ads"

STORED = ("account", "campaign", "ad_group", "device")
METRICS = ("impressions", "clicks", "cost", "conversions", "conversion_value")
_META = re.compile(r'^"?(Report [A-Za-z ]+|Time Zone|Rows|Last Completed [A-Za-z ]+|Potential '
                   r'Incomplete Data)\s*:\s*(.*?)"?\s*$')
_FOOTER = re.compile(r'^"?(@|©)\d{4} Microsoft Corporation', re.IGNORECASE)


def detect(sample: Sample) -> float:
    """A `Report Name:` preamble with `Report Aggregation:`, or the Microsoft footer."""
    head = sample.text[:2000]
    if "Report Name:" in head and "Report Aggregation:" in head:
        return 0.95
    return 0.6 if _FOOTER.search(sample.text[-300:].strip()) else 0.0


def _preamble(text: str) -> dict[str, str]:
    meta = {}
    for line in text[:4000].splitlines()[:15]:
        if m := _META.match(line.strip()):
            meta[m[1].lower()] = m[2].strip()
    return meta


def _report_period(raw: str, order: cells.DateOrder, name: str):
    parts = [p for p in re.split(r"\s+-\s+", raw) if p]
    try:
        days = [parse_date(p, dayfirst=bool(order.day_first)) for p in parts]
    except ValueError:
        days = []
    if len(days) in (1, 2) and all(days):
        return days[0], days[-1]
    raise Refused(Message(f"{name}: `Report Time: {raw}` is not a date range and the report has no date "
                          "column. Download it again with a Gregorian date column or a fixed date range.",
                          "msg_msads_period", name=name, value=raw))


def parse(sample: Sample) -> list[Parsed]:
    """Campaign rows: daily with `Gregorian date`/`TimePeriod`, else the `Report Time` period.
    The footer is a one-field line after the table: the table reader sets it aside as a
    rejected line, and it is taken back out of the rejected lines here (it is not data)."""
    meta = _preamble(sample.text)
    table = read_table(sample)
    footer = _footer_lines(sample.text)
    table.rejected = [r for r in table.rejected if r.line not in footer]
    header = vocabulary.columns(TABLE, table.columns)
    metrics = [m for m in METRICS if header.has(m)]
    if not len(table.frame) or not metrics:
        raise Refused(Message(f"{sample.name}: the report has no data rows with Impressions/Clicks/Spend. "
                              "Check the date range and columns in Microsoft Advertising and download "
                              "it again.", "msg_msads_no_rows", name=sample.name))
    daily = header.has("day")
    dims = [d for d in STORED if header.has(d)]
    report_time = meta.get("report time", "")
    # `Report Time` is one more date of the file: it may decide the order the rows leave open
    time_cells = [p for p in re.split(r"\s+-\s+", report_time) if p]
    order_cells = (table.frame[header.find("day")].tolist() if daily else []) + time_cells
    order = cells.date_order(order_cells, sample.name)
    read = convert(sample.name, table, header, numbers=metrics, dates=("day",) if daily else (),
                   texts=(*dims, "currency"), required=("day",) if daily else (),
                   keys=(*dims, "day"), fits=lambda _frame, day_first: day_first == order.day_first)
    out = read.frame
    if out.empty:
        raise Refused(Message(f"{sample.name}: no row of the report could be read "
                              f"({len(read.rejected)} rejected). Download it again from Microsoft "
                              "Advertising.", "msg_msads_none_read", name=sample.name, count=len(read.rejected)))
    out.insert(0, "platform", PLATFORM)
    if daily:
        out["day_from"] = out["day_to"] = out.pop("day")
    else:
        out["day_from"], out["day_to"] = _report_period(report_time, order, sample.name)
    if "currency" not in out and header.has("cost"):
        out["currency"] = cells.currency_of(table.frame[header.find("cost")].head(50).tolist())
    total_check, warnings = check(out, read.summary, list(METRICS))
    grain = ("platform",) + tuple(dims)
    notes = {"title": meta.get("report name", ""), "aggregation": meta.get("report aggregation"),
             "total_check": total_check, "unread": header.unknown}
    return [Parsed(table=TABLE, frame=out, grain=grain, format=NAME,
                   warnings=read.warnings + warnings, rejected=read.rejected, notes=notes)]


def _footer_lines(text: str) -> set[int]:
    """The physical lines of the copyright footer (near the end of the file)."""
    tail = text[-2000:]
    before = text.count("\n", 0, len(text) - len(tail))
    return {before + k + 1 for k, line in enumerate(tail.split("\n")) if _FOOTER.match(line.strip())}
