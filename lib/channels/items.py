"""Product items (GA4 item reports): cart abandonment by item category."""
from __future__ import annotations

from datetime import date

import pandas as pd

from lib.kpis import queries
from lib.store import Store


def by_category(store: Store, start: date, end: date) -> pd.DataFrame:
    """Items added to cart vs purchased per category in the window, and the abandonment rate.

    One cut per source and account (the one carrying item_category, daily rows preferred), as
    the KPI queries do: two cuts of the same items are never added.
    """
    chosen, _ = queries._choose_grains(store, "site_items", start, end, {"item_category"}, False)
    cols = ["item_category", "items_added_to_cart", "items_purchased", "abandonment_rate"]
    if not chosen:
        return pd.DataFrame(columns=cols)
    params: list = [start, end]
    pairs = []
    for (source, account), grain in chosen.items():   # one cut per source and account
        pairs.append("(source = ? AND account IS NOT DISTINCT FROM ? AND grain = ?)")
        params += [source, account, grain]
    frame = store.query(
        "SELECT coalesce(item_category, '(not set)') AS item_category, "
        "sum(items_added_to_cart) AS items_added_to_cart, sum(items_purchased) AS items_purchased "
        f"FROM site_items WHERE day_from >= ? AND day_to <= ? AND ({' OR '.join(pairs)}) "
        "GROUP BY 1 ORDER BY 2 DESC NULLS LAST", params)
    added = frame["items_added_to_cart"].where(frame["items_added_to_cart"] != 0)
    frame["abandonment_rate"] = 1 - frame["items_purchased"] / added
    return frame[cols]
