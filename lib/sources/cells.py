"""How a file writes its numbers and dates, decided once per file from all its cells.

A cell alone cannot say whether `1,234` is a thousand or one point two, nor whether
`06/04/2025` is 6 April or June 4; the other cells of the file can. Formats decide a file's
NumberStyle and DateOrder here, then convert whole columns at once (vectorised).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib.i18n.messages import Message
from lib.sources.base import Refused
from lib.sources.text import MONEY_MARK, SPACE, parse_date
from lib.sources.text import arrow_strings as _arrow
from lib.sources.text import distinct_texts as _distinct
from lib.sources.text import matches as _matches

NULLS = ("", "--", "-", "—", "n/a", "na", "nan", "null", "none", "#n/a", "(not set)")
_MONEY = MONEY_MARK   # US$50.00, CA$12, A$3, R$ 10, €5, 5 €, £3, ¥300, ₹12: the mark is not the number
_BOUND = re.compile(r"^[<>≤≥]\s*")   # Google Ads impression-share buckets `< 10%`, `> 90%`
_GROUP_DOT = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")     # 1,234,567.89
_GROUP_COMMA = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")   # 1.234.567,89
_GROUP_SPACE = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$")
_DOT_FRACTION = re.compile(r"^[+-]?\d*\.(?:\d{1,2}|\d{4,})$")    # 12.5, 0.0734: not a 3-digit group
_COMMA_FRACTION = re.compile(r"^[+-]?\d*,(?:\d{1,2}|\d{4,})$")


def clean(cell: str) -> str:
    """A number cell without currency marks, bounds, percent sign or surrounding spaces."""
    text = _MONEY.sub("", str(cell).strip()).strip()
    return _BOUND.sub("", text).rstrip("%").strip()


@dataclass(frozen=True)
class NumberStyle:
    """The decimal mark of a file ('.' or ','); grouping is the other mark, or a space."""
    decimal: str = "."
    warning: str | None = None


def number_style(cells: pd.DataFrame | pd.Series | Iterable[str], delimiter: str = ",") -> NumberStyle:
    """Decide the decimal mark from every number cell of the file (a frame, a column or a list).

    Evidence for '.': `1,234.5` or `12.5`; for ',': `1.234,5` or `12,5`. A 3-digit group alone
    (`1,234`) decides nothing. Without evidence, a `;`-separated file (Excel in a comma-decimal
    locale) reads ',' and any other '.'; evidence both ways is decided by the majority, with a
    warning, since the numbers depend on it.
    """
    dot = comma = 0
    for texts, counts in _text_counts(cells):
        # Each distinct text once: those of digits, signs and marks only (nearly all) by Arrow,
        # the others cleaned of their currency marks and spaces in Python.
        simple = _matches(texts, _SIMPLE)
        dot_hits = _matches(texts, _DOT_EVIDENCE)
        comma_hits = _matches(texts, _COMMA_EVIDENCE) & ~dot_hits
        dot, comma = dot + int(counts[dot_hits].sum()), comma + int(counts[comma_hits].sum())
        for i in np.flatnonzero(~simple):
            mark = _evidence(texts[i].as_py())
            dot, comma = dot + int(counts[i]) * (mark == "."), comma + int(counts[i]) * (mark == ",")
    if dot and comma:
        decimal = "," if comma > dot else "."
        return NumberStyle(decimal, Message(
            f"numbers are written both ways ({dot} cells like 12.5, {comma} like 12,5): read with "
            f"'{decimal}' as the decimal mark", "msg_numbers_both_ways", dots=dot, commas=comma,
            mark=decimal))
    if comma:
        return NumberStyle(",")
    if dot:
        return NumberStyle(".")
    return NumberStyle("," if delimiter == ";" else ".")


def _text_counts(cells: pd.DataFrame | pd.Series | Iterable[str]):
    """(distinct texts, how many cells hold each), column by column for a frame: the columns'
    distinct texts are those the file's other checks use (text.distinct_memo)."""
    if isinstance(cells, pd.DataFrame | pd.Series):
        for col in cells.columns if isinstance(cells, pd.DataFrame) else [None]:
            texts, codes = _distinct(cells if col is None else cells[col])
            yield texts, np.bincount(codes, minlength=len(texts))
        return
    counts = pc.value_counts(_arrow(cells))
    yield counts.field("values"), counts.field("counts").to_numpy()


# For cells of ASCII digits, signs, dots and commas only, where clean() changes nothing, the
# evidence below is exactly that of _evidence() (RE2 syntax, for Arrow).
_SIMPLE = r"^[-+0-9.,]*$"
_DOT_EVIDENCE = r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+|[0-9]*\.(?:[0-9]{1,2}|[0-9]{4,}))$"
_COMMA_EVIDENCE = r"^[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[0-9]*,(?:[0-9]{1,2}|[0-9]{4,}))$"


def _evidence(cell: str) -> str | None:
    """The decimal mark one cell shows ('.' or ','), or None when it shows none."""
    text = clean(cell)
    if not text or text.lower() in NULLS:
        return None
    if _GROUP_DOT.match(text) and "." in text or _DOT_FRACTION.match(text):
        return "."
    if _GROUP_COMMA.match(text) and "," in text or _COMMA_FRACTION.match(text):
        return ","
    return None


# Numbers Arrow reads itself: digits with the file's decimal mark, or grouped by three with the
# other mark (1,234.5 / 1.234,5); anything else (marks, spaces, %, text) is read by the rules.
_ARROW_NUMBER = {
    ".": r"^-?(?:[0-9]{1,15}|[0-9]{1,3}(?:,[0-9]{3}){1,4})(?:\.[0-9]{1,15})?$",
    ",": r"^-?(?:[0-9]{1,15}|[0-9]{1,3}(?:\.[0-9]{3}){1,4})(?:,[0-9]{1,15})?$",
}


def to_numbers(column: pd.Series, style: NumberStyle) -> tuple[pd.Series, pd.Series]:
    """(floats, bad): NULL for empty/--/n/a cells; `bad` marks cells that are not numbers."""
    texts, codes = _distinct(column)
    plain = _matches(texts, _ARROW_NUMBER[style.decimal])
    numbers = np.full(len(texts), np.nan)
    bad = np.zeros(len(texts), dtype=bool)
    at = np.flatnonzero(plain)
    group = "," if style.decimal == "." else "."
    digits = pc.replace_substring(texts.take(at), group, "")
    if style.decimal == ",":
        digits = pc.replace_substring(digits, ",", ".")
    numbers[at] = pc.cast(digits, pa.float64()).to_numpy(zero_copy_only=False)
    rest = np.flatnonzero(~plain)
    if len(rest):
        ruled = _to_numbers(pd.Series(texts.take(rest).to_pylist(), dtype="string"), style)
        numbers[rest], bad[rest] = ruled[0].to_numpy(), ruled[1].to_numpy()
    return pd.Series(numbers[codes], index=column.index), pd.Series(bad[codes], index=column.index)


def _to_numbers(column: pd.Series, style: NumberStyle) -> tuple[pd.Series, pd.Series]:
    """to_numbers by the rules, for the cells Arrow does not read itself."""
    text = column.astype("string").str.strip()
    text = text.str.replace(_MONEY, "", regex=True).str.strip()
    text = text.str.replace(_BOUND, "", regex=True).str.rstrip("%").str.strip()
    empty = text.isna() | text.str.lower().isin(NULLS)
    group = "," if style.decimal == "." else "."
    grouped = text.str.replace(r"[ \u00a0\u202f]", "", regex=True)
    # a grouping mark is removed only where it really groups digits by three
    shaped = text.str.match(_GROUP_DOT if group == "," else _GROUP_COMMA) | text.str.match(_GROUP_SPACE)
    grouped = grouped.where(~shaped.fillna(False), grouped.str.replace(group, "", regex=False))
    if style.decimal == ",":
        grouped = grouped.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(grouped.where(~empty), errors="coerce")
    finite = numbers.abs() != float("inf")
    bad = (~empty & (numbers.isna() | ~finite)).fillna(False).astype(bool)
    return numbers.where(~bad).astype("float64"), bad


# -- dates --------------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})\b")
# the same shape for Arrow's RE2, looser (it picks the texts _NUMERIC_DATE then reads)
_DATE_SHAPED = rf"^{SPACE}*\p{{Nd}}{{1,2}}[/.\-]\p{{Nd}}{{1,2}}[/.\-]\p{{Nd}}{{2}}"


@dataclass(frozen=True)
class DateOrder:
    """Whether `a/b/yyyy` dates of a file put the day first; None: no such date in the file.
    `from_context`: the cells read both ways and another fact of the file decided (its period
    in words, its name: convert.decide_order)."""
    day_first: bool | None
    from_context: bool = False


def date_order(cells: pd.DataFrame | pd.Series | Iterable[str], name: str,
               what: str = "dates") -> DateOrder:
    """Decide day-first or month-first from every numeric date of the file (a frame, a column
    or a list); refuse rather than guess when no cell decides (every `a/b` with both a and b up
    to 12 and a != b)."""
    day_first = month_first = 0
    undecided = None
    for cell in _date_shaped(cells) if isinstance(cells, pd.DataFrame | pd.Series) else cells:
        m = _NUMERIC_DATE.match(str(cell))
        if not m:
            continue
        a, b = int(m[1]), int(m[3])
        if m[2] == "." or a > 12:
            day_first += 1
        elif b > 12:
            month_first += 1
        elif a != b and undecided is None:
            undecided = str(cell).strip()
    if day_first and month_first:
        raise Refused(Message(f"{name}: its {what} mix day-first and month-first dates (e.g. both 13/01 "
                              "and 01/13). Export the file again without re-saving it in a spreadsheet.",
                              "msg_dates_mixed", name=name, what=_what(what)))
    if day_first:
        return DateOrder(True)
    if month_first:
        return DateOrder(False)
    if undecided:
        raise Refused(Message(f"{name}: the {what} read both ways ({undecided!r} could be day/month or "
                              "month/day) and no date in the file decides it. Export the file again with "
                              "ISO dates (2025-04-06), or with a range that includes a day after the 12th.",
                              "msg_dates_undecided", name=name, what=_what(what), value=undecided))
    return DateOrder(None)


# What a file's dates are, as a refusal names them (lib/i18n/strings/data.toml).
WHAT = {"dates": "msg_what_dates", "report dates": "msg_what_report_dates",
        "create dates": "msg_what_create_dates", "send dates": "msg_what_send_dates",
        "publish times": "msg_what_publish_times", "invoice dates": "msg_what_invoice_dates",
        "order dates": "msg_what_order_dates"}


def _what(what: str) -> Message:
    return Message(what, WHAT.get(what, "msg_what_dates"))


def _date_shaped(cells: pd.DataFrame | pd.Series) -> list[str]:
    """The cells that may be `a/b/yyyy` dates, row by row, each text once per column: only
    their first appearance can decide or be quoted."""
    frame = cells.to_frame() if isinstance(cells, pd.Series) else cells
    found = []
    for j, col in enumerate(frame.columns):
        texts, codes = _distinct(frame[col])
        hits = np.flatnonzero(_matches(texts, _DATE_SHAPED))
        if len(hits):
            first = np.unique(codes, return_index=True)[1]   # each text's first row
            found += [(int(first[k]), j, texts[k].as_py()) for k in hits]
    return [text for _, _, text in sorted(found)]


def to_dates(column: pd.Series, order: DateOrder) -> tuple[pd.Series, pd.Series]:
    """(dates at midnight, bad): each distinct text is parsed once (a year of days is a few
    hundred texts, whatever the row count); empty cells give NaT and are not bad."""
    texts, codes = _distinct(column)
    parsed, filled = [], []
    for value in texts.to_pylist():
        value = None if value is None else value.strip()
        filled.append(bool(value))   # a missing or empty cell is not bad
        try:
            parsed.append(parse_date(value, dayfirst=bool(order.day_first)))
        except ValueError:
            parsed.append(None)
    by_code = pd.to_datetime(pd.Series(parsed + [None], dtype=object), errors="coerce").to_numpy()
    days = pd.Series(by_code[codes], index=column.index)
    bad = np.array(filled + [False], dtype=bool) & pd.isna(by_code)
    return days, pd.Series(bad[codes], index=column.index)


# -- currencies -----------------------------------------------------------------------------------

_SYMBOLS = {"US$": "USD", "CA$": "CAD", "C$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD",
            "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN", "€": "EUR", "£": "GBP",
            "₹": "INR", "₫": "VND", "¥": "JPY", "CHF": "CHF"}
_SYMBOL = re.compile(r"^([A-Z]{0,3}[$€£¥₹₫]|CHF)|([$€£¥₹₫])$")


def currency_of(cells_: Iterable[str]) -> str | None:
    """The currency the money cells are written in (`US$50.00` -> USD), when they all agree and
    the mark names one currency (a bare `$` does not)."""
    found = set()
    for cell in cells_:
        m = _SYMBOL.search(str(cell).strip())
        if m:
            found.add(_SYMBOLS.get(m[1] or m[2]))
    return found.pop() if len(found) == 1 else None
