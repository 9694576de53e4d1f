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
import io
import re
from dataclasses import dataclass
from datetime import date
from statistics import fmean

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


def code(text: str, what: str = "currency") -> str:
    """A currency code, upper-cased, or RatesError saying how to write one."""
    return _code(text, what)


def _code(text: str, what: str) -> str:
    code = (text or "").strip().upper()
    if not _CODE.match(code):
        raise RatesError(f"{what} {text[:20]!r}: write a three-letter ISO 4217 code such as EUR")
    return code


def _month(text: str) -> date:
    found = _MONTH.match((text or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise RatesError(f"month {text[:20]!r}: write it as YYYY-MM (e.g. 2025-03)")
    return date(int(found.group(1)), int(found.group(2)), 1)


def _number(text: str, where: str) -> float:
    try:
        value = float((text or "").strip().replace(",", "."))
    except ValueError:
        raise RatesError(f"{where}: {text[:20]!r} is not a rate") from None
    if not value > 0 or value == float("inf"):
        raise RatesError(f"{where}: a rate must be a positive number")
    return value


def is_ecb(header: list[str]) -> bool:
    """The ECB reference-rate CSV: `Date` then currency codes (a trailing empty column)."""
    codes = [h.strip() for h in header[1:] if h.strip()]
    return bool(header) and header[0].strip() == "Date" and bool(codes) and all(_CODE.match(c) for c in codes)


def parse(text: str, reporting: str | None = None) -> list[Rate]:
    """Rates from CSV text (ECB reference rates, or month,currency,rate[,reporting])."""
    rows = [r for r in csv.reader(io.StringIO(text.strip())) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise RatesError("no rates: give a header and at least one line")
    if is_ecb(rows[0]):
        return _ecb(rows, _code(reporting or "EUR", "reporting currency"))
    header = [h.strip().lower() for h in rows[0]]
    if header[:3] != ["month", "currency", "rate"]:
        raise RatesError("columns: write month,currency,rate (and optionally reporting), or give "
                         "the ECB's reference-rate CSV")
    out = []
    for i, row in enumerate(rows[1:], start=2):
        row = row + [""] * (4 - len(row))
        rep = row[3] if len(header) > 3 and row[3].strip() else reporting
        if not rep:
            raise RatesError(f"line {i}: say which reporting currency the rates are in")
        out.append(Rate(_month(row[0]), _code(row[1], f"line {i}: currency"),
                        _code(rep, f"line {i}: reporting currency"), _number(row[2], f"line {i}")))
    return _checked(out)


def _ecb(rows: list[list[str]], reporting: str) -> list[Rate]:
    codes = [c.strip() for c in rows[0][1:]]
    per_month: dict[tuple[date, str], list[float]] = {}
    for row in rows[1:]:
        month = _month(row[0][:7])
        for code, cell in zip(codes, row[1:]):
            cell = cell.strip()
            if code and cell and cell.upper() != "N/A":
                per_month.setdefault((month, code), []).append(_number(cell, f"{row[0]} {code}"))
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
        raise RatesError(f"the ECB file has no {reporting} rate")
    return _checked(out)


def _checked(rates: list[Rate]) -> list[Rate]:
    if len(rates) > MAX_RATES:
        raise RatesError(f"{len(rates)} rates: at most {MAX_RATES} at a time")
    same = [r for r in rates if r.currency == r.reporting]
    if same:
        raise RatesError(f"{same[0].currency} to itself: leave that line out")
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
