"""SMART checks of an objective, each with the reason in words (fr or en).

specific: a catalogue KPI and a scope it can be filtered by; measurable: the KPI has data for
that scope; achievable: the target against the baseline and the best comparable period in
history (a warning when more than FAR_BEYOND past it); relevant: linked to a campaign or a
written business goal; time-bound: a start and a deadline after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lib import i18n
from lib.kpis import catalogue as kpis
from lib.objectives import forecast as om
from lib.objectives import progress as op
from lib.store import Store

CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
FAR_BEYOND = 0.10          # a target 10% past the best comparable period is flagged
MEASURE_DAYS = 28


@dataclass(frozen=True)
class Check:
    criterion: str
    level: str          # ok | warn | fail
    message: str


def passed(checks: list[Check]) -> bool:
    """True when no check failed (warnings do not block)."""
    return all(c.level != "fail" for c in checks)


def _fmt(value, unit: str, lang: str, currency: str | None) -> str:
    return i18n.fmt_value(value, unit, lang, currency)


def check(store: Store, obj: dict, lang: str = "en", as_of: date | None = None) -> list[Check]:
    """The five checks for an objective's fields (stored or not), in SMART order."""
    t = i18n.t
    out: list[Check] = []
    currency = op.workspace_currency(store)
    start, deadline = obj.get("start_day"), obj.get("deadline")
    # Time-bound first: the other checks need the window.
    if not start or not deadline:
        time_check = Check("time_bound", "fail", t("smart_time_none", lang))
    elif deadline < start:
        time_check = Check("time_bound", "fail", t("smart_time_order", lang, start=i18n.fmt_date(start, lang),
                                                     deadline=i18n.fmt_date(deadline, lang)))
    elif deadline < (as_of or date.today()):
        time_check = Check("time_bound", "warn", t("smart_time_past", lang, deadline=i18n.fmt_date(deadline, lang)))
    else:
        time_check = Check("time_bound", "ok", t("smart_time_ok", lang, start=i18n.fmt_date(start, lang),
                                                   deadline=i18n.fmt_date(deadline, lang),
                                                   days=(deadline - start).days + 1))
    kpi_id = obj.get("kpi")
    k = kpis.BY_ID.get(kpi_id or "")
    if k is None:
        out.append(Check("specific", "fail", t("smart_specific_no_kpi", lang)))
        out += [Check("measurable", "fail", t("smart_specific_no_kpi", lang)),
                Check("achievable", "fail", t("smart_specific_no_kpi", lang))]
        return out + [_relevant(store, obj, lang), time_check]
    scope = obj.get("scope") or {}
    allowed = op.scope_dimensions(kpi_id)
    bad = [d for d in scope if d not in allowed]
    label = k.label[lang]
    if bad:
        reason = f"{', '.join(bad)} ({', '.join(allowed)})"
        out.append(Check("specific", "fail", t("smart_specific_bad_scope", lang, reason=reason)))
        out += [Check("measurable", "fail", t("smart_specific_bad_scope", lang, reason=reason)),
                Check("achievable", "fail", t("smart_specific_bad_scope", lang, reason=reason))]
        return out + [_relevant(store, obj, lang), time_check]
    described = "; ".join(f"{d} = {', '.join(map(str, v))}" for d, v in op.filters(scope).items()) or \
        t("smart_scope_all", lang, channel=i18n.t(f"ch_{k.channel}", lang) if f"ch_{k.channel}" in i18n.STRINGS
          else k.channel)
    out.append(Check("specific", "ok", t("smart_specific_ok", lang, kpi=label, scope=described)))

    first, last = op.data_days(store, kpi_id)
    recent = op.value(store, kpi_id, scope, last - timedelta(days=MEASURE_DAYS - 1), last) if last else None
    if recent is None:
        out.append(Check("measurable", "fail", t("smart_measurable_none", lang, kpi=label)))
        out.append(Check("achievable", "warn", t("smart_measurable_none", lang, kpi=label)))
        return out + [_relevant(store, obj, lang), time_check]
    out.append(Check("measurable", "ok", t("smart_measurable_ok", lang, kpi=label,
                                           value=_fmt(recent, k.unit, lang, currency))))
    out.append(_achievable(store, obj, k, lang, currency, time_check.level != "fail"))
    return out + [_relevant(store, obj, lang), time_check]


def _achievable(store: Store, obj: dict, k: kpis.Kpi, lang: str, currency, has_window: bool) -> Check:
    t = i18n.t
    target, direction = obj.get("target"), obj.get("direction") or "at_least"
    if target is None or not has_window:
        return Check("achievable", "warn", t("smart_time_none", lang))
    start, deadline, scope = obj["start_day"], obj["deadline"], obj.get("scope") or {}
    base = obj.get("baseline")
    if base is None:
        base = op.baseline(store, k.id, scope, start, deadline)
    s = om.sign(direction)
    fmt = {"target": _fmt(target, k.unit, lang, currency), "baseline": _fmt(base, k.unit, lang, currency)}
    length = (deadline - start).days + 1
    best = op.best_comparable(store, k.id, scope, length, direction)
    if best is None:
        return Check("achievable", "warn", t("smart_achievable_no_history", lang, days=length, **fmt))
    best_value, best_day = best
    fmt.update(best=_fmt(best_value, k.unit, lang, currency), day=i18n.fmt_date(best_day, lang),
               margin=i18n.fmt_percent(FAR_BEYOND, lang, 0))
    if s * (target - best_value) > FAR_BEYOND * abs(best_value):
        return Check("achievable", "warn", t("smart_achievable_far", lang, **fmt))
    if base is not None and s * (base - target) >= 0:
        return Check("achievable", "warn", t("smart_achievable_already", lang, **fmt))
    change = i18n.fmt_delta((target - base) / abs(base), lang) if base else None
    return Check("achievable", "ok", t("smart_achievable_ok", lang, change=change or i18n.t("na", lang), **fmt))


def _relevant(store: Store, obj: dict, lang: str) -> Check:
    campaign_id = obj.get("campaign_id")
    if campaign_id is not None:
        name = store.scalar("SELECT name FROM campaigns WHERE id = ?", [int(campaign_id)])
        if name:
            return Check("relevant", "ok", i18n.t("smart_relevant_campaign", lang, campaign=name))
    goal = (obj.get("business_goal") or "").strip()
    if goal:
        return Check("relevant", "ok", i18n.t("smart_relevant_goal", lang, goal=goal))
    return Check("relevant", "fail", i18n.t("smart_relevant_none", lang))
