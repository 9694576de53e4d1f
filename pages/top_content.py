"""Top content to reuse: the best posts, emails, landing pages and ads of the window, downloadable."""
from datetime import date

import pandas as pd
import streamlit as st

from lib import ui
from lib.channels import content
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.kpis import queries

f = ui.filters()
st.title(t("page_top_content", f.lang))
if not ui.any_data():
    ui.empty_state(f.lang)
    st.stop()
st.caption(t("top_intro", f.lang))


# What each kind reads (its KPIs' table; posts and sends are read there too); the mix reads them all.
READS = {kind: set().union(*map(queries.tables_of, ids)) for kind, ids in (
    ("post", content.POST_KPIS), ("email", content.EMAIL_KPIS), ("landing_page", content.PAGE_KPIS),
    ("ad", content.AD_KPIS))}


@ui.cached(max_entries=64, reads=lambda kind, *args: READS.get(kind) or set().union(*READS.values()))
def _ranked(store, kind: str, start: date, end: date, currency: str | None,
            minimum: float, by: str, limit: int) -> pd.DataFrame:
    if kind == "post":
        return content.posts(store, start, end, minimum, limit, by)
    if kind == "email":
        return content.emails(store, start, end, currency, minimum, limit, by)
    if kind == "landing_page":
        return content.landing_pages(store, start, end, currency, minimum, limit, by)
    if kind == "ad":
        return content.ads(store, start, end, currency, minimum, limit, by)
    return content.top(store, start, end, currency, limit)


def ranked(kind: str, minimum: float = 0, by: str = "", limit: int = content.LIMIT) -> pd.DataFrame:
    return _ranked(kind, f.start, f.end, f.currency, minimum, by, limit)


# kind -> (minimum default, ranking KPIs offered)
KINDS = {"post": (content.MIN_REACH, ["social_engagement_rate"]),
         "email": (content.MIN_DELIVERED, ["email_click_rate", "email_open_rate"]),
         "landing_page": (content.MIN_SESSIONS, ["site_conversion_rate"]),
         "ad": (content.MIN_IMPRESSIONS, ["paid_ctr", "paid_roas"])}
KPI_COLUMNS = {"post": content.POST_KPIS, "email": content.EMAIL_KPIS, "landing_page": content.PAGE_KPIS,
               "ad": content.AD_KPIS}
LABELS = {"network": "top_network", "account": "paid_account", "post_id": "top_campaign_id",
          "post_type": "top_post_type", "post_text": "top_post_text", "post_url": "top_post_url",
          "published_time": "top_published", "platform": "dim_platform", "campaign_id": "top_campaign_id",
          "campaign": "dim_campaign", "subject": "top_subject", "send_time": "top_send_time",
          "landing_page": "dim_landing_page", "ad_group": "dim_ad_group", "currency": "dim_currency"}

# The column naming each row, after which the ranking KPI is shown (else the first column).
LABEL_AFTER = {"post": "post_id", "email": "campaign", "ad": "ad_group"}

tabs = st.tabs([t("top_all", f.lang)] + [t(f"top_kind_{k}", f.lang) for k in KINDS])
with tabs[0]:
    combined = ranked("all")
    if combined.empty:
        st.info(t("top_empty", f.lang))
    else:
        shown = combined.assign(
            kind=combined["kind"].map(lambda k: t(f"top_kind_{k}", f.lang)),
            volume_kpi=combined["volume_kpi"].map(lambda k: kpis.get(k).label[f.lang]),
            score_kpi=combined["score_kpi"].map(lambda k: kpis.get(k).label[f.lang]))
        ui.dataframe(shown, rank=["score_kpi", "score"], after="item", column_config={
            "kind": t("top_kind", f.lang), "channel": t("top_channel", f.lang), "item": t("top_item", f.lang),
            "detail": t("top_detail", f.lang), "volume_kpi": t("top_volume_kpi", f.lang),
            "volume": st.column_config.NumberColumn(t("top_volume", f.lang), format="localized"),
            "score_kpi": t("top_score_kpi", f.lang),
            "score": st.column_config.NumberColumn(t("top_score", f.lang), format="percent")})
        ui.downloads(shown, "top_content")

for tab, (kind, (default_min, scores)) in zip(tabs[1:], KINDS.items()):
    with tab:
        left, right = st.columns(2)
        minimum = left.number_input(t("top_min_volume", f.lang), min_value=0, value=int(default_min),
                                    step=10, key=f"top_min_{kind}")
        by = right.selectbox(t("top_rank_by", f.lang), scores, key=f"top_by_{kind}",
                             format_func=lambda k: kpis.get(k).label[f.lang]) if len(scores) > 1 else scores[0]
        frame = ranked(kind, float(minimum), by)
        if frame.empty:
            st.caption(t("top_empty", f.lang))
            continue
        ui.table(frame, KPI_COLUMNS[kind], f, key=f"top_{kind}", rank=by, after=LABEL_AFTER.get(kind),
                 dim_labels={c: t(LABELS[c], f.lang) for c in frame.columns if c in LABELS
                             and c not in ("published_time", "send_time")})
