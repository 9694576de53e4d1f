"""t(key, lang): every UI string in French and English, read from strings/<area>.toml, with
plural forms chosen by Babel's (CLDR) plural rules."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal

LANGS = ("fr", "en")
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
DEFAULT_LANG = "fr"

STRINGS_DIR = Path(__file__).resolve().parent / "strings"
# One file per area of the app, in this order (explicit: a new area is one file and one name here).
AREAS = ("frame", "access", "data", "channels", "social_email", "campaigns", "report", "objectives",
         "alerts", "experiments", "customers", "dashboards", "sources", "workspace")

# A language's text is a plain string, or its plural forms by CLDR category:
#   [data_confirm]
#   fr.one = "Confirmer le chargement ({count} fichier)"
#   fr.other = "Confirmer le chargement ({count} fichiers)"
Entry = dict[str, "str | dict[str, str]"]


def load_strings(folder: Path = STRINGS_DIR) -> dict[str, Entry]:
    """Every key of every area file; a key defined in two areas is an error, not a silent win."""
    found: dict[str, Entry] = {}
    for area in AREAS:
        with open(folder / f"{area}.toml", "rb") as file:
            for key, entry in tomllib.load(file).items():
                if key in found:
                    raise ValueError(f"i18n key {key!r} is defined twice (second time in {area}.toml)")
                found[key] = entry
    return found


STRINGS: dict[str, Entry] = load_strings()


@cache
def _plural_rule(lang: str):
    return Locale.parse(LOCALES[lang]).plural_form


def plural_form(count: float, lang: str) -> str:
    """The CLDR plural category of count in lang: fr 0 and 1 are "one", 1 000 000 is "many"."""
    return _plural_rule(lang)(count)


def is_plural(key: str) -> bool:
    """Whether the string `key` has plural forms in some language (then t needs count=)."""
    return any(isinstance(text, dict) for text in STRINGS[key].values())


def t(key: str, lang: str, count: float | None = None, **values) -> str:
    """The string `key` in `lang` (French when missing), with {placeholders} filled.

    count picks the plural form (fr.one, fr.many, fr.other...; "other" when the language has no
    such form) and fills {count}, written as a whole number of that language (1 000 / 1,000).
    """
    entry = STRINGS[key]
    used = lang if entry.get(lang) else DEFAULT_LANG
    text = entry[used]
    if isinstance(text, dict):
        if count is None:
            raise TypeError(f"i18n key {key!r} has plural forms: call t() with count=")
        text = text.get(plural_form(count, used)) or text["other"]
    if count is not None:
        values["count"] = format_decimal(count, format="#,##0", locale=LOCALES[used])
    return text.format(**values) if values else text
