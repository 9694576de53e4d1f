"""The pages' reader (lib/kpis/scan.py) gives exactly what queries.run_compared gives:
every KPI of every channel, by every dimension of its tables, with both comparison windows and
none, on the demo workspace as built, after a load (a second GA4 cut, a row straddling the window,
ad spend in a second currency), after a load replacing rows (other figures, rows of whole days
dropped) and after both loads' undo (issue 19).

The same comparisons read the daily roll-ups (lib/store/rollups.py) wherever a query fits them:
the same notes, cuts and straddling rows, the same figures. Counts are exact; sums of money
are the same figure added in another order (a day's sum, then the days), so they are compared to
1e-12 of their value (their last binary digits; DuckDB's own parallel sum varies as much)."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import catalogue as kpis
from lib.kpis import queries, scan
from lib.sources.base import Parsed
from lib.store import Store, rollups
from lib.store.schema import METRICS

END = date.today() - timedelta(days=1)
WINDOWS = [(END - timedelta(days=27), END), (END - timedelta(days=89), END)]
COMPARES = ["previous", "year", None]
# Breakdowns the pages show with several dimensions at once, and a filter (the Search page's).
SEVERAL = {"ad_performance": [["platform", "campaign", "ad_group", "keyword"], ["platform", "account"],
                              ["day", "platform"]],
           "site_traffic": [["source_name", "medium"], ["week", "channel_group"]]}
# After the load and the undo: the dimensions its cuts carry or lack, and time.
AFTER_LOAD = ("day", "week", "channel_group", "device", "platform", "campaign", "ad_group", "currency")
FILTERS = {"site_traffic": {"channel_group": ["Organic Search"]}, "ad_performance": {"platform": ["meta"]}}


def requests(tables=None):
    """(ids, by, filters, currency): every channel's KPIs in total and by day, and each table's KPIs
    (of `tables` by AFTER_LOAD's dimensions, or all by all) by each of its dimensions, with and
    without one currency."""
    for channel in kpis.CHANNELS:
        ids = [k.id for k in kpis.for_channel(channel)]
        if tables and not tables & set().union(*(queries.tables_of(k) for k in ids)):
            continue
        for by in ([], ["day"]):
            yield ids, by, None, None
        by_table: dict[str, list[str]] = {}
        for kid in ids:
            tables_read = queries.tables_of(kid)
            if len(tables_read) == 1:
                by_table.setdefault(tables_read.pop(), []).append(kid)
        for table, table_ids in by_table.items():
            if tables and table not in tables:
                continue
            for dim in queries.dimensions(table):
                if not tables or dim in AFTER_LOAD:
                    yield table_ids, [dim], None, None
            for by in SEVERAL.get(table, []):
                yield table_ids, by, None, None
            if table in FILTERS:
                yield table_ids, [], FILTERS[table], None
            if table in queries.MONEY_TABLES:
                yield table_ids, ["campaign"], None, "EUR"


def assert_same(store: Store, tables=None) -> tuple[int, int]:
    """Both readers on every request, with both comparison windows (and none, by time: the cards'
    sparklines); the longer window in total and by week; the pages' reader without the roll-ups,
    then with them. Returns how many results were compared, and how many read a roll-up."""
    compared = rolled = 0
    read = []
    query = store.query
    store.query = lambda sql, params=None: (read.append("__daily" in sql), query(sql, params))[1]
    checks = [(WINDOWS[0], request) for request in requests(tables)]
    if tables is None:
        checks += [(WINDOWS[1], (ids, by, None, None)) for ids, by, *_ in requests(set()) if not by]
        checks += [(WINDOWS[1], (ids, ["week"], None, "EUR")) for ids, by, *_ in requests(set()) if not by]
    for (start, end), (ids, by, filters, currency) in checks:
        timed = all(d in queries.TIME_DIMENSIONS for d in by)
        for compare in COMPARES if timed else COMPARES[:2]:
            args = (store, ids, start, end, compare, by, filters, currency)
            old = queries.run_compared(*args)
            rolls = set().union(*(queries.tables_of(k) for k in ids)) & set(rollups.TABLES)
            for rollup in (False, True) if rolls else (False,):
                read.clear()
                new = scan.run_compared(*args, rollup=rollup)
                pd.testing.assert_frame_equal(new.frame, old.frame, check_exact=not rollup, rtol=1e-12,
                                              atol=1e-12, obj=f"{ids[:2]} by {by} {compare} {start} {rollup=}")
                assert (new.notes, new.grains, new.straddling) == (old.notes, old.grains, old.straddling)
                counts = [c for c in old.frame.columns if c.removesuffix("_compare") in ids
                          and kpis.get(c.removesuffix("_compare")).unit == "count"]
                pd.testing.assert_frame_equal(new.frame[counts], old.frame[counts], check_exact=True)
                rolled += rollup and any(read)
            compared += 1
    del store.query
    return compared, rolled


def assert_same_windows(store: Store) -> None:
    """What a window holds, as scan.window derives it and as queries.py reads it, for every table,
    window and account scope."""
    ends = [END, END - timedelta(days=365), date(2001, 1, 28)]
    spans = [timedelta(days=6), timedelta(days=27), timedelta(days=89), timedelta(days=400)]
    for table in queries.DIMENSIONS:
        owned = table in queries.OWNED
        for scope in [None] + ([[queries.accounts(store)[0]]] if owned and queries.accounts(store) else []):
            queries.scope_accounts(scope)
            try:
                for end in ends:
                    for span in spans:
                        start = end - span
                        cuts, straddle, currencies = scan.window(store, table, start, end)
                        owner = "account" if owned else "NULL"
                        where, params = queries.account_sql(table)
                        found = store.rows(f"SELECT source, {owner}, grain, bool_and(day_from = day_to) FROM {table} "
                                           f"WHERE day_from >= ? AND day_to <= ?{where} GROUP BY ALL",
                                           [start, end, *params])
                        assert sorted(cuts, key=str) == sorted(found, key=str), (table, start, end)
                        assert straddle == queries._straddling(store, table, start, end)
                        if table in queries.MONEY_TABLES:
                            money = store.rows(f"SELECT DISTINCT currency FROM {table} WHERE day_from >= ? AND "
                                               f"day_to <= ? AND currency IS NOT NULL{where}", [start, end, *params])
                            assert currencies == {c for (c,) in money}
            finally:
                queries.scope_accounts(None)


def extra_load(store: Store) -> int:
    """A second, coarser GA4 cut over the last week, a period row straddling the 28-day window's
    start, and a week of ad spend in US dollars: the cases where the two windows part ways."""
    week = [END - timedelta(days=i) for i in range(7)]
    cut = pd.DataFrame([{"day_from": d, "day_to": d, "channel_group": g, "sessions": 100 + i,
                         "users": 80 + i, "engaged_sessions": 40, "key_events": 3}
                        for i, d in enumerate(week) for g in ("Direct", "Email")])
    straddle = pd.DataFrame([{"day_from": WINDOWS[0][0] - timedelta(days=3),
                              "day_to": WINDOWS[0][0] + timedelta(days=3), "sessions": 999}])
    dollars = pd.DataFrame([{"day_from": d, "day_to": d, "platform": "google_ads", "campaign": "us_launch",
                             "currency": "USD", "impressions": 1000, "clicks": 20, "cost": 12.5,
                             "conversions": 1, "conversion_value": 40.0} for d in week])
    parsed = [Parsed("site_traffic", cut, ("channel_group",), "test", notes={"source": "ga4"}),
              Parsed("site_traffic", straddle, (), "test", notes={"source": "ga4"}),
              Parsed("ad_performance", dollars, ("platform", "campaign"), "test", notes={"source": "google_ads"})]
    account = store.scalar("SELECT min(account) FROM ad_performance WHERE source = 'google_ads'")
    summary = ingest.load_parsed(store, parsed, "extra.csv", account=account)
    assert summary["status"] == "loaded", summary
    return summary["load_id"]


def replacing_load(store: Store) -> int:
    """The last 10 days of one Google Ads cut and of the GA4 rows loaded again as an API pull
    would: other figures for every row, and a third of each day's rows gone (whole days: the
    load removes them). Every row it writes replaces one."""
    loads = []
    for table, source in (("ad_performance", "google_ads"), ("site_traffic", "ga4")):
        grain = store.scalar(f"SELECT grain FROM {table} WHERE source = ? AND grain LIKE 'date+%' "
                             "GROUP BY grain ORDER BY count(*) DESC LIMIT 1", [source])
        dims = [d for d in grain.split("+") if d != "date"]
        metrics = [m for m in METRICS[table] if store.scalar(f"SELECT count({m}) FROM {table}")]
        named = dims + ([] if "account" in dims else ["account"])
        rows = store.query(f"SELECT day_from, day_to, {', '.join(named)}, currency, {', '.join(metrics)} "
                           f"FROM {table} WHERE source = ? AND grain = ? AND day_from > ?",
                           [source, grain, END - timedelta(days=10)])
        rows = rows[rows.index % 3 != 0].reset_index(drop=True)
        for m in metrics:
            rows[m] = rows[m] * 1.5 + 1
        loads.append(Parsed(table, rows, tuple(dims), "test", notes={"source": source}, whole_days=True))
    summary = ingest.load_parsed(store, loads, "again.csv")
    assert summary["status"] == "loaded" and summary["inserted"] == 0 and summary["replaced"] > 100, summary
    return summary["load_id"]


@pytest.mark.parametrize("state", ["built", "loaded", "replaced", "undone"])
def test_pages_reader_equals_todays_queries(demo_copy, state):
    store = Store(demo_copy)
    try:
        if state != "built":
            load_ids = [extra_load(store)]
            if state in ("replaced", "undone"):
                load_ids.append(replacing_load(store))
            if state == "undone":
                for load_id in reversed(load_ids):
                    ingest.undo(store, load_id)
        assert_same_windows(store)
        # the loads and undo touch site and ad rows: those tables after them
        compared, rolled = assert_same(store, None if state == "built" else {"site_traffic", "ad_performance"})
        assert compared > 90 and rolled > 60, (compared, rolled)   # most requests fit a roll-up
        if state == "loaded":   # the load reaches the cases it is there for
            found = scan.run_compared(store, ["site_sessions", "paid_cost"], *WINDOWS[0], "previous")
            codes = {n.code for n in found.notes}
            assert {"note_straddling", "note_cut", "note_currencies"} <= codes, codes
    finally:
        store.close()


def test_pages_reader_equals_todays_queries_for_one_account_and_a_year_long_window(demo_copy):
    """The sidebar's account filter, and a year-on-year window over a year long (the windows
    overlap: each is read on its own)."""
    store = Store(demo_copy)
    try:
        account = queries.accounts(store)[0]
        queries.scope_accounts([account])
        ids = [k.id for k in kpis.for_channel("paid")]
        for start, end, compare in ((WINDOWS[0][0], END, "previous"), (END - timedelta(days=400), END, "year")):
            for by in ([], ["platform"], ["day"]):
                args = (store, ids, start, end, compare, by)
                old, new = queries.run_compared(*args), scan.run_compared(*args)
                pd.testing.assert_frame_equal(new.frame, old.frame, check_exact=True)
                assert new.notes == old.notes
    finally:
        queries.scope_accounts(None)
        store.close()


def test_a_window_with_no_row_and_a_division_by_zero(demo_copy):
    """No data in the comparison window (before the demo's first day): the same empty figures;
    a ratio over nothing is missing, not zero."""
    store = Store(demo_copy)
    try:
        start, end = date(2001, 1, 1), date(2001, 1, 28)
        for by in ([], ["platform"]):
            args = (store, ["paid_cost", "paid_ctr", "paid_roas"], start, end, "previous", by)
            old, new = queries.run_compared(*args), scan.run_compared(*args)
            pd.testing.assert_frame_equal(new.frame, old.frame, check_exact=True)
        assert pd.isna(new.frame["paid_ctr"]).all() if len(new.frame) else True
        none = scan.run_compared(store, ["paid_ctr"], start, end, "previous").frame
        assert len(none) == 1 and pd.isna(none.iloc[0]["paid_ctr"]) and pd.isna(none.iloc[0]["paid_ctr_compare"])
    finally:
        store.close()


@pytest.mark.parametrize("channel", ["site", "paid", "search", "email"])
def test_a_trend_read_with_its_cards_equals_the_trend_read_alone(demo_db, channel):
    """ui.trend(kid, among=cards) takes its line from the cards' series of the same table: the
    same figures, comparison and days as the KPI asked alone."""
    store = Store(demo_db)
    try:
        cards = [k.id for k in kpis.for_channel(channel)]
        for (start, end), grain, compare in ((WINDOWS[0], "day", "previous"),
                                             ((END - timedelta(days=200), END), "week", "year")):
            for kid in cards:
                together = [k for k in cards if queries.tables_of(k) == queries.tables_of(kid)]
                shared = scan.run_compared(store, together, start, end, compare, [grain], None, "EUR").frame
                alone = scan.run_compared(store, [kid], start, end, compare, [grain], None, "EUR").frame
                columns = [c for c in shared.columns if c in alone.columns]
                assert columns == list(alone.columns)
                pd.testing.assert_frame_equal(shared[columns], alone, check_exact=True)
    finally:
        store.close()
