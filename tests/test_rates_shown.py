"""Where a reporting currency converted a figure, the person reading it is told with which rates
(issue 16): the card's tooltip, a caption under the table, a column in the CSV/XLSX downloads."""
from __future__ import annotations

import io
from datetime import date

import pandas as pd

from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.kpis import queries, rates
from lib.kpis.notes import Note
from lib.store import Store
from lib.ui import blocks, preset_window, state
from tests.conftest import assert_clean


def months() -> list[str]:
    start, end = preset_window("last_28", date.today())
    return sorted({f"{start:%Y-%m}", f"{end:%Y-%m}"})


def with_rates(path: str, text: str) -> str:
    s = Store(path)
    try:
        rates.save(s, rates.parse(text, "EUR"))
    finally:
        s.close()
    return path


def help_of(at, kid: str, lang: str) -> str:
    k = kpis.get(kid)
    return next(m.proto.help for m in at.metric if m.label in (k.label[lang], kpis.short_label(k, lang)))


def test_converted_cards_and_tables_name_the_rates(demo_copy, app_test, lang="en"):
    with_rates(demo_copy, "month,currency,rate\n" + "".join(f"{m},GBP,1.2\n" for m in months()))
    said = t("fx_converted", lang, rates="; ".join(f"GBP→EUR {m} 1.2000" for m in months()))
    at = app_test(demo_copy, lang, run=False)
    at.query_params["reporting"] = "EUR"
    at.run()
    at.switch_page("pages/paid.py").run()
    assert_clean(at)
    assert said in help_of(at, "paid_cost", lang) and said in help_of(at, "paid_roas", lang)
    assert said not in help_of(at, "paid_ctr", lang)          # clicks over impressions: no money
    assert said in [c.value for c in at.caption]              # under the campaigns table
    at.selectbox(key="reporting").set_value("").run()        # each currency on its own
    assert_clean(at)
    assert "GBP→EUR" not in help_of(at, "paid_cost", lang)
    assert said not in [c.value for c in at.caption]


def test_a_currency_without_rate_is_said_left_out(demo_copy, app_test):
    with_rates(demo_copy, "month,currency,rate\n" + "".join(f"{m},USD,0.9\n" for m in months()))
    at = app_test(demo_copy, "fr", run=False)
    at.query_params["reporting"] = "EUR"
    at.run()
    at.switch_page("pages/overview.py").run()
    assert_clean(at)
    said = t("fx_not_converted", "fr", reporting="EUR", currencies="GBP")
    assert said in help_of(at, "total_cost", "fr")
    assert said in [c.value for c in at.caption]              # under the channels table


# -- the downloads' column ----------------------------------------------------------------------
class Column:
    def __init__(self, files: dict):
        self.files = files

    def download_button(self, label, data, name, *args, **kwargs):
        self.files[name] = data()                             # built as a click would


def test_downloads_carry_the_rates_in_a_column_of_their_own(monkeypatch):
    files: dict = {}
    monkeypatch.setattr(blocks, "page_lang", lambda: "en")
    monkeypatch.setattr(blocks.st, "columns", lambda spec: [Column(files), Column(files), None])
    frame = pd.DataFrame({"campaign": ["uk_search_brand"], "paid_cost": [255.2]})
    blocks.downloads(frame, "paid_campaigns", "Amounts converted at your monthly rates: GBP→EUR 2025-02 1.2000.")
    csv = pd.read_csv(io.BytesIO(files["paid_campaigns.csv"]))
    assert list(csv.columns) == ["campaign", "paid_cost", "Exchange rates"]
    assert csv["Exchange rates"].iloc[0].endswith("GBP→EUR 2025-02 1.2000.")
    xlsx = pd.read_excel(io.BytesIO(files["paid_campaigns.xlsx"]), engine="calamine")
    assert list(xlsx.columns) == ["campaign", "paid_cost", "Exchange rates"]
    files.clear()
    blocks.downloads(frame, "paid_campaigns")                 # nothing converted: no column
    assert list(pd.read_csv(io.BytesIO(files["paid_campaigns.csv"])).columns) == ["campaign", "paid_cost"]


def test_rates_used_are_those_of_the_kpis_tables():
    noted = Note.of("note_rates", table="ad_performance", rates="GBP→EUR 2025-02 1.2000")
    token = state.RATES_SEEN.set([noted])
    try:
        assert state.rates_used(["paid_cost", "paid_ctr"]) == [noted]
        assert state.rates_used(["paid_ctr"]) == []            # no money in it
        assert state.rates_used(["site_revenue"]) == []        # another table
        assert state.rates_used(["blended_roas"]) == [noted]   # revenue over ad cost
    finally:
        state.RATES_SEEN.reset(token)
    assert queries.converts("paid_roas") and not queries.converts("seo_clicks")
