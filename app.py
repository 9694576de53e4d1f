"""Balise: the frame. Page config once, shared sidebar filters, navigation in sections."""
import streamlit as st

from lib.i18n import t
from lib.ui import access as ui_access
from lib.ui import alerts as ui_alerts
from lib.ui import core as ui
from lib.ui import dashboards as ui_dashboards
from lib.ui import sources as ui_sources

ui.leave_pages_discovery()
st.set_page_config(page_title="Balise", page_icon=":material/cell_tower:", layout="wide")
ui_access.gate()   # sign-in when [auth] is configured; the role of this run

filters = ui.sidebar()
st.session_state["filters"] = filters
lang = filters.lang
ui_sources.freshness_strip(lang)   # each source's last pull and last day, every page


def page(path: str, key: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(path, title=t(f"page_{key}", lang), icon=icon, url_path=key, default=default)


home = ui_dashboards.home_is_set()   # a home dashboard replaces the overview as the default page
# Explicit registry: pages appear in this order, in these sections.
navigation = st.navigation({
    t("section_analyse", lang): [
        page("pages/overview.py", "overview", ":material/dashboard:", default=not home),
        page("pages/dashboards.py", "dashboards", ":material/space_dashboard:", default=home),
        page("pages/journey.py", "journey", ":material/route:"),
        page("pages/top_content.py", "top_content", ":material/star:"),
        page("pages/experiments.py", "experiments", ":material/science:"),
        page("pages/customers.py", "customers", ":material/group:"),
    ],
    t("section_channels", lang): [
        page("pages/site.py", "site", ":material/language:"),
        page("pages/paid.py", "paid", ":material/ads_click:"),
        page("pages/search.py", "search", ":material/search:"),
        page("pages/social.py", "social", ":material/groups:"),
        page("pages/email.py", "email", ":material/mail:"),
    ],
    t("section_steer", lang): [
        page("pages/objectives.py", "objectives", ":material/flag:"),
        page("pages/campaigns.py", "campaigns", ":material/campaign:"),
        page("pages/alerts.py", "alerts", ":material/notifications:"),
    ],
    t("section_data", lang): [
        page("pages/data.py", "data", ":material/upload_file:"),
    ],
    t("section_help", lang): [
        page("pages/glossary.py", "glossary", ":material/menu_book:"),
    ],
}, expanded=True)
ui_alerts.banner(lang)   # after st.navigation so its page link resolves; above every page
navigation.run()
