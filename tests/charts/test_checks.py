"""The app draws charts without Altair's schema check (issue 19: half a chart's cost on each rerun);
the dict Streamlit gets is the same, and the tests keep checking every chart a page draws."""
from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import pytest
from altair.utils import schemapi

from lib.charts import base as charts

DAYS = [date(2026, 1, 1) + timedelta(days=i) for i in range(30)]
TREND = pd.DataFrame({"day": DAYS * 2, "platform": ["meta"] * 30 + ["google_ads"] * 30,
                      "paid_cost": [float(i) for i in range(60)]})
NOTES = pd.DataFrame({"day": DAYS[:2], "channel": ["paid", "paid"], "kind": ["note", "note"], "text": ["a", "b"]})


@pytest.mark.parametrize("build", [
    lambda: charts.trend(TREND, "day", "paid_cost", "Cost", "money", color="platform", annotations=NOTES),
    lambda: charts.trend(TREND.assign(paid_cost_compare=1.0), "day", "paid_cost", "Cost", "money",
                         compare="paid_cost_compare"),
    lambda: charts.bars(TREND.head(5), "platform", "paid_cost", "Cost", "money"),
    lambda: charts.funnel(pd.DataFrame({"step": ["a", "b"], "count": [10.0, 2.0]}), "step", "count", "Count"),
])
def test_an_unchecked_chart_gives_the_same_dict(build):
    assert charts.unchecked(charts.localised(build(), "fr")).to_dict() == charts.localised(build(), "fr").to_dict()


def test_the_check_is_skipped_only_when_asked():
    with pytest.raises(schemapi.SchemaValidationError):   # checked as it is made (the tests' mode)
        alt.Axis(format=3)
    with schemapi.debug_mode(False):   # the app's mode: not as it is made...
        wrong = alt.Chart(TREND).mark_line().encode(x=alt.X("day:T", axis=alt.Axis(format=3)), y="paid_cost:Q")
    with pytest.raises(schemapi.SchemaValidationError):   # ...and a plain to_dict() still checks
        wrong.to_dict()
    assert charts.unchecked(wrong).to_dict()["encoding"]["x"]["axis"] == {"format": 3}


def test_the_tests_check_every_chart_a_page_draws():
    from lib.ui import blocks

    assert blocks.CHECK_CHARTS and schemapi.DEBUG_MODE
