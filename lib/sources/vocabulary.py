"""The tools' header words, per canonical column and interface language (vocabulary.toml).

`columns(table, header)` names each header cell's canonical column; `explain` says, when a file
looks like a format but is not read, which header words were known and which were not.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FILE = Path(__file__).resolve().parent / "vocabulary.toml"
# "Amount spent (EUR)", "Coût (CAD)": the bracketed currency is a value, not part of the name.
_CURRENCY_SUFFIX = re.compile(r"\s*\(([A-Z]{3})\)\s*$")   # upper case: "Clicks (all)" is a name


def key(text: str) -> str:
    """Header text as compared: lower case, no accents, single spaces, no currency suffix."""
    text = _CURRENCY_SUFFIX.sub("", str(text).replace("\ufeff", "").strip())
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text).replace("’", "'")
    return re.sub(r" ?/ ?", "/", text).strip()   # "Session source / medium" as "source/medium"


def currency_suffix(text: str) -> str | None:
    """The currency code in a header such as `Amount spent (INR)`, else None."""
    m = _CURRENCY_SUFFIX.search(str(text).strip())
    return m[1].upper() if m else None


@cache
def _data() -> dict:
    """vocabulary.toml, parsed once (detection asks for every table's words)."""
    with open(FILE, "rb") as file:
        return tomllib.load(file)


@cache
def words(table: str) -> dict[str, str]:
    """Every known header word of TABLE's exports -> its canonical column."""
    out: dict[str, str] = {}
    for column, by_lang in _data().get(table, {}).items():
        for names in by_lang.values():
            for name in names:
                out.setdefault(key(name), column)
    return out


def entry(table: str, column: str) -> dict[str, list[str]]:
    """One canonical column's header words by language (empty when the vocabulary has none)."""
    return _data().get(table, {}).get(column, {})


@cache
def languages() -> tuple[str, ...]:
    """The interface languages the vocabulary covers."""
    return tuple(sorted({lang for table in _data().values() for col in table.values() for lang in col}))


@dataclass
class Header:
    """A header row read against the vocabulary: canonical column per position, and the rest."""
    columns: dict[int, str] = field(default_factory=dict)   # position -> canonical column
    unknown: list[str] = field(default_factory=list)        # header cells no word matched

    def find(self, column: str) -> int | None:
        """The first position holding COLUMN, or None."""
        return next((i for i, c in self.columns.items() if c == column), None)

    def has(self, *columns: str) -> bool:
        return all(self.find(c) is not None for c in columns)


def columns(table: str, header: list[str], extra: dict[str, str] | None = None) -> Header:
    """Read a header row: `extra` (a format's own words, compared as keys) wins over the vocabulary."""
    known = {**words(table), **{key(k): v for k, v in (extra or {}).items()}}
    found = Header()
    for i, cell in enumerate(header):
        column = known.get(key(cell))
        if column:
            found.columns[i] = column
        elif str(cell).strip():
            found.unknown.append(str(cell).strip())
    return found


def explain(label: str, header: list[str], table: str, needs: dict[str, str]) -> str:
    """Why a header that looks like LABEL is not read: `needs` maps canonical column -> its role."""
    found = columns(table, header)
    missing = [role for column, role in needs.items() if found.find(column) is None]
    unknown = ", ".join(repr(c) for c in found.unknown[:4])
    text = f"looks like {label}, but no {' or '.join(missing)} column is known"
    if unknown:
        text += f" (not known: {unknown})"
    return text
