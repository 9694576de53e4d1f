"""Streamlit blocks of the customers page: cohorts and their revenue, churn and repeat purchases,
CLTV (historic and predictive), and NPS with its trend and the detractors' comments."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.charts import base as charts
from lib.charts import customers as charts_customers
from lib.customers import data as customer_data
from lib.customers import stats as customers
from lib.i18n import t


# -- cached reads ---------------------------------------------------------------------------------
# Cached results, not the orders frame: at a million orders the cohort maths took 39 s per rerun,
# and a cached big DataFrame is unpickled again on every rerun. Keyed on the orders' version: a
# load of ads or traffic does not redo them.
@ui.cached(max_entries=16, reads=("orders",))
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


@ui.cached(max_entries=32, reads=("orders",))
def _churn(store, currency: str | None, by: str | None, days: int) -> dict:
    orders = customer_data.orders(store, currency)
    return {"churn": customers.churn_rate(orders, days, by=by),
            "predicted": customers.predictive_cltv(orders, days)}


@ui.cached(max_entries=64, reads=("nps_responses",))
def _nps(store, start, end) -> pd.DataFrame:
    return customer_data.nps_responses(store, start, end)


def cohort_facts(currency: str | None, by: str | None = None) -> dict:
    """Order rows, rows left out, whether orders carry a channel; cohort table, repeat purchases
    and historic CLTV (by channel when asked and possible)."""
    return _cohorts(currency, by)


def churn_facts(currency: str | None, by: str | None, days: int) -> dict:
    """Monthly churn (by channel when asked) and the predictive CLTV for a churn delay in days."""
    return _churn(currency, by, days)


def labels(lang: str) -> dict:
    """Axis, legend and tooltip titles of the customers charts."""
    return {column: t(f"cust_{column}", lang) for column in (
        "cohort", "age", "share", "revenue", "channel", "month", "churn_rate", "customers", "ci_low",
        "ci_high")}


def money(value, f: ui.Filters) -> str:
    return i18n.fmt_money(value, f.lang, f.currency)


# -- orders ---------------------------------------------------------------------------------------
def orders_caption(facts: dict, first: date, last: date, lang: str) -> None:
    """How many order rows over which days, and how many were left out (no customer id)."""
    st.caption(t("cust_orders_caption", lang, n=i18n.fmt_number(facts["rows"], lang),
                 first=i18n.fmt_date(first, lang), last=i18n.fmt_date(last, lang)))
    if facts["excluded"]:
        st.caption(t("cust_excluded", lang, n=i18n.fmt_number(facts["excluded"], lang)))


def cohorts(table: pd.DataFrame, by: str | None, lang: str) -> str | None:
    """Retention heatmap and revenue per cohort; by channel, one channel picked (returned)."""
    st.subheader(t("cust_cohorts", lang), help=t("cust_cohorts_help", lang))
    pick = None
    if by:
        names = sorted(table["channel"].unique())
        pick = st.selectbox(t("cust_channel", lang), names, key="cust_cohort_channel")
        table = table[table["channel"] == pick]
    if table.empty:
        st.caption(t("na", lang))
        return pick
    label = labels(lang)
    ui.chart(charts_customers.heatmap(table, "age", "cohort", "share", "rate", labels=label), lang)
    st.subheader(t("cust_cohort_revenue", lang))
    per_cohort = customers.revenue_per_cohort(table)
    left, right = st.columns(2)
    ui.chart(charts_customers.columns(per_cohort, "cohort", "revenue", t("cust_revenue", lang),
                                      labels=label), lang, left)
    ui.chart(charts_customers.columns(per_cohort, "cohort", "per_customer",
                                      t("cust_revenue_per_customer", lang), labels=label), lang, right)
    return pick


def churn_and_repeat(churn: pd.DataFrame, repeat, by: str | None, days: int, lang: str) -> None:
    """Monthly churn over time beside the repeat purchase rate (a bar per channel, or one card)."""
    label = labels(lang)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{t('cust_churn_rate', lang)}**", help=t("cust_churn_help", lang))
        if churn.empty:
            st.caption(t("cust_churn_empty", lang, n=days))
        else:
            ui.chart(charts_customers.monthly(charts_customers.month_starts(churn), "month", "churn_rate",
                                              t("cust_churn_rate", lang), "rate",
                                              color="channel" if by else None, labels=label), lang)
    with right:
        st.markdown(f"**{t('cust_repeat', lang)}**", help=t("cust_repeat_help", lang))
        if by:
            ui.chart(charts.bars(repeat, "channel", "rate", t("cust_repeat", lang), "rate",
                                 labels=label), lang)
        else:
            st.metric(t("cust_repeat", lang), i18n.fmt_percent(repeat["rate"], lang), border=True)
            st.caption(t("cust_repeat_caption", lang, count=repeat["customers"],
                         repeat=i18n.fmt_number(repeat["repeat_customers"], lang)))


def cltv(historic: pd.DataFrame, predicted: dict, channel: str | None, f: ui.Filters) -> None:
    """Historic CLTV at 3, 6 and 12 months (of the channel picked, by channel), then the
    predictive CLTV and its parts."""
    st.subheader(t("cust_cltv", f.lang))
    if "channel" in historic:
        historic = historic[historic["channel"] == channel]
    cards = st.columns(len(historic) or 1)
    for card, row in zip(cards, historic.itertuples(index=False)):
        card.metric(t("cust_cltv_months", f.lang, n=row.months), money(row.cltv, f), border=True,
                    help=t("cust_cltv_note", f.lang))
        card.caption(t("cust_cltv_cohorts", f.lang, customers=i18n.fmt_number(row.customers, f.lang),
                       cohorts=row.cohorts))
    parts = [*st.columns(3), *st.columns(3)]   # five in a row cut "Repeat purchases per a…"
    parts[0].metric(t("cust_cltv_predictive", f.lang), money(predicted["cltv"], f), border=True)
    parts[1].metric(t("cust_aov", f.lang), money(predicted["aov"], f), border=True)
    parts[2].metric(t("cust_frequency", f.lang), i18n.fmt_number(predicted["frequency"], f.lang, 2),
                    border=True)
    parts[3].metric(t("cust_monthly_churn", f.lang),
                    i18n.fmt_percent(predicted["monthly_churn"], f.lang), border=True)
    parts[4].metric(t("cust_lifetime", f.lang),
                    i18n.fmt_number(predicted["lifetime_months"], f.lang, 1), border=True)
    st.caption(predicted["formula"][f.lang])
    if pd.isna(predicted["cltv"]):
        st.caption(t("cust_cltv_na", f.lang))


# -- NPS ------------------------------------------------------------------------------------------
def nps(has_nps: bool, f: ui.Filters) -> None:
    """The period's NPS with its interval and groups, the monthly trend, detractors' comments."""
    st.subheader(t("cust_nps", f.lang))
    answers = _nps(f.start, f.end) if has_nps else None
    if answers is None:
        st.info(t("cust_no_nps_loaded", f.lang))
        return
    if answers.empty:
        st.info(t("cust_no_nps", f.lang))
        return
    score = customers.nps(answers["score"])
    points = {k: i18n.fmt_number(100 * score[k], f.lang) for k in ("score", "ci_low", "ci_high")}
    left, right = st.columns([1, 3])
    answered = i18n.fmt_number(score["n"], f.lang)
    if score["too_few"]:   # no interval below customers.NPS_MIN_ANSWERS answers
        left.metric(t("cust_nps_score", f.lang), points["score"], border=True)
        left.caption(t("cust_nps_too_few", f.lang, n=answered,
                       min=i18n.fmt_number(customers.NPS_MIN_ANSWERS, f.lang)))
    else:
        left.metric(t("cust_nps_score", f.lang), points["score"], border=True,
                    help=t("cust_nps_help", f.lang, lo=points["ci_low"], hi=points["ci_high"], n=score["n"]))
        left.caption(t("cust_nps_ci", f.lang, lo=points["ci_low"], hi=points["ci_high"], n=answered))
    groups = pd.DataFrame({
        "group": [t(f"cust_{g}", f.lang) for g in ("promoters", "passives", "detractors")],
        "share": [score["promoter_share"], score["passive_share"], score["detractor_share"]],
        "answers": [score["promoters"], score["passives"], score["detractors"]]})
    ui.chart(charts_customers.shares(groups, "group", "share", "answers", labels={
        "group": "", "share": t("cust_share_of_answers", f.lang),
        "answers": t("cust_answers", f.lang)}), f.lang, right)

    st.markdown(f"**{t('cust_nps_trend', f.lang)}**")
    monthly = customers.nps_points(customers.nps_by_month(_nps(None, None)))
    ui.chart(charts_customers.band_line(charts_customers.month_starts(monthly), "month", "score", "ci_low",
                                        "ci_high", "NPS", "count", labels=labels(f.lang), zero=True), f.lang)

    st.markdown(f"**{t('cust_comments', f.lang)}**")
    comments = customers.detractor_comments(answers)
    if comments.empty:
        st.caption(t("cust_no_comments", f.lang))
        return
    ui.dataframe(comments.head(200), column_config={
        "response_time": st.column_config.DatetimeColumn(t("cust_time", f.lang), format="DD/MM/YYYY"),
        "score": st.column_config.NumberColumn(t("cust_score", f.lang), format="%d"),
        "segment": t("cust_segment", f.lang), "comment": t("cust_comment", f.lang)})
