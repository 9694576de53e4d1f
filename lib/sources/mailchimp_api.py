"""Mailchimp Marketing API connector: `/3.0/reports` -> email_campaigns rows.

Auth is HTTP Basic with the API key, whose `-us6` suffix names the data center (host).
Reports are lifetime totals per campaign, stored on the send day and replaced on re-pull.
`batches` yields one page per batch for the pull loop (lib.ingest.pull), which loads them.
"""
from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import requests

from lib.i18n.messages import Message
from lib.redact import secrets_of
from lib.sources.api import Batch, Field, Setting, with_account
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, request_json

NAME = "mailchimp"
LABEL = "Mailchimp"
SYSTEM_LABEL = "Mailchimp"
ICON = ":material/mail:"
FORMAT = "mailchimp_api"
ORIGIN = "mailchimp"
SETTINGS = (
    Setting("api_key", secret=True, env=("MAILCHIMP_API_KEY", "BALISE_MAILCHIMP_API_KEY"),
            required="api_key", flag="--api-key",
            flag_help="Mailchimp API key (with its -usN suffix)"),
    Setting("endpoint", env=("BALISE_MAILCHIMP_ENDPOINT",)),
)
FORM = (Field("key", "api_key", kind="secret", help=True, saved="src_mailchimp_key_saved"),)
USAGE = "--api-key KEY (or BALISE_MAILCHIMP_API_KEY)"
ENV_HINT = "BALISE_MAILCHIMP_API_KEY"
LOAD_WARNINGS = False    # as before the pull loop: a Mailchimp summary leaves them out
GRAIN = ("platform", "campaign_id")
PAGE_SIZE = 100          # Mailchimp accepts up to 1000 per page; 100 keeps answers small
REVISE_DAYS = 30         # opens and clicks keep coming for weeks after a send
BACKFILL_DAYS = 366      # a year back from today, both ends included
KEY = re.compile(r"[0-9A-Za-z]{8,}-([a-z]{2,4}\d{1,3})")
MASK = "••••"

HINTS = {
    401: Message("Create a key in Mailchimp > Profile > Extras > API keys and copy it whole "
                 "(with its -usN suffix).", "pull_mailchimp_401"),
    403: Message("The key's user lacks access to reports; use a key of an Admin or Manager user.",
                 "pull_mailchimp_403"),
}


def base_url(config: dict) -> str:
    """https://<dc>.api.mailchimp.com/3.0, or BALISE_MAILCHIMP_ENDPOINT + /3.0 for tests."""
    key = str(config.get("api_key") or "")
    dc = key.rsplit("-", 1)[-1] if "-" in key else ""
    # The suffix becomes a host name: accept only what Mailchimp issues (us6, eu1...).
    if not re.fullmatch(r"[a-z]{2,4}\d{1,3}", dc):
        raise PullError(Message("Mailchimp: the API key has no data-center suffix (it ends like "
                                "'-us6'); copy the whole key from Profile > Extras > API keys.",
                                "pull_mailchimp_no_dc"))
    endpoint = config.get("endpoint") or os.environ.get("BALISE_MAILCHIMP_ENDPOINT")
    return (endpoint or f"https://{dc}.api.mailchimp.com").rstrip("/") + "/3.0"


def account_name(config: dict, session: requests.Session, policy: Policy | None) -> str:
    """`GET /3.0/` (the API root): the account's name, else its id."""
    reply = request_json(session, "GET", base_url(config) + "/", label="Mailchimp", policy=policy,
                         secrets=secrets_of(config), hints=HINTS, auth=("balise", config["api_key"]))
    data = reply.data if isinstance(reply.data, dict) else {}
    return str(data.get("account_name") or data.get("account_id") or "").strip() or "?"


def pages(config: dict, start: date, end: date, *, session: requests.Session | None = None,
          policy: Policy | None = None, page_size: int = PAGE_SIZE):
    """Yield raw `/reports` pages of campaigns sent between START and END (inclusive)."""
    url = base_url(config) + "/reports"
    session = session or requests.Session()
    params = {
        "count": page_size,
        "since_send_time": datetime.combine(start, time(0), UTC).isoformat(),
        "before_send_time": datetime.combine(end + timedelta(days=1), time(0),
                                             UTC).isoformat(),
    }
    offset = 0
    while True:
        reply = request_json(session, "GET", url, label="Mailchimp", policy=policy,
                             secrets=secrets_of(config), hints=HINTS,
                             params={**params, "offset": offset},
                             auth=("balise", config["api_key"]))
        page = reply.data
        yield page
        got = len(page.get("reports") or [])
        offset += got
        if not got or offset >= int(page.get("total_items") or 0):
            break


def fetch(config: dict, start: date, end: date, **kwargs) -> list[dict]:
    """Every `/reports` page for the window (see pages)."""
    return list(pages(config, start, end, **kwargs))


def _send_time(text: str | None):
    if not text:
        return None
    return pd.Timestamp(text).tz_convert("UTC").tz_localize(None)


def to_rows(payloads: list[dict]) -> list[Parsed]:
    """email_campaigns rows (one per campaign, on its send day) from `/reports` pages; pure."""
    rows = []
    for page in payloads:
        for r in page.get("reports") or []:
            sent_at = _send_time(r.get("send_time"))
            if sent_at is None:  # not sent yet: nothing to report
                continue
            bounces = r.get("bounces") or {}
            hard, soft = bounces.get("hard_bounces") or 0, bounces.get("soft_bounces") or 0
            sent = r.get("emails_sent") or 0
            ecommerce = r.get("ecommerce") or {}
            rows.append({
                "day_from": sent_at.date(), "day_to": sent_at.date(),
                "platform": NAME, "campaign_id": str(r["id"]),
                "campaign": r.get("campaign_title") or None, "subject": r.get("subject_line"),
                "list": r.get("list_name"), "send_time": sent_at,
                "currency": ecommerce.get("currency_code") or None,
                "sent": sent,
                "delivered": sent - hard - soft - (bounces.get("syntax_errors") or 0),
                "hard_bounces": hard, "soft_bounces": soft,
                "unique_opens": (r.get("opens") or {}).get("unique_opens"),
                # Mailchimp's click rate counts subscribers who clicked, not unique links.
                "unique_clicks": (r.get("clicks") or {}).get("unique_subscriber_clicks"),
                "unsubscribes": r.get("unsubscribed"), "complaints": r.get("abuse_reports"),
                "conversions": ecommerce.get("total_orders"),
                "revenue": ecommerce.get("total_revenue"),
            })
    if not rows:
        return []
    frame = pd.DataFrame(rows).drop_duplicates(["campaign_id"], keep="last")
    return [Parsed(table="email_campaigns", frame=frame, grain=GRAIN, format=FORMAT,
                   notes={"source": NAME})]


def last_day(store, config: dict) -> date | None:
    """Send day of the latest Mailchimp campaign pulled."""
    return store.scalar("SELECT max(day_to) FROM email_campaigns WHERE source = ?", [NAME])


def summary(config: dict, start: date, end: date) -> dict:
    """A pull's summary before its first page."""
    return {"source": NAME, "status": "ok", "start": start.isoformat(), "end": end.isoformat(),
            "campaigns": 0, "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [],
            "warnings": []}


def steps(start: date, end: date) -> int:
    """One progress step: the number of pages is known only after the first answer."""
    return 1


def batches(config: dict, start: date, end: date, *, session=None, policy: Policy | None = None,
            page_size: int = PAGE_SIZE):
    """The account the key belongs to, then one batch per `/reports` page holding sent campaigns
    (one load per page), its rows that account's."""
    session = session or requests.Session()
    account = account_name(config, session, policy)
    for n, page in enumerate(pages(config, start, end, session=session, policy=policy,
                                   page_size=page_size), 1):
        parsed = with_account(to_rows([page]), account)
        if parsed:
            yield Batch(f"Mailchimp API reports page {n}", parsed,
                        {"campaigns": len(parsed[0].frame)})
    yield Batch(step=True)


# -- the connection form ---------------------------------------------------------------------

def masked_key(api_key: str) -> str:
    """A key as `••••-us21`: its data center only."""
    found = KEY.fullmatch(str(api_key or "").strip())
    return f"{MASK}-{found.group(1)}" if found else MASK


def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    """(settings to save, keys to drop) from the form; ValueError(i18n key) when refused."""
    key = str(values.get("key") or "").strip()
    if not KEY.fullmatch(key):
        raise ValueError("src_mailchimp_bad_key")
    return {"api_key": key}, ()


def saved(config: dict) -> dict:
    """The key masked down to its data center."""
    return {"masked": masked_key(config.get("api_key"))}


def ping(config: dict, policy: Policy) -> dict:
    """Count the reports with the smallest answer Mailchimp gives."""
    reply = request_json(requests.Session(), "GET", base_url(config) + "/reports",
                         label="Mailchimp", policy=policy, secrets=secrets_of(config),
                         hints=HINTS, params={"count": 1, "fields": "total_items"},
                         auth=("balise", config["api_key"]))
    return {"n": int(reply.data.get("total_items") or 0)}
