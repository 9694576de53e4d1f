"""AppTest of the rates on the Data page and the sidebar's reporting currency (issue 16)."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from lib.kpis import queries
from lib.store import Store
from lib.ui import preset_window
from tests.conftest import assert_clean
from tests.test_data_page import texts

SAVED = {"fr": "taux enregistrés", "en": "rates saved"}


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> str:
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    return path


def months() -> list[str]:
    start, end = preset_window("last_28", date.today())
    return sorted({f"{start:%Y-%m}", f"{end:%Y-%m}"})


def typed_rates() -> str:
    return "month,currency,rate\n" + "".join(f"{m},GBP,1.2\n" for m in months())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_typed_rates_then_reporting_currency_adds_pounds_to_euros(demo_copy, app_test, lang):
    at = app_test(demo_copy, lang, "pages/data.py")
    assert_clean(at)
    assert not [s for s in at.selectbox if s.key == "reporting"]     # no rates: never added
    at.selectbox(key="fx_reporting").set_value("EUR")
    at.text_area(key="fx_typed").input(typed_rates()).run()
    at.button(key="fx_save").click().run()
    assert_clean(at)
    assert SAVED[lang] in texts(at.success)
    start, end = preset_window("last_28", date.today())
    s = Store(demo_copy)
    try:
        eur = queries.run(s, ["paid_cost"], start, end, currency="EUR").frame["paid_cost"].iloc[0]
        gbp = queries.run(s, ["paid_cost"], start, end, currency="GBP").frame["paid_cost"].iloc[0]
        both = queries.run(s, ["paid_cost"], start, end, currency="EUR", reporting="EUR").frame["paid_cost"].iloc[0]
    finally:
        s.close()
    assert both == pytest.approx(eur + 1.2 * gbp)                     # the hand computation
    paid = app_test(demo_copy, "en", "pages/paid.py")
    paid.selectbox(key="reporting").set_value("EUR").run()
    assert_clean(paid)
    assert paid.query_params["reporting"] in ("EUR", ["EUR"])
    spend = next(m for m in paid.metric if "Spend" in m.label or "Cost" in m.label)
    assert float(spend.value.lstrip("€").replace(",", "")) == pytest.approx(both, abs=0.5)


def test_refused_rates_save_nothing(demo_copy, app_test):
    at = app_test(demo_copy, "en", "pages/data.py")
    at.text_area(key="fx_typed").input("month,currency,rate\n2025-02,GBP,abc\n").run()
    at.button(key="fx_save").click().run()
    assert_clean(at)
    assert "nothing saved" in texts(at.warning)
    s = Store(demo_copy)
    try:
        assert s.scalar("SELECT count(*) FROM settings WHERE name LIKE 'fx_rate:%'") == 0
    finally:
        s.close()


@pytest.mark.parametrize("lang, words", [
    ("fr", "Taux refusés, rien n'est enregistré : ligne 2 : devise « pounds » : écrivez un code ISO 4217 "
           "de trois lettres, comme EUR"),
    ("en", "Rates refused, nothing saved: line 2: currency 'pounds': write a three-letter ISO 4217 code "
           "such as EUR"),
])
def test_refused_rates_say_why_in_the_page_language(demo_copy, app_test, lang, words):
    at = app_test(demo_copy, lang, "pages/data.py")
    at.selectbox(key="fx_reporting").set_value("EUR")
    at.text_area(key="fx_typed").input("month,currency,rate\n2025-03,pounds,1.2\n").run()
    at.button(key="fx_save").click().run()
    assert_clean(at)
    assert [w.value.replace("\\", "") for w in at.warning if "refus" in w.value.lower()] == [words]
