"""The pull loop (lib.ingest.pull) with a connector that exists only here (tests/fakes/connector):
window, batches loaded, summary, freshness once, redaction, a failure mid-way; and the proof that
registering a connector in lib.sources.APIS is all the CLI, connections and the app need."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from lib import access, sources
from lib.i18n import translate
from lib.ingest import connections, freshness, load
from lib.ingest import pull as pulling
from tests.conftest import assert_clean
from tests.fakes import connector

D1 = date(2024, 5, 1)
KEY = "crm-secret-key-0123456789"
CONFIG = {"api_key": KEY}


@pytest.fixture
def registered(monkeypatch):
    """The fake connector registered as a fourth API, as one line in APIS would."""
    monkeypatch.setattr(sources, "APIS", [*sources.APIS, connector])
    return connector


@pytest.fixture
def recorded(monkeypatch):
    """Every freshness.record_pull call, still recording."""
    calls = []
    real = freshness.record_pull

    def record(store, source, at=None):
        calls.append(source)
        real(store, source, at)

    monkeypatch.setattr(freshness, "record_pull", record)
    return calls


def test_window_backfills_then_revises_and_refuses_start_after_end(registered, store):
    assert pulling.window(store, connector, CONFIG, None, None, today=D1) == (
        D1 - timedelta(days=connector.BACKFILL_DAYS - 1), D1)
    assert pulling.window(store, connector, CONFIG, D1, D1 + timedelta(days=2)) == (
        D1, D1 + timedelta(days=2))
    pulling.pull(store, "crm", CONFIG, D1, D1 + timedelta(days=4))
    # Incremental: from the last pulled day minus REVISE_DAYS, to today.
    assert pulling.window(store, connector, CONFIG, None, None, today=D1 + timedelta(days=9)) == (
        D1 + timedelta(days=4 - connector.REVISE_DAYS), D1 + timedelta(days=9))
    summary = pulling.pull(store, "crm", CONFIG, D1 + timedelta(days=1), D1)
    assert summary == {"source": "crm", "status": "failed",
                       "error": "TestCRM: start 2024-05-02 is after end 2024-05-01."}


def test_batches_are_loaded_one_by_one_into_one_summary(registered, store, recorded):
    steps = []
    summary = pulling.pull(store, "crm", CONFIG, D1, D1 + timedelta(days=2),
                           progress=lambda done, total: steps.append((done, total)))
    assert summary == {"source": "crm", "status": "ok", "start": "2024-05-01",
                       "end": "2024-05-03", "days": 3, "inserted": 3, "replaced": 0,
                       "unchanged": 0, "load_ids": [1, 2, 3], "warnings": ["the CRM was checked"],
                       "accounts": ["main"]}   # rows of a connector that names no account: the default
    assert steps == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert store.rows("SELECT file_name, format FROM loads ORDER BY load_id") == [
        (f"CRM {D1 + timedelta(days=i)}", "crm_api") for i in range(3)]
    assert store.scalar("SELECT count(*) FROM email_campaigns WHERE source = 'crm'") == 3
    assert recorded == ["crm"]
    again = pulling.pull(store, "crm", CONFIG, D1, D1 + timedelta(days=2))
    assert (again["unchanged"], again["inserted"], again["load_ids"]) == (3, 0, [])
    assert recorded == ["crm", "crm"]   # a pull that changed nothing is still fresh, once
    found = {f.source: f for f in freshness.status(store, D1 + timedelta(days=3))}
    assert found["crm"].last_pull is not None and found["crm"].label == "TestCRM"


def test_failure_mid_way_keeps_what_was_loaded_and_masks_the_secret(registered, store, recorded):
    summary = pulling.pull(store, "crm", CONFIG, D1, D1 + timedelta(days=3),
                           fail_on=D1 + timedelta(days=2))
    assert summary == {"source": "crm", "status": "failed", "start": "2024-05-01",
                       "end": "2024-05-04", "days": 2, "inserted": 2, "replaced": 0,
                       "unchanged": 0, "load_ids": [1, 2], "warnings": ["the CRM was checked"],
                       "accounts": ["main"], "error": "CRM refused key *** on 2024-05-03"}
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 2
    assert recorded == []   # a failed pull is not fresh


def test_rows_the_store_refuses_fail_the_pull_without_raising(registered, store):
    summary = pulling.pull(store, "crm", CONFIG, D1, D1 + timedelta(days=2),
                           bad_on=D1 + timedelta(days=1))
    assert summary["status"] == "failed" and summary["days"] == 2 and summary["inserted"] == 1
    assert summary["error"].startswith("the API answer could not be loaded: ")
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 1


def test_rebuild_pulls_every_configured_source(store, monkeypatch):
    calls = []

    def fake_pull(s, source, config, start=None, end=None):
        calls.append((source, dict(config)))
        return {"source": source, "status": "ok"}

    monkeypatch.setattr(pulling, "pull", fake_pull)
    config = {"ga4": {}, "mailchimp": {"api_key": "k-us1"},
              "meta": {"access_token": "tok", "account_id": "act_1"}}
    done = pulling.rebuild(store, config)
    assert [c[0] for c in calls] == ["mailchimp", "meta"]
    assert [d["status"] for d in done] == ["ok", "ok"]
    assert pulling.rebuild(store, {"ga4": {}, "mailchimp": {}, "meta": {}}) == []
    with access.as_role("viewer"), pytest.raises(access.PermissionDenied):
        pulling.rebuild(store, {})


# -- one module and one line in APIS: nothing else to change -----------------------------------
def test_every_place_reads_the_registry():
    names = [api.NAME for api in sources.APIS]
    assert list(connections.names()) == names == ["ga4", "ga4_bigquery", "mailchimp", "meta", "google_ads",
                                                "search_console", "brevo", "shopify", "clarity"]
    for api in sources.APIS:
        assert load.ORIGINS[api.FORMAT] == api.ORIGIN
        assert freshness.label(api.ORIGIN) == api.SYSTEM_LABEL
        assert {s.key for s in api.SETTINGS if s.required} == {
            k for need in connections.needs(api.NAME)
            for k in (need if isinstance(need, tuple) else (need,))}
        assert {var: connections.env_vars()[var] for s in api.SETTINGS for var in s.env} == {
            var: (api.NAME, s.key) for s in api.SETTINGS for var in s.env}


def test_a_registered_connector_is_picked_up_by_connections_and_the_cli(
        registered, tmp_path, monkeypatch, capsys):
    from lib.__main__ import main

    monkeypatch.setenv("BALISE_CONNECTIONS", str(tmp_path / "none.json"))
    for var in connections.env_vars():
        monkeypatch.delenv(var, raising=False)
    assert connections.names()[-1] == "crm"
    assert connections.env_vars()["BALISE_CRM_KEY"] == ("crm", "api_key")
    assert connections.needs("crm") == ("api_key",)
    assert connections.configured_sources(connections.load()) == []
    db = str(tmp_path / "cli.duckdb")
    assert main(["--db", db, "pull", "crm"]) == 2
    assert "pull crm needs --crm-key KEY" in capsys.readouterr().err
    assert main(["--db", db, "pull", "crm", "--crm-key", KEY, "--start", "2024-05-01",
                 "--end", "2024-05-02"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["source"], out["status"], out["inserted"]) == ("crm", "ok", 2)

    monkeypatch.setenv("BALISE_CRM_KEY", KEY)
    assert connections.configured_sources(connections.load()) == ["crm"]
    code = main(["--db", db, "pull", "all", "--start", "2024-05-01", "--end", "2024-05-03"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and [(s["source"], s["inserted"], s["unchanged"]) for s in lines] == [
        ("crm", 1, 2)]


def test_a_registered_connector_gets_its_data_page_section(registered, empty_db, tmp_path,
                                                           monkeypatch, app_test):
    import shutil

    # Its strings, as it would add them to lib/i18n/strings/sources.toml.
    for key, text in {"src_crm_key": "CRM key", "src_crm_saved": "CRM key saved",
                      "src_crm_bad_key": "Too short", "src_test_ok_crm": "CRM answers: {n}"}.items():
        monkeypatch.setitem(translate.STRINGS, key, {"fr": text, "en": text})
    monkeypatch.setenv("BALISE_CONNECTIONS", str(tmp_path / "connections.json"))
    for var in connections.env_vars():
        monkeypatch.delenv(var, raising=False)
    path = str(tmp_path / "w.duckdb")
    shutil.copy(empty_db, path)
    at = app_test(path, "en", "pages/data.py")
    assert_clean(at)
    assert any(str(e.label).startswith("Test CRM") for e in at.expander)
    at.text_input(key="src_crm_key").input("short").run()
    at.button(key="src_crm_save").click().run()
    assert "Too short" in [e.value for e in at.error]
    at.text_input(key="src_crm_key").input(KEY)
    at.button(key="src_crm_save").click().run()
    assert_clean(at)
    assert json.loads((tmp_path / "connections.json").read_text())["crm"] == {"api_key": KEY}
    at.button(key="src_crm_test").click().run()
    assert "CRM answers: 1,234" in [s.value for s in at.success]
    at.button(key="src_crm_refresh").click().run()
    assert_clean(at)
    assert any("5 rows added" in s.value for s in at.success), [s.value for s in at.success]
