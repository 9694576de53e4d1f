"""AppTest of the sidebar's workspace switcher (issue 16): one DuckDB file per client in the
workspace folder, each with its own data and settings."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lib.store import Store
from lib.ui import switcher
from tests.conftest import assert_clean


@pytest.fixture
def folder(demo_db, empty_db, tmp_path) -> Path:
    shutil.copy(demo_db, tmp_path / "balise.duckdb")
    shutil.copy(empty_db, tmp_path / "client-b.duckdb")
    (tmp_path / "notes.txt").write_text("not a workspace")
    return tmp_path


def test_slug_and_names(folder):
    assert switcher.names(folder) == ["balise", "client-b"]
    assert switcher.slug("Client Dupont") == "client-dupont"
    assert switcher.slug("../../etc/passwd") == "etc-passwd"
    assert switcher.slug("  ") is None and switcher.slug("é" * 3) is None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_switch_to_another_client_and_back(folder, app_test, lang):
    at = app_test(str(folder / "balise.duckdb"), lang)
    assert_clean(at)
    box = at.selectbox(key="workspace")
    assert box.value == "balise" and {"balise", "client-b"} <= set(box.options)
    assert len(at.metric) >= 5                                   # the demo's overview
    box.set_value("client-b").run()
    assert_clean(at)
    assert at.selectbox(key="workspace").value == "client-b"
    assert at.query_params["workspace"] in ("client-b", ["client-b"])
    assert at.info and not at.metric                             # an empty workspace says what to do
    at.selectbox(key="workspace").set_value("balise").run()
    assert_clean(at)
    assert len(at.metric) >= 5 and "workspace" not in at.query_params


def test_the_url_opens_a_workspace_and_ignores_other_names(folder, app_test):
    at = app_test(str(folder / "balise.duckdb"), "en", run=False)
    at.query_params["workspace"] = "client-b"
    at.run()
    assert_clean(at)
    assert at.selectbox(key="workspace").value == "client-b"
    probe = app_test(str(folder / "balise.duckdb"), "en", run=False)
    probe.query_params["workspace"] = "../balise"
    probe.run()
    assert_clean(probe)
    assert probe.selectbox(key="workspace").value == "balise"


def test_create_a_workspace_with_its_own_settings(folder, app_test):
    at = app_test(str(folder / "balise.duckdb"), "en")
    at.selectbox(key="workspace").set_value("\u2795").run()
    at.text_input(key="workspace_new").input("Client Dupont").run()
    assert_clean(at)
    at.button(key="workspace_create").click().run()
    assert_clean(at)
    assert at.selectbox(key="workspace").value == "client-dupont"
    created = Store(str(folder / "client-dupont.duckdb"))
    try:
        assert created.scalar("SELECT count(*) FROM settings") == 0          # not the demo's settings
        assert created.scalar("SELECT count(*) FROM objectives") == 0
    finally:
        created.close()
    demo = Store(str(folder / "balise.duckdb"))
    try:
        assert demo.scalar("SELECT value FROM settings WHERE name = 'is_demo'") == "1"
    finally:
        demo.close()
