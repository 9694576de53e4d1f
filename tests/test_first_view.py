"""The first view after a load (issue 19): the pages read the data version once per run and their
readers key on it, so a load's new rows show on the very next run, never the figures from before."""
from __future__ import annotations

import shutil

import pandas as pd

from lib import i18n
from lib.ingest import load as ingest
from lib.kpis import queries
from lib.sources.base import Parsed
from lib.store import Store
from tests.conftest import assert_clean

GRAIN = ("source_name", "medium", "campaign", "channel_group", "device", "country", "landing_page")
EXTRA = 123_457   # sessions the load adds on the window's last day


def _sessions_card(at) -> str:
    return next(m.value for m in at.metric if m.label == "Sessions")


def _expected(db: str, f) -> str:
    s = Store(db)
    try:
        value = queries.run(s, ["site_sessions"], f.start, f.end, currency=f.currency).frame["site_sessions"].iloc[0]
    finally:
        s.close()
    return i18n.fmt_value(value, "count", "en", f.currency, True)


def test_the_first_view_after_a_load_shows_the_new_figures(demo_db, app_test, tmp_path):
    db = str(tmp_path / "workspace.duckdb")
    shutil.copy(demo_db, db)
    at = app_test(db, "en")   # the overview
    assert_clean(at)
    f = at.session_state["filters"]
    before = _sessions_card(at)
    table_before = next(d.value for d in at.dataframe if "ratio_value" in d.value.columns)
    at.run()   # warm: every figure from the caches
    assert _sessions_card(at) == before

    row = {"day_from": f.end, "day_to": f.end, "source_name": "google", "medium": "organic", "campaign": "(none)",
           "channel_group": "Organic Search", "device": "desktop", "country": "France",
           "landing_page": "/first-view-after-a-load", "sessions": EXTRA}
    s = Store(db)   # a load from elsewhere in the process (the Data page, a pull): the data version moves
    try:
        ingest.load_parsed(s, [Parsed("site_traffic", pd.DataFrame([row]), GRAIN, "test", notes={"source": "ga4"})],
                           "first-view.csv", account="main")
    finally:
        s.close()

    at.run()   # the first view after the load
    assert_clean(at)
    after = _sessions_card(at)
    assert after != before and after == _expected(db, f)
    table_after = next(d.value for d in at.dataframe if "ratio_value" in d.value.columns)
    site = table_after["channel"] == "Website"
    assert table_after.loc[site, "value"].iloc[0] == after != table_before.loc[site, "value"].iloc[0]

    at.switch_page("pages/site.py")
    at.run()
    assert_clean(at)
    assert _sessions_card(at) == after


def _bump(s: Store) -> None:
    with s.transaction() as cur:
        cur.execute("SELECT 1")


def test_a_pinned_version_holds_until_a_write_of_this_process(store):
    start = store.data_version()
    with store.reading_at(store.versions()):
        assert store.data_version() == start
        _bump(store)   # a write inside the block: the pin no longer holds
        assert store.data_version() == start + 1
    with store.reading_at({"data_version": 41, "version:*": 7}):
        assert store.data_version() == 41 and store.version_of(["site_traffic"]) == (7, 0)
    assert store.data_version() == start + 1   # outside the block: read


def test_the_run_reads_the_version_once_and_again_after_a_write_or_in_the_next_run(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from lib.ui import state

    path = str(tmp_path / "v.duckdb")
    app, other = Store(path), Store(path)   # the app's connection, and a load's elsewhere
    run = SimpleNamespace(cursors={})
    monkeypatch.setattr(state, "get_script_run_ctx", lambda suppress_warning=False: run)
    try:
        def version():
            return state.run_versions(app).get("data_version", 0)

        first = version()
        _bump(other)
        assert version() == first   # the same run: one version for all its reads
        run.cursors = {}   # the next run (Streamlit gives each run a new cursors dict)
        assert version() == first + 1
        _bump(app)   # a write of this process during the run
        assert version() == first + 2
        monkeypatch.setattr(state, "get_script_run_ctx", lambda suppress_warning=False: None)
        _bump(other)
        assert version() == first + 3   # outside a run: always read
    finally:
        app.close()
        other.close()


def test_an_objectives_phase_alone_is_its_progress_phase(demo_db, empty_db):
    """The overview picks the running objectives from their phase alone (no forecast for the others)."""
    from datetime import date, timedelta

    from lib.objectives import tracker

    s = Store(demo_db)
    try:
        found = tracker.list_objectives(s, include_archived=True)
        assert found
        for obj in found:
            for as_of in (None, obj["start_day"] - timedelta(days=1), obj["deadline"], date(2100, 1, 1)):
                assert tracker.phase(s, obj["id"], as_of) == tracker.progress(s, obj, as_of).summary["phase"]
    finally:
        s.close()
    empty = Store(empty_db)   # no rows at all: no_data
    try:
        assert tracker.phase(empty, found[0]) == tracker.progress(empty, found[0]).summary["phase"] == "no_data"
    finally:
        empty.close()
