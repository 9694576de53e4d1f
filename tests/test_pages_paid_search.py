"""AppTest: the paid, search, journey and top content pages on the demo and on an empty workspace."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from lib import i18n
from lib.channels import journey
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.store import Store
from lib.ui import preset_window
from tests.conftest import assert_clean

PAGES = ["pages/paid.py", "pages/search.py", "pages/journey.py", "pages/top_content.py"]


def expected_cards(db: str, ids: list[str], lang: str, filters: dict | None = None) -> list[str]:
    """What `python -m lib kpi` gives for the default window, formatted as the cards show it
    (money without cents from 1,000 up)."""
    start, end = preset_window("last_28", date.today())
    store = Store(db)
    try:
        row = queries.run(store, ids, start, end, filters=filters, currency="EUR").frame.iloc[0]
    finally:
        store.close()
    return [i18n.fmt_value(row[k], kpis.get(k).unit, lang, "EUR", whole=True) for k in ids]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_demo(demo_db, app_test, page, lang):
    at = app_test(demo_db, lang, page)
    assert_clean(at)
    assert not at.info or page == "pages/journey.py", [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_workspace(empty_db, app_test, page, lang):
    at = app_test(empty_db, lang, page)
    assert_clean(at)
    assert at.info, "an empty workspace must say how to load data"
    assert not at.metric


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_paid_cards_equal_command_line(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/paid.py")
    ids = [k.id for k in kpis.for_channel("paid")]
    assert [m.value for m in at.metric[:len(ids)]] == expected_cards(demo_db, ids, lang)
    labels = [m.label for m in at.metric[:len(ids)]]
    assert labels == [kpis.short_label(kpis.get(k), lang) for k in ids]


def test_paid_reach_is_flagged_not_additive(demo_db, app_test):
    """Daily rows never cover a 28-day window: reach is n/a and its help says why."""
    at = app_test(demo_db, "en", "pages/paid.py")
    reach = next(m for m in at.metric if m.label == kpis.short_label(kpis.get("paid_reach"), "en"))
    assert reach.value == "n/a"
    assert i18n.t("not_additive", "en") in reach.proto.help
    assert not reach.proto.chart_data   # no flat line drawn for a value that does not exist
    clicks = next(m for m in at.metric if m.label == kpis.short_label(kpis.get("paid_clicks"), "en"))
    assert len(clicks.proto.chart_data) > 1


def test_paid_pacing_and_platform_table(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/paid.py")
    texts = [d.value for d in at.dataframe]
    platforms = texts[1]["platform"].tolist()  # pacing first, then the cross-platform table
    assert set(texts[0]["platform"]) == {"Google Ads", "Meta"}, "pacing for the two budgets set"
    assert {"Google Ads", "Meta", "LinkedIn"} <= set(platforms)
    assert {b.label for b in at.get("download_button")} >= {"Download (CSV)", "Download (Excel)"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_search_cards_equal_command_line(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/search.py")
    seo = ["seo_clicks", "seo_impressions", "seo_ctr", "seo_position"]
    ga4 = ["site_sessions", "site_conversions", "site_conversion_rate", "site_revenue"]
    values = [m.value for m in at.metric]
    assert values[:4] == expected_cards(demo_db, seo, lang)
    assert values[4:8] == expected_cards(demo_db, ga4, lang, {"channel_group": ["Organic Search"]})


def test_search_movers_tabs(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/search.py")
    labels = [tab.label for tab in at.tabs]
    for name in ("Gaining", "Losing", "New", "Lost"):
        assert name in labels
    # Queries table: every demo query of the window, the comparison columns with it.
    queries_table = at.dataframe[0].value
    assert "query" in queries_table and "seo_clicks_delta" in queries_table


def test_search_pages_and_countries_from_the_demo_export(demo_db, app_test):
    """The demo's Search Console export has its Pages and Countries files: both tables show."""
    at = app_test(demo_db, "fr", "pages/search.py")
    assert_clean(at)
    shown = [frame.value for frame in at.dataframe]
    assert any("page" in f and f["page"].str.startswith("https://www.maisonlumiere.fr/").all() for f in shown)
    assert any("country" in f and "France" in set(f["country"]) for f in shown)


def test_a_breakdown_no_export_carries_says_why_and_what_to_load(demo_db, tmp_path, app_test):
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    store = Store(path)
    with store.transaction() as cur:   # a workspace loaded without the export's Pages file
        cur.execute("DELETE FROM search_console WHERE grain = 'date+page'")
    store.close()
    at = app_test(path, "fr", "pages/search.py")
    assert_clean(at)
    said = [c.value for c in at.caption if "aucun export n'a la répartition demandée (Page)" in c.value]
    assert said and not any("search_console" in c for c in said), said
    assert any(c.endswith("pour cette fenêtre. " + i18n.t("no_rows_load", "fr")) for c in said), said
    assert i18n.t("na", "fr") not in [c.value for c in at.caption]


def test_search_without_comparison_says_so(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/search.py")
    at.selectbox(key="compare").set_value("none").run()
    assert_clean(at)
    assert any(i18n.t("search_need_compare", "en") == c.value for c in at.caption)


def test_journey_shows_matched_and_unmatched(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/journey.py")
    assert_clean(at)
    frames = [d.value for d in at.dataframe]
    funnel = frames[0]
    assert "meta_retargeting" in set(funnel["utm_campaign"])
    unmatched = next(f for f in frames if "ad_campaign" in f and "utm_campaign" not in f)
    assert list(unmatched["ad_campaign"]) == ["fr_demandgen_test"]
    assert any(tab.label.startswith("Ad campaigns with no GA4 campaign (1)") for tab in at.tabs)


def test_journey_rule_saved_from_the_page(demo_db, tmp_path, app_test):
    """A stored rule matches the untagged campaign; the rules editor shows it."""
    path = str(tmp_path / "rules.duckdb")
    shutil.copy(demo_db, path)
    at = app_test(path, "en", "pages/journey.py")
    assert at.data_editor[0].value.empty, "no rule yet, the editor is there"
    s = Store(path)
    journey.write_rules(s, [{"platform": "google_ads", "ad_campaign": "fr_demandgen_test",
                             "utm_campaign": "fr_search_generique"}])
    s.close()
    at.run()
    assert_clean(at)
    funnel = at.dataframe[0].value
    row = funnel[funnel["utm_campaign"] == "fr_search_generique"].iloc[0]
    assert set(row["ad_campaigns"].split(", ")) == {"fr_search_generique", "fr_demandgen_test"}
    assert list(at.data_editor[0].value["ad_campaign"]) == ["fr_demandgen_test"]
    assert not any(tab.label.startswith("Ad campaigns with no GA4 campaign (1)") for tab in at.tabs)


def test_top_content_has_downloads(demo_db, app_test):
    at = app_test(demo_db, "fr", "pages/top_content.py")
    assert_clean(at)
    kinds = set(at.dataframe[0].value["kind"])
    assert {"Publication", "E-mail", "Page d'arrivée", "Annonce"} <= kinds
    assert len(at.get("download_button")) >= 2 * 5


def test_paid_keywords_and_search_terms_from_real_exports(tmp_path, app_test):
    """Keyword and search-term reports load as dimensions and show on the Paid page (issue 15)."""
    from lib.ingest import load as ingest
    from lib.store import Store
    from tests.conftest import shared_path

    path = str(tmp_path / "kw.duckdb")
    store = Store(path)
    for name in ("Search keyword report.csv", "Search terms report.csv"):
        data = shared_path("data", "real-exports", "google_ads_utf16_cad", name).read_bytes()
        ingest.load_file(store, data, name)
    store.close()
    at = app_test(path, "en", run=False)
    at.query_params.update(period="custom", start="2026-05-01", end="2026-05-08", currency="CAD")
    at.run()
    at.switch_page("pages/paid.py")
    at.run()
    assert_clean(at)
    views = at.segmented_control(key="paid_breakdown")
    labels = views.options
    assert "Campaign / Ad group / Keyword" in labels and "Search term" in labels
    views.set_value(labels.index("Campaign / Ad group / Keyword")).run()
    assert_clean(at)
    keywords = next(d.value for d in at.dataframe if "keyword" in d.value)
    assert len(keywords) == 17 and "car towing near me" in set(keywords.iloc[:, 3])
    at.segmented_control(key="paid_breakdown").set_value(labels.index("Search term")).run()
    assert_clean(at)
    terms = next(d.value for d in at.dataframe if "search_term" in d.value)
    assert len(terms) == 17
