"""AppTest: the objectives and campaigns pages on the demo (create and edit) and on an empty workspace."""
from __future__ import annotations

import pytest

from lib.channels import campaigns
from lib.objectives import tracker as objectives
from tests.conftest import assert_clean, read_store

PAGES = ["pages/objectives.py", "pages/campaigns.py"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_on_empty_workspace(empty_db, app_test, page, lang):
    at = app_test(empty_db, lang, page)
    assert_clean(at)
    assert at.info


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_create_and_edit_an_objective(demo_copy, app_test, lang):
    at = app_test(demo_copy, lang, "pages/objectives.py")
    assert_clean(at)
    assert len(at.metric) >= 16                     # four demo objectives, four figures each
    at.text_input(key="obj_name_new").set_value("Sessions de décembre")
    at.selectbox(key="obj_kpi_new").set_value("site_sessions")
    at.run()
    at.text_input(key="obj_name_new").set_value("Sessions de décembre")
    at.number_input(key="obj_target_new").set_value(100000.0)
    at.text_input(key="obj_goal_new").set_value("Notoriété")
    at.button(key="obj_save_new").click()
    at.run()
    assert_clean(at)
    assert at.success, [w.value for w in at.warning]
    made = read_store(demo_copy, lambda s: [o for o in objectives.list_objectives(s) if o["name"] == "Sessions de décembre"])
    assert len(made) == 1 and made[0]["kpi"] == "site_sessions" and made[0]["target"] == 100000

    # Without a business goal or a campaign the form refuses, saying why.
    at.text_input(key="obj_name_new").set_value("Sans raison")
    at.number_input(key="obj_target_new").set_value(100000.0)
    at.text_input(key="obj_goal_new").set_value("")
    at.button(key="obj_save_new").click()
    at.run()
    assert any("Rattachez-le" in e.value or "Link it" in e.value for e in at.error)

    oid = made[0]["id"]
    at.selectbox(key="obj_edit_which").set_value(oid)
    at.run()
    at.number_input(key=f"obj_target_edit_{oid}").set_value(90000.0)
    at.button(key=f"obj_save_edit_{oid}").click()
    at.run()
    assert_clean(at)
    assert read_store(demo_copy, lambda s: objectives.get(s, oid)["target"]) == 90000


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_create_and_edit_a_campaign(demo_copy, app_test, lang):
    at = app_test(demo_copy, lang, "pages/campaigns.py")
    assert_clean(at)
    at.text_input(key="camp_name_new").set_value("Soldes d'hiver")
    platforms = at.multiselect(key="camp_platforms_new")
    assert {"Google Ads", "Meta", "Instagram"} <= set(platforms.options)   # names, not codes
    platforms.set_value(["google_ads", "meta"])
    at.text_input(key="camp_utms_new").set_value("fr_pmax_soldes")
    at.number_input(key="camp_budget_new").set_value(5000.0)
    at.text_area(key="camp_contacts_new").set_value("Claire")
    at.button(key="camp_save_new").click()
    at.run()
    assert_clean(at)
    made = read_store(demo_copy, lambda s: campaigns.by_name(s, "Soldes d'hiver"))
    assert made and made["budget"] == 5000 and made["platform_list"] == ["google_ads", "meta"]

    at.selectbox(key="camp_edit_which").set_value(made["id"])
    at.run()
    at.number_input(key=f"camp_budget_edit_{made['id']}").set_value(6000.0)
    at.button(key=f"camp_save_edit_{made['id']}").click()
    at.run()
    assert_clean(at)
    assert read_store(demo_copy, lambda s: campaigns.get(s, made["id"])["budget"]) == 6000

    meta = read_store(demo_copy, lambda s: campaigns.by_name(s, "Printemps - prospection Meta"))
    at.button(key=f"camp_report_make_{meta['id']}").click()
    at.run()
    assert_clean(at)
    assert len(at.get("download_button")) >= 3


def test_overview_shows_active_objectives(demo_db, app_test):
    at = app_test(demo_db, "en")
    assert_clean(at)
    assert any(s.value == "Active objectives" for s in at.subheader)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_checklist_names_its_sources(demo_db, app_test, lang):
    """The tracking line names what a person knows (Meta, GA4, UTM ...), with icons, never codes."""
    at = app_test(demo_db, lang, "pages/campaigns.py")
    assert_clean(at)
    lines = [m.value for m in at.markdown if ":material/check_circle:" in m.value or ":material/cancel:" in m.value]
    tracked = [line for line in lines if "GA4" in line]
    assert tracked and all("utm:" not in line and "meta," not in line for line in lines)
    assert any("Meta, GA4, UTM meta\\_prospection\\_printemps" in line for line in tracked), tracked


BAD_OBJECTIVES = (b"name,kpi,target,direction,start_day,deadline\n"
                  b"ok,site_sessions,100,at_least,2026-01-31,2026-03-01\n"
                  b"bad,unknown_kpi,100,at_least,2026-01-31,2026-03-01\n"
                  b"late,site_sessions,abc,at_least,2026-03-01,2026-04-01\n")


@pytest.mark.parametrize("lang, words", [
    ("fr", "Rien n'a été importé : ligne 3 : kpi : indicateur inconnu « unknown_kpi » ; connus : "),
    ("en", "Nothing was imported: line 3: kpi: unknown KPI 'unknown_kpi'; known: "),
])
def test_a_refused_objectives_csv_says_why_in_the_page_language(demo_copy, app_test, lang, words):
    at = app_test(demo_copy, lang, "pages/objectives.py")
    at.file_uploader(key="obj_import").set_value([("objectifs.csv", BAD_OBJECTIVES, "text/csv")]).run()
    at.button(key="obj_import_go").click().run()
    (shown,) = [e.value.replace("\\", "") for e in at.error]
    assert shown.startswith(words)
    last = {"fr": "ligne 4 : target : pas un nombre : « abc »", "en": "line 4: target: not a number: 'abc'"}
    assert shown.endswith(last[lang])


@pytest.mark.parametrize("lang, words", [
    ("fr", "Nom : une campagne nommée « Black Friday 2026 » existe déjà"),
    ("en", "name: a campaign named 'Black Friday 2026' already exists"),
])
def test_a_refused_campaign_says_why_in_the_page_language(demo_copy, app_test, lang, words):
    at = app_test(demo_copy, lang, "pages/campaigns.py")
    at.text_input(key="camp_name_new").set_value("Black Friday 2026")
    at.button(key="camp_save_new").click()
    at.run()
    assert [e.value.replace("\\", "") for e in at.error if words in e.value.replace("\\", "")]
