"""AppTest of the A/B test and customers pages: demo and empty workspace, French and English."""
from __future__ import annotations

from datetime import date, timedelta

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
        assert len(at.get("vega_lite_chart")) == 1   # the sequence, from the split day by day


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


# --- issue 23: a stored test with daily counts, looked at before its end, with a guardrail -------

@pytest.fixture(scope="module")
def daily_db(tmp_path_factory) -> str:
    """A workspace whose only A/B test has four days of counts: the goal (achat: series 4 of
    tests/experiments/test_sequential.py) and a guardrail (rebond: bounces, much higher in B)."""
    import pandas as pd

    from lib.ingest import load as ingest
    from lib.sources.base import Parsed

    path = str(tmp_path_factory.mktemp("daily") / "daily.duckdb")
    store = Store(path)
    rows = []
    for i, (a, b) in enumerate(zip([150, 160, 155, 150], [190, 200, 210, 205], strict=True)):
        day = date(2026, 3, 2 + i)
        for metric, (ca, cb) in (("achat", (a, b)), ("rebond", (1000, 1200))):
            for variant, conversions in (("A", ca), ("B", cb)):
                rows.append({"day_from": day, "day_to": day, "experiment": "landing_v3",
                             "variant": variant, "metric": metric, "units": 5000,
                             "conversions": conversions})
    ingest.load_parsed(store, [Parsed("experiment_results", pd.DataFrame(rows),
                                      ("experiment", "variant", "metric"), "test",
                                      notes={"source": "test"})], "daily.csv")
    store.close()
    return path


SHIP_HELD = {"fr": "Ne déployez pas B", "en": "Do not ship B"}
ALWAYS_VALID = {"fr": "toujours valide", "en": "always valid"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_stored_test_with_daily_counts_peeking_and_a_guardrail(daily_db, app_test, lang):
    at = app_test(daily_db, lang, "pages/experiments.py")
    assert_clean(at)
    assert at.radio(key="exp_mode").value == "stored"
    # the fixed-horizon verdict first; the sequence chart and its last-day table are there
    assert at.checkbox(key="exp_peeking").value is False
    assert not any(ALWAYS_VALID[lang] in b.value for b in at.success)
    assert len(at.get("vega_lite_chart")) == 1
    at.number_input(key="exp_tuning").set_value(20000)
    at.checkbox(key="exp_peeking").check().run()
    assert_clean(at)
    verdicts = [b.value for b in at.success if ALWAYS_VALID[lang] in b.value]
    assert verdicts, texts(at)
    # gbstats: last day, tuning 20000, relative lift sequence (+9.8%, +52.0%)
    assert ("+9,8" if lang == "fr" else "+9.8") in verdicts[0]
    last = at.dataframe[-1].value
    assert last["p_value"].iloc[0] == pytest.approx(0.000318240706147, rel=1e-9)
    # the guardrail: bounces significantly up in B, so B is not shipped
    at.multiselect(key="exp_guardrails").set_value(["rebond"]).run()
    assert_clean(at)
    assert at.radio(key="exp_guardrail_worse_rebond").value == "up"
    assert any(SHIP_HELD[lang] in w.value for w in at.warning), texts(at)
    at.radio(key="exp_guardrail_worse_rebond").set_value("down").run()
    assert any(b.value.startswith("Déployez B" if lang == "fr" else "Ship B") for b in at.success)


def test_bh_correction_on_an_upload(empty_db, app_test):
    at = app_test(empty_db, "en", "pages/experiments.py")
    csv = b"variant,units,conversions\nA,1000,50\nB,1000,75\nC,1000,74\nD,1000,52\n"
    at.file_uploader(key="exp_upload").set_value(("bh.csv", csv, "text/csv")).run()
    assert not at.success, texts(at)                   # Holm: 0.0628, no winner
    at.radio(key="exp_correction").set_value("bh").run()
    assert_clean(at)
    assert "Benjamini-Hochberg-adjusted over 3 comparisons" in at.success[0].value
    assert any("no daily counts" in c.value for c in at.caption)


def test_planner_divides_alpha_for_three_variants(empty_db, app_test):
    at = app_test(empty_db, "en", "pages/experiments.py")
    at.number_input(key="exp_plan_baseline").set_value(5.0)
    at.radio(key="exp_plan_kind").set_value("absolute").run()
    at.number_input(key="exp_plan_mde_absolute").set_value(1.0)
    at.number_input(key="exp_plan_variants").set_value(3).run()
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Sample size per variant"] == "9,880"   # alpha 0.025 (tests/experiments)
    assert any("planned at α = 0.025" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_customers_nps_with_too_few_answers(tmp_path, app_test, lang):
    import pandas as pd

    from lib.ingest import load as ingest
    from lib.sources.base import Parsed

    path = str(tmp_path / "nps.duckdb")
    store = Store(path)
    day = date.today() - timedelta(days=3)
    answers = pd.DataFrame({"day_from": [day] * 4, "day_to": [day] * 4,
                            "response_id": ["1", "2", "3", "4"], "score": [10.0, 10.0, 9.0, 9.0],
                            "response_time": [pd.Timestamp(day)] * 4})
    ingest.load_parsed(store, [Parsed("nps_responses", answers, ("response_id",), "test",
                                      notes={"source": "test"})], "nps.csv")
    store.close()
    at = app_test(path, lang, "pages/customers.py")
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    assert shown[i18n.t("cust_nps_score", lang)] == "100"
    too_few = {"fr": "Trop peu de réponses", "en": "Too few answers"}[lang]
    assert any(too_few in c.value for c in at.caption), texts(at)


# -- why figures are refused, in the page's language (lib/experiments: ExperimentError) ----------
REFUSED = {"fr": "Ces chiffres ne peuvent pas être comparés : ", "en": "These figures cannot be compared: "}


@pytest.mark.parametrize("lang, reason", [
    ("fr", "bad.csv : colonne manquante : conversions (colonnes du fichier : variant, units)"),
    ("en", "bad.csv: missing column conversions (found: variant, units)"),
])
def test_a_bad_variant_table_is_refused_in_the_page_s_language(empty_db, app_test, lang, reason):
    at = app_test(empty_db, lang, "pages/experiments.py")
    at.file_uploader(key="exp_upload").set_value(("bad.csv", b"variant,units\nA,10\n", "text/csv"))
    at.run()
    assert_clean(at)
    assert any(w.value.startswith(REFUSED[lang] + reason) for w in at.warning), texts(at)


def test_a_typed_in_table_and_a_split_are_refused_in_french(empty_db, app_test):
    at = app_test(empty_db, "fr", "pages/experiments.py")
    at.session_state["exp_editor"] = {"edited_rows": {1: {"variant": "A"}}, "added_rows": [],
                                      "deleted_rows": []}
    at.run()
    assert_clean(at)
    assert REFUSED["fr"] + "chaque variante doit avoir son propre nom" in [w.value for w in at.warning]
    at = app_test(empty_db, "fr", "pages/experiments.py")
    at.text_input(key="exp_split").input("50").run()
    assert_clean(at)
    assert REFUSED["fr"] + "la répartition prévue compte 1 poids pour 2 variantes" in [
        w.value for w in at.warning], texts(at)


def test_a_plan_out_of_range_is_refused_in_french(empty_db, app_test):
    at = app_test(empty_db, "fr", "pages/experiments.py")
    at.number_input(key="exp_plan_baseline").set_value(50.0)
    at.number_input(key="exp_plan_mde_relative").set_value(500.0).run()   # 50 % x 6 = 300 %
    assert_clean(at)
    assert REFUSED["fr"] + ("le taux visé (référence + effet) doit différer de la référence et être "
                            "compris entre 0 et 1") in [w.value for w in at.warning], texts(at)
