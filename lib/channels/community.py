"""Community management: are comments, messages and reviews answered, and how fast.

The figures are the catalogue's `social_*` conversation KPIs; this module adds the workspace's
choice of clock (calendar or business hours), the weekday x hour response map, and the oldest
items still waiting for an answer, negative ones first.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from lib import access
from lib.kpis import queries
from lib.sources.community import KINDS
from lib.store import Store, settings

__all__ = ["KINDS", "clock", "set_clock", "time_kpis", "kpi_ids", "heatmap", "oldest_unanswered",
           "unanswered_negative"]

TABLE = "conversations"
SETTING = "community_hours"          # workspace setting: which clock response times are read in
CLOCKS = ("hours", "business_hours")
DEFAULT_CLOCK = "hours"
COLUMNS = {"hours": "response_hours", "business_hours": "business_response_hours"}
OLDEST_SHOWN = 20                     # rows of the "still unanswered" list


def clock(store: Store) -> str:
    """The workspace's clock for response times (calendar hours unless set otherwise)."""
    value = settings.get(store, SETTING)
    return value if value in CLOCKS else DEFAULT_CLOCK


def set_clock(store: Store, value: str) -> None:
    """Choose calendar or business hours for the whole workspace."""
    access.check("edit_mappings")
    if value not in CLOCKS:
        raise ValueError(f"unknown clock {value!r}; use one of {', '.join(CLOCKS)}")
    settings.put(store, SETTING, value)


def time_kpis(chosen: str) -> list[str]:
    """The median and 90th-percentile response-time KPIs of a clock."""
    if chosen not in CLOCKS:
        raise ValueError(f"unknown clock {chosen!r}; use one of {', '.join(CLOCKS)}")
    return [f"social_response_{chosen}_median", f"social_response_{chosen}_p90"]


def kpi_ids(chosen: str) -> list[str]:
    """The Community section's KPIs, in the order they are shown."""
    return ["social_conversations", "social_response_rate", *time_kpis(chosen), "social_unanswered",
            "social_unanswered_negative", "social_negative_item_share"]


def heatmap(store: Store, start: date, end: date, chosen: str) -> pd.DataFrame:
    """Items received per weekday (0 = Monday) and hour, with the median response time of those
    answered and the share answered: the hours when the inbox waits."""
    column = COLUMNS[chosen]          # from a fixed allowlist
    whose, scoped = queries.account_sql(TABLE)
    return store.query(
        "SELECT isodow(received_time) - 1 AS weekday, hour(received_time) AS hour, "
        f"sum(items) AS items, sum(answered) / nullif(sum(items), 0) AS response_rate, "
        f"median({column}) AS median_hours FROM {TABLE} "
        f"WHERE day_from >= ? AND day_to <= ? AND received_time IS NOT NULL{whose} GROUP BY ALL ORDER BY 1, 2",
        [start, end, *scoped])


def oldest_unanswered(store: Store, start: date, end: date, now: datetime,
                      limit: int = OLDEST_SHOWN) -> pd.DataFrame:
    """Items received in the window and still unanswered: negative first, then the oldest; with
    their age in hours at `now`."""
    whose, scoped = queries.account_sql(TABLE)
    frame = store.query(
        f"SELECT received_time, network, account, kind, sentiment, text, url FROM {TABLE} "
        f"WHERE day_from >= ? AND day_to <= ? AND answered = 0{whose} "
        "ORDER BY coalesce(sentiment = 'negative', false) DESC, received_time, item_id LIMIT ?",
        [start, end, *scoped, int(limit)])
    frame["age_hours"] = ((pd.Timestamp(now) - pd.to_datetime(frame["received_time"]))
                          .dt.total_seconds() / 3600).round(1)
    return frame


def unanswered_negative(store: Store, moment: datetime, hours: int, days: int) -> pd.DataFrame:
    """Negative items received in the `days` before `moment`, more than `hours` old then and still
    without an answer at that moment (a reply dated later did not exist yet): the alert's rows."""
    whose, scoped = queries.account_sql(TABLE)
    return store.query(
        f"SELECT received_time, network, account, kind, text, url FROM {TABLE} "
        "WHERE sentiment = 'negative' AND received_time >= ? AND received_time <= ? "
        f"AND (answered = 0 OR replied_time > ?){whose} ORDER BY received_time",
        [moment - timedelta(days=days), moment - timedelta(hours=hours), moment, *scoped])
