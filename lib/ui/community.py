"""The Social page's Community section: response KPIs with comparison, response time by network
and by weekday x hour, and the oldest items still unanswered (negative first), each with its link."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from lib import ui
from lib.channels import community
from lib.charts import community as charts
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.ui.access import can


@ui.cached(max_entries=32, reads=(community.TABLE,))
def _heatmap(store, start: date, end: date, chosen: str) -> pd.DataFrame:
    return community.heatmap(store, start, end, chosen)


@ui.cached(max_entries=32, reads=(community.TABLE,))
def _oldest(store, start: date, end: date, now: datetime) -> pd.DataFrame:
    return community.oldest_unanswered(store, start, end, now)


@ui.cached(max_entries=4)
def _clock(store) -> str:
    return community.clock(store)


def _set_clock(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen and chosen != _clock():
        community.set_clock(ui.store(), chosen)


def _clock_choice(f: ui.Filters) -> str:
    """Calendar or business hours: a workspace setting, changed here by an editor."""
    chosen = _clock()
    key = "community_clock"
    if st.session_state.get(key) not in community.CLOCKS:
        st.session_state[key] = chosen
    st.segmented_control(t("community_clock", f.lang), community.CLOCKS, key=key,
                         format_func=lambda c: t(f"community_clock_{c}", f.lang),
                         on_change=_set_clock, args=(key,), disabled=not can("edit_mappings"),
                         help=t("community_clock_help", f.lang))
    return chosen


def section(f: ui.Filters) -> None:
    """The whole section; a caption when the window holds no conversation."""
    st.subheader(t("community_title", f.lang))
    has, first, last = ui.table_state(community.TABLE)
    if not has or last < f.start or first > f.end:
        st.caption(t("community_none", f.lang))
        return
    chosen = _clock_choice(f)
    ids = community.kpi_ids(chosen)
    ui.cards(ids, f, per_row=4)
    median, p90 = community.time_kpis(chosen)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('community_by_network', f.lang)}**")
        nets, notes = ui.kpi([median, p90], f, by=["network"], compare=False)
        nets = ui.platform_names(nets.dropna(subset=[median, p90], how="all"), f.lang)
        if nets.empty:
            st.caption(t("na", f.lang))
        else:
            ui.chart(charts.by_network(nets, median, p90, {
                median: t("community_median", f.lang), p90: t("community_p90", f.lang),
                "hours": t(f"community_unit_{chosen}", f.lang), "network": t("social_network", f.lang)}), f.lang)
    with right:
        st.markdown(f"**{t('community_heatmap', f.lang)}**")
        grid = _heatmap(f.start, f.end, chosen)
        if grid.empty:
            st.caption(t("na", f.lang))
        else:
            ui.chart(charts.heatmap(grid, f.lang, {
                "weekday": t("community_weekday", f.lang), "hour": t("community_hour", f.lang),
                "items": kpis.get("social_conversations").label[f.lang],
                "response_rate": kpis.get("social_response_rate").label[f.lang],
                "median_hours": t("community_median_short", f.lang)}), f.lang)
            st.caption(t("community_heatmap_help", f.lang))
    _oldest_table(f)
    ui.notes(notes, f)


def _oldest_table(f: ui.Filters) -> None:
    st.markdown(f"**{t('community_oldest', f.lang)}**")
    now = datetime.now().replace(minute=0, second=0, microsecond=0)   # cached for the hour
    rows = _oldest(f.start, f.end, now)
    if rows.empty:
        st.caption(t("community_all_answered", f.lang))
        return
    shown = ui.platform_names(rows, f.lang).assign(
        kind=rows["kind"].map(lambda k: t(f"community_kind_{k}", f.lang) if k in community.KINDS else k),
        sentiment=rows["sentiment"].map(lambda s: t(f"community_sentiment_{s}", f.lang)
                                        if s in ("positive", "neutral", "negative") else "—"))
    config = {
        "received_time": st.column_config.DatetimeColumn(t("community_received", f.lang),
                                                         format="DD/MM/YYYY HH:mm"),
        "age_hours": st.column_config.NumberColumn(t("community_age", f.lang), format="localized"),
        "network": st.column_config.TextColumn(t("social_network", f.lang)),
        "account": st.column_config.TextColumn(t("social_account", f.lang)),
        "kind": st.column_config.TextColumn(t("community_kind", f.lang)),
        "sentiment": st.column_config.TextColumn(t("community_sentiment", f.lang)),
        "text": st.column_config.TextColumn(t("community_text", f.lang), width="large"),
        "url": st.column_config.LinkColumn(t("community_link", f.lang), display_text=t("community_open", f.lang)),
    }
    order = ["sentiment", "received_time", "age_hours", "network", "kind", "url", "text", "account"]
    ui.dataframe(shown[order], column_config=config)
    ui.downloads(shown[order], "community_unanswered")
