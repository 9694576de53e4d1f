"""Microsoft Clarity Data Export connector (requests) against a local fake."""
from __future__ import annotations

import logging
import re
from datetime import date

import pytest

from lib.ingest import pull as pulling
from lib.kpis import queries
from lib.sources import clarity_api
from lib.store import Store
from tests.fakes.clarity import PROJECT, TOKEN, FakeClarity
from tests.fakes.server import Reply, fast_policy

TODAY = date(2026, 12, 6)
YESTERDAY = date(2026, 12, 5)


@pytest.fixture
def fake():
    with FakeClarity() as server:
        yield server


@pytest.fixture
def config(fake):
    return {"token": TOKEN, "project_id": PROJECT, "endpoint": fake.url}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "clarity.duckdb"))
    yield s
    s.close()


def pull(store, config, start=None, end=None, today=TODAY, **kw) -> dict:
    return pulling.pull(store, "clarity", config, start, end, today=today,
                        **{"policy": fast_policy(), "now": today, **kw})


def failed(summary: dict, pattern: str = "") -> str:
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def test_one_call_for_yesterday_and_kpis_equal_the_fakes_totals(fake, config, store):
    summary = pull(store, config)
    assert summary["status"] == "ok" and summary["calls"] == 1 and fake.calls == 1
    assert (summary["start"], summary["end"], summary["days"]) == ("2026-12-05", "2026-12-05", 1)
    assert summary["pages"] == 3 and summary["inserted"] == 6 and summary["warnings"] == []
    q = fake.requests[0].query
    assert (q["numOfDays"], q["dimension1"], q["dimension2"]) == (["1"], ["URL"], ["Device"])
    row = store.query("SELECT * FROM site_friction WHERE page = 'https://boutique.example/panier' "
                      "AND device = 'PC'").iloc[0]
    # p = 1, d = 1: 170 sessions, 4 rage clicks in 2% of sessions (3.4 -> 3), 11 dead clicks
    assert (row["sessions"], row["rage_clicks"], row["rage_click_sessions"]) == (170, 4, 3)
    assert (row["dead_clicks"], row["page_views"], row["quick_back_sessions"]) == (11, 340, 7)
    assert row["scroll_depth_sum"] == 50 * 170 and row["active_time_s"] == 31 * 170
    # by hand over 6 segments: sessions 100+120+150+170+200+220 = 960, rage 0+1+3+4+6+7 = 21,
    # dead 66, quick-back sessions 4+5+6+7+8+9 = 39, scroll 40x220 + 50x320 + 60x420 = 50,000
    kpi = queries.run(store, ["site_rage_clicks", "site_rage_clicks_per_session",
                              "site_dead_clicks_per_session", "site_quick_back_rate",
                              "site_scroll_depth"], YESTERDAY, YESTERDAY).frame.iloc[0]
    assert kpi["site_rage_clicks"] == 21
    assert kpi["site_rage_clicks_per_session"] == pytest.approx(21 / 960)
    assert kpi["site_dead_clicks_per_session"] == pytest.approx(66 / 960)
    assert kpi["site_quick_back_rate"] == pytest.approx(39 / 960)
    assert kpi["site_scroll_depth"] == pytest.approx(50_000 / 100 / 960)


def test_daily_pulls_keep_history_and_a_second_pull_the_same_day_changes_nothing(
        fake, config, store):
    pull(store, config, today=date(2026, 12, 4))
    pull(store, config, today=date(2026, 12, 5))
    again = pull(store, config, today=date(2026, 12, 5))
    assert again["start"] == again["end"] == "2026-12-04" and again["unchanged"] == 6
    days = [str(d)[:10] for (d,) in store.rows("SELECT DISTINCT day_from FROM site_friction "
                                               "ORDER BY 1")]
    assert days == ["2026-12-03", "2026-12-04"] and fake.calls == 3


def test_a_gap_is_one_period_and_older_days_are_said_lost(fake, config, store):
    pull(store, config, today=date(2026, 11, 30))            # stores 29 Nov
    summary = pull(store, config)                            # 6 Dec: 30 Nov..5 Dec missing
    assert fake.requests[-1].query["numOfDays"] == ["3"]
    assert (summary["start"], summary["end"], summary["days"]) == ("2026-12-03", "2026-12-05", 3)
    assert any("2026-11-30 to 2026-12-02 can no longer" in w for w in summary["warnings"])
    assert any("one 3-day period" in w for w in summary["warnings"])
    assert store.scalar("SELECT sum(sessions) FROM site_friction WHERE day_from = '2026-12-03'"
                        ) == 3 * 960


def test_end_in_the_past_is_refused_before_any_call(fake, config, store):
    failed(pull(store, config, YESTERDAY - date.resolution, YESTERDAY), "leave --end out")
    assert fake.calls == 0


def test_429_with_retry_after_then_success(fake, config, store):
    fake.script.append(Reply(429, {"message": "Too many requests."},
                             headers={"Retry-After": "0.05"}))
    p = fast_policy()
    assert pull(store, config, policy=p)["inserted"] == 6 and p.sleeps == [0.05]


def test_401_says_clarity_words_and_where_to_get_a_token(fake, store, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "eyJbad.eyJbad.bad-signature-here"
    text = failed(pull(store, {"token": bad, "endpoint": fake.url}), "401")
    assert "token is invalid or expired" in text and "Data Export" in text
    assert bad not in text + caplog.text
    assert store.scalar("SELECT count(*) FROM site_friction") == 0


def test_empty_project_and_the_daily_quota(fake, config, store):
    fake.pages = []
    summary = pull(store, config)
    assert summary["status"] == "ok" and summary["inserted"] == 0 and summary["pages"] == 0
    fake.calls = 10
    text = failed(pull(store, config, policy=fast_policy(attempts=1)), "429")
    assert "daily limit" in text


def test_heatmap_link_form_check_and_ping(fake, config):
    assert clarity_api.heatmap_url(config, "https://boutique.example/panier") == (
        "https://clarity.microsoft.com/projects/view/abcd1234ef/heatmaps?url="
        "https%3A%2F%2Fboutique.example%2Fpanier")
    assert clarity_api.heatmap_url({}, "https://boutique.example/") is None
    assert clarity_api.check({"project": PROJECT, "token": TOKEN}, {}) == (
        {"project_id": PROJECT, "token": TOKEN}, ())
    with pytest.raises(ValueError, match="src_clarity_bad_token"):
        clarity_api.check({"project": "", "token": "not a jwt"}, {})
    with pytest.raises(ValueError, match="src_clarity_token_missing"):
        clarity_api.check({"project": "", "token": ""}, {})
    assert clarity_api.saved(config) == {"project": PROJECT}
    assert clarity_api.ping(config, fast_policy()) == {"sessions": 960, "calls": 10}


def test_an_alert_watches_rage_clicks_per_session(fake, config, store):
    from lib.alerts import rules

    pull(store, config)
    rule = rules.validate(rules.Rule(name="rage", kind="threshold",
                                     kpi="site_rage_clicks_per_session",
                                     params={"op": "above", "value": 0.02}))
    fired = rules.measure(store, rule, YESTERDAY)
    assert fired.status == "breach" and fired.value == pytest.approx(21 / 960)  # 0.0219
    calm = rules.validate(rules.Rule(name="rage", kind="threshold",
                                     kpi="site_rage_clicks_per_session",
                                     params={"op": "above", "value": 0.03}))
    assert rules.measure(store, calm, YESTERDAY).status == "ok"
    assert rules.measure(store, calm, TODAY).status == "nodata"
    by_page = rules.validate(rules.Rule(name="rage", kind="threshold",
                                        kpi="site_rage_clicks_per_session",
                                        scope={"page": "https://boutique.example/"},
                                        params={"op": "above", "value": 0.004}))
    assert rules.measure(store, by_page, YESTERDAY).value == pytest.approx(1 / 220)
