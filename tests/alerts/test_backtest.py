"""Backtest: the lifecycle replayed day by day in memory (hand-computed on a small store), the demo's
bad-buzz rule catching its October spike, and the Alerts page's backtest button in fr and en."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lib import i18n
from lib.alerts import backtest
from lib.alerts import rules as alerts
from lib.alerts.rules import Rule
from lib.demo import build as demo
from lib.store import Store
from tests.alerts.test_rules import DAY0, load_sessions
from tests.conftest import assert_clean


def test_the_lifecycle_day_by_day_and_nothing_written(store):
    load_sessions(store, [100, 200, 200, 200, 100, None, 100])
    rule = Rule("Sessions > 150", "threshold", "site_sessions", params={"value": 150}, pending_for=2)
    found = backtest.run(store, rule, days=9, end=DAY0 + timedelta(days=6))
    assert found.start == DAY0 - timedelta(days=2)
    assert [d["state"] for d in found.days] == ["nodata", "nodata", "ok", "pending", "firing", "firing",
                                               "resolved", "nodata", "ok"]
    assert [(d["day"], d["value"], d["high"]) for d in found.fired] == [(DAY0 + timedelta(days=2), 200.0, 150.0)]
    assert (found.firing_days, found.nodata_days) == (2, 3)
    assert store.scalar("SELECT count(*) FROM alert_events") == 0 and alerts.rules(store) == []
    several = backtest.run(store, Rule("roas", "anomaly", "blended_roas"), days=3, end=DAY0)   # no spend at all
    assert [d["status"] for d in several.days] == ["nodata"] * 3 and several.fired == []
    with pytest.raises(alerts.RuleError, match="needs the parameter 'value'"):
        backtest.run(store, Rule("x", "threshold", "site_sessions"))


def test_the_demo_bad_buzz_rule_catches_its_october_spike(demo_db):
    store = Store(demo_db)   # as every test opens it: one process cannot mix read-only and read-write
    buzz = alerts.get_rule(store, alerts.DEMO_ID)
    found = backtest.run(store, buzz)
    store.close()
    day = demo.events(months=3)["bad_buzz"]
    assert found.end == demo.default_end() and found.start == found.end - timedelta(days=89)
    assert day.month == 10 and [d["day"] for d in found.fired] == [day]
    assert found.fired[0]["value"] > found.fired[0]["high"] >= 20


@pytest.mark.parametrize("rule", [
    Rule("buzz", "mentions_spike", params={"min_count": 20}),
    Rule("sessions", "anomaly", "site_sessions", params={"weeks": 4, "sensitivity": "high"}),
    Rule("roas", "opportunity", "blended_roas"),
], ids=["spike", "anomaly", "opportunity"])
def test_the_series_read_once_measures_as_each_day_alone(demo_db, rule):
    store = Store(demo_db)   # as every test opens it: one process cannot mix read-only and read-write
    rule = alerts.validate(rule)
    day = demo.events(months=3)["bad_buzz"]
    start, end = day - timedelta(days=10), day + timedelta(days=5)
    series = alerts.series_for(store, rule, start, end, "EUR")
    days = [start + timedelta(days=i) for i in range(16)]
    fast = [alerts.measure(store, rule, d, "EUR", series) for d in days]
    slow = [alerts.measure(store, rule, d, "EUR") for d in days]
    store.close()
    assert fast == slow and sum(o.status == "ok" for o in slow) >= 10


TEXT = {"fr": ("se serait déclenchée 1 fois", "Tester sur les 90 derniers jours"),
        "en": ("would have fired 1 time", "Backtest on the last 90 days")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_backtest_button_on_the_alerts_page(demo_copy, app_test, lang):
    at = app_test(demo_copy, lang, "pages/alerts.py")
    at.selectbox(key="alert_kind").set_value("mentions_spike").run()
    said, label = TEXT[lang]
    button = at.button(key="alert_new_mentions_spike_backtest")
    assert button.label == label
    button.click().run()
    assert_clean(at)
    assert any(said in w.value for w in at.warning), [w.value for w in at.warning]
    day = i18n.fmt_date(demo.events(months=3)["bad_buzz"], lang)
    assert any(day in d.value.to_string() for d in at.dataframe)
    # Nothing saved: the rule list still holds the demo's three rules only.
    assert len(at.selectbox(key="alert_pick").options) == 4
