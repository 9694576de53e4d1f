"""Fake Google Ads API (REST): OAuth token endpoint and `googleAds:searchStream`.

Shapes from developers.google.com/google-ads/api/rest: the stream answers a JSON array of
`{"results": [...], "fieldMask", "requestId"}` chunks; rows hold `customer`, `campaign`,
`adGroup`, `segments`, `metrics` (int64 as strings, costMicros); errors are Google's JSON error
with a GoogleAdsFailure in `details`.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs

from tests.fakes.server import FakeServer, Reply, Request

CUSTOMER = "1234567890"
MANAGER = "9876543210"
DEVELOPER_TOKEN = "DevTok-0123456789abcdef"
CLIENT_ID = "1234-abc.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-fake-client-secret"
REFRESH_TOKEN = "1//0g-fake-refresh-token-for-tests"
ACCESS = "ya29.fake-google-ads-access"
VERSION = "v21"
GROUPS = [("111", "Marque", "901", "Marque exacte"), ("111", "Marque", "902", "Marque large"),
          ("222", "Chaussures rando", "903", "Homme")]
DEVICES = ["MOBILE", "DESKTOP"]
KEYWORDS = [("balise", "EXACT"), ("balise", "PHRASE"), ("chaussures rando", "BROAD")]
TERMS = ["balise boutique", "chaussure randonnée homme"]


def failure(status: int, name: str, message: str, code: dict) -> Reply:
    return Reply(status, {"error": {"code": status, "message": message, "status": name,
                                    "details": [{
                                        "@type": "type.googleapis.com/google.ads.googleads."
                                                 f"{VERSION}.errors.GoogleAdsFailure",
                                        "errors": [{"errorCode": code, "message": message}],
                                        "requestId": "fakeRequest1"}]}})


def base(day: date, group: tuple) -> dict:
    cid, cname, gid, gname = group
    return {"customer": {"resourceName": f"customers/{CUSTOMER}", "id": CUSTOMER,
                         "descriptiveName": "Boutique Balise", "currencyCode": "EUR"},
            "campaign": {"resourceName": f"customers/{CUSTOMER}/campaigns/{cid}", "id": cid,
                         "name": cname},
            "adGroup": {"resourceName": f"customers/{CUSTOMER}/adGroups/{gid}", "id": gid,
                        "name": gname},
            "segments": {"date": day.isoformat()}}


def metrics(n: int, day: date) -> dict:
    return {"impressions": str(100 + 10 * n + day.day), "clicks": str(5 + n),
            "costMicros": str(1_250_000 * (n + 1)), "conversions": 0.5 * (n % 3),
            "conversionsValue": 20.0 * (n % 3)}


class FakeGoogleAds(FakeServer):
    def __init__(self):
        super().__init__()
        self.streams: list[str] = []

    def rows(self, kind: str, start: date, end: date) -> list[dict]:
        found = []
        for d in range((end - start).days + 1):
            day = start + timedelta(days=d)
            for g, group in enumerate(GROUPS):
                if kind == "ad_group":
                    for k, device in enumerate(DEVICES):
                        r = base(day, group)
                        r["segments"]["device"] = device
                        found.append({**r, "metrics": metrics(2 * g + k, day)})
                elif kind == "keyword_view" and g < 2:
                    for k, (text, match) in enumerate(KEYWORDS[:2] if g == 0 else KEYWORDS[2:]):
                        found.append({**base(day, group), "adGroupCriterion": {
                            "keyword": {"text": text, "matchType": match}},
                            "metrics": metrics(g + k, day)})
                elif kind == "search_term_view" and g == 2:
                    for k, term in enumerate(TERMS):
                        found.append({**base(day, group), "searchTermView": {
                            "searchTerm": term, "status": "NONE"}, "metrics": metrics(k, day)})
        return found

    def answer(self, request: Request) -> Reply:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if request.path == "/token":
            form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
            if (form.get("refresh_token"), form.get("client_secret")) != (REFRESH_TOKEN,
                                                                          CLIENT_SECRET):
                return Reply(400, {"error": "invalid_grant",
                                   "error_description": "Token has been expired or revoked."})
            return Reply(200, {"access_token": ACCESS, "expires_in": 3599,
                               "scope": "https://www.googleapis.com/auth/adwords",
                               "token_type": "Bearer"})
        if headers.get("authorization") != f"Bearer {ACCESS}":
            return failure(401, "UNAUTHENTICATED", "Request is missing required authentication "
                           "credential. Expected OAuth 2 access token.",
                           {"authenticationError": "OAUTH_TOKEN_INVALID"})
        if headers.get("developer-token") != DEVELOPER_TOKEN:
            return failure(401, "UNAUTHENTICATED", "The developer token is not valid.",
                           {"authenticationError": "DEVELOPER_TOKEN_INVALID"})
        path = f"/{VERSION}/customers/{CUSTOMER}/googleAds:searchStream"
        if request.path != path:
            return failure(403, "PERMISSION_DENIED", "The caller does not have permission",
                           {"authorizationError": "USER_PERMISSION_DENIED"})
        if headers.get("login-customer-id") not in (None, MANAGER):
            return failure(403, "PERMISSION_DENIED", "User doesn't have permission to access "
                           "customer.", {"authorizationError": "USER_PERMISSION_DENIED"})
        gaql = request.json()["query"]
        self.streams.append(gaql)
        source = re.search(r"FROM (\w+)", gaql).group(1)
        if source == "customer":
            return Reply(200, [{"results": [base(date(2024, 5, 1), GROUPS[0])],
                                "fieldMask": "customer.descriptiveName,customer.currencyCode",
                                "requestId": "r0"}])
        days = re.search(r"BETWEEN '([\d-]+)' AND '([\d-]+)'", gaql)
        start, end = date.fromisoformat(days.group(1)), date.fromisoformat(days.group(2))
        rows = self.rows({"ad_group": "ad_group"}.get(source, source), start, end)
        if not rows:   # an empty period: one chunk with no results
            return Reply(200, [{"fieldMask": "segments.date", "requestId": "r1"}])
        # The stream sends its rows in chunks (10,000 each for real; 4 here).
        return Reply(200, [{"results": rows[i:i + 4], "fieldMask": "...", "requestId": "r1"}
                           for i in range(0, len(rows), 4)])

    def totals(self, start: date, end: date) -> dict:
        """The fake's own sums over ad groups: what the paid KPIs must equal."""
        rows = self.rows("ad_group", start, end)
        return {"impressions": sum(int(r["metrics"]["impressions"]) for r in rows),
                "clicks": sum(int(r["metrics"]["clicks"]) for r in rows),
                "cost": sum(int(r["metrics"]["costMicros"]) for r in rows) / 1e6,
                "conversions": sum(r["metrics"]["conversions"] for r in rows)}
