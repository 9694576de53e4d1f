"""GA4's BigQuery export, locally: a generator with known truth, DuckDB tables shaped like the
export, and a fake of BigQuery's REST API (v2) that runs the queries it receives on them.

- `generate(days, users)` draws sessions and their events; `truth(...)` counts them in plain
  Python (sessions, users, revenue...) at the site table's grain, independently of any SQL.
- `export_db(events)` writes one DuckDB table per day, `<project>.<dataset>.events_YYYYMMDD`,
  with the export's nested columns (event_params as a list of key/value structs, device, geo,
  session_traffic_source_last_click, ecommerce, items), and the view `events_*` that adds
  `_TABLE_SUFFIX` like BigQuery's wildcard table (events_intraday_* tables included, as there).
- `FakeBigQuery` serves jobs.insert, jobs.get, jobs.getQueryResults (paged with pageToken),
  jobs.query, datasets.get and a dry run: it transpiles the BigQuery SQL with sqlglot and runs it
  with DuckDB. A query reads BYTES_PER_EVENT per event of the days its suffixes cover; it bills
  at least 10 MiB, as BigQuery does.
"""
from __future__ import annotations

import random
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import sqlglot

from tests.fakes.server import FakeServer, Reply, Request

PROJECT, DATASET = "shop-analytics", "analytics_123456789"
BYTES_PER_EVENT = 1_000
MIN_BILLED = 10 * 2 ** 20

SOURCES = [  # source, medium, campaign, default channel group
    ("google", "organic", "(organic)", "Organic Search"),
    ("(direct)", "(none)", "(direct)", "Direct"),
    ("newsletter", "email", "spring_sale", "Email"),
    ("google", "cpc", "brand_search", "Paid Search"),
    ("facebook.com", "referral", "(referral)", "Organic Social"),
]
DEVICES = ["desktop", "mobile", "tablet"]
COUNTRIES = ["France", "Belgium", "Canada"]
PAGES = ["/", "/produits/chaussures", "/produits/sacs?couleur=noir", "/blog/guide"]
ITEMS = [("Chaussures", "Basket Alto", 79.0), ("Sacs", "Cabas Lin", 45.5),
         ("Sacs", "Pochette", 19.9)]


@dataclass
class Event:
    day: date
    ts: int
    name: str
    user: str
    session_id: int | None
    source: tuple | None
    device: str
    country: str
    page: str | None = None
    engaged: bool = False
    revenue: float | None = None
    items: list = field(default_factory=list)   # (category, name, quantity, item revenue)


def generate(days: list[date], users: int = 40, seed: int = 7) -> list[Event]:
    """Sessions of USERS users over DAYS, each as its events in time order."""
    rnd = random.Random(seed)
    events: list[Event] = []
    seen: set[str] = set()
    for day in days:
        base = int((day - date(1970, 1, 1)).total_seconds()) * 1_000_000 + 8 * 3600 * 1_000_000
        for u in range(users):
            if rnd.random() < 0.25:
                continue
            user = f"{1000 + u}.{1700000000 + u}"
            device, country = DEVICES[u % 3], COUNTRIES[u % 3]
            for s in range(rnd.choice([1, 1, 2])):
                sid = 1_700_000_000 + u * 100 + s + day.day * 10_000
                src = SOURCES[rnd.randrange(len(SOURCES))]
                ts = base + u * 60_000_000 + s * 3_600_000_000
                step = lambda: rnd.randrange(1, 90) * 1_000_000  # noqa: E731

                def add(name, **kw):
                    nonlocal ts
                    events.append(Event(day, ts, name, user, sid, src, device, country, **kw))  # noqa: B023 (called in this iteration)
                    ts += step()  # noqa: B023
                if user not in seen:
                    add("first_visit")
                    seen.add(user)
                add("session_start")
                pages = rnd.randrange(0, 4)
                engaged = pages >= 2 or rnd.random() < 0.3
                landing = rnd.choice(PAGES)
                for p in range(pages):
                    add("page_view", page=landing if p == 0 else rnd.choice(PAGES), engaged=engaged)
                if engaged:
                    add("user_engagement", engaged=True)
                if pages and rnd.random() < 0.5:
                    cat, name, price = rnd.choice(ITEMS)
                    add("view_item", items=[(cat, name, None, None)], engaged=engaged)
                    if rnd.random() < 0.6:
                        qty = rnd.randrange(1, 3)
                        add("add_to_cart", items=[(cat, name, qty, None)], engaged=engaged)
                        if rnd.random() < 0.7:
                            add("begin_checkout", items=[(cat, name, qty, None)], engaged=engaged)
                            add("purchase", revenue=round(price * qty, 2),
                                items=[(cat, name, qty, round(price * qty, 2))], engaged=engaged)
    # A purchase sent without a session (Measurement Protocol): its revenue counts, no session.
    events.append(Event(days[0], events[0].ts + 5, "purchase", "9999.1", None, None, "desktop",
                        "France", revenue=10.0, items=[("Sacs", "Pochette", 1, 10.0)]))
    return events


GRAIN = ("source_name", "medium", "campaign", "channel_group", "device", "country", "landing_page")


def truth(events: list[Event], key_events=("purchase",)) -> dict[tuple, dict]:
    """(day, *GRAIN) -> the site metrics, counted from the events in plain Python."""
    sessions: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        sessions[(e.day, e.user, e.session_id)].append(e)
    out: dict[tuple, dict] = {}
    users: dict[tuple, set] = defaultdict(set)
    new: dict[tuple, set] = defaultdict(set)
    for (day, user, sid), evs in sessions.items():
        evs.sort(key=lambda e: e.ts)
        src = next((e.source for e in evs if e.source), None) or (
            "(not set)", "(not set)", "(not set)", "Unassigned")
        landing = next((e.page for e in evs if e.name == "page_view"), None) or "(not set)"
        key = (day, *src, evs[0].device, evs[0].country, landing)
        row = out.setdefault(key, dict.fromkeys(
            ("sessions", "engaged_sessions", "page_views", "session_duration_s", "key_events",
             "add_to_carts", "checkouts", "transactions", "revenue"), 0))
        users[key].add(user)
        if any(e.name == "first_visit" for e in evs):
            new[key].add(user)
        count = lambda name: sum(e.name == name for e in evs)  # noqa: E731, B023
        if sid is not None:
            row["sessions"] += 1
            row["engaged_sessions"] += any(e.engaged for e in evs)
            row["session_duration_s"] += (evs[-1].ts - evs[0].ts) / 1e6
        row["page_views"] += count("page_view")
        row["key_events"] += sum(e.name in key_events for e in evs)
        row["add_to_carts"] += count("add_to_cart")
        row["checkouts"] += count("begin_checkout")
        row["transactions"] += count("purchase")
        row["revenue"] += sum(e.revenue or 0 for e in evs)
    for key, row in out.items():
        row["users"], row["new_users"] = len(users[key]), len(new[key])
    return out


def item_truth(events: list[Event]) -> dict[tuple, dict]:
    """(day, category, name) -> item metrics from the events' items."""
    names = {"view_item": "items_viewed", "add_to_cart": "items_added_to_cart",
             "begin_checkout": "items_checked_out", "purchase": "items_purchased"}
    out: dict[tuple, dict] = {}
    for e in events:
        for cat, name, qty, revenue in e.items:
            row = out.setdefault((e.day, cat, name), {**dict.fromkeys(names.values(), 0),
                                                     "item_revenue": 0.0})
            row[names[e.name]] += qty or 1
            if e.name == "purchase":
                row["item_revenue"] += revenue or 0
    return out


# -- the export in DuckDB ---------------------------------------------------------------------------

def _param(key: str, string=None, integer=None) -> dict:
    return {"key": key, "value": {"string_value": string, "int_value": integer,
                                  "float_value": None, "double_value": None}}


def _row(e: Event) -> dict:
    params = [_param("ga_session_number", integer=1)]
    if e.session_id is not None:
        params.append(_param("ga_session_id", integer=e.session_id))
    if e.page:
        params.append(_param("page_location", string=f"https://www.boutique.example{e.page}#top"))
    if e.engaged:
        params.append(_param("session_engaged", string="1"))
    src = e.source
    campaign = None if src is None else {
        "campaign_id": None, "campaign_name": src[2], "source": src[0], "medium": src[1],
        "source_platform": "Manual", "default_channel_group": src[3],
        "primary_channel_group": src[3]}
    return {
        "event_date": f"{e.day:%Y%m%d}", "event_timestamp": e.ts, "event_name": e.name,
        "event_params": params, "user_pseudo_id": e.user,
        "device": {"category": e.device, "operating_system": "Linux", "language": "fr-fr"},
        "geo": {"country": e.country, "city": "(not set)"},
        "traffic_source": {"name": "(direct)", "medium": "(none)", "source": "(direct)"},
        "session_traffic_source_last_click": {
            "manual_campaign": None if src is None else {"campaign_name": src[2], "source": src[0],
                                                         "medium": src[1]},
            "cross_channel_campaign": campaign},
        "ecommerce": {"purchase_revenue": e.revenue, "transaction_id":
                      f"T{e.ts}" if e.name == "purchase" else None,
                      "total_item_quantity": sum(i[2] or 1 for i in e.items) or None},
        "items": [{"item_id": n, "item_name": n, "item_category": c, "quantity": q, "price": None,
                   "item_revenue": r} for c, n, q, r in e.items],
    }


COLUMNS = """
    event_date VARCHAR, event_timestamp BIGINT, event_name VARCHAR,
    event_params STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT,
                        float_value DOUBLE, double_value DOUBLE))[],
    user_pseudo_id VARCHAR,
    device STRUCT(category VARCHAR, operating_system VARCHAR, language VARCHAR),
    geo STRUCT(country VARCHAR, city VARCHAR),
    traffic_source STRUCT(name VARCHAR, medium VARCHAR, source VARCHAR),
    session_traffic_source_last_click STRUCT(
        manual_campaign STRUCT(campaign_name VARCHAR, source VARCHAR, medium VARCHAR),
        cross_channel_campaign STRUCT(campaign_id VARCHAR, campaign_name VARCHAR, source VARCHAR,
                                      medium VARCHAR, source_platform VARCHAR,
                                      default_channel_group VARCHAR, primary_channel_group VARCHAR)),
    ecommerce STRUCT(purchase_revenue DOUBLE, transaction_id VARCHAR, total_item_quantity BIGINT),
    items STRUCT(item_id VARCHAR, item_name VARCHAR, item_category VARCHAR, quantity BIGINT,
                 price DOUBLE, item_revenue DOUBLE)[]"""


def export_db(events: list[Event], con=None, intraday: list[Event] = ()):
    """A DuckDB connection holding the export's daily tables and the `events_*` wildcard view."""
    import pyarrow as pa

    con = con or duckdb.connect()
    con.execute(f'ATTACH \':memory:\' AS "{PROJECT}"')
    con.execute(f'CREATE SCHEMA "{PROJECT}".{DATASET}')
    tables = []
    for prefix, rows in (("events_", events), ("events_intraday_", list(intraday))):
        by_day: dict[date, list] = defaultdict(list)
        for e in rows:
            by_day[e.day].append(_row(e))
        for day, found in sorted(by_day.items()):
            name = f"{prefix}{day:%Y%m%d}"
            add_table(con, name, pa.Table.from_pylist(found))
            tables.append(name)
    wildcard_view(con, tables)
    return con


def add_table(con, name: str, frame) -> None:
    """One daily table with the export's column types, from a frame of nested dicts."""
    qualified = f'"{PROJECT}".{DATASET}."{name}"'
    con.execute(f"CREATE TABLE {qualified} ({COLUMNS})")
    con.register("frame_in", frame)
    try:
        con.execute(f"INSERT INTO {qualified} SELECT * FROM frame_in")
    finally:
        con.unregister("frame_in")


def wildcard_view(con, tables: list[str]) -> None:
    """`events_*` with `_TABLE_SUFFIX`: what BigQuery's wildcard table offers a query."""
    union = " UNION ALL ".join(
        f"SELECT *, '{t.removeprefix('events_')}' AS _TABLE_SUFFIX FROM \"{PROJECT}\".{DATASET}.\"{t}\""
        for t in tables)
    con.execute(f'CREATE OR REPLACE VIEW "{PROJECT}".{DATASET}."events_*" AS {union}')


def to_duckdb(sql: str) -> str:
    """BigQuery SQL as DuckDB runs it (the transpiler the tests and the bench use)."""
    return sqlglot.transpile(sql, read="bigquery", write="duckdb")[0]


def run_local(con, sql: str, params: dict):
    """Run BigQuery SQL on the local export: (column names, DuckDB types, rows)."""
    from lib.sources.ga4_bigquery import used

    cur = con.execute(to_duckdb(sql), used(sql, params))
    return [d[0] for d in cur.description], [str(d[1]) for d in cur.description], cur.fetchall()


# -- the REST fake ------------------------------------------------------------------------------------

TYPES = {"DATE": "DATE", "VARCHAR": "STRING", "DOUBLE": "FLOAT", "BIGINT": "INTEGER",
         "HUGEINT": "INTEGER", "INTEGER": "INTEGER", "BOOLEAN": "BOOLEAN"}


class FakeBigQuery(FakeServer):
    """BigQuery REST v2 on 127.0.0.1, running queries on a local export (see module doc)."""

    def __init__(self, events: list[Event], intraday: list[Event] = ()):
        super().__init__()
        self.con = export_db(events, intraday=intraday)
        self.events_per_day: dict[str, int] = defaultdict(int)
        for e in events:
            self.events_per_day[f"{e.day:%Y%m%d}"] += 1
        self.jobs: dict[str, dict] = {}
        self.results: dict[str, tuple] = {}
        self.billed: list[int] = []            # bytes billed, one entry per query run for real
        self.datasets = {(PROJECT, DATASET)}

    def answer(self, request: Request) -> Reply:
        path = request.path
        if path == "/token":
            return Reply(200, {"access_token": "fake-token", "expires_in": 3600,
                               "token_type": "Bearer"})
        m = re.fullmatch(r"/bigquery/v2/projects/([^/]+)/(jobs|queries)(?:/([^/]+))?", path)
        if m and request.method == "POST" and m.group(2) == "jobs" and not m.group(3):
            return self.insert(m.group(1), request.json())
        if m and request.method == "POST" and m.group(2) == "queries" and not m.group(3):
            return self.query(m.group(1), request.json())
        if m and m.group(3) and m.group(3) in self.jobs:
            job = self.jobs[m.group(3)]
            return Reply(200, job) if m.group(2) == "jobs" else self.page(job, request.query)
        d = re.fullmatch(r"/bigquery/v2/projects/([^/]+)/datasets/([^/]+)", path)
        if d:
            if tuple(d.groups()) not in self.datasets:
                return not_found(f"Not found: Dataset {d.group(1)}:{d.group(2)}")
            return Reply(200, {"kind": "bigquery#dataset", "id": f"{d.group(1)}:{d.group(2)}",
                               "datasetReference": {"projectId": d.group(1),
                                                    "datasetId": d.group(2)}, "location": "EU"})
        return not_found(f"Not found: {path}")

    # -- what a query reads, and running it
    def scanned(self, params: dict) -> int:
        lo, hi = params.get("start_suffix", ""), params.get("end_suffix", "")
        return BYTES_PER_EVENT * sum(n for day, n in self.events_per_day.items() if lo <= day <= hi)

    def _job(self, project: str, job_id: str, sql: str, params: dict, dry: bool,
             limit: int | None) -> dict:
        processed = self.scanned(params)
        billed = 0 if dry else max(processed, MIN_BILLED)
        job = {"kind": "bigquery#job", "id": f"{project}:EU.{job_id}",
               "jobReference": {"projectId": project, "jobId": job_id, "location": "EU"},
               "configuration": {"dryRun": dry, "query": {"query": sql}},
               "status": {"state": "DONE"},
               "statistics": {"creationTime": "1714550400000", "startTime": "1714550400000",
                              "endTime": "1714550401000", "totalBytesProcessed": str(processed),
                              "query": {"totalBytesProcessed": str(processed),
                                        "totalBytesBilled": str(billed), "cacheHit": False,
                                        "statementType": "SELECT"}}}
        if not dry and limit is not None and billed > limit:
            job["status"]["errorResult"] = {
                "reason": "bytesBilledLimitExceeded", "message":
                f"Query exceeded limit for bytes billed: {limit}. {billed} or higher required."}
            job["status"]["errors"] = [job["status"]["errorResult"]]
            job["statistics"]["query"]["totalBytesBilled"] = "0"
            return job
        if not dry:
            names, types, rows = run_local(self.con, sql, params)
            self.results[job_id] = (names, types, rows)
            self.billed.append(billed)
        return job

    def insert(self, project: str, body: dict) -> Reply:
        config = body.get("configuration") or {}
        query = config.get("query") or {}
        job_id = (body.get("jobReference") or {}).get("jobId") or uuid.uuid4().hex
        limit = query.get("maximumBytesBilled")
        job = self._job(project, job_id, query["query"], parameters(query), bool(config.get("dryRun")),
                        int(limit) if limit else None)
        if not config.get("dryRun"):
            self.jobs[job_id] = job
        return Reply(200, job)

    def query(self, project: str, body: dict) -> Reply:
        """jobs.query: run and answer the first page at once."""
        job_id = uuid.uuid4().hex
        limit = body.get("maximumBytesBilled")
        job = self._job(project, job_id, body["query"], parameters(body), bool(body.get("dryRun")),
                        int(limit) if limit else None)
        if body.get("dryRun"):
            return Reply(200, {"kind": "bigquery#queryResponse", "jobComplete": True,
                               "totalBytesProcessed": job["statistics"]["totalBytesProcessed"],
                               "schema": {"fields": []}})
        self.jobs[job_id] = job
        reply = self.page(job, {"maxResults": [str(body.get("maxResults") or "")]})
        reply.body["totalBytesBilled"] = job["statistics"]["query"]["totalBytesBilled"]
        return reply

    def page(self, job: dict, query: dict) -> Reply:
        """getQueryResults: rows from pageToken (an offset), maxResults at most."""
        job_id = job["jobReference"]["jobId"]
        error = job["status"].get("errorResult")
        if error:
            return Reply(400, {"error": {"code": 400, "message": error["message"],
                                         "errors": [error], "status": "INVALID_ARGUMENT"}})
        names, types, rows = self.results[job_id]
        start = int((query.get("pageToken") or ["0"])[0])
        size = int((query.get("maxResults") or [""])[0] or 100_000)
        chunk = rows[start:start + size] if size else []
        body = {"kind": "bigquery#getQueryResultsResponse", "jobReference": job["jobReference"],
                "jobComplete": True, "totalRows": str(len(rows)), "cacheHit": False,
                "totalBytesProcessed": job["statistics"]["totalBytesProcessed"],
                "schema": {"fields": [{"name": n, "type": TYPES.get(t.split("(")[0], "STRING"),
                                       "mode": "NULLABLE"} for n, t in zip(names, types, strict=True)]},
                "rows": [{"f": [{"v": cell(v)} for v in row]} for row in chunk]}
        if size and start + size < len(rows):
            body["pageToken"] = str(start + size)
        return Reply(200, body)


def parameters(query: dict) -> dict:
    """Named query parameters of a request, as Python values."""
    found = {}
    for p in query.get("queryParameters") or []:
        value = p.get("parameterValue") or {}
        if "arrayValues" in value or p["parameterType"]["type"] == "ARRAY":
            found[p["name"]] = [v.get("value") for v in value.get("arrayValues") or []]
        else:
            found[p["name"]] = value.get("value")
    return found


def cell(value):
    return None if value is None else str(value)


def not_found(message: str) -> Reply:
    return Reply(404, {"error": {"code": 404, "message": message, "status": "NOT_FOUND",
                                 "errors": [{"reason": "notFound", "message": message}]}})


def quota_error() -> Reply:
    message = ("Quota exceeded: Your project exceeded quota for free query bytes scanned. "
               "For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas")
    return Reply(403, {"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED",
                                 "errors": [{"reason": "quotaExceeded", "domain": "usageLimits",
                                             "message": message}]}})


def days(first: date, n: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(n)]


# -- a day at scale, vectorised (the bench's 1M events) --------------------------------------------

# Each session's events in order; a slot may repeat (page views) or be absent.
SLOTS = ("first_visit", "session_start", "page_view", "scroll", "user_engagement", "view_item",
         "add_to_cart", "begin_checkout", "purchase")


@dataclass
class Bulk:
    """One generated day: `events` (one row per event, flat integer codes; pyarrow) and
    `sessions` (one row per session, what the truth is counted from; pandas)."""
    day: date
    events: object
    sessions: object


def bulk_day(day: date, events: int = 1_000_000, seed: int = 11) -> Bulk:
    """Exactly EVENTS events of one day, drawn per session with numpy (no loop per event): the
    same kinds of session as `generate`, for ~EVENTS/12 users."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    n_sessions = int(events / 4.5) + 20                  # ~5 events a session: more than enough
    users = max(1, events // 12)
    user = rng.integers(0, users, n_sessions)
    pages = rng.integers(0, 6, n_sessions)
    view = (pages > 0) & (rng.random(n_sessions) < 0.5)
    cart = view & (rng.random(n_sessions) < 0.6)
    buy = cart & (rng.random(n_sessions) < 0.7)
    counts = np.column_stack([
        rng.random(n_sessions) < 0.2,                    # first_visit: a new user
        np.ones(n_sessions, bool), pages, np.zeros(n_sessions, int),
        (pages >= 2) | (rng.random(n_sessions) < 0.3),   # user_engagement: an engaged session
        view, cart, buy, buy]).astype(np.int64)
    per_session = counts.sum(axis=1)
    kept = int(np.searchsorted(np.cumsum(per_session), events, side="right"))
    if kept == n_sessions:
        raise ValueError("bulk_day drew too few sessions")
    counts = counts[:kept]
    counts[-1, 3] += events - int(per_session[:kept].sum())   # the rest: scrolls of the last one
    per_session = counts.sum(axis=1)
    session = np.repeat(np.arange(kept), per_session)
    first = np.cumsum(per_session) - per_session                # each session's first event
    pos = np.arange(events) - first[session]
    ends = np.cumsum(counts, axis=1)
    slot = (pos[:, None] >= ends[session]).sum(axis=1)
    # Time: a start in the day's first 20 h, then 1-89 s between events.
    base = int((day - date(1970, 1, 1)).total_seconds()) * 1_000_000
    start = base + rng.integers(0, 20 * 3600, kept) * 1_000_000
    step = rng.integers(1, 90, events) * 1_000_000
    step[first] = 0
    clock = np.cumsum(step)
    ts = start[session] + clock - clock[first][session]
    landing = rng.integers(0, len(PAGES), kept)
    page_start = ends[:, 1]                                     # first page_view's position
    page = np.where(slot == 2, np.where(pos == page_start[session], landing[session],
                                        rng.integers(0, len(PAGES), events)), -1)
    engaged = counts[:, 4] > 0
    source = rng.integers(0, len(SOURCES), kept)
    item = rng.integers(0, len(ITEMS), kept)
    qty = rng.integers(1, 3, kept)
    price = np.array([p for _, _, p in ITEMS])[item]
    revenue = np.round(price * qty, 2)
    u = user[:kept]
    ev = pa.table({
        "ts": ts, "slot": slot.astype(np.int8), "user": u[session],
        "sid": 1_700_000_000 + session, "source": source[session].astype(np.int8),
        "device": (u % 3)[session].astype(np.int8), "country": (u // 3 % 3)[session].astype(np.int8),
        "page": page.astype(np.int8), "engaged": engaged[session] & (slot >= 2),
        "item": np.where(slot >= 5, item[session], -1).astype(np.int8),
        "qty": np.where(slot >= 6, qty[session], 0), "revenue": np.where(slot == 8, revenue[session], 0.0)})
    sessions = pd.DataFrame({
        "user": u, "source": source, "device": u % 3, "country": u // 3 % 3,
        "landing": np.where(counts[:, 2] > 0, landing, -1), "new": counts[:, 0] > 0, "engaged": engaged,
        "page_views": counts[:, 2], "add_to_carts": counts[:, 6], "checkouts": counts[:, 7],
        "transactions": counts[:, 8], "revenue": np.where(buy[:kept], revenue, 0.0),
        "items_purchased": np.where(buy[:kept], qty, 0),
        "session_duration_s": (ts[first + per_session - 1] - ts[first]) / 1e6})
    return Bulk(day, ev, sessions)


def bulk_truth(bulk: Bulk) -> dict[tuple, dict]:
    """(day, *GRAIN) -> the site metrics, counted from the drawn sessions (pandas, no SQL)."""
    s = bulk.sessions.assign(
        new_user=lambda f: f["user"].where(f["new"]), key_events=lambda f: f["transactions"],
        engaged_sessions=lambda f: f["engaged"].astype(int), sessions=1)
    grain = ["source", "device", "country", "landing"]
    out = s.groupby(grain).agg(
        sessions=("sessions", "sum"), users=("user", "nunique"), new_users=("new_user", "nunique"),
        **{m: (m, "sum") for m in ("engaged_sessions", "page_views", "session_duration_s",
                                   "key_events", "add_to_carts", "checkouts", "transactions",
                                   "revenue")})
    found = {}
    for (src, device, country, landing), row in out.iterrows():
        name, medium, campaign, group = SOURCES[src]
        key = (bulk.day, name, medium, campaign, group, DEVICES[device], COUNTRIES[country],
               PAGES[landing] if landing >= 0 else "(not set)")
        found[key] = {k: float(v) for k, v in row.items()}
    return found


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def bulk_export(con, bulk: Bulk) -> str:
    """Write BULK as the day's export table `events_YYYYMMDD` of catalog PROJECT (attached or
    opened by the caller) with the export's nested columns, built in DuckDB from the flat codes;
    and the `events_*` view over it. Returns the table's name."""
    name = f"events_{bulk.day:%Y%m%d}"
    con.execute(f'CREATE SCHEMA IF NOT EXISTS "{PROJECT}".{DATASET}')
    con.execute(f'CREATE TABLE "{PROJECT}".{DATASET}."{name}" ({COLUMNS})')

    def param(key, string="NULL", integer="NULL"):
        return (f"{{'key': '{key}', 'value': {{'string_value': {string}::VARCHAR, 'int_value': "
                f"{integer}::BIGINT, 'float_value': NULL::DOUBLE, 'double_value': NULL::DOUBLE}}}}")

    src = lambda i: _sql_list(s[i] for s in SOURCES) + "[source + 1]"  # noqa: E731
    item = lambda i: _sql_list(it[i] for it in ITEMS) + "[item + 1]"  # noqa: E731
    con.register("bulk_in", bulk.events)
    try:
        con.execute(f"""
            INSERT INTO "{PROJECT}".{DATASET}."{name}" SELECT
              '{bulk.day:%Y%m%d}', ts, {_sql_list(SLOTS)}[slot + 1],
              list_filter([{param('ga_session_number', integer='1')},
                           {param('ga_session_id', integer='sid')},
                           CASE WHEN page >= 0 THEN {param('page_location', string=(
                               "'https://www.boutique.example' || " + _sql_list(PAGES)
                               + "[page + 1] || '#top'"))} END,
                           CASE WHEN engaged THEN {param('session_engaged', string="'1'")} END],
                          p -> p IS NOT NULL),
              CAST(1000 + "user" AS VARCHAR) || '.' || CAST(1700000000 + "user" AS VARCHAR),
              {{'category': {_sql_list(DEVICES)}[device + 1], 'operating_system': 'Linux',
                'language': 'fr-fr'}},
              {{'country': {_sql_list(COUNTRIES)}[country + 1], 'city': '(not set)'}},
              {{'name': '(direct)', 'medium': '(none)', 'source': '(direct)'}},
              {{'manual_campaign': {{'campaign_name': {src(2)}, 'source': {src(0)},
                                     'medium': {src(1)}}},
                'cross_channel_campaign': {{'campaign_id': NULL, 'campaign_name': {src(2)},
                  'source': {src(0)}, 'medium': {src(1)}, 'source_platform': 'Manual',
                  'default_channel_group': {src(3)}, 'primary_channel_group': {src(3)}}}}},
              {{'purchase_revenue': CASE WHEN slot = 8 THEN revenue END,
                'transaction_id': CASE WHEN slot = 8 THEN 'T' || ts END,
                'total_item_quantity': CASE WHEN item >= 0 THEN greatest(qty, 1) END}},
              CASE WHEN item >= 0 THEN [{{'item_id': {item(1)}, 'item_name': {item(1)},
                'item_category': {item(0)}, 'quantity': CASE WHEN qty > 0 THEN qty END,
                'price': NULL::DOUBLE, 'item_revenue': CASE WHEN slot = 8 THEN revenue END}}]
                ELSE [] END
            FROM bulk_in""")
    finally:
        con.unregister("bulk_in")
    wildcard_view(con, [name])
    return name
