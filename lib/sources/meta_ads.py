"""Meta Ads Manager export (CSV): campaign, ad set or ad rows, an optional Day column and Age /
Gender / Device / Region breakdowns, in any interface language.

FORMATS §4: UTF-8 with BOM; the first data row is the account total (every name empty);
`Amount spent (INR)` carries the currency; `Reporting starts/ends` give each row's period;
action metrics with no events are blank, not 0; an empty export is one `"No data available."`
row. Seen in the wild too: files re-saved by a European Excel (`;`, decimal commas, cp1252,
`30/03/2025` dates) and boosted posts whose ads share one truncated name (added up).
"""
from __future__ import annotations

import re
from datetime import date

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import cells, vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.convert import cell_reason, decide_order, within
from lib.sources.rollup import rollup
from lib.sources.text import kept, parse_date_range, read_table, stripped
from lib.sources.totals import check as check_totals

NAME = "meta_ads"
LABEL = "Meta Ads Manager report"
TABLE = "ad_performance"
PLATFORM = "meta"

STORED = ("account", "campaign", "ad_group", "ad", "age", "gender", "device", "region")
METRICS = ("reach", "impressions", "clicks", "all_clicks", "cost", "conversions", "conversion_value")
# Meta's own words: its "Clicks (all)" and "Link clicks" are both in the shared vocabulary.
EXTRA = {"purchases": "conversions", "achats": "conversions"}
# actions Meta leaves blank when nothing happened (FORMATS §4): blank means 0
ACTIONS = ("clicks", "all_clicks", "conversions", "conversion_value")
# reach is not additive across rows, so it is not part of the total check
ADDITIVE = ("impressions", "cost", "clicks", "all_clicks", "conversions", "conversion_value")


def detect(sample: Sample) -> float:
    """Meta's money column with its currency (`Amount spent (EUR)`, `Montant dépensé (EUR)`) or
    its reporting-period columns, in the header line."""
    fields = [f.strip() for f in sample.first_row]
    found = vocabulary.columns(TABLE, fields, EXTRA)
    spent = any(vocabulary.currency_suffix(f) and found.columns.get(i) == "cost" for i, f in enumerate(fields))
    return 0.95 if spent or found.has("reporting_starts", "reporting_ends") else 0.0


# Ads Manager names a download after its period: `Untitled-report-Feb-1-2025-to-Aug-4-2025.csv`
_NAME_PERIOD = re.compile(r"([A-Za-z]{3,9})-(\d{1,2})-(\d{4})-to-([A-Za-z]{3,9})-(\d{1,2})-(\d{4})")


def _name_period(name: str) -> tuple[date, date] | None:
    m = _NAME_PERIOD.search(name)
    try:
        return parse_date_range(f"{m[1]} {m[2]} {m[3]} - {m[4]} {m[5]} {m[6]}") if m else None
    except ValueError:
        return None


def parse(sample: Sample) -> list[Parsed]:
    """Rows for the reporting period, or daily rows with a Day column; the account total checks
    them."""
    table = read_table(sample)
    if not len(table.frame) and (said := _no_data(sample.text, table.delimiter)):
        raise Refused(Message(f"{sample.name}: the export says \"{said}\": Meta had no delivery for this "
                              "account and date range. Choose a range with spend in Ads Manager and export "
                              "again.", "msg_meta_no_data", name=sample.name, said=said))
    header = vocabulary.columns(TABLE, table.columns, EXTRA)
    metrics = [(header.find(m), m) for m in METRICS if header.find(m) is not None]
    cost_col = header.find("cost")
    currency = vocabulary.currency_suffix(table.columns[cost_col]) if cost_col is not None else None
    if not metrics or not len(table.frame):
        raise Refused(Message(f"{sample.name}: no data rows with Impressions / Amount spent were found. "
                              "Export the report again from Meta Ads Manager as CSV.", "msg_meta_no_rows",
                              name=sample.name))
    day, starts, ends = (header.find(c) for c in ("day", "reporting_starts", "reporting_ends"))
    if day is None and (starts is None or ends is None):
        raise Refused(Message(f"{sample.name}: line {table.header_row}: no `Reporting starts`/`Reporting "
                              "ends` or `Day` column, so the rows have no period. Export again with "
                              "these columns (Ads Manager adds them by default).", "msg_meta_no_period",
                              name=sample.name, line=table.header_row))
    frame = table.frame
    lines = pd.Series(table.lines, index=frame.index)
    dims = [(header.find(d), d) for d in STORED if header.find(d) is not None]
    # the account total: the first row, every name empty (FORMATS §4)
    is_total = pd.Series(False, index=frame.index)
    is_total.iloc[0] = all(not str(frame[i].iloc[0]).strip() for i, _ in dims)
    style = cells.number_style(frame[[i for i, _ in metrics]], table.delimiter)
    periods = (day, day) if day is not None else (starts, ends)
    # decided by every date of the file; when they all read both ways (`01/02/2025` after a French
    # Excel's re-save), by the order that puts the reporting days inside the period Ads Manager
    # wrote in the file's name, if it gives one
    span, days = _name_period(sample.name), list(dict.fromkeys(periods))
    fits = None if span is None else (lambda f, day_first: within(*span)(f[days], day_first))
    order = decide_order(sample.name, frame, fits)
    out = pd.DataFrame({"platform": PLATFORM}, index=frame.index)
    rejected, bad = list(table.rejected), pd.Series(False, index=frame.index)
    for i, m in metrics:
        out[m], wrong = cells.to_numbers(frame[i], style)
        if m in ACTIONS:
            out[m] = out[m].fillna(0.0)
        _reject(rejected, lines[wrong & ~bad], frame[i][wrong & ~bad], table.columns[i])
        bad |= wrong
    for i, d in dims:
        out[d] = stripped(frame[i])
    out["currency"] = stripped(frame[header.find("currency")]) if header.has("currency") else currency
    for col, target in zip(periods, ("day_from", "day_to"), strict=True):
        out[target], wrong = cells.to_dates(frame[col], order)
        empty = out[target].isna() & ~wrong
        for line in lines[(wrong | empty) & ~bad & ~is_total]:
            rejected.append(Rejected(int(line), Message("the reporting date is empty or not a date",
                                                        "msg_rej_reporting_date")))
        bad |= (wrong | empty) & ~is_total
    total = out[is_total & ~bad]
    out = kept(out, ~is_total & ~bad)
    if out.empty:
        raise Refused(Message(f"{sample.name}: the export has only the account total row and no "
                              "campaign rows. Export again with the campaigns listed.", "msg_meta_only_total",
                              name=sample.name))
    keys = ["platform", *dict.fromkeys(d for _, d in dims), "day_from", "day_to"]
    used = {i for i, _ in dims} | {i for i, _ in metrics} | {day, starts, ends, header.find("currency")}
    out, rolled = rollup(out, keys, _level(dims), dims[-1][1] if dims else None, raw=frame,
                         unstored={i: c for i, c in enumerate(table.columns) if i not in used},
                         otherwise="of ads sharing one name")
    present = [m for m in ADDITIVE if m in out]
    totals = {"total": total.iloc[0].to_dict()} if len(total) else {}
    check, warnings = check_totals(out, totals, present, ("total",))
    if check:
        check["against"] = "account total (first row)"
    if style.warning:
        warnings.insert(0, style.warning)
    if order.from_context:   # dates: worded in the page's language (messages.value_text)
        warnings.insert(0, Message(f"{sample.name}: its dates read both ways (day or month first); they were "
                                   f"read as the period in the file's name says ({span[0]} to {span[1]}).",
                                   "msg_dates_by_name", name=sample.name, first=span[0], last=span[1]))
    grain = ("platform",) + tuple(dict.fromkeys(d for _, d in dims))
    currencies = sorted(out["currency"].dropna().unique())
    notes = {"total_check": check,
             "currency": currencies[0] if len(currencies) == 1 else (currencies or currency),
             "unread": header.unknown}
    if rolled:
        notes["rollup"] = rolled
    return [Parsed(table=TABLE, frame=out.reset_index(drop=True), grain=grain, format=NAME,
                   warnings=warnings, rejected=rejected, notes=notes)]


def _no_data(text: str, delimiter: str) -> str | None:
    """Meta's sentence in place of rows ("No data available.", "Aucune donnée disponible."...):
    the header then one line of a single cell of text, in whatever interface language."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if len(lines) != 2 or delimiter in lines[1].strip('"'):
        return None
    said = lines[1].strip('"').strip()
    return said if said and not any(c.isdigit() for c in said) else None


def _reject(rejected: list, lines: pd.Series, values: pd.Series, column: str) -> None:
    for line, value in zip(lines, values, strict=True):
        rejected.append(Rejected(int(line), cell_reason("msg_rej_not_number_in", value, column)))


def _level(dims: list[tuple[int, str]]) -> str:
    names = {"ad_group": "ad-set", "ad": "ad"}
    levels = [d for _, d in dims if d in ("campaign", "ad_group", "ad")]
    return names.get(levels[-1], levels[-1]) if levels else "account"
