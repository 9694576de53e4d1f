"""Content worth reusing: the posts, emails, landing pages and ads that did best in a window,
and the Search Console movers (queries or pages gaining, losing, new and lost).

Every ranking is a ratio of sums over the window with a minimum volume, so one lucky click on
ten sessions never tops the list.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from lib.kpis import queries
from lib.store import Store

KINDS = ("post", "email", "landing_page", "ad")
MIN_REACH = 100            # social posts
MIN_DELIVERED = 100        # emails
MIN_SESSIONS = 100         # landing pages
MIN_IMPRESSIONS = 1000     # ads
LIMIT = 10
# GA4's organic search traffic: the default channel group GA4 gives unpaid search engine visits.
ORGANIC = {"channel_group": ["Organic Search"]}

POST_KPIS = ["social_impressions", "social_reach", "social_engagements", "social_engagement_rate"]
EMAIL_KPIS = ["email_delivered", "email_open_rate", "email_click_rate", "email_conversion_rate",
              "email_revenue"]
PAGE_KPIS = ["site_sessions", "site_conversions", "site_conversion_rate", "site_revenue"]
AD_KPIS = ["paid_impressions", "paid_clicks", "paid_ctr", "paid_cost", "paid_conversions", "paid_roas"]
# The KPI each kind is ranked by in the combined list, and its volume KPI (all rates and counts).
SCORES = {"post": ("social_engagement_rate", "social_reach"),
          "email": ("email_click_rate", "email_delivered"),
          "landing_page": ("site_conversion_rate", "site_sessions"),
          "ad": ("paid_ctr", "paid_impressions")}


def _top(frame: pd.DataFrame, volume: str, min_volume: float, by: str, limit: int | None) -> pd.DataFrame:
    if frame.empty or by not in frame:
        return frame
    kept = frame[(frame[volume] >= min_volume) & frame[by].notna()]
    kept = kept.sort_values([by, volume], ascending=False)
    return (kept.head(limit) if limit else kept).reset_index(drop=True)


def posts(store: Store, start: date, end: date, min_reach: float = MIN_REACH, limit: int | None = LIMIT,
          by: str = "social_engagement_rate") -> pd.DataFrame:
    """Social posts (rows with a post_id) by engagement rate; one source per post when several hold it."""
    whose, scoped = queries.account_sql("social_performance", named=True)
    frame = store.query(
        "SELECT network, account, post_id, any_value(post_type) AS post_type, "
        "any_value(post_text) AS post_text, any_value(post_url) AS post_url, "
        "min(published_time) AS published_time, "
        "sum(impressions) AS social_impressions, sum(reach) AS social_reach, "
        "sum(engagements) AS social_engagements, "
        "sum(engagements) / nullif(sum(reach), 0) AS social_engagement_rate "
        f"FROM social_performance WHERE post_id IS NOT NULL AND day_from >= $start AND day_to <= $end{whose} "
        "GROUP BY network, account, post_id, source",
        {"start": start, "end": end, **scoped})
    if frame.empty:
        return frame
    for kid in POST_KPIS:
        frame[kid] = pd.to_numeric(frame[kid], errors="coerce").astype("float64")
    # The same post from two sources (API and export) is the same audience: keep the fuller one.
    frame = (frame.sort_values("social_impressions", ascending=False)
             .drop_duplicates(["network", "post_id"]))
    return _top(frame, "social_reach", min_reach, by, limit)


def emails(store: Store, start: date, end: date, currency: str | None = None,
           min_delivered: float = MIN_DELIVERED, limit: int | None = LIMIT,
           by: str = "email_click_rate") -> pd.DataFrame:
    """Email campaigns by click rate (or open rate), with their name, subject and send time."""
    result = queries.run(store, EMAIL_KPIS, start, end, by=["platform", "campaign_id"], currency=currency)
    frame = result.frame
    if frame.empty or "campaign_id" not in frame:
        return pd.DataFrame()
    whose, scoped = queries.account_sql("email_campaigns", named=True)
    attrs = store.query(
        "SELECT platform, campaign_id, any_value(campaign) AS campaign, any_value(subject) AS subject, "
        "min(send_time) AS send_time FROM email_campaigns "
        f"WHERE day_from >= $start AND day_to <= $end{whose} GROUP BY platform, campaign_id",
        {"start": start, "end": end, **scoped})
    frame = frame.merge(attrs, on=["platform", "campaign_id"], how="left")
    dims = [c for c in frame.columns if c not in EMAIL_KPIS]
    return _top(frame[dims + EMAIL_KPIS], "email_delivered", min_delivered, by, limit)


def landing_pages(store: Store, start: date, end: date, currency: str | None = None,
                  min_sessions: float = MIN_SESSIONS, limit: int | None = LIMIT,
                  by: str = "site_conversion_rate") -> pd.DataFrame:
    """GA4 landing pages by conversion rate, among pages with at least `min_sessions`."""
    frame = queries.run(store, PAGE_KPIS, start, end, by=["landing_page"], currency=currency).frame
    if "landing_page" not in frame:
        return pd.DataFrame()
    return _top(frame, "site_sessions", min_sessions, by, limit)


def ads(store: Store, start: date, end: date, currency: str | None = None,
        min_impressions: float = MIN_IMPRESSIONS, limit: int | None = LIMIT,
        by: str = "paid_ctr") -> pd.DataFrame:
    """Ad groups (campaigns where the export has no ad group) by CTR or ROAS."""
    groups = queries.run(store, AD_KPIS, start, end, by=["platform", "campaign", "ad_group"],
                         currency=currency).frame
    campaigns = queries.run(store, AD_KPIS, start, end, by=["platform", "campaign"],
                            currency=currency).frame
    if "platform" not in campaigns:
        return pd.DataFrame()
    # Platforms without any ad-group export are ranked at campaign level.
    seen = set(groups["platform"]) if "platform" in groups else set()
    frame = pd.concat([groups if seen else None, campaigns[~campaigns["platform"].isin(seen)]],
                      ignore_index=True)
    if "ad_group" not in frame:
        frame.insert(2, "ad_group", None)
    return _top(frame, "paid_impressions", min_impressions, by, limit)


def top(store: Store, start: date, end: date, currency: str | None = None,
        limit: int = LIMIT) -> pd.DataFrame:
    """The best items of every kind in one list: kind, item, detail, volume, score (a rate)."""
    parts = []
    found = {"post": posts(store, start, end, limit=limit),
             "email": emails(store, start, end, currency, limit=limit),
             "landing_page": landing_pages(store, start, end, currency, limit=limit),
             "ad": ads(store, start, end, currency, limit=limit)}
    for kind, frame in found.items():
        if frame.empty:
            continue
        score, volume = SCORES[kind]
        parts.append(pd.DataFrame({
            "kind": kind, "channel": _channel(kind, frame), "item": _item(kind, frame),
            "detail": _detail(kind, frame), "volume_kpi": volume, "volume": frame[volume],
            "score_kpi": score, "score": frame[score]}))
    columns = ["kind", "channel", "item", "detail", "volume_kpi", "volume", "score_kpi", "score"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def _channel(kind: str, frame: pd.DataFrame) -> pd.Series:
    if kind == "post":
        return frame["network"]
    if kind in ("email", "ad"):
        return frame["platform"]
    return pd.Series("ga4", index=frame.index)


def _item(kind: str, frame: pd.DataFrame) -> pd.Series:
    if kind == "post":
        return frame["post_text"].fillna(frame["post_id"]).astype(str).str.slice(0, 120)
    if kind == "email":
        return frame["subject"].fillna(frame["campaign"]).fillna(frame["campaign_id"])
    if kind == "landing_page":
        return frame["landing_page"]
    return frame["campaign"].astype(str) + frame["ad_group"].map(
        lambda g: "" if g is None or pd.isna(g) else f" / {g}")


def _detail(kind: str, frame: pd.DataFrame) -> pd.Series:
    if kind == "post":
        return frame["post_url"]
    if kind == "email":
        return frame["campaign"]
    return pd.Series(None, index=frame.index, dtype="object")


# -- Search Console movers ----------------------------------------------------------------------
def movers(current: pd.DataFrame, previous: pd.DataFrame, key: str, metric: str = "seo_clicks",
           limit: int | None = LIMIT) -> dict[str, pd.DataFrame]:
    """Gaining, losing, new and lost items (e.g. queries) between the comparison and the window.

    current: the window's rows with `<metric>_compare` (as ui.kpi / run_compared give them);
    previous: the comparison window's rows. New: no comparison data; lost: only in the comparison.
    """
    compare = f"{metric}_compare"
    if current.empty or compare not in current:
        empty = current.iloc[0:0]
        return {"gaining": empty, "losing": empty, "new": empty,
                "lost": previous.iloc[0:0] if not previous.empty else previous}
    both = current[current[compare].notna()].copy()
    both["change"] = both[metric] - both[compare]
    gaining = both[both["change"] > 0].sort_values("change", ascending=False)
    losing = both[both["change"] < 0].sort_values("change")
    new = current[current[compare].isna()].sort_values(metric, ascending=False)
    lost = (previous[~previous[key].isin(set(current[key]))].sort_values(metric, ascending=False)
            if not previous.empty and key in previous else previous)
    cut = (lambda f: f.head(limit).reset_index(drop=True)) if limit else (lambda f: f.reset_index(drop=True))
    return {"gaining": cut(gaining), "losing": cut(losing), "new": cut(new), "lost": cut(lost)}
