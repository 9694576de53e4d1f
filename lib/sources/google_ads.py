"""Google Ads UI report download: campaign, ad group, keyword, search term, location, channel and
Day-segmented reports (FORMATS §3).

Two flavours of the same download: UTF-8 comma, and UTF-16LE TAB ("Excel" option); both open
with a title row and a date-range row (`"March 27, 2026 - April 23, 2026"`, `1 May 2026 - 8 May
2026` or `All time`) and carry `Total: ...` rows, whose label sits in whatever column comes first
(column 2 of a Device-segmented report, column 3 of a keyword report). Rows finer than what Balise
stores (match types, locations) are added up to the stored grain.
"""
from __future__ import annotations

import functools
import re
from datetime import date

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import cells, totals, values, vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.convert import cell_reason
from lib.sources.rollup import rollup
from lib.sources.text import Table, kept, parse_date_range, read_table, sniff_delimiter, split_rows, stripped

NAME = "google_ads"
LABEL = "Google Ads report (UI download)"
TABLE = "ad_performance"
PLATFORM = "google_ads"

# Google Ads' own words on top of the shared vocabulary. The Channel distribution report's
# channel (YouTube, Discover...) is the unit the report is broken down by: stored as the campaign.
EXTRA = {"channel": "campaign"}
STORED = ("account", "campaign", "ad_group", "keyword", "search_term", "device")
METRICS = ("impressions", "clicks", "cost", "conversions", "conversion_value")
_ALL_TIME = re.compile(r"all time|toute la période|todo el periodo|gesamte laufzeit|"
                       r"sempre|todo o período|alle tijd", re.IGNORECASE)


def detect(sample: Sample) -> float:
    """A header row with Google Ads' `Impr.` and a cost or currency column within the first lines;
    or, in an interface that spells impressions out (Dutch `Vertoningen`), impressions beside
    Google Ads' currency code column (`Valutacode`: Meta's is a plain `Currency`)."""
    table = _head_table(sample)
    for fields in table:
        found = vocabulary.columns(TABLE, fields, EXTRA)
        words = {vocabulary.key(f) for f in fields}
        if "impr." in words and (found.has("cost") or found.has("currency")):
            return 0.95
        currency = found.find("currency")
        if found.has("impressions") and currency is not None and vocabulary.key(fields[currency]) in _code_words():
            return 0.9
    return 0.0


@functools.cache
def _code_words() -> frozenset[str]:
    """Google Ads' name for its currency column in each language: each entry's first word."""
    return frozenset(vocabulary.key(words[0]) for words in vocabulary.entry(TABLE, "currency").values())


def _head_table(sample: Sample) -> list[list[str]]:
    lines = sample.text.splitlines()[:6]
    return [f for _, f in split_rows("\n".join(lines), sniff_delimiter(lines))]


def parse(sample: Sample) -> list[Parsed]:
    """The report's rows at the stored grain, with the file's totals as checks."""
    table = read_table(sample)
    if len(table.columns) < 2:
        raise Refused(Message(f"{sample.name}: no table found (the file reads as a single column). "
                              "Download the report again as CSV from Google Ads.", "msg_ads_one_column",
                              name=sample.name))
    header = vocabulary.columns(TABLE, table.columns, EXTRA)
    metrics = [(header.find(m), m) for m in METRICS if header.find(m) is not None]
    if not metrics:
        raise Refused(Message(f"{sample.name}: line {table.header_row}: none of Impr., Clicks, Cost, "
                              "Conversions, Conv. value is in the header. Add these columns to the report "
                              "in Google Ads and download it again.", "msg_ads_no_metric", name=sample.name,
                              line=table.header_row))
    frame = table.frame.assign(_line=table.lines)
    return [read_report(sample.name, table, header, metrics, frame, _preamble_period)]


def read_report(name: str, table: Table, header: vocabulary.Header, metrics: list[tuple[int, str]],
                frame: pd.DataFrame, period_of) -> Parsed:
    """Shared by the report downloads and the Overview cards: totals out, numbers and dates read
    once for the whole file, rows added up to the stored grain."""
    dims = [(header.find(d), d) for d in STORED if header.find(d) is not None]
    day_col, cur_col = header.find("day"), header.find("currency")
    text_cols = [i for i in range(len(table.columns)) if i not in {i for i, _ in metrics}]
    label = totals.labels(frame, text_cols)
    summary_rows, frame = frame[label.notna()], kept(frame, label.isna())
    style = cells.number_style(frame[[i for i, _ in metrics]], table.delimiter)
    out = pd.DataFrame({"platform": PLATFORM}, index=frame.index)
    rejected = list(table.rejected)
    bad = pd.Series(False, index=frame.index)
    for i, m in metrics:
        out[m], wrong = cells.to_numbers(frame[i], style)
        for line, value in zip(frame["_line"][wrong & ~bad], frame[i][wrong & ~bad]):
            rejected.append(Rejected(int(line), cell_reason("msg_rej_not_number_in", value, table.columns[i])))
        bad |= wrong
    for i, d in dims:
        out[d] = stripped(frame[i])
    if "device" in out:   # Ordinateurs, Mobiles...: stored as the English report writes them
        out["device"] = values.normalised(NAME, "device", out["device"])
    out["currency"] = _currency(frame, cur_col, [i for i, m in metrics if m == "cost"])
    order = cells.date_order(frame[day_col] if day_col is not None else [], name)
    if day_col is not None:
        days, wrong = cells.to_dates(frame[day_col], order)
        empty = frame[day_col].isna() | (stripped(frame[day_col]) == "")
        for line in frame["_line"][(wrong | empty) & ~bad]:
            rejected.append(Rejected(int(line), Message("the Day cell is not a date", "msg_rej_day")))
        bad |= wrong | empty
        out["day_from"] = out["day_to"] = days
        period = None
    else:
        period = period_of(name, table.preamble, order)
        out["day_from"], out["day_to"] = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    out = kept(out, ~bad)
    if out.empty:
        raise Refused(Message(f"{name}: the export has no data rows (only its header and totals). "
                              "Check the date range and filters in Google Ads and download it again.",
                              "msg_ads_only_totals", name=name))
    keys = ["platform", *dict.fromkeys(d for _, d in dims), "day_from", "day_to"]
    used = {i for i, _ in dims} | {i for i, _ in metrics} | {day_col, cur_col}
    out, rolled = rollup(out, keys, _grain_words(dims), dims[-1][1] if dims else None, raw=frame,
                         unstored={i: c for i, c in enumerate(table.columns) if i not in used})
    warnings = [style.warning] if style.warning else []
    found_totals = _totals(summary_rows, label, metrics, style, dims)
    check, more = _check(out, found_totals, [m for _, m in metrics])
    warnings += more
    grain = ("platform",) + tuple(dict.fromkeys(d for _, d in dims))
    currencies = sorted(out["currency"].dropna().unique())
    notes = {"title": table.preamble[0].strip() if table.preamble else "",
             "total_check": check, "currency": currencies[0] if len(currencies) == 1 else currencies,
             "unread": header.unknown}
    if rolled:
        notes["rollup"] = rolled
    if period:
        notes["period"] = [period[0].isoformat(), period[1].isoformat()]
    return Parsed(table=TABLE, frame=out.reset_index(drop=True), grain=grain, format=NAME,
                  warnings=warnings, rejected=rejected, notes=notes)


def _grain_words(dims: list[tuple[int, str]]) -> str:
    names = {"ad_group": "ad-group", "search_term": "search-term"}
    return names.get(dims[-1][1], dims[-1][1]) if dims else "account"


def _currency(frame: pd.DataFrame, cur_col: int | None, money_cols: list[int]) -> pd.Series:
    """The currency code column (the first, when Google writes it twice), else the money prefix
    of the cost cells (`US$50.00`), else unknown."""
    if cur_col is not None:
        return stripped(frame[cur_col]).replace("", pd.NA)
    code = None
    if money_cols:
        code = cells.currency_of(frame[money_cols[0]].dropna().head(50).tolist())
    return pd.Series(code, index=frame.index, dtype="string")


def _preamble_period(name: str, preamble: list[str], order: cells.DateOrder) -> tuple[date, date]:
    """The report's date range from the row under the title (refused for All time)."""
    texts = [line.strip().strip('"').strip() for line in preamble]
    dated = cells.date_order([p for t in texts for p in re.split(r"\s*[-–]\s*", t)], name,
                             "report dates")
    for text in texts:
        if _ALL_TIME.fullmatch(text):
            raise Refused(Message(f"{name}: the report covers 'All time', so its rows have no usable "
                                  "date range. Re-download it with a date range instead of All time "
                                  "(or add the Day segment).", "msg_ads_all_time", name=name))
        try:
            return parse_date_range(text, dayfirst=bool(dated.day_first or order.day_first))
        except ValueError:
            continue
    raise Refused(Message(f"{name}: no date range row under the report title (expected e.g. "
                          "\"March 27, 2026 - April 23, 2026\"). Download the report again from Google "
                          "Ads without editing its first lines.", "msg_ads_no_range", name=name))


def _totals(rows: pd.DataFrame, label: pd.Series, metrics, style, dims) -> dict[str, dict]:
    """Each summary row's metrics by label; segmented totals (a Device cell filled) are left out:
    the unsegmented one checks the whole file."""
    found: dict[str, dict] = {}
    for idx, row in rows.iterrows():
        if any(i is not None and str(row[i] or "").strip() and not totals.label([row[i]])
               for i, d in dims if d == "device"):
            continue
        values = {}
        for i, m in metrics:
            number, wrong = cells.to_numbers(pd.Series([row[i]], dtype="string"), style)
            values[m] = None if wrong.iloc[0] else number.iloc[0]
        found.setdefault(label[idx], values)
    return found


def _check(frame: pd.DataFrame, found: dict[str, dict], metrics: list[str]) -> tuple[dict, list[str]]:
    """The first total the rows add up to; else a warning against the first total of the file."""
    for name in found:
        check, warnings = totals.check(frame, found, metrics, (name,))
        if not warnings:
            return check, []
    if not found:
        return {}, []
    return totals.check(frame, found, metrics, (next(iter(found)),))
