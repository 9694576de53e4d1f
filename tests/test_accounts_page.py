"""AppTest of the Data page's questions (issue 16): which site is this file, which currency, and
the stop when a load would replace very different figures."""
from __future__ import annotations

import shutil

import pytest

from lib.store import Store
from tests.conftest import assert_clean
from tests.ingest.test_accounts import chart
from tests.test_data_page import pick_currency, texts, upload

STOPPED = {"fr": "Chargement arrêté", "en": "Load stopped"}
LOADED = {"fr": "Chargé (chargement n°", "en": "Loaded (load #"}


@pytest.fixture
def workspace(empty_db, tmp_path) -> str:
    path = str(tmp_path / "workspace.duckdb")
    shutil.copy(empty_db, path)
    return path


def which(at):
    return next(s for s in at.selectbox if str(s.key).startswith("acc_which_"))


def clicks_by_account(db: str) -> dict:
    s = Store(db)
    try:
        return dict(s.rows("SELECT account, sum(clicks) FROM search_console GROUP BY 1"))
    finally:
        s.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_second_site_is_asked_stopped_then_loaded_beside(workspace, app_test, lang):
    at = app_test(workspace, lang, "pages/data.py")
    upload(at, ("Chart.csv", chart()))
    assert which(at).value == "main"                       # nothing stored yet: the default account
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    assert LOADED[lang] in texts(at.success)
    site_a = clicks_by_account(workspace)["main"]

    # Another site's export of the same days, answered "main" (remembered): stopped, side by side.
    other = app_test(workspace, lang, "pages/data.py")
    upload(other, ("Chart.csv", chart(0.01)))
    assert which(other).value == "main"
    other.button(key="data_confirm").click().run()
    assert_clean(other)
    assert STOPPED[lang] in texts(other.warning)
    stored, incoming = {"fr": ("Enregistré", "Dans ce fichier"), "en": ("Stored", "In this file")}[lang]
    figures = next(d.value for d in other.dataframe if stored in d.value.columns)
    assert incoming in figures.columns and len(figures) == 2          # clicks and impressions
    assert clicks_by_account(workspace) == {"main": site_a}   # nothing written

    # Answered "another site": loaded beside the first, each site's totals intact.
    third = app_test(workspace, lang, "pages/data.py")
    upload(third, ("Chart.csv", chart(0.01)))
    which(third).select("\u2795").run()
    assert third.button(key="data_confirm").disabled       # a name is needed
    next(i for i in third.text_input if str(i.key).startswith("acc_new_")).input("blog.example.org").run()
    third.button(key="data_confirm").click().run()
    assert_clean(third)
    assert LOADED[lang] in texts(third.success)
    by_account = clicks_by_account(workspace)
    assert by_account["main"] == site_a and 0 < by_account["blog.example.org"] < site_a / 50

    # The answer is remembered for files of the same shape.
    again = app_test(workspace, lang, "pages/data.py")
    upload(again, ("Chart.csv", chart(0.01)))
    assert which(again).value == "blog.example.org"
    assert set(which(again).options) >= {"main", "blog.example.org"}


def test_replace_anyway_after_the_stop(workspace, app_test):
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, ("Chart.csv", chart()))
    at.button(key="data_confirm").click().run()
    other = app_test(workspace, "en", "pages/data.py")
    upload(other, ("Chart.csv", chart(0.01)))
    other.button(key="data_confirm").click().run()
    assert STOPPED["en"] in texts(other.warning)
    next(b for b in other.button if str(b.key).startswith("acc_replace_")).click().run()
    assert_clean(other)
    assert "Loaded (load #2)" in texts(other.success)
    assert list(clicks_by_account(workspace)) == ["main"]
    assert clicks_by_account(workspace)["main"] < 100 * 31


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_currency_is_asked_for_amounts_without_one(workspace, app_test, lang):
    at = app_test(workspace, lang, "pages/data.py")
    upload(at, ("spend.csv", b"Day,Campaign,Cost,Clicks\n2025-02-03,Spring,12.5,4\n"))
    assert at.button(key="data_confirm").disabled
    pick_currency(at, "CHF")
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    s = Store(workspace)
    try:
        assert s.rows("SELECT currency, account, cost FROM ad_performance") == [("CHF", "main", 12.5)]
    finally:
        s.close()
