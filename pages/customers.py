"""Customers: acquisition cohorts, revenue per cohort, CLTV, churn, repeat purchases (orders);
NPS with its interval, promoters / passives / detractors, monthly trend, detractors' comments."""
import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.charts import base as charts
from lib.charts import customers as charts_customers
from lib.customers import data as customer_data
from lib.customers import stats as customers
from lib.i18n import t

f = ui.filters()
st.title(t("page_customers", f.lang))
has_orders, first_order, last_order = ui.table_state("orders")
has_nps = ui.table_state("nps_responses")[0]
if not has_orders and not has_nps:
    st.info(t("cust_no_data", f.lang))
    st.stop()


# Cached results, not the orders frame: at a million orders the cohort maths took 39 s per rerun,
# and a cached big DataFrame is unpickled again on every rerun.
@ui.cached(max_entries=16)
def _cohorts(store, currency: str | None, by: str | None) -> dict:
    orders = customer_data.orders(store, currency)
    if orders.empty:
        return {"rows": 0}
    channels = customer_data.has_channel(orders)
    split = by if channels else None
    return {"rows": len(orders), "excluded": customers.orders_without_customer(orders),
            "channels": channels, "table": customers.cohort_table(orders, by=split),
            "repeat": customers.repeat_purchase_rate(orders, by=split),
            "historic": customers.historic_cltv(orders, by=split)}


@ui.cached(max_entries=32)
def _churn(store, currency: str | None, by: str | None, days: int) -> dict:
    orders = customer_data.orders(store, currency)
    return {"churn": customers.churn_rate(orders, days, by=by),
            "predicted": customers.predictive_cltv(orders, days)}


@ui.cached(max_entries=64)
def _nps(store, start, end) -> pd.DataFrame:
    return customer_data.nps_responses(store, start, end)


def _month(frame: pd.DataFrame, column: str = "month") -> pd.DataFrame:
    """'YYYY-MM' labels as the first day of the month, for time axes."""
    return frame.assign(**{column: pd.to_datetime(frame[column] + "-01")})


def money(value) -> str:
    return i18n.fmt_money(value, f.lang, f.currency)


label = {"cohort": t("cust_cohort", f.lang), "age": t("cust_age", f.lang),
         "share": t("cust_share", f.lang), "revenue": t("cust_revenue", f.lang),
         "channel": t("cust_channel", f.lang), "month": t("cust_month", f.lang),
         "churn_rate": t("cust_churn_rate", f.lang), "customers": t("cust_customers", f.lang),
         "ci_low": t("cust_ci_low", f.lang), "ci_high": t("cust_ci_high", f.lang)}

# -- orders: cohorts, CLTV, churn, repeat purchases ----------------------------------------------
facts = _cohorts(f.currency, None) if has_orders else {"rows": 0}
if not facts["rows"]:
    st.info(t("cust_no_orders", f.lang))
else:
    st.caption(t("cust_orders_caption", f.lang, n=i18n.fmt_number(facts["rows"], f.lang),
                 first=i18n.fmt_date(first_order, f.lang), last=i18n.fmt_date(last_order, f.lang)))
    if facts["excluded"]:
        st.caption(t("cust_excluded", f.lang, n=i18n.fmt_number(facts["excluded"], f.lang)))
    channels = facts["channels"]
    by_channel = st.toggle(t("cust_by_channel", f.lang), key="cust_by_channel",
                           disabled=not channels)
    if not channels:
        st.caption(t("cust_no_channel", f.lang))
    by = "channel" if by_channel and channels else None
    view = _cohorts(f.currency, by) if by else facts

    st.subheader(t("cust_cohorts", f.lang), help=t("cust_cohorts_help", f.lang))
    table = view["table"]
    if by:
        names = sorted(table["channel"].unique())
        pick = st.selectbox(t("cust_channel", f.lang), names, key="cust_cohort_channel")
        table = table[table["channel"] == pick]
    if table.empty:
        st.caption(t("na", f.lang))
    else:
        ui.chart(charts_customers.heatmap(table, "age", "cohort", "share", "rate",
                                          labels=label), f.lang)
        st.subheader(t("cust_cohort_revenue", f.lang))
        per_cohort = (table.groupby("cohort", as_index=False)
                      .agg(revenue=("revenue", "sum"), customers=("customers", "first")))
        per_cohort["per_customer"] = per_cohort["revenue"] / per_cohort["customers"]
        left, right = st.columns(2)
        ui.chart(charts_customers.columns(per_cohort, "cohort", "revenue",
                                          t("cust_revenue", f.lang), labels=label), f.lang, left)
        ui.chart(charts_customers.columns(
            per_cohort, "cohort", "per_customer", t("cust_revenue_per_customer", f.lang),
            labels=label), f.lang, right)

    st.subheader(t("cust_churn", f.lang))
    churn_days = st.slider(t("cust_churn_days", f.lang), 15, 365, 60, step=15,
                           key="cust_churn_days")

    churned = _churn(f.currency, by, churn_days)
    churn, repeat = churned["churn"], view["repeat"]
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{t('cust_churn_rate', f.lang)}**", help=t("cust_churn_help", f.lang))
        if churn.empty:
            st.caption(t("cust_churn_empty", f.lang, n=churn_days))
        else:
            ui.chart(charts_customers.monthly(_month(churn), "month", "churn_rate",
                                              t("cust_churn_rate", f.lang), "rate",
                                              color="channel" if by else None,
                                              labels=label), f.lang)
    with right:
        st.markdown(f"**{t('cust_repeat', f.lang)}**", help=t("cust_repeat_help", f.lang))
        if by:
            ui.chart(charts.bars(repeat, "channel", "rate", t("cust_repeat", f.lang),
                                 "rate", labels=label, height=40 + 28 * len(repeat)), f.lang)
        else:
            st.metric(t("cust_repeat", f.lang), i18n.fmt_percent(repeat["rate"], f.lang),
                      border=True)
            st.caption(f"{i18n.fmt_number(repeat['repeat_customers'], f.lang)} / "
                       f"{i18n.fmt_number(repeat['customers'], f.lang)} "
                       f"{t('cust_customers', f.lang).lower()}")

    st.subheader(t("cust_cltv", f.lang))
    historic = view["historic"]
    if by:
        historic = historic[historic["channel"] == pick]
    cards = st.columns(len(historic) or 1)
    for card, row in zip(cards, historic.itertuples(index=False)):
        card.metric(t("cust_cltv_months", f.lang, n=row.months), money(row.cltv), border=True,
                    help=customers.HISTORIC_CLTV_NOTE[f.lang])
        card.caption(t("cust_cltv_cohorts", f.lang, customers=i18n.fmt_number(row.customers, f.lang),
                       cohorts=row.cohorts))
    predicted = churned["predicted"]
    parts = st.columns(5)
    parts[0].metric(t("cust_cltv_predictive", f.lang), money(predicted["cltv"]), border=True)
    parts[1].metric(t("cust_aov", f.lang), money(predicted["aov"]), border=True)
    parts[2].metric(t("cust_frequency", f.lang),
                    i18n.fmt_number(predicted["frequency"], f.lang, 2), border=True)
    parts[3].metric(t("cust_monthly_churn", f.lang),
                    i18n.fmt_percent(predicted["monthly_churn"], f.lang), border=True)
    parts[4].metric(t("cust_lifetime", f.lang),
                    i18n.fmt_number(predicted["lifetime_months"], f.lang, 1), border=True)
    st.caption(predicted["formula"][f.lang])
    if pd.isna(predicted["cltv"]):
        st.caption(t("cust_cltv_na", f.lang))

# -- NPS ------------------------------------------------------------------------------------------
st.subheader(t("cust_nps", f.lang))
answers = _nps(f.start, f.end) if has_nps else None
if answers is None:
    st.info(t("cust_no_nps_loaded", f.lang))
elif answers.empty:
    st.info(t("cust_no_nps", f.lang))
else:
    score = customers.nps(answers["score"])
    points = {k: i18n.fmt_number(100 * score[k], f.lang) for k in ("score", "ci_low", "ci_high")}
    left, right = st.columns([1, 3])
    left.metric(t("cust_nps_score", f.lang), points["score"], border=True,
                help=t("cust_nps_help", f.lang, lo=points["ci_low"], hi=points["ci_high"],
                       n=score["n"]))
    left.caption(t("cust_nps_ci", f.lang, lo=points["ci_low"], hi=points["ci_high"],
                   n=i18n.fmt_number(score["n"], f.lang)))
    groups = pd.DataFrame({
        "group": [t(f"cust_{g}", f.lang) for g in ("promoters", "passives", "detractors")],
        "share": [score["promoter_share"], score["passive_share"], score["detractor_share"]],
        "answers": [score["promoters"], score["passives"], score["detractors"]]})
    ui.chart(charts_customers.shares(groups, "group", "share", "answers", labels={
        "group": "", "share": t("cust_share_of_answers", f.lang),
        "answers": t("cust_answers", f.lang)}), f.lang, right)

    st.markdown(f"**{t('cust_nps_trend', f.lang)}**")
    monthly = customers.nps_by_month(_nps(None, None))
    for column in ("score", "ci_low", "ci_high"):
        monthly[column] = 100 * monthly[column].astype("float64")
    ui.chart(charts_customers.band_line(_month(monthly), "month", "score", "ci_low",
                                        "ci_high", "NPS",
                                        "count", labels=label, zero=True), f.lang)

    st.markdown(f"**{t('cust_comments', f.lang)}**")
    comments = customers.detractor_comments(answers)
    if comments.empty:
        st.caption(t("cust_no_comments", f.lang))
    else:
        ui.dataframe(comments.head(200), column_config={
            "response_time": st.column_config.DatetimeColumn(t("cust_time", f.lang),
                                                             format="DD/MM/YYYY"),
            "score": st.column_config.NumberColumn(t("cust_score", f.lang), format="%d"),
            "segment": t("cust_segment", f.lang), "comment": t("cust_comment", f.lang)})
