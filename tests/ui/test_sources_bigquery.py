"""AppTest of the "GA4 via BigQuery" source on the Data page, in both languages: the form, test
connection (the dry run of a first pull), refresh now (bytes billed), freshness; no key shown."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from lib.store import Store
from tests.conftest import assert_clean
from tests.fakes import bigquery as fake
from tests.fakes.ga4 import service_account_info
from tests.ui.test_sources import key_secrets, leaks, page_text

WORDS = {"en": ("BigQuery answers", "would scan about", "BigQuery billed", "pulled"),
         "fr": ("BigQuery répond", "lirait environ", "BigQuery a facturé", "tiré le")}


@pytest.fixture(scope="module")
def key_info():
    return service_account_info()


@pytest.fixture
def server(conn_file, monkeypatch):
    first = date.today() - timedelta(days=3)
    with fake.FakeBigQuery(fake.generate(fake.days(first, 3), users=12)) as s:
        monkeypatch.setenv("BALISE_BQ_ENDPOINT", s.url)
        yield s


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_connect_test_and_refresh(workspace, server, key_info, app_test, lang):
    info = dict(key_info, token_uri=f"{server.url}/token")
    at = app_test(workspace, lang, "pages/data.py")
    assert_clean(at)
    at.text_input(key="src_ga4_bigquery_project").input(fake.PROJECT)
    at.text_input(key="src_ga4_bigquery_dataset").input(fake.DATASET)
    at.text_area(key="src_ga4_bigquery_key_text").input(json.dumps(info))
    at.text_input(key="src_ga4_bigquery_max_scan_gb").input("5")
    at.button(key="src_ga4_bigquery_save").click().run()
    assert_clean(at)
    answers, scan, billed, pulled = WORDS[lang]

    at.button(key="src_ga4_bigquery_test").click().run()
    assert_clean(at)
    ok = [s.value for s in at.success if answers in s.value]
    assert ok and scan in ok[0] and info["client_email"] in ok[0], [s.value for s in at.success]
    assert server.billed == []

    at.button(key="src_ga4_bigquery_refresh").click().run()
    assert_clean(at)
    done = [s.value for s in at.success if billed in s.value]
    assert done, [s.value for s in at.success]
    s = Store(workspace)
    try:
        loads = s.scalar("SELECT count(*) FROM loads WHERE format = 'ga4_bigquery'")
        sessions = s.scalar("SELECT sum(sessions) FROM site_traffic WHERE source = 'ga4'")
    finally:
        s.close()
    assert loads == 3
    assert sessions == sum(e["sessions"] for e in fake.truth(fake.generate(
        fake.days(date.today() - timedelta(days=3), 3), users=12)).values())
    strip = "\n".join(c.value for c in at.sidebar.caption)
    assert "**GA4**" in strip and pulled in strip and "ga4_bigquery" not in strip.lower()
    assert not leaks(page_text(at), key_secrets(info))


def test_form_refuses_a_bad_dataset(workspace, server, app_test):
    at = app_test(workspace, "en", "pages/data.py")
    at.text_input(key="src_ga4_bigquery_project").input(fake.PROJECT)
    at.text_input(key="src_ga4_bigquery_dataset").input("analytics-123")
    at.button(key="src_ga4_bigquery_save").click().run()
    assert [e.value for e in at.error if "dataset name" in e.value]
