"""The BigQuery SQL of lib/sources/ga4_bigquery.sql, checked for real: the same text, transpiled
to DuckDB with sqlglot, run on a local export (nested event_params, structs, items arrays) whose
truth was counted in plain Python."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib.sources import ga4_bigquery as bq
from tests.fakes import bigquery as fake

D1 = date(2024, 5, 1)
CONFIG = {"project": fake.PROJECT, "dataset": fake.DATASET}


@pytest.fixture(scope="module")
def events():
    return fake.generate(fake.days(D1, 3))


@pytest.fixture(scope="module")
def con(events):
    # An intraday table of the same day and one outside the window: neither may be read.
    noise = fake.generate([D1 + timedelta(days=1)], seed=3)
    late = fake.generate([date(2024, 5, 9)], seed=5)
    return fake.export_db(events + late, intraday=noise)


def rows(con, table: str, start=D1, end=date(2024, 5, 3), config=CONFIG) -> list[dict]:
    sql = bq.queries(config)[table]
    names, _, found = fake.run_local(con, sql, bq.values(config, start, end))
    return [dict(zip(names, r, strict=True)) for r in found]


def test_traffic_equals_the_truth_at_the_full_grain(con, events):
    found = {(r["day"], *(r[d] for d in fake.GRAIN)): r for r in rows(con, "site_traffic")}
    want = fake.truth(events)
    assert set(found) == set(want)
    for key, metrics in want.items():
        for name, value in metrics.items():
            assert found[key][name] == pytest.approx(value), (key, name)


def test_daily_totals_by_source_equal_the_truth(con, events):
    """Sessions, users and revenue per day and source: distinct ids counted from the events."""
    got: dict = {}
    for r in rows(con, "site_traffic"):
        acc = got.setdefault((r["day"], r["source_name"], r["medium"]), [0, 0.0])
        acc[0] += r["sessions"]
        acc[1] += r["revenue"]
    want: dict = {}
    sessions: dict = {}
    for e in events:
        src = e.source or ("(not set)", "(not set)")
        acc = want.setdefault((e.day, src[0], src[1]), [0, 0.0])
        acc[1] += e.revenue or 0
        if e.session_id is not None:
            sessions.setdefault((e.day, src[0], src[1]), set()).add((e.user, e.session_id))
    for key, ids in sessions.items():
        want[key][0] = len(ids)
    assert got.keys() == want.keys()
    for key in want:
        assert got[key][0] == want[key][0] and got[key][1] == pytest.approx(want[key][1]), key
    day1 = [e for e in events if e.day == D1]
    assert sum(r["sessions"] for r in rows(con, "site_traffic", D1, D1)) == len(
        {(e.user, e.session_id) for e in day1 if e.session_id is not None})
    # The purchase without a session keeps its revenue, and counts no session.
    orphan = [r for r in rows(con, "site_traffic", D1, D1) if r["source_name"] == "(not set)"]
    assert len(orphan) == 1 and orphan[0]["sessions"] == 0 and orphan[0]["revenue"] == 10.0
    assert orphan[0]["users"] == 1 and orphan[0]["transactions"] == 1


def test_hand_counted_session_of_the_generator(con, events):
    """One session read by hand: its landing page is the path and query of its first page_view,
    without the #fragment, and its length is last minus first event."""
    first = next(e for e in events if e.name == "page_view" and "?" in e.page)
    session = sorted((e for e in events if (e.user, e.session_id) == (first.user, first.session_id)),
                     key=lambda e: e.ts)
    landing = next(e.page for e in session if e.name == "page_view")
    found = [r for r in rows(con, "site_traffic", first.day, first.day)
             if r["landing_page"] == landing and r["device"] == first.device
             and r["source_name"] == first.source[0] and r["medium"] == first.source[1]]
    assert found and all("#" not in r["landing_page"] for r in found)
    assert sum(r["session_duration_s"] for r in found) >= (session[-1].ts - session[0].ts) / 1e6


def test_items_equal_the_truth(con, events):
    found = {(r["day"], r["item_category"], r["item_name"]): r for r in rows(con, "site_items")}
    want = fake.item_truth(events)
    assert set(found) == set(want)
    for key, metrics in want.items():
        for name, value in metrics.items():
            assert found[key][name] == pytest.approx(value), (key, name)


def test_table_suffix_keeps_the_window_and_skips_intraday_tables(con, events):
    one = rows(con, "site_traffic", D1 + timedelta(days=1),
               D1 + timedelta(days=1))
    assert {r["day"] for r in one} == {date(2024, 5, 2)}
    want = sum(v["sessions"] for k, v in fake.truth(events).items() if k[0] == date(2024, 5, 2))
    assert sum(r["sessions"] for r in one) == want
    assert rows(con, "site_traffic", date(2024, 6, 1), date(2024, 6, 30)) == []


def test_key_events_follow_the_setting(con, events):
    config = {**CONFIG, "key_events": "purchase, add_to_cart"}
    total = sum(r["key_events"] for r in rows(con, "site_traffic", config=config))
    assert total == sum(e.name in ("purchase", "add_to_cart") for e in events)


def test_names_reach_the_sql_only_from_allowlists():
    assert bq.queries(CONFIG)["site_traffic"].count(f"`{fake.PROJECT}.{fake.DATASET}.events_*`") == 1
    for bad in ({"project": "x`; DROP", "dataset": "a"}, {"project": "shop-analytics",
                                                         "dataset": "a.b`"}):
        with pytest.raises(bq.PullError, match="BigQuery"):
            bq.queries(bad)
    with pytest.raises(bq.PullError, match="key_events"):
        bq.key_events({"key_events": "purchase; drop"})


def test_the_benchs_vectorised_day_equals_its_truth():
    """bulk_day (numpy, the bench's 1M events) at a small size: exactly the events asked for,
    and the SQL's rows equal the truth counted from the drawn sessions."""
    import duckdb

    bulk = fake.bulk_day(date(2024, 6, 3), events=20_000, seed=4)
    con = duckdb.connect()
    con.execute(f'ATTACH \':memory:\' AS "{fake.PROJECT}"')
    name = fake.bulk_export(con, bulk)
    table = f'"{fake.PROJECT}".{fake.DATASET}."{name}"'
    assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 20_000
    names, _, found = fake.run_local(con, bq.queries(CONFIG)["site_traffic"],
                                     bq.values(CONFIG, bulk.day, bulk.day))
    got = {(r[0], *r[1:8]): dict(zip(names, r, strict=True)) for r in found}
    want = fake.bulk_truth(bulk)
    assert set(got) == set(want) and len(want) > 100
    for key, metrics in want.items():
        for metric, value in metrics.items():
            assert got[key][metric] == pytest.approx(value), (key, metric)
    names, _, items = fake.run_local(con, bq.queries(CONFIG)["site_items"],
                                     bq.values(CONFIG, bulk.day, bulk.day))
    bought = bulk.sessions[bulk.sessions["transactions"] > 0]
    assert sum(r[names.index("item_revenue")] for r in items) == pytest.approx(bought["revenue"].sum())
    assert sum(r[names.index("items_purchased")] for r in items) == bought["items_purchased"].sum()
