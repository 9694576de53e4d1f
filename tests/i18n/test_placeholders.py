"""An empty choice shows Streamlit's own English words ("Choose an option", "Choose options")
unless the app gives its own: every multiselect, and every selectbox that starts empty, names
its placeholder in the page's language."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _choices_without_placeholder() -> list[str]:
    found = []
    for path in sorted([*ROOT.joinpath("lib").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            index = keywords.get("index")
            branches = [index.body, index.orelse] if isinstance(index, ast.IfExp) else [index]
            starts_empty = any(isinstance(b, ast.Constant) and b.value is None for b in branches)
            if (node.func.attr == "multiselect" or (node.func.attr == "selectbox" and starts_empty)) \
                    and "placeholder" not in keywords:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_empty_choice_has_a_placeholder_in_the_page_s_language():
    assert _choices_without_placeholder() == []


def test_the_check_sees_the_calls_it_is_about():
    calls = [n for p in ROOT.joinpath("lib", "ui").glob("*.py") for n in ast.walk(ast.parse(p.read_text()))
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "multiselect"]
    assert len(calls) >= 5   # the scan reads the modules that draw them
