"""Paid ads: every paid KPI, the trend, spend pacing, the cross-platform table, breakdowns."""
from datetime import date

import streamlit as st

from lib import ui
from lib.channels import pacing, ranking
from lib.i18n import fmt_date, fmt_money, fmt_value, t
from lib.i18n.formats import fmt_month
from lib.kpis import catalogue as kpis

f = ui.filters()
st.title(t("page_paid", f.lang))
if not ui.require_data(f, "ad_performance", t("paid_what", f.lang)):
    st.stop()

CARD_KPIS = [k.id for k in kpis.for_channel("paid")]
ui.cards(CARD_KPIS, f)
st.caption(t("paid_reach_hidden", f.lang))

left, right = st.columns(2)
with left:
    st.subheader(kpis.get("paid_cost").label[f.lang])
    ui.trend("paid_cost", f, among=CARD_KPIS)
with right:
    st.subheader(kpis.short_label(kpis.get("paid_conversions"), f.lang))
    ui.trend("paid_conversions", f, among=CARD_KPIS)


TABLE_KPIS = ["paid_impressions", "paid_clicks", "paid_ctr", "paid_cost", "paid_cpc", "paid_cpm",
              "paid_conversions", "paid_conversion_rate", "paid_cpa", "paid_conversion_value", "paid_roas"]
REACH_KPIS = ["paid_reach", "paid_frequency"]
RANK = ["paid_cost", "paid_cpa", "paid_roas"]   # the sort (spend), then cost per result and return


def dim_label(dim: str) -> str:
    return t("paid_account", f.lang) if dim == "account" else t(f"dim_{dim}", f.lang)


def kpi_table(dims: list[str], key: str) -> None:
    frame, notes = ui.kpi(TABLE_KPIS + REACH_KPIS, f, by=dims)
    if frame.empty:
        ui.no_rows(notes, f)
        ui.notes(notes, f)
        return
    # Reach is kept only where an export row covers the window exactly; else the columns go.
    shown = [k for k in REACH_KPIS if frame[k].notna().any()]
    drop = [c for k in REACH_KPIS if k not in shown for c in (k, f"{k}_compare", f"{k}_delta")]
    frame = frame.drop(columns=drop).sort_values("paid_cost", ascending=False)   # ui.table names platforms
    labels = {d: dim_label(d) for d in dims}
    # what the page judges campaigns by stays next to their names, however wide the table
    ui.table(frame, TABLE_KPIS + shown, f, key=key, dim_labels=labels, rank=RANK, after=dims[-1])
    ui.notes(notes, f)


# Spend pacing for the month the selected period ends in, against the budgets set in the settings;
# read once per data version, not on every rerun.
PACING = ui.cached(pacing.pacing, max_entries=16)
last_day = pacing.as_of(ui.table_state("ad_performance")[2], date.today(), f.end)
st.subheader(t("paid_pacing", f.lang, month=fmt_month(last_day, f.lang)))
budget_currency = ui.settings().get("currency") or f.currency
rows = PACING(ui.settings(), last_day, budget_currency)
if rows:
    first = rows[0]
    st.caption(t("paid_pacing_caption", f.lang, day=fmt_date(last_day, f.lang), currency=budget_currency or "",
                 elapsed=first.days_elapsed, days=first.days_in_month))
    table = pacing.frame(rows)
    table["status"] = table["status"].map(lambda s: t(f"paid_status_{s}", f.lang))
    table = ui.platform_names(table.drop(columns=["days_elapsed", "days_in_month"]), f.lang)
    # the bar's percent preset shows as many decimals as the value has ("27.9%" beside "37.82%")
    table["share_spent"] = table["share_spent"].round(3)
    money = {c: st.column_config.NumberColumn(f"{t(f'paid_{c}', f.lang)} ({budget_currency or ''})",
                                              format="%.2f")
             for c in ("budget", "spent", "expected", "projected")}
    ui.dataframe(table, column_config={
        "platform": t("dim_platform", f.lang), **money, "status": t("paid_status", f.lang),
        "share_spent": st.column_config.ProgressColumn(t("paid_share_spent", f.lang), format="percent",
                                                       min_value=0.0, max_value=1.0)})
    ui.downloads(table, "paid_pacing")
else:
    st.caption(t("paid_pacing_none", f.lang))

st.subheader(t("paid_cross_platform", f.lang))
if f.currency:
    st.caption(t("paid_one_currency", f.lang, currency=f.currency))
kpi_table(["platform"], "paid_platforms")

st.subheader(t("breakdowns", f.lang))
BREAKDOWNS = [("platform", "campaign"), ("platform", "campaign", "ad_group"),
              ("platform", "campaign", "ad_group", "keyword"), ("platform", "search_term"),
              ("platform", "account"), ("age",), ("gender",), ("device",), ("region",)]
# Views are named by their last dimensions (the platform column is there for context).
dims = BREAKDOWNS[ui.shown_view([" / ".join(dim_label(d) for d in (dims[1:] or dims)) for dims in BREAKDOWNS],
                                "paid_breakdown", t("breakdowns", f.lang))]
kpi_table(list(dims), f"paid_{'_'.join(dims)}")

# Best and worst campaigns by ROAS against the window's, among campaigns with real spend: from the
# campaign breakdown's read (the view shown first), whose KPIs hold these three.
RANKED = ["paid_cost", "paid_roas", "paid_cpa"]
by_campaign, _ = ui.kpi(TABLE_KPIS + REACH_KPIS, f, by=["platform", "campaign"])
campaigns = by_campaign[[c for c in by_campaign.columns if not c.startswith("paid_")] + RANKED]
roas = ui.kpi(CARD_KPIS, f)[0]   # the cards' read (cached): the window's ROAS, not asked again
if len(campaigns) >= 2 and len(roas):
    floor = ranking.REAL_SPEND.of(campaigns["paid_cost"])
    top, bottom = ranking.best_worst(campaigns, "paid_roas", "paid_cost", ranking.REAL_SPEND,
                                     roas["paid_roas"].iloc[0], better_up=True)
    if len(top) or len(bottom):
        st.markdown(f"**{t('paid_best_worst', f.lang, amount=fmt_money(floor, f.lang, f.currency))}**")
        st.caption(t("paid_best_worst_average", f.lang, roas=fmt_value(roas["paid_roas"].iloc[0], "number", f.lang)))
        cfg = ui.column_config(RANKED, f)
        cfg.update(platform=t("dim_platform", f.lang), campaign=t("dim_campaign", f.lang))
        best, worst = st.columns(2)
        for where, part, word in ((best, top, "best"), (worst, bottom, "worst")):
            where.markdown(t(word, f.lang))
            if len(part):
                ui.dataframe(ui.platform_names(part, f.lang), where=where, column_config=cfg,
                             rank="paid_roas", after="campaign")
            else:
                where.caption(t(f"paid_no_{word}", f.lang))
