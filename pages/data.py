"""Data import: drop exports, check what will be stored, confirm; the load log with undo."""
import streamlit as st

from lib import ui
from lib.i18n import t
from lib.ui import access as ui_access
from lib.ui import data as ui_data
from lib.ui import rates as ui_rates
from lib.ui import sources as ui_sources
from lib.ui import workspace as ui_workspace

f = ui.filters()
st.title(t("page_data", f.lang))
st.caption(t("data_intro", f.lang))
ui_data.upload_section(f.lang)
if ui_access.can("edit_connections"):   # API keys and pulls: editors only
    ui_sources.sources_section(f.lang)
ui_data.load_log(f.lang)
ui_rates.rates_section(f.lang)
ui_data.annotations_section(f.lang)
if ui_access.can("upload"):             # workspace import/rebuild: editors only
    ui_workspace.workspace_section(f.lang)
