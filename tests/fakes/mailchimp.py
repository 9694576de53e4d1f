"""Fake Mailchimp Marketing API: `/3.0/reports` paged with count/offset, the API root (the
account), Basic auth checked."""
from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from tests.fakes.server import FakeServer, Reply, Request

API_KEY = "0123456789abcdef0123456789abcdef-us6"
ACCOUNT_NAME = "Boutique Balise"


def report(i: int, sent_at: datetime) -> dict:
    """One campaign report as Mailchimp returns it (rates are fractions)."""
    sent = 1000 + 10 * i
    return {
        "id": f"42694e9e{i:02d}", "campaign_title": f"Newsletter #{i}", "type": "regular",
        "list_id": "57afe96172", "list_name": "Clients FR", "list_is_active": True,
        "subject_line": f"Nos nouveautés, épisode {i}", "preview_text": "",
        "emails_sent": sent, "abuse_reports": i % 2, "unsubscribed": 3 + i,
        "send_time": sent_at.isoformat(),
        "bounces": {"hard_bounces": 4, "soft_bounces": 6, "syntax_errors": 0},
        "forwards": {"forwards_count": 0, "forwards_opens": 0},
        "opens": {"opens_total": 700, "unique_opens": 400 + i, "proxy_excluded_opens": 300,
                  "proxy_excluded_unique_opens": 200, "open_rate": (400 + i) / (sent - 10),
                  "proxy_excluded_open_rate": 0.2, "last_open": sent_at.isoformat()},
        "clicks": {"clicks_total": 120, "unique_clicks": 90, "unique_subscriber_clicks": 80 + i,
                   "click_rate": (80 + i) / (sent - 10), "last_click": sent_at.isoformat()},
        "facebook_likes": {"recipient_likes": 0, "unique_likes": 0, "facebook_likes": 0},
        "industry_stats": {"type": "Retail", "open_rate": 0.18, "click_rate": 0.02},
        "list_stats": {"sub_rate": 1.2, "unsub_rate": 0.4, "open_rate": 0.31, "click_rate": 0.05},
        "ecommerce": {"total_orders": 5 + i, "total_spent": 300.5, "total_revenue": 310.25,
                      "currency_code": "EUR"},
        "delivery_status": {"enabled": False},
        "_links": [{"rel": "parent", "href": "https://us6.api.mailchimp.com/3.0/reports",
                    "method": "GET"}],
    }


class FakeMailchimp(FakeServer):
    """Serves `campaigns` reports, one every 2 days from `first`, filtered by send time."""

    def __init__(self, campaigns: int = 5, first=datetime(2024, 5, 1, 8, 30, tzinfo=UTC)):
        super().__init__()
        self.reports = [report(i, first + timedelta(days=2 * i)) for i in range(campaigns)]

    def answer(self, request: Request) -> Reply:
        expected = "Basic " + base64.b64encode(f"balise:{API_KEY}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return Reply(401, {"type": "https://mailchimp.com/developer/marketing/docs/errors/",
                               "title": "API Key Invalid", "status": 401,
                               "detail": "Your API key may be invalid, or you've attempted to "
                                         "access the wrong datacenter.", "instance": "a1b2"})
        if request.path in ("/3.0", "/3.0/"):   # the API root: the account the key belongs to
            return Reply(200, {"account_id": "8d3a3db4d97663a9074efcc16", "login_id": "50367773",
                               "account_name": ACCOUNT_NAME, "email": "owner@boutique.example",
                               "role": "owner", "total_subscribers": 1250})
        if request.path != "/3.0/reports":
            return Reply(404, {"title": "Resource Not Found", "status": 404,
                               "detail": "The requested resource could not be found."})
        q = {k: v[0] for k, v in request.query.items()}
        since = datetime.fromisoformat(q.get("since_send_time", "1970-01-01T00:00:00+00:00"))
        before = datetime.fromisoformat(q.get("before_send_time", "2100-01-01T00:00:00+00:00"))
        chosen = [r for r in self.reports
                  if since <= datetime.fromisoformat(r["send_time"]) < before]
        offset, count = int(q.get("offset", 0)), int(q.get("count", 10))
        return Reply(200, {"reports": chosen[offset:offset + count], "total_items": len(chosen),
                           "_links": []})
