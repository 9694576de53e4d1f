"""Editing "My dashboards" with Streamlit widgets: pick one (kept in ?dashboard=<id>), create
(blank, from a starter or a JSON file), rename, duplicate, delete, home page, refresh frequency,
and the tile form and buttons of edit mode. Writes run in widget callbacks, then the page redraws."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from lib import ui
from lib.dashboards import model as dashboards
from lib.dashboards.model import Dashboard, DashboardError, Tile
from lib.i18n import t
from lib.i18n.messages import Message, say
from lib.kpis import catalogue as kpis
from lib.objectives import tracker as objectives
from lib.ui.dashboards import dim_label, kpi_option

CATALOGUE = [k.id for k in kpis.CATALOGUE]
FIELDS = ("kpi", "more", "visual", "objective", "by", "dim", "values", "title", "size")


def _key(name: str, k: str) -> str:
    return f"dash_{name}_{k}"


def reasons(exc: Exception, lang: str) -> list[str]:
    """Why EXC refused, one reason a line, in `lang`: the Messages it carries worded, else its text."""
    if any(isinstance(m, Message) for m in exc.args):
        return [say(m, lang) for m in exc.args]
    return str(exc).split("\n")


def _fail(k: str, exc: Exception, lang: str) -> None:
    st.session_state[f"dash_errors_{k}"] = reasons(exc, lang)


def _done(message: str) -> None:
    st.session_state["dash_flash"] = message


def flash(k: str = "page") -> None:
    """The outcome of the last action: a success, or the reasons it was refused."""
    message = st.session_state.pop("dash_flash", None)
    if message:
        st.success(message)
    errors = st.session_state.pop(f"dash_errors_{k}", None)
    if errors:
        st.error("\n\n".join(ui.md_escape(e) for e in errors))


# -- choosing, creating, managing ------------------------------------------------------------------
def _url_id() -> int | None:
    value = st.query_params.get("dashboard", "")
    # ASCII digits only ("²".isdigit() is True), and no more than a database id can hold.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _to_url() -> None:
    st.query_params["dashboard"] = str(st.session_state["dash_pick"])


def choose(boards: list[Dashboard], lang: str) -> Dashboard:
    """The open dashboard: ?dashboard=<id>, else the one open before, else home, else the first."""
    by_id = {b.id: b for b in boards}
    wanted, before = _url_id(), st.session_state.get("dash_pick")
    if wanted is None and st.query_params.get("dashboard", "") not in ("", *map(str, by_id)):
        st.warning(t("dash_not_found", lang, id=ui.md_escape(st.query_params.get("dashboard"))))
    if wanted is not None and wanted not in by_id:
        st.warning(t("dash_not_found", lang, id=wanted))
    if wanted not in by_id:
        home = dashboards.home(ui.store())
        wanted = before if before in by_id else (home if home in by_id else boards[0].id)
    st.session_state["dash_pick"] = wanted
    picked = st.selectbox(t("dash_open", lang), list(by_id), key="dash_pick", on_change=_to_url,
                          format_func=lambda i: by_id[i].name)
    if st.query_params.get("dashboard") != str(picked):
        st.query_params["dashboard"] = str(picked)
    return by_id[picked]


def _create(lang: str) -> None:
    name, goal = (st.session_state.get("dash_new_name") or "").strip(), st.session_state.get("dash_new_goal")
    known = dict(ui.store().rows("SELECT id, kpi FROM objectives WHERE NOT archived"))
    board = dashboards.starter(goal, lang, known) if goal else Dashboard(name=name)
    try:
        new_id = dashboards.save(ui.store(), replace(board, name=name or board.name), lang)
    except DashboardError as exc:
        return _fail("page", exc, lang)
    st.session_state["dash_new_name"] = ""
    st.query_params["dashboard"] = str(new_id)
    st.session_state["dash_edit_mode"] = not board.tiles
    _done(t("dash_created", lang, name=name or board.name))


def _import(lang: str) -> None:
    upload = st.session_state.get("dash_import")
    try:
        try:
            text = upload.getvalue().decode("utf-8") if upload else ""
        except UnicodeDecodeError as exc:
            raise DashboardError(Message.worded("dash_err_not_utf8", reason=str(exc))) from None
        board = dashboards.from_json(text)
        errors = dashboards.validate(board, lang)
        if errors:
            raise DashboardError(*errors)
        new_id = dashboards.save(ui.store(), replace(board, id=None), lang)
    except DashboardError as exc:
        return _fail("page", exc, lang)
    st.query_params["dashboard"] = str(new_id)
    _done(t("dash_created", lang, name=board.name))


def create_form(lang: str) -> None:
    """New dashboard: a name and a starter (or blank); or a dashboard JSON file."""
    with st.form("dash_new_form", border=False, enter_to_submit=False):
        left, right = st.columns(2)
        left.text_input(t("dash_name", lang), key="dash_new_name", max_chars=dashboards.MAX_TEXT,
                        placeholder=t("dash_name_placeholder", lang))
        right.selectbox(t("dash_starter", lang), [None, *dashboards.GOALS], key="dash_new_goal",
                        format_func=lambda g: t(f"dash_goal_{g}", lang) if g else t("dash_blank", lang))
        st.form_submit_button(t("dash_create", lang), key="dash_create", type="primary", on_click=_create,
                              args=(lang,))
    ui.file_uploader(t("dash_import", lang), ["json"], "dash_import", lang)
    if st.session_state.get("dash_import") is not None:
        st.button(t("dash_import_go", lang), key="dash_import_go", on_click=_import, args=(lang,))


def _rename(board_id: int, lang: str) -> None:
    try:
        dashboards.rename(ui.store(), board_id, st.session_state.get(f"dash_rename_{board_id}") or "", lang)
    except DashboardError as exc:
        return _fail("page", exc, lang)
    _done(t("dash_renamed", lang))


def _duplicate(board: Dashboard, lang: str) -> None:
    new_id = dashboards.duplicate(ui.store(), board.id, t("dash_copy_of", lang, name=board.name)[:dashboards.MAX_TEXT])
    st.query_params["dashboard"] = str(new_id)
    _done(t("dash_duplicated", lang, name=board.name))


def _delete(board: Dashboard, lang: str) -> None:
    dashboards.delete(ui.store(), board.id)
    st.session_state.pop("dash_pick", None)
    if "dashboard" in st.query_params:
        del st.query_params["dashboard"]
    _done(t("dash_deleted", lang, name=board.name))


def _set_home(board_id: int) -> None:
    on = st.session_state.get(f"dash_home_{board_id}")
    dashboards.set_home(ui.store(), board_id if on else None)


def _set_refresh(board_id: int, lang: str) -> None:
    board = dashboards.get(ui.store(), board_id)
    dashboards.save(ui.store(), replace(board, refresh=int(st.session_state[f"dash_refresh_{board_id}"])), lang)


def refresh_label(minutes: int, lang: str) -> str:
    return t("dash_refresh_every", lang, n=minutes) if minutes else t("dash_refresh_off", lang)


def manage(board: Dashboard, lang: str) -> None:
    """Edit mode, home page, refresh frequency, and rename / duplicate / delete / download."""
    cols = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    cols[0].toggle(t("dash_edit_mode", lang), key="dash_edit_mode")
    cols[1].toggle(t("dash_home", lang), value=dashboards.home(ui.store()) == board.id,
                   key=f"dash_home_{board.id}", on_change=_set_home, args=(board.id,))
    cols[2].selectbox(t("dash_refresh", lang), dashboards.REFRESH, index=dashboards.REFRESH.index(board.refresh),
                      key=f"dash_refresh_{board.id}", format_func=lambda n: refresh_label(n, lang),
                      on_change=_set_refresh, args=(board.id, lang))
    with cols[3].popover(t("dash_manage", lang), icon=":material/more_horiz:"):
        st.text_input(t("dash_name", lang), value=board.name, key=f"dash_rename_{board.id}",
                      max_chars=dashboards.MAX_TEXT)
        st.button(t("dash_rename", lang), key=f"dash_rename_go_{board.id}", on_click=_rename, args=(board.id, lang))
        st.button(t("dash_duplicate", lang), key=f"dash_duplicate_{board.id}", on_click=_duplicate,
                  args=(board, lang))
        st.download_button(t("dash_download", lang), dashboards.to_json(board), f"dashboard_{board.id}.json",
                           "application/json", key=f"dash_download_{board.id}", on_click="ignore")
        st.divider()
        sure = st.checkbox(t("dash_delete_confirm", lang, name=board.name), key=f"dash_delete_sure_{board.id}")
        st.button(t("dash_delete", lang), key=f"dash_delete_{board.id}", disabled=not sure, type="primary",
                  on_click=_delete, args=(board, lang))


# -- tiles ---------------------------------------------------------------------------------------
def _objectives_for(kpi_id: str) -> dict:
    return {o["id"]: o["name"] for o in objectives.list_objectives(ui.store()) if o["kpi"] == kpi_id}


def _suggest(k: str) -> None:
    """KPI changed: preselect the visualisation Balise suggests for it."""
    kid = st.session_state[_key("kpi", k)]
    st.session_state[_key("visual", k)] = dashboards.suggest_visual(kid, bool(_objectives_for(kid)))


def _seed(k: str, item: Tile | None) -> None:
    """Put a tile's values in the form's widgets once, when its editing starts."""
    if item is None or _key("kpi", k) in st.session_state:
        return
    dim = next(iter(item.filters), None)
    values = {"kpi": item.kpis[0], "more": item.kpis[1:], "visual": item.visual, "objective": item.objective,
              "by": item.by, "dim": dim, "values": ", ".join(item.filters.get(dim, [])), "title": item.title,
              "size": item.size}
    for name, value in values.items():
        st.session_state[_key(name, k)] = value


def _clear(k: str) -> None:
    for name in FIELDS:
        st.session_state.pop(_key(name, k), None)


def _submit(board_id: int, k: str, lang: str) -> None:
    ss = st.session_state
    main = ss[_key("kpi", k)]
    ids = [main] + [m for m in ss.get(_key("more", k)) or [] if m != main]
    visual, dim = ss[_key("visual", k)], ss.get(_key("dim", k))
    values = [v.strip() for v in (ss.get(_key("values", k)) or "").split(",") if v.strip()]
    if dim and not values:
        return _fail(k, ValueError(t("dash_err_scope_values", lang, dim=dim_label(dim, lang))), lang)
    item = Tile(kpis=ids, visual=visual, title=(ss.get(_key("title", k)) or "").strip(),
                size=ss.get(_key("size", k)) or "medium", filters={dim: values} if dim else {},
                by=ss.get(_key("by", k)) if visual in ("bar", "table") else None,
                objective=ss.get(_key("objective", k)) if visual == "progress" else None)
    board = dashboards.get(ui.store(), board_id)
    tiles = board.tiles + [item] if k == "new" else [replace(item, id=k) if x.id == k else x for x in board.tiles]
    try:
        dashboards.save(ui.store(), replace(board, tiles=tiles), lang)
    except DashboardError as exc:
        return _fail(k, exc, lang)
    _clear(k)
    ss.pop("dash_editing", None)
    _done(t("dash_tile_added" if k == "new" else "dash_tile_saved", lang))


def tile_form(board: Dashboard, lang: str, item: Tile | None = None) -> None:
    """Add a tile (or edit `item`): KPIs, visualisation (suggested), scope, breakdown, title, size."""
    k = item.id if item else "new"
    ss = st.session_state
    _seed(k, item)
    with st.container(border=True):
        st.markdown(f"**{t('dash_edit_tile' if item else 'dash_add_tile', lang)}**")
        left, right = st.columns(2)
        main = left.selectbox(t("dash_kpi", lang), CATALOGUE, key=_key("kpi", k), on_change=_suggest, args=(k,),
                              format_func=lambda x: kpi_option(x, lang))
        more = right.multiselect(t("dash_more", lang), CATALOGUE, key=_key("more", k),
                                 max_selections=dashboards.MAX_KPIS - 1, format_func=lambda x: kpi_option(x, lang),
                                 placeholder=t("dash_more_placeholder", lang))
        ids = [main] + [m for m in more if m != main]
        allowed = dashboards.visuals_for(ids)
        suggestion = dashboards.suggest_visual(main, bool(_objectives_for(main)))
        if ss.get(_key("visual", k)) not in allowed:
            ss[_key("visual", k)] = suggestion if suggestion in allowed else allowed[0]
        visual = left.selectbox(t("dash_visual", lang), allowed, key=_key("visual", k),
                                format_func=lambda v: t(f"dash_visual_{v}", lang))
        right.caption(t("dash_suggested", lang, visual=t(f"dash_visual_{suggestion}", lang)))
        dims = dashboards.scope_dimensions(ids)
        if visual == "progress":
            found = _objectives_for(main)
            if found:
                right.selectbox(t("dash_objective", lang), list(found), key=_key("objective", k), format_func=found.get)
            else:
                right.info(t("dash_no_objective", lang))
        if visual in ("bar", "table"):
            options = list(dims) if visual == "bar" else [None, *dims]
            if ss.get(_key("by", k)) not in options:
                ss[_key("by", k)] = options[0] if options else None
            right.selectbox(t("dash_by", lang), options, key=_key("by", k),
                            format_func=lambda d: dim_label(d, lang) if d else t("dash_no_breakdown", lang))
        if ss.get(_key("dim", k)) not in [None, *dims]:
            ss[_key("dim", k)] = None
        left, right = st.columns(2)
        dim = left.selectbox(t("dash_scope", lang), [None, *dims], key=_key("dim", k),
                             format_func=lambda d: dim_label(d, lang) if d else t("dash_scope_all", lang))
        right.text_input(t("dash_scope_values", lang), key=_key("values", k), disabled=dim is None,
                         placeholder=t("dash_scope_placeholder", lang))
        left, right = st.columns([3, 1])
        left.text_input(t("dash_title", lang), key=_key("title", k), max_chars=dashboards.MAX_TEXT,
                        placeholder=t("dash_title_placeholder", lang))
        if _key("size", k) not in ss:
            ss[_key("size", k)] = "medium"
        right.selectbox(t("dash_size", lang), list(dashboards.SIZES), key=_key("size", k),
                        format_func=lambda s: t(f"dash_size_{s}", lang))
        st.button(t("dash_save_tile" if item else "dash_add", lang), key=f"dash_submit_{k}", type="primary",
                  on_click=_submit, args=(board.id, k, lang))
        flash(k)


def _move(board_id: int, index: int, step: int, lang: str) -> None:
    dashboards.save(ui.store(), dashboards.move(dashboards.get(ui.store(), board_id), index, step), lang)


def _remove(board_id: int, tile_id: str, lang: str) -> None:
    board = dashboards.get(ui.store(), board_id)
    dashboards.save(ui.store(), replace(board, tiles=[x for x in board.tiles if x.id != tile_id]), lang)
    _done(t("dash_tile_removed", lang))


def _start_edit(tile_id: str) -> None:
    _clear(tile_id)
    st.session_state["dash_editing"] = tile_id


def _cancel() -> None:
    st.session_state.pop("dash_editing", None)


def controls(board: Dashboard, lang: str):
    """The edit-mode buttons under a tile: move up, move down, edit, remove."""
    last = len(board.tiles) - 1

    def draw(i: int, item: Tile) -> None:
        row = st.container(horizontal=True, gap="small")
        row.button(":material/arrow_upward:", key=f"dash_up_{item.id}", help=t("dash_move_up", lang),
                       disabled=i == 0, on_click=_move, args=(board.id, i, -1, lang))
        row.button(":material/arrow_downward:", key=f"dash_down_{item.id}", help=t("dash_move_down", lang),
                       disabled=i == last, on_click=_move, args=(board.id, i, 1, lang))
        row.button(":material/edit:", key=f"dash_edit_{item.id}", help=t("dash_edit", lang),
                       on_click=_start_edit, args=(item.id,))
        row.button(":material/delete:", key=f"dash_remove_{item.id}", help=t("dash_remove", lang),
                       on_click=_remove, args=(board.id, item.id, lang))
    return draw


def editing(board: Dashboard, lang: str) -> None:
    """Below the grid in edit mode: the form of the tile being edited, else the add-tile form."""
    current = next((x for x in board.tiles if x.id == st.session_state.get("dash_editing")), None)
    if current:
        tile_form(board, lang, current)
        st.button(t("dash_cancel", lang), key="dash_cancel", on_click=_cancel)
    else:
        tile_form(board, lang)
