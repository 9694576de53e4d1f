"""Sequential testing: an always-valid p-value and confidence sequence, for a test looked at every
day before its planned end.

The method is GrowthBook's: the asymptotic confidence sequences of Waudby-Smith, Arnold, Wu,
Howard and Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences"
(Annals of Statistics, 2024; arXiv:2103.06476, eq. 9 for the interval, eq. 155 for the p-value,
eq. 161 for rho). Chosen over Optimizely's mixture SPRT because it runs on the same estimate and
standard error as the fixed-horizon delta method (rates and means alike, no Bernoulli or normal
model of each unit), and because GrowthBook publishes test cases to check it against.

The tuning parameter N* (GrowthBook's sequential_tuning_parameter, default 5,000) is the total
number of units, both arms together, at which the sequence is tightest: rho is chosen so the
interval's width is smallest at n = N*. Set it near the test's planned size; far too small
widens every later look, far too large widens the early ones; the coverage holds either way.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from lib.experiments.errors import ExperimentError
from lib.i18n.messages import Message

TUNING = 5000


def rho(alpha: float, tuning: float = TUNING) -> float:
    """rho = sqrt((-2 log a + log(-2 log a + 1)) / N*) (eq. 161, two-sided)."""
    if not 0 < alpha < 1:
        raise ExperimentError(Message.worded("exp_err_alpha"))
    if not (math.isfinite(tuning) and tuning > 0):
        raise ExperimentError(Message.worded("exp_err_tuning"))
    return math.sqrt((-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning)


def halfwidth(se: float, n: float, alpha: float, tuning: float = TUNING) -> float:
    """Half-width of the confidence sequence at n units in all, for an estimate of standard error
    se: with s2 = se^2 n, sqrt(s2) sqrt(2 (n rho^2 + 1) log(sqrt(n rho^2 + 1) / a) / (n rho)^2)."""
    r = rho(alpha, tuning)
    s2 = se * se * n
    return math.sqrt(s2) * math.sqrt(2 * (n * r * r + 1) * math.log(math.sqrt(n * r * r + 1) / alpha)
                                     / (n * r) ** 2)


def p_value(estimate: float, se: float, n: float, alpha: float, tuning: float = TUNING) -> float:
    """Always-valid p-value min(1, 1/E), E = exp(rho^2 S / (2 (n rho^2 + 1))) / sqrt(n rho^2 + 1)
    with S = estimate^2 n / se^2 (eq. 155 as GrowthBook writes it), computed in logs."""
    r = rho(alpha, tuning)
    scaled = estimate * estimate * n / (se * se)
    tr = n * r * r + 1
    log_e = r * r * scaled / (2 * tr) - 0.5 * math.log(tr)
    return 1.0 if log_e <= 0 else math.exp(-log_e)


def relative_effect(n1: float, mean1: float, var1: float, n2: float, mean2: float,
                    var2: float) -> tuple[float, float] | None:
    """(mean2 - mean1)/|mean1| and its delta-method standard error, or None when undefined (a
    control mean of 0 or no variance at all)."""
    if mean1 == 0:
        return None
    variance = var2 / (n2 * mean1 ** 2) + var1 * mean2 ** 2 / (n1 * mean1 ** 4)
    if variance <= 0:
        return None
    return (mean2 - mean1) / abs(mean1), math.sqrt(variance)


@dataclass(frozen=True)
class Look:
    """One variant against the control at one day's cumulative counts (relative lift)."""

    estimate: float
    se: float
    units: float
    p_value: float
    ci_low: float
    ci_high: float
    fixed_p_value: float
    fixed_low: float
    fixed_high: float


def look(n1: float, mean1: float, var1: float, n2: float, mean2: float, var2: float,
         alpha: float, tuning: float = TUNING) -> Look | None:
    """The sequential and fixed-horizon readings of one comparison (None when undefined)."""
    effect = relative_effect(n1, mean1, var1, n2, mean2, var2)
    if effect is None:
        return None
    estimate, se = effect
    n = n1 + n2
    half = halfwidth(se, n, alpha, tuning)
    z = float(stats.norm.ppf(1 - alpha / 2))
    return Look(estimate=estimate, se=se, units=n, p_value=p_value(estimate, se, n, alpha, tuning),
                ci_low=estimate - half, ci_high=estimate + half,
                fixed_p_value=float(2 * stats.norm.sf(abs(estimate) / se)),
                fixed_low=estimate - z * se, fixed_high=estimate + z * se)


def rate_look(n1: float, c1: float, n2: float, c2: float, alpha: float,
              tuning: float = TUNING) -> Look | None:
    """A conversion rate: mean c/n, variance p (1 - p) (GrowthBook's ProportionStatistic)."""
    p1, p2 = c1 / n1, c2 / n2
    return look(n1, p1, p1 * (1 - p1), n2, p2, p2 * (1 - p2), alpha, tuning)


def mean_look(n1: float, s1: float, q1: float, n2: float, s2: float, q2: float, alpha: float,
              tuning: float = TUNING) -> Look | None:
    """A mean value per unit from sums and sums of squares (sample variance, n - 1)."""
    if n1 < 2 or n2 < 2:
        return None
    v1 = max(0.0, (q1 - s1 * s1 / n1) / (n1 - 1))
    v2 = max(0.0, (q2 - s2 * s2 / n2) / (n2 - 1))
    return look(n1, s1 / n1, v1, n2, s2 / n2, v2, alpha, tuning)


SEQUENCE_COLUMNS = ("day", "variant", "units", "estimate", "ci_low", "ci_high", "p_value",
                    "fixed_low", "fixed_high", "fixed_p_value")


def sequence(daily: pd.DataFrame, kind: str = "rate", alpha: float = 0.05,
             tuning: float = TUNING) -> pd.DataFrame:
    """Each variant against the control (the first variant of `daily`) at each day's cumulative
    counts: one row per (day, variant) with the confidence sequence and the fixed-horizon interval
    of the relative lift. `daily` holds day, variant, units, conversions (and value_sum,
    value_sq_sum for kind "mean"), one row per variant and day; days where a variant has no unit
    yet, or where the lift is undefined, are left out."""
    if kind not in ("rate", "mean"):
        raise ValueError(f"unknown metric kind {kind!r}")
    if daily.empty:
        return pd.DataFrame(columns=list(SEQUENCE_COLUMNS))
    order = list(dict.fromkeys(daily["variant"]))
    values = ["units", "conversions"] if kind == "rate" else ["units", "value_sum", "value_sq_sum"]
    table = daily.pivot_table(index="day", columns="variant", values=values, aggfunc="sum",
                              fill_value=0).sort_index().cumsum()
    control = order[0]
    rows = []
    for day, totals in table.iterrows():
        at = {key: float(value) for key, value in totals.items()}   # (column, variant) -> total
        for variant in order[1:]:
            if kind == "rate":
                found = (rate_look(at[("units", control)], at[("conversions", control)],
                                   at[("units", variant)], at[("conversions", variant)], alpha,
                                   tuning)
                         if min(at[("units", control)], at[("units", variant)]) > 0 else None)
            else:
                found = mean_look(*(at[(c, name)] for name in (control, variant)
                                    for c in ("units", "value_sum", "value_sq_sum")),
                                  alpha, tuning)
            if found is not None:
                rows.append({"day": day, "variant": variant, "units": found.units,
                             "estimate": found.estimate, "ci_low": found.ci_low,
                             "ci_high": found.ci_high, "p_value": found.p_value,
                             "fixed_low": found.fixed_low, "fixed_high": found.fixed_high,
                             "fixed_p_value": found.fixed_p_value})
    return pd.DataFrame(rows, columns=list(SEQUENCE_COLUMNS))
