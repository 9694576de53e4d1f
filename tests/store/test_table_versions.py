"""Per-table versions (Store.transaction(tables=...), issue 19): a load, its undo and an alert
evaluation bump the versions of the tables they name and change no other table, so the reads keyed
on other tables' versions may stay cached; reads keyed on their own are computed again."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib.alerts import rules
from lib.ingest import load
from lib.ingest.load import IngestError
from lib.sources.base import Refused
from lib.store import Store
from tests.conftest import REAL, shared_path

YESTERDAY = date.today() - timedelta(days=1)
# A Meta Ads Manager daily export as Meta writes it, one new campaign yesterday.
META = ('Day,"Campaign name","Ad set name",Reach,Impressions,Currency,"Amount spent (EUR)","Link clicks",'
        'Purchases,"Purchases conversion value","Reporting starts","Reporting ends"\n'
        f'{YESTERDAY},Versions test,Set A,900,1000,EUR,100.00,40,2,150.00,{YESTERDAY},{YESTERDAY}\n')


def _tables(store: Store) -> list[str]:
    return [r[0] for r in store.rows("SELECT table_name FROM information_schema.tables "
                                     "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' "
                                     "AND table_catalog = current_database() ORDER BY 1")]


def _snapshot(store: Store) -> dict[str, tuple]:
    """Each table's row count and the sum of its rows' hashes (names from the catalogue)."""
    return {t: tuple(store.rows(f'SELECT count(*), sum(hash(x)) FROM "{t}" x')[0]) for t in _tables(store)}


def _changed(before: dict, after: dict) -> set[str]:
    return {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)} - {"meta"}


def _covered(declared: list[str]) -> set[str]:
    """A fact table named stands for its companions (Store.transaction)."""
    return {f"{t}{suffix}" for t in declared for suffix in ("", "__replaced", "__daily")}


@pytest.fixture
def named(monkeypatch):
    """The tables each transaction names (None: it names none), as they are asked."""
    seen: list = []
    original = Store.transaction

    def transaction(self, tables=None):
        seen.append(None if tables is None else list(tables))
        return original(self, tables)

    monkeypatch.setattr(Store, "transaction", transaction)
    return seen


def _check(store: Store, named: list, write) -> object:
    before, versions = _snapshot(store), store.versions()
    named.clear()
    result = write()
    changed = _changed(before, _snapshot(store))
    if not changed:
        return result
    assert named and all(n is not None for n in named), f"{changed} changed by a write that named no table"
    declared = [t for n in named for t in n]
    assert changed <= _covered(declared), f"changed {sorted(changed)}, named {declared}"
    after = store.versions()
    for t in declared:
        assert after[f"version:{t}"] > versions.get(f"version:{t}", 0)
    assert after.get("version:*", 0) == versions.get("version:*", 0)
    return result


@pytest.mark.parametrize("folder", ["meta_ads_manager_gbp", "google_ads_campaign_report_eur",
                                    "ga4_standard_reports", "gsc_performance_en", "mailchimp_campaigns_export"])
def test_a_load_and_its_undo_change_only_the_tables_they_name(folder, workspace, named):
    files = sorted(p for p in shared_path("data", "real-exports", folder).rglob("*") if p.is_file())
    store = Store(workspace)
    try:
        # Search Console's files are one export; each other file a load of its own
        writes = ([lambda: load.load_export(store, {p.name: p.read_bytes() for p in files})]
                  if folder.startswith("gsc") else
                  [lambda p=path: load.load_file(store, p.read_bytes(), p.name) for path in files])
        loaded = []
        for write in writes:
            try:
                summary = _check(store, named, write)
            except (IngestError, Refused):   # a refused file changes nothing (checked above)
                continue
            if summary["load_id"]:
                loaded.append(summary["load_id"])
        assert loaded, f"no file of {REAL / folder} loaded"
        for load_id in reversed(loaded):
            _check(store, named, lambda i=load_id: load.undo(store, i))
    finally:
        store.close()


def test_an_alert_evaluation_names_its_events_only(demo_copy, named):
    store = Store(demo_copy)
    try:
        store.rows("DELETE FROM alert_events")   # every rule's state written again
        _check(store, named, lambda: rules.evaluate(store))
        assert named == [["alert_events"]]
    finally:
        store.close()


def test_a_read_of_other_tables_stays_cached_and_one_of_the_loaded_table_is_read_again(demo_copy, monkeypatch):
    """The app's cached KPI reads (lib/ui/state.py) after a Meta load and its undo: the site's from
    the cache, the paid one read again; each equal to the catalogue's plain query at that time."""
    from lib.kpis import queries, scan
    from lib.ui import state, switcher

    monkeypatch.setattr(switcher, "current_path", lambda: demo_copy)
    asked = []
    original = scan.run_compared
    monkeypatch.setattr(scan, "run_compared",
                        lambda store, ids, *a, **k: asked.append(tuple(ids)) or original(store, ids, *a, **k))
    start, end = YESTERDAY - timedelta(days=27), YESTERDAY

    def shown(kid):   # in euros (the demo's UK account spends pounds)
        frame, _ = state._run((kid,), start, end, "previous", (), (), "EUR")
        return float(frame[kid].iloc[0])

    def truth(kid):
        return float(queries.run(state.store(), [kid], start, end, currency="EUR").frame[kid].iloc[0])

    sessions, cost = shown("site_sessions"), shown("paid_cost")
    assert asked == [("site_sessions",), ("paid_cost",)]
    store = state.store()
    summary = load.load_file(store, META.encode(), "meta-daily.csv")   # yesterday's Meta rows: this file
    assert summary["status"] == "loaded", summary
    assert shown("site_sessions") == sessions == truth("site_sessions") and asked[2:] == [], \
        "a Meta load leaves the site's figure cached"
    assert shown("paid_cost") == pytest.approx(truth("paid_cost")) and asked[2:] == [("paid_cost",)]
    assert truth("paid_cost") != pytest.approx(cost), "the load changed the paid figure"
    load.undo(store, summary["load_id"])
    assert shown("paid_cost") == pytest.approx(cost) == truth("paid_cost") and asked[3:] == [("paid_cost",)]
    assert shown("site_sessions") == sessions and asked[4:] == []
    state._open_store.clear()


def test_each_rule_names_the_tables_its_evaluation_reads():
    rule = rules.Rule
    assert rules.tables_read(rule("a", "threshold", "paid_cost")) == {"ad_performance"}
    assert rules.tables_read(rule("a", "anomaly", "blended_roas")) >= {"ad_performance"}
    assert rules.tables_read(rule("a", "mentions_spike")) == {"mentions"}
    assert rules.tables_read(rule("a", "unanswered_negative")) == {"conversations"}
    assert rules.tables_read(rule("a", "freshness", params={"table": "site_traffic", "days": 2})) == {"site_traffic"}
    assert rules.tables_read(rule("a", "objective", params={"objective_id": 1})) is None   # may read any
    assert rules.tables_read(rule("a", "threshold", "no_such_kpi")) is None


def test_after_a_meta_load_the_page_evaluates_the_rules_on_ads_only(demo_copy, monkeypatch):
    from lib.ui import alerts as ui_alerts
    from lib.ui import state, switcher

    monkeypatch.setattr(switcher, "current_path", lambda: demo_copy)
    evaluated = []
    original = rules.evaluate
    monkeypatch.setattr(rules, "evaluate", lambda store, rule_ids=None, **k: evaluated.append(
        set(rule_ids)) or original(store, rule_ids=rule_ids, **k))
    store = state.store()
    enabled = {r.id: r for r in rules.rules(store, enabled_only=True)}
    on_ads = {i for i, r in enabled.items() if "ad_performance" in (rules.tables_read(r) or {"ad_performance"})}
    assert on_ads and set(enabled) - on_ads, "the demo has rules on ads and on other tables"
    ui_alerts.latest()
    assert set().union(*evaluated) == set(enabled)   # first view: every rule
    evaluated.clear()
    ui_alerts.latest()
    assert evaluated == []   # nothing changed
    load.load_file(store, META.encode(), "meta-daily.csv")
    ui_alerts.latest()
    assert set().union(*evaluated) == on_ads
    state._open_store.clear()


def test_the_last_days_read_table_by_table_are_those_read_at_once(demo_db):
    from lib.ingest import freshness

    store = Store(demo_db)
    try:
        apart = [row for t in freshness.FACT_TABLES for row in freshness.last_days(store, (t,))]
        assert sorted(apart) == sorted(freshness.last_days(store)) and len(apart) > 5
    finally:
        store.close()


def test_a_pull_recorded_leaves_the_tables_versions_alone(workspace, named):
    from lib.ingest import freshness

    store = Store(workspace)
    try:
        before = store.versions()
        _check(store, named, lambda: freshness.record_pull(store, "meta"))
        assert named == [["settings"]]
        after = store.versions()
        assert after["data_version"] > before.get("data_version", 0)
        assert {k: v for k, v in after.items() if k not in ("data_version", "version:settings")} == \
            {k: v for k, v in before.items() if k != "data_version"}
    finally:
        store.close()


def test_a_note_and_a_board_saved_name_their_own_tables(demo_copy, named):
    """The Data page's and the dashboard editor's most frequent writes leave the figures cached."""
    from lib.channels import annotations
    from lib.dashboards import model

    store = Store(demo_copy)
    try:
        note = _check(store, named, lambda: annotations.add(store, YESTERDAY, "Versions test"))
        _check(store, named, lambda: annotations.delete(store, note))
        board = model.Dashboard("Versions test", [model.Tile(["paid_cost"], "card")])
        _check(store, named, lambda: model.save(store, board, "en"))
        assert named == [["dashboards"]]
    finally:
        store.close()


def test_the_account_settings_of_loads_name_the_settings_alone(workspace, named):
    """An account's alias (a connector's first pull) and the account given for a file's shape
    are read by loads only: they leave the pages' cached figures alone."""
    from lib.ingest import owners

    store = Store(workspace)
    try:
        _check(store, named, lambda: owners.remember(store, "shape123", "Boutique Lyon"))
        assert named == [["settings"]] and owners.remembered(store, "shape123") == "Boutique Lyon"
    finally:
        store.close()


def test_the_frame_s_reads_stay_cached_after_a_load_and_follow_their_own_writes(demo_copy, monkeypatch):
    """What every page's frame reads (settings, chart notes, the rules, the home dashboard): a Meta
    load reads none of them again (rows written behind the store's back stay unseen: the cache
    answered), and a write of their own shows at once."""
    from lib.channels import annotations
    from lib.dashboards import model as dashboards
    from lib.store import settings as stored
    from lib.ui import alerts as ui_alerts
    from lib.ui import dashboards as ui_dashboards
    from lib.ui import state, switcher

    monkeypatch.setattr(switcher, "current_path", lambda: demo_copy)
    store = state.store()
    enabled = [r.id for r in ui_alerts._enabled()]
    assert state.settings() and ui_dashboards._home() is None and len(enabled) > 1
    notes = len(state.chart_annotations())
    ui_alerts.latest()
    cur = store.cursor()   # no transaction: no version moves
    cur.execute("INSERT INTO settings VALUES ('versions_test', 'unseen')")
    cur.execute("INSERT INTO annotations (id, day, channel, kind, text) VALUES (987654, ?, 'paid', 'note', 'unseen')",
                [YESTERDAY])
    cur.execute("UPDATE alert_rules SET enabled = false WHERE id = ?", [enabled[0]])
    cur.close()
    load.load_file(store, META.encode(), "meta-daily.csv")
    assert "versions_test" not in state.settings() and len(state.chart_annotations()) == notes
    assert [r.id for r in ui_alerts._enabled()] == enabled
    # the latest events equal a fresh read, whether the load made the rules write or not
    assert ui_alerts.latest().equals(rules.latest(store))
    annotations.add(store, YESTERDAY, "Versions test")
    assert {"unseen", "Versions test"} <= set(state.chart_annotations()["text"])
    stored.put(store, "versions_test", "seen")
    assert state.settings()["versions_test"] == "seen"
    assert [r.id for r in ui_alerts._enabled()] == enabled[1:]   # that write named no table
    board = dashboards.save(store, dashboards.starter("newsletter", "en"))
    dashboards.set_home(store, board)
    assert ui_dashboards._home() == board
    state._open_store.clear()


def test_the_customers_and_community_reads_follow_their_own_tables(demo_copy, monkeypatch):
    """The cohorts (seconds at a million orders) and the inbox's heatmap are read again when their
    table changes, not when ads are loaded."""
    from lib.ui import community as ui_community
    from lib.ui import customers as ui_customers
    from lib.ui import state, switcher

    monkeypatch.setattr(switcher, "current_path", lambda: demo_copy)
    store = state.store()
    start, end = YESTERDAY - timedelta(days=27), YESTERDAY
    rows = ui_customers.cohort_facts("EUR")["rows"]
    items = int(ui_community._heatmap(start, end, "hours")["items"].sum())
    cur = store.cursor()   # no transaction: no version moves
    cur.execute("DELETE FROM orders WHERE order_id IN (SELECT order_id FROM orders LIMIT 3)")
    cur.execute("DELETE FROM conversations WHERE received_time >= ? AND received_time < ?", [start, end])
    cur.close()
    load.load_file(store, META.encode(), "meta-daily.csv")
    assert ui_customers.cohort_facts("EUR")["rows"] == rows
    assert int(ui_community._heatmap(start, end, "hours")["items"].sum()) == items > 0
    for table in ("orders", "conversations"):
        with store.transaction(tables=[table]):   # as a load of that table: its version moves
            pass
    assert ui_customers.cohort_facts("EUR")["rows"] < rows
    assert ui_community._heatmap(start, end, "hours").empty or \
        int(ui_community._heatmap(start, end, "hours")["items"].sum()) < items
    state._open_store.clear()
