"""Shared fixtures: temporary workspaces, the small demo, the ../shared folder."""
from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from lib.store import Store

# Every chart a page draws is checked against Vega-Lite's schema (the app skips it: lib/ui/blocks.py).
os.environ.setdefault("BALISE_CHECK_CHARTS", "1")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REAL = SHARED / "data" / "real-exports"


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not present ({path}): real exports unavailable")
    return path


@pytest.fixture
def store():
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """A demo workspace file (3 months, ending yesterday), built once per test session."""
    from lib.demo import build as demo

    path = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    s = Store(path)
    demo.build_workspace(s, months=3)
    s.close()
    return path


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("empty") / "empty.duckdb")
    Store(path).close()
    return path


YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def app_test(monkeypatch):
    """AppTest factory: a fresh app on a workspace, in a language, optionally on a page.

    AppTest resets PagesManager.uses_pages_directory before every run, so with a pages/
    folder it would run the page file alone (pages/ discovery), skipping app.py and its
    sidebar. The real server leaves that mode for good once st.navigation has run (and
    ui.leave_pages_discovery makes sure it does on the first request): do the same here.
    """
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(db: str, lang: str = "fr", page: str | None = None, run: bool = True) -> AppTest:
        monkeypatch.setenv("BALISE_DB", db)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
        at.query_params["lang"] = lang
        if run:
            at.run()
            if page:
                at.switch_page(page)
                at.run()
        return at

    yield make
    st.cache_data.clear()
    st.cache_resource.clear()


def assert_clean(at) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (no browser download); skipped where absent."""
    import shutil

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def workspace(empty_db, tmp_path) -> str:
    """A fresh empty workspace file per test (loads must not leak between tests); a module that
    needs another starting point defines its own `workspace`."""
    import shutil

    path = str(tmp_path / "workspace.duckdb")
    shutil.copy(empty_db, path)
    return path


@pytest.fixture
def conn_file(tmp_path, monkeypatch):
    """A temporary connections file, and no connection coming from the real environment."""
    from lib.ingest import connections

    for var in connections.env_vars():
        monkeypatch.delenv(var, raising=False)
    path = tmp_path / "private" / "connections.json"
    monkeypatch.setenv("BALISE_CONNECTIONS", str(path))
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> str:
    """A private copy of the demo, for tests that write to it."""
    import shutil

    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, target)
    if Path(demo_db + ".wal").exists():
        shutil.copy(demo_db + ".wal", str(target) + ".wal")
    return str(target)


def read_store(db: str, fn):
    """Open a workspace file, apply fn to the store, close it."""
    s = Store(db)
    try:
        return fn(s)
    finally:
        s.close()
