"""Alert math: the check_* functions (numbers or a daily Series indexed by date in, an
`Outcome` out) and advance(), the Grafana-like lifecycle (ok -> pending -> firing -> resolved,
nodata apart). Pure: no store, no Streamlit; lib.alerts measures rules and calls these."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from lib.kpis.ranges import clip

MAD_K = {"low": 4.0, "medium": 3.0, "high": 2.0}          # band half-width, in scaled MADs
SPIKE_FACTOR = {"low": 5.0, "medium": 3.0, "high": 2.0}   # spike = this many times the median
MAD_SCALE = 1.4826                                         # MAD -> standard deviation (normal data)
OFF_TRACK = ("off_track", "missed")       # lib.objectives statuses that fire
NEW = -1                                                   # advance(): "this row opens the episode"


@dataclass(frozen=True)
class Outcome:
    """One measurement: breach | ok | nodata, the value and the expected band (None: open)."""
    status: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    reason: str = ""          # why there is no data (an i18n key suffix), or ""
    note: str = ""            # objectives: their own status (on_track, off_track...)


@dataclass(frozen=True)
class Step:
    """A rule's lifecycle after one evaluation."""
    state: str
    streak: int
    episode: int | None       # the open (or just resolved) episode; NEW when this row opens one


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


Bounds = tuple  # (low, high) a KPI's value can take, None for an open side (lib.kpis.ranges)
OPEN: Bounds = (None, None)


def _band_check(value, low, high) -> Outcome:
    breach = (low is not None and value < low) or (high is not None and value > high)
    return Outcome("breach" if breach else "ok", float(value), low, high)


def check_threshold(value, op: str, limit: float) -> Outcome:
    """Breach when the value is above (or below) the limit; the band is the other side."""
    if missing(value):
        return Outcome("nodata", reason="no_value")
    return _band_check(value, None, limit) if op == "above" else _band_check(value, limit, None)


def check_change(value, before, op: str, pct: float, bounds: Bounds = OPEN) -> Outcome:
    """Breach when the value moved more than pct (a fraction) from the comparison value."""
    if missing(value):
        return Outcome("nodata", reason="no_value")
    if missing(before) or before == 0:
        return Outcome("nodata", float(value), reason="no_baseline")
    low, high = clip(before - abs(before) * pct, before + abs(before) * pct, bounds)
    return _band_check(value, None if op == "up" else low, None if op == "down" else high)


def seasonal_band(series: pd.Series, day: date, weeks: int, k: float) -> tuple[float, float, float] | None:
    """(median, low, high) of the same weekday over the previous `weeks` weeks: median ± k MADs.

    The MAD is scaled to a standard deviation and floored at 5 % of the median, so a flat
    history (MAD 0) does not turn every small wobble into an alert. None under 3 points.
    """
    points = series.reindex([day - timedelta(days=7 * i) for i in range(1, weeks + 1)]).dropna()
    if len(points) < 3:
        return None
    center = float(points.median())
    spread = max(MAD_SCALE * float((points - center).abs().median()), 0.05 * abs(center), 1e-9)
    return center, center - k * spread, center + k * spread


def check_anomaly(series: pd.Series, day: date, weeks: int = 8, sensitivity: str = "medium",
                  direction: str = "both", bounds: Bounds = OPEN) -> Outcome:
    """Breach when the day's value leaves its seasonal band (in `direction`: up, down or both),
    the band clipped at the metric's possible range (`bounds`)."""
    value = series.get(day)
    if missing(value):
        return Outcome("nodata", reason="no_value")
    band = seasonal_band(series, day, weeks, MAD_K[sensitivity])
    if band is None:
        return Outcome("nodata", float(value), reason="short_history")
    low, high = clip(band[1], band[2], bounds)
    checked = _band_check(value, None if direction == "up" else low, None if direction == "down" else high)
    return replace(checked, low=low, high=high)   # report the whole band, whatever side is watched


def check_opportunity(series: pd.Series, day: date, better: str, weeks: int = 8,
                      sensitivity: str = "medium", bounds: Bounds = OPEN) -> Outcome:
    """An anomaly on the good side only (above the band for an up-is-better KPI)."""
    return check_anomaly(series, day, weeks, sensitivity, "up" if better == "up" else "down", bounds)


def check_spike(series: pd.Series, day: date, days: int = 28, sensitivity: str = "medium",
                min_count: int = 20) -> Outcome:
    """Breach when the day's count passes max(min_count, factor × the median of the days before)."""
    value = series.get(day)
    if missing(value):
        return Outcome("nodata", reason="no_value")
    before = series[(series.index >= day - timedelta(days=days)) & (series.index < day)].dropna()
    if len(before) < 7:
        return Outcome("nodata", float(value), reason="short_history")
    high = max(float(min_count), SPIKE_FACTOR[sensitivity] * float(before.median()))
    return _band_check(value, None, high)


def check_freshness(last_day: date | None, as_of: date, days: int) -> Outcome:
    """Breach when the newest data is more than `days` days older than the as-of day."""
    if last_day is None:
        return Outcome("nodata", reason="no_table_data")
    return _band_check((as_of - last_day).days, None, float(days))


def check_objective(status) -> Outcome:
    """An objective's status (lib.objectives.status: a dict with status, value, expected, direction).

    off_track and missed fire; no_data is no data; the band is the expected value to date, on
    the side the objective wants (at least it for "above"-style goals, at most it for "below").
    """
    if not status:
        return Outcome("nodata", reason="no_objective")
    state = str(status.get("status") or "")
    value, expected = status.get("value"), status.get("expected")
    value = None if missing(value) else float(value)
    expected = None if missing(expected) else float(expected)
    below = status.get("direction") == "below"
    low, high = (None, expected) if below else (expected, None)
    if state in ("", "no_data", "unknown"):
        return Outcome("nodata", value, low, high, reason="no_objective")
    return Outcome("breach" if state in OFF_TRACK else "ok", value, low, high, note=state)


def advance(prev: Step | None, status: str, pending_for: int) -> Step:
    """The next lifecycle step (Grafana-like).

    A breach raises the streak: pending until it reaches pending_for, then firing (an episode
    opens, NEW). An ok ends an open episode (resolved) or stays ok. No data is its own state:
    it keeps the streak and the open episode, so a gap neither resolves nor re-fires an alert.
    """
    state, streak, episode = (prev.state, prev.streak, prev.episode) if prev else ("ok", 0, None)
    open_episode = episode if state in ("firing", "nodata") else None
    running = streak if state in ("pending", "firing", "nodata") else 0
    if status == "nodata":
        return Step("nodata", running, open_episode)
    if status == "ok":
        return Step("resolved", 0, open_episode) if open_episode is not None else Step("ok", 0, None)
    running += 1
    if running >= pending_for:
        return Step("firing", running, open_episode if open_episode is not None else NEW)
    return Step("pending", running, open_episode)
