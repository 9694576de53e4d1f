"""Website (GA4): every site KPI, the trend, breakdowns, friction (Clarity), the purchase funnel."""
import pandas as pd
import streamlit as st

from lib import ui
from lib.channels import items, ranking
from lib.charts import base as charts
from lib.i18n import fmt_number, fmt_percent, t
from lib.kpis import catalogue as kpis
from lib.ui.friction import friction_section

f = ui.filters()
st.title(t("page_site", f.lang))
if not ui.require_data(f, "site_traffic", "GA4"):
    st.stop()

CARD_KPIS = [k.id for k in kpis.for_channel("site") if k.table == "site_traffic"]
ui.cards(CARD_KPIS, f)

left, right = st.columns(2)
with left:
    st.subheader(kpis.get("site_sessions").label[f.lang])
    ui.trend("site_sessions", f, among=CARD_KPIS)
with right:
    st.subheader(kpis.get("site_users").label[f.lang])
    ui.trend("site_users", f, among=CARD_KPIS)

st.subheader(t("breakdowns", f.lang))
TABLE_KPIS = ["site_sessions", "site_users", "site_engagement_rate", "site_conversion_rate",
              "site_transactions", "site_revenue", "site_aov", "site_cart_abandonment_rate"]
BREAKDOWNS = [("channel_group",), ("source_name", "medium"), ("campaign",), ("device",),
              ("country",), ("landing_page",)]
dims = BREAKDOWNS[ui.shown_view([" / ".join(t(f"dim_{d}", f.lang) for d in dims) for dims in BREAKDOWNS],
                                 "site_breakdown", t("breakdowns", f.lang))]
frame, notes = ui.kpi(TABLE_KPIS, f, by=list(dims))
if frame.empty:
    ui.no_rows(notes, f)
else:
    frame = frame.sort_values("site_sessions", ascending=False)
    ui.table(frame, TABLE_KPIS, f, key=f"site_{'_'.join(dims)}",
             dim_labels={d: t(f"dim_{d}", f.lang) for d in dims}, rank="site_sessions", after=dims[-1])
    ui.notes(notes, f)

# Best and worst landing pages by conversion rate against the site's, among pages with real traffic.
pages_frame, _ = ui.kpi(["site_sessions", "site_conversion_rate"], f, by=["landing_page"], compare=False)
site_rate = ui.kpi(["site_conversion_rate"], f, compare=False)[0]
if len(pages_frame) >= 2 and len(site_rate):
    average = site_rate["site_conversion_rate"].iloc[0]
    top, bottom = ranking.best_worst(pages_frame, "site_conversion_rate", "site_sessions", ranking.REAL_TRAFFIC,
                                     average, better_up=True)
    if len(top) or len(bottom):
        rate = kpis.get("site_conversion_rate")
        st.caption(t("site_best_worst", f.lang, average=fmt_percent(average, f.lang),
                     sessions=fmt_number(ranking.REAL_TRAFFIC.of(pages_frame["site_sessions"]), f.lang)))
        best, worst = st.columns(2)
        cfg = ui.column_config(["site_sessions", "site_conversion_rate"], f)
        cfg["landing_page"] = t("dim_landing_page", f.lang)
        for where, part, word in ((best, top, "best"), (worst, bottom, "worst")):
            where.markdown(f"**{t(word, f.lang)}** · {rate.label[f.lang]}")
            if len(part):
                ui.dataframe(part, where=where, column_config=cfg, rank="site_conversion_rate")
            else:
                where.caption(t(f"site_no_{word}", f.lang))

friction_section(f)

st.subheader(t("funnel", f.lang))
STEPS = [("step_sessions", "site_sessions"), ("step_add_to_cart", "site_add_to_carts"),
         ("step_checkout", "site_checkouts"), ("step_purchase", "site_transactions")]
totals, _ = ui.kpi(CARD_KPIS, f)   # the cards' read: every step is a card
if len(totals) and totals[[kid for _, kid in STEPS]].notna().all(axis=None):
    counts = [float(totals.iloc[0][kid]) for _, kid in STEPS]
    funnel = pd.DataFrame({
        "step": [t(key, f.lang) for key, _ in STEPS],
        "count": counts,
        "rate": [None] + [b / a if a else None for a, b in zip(counts, counts[1:])],
    })
    chart_col, table_col = st.columns([3, 2])
    ui.chart(charts.funnel(funnel, "step", "count", t("funnel_count", f.lang), lang=f.lang), f.lang, chart_col)
    ui.dataframe(funnel, where=table_col, column_config={
        "step": t("funnel_step", f.lang),
        "count": st.column_config.NumberColumn(t("funnel_count", f.lang), format="localized"),
        "rate": st.column_config.NumberColumn(t("funnel_rate", f.lang), format="percent")})
    for dim in ("device", "source_name"):
        by_dim, _ = ui.kpi(["site_add_to_carts", "site_transactions", "site_cart_abandonment_rate"],
                           f, by=[dim], compare=False)
        by_dim = by_dim[by_dim["site_add_to_carts"] > 0].nlargest(10, "site_add_to_carts")
        if not by_dim.empty:
            st.markdown(f"**{t('abandonment_by', f.lang, dim=t(f'dim_{dim}', f.lang).lower())}**")
            ui.chart(charts.bars(by_dim, dim, "site_cart_abandonment_rate",
                                 kpis.get("site_cart_abandonment_rate").label[f.lang], "rate",
                                 labels={dim: t(f"dim_{dim}", f.lang)}),
                     f.lang)
else:
    st.caption(t("na", f.lang))

# -- cart abandonment by product category (GA4 item report) --
st.subheader(t("site_items_title", f.lang))
by_category = items.by_category(ui.store(), f.start, f.end)
if by_category.empty:
    st.caption(t("site_items_none", f.lang))
else:
    st.caption(t("site_items_caption", f.lang))
    item_labels = {"item_category": t("site_item_category", f.lang)}
    chart_col, table_col = st.columns(2)   # four columns: the table needs half the page
    ui.chart(charts.bars(by_category, "item_category", "abandonment_rate",
                         t("site_items_abandonment", f.lang), "rate", labels=item_labels),
             f.lang, chart_col)
    with table_col:
        ui.dataframe(by_category, rank="abandonment_rate", column_config={
            "item_category": item_labels["item_category"],
            "items_added_to_cart": st.column_config.NumberColumn(t("site_items_added", f.lang), format="localized"),
            "items_purchased": st.column_config.NumberColumn(t("site_items_purchased", f.lang), format="localized"),
            "abandonment_rate": st.column_config.NumberColumn(t("site_items_abandonment", f.lang),
                                                              format="percent")})
    ui.downloads(by_category, "site_items_by_category")   # full width: a half column cut the buttons

# -- leads by source and campaign (CRM) --
st.subheader(t("site_leads_title", f.lang))
if not ui.table_state("leads")[0]:
    st.caption(t("site_leads_none", f.lang))
else:
    LEAD_KPIS = ["leads", "lead_to_customer_rate"]
    CPL_KPIS = LEAD_KPIS + ["paid_cost", "cost_per_lead"]
    by_campaign_view = ui.shown_view([t("site_leads_by_source", f.lang), t("site_leads_by_campaign", f.lang)],
                                     "site_leads_view", t("site_leads_title", f.lang))
    if not by_campaign_view:
        by_source, notes = ui.kpi(LEAD_KPIS, f, by=["lead_source"])
        if by_source.empty:
            st.caption(t("site_leads_none", f.lang))
        else:
            ui.table(by_source.sort_values("leads", ascending=False), LEAD_KPIS, f, key="site_leads_source",
                     dim_labels={"lead_source": t("site_lead_source", f.lang)})
        ui.notes(notes, f)
    else:
        # Ad spend is matched to leads by exact campaign name (the CRM's campaign = the platform's).
        by_campaign, notes = ui.kpi(CPL_KPIS, f, by=["campaign"])
        by_campaign = by_campaign[by_campaign["leads"].fillna(0) > 0]
        if by_campaign.empty:
            st.caption(t("site_leads_none", f.lang))
        else:
            ui.table(by_campaign.sort_values("leads", ascending=False), CPL_KPIS, f, key="site_leads_campaign",
                     dim_labels={"campaign": t("dim_campaign", f.lang)})
        st.caption(t("site_leads_cpl_rule", f.lang))
        ui.notes(notes, f)
