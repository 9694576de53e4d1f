"""Email: every email KPI, the trend, campaigns by send date, subject lines by open rate, list health."""
import streamlit as st

from lib import ui
from lib.channels import email_health
from lib.charts import base as charts
from lib.i18n import fmt_date, t
from lib.kpis import catalogue as kpis
from lib.ui.annotations import annotation_form

f = ui.channel_header("email", "email_campaigns")

CARD_KPIS = [k.id for k in kpis.for_channel("email")]
ui.cards(CARD_KPIS, f, per_row=5)

left, right = st.columns(2)
with left:
    st.subheader(kpis.short_label(kpis.get("email_open_rate"), f.lang))
    ui.trend("email_open_rate", f, among=CARD_KPIS)
with right:
    st.subheader(kpis.short_label(kpis.get("email_click_rate"), f.lang))
    ui.trend("email_click_rate", f, among=CARD_KPIS)
with st.expander(t("ann_from_chart", f.lang)):
    annotation_form(f.lang, "email", channel="email", day=f.end)

COUNTS = {"sent": "email_col_sent", "delivered": "email_col_delivered", "bounces": "email_col_bounces",
          "unique_opens": "email_col_opens", "unique_clicks": "email_col_clicks",
          "unsubscribes": "email_col_unsubscribes", "complaints": "email_col_complaints",
          "conversions": "email_col_conversions"}
RATES = ["email_deliverability_rate", "email_bounce_rate", "email_open_rate", "email_click_rate",
         "email_click_to_open_rate", "email_unsubscribe_rate", "email_conversion_rate", "email_revenue"]


def count_config() -> dict:
    config = {c: st.column_config.NumberColumn(t(key, f.lang), format="localized") for c, key in COUNTS.items()}
    config.update({
        "send_day": st.column_config.DateColumn(t("email_send_day", f.lang), format="DD/MM/YYYY"),
        "campaign": t("email_campaign", f.lang), "subject": t("email_subject", f.lang),
        "list": t("email_list", f.lang), "campaign_id": None, "hard_bounces": None, "soft_bounces": None,
        "revenue": None, "list_size": st.column_config.NumberColumn(t("email_col_list_size", f.lang),
                                                                    format="localized"),
        "sends": st.column_config.NumberColumn(t("email_col_sends", f.lang), format="localized")})
    return config


st.subheader(t("email_campaigns_title", f.lang))
sends = email_health.campaigns(ui.store(), f.start, f.end, f.currency)
if sends.empty:
    st.caption(t("email_no_campaign", f.lang))
else:
    rates, notes = ui.kpi(RATES, f, by=["campaign_id"], compare=False)
    table = (sends.assign(bounces=email_health.bounces(sends))
             .merge(rates, on="campaign_id", how="left").sort_values("send_day", ascending=False))
    order = ["send_day", "campaign", "subject", "list", *COUNTS, *RATES, "list_size", "campaign_id"]
    table = table[order]
    ui.dataframe(table,
                 column_config={**count_config(), **ui.column_config(RATES, f)})
    ui.downloads(table, "email_campaigns", ui.rates_caption(RATES, f.lang))
    ui.notes(notes, f)

    st.subheader(t("email_subjects_title", f.lang))
    subjects = email_health.subject_ranking(sends)
    ui.dataframe(subjects, column_config={
        **count_config(), "open_rate": st.column_config.NumberColumn(
            kpis.get("email_open_rate").label[f.lang], format="percent")})
    ui.downloads(subjects, "email_subjects")

st.subheader(t("email_list_health", f.lang))
since = email_health.list_health_start(f.end)
st.caption(t("email_list_health_caption", f.lang, end=fmt_date(f.end, f.lang)))
year = email_health.campaigns(ui.store(), since, f.end, f.currency)
size = email_health.list_size(year)
monthly = email_health.monthly_rates(year)
MEASURES = {"unsubscribe_rate": "email_unsubscribe_rate", "bounce_rate": "email_bounce_rate",
            "complaint_rate": "email_complaint_rate"}
left, right = st.columns(2)
if not size.empty:
    ui.chart(charts.trend(size, "day", "list_size", t("email_col_list_size", f.lang), "count",
                          labels={"day": t("email_send_day", f.lang)},
                          annotations=ui.chart_annotations()), f.lang, left)
if not monthly.empty:
    long = monthly.melt(id_vars="month", value_vars=list(MEASURES), var_name="measure", value_name="rate")
    long["measure"] = long["measure"].map(lambda m: t(MEASURES[m], f.lang))
    ui.chart(charts.trend(long, "month", "rate", t("email_rate", f.lang), "rate", color="measure",
                          labels={"month": t("email_month", f.lang),
                                  "measure": t("email_rate_kind", f.lang)}), f.lang, right)
    ui.dataframe(monthly, column_config={
        **count_config(),
        "month": st.column_config.DateColumn(t("email_month", f.lang), format="MM/YYYY"),
        **{m: st.column_config.NumberColumn(t(key, f.lang), format="percent") for m, key in MEASURES.items()}})
    ui.downloads(monthly, "email_list_health")
