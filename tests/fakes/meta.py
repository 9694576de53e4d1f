"""Fake Meta Graph API: ad account insights (sync, cursor paging) and async report runs."""
from __future__ import annotations

import json
from datetime import date, timedelta

from tests.fakes.server import FakeServer, Reply, Request

TOKEN = "EAAGm0PX4ZCpsBAFakeTokenForTests1234567890"
ACCOUNT = "act_1234567890"
CAMPAIGNS = [("120210000000000001", "Traffic_Website Visit_28/06/25"),
             ("120210000000000002", "Ventes – été 2024"),
             ("120210000000000003", "Retargeting 'panier'")]


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
