"""Every refusal a page can show is worded in the page's language: one scan of lib for all of them.

A domain error carries a lib.i18n.messages.Message (its English for the command line, its key and
values for a page, worded by say_error); every key a Message names exists in both languages and
gets the values its words need, so a page never meets a missing key at run time."""
from __future__ import annotations

import ast
import re

import pytest

from lib import i18n
from tests.conftest import ROOT
from tests.i18n.scan import is_message as _is_message
from tests.i18n.scan import name as _name
from tests.i18n.scan import placeholders as _placeholders

# The errors pages show (lib/ui words them with say_error); plain ValueErrors are programming guards.
DOMAIN_ERRORS = {"RatesError", "ObjectiveError", "CampaignError", "WorkspaceError", "DashboardError",
                 "ChannelError", "ScheduleError", "RuleError", "ExperimentError", "AnnotationError",
                 "OwnerError", "Refused", "PullError"}
FILES = sorted([*ROOT.joinpath("lib").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"])


def _trees():
    for path in FILES:
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def _plain(node: ast.expr) -> bool:
    """Text that can only be English: a literal, an f-string, a concatenation, str(...), t(...) (one
    language, fixed when raised) or a join. A Message, a helper that builds one, or messages passed
    on (`*exc.args`) are not."""
    if isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp):
        return True
    return isinstance(node, ast.Call) and _name(node.func) in ("str", "t", "format", "join", "repr")


def test_every_domain_refusal_carries_a_message():
    plain = []
    for where, tree in _trees():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                    and _name(node.exc.func) in DOMAIN_ERRORS
                    and (not node.exc.args or any(_plain(a) for a in node.exc.args))):
                plain.append(f"{where}:{node.lineno} {ast.unparse(node.exc)[:90]}")
    assert plain == []


def _keys_used() -> list[tuple[str, str, set[str] | None]]:
    """(where, key, value names; None when some are splatted) of every Message that names its key."""
    found = []
    for where, tree in _trees():
        for node in ast.walk(tree):
            if not _is_message(node):
                continue
            worded = isinstance(node.func, ast.Attribute)
            key = node.args[0] if worded and node.args else (node.args[1] if len(node.args) > 1 else None)
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or not key.value:
                continue
            names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            found.append((f"{where}:{node.lineno}", key.value, names))
    return found


def test_every_key_a_message_names_exists_and_gets_its_values():
    used = _keys_used()
    assert len(used) > 300   # the scan sees the messages it is about
    missing = [(where, key) for where, key, _ in used if key not in i18n.STRINGS]
    assert missing == []
    short = [(where, key, sorted(_placeholders(i18n.STRINGS[key]) - names - {"count"}))
             for where, key, names in used if names is not None
             and _placeholders(i18n.STRINGS[key]) - names - {"count"}]
    assert short == []
    uncounted = [(where, key) for where, key, names in used
                 if names is not None and i18n.is_plural(key) and "count" not in names]
    assert uncounted == []


@pytest.mark.parametrize("code, ok", [
    ('raise RatesError("plain English")', False),
    ('raise RatesError(f"{x!r} is wrong")', False),
    ('raise RatesError(Message.worded("fx_err_none"))', True),
    ('raise ScheduleError(*exc.args)', True),
    ('raise Refused(str(exc.args[0]))', False),
    ('raise Refused(_too_many_lines(name))', True),
    ('raise ValueError("a programming guard")', True),
])
def test_the_scan_tells_a_message_from_a_plain_string(code, ok, monkeypatch, tmp_path):
    path = tmp_path / "lib" / "probe.py"
    path.parent.mkdir()
    path.write_text(code + "\n")
    monkeypatch.setattr("tests.i18n.test_refusals.FILES", [path])
    monkeypatch.setattr("tests.i18n.test_refusals.ROOT", tmp_path)
    if ok:
        test_every_domain_refusal_carries_a_message()
    else:
        with pytest.raises(AssertionError):
            test_every_domain_refusal_carries_a_message()


def test_no_wording_key_is_spelled_in_two_ways():
    """A key names its area and its role: <area>_err_<what> (or msg_/pull_/src_ for the readers)."""
    keys = {key for _, key, _ in _keys_used()}
    assert all(re.fullmatch(r"[a-z0-9_]+", key) for key in keys)
