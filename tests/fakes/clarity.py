"""Fake Microsoft Clarity Data Export API: `GET /export-data/api/v1/project-live-insights`.

Shapes from learn.microsoft.com/clarity/setup-and-installation/clarity-data-export-api: a list
of `{"metricName", "information": [...]}`, counts as strings, one entry per dimension value
(here URL and Device); numOfDays 1-3; 10 calls per project per day, then 429.
"""
from __future__ import annotations

from tests.fakes.server import FakeServer, Reply, Request

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJwcm9qZWN0SWQiOiJhYmNkMTIzNGVmIn0.c2lnbmF0dXJl"
PROJECT = "abcd1234ef"
PAGES = ["https://boutique.example/", "https://boutique.example/panier",
         "https://boutique.example/rando"]
DEVICES = ["Mobile", "PC"]


def segment(p: int, d: int, days: int) -> dict:
    """Counts of one page and device over DAYS days (everything scales with the days)."""
    sessions = days * (100 + 50 * p + 20 * d)
    return {"sessions": sessions, "rage": days * (p * 3 + d), "rage_share": 2.0 * p,
            "dead": days * (10 + p), "dead_share": 5.0, "quick": days * (4 + d),
            "quick_share": 4.0, "scroll": 40.0 + 10 * p, "active": 30.0 + d}


class FakeClarity(FakeServer):
    def __init__(self, pages: list[str] | None = None):
        super().__init__()
        self.pages = PAGES if pages is None else pages
        self.calls = 0

    def segments(self, days: int):
        for p, page in enumerate(self.pages):
            for d, device in enumerate(DEVICES):
                yield {"URL": page, "Device": device}, segment(p, d, days)

    def answer(self, request: Request) -> Reply:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if headers.get("authorization") != f"Bearer {TOKEN}":
            return Reply(401, {"message": "Unauthorized: the token is invalid or expired."})
        if request.path != "/export-data/api/v1/project-live-insights":
            return Reply(404, {"message": "Not found"})
        self.calls += 1
        if self.calls > 10:
            return Reply(429, {"message": "Exceeded daily limit of 10 requests."})
        q = {k: v[0] for k, v in request.query.items()}
        days = int(q.get("numOfDays", 0))
        if days not in (1, 2, 3):
            return Reply(400, {"message": "numOfDays must be 1, 2 or 3."})
        return Reply(200, self.answer_payload(days))

    def answer_payload(self, days: int) -> list[dict]:
        """The answer for the last DAYS days, by URL and device."""
        traffic, dead, rage, quick, scroll, engage = [], [], [], [], [], []
        for dims, s in self.segments(days):
            traffic.append({"totalSessionCount": str(s["sessions"]), "totalBotSessionCount": "3",
                            "distantUserCount": str(s["sessions"] - 5),
                            "PagesPerSessionPercentage": 1.4, **dims})
            for out, count, share in ((dead, "dead", "dead_share"), (rage, "rage", "rage_share"),
                                      (quick, "quick", "quick_share")):
                out.append({"sessionsCount": str(s["sessions"]),
                            "sessionsWithMetricPercentage": s[share],
                            "sessionsWithoutMetricPercentage": 100 - s[share],
                            "pagesViews": str(2 * s["sessions"]), "subTotal": str(s[count]),
                            **dims})
            scroll.append({"averageScrollDepth": s["scroll"], **dims})
            engage.append({"totalTime": str(s["active"] * 2), "activeTime": str(s["active"]),
                           **dims})
        return [{"metricName": "Traffic", "information": traffic},
                {"metricName": "DeadClickCount", "information": dead},
                {"metricName": "RageClickCount", "information": rage},
                {"metricName": "QuickbackClick", "information": quick},
                {"metricName": "ScrollDepth", "information": scroll},
                {"metricName": "EngagementTime", "information": engage}]
