"""LinkedIn Campaign Manager performance export (FORMATS §4).

Seen: UTF-16LE with BOM, preamble `Ad Performance Report (in UTC)` / `"Report Start: August 18,
2019, 12:00 AM"` / `"Report End: ..."` / `"Date Generated: ..."` / blank line. The header and
delimiter were never observed with data: the column names below follow the documented layout.
"""
from __future__ import annotations

import re

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import parse_date, parse_number, read_table, row_period

NAME = "linkedin_ads"
LABEL = "LinkedIn Campaign Manager report"
TABLE = "ad_performance"
PLATFORM = "linkedin"

DIMENSIONS = {"campaign name": "campaign", "account name": "account", "campaign": "campaign"}
METRICS = {
    "impressions": "impressions", "clicks": "clicks", "total spent": "cost",
    "amount spent": "cost", "conversions": "conversions", "total conversion value": "conversion_value",
    "conversion value": "conversion_value", "reach": "reach",
}
DAY = ("start date (in utc)", "start date")
_BOUND = re.compile(r'"?report (start|end)\s*:\s*(.+?)"?$', re.IGNORECASE)


def detect(sample: Sample) -> float:
    """The `... Report (in UTC)` title followed by `Report Start:` lines."""
    head = sample.text[:1000]
    if re.search(r"report \(in utc\)", head, re.IGNORECASE) and "Report Start" in head:
        return 0.95
    return 0.0


def _bounds(sample: Sample) -> dict:
    found = {}
    for line in sample.text.splitlines()[:8]:
        if m := _BOUND.match(line.strip()):
            found[m[1].lower()] = parse_date(m[2].strip().strip('"'))
    return found


def parse(sample: Sample) -> list[Parsed]:
    """Campaign rows: daily with a `Start Date (in UTC)` column, else one row for the report period."""
    bounds = _bounds(sample)
    table = read_table(sample)
    cols = [c.strip().lower() for c in table.columns]
    metrics = [(i, METRICS[c]) for i, c in enumerate(cols) if c in METRICS]
    if not table.rows or not metrics:
        raise Refused(f"{sample.name}: the export has no rows (only the report preamble). Check "
                      "the date range and the selected campaigns in Campaign Manager, then export "
                      "again.")
    dims = [(i, DIMENSIONS[c]) for i, c in enumerate(cols) if c in DIMENSIONS]
    day_col = next((i for i, c in enumerate(cols) if c in DAY), None)
    cur_col = next((i for i, c in enumerate(cols) if c == "currency"), None)
    if day_col is None and len(bounds) < 2:
        raise Refused(f"{sample.name}: no `Start Date` column and no `Report Start`/`Report End` "
                      "lines, so the rows have no period. Export again without editing the file.")
    records, rejected = [], list(table.rejected)
    for line, fields in zip(table.line_numbers, table.rows):
        try:
            rec = {"platform": PLATFORM, **{d: fields[i] for i, d in dims},
                   **{m: parse_number(fields[i]) for i, m in metrics}}
            report = (bounds.get("start"), bounds.get("end"))
            rec["day_from"], rec["day_to"] = row_period(fields, day_col, report, "Start Date")
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        if cur_col is not None:
            rec["currency"] = fields[cur_col].strip()
        records.append(rec)
    if not records:
        raise Refused(f"{sample.name}: no row of the export could be read ({len(rejected)} "
                      "rejected). Export again from Campaign Manager.")
    frame = pd.DataFrame.from_records(records)
    grain = ("platform",) + tuple(dict.fromkeys(d for _, d in dims))
    notes = {"period": [str(bounds.get("start")), str(bounds.get("end"))] if bounds else None}
    return [Parsed(table=TABLE, frame=frame, grain=grain, format=NAME, rejected=rejected,
                   notes=notes)]
