"""Fake Search Console API (webmasters/v3): OAuth token, sites.get, searchAnalytics.query.

Shapes from developers.google.com/webmaster-tools/v1/searchanalytics/query: rows of
`{"keys": [...], "clicks", "impressions", "ctr", "position"}`, `startRow`/`rowLimit` paging,
no `rows` at all for an empty period; errors in Google's JSON error body.
"""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import unquote

from tests.fakes.server import FakeServer, Reply, Request, error

SITE = "sc-domain:boutique.example"
TOKEN = "ya29.fake-search-console-token"
QUERIES = ["chaussures rando", "boutique balise", "#michelinpower", "sac à dos 30l"]
PAGES = ["https://boutique.example/", "https://boutique.example/rando", "https://boutique.example/sacs"]
COUNTRIES = ["fra", "bel", "che"]
DEVICES = ["DESKTOP", "MOBILE", "TABLET"]
VALUES = {"query": QUERIES, "page": PAGES, "country": COUNTRIES, "device": DEVICES}


def cut(day: date, kind: str) -> list[dict]:
    """Rows of one day by KIND: clicks and impressions that add up to the day's totals
    (queries leave one anonymised share out, as Search Console does)."""
    values = VALUES[kind]
    rows = []
    for i, value in enumerate(values):
        clicks, impressions = 2 + i + day.day % 3, 40 + 10 * i + day.day
        rows.append({"keys": [day.isoformat(), value], "clicks": clicks,
                     "impressions": impressions, "ctr": clicks / impressions,
                     "position": 3.5 + i})
    return rows


class FakeSearchConsole(FakeServer):
    """Data for every day up to `last` (later days: no data yet), the same for each of `sites`
    (the properties the service account may read)."""

    def __init__(self, last: date = date(2024, 5, 31), sites: tuple[str, ...] = (SITE,)):
        super().__init__()
        self.last = last
        self.sites = sites
        self.queries: list[dict] = []

    def day_totals(self, day: date) -> dict:
        """By date alone: the sums over devices (every click has a device)."""
        rows = cut(day, "device")
        clicks = sum(r["clicks"] for r in rows)
        impressions = sum(r["impressions"] for r in rows)
        position = sum(r["position"] * r["impressions"] for r in rows) / impressions
        return {"keys": [day.isoformat()], "clicks": clicks, "impressions": impressions,
                "ctr": clicks / impressions, "position": position}

    def answer(self, request: Request) -> Reply:
        if request.path == "/token":
            return Reply(200, {"access_token": TOKEN, "expires_in": 3600, "token_type": "Bearer"})
        headers = {k.lower(): v for k, v in request.headers.items()}
        if headers.get("authorization") != f"Bearer {TOKEN}":
            return error(401, "Request had invalid authentication credentials. Expected OAuth 2 "
                              "access token, login cookie or other valid authentication "
                              "credential.")
        prefix = "/webmasters/v3/sites/"
        if not request.path.startswith(prefix):
            return error(404, "Not Found")
        rest = request.path.removeprefix(prefix)
        site, _, action = rest.partition("/")
        if unquote(site) not in self.sites:
            return error(403, f"User does not have sufficient permission for site "
                              f"'{unquote(site)}'. See also: "
                              "https://support.google.com/webmasters/answer/2451999.")
        if not action and request.method == "GET":
            return Reply(200, {"siteUrl": unquote(site), "permissionLevel": "siteRestrictedUser"})
        if action != "searchAnalytics/query":
            return error(404, "Not Found")
        body = request.json()
        self.queries.append(body)
        limit = int(body.get("rowLimit", 1000))
        if limit > 25000:
            return error(400, "Invalid value at 'row_limit' (25000 at most)")
        start = date.fromisoformat(body["startDate"])
        end = min(date.fromisoformat(body["endDate"]), self.last)
        days = [start + timedelta(days=n) for n in range(max(0, (end - start).days + 1))]
        dims = body.get("dimensions") or []
        if dims == ["date"]:
            rows = [self.day_totals(d) for d in days]
        else:
            rows = [r for d in days for r in cut(d, dims[1])]
        first = int(body.get("startRow", 0))
        page = rows[first:first + limit]
        answer = {"responseAggregationType": "byProperty"}
        if page:
            answer["rows"] = page
        return Reply(200, answer)
