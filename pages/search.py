"""Search (SEO): Search Console KPIs and trend, queries and pages that move, GA4 organic beside."""
from datetime import date

import pandas as pd
import streamlit as st

from lib import ui
from lib.channels import content
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.kpis import queries

f = ui.channel_header("search", "search_console")

SEO_KPIS = ["seo_clicks", "seo_impressions", "seo_ctr", "seo_position"]
ORGANIC = content.ORGANIC
GA4_KPIS = ["site_sessions", "site_conversions", "site_conversion_rate", "site_revenue"]


@ui.cached(max_entries=64, reads=set().union(*map(queries.tables_of, SEO_KPIS)))
def _comparison(store, by: tuple, start: date, end: date) -> pd.DataFrame:
    """The comparison window's rows on their own (lost items are only there)."""
    return queries.run(store, SEO_KPIS, start, end, by=list(by)).frame


def comparison(by: list[str]) -> pd.DataFrame:
    window = f.compare_window
    if window is None:
        return pd.DataFrame()
    return _comparison(tuple(by), window[0], window[1])


st.subheader(t("search_what", f.lang))
ui.cards(SEO_KPIS, f)
st.subheader(t("search_ga4_organic", f.lang))
if ui.table_state("site_traffic")[0]:
    ui.cards(GA4_KPIS, f, filters=ORGANIC)
else:
    st.caption(t("search_ga4_missing", f.lang))

left, right = st.columns(2)
for col, kid in ((left, "seo_clicks"), (right, "seo_impressions"), (left, "seo_ctr"), (right, "seo_position")):
    with col:
        st.subheader(kpis.get(kid).label[f.lang])
        ui.trend(kid, f, among=SEO_KPIS)
if ui.table_state("site_traffic")[0]:
    st.subheader(f"{kpis.get('site_sessions').label[f.lang]} · {t('search_ga4_organic', f.lang)}")
    ui.trend("site_sessions", f, filters=ORGANIC, among=GA4_KPIS)

for dim, title in (("query", "search_queries"), ("page", "search_pages")):
    st.subheader(t(title, f.lang))
    frame, notes = ui.kpi(SEO_KPIS, f, by=[dim])
    if frame.empty:
        ui.no_rows(notes, f)
        ui.notes(notes, f)
        continue
    frame = frame.sort_values("seo_clicks", ascending=False)
    labels = {dim: t(f"dim_{dim}", f.lang)}
    tabs = st.tabs([t(k, f.lang) for k in ("search_all", "search_gaining", "search_losing", "search_new",
                                            "search_lost")])
    with tabs[0]:
        ui.table(frame, SEO_KPIS, f, key=f"search_{dim}", dim_labels=labels)
    if f.compare_window is None:
        for tab in tabs[1:]:
            tab.caption(t("search_need_compare", f.lang))
    else:
        moved = content.movers(frame, comparison([dim]), dim, limit=None)
        for tab, kind in zip(tabs[1:], ("gaining", "losing", "new", "lost")):
            with tab:
                st.caption(t("search_movers_caption", f.lang)
                           + (f" {t('search_lost_figures', f.lang)}" if kind == "lost" else ""))
                part = moved[kind].drop(columns=["change"], errors="ignore")
                if part.empty:
                    st.caption(t("search_none", f.lang))
                    continue
                ui.table(part, SEO_KPIS, f, key=f"search_{dim}_{kind}", dim_labels=labels)
    ui.notes(notes, f)

st.subheader(t("breakdowns", f.lang))
dim = ("country", "device")[ui.shown_view([t(f"dim_{d}", f.lang) for d in ("country", "device")],
                                          "search_breakdown", t("breakdowns", f.lang))]
frame, notes = ui.kpi(SEO_KPIS, f, by=[dim])
if frame.empty:
    ui.no_rows(notes, f)
else:
    ui.table(frame.sort_values("seo_clicks", ascending=False), SEO_KPIS, f, key=f"search_{dim}",
             dim_labels={dim: t(f"dim_{dim}", f.lang)})
ui.notes(notes, f)
