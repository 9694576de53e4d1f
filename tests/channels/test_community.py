"""The Community domain: the workspace's clock, the weekday x hour map, the oldest unanswered."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lib import access
from lib.channels import community
from lib.ingest import load as ingest
from lib.sources import community as rows
from lib.sources.base import Parsed
from lib.sources.community import Item


@pytest.fixture
def inbox(store):
    items = [   # Monday 3 and Tuesday 4 March 2025
        Item(1, "facebook", "shop", "comment", "a", datetime(2025, 3, 3, 10), datetime(2025, 3, 3, 11)),
        Item(2, "facebook", "shop", "comment", "b", datetime(2025, 3, 3, 10, 30), datetime(2025, 3, 3, 13, 30)),
        Item(3, "instagram", "shop", "comment", "c", datetime(2025, 3, 3, 10, 45), None, sentiment="neutral",
             url="https://instagram.com/p/1"),
        Item(4, "instagram", "shop", "message", "d", datetime(2025, 3, 4, 20), None, sentiment="negative",
             url="https://instagram.com/direct/2"),
        Item(5, "google", "shop", "review", "e", datetime(2025, 3, 4, 8), None, sentiment="negative"),
        Item(6, "google", "shop", "review", "f", datetime(2025, 3, 4, 20, 10), datetime(2025, 3, 5, 9, 10)),
        Item(7, "facebook", "shop", "comment", "g", datetime(2025, 3, 4, 9), datetime(2025, 3, 5, 10),
             sentiment="negative"),
    ]
    frame, _ = rows.build(items)
    ingest.load_parsed(store, [Parsed("conversations", frame, rows.GRAIN, "test",
                                      notes={"source": "inbox"})], "inbox")
    return store


def test_clock_is_a_workspace_setting(store):
    assert community.clock(store) == "hours"
    community.set_clock(store, "business_hours")
    assert community.clock(store) == "business_hours"
    assert community.kpi_ids("business_hours")[2:4] == ["social_response_business_hours_median",
                                                        "social_response_business_hours_p90"]
    with pytest.raises(ValueError, match="unknown clock"):
        community.set_clock(store, "minutes")
    token = access.set_role(access.VIEWER)
    try:
        with pytest.raises(access.PermissionDenied):
            community.set_clock(store, "hours")
    finally:
        access.reset_role(token)
    assert community.clock(store) == "business_hours"


def test_heatmap_by_weekday_and_hour(inbox):
    grid = community.heatmap(inbox, date(2025, 3, 3), date(2025, 3, 4), "hours").set_index(["weekday", "hour"])
    monday = grid.loc[(0, 10)]      # a, b answered in 1 and 3 hours, c never
    assert monday["items"] == 3 and monday["response_rate"] == pytest.approx(2 / 3)
    assert monday["median_hours"] == 2
    tuesday = grid.loc[(1, 20)]     # d never answered, f in 13 calendar hours (0.17 business hour)
    assert tuesday["items"] == 2 and tuesday["median_hours"] == 13
    business = community.heatmap(inbox, date(2025, 3, 3), date(2025, 3, 4), "business_hours")
    assert business.set_index(["weekday", "hour"]).loc[(1, 20), "median_hours"] == pytest.approx(10 / 60)
    assert community.heatmap(inbox, date(2025, 4, 1), date(2025, 4, 2), "hours").empty


def test_oldest_unanswered_negative_first(inbox):
    now = datetime(2025, 3, 5, 8)
    frame = community.oldest_unanswered(inbox, date(2025, 3, 3), date(2025, 3, 4), now)
    assert list(frame["kind"]) == ["review", "message", "comment"]     # negatives (oldest first), then c
    assert list(frame["age_hours"]) == [24.0, 12.0, 45.2]
    assert frame["url"].iloc[1] == "https://instagram.com/direct/2"
    assert len(community.oldest_unanswered(inbox, date(2025, 3, 3), date(2025, 3, 4), now, limit=1)) == 1
    # Wednesday 08:00: the review (24 h), g (23 h: its reply came at 10:00, later) and the message
    # (12 h) are negative and waiting; over 13 hours, not the message; two weeks later, all of them
    # are older than the 7 days looked back.
    late = community.unanswered_negative(inbox, now, hours=10, days=7)
    assert list(late["kind"]) == ["review", "comment", "message"]
    assert list(community.unanswered_negative(inbox, now, hours=13, days=7)["kind"]) == ["review", "comment"]
    assert community.unanswered_negative(inbox, datetime(2025, 3, 19), hours=1, days=7).empty
    assert len(community.unanswered_negative(inbox, datetime(2025, 3, 5, 11), hours=10, days=7)) == 2
