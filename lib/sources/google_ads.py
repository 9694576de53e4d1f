"""Google Ads UI report download: campaign, channel and custom (Day-segmented) reports (FORMATS §3).

Two flavours of the same download: UTF-8 comma, and UTF-16LE TAB ("Excel" option); both open
with a title row and a date-range row (`"March 27, 2026 - April 23, 2026"`, `27 January 2026 -
23 February 2026` or `All time`) and end with `Total: ...` rows identified by the first cell.
"""
from __future__ import annotations

import re
from datetime import date

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import (
    parse_date_range,
    parse_number,
    read_table,
    row_period,
    sniff_delimiter,
    split_rows,
)

NAME = "google_ads"
LABEL = "Google Ads report (UI download)"
TABLE = "ad_performance"
PLATFORM = "google_ads"

DIMENSIONS = {
    "campaign": "campaign", "campagne": "campaign",
    "ad group": "ad_group", "groupe d'annonces": "ad_group",
    "account": "account", "account name": "account", "compte": "account",
    "device": "device", "appareil": "device",
    # Channel distribution report: the channel (YouTube, Discover...) has no canonical column of
    # its own; it is the unit the report is broken down by, so it is stored as the campaign.
    "channel": "campaign",
}
METRICS = {
    "impr.": "impressions", "impressions": "impressions",
    "clicks": "clicks", "clics": "clicks",
    "cost": "cost", "coût": "cost",
    "conversions": "conversions",
    "conv. value": "conversion_value", "valeur de conv.": "conversion_value",
}
CURRENCY = ("currency code", "code de la devise", "currency")
DAY = ("day", "date", "jour")
# Which total the listed rows must add up to, best first (FORMATS §3 lists the kinds seen).
TOTAL_PRIORITY = ("total: campaigns", "total: campaign", "total:", "total: account")


def detect(sample: Sample) -> float:
    """A header row holding `Impr.` and `Cost`/`Currency code` within the first lines."""
    lines = sample.text.splitlines()[:6]
    delim = sniff_delimiter(lines)
    for _, fields in split_rows("\n".join(lines), delim):
        names = {f.strip().lower() for f in fields}
        if "impr." in names and names & {"cost", "coût", "currency code", "code de la devise"}:
            return 0.95
    return 0.0


def _period(preamble: list[str], name: str, daily: bool) -> tuple[date, date] | None:
    """The report's date range from the row under the title; None when only a Day column dates it."""
    for line in preamble:
        text = line.strip().strip('"').strip()
        if re.fullmatch(r"all time|toute la période", text, re.IGNORECASE):
            if daily:
                return None
            raise Refused(f"{name}: the report covers 'All time', so its rows have no usable "
                          "date range. Re-download it with a date range instead of All time "
                          "(or add the Day segment).")
        try:
            return parse_date_range(text)
        except ValueError:
            continue
    if daily:
        return None
    raise Refused(f"{name}: no date range row under the report title (expected e.g. "
                  "\"March 27, 2026 - April 23, 2026\"). Download the report again from Google Ads "
                  "without editing its first lines.")


def check_totals(frame: pd.DataFrame, totals: dict[str, dict], metrics: list[str],
                 priority: tuple[str, ...]) -> tuple[dict, list[str]]:
    """Compare the sum of the rows with the file's total row; (notes, warnings) on mismatch."""
    label = next((k for k in priority if k in totals), None)
    if label is None:
        return {}, []
    check, warnings = {"against": label, "metrics": {}}, []
    for metric in metrics:
        expected = totals[label].get(metric)
        if expected is None or metric not in frame:
            continue
        got = float(frame[metric].fillna(0).sum())
        # cells are rounded to 2 decimals, so allow a cent per row
        ok = abs(got - expected) <= 0.01 * max(len(frame), 1) + 1e-6 * abs(expected)
        check["metrics"][metric] = {"rows": round(got, 6), "total": expected, "ok": ok}
        if not ok:
            warnings.append(f"the rows add up to {got:,.2f} {metric} but the file's "
                            f"{label!r} row says {expected:,.2f}")
    return check, warnings


def parse(sample: Sample) -> list[Parsed]:
    """Campaign/channel rows of the report, one period row each (daily rows with a Day column)."""
    table = read_table(sample)
    cols = [c.strip().lower() for c in table.columns]
    if not cols or len(cols) < 2:
        raise Refused(f"{sample.name}: no table found (the file reads as a single column). "
                      "Download the report again as CSV from Google Ads.")
    dims = [(i, DIMENSIONS[c]) for i, c in enumerate(cols) if c in DIMENSIONS]
    metrics = [(i, METRICS[c]) for i, c in enumerate(cols) if c in METRICS]
    cur_col = next((i for i, c in enumerate(cols) if c in CURRENCY), None)
    day_col = next((i for i, c in enumerate(cols) if c in DAY), None)
    if not metrics:
        raise Refused(f"{sample.name}: line {table.header_row}: none of Impr., Clicks, Cost, "
                      "Conversions, Conv. value is in the header. Add these columns to the report "
                      "in Google Ads and download it again.")
    period = _period(table.preamble, sample.name, day_col is not None)
    records, totals, rejected = [], {}, list(table.rejected)
    for line, fields in zip(table.line_numbers, table.rows):
        first = fields[0].strip()
        try:
            values = {m: parse_number(fields[i]) for i, m in metrics}
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        if first.lower().startswith("total:"):  # summary rows (FORMATS §3): check, don't load
            totals.setdefault(first.lower(), values)
            continue
        rec = {"platform": PLATFORM, **{d: fields[i] for i, d in dims}, **values}
        if cur_col is not None:
            rec["currency"] = fields[cur_col].strip()
        try:
            rec["day_from"], rec["day_to"] = row_period(fields, day_col, period, "Day")
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        records.append(rec)
    if not records:
        raise Refused(f"{sample.name}: the export has no data rows (only its header and totals). "
                      "Check the date range and filters in Google Ads and download it again.")
    frame = pd.DataFrame.from_records(records)
    check, warnings = check_totals(frame, totals, [m for _, m in metrics], TOTAL_PRIORITY)
    if "total: account" in totals and check.get("against") != "total: account":
        extra, _ = check_totals(frame, totals, [m for _, m in metrics], ("total: account",))
        if any(not v["ok"] for v in extra.get("metrics", {}).values()):
            warnings.append("the account total is larger than the listed rows: some campaigns "
                            "(removed or filtered out) are not in the file")
    grain = ("platform",) + tuple(dict.fromkeys(d for _, d in dims))
    currencies = sorted(frame["currency"].dropna().unique()) if "currency" in frame else []
    notes = {"title": table.preamble[0].strip() if table.preamble else "",
             "total_check": check, "currency": currencies[0] if len(currencies) == 1 else currencies}
    if period:
        notes["period"] = [period[0].isoformat(), period[1].isoformat()]
    return [Parsed(table=TABLE, frame=frame, grain=grain, format=NAME, warnings=warnings,
                   rejected=rejected, notes=notes)]
