"""lib.ui as a package: pages find every name they use on it, and its modules stay reachable."""
from __future__ import annotations

import importlib
import re

import lib.ui as ui
from tests.conftest import ROOT


def test_every_name_pages_and_the_frame_use_is_exported():
    used = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        assert re.search(r"^from lib import (\w+, )*ui\b", text, re.M), f"{path.name}: from lib import ui"
        used |= set(re.findall(r"(?<![.\w])ui\.(\w+)", text))
    assert used <= set(ui.__all__), sorted(used - set(ui.__all__))
    assert all(hasattr(ui, name) for name in ui.__all__)


def test_no_export_hides_a_module_but_the_sidebar_function():
    """`from lib.ui import annotations` must give the module; only `ui.sidebar` is a function."""
    modules = {p.stem for p in (ROOT / "lib" / "ui").glob("*.py")} - {"__init__"}
    for name in sorted(modules):
        importlib.import_module(f"lib.ui.{name}")
    assert set(ui.__all__) & modules == {"sidebar"}
    assert callable(ui.sidebar)
