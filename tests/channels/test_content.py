"""Top content (posts, emails, landing pages, ads) and the Search Console movers."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.channels import content
from lib.kpis import queries
from lib.store import Store
from lib.ui import preset_window

WINDOW = preset_window("last_28", date.today())


@pytest.fixture(scope="module")
def demo(demo_db):
    s = Store(demo_db)
    yield s
    s.close()


def _sorted_desc(series: pd.Series) -> bool:
    return series.is_monotonic_decreasing


def test_posts_by_engagement_rate(demo):
    frame = content.posts(demo, *WINDOW, min_reach=100, limit=5)
    assert 0 < len(frame) <= 5
    assert frame["post_id"].notna().all()
    assert (frame["social_reach"] >= 100).all()
    assert _sorted_desc(frame["social_engagement_rate"])
    row = frame.iloc[0]
    assert row["social_engagement_rate"] == pytest.approx(row["social_engagements"] / row["social_reach"])


@pytest.mark.parametrize("by", ["email_click_rate", "email_open_rate"])
def test_emails_ranked(demo, by):
    frame = content.emails(demo, *WINDOW, "EUR", by=by, limit=None)
    assert len(frame) >= 3 and _sorted_desc(frame[by])
    assert {"campaign", "subject", "send_time"} <= set(frame.columns)
    # The figures are those of the kpi command for the same campaign.
    first = frame.iloc[0]
    expected = queries.run(demo, [by], *WINDOW, filters={"campaign_id": [first["campaign_id"]]},
                           currency="EUR").frame.iloc[0][by]
    assert first[by] == pytest.approx(expected)


@pytest.mark.parametrize("minimum", [100, 5000])
def test_landing_pages_threshold(demo, minimum):
    frame = content.landing_pages(demo, *WINDOW, "EUR", min_sessions=minimum, limit=None)
    assert (frame["site_sessions"] >= minimum).all()
    assert _sorted_desc(frame["site_conversion_rate"])
    every = queries.run(demo, ["site_sessions"], *WINDOW, by=["landing_page"], currency="EUR").frame
    assert len(frame) == (every["site_sessions"] >= minimum).sum()


@pytest.mark.parametrize("by", ["paid_ctr", "paid_roas"])
def test_ads_ranked_with_campaign_fallback(demo, by):
    frame = content.ads(demo, *WINDOW, "EUR", min_impressions=1000, limit=None, by=by)
    assert _sorted_desc(frame[by])
    assert (frame["paid_impressions"] >= 1000).all()
    # LinkedIn has no ad-group export in the demo: ranked at campaign level.
    linkedin = frame[frame["platform"] == "linkedin"]
    assert len(linkedin) == 1 and linkedin["ad_group"].isna().all()
    assert frame[frame["platform"] != "linkedin"]["ad_group"].notna().all()
    total = queries.run(demo, ["paid_impressions"], *WINDOW, currency="EUR").frame.iloc[0, 0]
    assert frame["paid_impressions"].sum() <= total


def test_top_across_channels(demo):
    frame = content.top(demo, *WINDOW, "EUR", limit=3)
    assert list(frame["kind"].unique()) == list(content.KINDS)
    assert frame.groupby("kind").size().max() <= 3
    assert frame["score"].between(0, 1).all(), "every score is a rate"


def test_top_on_empty_workspace(store):
    assert content.top(store, *WINDOW).empty
    assert content.posts(store, *WINDOW).empty
    assert content.emails(store, *WINDOW).empty


def test_posts_deduplicated_across_sources(store):
    with store.transaction() as cur:
        for i, (source, imps) in enumerate((("api", 1000), ("export", 900))):
            cur.execute(
                "INSERT INTO social_performance (key, load_id, source, grain, day_from, day_to, network, "
                "account, post_id, impressions, reach, engagements) VALUES (?, 1, ?, 'date+post_id', ?, ?, "
                "'instagram', 'shop', 'p1', ?, 800, 40)", [f"k{i}", source, WINDOW[1], WINDOW[1], imps])
    frame = content.posts(store, *WINDOW)
    assert len(frame) == 1 and frame.iloc[0]["social_impressions"] == 1000


MOVERS_CURRENT = pd.DataFrame({
    "query": ["a", "b", "c", "d"], "seo_clicks": [10.0, 5.0, 7.0, 3.0],
    "seo_clicks_compare": [4.0, 9.0, None, 3.0]})
MOVERS_PREVIOUS = pd.DataFrame({"query": ["a", "b", "d", "e", "f"], "seo_clicks": [4.0, 9.0, 3.0, 2.0, 8.0]})


@pytest.mark.parametrize("kind, expected", [
    ("gaining", ["a"]), ("losing", ["b"]), ("new", ["c"]), ("lost", ["f", "e"]),
])
def test_movers(kind, expected):
    moved = content.movers(MOVERS_CURRENT, MOVERS_PREVIOUS, "query")
    assert list(moved[kind]["query"]) == expected


def test_movers_without_comparison():
    moved = content.movers(MOVERS_CURRENT.drop(columns="seo_clicks_compare"), pd.DataFrame(), "query")
    assert all(f.empty for f in moved.values())
