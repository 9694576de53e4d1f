"""SMART checks: each criterion passes, warns or fails with its reason (fr and en)."""
from __future__ import annotations

import pytest

from lib.channels import campaigns
from lib.objectives import smart
from tests.objectives.test_objectives import BASE, _fill, day

GOOD = {**BASE, "kpi": "site_sessions", "direction": "at_least", "target": 3100}


@pytest.fixture
def flat(store):
    _fill(store)
    campaigns.create(store, {"name": "Printemps", "start_day": day(30)})
    return store


def levels(checks):
    return {c.criterion: c.level for c in checks}


@pytest.mark.parametrize("change, criterion, level, words", [
    ({}, "specific", "ok", "Sessions"),
    ({"kpi": "nope"}, "specific", "fail", "catalogue"),
    ({"kpi": None}, "specific", "fail", "catalogue"),
    ({"kpi": "paid_cpa", "scope": {"landing_page": ["/"]}}, "specific", "fail", "landing_page"),
    ({"kpi": "paid_cpa", "scope": {"platform": ["meta"]}}, "specific", "ok", "platform = meta"),
    ({}, "measurable", "ok", "has data"),
    ({"kpi": "paid_cpa", "scope": {"platform": ["tiktok"]}}, "measurable", "fail", "No data"),
    ({"kpi": "email_open_rate"}, "measurable", "fail", "No data"),
    ({}, "achievable", "ok", "best comparable"),
    ({"target": 30000}, "achievable", "warn", "far beyond"),
    ({"target": 100}, "achievable", "warn", "already meets"),
    ({"kpi": "paid_cpa", "direction": "below", "target": 10}, "achievable", "warn", "far beyond"),
    ({"kpi": "paid_cpa", "direction": "below", "target": 24, "baseline": 26}, "achievable", "ok", "baseline"),
    ({"start_day": day(0), "deadline": day(60), "target": 6100}, "achievable", "warn", "Not enough history"),
    ({}, "relevant", "ok", "business goal"),
    ({"business_goal": " "}, "relevant", "fail", "Link it"),
    ({"business_goal": None, "campaign_id": 1}, "relevant", "ok", "Printemps"),
    ({"business_goal": None, "campaign_id": 99}, "relevant", "fail", "Link it"),
    ({}, "time_bound", "warn", "already passed"),        # the synthetic data is in the past
    ({"deadline": None}, "time_bound", "fail", "deadline"),
    ({"deadline": day(10)}, "time_bound", "fail", "comes before"),
])
def test_criterion(flat, change, criterion, level, words):
    checks = smart.check(flat, {**GOOD, **change}, "en", as_of=day(1) if criterion != "time_bound" else None)
    found = {c.criterion: c for c in checks}
    assert [c.criterion for c in checks] == list(smart.CRITERIA)
    assert found[criterion].level == level, found[criterion].message
    assert words in found[criterion].message
    assert smart.passed(checks) == all(c.level != "fail" for c in checks)


def test_time_bound_ok_before_the_deadline(flat):
    checks = smart.check(flat, GOOD, "en", as_of=day(1))
    assert levels(checks)["time_bound"] == "ok" and "30 days" in checks[-1].message


def test_messages_in_french(flat):
    checks = smart.check(flat, {**GOOD, "business_goal": "", "target": 30000}, "fr", as_of=day(1))
    text = " ".join(c.message for c in checks)
    assert "Rattachez-le" in text and "bien au-delà" in text
    assert not smart.passed(checks)
