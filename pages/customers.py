"""Customers: acquisition cohorts, revenue per cohort, CLTV, churn, repeat purchases (orders);
NPS with its interval, promoters / passives / detractors, monthly trend, detractors' comments."""
import streamlit as st

from lib import ui
from lib.i18n import t
from lib.ui import customers as ui_customers

f = ui.filters()
st.title(t("page_customers", f.lang))
has_orders, first_order, last_order = ui.table_state("orders")
has_nps = ui.table_state("nps_responses")[0]
if not has_orders and not has_nps:
    st.info(t("cust_no_data", f.lang))
    st.stop()

# -- orders: cohorts, CLTV, churn, repeat purchases ----------------------------------------------
facts = ui_customers.cohort_facts(f.currency) if has_orders else {"rows": 0}
if not facts["rows"]:
    st.info(t("cust_no_orders", f.lang))
else:
    ui_customers.orders_caption(facts, first_order, last_order, f.lang)
    channels = facts["channels"]
    by_channel = st.toggle(t("cust_by_channel", f.lang), key="cust_by_channel", disabled=not channels)
    if not channels:
        st.caption(t("cust_no_channel", f.lang))
    by = "channel" if by_channel and channels else None
    view = ui_customers.cohort_facts(f.currency, by) if by else facts
    pick = ui_customers.cohorts(view["table"], by, f.lang)

    st.subheader(t("cust_churn", f.lang))
    churn_days = st.slider(t("cust_churn_days", f.lang), 15, 365, 60, step=15, key="cust_churn_days")
    churned = ui_customers.churn_facts(f.currency, by, churn_days)
    ui_customers.churn_and_repeat(churned["churn"], view["repeat"], by, churn_days, f.lang)
    ui_customers.cltv(view["historic"], churned["predicted"], pick, f)

# -- NPS ------------------------------------------------------------------------------------------
ui_customers.nps(has_nps, f)
