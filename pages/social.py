"""Social: reach, engagement and audience per network and account, top posts, mentions and their spikes."""
import pandas as pd
import streamlit as st

from lib import ui
from lib.channels import social
from lib.charts import base as charts
from lib.i18n import fmt_date, t
from lib.kpis import catalogue as kpis
from lib.ui import community
from lib.ui.annotations import annotation_form

f = ui.channel_header("social", "social_performance")

ACCOUNT_KPIS = [k.id for k in kpis.for_channel("social") if k.table == "social_performance"]
MENTION_KPIS = [k.id for k in kpis.for_channel("social") if k.table == "mentions"]
DIMS = {"network": t("social_network", f.lang), "account": t("social_account", f.lang)}
ui.cards(ACCOUNT_KPIS, f, per_row=3)

left, right = st.columns(2)
with left:
    st.subheader(kpis.get("social_engagements").label[f.lang])
    ui.trend("social_engagements", f, color="network", labels=DIMS)
with right:
    st.subheader(kpis.get("social_engagement_rate").label[f.lang])
    ui.trend("social_engagement_rate", f)
with st.expander(t("ann_from_chart", f.lang)):
    annotation_form(f.lang, "social", channel="social", day=f.end)

st.subheader(t("social_accounts", f.lang))
accounts, notes = ui.kpi(ACCOUNT_KPIS, f, by=["network", "account"])
if accounts.empty:
    ui.no_rows(notes, f)
else:
    ui.table(accounts.sort_values("social_impressions", ascending=False), ACCOUNT_KPIS, f,
             key="social_accounts", dim_labels=DIMS, rank="social_impressions", after="account")
ui.notes(notes, f)

st.subheader(t("social_top_posts", f.lang))
POST_KPIS = ["social_impressions", "social_reach", "social_engagements", "social_engagement_rate"]
rates, _ = ui.kpi(POST_KPIS, f, by=["post_id"], compare=False)
top = social.top_posts(rates, social.post_details(ui.store(), f.start, f.end))
if top.empty:
    st.caption(t("social_no_posts", f.lang))
else:
    top = top.drop(columns=["post_id"]).assign(published=pd.to_datetime(top["published"]).map(
        lambda d: fmt_date(d.date(), f.lang)))   # the day in the page's words
    ui.table(top, POST_KPIS, f, key="social_top_posts", rank="social_engagement_rate", dim_labels={
        "published": t("social_published", f.lang), **DIMS, "post_type": t("social_post_type", f.lang),
        "post_text": t("social_post_text", f.lang), "post_url": t("social_post_url", f.lang)})

community.section(f)

st.subheader(t("social_mentions_title", f.lang))
has_mentions, first, last = ui.table_state("mentions")
if not has_mentions or last < f.start or first > f.end:
    st.caption(t("social_no_mentions", f.lang))
    st.stop()
ui.cards(MENTION_KPIS, f, per_row=2)
daily, notes = ui.kpi(MENTION_KPIS, f, by=["day"], compare=False)
daily["negative_mentions"] = social.negative_mentions(daily)
spikes = social.spike_days(daily)
markers = pd.DataFrame({"day": spikes["day"], "channel": "social", "kind": "spike",
                        "text": [t("social_spike_marker", f.lang, n=int(n)) for n in spikes["negative_mentions"]]})
label = kpis.get("social_mentions").label[f.lang]
left, right = st.columns(2)
ui.chart(charts.trend(daily, "day", "social_mentions", label, "count", labels={
    "day": t("dim_day", f.lang), "social_mentions": label},
    annotations=pd.concat([ui.chart_annotations(), markers], ignore_index=True)), f.lang, left)
with right:
    ui.trend("social_negative_mention_share", f)
st.caption(t("social_spike_rule", f.lang, k=f"{social.SPIKE_K:g}", minimum=social.SPIKE_MINIMUM))
if spikes.empty:
    st.caption(t("social_no_spike", f.lang))
else:
    st.markdown(f"**{t('social_spikes', f.lang)}**")
    shown = spikes[["day", "social_mentions", "negative_mentions", "social_negative_mention_share", "threshold"]]
    config = ui.column_config(MENTION_KPIS, f)
    config.update({
        "day": st.column_config.DateColumn(t("dim_day", f.lang).capitalize(), format="DD/MM/YYYY"),
        "negative_mentions": st.column_config.NumberColumn(t("social_negative_mentions", f.lang), format="localized"),
        "threshold": st.column_config.NumberColumn(t("social_threshold", f.lang), format="%.1f")})
    ui.dataframe(shown, column_config=config)
    ui.downloads(shown, "social_mention_spikes")
ui.notes(notes, f)
