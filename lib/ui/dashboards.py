"""Streamlit side of "My dashboards": the tile renderers (reusing lib.ui and lib.charts), the grid,
the refresh fragment that pulls stale API sources first, and the home-page switch for app.py."""
from __future__ import annotations

import time
from datetime import datetime

import pandas as pd
import streamlit as st

from lib import access, i18n, redact, ui
from lib.charts import base as charts
from lib.dashboards import model as dashboards
from lib.dashboards.model import Dashboard, Tile
from lib.i18n import t
from lib.i18n.messages import say_error
from lib.ingest import connections, freshness
from lib.ingest import pull as pulling
from lib.kpis import catalogue as kpis
from lib.objectives import tracker as objectives
from lib.ui import objectives as ui_objectives
from lib.ui import sources as ui_sources
from lib.ui.state import Filters

TOP_ROWS = 50          # rows a table tile shows (largest first)
TOP_BARS = 15          # bars a bar tile shows
CARDS_PER_ROW = {"small": 1, "medium": 2, "large": 5}
PROGRESS_COLORS = ui_objectives.STATUS_COLORS
CHANNEL_KEYS = {"overview": "page_overview", "customers": "page_customers", "leads": "dash_ch_leads"}


# -- frame helpers -------------------------------------------------------------------------------
_home = ui.cached(dashboards.home, max_entries=8, reads=("settings", "dashboards"))


def home_is_set() -> bool:
    """Whether a home dashboard is set (app.py then makes the dashboards page the default).

    Cached by the versions of the settings and dashboards: the frame asks on every rerun of every
    page, and a load changes neither.
    """
    return _home() is not None


def boards(lang: str) -> list[Dashboard] | None:
    """Every dashboard; None after saying so when a stored definition cannot be read (a workspace
    file may carry any JSON), with, for an editor, the way back to the overview as home page."""
    try:
        return dashboards.list_dashboards(ui.store())
    except (ValueError, TypeError) as exc:   # DashboardError, or JSON that does not parse
        st.error(t("dash_unreadable", lang, error=ui.md_escape(say_error(exc, lang))), icon=":material/error:")
        if can_edit() and _home() is not None:
            st.button(t("dash_home_reset", lang), key="dash_home_reset",
                      on_click=lambda: dashboards.set_home(ui.store(), None))
        return None


def can_edit() -> bool:
    """Viewers open dashboards but do not change them."""
    return access.allowed("edit_dashboards")


def dim_label(dim: str, lang: str) -> str:
    key = f"dim_{dim}"
    return t(key, lang) if key in i18n.STRINGS else dim.replace("_", " ").capitalize()


def kpi_option(kid: str, lang: str) -> str:
    """A KPI as the selectboxes show it: label and channel."""
    k = kpis.get(kid)
    key = CHANNEL_KEYS.get(k.channel, f"ch_{k.channel}")
    return f"{k.label[lang]} · {t(key, lang) if key in i18n.STRINGS else k.channel}"


def tile_title(tile: Tile, lang: str) -> str:
    if tile.title.strip():
        return tile.title.strip()
    title = " · ".join(kpis.get(k).label[lang] for k in tile.kpis[:3]) + (" …" if len(tile.kpis) > 3 else "")
    if tile.visual in ("funnel", "card") and len(tile.kpis) > 1:
        title = t("dash_visual_funnel" if tile.visual == "funnel" else "dash_key_figures", lang)
    if tile.by:
        title += f" · {dim_label(tile.by, lang)}"
    if tile.filters:
        title += " · " + ", ".join(f"{dim_label(d, lang)} = {'/'.join(v)}" for d, v in tile.filters.items())
    return title


# -- tile renderers ------------------------------------------------------------------------------
def _card(tile: Tile, f: Filters) -> None:
    ui.cards(tile.kpis, f, filters=tile.filters, per_row=min(len(tile.kpis), CARDS_PER_ROW[tile.size]))


def _line(tile: Tile, f: Filters) -> None:
    if len(tile.kpis) == 1:
        ui.trend(tile.kpis[0], f, filters=tile.filters)
        return
    grain = "day" if f.days <= 92 else ("week" if f.days <= 731 else "month")
    frame, _ = ui.kpi(tile.kpis, f, by=[grain], filters=tile.filters, compare=False)
    if frame.empty:
        st.caption(t("na", f.lang))
        return
    long = frame.melt(id_vars=[grain], value_vars=tile.kpis, var_name="kpi", value_name="value")
    long["kpi"] = long["kpi"].map(lambda k: kpis.get(k).label[f.lang])
    k = kpis.get(tile.kpis[0])
    names = {grain: t(f"dim_{grain}", f.lang), "kpi": t("dash_kpi", f.lang), "value": t("value", f.lang)}
    ui.chart(charts.trend(long, grain, "value", t("value", f.lang), k.unit, color="kpi", labels=names,
                          annotations=ui.chart_annotations()), f.lang, key=f"dash_line_{tile.id}")


def _bar(tile: Tile, f: Filters) -> None:
    kid = tile.kpis[0]
    frame, _ = ui.kpi([kid], f, by=[tile.by], filters=tile.filters, compare=False)
    frame = frame.dropna(subset=[kid]).nlargest(TOP_BARS, kid)
    if frame.empty:
        st.caption(t("na", f.lang))
        return
    frame = ui.platform_names(frame.assign(**{tile.by: frame[tile.by].astype(str)}), f.lang)
    k = kpis.get(kid)
    ui.chart(charts.bars(frame, tile.by, kid, k.label[f.lang], k.unit,
                         labels={tile.by: dim_label(tile.by, f.lang)}),
             f.lang, key=f"dash_bar_{tile.id}")


def _table(tile: Tile, f: Filters) -> None:
    frame, notes = ui.kpi(tile.kpis, f, by=[tile.by] if tile.by else [], filters=tile.filters)
    if frame.empty:
        st.caption(t("na", f.lang))
        return
    frame = frame.sort_values(tile.kpis[0], ascending=False, na_position="last").head(TOP_ROWS)
    ui.table(frame, tile.kpis, f, key=f"dash_{tile.id}", rank=tile.kpis[0], after=tile.by,
             dim_labels={tile.by: dim_label(tile.by, f.lang)} if tile.by else None)
    ui.notes(notes, f)


def progress_fraction(summary: dict) -> float:
    """How far along the objective is, 0..1 (for "below" targets: target over value)."""
    value, target = summary.get("value"), summary.get("target")
    if value is None or not target or pd.isna(value):
        return 0.0
    share = target / value if summary.get("direction") == "below" else value / target
    return float(min(1.0, max(0.0, share))) if value else 0.0


def _progress(tile: Tile, f: Filters) -> None:
    try:
        summary, _ = ui_objectives.progress(tile.objective)
    except objectives.ObjectiveError:   # a deleted objective empties the tile, not the page
        st.caption(t("dash_objective_missing", f.lang, id=ui.md_escape(tile.objective)))
        return
    st.caption(ui.md_escape(summary.get("name") or ""))
    st.badge(t(f"obj_status_{summary['status']}", f.lang), color=PROGRESS_COLORS.get(summary["status"], "gray"))
    def whole(key: str) -> str:
        return i18n.fmt_value(summary.get(key), summary["unit"], f.lang, summary.get("currency"), whole=True)

    st.progress(progress_fraction(summary), text=t(
        "dash_progress_text", f.lang, value=whole("value"), target=whole("target"),
        pct=i18n.fmt_percent(summary.get("pct_of_target"), f.lang, 0)))
    st.caption(t("dash_progress_deadline", f.lang, deadline=i18n.fmt_date(summary["deadline"], f.lang)))


def _funnel(tile: Tile, f: Filters) -> None:
    totals, _ = ui.kpi(tile.kpis, f, filters=tile.filters, compare=False)
    if totals.empty or totals[tile.kpis].isna().all(axis=None):
        st.caption(t("na", f.lang))
        return
    counts = [float(totals.iloc[0][k]) if pd.notna(totals.iloc[0][k]) else 0.0 for k in tile.kpis]
    frame = pd.DataFrame({"step": [kpis.get(k).label[f.lang] for k in tile.kpis], "count": counts})
    ui.chart(charts.funnel(frame, "step", "count", t("funnel_count", f.lang), lang=f.lang),
             f.lang, key=f"dash_funnel_{tile.id}")
    rates = [b / a if a else None for a, b in zip(counts, counts[1:])]
    st.caption(t("dash_funnel_rates", f.lang, rates=" → ".join(i18n.fmt_percent(r, f.lang) for r in rates)))


RENDERERS = {"card": _card, "line": _line, "bar": _bar, "table": _table, "progress": _progress,
             "funnel": _funnel}


def tile(item: Tile, f: Filters) -> None:
    """One tile: its title and its visualisation (a broken tile says why, the others still show)."""
    st.markdown(f"**{ui.md_escape(tile_title(item, f.lang))}**")
    errors = dashboards.validate(Dashboard("tile", [item]), f.lang)
    if errors:
        st.warning("\n\n".join(ui.md_escape(e) for e in errors))
        return
    RENDERERS[item.visual](item, f)


def grid(board: Dashboard, f: Filters, controls=None) -> None:
    """Tiles in rows of GRID columns; `controls(index, tile)` draws edit buttons under each tile."""
    for row in dashboards.rows(board.tiles):
        spans = [dashboards.SIZES[board.tiles[i].size] for i in row]
        rest = dashboards.GRID - sum(spans)
        columns = st.columns(spans + ([rest] if rest else []))
        for column, i in zip(columns, row):
            with column, st.container(border=True):
                tile(board.tiles[i], f)
                if controls:
                    controls(i, board.tiles[i])


# -- refresh -------------------------------------------------------------------------------------
def stale_sources(configs: dict, minutes: int, now: datetime | None = None) -> list[str]:
    """Connected API sources whose last pull (lib.freshness) is older than `minutes`, or never."""
    now = now or datetime.now()
    pulled = freshness.last_loads(ui.store())
    return [s for s in connections.configured_sources(configs)
            if not (last := pulled.get(s, (None, None))[1]) or (now - last).total_seconds() >= minutes * 60]


def pull_stale(minutes: int, lang: str) -> None:
    """Pull each connected source older than the refresh frequency, before the tiles query.

    Only for an editor: a pull writes to the workspace and spends the stored API key, and a
    viewer's open dashboard must not make the server call an API on their behalf."""
    if not access.allowed("upload"):
        return
    configs = ui_sources.configs()
    tried = st.session_state.setdefault("dash_pull_tried", {})
    for source in stale_sources(configs, minutes):
        if time.time() - tried.get(source, 0) < minutes * 60:
            continue                # a failing source is retried at the next interval, not every run
        tried[source] = time.time()
        secrets = redact.secrets_of(configs[source])
        with st.spinner(t("dash_pulling", lang, source=freshness.label(source))):
            try:
                summary = pulling.pull(ui.store(), source, configs[source])
            except Exception as exc:   # noqa: BLE001 - shown redacted; the tiles still render
                summary = {"status": "failed", "error": ui_sources.failure_text(exc, lang, secrets)}
        if summary.get("status") != "ok":
            st.warning(t("dash_pull_failed", lang, source=freshness.label(source),
                         error=ui.md_escape(ui_sources.failure_text(summary.get("error"), lang, secrets))))


def live(board: Dashboard, f: Filters) -> None:
    """The grid in a fragment that re-runs every `board.refresh` minutes (not at all when off)."""
    minutes = board.refresh

    def body() -> None:
        if minutes:
            pull_stale(minutes, f.lang)
        every = t("dash_refresh_every", f.lang, n=minutes) if minutes else t("dash_refresh_off", f.lang)
        st.caption(t("dash_last_refresh", f.lang, time=datetime.now().strftime("%H:%M:%S"), every=every))
        grid(board, f)

    st.fragment(body, run_every=f"{minutes}m" if minutes else None)()
