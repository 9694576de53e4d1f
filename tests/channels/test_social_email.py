"""Pure social and email helpers: mention spike days, per-campaign counts, subject ranking, list health, items."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.channels import email_health, items, social
from lib.demo import build as demo
from lib.ingest.load import load_parsed
from lib.kpis import queries
from lib.sources.base import Parsed
from lib.store import Store
from tests.conftest import YESTERDAY


def _days(values):
    start = date(2026, 3, 1)
    return pd.DataFrame({"day": [start + timedelta(days=i) for i in range(len(values))],
                         "negative_mentions": values})


@pytest.mark.parametrize("values, kwargs, expected", [
    # median 2, MAD 1: threshold 5; 40 is a spike.
    ([1, 2, 3, 2, 40, 2, 1, 3], {}, [4]),
    # the spike's neighbour (9) is also above median + 3 MAD.
    ([1, 2, 3, 2, 40, 9, 1, 3], {}, [4, 5]),
    # above the threshold but under the minimum: a quiet account is not in crisis.
    ([0, 0, 1, 0, 4, 0, 0, 1], {}, []),
    ([0, 0, 1, 0, 4, 0, 0, 1], {"minimum": 3}, [4]),
    # a flat window (MAD 0): anything over the median and the minimum counts.
    ([5, 5, 5, 5, 6, 5], {}, [4]),
    ([5, 5, 5, 5, 5, 5], {}, []),
    # a larger k is more tolerant.
    ([1, 2, 3, 2, 6, 2, 1, 3], {}, [4]),
    ([1, 2, 3, 2, 6, 2, 1, 3], {"k": 5}, []),
    ([], {}, []),
])
def test_spike_days(values, kwargs, expected):
    frame = _days(values)
    found = social.spike_days(frame, **kwargs)
    assert list(found["day"]) == [frame["day"][i] for i in expected]
    if expected:
        assert (found["negative_mentions"] > found["threshold"]).all()


def test_the_demo_bad_buzz_is_the_spike(demo_db):
    buzz = demo.events(end=YESTERDAY, months=3)["bad_buzz"]
    s = Store(demo_db)
    try:
        frame = queries.run(s, ["social_mentions", "social_negative_mention_share"],
                            buzz - timedelta(days=20), buzz + timedelta(days=20), by=["day"]).frame
    finally:
        s.close()
    frame["negative_mentions"] = (frame["social_mentions"] * frame["social_negative_mention_share"]).round()
    spikes = social.spike_days(frame)
    assert pd.Timestamp(buzz) in {pd.Timestamp(d) for d in spikes["day"]}
    assert len(spikes) <= 3   # the buzz and its tail, not every busy day


def test_top_posts_by_engagement_rate(demo_db):
    s = Store(demo_db)
    try:
        start, end = YESTERDAY - timedelta(days=27), YESTERDAY
        rates = queries.run(s, ["social_engagements", "social_engagement_rate"], start, end, by=["post_id"]).frame
        top = social.top_posts(rates, social.post_details(s, start, end), n=5)
    finally:
        s.close()
    assert len(top) == 5
    assert top["social_engagement_rate"].is_monotonic_decreasing
    assert top["social_engagement_rate"].iloc[0] == rates["social_engagement_rate"].max()
    assert top["network"].notna().all() and top["post_text"].notna().all()


SENDS = pd.DataFrame({
    "campaign_id": ["a", "b", "c", "d"],
    "send_day": pd.to_datetime(["2026-01-06", "2026-01-20", "2026-02-03", "2026-02-03"]),
    "subject": ["Soldes", "Nouveautés", "Soldes", None],
    "sent": [1000, 2000, 1000, 500], "delivered": [980, 1960, 990, 500],
    "hard_bounces": [5, 10, 4, 0], "soft_bounces": [15, 30, 6, 0],
    "unique_opens": [300, 500, 400, 100], "unsubscribes": [2, 6, 3, 0], "complaints": [0, 1, 0, 0],
    "list_size": [1100, 2100, 1150, None],
})


def test_subject_ranking_is_a_ratio_of_sums():
    ranked = email_health.subject_ranking(SENDS)
    assert list(ranked["subject"]) == ["Soldes", "Nouveautés", ""]
    soldes = ranked.iloc[0]
    assert (soldes["sends"], soldes["delivered"], soldes["unique_opens"]) == (2, 1970, 700)
    assert soldes["open_rate"] == pytest.approx(700 / 1970)
    assert ranked.iloc[1]["open_rate"] == pytest.approx(500 / 1960)
    assert email_health.subject_ranking(SENDS, min_delivered=1000)["subject"].tolist() == ["Soldes", "Nouveautés"]
    assert email_health.subject_ranking(SENDS.iloc[0:0]).empty


def test_monthly_list_health_rates():
    monthly = email_health.monthly_rates(SENDS)
    assert monthly["month"].dt.strftime("%Y-%m").tolist() == ["2026-01", "2026-02"]
    jan, feb = monthly.iloc[0], monthly.iloc[1]
    assert (jan["sends"], jan["sent"], jan["delivered"]) == (2, 3000, 2940)
    assert jan["unsubscribe_rate"] == pytest.approx(8 / 2940)
    assert jan["bounce_rate"] == pytest.approx(60 / 3000)
    assert jan["complaint_rate"] == pytest.approx(1 / 2940)
    assert feb["bounce_rate"] == pytest.approx(10 / 1500)
    assert feb["complaint_rate"] == 0


def test_list_size_by_send_day():
    size = email_health.list_size(SENDS)
    assert size["list_size"].tolist() == [1100, 2100, 1150]
    assert email_health.list_size(SENDS.assign(list_size=None)).empty


def test_campaigns_match_the_catalogue(demo_db):
    s = Store(demo_db)
    try:
        start, end = YESTERDAY - timedelta(days=27), YESTERDAY
        sends = email_health.campaigns(s, start, end, "EUR")
        totals = queries.run(s, ["email_sent", "email_open_rate"], start, end, currency="EUR").frame.iloc[0]
        assert email_health.campaigns(s, start, end, "USD").empty
    finally:
        s.close()
    assert sends["send_day"].is_monotonic_increasing
    assert sends["sent"].sum() == totals["email_sent"]
    assert sends["unique_opens"].sum() / sends["delivered"].sum() == pytest.approx(totals["email_open_rate"])


def test_cart_abandonment_by_category():
    s = Store(":memory:")
    day = date(2026, 3, 1)
    frame = pd.DataFrame({
        "day_from": [day] * 3, "day_to": [day] * 3, "item_category": ["Maison", "Maison", "Vêtements"],
        "item_name": ["Plaid", "Bougie", "Robe"], "items_added_to_cart": [30, 10, 20],
        "items_purchased": [6, 4, 0]})
    # Another cut of the same items (by category only) must not be added to the first.
    by_cat = frame.groupby(["day_from", "day_to", "item_category"], as_index=False)[
        ["items_added_to_cart", "items_purchased"]].sum()
    load_parsed(s, [Parsed("site_items", frame, ("item_category", "item_name"), "test", notes={"source": "ga4"}),
                    Parsed("site_items", by_cat, ("item_category",), "test", notes={"source": "ga4"})], "items.csv")
    try:
        found = items.by_category(s, day, day)
        assert items.by_category(s, day + timedelta(days=1), day + timedelta(days=2)).empty
    finally:
        s.close()
    assert found["item_category"].tolist() == ["Maison", "Vêtements"]
    assert found["items_added_to_cart"].tolist() == [40, 20]
    assert found["abandonment_rate"].tolist() == pytest.approx([1 - 10 / 40, 1.0])
