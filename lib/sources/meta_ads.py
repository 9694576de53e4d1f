"""Meta Ads Manager export (CSV): campaign rows, optional Day column and Age/Gender/... breakdowns.

FORMATS §4: UTF-8 with BOM; the first data row is the account total (empty campaign name);
`Amount spent (INR)` carries the currency; `Reporting starts/ends` give each row's period;
action metrics with no events are blank, not 0; an empty export is one `"No data available."` row.
"""
from __future__ import annotations

import re

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import parse_date, parse_number, read_table
from lib.sources.totals import check as check_totals

NAME = "meta_ads"
LABEL = "Meta Ads Manager report"
TABLE = "ad_performance"
PLATFORM = "meta"

DIMENSIONS = {
    "campaign name": "campaign", "ad set name": "ad_group", "ad name": "ad",
    "account name": "account", "age": "age", "gender": "gender", "device": "device",
    "impression device": "device", "region": "region",
}
METRICS = {
    "reach": "reach", "impressions": "impressions",
    "link clicks": "clicks", "clicks (all)": "all_clicks",
    "purchases": "conversions", "purchases conversion value": "conversion_value",
}
# actions Meta leaves blank when nothing happened (FORMATS §4): blank means 0
ACTIONS = {"clicks", "all_clicks", "conversions", "conversion_value"}
# reach is not additive across rows, so it is not part of the total check
ADDITIVE = ("impressions", "cost", "clicks", "all_clicks", "conversions", "conversion_value")
_SPENT = re.compile(r"amount spent \(([a-z]{3})\)")


def detect(sample: Sample) -> float:
    """Meta headers: `Amount spent (XXX)` or `Reporting starts` in the first line."""
    head = sample.text[:3000].lower()
    first = head.splitlines()[0] if head else ""
    if "amount spent (" in first or "reporting starts" in first:
        return 0.95
    return 0.0


def parse(sample: Sample) -> list[Parsed]:
    """Campaign (and breakdown) rows for the reporting period, or daily rows with a Day column."""
    table = read_table(sample)
    if "no data available." in sample.text.lower() and not table.rows:
        raise Refused(f"{sample.name}: the export says \"No data available.\": Meta had no "
                      "delivery for this account and date range. Choose a range with spend in Ads "
                      "Manager and export again.")
    cols = [c.strip().lower() for c in table.columns]
    dims = [(i, DIMENSIONS[c]) for i, c in enumerate(cols) if c in DIMENSIONS]
    metrics = [(i, METRICS[c]) for i, c in enumerate(cols) if c in METRICS]
    spent = [(i, m[1].upper()) for i, c in enumerate(cols) if (m := _SPENT.fullmatch(c))]
    if spent:
        metrics.append((spent[0][0], "cost"))
    col = {c: i for i, c in enumerate(cols)}
    if not metrics or not table.rows:
        raise Refused(f"{sample.name}: no data rows with Impressions / Amount spent were found. "
                      "Export the report again from Meta Ads Manager as CSV.")
    daily = "day" in col
    if not daily and not ("reporting starts" in col and "reporting ends" in col):
        raise Refused(f"{sample.name}: line {table.header_row}: no `Reporting starts`/`Reporting "
                      "ends` or `Day` column, so the rows have no period. Export again with "
                      "these columns (Ads Manager adds them by default).")
    records, rejected, total = [], list(table.rejected), None
    for n, (line, fields) in enumerate(zip(table.line_numbers, table.rows)):
        try:
            values = {}
            for i, m in metrics:
                v = parse_number(fields[i])
                values[m] = 0.0 if v is None and m in ACTIONS else v
            if n == 0 and all(not fields[i].strip() for i, _ in dims):
                total = values  # account total: check against the rows, don't load
                continue
            rec = {"platform": PLATFORM, **{d: fields[i] for i, d in dims}, **values}
            if daily:
                rec["day_from"] = rec["day_to"] = parse_date(fields[col["day"]])
            else:
                rec["day_from"] = parse_date(fields[col["reporting starts"]])
                rec["day_to"] = parse_date(fields[col["reporting ends"]])
            if rec["day_from"] is None or rec["day_to"] is None:
                raise ValueError("the reporting date is empty")
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        currency = fields[col["currency"]].strip() if "currency" in col else ""
        rec["currency"] = currency or (spent[0][1] if spent else None)
        records.append(rec)
    if not records:
        raise Refused(f"{sample.name}: the export has only the account total row and no "
                      "campaign rows. Export again with the campaigns listed.")
    frame = pd.DataFrame.from_records(records)
    present = [m for m in ADDITIVE if m in frame]
    check, warnings = check_totals(frame, {"total": total} if total else {}, present, ("total",))
    if check:
        check["against"] = "account total (first row)"
    grain = ("platform",) + tuple(dict.fromkeys(d for _, d in dims))
    notes = {"total_check": check, "currency": spent[0][1] if spent else rec["currency"]}
    return [Parsed(table=TABLE, frame=frame, grain=grain, format=NAME, warnings=warnings,
                   rejected=rejected, notes=notes)]
