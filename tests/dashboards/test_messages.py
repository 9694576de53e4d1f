"""Dashboard refusals in the page's language: every DashboardError carries lib.i18n Messages (their
text is the English, or validate()'s language, as before; say() words them in French), checked in
the source and through the real functions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lib.dashboards import model as dashboards
from lib.dashboards.model import Dashboard, DashboardError, Tile
from lib.i18n.messages import Message, say, say_error
from lib.i18n.translate import STRINGS
from tests.conftest import ROOT
from tests.dashboards.test_model import CASES, board
from tests.i18n.scan import name as _name

SOURCES = [*sorted((ROOT / "lib" / "dashboards").glob("*.py")), ROOT / "lib" / "ui" / "dashboard_edit.py"]
WORDING = {"worded", "_worded", "problem"}     # Message.worded, model._worded, _tile_errors' problem


def _raises(path: Path) -> list[ast.Call]:
    return [node.exc for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
            and _name(node.exc.func) == "DashboardError"]


def _a_message(arg) -> bool:
    """Message.worded(...) / _worded(...), or *errors (validate's Messages, checked below)."""
    if isinstance(arg, ast.Starred):
        return isinstance(arg.value, ast.Name) and arg.value.id == "errors"
    return isinstance(arg, ast.Call) and _name(arg.func) in WORDING


def test_every_dashboard_error_carries_messages():
    found, wrong = 0, []
    for path in SOURCES:
        for call in _raises(path):
            found += 1
            if not call.args or call.keywords or not all(_a_message(a) for a in call.args):
                wrong.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not wrong, f"DashboardError raised with a plain text: {wrong}"
    assert found >= 12, found         # the scan sees the raises it is about (10 in the model, 2 on the page)


def test_problems_are_built_as_messages_not_plain_strings():
    """No dash_err_ key is worded with t() (a plain str a page cannot word again) in lib/dashboards,
    and every key the Messages use exists in both languages."""
    plain, keys = [], set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = _name(node.func)
            key = node.args[1] if name == "_worded" and len(node.args) > 1 else node.args[0]
            if not isinstance(key, ast.Constant):
                continue                # f"dash_visual_{v}" and the like: worded in the tests below
            if name == "t" and str(key.value).startswith("dash_err_") and path.parent.name == "dashboards":
                plain.append(f"{path.name}:{node.lineno}")
            elif name in WORDING:
                keys.add(key.value)
    assert plain == []
    assert len(keys) >= 25
    assert [k for k in sorted(keys) if not (STRINGS.get(k, {}).get("fr") and STRINGS.get(k, {}).get("en"))] == []


@pytest.mark.parametrize("name, dashboard, expected", CASES, ids=[c[0] for c in CASES])
def test_validate_problems_are_messages_worded_in_either_language(name, dashboard, expected):
    english, french = dashboards.validate(dashboard, "en"), dashboards.validate(dashboard, "fr")
    assert english == expected                                   # the text is unchanged
    assert all(isinstance(m, Message) and m.code.startswith("dash_err_") for m in english + french)
    assert [say(m, "fr") for m in english] == french
    assert [say(m, "en") for m in french] == english
    assert [say(m, "en") for m in english] == expected


def test_a_tile_problem_words_its_visualisations_and_units_in_french():
    problem, = dashboards.validate(board(Tile(["nps"], "funnel"), Tile(["nps"], "line")), "en")[:1]
    assert say(problem, "fr") == (
        "Tuile 1 : nps est un ratio, la visualisation « Tunnel » ne lui convient pas ; choisir parmi : "
        "Chiffre clé (évolution et tendance), Courbe dans le temps, Barres par dimension, Tableau, "
        "Progression vers un objectif.")
    mixed, = dashboards.validate(board(Tile(["site_sessions", "site_revenue"], "line")), "en")
    assert say(mixed, "fr") == "Tuile 1 : une courbe ou des barres comparent une seule unité, pas un volume, un montant."


def test_numbers_stay_bare():
    """A tile number, a refresh value and an objective id are not formatted as quantities."""
    big = board(Tile(["site_revenue"], "progress", objective=123456), refresh=2500)
    english = dashboards.validate(big, "en", objectives={})
    assert english == ["Refreshing every 2500 min is not offered: choose off, 1, 5, 15 or 60.",
                       "Tile 1: objective #123456 does not exist or does not track site_revenue."]
    assert [say(m, "fr") for m in english] == [
        "Actualisation toutes les 2500 min non proposée : choisir désactivée, 1, 5, 15 ou 60.",
        "Tuile 1 : l'objectif n° 123456 n'existe pas ou ne suit pas site_revenue."]


def _refusal(call) -> DashboardError:
    with pytest.raises(DashboardError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("text, english, french", [
    ("{not json", "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
     "Ce n'est pas du JSON : Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ('{"name": "x", "tiles": {}}', "a dashboard is an object with a name and a list of tiles",
     "Un tableau de bord est un objet avec un nom et une liste de tuiles."),
    ('[1, 2]', "a dashboard is an object with a name and a list of tiles",
     "Un tableau de bord est un objet avec un nom et une liste de tuiles."),
    ('{"name": "x", "tiles": [{"kpis": ["leads"]}, 3]}', "tile 2: an object is needed",
     "Tuile 2 : un objet est attendu."),
    ('{"name": "x", "tiles": [{"kpis": ["leads"], "visual": "card", "filters": [1]}]}',
     "tile 1: filters must be an object {dimension: [values]}",
     "Tuile 1 : les filtres (filters) doivent être un objet {dimension : [valeurs]}."),
    ('{"name": "x", "tiles": [{"kpis": ["leads"], "objective": "abc"}]}',
     "tile 1: invalid literal for int() with base 10: 'abc'",
     "Tuile 1 : valeur illisible (invalid literal for int() with base 10: 'abc')."),
    ('{"name": "x", "refresh": "often", "tiles": []}',
     "refresh and id must be whole numbers: invalid literal for int() with base 10: 'often'",
     "L'actualisation (refresh) et l'identifiant (id) doivent être des nombres entiers : "
     "invalid literal for int() with base 10: 'often'"),
])
def test_bad_json_import_in_both_languages(text, english, french):
    exc = _refusal(lambda: dashboards.from_json(text))
    assert str(exc) == english
    assert say_error(exc, "fr") == french
    assert say_error(exc, "en") == english


def test_unknown_goal():
    exc = _refusal(lambda: dashboards.starter("shop", "fr"))
    assert str(exc) == "unknown goal 'shop'; known: ecommerce, leads, awareness, newsletter"
    assert say_error(exc, "fr") == "Modèle « shop » inconnu ; modèles proposés : ecommerce, leads, awareness, newsletter."


def test_missing_dashboard(store):
    exc = _refusal(lambda: dashboards.get(store, 12345))
    assert str(exc) == "no dashboard #12345"                       # an id, not "12,345"
    assert say_error(exc, "fr") == "Aucun tableau de bord n° 12345."


def test_unreadable_stored_definition(store):
    ident = dashboards.save(store, board(name="Draft"))
    with store.transaction() as cur:
        cur.execute("UPDATE dashboards SET definition = ? WHERE id = ?", ['"text"', ident])
    exc = _refusal(lambda: dashboards.list_dashboards(store))
    assert str(exc) == "a dashboard is an object with a name and a list of tiles"
    assert say_error(exc, "fr") == "Un tableau de bord est un objet avec un nom et une liste de tuiles."


def test_save_refuses_an_unknown_kpi_in_a_tile(store):
    exc = _refusal(lambda: dashboards.save(store, board(Tile(["nope"], "card")), lang="en"))
    assert str(exc) == "Tile 1: “nope” is not an indicator of the catalogue (see the glossary)."
    assert say_error(exc, "fr") == "Tuile 1 : « nope » n'est pas un indicateur du catalogue (voir le glossaire)."


def test_several_problems_are_one_message_each(store):
    bad = board(Tile(["site_revenue"], "progress", objective=5), Tile(["site_sessions"], "card", size="huge"),
                refresh=3)
    exc = _refusal(lambda: dashboards.save(store, bad, lang="en"))
    assert str(exc) == "\n".join([
        "Refreshing every 3 min is not offered: choose off, 1, 5, 15 or 60.",
        "Tile 1: objective #5 does not exist or does not track site_revenue.",
        "Tile 2: unknown size “huge”; choose small, medium or large."])
    assert all(isinstance(m, Message) for m in exc.args)
    assert [say(m, "fr") for m in exc.args] == [
        "Actualisation toutes les 3 min non proposée : choisir désactivée, 1, 5, 15 ou 60.",
        "Tuile 1 : l'objectif n° 5 n'existe pas ou ne suit pas site_revenue.",
        "Tuile 2 : taille « huge » inconnue ; choisir small, medium ou large."]
    assert say_error(exc, "fr") == "Actualisation toutes les 3 min non proposée : choisir désactivée, 1, 5, 15 ou 60."


def test_save_without_language_words_in_the_workspace_language_as_before(store):
    exc = _refusal(lambda: dashboards.save(store, Dashboard(name=" ")))
    assert str(exc) == "Le tableau de bord a besoin d'un nom."      # the workspace's language: French
    assert say_error(exc, "en") == "The dashboard needs a name."


def test_import_all_names_the_dashboard(store):
    items = [{"name": "Weekly", "tiles": [{"kpis": ["x"], "visual": "card"}]}]
    exc = _refusal(lambda: dashboards.import_all(store, items, lang="en"))
    assert str(exc) == "Weekly: Tile 1: “x” is not an indicator of the catalogue (see the glossary)."
    assert say_error(exc, "fr") == "Weekly : Tuile 1 : « x » n'est pas un indicateur du catalogue (voir le glossaire)."
    assert dashboards.list_dashboards(store) == []


def test_errors_keep_their_messages_through_pickling():
    import pickle

    exc = _refusal(lambda: dashboards.from_json('{"tiles": [3]}'))
    again = pickle.loads(pickle.dumps(exc))
    assert str(again) == str(exc) and say_error(again, "fr") == "Tuile 1 : un objet est attendu."
