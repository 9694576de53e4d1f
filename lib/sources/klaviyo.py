"""Klaviyo campaign "Export Analytics" CSV (FORMATS §5: column set from parsers, no real file seen)."""
from __future__ import annotations

from lib.sources.base import Parsed, Sample
from lib.sources.mailchimp_csv import parse_email_table
from lib.sources.text import read_table

NAME = "klaviyo"
LABEL = "Klaviyo campaign export (CSV)"

COLUMNS = {
    "campaign_id": ("campaign id",),
    "campaign": ("campaign name",),
    "subject": ("subject",),
    "list": ("list",),
    "send_time": ("send time",),
    "sent": ("total recipients",),
    "delivered": ("successful deliveries",),
    "bounces": ("bounces",),
    "unique_opens": ("unique opens",),
    "unique_clicks": ("unique clicks",),
    "unsubscribes": ("unsubscribes",),
    "complaints": ("spam complaints",),
    "conversions": ("unique placed order",),
    "revenue": ("revenue", "total placed order value"),
}
# Klaviyo rates are per successful delivery; written "0%"-style (guess) or as fractions
RATES = {"open rate": ("unique_opens", "delivered"), "click rate": ("unique_clicks", "delivered")}


def detect(sample: Sample) -> float:
    """Klaviyo header: Campaign Name + Send Time + Unique Placed Order or Campaign Channel."""
    head = sample.text.lstrip("\ufeff").split("\n", 1)[0].lower()
    if "campaign name" in head and "send time" in head and "total recipients" in head:
        return 0.9 if ("placed order" in head or "campaign channel" in head) else 0.6
    return 0.0


def parse(sample: Sample) -> list[Parsed]:
    """One email_campaigns row per campaign (revenue currency not in the export: left empty)."""
    parsed = parse_email_table(sample, read_table(sample), "klaviyo", NAME, COLUMNS, RATES)
    if "revenue" in parsed.frame and parsed.frame["revenue"].notna().any():
        parsed.warnings.append("Revenue has no currency in the Klaviyo export: stored without one.")
    return [parsed]
