"""Store reads for the customers page: orders in the shape lib.customers expects, NPS answers."""
from __future__ import annotations

from datetime import date

import pandas as pd

from lib.kpis import queries
from lib.store import Store

ORDER_COLUMNS = ("order_id", "customer_id", "order_time", "revenue", "kind", "channel")
NPS_COLUMNS = ("response_time", "score", "segment", "comment")


def orders(store: Store, currency: str | None = None) -> pd.DataFrame:
    """Every order, cancellation and return (all history: cohorts need it), oldest first.

    kind defaults to 'order'; a row's time defaults to its first day. With a currency, rows in
    another currency are left out (amounts of two currencies are never added); rows without one
    are kept. Only the accounts (shops) the reader looks at (queries.ACCOUNTS).
    """
    whose, params = queries.account_sql("orders")
    where = f" WHERE true{whose}"
    if currency:
        where, params = where + " AND coalesce(currency, ?) = ?", [*params, currency, currency]
    frame = store.query(
        "SELECT order_id, customer_id, coalesce(order_time, CAST(day_from AS TIMESTAMP)) "
        "AS order_time, revenue, coalesce(nullif(lower(kind), ''), 'order') AS kind, "
        f"nullif(trim(channel), '') AS channel FROM orders{where} "
        "ORDER BY order_time, order_id", params)
    frame["order_time"] = pd.to_datetime(frame["order_time"])
    frame["revenue"] = frame["revenue"].astype("float64")
    return frame[list(ORDER_COLUMNS)]


def order_currencies(store: Store) -> list[str]:
    """The currencies the orders are in."""
    whose, params = queries.account_sql("orders")
    return [r[0] for r in store.rows(
        f"SELECT DISTINCT currency FROM orders WHERE currency IS NOT NULL{whose} ORDER BY 1", params)]


def has_channel(frame: pd.DataFrame) -> bool:
    """Whether the orders carry an acquisition channel (the by-channel views need it)."""
    return bool(len(frame)) and frame["channel"].notna().any()


def nps_responses(store: Store, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """NPS answers (score 0..10) answered inside the window, or all of them; oldest first."""
    where, params = queries.account_sql("nps_responses")
    if start is not None and end is not None:
        where, params = where + " AND day_from >= ? AND day_to <= ?", [*params, start, end]
    frame = store.query(
        "SELECT coalesce(response_time, CAST(day_from AS TIMESTAMP)) AS response_time, score, "
        "segment, comment FROM nps_responses "
        f"WHERE score IS NOT NULL AND score BETWEEN 0 AND 10{where} ORDER BY response_time",
        params)
    frame["response_time"] = pd.to_datetime(frame["response_time"])
    frame["score"] = frame["score"].astype("float64")
    return frame[list(NPS_COLUMNS)]
