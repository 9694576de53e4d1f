"""Sequential testing against GrowthBook's engine: its published cases and daily series computed
with it outside Balise.

Reference engine: GrowthBook's gbstats at github.com/growthbook/growthbook commit
8f1db4456915a8e7b7faf23d5632ca7219d2f469 (packages/stats), run in a separate virtualenv:

    SequentialTwoSidedTTest([(ProportionStatistic(sum=c_a, n=n_a), ProportionStatistic(...))],
                            SequentialConfig(sequential_tuning_parameter=N)).compute_result()

on each day's cumulative counts (SampleMeanStatistic(n, sum, sum_squares) for means); the values
below are its `expected`, `ci` and `pValue`, rounded to 12 digits.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.experiments import sequential

DAY0 = date(2026, 3, 2)


def daily(series: dict[str, tuple[list, ...]], kind: str = "rate") -> pd.DataFrame:
    """Daily rows (day, variant, counts) from per-variant lists of daily counts."""
    columns = ["units", "conversions"] if kind == "rate" else ["units", "value_sum", "value_sq_sum"]
    rows = []
    for variant, lists in series.items():
        for i, values in enumerate(zip(*lists, strict=True)):
            rows.append({"day": DAY0 + timedelta(days=i), "variant": variant,
                         **dict(zip(columns, values, strict=True))})
    frame = pd.DataFrame(rows)
    if kind == "rate":
        frame["value_sum"] = frame["value_sq_sum"] = float("nan")
    else:
        frame["conversions"] = 0.0
    return frame


def check(seq: pd.DataFrame, variant: str, expected: list[tuple]) -> None:
    rows = seq[seq["variant"] == variant]
    assert len(rows) == len(expected)
    for (_, row), (estimate, low, high, p) in zip(rows.iterrows(), expected, strict=True):
        assert row["estimate"] == pytest.approx(estimate, abs=1e-11)
        assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low, abs=1e-11),
                                                   pytest.approx(high, abs=1e-11))
        assert row["p_value"] == pytest.approx(p, rel=1e-9, abs=1e-12)


# --- GrowthBook's published cases (packages/stats/tests/frequentist/test_tests.py) -----------

def test_growthbook_published_proportion_case():
    # test_sequential_test_runs_prop: ProportionStatistic(1396, 3000) vs (2422, 3461), default
    # tuning 5000: expected 0.50386, ci (0.40098, 0.60675), pValue 0.0 (rounded to 5 decimals).
    look = sequential.rate_look(3000, 1396, 3461, 2422, 0.05)
    assert round(look.estimate, 5) == 0.50386
    assert (round(look.ci_low, 5), round(look.ci_high, 5)) == (0.40098, 0.60675)
    assert round(look.p_value, 5) == 0.0 and look.units == 6461


def test_growthbook_published_mean_case():
    # test_sequential_test_runs: SampleMeanStatistic(sum=1396.87, sum_squares=52377.9767, n=3000)
    # vs (2422.7, 134698.29, 3461), tuning 1000: expected 0.50336, ci (-0.55844, 1.56516), p 1.
    look = sequential.mean_look(3000, 1396.87, 52377.9767, 3461, 2422.7, 134698.29, 0.05, 1000)
    assert round(look.estimate, 5) == 0.50336 and round(look.se, 5) == 0.33341
    assert (round(look.ci_low, 5), round(look.ci_high, 5)) == (-0.55844, 1.56516)
    assert look.p_value == 1.0


def test_growthbook_tuning_is_tightest_near_the_sample_size():
    # test_sequential_test_tuning_as_expected: the same data with N* = 10, 6461 (the actual
    # total) and 10000: 6461 gives the narrowest interval, 10 the widest.
    def width(tuning):
        look = sequential.mean_look(3000, 1396.87, 52377.9767, 3461, 2422.7, 134698.29, 0.05, tuning)
        return look.ci_high - look.ci_low
    assert width(6461) < width(10_000) < width(10)


# --- daily series, each day against gbstats ---------------------------------------------------

SERIES_1 = {"A": ([400, 420, 410, 430, 440], [12, 13, 11, 14, 12]),
            "B": ([405, 415, 420, 425, 435], [15, 18, 16, 19, 17])}
EXPECTED_1 = [  # tuning 5000
    (0.234567901235, -1.404130041652, 1.873265844121, 1.0),
    (0.32, -0.771067333412, 1.411067333412, 1.0),
    (0.350134408602, -0.548787627161, 1.249056444366, 1.0),
    (0.355915915916, -0.401423288857, 1.113255120688, 1.0),
    (0.370967741935, -0.312785122286, 1.054720606157, 0.84944539414),
]

SERIES_2 = {"A": ([1000, 1100, 1050, 980], [50, 52, 49, 51]),
            "B": ([990, 1080, 1070, 1000], [60, 66, 58, 64]),
            "C": ([1010, 1090, 1040, 990], [45, 50, 52, 47])}
EXPECTED_2B = [  # tuning 2000
    (0.212121212121, -0.472785369001, 0.897027793243, 1.0),
    (0.253196930946, -0.244310074246, 0.750703936139, 1.0),
    (0.222423756696, -0.182743975034, 0.627591488426, 1.0),
    (0.224757258335, -0.128750708935, 0.578265225604, 0.850327574494),
]
EXPECTED_2C = [
    (-0.108910891089, -0.651402275732, 0.433580493554, 1.0),
    (-0.06862745098, -0.466022688345, 0.328767786385, 1.0),
    (-0.023389716118, -0.365919860646, 0.31914042841, 1.0),
    (-0.039603960396, -0.334522368363, 0.255314447571, 1.0),
]

SERIES_3 = {"A": ([200, 210, 190, 205], [4000, 4300, 3700, 4150], [100000, 110000, 92000, 105000]),
            "B": ([195, 205, 200, 210], [4200, 4500, 4300, 4600], [112000, 118000, 114000, 121000])}
EXPECTED_3 = [  # means, tuning 1000: significant from the fourth day only
    (0.076923076923, -0.09087290112, 0.244719054966, 0.933307712009),
    (0.074397590361, -0.036400113866, 0.185195294588, 0.449274050772),
    (0.083333333333, -0.009756249642, 0.176422916309, 0.114525293403),
    (0.083056224439, 0.003178242147, 0.162934206731, 0.0352451608055),
]

SERIES_4 = {"A": ([5000] * 4, [150, 160, 155, 150]), "B": ([5000] * 4, [190, 200, 210, 205])}
EXPECTED_4 = [  # tuning 20000
    (0.266666666667, -0.152732267215, 0.686065600549, 0.48015934877),
    (0.258064516129, -0.027427444207, 0.543556476465, 0.10566532112),
    (0.290322580645, 0.051912806798, 0.528732354492, 0.00634608452556),
    (0.308943089431, 0.098102301653, 0.519783877209, 0.000318240706147),
]


def test_series_1_two_arms():
    check(sequential.sequence(daily(SERIES_1), "rate", 0.05, 5000), "B", EXPECTED_1)


def test_series_2_three_arms_each_against_the_control():
    seq = sequential.sequence(daily(SERIES_2), "rate", 0.05, 2000)
    check(seq, "B", EXPECTED_2B)
    check(seq, "C", EXPECTED_2C)
    assert list(seq["day"].unique()) == [DAY0 + timedelta(days=i) for i in range(4)]


def test_series_3_means():
    check(sequential.sequence(daily(SERIES_3, "mean"), "mean", 0.05, 1000), "B", EXPECTED_3)


def test_series_4_becomes_significant_and_the_sequence_narrows():
    seq = sequential.sequence(daily(SERIES_4), "rate", 0.05, 20000)
    check(seq, "B", EXPECTED_4)
    widths = (seq["ci_high"] - seq["ci_low"]).tolist()
    assert widths == sorted(widths, reverse=True)
    # Wider than the fixed-horizon interval on every day: the price of looking every day.
    assert ((seq["ci_high"] - seq["ci_low"]) > (seq["fixed_high"] - seq["fixed_low"])).all()
    assert (seq["p_value"] >= seq["fixed_p_value"]).all()


def test_rows_in_any_order_give_the_same_sequence():
    frame = daily(SERIES_4)
    shuffled = pd.concat([frame[frame["variant"] == "A"], frame[frame["variant"] == "B"]][::-1])
    shuffled = shuffled.sample(frac=1, random_state=3)
    # the control is the first variant met: put A first again, days in any order
    shuffled = pd.concat([shuffled[shuffled["variant"] == "A"], shuffled[shuffled["variant"] == "B"]])
    check(sequential.sequence(shuffled, "rate", 0.05, 20000), "B", EXPECTED_4)


def test_undefined_days_are_left_out():
    # Day 1: the control has no conversion (lift over a zero rate undefined); day 2 onwards defined.
    frame = daily({"A": ([100, 100], [0, 4]), "B": ([100, 100], [3, 5])})
    seq = sequential.sequence(frame)
    assert list(seq["day"]) == [DAY0 + timedelta(days=1)]
    assert seq["estimate"].iloc[0] == pytest.approx(8 / 4 - 1)
    assert sequential.sequence(frame.iloc[0:0]).empty


@pytest.mark.parametrize("alpha,tuning", [(0, 5000), (1, 5000), (0.05, 0), (0.05, float("inf")),
                                          (0.05, float("nan"))])
def test_bad_settings_are_refused(alpha, tuning):
    with pytest.raises(ValueError):
        sequential.rho(alpha, tuning)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown metric kind"):
        sequential.sequence(daily(SERIES_1), "ratio")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_method_is_in_the_glossary_with_its_reference(lang):
    from lib.kpis import glossary

    (row,) = glossary.method_rows(lang)
    assert set(row) == set(glossary.COLUMNS) and all(row.values())
    assert "arXiv:2103.06476" in row["description"] and "N*" in row["description"]
    assert "5" in row["description"] and "ρ" in row["formula"]
    with pytest.raises(ValueError):
        glossary.method_rows("de")
