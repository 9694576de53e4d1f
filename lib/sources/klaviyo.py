"""Klaviyo campaign "Export Analytics" CSV (FORMATS §5: column set from parsers, no real file seen).

Its columns are named by the shared email_campaigns vocabulary; rates are per successful
delivery, written as percents or fractions (decided per column). Klaviyo's interface is English
only, so its detection words are English."""
from __future__ import annotations

import pandas as pd

from lib.i18n.messages import Message
from lib.sources.base import Parsed, Sample
from lib.sources.mailchimp_csv import parse_email_table
from lib.sources.text import read_table

NAME = "klaviyo"
LABEL = "Klaviyo campaign export (CSV)"


def detect(sample: Sample) -> float:
    """Klaviyo header: Campaign Name + Send Time + Unique Placed Order or Campaign Channel."""
    head = sample.text.lstrip("\ufeff").split("\n", 1)[0].lower()
    if "campaign name" in head and "send time" in head and "total recipients" in head:
        return 0.9 if ("placed order" in head or "campaign channel" in head) else 0.6
    return 0.0


def parse(sample: Sample) -> list[Parsed]:
    """One email_campaigns row per campaign (revenue without a currency mark: currency left empty)."""
    parsed = parse_email_table(sample, read_table(sample), "klaviyo", NAME)
    f = parsed.frame
    if "revenue" in f and f["revenue"].notna().any() and f.get("currency", pd.Series()).isna().all():
        parsed.warnings.append(Message("Revenue has no currency in the Klaviyo export: stored without one.",
                                       "msg_klaviyo_currency"))
    return [parsed]
