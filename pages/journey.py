"""Cross-channel journey: impressions -> clicks -> sessions -> conversions -> revenue per campaign."""
from datetime import date

import pandas as pd
import streamlit as st

from lib import exports, ui
from lib.channels import journey
from lib.charts import base as charts
from lib.i18n import t
from lib.kpis import queries
from lib.ui import access as ui_access

f = ui.filters()
st.title(t("page_journey", f.lang))
st.caption(t("journey_intro", f.lang))
if not ui.require_data(f, "ad_performance", t("paid_what", f.lang)):
    st.stop()


# the tables of its KPIs (its rules are a setting, written by writes that name no table)
@ui.cached(max_entries=32, reads=set().union(*map(queries.tables_of, journey.AD_KPIS + journey.GA4_KPIS)))
def _build(store, start: date, end: date, currency: str | None) -> journey.Journey:
    return journey.build(store, start, end, currency)


found = _build(f.start, f.end, f.currency)
if not ui.table_state("site_traffic")[0] or found.ga4.empty:
    st.info(t("journey_no_ga4", f.lang))

COUNTS = ["impressions", "clicks", "sessions", "conversions"]
RATES = ["clicks_rate", "sessions_rate", "conversions_rate"]
MONEY = ["cost", "revenue", "value_per_conversion", *journey.COSTS]
money_suffix = f" ({f.currency})" if f.currency else ""
config = {
    "utm_campaign": t("journey_utm_campaign", f.lang), "platforms": t("journey_platforms", f.lang),
    "ad_campaigns": t("journey_ad_campaigns", f.lang), "ad_campaign": t("journey_ad_campaign", f.lang),
    "platform": t("dim_platform", f.lang), "how": t("journey_how", f.lang),
    **{c: st.column_config.NumberColumn(t(f"journey_step_{c}", f.lang), format="localized") for c in COUNTS},
    **{c: st.column_config.NumberColumn(t(f"journey_{c}", f.lang), format="percent") for c in RATES},
    **{c: st.column_config.NumberColumn(
        (t("journey_step_revenue", f.lang) if c == "revenue" else t(f"journey_{c}", f.lang)) + money_suffix,
        format="%.2f") for c in MONEY},
    "roas": st.column_config.NumberColumn(t("journey_roas", f.lang), format="%.2f"),
}

st.subheader(t("journey_table", f.lang))
table = found.table
if table.empty:
    st.info(t("journey_none", f.lang))
else:
    ui.dataframe(table, column_config=config)
    ui.downloads(table, "journey")
    choice = st.selectbox(t("journey_funnel_of", f.lang), table["utm_campaign"].tolist(), key="journey_campaign")
    row = table[table["utm_campaign"] == choice].iloc[0]
    steps = journey.steps(row)
    steps["step"] = steps["step"].map(lambda s: t(f"journey_step_{s}", f.lang))
    chart_col, table_col = st.columns([3, 2])
    counted = steps.iloc[:4]   # revenue is money: not a bar of the same funnel
    ui.chart(charts.funnel(counted, "step", "count", t("journey_count", f.lang), lang=f.lang), f.lang, chart_col)
    ui.dataframe(steps, where=table_col, column_config={
        "step": t("journey_step", f.lang),
        "count": st.column_config.NumberColumn(t("journey_count", f.lang), format="localized"),
        "rate": st.column_config.NumberColumn(t("journey_kept", f.lang), format="percent"),
        "drop": st.column_config.NumberColumn(t("journey_drop", f.lang), format="percent"),
        "cost_per": st.column_config.NumberColumn(t("journey_cost_per", f.lang) + money_suffix, format="%.2f")})
ui.notes(found.notes, f)

st.subheader(t("journey_matching", f.lang))
pairs = found.matching.pairs.assign(how=lambda p: p["how"].map(lambda h: t(f"journey_how_{h}", f.lang)))
matched_tab, ads_tab, ga4_tab = st.tabs([
    f"{t('journey_matched', f.lang)} ({len(pairs)})",
    f"{t('journey_unmatched_ads', f.lang)} ({len(found.matching.unmatched_ads)})",
    f"{t('journey_unmatched_ga4', f.lang)} ({len(found.matching.unmatched_ga4)})"])
ad_cfg = {**config, **ui.column_config(journey.AD_KPIS + journey.GA4_KPIS, f)}
for tab, frame, key in ((matched_tab, pairs, "journey_matched"),
                        (ads_tab, found.matching.unmatched_ads, "journey_unmatched_ads"),
                        (ga4_tab, found.matching.unmatched_ga4, "journey_unmatched_ga4")):
    with tab:
        if frame.empty:
            st.caption(t("journey_all_matched", f.lang))
            continue
        ui.dataframe(frame, column_config=ad_cfg)
        ui.downloads(frame, key)

st.subheader(t("journey_rules", f.lang))
st.caption(t("journey_rules_auto", f.lang))
rules = pd.DataFrame(journey.read_rules(ui.store()), columns=list(journey.RULE_FIELDS))
editable = ui_access.can("edit_mappings")   # a viewer sees the rules, read-only
# Keyed by data version: once saved, the editor starts again from the stored rules.
# A viewer's read-only grid gets the safe frame, as every table does (its toolbar exports CSV).
edited = st.data_editor(rules if editable else exports.safe_frame(rules, exports.INVISIBLE), num_rows="dynamic" if editable else "fixed", disabled=not editable,
                        hide_index=True, width="stretch",
                        key=f"journey_rules_{ui.store().data_version()}",
                        column_config={
                            "platform": st.column_config.TextColumn(t("dim_platform", f.lang)),
                            "ad_campaign": st.column_config.TextColumn(t("journey_ad_campaign", f.lang)),
                            "utm_campaign": st.column_config.TextColumn(t("journey_utm_campaign", f.lang))})
if not editable:
    ui_access.read_only(f.lang)
elif st.button(t("journey_rules_save", f.lang), key="journey_rules_save"):
    saved = journey.write_rules(ui.store(), edited.to_dict("records"))
    st.session_state["journey_saved"] = len(saved)
    st.rerun()
if "journey_saved" in st.session_state:
    st.success(t("journey_rules_saved", f.lang, count=st.session_state.pop("journey_saved")))
