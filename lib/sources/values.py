"""Fixed values a tool writes in its interface's language (devices, search appearances,
countries), stored as the tool's English export writes them, so that a French and an English
export of the same days give the same rows (values.toml; countries by Babel's names).

A value is rewritten only when it is a word of another language (`Vidéos` -> `Videos`); an
English value stays as written.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.core import get_global

from lib.sources.vocabulary import key, languages

FILE = Path(__file__).resolve().parent / "values.toml"


@cache
def _data() -> dict:
    with open(FILE, "rb") as file:
        return tomllib.load(file)


@cache
def table(fmt: str, column: str) -> dict[str, str]:
    """{word as compared (vocabulary.key): stored value} for FMT's COLUMN's other-language words."""
    entries = _data().get(fmt, {}).get(column, {})
    if column == "country":
        return _countries(entries)
    english, foreign = {}, {}
    for stored, by_lang in entries.items():
        for lang, words in by_lang.items():
            for word in words:
                (english if lang == "en" else foreign).setdefault(key(word), stored)
    return _kept(foreign, english)


def _kept(foreign: dict[str, str], english: dict[str, str]) -> dict[str, str]:
    """The foreign words, but none that would rewrite an English value into another one
    (Italian `Tablet` is Google Ads' `Tablets`, not Search Console's English `Tablet`)."""
    return {word: stored for word, stored in foreign.items() if english.get(word, stored) == stored}


def _english(aliases: dict) -> dict[str, str]:
    """ISO code (two letters) -> the English name the exports store: the tool's own name first
    (`TR` is Google's "Turkey"), else Babel's."""
    google_en = {code: words[0] for code, words in aliases.get("en", {}).items()}
    return {c: google_en.get(c) or n for c, n in Locale.parse("en").territories.items() if len(c) == 2}


def _countries(aliases: dict) -> dict[str, str]:
    """Every language's country names (Babel's, then the tool's own) -> the English name."""
    stored_en = _english(aliases)
    english = {key(n): n for n in stored_en.values()}
    english.update({key(n): stored_en[c] for c, n in Locale.parse("en").territories.items() if c in stored_en})
    out: dict[str, str] = {}
    for lang in languages():
        if lang == "en":
            continue
        names = {c: [n] for c, n in Locale.parse(lang).territories.items() if c in stored_en}
        for code, words in aliases.get(lang, {}).items():
            names[code] = [*words, *names.get(code, [])]
        for code, words in names.items():
            for word in words:
                out.setdefault(key(word), stored_en[code])
    return _kept(out, english)


@cache
def country_codes() -> dict[str, str]:
    """ISO 3166 codes, three letters (Search Console's API: `usa`) or two -> the English name the
    exports store (the tool's own name first: `TR` is Google's "Turkey")."""
    english = _english(_data().get("search_console", {}).get("country", {}))
    out = {c.lower(): n for c, n in english.items()}
    for code, targets in get_global("territory_aliases").items():
        if len(code) == 3 and code.isalpha() and len(targets) == 1 and targets[0] in english:
            out[code.lower()] = english[targets[0]]
    return out


def stored(fmt: str, column: str, value):
    """One cell as stored: the English value for another language's word, else as written."""
    if not isinstance(value, str):
        return value
    return table(fmt, column).get(key(value), value)


def normalised(fmt: str, column: str, cells: pd.Series) -> pd.Series:
    """A column of cells as stored (see `stored`)."""
    words = table(fmt, column)
    if not words:
        return cells
    return cells.map(lambda v: words.get(key(v), v) if isinstance(v, str) else v,
                     na_action="ignore").astype(cells.dtype)
