"""Social helpers: negative-mention spike days, and the published posts behind post rows."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.kpis import queries
from lib.store import Store

SPIKE_K = 3.0        # how many MADs above the median makes a spike
SPIKE_MINIMUM = 5    # fewer negative mentions than this is never a spike (quiet accounts)


def spike_days(frame: pd.DataFrame, day: str = "day", negative: str = "negative_mentions",
               k: float = SPIKE_K, minimum: int = SPIKE_MINIMUM) -> pd.DataFrame:
    """Days whose negative mentions exceed median + k x MAD of the window, and at least `minimum`.

    The median absolute deviation resists the spike itself (a mean and standard deviation
    would be pulled up by the very day we look for). A MAD of 0 (a flat window) keeps the
    threshold at the median, so `minimum` does the work.
    """
    if frame.empty:
        return frame.assign(threshold=pd.Series(dtype="float64"))
    values = pd.to_numeric(frame[negative], errors="coerce").fillna(0).to_numpy(dtype="float64")
    median = float(np.median(values))
    mad = float(np.median(np.abs(values - median)))
    threshold = median + k * mad
    keep = (values > threshold) & (values >= minimum)
    return frame.loc[keep].assign(threshold=threshold).sort_values(day).reset_index(drop=True)


def negative_mentions(daily: pd.DataFrame) -> pd.Series:
    """Negative mentions per row, back from the KPIs (mentions × negative share, rounded): the
    catalogue keeps the share, the spike rule needs the count."""
    return (daily["social_mentions"] * daily["social_negative_mention_share"].fillna(0)).round()


def post_details(store: Store, start: date, end: date) -> pd.DataFrame:
    """One row per post published in the window: network, account, type, text, link, time."""
    whose, scoped = queries.account_sql("social_performance")
    return store.query(
        "SELECT post_id, any_value(network) AS network, any_value(account) AS account, "
        "any_value(post_type) AS post_type, any_value(post_text) AS post_text, "
        "any_value(post_url) AS post_url, min(coalesce(published_time, CAST(day_from AS TIMESTAMP))) "
        "AS published FROM social_performance "
        f"WHERE post_id IS NOT NULL AND day_from >= ? AND day_to <= ?{whose} GROUP BY post_id",
        [start, end, *scoped])


def top_posts(rates: pd.DataFrame, details: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Posts ranked by engagement rate (KPI frame by post_id), with what they were."""
    if rates.empty:
        return rates
    ranked = rates.dropna(subset=["social_engagement_rate"]).merge(details, on="post_id", how="left")
    ranked = ranked.sort_values("social_engagement_rate", ascending=False).head(n)
    first = ["published", "network", "account", "post_type", "post_text", "post_url"]
    return ranked[[c for c in first if c in ranked] + [c for c in ranked if c not in first]]
