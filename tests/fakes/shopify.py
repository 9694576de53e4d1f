"""Fake Shopify Admin GraphQL API: `shop` and `orders` (cursor paging, `updated_at` search).

Shapes from shopify.dev (Admin GraphQL `orders` connection with `pageInfo {hasNextPage
endCursor}`, `extensions.cost.throttleStatus`, a 401 as `{"errors": "[API] Invalid API key or
access token (unrecognized login or wrong password)"}`).
"""
from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta

from tests.fakes.server import FakeServer, Reply, Request

TOKEN = "shpat_0123456789abcdef0123456789abcdef"
SHOP = "boutique-balise.myshopify.com"
VERSION = "2025-01"
EMAILS = ["Anne@Example.com", "bruno@example.com", "", "anne@example.com"]


def order(i: int, created: datetime, updated: datetime) -> dict:
    """One order node: every 5th cancelled, every 7th refunded in full, every 3rd part refunded."""
    total = 40.0 + 10 * i
    refunded = total if i % 7 == 6 else 5.0 if i % 3 == 2 else 0.0
    return {
        "id": f"gid://shopify/Order/{5000 + i}", "name": f"#{1001 + i}",
        "email": EMAILS[i % 4] or None,
        "createdAt": created.isoformat().replace("+00:00", "Z"),
        "updatedAt": updated.isoformat().replace("+00:00", "Z"),
        "cancelledAt": updated.isoformat().replace("+00:00", "Z") if i % 5 == 4 else None,
        "displayFinancialStatus": "REFUNDED" if i % 7 == 6 else
        "PARTIALLY_REFUNDED" if refunded else "PAID",
        "currencyCode": "EUR", "sourceName": "web" if i % 2 else "pos",
        "subtotalLineItemsQuantity": 1 + i % 3,
        "billingAddress": {"countryCodeV2": "FR"} if i % 4 else None,
        "shippingAddress": {"countryCodeV2": "BE"},
        "totalPriceSet": {"shopMoney": {"amount": f"{total:.2f}", "currencyCode": "EUR"}},
        "totalRefundedSet": {"shopMoney": {"amount": f"{refunded:.2f}", "currencyCode": "EUR"}},
    }


def cursor(n: int) -> str:
    return base64.b64encode(f'{{"last_id":{n},"last_value":"x"}}'.encode()).decode()


def uncursor(text: str) -> int:
    return int(re.search(r'"last_id":(\d+)', base64.b64decode(text).decode()).group(1))


class FakeShopify(FakeServer):
    """`n` orders, one every 8 hours from `first` (22:30 UTC: the next day in Paris)."""

    def __init__(self, n: int = 12, first=datetime(2024, 5, 1, 22, 30, tzinfo=UTC)):
        super().__init__()
        self.orders = [order(i, first + timedelta(hours=8 * i),
                             first + timedelta(hours=8 * i + 1)) for i in range(n)]
        self.available = 1000.0

    def expected(self) -> dict:
        """The fake's own totals: orders kept (not cancelled) and their revenue net of refunds."""
        kept = [o for o in self.orders if not o["cancelledAt"]]
        return {"orders": len(self.orders), "revenue": round(sum(
            float(o["totalPriceSet"]["shopMoney"]["amount"])
            - float(o["totalRefundedSet"]["shopMoney"]["amount"]) for o in kept), 2)}

    def answer(self, request: Request) -> Reply:
        if request.headers.get("X-Shopify-Access-Token") != TOKEN:
            return Reply(401, {"errors": "[API] Invalid API key or access token (unrecognized "
                                         "login or wrong password)"})
        if request.path != f"/admin/api/{VERSION}/graphql.json" or request.method != "POST":
            return Reply(404, {"errors": "Not Found"})
        body = request.json()
        query, variables = body.get("query", ""), body.get("variables") or {}
        cost = {"requestedQueryCost": 2, "actualQueryCost": 1,
                "throttleStatus": {"maximumAvailable": 1000.0,
                                   "currentlyAvailable": self.available, "restoreRate": 50.0}}
        if "shop {" in query:
            return Reply(200, {"data": {"shop": {
                "name": "Boutique Balise", "myshopifyDomain": SHOP,
                "ianaTimezone": "Europe/Paris", "currencyCode": "EUR"}},
                "extensions": {"cost": cost}})
        first = int(variables["first"])
        found = re.findall(r"updated_at:(>=|<)'([^']+)'", variables.get("query") or "")
        chosen = list(self.orders)
        for op, text in found:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
            chosen = [o for o in chosen if (datetime.fromisoformat(
                o["updatedAt"].replace("Z", "+00:00")) >= when) == (op == ">=")]
        start = uncursor(variables["after"]) if variables.get("after") else 0
        nodes = chosen[start:start + first]
        cost["requestedQueryCost"] = first + 2
        self.available -= first + 2
        return Reply(200, {"data": {"orders": {
            "pageInfo": {"hasNextPage": start + first < len(chosen),
                         "endCursor": cursor(start + len(nodes)) if nodes else None},
            "nodes": nodes}}, "extensions": {"cost": cost}})
