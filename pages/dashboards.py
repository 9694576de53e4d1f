"""My dashboards: the user's own grids of tiles. Pick one (kept in ?dashboard=<id> with the
shared filters), create it blank or from a starter, manage it, edit its tiles; it refreshes on
its own schedule. Viewers open dashboards but do not change them."""
import streamlit as st

from lib import ui
from lib.dashboards import model as dashboards
from lib.i18n import t
from lib.ui import dashboard_edit as ui_dashboard_edit
from lib.ui import dashboards as ui_dashboards

f = ui.filters()
st.title(t("page_dashboards", f.lang))
if not ui.any_data():
    st.info(f"**{t('empty_title', f.lang)}**\n\n{t('empty_body', f.lang)}")
    st.stop()

editor = ui_dashboards.can_edit()
boards = ui_dashboards.boards(f.lang)
if boards is None:
    st.stop()
ui_dashboard_edit.flash()
if editor:
    with st.expander(t("dash_new", f.lang), expanded=not boards, icon=":material/add:"):
        ui_dashboard_edit.create_form(f.lang)
if not boards:
    st.info(t("dash_none", f.lang))
    st.stop()

board = ui_dashboard_edit.choose(boards, f.lang)
if editor:
    ui_dashboard_edit.manage(board, f.lang)
else:
    st.caption(t("dash_read_only", f.lang, every=ui_dashboard_edit.refresh_label(board.refresh, f.lang)))
if not board.tiles:
    st.info(ui.md_escape(" ".join(dashboards.validate(board, f.lang))) + " " + t("dash_empty_hint", f.lang))

if editor and st.session_state.get("dash_edit_mode"):
    ui_dashboards.grid(board, f, controls=ui_dashboard_edit.controls(board, f.lang))
    ui_dashboard_edit.editing(board, f.lang)
else:
    ui_dashboards.live(board, f)
