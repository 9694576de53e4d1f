"""Every UI string exists in French and English, with valid plural forms; numbers, money and
dates follow the language."""
from __future__ import annotations

import ast
import string
from datetime import date

import pytest

from lib import i18n
from lib.i18n import translate
from tests.conftest import ROOT


def code_files() -> list:
    return [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "lib").rglob("*.py")]


def t_calls():
    """(file, line, key, keyword names) of every t(...) / i18n.t(...) call with a literal key."""
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            key = node.args[0]
            if name == "t" and isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield path.name, node.lineno, key.value, {k.arg for k in node.keywords}


def forms(text) -> dict[str, str]:
    """A language's text as {form: string}; a plain string is its one form, "other"."""
    return text if isinstance(text, dict) else {"other": text}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_in_both_languages():
    missing = [k for k, v in i18n.STRINGS.items()
               if not all(v.get(lang) and all(forms(v[lang]).values()) for lang in ("fr", "en"))]
    assert not missing


def test_plural_forms_are_cldr_categories_with_other():
    wrong = []
    for key, entry in i18n.STRINGS.items():
        for lang, text in entry.items():
            if isinstance(text, dict):
                allowed = translate._plural_rule(lang).tags | {"other"}
                if "other" not in text or set(text) - allowed:
                    wrong.append((key, lang, sorted(text)))
    assert not wrong, wrong


def test_plural_forms_fill_the_same_placeholders():
    # {count} may be left out of a form ("une ligne"), every other value must be in each form
    wrong = []
    for key, entry in i18n.STRINGS.items():
        if i18n.is_plural(key):
            seen = {(lang, form): placeholders(text) - {"count"}
                    for lang, text in entry.items() for form, text in forms(text).items()}
            if len(set(map(frozenset, seen.values()))) > 1:
                wrong.append((key, seen))
    assert not wrong, wrong


def test_every_key_used_in_the_code_exists():
    assert {key for *_, key, _ in t_calls()} - set(i18n.STRINGS) == set()


def test_plural_keys_are_called_with_a_count():
    assert [(f, line, key) for f, line, key, kw in t_calls()
            if i18n.is_plural(key) and "count" not in kw] == []


def test_no_fake_plurals_left():
    fake = [(key, lang) for key, entry in i18n.STRINGS.items() for lang, text in entry.items()
            for one in forms(text).values() if "(s)" in one]
    assert fake == []


def test_a_plural_key_without_count_is_an_error():
    with pytest.raises(TypeError, match="count"):
        i18n.t("data_confirm", "en")


# data_confirm: fr.one/fr.other, en.one/en.other. French counts 0 and 1 as singular; 1 000 000
# is CLDR's "many" in French, which falls back to "other" here.
@pytest.mark.parametrize("lang,count,expected", [
    ("fr", 0, "Confirmer le chargement (0 fichier)"),
    ("fr", 1, "Confirmer le chargement (1 fichier)"),
    ("fr", 2, "Confirmer le chargement (2 fichiers)"),
    ("fr", 1_000_000, "Confirmer le chargement (1\u202f000\u202f000 fichiers)"),
    ("en", 0, "Confirm the load (0 files)"),
    ("en", 1, "Confirm the load (1 file)"),
    ("en", 2, "Confirm the load (2 files)"),
    ("en", 1_000_000, "Confirm the load (1,000,000 files)"),
])
def test_plurals(lang, count, expected):
    assert i18n.t("data_confirm", lang, count=count) == expected


@pytest.mark.parametrize("lang,count,form", [
    ("fr", 0, "one"), ("fr", 1, "one"), ("fr", 2, "other"), ("fr", 1_000_000, "many"),
    ("en", 0, "other"), ("en", 1, "one"), ("en", 2, "other"), ("en", 1_000_000, "other"),
])
def test_plural_form_follows_cldr(lang, count, form):
    assert i18n.plural_form(count, lang) == form


@pytest.mark.parametrize("count,expected", [
    (0, "0 ligne"), (1, "1 ligne"), (2, "2 lignes"), (1_000_000, "1\u202f000\u202f000 de lignes")])
def test_many_is_used_when_the_entry_has_it(monkeypatch, count, expected):
    entry = {"fr": {"one": "{count} ligne", "many": "{count} de lignes", "other": "{count} lignes"},
             "en": {"one": "{count} line", "other": "{count} lines"}}
    monkeypatch.setitem(translate.STRINGS, "test_lines", entry)
    assert i18n.t("test_lines", "fr", count=count) == expected


@pytest.mark.parametrize("key,values,fr,en", [
    # a plain English string and a French plural in one entry: the count fills {count} in both
    ("data_n_replaced", {"count": 1}, "1 remplacée", "1 replaced"),
    ("data_n_replaced", {"count": 3}, "3 remplacées", "3 replaced"),
    # several counts: the others are counted fragments of their own
    ("data_undone", {"count": 1, "load_id": 4, "restored": 0},
     "Chargement n° 4 annulé : 1 ligne retirée, 0.", "Load #4 undone: 1 row removed, 0."),
])
def test_counted_values(key, values, fr, en):
    assert (i18n.t(key, "fr", **values), i18n.t(key, "en", **values)) == (fr, en)


def test_a_missing_language_falls_back_to_french_and_its_plural_rule(monkeypatch):
    monkeypatch.setitem(translate.STRINGS, "test_fr_only", {"fr": {"one": "{count} jour",
                                                                   "other": "{count} jours"}})
    assert i18n.t("test_fr_only", "en", count=0) == "0 jour"       # French: 0 is singular


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


@pytest.mark.parametrize("value,spec,lang,expected", [
    (0.0065, ".2g", "fr", "0,0065"),
    (0.0065, ".2g", "en", "0.0065"),
    (8.8e-05, ".2g", "fr", "8,8e-05"),          # no grouping, Python's exponent kept
    (1234.5, "+.2f", "en", "+1234.50"),
    (0.05, "g", "fr", "0,05"),
])
def test_statistics(value, spec, lang, expected):
    assert i18n.fmt_stat(value, lang, spec) == expected


def test_statistic_percents():
    assert i18n.fmt_stat_percent(0.08, "fr") == "8,0\u00a0%"
    assert i18n.fmt_stat_percent(0.95, "en", 0) == "95%"
    assert i18n.fmt_stat_percent(149.0, "en") == "14900.0%"


def test_say_error_words_the_message_an_error_carries():
    from lib.i18n.messages import Message, say_error

    carried = ValueError(Message.worded("msg_bad_currency", iso="EURO"))
    assert str(carried) == 'Currency "EURO": give a three-letter ISO 4217 code such as EUR, USD or GBP.'
    assert say_error(carried, "fr") == "Devise « EURO » : donnez un code ISO 4217 de trois lettres, comme EUR, USD ou GBP."
    assert say_error(ValueError("plain English"), "fr") == "plain English"
    assert say_error(ValueError(), "fr") == ""


def test_several_reasons_are_worded_each_and_joined_in_the_language():
    from lib.i18n.messages import Message, say

    reasons = [Message.worded("obj_err_name"), Message.worded("obj_err_dates_needed")]
    both = Message.worded("obj_err_lines", reasons=reasons)
    assert str(both) == "name: a name is needed; start_day, deadline: both dates are needed"
    assert say(both, "fr") == ("name : un nom est nécessaire ; start_day, deadline : les deux dates sont "
                               "nécessaires")
