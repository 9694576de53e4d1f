"""Fake Meta Graph API: ad account insights (sync, cursor paging) and async report runs; a Page's
published posts with nested, paged comments and replies, and its linked Instagram media."""
from __future__ import annotations

import json
from datetime import date, timedelta

from tests.fakes.server import FakeServer, Reply, Request

TOKEN = "EAAGm0PX4ZCpsBAFakeTokenForTests1234567890"
ACCOUNT = "act_1234567890"
CAMPAIGNS = [("120210000000000001", "Traffic_Website Visit_28/06/25"),
             ("120210000000000002", "Ventes – été 2024"),
             ("120210000000000003", "Retargeting 'panier'")]


PAGE, IG = "102345678901234", "17841400000000001"


def _who(uid: str, name: str = "") -> dict:
    return {"id": uid, "name": name or uid}


# Every comment edge in full: (object id, edge) -> items. Objects show the first INLINE of them
# nested, with a cursor to the rest (fetched through /{object}/{edge}).
EDGES = {
    ("p1", "comments"): [
        {"id": "p1_c1", "created_time": "2024-06-01T09:00:00+0000", "from": _who("u1", "Julie"),
         "message": "Livrez-vous en Belgique ?", "permalink_url": "https://facebook.com/p1?c=1"},
        {"id": "p1_c2", "created_time": "2024-06-01T09:30:00+0000", "from": _who(PAGE, "Boutique"),
         "message": "Nouvelle collection !"},
        {"id": "p1_c3", "created_time": "2024-06-01T20:00:00+0000", "from": _who("u2", "Marc"),
         "message": "Toujours pas reçu ma commande", "permalink_url": "https://facebook.com/p1?c=3"},
        {"id": "p1_c4", "created_time": "2024-06-02T07:00:00+0000", "from": _who("u3", "Léa"),
         "message": "Quelle taille ?", "permalink_url": "https://facebook.com/p1?c=4"},
    ],
    ("p1_c1", "comments"): [{"created_time": "2024-06-01T10:30:00+0000", "from": _who(PAGE)},
                            {"created_time": "2024-06-01T11:00:00+0000", "from": _who("u1")}],
    ("p1_c4", "comments"): [{"created_time": "2024-06-02T08:00:00+0000", "from": _who("u9")},
                            {"created_time": "2024-06-02T09:00:00+0000", "from": _who("u8")},
                            {"created_time": "2024-06-03T08:00:00+0000", "from": _who(PAGE)}],
    ("m1", "comments"): [
        {"id": "m1_i1", "timestamp": "2024-06-02T13:00:00+0000", "text": "Sublime",
         "from": {"id": "ig_u1", "username": "julie"}},
        {"id": "m1_i2", "timestamp": "2024-06-02T13:30:00+0000", "text": "Prix ?",
         "from": {"id": "ig_u2", "username": "marc"}},
    ],
    ("m1_i1", "replies"): [{"timestamp": "2024-06-02T15:00:00+0000", "from": {"id": IG, "username": "boutique"}}],
    ("m1_i2", "replies"): [{"timestamp": "2024-06-02T12:30:00+0000", "from": {"id": IG, "username": "boutique"}}],
}
INLINE = 2
POSTS = [{"id": "p1", "created_time": "2024-06-01T08:00:00+0000", "permalink_url": "https://facebook.com/p1"},
         {"id": "p2", "created_time": "2024-06-02T08:00:00+0000", "permalink_url": "https://facebook.com/p2"}]
MEDIA = [{"id": "m1", "timestamp": "2024-06-02T12:00:00+0000", "permalink": "https://instagram.com/p/m1"},
         {"id": "m0", "timestamp": "2024-05-01T12:00:00+0000", "permalink": "https://instagram.com/p/m0"}]


def nest(obj: dict, url: str) -> dict:
    """An object with its comment edges nested the way the Graph API returns them."""
    out = dict(obj)
    for (owner, edge), items in EDGES.items():
        if owner == obj["id"]:
            shown = [nest(i, url) if "id" in i else dict(i) for i in items[:INLINE]]
            out[edge] = {"data": shown, "paging": {"cursors": {"before": "c0", "after": f"c{INLINE}"}}}
            if len(items) > INLINE:
                out[edge]["paging"]["next"] = f"{url}/{owner}/{edge}?access_token={TOKEN}&after=c{INLINE}"
    return out


def insight(day: date, n: int) -> dict:
    cid, name = CAMPAIGNS[n]
    row = {"account_id": ACCOUNT.removeprefix("act_"), "account_name": "Boutique Balise",
           "account_currency": "EUR", "campaign_id": cid, "campaign_name": name,
           "impressions": str(1000 * (n + 1) + day.day), "reach": str(800 * (n + 1)),
           "clicks": str(60 + n), "inline_link_clicks": str(40 + n), "spend": f"{25.5 * (n + 1):.2f}",
           "date_start": day.isoformat(), "date_stop": day.isoformat()}
    if n != 2:  # campaigns without conversions carry no `actions` at all
        row["actions"] = [{"action_type": "link_click", "value": str(40 + n)},
                          {"action_type": "purchase", "value": str(3 + n)},
                          {"action_type": "omni_purchase", "value": str(3 + n)}]
        row["action_values"] = [{"action_type": "purchase", "value": "149.7"},
                                {"action_type": "omni_purchase", "value": "149.7"}]
    return row


class FakeMeta(FakeServer):
    """Insights for every campaign on every day of the asked time_range, `limit` per page."""

    def __init__(self, version: str = "v21.0", async_polls: int = 2):
        super().__init__()
        self.version = version
        self.async_polls = async_polls
        self.runs: dict[str, dict] = {}
        self.usage = {"call_count": 5, "total_time": 3, "total_cputime": 2}
        self.seen_fields: list[str] = []

    def rows(self, params: dict) -> list[dict]:
        rng = json.loads(params["time_range"])
        start, end = date.fromisoformat(rng["since"]), date.fromisoformat(rng["until"])
        return [insight(start + timedelta(days=d), n)
                for d in range((end - start).days + 1) for n in range(len(CAMPAIGNS))]

    def page(self, rows: list[dict], q: dict, path: str) -> Reply:
        offset = int(q.get("after", "0").removeprefix("c")) if q.get("after") else 0
        limit = int(q.get("limit", 25))
        body = {"data": rows[offset:offset + limit]}
        if rows:
            body["paging"] = {"cursors": {"before": f"c{offset}", "after": f"c{offset + limit}"}}
            if offset + limit < len(rows):
                # Meta's next links carry the token: the client must never follow them as is.
                body["paging"]["next"] = (f"{self.url}{path}?access_token={TOKEN}"
                                          f"&after=c{offset + limit}")
        return Reply(200, body, headers={"X-App-Usage": json.dumps(self.usage)})

    def answer(self, request: Request) -> Reply:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return Reply(400, {"error": {"message": "Invalid OAuth access token - Cannot parse "
                                         "access token", "type": "OAuthException", "code": 190,
                                         "fbtrace_id": "AbCdEf"}})
        q = {k: v[0] for k, v in request.query.items()}
        prefix = f"/{self.version}/"
        path = request.path.removeprefix(prefix)
        if path == f"{ACCOUNT}/insights" and request.method == "GET":
            return self.page(self.rows(q), q, request.path)
        if path == f"{ACCOUNT}/insights" and request.method == "POST":
            run_id = str(900000000000001 + len(self.runs))
            self.runs[run_id] = {"params": q, "polls": 0}
            return Reply(200, {"report_run_id": run_id})
        if path == f"{PAGE}/published_posts":
            self.seen_fields.append(q.get("fields", ""))
            return self.page([nest(p, self.url) for p in POSTS], q, request.path)
        if path == PAGE:
            return Reply(200, {"id": PAGE, "instagram_business_account": {"id": IG}})
        if path == f"{IG}/media":
            return self.page([nest(m, self.url) for m in MEDIA], q, request.path)
        owner, _, edge = path.partition("/")
        if (owner, edge) in EDGES:
            return self.page([nest(i, self.url) if "id" in i else i for i in EDGES[(owner, edge)]],
                             q, request.path)
        run_id = path.split("/")[0]
        if run_id in self.runs:
            run = self.runs[run_id]
            if path == run_id:
                run["polls"] += 1
                done = run["polls"] > self.async_polls
                return Reply(200, {"id": run_id, "account_id": ACCOUNT.removeprefix("act_"),
                                   "async_status": "Job Completed" if done else "Job Running",
                                   "async_percent_completion": 100 if done else 50})
            return self.page(self.rows(run["params"]), q, request.path)
        return Reply(400, {"error": {"message": "Unsupported get request.", "type":
                                     "GraphMethodException", "code": 100}})
