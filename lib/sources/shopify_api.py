"""Shopify Admin GraphQL API connector: orders -> orders rows, as the Shopify CSV export gives.

`requests`, not Shopify's `ShopifyAPI` library: that library builds `https://<shop>/admin/...`
itself and cannot be pointed at a plain-HTTP test server, and the GraphQL call is one POST.
Auth is a custom app's Admin API access token (`X-Shopify-Access-Token`, scope read_orders).
Orders are read `sortKey: UPDATED_AT` with a search on `updated_at` (incremental: an old order
refunded yesterday is read again and replaced), 100 per page with `pageInfo.endCursor`.
The rows are the CSV export's (lib.sources.orders): order id = its name (#1001), created time in
the shop's time zone, customer id = the same hash of the e-mail, revenue = total minus refunds
(0 for a cancelled order), so an export and a pull of the same orders share their keys.
Quota: the GraphQL Admin API's cost bucket (1,000 points, 50 restored per second on standard
plans); a page of 100 orders costs about 100 points, and a `THROTTLED` answer waits for the
bucket to refill (`extensions.cost.throttleStatus`).
"""
from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import requests

from lib.i18n.messages import Message
from lib.redact import secrets_of
from lib.sources.api import Batch, Field, Setting, last_day_of, with_account
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, request_json
from lib.sources.orders import customer_key

NAME = "shopify"
LABEL = "Shopify"
SYSTEM_LABEL = "Shopify"
ICON = ":material/storefront:"
FORMAT = "shopify_api"
ORIGIN = "shopify"        # the origin of Shopify order exports too (lib.ingest.load.ORIGINS)
SETTINGS = (
    Setting("shop", env=("BALISE_SHOPIFY_SHOP",), required="shop", flag="--shop",
            flag_help="Shopify shop domain (your-shop.myshopify.com)"),
    Setting("access_token", secret=True, env=("SHOPIFY_ACCESS_TOKEN", "BALISE_SHOPIFY_TOKEN"),
            required="access_token", flag="--shopify-token", metavar="TOKEN",
            flag_help="Shopify custom app Admin API access token (shpat_...)"),
    Setting("endpoint", env=("BALISE_SHOPIFY_ENDPOINT",)),
)
FORM = (Field("shop", "shop", placeholder="your-shop.myshopify.com", help=True),
        Field("token", "access_token", kind="secret", help=True, saved="src_token_saved"))
USAGE = "--shop DOMAIN and --shopify-token TOKEN (or BALISE_SHOPIFY_SHOP / _TOKEN)"
ENV_HINT = "BALISE_SHOPIFY_SHOP and BALISE_SHOPIFY_TOKEN"
LOAD_WARNINGS = True
API_VERSION = "2025-01"
PAGE_SIZE = 100           # Shopify accepts up to 250 nodes per connection page
REVISE_DAYS = 1           # the window is on updated_at: one day of overlap covers time zones
BACKFILL_DAYS = 366
SHOP = re.compile(r"(?:https?://)?([a-z0-9][a-z0-9-]*)(?:\.myshopify\.com)?/?", re.IGNORECASE)
TOKEN = re.compile(r"shp(?:at|ca|pa)_[0-9a-fA-F]{20,}")

SHOP_QUERY = "{ shop { name myshopifyDomain ianaTimezone currencyCode } }"
ORDERS_QUERY = """
query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name email createdAt updatedAt cancelledAt displayFinancialStatus currencyCode
      sourceName subtotalLineItemsQuantity
      billingAddress { countryCodeV2 }
      shippingAddress { countryCodeV2 }
      totalPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
    }
  }
}"""

HINTS = {
    401: Message("In Shopify admin open Settings > Apps and sales channels > Develop apps > your "
                 "app > API credentials, and copy the Admin API access token (shpat_...) again.",
                 "pull_shopify_401"),
    403: Message("The app lacks the read_orders scope (Configuration > Admin API integration), or "
                 "orders older than 60 days need read_all_orders.", "pull_shopify_403"),
    404: Message("Check the shop domain (your-shop.myshopify.com, not the shop's public "
                 "address).", "pull_shopify_404"),
}


def shop_domain(config: dict) -> str:
    """`name.myshopify.com` from a domain, a URL or the bare shop name."""
    raw = str(config.get("shop") or "").strip()
    found = SHOP.fullmatch(raw)
    if not found:
        raise PullError(Message(f"Shopify: {raw!r} is not a shop domain like "
                                "your-shop.myshopify.com (Shopify admin > Settings > Domains).",
                                "pull_shopify_shop", raw=raw))
    return f"{found.group(1).lower()}.myshopify.com"


def url(config: dict) -> str:
    endpoint = config.get("endpoint") or os.environ.get("BALISE_SHOPIFY_ENDPOINT")
    base = endpoint.rstrip("/") if endpoint else f"https://{shop_domain(config)}"
    return f"{base}/admin/api/{config.get('api_version') or API_VERSION}/graphql.json"


def throttled(response: requests.Response) -> float | None:
    """Seconds until the cost bucket holds the query's cost again, for a THROTTLED answer."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    codes = [((e or {}).get("extensions") or {}).get("code")
             for e in body.get("errors") or [] if isinstance(e, dict)]
    if "THROTTLED" not in codes:
        return None
    cost = (body.get("extensions") or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    rate = float(status.get("restoreRate") or 50)
    missing = float(cost.get("requestedQueryCost") or 0) - float(
        status.get("currentlyAvailable") or 0)
    return max(0.0, missing / rate)


def graphql(config: dict, query: str, variables: dict | None = None, *,
            session: requests.Session | None = None, policy: Policy | None = None) -> dict:
    """One GraphQL POST; its body (`data`, `extensions.cost`), or PullError with Shopify's own
    message."""
    token = config.get("access_token")
    if not token:
        raise PullError(Message("Shopify: no access token; give --shopify-token or set "
                                "BALISE_SHOPIFY_TOKEN.", "pull_shopify_no_token"))
    reply = request_json(session or requests.Session(), "POST", url(config), label="Shopify",
                         policy=policy, secrets=secrets_of(config), hints=HINTS,
                         retry_wait=throttled, json={"query": query, "variables": variables or {}},
                         headers={"X-Shopify-Access-Token": str(token)})
    body = reply.data if isinstance(reply.data, dict) else {}
    if body.get("errors"):
        text = "; ".join(str((e or {}).get("message") if isinstance(e, dict) else e)
                         for e in body["errors"]) if isinstance(body["errors"], list) else str(
                             body["errors"])
        if "access denied" in text.lower():
            raise PullError(Message(f"Shopify refused the query: {text}. {HINTS[403]}",
                                    "pull_shopify_denied", detail=text, hint=HINTS[403]),
                            status=403)
        raise PullError(Message(f"Shopify refused the query: {text}", "pull_shopify_refused",
                                detail=text))
    return body


def shop(config: dict, **kwargs) -> dict:
    return (graphql(config, SHOP_QUERY, **kwargs).get("data") or {}).get("shop") or {}


def cost_left(body: dict) -> dict | None:
    """The cost bucket after a query: points available, maximum, restored per second."""
    status = ((body.get("extensions") or {}).get("cost") or {}).get("throttleStatus")
    return dict(status) if isinstance(status, dict) else None


def search(start: date, end: date) -> str:
    """The orders search: updated from START to END inclusive (UTC days)."""
    return (f"updated_at:>='{start.isoformat()}T00:00:00Z' "
            f"AND updated_at:<'{(end + timedelta(days=1)).isoformat()}T00:00:00Z'")


def pages(config: dict, start: date, end: date, *, session=None, policy: Policy | None = None,
          page_size: int = PAGE_SIZE):
    """Yield `orders` connection pages (cursor paging) for orders updated in the window."""
    session = session or requests.Session()
    after = None
    while True:
        body = graphql(config, ORDERS_QUERY, {"first": page_size, "after": after,
                                              "query": search(start, end)},
                       session=session, policy=policy)
        page = dict((body.get("data") or {}).get("orders") or {})
        page["cost"] = cost_left(body)
        yield page
        info = page.get("pageInfo") or {}
        if not info.get("hasNextPage") or not info.get("endCursor") or not page.get("nodes"):
            break
        after = info["endCursor"]


def _money(value) -> float:
    return float(((value or {}).get("shopMoney") or {}).get("amount") or 0)


def _local(text: str, zone: ZoneInfo | None) -> datetime:
    """An API time (UTC) as the export writes it: shop-local wall time, no offset."""
    stamp = pd.Timestamp(text)
    if zone is not None:
        stamp = stamp.tz_convert(zone)
    return stamp.tz_localize(None).to_pydatetime()


def to_rows(payloads: list[dict], timezone: str = "") -> list[Parsed]:
    """One orders row per order (latest state wins), keyed like the CSV export's; pure."""
    try:
        zone = ZoneInfo(timezone) if timezone else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    rows = {}
    for page in payloads:
        for o in page.get("nodes") or []:
            created = _local(o["createdAt"], zone)
            cancelled = bool(o.get("cancelledAt"))
            status = str(o.get("displayFinancialStatus") or "").upper()
            address = o.get("billingAddress") or o.get("shippingAddress") or {}
            total, refunded = _money(o.get("totalPriceSet")), _money(o.get("totalRefundedSet"))
            rows[o["name"]] = {
                "day_from": created.date(), "day_to": created.date(), "order_id": o["name"],
                "customer_id": customer_key(str(o.get("email") or "")),
                "order_time": created, "channel": o.get("sourceName") or None,
                "country": address.get("countryCodeV2") or None,
                "kind": "cancellation" if cancelled else "return" if status == "REFUNDED"
                else "order",
                "items": float(o.get("subtotalLineItemsQuantity") or 0),
                "revenue": 0.0 if cancelled else round(total - refunded, 2),
                "currency": o.get("currencyCode") or None}
    if not rows:
        return []
    notes = {"source": NAME, "customer_id": "sha256 of the e-mail (first 16 hex), no address "
             "stored", "revenue": "total minus refunds; cancelled orders count 0"}
    return [Parsed(table="orders", frame=pd.DataFrame(list(rows.values())), grain=("order_id",),
                   format=FORMAT, notes=notes)]


def last_day(store, config: dict) -> date | None:
    """Last order day stored for this shop (an export of it counts: same origin and account)."""
    return last_day_of(store, "orders", NAME, shop_domain(config))


def summary(config: dict, start: date, end: date) -> dict:
    return {"source": NAME, "status": "ok", "shop": shop_domain(config),
            "start": start.isoformat(), "end": end.isoformat(), "window": "updated_at",
            "orders": 0, "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [],
            "quota": None, "warnings": []}


def steps(start: date, end: date) -> int:
    return 1


def batches(config: dict, start: date, end: date, *, session=None, policy: Policy | None = None,
            page_size: int = PAGE_SIZE):
    """The shop's time zone, then one batch per page of orders (one load per page)."""
    session = session or requests.Session()
    found = shop(config, session=session, policy=policy)
    zone = str(found.get("ianaTimezone") or "")
    yield Batch(info={"shop": found.get("myshopifyDomain") or shop_domain(config)})
    for n, page in enumerate(pages(config, start, end, session=session, policy=policy,
                                   page_size=page_size), 1):
        parsed = with_account(to_rows([page], zone), shop_domain(config))   # the shop's orders
        if parsed:
            yield Batch(f"Shopify API orders page {n}", parsed,
                        {"orders": len(parsed[0].frame), "quota": page.get("cost")})
    yield Batch(step=True)


# -- the connection form ---------------------------------------------------------------------

def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    found = SHOP.fullmatch(str(values.get("shop") or "").strip())
    if not found:
        raise ValueError("src_shopify_bad_shop")
    settings = {"shop": f"{found.group(1).lower()}.myshopify.com"}
    token = str(values.get("token") or "").strip()
    if token:
        if not TOKEN.fullmatch(token):
            raise ValueError("src_shopify_bad_token")
        settings["access_token"] = token
    elif not saved.get("access_token"):
        raise ValueError("src_shopify_token_missing")
    return settings, ()


def saved(config: dict) -> dict:
    try:
        return {"shop": shop_domain(config)}
    except PullError:
        return {"shop": "?"}


def ping(config: dict, policy: Policy) -> dict:
    """The shop's name and time zone (the cheapest query: 1 point)."""
    found = shop(config, policy=policy)
    return {"shop": str(found.get("name") or "?"),
            "timezone": str(found.get("ianaTimezone") or "?")}
