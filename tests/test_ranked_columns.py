"""Wide tables keep the metric they are ranked by in view (issue 18): it comes right after the
label column, in the one table helper (lib/ui/grid.py `ranked_first`), on every page that ranks."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.ui.grid import ranked_first
from tests.conftest import assert_clean


def test_ranked_first_moves_the_metric_and_its_change_after_the_label():
    frame = pd.DataFrame(columns=["platform", "campaign", "clicks", "cost", "cpa", "cpa_delta", "roas"])
    assert list(ranked_first(frame, ["cpa", "roas"], after="campaign").columns) == [
        "platform", "campaign", "cpa", "cpa_delta", "roas", "clicks", "cost"]
    assert list(ranked_first(frame, "roas").columns) == [
        "platform", "roas", "campaign", "clicks", "cost", "cpa", "cpa_delta"]
    # nothing to move: the frame as it is (absent columns are ignored, the label stays first)
    assert ranked_first(frame, None) is frame and ranked_first(frame, "ctr") is frame
    assert list(ranked_first(frame, "platform").columns) == list(frame.columns)


def _order(at) -> list[list[str]]:
    """Each table's columns as drawn, in order."""
    out = []
    for df in at.dataframe:
        value = df.value
        out.append([str(c) for c in (value.data.columns if hasattr(value, "data") else value.columns)])
    return out


def _right_after(tables: list[list[str]], label: str, metric: str) -> bool:
    found = [cols for cols in tables if label in cols and metric in cols]
    assert found, (label, metric, tables)
    return all(cols.index(metric) == cols.index(label) + 1 for cols in found)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_show_the_ranking_metric_next_to_the_label(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/top_content.py")
    assert_clean(at)
    tables = _order(at)
    assert _right_after(tables, "item", "score_kpi") and _right_after(tables, "score_kpi", "score")
    assert _right_after(tables, "landing_page", "site_conversion_rate")
    assert _right_after(tables, "ad_group", "paid_ctr")
    assert _right_after(tables, "campaign", "email_click_rate")

    at = app_test(demo_db, lang, "pages/paid.py")
    assert_clean(at)
    tables = _order(at)
    # the cross-platform table: spend (its sort), CPA and ROAS next to the platform; best/worst by ROAS
    assert any(cols[:4] == ["platform", "paid_cost", "paid_cost_delta", "paid_cpa"] for cols in tables), tables
    assert any(cols[:3] == ["platform", "campaign", "paid_roas"] for cols in tables), tables

    at = app_test(demo_db, lang, "pages/site.py")
    assert_clean(at)
    tables = _order(at)
    assert _right_after(tables, "item_category", "abandonment_rate")
    assert any(cols[:2] == ["landing_page", "site_conversion_rate"] for cols in tables), tables

    at = app_test(demo_db, lang, "pages/experiments.py")
    assert_clean(at)
    tables = _order(at)
    assert _right_after(tables, "variant", "chance_to_beat")
