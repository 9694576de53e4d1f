"""User dashboards ("My dashboards"): a named grid of tiles, each one or more catalogue KPIs, a
scope, a visualisation that suits the KPIs' unit, a title and a size; plus a refresh frequency.

Pure definitions (Tile, Dashboard, VISUALS, suggest_visual, validate, JSON, STARTERS per goal)
and the store functions (table `dashboards`, one JSON definition per row; the home dashboard is
the `home_dashboard` setting). Every refusal is a lib.i18n Message (a str with its i18n key and
values): validate() words its problems in the language asked for, the other refusals in English
(what str(exc) gives the logs and the tests); a page words any of them again in its own language
with say() / say_error().
"""
from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from lib import access
from lib.i18n import t
from lib.i18n.messages import Message, say
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.store import Store, settings

VISUALS = ("card", "line", "bar", "table", "progress", "funnel")
# Which visualisations suit a unit: a position or a duration is never "progress toward" a total,
# only counts chain into a funnel.
ALLOWED = {
    "count": ("card", "line", "bar", "table", "progress", "funnel"),
    "money": ("card", "line", "bar", "table", "progress"),
    "rate": ("card", "line", "bar", "table", "progress"),
    "number": ("card", "line", "bar", "table", "progress"),
    "seconds": ("card", "line", "bar", "table"),
    "position": ("card", "line", "table"),
}
SIZES = {"small": 1, "medium": 2, "large": 4}     # column spans in a row of GRID
GRID = 4
REFRESH = (0, 1, 5, 15, 60)                       # minutes; 0 = off
GOALS = ("ecommerce", "leads", "awareness", "newsletter")
MAX_TILES, MAX_KPIS, MAX_TEXT = 30, 8, 120
HOME_SETTING = settings.HOME_DASHBOARD


class DashboardError(ValueError):
    """A dashboard the store refuses: its args are what to fix, one Message each (a page words
    them with say(message, lang)); its text is those messages one per line (logs, tests)."""

    def __str__(self) -> str:
        return "\n".join(map(str, self.args))


def _worded(lang: str, code: str, **values) -> Message:
    """A Message worded in `lang` (in English: Message.worded); say() words it in any language."""
    return Message(say(Message("", code, **values), lang), code, **values)


def _listed(codes: list[str]) -> Message:
    """The names of i18n keys `codes`, joined by commas, in whatever language it is worded."""
    first = Message.worded(codes[0])
    return first if len(codes) == 1 else Message.worded("dash_err_list", first=first, rest=_listed(codes[1:]))


@dataclass
class Tile:
    kpis: list[str]
    visual: str
    title: str = ""
    size: str = "medium"
    filters: dict = field(default_factory=dict)   # {dimension: [values]}
    by: str | None = None                         # breakdown of bar and table tiles
    objective: int | None = None                  # objective id of progress tiles
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])


@dataclass
class Dashboard:
    name: str
    tiles: list[Tile] = field(default_factory=list)
    refresh: int = 0
    goal: str | None = None
    id: int | None = None


# -- suggestions -------------------------------------------------------------------------------
def cumulative(kpi_id: str) -> bool:
    """A total that grows through the window (a sum of counts or money), not a ratio or a stock."""
    k = kpis.get(kpi_id)
    if k.unit not in ("count", "money") or not k.additive:
        return False
    if k.compose:
        return k.compose == "sum"
    return k.sql.startswith("sum(") and "/" not in k.sql


def suggest_visual(kpi_id: str, has_objective: bool = False, by: str | None = None) -> str:
    """A cumulative KPI with an objective: progress; broken down: bar for totals, table for
    ratios; over time: line for rates and averages, a number card for totals."""
    k = kpis.get(kpi_id)
    if has_objective and cumulative(kpi_id):
        return "progress"
    if by:
        return "bar" if cumulative(kpi_id) or k.unit == "rate" else "table"
    return "card" if k.unit in ("count", "money") else "line"


def visuals_for(kpi_ids: list[str]) -> tuple[str, ...]:
    """Visualisations that suit every KPI of a tile, in VISUALS order."""
    units = {kpis.get(k).unit for k in kpi_ids}
    return tuple(v for v in VISUALS if all(v in ALLOWED[u] for u in units))


def tables(kpi_ids: list[str]) -> list[str]:
    """Canonical tables the KPIs read (composites expanded)."""
    return list(dict.fromkeys(kpis.get(k).table for k in kpis.base_ids(list(kpi_ids))))


def scope_dimensions(kpi_ids: list[str]) -> tuple[str, ...]:
    """Dimensions every table of the KPIs can be filtered and broken down by (no time, no currency)."""
    found = tables(kpi_ids)
    if not found:
        return ()
    first = [d for d in queries.dimensions(found[0]) if d not in queries.TIME_DIMENSIONS and d != "currency"]
    return tuple(d for d in first if all(d in queries.dimensions(tb) for tb in found[1:]))


# -- validation --------------------------------------------------------------------------------
def _tile_errors(n: int, tile: Tile, lang: str, objectives: dict | None) -> list[Message]:
    n = str(n)                  # "Tile 12", never a formatted number

    def problem(code: str, **values) -> Message:
        return _worded(lang, code, n=n, **values)

    if not tile.kpis:
        return [problem("dash_err_no_kpi")]
    unknown = [k for k in tile.kpis if k not in kpis.BY_ID]
    if unknown:
        return [problem("dash_err_unknown_kpi", kpi=str(k)) for k in unknown]
    errors = []
    if len(tile.kpis) > MAX_KPIS:
        errors.append(problem("dash_err_too_many_kpis", max=MAX_KPIS))
    if tile.visual not in VISUALS:
        names = _listed([f"dash_visual_{v}" for v in VISUALS])
        return errors + [problem("dash_err_unknown_visual", visual=str(tile.visual), allowed=names)]
    for kid in tile.kpis:
        unit = kpis.get(kid).unit
        if tile.visual not in ALLOWED[unit]:
            names = _listed([f"dash_visual_{v}" for v in ALLOWED[unit]])
            errors.append(problem("dash_err_visual_unit", kpi=kid, unit=Message.worded(f"dash_unit_{unit}"),
                                  visual=Message.worded(f"dash_visual_{tile.visual}"), allowed=names))
    units = sorted({kpis.get(k).unit for k in tile.kpis})
    if tile.visual in ("line", "bar") and len(units) > 1:
        errors.append(problem("dash_err_mixed_units", units=_listed([f"dash_unit_{u}" for u in units])))
    if tile.visual in ("bar", "progress") and len(tile.kpis) > 1:
        errors.append(problem(f"dash_err_one_kpi_{tile.visual}"))
    if tile.visual == "funnel" and len(tile.kpis) < 2:
        errors.append(problem("dash_err_funnel_steps"))
    if tile.visual == "progress":
        if tile.objective is None:
            errors.append(problem("dash_err_no_objective", kpi=tile.kpis[0]))
        elif objectives is not None and objectives.get(tile.objective) != tile.kpis[0]:
            errors.append(problem("dash_err_objective_kpi", objective=str(tile.objective), kpi=tile.kpis[0]))
    allowed = scope_dimensions(tile.kpis)
    if tile.visual == "bar" and not tile.by:
        errors.append(problem("dash_err_bar_by"))
    for dim in ([tile.by] if tile.by else []) + list(tile.filters):
        if dim not in allowed:
            errors.append(problem("dash_err_dimension", dim=str(dim), allowed=", ".join(allowed) or "—"))
    if tile.size not in SIZES:
        errors.append(problem("dash_err_size", size=str(tile.size)))
    if len(tile.title) > MAX_TEXT:
        errors.append(problem("dash_err_title", max=MAX_TEXT))
    return errors


def validate(dashboard: Dashboard, lang: str = "en", allow_empty: bool = False,
             objectives: dict | None = None) -> list[Message]:
    """Every problem of a dashboard as a clear message, tile by tile ([] when it is valid): each a
    Message worded in `lang` that say() words again in any other language.

    `objectives` ({id: kpi id}) also checks that a progress tile's objective tracks its KPI;
    `allow_empty` accepts a dashboard without tiles (a draft being built)."""
    errors = []
    if not dashboard.name.strip():
        errors.append(_worded(lang, "dash_err_name"))
    elif len(dashboard.name) > MAX_TEXT:
        errors.append(_worded(lang, "dash_err_name_long", max=MAX_TEXT))
    if dashboard.refresh not in REFRESH:
        errors.append(_worded(lang, "dash_err_refresh", value=str(dashboard.refresh)))
    if not dashboard.tiles and not allow_empty:
        errors.append(_worded(lang, "dash_err_empty", name=dashboard.name.strip() or "?"))
    if len(dashboard.tiles) > MAX_TILES:
        errors.append(_worded(lang, "dash_err_too_many_tiles", max=MAX_TILES))
    for n, tile in enumerate(dashboard.tiles, 1):
        errors += _tile_errors(n, tile, lang, objectives)
    return errors


def rows(tiles: list[Tile]) -> list[list[int]]:
    """Tile indexes packed in order into rows of GRID columns (a tile that does not fit opens a row)."""
    out, row, used = [], [], 0
    for i, tile in enumerate(tiles):
        span = SIZES.get(tile.size, SIZES["medium"])
        if row and used + span > GRID:
            out.append(row)
            row, used = [], 0
        row.append(i)
        used += span
    return out + ([row] if row else [])


# -- JSON --------------------------------------------------------------------------------------
def to_dict(dashboard: Dashboard) -> dict:
    return {"version": 1, **asdict(dashboard)}


def from_dict(data: dict) -> Dashboard:
    """A dashboard from its dict; DashboardError when the shape is wrong (validate() judges the rest)."""
    if not isinstance(data, dict) or not isinstance(data.get("tiles", []), list):
        raise DashboardError(Message.worded("dash_err_shape"))
    tiles = []
    for n, raw in enumerate(data.get("tiles", []), 1):
        if not isinstance(raw, dict):
            raise DashboardError(Message.worded("dash_err_tile_object", n=str(n)))
        ids = raw.get("kpis", [])
        scope = raw.get("filters") or {}
        if not isinstance(scope, dict):
            raise DashboardError(Message.worded("dash_err_tile_filters", n=str(n)))
        objective = raw.get("objective")
        try:
            tiles.append(Tile(
                kpis=[str(k) for k in ([ids] if isinstance(ids, str) else ids)],
                visual=str(raw.get("visual", "")), title=str(raw.get("title") or ""),
                size=str(raw.get("size") or "medium"),
                filters={str(d): [str(v) for v in (vs if isinstance(vs, list) else [vs])] for d, vs in scope.items()},
                by=str(raw["by"]) if raw.get("by") else None,
                objective=int(objective) if objective not in (None, "") else None,
                id=str(raw.get("id") or uuid.uuid4().hex[:8])))
        except (TypeError, ValueError) as exc:
            raise DashboardError(Message.worded("dash_err_tile_value", n=str(n), reason=str(exc))) from None
    try:
        refresh = int(data.get("refresh") or 0)
        ident = int(data["id"]) if data.get("id") is not None else None
    except (TypeError, ValueError) as exc:
        raise DashboardError(Message.worded("dash_err_whole_numbers", reason=str(exc))) from None
    return Dashboard(name=str(data.get("name") or ""), tiles=tiles, refresh=refresh,
                     goal=data.get("goal") or None, id=ident)


def to_json(dashboard: Dashboard) -> str:
    return json.dumps(to_dict(dashboard), ensure_ascii=False, indent=2)


def _parse(text) -> object:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:     # TypeError: no text at all (None)
        raise DashboardError(Message.worded("dash_err_not_json", reason=str(exc))) from None


def from_json(text: str) -> Dashboard:
    return from_dict(_parse(text))


# -- starters per goal -------------------------------------------------------------------------
def _tile(ids, visual, size="medium", by=None) -> Tile:
    return Tile(kpis=list(ids), visual=visual, size=size, by=by)


STARTERS: dict[str, tuple] = {
    "ecommerce": (
        (("total_revenue", "total_cost", "blended_roas", "site_transactions"), "card", "large"),
        (("site_revenue",), "line"), (("site_conversion_rate",), "line"),
        (("site_sessions", "site_add_to_carts", "site_checkouts", "site_transactions"), "funnel"),
        (("paid_cost",), "bar", "medium", "platform"),
        (("paid_cost", "paid_conversions", "paid_cpa", "paid_roas"), "table", "large", "campaign"),
    ),
    "leads": (
        (("leads", "cost_per_lead", "lead_to_customer_rate", "paid_conversions"), "card", "large"),
        (("leads",), "line"), (("leads",), "bar", "medium", "lead_source"),
        (("site_conversion_rate",), "line"),
        (("paid_cost", "paid_clicks", "paid_conversions", "paid_cpa"), "table", "medium", "campaign"),
    ),
    "awareness": (
        (("paid_impressions", "social_impressions", "social_engagements", "seo_impressions"), "card", "large"),
        (("social_engagement_rate",), "line"), (("social_impressions",), "bar", "medium", "network"),
        (("seo_clicks",), "line"), (("social_negative_mention_share",), "line"),
    ),
    "newsletter": (
        (("email_sent", "email_open_rate", "email_click_rate", "email_unsubscribe_rate"), "card", "large"),
        (("email_open_rate", "email_click_rate"), "line"), (("email_revenue",), "bar", "medium", "campaign"),
        (("email_sent", "email_open_rate", "email_click_rate", "email_revenue"), "table", "large", "campaign"),
    ),
}


def starter(goal: str, lang: str, objectives: dict | None = None) -> Dashboard:
    """The starter dashboard of a goal, named in `lang`, ready to be saved and edited; with
    `objectives` ({id: kpi id}), a progress tile for each cumulative KPI of it that one tracks."""
    if goal not in STARTERS:
        raise DashboardError(Message.worded("dash_err_unknown_goal", goal=str(goal), known=", ".join(GOALS)))
    tiles = [_tile(*spec) for spec in STARTERS[goal]]
    used = list(dict.fromkeys(k for tile in tiles for k in tile.kpis if cumulative(k)))
    tracked = [Tile(kpis=[kid], visual="progress", size="small", objective=oid)
               for oid, kid in sorted((objectives or {}).items()) if kid in used][:2]
    return Dashboard(name=t(f"dash_goal_{goal}", lang), tiles=tiles[:1] + tracked + tiles[1:], refresh=0, goal=goal)


def move(board: Dashboard, index: int, step: int) -> Dashboard:
    """The dashboard with tile `index` moved `step` places (-1: up, 1: down), within bounds."""
    tiles = list(board.tiles)
    target = min(max(index + step, 0), len(tiles) - 1)
    tiles.insert(target, tiles.pop(index))
    return replace(board, tiles=tiles)


# -- store -------------------------------------------------------------------------------------
def _guard() -> None:
    access.check("edit_dashboards")     # viewers open dashboards but do not change them


def _objectives(store: Store) -> dict:
    return dict(store.rows("SELECT id, kpi FROM objectives"))


def store_lang(store: Store) -> str:
    lang = settings.get(store, settings.LANGUAGE)
    return lang if lang in ("fr", "en") else "fr"


def _load(row) -> Dashboard:
    board = from_dict(_parse(row[2]))      # a workspace file may carry any JSON, or none
    return replace(board, id=int(row[0]), name=row[1])


def list_dashboards(store: Store) -> list[Dashboard]:
    """Every dashboard, by name."""
    return [_load(r) for r in store.rows("SELECT id, name, definition FROM dashboards ORDER BY lower(name), id")]


def get(store: Store, dashboard_id: int) -> Dashboard:
    rows = store.rows("SELECT id, name, definition FROM dashboards WHERE id = ?", [int(dashboard_id)])
    if not rows:
        raise DashboardError(Message.worded("dash_err_no_dashboard", id=str(dashboard_id)))
    return _load(rows[0])


def save(store: Store, dashboard: Dashboard, lang: str | None = None) -> int:
    """Insert (no id) or replace a dashboard after validation (a dashboard may have no tile yet)."""
    _guard()
    errors = validate(dashboard, lang or store_lang(store), allow_empty=True, objectives=_objectives(store))
    if errors:
        raise DashboardError(*errors)
    now = datetime.now().replace(microsecond=0)
    # named: the figures' caches, keyed by their tables' versions, stay (no figure reads a board)
    with store.transaction(tables=["dashboards"]) as cur:
        ident = dashboard.id
        if ident is None:
            ident = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM dashboards").fetchone()[0]
        text = json.dumps(to_dict(replace(dashboard, id=ident)), ensure_ascii=False)
        cur.execute("INSERT INTO dashboards VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at",
                    [ident, dashboard.name.strip(), text, now, now])
    return int(ident)


def rename(store: Store, dashboard_id: int, name: str, lang: str | None = None) -> None:
    save(store, replace(get(store, dashboard_id), name=name.strip()), lang)


def duplicate(store: Store, dashboard_id: int, name: str) -> int:
    """A copy with fresh tile ids; returns its id."""
    board = get(store, dashboard_id)
    tiles = [replace(tile, id=uuid.uuid4().hex[:8]) for tile in board.tiles]
    return save(store, replace(board, id=None, name=name, tiles=tiles))


def delete(store: Store, dashboard_id: int) -> None:
    """Remove a dashboard (and the home setting when it pointed at it)."""
    _guard()
    with store.transaction() as cur:
        cur.execute("DELETE FROM dashboards WHERE id = ?", [int(dashboard_id)])
        settings.delete_in(cur, HOME_SETTING, str(int(dashboard_id)))


def home(store: Store) -> int | None:
    """The dashboard shown as the home page, when the setting names one that exists."""
    return settings.home_dashboard(store)


def set_home(store: Store, dashboard_id: int | None) -> None:
    """Make a dashboard the home page (None: back to the overview)."""
    _guard()
    with store.transaction() as cur:
        settings.delete_in(cur, HOME_SETTING)
        if dashboard_id is not None:
            settings.put_in(cur, HOME_SETTING, str(int(dashboard_id)))


def export_all(store: Store) -> list[dict]:
    """Every dashboard as a dict, for the workspace JSON export."""
    return [to_dict(d) for d in list_dashboards(store)]


def import_all(store: Store, items: list[dict], lang: str | None = None) -> list[int]:
    """Save dashboards from a workspace JSON export (same id: replaced); every one is checked
    before the first is saved."""
    boards = [from_dict(item) for item in items]
    lang, known = lang or store_lang(store), _objectives(store)
    errors = [_worded(lang, "dash_err_in_dashboard", name=b.name, reason=e)
              for b in boards for e in validate(b, lang, allow_empty=True, objectives=known)]
    if errors:
        raise DashboardError(*errors)
    return [save(store, board, lang) for board in boards]
