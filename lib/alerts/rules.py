"""Alerts: rules on catalogue KPIs, measured on the store, their events, the demo rules.

Pure part: `Rule` and `validate()` here; the `check_*` functions and the lifecycle `advance()`
in lib/alert_checks.py.
Store part: `evaluate()` measures each enabled rule through lib.queries (day grain, the scope as
filters) and writes one alert_events row per (rule, data day) in one transaction. Re-evaluating
the same day (every page load) updates that row, so it never counts twice toward pending_for.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

import pandas as pd

from lib import access, i18n
from lib.alerts import targets as delivery_targets
from lib.alerts.checks import (
    NEW,
    Outcome,
    Step,
    advance,
    check_anomaly,
    check_change,
    check_freshness,
    check_objective,
    check_opportunity,
    check_spike,
    check_threshold,
    missing,
)
from lib.channels import community
from lib.i18n import names
from lib.i18n.messages import Message, say_error
from lib.kpis import catalogue as kpis
from lib.kpis import queries, ranges, scan
from lib.objectives import tracker as objectives
from lib.store import Store, settings
from lib.store.schema import DIMENSIONS, OWNED

KINDS = ("threshold", "change", "anomaly", "opportunity", "mentions_spike", "unanswered_negative",
         "freshness", "objective")
KPI_KINDS = ("threshold", "change", "anomaly", "opportunity", "mentions_spike")
STATES = ("ok", "pending", "firing", "resolved", "nodata")
SENSITIVITIES = ("low", "medium", "high")
CHANNELS = ("email", "webhook")                            # the channels of the secrets' [alerts] table
DEMO_ID = 900000                                           # ids the demo owns (like its other rows)
TABLES = tuple(DIMENSIONS)                                 # fact tables a freshness rule can watch

_CHOICE = {"op_threshold": ("above", "below"), "op_change": ("up", "down", "either"),
           "compare": ("previous", "week", "year"), "direction": ("up", "down", "both"),
           "sensitivity": SENSITIVITIES, "table": TABLES}
# Each kind's parameters: name -> (default, spec); a None default means the value is required.
PARAMS: dict[str, dict[str, tuple]] = {
    "threshold": {"op": ("above", ("choice", "op_threshold")), "value": (None, ("number",)),
                  "window": (1, ("int", 1, 90))},
    "change": {"op": ("either", ("choice", "op_change")), "pct": (None, ("positive",)),
               "window": (7, ("int", 1, 90)), "compare": ("previous", ("choice", "compare"))},
    "anomaly": {"weeks": (8, ("int", 2, 52)), "sensitivity": ("medium", ("choice", "sensitivity")),
                "direction": ("both", ("choice", "direction"))},
    "opportunity": {"weeks": (8, ("int", 2, 52)), "sensitivity": ("medium", ("choice", "sensitivity"))},
    "mentions_spike": {"days": (28, ("int", 7, 180)), "sensitivity": ("medium", ("choice", "sensitivity")),
                       "min_count": (20, ("int", 1, 10 ** 6))},
    # negative comments, messages or reviews received in the last `days` and still unanswered
    # after `hours`: a months-old one is a lesson, not an emergency
    "unanswered_negative": {"hours": (24, ("int", 1, 24 * 30)), "days": (14, ("int", 1, 365)),
                            "min_count": (1, ("int", 1, 10 ** 6))},
    "freshness": {"table": ("site_traffic", ("choice", "table")), "days": (3, ("int", 1, 365))},
    "objective": {"objective_id": (None, ("int", 1, 10 ** 12))},
}


class RuleError(ValueError):
    """A rule that cannot be saved; the message says which field and what is expected. It is a
    Message (`rule_err_*`, or targets' `sched_err_*`): English as str(exc), worded in the page's
    language by say_error."""


# The form's label of each parameter (lib/ui/alerts.py): what a page's refusal calls it.
_LABELS = {"op": "alert_op", "value": "alert_value", "pct": "alert_pct", "window": "alert_window",
           "compare": "alert_compare", "weeks": "alert_weeks", "direction": "alert_direction",
           "sensitivity": "alert_sensitivity", "min_count": "alert_min_count", "hours": "alert_unanswered_hours",
           "table": "alert_table", "objective_id": "alert_objective_id", "pending_for": "alert_pending"}
_DAYS_LABELS = {"mentions_spike": "alert_base_days", "unanswered_negative": "alert_lookback_days",
                "freshness": "alert_max_days"}


def _kind_label(kind: str) -> Message:
    return Message.worded(f"alert_kind_{kind}")


def _field(kind: str, name: str) -> dict:
    """A parameter as a refusal names it: `threshold parameter 'window'` in English (the command
    line's words), the form's label on a page."""
    label = _DAYS_LABELS.get(kind, "alert_lookback_days") if name == "days" else _LABELS.get(name)
    return {"kind": kind, "param": repr(name), "label": Message.worded(label) if label else name}


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    kpi: str | None = None
    scope: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    pending_for: int = 1
    channels: tuple[str, ...] = ()           # channel ids (lib.alerts.channels)
    enabled: bool = True
    snoozed_until: datetime | None = None
    campaign_id: int | None = None
    id: int | None = None
    recipients: tuple[str, ...] = ()         # e-mail addresses replacing the channels' own

    def snoozed(self, now: datetime) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > now


@dataclass
class Alert:
    """A rule evaluated for one day, as written to alert_events."""
    rule: Rule
    day: date
    state: str
    value: float | None
    low: float | None
    high: float | None
    message: str
    event_id: int | None = None
    episode: int | None = None
    snoozed: bool = False


# -- rules ------------------------------------------------------------------------------------
def scope_dimensions(kind: str, kpi: str | None) -> tuple[str, ...]:
    """Dimensions a rule of this kind may be scoped by (filters on the KPI's tables)."""
    if kind == "freshness":   # an alert on one account's data watches that account's last day
        return ("source", "account")
    if kind == "objective" or not kpi:
        return ()
    tables = [kpis.get(k).table for k in kpis.base_ids([kpi])]
    sets = [[d for d in queries.dimensions(t) if d not in queries.TIME_DIMENSIONS] for t in tables]
    return tuple(d for d in sets[0] if all(d in s for s in sets[1:]))


def _param(kind: str, name: str, value, spec: tuple):
    what = {**_field(kind, name), "value": str(value), "quoted": repr(value)}
    if spec[0] == "choice":
        options = _CHOICE[spec[1]]
        if value not in options:
            raise RuleError(Message.worded("rule_err_choice", options=", ".join(options), **what))
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RuleError(Message.worded("rule_err_number", **what)) from None
    if not math.isfinite(number):
        raise RuleError(Message.worded("rule_err_finite", **what))
    if spec[0] == "positive" and number <= 0:
        raise RuleError(Message.worded("rule_err_positive", **what))
    if spec[0] == "int":
        if number != int(number) or not spec[1] <= number <= spec[2]:
            # bounds: as Python prints them in English (1000000), in the page's style on a page
            raise RuleError(Message.worded("rule_err_whole", low=spec[1], high=spec[2], low_raw=str(spec[1]),
                                           high_raw=str(spec[2]), **what))
        return int(number)
    return number


def validate(rule: Rule) -> Rule:
    """The rule with defaults filled in, or RuleError naming the faulty field."""
    name = (rule.name or "").strip()
    if not name or len(name) > 120:
        raise RuleError(Message.worded("rule_err_name"))
    if rule.kind not in KINDS:
        raise RuleError(Message.worded("rule_err_kind", kind=str(rule.kind), quoted=repr(rule.kind),
                                       known=", ".join(KINDS)))
    kpi = rule.kpi or None
    scope = {k: v for k, v in (rule.scope or {}).items() if v not in (None, "", [])}
    if rule.kind == "mentions_spike":   # negative mentions = mentions × negative share, per day
        kpi = "social_mentions"
    if rule.kind in KPI_KINDS:
        if not kpi:
            raise RuleError(Message.worded("rule_err_kpi_needed", kind=rule.kind, kind_label=_kind_label(rule.kind)))
        try:
            kpis.get(kpi)
        except kpis.UnknownKpi:   # worded here, with the catalogue's own English
            raise RuleError(Message.worded("rule_err_kpi_unknown", kpi=str(kpi), quoted=repr(kpi),
                                           known=", ".join(kpis.BY_ID))) from None
    elif kpi:
        raise RuleError(Message.worded("rule_err_kpi_none", kind=rule.kind, kind_label=_kind_label(rule.kind),
                                       kpi=str(kpi), quoted=repr(kpi)))
    allowed = scope_dimensions(rule.kind, kpi)
    for dim, value in scope.items():
        if dim not in allowed:
            raise RuleError(Message.worded("rule_err_scope_dim", subject=str(kpi or rule.kind),
                                           what=str(kpi) if kpi else _kind_label(rule.kind), dim=str(dim),
                                           quoted=repr(dim),
                                           allowed=", ".join(allowed) or Message.worded("rule_err_no_dims")))
        if not isinstance(value, (str, int, float, list, tuple)):
            raise RuleError(Message.worded("rule_err_scope_value", dim=str(dim), quoted=repr(dim)))
    specs = PARAMS[rule.kind]
    unknown = set(rule.params or {}) - set(specs)
    if unknown:
        names_, expected = ", ".join(sorted(map(str, unknown))), ", ".join(specs)
        # the command line's English keeps "(s)"; a page words the plural (strings files have no "(s)")
        raise RuleError(Message(f"unknown parameter(s) {names_} for a {rule.kind} rule; expected: {expected}",
                                "rule_err_params", names=names_, kind=_kind_label(rule.kind), expected=expected,
                                count=len(unknown)))
    params = {}
    for name_, (default, spec) in specs.items():
        value = (rule.params or {}).get(name_, default)
        if value is None or value == "":
            raise RuleError(Message.worded("rule_err_param_needed", kind_label=_kind_label(rule.kind),
                                           **_field(rule.kind, name_)))
        params[name_] = _param(rule.kind, name_, value, spec)
    if rule.kind == "freshness" and "account" in scope and params["table"] not in OWNED:
        raise RuleError(Message.worded("rule_err_no_account", table=params["table"], table_id=str(params["table"])))
    pending = _param(rule.kind, "pending_for", rule.pending_for, ("int", 1, 100))
    try:
        channels, recipients = delivery_targets.targets(rule.channels, rule.recipients)
    except ValueError as exc:   # targets' Message: the same words for rules and schedules
        raise RuleError(*exc.args) from None
    return replace(rule, name=name, kpi=kpi, scope=scope, params=params, pending_for=pending,
                   channels=channels, recipients=recipients)


# -- measuring a rule on the store ---------------------------------------------------------------
# Read as the pages read (lib/kpis/scan.py: the roll-ups, what a window holds read once per data
# version): the same figures, and a page's first view after a load evaluates every rule (issue 19).
def _window_value(store: Store, rule: Rule, start: date, end: date, currency: str | None):
    frame = scan.run(store, [rule.kpi], start, end, filters=rule.scope, currency=currency).frame
    if "currency" in frame.columns and len(frame) > 1:
        raise queries.QueryError("several currencies: set the workspace currency")
    return frame[rule.kpi].iloc[0] if len(frame) else None


def _daily(store: Store, rule: Rule, start: date, end: date, currency: str | None,
           ids: tuple[str, ...] = ()) -> pd.DataFrame:
    """The KPIs (default: the rule's) per day, indexed by date; days without rows are absent."""
    ids = list(ids or (rule.kpi,))
    frame = scan.run(store, ids, start, end, by=["day"], filters=rule.scope, currency=currency).frame
    if "currency" in frame.columns:
        raise queries.QueryError("several currencies: set the workspace currency")
    frame.index = list(pd.to_datetime(frame["day"]).dt.date) if len(frame) else []
    return frame[ids]


def _compare_window(start: date, end: date, mode: str) -> tuple[date, date]:
    if mode == "week":
        return start - timedelta(days=7), end - timedelta(days=7)
    return queries.comparison_window(start, end, mode)


def _values(value) -> list[str]:
    return [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _last_day(store: Store, table: str, as_of: date, source=None, account=None) -> date | None:
    """The table's last day with data up to as_of, of these sources and accounts when given."""
    if table not in DIMENSIONS:
        raise queries.QueryError(f"unknown table {table!r}")
    sql, params = f"SELECT max(day_to) FROM {table} WHERE day_to <= ?", [as_of]
    if source:
        sql, params = sql + " AND list_contains(?, source)", params + [_values(source)]
    if account:
        if table not in OWNED:
            raise queries.QueryError(f"{table} rows have no account: scope this rule by source only")
        sql, params = sql + " AND list_contains(?, account)", params + [_values(account)]
    return store.scalar(sql, params)


def _objective_status(store: Store, objective_id: int, day: date) -> Outcome:
    try:
        found = objectives.status(store, objective_id, day)
    except (KeyError, LookupError, ValueError):   # a deleted objective, a bad id
        return Outcome("nodata", reason="no_objective")
    return check_objective(found)


SERIES_KINDS = ("anomaly", "opportunity", "mentions_spike")


def series_for(store: Store, rule: Rule, start: date, end: date, currency: str | None = None) -> pd.Series:
    """The daily values a rule of SERIES_KINDS measures, for every day from START (with its look-back)
    to END: what measure() reads day by day, read once when many days are measured (a backtest)."""
    p = rule.params
    if rule.kind != "mentions_spike":
        return _daily(store, rule, start - timedelta(days=7 * p["weeks"]), end, currency)[rule.kpi]
    first, last = queries.data_range(store, "mentions")
    low, high = (max(first, start - timedelta(days=p["days"])), min(end, last)) if last else (end, start)
    if low > high:
        return pd.Series(dtype="float64")
    days = [low + timedelta(days=i) for i in range((high - low).days + 1)]
    daily = _daily(store, rule, low, high, currency, ("social_mentions", "social_negative_mention_share"))
    return (daily["social_mentions"] * daily["social_negative_mention_share"].fillna(0.0)).reindex(days).fillna(0.0).round()


def measure(store: Store, rule: Rule, day: date, currency: str | None = None,
            series: pd.Series | None = None) -> Outcome:
    """Evaluate one validated rule for one day (SERIES: series_for()'s values, read once for many days)."""
    p = rule.params
    if rule.kind == "threshold":
        start = day - timedelta(days=p["window"] - 1)
        return check_threshold(_window_value(store, rule, start, day, currency), p["op"], p["value"])
    if rule.kind == "change":
        start = day - timedelta(days=p["window"] - 1)
        before = _compare_window(start, day, p["compare"])
        return check_change(_window_value(store, rule, start, day, currency),
                            _window_value(store, rule, *before, currency), p["op"], p["pct"],
                            ranges.bounds(rule.kpi))
    if rule.kind in ("anomaly", "opportunity"):
        if series is None:
            series = _daily(store, rule, day - timedelta(days=7 * p["weeks"]), day, currency)[rule.kpi]
        if rule.kind == "opportunity":
            return check_opportunity(series, day, kpis.get(rule.kpi).better, p["weeks"], p["sensitivity"],
                                     ranges.bounds(rule.kpi))
        return check_anomaly(series, day, p["weeks"], p["sensitivity"], p["direction"], ranges.bounds(rule.kpi))
    if rule.kind == "mentions_spike":
        first, last = queries.data_range(store, "mentions")
        if last is None or not first <= day <= last:
            return Outcome("nodata", reason="no_value")
        if series is None:
            start = max(first, day - timedelta(days=p["days"]))
            # One row per mention: a day without a row had no mention (0), inside the data range.
            days = [start + timedelta(days=i) for i in range((day - start).days + 1)]
            daily = _daily(store, rule, start, day, currency, ("social_mentions", "social_negative_mention_share"))
            negative = daily["social_mentions"] * daily["social_negative_mention_share"].fillna(0.0)
            series = negative.reindex(days).fillna(0.0).round()
        return check_spike(series, day, p["days"], p["sensitivity"], p["min_count"])
    if rule.kind == "unanswered_negative":
        return _unanswered_negative(store, rule, day)
    if rule.kind == "freshness":
        return check_freshness(_last_day(store, p["table"], day, rule.scope.get("source"),
                                         rule.scope.get("account")), day, p["days"])
    return _objective_status(store, p["objective_id"], day)


def _unanswered_negative(store: Store, rule: Rule, day: date) -> Outcome:
    """Negative items older than `hours` and still unanswered at the end of `day` (or now, for
    today); the note names the campaign live that day, whose crisis plan the message points to."""
    p = rule.params
    first, last = queries.data_range(store, community.TABLE)
    if last is None or day < first:
        return Outcome("nodata", reason="no_value")
    moment = min(datetime.combine(day + timedelta(days=1), time()), datetime.now())
    late = community.unanswered_negative(store, moment, p["hours"], p["days"])
    live = ""
    if rule.campaign_id is not None:
        live = store.scalar("SELECT name FROM campaigns WHERE id = ? AND crisis_plan IS NOT NULL AND "
                            "coalesce(start_day, ?) <= ? AND coalesce(end_day, ?) >= ?",
                            [rule.campaign_id, day, day, day, day]) or ""
    return Outcome("breach" if len(late) >= p["min_count"] else "ok", float(len(late)),
                   high=float(p["min_count"] - 1), note=live)


def rule_day(store: Store, rule: Rule, as_of: date | None, today: date) -> date:
    """The day a rule is evaluated for: as_of, else the KPI's last day with data (else today)."""
    if as_of is not None:
        return as_of
    if rule.kind not in KPI_KINDS:
        return today
    account = rule.scope.get("account")   # a rule on one account's data: that account's last day
    lasts = [_last_day(store, table, today, account=account if table in OWNED else None)
             if account else queries.data_range(store, table)[1]
             for table in (kpis.get(k).table for k in kpis.base_ids([rule.kpi]))]
    lasts = [d for d in lasts if d is not None]
    return min(max(lasts), today) if lasts else today


def _measured(store: Store, rule: Rule, start: date, end: date, currency: str | None):
    """The rule's quantity over a window: the KPI, or the negative mentions counted for a spike."""
    if rule.kind == "mentions_spike":
        daily = _daily(store, rule, start, end, currency, ("social_mentions", "social_negative_mention_share"))
        return float((daily["social_mentions"] * daily["social_negative_mention_share"].fillna(0.0)).sum().round())
    return _window_value(store, rule, start, end, currency)


def window_of(rule: Rule, day: date) -> tuple[date, date]:
    """The days a rule looks at for DAY (what a message's link and change cover)."""
    days = rule.params.get("window") or (1 if rule.kind in ("anomaly", "opportunity", "mentions_spike") else 28)
    return day - timedelta(days=int(days) - 1), day


def change_of(store: Store, rule: Rule, day: date, currency: str | None = None) -> float | None:
    """The relative change of the rule's value against the period just before (same length);
    for a change rule, against its own comparison. None when it cannot be measured or is 0 before."""
    if rule.kind not in KPI_KINDS:
        return None
    start, end = window_of(rule, day)
    before = (_compare_window(start, end, rule.params["compare"]) if rule.kind == "change"
              else queries.comparison_window(start, end, "previous"))
    try:
        now, then = _measured(store, rule, start, end, currency), _measured(store, rule, *before, currency)
    except (queries.QueryError, kpis.UnknownKpi):
        return None
    if missing(now) or missing(then) or then == 0:
        return None
    return (float(now) - float(then)) / abs(float(then))


PAGE_OF_CHANNEL = {"site": "site", "paid": "paid", "search": "search", "social": "social", "email": "email",
                   "customers": "customers"}


def page_link(app_url: str, rule: Rule, day: date, lang: str, overview: str = "") -> str:
    """The app page that shows what the rule watches, with the window as the sidebar's filters
    (`overview`: the overview's path, settings.overview_path)."""
    if rule.kind == "freshness":
        page = "data"
    elif rule.kind == "objective":
        page = "objectives"
    else:
        page = PAGE_OF_CHANNEL.get(kpis.get(rule.kpi).channel, overview) if rule.kpi else "alerts"
    start, end = window_of(rule, day)
    if start == end:                         # one day shows no trend: the week that ends on it
        start = end - timedelta(days=6)
    query = f"lang={lang}&period=custom&start={start.isoformat()}&end={end.isoformat()}"
    return f"{app_url.rstrip('/')}/{page}?{query}"


# -- messages -------------------------------------------------------------------------------------
def unit_of(rule: Rule) -> str:
    if rule.kind == "freshness":
        return "days"
    if rule.kind == "unanswered_negative":
        return "count"
    return kpis.get(rule.kpi).unit if rule.kpi else "number"


def fmt(rule: Rule, value, lang: str, currency: str | None) -> str:
    """A value in the rule's unit (days for freshness)."""
    if missing(value):
        return i18n.t("na", lang)
    if unit_of(rule) == "days":
        return i18n.t("alert_days", lang, n=int(value))
    return i18n.fmt_value(value, unit_of(rule), lang, currency)


def band_text(rule: Rule, low, high, lang: str, currency: str | None) -> str:
    if missing(low) and missing(high):
        return i18n.t("na", lang)
    if missing(low):
        return i18n.t("alert_band_max", lang, high=fmt(rule, high, lang, currency))
    if missing(high):
        return i18n.t("alert_band_min", lang, low=fmt(rule, low, lang, currency))
    return i18n.t("alert_band", lang, low=fmt(rule, low, lang, currency), high=fmt(rule, high, lang, currency))


def subject_of(rule: Rule, lang: str) -> str:
    """What the rule watches: the KPI label and scope, the table, or the objective."""
    if rule.kind == "freshness":
        return i18n.t("alert_subject_table", lang, table=names.name("table", rule.params["table"], lang))
    if rule.kind == "objective":
        return i18n.t("alert_subject_objective", lang, id=rule.params["objective_id"])
    if rule.kind == "unanswered_negative":
        return i18n.t("alert_unanswered_negative", lang, hours=rule.params["hours"])
    label = (i18n.t("alert_negative_mentions", lang) if rule.kind == "mentions_spike"
             else kpis.get(rule.kpi).label[lang])
    return f"{label} ({scope_label(rule.scope, lang)})" if rule.scope else label


def scope_label(scope: dict, lang: str) -> str:
    """A scope as a person reads it: the values by their display names ("Meta · Printemps")."""
    return " · ".join(" | ".join(str(names.name(k, x, lang)) for x in (v if isinstance(v, (list, tuple)) else [v]))
                      for k, v in scope.items())


def scope_text(scope: dict) -> str:
    """A scope as the rule form edits it (`dimension=value|value, ...`)."""
    return ", ".join(f"{k}={'|'.join(map(str, v)) if isinstance(v, (list, tuple)) else v}"
                     for k, v in scope.items())


def describe(rule: Rule, outcome: Outcome, day: date, lang: str, currency: str | None) -> str:
    """One sentence for the history, the command line and the notifications."""
    what, when = subject_of(rule, lang), i18n.fmt_date(day, lang)
    if outcome.status == "nodata":
        return i18n.t("alert_msg_nodata", lang, what=what, day=when,
                      why=i18n.t(f"alert_nodata_{outcome.reason or 'no_value'}", lang))
    if rule.kind == "objective":
        status = outcome.note if f"obj_status_{outcome.note}" in i18n.STRINGS else "no_data"
        return i18n.t("alert_msg_objective", lang, what=what, day=when, status=i18n.t(f"obj_status_{status}", lang),
                      value=fmt(rule, outcome.value, lang, currency),
                      expected=fmt(rule, outcome.low if outcome.high is None else outcome.high, lang, currency))
    if rule.kind == "unanswered_negative" and outcome.status == "breach":
        text = i18n.t("alert_msg_unanswered_negative", lang, count=int(outcome.value), day=when,
                      hours=rule.params["hours"])
        return text + (" " + i18n.t("alert_msg_crisis_plan", lang, campaign=outcome.note) if outcome.note else "")
    key = "alert_msg_opportunity" if rule.kind == "opportunity" and outcome.status == "breach" else \
        f"alert_msg_{'breach' if outcome.status == 'breach' else 'ok'}"
    return i18n.t(key, lang, what=what, day=when, value=fmt(rule, outcome.value, lang, currency),
                  band=band_text(rule, outcome.low, outcome.high, lang, currency))


# -- store: rules ---------------------------------------------------------------------------------
_RULE_COLUMNS = ("id, name, kind, kpi, scope, params, pending_for, channels, enabled, snoozed_until, "
                 "campaign_id")


def _json(value, default):
    if value is None:
        return default
    return json.loads(value) if isinstance(value, str) else value


def _rule(row) -> Rule:
    rid, name, kind, kpi, scope, params, pending, channels, enabled, snoozed, campaign = row
    delivery = _json(channels, [])     # a list of channel ids, or {"channels": [...], "to": [...]}
    ids, to = (delivery.get("channels", []), delivery.get("to", [])) if isinstance(delivery, dict) else (delivery, [])
    return Rule(name, kind, kpi, _json(scope, {}), _json(params, {}), pending or 1,
                tuple(ids), bool(enabled), snoozed, campaign, rid, tuple(to))


def rules(store: Store, enabled_only: bool = False) -> list[Rule]:
    """Every rule in id order."""
    where = " WHERE enabled" if enabled_only else ""
    return [_rule(r) for r in store.rows(f"SELECT {_RULE_COLUMNS} FROM alert_rules{where} ORDER BY id")]


def get_rule(store: Store, rule_id: int) -> Rule:
    found = store.rows(f"SELECT {_RULE_COLUMNS} FROM alert_rules WHERE id = ?", [rule_id])
    if not found:
        raise RuleError(Message.worded("rule_err_no_rule", rule_id=str(rule_id)))
    return _rule(found[0])


def _write_rule(cur, rule: Rule, now: datetime) -> int:
    values = [rule.name, rule.kind, rule.kpi, json.dumps(rule.scope), json.dumps(rule.params),
              rule.pending_for, json.dumps({"channels": list(rule.channels), "to": list(rule.recipients)}
                                           if rule.recipients else list(rule.channels)), rule.enabled, rule.snoozed_until,
              rule.campaign_id]
    if cur.execute("SELECT count(*) FROM alert_rules WHERE id = ?", [rule.id]).fetchone()[0]:
        cur.execute("UPDATE alert_rules SET name = ?, kind = ?, kpi = ?, scope = ?, params = ?, "
                    "pending_for = ?, channels = ?, enabled = ?, snoozed_until = ?, campaign_id = ?, "
                    "updated_at = ? WHERE id = ?", values + [now, rule.id])
    else:
        cur.execute("INSERT INTO alert_rules (name, kind, kpi, scope, params, pending_for, channels, "
                    "enabled, snoozed_until, campaign_id, id, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values + [rule.id, now, now])
    return rule.id


def save_rule(store: Store, rule: Rule, now: datetime | None = None) -> int:
    """Validate and insert (id None) or update a rule; return its id."""
    access.check("edit_rules")
    rule = validate(rule)
    now = now or datetime.now()
    with store.transaction() as cur:
        if rule.id is None:
            top = cur.execute("SELECT coalesce(max(id), 0) FROM alert_rules WHERE id < ?",
                              [DEMO_ID]).fetchone()[0]
            rule = replace(rule, id=top + 1)
        return _write_rule(cur, rule, now)


def delete_rule(store: Store, rule_id: int) -> None:
    """Delete a rule and its history."""
    access.check("edit_rules")
    with store.transaction() as cur:
        cur.execute("DELETE FROM alert_events WHERE rule_id = ?", [rule_id])
        cur.execute("DELETE FROM alert_rules WHERE id = ?", [rule_id])


def set_enabled(store: Store, rule_id: int, enabled: bool) -> None:
    access.check("edit_rules")
    with store.transaction() as cur:
        cur.execute("UPDATE alert_rules SET enabled = ?, updated_at = now() WHERE id = ?",
                    [enabled, rule_id])


def snooze(store: Store, rule_id: int, hours: float, now: datetime | None = None) -> datetime | None:
    """Mute a rule's notifications and banner for `hours` (0 lifts the snooze)."""
    access.check("edit_rules")
    until = (now or datetime.now()) + timedelta(hours=hours) if hours > 0 else None
    with store.transaction() as cur:
        cur.execute("UPDATE alert_rules SET snoozed_until = ? WHERE id = ?", [until, rule_id])
    return until


# -- store: evaluation ---------------------------------------------------------------------------
def tables_read(rule: Rule) -> set[str] | None:
    """The fact tables evaluating the rule reads (its day is its data's last), for a cache that a
    load of other tables leaves alone; None when it may read any (an objective's, an unknown KPI)."""
    try:
        if rule.kind == "mentions_spike":
            return queries.tables_of("social_mentions") | queries.tables_of("social_negative_mention_share")
        if rule.kind in KPI_KINDS and rule.kpi:
            return queries.tables_of(rule.kpi)
    except kpis.UnknownKpi:
        return None
    if rule.kind == "unanswered_negative":
        return {community.TABLE}
    if rule.kind == "freshness" and rule.params.get("table") in DIMENSIONS:
        return {rule.params["table"]}
    return None


def _plan(cur, items: list[tuple[Rule, date, Outcome, str]]) -> list[tuple]:
    """Lifecycle of each (rule, day, outcome, message) against the stored history: the rows to write."""
    planned = []
    next_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM alert_events").fetchone()[0]
    for rule, day, outcome, message in items:
        prev = cur.execute("SELECT state, streak, episode FROM alert_events WHERE rule_id = ? AND day < ? "
                           "ORDER BY day DESC, id DESC LIMIT 1", [rule.id, day]).fetchone()
        step = advance(Step(prev[0], prev[1] or 0, prev[2]) if prev else None, outcome.status,
                       rule.pending_for)
        same = cur.execute("SELECT id, state, streak, episode, value, expected_low, expected_high, message "
                           "FROM alert_events WHERE rule_id = ? AND day = ? ORDER BY id DESC LIMIT 1",
                           [rule.id, day]).fetchone()
        event_id = same[0] if same else next_id
        next_id += 0 if same else 1
        episode = event_id if step.episode == NEW else step.episode
        row = (step.state, step.streak, episode, outcome.value, outcome.low, outcome.high, message)
        changed = same is None or tuple(same[1:]) != row
        planned.append((rule, day, event_id, row, same is not None, changed))
    return planned


def evaluate(store: Store, as_of: date | None = None, now: datetime | None = None,
             rule_ids: list[int] | None = None) -> list[Alert]:
    """Evaluate every enabled rule (or those of rule_ids), apply the lifecycle, write the events.

    Nothing is written (and the data version is left alone) when no state, value or message
    changed, so the app can run this on page loads without invalidating every cached query.
    Rules measure the whole workspace (their scope narrows them), never the page's account filter
    or reporting currency: the events are stored and sent.
    """
    with queries.whole_workspace():
        return _evaluate(store, as_of, now, rule_ids)


def _evaluate(store: Store, as_of: date | None, now: datetime | None,
              rule_ids: list[int] | None) -> list[Alert]:
    now = now or datetime.now()
    values = settings.read_all(store)
    lang, currency = settings.language(values), values.get(settings.CURRENCY)
    items = []
    for rule in rules(store, enabled_only=True):
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        try:
            rule = validate(rule)
            day = rule_day(store, rule, as_of, now.date())
            outcome = measure(store, rule, day, currency)
        except (RuleError, queries.QueryError, kpis.UnknownKpi) as exc:
            day, outcome = as_of or now.date(), Outcome("nodata", reason="error")
            # in the workspace's language, as describe() words the others (a RuleError's Message)
            items.append((rule, day, outcome, i18n.t("alert_msg_error", lang, name=rule.name,
                                                      error=say_error(exc, lang))))
            continue
        items.append((rule, day, outcome, describe(rule, outcome, day, lang, currency)))
    cur = store.cursor()
    try:
        planned = _plan(cur, items)
    finally:
        cur.close()
    if any(p[5] for p in planned):
        with store.transaction(tables=["alert_events"]) as cur:   # the figures' caches stay
            planned = _plan(cur, items)   # again inside the transaction: it is the one that counts
            for rule, day, event_id, row, exists, changed in planned:
                if not changed:
                    continue
                if exists:
                    cur.execute("UPDATE alert_events SET state = ?, streak = ?, episode = ?, value = ?, "
                                "expected_low = ?, expected_high = ?, message = ?, evaluated_at = ? "
                                "WHERE id = ?", [*row, now, event_id])
                else:
                    cur.execute("INSERT INTO alert_events (state, streak, episode, value, expected_low, "
                                "expected_high, message, evaluated_at, id, rule_id, day, notified) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)",
                                [*row, now, event_id, rule.id, day])
    return [Alert(rule, day, row[0], row[3], row[4], row[5], row[6], event_id, row[2], rule.snoozed(now))
            for rule, day, event_id, row, _, _ in planned]


def latest(store: Store) -> pd.DataFrame:
    """Each rule with its latest event (by day): the current state of every alert."""
    return store.query(
        "SELECT r.id AS rule_id, r.name, r.kind, r.kpi, r.scope, r.enabled, r.snoozed_until, r.campaign_id, "
        "e.day, e.state, e.value, e.expected_low, e.expected_high, e.message, e.episode "
        "FROM alert_rules r LEFT JOIN (SELECT *, row_number() OVER (PARTITION BY rule_id "
        "ORDER BY day DESC, id DESC) AS rn FROM alert_events) e ON e.rule_id = r.id AND e.rn = 1 "
        "ORDER BY r.id")


def history(store: Store, limit: int = 500) -> pd.DataFrame:
    """The most recent events, newest first."""
    return store.query(
        "SELECT e.day, r.name, e.state, e.value, e.expected_low, e.expected_high, e.message, "
        "e.notified, e.evaluated_at, e.rule_id FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id "
        "ORDER BY e.day DESC, e.id DESC LIMIT ?", [limit])


# -- the demo's rules -------------------------------------------------------------------------------
def demo_rules(store: Store) -> list[int]:
    """Rules that fire on the demo's bad-buzz day (negative mentions, then negative comments left
    unanswered) and on its Meta prospecting CPA drift."""
    plan = store.scalar("SELECT min(id) FROM campaigns WHERE crisis_plan IS NOT NULL")
    demo = [
        Rule("Bad buzz : pic de mentions négatives", "mentions_spike", campaign_id=plan,
             params={"sensitivity": "medium", "min_count": 20}, id=DEMO_ID),
        Rule("CPA Meta prospection en dérive", "change", "paid_cpa",
             scope={"platform": "meta", "campaign": "meta_prospection_printemps"},
             params={"op": "up", "pct": 0.3, "window": 14, "compare": "previous"}, id=DEMO_ID + 1),
        Rule("Commentaires négatifs sans réponse depuis 24 h", "unanswered_negative", campaign_id=plan,
             params={"hours": 24, "days": 14, "min_count": 5}, id=DEMO_ID + 2),
    ]
    now = datetime.now().replace(microsecond=0)
    with store.transaction() as cur:
        cur.execute("DELETE FROM alert_events WHERE rule_id >= ?", [DEMO_ID])
        cur.execute("DELETE FROM alert_rules WHERE id >= ?", [DEMO_ID])
        return [_write_rule(cur, validate(r), now) for r in demo]
