"""The contract every export format and API connector fulfils.

A format module exposes:
    NAME: str                      registry name, e.g. "google_ads"
    LABEL: str                     human name, e.g. "Google Ads report"
    detect(sample: Sample) -> float    confidence 0..1 that the file is of this format
    parse(sample: Sample) -> list[Parsed]   canonical frames (raise Refused to refuse the file)
An API connector adds fetch(...) (network) and to_rows(payloads) -> list[Parsed] (pure).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# Dimension columns of each canonical table, in natural-key order (see lib/sql/001_schema.sql).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "site_traffic": ("source_name", "medium", "campaign", "channel_group", "device", "country",
                     "landing_page", "page_path", "event_name"),
    "site_items": ("item_category", "item_name"),
    "ad_performance": ("platform", "account", "campaign", "ad_group", "ad", "age", "gender",
                       "device", "region"),
    "social_performance": ("network", "account", "post_id"),
    "email_campaigns": ("platform", "campaign_id"),
    "search_console": ("query", "page", "country", "device", "search_appearance"),
    "orders": ("order_id",),
    "leads": ("lead_id",),
    "mentions": ("mention_id",),
    "nps_responses": ("response_id",),
    "experiment_results": ("experiment", "variant", "metric"),
}

# Descriptive columns: stored with the row but not part of its natural key.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "site_traffic": ("currency",),
    "site_items": ("currency",),
    "ad_performance": ("currency",),
    "social_performance": ("post_type", "post_text", "post_url", "published_time"),
    "email_campaigns": ("campaign", "subject", "list", "send_time", "currency"),
    "search_console": (),
    "orders": ("customer_id", "order_time", "channel", "country", "kind", "currency"),
    "leads": ("created_time", "lead_source", "campaign", "status", "currency"),
    "mentions": ("mention_time", "network", "author", "url", "text", "sentiment"),
    "nps_responses": ("response_time", "segment", "comment"),
    "experiment_results": (),
}

METRICS: dict[str, tuple[str, ...]] = {
    "site_traffic": ("sessions", "users", "new_users", "engaged_sessions", "bounces", "page_views",
                     "session_duration_s", "exits", "add_to_carts", "checkouts", "transactions",
                     "revenue", "key_events", "event_count"),
    "site_items": ("items_viewed", "items_added_to_cart", "items_checked_out", "items_purchased",
                   "item_revenue"),
    "ad_performance": ("impressions", "reach", "clicks", "all_clicks", "cost", "conversions",
                       "conversion_value"),
    "social_performance": ("impressions", "reach", "engagements", "reactions", "comments", "shares",
                           "saves", "clicks", "video_views", "profile_visits", "followers",
                           "follows", "unfollows"),
    "email_campaigns": ("sent", "delivered", "hard_bounces", "soft_bounces", "unique_opens",
                        "unique_clicks", "unsubscribes", "complaints", "conversions", "revenue",
                        "list_size"),
    "search_console": ("clicks", "impressions", "position_sum"),
    "orders": ("items", "revenue"),
    "leads": ("leads", "customers", "value"),
    "mentions": ("mentions", "negative_mentions", "author_reach"),
    "nps_responses": ("score",),
    "experiment_results": ("units", "conversions", "value_sum", "value_sq_sum"),
}

TABLES = tuple(DIMENSIONS)


def columns(table: str) -> tuple[str, ...]:
    """Canonical columns a parser fills (besides day_from/day_to), in schema order."""
    return DIMENSIONS[table] + ATTRIBUTES[table] + METRICS[table]


class Refused(Exception):
    """The file is refused as a whole; the message says why and what to do."""


@dataclass
class Rejected:
    line: int          # 1-based line number in the file
    reason: str


@dataclass
class Sample:
    """A file as read once: raw bytes plus its decoded text (decoding done by lib.sources.text)."""
    name: str
    data: bytes
    text: str = ""
    encoding: str = ""


@dataclass
class Parsed:
    """One canonical table extracted from a file (a file may give several, e.g. GA4 snapshots).

    frame holds day_from, day_to (datetime.date or ISO strings) and any of columns(table);
    dimension columns the export did not carry are left out (they are stored as NULL).
    grain lists the dimensions the export carried; rows are daily when day_from == day_to.
    """
    table: str
    frame: pd.DataFrame
    grain: tuple[str, ...]
    format: str
    warnings: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: dict = field(default_factory=dict)   # e.g. {"period": ..., "currency": ..., "title": ...}
