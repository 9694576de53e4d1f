"""What a person reads instead of a code: platform, network, device, gender, GA4 channel group,
country and table names in the page's language.

One home for them (names.toml beside this file); tables, pickers, chart legends, previews and
reports all go through `name()` or `named()`. A value without an entry is shown as it is: a
campaign name or a page path is already what the user wrote.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pandas as pd
from babel import Locale

from lib.i18n.translate import LANGS, LOCALES, STRINGS, t

NAMES_FILE = Path(__file__).resolve().parent / "names.toml"
COUNTRY_COLUMNS = ("country",)
# Columns that hold the codes of other columns: a content's channel is a platform or a network;
# a journey's "platforms" lists several, comma-joined.
BORROWED = {"channel": ("platform", "network"), "platforms": ("platform",)}
COLUMNS_FILE = Path(__file__).resolve().parent / "columns.toml"


@cache
def table_of_names() -> dict[str, dict[str, dict[str, str]]]:
    """{column: {code (lower case): {lang: name}}}, checked to have every language."""
    raw = tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))
    out: dict[str, dict[str, dict[str, str]]] = {}
    for column, entries in raw.items():
        for code, names in entries.items():
            missing = [lg for lg in LANGS if lg not in names]
            if missing:
                raise ValueError(f"{NAMES_FILE.name}: [{column}] {code} has no {', '.join(missing)} name")
            out.setdefault(column, {})[code.lower()] = names
    return out


@cache
def _countries(lang: str) -> dict[str, str]:
    """GA4 and the ad tools write English country names: English name -> the page's name."""
    english = Locale.parse(LOCALES["en"]).territories
    local = Locale.parse(LOCALES[lang]).territories
    return {name.lower(): local[code] for code, name in english.items() if code in local and len(code) == 2}


def columns() -> tuple[str, ...]:
    """The columns whose values have display names."""
    return tuple(table_of_names()) + COUNTRY_COLUMNS + tuple(BORROWED)


def codes(column: str) -> tuple[str, ...]:
    return tuple(table_of_names().get(column, {}))


def name(column: str, value, lang: str):
    """The display name of one value of `column`; the value itself when it has none."""
    if not isinstance(value, str):
        return value
    key = value.lower()
    if column in BORROWED:
        if column == "platforms":
            return ", ".join(name("platform", v, lang) for v in value.split(", "))
        for other in BORROWED[column]:
            if key in table_of_names()[other]:
                return table_of_names()[other][key][lang]
        return value
    if column in COUNTRY_COLUMNS:
        return _countries(lang).get(key, value)
    entry = table_of_names().get(column, {}).get(key)
    if entry:
        return entry[lang]
    if column == "source":   # a system that is also an ad platform or a social network
        return name("channel", value, lang)
    return value


@cache
def column_names() -> dict[str, dict[str, str]]:
    """{column or "<table>.<column>": {lang: name}} for the canonical columns (columns.toml)."""
    raw = tomllib.loads(COLUMNS_FILE.read_text(encoding="utf-8"))
    for column, names in raw.items():
        missing = [lg for lg in LANGS if lg not in names]
        if missing:
            raise ValueError(f"{COLUMNS_FILE.name}: {column} has no {', '.join(missing)} name")
    return raw


def column_label(column: str, lang: str, table: str | None = None) -> str:
    """What a person calls a canonical column ("Position moyenne", not position_sum): its name in
    that table, its name anywhere, its dimension label, or the column itself."""
    found = column_names()
    entry = found.get(f"{table}.{column}") or found.get(column)
    if entry:
        return entry[lang]
    return t(f"dim_{column}", lang) if f"dim_{column}" in STRINGS else column


def named(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy of the frame with every column that has display names shown by them."""
    changed = {c: frame[c].map(lambda v, c=c: name(c, v, lang)) for c in columns()
               if c in frame.columns and (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]))}
    return frame.assign(**changed) if changed else frame
