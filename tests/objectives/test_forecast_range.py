"""An objective's forecast band stays within what the final value can be: a total never ends
below what is already counted (nor below zero), a share never above 100 %."""
from __future__ import annotations

import numpy as np
import pytest

from lib.objectives import progress as op
from lib.objectives import tracker as objectives
from tests.objectives.test_objectives import BASE, day


def _lumpy_revenue(store, seed: int = 1) -> None:
    """Revenue that comes in lumps (900 € one day in four, nothing the others): a wide band."""
    rng = np.random.default_rng(seed)
    with store.transaction() as cur:
        for i in range(60):
            v = float(rng.choice([0, 0, 0, 900]))
            cur.execute("INSERT INTO site_traffic (key, load_id, source, grain, day_from, day_to, campaign, "
                        "sessions, key_events, revenue, currency) VALUES (?, 1, 'test', 'date+campaign', ?, ?, "
                        "'c1', ?, 1, ?, 'EUR')", [f"s{i}", day(i), day(i), v, v])
        cur.execute("INSERT INTO settings VALUES ('currency', 'EUR')")


def test_a_total_forecast_never_ends_below_what_is_counted(store):
    _lumpy_revenue(store)
    obj = {**BASE, "kpi": "site_revenue", "direction": "at_least", "target": 5000}
    p = objectives.progress(store, obj, day(40))
    s = p.summary
    counted = float(store.scalar("SELECT sum(revenue) FROM site_traffic WHERE day_from BETWEEN ? AND ?",
                                 [day(30), day(40)]))
    assert s["value"] == pytest.approx(counted) == 1800
    # The normal band is symmetric: its half-width (high - forecast) is more than the way from
    # what is counted to the forecast, so unclipped its low end would be below the 1,800 € already in.
    assert s["forecast_high"] - s["forecast"] > s["forecast"] - counted
    assert s["forecast_low"] == pytest.approx(counted) and s["forecast_high"] > s["forecast"]
    future = p.frame.dropna(subset=["low"])
    assert (future["low"] >= counted - 1e-9).all() and (future["high"] >= future["forecast"]).all()


@pytest.mark.parametrize("kpi, kind, current, expected", [
    ("site_revenue", "cumulative", 1800.0, (1800.0, None)),   # already counted
    ("site_revenue", "cumulative", None, (0.0, None)),
    ("paid_ctr", "ratio", 0.02, (0.0, 1.0)),                  # a share
    ("social_audience_growth", "ratio", -0.01, (None, None)),  # can be negative
    ("social_followers", "level", 34000.0, (0.0, None)),      # a stock can fall: only the zero floor
])
def test_possible_range(kpi, kind, current, expected):
    assert op._possible(kpi, kind, current) == expected
