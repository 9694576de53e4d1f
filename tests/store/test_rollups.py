"""The daily roll-ups (lib/store/rollups.py, migration 011; issue 19): built for existing
workspaces by the migration, kept equal to their table by every load, replacing load and undo,
rebuilt by an import and an orphan repair, never exported, and never read when they do not hold
every row of their table. The figures the pages read from them are compared with the table's in
tests/kpis/test_scan.py."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import catalogue as kpis
from lib.kpis import queries, scan
from lib.store import Store, orphans, rollups, workspace
from lib.store.schema import METRICS
from tests.kpis.test_scan import WINDOWS, extra_load, replacing_load
from tests.store.test_orphans import orphan_rows


def assert_whole(store: Store) -> None:
    """Each roll-up holds what its table sums to now, row for row (money to 1e-12 of its value:
    the same rows added in another order)."""
    for table in rollups.TABLES:
        keys = list(rollups.KEYS + rollups.DIMENSIONS[table])
        held = store.query(f"SELECT * FROM {rollups.name(table)}")
        truth = store.query(rollups.select_sql(table))
        assert list(held.columns) == list(rollups.columns(table))
        assert len(held) == len(truth) > 0, table
        held, truth = (f.sort_values(keys, na_position="first").reset_index(drop=True) for f in (held, truth))
        pd.testing.assert_frame_equal(held, truth, check_exact=False, rtol=1e-12, obj=table)
        assert rollups.fresh(store, table)


def roll_back_to_010(store: Store) -> None:
    """The workspace as Balise left it before migration 011."""
    with store.transaction() as cur:
        for name in rollups.names():
            cur.execute(f"DROP TABLE {name}")
        cur.execute("DELETE FROM schema_version WHERE version >= 11")


def test_the_migration_builds_them_with_the_modules_columns(tmp_path):
    store = Store(str(tmp_path / "w.duckdb"))
    try:
        for table in rollups.TABLES:
            found = store.rows("SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_name = ? ORDER BY ordinal_position", [rollups.name(table)])
            assert tuple(c for c, _ in found) == rollups.columns(table)
            types = dict(found)
            assert types[rollups.ROWS] == "BIGINT" and {types[m] for m in METRICS[table]} == {"DOUBLE"}
    finally:
        store.close()


def test_the_migration_rolls_up_the_rows_of_an_existing_workspace(demo_copy):
    store = Store(demo_copy)
    roll_back_to_010(store)
    store.close()
    store = Store(demo_copy)   # migrates: 011 builds them from the rows held
    try:
        assert store.schema_version() >= 11
        assert_whole(store)
    finally:
        store.close()


def test_loads_replacing_loads_and_undos_keep_them_whole(demo_copy):
    store = Store(demo_copy)
    try:
        assert_whole(store)   # the demo is built by loads into a migrated workspace
        first = extra_load(store)
        assert_whole(store)
        second = replacing_load(store)   # other figures, and rows of whole days removed
        assert_whole(store)
        ingest.undo(store, second)
        assert_whole(store)
        ingest.undo(store, first)
        assert_whole(store)
    finally:
        store.close()


def test_an_import_rebuilds_them_from_the_rows_and_an_export_leaves_them_out(demo_copy, tmp_path):
    source = Store(demo_copy)
    try:
        data = workspace.export_workspace(source)
    finally:
        source.close()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [n for n in names if "__daily" in n]
    target = Store(str(tmp_path / "empty.duckdb"))
    try:
        workspace.import_workspace(target, data)
        assert_whole(target)
    finally:
        target.close()


def test_a_write_that_bypasses_the_load_is_never_read_from_them(demo_copy):
    """Rows written under a load id the log lacks (what a kill at commit leaves): the roll-up no
    longer holds every row, so the readers keep to the table until the repair rebuilds it."""
    store = Store(demo_copy)
    try:
        orphan_rows(store, n=3)
        assert not rollups.usable(store, "site_traffic") and rollups.reader(store, "site_traffic") == "site_traffic"
        start, end = date(2025, 3, 20), date(2025, 4, 10)
        args = (store, ["site_sessions"], start, end, None)
        pd.testing.assert_frame_equal(scan.run_compared(*args).frame, queries.run_compared(*args).frame,
                                      check_exact=True)
        assert orphans.repair(store)
        assert_whole(store)
        assert rollups.usable(store, "site_traffic")
    finally:
        store.close()


def test_a_read_only_workspace_from_before_them_is_read_from_its_tables(demo_copy):
    store = Store(demo_copy)
    roll_back_to_010(store)
    store.close()
    store = Store(demo_copy, read_only=True)   # not migrated
    try:
        ids = [k.id for k in kpis.for_channel("paid")]
        args = (store, ids, *WINDOWS[0], "previous", ["platform"])
        pd.testing.assert_frame_equal(scan.run_compared(*args).frame, queries.run_compared(*args).frame,
                                      check_exact=True)
        assert queries.accounts(store) and rollups.reader(store, "ad_performance") == "ad_performance"
    finally:
        store.close()


@pytest.mark.parametrize("kid, rolled", [
    ("site_sessions", "sum(sessions)"),
    ("paid_cpm", "1000 * sum(cost) / nullif(sum(impressions), 0)"),
    # reach: one export row covering the window exactly, whatever the roll-up summed
    ("paid_reach", "CASE WHEN sum(_rows) = 1 AND bool_and(day_from = $start AND day_to = $end) THEN sum(reach) END"),
    ("social_followers", None),            # a stock, first and last value per account: the table
    ("email_open_rate", None),             # a table without a roll-up
])
def test_which_kpis_read_them(kid, rolled):
    assert queries.rolled_sql(kid) == rolled


def test_a_kpi_not_made_of_sums_reads_the_table(monkeypatch):
    """The rule is a list of allowed words: a distinct count, a quantile, a maximum over a rolled
    table are refused, whatever KPI brings them."""
    from dataclasses import replace

    original, get = kpis.get("site_sessions"), kpis.get
    for sql in ("count(DISTINCT landing_page)", "quantile_cont(sessions, 0.5)",
                "sum(sessions) / count(landing_page)", "max(revenue)", "sum(sessions * users)"):
        fake = replace(original, sql=sql)
        monkeypatch.setattr(kpis, "get", lambda kid, _fake=fake: _fake if kid == original.id else get(kid))
        assert queries.rolled_sql(original.id) is None, sql


def test_breakdowns_outside_them_read_the_table():
    assert rollups.covers("site_traffic", ["channel_group", "currency", "account"])
    assert not rollups.covers("site_traffic", ["landing_page"])
    assert not rollups.covers("ad_performance", ["ad_group"])
    assert not rollups.covers("email_campaigns", [])
