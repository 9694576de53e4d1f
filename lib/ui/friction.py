"""The Site page's Friction section: pages ranked by rage and dead clicks per session (Microsoft
Clarity), with scroll depth, quick backs and a link to each page's heatmap in Clarity."""
from __future__ import annotations

import streamlit as st

from lib import ui
from lib.channels import friction
from lib.i18n import t
from lib.sources import clarity_api
from lib.ui import sources as ui_sources


def friction_section(f: ui.Filters) -> None:
    """Nothing but a hint until Clarity data is in the workspace."""
    st.subheader(t("friction_title", f.lang))
    if not ui.table_state("site_friction")[0]:
        st.caption(t("friction_none", f.lang))
        return
    st.caption(t("friction_caption", f.lang))
    ui.cards(friction.KPIS, f)
    frame, notes = ui.kpi(friction.KPIS, f, by=["page"], compare=False)
    ranked = friction.ranked_pages(frame)
    if ranked.empty:
        st.caption(t("friction_no_pages", f.lang))
        ui.notes(notes, f)
        return
    config = ui_sources.configs().get("clarity") or {}
    ranked["heatmap"] = [clarity_api.heatmap_url(config, page) for page in ranked["page"]]
    shown = ranked[["page", *friction.KPIS, "heatmap"]]
    columns = ui.column_config(friction.KPIS, f)
    columns["page"] = st.column_config.TextColumn(t("friction_page", f.lang))
    columns["heatmap"] = st.column_config.LinkColumn(
        t("friction_heatmap", f.lang), display_text=t("friction_open_heatmap", f.lang),
        help=t("friction_heatmap_help", f.lang))
    ui.dataframe(shown, column_config=columns, rank=["site_rage_clicks_per_session", "site_dead_clicks_per_session"])
    ui.downloads(shown, "site_friction_pages")
    if not clarity_api.PROJECT.fullmatch(str(config.get("project_id") or "")):
        st.caption(t("friction_no_project", f.lang))
    ui.notes(notes, f)
