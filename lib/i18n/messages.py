"""Messages a person may meet in either language, built where the problem is found (a parser,
the loader) and worded where they are shown.

A Message is a str (its English text, for the command line, the logs and the JSON summaries,
so nothing that handles warnings as strings changes) that also carries an i18n key and its
values. `say(message, lang)` words it in the page's language: a table by its display name,
columns by theirs, dates and numbers by Babel, an example row as "Column: value" pairs, never a
Python list.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from lib.i18n import names
from lib.i18n.formats import fmt_date, fmt_number
from lib.i18n.translate import t


class Message(str):
    """An English text with the key and values that word it in any language."""

    code: str
    values: dict

    def __new__(cls, text: str, code: str = "", **values):
        obj = super().__new__(cls, text)
        obj.code, obj.values = code, values
        return obj

    def __reduce__(self):   # copies and pickles keep the key and values
        return _rebuild, (str(self), self.code, self.values)

    @classmethod
    def worded(cls, code: str, **values) -> Message:
        """A message whose English text is its own English wording."""
        return cls(say(cls("", code, **values), "en"), code, **values)


def _rebuild(text: str, code: str, values: dict) -> Message:
    return Message(text, code, **values)


def value_text(value, lang: str, column: str | None = None) -> str:
    """One cell as a person reads it: a date, a number in the language's style, a code's name."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return "—"
    if isinstance(value, datetime | pd.Timestamp):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return fmt_date(value.date(), lang)
        return f"{fmt_date(value.date(), lang)} {value:%H:%M}"
    if isinstance(value, date):
        return fmt_date(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return fmt_number(value, lang, 0 if float(value).is_integer() else 2)
    return str(names.name(column, value, lang)) if column else str(value)


def say(message, lang: str) -> str:
    """The message in `lang`; a plain string (a parser's English note) as it is."""
    if not isinstance(message, Message) or not message.code:
        return str(message)
    table = message.values.get("table")
    out = {}
    for key, value in message.values.items():
        if isinstance(value, Message):   # a reason inside a reason: worded the same way
            out[key] = say(value, lang)
        elif isinstance(value, list) and value and all(isinstance(v, Message) for v in value):
            out[key] = (" ; " if lang == "fr" else "; ").join(say(v, lang) for v in value)   # several reasons
        elif key == "table":
            out[key] = names.name("table", value, lang)
        elif key == "source":
            out[key] = names.name("source", value, lang)
        elif key in ("column", "metric") or key.endswith("_column"):
            out[key] = names.column_label(value, lang, table)
        elif key == "columns":
            out[key] = ", ".join(names.column_label(c, lang, table) for c in value)
        elif key == "example":
            sep = "\u00a0: " if lang == "fr" else ": "
            out[key] = ", ".join(f"{names.column_label(c, lang, table)}{sep}{value_text(v, lang, c)}"
                                 for c, v in value)
        elif key == "count":
            out[key] = value
        else:
            out[key] = value_text(value, lang)
    count = out.pop("count", None)
    return t(message.code, lang, count=count, **out) if count is not None else t(message.code, lang, **out)


def why(exc: BaseException) -> str:
    """An exception's reason as raised: the Message it carries, else its text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, str) else str(exc)


def say_error(exc: BaseException, lang: str) -> str:
    """Why EXC refused something, in `lang`: the Message it carries (its first argument) worded,
    else its own text. Domain errors raise a Message so that a page can word them; the command line
    prints str(exc), the Message's English text."""
    return say(why(exc), lang)
