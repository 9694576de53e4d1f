"""CUPED: a variance-reduced difference of means, from each variant's post-period sums (value_sum,
value_sq_sum) and pre-period sums of the same units (pre_sum = sum x, pre_sq_sum = sum x^2,
pre_post_sum = sum x y), the aggregates GrowthBook's engine takes (RegressionAdjustedStatistic).

Deng, Xu, Kohavi & Walker, "Improving the sensitivity of online controlled experiments by
utilizing pre-experiment data" (WSDM 2013). As in GrowthBook: one theta for both arms,
theta = cov(y, x) / var(x) over the pooled units; each arm's adjusted mean is y - theta x and its
variance var(y) + theta^2 var(x) - 2 theta cov(x, y); the difference is tested by Welch.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from lib.experiments.errors import ExperimentError
from lib.i18n.messages import Message

PRE_COLUMNS = ("pre_sum", "pre_sq_sum", "pre_post_sum")


@dataclass(frozen=True)
class Arm:
    """One variant's post- and pre-period sums over the same n units."""

    n: float
    post_sum: float
    post_sq_sum: float
    pre_sum: float
    pre_sq_sum: float
    pre_post_sum: float


@dataclass(frozen=True)
class Adjusted:
    """The CUPED difference of a variant with the control, beside what it replaces."""

    theta: float
    lift_abs: float
    ci_low: float
    ci_high: float
    p_value: float
    lift_rel: float | None
    ci_rel_low: float | None
    ci_rel_high: float | None
    variance_reduction: float


def _variance(n: float, total: float, squares: float) -> float:
    return (squares - total * total / n) / (n - 1)


def _covariance(n: float, total_x: float, total_y: float, products: float) -> float:
    return (products - total_x * total_y / n) / (n - 1)


def theta(a: Arm, b: Arm) -> float:
    """cov(y, x) / var(x) over both arms' units together (0 when x or y has no variance)."""
    n = a.n + b.n
    var_pre = _variance(n, a.pre_sum + b.pre_sum, a.pre_sq_sum + b.pre_sq_sum)
    var_post = _variance(n, a.post_sum + b.post_sum, a.post_sq_sum + b.post_sq_sum)
    if var_pre <= 0 or var_post <= 0:
        return 0.0
    return _covariance(n, a.pre_sum + b.pre_sum, a.post_sum + b.post_sum,
                       a.pre_post_sum + b.pre_post_sum) / var_pre


def _adjusted(arm: Arm, t: float) -> tuple[float, float]:
    """The arm's adjusted mean and per-unit variance."""
    mean = arm.post_sum / arm.n - t * arm.pre_sum / arm.n
    variance = (_variance(arm.n, arm.post_sum, arm.post_sq_sum)
                + t * t * _variance(arm.n, arm.pre_sum, arm.pre_sq_sum)
                - 2 * t * _covariance(arm.n, arm.pre_sum, arm.post_sum, arm.pre_post_sum))
    return mean, max(0.0, variance)


def compare(a: Arm, b: Arm, alpha: float = 0.05) -> Adjusted | None:
    """The CUPED reading of b against a (None when either arm has fewer than 2 units or the
    adjusted difference has no variance)."""
    if a.n < 2 or b.n < 2:
        return None
    t = theta(a, b)
    mean_a, var_a = _adjusted(a, t)
    mean_b, var_b = _adjusted(b, t)
    va, vb = var_a / a.n, var_b / b.n
    if va + vb <= 0:
        return None
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1))
    quantile = float(stats.t.ppf(1 - alpha / 2, df))
    diff = mean_b - mean_a
    plain = (_variance(a.n, a.post_sum, a.post_sq_sum) / a.n
             + _variance(b.n, b.post_sum, b.post_sq_sum) / b.n)
    rel = _relative(a, b, t, mean_a, mean_b, var_b, quantile)
    return Adjusted(theta=t, lift_abs=diff, ci_low=diff - quantile * se, ci_high=diff + quantile * se,
                    p_value=float(2 * stats.t.sf(abs(diff) / se, df)),
                    lift_rel=rel[0], ci_rel_low=rel[1], ci_rel_high=rel[2],
                    variance_reduction=1 - (va + vb) / plain if plain > 0 else 0.0)


def _relative(a: Arm, b: Arm, t: float, mean_a: float, mean_b: float, var_b: float,
              quantile: float) -> tuple[float | None, float | None, float | None]:
    """(mean_b - mean_a) / |control's unadjusted mean|, with GrowthBook's delta-method variance
    (frequentist_variance_relative_cuped)."""
    base = a.post_sum / a.n
    if base == 0:
        return None, None, None
    v_trt = var_b / (b.n * base ** 2)
    post_var_a = _variance(a.n, a.post_sum, a.post_sq_sum)
    cov_a = _covariance(a.n, a.pre_sum, a.post_sum, a.pre_post_sum)
    const = -b.post_sum / b.n
    v_ctrl = (post_var_a * const ** 2 / base ** 2 + 2 * t * cov_a * const / base
              + t * t * _variance(a.n, a.pre_sum, a.pre_sq_sum)) / (a.n * base ** 2)
    estimate = (mean_b - mean_a) / abs(base)
    half = quantile * math.sqrt(max(0.0, v_trt + v_ctrl))
    return estimate, estimate - half, estimate + half


def arms(n: Sequence[float], value_sum: Sequence[float], value_sq_sum: Sequence[float],
         pre: Sequence[Sequence[float]]) -> list[Arm]:
    """Arms from per-variant columns; pre holds (pre_sum, pre_sq_sum, pre_post_sum) per variant."""
    values = [*n, *value_sum, *value_sq_sum, *(v for row in pre for v in row)]
    if not all(math.isfinite(v) for v in values):
        raise ExperimentError(Message.worded("exp_err_pre_not_finite"))
    return [Arm(k, s, q, *row) for k, s, q, row in zip(n, value_sum, value_sq_sum, pre, strict=True)]
