"""The catalogue: ids, translations, and every KPI against hand-computed values."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.sources.base import Parsed
from lib.store import Store

D1, D2 = date(2025, 3, 1), date(2025, 3, 2)


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def _daily(day: date, **values) -> dict:
    return {"day_from": day, "day_to": day, **values}


def load_fixture(store) -> None:
    """Two days of every channel; the expected values below are computed by hand from these."""
    parsed = [
        Parsed("site_traffic", _frame([
            _daily(D1, channel_group="Direct", sessions=100, users=80, new_users=50, engaged_sessions=60,
                   bounces=40, page_views=300, session_duration_s=12000, exits=100, add_to_carts=10,
                   checkouts=6, transactions=4, revenue=400, key_events=5, currency="EUR"),
            _daily(D2, channel_group="Email", sessions=50, users=45, new_users=5, engaged_sessions=40,
                   bounces=10, page_views=200, session_duration_s=9000, exits=50, add_to_carts=5,
                   checkouts=3, transactions=1, revenue=90, key_events=2, currency="EUR"),
        ]), ("channel_group",), "test", notes={"source": "ga4"}),
        Parsed("ad_performance", _frame([
            _daily(D1, platform="google_ads", campaign="A", impressions=1000, reach=800, clicks=50,
                   cost=25, conversions=5, conversion_value=100, currency="EUR"),
            _daily(D2, platform="google_ads", campaign="A", impressions=3000, reach=2000, clicks=100,
                   cost=75, conversions=0, conversion_value=0, currency="EUR"),
        ]), ("platform", "campaign"), "test", notes={"source": "google_ads"}),
        Parsed("social_performance", _frame([
            _daily(D1, network="facebook", account="shop", impressions=500, reach=400, engagements=20,
                   followers=1000, follows=15, unfollows=5),
            _daily(D2, network="facebook", account="shop", impressions=700, reach=600, engagements=30,
                   followers=1010, follows=12, unfollows=2),
        ]), ("network", "account"), "test", notes={"source": "facebook"}),
        Parsed("mentions", _frame([
            _daily(D1, mention_id="m1", sentiment="positive", mentions=1, negative_mentions=0),
            _daily(D2, mention_id="m2", sentiment="negative", mentions=1, negative_mentions=1),
            _daily(D2, mention_id="m3", sentiment="negative", mentions=1, negative_mentions=1),
            _daily(D2, mention_id="m4", sentiment="negative", mentions=1, negative_mentions=1),
        ]), ("mention_id",), "test", notes={"source": "brand24"}),
        Parsed("email_campaigns", _frame([
            _daily(D1, platform="mailchimp", campaign_id="c1", sent=1000, delivered=980, hard_bounces=15,
                   soft_bounces=5, unique_opens=300, unique_clicks=30, unsubscribes=3, complaints=0,
                   conversions=3, revenue=150),
            _daily(D2, platform="mailchimp", campaign_id="c2", sent=500, delivered=490, hard_bounces=5,
                   soft_bounces=5, unique_opens=200, unique_clicks=20, unsubscribes=2, complaints=1,
                   conversions=2, revenue=50),
        ]), ("platform", "campaign_id"), "test", notes={"source": "mailchimp"}),
        Parsed("search_console", _frame([
            _daily(D1, clicks=10, impressions=100, position_sum=500),   # average position 5
            _daily(D2, clicks=30, impressions=300, position_sum=900),   # average position 3
        ]), (), "test", notes={"source": "search_console"}),
        Parsed("site_friction", _frame([
            _daily(D1, page="/", device="Mobile", sessions=200, rage_clicks=4, dead_clicks=30,
                   quick_back_sessions=10, scroll_depth_sum=200 * 40),
            _daily(D2, page="/", device="PC", sessions=100, rage_clicks=2, dead_clicks=6,
                   quick_back_sessions=2, scroll_depth_sum=100 * 70),
        ]), ("page", "device"), "test", notes={"source": "clarity"}),
        Parsed("leads", _frame([
            _daily(D1, lead_id="l1", status="customer", leads=1, customers=1),
            _daily(D1, lead_id="l2", status="lead", leads=1, customers=0),
            _daily(D2, lead_id="l3", status="qualified", leads=1, customers=0),
            _daily(D2, lead_id="l4", status="lead", leads=1, customers=0),
        ]), ("lead_id",), "test", notes={"source": "hubspot"}),
        Parsed("nps_responses", _frame([
            _daily(D1 if i < 2 else D2, response_id=f"r{i}", score=s)
            for i, s in enumerate([10, 9, 8, 7, 3])
        ]), ("response_id",), "test", notes={"source": "survey"}),
        conversations_fixture(),
    ]
    ingest.load_parsed(store, parsed, "fixture")


def conversations_fixture() -> Parsed:
    """D1 and D2 are a Saturday and a Sunday (1-2 March 2025), hours computed by hand:
    c1 Sat 10:00 -> Sat 12:00       calendar 2,    business 0
    c2 Sat 20:00 -> Mon 10:00       calendar 38,   business 1 (Monday 09-10), negative
    c3 Sun 09:00, never answered,   negative
    c4 Sun 22:00 -> Tue 09:30       calendar 35.5, business 9.5, answered after the window ends
    m1 Sun 11:00 -> Sun 11:30       calendar 0.5,  business 0 (a message)"""
    from datetime import datetime as dt

    from lib.sources import community
    items = [
        community.Item(1, "facebook", "shop", "comment", "c1", dt(2025, 3, 1, 10), dt(2025, 3, 1, 12),
                       sentiment="neutral"),
        community.Item(2, "facebook", "shop", "comment", "c2", dt(2025, 3, 1, 20), dt(2025, 3, 3, 10),
                       sentiment="negative"),
        community.Item(3, "instagram", "shop", "comment", "c3", dt(2025, 3, 2, 9), None,
                       sentiment="negative"),
        community.Item(4, "google", "shop", "review", "c4", dt(2025, 3, 2, 22), dt(2025, 3, 4, 9, 30),
                       sentiment="positive"),
        community.Item(5, "facebook", "shop", "message", "m1", dt(2025, 3, 2, 11), dt(2025, 3, 2, 11, 30)),
    ]
    frame, _ = community.build(items)
    return Parsed("conversations", frame, community.GRAIN, "test", notes={"source": "inbox"})


# Hand-computed from load_fixture over D1..D2.
EXPECTED = {
    "site_sessions": 150, "site_users": 125, "site_new_users": 55,
    "site_engagement_rate": 100 / 150, "site_bounce_rate": 50 / 150,
    "site_avg_session_duration": 21000 / 150, "site_pages_per_session": 500 / 150,
    "site_exit_rate": 150 / 500, "site_conversions": 7, "site_conversion_rate": 7 / 150,
    "site_transactions": 5, "site_revenue": 490, "site_aov": 490 / 5,
    "site_add_to_carts": 15, "site_checkouts": 9, "site_cart_abandonment_rate": 1 - 5 / 15,
    "site_recorded_sessions": 300, "site_rage_clicks": 6, "site_rage_clicks_per_session": 6 / 300,
    "site_dead_clicks_per_session": 36 / 300, "site_quick_back_rate": 12 / 300,
    "site_scroll_depth": (8000 + 7000) / 100 / 300,        # 50%: (40% x 200 + 70% x 100) / 300
    "paid_impressions": 4000, "paid_reach": None,          # two rows: reach is not additive
    "paid_frequency": None, "paid_clicks": 150, "paid_ctr": 150 / 4000, "paid_cost": 100,
    "paid_cpc": 100 / 150, "paid_cpm": 1000 * 100 / 4000, "paid_conversions": 5,
    "paid_conversion_rate": 5 / 150, "paid_cpa": 100 / 5, "paid_conversion_value": 100,
    "paid_roas": 100 / 100,
    "social_impressions": 1200, "social_reach": 1000, "social_engagements": 50,
    "social_engagement_rate": 50 / 1000, "social_followers": 1010,
    "social_audience_growth": (27 - 7) / 1000, "social_mentions": 4,
    "social_negative_mention_share": 3 / 4,
    "email_sent": 1500, "email_delivered": 1470, "email_deliverability_rate": 1470 / 1500,
    "email_bounce_rate": 30 / 1500, "email_open_rate": 500 / 1470, "email_click_rate": 50 / 1470,
    "email_click_to_open_rate": 50 / 500, "email_unsubscribe_rate": 5 / 1470,
    "email_conversion_rate": 5 / 50, "email_revenue": 200,
    "seo_clicks": 40, "seo_impressions": 400, "seo_ctr": 40 / 400, "seo_position": 1400 / 400,
    "leads": 4, "lead_to_customer_rate": 1 / 4, "cost_per_lead": 100 / 4,
    "total_cost": 100, "total_revenue": 490, "blended_roas": 490 / 100, "blended_cpa": 100 / 7,
    "total_conversions": 7,
    "nps": 100 * (2 - 1) / 5,
    # answered hours sorted: calendar [0.5, 2, 35.5, 38], business [0, 0, 1, 9.5]; quantiles
    # interpolate at (n - 1) x q: the median sits half-way between the 2nd and 3rd, p90 at 2.7.
    "social_conversations": 5, "social_response_rate": 4 / 5,
    "social_response_hours_median": 2 + 0.5 * (35.5 - 2), "social_response_hours_p90": 35.5 + 0.7 * 2.5,
    "social_response_business_hours_median": 0.5, "social_response_business_hours_p90": 1 + 0.7 * 8.5,
    "social_unanswered": 1, "social_unanswered_negative": 1, "social_negative_item_share": 2 / 5,
}


def test_ids_unique_and_translated():
    ids = [k.id for k in kpis.CATALOGUE]
    assert len(ids) == len(set(ids))
    for k in kpis.CATALOGUE:
        for text in (k.label, k.description, k.formula, k.good):
            assert text.get("fr") and text.get("en"), k.id
        assert k.unit in {"count", "money", "rate", "seconds", "number", "position"}
        assert k.better in {"up", "down"}
        assert (k.sql and k.table) or (k.parts and k.compose), k.id


def test_every_kpi_has_a_hand_computed_value():
    assert set(EXPECTED) == {k.id for k in kpis.CATALOGUE}


@pytest.fixture(scope="module")
def loaded():
    s = Store(":memory:")
    load_fixture(s)
    yield s
    s.close()


@pytest.mark.parametrize("kpi_id", list(EXPECTED))
def test_kpi_value(loaded, kpi_id):
    value = queries.run(loaded, [kpi_id], D1, D2).frame.iloc[0][kpi_id]
    if EXPECTED[kpi_id] is None:
        assert pd.isna(value)
    else:
        assert value == pytest.approx(EXPECTED[kpi_id])


def test_reach_given_for_one_row_covering_the_window(loaded):
    frame = queries.run(loaded, ["paid_reach", "paid_frequency"], D1, D1).frame
    assert frame.iloc[0]["paid_reach"] == 800
    assert frame.iloc[0]["paid_frequency"] == pytest.approx(1000 / 800)


def test_division_by_zero_gives_null(store):
    zero = Parsed("site_traffic", _frame([_daily(D1, channel_group="Direct", sessions=0,
                                                 engaged_sessions=0, transactions=0, revenue=0,
                                                 add_to_carts=0, key_events=0)]),
                  ("channel_group",), "test", notes={"source": "ga4"})
    ads = Parsed("ad_performance", _frame([_daily(D1, platform="meta", campaign="x", impressions=0,
                                                  clicks=0, cost=0, conversions=0, conversion_value=0)]),
                 ("platform", "campaign"), "test", notes={"source": "meta"})
    friction = Parsed("site_friction", _frame([_daily(D1, page="/", device="PC", sessions=0,
                                                      rage_clicks=0, dead_clicks=0)]),
                      ("page", "device"), "test", notes={"source": "clarity"})
    ingest.load_parsed(store, [zero, ads, friction], "zeros")
    ids = ["site_rage_clicks_per_session", "site_dead_clicks_per_session", "site_quick_back_rate",
           "site_scroll_depth", "site_engagement_rate", "site_aov", "site_conversion_rate", "site_cart_abandonment_rate",
           "paid_ctr", "paid_cpc", "paid_cpa", "paid_roas", "blended_roas", "blended_cpa"]
    row = queries.run(store, ids, D1, D1).frame.iloc[0]
    assert row[ids].isna().all()
    assert queries.run(store, ["site_sessions"], D1, D1).frame.iloc[0]["site_sessions"] == 0


def test_missing_days_are_missing_not_zero(loaded):
    # Data on D1 and D2 only, in a ten-day window: the missing days are not invented as zeros.
    end = date(2025, 3, 10)
    frame = queries.run(loaded, ["site_sessions", "site_conversion_rate"], D1, end, by=["day"]).frame
    assert list(frame["day"].dt.date) == [D1, D2]
    assert frame["site_sessions"].sum() == 150
    rage = queries.run(loaded, ["site_rage_clicks_per_session"], D2, end, by=["day"]).frame
    assert list(rage["day"].dt.date) == [D2] and rage.iloc[0, 1] == pytest.approx(2 / 100)
    empty = queries.run(loaded, ["site_sessions", "site_engagement_rate"], date(2025, 4, 1),
                        date(2025, 4, 30)).frame
    assert empty.iloc[0].isna().all()           # no data is n/a, not 0


def test_unknown_kpi_refused():
    with pytest.raises(kpis.UnknownKpi, match="unknown KPI"):
        kpis.get("site_sessionz")


COMMUNITY = ["social_conversations", "social_response_rate", "social_response_hours_median",
             "social_response_business_hours_median", "social_unanswered", "social_negative_item_share"]


def test_community_across_a_dst_weekend(store):
    # Received Saturday 29 March 2025 12:00, answered Monday 31 March 10:00: the night of the 30th
    # lasts 23 hours (46 - 1 = 45 calendar hours) and Monday 09-10 is the one business hour.
    from datetime import datetime as dt

    from lib.sources import community
    frame, _ = community.build([community.Item(1, "facebook", "shop", "comment", "d1",
                                               dt(2025, 3, 29, 12), dt(2025, 3, 31, 10))])
    ingest.load_parsed(store, [Parsed("conversations", frame, community.GRAIN, "test",
                                      notes={"source": "inbox"})], "dst")
    row = queries.run(store, COMMUNITY, date(2025, 3, 29), date(2025, 3, 31)).frame.iloc[0]
    assert row["social_response_hours_median"] == 45
    assert row["social_response_business_hours_median"] == 1
    assert row["social_response_rate"] == 1 and row["social_unanswered"] == 0


def test_community_without_items_is_na_not_zero(loaded, store):
    empty = queries.run(loaded, COMMUNITY, date(2025, 4, 1), date(2025, 4, 30)).frame.iloc[0]
    assert empty.isna().all()
    # a window whose only items were never answered: rate 0, no response time at all
    sunday = queries.run(loaded, COMMUNITY + ["social_unanswered_negative"], D2, D2).frame.iloc[0]
    assert sunday["social_response_rate"] == pytest.approx(2 / 3)
    assert sunday["social_unanswered_negative"] == 1
    zero = Parsed("conversations", _frame([_daily(D1, network="x", account="y", kind="comment",
                                                  item_id="z", items=0, answered=0, negative_items=0)]),
                  ("network", "account", "kind", "item_id"), "test", notes={"source": "inbox"})
    ingest.load_parsed(store, [zero], "zero")
    row = queries.run(store, COMMUNITY, D1, D1).frame.iloc[0]
    assert pd.isna(row["social_response_rate"]) and pd.isna(row["social_negative_item_share"])
    assert pd.isna(row["social_response_hours_median"]) and row["social_unanswered"] == 0


def test_community_by_network_and_tone(loaded):
    frame = queries.run(loaded, ["social_conversations", "social_unanswered"], D1, D2, by=["network"]).frame
    assert dict(zip(frame["network"], frame["social_conversations"], strict=True)) == {
        "facebook": 3, "google": 1, "instagram": 1}
    negative = queries.run(loaded, ["social_conversations", "social_unanswered"], D1, D2,
                           filters={"sentiment": "negative"}).frame.iloc[0]
    assert (negative["social_conversations"], negative["social_unanswered"]) == (2, 1)


@pytest.mark.parametrize(("kid", "lang", "short"), [
    ("email_conversion_rate", "en", "Conversion rate"), ("email_conversion_rate", "fr", "Taux de conversion"),
    ("paid_clicks", "fr", "Clics"), ("seo_ctr", "en", "CTR"), ("site_revenue", "fr", "Chiffre d'affaires"),
    ("social_response_hours_median", "en", "Median response time (hours)"),   # not a channel: kept
    ("site_sessions", "en", "Sessions")])
def test_short_label_drops_only_the_channel_suffix(kid, lang, short):
    assert kpis.short_label(kpis.get(kid), lang) == short
