"""Microsoft Advertising report download (FORMATS §4, documented layout; no real file seen).

A quoted preamble (`"Report Name: ..."`, `"Report Time: 2/7/2020"`, `"Report Aggregation:
Summary"`, ...), a blank line, the header, the rows, a blank line and the footer `"@2020 Microsoft
Corporation. All rights reserved. "`. Dates are M/D/YYYY.
"""
from __future__ import annotations

import re

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import parse_date, parse_number, read_table, row_period

NAME = "microsoft_ads"
LABEL = "Microsoft Advertising report"
TABLE = "ad_performance"
PLATFORM = "microsoft_ads"

DIMENSIONS = {"campaign name": "campaign", "account name": "account", "ad group": "ad_group",
              "device type": "device"}
METRICS = {"impressions": "impressions", "clicks": "clicks", "spend": "cost",
           "conversions": "conversions", "revenue": "conversion_value"}
DAY = ("gregorian date", "timeperiod", "time period", "date")
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
    for line in text.splitlines()[:15]:
        if m := _META.match(line.strip()):
            meta[m[1].lower()] = m[2].strip()
    return meta


def _report_period(meta: dict[str, str], name: str):
    raw = meta.get("report time", "")
    parts = [p for p in re.split(r"\s+-\s+", raw) if p]
    try:
        days = [parse_date(p) for p in parts]
    except ValueError:
        days = []
    if len(days) == 1:
        return days[0], days[0]
    if len(days) == 2:
        return days[0], days[1]
    raise Refused(f"{name}: `Report Time: {raw}` is not a date range and the report has no date "
                  "column. Download it again with a Gregorian date column or a fixed date range.")


def parse(sample: Sample) -> list[Parsed]:
    """Campaign rows: daily with `Gregorian date`/`TimePeriod`, else the `Report Time` period."""
    meta = _preamble(sample.text)
    # the copyright footer is not data: drop it before reading the table
    body = "\n".join(ln for ln in sample.text.splitlines() if not _FOOTER.match(ln.strip()))
    table = read_table(Sample(sample.name, sample.data, body, sample.encoding))
    cols = [c.strip().lower() for c in table.columns]
    metrics = [(i, METRICS[c]) for i, c in enumerate(cols) if c in METRICS]
    if not table.rows or not metrics:
        raise Refused(f"{sample.name}: the report has no data rows with Impressions/Clicks/Spend. "
                      "Check the date range and columns in Microsoft Advertising and download "
                      "it again.")
    dims = [(i, DIMENSIONS[c]) for i, c in enumerate(cols) if c in DIMENSIONS]
    day_col = next((i for i, c in enumerate(cols) if c in DAY), None)
    cur_col = next((i for i, c in enumerate(cols) if c == "currency code"), None)
    period = None if day_col is not None else _report_period(meta, sample.name)
    records, rejected = [], list(table.rejected)
    for line, fields in zip(table.line_numbers, table.rows):
        if fields[0].strip().lower().startswith("total"):
            continue
        try:
            rec = {"platform": PLATFORM, **{d: fields[i] for i, d in dims},
                   **{m: parse_number(fields[i]) for i, m in metrics}}
            rec["day_from"], rec["day_to"] = row_period(fields, day_col, period, "date")
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        if cur_col is not None:
            rec["currency"] = fields[cur_col].strip()
        records.append(rec)
    if not records:
        raise Refused(f"{sample.name}: no row of the report could be read ({len(rejected)} "
                      "rejected). Download it again from Microsoft Advertising.")
    frame = pd.DataFrame.from_records(records)
    grain = ("platform",) + tuple(dict.fromkeys(d for _, d in dims))
    notes = {"title": meta.get("report name", ""), "aggregation": meta.get("report aggregation")}
    return [Parsed(table=TABLE, frame=frame, grain=grain, format=NAME, rejected=rejected,
                   notes=notes)]
