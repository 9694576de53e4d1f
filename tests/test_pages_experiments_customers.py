"""AppTest of the A/B test and customers pages: demo and empty workspace, French and English."""
from __future__ import annotations

from datetime import date

import pytest

from lib import i18n
from lib.customers import data as customer_data
from lib.customers import stats as customers
from lib.experiments import stats as experiments
from lib.store import Store
from lib.ui import preset_window
from tests.conftest import assert_clean

PAGES = ["pages/experiments.py", "pages/customers.py"]
GUARD = {"fr": "Pas encore assez de données", "en": "Not enough data yet"}
VERDICT = {"fr": "entre B et A", "en": "between B and A"}   # the demo's test is not conclusive


def texts(at) -> list[str]:
    """Every message box and caption on the page."""
    boxes = [*at.info, *at.success, *at.warning, *at.caption, *at.markdown]
    return [str(b.value) for b in boxes]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_demo(demo_db, app_test, page, lang):
    at = app_test(demo_db, lang, page)
    assert_clean(at)
    assert at.title[0].value == i18n.t("page_" + page.split("/")[1][:-3], lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_workspace(empty_db, app_test, page, lang):
    at = app_test(empty_db, lang, page)
    assert_clean(at)
    assert at.info, "an empty workspace must say what to load"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_ab_test_shows_its_verdict(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/experiments.py")
    assert at.radio(key="exp_mode").value == "stored"
    verdicts = [b.value for b in [*at.info, *at.success] if VERDICT[lang] in b.value]
    assert verdicts, texts(at)
    assert "Holm" in verdicts[0]            # rate and value per visitor: two comparisons
    assert len(at.dataframe) >= 2           # the rates table and the means table


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_typed_in_small_variants_show_the_guard(empty_db, app_test, lang):
    at = app_test(empty_db, lang, "pages/experiments.py")
    assert at.radio(key="exp_mode").value == "manual"
    assert not any(GUARD[lang] in x for x in texts(at))      # the seed table is big enough
    at.session_state["exp_editor"] = {"edited_rows": {0: {"units": 80, "conversions": 4},
                                                      1: {"units": 90, "conversions": 6}},
                                      "added_rows": [], "deleted_rows": []}
    at.run()
    assert_clean(at)
    assert any(GUARD[lang] in w.value for w in at.warning), texts(at)


def test_csv_upload_of_variants(empty_db, app_test):
    at = app_test(empty_db, "en", "pages/experiments.py")
    csv = b"variant;units;conversions\ncontrol;12000;300\nnew;12100;380\nother;11900;310\n"
    at.file_uploader(key="exp_upload").set_value(("test.csv", csv, "text/csv"))
    at.run()
    assert_clean(at)
    assert at.success, texts(at)                 # 380/12100 vs 300/12000 is significant
    assert "Holm-adjusted over 2 comparisons" in at.success[0].value
    table = at.dataframe[0].value
    assert list(table["variant"]) == ["control", "new", "other"]


def test_bad_csv_is_explained(empty_db, app_test):
    at = app_test(empty_db, "en", "pages/experiments.py")
    at.file_uploader(key="exp_upload").set_value(("bad.csv", b"variant,units\nA,10\n", "text/csv"))
    at.run()
    assert_clean(at)
    assert any("conversions" in w.value for w in at.warning)


def test_planning_section(empty_db, app_test):
    at = app_test(empty_db, "en", "pages/experiments.py")
    at.number_input(key="exp_plan_baseline").set_value(10.0)
    at.radio(key="exp_plan_kind").set_value("absolute").run()
    at.number_input(key="exp_plan_mde_absolute").set_value(2.0)
    at.number_input(key="exp_plan_daily").set_value(500).run()
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    # Fleiss by hand: (1.96 sqrt(2 x .11 x .89) + .8416 sqrt(.09 + .1056))^2 / .02^2 = 3840.9
    assert shown["Sample size per variant"] == "3,841"
    assert shown["Sample size per variant"] == i18n.fmt_number(
        experiments.sample_size(0.10, 0.02), "en")
    assert shown["Duration"] == "16 days"                   # 2 x 3,841 / 500 a day = 15.4


@pytest.mark.parametrize("mode", ["email", "ga4"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_other_modes_on_demo(demo_db, app_test, mode, lang):
    at = app_test(demo_db, lang, "pages/experiments.py")
    at.radio(key="exp_mode").set_value(mode).run()
    assert_clean(at)
    if mode == "ga4":
        assert at.dataframe, texts(at)          # mobile vs desktop over the sidebar window


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_customers_nps_equals_the_library(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/customers.py")
    start, end = preset_window("last_28", date.today())
    answers = customer_data.nps_responses(Store(demo_db), start, end)
    expected = i18n.fmt_number(100 * customers.nps(answers["score"])["score"], lang)
    shown = {m.label: m.value for m in at.metric}
    assert shown[i18n.t("cust_nps_score", lang)] == expected


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_customers_by_channel_and_churn_days(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/customers.py")
    at.toggle(key="cust_by_channel").set_value(True).run()
    at.slider(key="cust_churn_days").set_value(30).run()
    assert_clean(at)
    assert at.selectbox(key="cust_cohort_channel").options
