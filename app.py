"""Balise: the frame. Page config once, shared sidebar filters, navigation in sections."""
import streamlit as st

from lib import ui
from lib.ui import access as ui_access
from lib.ui import alerts as ui_alerts
from lib.ui import dashboards as ui_dashboards
from lib.ui import navigation
from lib.ui import sources as ui_sources

ui.leave_pages_discovery()
st.set_page_config(page_title="Balise", page_icon=":material/cell_tower:", layout="wide")
ui_access.gate()   # sign-in when [auth] is configured; the role of this run

filters = ui.sidebar()
st.session_state["filters"] = filters
lang = filters.lang
ui_sources.freshness_strip(lang)   # each source's last pull and last day, every page

# The registry is lib/ui/navigation.py; a home dashboard replaces the overview as the default page.
menu = navigation.menu(lang, home=ui_dashboards.home_is_set())
ui_alerts.banner(lang)   # after st.navigation so its page link resolves; above every page
menu.run()
