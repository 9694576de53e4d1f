"""Issue 23's additions and fixes to the A/B statistics, each against a value computed outside
Balise (GrowthBook's gbstats, statsmodels, mpmath, or by hand), with its source."""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from lib.experiments import stats as ex

# --- Benjamini-Hochberg beside Holm ------------------------------------------------------------


@pytest.mark.parametrize("p_values, bh, holm", [
    # statsmodels 0.15.0: multipletests(p, method="fdr_bh")[1] and method="holm".
    ([0.01, 0.04, 0.03, 0.005], [0.02, 0.04, 0.04, 0.02], [0.03, 0.06, 0.06, 0.02]),
    ([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205],
     [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.08457142857142856, 0.205],
     [0.008, 0.056, 0.234, 0.234, 0.234, 0.234, 0.234, 0.234]),
    ([0.2, 0.5], [0.4, 0.5], [0.4, 0.5]),
    ([], [], []),
])
def test_bh_and_holm_match_statsmodels(p_values, bh, holm):
    assert ex.benjamini_hochberg(p_values) == pytest.approx(bh, abs=1e-15)
    assert ex.holm(p_values) == pytest.approx(holm, abs=1e-15)
    assert ex.adjust(p_values, "bh") == pytest.approx(bh, abs=1e-15)
    with pytest.raises(ValueError, match="unknown correction"):
        ex.adjust(p_values, "bonferroni")


def test_the_reading_follows_the_correction():
    results = ex.compare_rates([1000, 1000, 1000, 1000], [50, 75, 74, 52])
    # raw p-values 0.02092, 0.02606, 0.8389 -> BH 0.03909, 0.03909 (0.02606 x 3/2),
    # Holm 0.06276, 0.06276 (0.02092 x 3): two winners under BH, none under Holm.
    assert [r.p_value_bh for r in results] == pytest.approx(ex.benjamini_hochberg(
        [r.p_value for r in results]))
    assert [round(r.p_value_bh, 5) for r in results[:2]] == [0.03909, 0.03909]
    assert [round(r.p_value_holm, 5) for r in results[:2]] == [0.06276, 0.06276]
    holm_read = [ex.significant(r) for r in results]
    bh_read = [ex.significant(replace(r, correction="bh")) for r in results]
    assert holm_read == [False, False, False] and bh_read == [True, True, False]
    text = ex.verdict([replace(r, correction="bh") for r in results], "en")
    assert "Benjamini-Hochberg-adjusted over 3 comparisons" in text


# --- means judged like rates --------------------------------------------------------------------

def test_relative_ci_of_means_matches_growthbook():
    # GrowthBook packages/stats/tests/frequentist/test_tests.py, test_two_sided_ttest:
    # SampleMeanStatistic(sum=1396.87, sum_squares=52377.9767, n=3407) vs (2422.7, 134698.29,
    # 3461), relative: expected 0.70732, ci (-0.03526, 1.44989); gbstats at full precision
    # (commit 8f1db445): (-0.03526008906611777, 1.449894235407581).
    (r,) = ex.compare_means([3407, 3461], [1396.87, 2422.7], [52377.9767, 134698.29])
    assert r.lift_rel == pytest.approx(0.7073170731707317, abs=1e-12)
    assert r.ci_rel_low == pytest.approx(-0.03526008906611777, abs=1e-10)
    assert r.ci_rel_high == pytest.approx(1.449894235407581, abs=1e-10)
    # absolute: test_two_sided_ttest_absolute (n 3407/3461): ci (0.04538, 0.53462)
    assert (round(r.ci_low, 5), round(r.ci_high, 5)) == (0.04538, 0.53462)


def test_chance_to_beat_and_loss_of_means_by_hand():
    # GrowthBook's TestNorm data: A n=10, sum 100, sum_sq 1002.25 (mean 10, var 0.25); B n=10,
    # sum 105, sum_sq 1111.5 (mean 10.5, var 1). Normal posteriors: D ~ N(0.5, 0.025 + 0.1),
    # se = 0.353553, z = sqrt(2): P(B > A) = Phi(1.414214) = 0.9213503964748575;
    # loss = se phi(z) - d Phi(-z) = 0.01256363541500307 (scipy in a separate environment).
    # (GrowthBook reports 0.91923: it takes the chance on the relative lift's delta method.)
    (r,) = ex.compare_means([10, 10], [100, 105], [1002.25, 1111.5])
    assert r.chance_to_beat == pytest.approx(0.9213503964748575, abs=1e-12)
    assert r.expected_loss == pytest.approx(0.01256363541500307, abs=1e-12)
    assert "chance to beat A 92.1%" in ex.verdict([replace(r, enough_data=True)], "en")


def test_both_arms_constant_say_no_variance():
    # Issue 23: every unit worth 10 in A and 11 in B gave p = 1, "no clear difference" and a CI
    # of [+1.00, +1.00]. Now: no verdict, the metric has no variance.
    (r,) = ex.compare_means([500, 500], [5000, 5500], [50000, 60500])
    assert r.no_variance and not ex.significant(r)
    text = ex.verdict([r], "en")
    assert text.startswith("B vs A: the metric has no variance")
    assert "No clear difference" not in text and "CI" not in text
    assert "aucune variance" in ex.verdict([r], "fr")
    # one arm constant, the other not: Welch still applies
    (one,) = ex.compare_means([500, 500], [5000, 5500], [50000, 60500 + 499])
    assert not one.no_variance
    # rates: every unit converted in B, none in A
    (rate,) = ex.compare_rates([200, 200], [0, 200])
    assert rate.no_variance and not ex.significant(rate)


# --- expected loss without cancellation ---------------------------------------------------------

def test_expected_loss_against_high_precision():
    # mpmath 1.4.1 at 40 digits, Evan Miller's closed form E = m1 P(X1' > X2) - m2 P(X1 > X2'):
    # 1000/50 vs 1000/62: 0.00062676864753987715844;
    # 1e6/3000 vs 1e6/3050 (2e6 units, where the float formula was off by 2.6e-6 relative):
    # 0.000012194448685849835769.
    assert ex.expected_loss(1000, 50, 1000, 62) == pytest.approx(
        0.00062676864753987715844, rel=1e-9)
    assert ex.expected_loss(1_000_000, 3000, 1_000_000, 3050) == pytest.approx(
        0.000012194448685849835769, rel=1e-9)


def test_expected_loss_at_a_billion_units():
    # 5e8 units and 1.5e7 conversions in each arm (1e9 units; the old formula was off by 1.7%).
    # Equal arms: D = p1 - p2 is symmetric, third cumulant 0, so the normal value
    # E[max(D, 0)] = sd / sqrt(2 pi), sd^2 = 2 p (1 - p) / (n + 3), p = (1 + c) / (n + 2), is exact
    # to O(1/n): 4.304141771570408e-06 (hand formula, Python floats).
    assert ex.expected_loss(500_000_000, 15_000_000, 500_000_000, 15_000_000) == pytest.approx(
        4.304141771570408e-06, rel=1e-7)


# --- chance to beat past the closed form's limit -----------------------------------------------

def test_chance_to_beat_switches_to_an_integral_that_agrees():
    # Around EXACT_LIMIT both ways are computed: they agree to 1e-8.
    for c in (ex.EXACT_LIMIT - 1, ex.EXACT_LIMIT + 1):
        exact = ex._prob_beta_greater(1 + c, 2_000_001 - c, 1 + c - 150, 2_000_151 - c)
        integrated = ex._prob_beta_greater_integrated(1 + c, 2_000_001 - c, 1 + c - 150,
                                                      2_000_151 - c)
        assert integrated == pytest.approx(exact, abs=1e-8)
    assert ex.exact_chance(99_999, 200_000) and not ex.exact_chance(100_000, 200_000)


def test_chance_to_beat_at_ten_million_conversions_needs_no_array():
    # 1e9 units, 1e7 vs 1e7 + 3000 conversions (a 1 GB array before). Normal approximation by
    # hand: diff 3e-6, sd = sqrt(2 x 0.01 x 0.99 / 1e9) = 4.4497e-6, Phi(0.6742) = 0.7499; the
    # Beta skew moves it by less than 1e-4 at this size.
    assert ex.chance_to_beat(10**9, 10**7, 10**9, 10**7 + 3000) == pytest.approx(0.7499, abs=1e-4)


# --- planning for the comparisons the analysis corrects for --------------------------------------

@pytest.mark.parametrize("variants, alpha, n", [
    # Fleiss, 5% -> 6%, power 0.8, by hand (z from scipy.stats.norm.ppf, separate environment):
    # 2 variants: alpha 0.05, z = 1.959964: (0.631917 + 0.271284)^2 / 0.0001 = 8157.7 -> 8158.
    (2, 0.05, 8158),
    # 3 variants, 2 comparisons: alpha 0.025, z = 2.241403: (0.722657 + 0.271284)^2 / 0.0001
    # = 9879.2 -> 9880.
    (3, 0.025, 9880),
    # 4 variants, 3 comparisons: alpha 0.05/3 = 0.016667, z = 2.393980:
    # (0.771850 + 0.271284)^2 / 0.0001 = 10881.3 -> 10882.
    (4, 0.05 / 3, 10882),
])
def test_planner_alpha_for_several_variants(variants, alpha, n):
    planned = ex.planning_alpha(0.05, variants)
    assert planned == pytest.approx(alpha, abs=1e-15)
    assert ex.sample_size(0.05, 0.01, alpha=planned) == n


def test_planner_needs_two_variants():
    with pytest.raises(ValueError):
        ex.planning_alpha(0.05, 1)


# --- values that are not finite -------------------------------------------------------------------

@pytest.mark.parametrize("units, conversions, name", [
    ([math.inf, 100], [5, 5], "units"), ([1e400, 100], [5, 5], "units"),
    ([100, 100], [math.inf, 5], "conversions"), ([100, 100], [math.nan, 5], "conversions"),
])
def test_rates_refuse_values_that_are_not_finite(units, conversions, name):
    with pytest.raises(ValueError, match=f"{name} must be finite"):
        ex.compare_rates(units, conversions)


def test_means_refuse_values_that_are_not_finite():
    with pytest.raises(ValueError, match="finite"):
        ex.compare_means([100, 100], [math.inf, 5], [10, 10])


def test_peeking_reads_the_always_valid_p_value():
    base = ex.compare_rates([1000, 1000], [50, 80])[0]
    peeked = replace(base, seq_p_value=0.2, seq_ci_low=-0.05, seq_ci_high=1.2, peeking=True)
    assert ex.read_p_value(peeked) == 0.2 and not ex.significant(peeked)
    text = ex.verdict([peeked], "en")
    assert text.startswith("No clear difference between B and A yet (p = 0.2 ≥ 0.05, always valid)")
    assert "95% confidence sequence of the relative lift -5.0% to +120.0%" in text
    several = replace(peeked, comparisons=2, seq_p_adjusted=0.4)
    assert ex.read_p_value(several) == 0.4
