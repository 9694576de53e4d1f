"""The range a KPI's value can take, so that bands drawn around it (alerts' anomaly and change
bands) never promise a value it cannot have: no negative revenue, no CTR above 100 %.

(low, high), None for an open side. Counts, money and durations cannot go below zero; a
position starts at 1; a share (a part of its denominator) stays within 0..1. Rates whose
numerator is not a part of their denominator (conversions per click, engagements per reach)
can pass 100 %, and a net rate (audience growth) can be negative, so they keep an open side.
"""
from __future__ import annotations

import numpy as np

from lib.kpis import catalogue as kpis

# Rates whose numerator counts a part of their denominator: at most 100 %.
SHARES = frozenset({
    "site_engagement_rate", "site_bounce_rate", "site_exit_rate", "site_quick_back_rate",
    "site_scroll_depth", "paid_ctr", "seo_ctr", "social_negative_mention_share",
    "social_response_rate", "social_negative_item_share", "email_deliverability_rate",
    "email_bounce_rate", "email_open_rate", "email_click_rate", "email_unsubscribe_rate",
    "lead_to_customer_rate",
})
SPECIAL: dict[str, tuple[float | None, float | None]] = {
    "social_audience_growth": (None, None),        # unfollows can outnumber follows
    "site_cart_abandonment_rate": (None, 1.0),     # 1 - purchases / adds: GA4 can count more purchases
    "nps": (-100.0, 100.0),
}
UNIT_RANGE: dict[str, tuple[float | None, float | None]] = {
    "count": (0.0, None), "money": (0.0, None), "seconds": (0.0, None),
    "position": (1.0, None), "rate": (0.0, None), "number": (0.0, None),
}


def bounds(kpi_id: str | None) -> tuple[float | None, float | None]:
    """(low, high) a KPI's value can take; (None, None) without a KPI."""
    if not kpi_id:
        return None, None
    if kpi_id in SPECIAL:
        return SPECIAL[kpi_id]
    if kpi_id in SHARES:
        return 0.0, 1.0
    return UNIT_RANGE.get(kpis.get(kpi_id).unit, (None, None))



def clip(low, high, bounds: tuple[float | None, float | None] = (None, None)):
    """A band kept inside a range: no revenue band below 0, no CTR above 100 %. Works on numbers
    and on numpy arrays alike; an open side (None) of the band or of the range stays open."""
    floor, ceiling = bounds

    def inside(x):
        if x is None:
            return None
        if np.ndim(x) == 0:   # a number stays a plain float (stored, compared, formatted)
            x = float(x) if floor is None else max(float(x), floor)
            return x if ceiling is None else min(x, ceiling)
        x = x if floor is None else np.maximum(x, floor)
        return x if ceiling is None else np.minimum(x, ceiling)
    return inside(low), inside(high)
