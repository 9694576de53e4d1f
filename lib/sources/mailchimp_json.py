"""Mailchimp API 3.0 responses saved as JSON: `/campaigns` (report_summary) and `/reports` (FORMATS §5)."""
from __future__ import annotations

from lib.i18n.messages import Message
from lib.sources.base import Parsed, Refused, Sample
from lib.sources.mailchimp_csv import campaign_frame
from lib.sources.text import json_object, parse_datetime

NAME = "mailchimp_json"
LABEL = "Mailchimp API response (JSON)"




def _items(data: dict) -> tuple[str, list[dict]] | None:
    """('campaigns'|'reports', items) for a list response or a single object."""
    for key in ("campaigns", "reports"):
        if isinstance(data.get(key), list):
            return key, data[key]
    if "report_summary" in data or "settings" in data:
        return "campaigns", [data]
    if "emails_sent" in data and "opens" in data:
        return "reports", [data]
    return None


def detect(sample: Sample) -> float:
    """A JSON object holding Mailchimp `campaigns` or `reports`."""
    data = json_object(sample)
    if data is None or (found := _items(data)) is None:
        return 0.0
    items = found[1]
    if items and not any("emails_sent" in i or "report_summary" in i for i in items[:5]):
        return 0.3
    return 0.95


def _from_campaign(c: dict) -> dict:
    """`/campaigns` item: counts in report_summary; bounces are not given there."""
    settings, summary = c.get("settings", {}), c.get("report_summary") or {}
    ecommerce = summary.get("ecommerce") or {}
    return {
        "campaign_id": c.get("id"), "campaign": settings.get("title"),
        "subject": settings.get("subject_line"),
        "list": (c.get("recipients") or {}).get("list_name"),
        "send_time": parse_datetime(c.get("send_time") or ""),
        "sent": c.get("emails_sent"), "unique_opens": summary.get("unique_opens"),
        # subscriber_clicks is the unique-clicker count (`clicks` counts every click)
        "unique_clicks": summary.get("subscriber_clicks"),
        "conversions": ecommerce.get("total_orders"), "revenue": ecommerce.get("total_revenue"),
        "_rates": {"open_rate": summary.get("open_rate"), "click_rate": summary.get("click_rate")},
    }


def _from_report(r: dict) -> dict:
    """`/reports` item: full counts (bounces, unsubscribes, abuse reports, ecommerce)."""
    bounces, opens, clicks = r.get("bounces") or {}, r.get("opens") or {}, r.get("clicks") or {}
    ecommerce = r.get("ecommerce") or {}
    return {
        "campaign_id": r.get("id"), "campaign": r.get("campaign_title"),
        "subject": r.get("subject_line"), "list": r.get("list_name"),
        "send_time": parse_datetime(r.get("send_time") or ""),
        "sent": r.get("emails_sent"), "hard_bounces": bounces.get("hard_bounces"),
        "soft_bounces": bounces.get("soft_bounces"), "unique_opens": opens.get("unique_opens"),
        "unique_clicks": clicks.get("unique_clicks"), "unsubscribes": r.get("unsubscribed"),
        "complaints": r.get("abuse_reports"), "conversions": ecommerce.get("total_orders"),
        "revenue": ecommerce.get("total_revenue"), "currency": ecommerce.get("currency_code"),
        "_rates": {"open_rate": opens.get("open_rate"), "click_rate": clicks.get("click_rate")},
    }


def parse(sample: Sample) -> list[Parsed]:
    """One email_campaigns row per sent campaign; API rates are fractions, checked not stored."""
    data = json_object(sample)
    found = _items(data) if data is not None else None
    if found is None:
        raise Refused(Message(f"{sample.name}: not a Mailchimp API response (expected a JSON object with "
                              "`campaigns` or `reports`). Save the raw response of GET /3.0/reports.",
                              "msg_mcj_unknown", name=sample.name))
    kind, items = found
    records, warnings, unsent = [], [], 0
    for n, item in enumerate(items, start=1):
        rec = _from_campaign(item) if kind == "campaigns" else _from_report(item)
        if rec["send_time"] is None:
            unsent += 1  # drafts and scheduled campaigns have no send_time
            continue
        records.append(rec)
        _check_rates(rec, n, warnings)
    if unsent:
        warnings.append(Message(f"{unsent} campaign(s) without send_time (draft/scheduled) were not loaded.",
                                "msg_mcj_unsent", count=unsent))
    if not records:
        raise Refused(Message(f"{sample.name}: no sent campaign in the response ({len(items)} item(s)).",
                              "msg_mcj_none_sent", name=sample.name, items=len(items)))
    frame, notes = campaign_frame(records, "mailchimp")
    notes.update(endpoint=kind, rates="fraction")
    if kind == "campaigns":
        notes["delivered"] = "unique_opens / open_rate (report_summary has no bounces)"
    return [Parsed("email_campaigns", frame, ("platform", "campaign_id"), NAME, warnings, [], notes)]


def _check_rates(rec: dict, n: int, warnings: list[str]) -> None:
    """open_rate/click_rate are fractions of delivered emails (sent - bounces).

    /campaigns gives no bounces: delivered is then recomputed as unique_opens / open_rate.
    """
    rates = rec.pop("_rates")
    bounces = [rec.get("hard_bounces"), rec.get("soft_bounces")]
    if rec.get("sent") is not None and any(b is not None for b in bounces):
        rec["delivered"] = rec["sent"] - sum(b or 0 for b in bounces)
    elif rates.get("open_rate") and rec.get("unique_opens"):
        rec["delivered"] = round(rec["unique_opens"] / rates["open_rate"])
    den = rec.get("delivered")
    for rate, count in (("open_rate", "unique_opens"), ("click_rate", "unique_clicks")):
        value, num = rates.get(rate), rec.get(count)
        if value is None or num is None or not den:
            continue
        if abs(value - num / den) > 0.0001 + 0.005 * value:
            warnings.append(Message(f"campaign {n} ({rec.get('campaign_id')}): {rate} {value} differs from "
                                    f"{count}/delivered ({num:g}/{den:g}); the counts were kept.",
                                    "msg_mcj_rate", n=n, campaign=str(rec.get("campaign_id")),
                                    rate=Message(rate, f"msg_word_{rate}"), value=value, count_column=count,
                                    num=num, den=den))
