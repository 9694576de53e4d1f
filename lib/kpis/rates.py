"""Monthly exchange rates the user provides, to add money of several currencies in a reporting
currency (issue 16). Without a rate, currencies are never added.

A rate says what one unit of `currency` is worth in `reporting` over a month; it is kept in the
workspace settings (`fx_rate:<YYYY-MM>:<currency>:<reporting>`), so a workspace export carries it.
Two inputs are read: a plain table `month,currency,rate[,reporting]` (typed or a CSV), and the
European Central Bank's reference-rate CSV (`Date,USD,JPY,...`, units per euro, one row a day),
averaged per month and turned into rates towards the chosen reporting currency.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from lib.i18n.messages import Message
from lib.sources.dialect import sep_line, sniff_delimiter
from lib.store import settings

PREFIX = "fx_rate:"
_CODE = re.compile(r"^[A-Z]{3}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")
MAX_RATES = 20_000

# The rates as a relation (month, currency, reporting, rate), for the KPI queries.
SQL = ("(SELECT CAST(split_part(name, ':', 2) || '-01' AS DATE) AS month, "
       "split_part(name, ':', 3) AS currency, split_part(name, ':', 4) AS reporting, "
       "TRY_CAST(value AS DOUBLE) AS rate FROM settings WHERE starts_with(name, 'fx_rate:'))")


class RatesError(ValueError):
    """Rates the workspace cannot take; nothing was saved."""


@dataclass(frozen=True)
class Rate:
    month: date        # first day of the month
    currency: str
    reporting: str
    rate: float        # one unit of currency, in reporting

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.month:%Y-%m}:{self.currency}:{self.reporting}"


# Where a wrong value stands: an option's name as it is ("--reporting"), or an i18n key and its
# values, worded ("line 3: currency") only when the value is wrong.
Where = str | tuple[str, dict]


def _said(where: Where) -> str | Message:
    return where if isinstance(where, str) else Message.worded(where[0], **where[1])


def code(text: str, what: Where = ("fx_at_currency", {})) -> str:
    """A currency code, upper-cased, or RatesError saying how to write one."""
    return _code(text, what)


def _code(text: str, what: Where) -> str:
    code = (text or "").strip().upper()
    if not _CODE.match(code):
        raise RatesError(Message.worded("fx_err_code", what=_said(what), found=(text or "")[:20]))
    return code


def _month(text: str) -> date:
    found = _MONTH.match((text or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise RatesError(Message.worded("fx_err_month", found=(text or "")[:20]))
    return date(int(found.group(1)), int(found.group(2)), 1)


def _number(text: str, where: Where) -> float:
    try:
        value = float((text or "").strip().replace(",", "."))
    except ValueError:
        raise RatesError(Message.worded("fx_err_not_rate", where=_said(where), found=(text or "")[:20])) from None
    if not value > 0 or value == float("inf"):
        raise RatesError(Message.worded("fx_err_not_positive", where=_said(where)))
    return value


def is_ecb(header: list[str]) -> bool:
    """The ECB reference-rate CSV: `Date` then currency codes (a trailing empty column)."""
    codes = [h.strip() for h in header[1:] if h.strip()]
    return bool(header) and header[0].strip() == "Date" and bool(codes) and all(_CODE.match(c) for c in codes)


def parse(text: str, reporting: str | None = None) -> list[Rate]:
    """Rates from CSV text (ECB reference rates, or month,currency,rate[,reporting]), its
    delimiter decided as for an export (a European spreadsheet writes `;`)."""
    lines = text.strip().splitlines()
    delimiter = sniff_delimiter(lines[:50])
    if lines and sep_line(lines[0]):
        lines = lines[1:]
    rows = [r for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise RatesError(Message.worded("fx_err_none"))
    if is_ecb(rows[0]):
        return _ecb(rows, _code(reporting or "EUR", ("fx_at_reporting", {})))
    header = [h.strip().lower() for h in rows[0]]
    if header[:3] != ["month", "currency", "rate"]:
        raise RatesError(Message.worded("fx_err_columns"))
    out = []
    for i, row in enumerate(rows[1:], start=2):
        row = row + [""] * (4 - len(row))
        rep = row[3] if len(header) > 3 and row[3].strip() else reporting
        if not rep:
            raise RatesError(Message.worded("fx_err_no_reporting", line=str(i)))
        line = {"line": str(i)}
        out.append(Rate(_month(row[0]), _code(row[1], ("fx_at_line_currency", line)),
                        _code(rep, ("fx_at_line_reporting", line)), _number(row[2], ("fx_at_line", line))))
    return _checked(out)


def _ecb(rows: list[list[str]], reporting: str) -> list[Rate]:
    codes = [c.strip() for c in rows[0][1:]]
    per_month: dict[tuple[date, str], list[float]] = {}
    for row in rows[1:]:
        month = _month(row[0][:7])
        for code, cell in zip(codes, row[1:]):
            cell = cell.strip()
            if code and cell and cell.upper() != "N/A":
                where = ("fx_at_ecb", {"day": row[0], "code": code})
                per_month.setdefault((month, code), []).append(_number(cell, where))
    means = {key: fmean(values) for key, values in per_month.items()}   # units per euro
    months = sorted({m for m, _ in means})
    out = []
    for month in months:
        per_euro = {"EUR": 1.0, **{c: v for (m, c), v in means.items() if m == month}}
        if reporting not in per_euro:
            continue
        out += [Rate(month, c, reporting, per_euro[reporting] / v)
                for c, v in sorted(per_euro.items()) if c != reporting]
    if not out:
        raise RatesError(Message.worded("fx_err_ecb_missing", reporting=reporting))
    return _checked(out)


def _checked(rates: list[Rate]) -> list[Rate]:
    if len(rates) > MAX_RATES:
        raise RatesError(Message.worded("fx_err_too_many", count=len(rates), limit=MAX_RATES))
    same = [r for r in rates if r.currency == r.reporting]
    if same:
        raise RatesError(Message.worded("fx_err_itself", currency=same[0].currency))
    return rates


def save(store, rates: list[Rate]) -> int:
    """Store rates (a month's rate given again replaces it); return how many."""
    with store.transaction() as cur:
        for r in rates:
            settings.put_in(cur, r.name, repr(r.rate))
    return len(rates)


def stored(store) -> list[Rate]:
    """The workspace's rates, by reporting currency, currency and month."""
    out = []
    for name, value in sorted(settings.with_prefix(store, PREFIX).items()):
        parts = name[len(PREFIX):].split(":")
        try:
            out.append(Rate(_month(parts[0]), parts[1], parts[2], float(value)))
        except (IndexError, ValueError):
            continue   # a hand-edited setting that is not a rate: ignored, never half-read
    return sorted(out, key=lambda r: (r.reporting, r.currency, r.month))


def reporting_currencies(store) -> list[str]:
    """Currencies the stored rates convert into."""
    return sorted({r.reporting for r in stored(store)})
