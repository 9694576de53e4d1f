"""Overview: blended cards, the trend by channel and the channels at a glance."""
import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.objectives import tracker as objectives
from lib.reports import digest as digests
from lib.ui import objectives as ui_objectives
from lib.ui import sources as ui_sources

f = ui.filters()
st.title(t("page_overview", f.lang))

if not ui.any_data():
    ui.empty_state(f.lang)
    st.stop()

# Each channel's main KPI and its efficiency ratio.
MAIN = [("site", "site_traffic", "site_sessions", "site_conversion_rate"),
        ("paid", "ad_performance", "paid_cost", "paid_roas"),
        ("search", "search_console", "seo_clicks", "seo_ctr"),
        ("social", "social_performance", "social_engagements", "social_engagement_rate"),
        ("email", "email_campaigns", "email_sent", "email_open_rate")]
MAIN = [m for m in MAIN if ui.table_state(m[1])[0]]   # channels with data
# The channel table's figures are read with the cards: one read per table and window.
TOTALS = list(dict.fromkeys([*digests.CARDS, *(kid for *_, main, ratio in MAIN for kid in (main, ratio))]))
ui.cards(list(digests.CARDS), f, per_row=5, among=TOTALS)   # the daily digest sends the same cards

left, right = st.columns(2)
with left:
    st.subheader(f"{kpis.get('site_sessions').label[f.lang]} · {t('by_channel', f.lang)}")
    if ui.table_state("site_traffic")[0]:
        ui.trend("site_sessions", f, color="channel_group",
                 labels={"channel_group": t("dim_channel_group", f.lang)})
with right:
    st.subheader(f"{kpis.get('paid_cost').label[f.lang]} · {t('dim_platform', f.lang)}")
    if ui.table_state("ad_performance")[0]:
        ui.trend("paid_cost", f, color="platform", labels={"platform": t("dim_platform", f.lang)})

rows = []
frame, _ = ui.kpi(TOTALS, f)
r = frame.iloc[0] if len(frame) else pd.Series(dtype="float64")
for channel, _table, main, ratio in MAIN:
    rows.append({
        "channel": t(f"ch_{channel}", f.lang),
        "kpi": kpis.get(main).label[f.lang],
        "value": ui.value_text(main, r.get(main), f),
        "change": i18n.fmt_delta(r.get(f"{main}_delta"), f.lang),
        "ratio_kpi": kpis.get(ratio).label[f.lang],
        "ratio_value": ui.value_text(ratio, r.get(ratio), f),
        "ratio_change": i18n.fmt_delta(r.get(f"{ratio}_delta"), f.lang),
    })
st.subheader(t("channel_table", f.lang))
table = pd.DataFrame(rows)
ui.dataframe(table, column_config={
    "channel": t("channel", f.lang), "kpi": t("main_kpi", f.lang), "value": t("value", f.lang),
    "change": t("change", f.lang), "ratio_kpi": t("efficiency", f.lang),
    "ratio_value": t("value", f.lang), "ratio_change": t("change", f.lang),
})
ui.downloads(table, "overview_channels", ui.rates_caption([m for _, _, *ids in MAIN for m in ids], f.lang))

# The running objectives (pacing, forecast band, target); nothing when the workspace has none.
if objectives.list_objectives(ui.store()):
    ui_objectives.active(f)

if ui_sources.ga4_connected():   # live GA4 panel, refreshed every minute
    ui_sources.realtime_panel(f.lang)
