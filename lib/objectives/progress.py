"""Progress of one objective: its daily series from the store, the value so far, the pacing
line, the forecast to the deadline and the status with the rule that decided it.

The maths is in lib/objective_math.py; this module reads the store through lib/queries.py, so
every value equals what `python -m lib kpi` prints for the same window and scope.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib import i18n
from lib.channels import campaigns
from lib.kpis import catalogue as kpis
from lib.kpis import queries, scan
from lib.kpis import ranges as kpi_ranges
from lib.objectives import forecast as om
from lib.store import Store, settings


def kpi_tables(kpi_id: str) -> list[str]:
    """The canonical tables a KPI reads (composites expanded)."""
    return list(dict.fromkeys(kpis.get(k).table for k in kpis.base_ids([kpi_id])))


def scope_dimensions(kpi_id: str) -> tuple[str, ...]:
    """Dimensions an objective on this KPI can be scoped by (shared by all its tables)."""
    tables = kpi_tables(kpi_id)
    common = [d for d in queries.dimensions(tables[0]) if d not in queries.TIME_DIMENSIONS
              and d != "currency"]
    return tuple(d for d in common if all(d in queries.dimensions(t) for t in tables[1:]))


def filters(scope: dict | None) -> dict:
    """Query filters from a scope: {dimension: [values]}; empty lists mean everything."""
    return {d: list(v) if isinstance(v, (list, tuple)) else [v]
            for d, v in (scope or {}).items() if v not in (None, "", [], ())}


def campaign_scope(store: Store, obj: dict) -> dict:
    """The scope an objective measures: its own, and for an objective attached to a campaign the
    campaign's platforms and UTM campaign names on every dimension the objective leaves open
    (so the objectives page, the alerts and the report measure the campaign, not the channel)."""
    scope = {d: v for d, v in filters(obj.get("scope")).items()}
    cid = obj.get("campaign_id")
    if cid is None or pd.isna(cid):
        return scope
    try:
        campaign = campaigns.get(store, int(cid))
    except campaigns.CampaignError:       # a deleted campaign: the objective's own scope
        return scope
    allowed = scope_dimensions(obj["kpi"])
    per_table = [campaigns.scope(campaign, table) for table in kpi_tables(obj["kpi"])]
    for dim, values in per_table[0].items():
        if dim in allowed and dim not in scope and all(s.get(dim) == values for s in per_table[1:]):
            scope[dim] = list(values)
    return scope


def workspace_currency(store: Store) -> str | None:
    return settings.get(store, settings.CURRENCY)


def data_days(store: Store, kpi_id: str) -> tuple[date | None, date | None]:
    """First and last day every table of the KPI has data for (composites: the overlap)."""
    ranges = [queries.data_range(store, t) for t in kpi_tables(kpi_id)]
    if any(r[0] is None for r in ranges):
        return None, None
    return max(r[0] for r in ranges), min(r[1] for r in ranges)


def value(store: Store, kpi_id: str, scope: dict | None, lo: date, hi: date) -> float | None:
    """The KPI over [lo, hi] for the scope (ratio of sums), None when there is nothing."""
    if lo > hi:
        return None
    frame = scan.run(store, [kpi_id], lo, hi, filters=filters(scope),
                     currency=workspace_currency(store)).frame
    if frame.empty or pd.isna(frame[kpi_id].iloc[0]):
        return None
    return float(frame[kpi_id].iloc[0])


def daily(store: Store, kpi_id: str, scope: dict | None, lo: date, hi: date) -> pd.DataFrame:
    """One row per day of [lo, hi]: `y` (cumulative and level KPIs) or `num`/`den` (ratios),
    plus `value`, the KPI of the day. Days without rows are 0 for sums, NaN for values."""
    kind = om.kind(kpi_id)
    num, den, scale = om.parts(kpi_id) if kind == "ratio" else (None, None, 1.0)
    ids = list(dict.fromkeys([kpi_id] + [x for x in (num, den) if x]))
    index = pd.Index(om.days(lo, hi), name="day")
    out = pd.DataFrame(index=index)
    if lo > hi:
        return out.assign(value=[], y=[], num=[], den=[])
    frame = scan.run(store, ids, lo, hi, by=["day"], filters=filters(scope),
                     currency=workspace_currency(store)).frame
    if not frame.empty:
        frame = frame.assign(day=pd.to_datetime(frame["day"]).dt.date).groupby("day")[ids].sum(min_count=1)
    frame = frame.reindex(index) if not frame.empty else pd.DataFrame(index=index, columns=ids, dtype=float)
    out["value"] = frame[kpi_id].astype(float)
    if kind == "cumulative":
        out["y"] = out["value"].fillna(0.0)
    elif kind == "level":
        out["y"] = out["value"].ffill()
    elif den:
        out["den"] = frame[den].astype(float).fillna(0.0)
        out["num"] = (scale * frame[num].astype(float)).fillna(0.0) if num else \
            (out["value"] * out["den"]).fillna(0.0)
    else:   # no denominator KPI: the trend of the daily ratio, each day with data weighing 1
        out["den"] = out["value"].notna().astype(float)
        out["num"] = out["value"].fillna(0.0)
    return out


def baseline(store: Store, kpi_id: str, scope: dict | None, start: date, deadline: date) -> float | None:
    """The KPI over the period of equal length just before the start."""
    length = (deadline - start).days + 1
    return value(store, kpi_id, scope, start - timedelta(days=length), start - timedelta(days=1))


def best_comparable(store: Store, kpi_id: str, scope: dict | None, length: int,
                    direction: str) -> tuple[float, date] | None:
    """The best value over any `length` consecutive days of history (and the day it ended)."""
    first, last = data_days(store, kpi_id)
    if first is None or (last - first).days + 1 < length:
        return None
    d = daily(store, kpi_id, scope, first, last)
    kind = om.kind(kpi_id)
    if kind == "cumulative":
        rolled = d["y"].rolling(length).sum()
    elif kind == "ratio":
        den = d["den"].rolling(length).sum()
        rolled = d["num"].rolling(length).sum() / den.where(den > 0)
    else:
        rolled = d["y"].rolling(length, min_periods=1).mean()
    rolled = rolled.iloc[length - 1:].dropna()
    if rolled.empty:
        return None
    best = rolled.idxmax() if om.sign(direction) > 0 else rolled.idxmin()
    return float(rolled[best]), best


@dataclass
class Progress:
    summary: dict
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)


def _last_year(d: date) -> date:
    return queries.comparison_window(d, d, "year")[0]


def _phase(obj: dict, last: date | None, as_of: date | None) -> tuple[str, date]:
    """no_data, not_started, running or ended, and the day it is decided on: `as_of` (default
    yesterday), or the KPI's last day with data when the data stops earlier."""
    as_of = as_of or date.today() - timedelta(days=1)
    if last is None:
        return "no_data", as_of
    as_of = min(as_of, last)
    return ("not_started" if as_of < obj["start_day"] else
            "ended" if as_of >= obj["deadline"] else "running"), as_of


def phase(store: Store, obj: dict, as_of: date | None = None) -> str:
    """progress()'s phase, from the KPI's tables' first and last days only (the overview shows the
    running objectives: no forecast computed for the others)."""
    return _phase(obj, data_days(store, obj["kpi"])[1], as_of)[0]


def progress(store: Store, obj: dict, as_of: date | None = None) -> Progress:
    """Value, pacing, forecast, probability and status of an objective on `as_of` (default:
    yesterday, or the last day with data for the KPI when the data stops earlier)."""
    kpi_id, scope = obj["kpi"], campaign_scope(store, obj)
    k, kind = kpis.get(kpi_id), om.kind(kpi_id)
    start, deadline, target, direction = obj["start_day"], obj["deadline"], float(obj["target"]), obj["direction"]
    base = obj.get("baseline")
    base = None if base is None or pd.isna(base) else float(base)
    first, last = data_days(store, kpi_id)
    phase, as_of = _phase(obj, last, as_of)
    summary = {"id": obj.get("id"), "name": obj.get("name"), "kpi": kpi_id, "unit": k.unit, "kind": kind,
               "direction": direction, "target": target, "baseline": base, "start": start,
               "deadline": deadline, "owner": obj.get("owner"), "campaign_id": obj.get("campaign_id"),
               "value": None, "expected": None, "pct_of_target": None, "forecast": None,
               "forecast_low": None, "forecast_high": None, "probability": None, "pacing": "linear",
               "currency": workspace_currency(store)}
    if phase == "no_data":
        return _decided(summary, "no_data", as_of)
    upto = min(as_of, deadline)
    lo = max(first, min(start, as_of - timedelta(days=om.TREND_DAYS - 1)))
    d = daily(store, kpi_id, scope, lo, as_of)
    window = d.loc[[x for x in d.index if start <= x <= upto]]
    current = value(store, kpi_id, scope, start, upto) if phase != "not_started" else None

    # Pacing: last year's daily profile for totals when a year of history covers the period.
    mode = obj.get("pacing") or "auto"
    profile = None
    if kind == "cumulative" and mode in ("auto", "last_year") and first <= _last_year(start):
        profile = daily(store, kpi_id, scope, _last_year(start), _last_year(deadline))["y"].to_numpy()
        if len(profile) != (deadline - start).days + 1:   # 29 February: keep the length
            profile = np.resize(profile, (deadline - start).days + 1)
    share = om.shares(start, deadline, profile)
    summary["pacing"] = "last_year" if profile is not None and np.nansum(profile) > 0 else "linear"
    expected = om.expected_line(kind, direction, target, base, share)

    # Actual line so far (running total, running ratio of sums, or level).
    if kind == "cumulative":
        actual = window["y"].cumsum()
    elif kind == "ratio":
        den_sum = window["den"].cumsum()
        actual = window["num"].cumsum() / den_sum.where(den_sum > 0)
    else:
        actual = window["y"]

    # Forecast to the deadline from the last TREND_DAYS days.
    future = om.days(as_of + timedelta(days=1), deadline)
    included = np.array([x >= start for x in future], dtype=bool)
    history = d.loc[[x for x in d.index if x > as_of - timedelta(days=om.TREND_DAYS)]]
    fc, method = None, "none"
    if phase != "ended" and len(future):
        if kind == "cumulative":
            fc, method = om.forecast_cumulative(history["y"].to_numpy(), current or 0.0, included), "cumulative"
        elif kind == "ratio":
            d0 = float(window["den"].sum()) if len(window) else 0.0
            n0 = (current if current is not None else 0.0) * d0
            fc = om.forecast_ratio(history[["num", "den"]].to_numpy(), n0, d0, included)
            method = "ratio_parts" if om.parts(kpi_id)[1] else "ratio_trend"
        else:
            fc, method = om.forecast_level(history["y"].dropna().to_numpy(), len(future)), "level"
        if fc is None:
            method = "none"
    summary.update(value=current, method=method)
    if phase == "ended":
        # the outcome is known: reached (probability 1) or missed (0), as the status says
        known = current is not None and not pd.isna(current)
        summary.update(forecast=current, forecast_low=current, forecast_high=current,
                       probability=float(om.sign(direction) * (current - target) >= 0) if known else None)
    elif fc is not None and not np.isnan(fc[0][-1]):
        mean, sd = float(fc[0][-1]), float(fc[1][-1])
        low, high = kpi_ranges.clip(*om.band(mean, sd), _possible(kpi_id, kind, current))
        summary.update(forecast=mean, forecast_low=float(low), forecast_high=float(high),
                       probability=om.probability(mean, sd, target, direction))
    if phase != "not_started":
        summary["expected"] = float(expected[(upto - start).days])
        summary["pct_of_target"] = current / target if current is not None and target else None
    frame = _frame(start, deadline, target, expected, actual, future, fc, upto, current,
                   _possible(kpi_id, kind, current))
    out = _decided(summary, phase, as_of)
    out.frame = frame
    return out


def _possible(kpi_id: str, kind: str, current) -> tuple:
    """The range the final value can take: the KPI's own (no revenue below 0, no CTR above 100 %)
    and, for a total of non-negative days, at least what has already been counted."""
    floor, ceiling = kpi_ranges.bounds(kpi_id)
    if kind == "cumulative" and floor is not None and current is not None and not pd.isna(current):
        floor = max(floor, float(current))
    return floor, ceiling


def _frame(start, deadline, target, expected, actual, future, fc, upto, current, possible=(None, None)) -> pd.DataFrame:
    frame = pd.DataFrame({"day": om.days(start, deadline), "expected": expected, "target": target})
    frame["actual"] = frame["day"].map(actual.to_dict()) if len(actual) else np.nan
    frame["forecast"] = np.nan
    frame["low"] = np.nan
    frame["high"] = np.nan
    if fc is not None:
        low, high = kpi_ranges.clip(*om.band(fc[0], fc[1]), possible)
        by_day = {x: (m, lo_, hi_) for x, m, lo_, hi_ in zip(future, fc[0], low, high, strict=True)}
        if current is not None and start <= upto:
            by_day[upto] = (current, current, current)   # the band opens from the last actual value
        for col, i in (("forecast", 0), ("low", 1), ("high", 2)):
            frame[col] = frame["day"].map(lambda x, i=i: by_day.get(x, (np.nan,) * 3)[i])
    return frame.astype({c: float for c in ("expected", "target", "actual", "forecast", "low", "high")})


def _decided(summary: dict, phase: str, as_of: date) -> Progress:
    decision = om.decide(phase if phase != "no_data" else "running", summary["kind"], summary["direction"],
                         summary["target"], summary["value"] if phase != "no_data" else None,
                         summary["expected"], summary["probability"])
    summary.update(phase=phase, as_of=as_of, status=decision.status,
                   rule={lg: rule_text(decision, summary, lg) for lg in i18n.LANGS},
                   method_text={lg: i18n.t(_method_key(summary, phase), lg,
                                           days=om.TREND_DAYS, level=f"{om.BAND_LEVEL:.0%}",
                                           min=om.MIN_POINTS)
                                for lg in i18n.LANGS})
    return Progress(summary)


def _method_key(summary: dict, phase: str) -> str:
    """How the forecast was made, in words; an ended objective's is its final value (no forecast
    to make, not too little data)."""
    return "obj_method_ended" if phase == "ended" else f"obj_method_{summary.get('method', 'none')}"


def rule_text(decision: om.Decision, summary: dict, lang: str) -> str:
    """The deciding rule in words, with the numbers it used."""
    unit = summary["unit"]

    def money(v):
        return i18n.fmt_value(v, unit, lang, summary.get("currency"))

    v = decision.values
    return i18n.t(decision.rule, lang, value=money(v.get("value")), target=money(v.get("target")),
                  expected=money(v.get("expected")), forecast=money(summary.get("forecast")),
                  p=i18n.fmt_percent(v.get("p"), lang, 0), p_on=i18n.fmt_percent(v["p_on"], lang, 0),
                  p_off=i18n.fmt_percent(v["p_off"], lang, 0),
                  attainment=i18n.fmt_percent(v.get("attainment"), lang, 0),
                  pace_on=i18n.fmt_percent(v["pace_on"], lang, 0),
                  pace_off=i18n.fmt_percent(v["pace_off"], lang, 0),
                  start=i18n.fmt_date(summary["start"], lang))
