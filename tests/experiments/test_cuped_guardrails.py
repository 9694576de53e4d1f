"""CUPED against GrowthBook's engine, and the ship decision with guardrail metrics."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from lib.experiments import cuped, guardrails
from lib.experiments import data as ed
from lib.experiments import stats as ex

# Aggregates of a seeded sample (numpy default_rng(23): x ~ Gamma(2, 10), y = 0.8 x + N(5 + lift,
# 6), lift 0 in A, 1.5 in B): n, sum y, sum y^2, sum x, sum x^2, sum x y.
A = [400, 8286.6107, 239350.8814, 8140.8172, 252357.9792, 236527.8185]
B = [420, 9586.861, 283388.4428, 8459.7796, 246480.5991, 254728.0932]


def test_cuped_matches_growthbook():
    # gbstats (github.com/growthbook/growthbook 8f1db445, packages/stats) in a separate
    # environment: TwoSidedTTest([(RegressionAdjustedStatistic(n, SampleMeanStatistic(n, sum y,
    # sum y^2), SampleMeanStatistic(n, sum x, sum x^2), sum x y, theta=None), ...)]):
    #   absolute: expected 2.276072566296694, ci (1.4564041740389417, 3.0957409585544466),
    #             p 6.658408358006795e-08, theta 0.795094655885338;
    #   relative: expected 0.1098674789342617, ci (0.06789143752825788, 0.15184352034026552);
    #   the same without CUPED (SampleMeanStatistic): absolute ci (0.36364927895885635,
    #   3.855016268660197), p 0.017934744212965148.
    found = cuped.compare(cuped.Arm(*A), cuped.Arm(*B))
    assert found.theta == pytest.approx(0.795094655885338, abs=1e-12)
    assert found.lift_abs == pytest.approx(2.276072566296694, abs=1e-10)
    assert (found.ci_low, found.ci_high) == (pytest.approx(1.4564041740389417, abs=1e-9),
                                             pytest.approx(3.0957409585544466, abs=1e-9))
    assert found.p_value == pytest.approx(6.658408358006795e-08, rel=1e-6)
    assert found.lift_rel == pytest.approx(0.1098674789342617, abs=1e-12)
    assert (found.ci_rel_low, found.ci_rel_high) == (
        pytest.approx(0.06789143752825788, abs=1e-10), pytest.approx(0.15184352034026552, abs=1e-10))
    # the variance of the difference, 1 - ((3.0957 - 1.4564) / (3.8550 - 0.3636))^2 at equal df
    assert 0.75 < found.variance_reduction < 0.8
    (plain,) = ex.compare_means([A[0], B[0]], [A[1], B[1]], [A[2], B[2]])
    assert (plain.ci_low, plain.ci_high) == (pytest.approx(0.36364927895885635, abs=1e-9),
                                             pytest.approx(3.855016268660197, abs=1e-9))
    assert plain.p_value == pytest.approx(0.017934744212965148, rel=1e-9)


def test_cuped_through_an_upload():
    csv = ("variant,units,conversions,value_sum,value_sq_sum,pre_sum,pre_sq_sum,pre_post_sum\n"
           + "\n".join(",".join(str(v) for v in [name, arm[0], 100, *arm[1:]])
                       for name, arm in (("A", A), ("B", B)))).encode()
    frame = ed.variants_from_csv(csv, "cuped.csv")
    assert ed.has_pre_period(frame)
    analysis = ed.analyse(frame)
    (r,) = analysis.means
    assert r.cuped_lift_abs == pytest.approx(2.276072566296694, abs=1e-10)
    table = ed.means_frame(frame, analysis)
    assert {"cuped_lift_abs", "cuped_ci_low", "cuped_variance_reduction", "ci_rel_low",
            "chance_to_beat"} <= set(table.columns)
    # without the pre-period sums: the plain reading only
    plain = ed.analyse(frame.drop(columns=list(cuped.PRE_COLUMNS)))
    assert plain.means[0].cuped_lift_abs is None
    assert "cuped_lift_abs" not in ed.means_frame(frame, plain)


def test_cuped_undefined_cases():
    assert cuped.compare(cuped.Arm(1, 5, 25, 1, 1, 5), cuped.Arm(*B)) is None
    flat = cuped.Arm(10, 100, 1000, 10, 10, 100)     # no variance before or after
    assert cuped.theta(flat, flat) == 0.0 and cuped.compare(flat, flat) is None
    with pytest.raises(ValueError, match="finite"):
        cuped.arms([10, 10], [1, 1], [1, 1], [[1, 1, float("inf")], [1, 1, 1]])


# --- guardrails ---------------------------------------------------------------------------------

def reading(p: float, lift: float, variant: str = "B", enough: bool = True):
    base = ex.compare_rates([1000, 1000], [50, 80])[0]
    return replace(base, variant=variant, p_value=p, p_value_holm=p, lift_abs=lift,
                   enough_data=enough)


@pytest.mark.parametrize("goal, guard, worse, action, harmed", [
    ((0.01, 0.03), (0.01, 0.002), "up", "hold", True),      # unsubscribes significantly up
    ((0.01, 0.03), (0.01, -0.002), "up", "ship", False),    # unsubscribes down: fine
    ((0.01, 0.03), (0.30, 0.002), "up", "ship", False),     # up but not significantly
    ((0.01, 0.03), (0.01, -0.5), "down", "hold", True),     # revenue per user significantly down
    ((0.30, 0.03), (0.01, 0.002), "up", "keep", True),      # the goal does not win (harm noted)
    ((0.01, -0.03), (0.90, 0.0), "up", "keep", False),      # the goal significantly loses
])
def test_ship_only_when_the_goal_wins_and_no_guardrail_is_worse(goal, guard, worse, action, harmed):
    rail = guardrails.Guardrail("unsubscribes", worse, [reading(*guard)])
    (decision,) = guardrails.decide([reading(*goal)], [rail])
    assert decision.action == action
    assert decision.harmed == (("unsubscribes",) if harmed else ())


def test_a_guardrail_is_read_without_correction_and_with_peeking():
    # Holm over 3 comparisons would read 0.09; the guardrail reads its own 0.03.
    harmed = replace(reading(0.03, 0.01), p_value_holm=0.09, comparisons=3)
    assert guardrails.worse(harmed, "up")
    # looking before the end: the always-valid p-value decides
    peeked = replace(harmed, peeking=True, seq_p_value=0.4)
    assert not guardrails.worse(peeked, "up")
    assert not guardrails.worse(replace(harmed, enough_data=False), "up")
    with pytest.raises(ValueError):
        guardrails.Guardrail("x", "sideways", [])


def test_decision_sentences():
    decisions = [guardrails.Decision("B", "ship"), guardrails.Decision("C", "hold", ("bounce",)),
                 guardrails.Decision("D", "keep")]
    assert guardrails.sentence(decisions, "A", "en", {"bounce": "bounce rate"}) == (
        "Ship B: it wins on the goal metric and no guardrail is significantly worse. "
        "Do not ship C: it wins on the goal metric but is significantly worse on bounce rate. "
        "Keep A: D does not clearly win on the goal metric.")
    assert guardrails.sentence(decisions[:1], "A", "fr").startswith("Déployez B")


def test_email_unsubscribes_as_a_guardrail_frame():
    tests = pd.DataFrame({"test": ["t", "t"], "variant": ["s1", "s2"], "units": [1000, 1000],
                          "unique_opens": [300, 360], "unique_clicks": [40, 41],
                          "unsubscribes": [2, 14]})
    frame = ed.email_test_variants(tests, "t", "unsubscribes")
    assert frame["conversions"].tolist() == [2, 14]
