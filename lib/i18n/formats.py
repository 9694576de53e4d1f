"""Numbers, money, percents, durations and dates in the page's language (Babel), and the d3
locale the charts use."""
from __future__ import annotations

import math
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from lib.i18n.translate import LOCALES, t

# French puts a non-breaking space before % ("1,2 %"); English does not ("1.2%").
PERCENT_SUFFIX = {"fr": "\u00a0%", "en": "%"}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value, lang: str, digits: int = 0) -> str:
    """1 234 (fr) / 1,234 (en); n/a for missing values."""
    if _missing(value):
        return t("na", lang)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def fmt_money(value, lang: str, currency: str | None = "EUR", whole: bool = False) -> str:
    """1 234,56 € (fr) / €1,234.56 (en); the currency's own decimals (none for VND).

    whole=True drops the cents from 1,000 up, for cards where space is short.
    """
    if _missing(value):
        return t("na", lang)
    if not currency:
        return fmt_number(value, lang, 0 if whole and abs(value) >= 1000 else 2)
    if whole and abs(value) >= 1000:
        return format_currency(round(value), currency, locale=LOCALES[lang],
                               format="¤#,##0" if lang == "en" else "#,##0\u00a0¤",
                               currency_digits=False)
    return format_currency(value, currency, locale=LOCALES[lang])


def fmt_percent(value, lang: str, digits: int = 1) -> str:
    """Rates are fractions: 0.0123 -> 1,2 % (fr) / 1.2% (en)."""
    if _missing(value):
        return t("na", lang)
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + PERCENT_SUFFIX[lang]
    return format_percent(value, format=pattern, locale=LOCALES[lang])


def fmt_seconds(value, lang: str) -> str:
    """Durations as m:ss (e.g. 2 min 05 s)."""
    if _missing(value):
        return t("na", lang)
    minutes, seconds = divmod(int(round(value)), 60)
    return f"{minutes} min {seconds:02d} s"


def fmt_date(value: date, lang: str, style: str = "medium") -> str:
    """22 nov. 2026 (fr) / 22 Nov 2026 (en)."""
    return format_date(value, format=style, locale=LOCALES[lang])


def fmt_month(value: date, lang: str) -> str:
    """novembre 2026 (fr) / November 2026 (en)."""
    return format_skeleton("yMMMM", value, locale=LOCALES[lang])


def fmt_value(value, unit: str, lang: str, currency: str | None = "EUR", whole: bool = False) -> str:
    """Format a KPI value by its catalogue unit (whole: no cents on large money, for cards)."""
    if unit == "money":
        return fmt_money(value, lang, currency, whole)
    if unit == "rate":
        return fmt_percent(value, lang)
    if unit == "seconds":
        return fmt_seconds(value, lang)
    if unit in ("number", "position"):
        return fmt_number(value, lang, 2)
    return fmt_number(value, lang)


def fmt_delta(value, lang: str) -> str | None:
    """A relative change as +12,3 % / -4.0%; 0.0% unsigned when it rounds to nothing; None when
    there is nothing to compare."""
    if _missing(value):
        return None
    if round(value * 100, 1) == 0:   # -0.0004 would read "-0.0%", a fall that is not there
        return format_percent(0, format="#,##0.0" + PERCENT_SUFFIX[lang], locale=LOCALES[lang])
    text = format_percent(value, format="#,##0.0" + PERCENT_SUFFIX[lang], locale=LOCALES[lang])
    return text if value < 0 else "+" + text


# Test statistics are written as statisticians write them: no grouping, Python's rounding and
# exponent (p = 8.8e-05), only the decimal sign follows the language.
def fmt_stat(value: float, lang: str, spec: str = "g") -> str:
    """A statistic by a Python format spec, with the language's decimal sign: 0,0065 / 0.0065."""
    return format(value, spec).replace(".", get_decimal_symbol(LOCALES[lang]))


def fmt_stat_percent(value: float, lang: str, digits: int = 1) -> str:
    """A fraction as an ungrouped percent, as fmt_stat writes it: 8,0 % (fr) / 8.0% (en)."""
    return fmt_stat(100 * value, lang, f".{digits}f") + PERCENT_SUFFIX[lang]


@cache
def chart_locale(lang: str) -> dict:
    """d3 number and time locales for Vega charts, from the Babel data the rest of the page
    uses: axes and tooltips read 1\u202f234,5 and "janv." on French pages."""
    loc = Locale.parse(LOCALES[lang])
    days = loc.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    return {
        # Chart fonts draw Babel's narrow no-break space (U+202F) as nothing: "120000".
        "number": {"decimal": get_decimal_symbol(loc),
                   "thousands": get_group_symbol(loc).replace("\u202f", "\u00a0"),
                   "grouping": [3], "currency": ["", "\u00a0€"] if lang == "fr" else ["€", ""],
                   "percent": PERCENT_SUFFIX[lang]},
        "time": {"dateTime": "%x %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
                 "periods": ["AM", "PM"],
                 "days": [days["wide"][i] for i in sunday_first],
                 "shortDays": [days["abbreviated"][i] for i in sunday_first],
                 "months": [loc.months["format"]["wide"][i] for i in range(1, 13)],
                 "shortMonths": [loc.months["format"]["abbreviated"][i] for i in range(1, 13)]},
    }
