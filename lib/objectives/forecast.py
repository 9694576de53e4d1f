"""Objective math: pacing line, trend forecast with a residual band, probability, status rule.

Pure functions over daily arrays (no store). Three kinds of KPI:

- cumulative (sessions, conversions, revenue, spend...): the objective's value is the sum over
  [start, deadline]. Forecast: a straight line fitted by least squares on the last
  TREND_DAYS daily values, projected day by day to the deadline and added to the total so far.
  Band: the residual variance times the number of days left, plus the uncertainty of the fitted
  line (OLS covariance), i.e. Var(sum) = s^2 * (h + x'(X'X)^-1 x).
- ratio (CPA, ROAS, CTR, conversion rate...): the value is a ratio of sums over the window, so
  the numerator and the denominator are forecast separately with the same linear trend, and
  the value at the deadline is (N so far + N ahead) / (D so far + D ahead); the band comes from
  the delta method with the residual covariance of N and D. KPIs without a denominator in the
  catalogue (RATIO_PARTS) fall back to the trend of the daily ratio (each day with data weighs 1).
- level (followers, reach, frequency): the value is read at a point, the forecast is the
  trend's value on the deadline.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy.stats import norm

from lib.kpis import catalogue as kpis

DIRECTIONS = ("at_least", "above", "below")   # reach at least / stay above / stay below
PACING_MODES = ("auto", "linear", "last_year")
TREND_DAYS = 42            # the last six weeks of daily values
MIN_POINTS = 14            # fewer daily points: no forecast, the pacing rule decides
BAND_LEVEL = 0.8           # the forecast band is an 80% interval
P_ON, P_OFF = 0.7, 0.3     # probability thresholds of on track / off track
PACE_ON, PACE_OFF = 0.95, 0.8   # attainment of the pacing line when there is no forecast

# ratio KPI -> (numerator KPI or None, denominator KPI, scale). With no numerator KPI, the
# numerator of a day is value x denominator (exact for rates: no denominator, no numerator).
RATIO_PARTS: dict[str, tuple[str | None, str, float]] = {
    "site_engagement_rate": (None, "site_sessions", 1), "site_bounce_rate": (None, "site_sessions", 1),
    "site_avg_session_duration": (None, "site_sessions", 1),
    "site_pages_per_session": (None, "site_sessions", 1),
    "site_conversion_rate": ("site_conversions", "site_sessions", 1),
    "site_aov": ("site_revenue", "site_transactions", 1),
    "site_cart_abandonment_rate": (None, "site_add_to_carts", 1),
    "paid_ctr": ("paid_clicks", "paid_impressions", 1), "paid_cpc": ("paid_cost", "paid_clicks", 1),
    "paid_cpm": ("paid_cost", "paid_impressions", 1000),
    "paid_conversion_rate": ("paid_conversions", "paid_clicks", 1),
    "paid_cpa": ("paid_cost", "paid_conversions", 1),
    "paid_roas": ("paid_conversion_value", "paid_cost", 1),
    "social_engagement_rate": ("social_engagements", "social_reach", 1),
    "social_negative_mention_share": (None, "social_mentions", 1),
    "social_response_rate": (None, "social_conversations", 1),
    "social_negative_item_share": (None, "social_conversations", 1),
    "email_deliverability_rate": ("email_delivered", "email_sent", 1),
    "email_bounce_rate": (None, "email_sent", 1),
    "email_open_rate": (None, "email_delivered", 1), "email_click_rate": (None, "email_delivered", 1),
    "email_unsubscribe_rate": (None, "email_delivered", 1),
    "seo_ctr": ("seo_clicks", "seo_impressions", 1), "seo_position": (None, "seo_impressions", 1),
    "lead_to_customer_rate": (None, "leads", 1),
}


def kind(kpi_id: str) -> str:
    """cumulative, ratio or level (see the module docstring)."""
    k = kpis.get(kpi_id)
    if not k.additive:
        return "level"
    if k.compose == "sum" or (k.sql and "/" not in k.sql and k.sql.startswith("sum(")):
        return "cumulative"
    return "ratio"


def parts(kpi_id: str) -> tuple[str | None, str | None, float]:
    """(numerator, denominator, scale) KPI ids of a ratio KPI; (None, None, 1) for the fallback."""
    k = kpis.get(kpi_id)
    if k.compose == "ratio":
        return k.parts[0], k.parts[1], 1.0
    num, den, scale = RATIO_PARTS.get(kpi_id, (None, None, 1))
    return num, den, float(scale)


def sign(direction: str) -> int:
    """+1 when higher is better for the objective, -1 for a ceiling."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; use {', '.join(DIRECTIONS)}")
    return -1 if direction == "below" else 1


def days(lo: date, hi: date) -> list[date]:
    return [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]


# -- pacing --------------------------------------------------------------------------------------
def shares(start: date, deadline: date, profile: np.ndarray | None = None) -> np.ndarray:
    """Share of the target due by the end of each day of [start, deadline]: linear, or following
    a daily profile (last year's values on the same days) when one is given and not all zero."""
    n = (deadline - start).days + 1
    if profile is not None and len(profile) == n and np.nansum(profile) > 0:
        weights = np.nan_to_num(np.asarray(profile, dtype=float)).clip(min=0)
        return np.cumsum(weights) / weights.sum()
    return np.arange(1, n + 1) / n


def expected_line(kind_: str, direction: str, target: float, baseline: float | None,
                  share: np.ndarray) -> np.ndarray:
    """The pacing line: target x share for totals; for ratios and levels, the target itself when
    it must hold throughout (stay above/below), else a straight path from the baseline."""
    if kind_ == "cumulative":
        return target * share
    if direction != "at_least" or baseline is None or np.isnan(baseline):
        return np.full(len(share), float(target))
    return baseline + (target - baseline) * share


# -- trend forecast ------------------------------------------------------------------------------
@dataclass
class Trend:
    """A least-squares line per column on day indexes 0..n-1, with what its band needs."""
    coef: np.ndarray       # (2, m): intercept, slope
    xtx_inv: np.ndarray    # (2, 2)
    res_cov: np.ndarray    # (m, m) residual covariance
    n: int


def fit(values: np.ndarray) -> Trend | None:
    """Fit y = a + b t on daily rows (n, m); None when fewer than MIN_POINTS days."""
    y = np.asarray(values, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    n = len(y)
    if n < MIN_POINTS or np.isnan(y).any():
        return None
    x = np.column_stack([np.ones(n), np.arange(n)])
    xtx_inv = np.linalg.inv(x.T @ x)
    coef = xtx_inv @ x.T @ y
    res = y - x @ coef
    res_cov = (res.T @ res) / max(n - 2, 1)
    return Trend(coef, xtx_inv, res_cov, n)


def project_sums(trend: Trend, included: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Running sums of the trend over the future days (index n, n+1, ...) where `included` is
    true: means (H, m) with daily values floored at 0, covariances (H, m, m)."""
    h = len(included)
    t = trend.n + np.arange(h)
    w = np.asarray(included, dtype=float)
    daily = np.clip(trend.coef[0] + np.outer(t, trend.coef[1]), 0, None) * w[:, None]
    means = np.cumsum(daily, axis=0)
    x = np.column_stack([np.cumsum(w), np.cumsum(w * t)])           # (H, 2)
    k = x[:, 0] + np.einsum("hi,ij,hj->h", x, trend.xtx_inv, x)      # days + line uncertainty
    return means, k[:, None, None] * trend.res_cov[None, :, :]


def project_points(trend: Trend, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """The trend's value on each of the next `horizon` days and its standard deviation."""
    t = trend.n + np.arange(horizon)
    x = np.column_stack([np.ones(horizon), t])
    mean = x @ trend.coef[:, 0]
    k = 1 + np.einsum("hi,ij,hj->h", x, trend.xtx_inv, x)
    return mean, np.sqrt(k * trend.res_cov[0, 0])


def forecast_cumulative(history: np.ndarray, so_far: float, included: np.ndarray):
    """Totals at the end of each future day and their standard deviations (None: no forecast)."""
    trend = fit(history)
    if trend is None or not len(included):
        return None
    means, covs = project_sums(trend, included)
    return so_far + means[:, 0], np.sqrt(covs[:, 0, 0])


def forecast_ratio(history: np.ndarray, num: float, den: float, included: np.ndarray):
    """Ratio of sums at the end of each future day (numerator and denominator forecast apart,
    delta-method deviation); history is (n, 2) daily numerators and denominators."""
    trend = fit(history)
    if trend is None or not len(included):
        return None
    means, covs = project_sums(trend, included)
    n_total, d_total = num + means[:, 0], den + means[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(d_total > 0, n_total / d_total, np.nan)
        g = np.stack([1 / d_total, -n_total / d_total ** 2], axis=1)
        var = np.einsum("hi,hij,hj->h", g, covs, g)
    return ratio, np.sqrt(np.clip(var, 0, None))


def forecast_level(history: np.ndarray, horizon: int):
    trend = fit(history)
    if trend is None or horizon <= 0:
        return None
    return project_points(trend, horizon)


def band(mean, sd, level: float = BAND_LEVEL):
    """The central interval of a normal forecast."""
    z = norm.ppf(0.5 + level / 2)
    return mean - z * sd, mean + z * sd


def probability(mean: float | None, sd: float | None, target: float, direction: str) -> float | None:
    """P(final value on the right side of the target), normal approximation of the forecast."""
    if mean is None or sd is None or np.isnan(mean) or np.isnan(sd):
        return None
    s = sign(direction)
    tiny = 1e-9 * max(1.0, abs(mean), abs(target))   # float noise of an exact fit is no uncertainty
    if sd <= tiny:
        return 1.0 if s * (mean - target) >= -tiny else 0.0
    return float(norm.cdf(s * (mean - target) / sd))


# -- status --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    status: str      # not_started | on_track | at_risk | off_track | reached | missed | no_data
    rule: str        # i18n key of the rule that decided
    values: dict     # raw numbers the rule text quotes


def attainment(value: float, expected: float, direction: str) -> float | None:
    """How much of the pacing line is met, in the objective's good direction (1 = on the line)."""
    if value is None or expected is None or np.isnan(value) or np.isnan(expected):
        return None
    if sign(direction) > 0:
        return value / expected if expected else (1.0 if value >= 0 else 0.0)
    return expected / value if value else 1.0


def decide(phase: str, kind_: str, direction: str, target: float, value: float | None,
           expected: float | None, prob: float | None) -> Decision:
    """The status and the rule that decided it (thresholds P_ON/P_OFF, PACE_ON/PACE_OFF)."""
    s = sign(direction)
    base = {"target": target, "value": value, "expected": expected, "p": prob,
            "p_on": P_ON, "p_off": P_OFF, "pace_on": PACE_ON, "pace_off": PACE_OFF}
    if phase == "not_started":
        return Decision("not_started", "obj_rule_not_started", base)
    if value is None or np.isnan(value):
        return Decision("no_data", "obj_rule_no_data", base)
    if phase == "ended":
        ok = s * (value - target) >= 0
        return Decision("reached" if ok else "missed", "obj_rule_reached" if ok else "obj_rule_missed", base)
    wrong_side = kind_ != "cumulative" and direction != "at_least" and s * (value - target) < 0
    if prob is not None:
        if prob < P_OFF:
            return Decision("off_track", "obj_rule_prob_off", base)
        if wrong_side:
            return Decision("at_risk", "obj_rule_wrong_side", base)
        if prob >= P_ON:
            return Decision("on_track", "obj_rule_prob_on", base)
        return Decision("at_risk", "obj_rule_prob_risk", base)
    a = attainment(value, expected, direction)
    base["attainment"] = a
    if a is None:
        return Decision("no_data", "obj_rule_no_data", base)
    if a >= PACE_ON and not wrong_side:
        return Decision("on_track", "obj_rule_pace_on", base)
    if a >= PACE_OFF:
        return Decision("at_risk", "obj_rule_pace_risk", base)
    return Decision("off_track", "obj_rule_pace_off", base)
