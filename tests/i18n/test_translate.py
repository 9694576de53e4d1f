"""Every UI string exists in French and English; numbers, money and dates follow the language."""
from __future__ import annotations

import re
from datetime import date

import pytest

from lib import i18n
from tests.conftest import ROOT

KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*[,)]""")   # literal keys only


def used_keys() -> set[str]:
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "lib").rglob("*.py")]
    return {key for f in files for key in KEY_CALL.findall(f.read_text(encoding="utf-8"))}


def test_every_string_in_both_languages():
    missing = [k for k, v in i18n.STRINGS.items() if not (v.get("fr") and v.get("en"))]
    assert not missing


def test_every_key_used_in_the_code_exists():
    assert used_keys() - set(i18n.STRINGS) == set()


@pytest.mark.parametrize("value,unit,lang,expected", [
    (1234.56, "money", "fr", "1\u202f234,56\u00a0€"),
    (1234.56, "money", "en", "€1,234.56"),
    (0.0123, "rate", "fr", "1,2\u00a0%"),
    (0.0123, "rate", "en", "1.2%"),
    (1234567, "count", "fr", "1\u202f234\u202f567"),
    (1234567, "count", "en", "1,234,567"),
    (125, "seconds", "en", "2 min 05 s"),
    (None, "rate", "fr", "n/d"),
    (float("nan"), "money", "en", "n/a"),
])
def test_formats(value, unit, lang, expected):
    assert i18n.fmt_value(value, unit, lang) == expected


def test_whole_money_for_cards():
    assert i18n.fmt_money(21965.21, "fr", "EUR", whole=True) == "21\u202f965\u00a0€"
    assert i18n.fmt_money(21965.21, "en", "EUR", whole=True) == "€21,965"
    assert i18n.fmt_money(999.5, "en", "EUR", whole=True) == "€999.50"


def test_dates_and_deltas():
    assert i18n.fmt_date(date(2026, 11, 22), "fr") == "22 nov. 2026"
    assert i18n.fmt_date(date(2026, 11, 22), "en") == "22 Nov 2026"
    assert i18n.fmt_delta(0.5, "fr") == "+50,0\u00a0%"
    assert i18n.fmt_delta(-0.04, "en") == "-4.0%"
    assert i18n.fmt_delta(None, "en") is None
    # a change that rounds to nothing is not a fall (the demo's deliverability read "-0.0%")
    assert i18n.fmt_delta(-0.0004, "en") == "0.0%"
    assert i18n.fmt_delta(0.0004, "fr") == "0,0\u00a0%"
    assert i18n.fmt_delta(-0.0006, "en") == "-0.1%"
