"""Alert rules: validation, the math of each kind, the seasonal anomaly band, the lifecycle."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from lib.alerts import channels, delivery, notify
from lib.alerts import checks as alert_checks
from lib.alerts import rules as alerts
from lib.alerts.checks import NEW, Outcome, Step
from lib.alerts.rules import Rule
from lib.i18n.messages import Message, say_error
from lib.ingest.load import load_parsed
from lib.kpis import catalogue as kpis
from lib.sources.base import Parsed
from lib.store import settings

# -- validation -------------------------------------------------------------------------------
BAD_RULES = [
    (dict(kind="threshhold", kpi="paid_cpa"), "unknown alert kind 'threshhold'"),
    (dict(kind="threshold", kpi="paid_cpx", params={"value": 1}), "unknown KPI 'paid_cpx'"),
    (dict(kind="threshold", kpi=None, params={"value": 1}), "needs a KPI"),
    (dict(kind="threshold", kpi="paid_cpa"), "needs the parameter 'value'"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": "a lot"}), "must be a number"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": 1, "op": "over"}), "must be one of above, below"),
    (dict(kind="change", kpi="paid_cpa", params={"pct": -0.2}), "must be above 0"),
    (dict(kind="change", kpi="paid_cpa", params={"pct": 0.2, "window": 0}), "from 1 to 90"),
    (dict(kind="anomaly", kpi="site_sessions", params={"weeks": 1}), "from 2 to 52"),
    (dict(kind="anomaly", kpi="site_sessions", params={"sensitivity": "extreme"}), "low, medium, high"),
    (dict(kind="anomaly", kpi="site_sessions", params={"k": 3}), "unknown parameter(s) k"),
    (dict(kind="threshold", kpi="paid_cpa", scope={"platfrom": "meta"}, params={"value": 1}),
     "cannot scope paid_cpa by 'platfrom'"),
    (dict(kind="freshness", kpi="paid_cpa"), "takes no KPI"),
    (dict(kind="freshness", params={"table": "nowhere"}), "must be one of"),
    (dict(kind="objective"), "needs the parameter 'objective_id'"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": 1}, pending_for=0), "pending_for"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": 1}, channels=("SMS!",)), "unknown channel(s) SMS!"),
    (dict(name="  ", kind="threshold", kpi="paid_cpa", params={"value": 1}), "needs a name"),
]


@pytest.mark.parametrize("fields,message", BAD_RULES, ids=[m for _, m in BAD_RULES])
def test_bad_rules_are_refused_with_a_clear_message(fields, message):
    with pytest.raises(alerts.RuleError, match=None) as caught:
        alerts.validate(Rule(**{"name": "r", **fields}))
    assert message in str(caught.value)


# (what is refused, today's English for the command line, the French a page shows)
WORDED_RULES = [
    (dict(name="  ", kind="threshold", kpi="paid_cpa", params={"value": 1}),
     "the rule needs a name (at most 120 characters)", "donnez un nom à la règle (120 caractères au plus)"),
    (dict(kind="threshhold", kpi="paid_cpa"),
     "unknown alert kind 'threshhold'; known: " + ", ".join(alerts.KINDS),
     "type de règle inconnu « threshhold » ; types possibles : " + ", ".join(alerts.KINDS)),
    (dict(kind="threshold", kpi=None, params={"value": 1}), "a threshold rule needs a KPI",
     "choisissez un indicateur : une règle « Seuil » en a besoin"),
    (dict(kind="freshness", kpi="paid_cpa"), "a freshness rule takes no KPI (got 'paid_cpa')",
     "une règle « Fraîcheur des données » ne prend pas d'indicateur : retirez « paid_cpa »"),
    (dict(kind="threshold", kpi="paid_cpa"), "a threshold rule needs the parameter 'value'",
     "renseignez « Valeur (taux en fraction : 0,05 pour 5 %) » : une règle « Seuil » en a besoin"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": 1, "op": "over"}),
     "threshold parameter 'op' must be one of above, below, not 'over'",
     "« Condition » doit être l'une des valeurs suivantes : above, below ; pas « over »"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": "a lot"}),
     "threshold parameter 'value' must be a number, not 'a lot'",
     "« Valeur (taux en fraction : 0,05 pour 5 %) » doit être un nombre, pas « a lot »"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": float("inf")}),
     "threshold parameter 'value' must be a finite number",
     "« Valeur (taux en fraction : 0,05 pour 5 %) » doit être un nombre fini"),
    (dict(kind="change", kpi="paid_cpa", params={"pct": -0.2}),
     "change parameter 'pct' must be above 0 (a fraction: 0.3 for 30 %), not -0.2",
     "« Variation (%) » doit dépasser 0 (une fraction : 0,3 pour 30 %), pas « -0.2 »"),
    (dict(kind="change", kpi="paid_cpa", params={"pct": 0.2, "window": 0}),
     "change parameter 'window' must be a whole number from 1 to 90, not 0",
     "« Fenêtre (jours) » doit être un nombre entier de 1 à 90, pas « 0 »"),
    # the English bound stays as Python prints it, the French one in the French style
    (dict(kind="mentions_spike", params={"min_count": 0}),
     "mentions_spike parameter 'min_count' must be a whole number from 1 to 1000000, not 0",
     "« Mentions négatives au minimum » doit être un nombre entier de 1 à 1\u202f000\u202f000, pas « 0 »"),
    (dict(kind="freshness", params={"days": 0}),
     "freshness parameter 'days' must be a whole number from 1 to 365, not 0",
     "« Alerte après N jours sans données » doit être un nombre entier de 1 à 365, pas « 0 »"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": 1}, pending_for=0),
     "threshold parameter 'pending_for' must be a whole number from 1 to 100, not 0",
     "« Évaluations consécutives avant l'alerte » doit être un nombre entier de 1 à 100, pas « 0 »"),
    (dict(kind="anomaly", kpi="site_sessions", params={"k": 3}),
     "unknown parameter(s) k for a anomaly rule; expected: weeks, sensitivity, direction",
     "paramètre inconnu pour une règle « Anomalie » : k ; paramètres possibles : weeks, sensitivity, direction"),
    (dict(kind="anomaly", kpi="site_sessions", params={"k": 3, "z": 1}),
     "unknown parameter(s) k, z for a anomaly rule; expected: weeks, sensitivity, direction",
     "paramètres inconnus pour une règle « Anomalie » : k, z ; paramètres possibles : weeks, sensitivity, direction"),
    (dict(kind="unanswered_negative", scope={"platform": "meta"}),
     "cannot scope unanswered_negative by 'platform'; allowed: nothing",
     "impossible de limiter « Négatifs sans réponse (community management) » par « platform » ; "
     "dimensions possibles : aucune"),
    (dict(kind="threshold", kpi="paid_cpa", scope={"platform": {"a": 1}}, params={"value": 1}),
     "scope 'platform' must be a value or a list of values",
     "le périmètre « platform » doit être une valeur ou une liste de valeurs (valeur1|valeur2)"),
    (dict(kind="freshness", scope={"account": "x"}, params={"table": "experiment_results"}),
     "experiment_results rows have no account: scope this rule by source only",
     "les lignes de « Résultats de tests A/B » n'ont pas de compte : limitez cette règle par source seulement"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": 1}, channels=("SMS!",)),
     "unknown channel(s) SMS!: pick channels set up on the Alerts page",
     "canal inconnu : SMS! ; choisissez un canal créé sur la page Alertes"),
    (dict(kind="threshold", kpi="paid_cpa", params={"value": 1}, recipients=("a@x.fr", "boss")),
     "'boss' is not an e-mail address (write name@domain.tld, separated by commas)",
     "« boss » n'est pas une adresse e-mail (écrivez nom@domaine.tld, séparées par des virgules)"),
]


@pytest.mark.parametrize("fields,english,french", WORDED_RULES, ids=[e[:40] for _, e, _ in WORDED_RULES])
def test_a_refused_rule_says_why_in_french_and_keeps_its_english(store, fields, english, french):
    with pytest.raises(alerts.RuleError) as caught:
        alerts.save_rule(store, Rule(**{"name": "r", **fields}))
    assert str(caught.value) == english                      # the command line and the logs: unchanged
    assert isinstance(caught.value.args[0], Message)
    assert say_error(caught.value, "fr") == french
    assert alerts.rules(store) == []


def test_an_unknown_kpi_or_dimension_is_worded_from_its_values():
    with pytest.raises(alerts.RuleError) as caught:
        alerts.validate(Rule("r", "threshold", "paid_cpx", params={"value": 1}))
    known = ", ".join(k.id for k in kpis.CATALOGUE)
    assert str(caught.value) == f"unknown KPI 'paid_cpx'; known: {known}"
    assert say_error(caught.value, "fr") == f"indicateur inconnu « paid_cpx » ; indicateurs possibles : {known}"
    with pytest.raises(alerts.RuleError) as caught:
        alerts.validate(Rule("r", "threshold", "paid_cpa", {"platfrom": "meta"}, {"value": 1}))
    allowed = ", ".join(alerts.scope_dimensions("threshold", "paid_cpa"))
    assert str(caught.value) == f"cannot scope paid_cpa by 'platfrom'; allowed: {allowed}"
    assert say_error(caught.value, "fr") == (f"impossible de limiter « paid_cpa » par « platfrom » ; "
                                             f"dimensions possibles : {allowed}")


def test_the_english_page_words_a_plural_without_a_fake_one():
    """The command line keeps "parameter(s)"; an English page says it in a real plural."""
    with pytest.raises(alerts.RuleError) as caught:
        alerts.validate(Rule("r", "anomaly", "site_sessions", params={"k": 3, "z": 1}))
    assert say_error(caught.value, "en") == ("unknown parameters k, z for a rule of type Anomaly; "
                                             "expected: weeks, sensitivity, direction")
    with pytest.raises(alerts.RuleError) as caught:
        alerts.validate(Rule("r", "change", "paid_cpa", params={"pct": 0.2, "window": 0}))
    assert say_error(caught.value, "en") == str(caught.value)   # elsewhere, the same English


def test_a_missing_rule_is_said_in_the_page_language(store):
    with pytest.raises(alerts.RuleError) as caught:
        alerts.get_rule(store, 12345)
    assert str(caught.value) == "no alert rule 12345"                  # not 12,345
    assert say_error(caught.value, "fr") == "aucune règle d'alerte n° 12345"


def test_validation_fills_defaults():
    rule = alerts.validate(Rule(" CPA ", "change", "paid_cpa", {"platform": "meta"}, {"pct": 0.3}))
    assert rule.name == "CPA"
    assert rule.params == {"op": "either", "pct": 0.3, "window": 7, "compare": "previous"}
    spike = alerts.validate(Rule("buzz", "mentions_spike"))
    assert spike.kpi == "social_mentions" and spike.params["sensitivity"] == "medium"


# -- rule math --------------------------------------------------------------------------------
@pytest.mark.parametrize("value,op,limit,status,low,high", [
    (12.0, "above", 10.0, "breach", None, 10.0),
    (10.0, "above", 10.0, "ok", None, 10.0),        # on the limit is not above it
    (8.0, "below", 10.0, "breach", 10.0, None),
    (0.0, "below", 0.0, "ok", 0.0, None),            # zero is a value, not "no data"
    (None, "above", 10.0, "nodata", None, None),
    (float("nan"), "below", 10.0, "nodata", None, None),
])
def test_threshold(value, op, limit, status, low, high):
    out = alert_checks.check_threshold(value, op, limit)
    assert (out.status, out.low, out.high) == (status, low, high)


@pytest.mark.parametrize("value,before,op,pct,status,low,high", [
    (130.0, 100.0, "up", 0.25, "breach", None, 125.0),
    (120.0, 100.0, "up", 0.25, "ok", None, 125.0),
    (70.0, 100.0, "up", 0.25, "ok", None, 125.0),   # a fall is not watched by an "up" rule
    (70.0, 100.0, "down", 0.25, "breach", 75.0, None),
    (70.0, 100.0, "either", 0.25, "breach", 75.0, 125.0),
    (-5.0, -10.0, "either", 0.2, "breach", -12.0, -8.0),
    (50.0, 0.0, "up", 0.25, "nodata", None, None),  # nothing to compare with
    (50.0, None, "up", 0.25, "nodata", None, None),
    (None, 100.0, "up", 0.25, "nodata", None, None),
])
def test_change(value, before, op, pct, status, low, high):
    out = alert_checks.check_change(value, before, op, pct)
    assert out.status == status
    assert (out.low, out.high) == (pytest.approx(low) if low else None, pytest.approx(high) if high else None)


@pytest.mark.parametrize("last,days,status,value", [
    (date(2026, 3, 9), 3, "ok", 1), (date(2026, 3, 7), 3, "ok", 3), (date(2026, 3, 6), 3, "breach", 4),
    (None, 3, "nodata", None),
])
def test_freshness(last, days, status, value):
    out = alert_checks.check_freshness(last, date(2026, 3, 10), days)
    assert (out.status, out.value, out.high) == (status, value, None if status == "nodata" else days)


@pytest.mark.parametrize("status,expected,low,high", [
    ({"status": "off_track", "value": 40, "expected": 60, "direction": "at_least"}, "breach", 60, None),
    ({"status": "missed", "value": 40, "expected": 100, "direction": "at_least"}, "breach", 100, None),
    ({"status": "at_risk", "value": 55, "expected": 60, "direction": "at_least"}, "ok", 60, None),
    ({"status": "off_track", "value": 80, "expected": 50, "direction": "below"}, "breach", None, 50),
    ({"status": "no_data", "value": None, "expected": None}, "nodata", None, None),
    (None, "nodata", None, None),
])
def test_objective_status(status, expected, low, high):
    out = alert_checks.check_objective(status)
    assert (out.status, out.low, out.high) == (expected, low, high)


# -- the seasonal anomaly band ------------------------------------------------------------------
WEEKLY = np.array([100, 105, 98, 97, 90, 55, 120.0])   # Monday .. Sunday: a quiet Saturday
START = date(2026, 1, 5)                                   # a Monday


def seasonal(weeks: int = 12, seed: int = 3) -> pd.Series:
    rng = np.random.default_rng(seed)
    days = [START + timedelta(days=i) for i in range(7 * weeks)]
    values = WEEKLY[[d.weekday() for d in days]] * rng.lognormal(0, 0.04, len(days))
    return pd.Series(values, index=days)


def test_anomaly_stays_quiet_on_normal_weeks_with_weekly_seasonality():
    series = seasonal()
    days = list(series.index[-28:])
    fired = [d for d in days if alert_checks.check_anomaly(series, d, 8, "medium").status == "breach"]
    assert fired == []
    # A flat baseline (the same band every day) would flag every quiet Saturday.
    flat = series.mean()
    assert [d for d in days if abs(series[d] - flat) > 0.3 * flat and d.weekday() == 5] == \
        [d for d in days if d.weekday() == 5]


@pytest.mark.parametrize("factor,direction,status", [
    (1.6, "both", "breach"), (1.6, "up", "breach"), (1.6, "down", "ok"),
    (0.5, "down", "breach"), (0.5, "up", "ok"), (1.02, "both", "ok"),
])
def test_anomaly_fires_on_a_planted_spike(factor, direction, status):
    series = seasonal()
    saturday = series.index[-2]
    assert saturday.weekday() == 5
    series[saturday] *= factor   # 55 * 1.6 = 88: an ordinary weekday level, abnormal for a Saturday
    out = alert_checks.check_anomaly(series, saturday, 8, "medium", direction)
    assert out.status == status
    assert out.low < WEEKLY[5] < out.high


@pytest.mark.parametrize("sensitivity,fires", [("low", False), ("medium", True), ("high", True)])
def test_sensitivity_widens_or_narrows_the_band(sensitivity, fires):
    series = seasonal()
    day = series.index[-3]
    center, _, high = alert_checks.seasonal_band(series, day, 8, alert_checks.MAD_K["medium"])
    series[day] = center + (high - center) * 1.2   # 3.6 MADs above the median
    assert (alert_checks.check_anomaly(series, day, 8, sensitivity).status == "breach") is fires


def test_anomaly_no_data_cases():
    series = seasonal(weeks=3)
    assert alert_checks.check_anomaly(series, series.index[-1] + timedelta(days=1)).reason == "no_value"
    assert alert_checks.check_anomaly(series, series.index[-1], 8).reason == "short_history"


@pytest.mark.parametrize("better,factor,status", [
    ("up", 1.6, "breach"), ("up", 0.5, "ok"), ("down", 0.5, "breach"), ("down", 1.6, "ok"),
])
def test_opportunity_fires_only_on_the_good_side(better, factor, status):
    series = seasonal()
    day = series.index[-1]
    series[day] *= factor
    assert alert_checks.check_opportunity(series, day, better).status == status


def test_spike_against_the_median_of_the_days_before():
    days = [START + timedelta(days=i) for i in range(40)]
    series = pd.Series(3.0, index=days)
    series[days[-1]] = 114
    assert alert_checks.check_spike(series, days[-1]).status == "breach"
    assert alert_checks.check_spike(series, days[-2]).status == "ok"
    assert alert_checks.check_spike(series, days[-1], min_count=200).status == "ok"
    assert alert_checks.check_spike(series, days[3]).reason == "short_history"


# -- lifecycle (pure) ----------------------------------------------------------------------------
@pytest.mark.parametrize("statuses,pending_for,states", [
    (["breach", "breach", "breach", "ok", "ok"], 2, ["pending", "firing", "firing", "resolved", "ok"]),
    (["breach", "ok", "breach", "breach"], 2, ["pending", "ok", "pending", "firing"]),
    (["breach", "nodata", "breach", "ok"], 1, ["firing", "nodata", "firing", "resolved"]),
    (["breach", "nodata", "breach"], 2, ["pending", "nodata", "firing"]),
    (["nodata", "nodata", "ok"], 1, ["nodata", "nodata", "ok"]),
    (["breach", "nodata", "ok"], 3, ["pending", "nodata", "ok"]),
])
def test_lifecycle(statuses, pending_for, states):
    step, seen = None, []
    for i, status in enumerate(statuses):
        step = alert_checks.advance(step, status, pending_for)
        if step.episode == NEW:   # as the store does: the opening row's id names the episode
            step = Step(step.state, step.streak, 100 + i)
        seen.append(step.state)
    assert seen == states


def test_one_episode_across_a_gap_of_no_data():
    step = alert_checks.advance(None, "breach", 1)
    assert step.episode == NEW
    step = Step(step.state, step.streak, 7)
    for status in ("nodata", "breach", "breach"):
        step = alert_checks.advance(step, status, 1)
        assert step.episode == 7
    assert alert_checks.advance(step, "ok", 1) == Step("resolved", 0, 7)


# -- lifecycle on a store ------------------------------------------------------------------------
DAY0 = date(2026, 3, 2)


def load_sessions(store, values: list[float | None]) -> None:
    """Daily GA4 sessions from DAY0 (None: no row that day)."""
    rows = [(DAY0 + timedelta(days=i), v) for i, v in enumerate(values) if v is not None]
    frame = pd.DataFrame({"day_from": [d for d, _ in rows], "day_to": [d for d, _ in rows],
                          "sessions": [v for _, v in rows]})
    load_parsed(store, [Parsed("site_traffic", frame, (), "test", notes={"source": "ga4"})], "t.csv")


@pytest.fixture
def sessions(store):
    load_sessions(store, [100, 200, 200, 200, 100, None, 100])
    rid = alerts.save_rule(store, Rule("Sessions > 150", "threshold", "site_sessions",
                                       params={"value": 150}, pending_for=2, channels=("webhook",)))
    return store, rid


def states(store, rid, days, **kw) -> list[str]:
    out = []
    for i in days:
        (alert,) = alerts.evaluate(store, as_of=DAY0 + timedelta(days=i), rule_ids=[rid], **kw)
        out.append(alert.state)
    return out


def test_pending_firing_resolved_and_no_data_on_the_store(sessions):
    store, rid = sessions
    assert states(store, rid, range(7)) == ["ok", "pending", "firing", "firing", "resolved", "nodata", "ok"]
    events = alerts.history(store).sort_values("day")
    assert events["value"].isna().tolist() == [False] * 5 + [True, False]   # no data is not zero
    episodes = store.rows("SELECT DISTINCT episode FROM alert_events WHERE state IN ('firing', 'resolved')")
    assert len(episodes) == 1


def test_re_evaluating_a_day_neither_counts_twice_nor_writes(sessions):
    store, rid = sessions
    assert states(store, rid, [1, 1, 1]) == ["pending"] * 3
    version = store.data_version()
    alerts.evaluate(store, as_of=DAY0 + timedelta(days=1), rule_ids=[rid])
    assert store.data_version() == version
    assert store.scalar("SELECT count(*) FROM alert_events") == 1


def test_latest_is_the_newest_day(sessions):
    store, rid = sessions
    states(store, rid, range(4))
    row = alerts.latest(store).iloc[0]
    assert (row["state"], row["day"].date() if hasattr(row["day"], "date") else row["day"]) == \
        ("firing", DAY0 + timedelta(days=3))


def test_default_day_is_the_last_day_with_data(sessions):
    store, rid = sessions
    (alert,) = alerts.evaluate(store, rule_ids=[rid], now=datetime(2026, 4, 1))
    assert alert.day == DAY0 + timedelta(days=6)


@pytest.mark.parametrize("lang,message", [
    ("fr", "Vieille règle : indicateur inconnu « site_visits » ; indicateurs possibles : "),
    ("en", "Vieille règle: unknown KPI 'site_visits'; known: "),
])
def test_a_stored_rule_that_no_longer_holds_says_why_in_the_workspace_language(sessions, lang, message):
    """A rule written by hand or by an older version (not through save_rule): its no-data event
    says why in the workspace's language, as the other messages do."""
    store, _ = sessions
    settings.put(store, settings.LANGUAGE, lang)
    with store.transaction() as cur:
        alerts._write_rule(cur, Rule("Vieille règle", "threshold", "site_visits", params={"value": 1}, id=50),
                           datetime(2026, 3, 1))
    (alert,) = alerts.evaluate(store, as_of=DAY0, rule_ids=[50])
    assert alert.state == "nodata" and alert.message.startswith(message), alert.message


def test_disabled_rules_are_not_evaluated(sessions):
    store, rid = sessions
    alerts.set_enabled(store, rid, False)
    assert alerts.evaluate(store, as_of=DAY0) == []


class Recorder:
    def __init__(self, fail: int = 0):
        self.sent, self.fail = [], fail

    def __call__(self, message, to=()):
        if self.fail:
            self.fail -= 1
            raise notify.DeliveryError("hooks.example answered 500; gave up after 3 tries")
        self.sent.append(message)


def check(store, rid, day, recorder, now):
    found = alerts.evaluate(store, as_of=DAY0 + timedelta(days=day), rule_ids=[rid], now=now)
    config = notify.Config(webhook_url="http://127.0.0.1:9/hook")
    return found, delivery.deliver(store, found, channels.from_config(config), "http://x", now=now,
                                   senders={"webhook": recorder})


def test_one_notification_per_episode_and_failures_retried(sessions):
    store, rid = sessions
    now = datetime(2026, 3, 10, 9)
    hook = Recorder(fail=1)
    _, report = check(store, rid, 2, hook, now)            # pending: nothing to send
    assert report == [] and hook.sent == []
    states(store, rid, [1])
    _, report = check(store, rid, 2, hook, now)             # firing: the first try fails...
    assert [r["status"] for r in report] == ["failed"] and hook.sent == []
    _, report = check(store, rid, 3, hook, now)             # ...and is retried at the next check
    assert [r["status"] for r in report] == ["sent"] and len(hook.sent) == 1
    _, report = check(store, rid, 3, hook, now)             # same episode: never sent twice
    assert report == [] and len(hook.sent) == 1
    record = store.rows("SELECT notified, delivery FROM alert_events WHERE id = episode")[0]
    assert record[0] is True and '"attempts": 2' in record[1]
    assert "Sessions" in hook.sent[0].body and "150" in hook.sent[0].body


def test_snooze_mutes_notifications_until_it_ends(sessions):
    store, rid = sessions
    now = datetime(2026, 3, 10, 9)
    alerts.snooze(store, rid, 24, now=now)
    hook = Recorder()
    states(store, rid, [1], now=now)
    found, report = check(store, rid, 2, hook, now)
    assert found[0].state == "firing" and found[0].snoozed and report == [] and hook.sent == []
    found, report = check(store, rid, 3, hook, now + timedelta(hours=25))   # the snooze is over
    assert not found[0].snoozed and len(hook.sent) == 1


def test_crisis_plan_travels_with_the_spike_alert():
    rule = alerts.validate(Rule("buzz", "mentions_spike", campaign_id=1, id=1))
    alert = alerts.Alert(rule, date(2026, 3, 2), "firing", 114.0, None, 20.0, "Negative mentions: 114")
    message = notify.compose(alert, "en", "EUR", "http://x/alerts", ("Spring", "1. Answer within 2 h"))
    assert "Crisis plan (Spring):" in message.body and "1. Answer within 2 h" in message.body
    assert message.payload["crisis_plan"] == {"campaign": "Spring", "first_steps": ["1. Answer within 2 h"]}


def test_outcome_is_hashable_and_plain():
    assert Outcome("ok", 1.0) == Outcome("ok", 1.0)


def test_page_link_opens_the_page_of_the_rule_and_the_overview_at_its_path():
    day = date(2026, 10, 14)
    spend = Rule("Spend", "threshold", "total_cost", params={"op": "above", "value": 100, "window": 7})
    cpa = Rule("CPA", "threshold", "paid_cpa", params={"op": "above", "value": 10, "window": 7})
    window = "?lang=fr&period=custom&start=2026-10-08&end=2026-10-14"
    # the overview is the root unless a home dashboard took it (settings.overview_path)
    assert alerts.page_link("https://b.example/", spend, day, "fr") == "https://b.example/" + window
    assert alerts.page_link("https://b.example", spend, day, "fr", "overview") == "https://b.example/overview" + window
    assert alerts.page_link("https://b.example", cpa, day, "fr", "overview") == "https://b.example/paid" + window
