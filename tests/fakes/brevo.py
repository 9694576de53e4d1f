"""Fake Brevo API v3: `/v3/emailCampaigns` (limit/offset, sentDate window) and `/v3/account`.

Shapes from developers.brevo.com (Get all campaigns: `{"campaigns": [...], "count": N}`, each
campaign with `statistics.globalStats`; errors `{"code": "unauthorized", "message": ...}`).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fakes.server import FakeServer, Reply, Request

API_KEY = "xkeysib-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-AbCdEf123456"


def campaign(i: int, sent_at: datetime | None) -> dict:
    """One campaign as Brevo returns it with statistics=globalStats."""
    sent = 2000 + 100 * i
    stats = {"uniqueClicks": 50 + i, "clickers": 48 + i, "complaints": i % 2,
             "delivered": sent - 20 - i, "sent": sent, "softBounces": 12, "hardBounces": 8 + i,
             "uniqueViews": 700 + 10 * i, "trackableViews": 650, "unsubscriptions": 4 + i,
             "viewed": 1100, "deferred": 0, "returnBounce": 0}
    return {"id": 100 + i, "name": f"Lettre #{i}", "subject": f"Les nouveautés de la semaine {i}",
            "type": "classic", "status": "sent" if sent_at else "draft",
            "testSent": False, "header": "[DEFAULT_HEADER]", "footer": "[DEFAULT_FOOTER]",
            "sender": {"name": "Boutique", "id": 1, "email": "news@boutique.example"},
            "replyTo": "news@boutique.example", "toField": "", "previewText": "",
            "tag": "", "inlineImageActivation": False, "mirrorActive": True,
            "recipients": {"lists": [2], "exclusionLists": []},
            "statistics": {"globalStats": stats if sent_at else {}, "campaignStats": [],
                           "mirrorClick": 0, "remaining": 0, "linksStats": {},
                           "statsByDomain": {}},
            "createdAt": "2024-04-20T09:00:00.000+02:00",
            "modifiedAt": "2024-04-20T09:00:00.000+02:00",
            **({"sentDate": sent_at.isoformat(timespec="milliseconds")} if sent_at else {})}


class FakeBrevo(FakeServer):
    """`campaigns` sent campaigns, one every 3 days from `first`, plus a draft."""

    def __init__(self, campaigns: int = 5, first=datetime(2024, 5, 2, 9, 0, tzinfo=UTC)):
        super().__init__()
        self.campaigns = [campaign(i, first + timedelta(days=3 * i)) for i in range(campaigns)]
        self.campaigns.append(campaign(campaigns, None))

    def totals(self) -> dict:
        """The fake's own sums over sent campaigns (what pulled KPIs must equal)."""
        sent = [c["statistics"]["globalStats"] for c in self.campaigns if "sentDate" in c]
        return {k: sum(s[k] for s in sent) for k in ("sent", "delivered", "uniqueViews",
                                                      "uniqueClicks", "hardBounces")}

    def answer(self, request: Request) -> Reply:
        if request.headers.get("api-key") != API_KEY:
            return Reply(401, {"code": "unauthorized", "message": "Key not found"})
        if request.path == "/v3/account":
            return Reply(200, {"email": "owner@boutique.example", "firstName": "Anne",
                               "lastName": "Martin", "companyName": "Boutique Balise",
                               "plan": [{"type": "free", "credits": 300,
                                         "creditsType": "sendLimit"}]})
        if request.path != "/v3/emailCampaigns":
            return Reply(404, {"code": "not_found", "message": "Invalid route"})
        q = {k: v[0] for k, v in request.query.items()}
        limit = int(q.get("limit", 50))
        if limit > 100:
            return Reply(400, {"code": "out_of_range", "message": "limit exceeds max value 100"})
        start = datetime.fromisoformat(q["startDate"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(q["endDate"].replace("Z", "+00:00"))
        chosen = [c for c in self.campaigns if q.get("status") != "sent" or "sentDate" in c]
        chosen = [c for c in chosen if "sentDate" in c
                  and start <= datetime.fromisoformat(c["sentDate"]) <= end]
        offset = int(q.get("offset", 0))
        if not chosen:
            return Reply(200, {"count": 0, "campaigns": []})
        return Reply(200, {"count": len(chosen), "campaigns": chosen[offset:offset + limit]})
