"""A/B test statistics over per-variant aggregates: tests, intervals, Bayesian view, planning.

Variant 0 is the control; every other variant is compared with it. Rates are fractions.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import integrate, stats
from scipy.special import betainc, betaincc, betainccinv, betaincinv, betaln, logsumexp

from lib import i18n
from lib.experiments.errors import ExperimentError
from lib.i18n.messages import Message

# Below these counts per variant a result is too noisy to read (the issue's guard).
MIN_UNITS = 100
MIN_CONVERSIONS = 5
# A sample ratio mismatch is flagged only when very unlikely by chance: checked on every test,
# so a loose threshold would cry wolf.
SRM_ALPHA = 0.001


@dataclass(frozen=True)
class Variant:
    """One variant's aggregates, as read from a CSV, typed in or summed from a source."""

    label: str
    units: float
    conversions: float = 0.0
    value_sum: float | None = None
    value_sq_sum: float | None = None


@dataclass(frozen=True)
class VariantResult:
    """A variant's conversion rate compared with the control's."""

    variant: str
    control: str
    units: int
    conversions: int
    rate: float
    control_rate: float
    p_value: float
    lift_abs: float
    lift_rel: float | None
    ci_low: float
    ci_high: float
    ci_rel_low: float | None
    ci_rel_high: float | None
    chance_to_beat: float
    expected_loss: float
    srm_p_value: float
    srm_flag: bool
    enough_data: bool
    guard: str | None
    p_value_holm: float
    alpha: float
    comparisons: int
    kind: str = "rate"
    p_value_bh: float = math.nan
    correction: str = "holm"
    no_variance: bool = False
    # Sequential reading (lib/experiments/sequential.py): always-valid p-value, its adjusted value
    # and the confidence sequence of the relative lift; peeking=True makes the verdict read them.
    seq_p_value: float | None = None
    seq_p_adjusted: float | None = None
    seq_ci_low: float | None = None
    seq_ci_high: float | None = None
    peeking: bool = False


@dataclass(frozen=True)
class MeanResult:
    """A variant's mean value (e.g. revenue per visitor) compared with the control's (Welch)."""

    variant: str
    control: str
    units: int
    mean: float
    control_mean: float
    p_value: float
    t_stat: float
    df: float
    lift_abs: float
    lift_rel: float | None
    ci_low: float
    ci_high: float
    enough_data: bool
    guard: str | None
    p_value_holm: float
    alpha: float
    comparisons: int
    kind: str = "mean"
    ci_rel_low: float | None = None
    ci_rel_high: float | None = None
    chance_to_beat: float = math.nan
    expected_loss: float = math.nan
    p_value_bh: float = math.nan
    correction: str = "holm"
    no_variance: bool = False
    seq_p_value: float | None = None
    seq_p_adjusted: float | None = None
    seq_ci_low: float | None = None
    seq_ci_high: float | None = None
    peeking: bool = False
    # CUPED (lib/experiments/cuped.py), when the variants carry pre-period sums.
    cuped_lift_abs: float | None = None
    cuped_ci_low: float | None = None
    cuped_ci_high: float | None = None
    cuped_p_value: float | None = None
    cuped_variance_reduction: float | None = None


@dataclass(frozen=True)
class SrmResult:
    """Chi-square goodness of fit of the observed units against the planned split."""

    chi2: float
    p_value: float
    expected: tuple[float, ...]
    flag: bool


def variants_from_frame(frame) -> list[Variant]:
    """Variants from a table with the experiment_results columns (variant, units, conversions,
    optional value_sum, value_sq_sum), in row order: the first row is the control."""
    missing = {"variant", "units"} - set(frame.columns)
    if missing:
        raise ValueError(f"missing column(s): {', '.join(sorted(missing))}")

    def optional(row, name):
        value = row.get(name)
        return None if value is None or value != value else float(value)  # NaN -> None

    return [Variant(label=str(row["variant"]), units=float(row["units"]),
                    conversions=float(row.get("conversions") or 0.0),
                    value_sum=optional(row, "value_sum"), value_sq_sum=optional(row, "value_sq_sum"))
            for row in frame.to_dict("records")]


def variant_label(index: int) -> str:
    """A, B, C... for variant 0, 1, 2...; V27, V28... past Z."""
    return chr(ord("A") + index) if index < 26 else f"V{index + 1}"


# --- frequentist building blocks -------------------------------------------------------------

def holm(p_values: Sequence[float]) -> list[float]:
    """Holm step-down adjusted p-values, in the input order (as R's p.adjust(method="holm")).

    Sorted ascending, the i-th smallest (0-based) is multiplied by (m - i); a running maximum
    keeps the adjusted values in the same order as the raw ones, capped at 1.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values, in the input order (as R's p.adjust(method="BH")).

    Sorted descending, the value of rank r (1-based, ascending) is p m / r; a running minimum from
    the largest keeps them ordered, capped at 1. Holm bounds the chance of any false winner (the
    family-wise error); BH bounds the expected share of false winners among the declared ones
    (the false discovery rate): more power with many variants, at the price of a looser promise.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i], reverse=True)
    adjusted = [0.0] * m
    running = 1.0
    for position, i in enumerate(order):
        rank = m - position
        running = min(running, p_values[i] * m / rank)
        adjusted[i] = running
    return adjusted


CORRECTIONS = ("holm", "bh")


def adjust(p_values: Sequence[float], correction: str) -> list[float]:
    """p-values adjusted by Holm ("holm") or Benjamini-Hochberg ("bh")."""
    if correction not in CORRECTIONS:
        raise ValueError(f"unknown correction {correction!r}; use holm or bh")
    return holm(p_values) if correction == "holm" else benjamini_hochberg(p_values)


def srm(units: Sequence[float], split: Sequence[float] | None = None) -> SrmResult:
    """Sample ratio mismatch: chi-square of the units against the planned split (equal if None)."""
    observed = np.asarray(units, dtype=float)
    weights = np.ones(len(observed)) if split is None else np.asarray(split, dtype=float)
    if len(weights) != len(observed):
        raise ExperimentError(Message.worded("exp_err_split_per_variant"))
    if (weights <= 0).any():
        raise ExperimentError(Message.worded("exp_err_split_positive"))
    expected = observed.sum() * weights / weights.sum()
    if observed.sum() == 0:
        return SrmResult(0.0, 1.0, tuple(expected), False)
    chi2, p = stats.chisquare(observed, expected)
    return SrmResult(float(chi2), float(p), tuple(float(e) for e in expected), bool(p < SRM_ALPHA))


def two_proportion_z(n1: float, c1: float, n2: float, c2: float) -> tuple[float, float]:
    """Pooled two-proportion z-test, two-sided: (z, p-value).

    z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)) with p = (c1 + c2) / (n1 + n2).
    """
    p1, p2 = c1 / n1, c2 / n2
    pooled = (c1 + c2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        # Both rates 0 or both 1: no evidence of any difference.
        return 0.0, 1.0
    z = (p2 - p1) / se
    return z, float(2 * stats.norm.sf(abs(z)))


def diff_ci(n1: float, c1: float, n2: float, c2: float, alpha: float) -> tuple[float, float]:
    """Unpooled Wald interval of p2 - p1: diff +/- z sqrt(p1 q1 / n1 + p2 q2 / n2)."""
    p1, p2 = c1 / n1, c2 / n2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    z = float(stats.norm.ppf(1 - alpha / 2))
    return p2 - p1 - z * se, p2 - p1 + z * se


def ratio_ci(n1: float, c1: float, n2: float, c2: float,
             alpha: float) -> tuple[float | None, float | None]:
    """Interval of the relative lift p2/p1 - 1, delta method on the log ratio (Katz).

    log(p2/p1) +/- z sqrt((1-p1)/(n1 p1) + (1-p2)/(n2 p2)), exponentiated, minus 1.
    Undefined (None) when either variant has no conversion.
    """
    if c1 == 0 or c2 == 0:
        return None, None
    p1, p2 = c1 / n1, c2 / n2
    se = math.sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
    z = float(stats.norm.ppf(1 - alpha / 2))
    log_ratio = math.log(p2 / p1)
    return math.exp(log_ratio - z * se) - 1, math.exp(log_ratio + z * se) - 1


# --- Bayesian view, Beta(1, 1) priors ---------------------------------------------------------

# Past this many conversions (+1) in the smaller arm the closed form would sum that many terms
# (0.85 GB and 13 s at 1e7); the chance to beat is then integrated numerically instead.
EXACT_LIMIT = 100_000
# The tails left out of a numerical integral: each side holds less than this probability.
_TAIL = 1e-15


def _prob_beta_greater(a1: int, b1: int, a2: int, b2: int) -> float:
    """P(X1 > X2) for X1 ~ Beta(a1, b1), X2 ~ Beta(a2, b2), exact for integer a1 or a2.

    Evan Miller's closed form ("Formulas for Bayesian A/B testing"):
    P(X1 > X2) = sum_{i=0}^{a1-1} B(a2+i, b1+b2) / ((b1+i) B(1+i, b1) B(a2, b2)).
    Summed in log space over the smaller of a1, a2 (the other side is 1 - P(X2 > X1)).
    """
    if a1 > a2:
        return 1.0 - _prob_beta_greater(a2, b2, a1, b1)
    i = np.arange(a1, dtype=float)
    log_terms = (betaln(a2 + i, b1 + b2) - np.log(b1 + i) - betaln(1 + i, b1) - betaln(a2, b2))
    return float(min(1.0, max(0.0, math.exp(logsumexp(log_terms)))))


def _bulk(*params: tuple[float, float]) -> tuple[float, float, list[float]]:
    """The interval holding all but _TAIL of each Beta(a, b) on either side, and their means."""
    low = min(float(betaincinv(a, b, _TAIL)) for a, b in params)
    high = max(float(betainccinv(a, b, _TAIL)) for a, b in params)
    return low, high, [a / (a + b) for a, b in params]


def _integrate(integrand, low: float, high: float, points: list[float]) -> float:
    inside = sorted(p for p in points if low < p < high)
    value, _ = integrate.quad(integrand, low, high, points=inside or None, limit=400,
                              epsabs=0.0, epsrel=1e-10)
    return float(value)


def _prob_beta_greater_integrated(a1: float, b1: float, a2: float, b2: float) -> float:
    """P(X1 > X2) = integral of f1(t) P(X2 < t) dt, over the posteriors' bulk (no array)."""
    low, high, means = _bulk((a1, b1), (a2, b2))
    value = _integrate(lambda t: math.exp(stats.beta.logpdf(t, a1, b1)) * betainc(a2, b2, t),
                       low, high, means)
    return min(1.0, max(0.0, value))


def chance_to_beat(n1: int, c1: int, n2: int, c2: int) -> float:
    """P(p2 > p1) under Beta(1 + c, 1 + n - c) posteriors (deterministic).

    Closed form up to EXACT_LIMIT conversions in the smaller arm; past it a numerical integral
    (the two agree to 1e-8 at the limit, tests/experiments). A normal approximation was measured
    instead and rejected: its error shrinks as 1/sqrt(conversions) (3.6e-4 at 1e6 conversions),
    so it reaches 1e-6 only past 1e11 conversions.
    """
    if min(c1, c2) + 1 <= EXACT_LIMIT:
        return _prob_beta_greater(1 + c2, 1 + n2 - c2, 1 + c1, 1 + n1 - c1)
    return _prob_beta_greater_integrated(1 + c2, 1 + n2 - c2, 1 + c1, 1 + n1 - c1)


def exact_chance(c1: int, c2: int) -> bool:
    """Whether chance_to_beat used the closed form (else a numerical integral, said on the page)."""
    return min(c1, c2) + 1 <= EXACT_LIMIT


def expected_loss(n1: int, c1: int, n2: int, c2: int) -> float:
    """Expected loss of shipping the variant: E[max(p1 - p2, 0)] in rate points.

    max(p1 - p2, 0) is the length of [p2, p1], the integral over t of 1[p2 < t < p1]; so
    E[max(p1 - p2, 0)] = integral of P(p2 < t) P(p1 > t) dt, an integrand never negative: no
    difference of two nearly equal products (which lost 1.7% at 1e9 units).
    """
    a1, b1, a2, b2 = 1 + c1, 1 + n1 - c1, 1 + c2, 1 + n2 - c2
    low, high, means = _bulk((a1, b1), (a2, b2))
    loss = _integrate(lambda t: betainc(a2, b2, t) * betaincc(a1, b1, t), low, high, means)
    return max(0.0, loss)


def normal_chance_and_loss(diff: float, se: float) -> tuple[float, float]:
    """P(D > 0) and E[max(-D, 0)] for D ~ N(diff, se^2): the difference of two means whose
    posteriors are normal (flat priors, mean +/- s/sqrt(n)).

    E[max(-D, 0)] = se phi(diff/se) - diff Phi(-diff/se).
    """
    if se == 0:
        return (0.5 if diff == 0 else float(diff > 0)), max(0.0, -diff)
    z = diff / se
    return float(stats.norm.cdf(z)), max(0.0, float(se * stats.norm.pdf(z) - diff * stats.norm.cdf(-z)))


# --- comparisons ------------------------------------------------------------------------------

def _guard(units: Sequence[float], conversions: Sequence[float] | None) -> str | None:
    """The reason a comparison is not readable yet, or None."""
    if min(units) < MIN_UNITS:
        return f"not enough data yet: fewer than {MIN_UNITS} units in a variant"
    if conversions is not None and min(conversions) < MIN_CONVERSIONS:
        return f"not enough data yet: fewer than {MIN_CONVERSIONS} conversions in a variant"
    return None


# The counts _whole checks, named in the page's language inside its refusals.
_COUNT_WORDS = {"units": "exp_err_name_units", "conversions": "exp_err_name_conversions"}


def _whole(values: Sequence[float], name: str) -> list[int]:
    what = Message.worded(_COUNT_WORDS[name])
    if not all(math.isfinite(v) for v in values):
        raise ExperimentError(Message.worded("exp_err_not_finite", what=what))
    counts = [round(v) for v in values]
    if any(abs(v - c) > 1e-9 for v, c in zip(values, counts, strict=True)):
        raise ExperimentError(Message.worded("exp_err_not_whole", what=what))
    if any(c < 0 for c in counts):
        raise ExperimentError(Message.worded("exp_err_negative", what=what))
    return counts


def _check_rates(units: Sequence[float], conversions: Sequence[float]) -> tuple[list, list]:
    if len(units) != len(conversions):
        raise ValueError("units and conversions need one value per variant each")
    if len(units) < 2:
        raise ExperimentError(Message.worded("exp_err_two_variants"))
    n, c = _whole(units, "units"), _whole(conversions, "conversions")
    if any(ci > ni for ni, ci in zip(n, c, strict=True)):
        raise ExperimentError(Message.worded("exp_err_conversions_above_units"))
    if any(ni == 0 for ni in n):
        raise ExperimentError(Message.worded("exp_err_no_unit"))
    return n, c


def compare_rates(units: Sequence[float], conversions: Sequence[float], alpha: float = 0.05,
                  split: Sequence[float] | None = None,
                  labels: Sequence[str] | None = None) -> list[VariantResult]:
    """Compare each variant's conversion rate with variant 0's; one result per variant 1..k-1.

    p-value: pooled two-proportion z-test; ci_low/ci_high: unpooled Wald interval of the absolute
    lift; ci_rel_*: delta method on the log ratio; chance_to_beat/expected_loss: Beta(1, 1)
    priors, exact; p_value_holm: Holm across the k-1 comparisons; srm_p_value: whole split.
    """
    n, c = _check_rates(units, conversions)
    labels = list(labels) if labels else [variant_label(i) for i in range(len(n))]
    split_check = srm(n, split)
    raw = [two_proportion_z(n[0], c[0], n[i], c[i])[1] for i in range(1, len(n))]
    adjusted, bh = holm(raw), benjamini_hochberg(raw)
    results = []
    for i in range(1, len(n)):
        guard = _guard([n[0], n[i]], [c[0], c[i]])
        low, high = diff_ci(n[0], c[0], n[i], c[i], alpha)
        rel_low, rel_high = ratio_ci(n[0], c[0], n[i], c[i], alpha)
        p1, p2 = c[0] / n[0], c[i] / n[i]
        results.append(VariantResult(
            variant=labels[i], control=labels[0], units=n[i], conversions=c[i],
            rate=p2, control_rate=p1, p_value=raw[i - 1],
            lift_abs=p2 - p1, lift_rel=(p2 / p1 - 1) if p1 > 0 else None,
            ci_low=low, ci_high=high, ci_rel_low=rel_low, ci_rel_high=rel_high,
            chance_to_beat=chance_to_beat(n[0], c[0], n[i], c[i]),
            expected_loss=expected_loss(n[0], c[0], n[i], c[i]),
            srm_p_value=split_check.p_value, srm_flag=split_check.flag,
            enough_data=guard is None, guard=guard, p_value_holm=adjusted[i - 1],
            alpha=alpha, comparisons=len(n) - 1, p_value_bh=bh[i - 1],
            # Every unit converted or none did, in both arms: a rate with no variance to test.
            no_variance=p1 in (0.0, 1.0) and p2 in (0.0, 1.0)))
    return results


def welch(n1: float, mean1: float, var1: float, n2: float, mean2: float,
          var2: float) -> tuple[float, float, float, float]:
    """Welch's t-test of mean2 - mean1: (t, df, two-sided p-value, standard error).

    se = sqrt(v1/n1 + v2/n2); df = se^4 / ((v1/n1)^2/(n1-1) + (v2/n2)^2/(n2-1)) (Welch-Satterthwaite).
    """
    a, b = var1 / n1, var2 / n2
    se = math.sqrt(a + b)
    if se == 0:
        return 0.0, n1 + n2 - 2, 1.0, 0.0
    t = (mean2 - mean1) / se
    df = (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1))
    return t, df, float(2 * stats.t.sf(abs(t), df)), se


def mean_relative_ci(n1: float, mean1: float, var1: float, n2: float, mean2: float, var2: float,
                     alpha: float, df: float) -> tuple[float | None, float | None]:
    """Interval of the relative lift mean2/mean1 - 1 by the delta method (GrowthBook's
    frequentist_variance): var = v2/(n2 m1^2) + v1 m2^2/(n1 m1^4), est +/- t_{1-a/2, df} sqrt(var).
    Undefined (None) when the control's mean is 0."""
    if mean1 == 0:
        return None, None
    estimate = (mean2 - mean1) / abs(mean1)
    variance = var2 / (n2 * mean1 ** 2) + var1 * mean2 ** 2 / (n1 * mean1 ** 4)
    half = float(stats.t.ppf(1 - alpha / 2, df)) * math.sqrt(variance)
    return estimate - half, estimate + half


def mean_moments(n: Sequence[float], value_sum: Sequence[float],
                 value_sq_sum: Sequence[float]) -> tuple[list[float], list[float]]:
    """Means and sample variances from the aggregates: sum/n and (sum_sq - sum^2/n) / (n - 1)."""
    means = [s / k for s, k in zip(value_sum, n, strict=True)]
    # max(0, ...) absorbs rounding when every value is equal.
    variances = [max(0.0, (q - s * s / k) / (k - 1))
                 for k, s, q in zip(n, value_sum, value_sq_sum, strict=True)]
    return means, variances


def _check_means(n: Sequence[float], value_sum: Sequence[float],
                 value_sq_sum: Sequence[float]) -> None:
    if not len(n) == len(value_sum) == len(value_sq_sum):
        raise ValueError("n, value_sum and value_sq_sum need one value per variant each")
    if len(n) < 2:
        raise ExperimentError(Message.worded("exp_err_two_variants"))
    if not all(math.isfinite(v) for v in (*n, *value_sum, *value_sq_sum)):
        raise ExperimentError(Message.worded("exp_err_values_not_finite"))
    if any(ni < 2 for ni in n):
        raise ExperimentError(Message.worded("exp_err_variance_units"))


def compare_means(n: Sequence[float], value_sum: Sequence[float], value_sq_sum: Sequence[float],
                  alpha: float = 0.05, labels: Sequence[str] | None = None) -> list[MeanResult]:
    """Compare each variant's mean value per unit with variant 0's (Welch); one result per variant.

    The same columns as rates: the interval of the difference (mean2 - mean1 +/- t_{1-a/2, df} se),
    of the relative lift (delta method, mean_relative_ci), the chance to beat and the expected
    loss (normal posteriors of the means, normal_chance_and_loss). Both arms without variance
    (every unit the same value) are flagged no_variance: no test applies.
    """
    _check_means(n, value_sum, value_sq_sum)
    labels = list(labels) if labels else [variant_label(i) for i in range(len(n))]
    means, variances = mean_moments(n, value_sum, value_sq_sum)
    tests = [welch(n[0], means[0], variances[0], n[i], means[i], variances[i])
             for i in range(1, len(n))]
    raw = [t[2] for t in tests]
    adjusted, bh = holm(raw), benjamini_hochberg(raw)
    results = []
    for i, (t, df, p, se) in enumerate(tests, start=1):
        guard = _guard([n[0], n[i]], None)
        half = float(stats.t.ppf(1 - alpha / 2, df)) * se
        diff = means[i] - means[0]
        rel_low, rel_high = mean_relative_ci(n[0], means[0], variances[0], n[i], means[i],
                                             variances[i], alpha, df)
        chance, loss = normal_chance_and_loss(diff, se)
        results.append(MeanResult(
            variant=labels[i], control=labels[0], units=int(n[i]), mean=means[i],
            control_mean=means[0], p_value=p, t_stat=t, df=df, lift_abs=diff,
            lift_rel=(means[i] / means[0] - 1) if means[0] else None,
            ci_low=diff - half, ci_high=diff + half, enough_data=guard is None, guard=guard,
            p_value_holm=adjusted[i - 1], alpha=alpha, comparisons=len(n) - 1,
            ci_rel_low=rel_low, ci_rel_high=rel_high, chance_to_beat=chance, expected_loss=loss,
            p_value_bh=bh[i - 1], no_variance=se == 0))
    return results


# --- planning ---------------------------------------------------------------------------------

def sample_size(baseline: float, mde: float, relative: bool = False, alpha: float = 0.05,
                power: float = 0.8, two_sided: bool = True,
                continuity_correction: bool = False) -> int:
    """Units per variant to detect baseline -> baseline + mde (Fleiss, Levin & Paik 2003, 4.14).

    n = (z_{1-a/2} sqrt(2 p q) + z_{1-b} sqrt(p1 q1 + p2 q2))^2 / (p2 - p1)^2, p = (p1 + p2)/2,
    rounded up; with relative=True the target is baseline x (1 + mde). The issue asks for the
    value without continuity correction; continuity_correction=True gives Fleiss's tabled values
    (n/4 (1 + sqrt(1 + 4 / (n |p2 - p1|)))^2).
    """
    p1 = baseline
    p2 = baseline * (1 + mde) if relative else baseline + mde
    if not 0 < p1 < 1:
        raise ExperimentError(Message.worded("exp_err_baseline"))
    if not 0 < p2 < 1 or p2 == p1:
        raise ExperimentError(Message.worded("exp_err_target"))
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ExperimentError(Message.worded("exp_err_alpha_power"))
    z_alpha = stats.norm.ppf(1 - alpha / 2 if two_sided else 1 - alpha)
    z_beta = stats.norm.ppf(power)
    p_bar = (p1 + p2) / 2
    delta = abs(p2 - p1)
    n = (z_alpha * math.sqrt(2 * p_bar * (1 - p_bar))
         + z_beta * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / delta ** 2
    if continuity_correction:
        n = n / 4 * (1 + math.sqrt(1 + 4 / (n * delta))) ** 2
    # Guard float noise (434.0000000001 must not become 435).
    return math.ceil(round(n, 9))


def planning_alpha(alpha: float, variants: int) -> float:
    """The alpha each comparison is planned at when the analysis corrects for variants - 1
    comparisons with the control: alpha / (variants - 1) (Bonferroni). It is the threshold Holm
    and Benjamini-Hochberg both apply to the smallest p-value, so a test planned with it keeps
    its power for one real winner among nulls whichever correction reads it."""
    if variants < 2:
        raise ExperimentError(Message.worded("exp_err_planning_variants"))
    return alpha / (variants - 1)


def duration_days(n_per_variant: int, variants: int, daily_units: float) -> int:
    """Days of traffic to reach n_per_variant in each of the variants, rounded up."""
    if daily_units <= 0:
        raise ExperimentError(Message.worded("exp_err_daily_traffic"))
    return math.ceil(round(n_per_variant * variants / daily_units, 9))


# --- reading a result ------------------------------------------------------------------------

def read_p_value(r: VariantResult | MeanResult) -> float:
    """The p-value a comparison is read by: the always-valid one when the user looks before the
    planned end (peeking), adjusted by the test's correction (Holm or BH) when it makes several
    comparisons."""
    if r.peeking and r.seq_p_value is not None:
        return r.seq_p_adjusted if r.comparisons > 1 and r.seq_p_adjusted is not None \
            else r.seq_p_value
    if r.comparisons == 1:
        return r.p_value
    return r.p_value_bh if r.correction == "bh" else r.p_value_holm


def significant(r: VariantResult | MeanResult) -> bool:
    """Whether a comparison has enough data, a variance, and its read p-value below its alpha."""
    return r.enough_data and not r.no_variance and read_p_value(r) < r.alpha


def any_significant(results: Sequence[VariantResult | MeanResult]) -> bool:
    """Whether at least one comparison is significant (the page shows the verdict as a success)."""
    return any(significant(r) for r in results)


# --- plain words (strings in lib/i18n/strings/experiments.toml) --------------------------------

def _p_part(p: float, alpha: float, note: str, lang: str) -> str:
    """"(p = 0.012 < 0.05)", "(p = 0.31 ≥ 0.05)" or "(p < 0.0001)"."""
    if p < 0.0001:
        return f"(p < {i18n.fmt_stat(0.0001, lang)}{note})"
    relation = "<" if p < alpha else "≥"
    return f"(p = {i18n.fmt_stat(p, lang, '.2g')} {relation} {i18n.fmt_stat(alpha, lang)}{note})"


def _signed(value: float, kind: str, lang: str) -> str:
    """+1.10 points (a rate difference) or +1.10 (a difference of means)."""
    if kind == "rate":
        return i18n.fmt_stat(100 * value, lang, "+.2f") + " " + i18n.t("exp_verdict_points", lang)
    return i18n.fmt_stat(value, lang, "+.2f")


def _shown_chance(chance: float, lang: str) -> str:
    """0.99996 would print as "100.0%": certainty a Bayesian posterior never gives."""
    pct = i18n.fmt_stat_percent
    return (">" + pct(0.999, lang) if chance > 0.999 else
            "<" + pct(0.001, lang) if chance < 0.001 else pct(chance, lang))


def _correction_note(r: VariantResult | MeanResult, lang: str) -> str:
    if r.comparisons <= 1:
        return ""
    key = "exp_verdict_bh" if r.correction == "bh" else "exp_verdict_holm"
    return i18n.t(key, lang, comparisons=i18n.fmt_number(r.comparisons, lang))


def _values(r: VariantResult | MeanResult, lang: str) -> str:
    if r.kind == "rate":
        pct = i18n.fmt_stat_percent
        return f"{pct(r.rate, lang)} {i18n.t('exp_verdict_vs', lang)} {pct(r.control_rate, lang)}"
    return (f"{i18n.fmt_stat(r.mean, lang, '.2f')} {i18n.t('exp_verdict_vs', lang)} "
            f"{i18n.fmt_stat(r.control_mean, lang, '.2f')}")


def _sentence(r: VariantResult | MeanResult, lang: str) -> str:
    """One comparison in plain words."""
    pct = i18n.fmt_stat_percent
    if not r.enough_data:
        key = "exp_verdict_guard" if r.kind == "rate" else "exp_verdict_guard_mean"
        return i18n.t(key, lang, variant=r.variant, units=i18n.fmt_number(MIN_UNITS, lang),
                      conversions=i18n.fmt_number(MIN_CONVERSIONS, lang))
    if r.no_variance:
        return i18n.t("exp_verdict_no_variance", lang, variant=r.variant, control=r.control,
                      values=_values(r, lang))
    is_significant = significant(r)
    if is_significant:
        key = f"exp_verdict_{r.kind}_{'up' if r.lift_abs > 0 else 'down'}"
    else:
        key = "exp_verdict_none"
    head = i18n.t(key, lang, variant=r.variant, control=r.control)
    note = _correction_note(r, lang)
    if r.peeking and r.seq_p_value is not None:
        note = i18n.t("exp_verdict_always_valid", lang) + note
    p_part = _p_part(read_p_value(r), r.alpha, note, lang)
    lift = _signed(r.lift_abs, r.kind, lang)
    if r.lift_rel is not None:
        sign = "+" if r.lift_rel >= 0 else ""
        lift += f" ({sign}{pct(r.lift_rel, lang)})"
    detail = [f"{_values(r, lang)}, {lift}"]
    if r.peeking and r.seq_ci_low is not None:
        detail.append(i18n.t("exp_verdict_cs", lang, level=pct(1 - r.alpha, lang, 0),
                             low=i18n.fmt_stat(100 * r.seq_ci_low, lang, "+.1f"),
                             high=i18n.fmt_stat(100 * r.seq_ci_high, lang, "+.1f")))
    else:
        detail.append(i18n.t("exp_verdict_ci", lang, level=pct(1 - r.alpha, lang, 0),
                             low=_signed(r.ci_low, r.kind, lang),
                             high=_signed(r.ci_high, r.kind, lang)))
    if r.chance_to_beat == r.chance_to_beat:   # NaN when a result carries no Bayesian view
        detail.append(i18n.t("exp_verdict_beat", lang, control=r.control,
                             chance=_shown_chance(r.chance_to_beat, lang)))
    text = i18n.t("exp_verdict_sentence", lang, head=head, p=p_part,
                  details=i18n.t("exp_verdict_separator", lang).join(detail))
    return text if is_significant else f"{text} {i18n.t('exp_verdict_keep', lang)}"


def verdict(results: Sequence[VariantResult | MeanResult], lang: str = "en") -> str:
    """The comparison in plain words (lang "en" or "fr"), one sentence per variant."""
    if lang not in i18n.LANGS:
        raise ValueError(f"unknown language {lang!r}")
    sentences = [_sentence(r, lang) for r in results]
    flagged = [r for r in results if getattr(r, "srm_flag", False)]
    if flagged:
        sentences.insert(0, i18n.t("exp_verdict_srm", lang,
                                   p=i18n.fmt_stat(flagged[0].srm_p_value, lang, ".2g"),
                                   threshold=i18n.fmt_stat(SRM_ALPHA, lang)))
    return " ".join(sentences)
