"""Google Ads API connector: GAQL `searchStream` over REST -> daily ad_performance rows.

`requests` through google-auth's `AuthorizedSession` (OAuth refresh token -> access token), not
the official `google-ads` library: that library speaks gRPC only and cannot be pointed at a
plain-HTTP test server; the REST interface takes the same GAQL and answers the same fields.
Headers: `developer-token`, and `login-customer-id` when the account sits under a manager.
Three streams per chunk of days: ad groups by day and device, keywords by day, search terms
by day (the dimensions the Google Ads report downloads give, lib.sources.google_ads); keyword
rows of several match types are added up, as the report import does. Cost = cost_micros / 1e6,
in the account's currency. `account` holds the customer id (123-456-7890).
Quota: each searchStream is one operation (Basic access: 15,000 operations per day; a stream
has no page limit). A pull asks 3 per chunk of CHUNK_DAYS days and says so in its summary.
"""
from __future__ import annotations

import os
import re
from datetime import date

import pandas as pd

from lib.i18n.messages import Message
from lib.redact import redact, secrets_of
from lib.sources.api import Batch, Field, Setting, last_day_of, windows, with_account
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, reason_of, request_json
from lib.store import schema

NAME = "google_ads"
LABEL = "Google Ads"
SYSTEM_LABEL = "Google Ads"
ICON = ":material/campaign:"
FORMAT = "google_ads_api"
ORIGIN = "google_ads"       # the origin of Google Ads report downloads (lib.ingest.load.ORIGINS)
SETTINGS = (
    Setting("customer_id", env=("BALISE_GOOGLE_ADS_CUSTOMER",), required="customer_id",
            flag="--customer", flag_help="Google Ads customer id (123-456-7890)"),
    Setting("login_customer_id", env=("BALISE_GOOGLE_ADS_LOGIN_CUSTOMER",),
            flag="--login-customer", flag_help="manager account id, when the account has one"),
    Setting("developer_token", secret=True, env=("GOOGLE_ADS_DEVELOPER_TOKEN",
                                                 "BALISE_GOOGLE_ADS_DEVELOPER_TOKEN"),
            required="developer_token", flag="--developer-token", metavar="TOKEN",
            flag_help="Google Ads API developer token"),
    Setting("client_id", env=("GOOGLE_ADS_CLIENT_ID", "BALISE_GOOGLE_ADS_CLIENT_ID"),
            required="client_id", flag="--oauth-client-id", metavar="ID",
            flag_help="OAuth client id"),
    Setting("client_secret", secret=True, env=("GOOGLE_ADS_CLIENT_SECRET",
                                               "BALISE_GOOGLE_ADS_CLIENT_SECRET"),
            required="client_secret", flag="--oauth-client-secret", metavar="SECRET",
            flag_help="OAuth client secret"),
    Setting("refresh_token", secret=True, env=("GOOGLE_ADS_REFRESH_TOKEN",
                                               "BALISE_GOOGLE_ADS_REFRESH_TOKEN"),
            required="refresh_token", flag="--refresh-token", metavar="TOKEN",
            flag_help="OAuth refresh token with the adwords scope"),
    Setting("endpoint", env=("BALISE_GOOGLE_ADS_ENDPOINT",)),
    Setting("token_uri", env=("BALISE_GOOGLE_ADS_TOKEN_URI",)),
)
FORM = (Field("customer", "customer_id", placeholder="123-456-7890", help=True),
        Field("login", "login_customer_id", placeholder="987-654-3210", help=True),
        Field("developer", "developer_token", kind="secret", help=True, saved="src_token_saved"),
        Field("client", "client_id", placeholder="1234-abc.apps.googleusercontent.com"),
        Field("secret", "client_secret", kind="secret", saved="src_token_saved"),
        Field("refresh", "refresh_token", kind="secret", help=True, saved="src_token_saved"))
USAGE = ("--customer ID, --developer-token, --oauth-client-id, --oauth-client-secret and "
         "--refresh-token (or BALISE_GOOGLE_ADS_*)")
ENV_HINT = ("BALISE_GOOGLE_ADS_CUSTOMER, _DEVELOPER_TOKEN, _CLIENT_ID, _CLIENT_SECRET and "
            "_REFRESH_TOKEN")
LOAD_WARNINGS = True
API_VERSION = "v21"
TOKEN_URI = "https://oauth2.googleapis.com/token"
SCOPES = ["https://www.googleapis.com/auth/adwords"]
CUSTOMER = re.compile(r"(\d{3})-?(\d{3})-?(\d{4})")
CHUNK_DAYS = 31
REVISE_DAYS = 7             # conversions keep being attributed for days after the click
BACKFILL_DAYS = 90
OPERATIONS_PER_DAY = 15_000  # Basic access developer token

METRICS = ("metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions, "
           "metrics.conversions_value")
COMMON = ("customer.id, customer.descriptive_name, customer.currency_code, campaign.id, "
          "campaign.name, ad_group.id, ad_group.name, segments.date")
# Stream name -> (GAQL, the dimensions its rows carry).
STREAMS = {
    "ad_group": (f"SELECT {COMMON}, segments.device, {METRICS} FROM ad_group",
                 ("platform", "account", "campaign", "ad_group", "device")),
    "keyword": (f"SELECT {COMMON}, ad_group_criterion.keyword.text, "
                f"ad_group_criterion.keyword.match_type, {METRICS} FROM keyword_view",
                ("platform", "account", "campaign", "ad_group", "keyword")),
    "search_term": (f"SELECT {COMMON}, search_term_view.search_term, {METRICS} "
                    "FROM search_term_view",
                    ("platform", "account", "campaign", "ad_group", "search_term")),
}
DEVICES = {"MOBILE": "Mobile phones", "DESKTOP": "Computers", "TABLET": "Tablets",
           "CONNECTED_TV": "TV screens", "OTHER": "Other", "UNKNOWN": "Unknown"}

HINTS = {
    401: Message("Create a new refresh token with the adwords scope (OAuth consent for the Google "
                 "account that can see the Ads account).", "pull_gads_401"),
    403: Message("Check that the developer token is approved (Google Ads > Tools > API Center), "
                 "that the OAuth user can access the customer id, and give the manager's id as "
                 "login-customer-id when the account sits under a manager account.",
                 "pull_gads_403"),
    404: Message("Check the customer id (Google Ads shows it top right, 123-456-7890).",
                 "pull_gads_404"),
}


def customer_id(value) -> str:
    """Ten digits from `123-456-7890` or `1234567890`."""
    found = CUSTOMER.fullmatch(str(value or "").strip())
    if not found:
        raw = str(value or "")
        raise PullError(Message(f"Google Ads: {raw!r} is not a customer id like "
                                "123-456-7890 (shown top right in Google Ads).",
                                "pull_gads_customer", raw=raw))
    return "".join(found.groups())


def dashed(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def session(config: dict):
    """A requests session that gets its access token from the refresh token (google-auth)."""
    from google.auth.transport.requests import AuthorizedSession
    from google.oauth2.credentials import Credentials

    missing = [k for k in ("client_id", "client_secret", "refresh_token") if not config.get(k)]
    if missing:
        raise PullError(Message(f"Google Ads: missing {', '.join(missing)} (the OAuth client and "
                                "its refresh token).", "pull_gads_missing"))
    creds = Credentials(None, refresh_token=config["refresh_token"], client_id=config["client_id"],
                        client_secret=config["client_secret"],
                        token_uri=config.get("token_uri") or TOKEN_URI, scopes=SCOPES)
    return AuthorizedSession(creds)


def url(config: dict) -> str:
    endpoint = config.get("endpoint") or os.environ.get("BALISE_GOOGLE_ADS_ENDPOINT")
    version = config.get("api_version") or API_VERSION
    return (f"{(endpoint or 'https://googleads.googleapis.com').rstrip('/')}/{version}/customers/"
            f"{customer_id(config.get('customer_id'))}/googleAds:searchStream")


def headers(config: dict) -> dict:
    found = {"developer-token": str(config.get("developer_token") or "")}
    if config.get("login_customer_id"):
        found["login-customer-id"] = customer_id(config["login_customer_id"])
    return found


def stream(http, config: dict, gaql: str, *, policy: Policy | None = None) -> list[dict]:
    """One searchStream: every result of every chunk of the answer."""
    from google.auth import exceptions as auth_exc

    secrets = secrets_of(config)
    try:
        reply = request_json(http, "POST", url(config), label="Google Ads", policy=policy,
                             secrets=secrets, hints=HINTS, json={"query": gaql},
                             headers=headers(config))
    except auth_exc.RefreshError as exc:
        reason = reason_of(exc, secrets)
        raise PullError(Message("Google Ads: the refresh token was refused (" + redact(str(exc), secrets)[:200] + "). "
                                + HINTS[401], "pull_gads_refresh", reason=reason, hint=HINTS[401]),
                        status=401) from None
    except auth_exc.TransportError:
        raise PullError(Message("Google Ads: could not reach Google's token service; try again "
                                "later.", "pull_gads_token_unreachable")) from None
    chunks = reply.data if isinstance(reply.data, list) else [reply.data]
    return [r for chunk in chunks if isinstance(chunk, dict) for r in chunk.get("results") or []]


def fetch(config: dict, start: date, end: date, *, http=None,
          policy: Policy | None = None) -> dict:
    """The raw results of the three streams for START..END."""
    http = http or session(config)
    where = f" WHERE segments.date BETWEEN '{start.isoformat()}' AND '{end.isoformat()}'"
    return {name: stream(http, config, gaql + where, policy=policy)
            for name, (gaql, _) in STREAMS.items()}


def _number(value) -> float:
    return float(value or 0)


def to_rows(payload: dict) -> list[Parsed]:
    """Daily ad_performance rows, one Parsed per stream, keyword match types added up; pure."""
    parsed = []
    for name, (_, grain) in STREAMS.items():
        rows = []
        for r in payload.get(name) or []:
            customer, campaign = r.get("customer") or {}, r.get("campaign") or {}
            group, segments, m = r.get("adGroup") or {}, r.get("segments") or {}, r.get(
                "metrics") or {}
            row = {"day_from": segments.get("date"), "day_to": segments.get("date"),
                   "platform": NAME, "account": dashed(str(customer.get("id") or "0" * 10)),
                   "campaign": campaign.get("name"), "campaign_id": str(campaign.get("id")),
                   "ad_group": group.get("name"), "currency": customer.get("currencyCode"),
                   "impressions": _number(m.get("impressions")),
                   "clicks": _number(m.get("clicks")),
                   "cost": _number(m.get("costMicros")) / 1_000_000,
                   "conversions": _number(m.get("conversions")),
                   "conversion_value": _number(m.get("conversionsValue"))}
            if name == "ad_group":
                row["device"] = DEVICES.get(segments.get("device"), segments.get("device"))
            elif name == "keyword":
                row["keyword"] = ((r.get("adGroupCriterion") or {}).get("keyword") or {}).get("text")
            else:
                row["search_term"] = (r.get("searchTermView") or {}).get("searchTerm")
            rows.append(row)
        if not rows:
            continue
        frame = pd.DataFrame(rows)
        # Two campaigns may share a name: tell them apart by id rather than merge them.
        names = frame.groupby("campaign")["campaign_id"].transform("nunique")
        frame.loc[names > 1, "campaign"] = frame["campaign"] + " [" + frame["campaign_id"] + "]"
        keys = ["day_from", "day_to", *grain, "currency"]
        metrics = ["impressions", "clicks", "cost", "conversions", "conversion_value"]
        frame = frame.drop(columns=["campaign_id"]).groupby(keys, as_index=False, dropna=False)[
            metrics].sum()
        notes = {"source": NAME, "stream": name, "cost": "cost_micros / 1,000,000"}
        if name == "keyword":
            notes["keyword"] = "match types added up"
        parsed.append(Parsed(table="ad_performance", frame=frame, grain=grain, format=FORMAT,
                             notes=notes))
    return parsed


def last_day(store, config: dict) -> date | None:
    """Last day holding the API's ad-group-by-device rows."""
    grain = "date+" + schema.grain_name(STREAMS["ad_group"][1], "ad_performance")
    return last_day_of(store, "ad_performance", NAME, dashed(customer_id(config.get("customer_id"))),
                           grain)


def summary(config: dict, start: date, end: date) -> dict:
    return {"source": NAME, "status": "ok",
            "account": dashed(customer_id(config.get("customer_id"))),
            "start": start.isoformat(), "end": end.isoformat(), "chunks": 0, "operations": 0,
            "quota": f"{OPERATIONS_PER_DAY:,} operations per day (Basic access); one "
                     "searchStream is one operation",
            "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [], "warnings": []}


def steps(start: date, end: date) -> int:
    return len(windows(start, end, CHUNK_DAYS))


def batches(config: dict, start: date, end: date, *, http=None, policy: Policy | None = None):
    """One batch per chunk of CHUNK_DAYS days (three streams, one load)."""
    http = http or session(config)
    account = dashed(customer_id(config.get("customer_id")))
    for first, last in windows(start, end, CHUNK_DAYS):
        payload = fetch(config, first, last, http=http, policy=policy)
        parsed = with_account(to_rows(payload), account)   # the customer id where rows lack it
        yield Batch(f"Google Ads API {account} {first}..{last}", parsed,
                    {"chunks": 1 if parsed else 0, "operations": len(STREAMS)}, step=True)


# -- the connection form ---------------------------------------------------------------------

SECRETS = (("developer", "developer_token"), ("secret", "client_secret"),
           ("refresh", "refresh_token"))


def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    found = CUSTOMER.fullmatch(str(values.get("customer") or "").strip())
    if not found:
        raise ValueError("src_google_ads_bad_customer")
    settings: dict = {"customer_id": "-".join(found.groups())}
    drop: tuple = ()
    login = str(values.get("login") or "").strip()
    if login:
        manager = CUSTOMER.fullmatch(login)
        if not manager:
            raise ValueError("src_google_ads_bad_customer")
        settings["login_customer_id"] = "-".join(manager.groups())
    else:
        drop = ("login_customer_id",)
    client = str(values.get("client") or "").strip()
    if not client.endswith(".apps.googleusercontent.com"):
        raise ValueError("src_google_ads_bad_client")
    settings["client_id"] = client
    for field, key in SECRETS:
        value = str(values.get(field) or "").strip()
        if value:
            if len(value) < 10 or any(c.isspace() for c in value):
                raise ValueError("src_google_ads_bad_secret")
            settings[key] = value
        elif not saved.get(key):
            raise ValueError("src_google_ads_missing")
    return settings, drop


def saved(config: dict) -> dict:
    try:
        account = dashed(customer_id(config.get("customer_id")))
    except PullError:
        account = "?"
    login = config.get("login_customer_id")
    return {"account": account, "login": dashed(customer_id(login)) if login and
            CUSTOMER.fullmatch(str(login).strip()) else "-"}


def ping(config: dict, policy: Policy) -> dict:
    """The account's name and currency (one small stream)."""
    results = stream(session(config), config, "SELECT customer.descriptive_name, "
                     "customer.currency_code FROM customer LIMIT 1", policy=policy)
    customer = (results[0].get("customer") if results else None) or {}
    return {"name": str(customer.get("descriptiveName") or "?"),
            "currency": str(customer.get("currencyCode") or "?")}
