"""The canonical schema: each fact table's dimensions (natural-key order), attributes and metrics.

Every stage reads it: parsers fill these columns, ingest keys and stores them, queries aggregate them.
"""
from __future__ import annotations

# Dimension columns of each canonical table, in natural-key order (see lib/store/sql/001_schema.sql).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "site_traffic": ("source_name", "medium", "campaign", "channel_group", "device", "country",
                     "landing_page", "page_path", "event_name"),
    "site_items": ("item_category", "item_name"),
    "ad_performance": ("platform", "account", "campaign", "ad_group", "ad", "age", "gender",
                       "device", "region", "keyword", "search_term"),
    "social_performance": ("network", "account", "post_id"),
    "email_campaigns": ("platform", "campaign_id"),
    "search_console": ("query", "page", "country", "device", "search_appearance"),
    "orders": ("order_id",),
    "leads": ("lead_id",),
    "mentions": ("mention_id",),
    "nps_responses": ("response_id",),
    "experiment_results": ("experiment", "variant", "metric"),
    "conversations": ("network", "account", "kind", "item_id"),
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
    "conversations": ("received_time", "replied_time", "author", "text", "sentiment", "post_id", "url"),
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
    # answered: 1 once the business replied; the response hours are empty for an item never answered
    "conversations": ("items", "answered", "negative_items", "response_hours", "business_response_hours"),
}

TABLES = tuple(DIMENSIONS)

# Columns every fact table holds before its canonical ones, and the SQL types the schema uses:
# with columns(), the allowlist of what may reach SQL text from a store's own catalogue.
BOOKKEEPING = ("key", "load_id", "source", "grain", "day_from", "day_to")
SQL_TYPES = ("VARCHAR", "DOUBLE", "BIGINT", "INTEGER", "DATE", "TIMESTAMP", "BOOLEAN")


def columns(table: str) -> tuple[str, ...]:
    """Canonical columns a parser fills (besides day_from/day_to), in schema order."""
    return DIMENSIONS[table] + ATTRIBUTES[table] + METRICS[table]


def grain_name(dims: tuple[str, ...] | list[str], table: str) -> str:
    """Canonical grain text: the carried dimensions in schema order, '+'-joined."""
    carried = set(dims)
    return "+".join(d for d in DIMENSIONS[table] if d in carried)
