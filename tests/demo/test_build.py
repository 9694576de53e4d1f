"""The demo generator: deterministic, complete, realistic, and loadable twice without change."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.demo import build as demo
from lib.store import Store
from lib.store.schema import DIMENSIONS, columns

END = date(2025, 1, 31)   # a fixed end: 18 months hold two summers and one Black Friday


@pytest.fixture(scope="module")
def parsed():
    return demo.build(seed=7, end=END)


def frames(parsed, table, source=None, grain_last=None):
    found = [p for p in parsed if p.table == table and (source is None or p.notes["source"] == source)
             and (grain_last is None or (p.grain[-1:] or ("",))[0] == grain_last)]
    assert found, (table, source, grain_last)
    return found


def one(parsed, table, source=None, grain_last=None) -> pd.DataFrame:
    found = frames(parsed, table, source, grain_last)
    assert len(found) == 1, [p.grain for p in found]
    return found[0].frame


def test_deterministic(parsed):
    again = demo.build(seed=7, end=END)
    assert [(p.table, p.grain, p.notes) for p in again] == [(p.table, p.grain, p.notes) for p in parsed]
    for a, b in zip(parsed, again, strict=True):
        pd.testing.assert_frame_equal(a.frame, b.frame)
    other = demo.build(seed=8, end=END, months=3)
    assert not other[0].frame["sessions"].equals(parsed[0].frame["sessions"].iloc[: len(other[0].frame)])


def test_ends_yesterday_and_covers_the_months():
    built = demo.build(months=3)
    yesterday = date.today() - timedelta(days=1)
    site = built[0].frame
    assert site["day_to"].max() == yesterday
    start = (pd.Timestamp(yesterday) - pd.DateOffset(months=3) + pd.Timedelta(days=1)).date()
    assert site["day_from"].min() == start


def test_covers_18_months(parsed):
    for p in parsed:
        if p.table in ("experiment_results", "email_campaigns", "leads"):
            continue
        if p.table == "site_friction":   # Clarity: the last 90 days, as a daily pull keeps them
            assert pd.to_datetime(p.frame["day_from"]).nunique() == 90
            continue
        days = pd.to_datetime(p.frame["day_from"])
        assert days.max().date() <= END
        assert days.min().date() <= date(2023, 8, 15), (p.table, p.notes["source"], p.grain)
        assert days.max().date() >= END - timedelta(days=3), (p.table, p.notes["source"], p.grain)
    site = one(parsed, "site_traffic")
    assert site["day_from"].min() == date(2023, 8, 1)
    assert site["day_from"].nunique() == (END - date(2023, 8, 1)).days + 1


def test_every_table_present_with_unique_keys(parsed):
    assert {p.table for p in parsed} == set(DIMENSIONS)
    for p in parsed:
        f = p.frame
        assert len(f), (p.table, p.grain)
        assert p.notes.get("source"), p.table
        allowed = set(columns(p.table)) | {"day_from", "day_to"}
        assert set(f.columns) <= allowed, (p.table, set(f.columns) - allowed)
        # The grain lists exactly the dimension columns filled, all of them non-null.
        filled = {c for c in DIMENSIONS[p.table] if c in f.columns}
        filled -= {"account"} - set(p.grain)   # whose the rows are, not a cut (issue 16)
        assert filled == set(p.grain), (p.table, p.notes["source"], filled, p.grain)
        for d in p.grain:
            assert f[d].notna().all() and (f[d].astype(str) != "").all(), (p.table, d)
        assert not f.duplicated(["day_from", "day_to", *p.grain]).any(), (p.table, p.grain)


def test_sources_and_grains(parsed):
    sources = {(p.table, p.notes["source"], p.grain) for p in parsed}
    for platform in ("google_ads", "meta", "linkedin"):
        assert any(t == "ad_performance" and s == platform for t, s, _ in sources)
    assert ("ad_performance", "meta", ("platform", "account", "campaign", "ad_group", "age", "gender")) in sources
    for network in ("facebook", "instagram", "linkedin_pages"):
        assert ("social_performance", network, ("network", "account")) in sources
        assert ("social_performance", network, ("network", "account", "post_id")) in sources
    assert ("search_console", "search_console", ()) in sources
    assert ("search_console", "search_console", ("query",)) in sources
    names = {p.notes["source"] for p in parsed}
    assert {"ga4", "mailchimp", "shopify", "hubspot", "brand24", "survey"} <= names


def ratio(f: pd.DataFrame, num: str, den: str) -> float:
    return float(f[num].sum() / f[den].sum())


def test_kpis_in_realistic_ranges(parsed):
    for platform in ("google_ads", "meta", "linkedin"):
        f = frames(parsed, "ad_performance", platform)[0].frame
        assert 0.005 <= ratio(f, "clicks", "impressions") <= 0.05, platform
        assert 0.3 <= ratio(f, "cost", "clicks") <= 2.0, platform
        assert 1 <= ratio(f, "conversion_value", "cost") <= 8, platform
        assert (f["currency"] == "EUR").all()
    email = one(parsed, "email_campaigns")
    assert 0.20 <= ratio(email, "unique_opens", "delivered") <= 0.45
    assert email["sent"].between(8000, 16000).all()
    site = one(parsed, "site_traffic")
    assert 0.01 <= ratio(site, "key_events", "sessions") <= 0.04
    assert 0.55 <= ratio(site, "engaged_sessions", "sessions") <= 0.70
    assert 60 <= ratio(site, "revenue", "transactions") <= 90
    assert (site["bounces"] == site["sessions"] - site["engaged_sessions"]).all()
    daily = site.groupby("day_from")["sessions"].sum()
    assert 1500 <= daily.median() <= 4000
    assert 40_000 <= len(site) <= 80_000


def test_paid_campaigns_match_utm_names(parsed):
    site = one(parsed, "site_traffic")
    utm = set(site["campaign"])
    google = frames(parsed, "ad_performance", "google_ads", "ad_group")[0].frame
    meta = frames(parsed, "ad_performance", "meta", "ad_group")[0].frame
    ads = set(google["campaign"]) | set(meta["campaign"])
    assert {"fr_search_marque", "fr_pmax_soldes", "meta_prospection_printemps", "meta_retargeting"} <= ads & utm
    assert "fr_demandgen_test" in ads - utm     # spend with no GA4 match
    email = one(parsed, "email_campaigns")
    assert set(email["campaign"]) & utm


def test_bad_buzz_spike(parsed):
    mentions = one(parsed, "mentions")
    neg = mentions.groupby("day_from")["negative_mentions"].sum()
    buzz = demo.events(END)["bad_buzz"]
    assert neg.idxmax() == buzz
    assert neg.max() > 10 * neg.median()


def test_black_friday_is_a_top_revenue_day(parsed):
    site = one(parsed, "site_traffic")
    revenue = site.groupby("day_from")["revenue"].sum().sort_values(ascending=False)
    bf = demo.black_friday(2024)
    assert bf in set(revenue.index[:3])


def test_cpa_drift_on_meta_prospecting(parsed):
    meta = frames(parsed, "ad_performance", "meta", "ad_group")[0].frame
    f = meta[meta["campaign"] == "meta_prospection_printemps"].groupby("day_from")[["cost", "conversions"]].sum()
    last, before = f.iloc[-10:], f.iloc[-60:-25]
    assert last["cost"].mean() > 0.8 * before["cost"].mean()
    assert ratio(last, "cost", "conversions") > 1.5 * ratio(before, "cost", "conversions")


def test_orders_have_repeat_customers(parsed):
    orders = one(parsed, "orders")
    kinds = set(orders["kind"])
    assert kinds == {"order", "cancellation", "return"}
    sales = orders[orders["kind"] == "order"]
    assert sales["customer_id"].duplicated().mean() > 0.15
    assert (orders.loc[orders["kind"] != "order", "revenue"] < 0).all()


def test_workspace_loads_once():
    store = Store(":memory:")
    try:
        summary = demo.build_workspace(store, months=3)
        assert summary["status"] == "loaded"
        assert set(summary["tables"]) == set(DIMENSIONS)
        for table, rows in summary["tables"].items():
            assert store.scalar(f"SELECT count(*) FROM {table}") == rows, table
        assert store.scalar("SELECT value FROM settings WHERE name = 'workspace_name'") == demo.WORKSPACE_NAME
        assert store.scalar("SELECT value FROM settings WHERE name = 'is_demo'") == "1"
        assert store.scalar("SELECT count(*) FROM annotations") >= 3
        assert store.scalar("SELECT count(*) FROM campaigns") >= 1
        # The same frames again: nothing changes, workspace rows are not duplicated.
        second = demo.build_workspace(store, months=3)
        assert second["status"] == "unchanged"
        assert second["inserted"] == 0 and second["load_id"] is None
        assert store.scalar("SELECT count(*) FROM annotations") == summary["annotations"]
        assert store.scalar("SELECT count(*) FROM campaigns") == summary["campaigns"]
    finally:
        store.close()


def test_ensure_demo(tmp_path):
    path = str(tmp_path / "w.duckdb")
    assert demo.ensure_demo(path, months=3) is True
    assert demo.ensure_demo(path, months=3) is False


def test_scale_grows_rows():
    small = demo.build(end=END, months=3)
    big = demo.build(end=END, months=3, scale=2.0)
    rows = {}
    for label, built in (("small", small), ("big", big)):
        rows[label] = {t: sum(len(p.frame) for p in built if p.table == t)
                       for t in ("site_traffic", "ad_performance")}
    for table in rows["small"]:
        assert rows["big"][table] > 1.6 * rows["small"][table], table
