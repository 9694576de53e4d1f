"""LinkedIn Campaign Manager performance export (FORMATS §4).

Seen: UTF-16LE with BOM, preamble `Ad Performance Report (in UTC)` / `"Report Start: August 18,
2019, 12:00 AM"` / `"Report End: ..."` / `"Date Generated: ..."` / blank line. The header and
delimiter were never observed with data: the column names (vocabulary.toml) follow the
documented layout. Numbers and dates are read once per file; when every `Start Date` reads both
ways (3/1/2026), the report period written in words decides which order puts them all inside it.
"""
from __future__ import annotations

import re

from lib.i18n.messages import Message
from lib.sources import cells, vocabulary
from lib.sources.base import Parsed, Refused, Sample
from lib.sources.convert import check, convert, within
from lib.sources.text import parse_date, read_table

NAME = "linkedin_ads"
LABEL = "LinkedIn Campaign Manager report"
TABLE = "ad_performance"
PLATFORM = "linkedin"

STORED = ("account", "campaign")
METRICS = ("impressions", "clicks", "cost", "conversions", "conversion_value", "reach")
ADDITIVE = ("impressions", "clicks", "cost", "conversions", "conversion_value")
_BOUND = re.compile(r'"?report (start|end)\s*:\s*(.+?)"?$', re.IGNORECASE)


def detect(sample: Sample) -> float:
    """The `... Report (in UTC)` title followed by `Report Start:` lines."""
    head = sample.text[:1000]
    if re.search(r"report \(in utc\)", head, re.IGNORECASE) and "Report Start" in head:
        return 0.95
    return 0.0


def _bounds(sample: Sample) -> dict:
    found = {}
    for line in sample.text[:2000].splitlines()[:8]:
        if m := _BOUND.match(line.strip()):
            try:
                found[m[1].lower()] = parse_date(m[2].strip().strip('"'))
            except ValueError:
                continue
    return found


def parse(sample: Sample) -> list[Parsed]:
    """Campaign rows: daily with a `Start Date (in UTC)` column, else one row for the report period."""
    bounds = _bounds(sample)
    table = read_table(sample)
    header = vocabulary.columns(TABLE, table.columns)
    metrics = [m for m in METRICS if header.has(m)]
    if not len(table.frame) or not metrics:
        raise Refused(Message(f"{sample.name}: the export has no rows (only the report preamble). Check "
                              "the date range and the selected campaigns in Campaign Manager, then export "
                              "again.", "msg_linkedin_no_rows", name=sample.name))
    daily = header.has("day")
    if not daily and len(bounds) < 2:
        raise Refused(Message(f"{sample.name}: no `Start Date` column and no `Report Start`/`Report End` "
                              "lines, so the rows have no period. Export again without editing the file.",
                              "msg_linkedin_no_period", name=sample.name))
    dims = [d for d in STORED if header.has(d)]
    read = convert(sample.name, table, header, numbers=metrics, dates=("day",) if daily else (),
                   texts=(*dims, "currency"), required=("day",) if daily else (),
                   keys=(*dims, "day"), fits=within(bounds.get("start"), bounds.get("end")))
    out = read.frame
    if out.empty:
        raise Refused(Message(f"{sample.name}: no row of the export could be read ({len(read.rejected)} "
                              "rejected). Export again from Campaign Manager.", "msg_linkedin_none_read",
                              name=sample.name, count=len(read.rejected)))
    out.insert(0, "platform", PLATFORM)
    if daily:
        out["day_from"] = out["day_to"] = out.pop("day")
    else:
        out["day_from"], out["day_to"] = bounds["start"], bounds["end"]
    if "currency" not in out and header.has("cost"):
        out["currency"] = cells.currency_of(table.frame[header.find("cost")].head(50).tolist())
    total_check, warnings = check(out, read.summary, list(ADDITIVE))
    grain = ("platform",) + tuple(dims)
    notes = {"period": [str(bounds.get("start")), str(bounds.get("end"))] if bounds else None,
             "total_check": total_check, "unread": header.unknown}
    return [Parsed(table=TABLE, frame=out, grain=grain, format=NAME,
                   warnings=read.warnings + warnings, rejected=read.rejected, notes=notes)]
