"""Site and Paid pages: best and worst against the window's own figure; an item in one list at
most, "worst" only below the average, with real volume (fr, en)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lib.channels import ranking
from lib.kpis import queries
from tests.conftest import YESTERDAY, assert_clean, read_store


def _tables(at, columns: set[str]):
    return [d.value for d in at.dataframe if set(d.value.columns) == columns]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_landing_pages_best_and_worst(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/site.py")
    assert_clean(at)
    tables = _tables(at, {"landing_page", "site_sessions", "site_conversion_rate"})
    assert len(tables) == 2
    best, worst = tables
    assert len(best) and len(worst)
    assert not set(best["landing_page"]) & set(worst["landing_page"])
    # The average is the site's conversion rate on the card (last 28 days, ending yesterday).
    start = YESTERDAY - timedelta(days=27)
    average = read_store(demo_db, lambda s: queries.run(s, ["site_conversion_rate", "site_sessions"], start,
                                                        YESTERDAY).frame.iloc[0])
    assert (best["site_conversion_rate"] > average["site_conversion_rate"]).all()
    assert (worst["site_conversion_rate"] < average["site_conversion_rate"]).all()
    assert (worst["site_sessions"] >= ranking.REAL_TRAFFIC.minimum).all()
    assert list(worst["site_conversion_rate"]) == sorted(worst["site_conversion_rate"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_paid_campaigns_best_and_worst(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/paid.py")
    assert_clean(at)
    tables = _tables(at, {"platform", "campaign", "paid_cost", "paid_roas", "paid_cpa"})
    assert len(tables) == 2
    best, worst = tables
    keys = lambda frame: set(zip(frame["platform"], frame["campaign"]))   # noqa: E731
    assert not keys(best) & keys(worst)
    assert len(best) and len(worst)
    assert best["paid_roas"].min() > worst["paid_roas"].max()
    assert (worst["paid_cost"] >= ranking.REAL_SPEND.minimum).all()
