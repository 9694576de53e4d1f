"""AppTest: every listed page runs on the demo and on an empty workspace, in both languages."""
from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pytest

from lib import i18n
from lib.kpis import queries
from lib.store import Store
from lib.ui import COMPARES, PRESETS, preset_window
from tests.conftest import assert_clean

PAGES = ["pages/overview.py", "pages/site.py"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_demo(demo_db, app_test, page, lang):
    at = app_test(demo_db, lang, page)
    assert_clean(at)
    assert len(at.metric) >= 5, "cards are missing"
    assert all(m.value and m.value not in ("n/a", "n/d") for m in at.metric[:5]), [m.value for m in at.metric]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_workspace(empty_db, app_test, page, lang):
    at = app_test(empty_db, lang, page)
    assert_clean(at)
    assert at.info, "an empty workspace must say how to load data"


def test_language_from_url_and_switch(demo_db, app_test):
    en = app_test(demo_db, "en")
    assert en.title[0].value == "Overview"
    assert en.metric[0].value.startswith("€")
    en.selectbox(key="lang").set_value("fr").run()
    assert en.title[0].value == "Vue d'ensemble"
    assert en.metric[0].value.endswith("€")
    assert en.query_params.get("lang") in (None, ["fr"], "fr")   # the default leaves the URL clean


def test_period_and_comparison_in_url(demo_db, app_test):
    at = app_test(demo_db, "en")
    at.selectbox(key="period").set_value("last_7").run()
    at.selectbox(key="compare").set_value("year").run()
    assert_clean(at)
    assert at.query_params["period"] in ("last_7", ["last_7"])
    assert at.query_params["compare"] in ("year", ["year"])


def test_overview_cards_equal_command_line(demo_db, app_test):
    """The cards show what `python -m lib kpi` computes for the same window."""
    at = app_test(demo_db, "en")
    start, end = preset_window("last_28", date.today())
    frame = queries.run(Store(demo_db), ["total_cost", "total_revenue", "blended_roas"], start, end,
                        currency="EUR").frame.iloc[0]
    assert at.metric[0].value == i18n.fmt_money(frame["total_cost"], "en", "EUR", whole=True)
    assert at.metric[1].value == i18n.fmt_money(frame["total_revenue"], "en", "EUR", whole=True)
    assert at.metric[2].value == i18n.fmt_number(frame["blended_roas"], "en", 2)


def test_show_latest_data_button(tmp_path, app_test):
    """Old exports: the empty-window state offers a button that moves the window onto the data."""
    import pandas as pd

    from lib.ingest import load as ingest
    from lib.sources.base import Parsed

    db = str(tmp_path / "old.duckdb")
    s = Store(db)
    frame = pd.DataFrame({"day_from": ["2025-01-01", "2025-01-02"], "day_to": ["2025-01-01", "2025-01-02"],
                          "channel_group": ["Direct", "Direct"], "sessions": [10, 20]})
    ingest.load_parsed(s, [Parsed("site_traffic", frame, ("channel_group",), "t", notes={"source": "ga4"})], "x")
    s.close()
    at = app_test(db, "en", "pages/site.py")
    assert_clean(at)
    at.button(key="range_site_traffic").click().run()
    assert_clean(at)
    assert at.session_state["period"] == "custom"
    assert at.metric[0].value == "30"


@pytest.mark.parametrize(("lang", "decimal", "thousands", "month"),
                         [("fr", ",", "\u00a0", "janv."), ("en", ".", ",", "Jan")])
def test_charts_speak_the_page_language(demo_db, app_test, lang, decimal, thousands, month):
    """Vega formats axes and tooltips with the page's locale (1 234,5 and janv. in French)."""
    at = app_test(demo_db, lang, "pages/site.py")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs, "the Site page draws charts"
    for spec in specs:
        locale = spec["config"]["locale"]
        assert locale["number"]["decimal"] == decimal
        # a space chart fonts draw (the narrow one Babel gives showed as "120000")
        assert locale["number"]["thousands"] == thousands
        assert locale["time"]["shortMonths"][0] == month


def test_tables_show_a_dash_where_there_is_no_value(demo_db, app_test):
    """A change column without a comparison, a ratio over zero: "—", not Streamlit's "None"."""
    at = app_test(demo_db, "en", "pages/site.py")
    assert at.dataframe and all(d.proto.placeholder == "—" for d in at.dataframe)


def test_a_redrawn_filter_sends_back_its_current_value(demo_db, app_test):
    """Under load the browser may redraw a sidebar widget and send its default value: that
    default must be the filter's current value, not the first option (in the 20-session bench
    an uploading session fell back from English to French this way)."""
    at = app_test(demo_db, "en")
    at.selectbox(key="period").set_value("last_7").run()
    at.selectbox(key="compare").set_value("year").run()
    for key, options in (("lang", i18n.LANGS), ("period", PRESETS), ("compare", COMPARES)):
        box = at.selectbox(key=key)
        box.set_value(options[box.proto.default])   # what a redrawn widget sends
    at.run()
    assert_clean(at)
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] in ("en", ["en"])
    assert at.query_params["period"] in ("last_7", ["last_7"])
    assert at.query_params["compare"] in ("year", ["year"])


def test_overview_spend_chart_names_the_platforms(demo_db, app_test):
    """The spend-by-platform legend reads Google Ads and Meta, not google_ads and meta."""
    at = app_test(demo_db, "en")
    names = set()
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:   # Arrow IPC streams beside the spec
            table = pa.ipc.open_stream(dataset.data.data).read_all()
            if "platform" in table.column_names:
                names |= set(table.column("platform").to_pylist())
    assert "Google Ads" in names and "google_ads" not in names, names
