"""Balise: the frame. Page config once, shared sidebar filters, navigation in sections."""
import streamlit as st

from lib import ui
from lib.i18n import t

st.set_page_config(page_title="Balise", page_icon=":material/cell_tower:", layout="wide")

filters = ui.sidebar()
st.session_state["filters"] = filters
lang = filters.lang


def page(path: str, key: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(path, title=t(f"page_{key}", lang), icon=icon, url_path=key, default=default)


# Explicit registry: pages appear in this order, in these sections.
navigation = st.navigation({
    t("section_analyse", lang): [
        page("pages/overview.py", "overview", ":material/dashboard:", default=True),
    ],
    t("section_channels", lang): [
        page("pages/site.py", "site", ":material/language:"),
    ],
})
navigation.run()
