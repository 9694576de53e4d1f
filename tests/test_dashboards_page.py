"""AppTest: "My dashboards" on the demo — create one with three tiles through the form, reopen it
from its URL; starters, edit buttons, home page, viewers; and the empty workspace."""
from __future__ import annotations

import pytest

from lib.dashboards import model as dashboards
from tests.conftest import assert_clean, read_store

PAGE = "pages/dashboards.py"


def _save(db: str, board) -> int:
    return read_store(db, lambda s: dashboards.save(s, board))


def _titles(at) -> list[str]:
    return [m.value.strip("*") for m in at.markdown if m.value.startswith("**Tile ")]


def _add_tile(at, kpi: str, visual: str, title: str, by: str | None = None) -> None:
    at.selectbox(key="dash_kpi_new").set_value(kpi).run()
    at.selectbox(key="dash_visual_new").set_value(visual).run()
    if by:
        at.selectbox(key="dash_by_new").set_value(by)
    at.text_input(key="dash_title_new").set_value(title)
    at.button(key="dash_submit_new").click().run()
    assert_clean(at)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_create_three_tiles_then_reopen_from_url(demo_copy, app_test, lang):
    at = app_test(demo_copy, lang, PAGE)
    assert_clean(at)
    assert at.info, "no dashboard yet: the page says how to start"
    at.text_input(key="dash_new_name").set_value("Mon suivi")
    at.button(key="dash_create").click().run()
    assert_clean(at)
    assert at.success and at.toggle(key="dash_edit_mode").value, "a blank dashboard opens in edit mode"
    ident = int(at.query_params["dashboard"][0] if isinstance(at.query_params["dashboard"], list)
                else at.query_params["dashboard"])

    # The engagement rate is a rate: Balise suggests a line over time.
    at.selectbox(key="dash_kpi_new").set_value("site_engagement_rate").run()
    assert at.selectbox(key="dash_visual_new").value == "line"
    _add_tile(at, "site_sessions", "card", "Tile sessions")
    _add_tile(at, "site_engagement_rate", "line", "Tile engagement")
    _add_tile(at, "paid_cost", "bar", "Tile spend", by="platform")
    saved = read_store(demo_copy, lambda s: dashboards.get(s, ident))
    assert [(t.kpis, t.visual, t.by) for t in saved.tiles] == [
        (["site_sessions"], "card", None), (["site_engagement_rate"], "line", None), (["paid_cost"], "bar", "platform")]

    again = app_test(demo_copy, lang, run=False)
    again.query_params["dashboard"] = str(ident)
    again.run()
    again.switch_page(PAGE)
    again.run()
    assert_clean(again)
    assert again.selectbox(key="dash_pick").value == ident
    assert _titles(again) == ["Tile sessions", "Tile engagement", "Tile spend"]
    assert len(again.metric) == 1 and again.metric[0].value not in ("n/a", "n/d")
    assert len(again.get("vega_lite_chart")) == 2
    assert not [w.value for w in again.warning if w.value.startswith(("Tile", "Tuile"))]
    assert any(c.value.startswith(("Dernière actualisation", "Last refresh")) for c in again.caption)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("goal", dashboards.GOALS)
def test_starters_render_on_the_demo(demo_copy, app_test, goal, lang):
    at = app_test(demo_copy, lang, PAGE)
    at.selectbox(key="dash_new_goal").set_value(goal)
    at.button(key="dash_create").click().run()
    assert_clean(at)
    boards = read_store(demo_copy, dashboards.list_dashboards)
    assert [b.goal for b in boards] == [goal]
    assert not at.toggle(key="dash_edit_mode").value
    assert len(at.metric) >= 4


def test_edit_buttons_move_edit_and_remove(demo_copy, app_test):
    ident = _save(demo_copy, dashboards.starter("newsletter", "en"))
    at = app_test(demo_copy, "en", PAGE)
    at.toggle(key="dash_edit_mode").set_value(True).run()
    assert_clean(at)
    tiles = read_store(demo_copy, lambda s: dashboards.get(s, ident)).tiles
    at.button(key=f"dash_down_{tiles[0].id}").click().run()
    assert [t.id for t in read_store(demo_copy, lambda s: dashboards.get(s, ident)).tiles][:2] == [tiles[1].id, tiles[0].id]
    at.button(key=f"dash_edit_{tiles[2].id}").click().run()
    assert at.selectbox(key=f"dash_kpi_{tiles[2].id}").value == "email_revenue"
    at.text_input(key=f"dash_title_{tiles[2].id}").set_value("Revenue by campaign")
    at.button(key=f"dash_submit_{tiles[2].id}").click().run()
    assert_clean(at)
    at.button(key=f"dash_remove_{tiles[3].id}").click().run()
    assert_clean(at)
    after = read_store(demo_copy, lambda s: dashboards.get(s, ident)).tiles
    assert [t.title for t in after] == ["", "", "Revenue by campaign"]


def test_manage_refresh_home_rename_duplicate_delete(demo_copy, app_test):
    ident = _save(demo_copy, dashboards.starter("leads", "en"))
    at = app_test(demo_copy, "en", PAGE)
    at.selectbox(key=f"dash_refresh_{ident}").set_value(5).run()
    assert_clean(at)
    assert any("every 5 min" in c.value for c in at.caption)
    at.toggle(key=f"dash_home_{ident}").set_value(True).run()
    at.text_input(key=f"dash_rename_{ident}").set_value("Pipeline")
    at.button(key=f"dash_rename_go_{ident}").click().run()
    at.button(key=f"dash_duplicate_{ident}").click().run()
    assert_clean(at)
    names = sorted(b.name for b in read_store(demo_copy, dashboards.list_dashboards))
    assert names == ["Pipeline", "Pipeline (copy)"]
    assert read_store(demo_copy, lambda s: (dashboards.home(s), dashboards.get(s, ident).refresh)) == (ident, 5)

    home = app_test(demo_copy, "en")              # the home dashboard is now the default page
    assert_clean(home)
    assert home.title[0].value == "My dashboards"
    assert home.selectbox(key="dash_pick").value == ident

    assert home.button(key=f"dash_delete_{ident}").disabled, "delete waits for the confirmation"
    home.checkbox(key=f"dash_delete_sure_{ident}").check().run()
    home.button(key=f"dash_delete_{ident}").click().run()
    assert_clean(home)
    assert [b.name for b in read_store(demo_copy, dashboards.list_dashboards)] == ["Pipeline (copy)"]
    assert read_store(demo_copy, dashboards.home) is None


def test_viewer_opens_but_cannot_change(demo_copy, app_test):
    ident = _save(demo_copy, dashboards.starter("ecommerce", "en"))
    at = app_test(demo_copy, "en", run=False)
    at.secrets["access"] = {"shared": True}
    at.query_params["dashboard"] = str(ident)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert_clean(at)
    assert len(at.metric) >= 4
    keys = {w.key for w in [*at.toggle, *at.button, *at.text_input]}
    assert not {"dash_edit_mode", "dash_create", f"dash_delete_{ident}"} & keys
    assert any(c.value.startswith("Read only") for c in at.caption)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_empty_workspace(empty_db, app_test, lang):
    at = app_test(empty_db, lang, PAGE)
    assert_clean(at)
    assert at.info


# -- refusals in the page's language ------------------------------------------------------------------
def _import(at, data: bytes):
    at.file_uploader(key="dash_import").set_value(("board.json", data, "application/json")).run()
    at.button(key="dash_import_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang, data, reason", [
    ("fr", b'{"name": "x", "tiles": [3]}', "Tuile 1 : un objet est attendu."),
    ("en", b'{"name": "x", "tiles": [3]}', "tile 1: an object is needed"),
    ("fr", b'{"name": "x", "tiles": [{"kpis": ["site_sessions"], "visual": "card", "filters": [1]}]}',
     "Tuile 1 : les filtres (filters) doivent être un objet {dimension : [valeurs]}."),
    ("fr", b"{not json", "Ce n'est pas du JSON : Expecting property name enclosed in double quotes: "
                         "line 1 column 2 (char 1)"),
    ("fr", b'{"name": "Import", "refresh": 3, "tiles": [{"kpis": ["nope"], "visual": "card"}]}',
     "Actualisation toutes les 3 min non proposée : choisir désactivée, 1, 5, 15 ou 60.\n\n"
     "Tuile 1 : « nope » n'est pas un indicateur du catalogue (voir le glossaire)."),
    ("en", b'{"name": "Import", "refresh": 3, "tiles": [{"kpis": ["nope"], "visual": "card"}]}',
     "Refreshing every 3 min is not offered: choose off, 1, 5, 15 or 60.\n\n"
     "Tile 1: “nope” is not an indicator of the catalogue (see the glossary)."),
    ("fr", b"\xff\xfe{}", "Le fichier n'est pas un texte UTF-8 : 'utf-8' codec can't decode byte 0xff "
                          "in position 0: invalid start byte"),
])
def test_a_refused_import_says_why_in_the_page_language(demo_copy, app_test, lang, data, reason):
    from lib import ui

    at = app_test(demo_copy, lang, PAGE)
    assert_clean(at)
    shown = _import(at, data)
    expected = "\n\n".join(ui.md_escape(line) for line in reason.split("\n\n"))
    assert shown == [expected]
    assert read_store(demo_copy, dashboards.list_dashboards) == []


def test_a_refused_tile_says_why_in_french(demo_copy, app_test):
    """A progress tile without an objective, submitted from the French tile form."""
    ident = _save(demo_copy, dashboards.Dashboard("Suivi"))
    at = app_test(demo_copy, "fr", PAGE)
    at.toggle(key="dash_edit_mode").set_value(True).run()
    at.selectbox(key="dash_kpi_new").set_value("leads").run()        # the demo has no objective on leads
    at.selectbox(key="dash_visual_new").set_value("progress").run()
    at.button(key="dash_submit_new").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["Tuile 1 : une progression a besoin d'un objectif sur leads."]
    assert read_store(demo_copy, lambda s: dashboards.get(s, ident)).tiles == []


def test_an_unreadable_dashboard_says_why_in_french(demo_copy, app_test):
    from lib.store import Store

    ident = _save(demo_copy, dashboards.Dashboard("Suivi"))
    store = Store(demo_copy)
    with store.transaction() as cur:
        cur.execute("UPDATE dashboards SET definition = ? WHERE id = ?", ['{"tiles": 5}', ident])
    store.close()
    at = app_test(demo_copy, "fr", PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value.startswith(
        "Un tableau de bord enregistré ne peut pas être lu (Un tableau de bord est un objet avec un nom "
        "et une liste de tuiles.)")
