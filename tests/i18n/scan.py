"""Reading lib's source for the words checks: a call's name, a Message built in place, the
placeholders of a string entry. One copy for every test that scans how refusals are worded."""
from __future__ import annotations

import ast
import string


def name(func: ast.expr) -> str | None:
    """`f` of `f(...)` or `x.f(...)`."""
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def is_message(node: ast.expr) -> bool:
    """Message(...) or Message.worded(...)."""
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == "Message")
        or (isinstance(node.func, ast.Attribute) and node.func.attr == "worded"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "Message"))


def placeholders(entry: dict) -> set[str]:
    """The {names} an i18n entry's texts fill, in every language and plural form."""
    texts = [v for text in entry.values() for v in (text.values() if isinstance(text, dict) else [text])]
    return {field for text in texts for _, field, _, _ in string.Formatter().parse(text) if field}
