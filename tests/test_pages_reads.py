"""Channel pages read each figure once (issue 19): what they show from a shared read is the figure
asked on its own."""
from __future__ import annotations

import pandas as pd

from lib.kpis import queries
from lib.store import Store
from tests.conftest import assert_clean

STEPS = ["site_sessions", "site_add_to_carts", "site_checkouts", "site_transactions"]


def test_site_funnel_counts_are_the_window_totals(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/site.py")
    assert_clean(at)
    f = at.session_state["filters"]
    funnel = next(d.value for d in at.dataframe if "step" in d.value.columns)
    s = Store(demo_db)
    try:
        expected = queries.run(s, STEPS, f.start, f.end, currency=f.currency).frame.iloc[0]
    finally:
        s.close()
    assert funnel["count"].tolist() == [float(expected[k]) for k in STEPS]
    assert funnel["rate"].iloc[1] == expected["site_add_to_carts"] / expected["site_sessions"]


def test_paid_breakdown_computes_only_the_view_shown(demo_db, app_test):
    """One breakdown table at a time; picking another shows its rows, the page stays clean."""
    at = app_test(demo_db, "fr", "pages/paid.py")
    views = at.segmented_control(key="paid_breakdown")
    assert views.value == 0 and len(views.options) == 9
    assert not any("age" in d.value.columns for d in at.dataframe)
    views.set_value(5).run()   # age
    assert_clean(at)
    ages = [d.value for d in at.dataframe if "age" in d.value.columns]
    assert len(ages) == 1 and isinstance(ages[0], pd.DataFrame) and not ages[0].empty
