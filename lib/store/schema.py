"""The canonical schema: each fact table's dimensions (natural-key order), attributes and metrics.

Every stage reads it: parsers fill these columns, ingest keys and stores them, queries aggregate them.
"""
from __future__ import annotations

# Dimension columns of each canonical table, in natural-key order (see lib/store/sql/001_schema.sql).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "site_traffic": ("account", "source_name", "medium", "campaign", "channel_group", "device",
                     "country", "landing_page", "page_path", "event_name"),
    "site_items": ("account", "item_category", "item_name"),
    "ad_performance": ("platform", "account", "campaign", "ad_group", "ad", "age", "gender",
                       "device", "region", "keyword", "search_term"),
    "social_performance": ("network", "account", "post_id"),
    "email_campaigns": ("account", "platform", "campaign_id"),
    "search_console": ("account", "query", "page", "country", "device", "search_appearance"),
    "orders": ("account", "order_id"),
    "leads": ("account", "lead_id"),
    "mentions": ("account", "mention_id"),
    "nps_responses": ("account", "response_id"),
    "experiment_results": ("experiment", "variant", "metric"),
    "site_friction": ("page", "device"),

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
    "site_friction": (),

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
    # Microsoft Clarity (lib/store/sql/007_site_friction.sql says what each one counts)
    "site_friction": ("sessions", "page_views", "rage_clicks", "rage_click_sessions", "dead_clicks",
                      "dead_click_sessions", "quick_backs", "quick_back_sessions",
                      "excessive_scrolls", "script_errors", "error_clicks", "scroll_depth_sum",
                      "active_time_s"),

    # answered: 1 once the business replied; the response hours are empty for an item never answered
    "conversations": ("items", "answered", "negative_items", "response_hours", "business_response_hours"),
}

TABLES = tuple(DIMENSIONS)

# Whose a row is (issue 16): the site, property, shop, ad, e-mail or social account. Always part
# of the key (lib/ingest/load.py), whether or not the export carried it; rows of workspaces made
# before migration 006, and files that name none, get DEFAULT_ACCOUNT.
OWNED = tuple(t for t in TABLES if "account" in DIMENSIONS[t])
DEFAULT_ACCOUNT = "main"

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
