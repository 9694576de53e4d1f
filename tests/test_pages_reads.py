"""Channel pages read each figure once (issue 19): what they show from a shared read is the figure
asked on its own."""
from __future__ import annotations

import pandas as pd

from lib.kpis import queries, scan
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


def test_overview_channel_table_equals_each_channel_read_alone(demo_db, app_test):
    """The channel table's figures come from the cards' read: each equals its channel's KPIs
    asked on their own, with the comparison."""
    from lib import i18n
    from lib.kpis import catalogue as kpis

    at = app_test(demo_db, "en", "pages/overview.py")
    assert_clean(at)
    f = at.session_state["filters"]
    shown = next(d.value for d in at.dataframe if "ratio_value" in d.value.columns)
    s = Store(demo_db)
    try:
        expected = []
        for main, ratio in (("site_sessions", "site_conversion_rate"), ("paid_cost", "paid_roas"),
                            ("seo_clicks", "seo_ctr"), ("social_engagements", "social_engagement_rate"),
                            ("email_sent", "email_open_rate")):
            r = queries.run_compared(s, [main, ratio], f.start, f.end, f.compare, currency=f.currency).frame.iloc[0]
            expected.append([i18n.fmt_value(r[main], kpis.get(main).unit, "en", f.currency),
                             i18n.fmt_delta(r[f"{main}_delta"], "en"),
                             i18n.fmt_value(r[ratio], kpis.get(ratio).unit, "en", f.currency),
                             i18n.fmt_delta(r[f"{ratio}_delta"], "en")])
    finally:
        s.close()
    # a signed change ("+31.6%") reaches the grid as it is: a number, no formula (lib/exports.py)
    cells = shown[["value", "change", "ratio_value", "ratio_change"]].map(str)
    assert cells.values.tolist() == expected


def test_paid_best_and_worst_campaigns_equal_the_campaigns_read_alone(demo_db, app_test):
    """Best and worst campaigns come from the campaign breakdown's read: the same rows and figures
    as the three KPIs asked alone."""
    from lib.channels import ranking

    at = app_test(demo_db, "en", "pages/paid.py")
    assert_clean(at)
    f = at.session_state["filters"]
    ids = ["paid_cost", "paid_roas", "paid_cpa"]
    s = Store(demo_db)
    try:
        # the pages' reader, daily roll-ups included (tests/kpis/test_scan.py: equal to queries.run)
        alone = scan.run(s, ids, f.start, f.end, by=["platform", "campaign"], currency=f.currency).frame
    finally:
        s.close()
    ranked = ranking.ranked(ranking.REAL_SPEND.keep(alone, "paid_cost"), "paid_roas")
    n = ranking.per_side(len(ranked))
    # ranked by ROAS: it comes right after the campaign (issue 18)
    shown = [d.value for d in at.dataframe
             if list(d.value.columns) == ["platform", "campaign", "paid_roas", "paid_cost", "paid_cpa"]]
    assert len(shown) == 2 and n >= 1
    best, worst = (frame.reset_index(drop=True) for frame in shown)
    assert best["campaign"].tolist() == ranked.tail(n).iloc[::-1]["campaign"].tolist()
    assert worst["campaign"].tolist() == ranked.head(n)["campaign"].tolist()
    expected = ranked.head(n).reset_index(drop=True)
    pd.testing.assert_frame_equal(worst[ids], expected[ids], check_exact=True)
