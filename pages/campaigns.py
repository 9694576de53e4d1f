"""Campaigns: each one's phases (checklist and crisis plan, pacing and alerts, report), the form."""
import streamlit as st

from lib import ui
from lib.channels import campaigns
from lib.i18n import t
from lib.ui import access as ui_access
from lib.ui import campaigns as ui_campaigns

f = ui.filters()
st.title(t("page_campaigns", f.lang))
if not ui.any_data():
    ui.empty_state(f.lang)
    st.stop()

store = ui.store()
listed = campaigns.list_campaigns(store)
if not listed:
    st.info(t("camp_none", f.lang))
for campaign in listed:
    with st.expander(ui.md_escape(campaign["name"]), expanded=campaigns.phase(campaign) == "during"):
        ui_campaigns.panel(campaign, f)

if not ui_access.can("edit_campaigns"):
    ui_access.read_only(f.lang)
else:
    st.subheader(t("camp_new", f.lang))
    ui_campaigns.form(f.lang, "new")

if listed and ui_access.can("edit_campaigns"):
    st.subheader(t("camp_edit", f.lang))
    names = {c["id"]: c["name"] for c in listed}
    chosen = st.selectbox(t("camp_edit_which", f.lang), list(names), format_func=names.get, key="camp_edit_which")
    ui_campaigns.form(f.lang, f"edit_{chosen}", campaigns.get(store, chosen))
