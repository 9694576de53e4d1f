"""Brevo API v3 connector: `GET /v3/emailCampaigns` with global statistics -> email_campaigns.

`requests`, not Brevo's official `brevo-python` SDK: the SDK is generated code whose host can be
redirected, but it adds a dependency for two GET calls and hides the answer's headers (the
`x-sib-ratelimit-*` budget) that the shared HTTP policy (lib/sources/http.py) reads.
Auth is the `api-key` header. Campaigns are read with `status=sent&statistics=globalStats`,
filtered on their send date, `limit`/`offset` paged (100 per page, Brevo's maximum) until
`count`. The mapping is the Brevo file format's (`lib.sources.brevo.campaign_records`), so a
saved API answer uploaded as a file and a pull of the same campaigns share their keys.
Quota: Brevo's general limit is about 10 requests per second (the `x-sib-ratelimit-reset`
header says when the budget comes back; a 429 is retried after it, within the policy's bounds).
"""
from __future__ import annotations

import os
import re
from datetime import date, timedelta

import requests

from lib.i18n.messages import Message
from lib.redact import secrets_of
from lib.sources.api import Batch, Field, Setting, with_account
from lib.sources.base import Parsed
from lib.sources.brevo import campaign_records
from lib.sources.http import Policy, request_json
from lib.sources.mailchimp_csv import campaign_frame

NAME = "brevo"
LABEL = "Brevo"
SYSTEM_LABEL = "Brevo"
ICON = ":material/forward_to_inbox:"
FORMAT = "brevo_api"
ORIGIN = "brevo"          # the origin of Brevo file uploads (lib.sources.brevo)
SETTINGS = (
    Setting("api_key", secret=True, env=("BREVO_API_KEY", "BALISE_BREVO_API_KEY"),
            required="api_key", flag="--brevo-key", metavar="KEY",
            flag_help="Brevo API v3 key (xkeysib-...)"),
    Setting("endpoint", env=("BALISE_BREVO_ENDPOINT",)),
)
FORM = (Field("key", "api_key", kind="secret", help=True, saved="src_brevo_key_saved"),)
USAGE = "--brevo-key KEY (or BALISE_BREVO_API_KEY)"
ENV_HINT = "BALISE_BREVO_API_KEY"
LOAD_WARNINGS = False
GRAIN = ("platform", "campaign_id")
PAGE_SIZE = 100           # Brevo's maximum `limit` for /emailCampaigns
REVISE_DAYS = 30          # opens and clicks keep coming for weeks after a send
BACKFILL_DAYS = 366
KEY = re.compile(r"xkeysib-[0-9a-f]{20,}-[0-9A-Za-z]{8,}")
MASK = "••••"

HINTS = {
    401: Message("Create a key in Brevo > your name (top right) > SMTP & API > API keys > "
                 "Generate a new API key, and copy it whole (it starts with xkeysib-).",
                 "pull_brevo_401"),
    403: Message("The key is restricted: allow it to read campaigns, or check Brevo > Security > "
                 "Authorised IPs (a blocked IP gets 403).", "pull_brevo_403"),
}


def base_url(config: dict) -> str:
    endpoint = config.get("endpoint") or os.environ.get("BALISE_BREVO_ENDPOINT")
    return (endpoint or "https://api.brevo.com").rstrip("/") + "/v3"


def _headers(config: dict) -> dict:
    return {"api-key": str(config.get("api_key") or ""), "accept": "application/json"}


def reset_wait(response: requests.Response) -> float | None:
    """A 429's wait from Brevo's `x-sib-ratelimit-reset` (seconds) when no Retry-After is sent."""
    if response.status_code != 429:
        return None
    try:
        return max(0.0, float(response.headers.get("x-sib-ratelimit-reset") or 0))
    except ValueError:
        return 0.0


def pages(config: dict, start: date, end: date, *, session: requests.Session | None = None,
          policy: Policy | None = None, page_size: int = PAGE_SIZE):
    """Yield raw `/emailCampaigns` pages of campaigns sent between START and END (inclusive)."""
    session = session or requests.Session()
    params = {"type": "classic", "status": "sent", "statistics": "globalStats",
              "limit": page_size, "sort": "asc",
              "startDate": f"{start.isoformat()}T00:00:00.000Z",
              "endDate": f"{(end + timedelta(days=1)).isoformat()}T00:00:00.000Z"}
    offset = 0
    while True:
        reply = request_json(session, "GET", base_url(config) + "/emailCampaigns", label="Brevo",
                             policy=policy, secrets=secrets_of(config), hints=HINTS,
                             retry_wait=reset_wait, headers=_headers(config),
                             params={**params, "offset": offset})
        page = reply.data if isinstance(reply.data, dict) else {}
        yield page
        got = len(page.get("campaigns") or [])
        offset += got
        if not got or offset >= int(page.get("count") or 0):
            break


def fetch(config: dict, start: date, end: date, **kwargs) -> list[dict]:
    """Every `/emailCampaigns` page of the window (see pages)."""
    return list(pages(config, start, end, **kwargs))


def to_rows(payloads: list[dict]) -> list[Parsed]:
    """email_campaigns rows (one per sent campaign, on its send day) from the pages; pure."""
    records = campaign_records([c for page in payloads for c in page.get("campaigns") or []])
    if not records:
        return []
    frame, notes = campaign_frame(records, "brevo")
    frame = frame.drop_duplicates(["campaign_id"], keep="last")
    return [Parsed(table="email_campaigns", frame=frame, grain=GRAIN, format=FORMAT,
                   notes={**notes, "source": NAME})]


def last_day(store, config: dict) -> date | None:
    """Send day of the latest Brevo campaign stored (a file upload counts: same origin)."""
    return store.scalar("SELECT max(day_to) FROM email_campaigns WHERE source = ?", [NAME])


def summary(config: dict, start: date, end: date) -> dict:
    return {"source": NAME, "status": "ok", "start": start.isoformat(), "end": end.isoformat(),
            "campaigns": 0, "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [],
            "quota": "about 10 requests per second (x-sib-ratelimit headers)", "warnings": []}


def steps(start: date, end: date) -> int:
    return 1


def batches(config: dict, start: date, end: date, *, session=None, policy: Policy | None = None,
            page_size: int = PAGE_SIZE):
    """The account the key belongs to, then one batch per page holding sent campaigns (one load
    per page), its rows that account's."""
    session = session or requests.Session()
    account = account_name(config, session, policy)
    for n, page in enumerate(pages(config, start, end, session=session, policy=policy,
                                   page_size=page_size), 1):
        parsed = with_account(to_rows([page]), account)
        if parsed:
            yield Batch(f"Brevo API campaigns page {n}", parsed,
                        {"campaigns": len(parsed[0].frame)})
    yield Batch(step=True)


# -- the connection form ---------------------------------------------------------------------

def masked_key(api_key: str) -> str:
    """A key as `xkeysib-••••1a2b`: its last 4 characters only."""
    key = str(api_key or "").strip()
    return f"xkeysib-{MASK}{key[-4:]}" if KEY.fullmatch(key) else MASK


def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    key = str(values.get("key") or "").strip()
    if not KEY.fullmatch(key):
        raise ValueError("src_brevo_bad_key")
    return {"api_key": key}, ()


def saved(config: dict) -> dict:
    return {"masked": masked_key(config.get("api_key"))}


def account_name(config: dict, session: requests.Session, policy: Policy | None) -> str:
    """`GET /v3/account`: the account the key belongs to (its company name, else its e-mail)."""
    reply = request_json(session, "GET", base_url(config) + "/account", label="Brevo",
                         policy=policy, secrets=secrets_of(config), hints=HINTS,
                         retry_wait=reset_wait, headers=_headers(config))
    data = reply.data if isinstance(reply.data, dict) else {}
    return str(data.get("companyName") or data.get("email") or "").strip() or "?"


def ping(config: dict, policy: Policy) -> dict:
    """The account the key belongs to: one cheap authenticated call."""
    return {"account": account_name(config, requests.Session(), policy)}
