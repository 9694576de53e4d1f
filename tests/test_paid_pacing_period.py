"""The Paid page's pacing follows the selected period: last month selected shows last month's
pacing (its name in the title, its spend), not the month of the latest data."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib.i18n.formats import fmt_month
from lib.kpis import queries
from tests.conftest import assert_clean, read_store

TITLE = {"fr": "Rythme de dépense : {}", "en": "Spend pacing: {}"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_last_month_selected_shows_last_months_pacing(demo_db, app_test, lang):
    end = date.today().replace(day=1) - timedelta(days=1)
    spent = read_store(demo_db, lambda s: queries.run(s, ["paid_cost"], end.replace(day=1), end, by=["platform"],
                                                      currency="EUR").frame)
    at = app_test(demo_db, lang, run=False)
    at.query_params["period"] = "last_month"
    at.run()
    at.switch_page("pages/paid.py")
    at.run()
    assert_clean(at)
    assert TITLE[lang].format(fmt_month(end, lang)) in [h.value for h in at.subheader]
    pacing = at.dataframe[0].value
    google = "Google Ads"
    assert pacing.set_index("platform").loc[google, "spent"] == pytest.approx(
        spent.set_index("platform").loc["google_ads", "paid_cost"])
