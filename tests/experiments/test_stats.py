"""A/B statistics against published worked examples and hand computations (3 significant digits)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from lib.experiments import stats as ex


def sig3(value: float) -> float:
    """value rounded to 3 significant digits."""
    return float(f"{value:.3g}")


# --- two-proportion z-test, Wald and relative intervals -------------------------------------

def test_mammogram_trial_openintro():
    # OpenIntro Statistics (4th ed., section 6.2.3): breast cancer deaths, control 505 of 44,910,
    # mammogram 500 of 44,925. By hand: p_c = 0.0112447, p_m = 0.0111297,
    # pooled = 1005/89835 = 0.0111872, SE = sqrt(0.0111872 * 0.9888128 * (1/44910 + 1/44925))
    # = 0.000701818, z = (0.0111297 - 0.0112447) / 0.000701818 = -0.164, p = 2(1 - Phi(0.164))
    # = 0.870. The book, from rounded intermediates, reports z = -0.17 and p = 0.87.
    (r,) = ex.compare_rates([44910, 44925], [505, 500])
    z, p = ex.two_proportion_z(44910, 505, 44925, 500)
    assert sig3(z) == -0.164
    assert sig3(r.p_value) == 0.870
    assert round(r.p_value, 2) == 0.87
    assert sig3(r.lift_abs) == -0.000115


def test_physicians_health_study_agresti():
    # Agresti, Categorical Data Analysis (2nd ed., section 2.2): myocardial infarction, aspirin
    # 104 of 11,037 (control here), placebo 189 of 11,034. Difference 0.0171 - 0.0094 = 0.0077,
    # unpooled SE = sqrt(0.009423*0.990577/11037 + 0.017129*0.982871/11034) = 0.00154,
    # 95% CI 0.0077 +/- 1.96 x 0.00154 = (0.00469, 0.0107); the book prints (0.005, 0.011).
    # Relative risk 0.017129/0.009423 = 1.82; log-ratio SE = sqrt(0.990577/104 + 0.982871/189)
    # = 0.1213, so RR in exp(0.5977 -/+ 1.96 x 0.1213) = (1.43, 2.31): lift +43% to +131%.
    # Pooled z: p = 293/22071 = 0.013275, SE = 0.0015408, z = 0.0077060/0.0015408 = 5.00.
    (r,) = ex.compare_rates([11037, 11034], [104, 189])
    assert sig3(r.lift_abs) == 0.00771
    assert (sig3(r.ci_low), sig3(r.ci_high)) == (0.00469, 0.0107)
    assert (round(r.ci_low, 3), round(r.ci_high, 3)) == (0.005, 0.011)
    assert sig3(r.lift_rel) == 0.818
    assert (sig3(1 + r.ci_rel_low), sig3(1 + r.ci_rel_high)) == (1.43, 2.31)
    assert sig3(ex.two_proportion_z(11037, 104, 11034, 189)[0]) == 5.00
    assert r.p_value < 1e-6 and r.enough_data and r.guard is None


def test_relative_ci_undefined_without_conversions():
    (r,) = ex.compare_rates([1000, 1000], [0, 10])
    assert r.lift_rel is None and r.ci_rel_low is None and r.ci_rel_high is None


def test_identical_variants_give_p_one_and_even_odds():
    (r,) = ex.compare_rates([1000, 1000], [50, 50])
    assert r.p_value == pytest.approx(1.0)
    assert r.chance_to_beat == pytest.approx(0.5, abs=1e-12)


# --- Bayesian view ---------------------------------------------------------------------------

def test_chance_to_beat_closed_form_small_case():
    # Control: no data, Beta(1,1) (uniform). Variant: 1 conversion of 1 unit, Beta(2,1),
    # density 2x. P(X2 > X1) = integral of 2x * x dx over [0,1] = 2/3.
    assert ex.chance_to_beat(0, 0, 1, 1) == pytest.approx(2 / 3, abs=1e-12)
    # Expected loss of shipping the variant: E[max(X1 - X2, 0)]
    # = integral over x1 of integral_0^x1 (x1 - x2) 2 x2 dx2 = integral of x1^3 / 3 = 1/12.
    assert ex.expected_loss(0, 0, 1, 1) == pytest.approx(1 / 12, abs=1e-12)


@pytest.mark.parametrize("n1,c1,n2,c2", [(1000, 50, 1000, 62), (5000, 400, 4800, 350),
                                         (200, 9, 210, 20)])
def test_chance_to_beat_matches_numerical_integration(n1, c1, n2, c2):
    a = stats.beta(1 + c1, 1 + n1 - c1)
    b = stats.beta(1 + c2, 1 + n2 - c2)
    # P(B > A) = integral of f_B(x) F_A(x) dx; E[max(A - B, 0)] by seeded Monte Carlo.
    prob, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), 0, 1, points=[a.mean(), b.mean()],
                             limit=200)
    rng = np.random.default_rng(7)
    draws = 2_000_000
    loss = np.maximum(a.rvs(draws, random_state=rng) - b.rvs(draws, random_state=rng), 0).mean()
    assert ex.chance_to_beat(n1, c1, n2, c2) == pytest.approx(prob, abs=1e-6)
    assert ex.chance_to_beat(n2, c2, n1, c1) == pytest.approx(1 - prob, abs=1e-6)
    assert ex.expected_loss(n1, c1, n2, c2) == pytest.approx(loss, rel=0.01)


def test_chance_to_beat_is_stable_with_large_counts():
    p = ex.chance_to_beat(2_000_000, 100_000, 2_000_000, 101_000)
    # Normal approximation: diff 0.0505 - 0.05 = 0.0005, SE = sqrt(2 x 0.05 x 0.95 / 2e6)
    # = 0.000218, z = 2.29, P ~ Phi(2.29) = 0.989 (101,000 terms summed in log space).
    assert p == pytest.approx(0.989, abs=1e-3)


# --- Holm, SRM, guards -------------------------------------------------------------------------

def test_holm_known_vector():
    # Sorted: 0.005 x4 = 0.02, 0.01 x3 = 0.03, 0.03 x2 = 0.06, 0.04 x1 = 0.04 -> running max 0.06.
    # Same as R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
    assert ex.holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert ex.holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert ex.holm([]) == []


def test_srm_equal_split():
    # 1000 vs 1100, planned 50/50: expected 1050 each, chi2 = 2 x 50^2/1050 = 4.76,
    # p = 2 (1 - Phi(sqrt(4.76) = 2.182)) = 0.0291: unusual but not flagged (< 0.001 needed).
    result = ex.srm([1000, 1100])
    assert sig3(result.chi2) == 4.76
    assert sig3(result.p_value) == 0.0291
    assert not result.flag


def test_srm_flags_and_respects_planned_split():
    # 5000 vs 5400: chi2 = 2 x 200^2/5200 = 15.4, p = 2 (1 - Phi(3.922)) = 8.77e-05 -> flagged.
    flagged = ex.srm([5000, 5400])
    assert sig3(flagged.p_value) == 8.77e-05 and flagged.flag
    assert ex.srm([1000, 2000], [1, 2]).p_value == pytest.approx(1.0)
    assert ex.srm([1000, 2000], [50, 50]).flag


def test_compare_rates_carries_srm_and_holm_in_every_result():
    results = ex.compare_rates([1000, 1000, 1000], [50, 62, 30])
    assert [r.variant for r in results] == ["B", "C"]
    assert {r.srm_p_value for r in results} == {1.0}
    assert [r.p_value_holm for r in results] == pytest.approx(ex.holm([r.p_value for r in results]))


@pytest.mark.parametrize("units,conversions,enough", [
    ([100, 100], [5, 5], True),
    ([99, 1000], [20, 20], False),   # fewer than 100 units in the control
    ([1000, 1000], [4, 50], False),  # fewer than 5 conversions
])
def test_not_enough_data_guard(units, conversions, enough):
    (r,) = ex.compare_rates(units, conversions)
    assert r.enough_data is enough
    assert (r.guard is None) is enough
    if not enough:
        assert r.guard.startswith("not enough data yet")


@pytest.mark.parametrize("units,conversions", [
    ([100], [5]), ([100, 100], [5]), ([100, 100], [5, 101]), ([100, 0], [5, 0]),
    ([100, 100.5], [5, 5]), ([100, -1], [5, 0]),
])
def test_compare_rates_rejects_bad_input(units, conversions):
    with pytest.raises(ValueError):
        ex.compare_rates(units, conversions)


# --- Welch ------------------------------------------------------------------------------------

def test_welch_from_aggregates():
    # Control n=50, mean 10, sd 2 -> sum 500, sum_sq = 49 x 4 + 500^2/50 = 5196.
    # Variant n=60, mean 11, sd 3 -> sum 660, sum_sq = 59 x 9 + 660^2/60 = 7791.
    # SE = sqrt(4/50 + 9/60) = sqrt(0.23) = 0.4796, t = 1/0.4796 = 2.09,
    # df = 0.23^2 / (0.08^2/49 + 0.15^2/59) = 103, p = 0.0395,
    # CI = 1 +/- t_{0.975,103.3} (1.983) x 0.4796 = (0.0489, 1.95).
    (r,) = ex.compare_means([50, 60], [500, 660], [5196, 7791])
    assert (r.control_mean, r.mean) == (10, 11)
    assert sig3(r.t_stat) == 2.09 and sig3(r.df) == 103 and sig3(r.p_value) == 0.0395
    assert (sig3(r.ci_low), sig3(r.ci_high)) == (0.0489, 1.95)
    reference = stats.ttest_ind_from_stats(11, 3, 60, 10, 2, 50, equal_var=False)
    assert r.p_value == pytest.approx(reference.pvalue)
    assert not r.enough_data  # fewer than 100 units a variant


# --- planning ---------------------------------------------------------------------------------

@pytest.mark.parametrize("baseline,mde,relative,alpha,power,expected", [
    # R's documentation of stats::power.prop.test: p1 = .50, p2 = .75, power = .90 -> n = 76.7.
    # By hand: (1.95996 sqrt(2 x .625 x .375) + 1.28155 sqrt(.25 + .1875))^2 / .25^2
    # = (1.34190 + 0.84767)^2 / 0.0625 = 76.7 -> 77.
    (0.50, 0.25, False, 0.05, 0.90, 77),
    # p1 = .05, p2 = .10, alpha .05, power .80: (1.95996 sqrt(2 x .075 x .925)
    # + 0.84162 sqrt(.0475 + .09))^2 / .05^2 = (0.73007 + 0.31208)^2 / .0025 = 434.4 -> 435
    # (power.prop.test gives 434.4 too).
    (0.05, 0.05, False, 0.05, 0.80, 435),
    (0.05, 1.0, True, 0.05, 0.80, 435),
    # p1 = .10, p2 = .20: (1.95996 x 0.50498 + 0.84162 x 0.5)^2 / .01 = 198.96 -> 199.
    (0.10, 0.10, False, 0.05, 0.80, 199),
    # 5% -> 5.5% (+10% relative): (0.61821 + 0.26545)^2 / 0.000025 = 31233.6 -> 31234.
    (0.05, 0.10, True, 0.05, 0.80, 31234),
])
def test_sample_size_fleiss_without_continuity_correction(baseline, mde, relative, alpha, power,
                                                          expected):
    assert ex.sample_size(baseline, mde, relative=relative, alpha=alpha, power=power) == expected


@pytest.mark.parametrize("baseline,mde,expected", [(0.05, 0.05, 474), (0.10, 0.10, 219)])
def test_sample_size_with_continuity_correction_matches_fleiss_table(baseline, mde, expected):
    # Fleiss, Levin & Paik (2003), Table A.4 tabulates n' = n/4 (1 + sqrt(1 + 4/(n delta)))^2:
    # 434.43/4 x (1 + sqrt(1 + 4/21.72))^2 = 473.6 -> 474 for 5% vs 10%;
    # 198.96/4 x (1 + sqrt(1 + 4/19.90))^2 = 218.5 -> 219 for 10% vs 20%.
    assert ex.sample_size(baseline, mde, continuity_correction=True) == expected


def test_sample_size_one_sided_is_smaller():
    assert ex.sample_size(0.05, 0.05, two_sided=False) < ex.sample_size(0.05, 0.05)


@pytest.mark.parametrize("baseline,mde", [(0, 0.01), (0.5, 0.6), (0.05, 0), (1.2, 0.1)])
def test_sample_size_rejects_impossible_rates(baseline, mde):
    with pytest.raises(ValueError):
        ex.sample_size(baseline, mde)


def test_duration_days():
    # 435 per variant x 2 variants / 100 units a day = 8.7 -> 9 days.
    assert ex.duration_days(435, 2, 100) == 9
    assert ex.duration_days(500, 2, 1000) == 1
    with pytest.raises(ValueError):
        ex.duration_days(435, 2, 0)


# --- plain words ------------------------------------------------------------------------------

def test_verdict_significant_english():
    results = ex.compare_rates([11037, 11034], [104, 189])
    text = ex.verdict(results, "en")
    assert text.startswith("B converts better than A (p < 0.0001)")
    assert "95% CI +0.47 points to +1.07 points; chance to beat A >99.9%." in text


def test_verdict_not_significant_and_holm():
    text = ex.verdict(ex.compare_rates([1000, 1000, 1000], [50, 62, 30]), "en")
    assert "No clear difference between B and A yet (p = 0.24 ≥ 0.05, Holm-adjusted" in text
    assert "C converts worse than A (p = 0.045 < 0.05, Holm-adjusted over 2 comparisons)" in text


def test_verdict_french_guard_and_srm():
    text = ex.verdict(ex.compare_rates([5000, 5400], [3, 40]), "fr")
    assert text.startswith("Attention : la répartition des unités ne correspond pas au plan")
    assert "Pas encore assez de données pour B" in text


def test_verdict_french_numbers_use_decimal_comma():
    # 50/1000 vs 80/1000: pooled 0.065, SE = sqrt(0.065 x 0.935 x 2/1000) = 0.01103,
    # z = 0.03/0.01103 = 2.72, p = 0.0065.
    text = ex.verdict(ex.compare_rates([1000, 1000], [50, 80]), "fr")
    assert text.startswith("B convertit mieux que A (p = 0,0065 < 0,05) : 8,0\u00a0% contre "
                           "5,0\u00a0%, +3,00 points (+60,0\u00a0%)")


def test_verdict_means():
    results = ex.compare_means([500, 500], [5000, 5500], [5000 * 10 + 499 * 4, 5500 * 11 + 499 * 4])
    assert ex.verdict(results, "en").startswith("B has a higher average value than A")
    with pytest.raises(ValueError):
        ex.verdict(results, "de")


def test_labels():
    assert [ex.variant_label(i) for i in (0, 1, 25, 26)] == ["A", "B", "Z", "V27"]
    assert math.isclose(ex.compare_rates([100, 100], [5, 6], labels=["old", "new"])[0].rate, 0.06)


def test_variants_from_frame_keeps_order_and_labels():
    import pandas as pd

    frame = pd.DataFrame({"variant": ["control", "new subject"], "units": [1000, 1000],
                          "conversions": [50, 62], "value_sum": [500.0, None]})
    variants = ex.variants_from_frame(frame)
    assert [v.label for v in variants] == ["control", "new subject"]
    assert variants[0].value_sum == 500.0 and variants[1].value_sum is None
    (r,) = ex.compare_rates([v.units for v in variants], [v.conversions for v in variants],
                            labels=[v.label for v in variants])
    assert (r.variant, r.control) == ("new subject", "control")
    with pytest.raises(ValueError):
        ex.variants_from_frame(frame.drop(columns="units"))


def test_verdict_in_full():
    # The command line prints this English text; French differs by words and decimal commas only.
    # 95% CI: 0.03 +/- 1.96 sqrt(.05 x .95 / 1000 + .08 x .92 / 1000) = 0.03 +/- 0.0216.
    results = ex.compare_rates([1000, 1000], [50, 80])
    assert ex.verdict(results, "en") == (
        "B converts better than A (p = 0.0065 < 0.05): 8.0% vs 5.0%, +3.00 points (+60.0%); "
        "95% CI +0.84 points to +5.16 points; chance to beat A 99.7%.")
    assert ex.verdict(results, "fr") == (
        "B convertit mieux que A (p = 0,0065 < 0,05) : 8,0\u00a0% contre 5,0\u00a0%, +3,00 points "
        "(+60,0\u00a0%) ; IC à 95\u00a0% de +0,84 points à +5,16 points ; probabilité de battre A "
        "99,7\u00a0%.")


def test_verdict_srm_p_value_keeps_its_exponent():
    # 5000 vs 5400 units on an equal split: chi2 = 2 x 200^2 / 5200 = 15.38, p = 8.8e-05.
    text = ex.verdict(ex.compare_rates([5000, 5400], [250, 270]), "en")
    assert text.startswith("Warning: the split of units does not match the plan (sample ratio "
                           "mismatch, p = 8.8e-05 < 0.001)")


# --- reading a result: the one significance rule of the verdict and the page ------------------

def reading(p: float, holm: float, comparisons: int, enough: bool = True, alpha: float = 0.05):
    from dataclasses import replace

    base = ex.compare_rates([1000, 1000], [50, 80])[0]
    return replace(base, p_value=p, p_value_holm=holm, comparisons=comparisons, enough_data=enough,
                   alpha=alpha)


@pytest.mark.parametrize("p, holm, comparisons, enough, alpha, read, significant", [
    (0.03, 0.06, 1, True, 0.05, 0.03, True),       # one comparison: the raw p-value
    (0.03, 0.06, 2, True, 0.05, 0.06, False),      # several: the Holm-adjusted one
    (0.03, 0.04, 3, True, 0.05, 0.04, True),
    (0.001, 0.002, 1, False, 0.05, 0.001, False),  # too little data: never significant
    (0.05, 0.05, 1, True, 0.05, 0.05, False),      # p equal to alpha is not below it
    (0.07, 0.09, 1, True, 0.1, 0.07, True),        # alpha 10%
])
def test_significance_rule(p, holm, comparisons, enough, alpha, read, significant):
    r = reading(p, holm, comparisons, enough, alpha)
    assert ex.read_p_value(r) == read
    assert ex.significant(r) is significant
    # the verdict's words say the same thing as the rule
    assert ("No clear difference" in ex.verdict([r], "en")) is (enough and not significant)


@pytest.mark.parametrize("readings, expected", [
    ([], False),
    ([(0.2, 0.2, 1, True)], False),
    ([(0.2, 0.4, 2, True), (0.01, 0.02, 2, True)], True),
    ([(0.2, 0.4, 2, True), (0.01, 0.02, 2, False)], False),
])
def test_any_significant(readings, expected):
    assert ex.any_significant([reading(*r) for r in readings]) is expected
