"""Fake GA4 Data API (REST paths of v1beta) serving deterministic daily rows.

runReport honours dateRanges, the requested metrics, offset and limit (rowCount is the total);
commerce metrics exist for every other row only, as GA4 omits all-zero rows.
"""
from __future__ import annotations

import re
from datetime import date

from tests.fakes.server import FakeServer, Reply, Request, error

SOURCES = ["google", "(direct)", "newsletter", "facebook.com", "bing"]
MEDIUMS = ["organic", "(none)", "email", "referral", "cpc"]
CHANNELS = ["Organic Search", "Direct", "Email", "Organic Social", "Paid Search"]
DEVICES = ["desktop", "mobile", "tablet"]
COUNTRIES = ["France", "Belgium", "Canada", "(not set)"]

TYPES = {"averageSessionDuration": "TYPE_SECONDS", "purchaseRevenue": "TYPE_CURRENCY"}
COMMERCE = {"addToCarts", "checkouts", "transactions", "purchaseRevenue"}
METADATA_METRICS = ["sessions", "activeUsers", "newUsers", "totalUsers", "engagedSessions",
                    "engagementRate", "bounceRate", "screenPageViews", "averageSessionDuration",
                    "userEngagementDuration", "keyEvents", "eventCount", "addToCarts",
                    "checkouts", "transactions", "purchaseRevenue", "totalRevenue"]
METADATA_DIMENSIONS = ["date", "sessionSource", "sessionMedium", "sessionCampaignName",
                       "sessionDefaultChannelGroup", "deviceCategory", "country", "landingPage",
                       "pagePath", "eventName"]


def dimension_value(name: str, i: int) -> str:
    return {
        "sessionSource": SOURCES[i % 5], "sessionMedium": MEDIUMS[i % 5],
        "sessionCampaignName": "(not set)" if i % 5 < 2 else f"spring_sale_{i // 5}",
        "sessionDefaultChannelGroup": CHANNELS[i % 5], "deviceCategory": DEVICES[i % 3],
        "country": COUNTRIES[i % 4], "landingPage": f"/produits/{i}",
    }[name]


def metric_value(name: str, i: int, day: date) -> str:
    base = 10 + i + day.day
    return {
        "sessions": base, "activeUsers": base - 2, "newUsers": base // 3,
        "engagedSessions": base - 4, "screenPageViews": 3 * base, "keyEvents": i % 3,
        "averageSessionDuration": "61.5", "addToCarts": 2, "checkouts": 1,
        "transactions": 1, "purchaseRevenue": "49.9",
    }[name].__str__()


class FakeGA4(FakeServer):
    """GA4 Data API fake: rows_per_day rows each day, paged by offset/limit."""

    def __init__(self, rows_per_day: int = 7, currency: str = "EUR"):
        super().__init__()
        self.rows_per_day = rows_per_day
        self.currency = currency
        self.tokens_consumed = 0
        self.metadata_metrics = list(METADATA_METRICS)

    def answer(self, request: Request) -> Reply:
        path = request.path
        if path == "/token":  # only used if the credentials ever ask for an OAuth token
            return Reply(200, {"access_token": "fake-token", "expires_in": 3600,
                               "token_type": "Bearer"})
        if re.fullmatch(r"/v1beta/properties/\d+/metadata", path):
            return Reply(200, {
                "name": path.removeprefix("/v1beta/"),
                "dimensions": [{"apiName": d, "uiName": d} for d in METADATA_DIMENSIONS],
                "metrics": [{"apiName": m, "uiName": m, "type": TYPES.get(m, "TYPE_INTEGER")}
                            for m in self.metadata_metrics]})
        if re.fullmatch(r"/v1beta/properties/\d+:runReport", path):
            return self.run_report(request.json())
        if re.fullmatch(r"/v1beta/properties/\d+:runRealtimeReport", path):
            return self.realtime(request.json())
        return error(404, f"Requested entity was not found: {path}")

    def run_report(self, body: dict) -> Reply:
        day = date.fromisoformat(body["dateRanges"][0]["startDate"])
        dims = [d["name"] for d in body.get("dimensions", [])]
        mets = [m["name"] for m in body.get("metrics", [])]
        unknown = [m for m in mets if m not in self.metadata_metrics]
        if unknown:
            return error(400, f"Field {unknown[0]} is not a valid metric.")
        indexes = [i for i in range(self.rows_per_day)
                   if not (set(mets) <= COMMERCE and i % 2)]  # commerce: every other row
        offset, limit = int(body.get("offset") or 0), int(body.get("limit") or 10000)
        page = indexes[offset:offset + limit]
        self.tokens_consumed += 3
        answer = {
            "dimensionHeaders": [{"name": d} for d in dims],
            "metricHeaders": [{"name": m, "type": TYPES.get(m, "TYPE_INTEGER")} for m in mets],
            "rowCount": len(indexes),
            "metadata": {"currencyCode": self.currency, "timeZone": "Europe/Paris"},
            "kind": "analyticsData#runReport",
        }
        if page:  # GA4 leaves `rows` out entirely when there are none
            answer["rows"] = [{"dimensionValues": [{"value": dimension_value(d, i)} for d in dims],
                               "metricValues": [{"value": metric_value(m, i, day)} for m in mets]}
                              for i in page]
        if body.get("returnPropertyQuota"):
            answer["propertyQuota"] = {
                "tokensPerDay": {"consumed": 3, "remaining": 200000 - self.tokens_consumed},
                "tokensPerHour": {"consumed": 3, "remaining": 40000 - self.tokens_consumed},
                "concurrentRequests": {"consumed": 0, "remaining": 10},
                "serverErrorsPerProjectPerHour": {"consumed": 0, "remaining": 10},
                "potentiallyThresholdedRequestsPerHour": {"consumed": 0, "remaining": 120},
                "tokensPerProjectPerHour": {"consumed": 3, "remaining": 14000}}
        return Reply(200, answer)

    def realtime(self, body: dict) -> Reply:
        dims = [d["name"] for d in body.get("dimensions", [])]
        values = {"deviceCategory": ["mobile", "desktop"], "country": ["France", "Canada"]}
        rows = []
        for k, (a, b) in enumerate([(0, 0), (0, 1), (1, 0)]):
            picks = [values.get(d, ["x", "y"])[(a, b)[n % 2]] for n, d in enumerate(dims)]
            rows.append({"dimensionValues": [{"value": v} for v in picks],
                         "metricValues": [{"value": str(12 - 4 * k)}]})
        return Reply(200, {"dimensionHeaders": [{"name": d} for d in dims],
                           "metricHeaders": [{"name": "activeUsers", "type": "TYPE_INTEGER"}],
                           "rows": rows, "rowCount": len(rows),
                           "kind": "analyticsData#runRealtimeReport"})


def service_account_info() -> dict:
    """A throwaway service account: the real google-auth client signs its own JWT with it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {"type": "service_account", "project_id": "balise-test",
            "private_key_id": "5f2c0ffee1234567890abcdef1234567890abcd", "private_key": pem,
            "client_email": "balise-reader@balise-test.iam.gserviceaccount.com",
            "client_id": "1234567890", "token_uri": "http://127.0.0.1:9/token"}
