"""AppTest: the social, email and glossary pages on the demo and on an empty workspace, in fr and en."""
from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from lib import i18n
from lib.channels import annotations, community, items
from lib.kpis import catalogue as kpis
from lib.kpis import glossary, queries
from lib.store import Store
from lib.ui import preset_window
from tests.conftest import assert_clean

SOCIAL = [k.id for k in kpis.for_channel("social") if k.table == "social_performance"] + \
         community.kpi_ids(community.DEFAULT_CLOCK) + \
         [k.id for k in kpis.for_channel("social") if k.table == "mentions"]
EMAIL = [k.id for k in kpis.for_channel("email")]
CARDS = {"pages/social.py": SOCIAL, "pages/email.py": EMAIL}


def expected_cards(db: str, ids: list[str], lang: str) -> list[str]:
    """What `python -m lib kpi` gives for the default window, formatted as the cards format it."""
    start, end = preset_window("last_28", date.today())
    s = Store(db)
    try:
        row = queries.run(s, ids, start, end, currency="EUR").frame.iloc[0]
    finally:
        s.close()
    return [i18n.fmt_value(row[k], kpis.get(k).unit, lang, "EUR", whole=True) for k in ids]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", list(CARDS))
def test_cards_equal_the_command_line(demo_db, app_test, page, lang):
    at = app_test(demo_db, lang, page)
    assert_clean(at)
    ids = CARDS[page]
    # a channel page's cards leave out the channel's suffix ("Conversion rate", not "… (email)")
    assert [m.label for m in at.metric] == [kpis.short_label(kpis.get(k), lang) for k in ids]
    assert [m.value for m in at.metric] == expected_cards(demo_db, ids, lang)
    assert all(m.value != i18n.t("na", lang) for m in at.metric), [m.value for m in at.metric]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_social_tables(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/social.py")
    accounts, posts = at.dataframe[0].value, at.dataframe[1].value
    assert sorted(accounts["network"]) == ["Facebook", "Instagram", "LinkedIn"]   # names, not codes
    assert len(posts) == 10 and posts["social_engagement_rate"].is_monotonic_decreasing
    # post formats by name and the day in the page's words ("Carrousel", "18 nov. 2026")
    formats = {"fr": {"Image", "Carrousel", "Reel", "Photo", "Lien", "Vidéo"},
               "en": {"Image", "Carousel", "Reel", "Photo", "Link", "Video"}}[lang]
    assert set(posts["post_type"]) <= formats, set(posts["post_type"])
    assert all(d.endswith(" 2026") and "-" not in d for d in posts["published"]), list(posts["published"])[:3]
    assert len(at.get("download_button")) >= 4     # CSV and Excel for each table


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_email_tables(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/email.py")
    campaigns, subjects, monthly = (d.value for d in at.dataframe)
    assert len(campaigns) >= 4 and campaigns["send_day"].is_monotonic_decreasing
    sent = expected_cards(demo_db, ["email_sent"], "en")[0]
    assert i18n.fmt_number(campaigns["sent"].sum(), "en") == sent   # a count: no rounding
    assert subjects["open_rate"].is_monotonic_decreasing
    assert {"unsubscribe_rate", "bounce_rate", "complaint_rate"} <= set(monthly.columns)
    assert len(at.get("download_button")) == 6


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", ["pages/social.py", "pages/email.py"])
def test_empty_workspace_is_friendly(empty_db, app_test, page, lang):
    at = app_test(empty_db, lang, page)
    assert_clean(at)
    assert at.info and not at.metric


@pytest.mark.parametrize("db", ["demo_db", "empty_db"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_glossary_lists_every_kpi(request, app_test, db, lang):
    at = app_test(request.getfixturevalue(db), lang, "pages/glossary.py")
    assert_clean(at)
    frame = at.dataframe[0].value
    # every KPI in catalogue order, then the statistical methods and models the pages rely on
    extra = glossary.method_rows(lang) + glossary.model_rows(lang)
    assert frame["id"].tolist() == [k.id for k in kpis.CATALOGUE] + [r["id"] for r in extra]
    assert frame["good"].tolist() == [k.good[lang] for k in kpis.CATALOGUE] + [r["good"] for r in extra]
    at.selectbox(key="glossary_channel").set_value("email").run()
    assert at.dataframe[0].value["id"].tolist() == EMAIL
    at.text_input(key="glossary_search").input("open").run()
    assert set(at.dataframe[0].value["id"]) == {"email_open_rate", "email_click_to_open_rate"}


def test_annotation_from_the_social_chart(demo_db, app_test, tmp_path):
    db = str(tmp_path / "copy.duckdb")
    shutil.copy(demo_db, db)
    at = app_test(db, "en", "pages/social.py")
    at.selectbox(key="ann_kind_social").set_value("launch")
    at.text_input(key="ann_text_social").input("Linen collection on Instagram")
    next(b for b in at.button if b.label == "Add").click().run()
    assert_clean(at)
    assert any("Linen collection on Instagram" in s.value for s in at.success)
    s = Store(db)
    try:
        notes = annotations.list(s)
    finally:
        s.close()
    added = notes[notes["text"] == "Linen collection on Instagram"].iloc[0]
    assert (added["kind"], added["channel"]) == ("launch", "social")


def _site_frame(at, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_site_cart_abandonment_by_category(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/site.py")
    assert_clean(at)
    start, end = preset_window("last_28", date.today())
    s = Store(demo_db)
    try:
        expected = items.by_category(s, start, end)
    finally:
        s.close()
    shown = _site_frame(at, "item_category").reset_index(drop=True)
    # the rate the chart ranks categories by comes right after the category (issue 18)
    assert list(shown.columns) == ["item_category", "abandonment_rate", "items_added_to_cart", "items_purchased"]
    pd.testing.assert_frame_equal(shown, expected[list(shown.columns)])
    assert sorted(shown["item_category"]) == ["Accessoires", "Chaussures", "Maison", "Vêtements"]


def test_site_leads_by_source_and_campaign(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/site.py")
    assert_clean(at)
    start, end = preset_window("last_28", date.today())
    s = Store(demo_db)
    try:
        total = queries.run(s, ["leads"], start, end).frame.iloc[0]["leads"]
        linkedin = queries.run(s, ["paid_cost"], start, end, filters={"campaign": ["linkedin_b2b_pro"]},
                               currency="EUR").frame.iloc[0]["paid_cost"]
    finally:
        s.close()
    by_source = _site_frame(at, "lead_source")
    assert by_source["leads"].sum() == total
    assert not any("cost_per_lead" in d.value for d in at.dataframe)   # one view computed at a time
    views = at.segmented_control(key="site_leads_view")
    views.set_value(views.options.index("By campaign")).run()
    assert_clean(at)
    by_campaign = _site_frame(at, "cost_per_lead").set_index("campaign")
    row = by_campaign.loc["linkedin_b2b_pro"]
    assert row["cost_per_lead"] == pytest.approx(linkedin / row["leads"])
    assert pd.isna(by_campaign.loc[""]["cost_per_lead"])     # no ad campaign of that name


def _notes_page():
    from lib.ui import annotations as ui_annotations

    ui_annotations.annotation_form("en", "data")
    ui_annotations.annotation_list("en")


def test_added_note_shows_in_the_list_and_can_be_deleted(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BALISE_DB", str(tmp_path / "notes.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_function(_notes_page, default_timeout=60)
    at.run()
    assert_clean(at)
    assert at.caption[-1].value == "No note yet."
    at.text_input(key="ann_text_data").input("   ")
    at.button[0].click().run()
    assert at.warning[0].value == "The note is empty: write what happened."
    at.selectbox(key="ann_kind_data").set_value("outage")
    at.text_input(key="ann_text_data").input("Checkout down 14:00-19:00")
    at.button[0].click().run()
    assert_clean(at)
    listed = at.dataframe[0].value
    assert listed["text"].tolist() == ["Checkout down 14:00-19:00"]
    assert listed["kind"].tolist() == ["Outage"]
    at.button(key="ann_delete_notes").click().run()
    assert_clean(at)
    assert at.caption[-1].value == "No note yet."
    st.cache_resource.clear()
