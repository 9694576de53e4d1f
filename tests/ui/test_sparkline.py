"""Card sparklines draw the days that have a value: a missing day is not a 0 that stretches the
axis down and flattens a followers line; no line under two values (reach)."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.kpis import catalogue as kpis
from lib.ui.blocks import spark_points
from tests.conftest import assert_clean


def test_spark_points_leave_out_days_without_a_value():
    frame = pd.DataFrame({"day": pd.date_range("2026-11-01", periods=5),
                          "social_followers": [33_908.0, None, 33_947.0, 33_968.0, None],
                          "paid_reach": [None, None, None, None, None],
                          "paid_cpa": [None, 12.5, None, None, None]})
    assert spark_points(frame, "social_followers") == [33_908.0, 33_947.0, 33_968.0]
    assert spark_points(frame, "paid_reach") is None      # not additive over days: no line
    assert spark_points(frame, "paid_cpa") is None        # one value is no line
    assert spark_points(frame, "site_sessions") is None   # not in the frame


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_followers_card_line_has_no_zero(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/social.py")
    assert_clean(at)
    card = next(m for m in at.metric if m.label == kpis.get("social_followers").label[lang])
    points = list(card.proto.chart_data)
    assert len(points) > 20 and min(points) > 30_000   # the demo's stock, never drawn down to 0
