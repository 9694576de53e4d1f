"""Objectives: pacing, forecast, probability and status (table-driven), store functions, CSV."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from lib.channels import campaigns
from lib.objectives import forecast as om
from lib.objectives import tracker as objectives
from lib.store import Store

D0 = date(2026, 1, 1)       # synthetic data: 60 days from D0, every day the same


def day(i: int) -> date:
    return D0 + timedelta(days=i)


def _fill(store: Store, days: int = 60, sessions: float = 100, key_events: float = 2, cost: float = 50,
          conversions: float = 2, slope: float = 0.0) -> None:
    with store.transaction() as cur:
        for i in range(days):
            d = day(i)
            cur.execute("INSERT INTO site_traffic (key, load_id, source, grain, day_from, day_to, campaign, sessions, "
                        "key_events, currency) VALUES (?, 1, 'test', 'date+campaign', ?, ?, 'c1', ?, ?, 'EUR')",
                        [f"s{i}", d, d, sessions + slope * i, key_events])
            cur.execute("INSERT INTO ad_performance (key, load_id, source, grain, day_from, day_to, platform, campaign, "
                        "impressions, clicks, cost, conversions, currency) VALUES (?, 1, 'test', "
                        "'date+platform+campaign', ?, ?, 'meta', 'c1', 1000, 40, ?, ?, 'EUR')",
                        [f"a{i}", d, d, cost, conversions])
        cur.execute("INSERT INTO settings VALUES ('currency', 'EUR')")


@pytest.fixture
def flat(store):
    _fill(store)
    return store


# -- pure maths ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kpi, kind", [
    ("site_sessions", "cumulative"), ("total_revenue", "cumulative"), ("paid_cost", "cumulative"),
    ("paid_cpa", "ratio"), ("paid_roas", "ratio"), ("paid_ctr", "ratio"), ("site_conversion_rate", "ratio"),
    ("blended_cpa", "ratio"), ("email_open_rate", "ratio"), ("nps", "ratio"),
    ("social_followers", "level"), ("paid_reach", "level"),
])
def test_kind(kpi, kind):
    assert om.kind(kpi) == kind


@pytest.mark.parametrize("kpi, parts", [
    ("paid_cpa", ("paid_cost", "paid_conversions", 1.0)), ("paid_cpm", ("paid_cost", "paid_impressions", 1000.0)),
    ("blended_roas", ("site_revenue", "paid_cost", 1.0)), ("email_open_rate", (None, "email_delivered", 1.0)),
    ("nps", (None, None, 1.0)),
])
def test_parts(kpi, parts):
    assert om.parts(kpi) == parts


@pytest.mark.parametrize("profile, at_day, expected", [
    (None, 0, 1 / 4), (None, 1, 2 / 4), (None, 3, 1.0),
    (np.array([1, 1, 2, 4]), 0, 1 / 8), (np.array([1, 1, 2, 4]), 2, 4 / 8),
    (np.zeros(4), 1, 2 / 4),                 # an empty profile falls back to linear
])
def test_shares(profile, at_day, expected):
    assert om.shares(day(0), day(3), profile)[at_day] == pytest.approx(expected)


@pytest.mark.parametrize("kind, direction, baseline, expected", [
    ("cumulative", "at_least", None, [25, 50, 75, 100]),
    ("cumulative", "below", None, [25, 50, 75, 100]),       # a budget cap paces like a total
    ("ratio", "at_least", 60.0, [70, 80, 90, 100]),          # from the baseline to the target
    ("ratio", "below", 60.0, [100, 100, 100, 100]),          # must hold throughout
    ("ratio", "at_least", None, [100, 100, 100, 100]),
])
def test_expected_line(kind, direction, baseline, expected):
    line = om.expected_line(kind, direction, 100.0, baseline, om.shares(day(0), day(3)))
    assert line == pytest.approx(expected)


def test_trend_forecast_exact_on_a_line():
    history = 10 + 2 * np.arange(20.0)                       # y = 10 + 2t, no noise
    mean, sd = om.forecast_cumulative(history, 100.0, np.ones(3, bool))
    assert mean == pytest.approx([100 + 50, 100 + 50 + 52, 100 + 50 + 52 + 54])
    assert sd == pytest.approx([0, 0, 0], abs=1e-6)


def test_ratio_forecast_divides_forecast_parts():
    history = np.column_stack([np.full(20, 30.0), np.full(20, 3.0)])      # cost 30, 3 conversions
    mean, sd = om.forecast_ratio(history, 200.0, 10.0, np.ones(10, bool))
    assert mean[-1] == pytest.approx((200 + 300) / (10 + 30))
    assert sd[-1] == pytest.approx(0, abs=1e-9)


def test_forecast_skips_days_before_start_and_needs_history():
    history = np.full(20, 5.0)
    mean, _ = om.forecast_cumulative(history, 0.0, np.array([False, False, True, True]))
    assert mean == pytest.approx([0, 0, 5, 10])
    assert om.forecast_cumulative(np.full(om.MIN_POINTS - 1, 5.0), 0.0, np.ones(3, bool)) is None


def test_band_grows_with_noise_and_horizon():
    rng = np.random.default_rng(1)
    history = 100 + rng.normal(0, 10, 42)
    mean, sd = om.forecast_cumulative(history, 0.0, np.ones(30, bool))
    assert sd[0] > 5 and sd[-1] > sd[9] > sd[0]
    low, high = om.band(mean[-1], sd[-1])
    assert low < mean[-1] < high


@pytest.mark.parametrize("mean, sd, target, direction, p", [
    (110, 10, 100, "at_least", 0.8413), (100, 10, 100, "at_least", 0.5), (90, 10, 100, "at_least", 0.1587),
    (90, 10, 100, "below", 0.8413), (110, 10, 100, "below", 0.1587), (110, 10, 100, "above", 0.8413),
    (100, 0, 100, "at_least", 1.0), (99, 0, 100, "at_least", 0.0), (99, 0, 100, "below", 1.0),
    (None, 1, 100, "at_least", None), (float("nan"), 1, 100, "below", None),
])
def test_probability(mean, sd, target, direction, p):
    got = om.probability(mean, sd, target, direction)
    assert got == (None if p is None else pytest.approx(p, abs=1e-4))


@pytest.mark.parametrize("phase, kind, direction, value, expected, p, status, rule", [
    ("not_started", "cumulative", "at_least", None, None, None, "not_started", "obj_rule_not_started"),
    ("running", "cumulative", "at_least", 50, 50, None, "on_track", "obj_rule_pace_on"),
    ("running", "cumulative", "at_least", 42, 50, None, "at_risk", "obj_rule_pace_risk"),
    ("running", "cumulative", "at_least", 30, 50, None, "off_track", "obj_rule_pace_off"),
    ("running", "cumulative", "at_least", 50, 50, 0.9, "on_track", "obj_rule_prob_on"),
    ("running", "cumulative", "at_least", 50, 50, 0.5, "at_risk", "obj_rule_prob_risk"),
    ("running", "cumulative", "at_least", 50, 50, 0.1, "off_track", "obj_rule_prob_off"),
    ("running", "cumulative", "below", 120, 100, None, "at_risk", "obj_rule_pace_risk"),   # spend over pace
    ("running", "ratio", "below", 24, 25, 0.9, "on_track", "obj_rule_prob_on"),             # CPA under ceiling
    ("running", "ratio", "below", 27, 25, 0.9, "at_risk", "obj_rule_wrong_side"),           # above it today
    ("running", "ratio", "below", 27, 25, 0.2, "off_track", "obj_rule_prob_off"),
    ("running", "ratio", "at_least", 0.01, 0.02, 0.8, "on_track", "obj_rule_prob_on"),     # catching up is fine
    ("running", "ratio", "above", 0.25, 0.35, None, "off_track", "obj_rule_pace_off"),
    ("running", "ratio", "above", 0.3, 0.35, None, "at_risk", "obj_rule_pace_risk"),
    ("ended", "cumulative", "at_least", 100, 100, None, "reached", "obj_rule_reached"),
    ("ended", "cumulative", "at_least", 99, 100, None, "missed", "obj_rule_missed"),
    ("ended", "ratio", "below", 25, 25, None, "reached", "obj_rule_reached"),
    ("ended", "ratio", "below", 26, 25, None, "missed", "obj_rule_missed"),
    ("running", "ratio", "below", None, 25, None, "no_data", "obj_rule_no_data"),
])
def test_decide(phase, kind, direction, value, expected, p, status, rule):
    target = 100 if kind == "cumulative" else expected
    decision = om.decide(phase, kind, direction, target, value, expected, p)
    assert (decision.status, decision.rule) == (status, rule)


# -- progress on a store (cumulative, ratio, down-is-good; not started, running, ended) ----------
BASE = {"name": "o", "scope": {}, "start_day": day(30), "deadline": day(59), "owner": "me", "business_goal": "g"}


@pytest.mark.parametrize("kpi, direction, target, as_of, phase, value, expected, forecast, p, status", [
    # cumulative: 100 sessions a day, 30 days
    ("site_sessions", "at_least", 3000, day(20), "not_started", None, None, 3000, 1.0, "not_started"),
    ("site_sessions", "at_least", 3000, day(44), "running", 1500, 1500, 3000, 1.0, "on_track"),
    ("site_sessions", "at_least", 3500, day(44), "running", 1500, 1750, 3000, 0.0, "off_track"),
    ("site_sessions", "at_least", 3000, day(59), "ended", 3000, 3000, 3000, 1.0, "reached"),
    ("site_sessions", "at_least", 3001, day(59), "ended", 3000, 3001, 3000, 0.0, "missed"),
    # ratio: 2 key events / 100 sessions
    ("site_conversion_rate", "above", 0.015, day(44), "running", 0.02, 0.015, 0.02, 1.0, "on_track"),
    ("site_conversion_rate", "at_least", 0.025, day(59), "ended", 0.02, 0.025, 0.02, 0.0, "missed"),
    # down is good: CPA 50 / 2 = 25, spend 50 a day
    ("paid_cpa", "below", 30, day(20), "not_started", None, None, 25, 1.0, "not_started"),
    ("paid_cpa", "below", 30, day(44), "running", 25, 30, 25, 1.0, "on_track"),
    ("paid_cpa", "below", 20, day(44), "running", 25, 20, 25, 0.0, "off_track"),
    ("paid_cpa", "below", 30, day(59), "ended", 25, 30, 25, 1.0, "reached"),
    ("paid_cost", "below", 1400, day(44), "running", 750, 700, 1500, 0.0, "off_track"),   # budget cap
    ("paid_cost", "below", 1600, day(59), "ended", 1500, 1600, 1500, 1.0, "reached"),
])
def test_progress_on_store(flat, kpi, direction, target, as_of, phase, value, expected, forecast, p, status):
    obj = {**BASE, "kpi": kpi, "direction": direction, "target": target}
    s = objectives.progress(flat, obj, as_of).summary
    assert (s["phase"], s["status"]) == (phase, status), s["rule"]["en"]
    assert s["value"] == (None if value is None else pytest.approx(value))
    assert s["expected"] == (None if expected is None else pytest.approx(expected))
    assert s["forecast"] == pytest.approx(forecast)
    assert s["probability"] == (None if p is None else pytest.approx(p, abs=1e-6))
    assert s["rule"]["fr"] and s["rule"]["en"] and s["method_text"]["en"]


@pytest.mark.parametrize("as_of, start, en, fr", [
    (day(59), day(30), "Objective ended: the value at the deadline is the final value.",
     "Objectif terminé : la valeur à l'échéance est la valeur finale."),
    (day(44), day(30), "Linear trend of the last 42 days carried to the deadline; 80% interval from the "
     "residuals around the trend.", None),
    (day(10), day(0), "No forecast: fewer than 14 days of recent data.",
     "Pas de prévision : moins de 14 jours de données récentes."),   # 11 days of data
])
def test_the_forecast_method_says_why_there_is_none(flat, as_of, start, en, fr):
    obj = {**BASE, "start_day": start, "kpi": "site_sessions", "direction": "at_least", "target": 3000}
    s = objectives.progress(flat, obj, as_of).summary
    assert s["method_text"]["en"] == en
    if fr:
        assert s["method_text"]["fr"] == fr


def test_progress_frame_has_the_chart_series(flat):
    obj = {**BASE, "kpi": "site_sessions", "direction": "at_least", "target": 3000}
    p = objectives.progress(flat, obj, day(44))
    frame = p.frame
    assert list(frame.columns) == ["day", "expected", "target", "actual", "forecast", "low", "high"]
    assert len(frame) == 30
    assert frame.loc[frame["day"] == day(44), "actual"].item() == 1500
    assert frame.loc[frame["day"] == day(44), "forecast"].item() == 1500      # the band opens here
    assert frame["forecast"].iloc[-1] == pytest.approx(3000)
    assert frame["actual"].iloc[-1] != frame["actual"].iloc[-1]               # NaN after as_of


def test_growing_series_forecast_follows_the_trend(store):
    _fill(store, slope=1.0)     # sessions 100 + i on day i
    obj = {**BASE, "kpi": "site_sessions", "direction": "at_least", "target": 1}
    s = objectives.progress(store, obj, day(44)).summary
    expected_total = sum(100 + i for i in range(30, 60))
    assert s["forecast"] == pytest.approx(expected_total)


def test_last_year_profile_used_when_a_year_exists(store):
    with store.transaction() as cur:
        for i in range(400):
            d = day(i)
            cur.execute("INSERT INTO site_traffic (key, load_id, source, grain, day_from, day_to, sessions) "
                        "VALUES (?, 1, 'test', 'date', ?, ?, ?)", [f"s{i}", d, d, 200 if d.day <= 15 else 100])
    start, deadline = date(2027, 1, 1), date(2027, 1, 31)
    obj = {**BASE, "kpi": "site_sessions", "direction": "at_least", "target": 1000, "start_day": start,
           "deadline": deadline}
    p = objectives.progress(store, obj, date(2027, 1, 15))
    assert p.summary["pacing"] == "last_year"
    # Last January: 15 days at 200 then 16 at 100 -> 3000 / 4600 of the month by the 15th.
    assert p.summary["expected"] == pytest.approx(1000 * 3000 / 4600)
    linear = objectives.progress(store, {**obj, "pacing": "linear"}, date(2027, 1, 15)).summary
    assert linear["pacing"] == "linear" and linear["expected"] == pytest.approx(1000 * 15 / 31)


def test_no_data_status(store):
    s = objectives.progress(store, {**BASE, "kpi": "paid_cpa", "direction": "below", "target": 10}).summary
    assert s["status"] == "no_data"


# -- store functions and CSV ---------------------------------------------------------------------
def test_create_update_archive_list(flat):
    oid = objectives.create(flat, {**BASE, "kpi": "paid_cpa", "direction": "below", "target": 30,
                                   "scope": {"platform": ["meta"]}})
    got = objectives.get(flat, oid)
    assert got["scope"] == {"platform": ["meta"]} and got["baseline"] == pytest.approx(25)
    objectives.update(flat, oid, {**got, "target": 28, "baseline": 26})
    assert objectives.get(flat, oid)["target"] == 28 and objectives.get(flat, oid)["baseline"] == 26
    objectives.archive(flat, oid)
    assert objectives.list_objectives(flat) == []
    assert [o["id"] for o in objectives.list_objectives(flat, include_archived=True)] == [oid]
    status = objectives.status(flat, oid, as_of=day(44))
    assert status["status"] == "on_track" and status["value"] == pytest.approx(25)


@pytest.mark.parametrize("change, message", [
    ({"kpi": "nope"}, "kpi"), ({"direction": "sideways"}, "direction"), ({"target": "abc"}, "target"),
    ({"target": None}, "target"), ({"scope": {"landing_page": ["/"]}, "kpi": "paid_cpa"}, "scope"),
    ({"deadline": day(10)}, "deadline"), ({"name": " "}, "name"), ({"pacing": "fast"}, "pacing"),
    ({"deadline": None}, "deadline"),
])
def test_refused_fields(flat, change, message):
    fields = {**BASE, "kpi": "site_sessions", "direction": "at_least", "target": 10, **change}
    with pytest.raises(objectives.ObjectiveError, match=message):
        objectives.create(flat, fields)


def test_csv_round_trip_and_formula_safety(flat, tmp_path):
    cid = campaigns.create(flat, {"name": "Printemps", "start_day": day(30), "platforms": "meta", "utm_campaigns": "c1"})
    objectives.create(flat, {**BASE, "kpi": "paid_cpa", "direction": "below", "target": 30, "campaign_id": cid,
                             "notes": "=HYPERLINK(\"x\")", "scope": {"platform": ["meta"]}})
    data = objectives.export_csv(flat)
    assert b"'=HYPERLINK" in data
    other = Store(str(tmp_path / "other.duckdb"))
    _fill(other)
    campaigns.create(other, {"name": "Printemps", "start_day": day(30)})
    assert objectives.import_csv(other, data) == {"created": 1, "updated": 0}
    copied = objectives.list_objectives(other)[0]
    assert copied["notes"] == "=HYPERLINK(\"x\")" and copied["scope"] == {"platform": ["meta"]}
    assert copied["campaign_id"] == campaigns.by_name(other, "Printemps")["id"]
    exported = objectives.export_frame(other)
    again = exported.assign(target=25.0).to_csv(index=False)
    assert objectives.import_csv(other, again) == {"created": 0, "updated": 1}
    assert objectives.list_objectives(other)[0]["target"] == 25
    other.close()


def test_csv_import_is_all_or_nothing(flat):
    text = ("name,kpi,target,direction,start_day,deadline\n"
            "ok,site_sessions,100,at_least,2026-01-31,2026-03-01\n"
            "bad,unknown_kpi,100,at_least,2026-01-31,2026-03-01\n"
            "late,site_sessions,100,at_least,2026-03-01,2026-01-31\n")
    with pytest.raises(objectives.ObjectiveError, match="line 3: kpi.*line 4: deadline"):
        objectives.import_csv(flat, text)
    assert objectives.list_objectives(flat) == []


def test_demo_objectives(demo_db):
    s = Store(demo_db)
    try:
        found = objectives.list_objectives(s)
        kpis_ = {o["kpi"] for o in found}
        assert {"total_revenue", "paid_cpa", "email_open_rate", "site_sessions"} <= kpis_
        cpa = next(o for o in found if o["kpi"] == "paid_cpa")
        assert cpa["direction"] == "below" and cpa["campaign_id"] is not None
        for o in found:
            st = objectives.status(s, o["id"])
            if st["phase"] == "ended":             # the Black Friday objectives end with the campaign
                assert st["status"] in ("reached", "missed") and o["campaign_id"] is not None, st
                continue
            assert st["status"] in ("on_track", "at_risk", "off_track"), st
            assert st["forecast_low"] <= st["forecast"] <= st["forecast_high"]
    finally:
        s.close()


def test_campaign_objective_measures_the_campaign(flat):
    """An objective attached to a campaign with no scope of its own measures the campaign's platforms
    and UTM names, not the whole channel: the Google rows of another campaign are left out."""
    with flat.transaction() as cur:
        for i in range(60):
            cur.execute("INSERT INTO ad_performance (key, load_id, source, grain, day_from, day_to, platform, "
                        "campaign, impressions, clicks, cost, conversions, currency) VALUES (?, 1, 'test', "
                        "'date+platform+campaign', ?, ?, 'google_ads', 'c2', 1000, 40, 150, 2, 'EUR')",
                        [f"g{i}", day(i), day(i)])
    cid = campaigns.create(flat, {"name": "Printemps", "start_day": day(30), "end_day": day(39),
                                  "platforms": "meta", "utm_campaigns": "c1"})
    oid = objectives.create(flat, {**BASE, "kpi": "paid_cpa", "direction": "below", "target": 30,
                                   "start_day": day(30), "deadline": day(39), "campaign_id": cid})
    got = objectives.status(flat, oid, day(45))
    assert got["value"] == pytest.approx(50 * 10 / (2 * 10))       # meta/c1 only: 25, not (50+150)/4 = 50
    assert got["status"] == "reached"
    free = objectives.create(flat, {**BASE, "kpi": "paid_cpa", "direction": "below", "target": 30,
                                    "start_day": day(30), "deadline": day(39)})
    assert objectives.status(flat, free, day(45))["value"] == pytest.approx(50.0)
    own = objectives.create(flat, {**BASE, "kpi": "paid_cpa", "direction": "below", "target": 30, "campaign_id": cid,
                                   "start_day": day(30), "deadline": day(39), "scope": {"platform": ["google_ads"]}})
    assert objectives.status(flat, own, day(45))["value"] is None    # its own platform wins; c1 has no Google rows


def test_a_refusal_is_worded_in_both_languages(flat):
    from lib.i18n.messages import say_error

    fields = {**BASE, "kpi": "site_sessions", "direction": "at_least", "target": 10, "deadline": day(10)}
    with pytest.raises(objectives.ObjectiveError) as caught:
        objectives.create(flat, fields)
    start = str(BASE["start_day"])
    assert say_error(caught.value, "fr") == f"deadline : {day(10)} est avant le début {start}"
    assert str(caught.value) == f"deadline: {day(10)} is before the start {start}"
    with pytest.raises(objectives.ObjectiveError) as caught:
        objectives.import_csv(flat, "name,kpi\nx,site_sessions\n")
    assert say_error(caught.value, "fr") == "colonnes manquantes : deadline, direction, start_day, target"
    assert str(caught.value) == "missing columns: deadline, direction, start_day, target"


def test_objectives_saved_again_by_a_french_spreadsheet_come_back_the_same(flat):
    """Exported, opened and saved by a French Excel: `;` between cells, Windows-1252, days as
    31/01/2026, decimal commas, VRAI/FAUX; imported, the same objectives."""
    objectives.create(flat, {**BASE, "name": "Sessions été", "kpi": "site_sessions", "direction": "at_least",
                             "target": 1234.5, "start_day": date(2026, 1, 31), "deadline": date(2026, 3, 1)})
    frame = objectives.export_frame(flat)
    frame["start_day"] = [f"{d:%d/%m/%Y}" for d in pd.to_datetime(frame["start_day"])]
    frame["deadline"] = [f"{d:%d/%m/%Y}" for d in pd.to_datetime(frame["deadline"])]
    frame["target"] = [str(v).replace(".", ",") for v in frame["target"]]
    frame["archived"] = ["VRAI" if v else "FAUX" for v in frame["archived"]]
    frame["id"] = ""   # a copy, not an update
    resaved = frame.to_csv(index=False, sep=";").encode("cp1252")
    before = {o["id"] for o in objectives.list_objectives(flat)}
    assert objectives.import_csv(flat, resaved) == {"created": 1, "updated": 0}
    (copy,) = [o for o in objectives.list_objectives(flat) if o["id"] not in before]
    assert (copy["name"], copy["target"], copy["start_day"], copy["deadline"]) == (
        "Sessions été", 1234.5, date(2026, 1, 31), date(2026, 3, 1))


def test_a_spreadsheet_s_days_that_read_both_ways_are_refused_not_guessed(flat):
    from lib.i18n.messages import say_error

    text = ("name;kpi;target;direction;start_day;deadline\n"
            "x;site_sessions;100;at_least;01/02/2026;03/04/2026\n")
    with pytest.raises(objectives.ObjectiveError) as caught:
        objectives.import_csv(flat, text.encode("cp1252"))
    assert "01/02/2026" in str(caught.value) and "01/02/2026" in say_error(caught.value, "fr")
    assert objectives.list_objectives(flat) == []

