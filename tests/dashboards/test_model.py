"""Dashboards: validation messages (table-driven), suggestions, JSON round trip, starters, store CRUD."""
from __future__ import annotations

from dataclasses import replace

import pytest

from lib import access
from lib.dashboards import model as dashboards
from lib.dashboards.model import Dashboard, DashboardError, Tile
from lib.kpis import catalogue as kpis


def board(*tiles: Tile, **kw) -> Dashboard:
    return Dashboard(name=kw.pop("name", "Weekly"), tiles=list(tiles), **kw)


CASES = [
    ("valid", board(Tile(["site_sessions"], "card")), []),
    ("empty dashboard", board(), ["The dashboard “Weekly” has no tile: add at least one indicator."]),
    ("no name", board(Tile(["site_sessions"], "card"), name="  "), ["The dashboard needs a name."]),
    ("unknown KPI", board(Tile(["site_sesions"], "card")),
     ["Tile 1: “site_sesions” is not an indicator of the catalogue (see the glossary)."]),
    ("no KPI", board(Tile([], "card")), ["Tile 1: choose at least one indicator."]),
    ("unknown visual", board(Tile(["site_sessions"], "pie"))
     , ["Tile 1: “pie” is not a visualisation; choose one of: Number card (change and sparkline), "
        "Line over time, Bars by a dimension, Table, Progress toward an objective, Funnel."]),
    ("funnel of a rate", board(Tile(["site_sessions", "site_bounce_rate"], "funnel")),
     ["Tile 1: site_bounce_rate is a rate, which does not suit “Funnel”; choose one of: Number card "
      "(change and sparkline), Line over time, Bars by a dimension, Table, Progress toward an objective."]),
    ("progress of a position", board(Tile(["seo_position"], "progress", objective=1)),
     ["Tile 1: seo_position is a position, which does not suit “Progress toward an objective”; choose one "
      "of: Number card (change and sparkline), Line over time, Table."]),
    ("bars of a duration need a dimension", board(Tile(["site_avg_session_duration"], "bar")),
     ["Tile 1: bars need a dimension to break down by."]),
    ("line mixing units", board(Tile(["site_sessions", "site_revenue"], "line")),
     ["Tile 1: a line or bars compare one unit only, not a count, an amount of money."]),
    ("bars of two KPIs", board(Tile(["paid_cost", "paid_conversion_value"], "bar", by="platform")),
     ["Tile 1: bars show one indicator; keep one, or use a table."]),
    ("funnel of one step", board(Tile(["site_sessions"], "funnel")),
     ["Tile 1: a funnel needs at least two steps (counts, in order)."]),
    ("progress without objective", board(Tile(["site_revenue"], "progress")),
     ["Tile 1: a progress tile needs an objective on site_revenue."]),
    ("dimension of another table", board(Tile(["site_sessions"], "bar", by="platform")),
     ["Tile 1: “platform” is not a dimension of these indicators; choose one of: account, source_name, medium, "
      "campaign, channel_group, device, country, landing_page, page_path, event_name."]),
    ("filter shared by neither table", board(Tile(["blended_roas"], "card", filters={"platform": ["meta"]}))
     , ["Tile 1: “platform” is not a dimension of these indicators; choose one of: account, campaign, device."]),
    ("unknown size", board(Tile(["site_sessions"], "card", size="huge")),
     ["Tile 1: unknown size “huge”; choose small, medium or large."]),
    ("refresh not offered", board(Tile(["site_sessions"], "card"), refresh=3),
     ["Refreshing every 3 min is not offered: choose off, 1, 5, 15 or 60."]),
    ("second tile numbered", board(Tile(["site_sessions"], "card"), Tile(["nps"], "funnel")),
     ["Tile 2: nps is a ratio, which does not suit “Funnel”; choose one of: Number card (change and "
      "sparkline), Line over time, Bars by a dimension, Table, Progress toward an objective.",
      "Tile 2: a funnel needs at least two steps (counts, in order)."]),
]


@pytest.mark.parametrize("name, dashboard, expected", CASES, ids=[c[0] for c in CASES])
def test_validation_messages(name, dashboard, expected):
    assert dashboards.validate(dashboard, "en") == expected


def test_messages_in_french_and_draft_allowed():
    assert dashboards.validate(board(), "fr") == [
        "Le tableau de bord « Weekly » n'a aucune tuile : ajoutez au moins un indicateur."]
    assert dashboards.validate(board(), "en", allow_empty=True) == []


def test_progress_objective_must_track_the_kpi():
    tile = Tile(["site_revenue"], "progress", objective=7)
    assert dashboards.validate(board(tile), "en", objectives={7: "site_revenue"}) == []
    assert dashboards.validate(board(tile), "en", objectives={7: "paid_cost"}) == [
        "Tile 1: objective #7 does not exist or does not track site_revenue."]


@pytest.mark.parametrize("kpi, has_objective, by, expected", [
    ("site_engagement_rate", False, None, "line"),      # a rate over time
    ("site_avg_session_duration", False, None, "line"),
    ("site_sessions", False, None, "card"),
    ("site_revenue", True, None, "progress"),           # a cumulative KPI tied to an objective
    ("total_revenue", True, None, "progress"),
    ("paid_cpa", True, None, "card"),                   # a ratio is not cumulative
    ("paid_cost", False, "platform", "bar"),            # a share by dimension
    ("paid_roas", False, "campaign", "table"),
])
def test_suggest_visual(kpi, has_objective, by, expected):
    assert dashboards.suggest_visual(kpi, has_objective, by) == expected
    assert expected in dashboards.ALLOWED[kpis.get(kpi).unit]


def test_every_unit_has_visuals_and_card():
    units = {k.unit for k in kpis.CATALOGUE}
    assert units <= set(dashboards.ALLOWED)
    assert all(v[0] == "card" for v in dashboards.ALLOWED.values())


def test_json_round_trip():
    original = board(Tile(["site_sessions", "site_users"], "line", title="Trafic", size="large",
                          filters={"device": ["mobile", "desktop"]}),
                     Tile(["paid_cost"], "bar", by="platform", size="small"),
                     Tile(["site_revenue"], "progress", objective=900000),
                     refresh=15, goal="ecommerce", id=4)
    again = dashboards.from_json(dashboards.to_json(original))
    assert again == original
    assert dashboards.to_json(again) == dashboards.to_json(original)


@pytest.mark.parametrize("text, message", [
    ("{not json", "not JSON"),
    ('{"name": "x", "tiles": {}}', "a list of tiles"),
    ('{"name": "x", "tiles": [3]}', "tile 1: an object is needed"),
    ('{"name": "x", "tiles": [{"kpis": ["leads"], "visual": "card", "filters": [1]}]}', "filters must be"),
    ('{"name": "x", "refresh": "often", "tiles": []}', "whole numbers"),
])
def test_from_json_refuses_bad_shapes(text, message):
    with pytest.raises(DashboardError, match=message):
        dashboards.from_json(text)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("goal", dashboards.GOALS)
def test_starters_are_valid(goal, lang):
    starter = dashboards.starter(goal, lang)
    assert dashboards.validate(starter, lang) == []
    assert starter.goal == goal and starter.name
    assert all(k in kpis.BY_ID for tile in starter.tiles for k in tile.kpis)
    assert {t.visual for t in starter.tiles} >= {"card", "line"}


def test_starter_adds_progress_for_tracked_cumulative_kpis():
    starter = dashboards.starter("ecommerce", "en", {1: "total_revenue", 2: "paid_cpa", 3: "site_sessions"})
    progress = [t for t in starter.tiles if t.visual == "progress"]
    assert [(t.kpis, t.objective) for t in progress] == [(["total_revenue"], 1), (["site_sessions"], 3)]
    assert dashboards.validate(starter, "en", objectives={1: "total_revenue", 3: "site_sessions"}) == []


@pytest.mark.parametrize("sizes, expected", [
    (["large", "medium", "medium", "small"], [[0], [1, 2], [3]]),
    (["small", "small", "medium", "small"], [[0, 1, 2], [3]]),
    (["medium", "large", "small"], [[0], [1], [2]]),
    ([], []),
])
def test_rows(sizes, expected):
    assert dashboards.rows([Tile(["leads"], "card", size=s) for s in sizes]) == expected


def test_move_stays_in_bounds():
    b = board(*(Tile(["leads"], "card", title=n) for n in "abc"))
    assert [t.title for t in dashboards.move(b, 2, -1).tiles] == ["a", "c", "b"]
    assert [t.title for t in dashboards.move(b, 0, -1).tiles] == ["a", "b", "c"]
    assert [t.title for t in dashboards.move(b, 0, 1).tiles] == ["b", "a", "c"]


# -- store ---------------------------------------------------------------------------------------
def test_store_crud(store):
    assert store.schema_version() >= 2
    first = dashboards.save(store, dashboards.starter("newsletter", "en"))
    blank = dashboards.save(store, board(name="Blank"))          # a draft may have no tile
    assert [d.name for d in dashboards.list_dashboards(store)] == ["Blank", "Newsletter"]
    got = dashboards.get(store, first)
    assert got.id == first and got.goal == "newsletter" and len(got.tiles) == 4

    dashboards.rename(store, first, "  Emails  ")
    assert dashboards.get(store, first).name == "Emails"
    copy = dashboards.duplicate(store, first, "Emails (copy)")
    copied = dashboards.get(store, copy)
    assert [t.kpis for t in copied.tiles] == [t.kpis for t in got.tiles]
    assert not {t.id for t in copied.tiles} & {t.id for t in got.tiles}

    dashboards.save(store, replace(copied, refresh=5, tiles=copied.tiles[:1]))
    assert dashboards.get(store, copy).refresh == 5 and len(dashboards.get(store, copy).tiles) == 1

    assert dashboards.home(store) is None
    dashboards.set_home(store, copy)
    assert dashboards.home(store) == copy
    dashboards.delete(store, copy)
    assert dashboards.home(store) is None                        # deleting the home dashboard clears it
    assert {d.id for d in dashboards.list_dashboards(store)} == {first, blank}
    with pytest.raises(DashboardError, match="no dashboard #"):
        dashboards.get(store, copy)


def test_save_refuses_invalid_and_changes_nothing(store):
    with pytest.raises(DashboardError, match="is not an indicator"):
        dashboards.save(store, board(Tile(["nope"], "card")), lang="en")
    with pytest.raises(DashboardError, match="objective #5 does not exist"):
        dashboards.save(store, board(Tile(["site_revenue"], "progress", objective=5)), lang="en")
    assert dashboards.list_dashboards(store) == []


def test_viewers_cannot_change_dashboards(store):
    ident = dashboards.save(store, dashboards.starter("leads", "en"))
    with access.as_role(access.VIEWER):
        assert dashboards.get(store, ident).name == "Lead generation"     # reading is fine
        for write in (lambda: dashboards.save(store, board(name="x")), lambda: dashboards.delete(store, ident),
                      lambda: dashboards.rename(store, ident, "y"), lambda: dashboards.set_home(store, ident)):
            with pytest.raises(access.PermissionDenied):
                write()
    assert [d.name for d in dashboards.list_dashboards(store)] == ["Lead generation"]


def test_export_import_round_trip(store, tmp_path):
    from lib.store import Store

    ident = dashboards.save(store, dashboards.starter("ecommerce", "fr"))
    exported = dashboards.export_all(store)
    other = Store(str(tmp_path / "other.duckdb"))
    try:
        assert dashboards.import_all(other, exported) == [ident]
        assert dashboards.get(other, ident) == dashboards.get(store, ident)
        with pytest.raises(DashboardError, match="is not an indicator"):
            dashboards.import_all(other, [{**exported[0], "id": 99, "tiles": [{"kpis": ["x"], "visual": "card"}]}],
                                   lang="en")
        assert [d.id for d in dashboards.list_dashboards(other)] == [ident]
    finally:
        other.close()
