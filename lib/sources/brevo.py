"""Brevo (ex-Sendinblue) email campaigns: API `GET /v3/emailCampaigns` JSON, or a CSV (FORMATS §5).

No Brevo UI export was observed: the CSV path accepts the API statistic names as headers and
the labels of the Brevo UI (vocabulary.toml `email_campaigns`, in every language it ships).
"""
from __future__ import annotations

from lib.i18n.messages import Message
from lib.sources import vocabulary
from lib.sources.base import Parsed, Refused, Sample
from lib.sources.convert import first_row
from lib.sources.mailchimp_csv import campaign_frame, header, parse_email_table
from lib.sources.text import json_object, parse_datetime, read_table

NAME = "brevo"
LABEL = "Brevo email campaigns"

# Brevo's own loose words (API statistic names and short UI labels) on top of the shared
# email_campaigns vocabulary: only in a Brevo file is `Clicks` the unique clickers.
EXTRA = {"id": "campaign_id", "name": "campaign", "sentdate": "send_time",
         "hardbounces": "hard_bounces", "softbounces": "soft_bounces", "uniqueviews": "unique_opens",
         "uniqueclicks": "unique_clicks", "opens": "unique_opens", "clicks": "unique_clicks"}
# API statistics -> canonical (developers.brevo.com, GET /v3/emailCampaigns)
_STATS = {"sent": "sent", "delivered": "delivered", "hardBounces": "hard_bounces",
          "softBounces": "soft_bounces", "uniqueViews": "unique_opens",
          "uniqueClicks": "unique_clicks", "unsubscriptions": "unsubscribes",
          "complaints": "complaints"}


def detect(sample: Sample) -> float:
    """Brevo JSON (`statistics.globalStats`) or a CSV with uniqueViews/hardBounces headers."""
    data = json_object(sample)
    if data is not None:
        items = data.get("campaigns", [data])
        ok = isinstance(items, list) and any(
            isinstance(c, dict) and "statistics" in c for c in items[:5])
        return 0.95 if ok else 0.0
    head = sample.text.lstrip("\ufeff").split("\n", 1)[0].lower()
    if "uniqueviews" in head or ("hardbounces" in head and "delivered" in head):
        return 0.8
    if "brevo" in sample.name.lower() and "delivered" in head:
        return 0.6
    # in any interface language: a campaign name (not Mailchimp's Title), a send date, sent,
    # delivered and hard bounces (Klaviyo gives one Bounces count)
    found = header(first_row(sample.text), EXTRA)
    if found.has("campaign", "send_time", "sent", "delivered", "hard_bounces") \
            and vocabulary.columns("email_campaigns", first_row(sample.text)).find("title") is None:
        return 0.6
    return 0.0


def parse(sample: Sample) -> list[Parsed]:
    """One email_campaigns row per sent campaign."""
    data = json_object(sample)
    if data is None:
        return [parse_email_table(sample, read_table(sample), "brevo", NAME, EXTRA)]
    records, warnings = campaign_records(data.get("campaigns", [data])), []
    if not records:
        raise Refused(Message(f"{sample.name}: no sent campaign (with sentDate) in the Brevo response. "
                              "Fetch GET /v3/emailCampaigns?status=sent&statistics=globalStats.",
                              "msg_brevo_none_sent", name=sample.name))
    frame, notes = campaign_frame(records, "brevo")
    return [Parsed("email_campaigns", frame, ("platform", "campaign_id"), NAME, warnings, [], notes)]


def campaign_records(items: list) -> list[dict]:
    """One record per sent campaign of a `GET /v3/emailCampaigns` answer (the file and the API
    connector read it alike, so a saved answer and a pull of the same campaigns share keys)."""
    records = []
    for c in items:
        send = parse_datetime(c.get("sentDate") or "")
        if send is None:
            continue  # drafts/scheduled campaigns have no sentDate
        stats = (c.get("statistics") or {})
        total = stats.get("globalStats") or {}
        if not any(total.values()):
            # globalStats empty: add up the per-list statistics
            total = {}
            for per_list in stats.get("campaignStats") or []:
                for k, v in per_list.items():
                    if k in _STATS and isinstance(v, int | float):
                        total[k] = total.get(k, 0) + v
        rec = {"campaign_id": str(c.get("id")), "campaign": c.get("name"),
               "subject": c.get("subject"), "send_time": send}
        rec.update({canon: total.get(api) for api, canon in _STATS.items()})
        records.append(rec)
    return records
