"""Data import: drop exports, check what will be stored, confirm; the load log with undo."""
import streamlit as st

from lib import ui, ui_data
from lib.i18n import t

f = ui.filters()
st.title(t("page_data", f.lang))
st.caption(t("data_intro", f.lang))
ui_data.upload_section(f.lang)
ui_data.load_log(f.lang)
ui_data.annotations_section(f.lang)
