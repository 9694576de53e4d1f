"""Business rules the channel pages apply: what ranks (real spend, real traffic), pacing day,
list-health year, bounces, negative mentions back from their share, GA4 organic traffic."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.channels import content, email_health, pacing, ranking, social


@pytest.mark.parametrize("floor, volumes, expected", [
    # Real spend: 50 in the account currency, or 2 % of the window's spend when that is higher.
    (ranking.REAL_SPEND, [10, 20], 50.0),
    (ranking.REAL_SPEND, [1000, 1500], 50.0),                 # 2 % of 2,500 is exactly 50
    (ranking.REAL_SPEND, [4000, 6000], 200.0),                # 2 % of 10,000
    (ranking.REAL_SPEND, [], 50.0),                           # no campaign: the minimum
    # Real traffic: 100 sessions, or 1 % of all sessions when that is higher.
    (ranking.REAL_TRAFFIC, [40, 50], 100),
    (ranking.REAL_TRAFFIC, [30000, 20000], 500.0),
    (ranking.REAL_TRAFFIC, [5000, 5000, float("nan")], 100),  # a missing volume counts as none
])
def test_floor(floor, volumes, expected):
    assert floor.of(pd.Series(volumes, dtype="float64")) == pytest.approx(expected)


@pytest.mark.parametrize("costs, kept", [
    ([49.99, 50, 300], [50, 300]),                # floor 50: the one just under is out
    ([100, 150, 9750], [9750]),                   # floor 200 (2 % of 10,000): 100 and 150 are tests
    ([10, 20], []),
])
def test_real_spend_keeps_campaigns_at_the_floor(costs, kept):
    frame = pd.DataFrame({"campaign": [f"c{i}" for i in range(len(costs))], "paid_cost": costs})
    assert list(ranking.REAL_SPEND.keep(frame, "paid_cost")["paid_cost"]) == kept


def test_real_traffic_keeps_landing_pages_at_the_floor():
    frame = pd.DataFrame({"landing_page": ["/", "/a", "/b", "/c"], "site_sessions": [20000, 150, 99, 100]})
    # 1 % of 20,349 sessions is 203.49: only the home page has real traffic.
    assert list(ranking.REAL_TRAFFIC.keep(frame, "site_sessions")["landing_page"]) == ["/"]
    assert list(ranking.REAL_TRAFFIC.keep(frame.iloc[1:], "site_sessions")["landing_page"]) == ["/a", "/c"]


def test_ranked_worst_first_without_unscored_rows():
    frame = pd.DataFrame({"campaign": ["a", "b", "c", "d"], "paid_roas": [2.0, None, 0.5, 4.0]})
    assert list(ranking.ranked(frame, "paid_roas")["campaign"]) == ["c", "a", "d"]


@pytest.mark.parametrize("count, expected", [(2, 1), (3, 1), (4, 2), (9, 4), (10, 5), (11, 5), (40, 5)])
def test_per_side_never_shows_a_row_on_both_sides(count, expected):
    assert ranking.per_side(count) == expected
    assert 2 * ranking.per_side(count) <= count


@pytest.mark.parametrize("last_data_day, today, expected", [
    (date(2026, 11, 10), date(2026, 11, 20), date(2026, 11, 10)),   # data stops before: its last day
    (date(2026, 11, 20), date(2026, 11, 20), date(2026, 11, 19)),   # data of today: still running
    (date(2026, 12, 1), date(2026, 12, 1), date(2026, 11, 30)),     # first of the month: last month
])
def test_pacing_as_of_is_yesterday_at_the_latest(last_data_day, today, expected):
    assert pacing.as_of(last_data_day, today) == expected


@pytest.mark.parametrize("end, start", [
    (date(2026, 12, 5), date(2025, 12, 6)),
    (date(2028, 2, 29), date(2027, 3, 2)),     # a leap year: still 365 days, end included
])
def test_list_health_year(end, start):
    assert email_health.list_health_start(end) == start
    assert (end - start).days + 1 == email_health.LIST_HEALTH_DAYS


def test_bounces_are_hard_plus_soft():
    frame = pd.DataFrame({"hard_bounces": [3, None, 1], "soft_bounces": [2, 4, None]})
    assert list(email_health.bounces(frame)) == [5, 4, 1]


@pytest.mark.parametrize("mentions, share, expected", [
    (10, 0.3, 3), (7, 1 / 7, 1), (3, 0.5, 2), (0, None, 0), (12, None, 0),
])
def test_negative_mentions_back_from_their_share(mentions, share, expected):
    daily = pd.DataFrame({"social_mentions": [mentions], "social_negative_mention_share": [share]},
                         dtype="float64")
    assert social.negative_mentions(daily).iloc[0] == expected


def test_organic_is_ga4_organic_search_channel_group():
    assert content.ORGANIC == {"channel_group": ["Organic Search"]}


def test_against_average_splits_on_the_average():
    frame = pd.DataFrame({"ad_group": ["a", "b", "c", "d", "e"], "roas": [4.0, 3.0, 2.5, 2.0, None]})
    best, worst = ranking.against_average(frame, "roas", 2.5, better_up=True, most=3)
    assert list(best["ad_group"]) == ["a", "b"] and list(worst["ad_group"]) == ["d"]   # c is the average
    best, worst = ranking.against_average(frame, "roas", 2.5, better_up=False, most=1)  # a cost: lower is better
    assert list(best["ad_group"]) == ["d"] and list(worst["ad_group"]) == ["a"]
    one = frame.iloc[:1]
    assert [len(x) for x in ranking.against_average(one, "roas", 4.0 + 1e-15, True)] == [0, 0]
    assert [len(x) for x in ranking.against_average(frame, "roas", float("nan"), True)] == [0, 0]


def test_best_worst_never_lists_a_row_twice_and_worst_is_below_the_average():
    # Four pages with traffic and one too small to rank: ranked.tail(5) / head(5) listed all on both sides.
    frame = pd.DataFrame({"landing_page": ["/a", "/b", "/c", "/d", "/tiny"],
                          "sessions": [1000.0, 800.0, 600.0, 400.0, 20.0],
                          "rate": [0.05, 0.03, 0.025, 0.01, 0.0]})
    # The site's rate as a ratio of sums: (50 + 24 + 15 + 4 + 0) / 2820 = 0.03298
    average = (50 + 24 + 15 + 4) / 2820
    best, worst = ranking.best_worst(frame, "rate", "sessions", ranking.REAL_TRAFFIC, average, better_up=True)
    assert list(best["landing_page"]) == ["/a"]
    assert list(worst["landing_page"]) == ["/d", "/c", "/b"]          # worst first; /tiny under the floor
    assert not set(best["landing_page"]) & set(worst["landing_page"])
    assert (worst["rate"] < average).all() and (best["rate"] > average).all()
    # Every page above the average: no "worst" at all.
    best, worst = ranking.best_worst(frame, "rate", "sessions", ranking.REAL_TRAFFIC, 0.001, better_up=True)
    assert worst.empty and list(best["landing_page"]) == ["/a", "/b", "/c", "/d"]
    # No sessions at all (a rate over zero): no average, nothing ranked.
    empty = frame.assign(sessions=0.0, rate=float("nan"))
    assert [len(x) for x in ranking.best_worst(empty, "rate", "sessions", ranking.REAL_TRAFFIC,
                                               float("nan"), True)] == [0, 0]
    # A page with no sessions in the window (missing volume) is never ranked.
    gap = frame.assign(sessions=[1000.0, None, 600.0, 400.0, 20.0])
    best, worst = ranking.best_worst(gap, "rate", "sessions", ranking.REAL_TRAFFIC, average, True)
    assert "/b" not in set(best["landing_page"]) | set(worst["landing_page"])
