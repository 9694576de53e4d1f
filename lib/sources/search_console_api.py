"""Search Console API connector: `searchAnalytics.query` -> daily search_console rows.

`requests` through google-auth's `AuthorizedSession` (a requests.Session that signs each call
with the service account's token), not `google-api-python-client`: that client is a large
discovery-based dependency for one POST, while google-auth is already here (GA4) and is the
official way to get the token. The token URI comes from the key, so tests point it at a fake.
Five queries per chunk of days: by date alone (the property's totals, as the export's Chart),
and by date with query, page, country and device (as its Queries/Pages/... tables), each paged
with `startRow` by 25,000 rows (the API's maximum). Search Console keeps the last 2-3 days
provisional: `dataState: all` reads them and every pull re-reads REVISE_DAYS days.
Quotas: 25,000 rows per request, about 50,000 rows per day and search type per property (the
API's cap: the least visited queries and pages beyond it are not served, the summary says so),
1,200 queries per minute per site.
"""
from __future__ import annotations

import os
import re
from datetime import date, timedelta
from urllib.parse import quote

import pandas as pd

from lib.i18n.messages import Message
from lib.redact import redact, secrets_of
from lib.sources import service_account, values
from lib.sources.api import Batch, Field, Setting, last_day_of, windows, with_account
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, reason_of, request_json

NAME = "search_console"
LABEL = "Google Search Console"
SYSTEM_LABEL = "Search Console"
ICON = ":material/travel_explore:"
FORMAT = "search_console_api"
ORIGIN = "search_console"   # the origin of Search Console exports (lib.ingest.load.ORIGINS)
SETTINGS = (
    Setting("site_url", env=("BALISE_GSC_SITE",), required="site", flag="--site",
            flag_help="Search Console property (sc-domain:example.com or https://www.example.com/)"),
    Setting("credentials_info", secret=True, required="key"),
    Setting("credentials_file", env=("BALISE_GSC_CREDENTIALS",), required="key",
            flag="--gsc-credentials", metavar="FILE",
            flag_help="Search Console service-account key file (JSON)"),
    Setting("endpoint", env=("BALISE_GSC_ENDPOINT",)),
)
FORM = (Field("site", "site_url", help=True, placeholder="sc-domain:example.com"),
        Field("key", "credentials_info", kind="service_account"))
USAGE = "--site PROPERTY and --gsc-credentials FILE (or BALISE_GSC_SITE / _CREDENTIALS)"
ENV_HINT = "BALISE_GSC_SITE and BALISE_GSC_CREDENTIALS"
LOAD_WARNINGS = True
SCOPES = ["https://www.googleapis.com/auth/webmasters.readonly"]
KINDS = ("query", "page", "country", "device")   # cut with the date, one query each
ROW_LIMIT = 25_000         # the API's maximum rowLimit
DAILY_ROWS = 50_000        # rows per day and search type the API serves at most
REVISE_DAYS = 4            # the last 2-3 days are provisional: re-read them
BACKFILL_DAYS = 90         # the API keeps 16 months
CHUNK_DAYS = 7             # one load per week of days
SITE = re.compile(r"sc-domain:[a-z0-9.-]+\.[a-z]{2,}|https?://[^\s/]+(?:/[^\s]*)?/",
                  re.IGNORECASE)

HINTS = {
    401: Message("The service account's token was refused: create a new JSON key (Google Cloud > "
                 "IAM > Service accounts > Keys).", "pull_gsc_401"),
    403: Message("Add the service account's e-mail as a user of the property: Search Console > "
                 "Settings > Users and permissions > Add user (Restricted is enough); check that "
                 "the property is written exactly as Search Console shows it (sc-domain:... or "
                 "https://.../) and that the Search Console API is enabled in the key's Cloud "
                 "project.", "pull_gsc_403"),
    404: Message("Check the property: sc-domain:example.com for a domain property, or the URL "
                 "prefix with its final slash.", "pull_gsc_404"),
}


def client_email(config: dict) -> str:
    return service_account.email(config, "gsc")


def session(config: dict):
    """A requests session signed with the service account's token (google-auth)."""
    from google.auth.transport.requests import AuthorizedSession

    creds = service_account.credentials(config, "gsc", SCOPES)
    return AuthorizedSession(creds)


def site_url(config: dict) -> str:
    raw = str(config.get("site_url") or "").strip()
    if not SITE.fullmatch(raw):
        raise PullError(Message(f"Search Console: {raw!r} is not a property; write "
                                "sc-domain:example.com or the URL prefix with its final slash "
                                "(https://www.example.com/).", "pull_gsc_site", raw=raw))
    return raw


def base_url(config: dict) -> str:
    endpoint = config.get("endpoint") or os.environ.get("BALISE_GSC_ENDPOINT")
    site = quote(site_url(config), safe="")
    return f"{(endpoint or 'https://searchconsole.googleapis.com').rstrip('/')}" \
           f"/webmasters/v3/sites/{site}"


def call(http, method: str, url: str, config: dict, policy: Policy | None, **kwargs) -> dict:
    """One API call with the shared policy; a token that cannot be had is a clear PullError."""
    from google.auth import exceptions as auth_exc

    secrets = secrets_of(config)
    try:
        reply = request_json(http, method, url, label="Search Console", policy=policy,
                             secrets=secrets, hints=HINTS, **kwargs)
    except auth_exc.RefreshError as exc:
        reason = reason_of(exc, secrets)
        raise PullError(Message("Search Console: the service account could not get a token ("
                                + redact(str(exc), secrets)[:200] + "). " + HINTS[401], "pull_gsc_token", reason=reason,
                                hint=HINTS[401]), status=401) from None
    except auth_exc.TransportError:
        raise PullError(Message("Search Console: could not reach Google's token service; "
                                "try again later.", "pull_gsc_token_unreachable")) from None
    return reply.data if isinstance(reply.data, dict) else {}


def query(http, config: dict, start: date, end: date, dimensions: list[str], *,
          policy: Policy | None = None, row_limit: int = ROW_LIMIT) -> list[dict]:
    """Every row of one searchAnalytics.query, paged with startRow."""
    rows, start_row = [], 0
    while True:
        body = {"startDate": start.isoformat(), "endDate": end.isoformat(),
                "dimensions": dimensions, "type": "web", "dataState": "all",
                "rowLimit": row_limit, "startRow": start_row}
        page = call(http, "POST", base_url(config) + "/searchAnalytics/query", config, policy,
                    json=body)
        got = page.get("rows") or []   # an empty period has no `rows` at all
        rows.extend(got)
        start_row += len(got)
        if len(got) < row_limit:
            return rows


def fetch(config: dict, start: date, end: date, *, http=None, policy: Policy | None = None,
          row_limit: int = ROW_LIMIT) -> dict:
    """The raw rows of the five queries of a window: {"date": [...], "query": [...], ...}."""
    http = http or session(config)
    found = {"date": query(http, config, start, end, ["date"], policy=policy,
                           row_limit=row_limit)}
    for kind in KINDS:
        found[kind] = query(http, config, start, end, ["date", kind], policy=policy,
                            row_limit=row_limit)
    return found


def _value(kind: str, key: str) -> str:
    # The API writes devices in capitals (DESKTOP), the export as words (Desktop); countries as
    # ISO codes (usa), the export by name (United States): stored as the English export writes them.
    if kind == "country":
        return values.country_codes().get(key.lower(), key.upper())
    return key.capitalize() if kind == "device" else key


def to_rows(payload: dict) -> list[Parsed]:
    """Daily search_console rows, one Parsed per cut (date alone, date+query...); pure."""
    parsed = []
    for kind in ("date", *KINDS):
        rows = []
        for r in payload.get(kind) or []:
            keys = r.get("keys") or []
            impressions = float(r.get("impressions") or 0)
            row = {"day_from": keys[0], "day_to": keys[0], "clicks": float(r.get("clicks") or 0),
                   "impressions": impressions,
                   # average position is impression-weighted: store the weighted sum
                   "position_sum": float(r.get("position") or 0) * impressions}
            if kind != "date":
                row[kind] = _value(kind, keys[1])
            rows.append(row)
        if rows:
            parsed.append(Parsed(table="search_console", frame=pd.DataFrame(rows),
                                 grain=() if kind == "date" else (kind,), format=FORMAT,
                                 notes={"source": NAME, "cut": kind}))
    return parsed


def capped(payload: dict) -> list[str]:
    """Warnings for days where a cut reached the API's daily row cap (detail is partial)."""
    warnings = []
    for kind in KINDS:
        per_day: dict[str, int] = {}
        for r in payload.get(kind) or []:
            per_day[r["keys"][0]] = per_day.get(r["keys"][0], 0) + 1
        full = sorted(d for d, n in per_day.items() if n >= DAILY_ROWS)
        if full:
            warnings.append(Message(
                f"Search Console served its maximum of {DAILY_ROWS:,} rows by {kind} "
                f"on {', '.join(full)}: the least visited {kind} values are missing "
                "there (totals by date are complete).",
                "pull_gsc_capped_day" if len(full) == 1 else "pull_gsc_capped_days",
                rows=DAILY_ROWS, column=kind, days=len(full), first=date.fromisoformat(full[0]),
                last=date.fromisoformat(full[-1])))
    return warnings


def last_day(store, config: dict) -> date | None:
    """Last day holding the property's daily Search Console totals (the export's Chart counts:
    same origin and, once given that account, the same property)."""
    return last_day_of(store, "search_console", NAME, site_url(config), "date")


def summary(config: dict, start: date, end: date) -> dict:
    return {"source": NAME, "status": "ok", "site": site_url(config),
            "start": start.isoformat(), "end": end.isoformat(), "days": 0, "empty_days": [],
            "rows": 0, "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [],
            "quota": f"{ROW_LIMIT:,} rows per request, {DAILY_ROWS:,} per day and search type",
            "warnings": []}


def steps(start: date, end: date) -> int:
    return len(windows(start, end, CHUNK_DAYS))


def batches(config: dict, start: date, end: date, *, http=None, policy: Policy | None = None,
            row_limit: int = ROW_LIMIT):
    """One batch per week of days (five queries, paged): an interrupted pull keeps whole weeks."""
    http = http or session(config)
    for first, last in windows(start, end, CHUNK_DAYS):
        payload = fetch(config, first, last, http=http, policy=policy, row_limit=row_limit)
        parsed = with_account(to_rows(payload), site_url(config))   # the property's rows
        days = {r["keys"][0] for r in payload["date"]}
        every = [str(first + timedelta(days=n)) for n in range((last - first).days + 1)]
        yield Batch(f"Search Console API {site_url(config)} {first}..{last}", parsed,
                    {"days": len(days), "empty_days": [d for d in every if d not in days],
                     "rows": sum(len(p.frame) for p in parsed), "warnings": capped(payload)},
                    step=True)


# -- the connection form ---------------------------------------------------------------------

def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    """(settings to save, keys to drop) from the form; ValueError(i18n key) when refused."""
    site = str(values.get("site") or "").strip()
    if not SITE.fullmatch(site):
        raise ValueError("src_search_console_bad_site")
    return service_account.from_form(values, saved, {"site_url": site})


def saved(config: dict) -> dict:
    site = str(config.get("site_url") or "").strip()
    return {"site": site if SITE.fullmatch(site) else "?", "email": client_email(config) or "?"}


def ping(config: dict, policy: Policy) -> dict:
    """`sites.get`: the service account's permission on the property."""
    found = call(session(config), "GET", base_url(config), config, policy)
    return {"site": str(found.get("siteUrl") or site_url(config)),
            "permission": str(found.get("permissionLevel") or "?"),
            "email": client_email(config)}

