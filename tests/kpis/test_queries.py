"""The query builder: dimensions, comparison windows, bound filters, grains, currencies."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import queries
from lib.kpis.notes import Note
from lib.sources.base import Parsed
from lib.store import Store
from lib.store.schema import DIMENSIONS

D1, D2 = date(2025, 3, 1), date(2025, 3, 2)
HOSTILE = ["O'Brien", "Ünïcödé ✓", "x'); DROP TABLE site_traffic; --", "%", "_", "\\", '"quoted"']


@pytest.fixture(scope="module")
def ws():
    s = Store(":memory:")
    rows = []
    for i, value in enumerate(["Direct", *HOSTILE]):
        rows.append({"day_from": D1 if i % 2 else D2, "day_to": D1 if i % 2 else D2,
                     "source_name": value, "medium": "m", "campaign": value, "channel_group": value,
                     "device": "mobile", "country": "France", "landing_page": f"/{i}",
                     "page_path": f"/{i}", "event_name": "e", "sessions": 10 + i, "currency": "EUR"})
    grain = DIMENSIONS["site_traffic"]
    ingest.load_parsed(s, [Parsed("site_traffic", pd.DataFrame(rows), grain, "t", notes={"source": "ga4"})], "f")
    ads = pd.DataFrame([
        {"day_from": D1, "day_to": D1, "platform": "meta", "campaign": "a", "cost": 10, "currency": "EUR"},
        {"day_from": D1, "day_to": D1, "platform": "google_ads", "campaign": "b", "cost": 7, "currency": "GBP"},
    ])
    ingest.load_parsed(s, [Parsed("ad_performance", ads, ("platform", "campaign"), "t", notes={"source": "x"})], "g")
    yield s
    s.close()


@pytest.mark.parametrize("dim", queries.dimensions("site_traffic"))
def test_every_site_dimension(ws, dim):
    frame = queries.run(ws, ["site_sessions"], D1, D2, by=[dim]).frame
    assert frame["site_sessions"].sum() == sum(10 + i for i in range(len(HOSTILE) + 1))
    assert dim in frame.columns


@pytest.mark.parametrize("value", HOSTILE)
def test_filter_values_are_bound_and_harmless(ws, value):
    frame = queries.run(ws, ["site_sessions"], D1, D2, filters={"campaign": [value]}).frame
    assert frame.iloc[0]["site_sessions"] == 10 + 1 + HOSTILE.index(value)
    assert ws.scalar("SELECT count(*) FROM site_traffic") == len(HOSTILE) + 1


@pytest.mark.parametrize("dim", ["sessions; DROP TABLE x", "nope", "key", "load_id"])
def test_unknown_dimension_refused(ws, dim):
    with pytest.raises(queries.QueryError, match="unknown dimension"):
        queries.run(ws, ["site_sessions"], D1, D2, by=[dim])
    with pytest.raises(queries.QueryError, match="unknown dimension"):
        queries.run(ws, ["site_sessions"], D1, D2, filters={dim: ["x"]})


@pytest.mark.parametrize("start,end,mode,expected", [
    (date(2025, 3, 8), date(2025, 3, 14), "previous", (date(2025, 3, 1), date(2025, 3, 7))),
    (date(2025, 3, 1), date(2025, 3, 31), "previous", (date(2025, 1, 29), date(2025, 2, 28))),
    (date(2025, 3, 1), date(2025, 3, 31), "year", (date(2024, 3, 1), date(2024, 3, 31))),
    (date(2024, 2, 29), date(2024, 3, 6), "year", (date(2023, 2, 28), date(2023, 3, 6))),
    (date(2025, 3, 1), date(2025, 3, 31), "none", None),
])
def test_comparison_windows(start, end, mode, expected):
    assert queries.comparison_window(start, end, mode) == expected


def test_compare_previous_gives_delta(ws):
    frame = queries.run_compared(ws, ["site_sessions"], D2, D2, "previous").frame
    row = frame.iloc[0]
    assert row["site_sessions_compare"] == queries.run(ws, ["site_sessions"], D1, D1).frame.iloc[0]["site_sessions"]
    assert row["site_sessions_delta"] == pytest.approx(row["site_sessions"] / row["site_sessions_compare"] - 1)


def test_time_dimensions(ws):
    by_week = queries.run(ws, ["site_sessions"], D1, D2, by=["week"]).frame
    assert list(by_week["week"].dt.date) == [date(2025, 2, 24)]   # ISO week starts Monday
    by_month = queries.run(ws, ["site_sessions"], D1, D2, by=["month"]).frame
    assert list(by_month["month"].dt.date) == [date(2025, 3, 1)]


def test_currencies_never_added(ws):
    result = queries.run(ws, ["paid_cost"], D1, D1)
    assert sorted(result.frame["currency"]) == ["EUR", "GBP"]
    assert any("several currencies" in str(n) for n in result.notes)
    assert Note.of("note_currencies", table="ad_performance", currencies="EUR, GBP") in result.notes
    eur = queries.run(ws, ["paid_cost"], D1, D1, currency="EUR").frame
    assert eur.iloc[0]["paid_cost"] == 10


def test_straddling_rows_reported_not_mixed(store):
    period = Parsed("site_traffic", pd.DataFrame([{"day_from": D1, "day_to": date(2025, 3, 31),
                                                   "landing_page": "/", "sessions": 300}]),
                    ("landing_page",), "t", notes={"source": "ga4"})
    ingest.load_parsed(store, [period], "march.csv")
    result = queries.run(store, ["site_sessions"], D1, date(2025, 3, 15))
    assert pd.isna(result.frame.iloc[0]["site_sessions"])
    assert result.straddling["site_traffic"] == 1
    assert any("straddles" in str(n) for n in result.notes)
    assert Note.of("note_straddling", table="site_traffic", rows=1) in result.notes
    whole = queries.run(store, ["site_sessions"], D1, date(2025, 3, 31)).frame
    assert whole.iloc[0]["site_sessions"] == 300


def test_daily_grain_needed_for_time_breakdown(store):
    period = Parsed("site_traffic", pd.DataFrame([{"day_from": D1, "day_to": D2, "landing_page": "/",
                                                   "sessions": 30}]), ("landing_page",), "t",
                    notes={"source": "ga4"})
    ingest.load_parsed(store, [period], "p.csv")
    result = queries.run(store, ["site_sessions"], D1, D2, by=["day"])
    assert result.frame.empty
    assert any("no export carries" in str(n) for n in result.notes)
    assert Note.of("note_no_daily_export", table="site_traffic", source="ga4") in result.notes


def test_window_reversed_refused(ws):
    with pytest.raises(queries.QueryError, match="after it ends"):
        queries.run(ws, ["site_sessions"], D2, D1)


def test_followers_are_a_stock_last_per_account_then_added(store):
    """Followers are end-of-day values: the window keeps each account's last, and adds accounts."""
    rows = pd.DataFrame([
        {"day_from": D1, "day_to": D1, "network": "facebook", "account": "shop", "followers": 100, "follows": 5, "unfollows": 1},
        {"day_from": D2, "day_to": D2, "network": "facebook", "account": "shop", "followers": 104, "follows": 4, "unfollows": 0},
        {"day_from": D1, "day_to": D1, "network": "instagram", "account": "shop", "followers": 50, "follows": 1, "unfollows": 0},
        {"day_from": D2, "day_to": D2, "network": "instagram", "account": "shop", "followers": None, "follows": 0, "unfollows": 0},
    ])
    ingest.load_parsed(store, [Parsed("social_performance", rows, ("network", "account"), "t",
                                      notes={"source": "facebook"})], "social.csv")
    total = queries.run(store, ["social_followers", "social_audience_growth"], D1, D2).frame.iloc[0]
    assert total["social_followers"] == 104 + 50          # a missing last day keeps the last known value
    assert total["social_audience_growth"] == pytest.approx((10 - 1) / (100 + 50))
    by_day = queries.run(store, ["social_followers"], D1, D2, by=["day"]).frame
    assert list(by_day["social_followers"]) == [150, 104]
    by_network = queries.run(store, ["social_followers"], D1, D2, by=["network"]).frame
    assert dict(zip(by_network["network"], by_network["social_followers"])) == {"facebook": 104, "instagram": 50}
