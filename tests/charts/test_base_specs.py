"""Chart specs (Altair dicts): a funnel spanning 246k impressions to a few conversions goes on a
log scale with each bar labelled; trend lines fit their values (no 0-based axis flattening a
followers line)."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.charts import base as charts

JOURNEY = pd.DataFrame({"step": ["Impressions", "Clics", "Sessions", "Conversions"],
                        "count": [246_000.0, 3_100.0, 2_450.0, 41.0]})
SITE = pd.DataFrame({"step": ["Sessions", "Panier", "Commande", "Achat"], "count": [1000.0, 400.0, 200.0, 90.0]})


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


@pytest.mark.parametrize("values, expected", [
    ([246_000, 3_100, 2_450, 41], True),
    ([1000, 400, 200, 90], False),     # 11x: a linear axis shows every bar
    ([10_000, 100], False),            # exactly 100x stays linear
    ([10_001, 100], True),
    ([150, 0], True),                  # a step at zero against 150: compared with 1
    ([50, 0], False),
    ([None, None], False),             # no values: nothing to scale
])
def test_log_scaled(values, expected):
    assert charts.log_scaled(pd.Series(values, dtype="float64")) is expected


@pytest.mark.parametrize("lang, note", [("fr", "Volume (échelle logarithmique)"), ("en", "Count (log scale)")])
def test_a_wide_funnel_is_on_a_log_scale_with_labels(lang, note):
    title = {"fr": "Volume", "en": "Count"}[lang]
    bars, labels = _layers(charts.funnel(JOURNEY, "step", "count", title, lang=lang))
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["scale"] == {"type": "symlog"}
    assert bars["encoding"]["x"]["title"] == note
    assert bars["encoding"]["y"]["sort"] == list(JOURNEY["step"])     # the steps in their order
    assert labels["mark"]["type"] == "text"
    assert labels["encoding"]["text"] == {"field": "count", "format": ",.0f", "type": "quantitative"}


def test_a_narrow_funnel_stays_linear_from_zero():
    bars, labels = _layers(charts.funnel(SITE, "step", "count", "Count", lang="en"))
    assert bars["encoding"]["x"]["scale"] == {"zero": True}
    assert bars["encoding"]["x"]["title"] == "Count"
    assert labels["mark"]["type"] == "text"


def _followers(days: int = 28) -> pd.DataFrame:
    start = date(2026, 11, 8)
    return pd.DataFrame({"day": [start + timedelta(days=i) for i in range(days)],
                         "social_followers": [33_908.0 + 20 * i for i in range(days)],
                         "social_followers_compare": [33_300.0 + 20 * i for i in range(days)],
                         "network": ["instagram", "facebook"] * (days // 2)})


def test_trend_lines_do_not_start_at_zero():
    frame = _followers()
    single = charts.trend(frame, "day", "social_followers", "Followers", "count",
                          compare="social_followers_compare").to_dict()
    line, compare = single["layer"]
    assert line["encoding"]["y"]["scale"] == {"zero": False}
    assert compare["encoding"]["y"]["scale"] == {"zero": False}
    coloured = charts.trend(frame, "day", "social_followers", "Followers", "count", color="network").to_dict()
    assert coloured["layer"][0]["encoding"]["y"]["scale"] == {"zero": False}


def test_daily_lines_label_each_tick_by_its_day():
    """Not "Dec 2026" on the 1st between "29 Nov" and "3 Dec"; weekly and monthly lines keep
    Vega's labels (a month start is then the tick that matters)."""
    frame = _followers()
    daily = charts.trend(frame, "day", "social_followers", "Followers", "count").to_dict()
    assert daily["layer"][0]["encoding"]["x"]["axis"] == {"format": "%e %b"}
    weekly = charts.trend(frame.rename(columns={"day": "week"}), "week", "social_followers", "Followers",
                          "count").to_dict()
    assert "format" not in weekly["layer"][0]["encoding"]["x"].get("axis", {})


@pytest.mark.parametrize("count", [1, 3, 10, 25])
def test_bars_are_as_tall_as_their_bars_need(count):
    # Vega hides the category labels that would overlap: 3 devices in 124 px showed 2 names.
    frame = pd.DataFrame({"device": [f"d{i}" for i in range(count)], "rate": [0.5] * count})
    spec = charts.bars(frame, "device", "rate", "Abandonment", "rate").to_dict()
    band = (spec["height"] - charts.BAR_AXIS) / max(count, 2)
    assert band >= 24 and spec["height"] >= charts.BAR_AXIS + 2 * charts.BAR_BAND


@pytest.mark.parametrize("days, labelled", [(60, True), (93, True), (120, False)])
def test_an_objective_up_to_a_quarter_labels_its_ticks_by_day(days, labelled):
    """The quarter's revenue objective read "4 Oct, 18 Oct, Nov 2026, 15 Nov"; a longer one keeps
    Vega's month ticks."""
    from lib.charts import objectives

    start = date(2026, 10, 1)
    frame = pd.DataFrame({"day": [start + timedelta(days=i) for i in range(days)],
                          "actual": [float(i) for i in range(days)], "expected": [float(i) for i in range(days)],
                          "forecast": None, "low": None, "high": None, "target": 100.0})
    labels = dict.fromkeys(("actual", "expected", "forecast", "band", "target", "day"), "x")
    spec = objectives.progress(frame, "Revenue", "money", labels).to_dict()
    axis = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")["encoding"]["x"].get("axis", {})
    assert (axis.get("format") == "%e %b") is labelled


@pytest.mark.parametrize("band", [True, False])
def test_an_objective_spec_from_its_shape_is_the_altair_chart_of_its_rows(band):
    """progress_spec builds a shape once and fills each objective's rows in: the same dict as the
    Altair chart, in each language, and another objective's rows never show in it."""
    from lib.charts import base, objectives

    def frame(days: int, scale: float) -> pd.DataFrame:
        start = date(2026, 10, 1)
        return pd.DataFrame({"day": [start + timedelta(days=i) for i in range(days)],
                             "actual": [scale * i for i in range(days)], "expected": [scale * i for i in range(days)],
                             "forecast": [None] * (days - 5) + [scale * days] * 5,
                             "low": [None] * (days - 5) + ([scale] * 5 if band else [None] * 5),
                             "high": [None] * (days - 5) + ([2 * scale] * 5 if band else [None] * 5),
                             "target": 100.0 * scale})
    labels = {s: f"{s}!" for s in objectives.LABELS}
    for lang in ("fr", "en"):
        for rows in (frame(40, 1.0), frame(40, 2.5)):
            expected = base.localised(objectives.progress(rows, "Revenue", "money", labels), lang).to_dict()
            assert objectives.progress_spec(rows, "Revenue", "money", labels, lang, validate=True) == expected
    assert ("band" in objectives.progress_spec(frame(40, 1.0), "Revenue", "money", labels, "en")["datasets"]) is band
