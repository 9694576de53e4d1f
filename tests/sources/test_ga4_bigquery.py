"""GA4 via BigQuery: the real google-cloud-bigquery client against a local fake of BigQuery's REST
API (tests/fakes/bigquery.py) that runs the received SQL on a generated export."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib.ingest import pull as pulling
from lib.sources import ga4_bigquery as bq
from lib.sources.http import Policy
from lib.store import Store
from tests.fakes import bigquery as fake
from tests.fakes.ga4 import service_account_info
from tests.fakes.server import error

D1, D3 = date(2024, 5, 1), date(2024, 5, 3)


@pytest.fixture(scope="module")
def events():
    return fake.generate(fake.days(D1, 3))


@pytest.fixture
def server(events):
    with fake.FakeBigQuery(events) as s:
        yield s


@pytest.fixture(scope="module")
def key():
    return service_account_info()


def on_jobs(reply):
    """A scripted reply served to BigQuery's jobs calls (not to the token request)."""
    reply.match = "/jobs"
    return reply


@pytest.fixture
def config(server, key):
    return {"project": fake.PROJECT, "dataset": fake.DATASET, "endpoint": server.url,
            "credentials_info": dict(key, token_uri=f"{server.url}/token"),
            "currency": "EUR"}


@pytest.fixture
def anonymous(config):
    from google.auth.credentials import AnonymousCredentials

    return bq.make_client(config, credentials=AnonymousCredentials())


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "bq.duckdb"))
    yield s
    s.close()


def policy(**kw) -> Policy:
    values = dict(attempts=3, base=0.01, cap=0.02, max_wait=1.0, timeout=5.0)
    values.update(kw)
    return Policy(**values)


def pull(store, config, start=D1, end=D3, **kw):
    kw.setdefault("policy", policy())
    return pulling.pull(store, "ga4_bigquery", config, start, end, **kw)


def totals(store, table="site_traffic", cols=("sessions", "revenue", "page_views")):
    return store.rows(f"SELECT {', '.join(f'sum({c})' for c in cols)} FROM {table}")[0]


def test_pull_loads_what_the_fake_holds_and_says_what_was_billed(server, config, store, events):
    summary = pull(store, config, page_size=7)
    assert summary["status"] == "ok", summary
    truth = fake.truth(events)
    want = (sum(r["sessions"] for r in truth.values()), sum(r["revenue"] for r in truth.values()),
            sum(r["page_views"] for r in truth.values()))
    got = totals(store)
    assert got[0] == want[0] and got[1] == pytest.approx(want[1]) and got[2] == want[2]
    items = fake.item_truth(events)
    assert totals(store, "site_items", ("items_purchased",))[0] == sum(
        r["items_purchased"] for r in items.values())
    # Every row of the site table came back through pages of 7.
    pages = [r for r in server.requests if "/queries/" in r.path and r.query.get("pageToken")]
    assert len(pages) >= len(truth) // 7 - 1
    assert summary["days"] == 3 and summary["inserted"] == len(truth) + len(items)
    # Bytes: the fake reads 1,000 bytes per event of the window, and bills 10 MiB at least.
    assert summary["bytes_estimated"] == 2 * fake.BYTES_PER_EVENT * len(events)
    assert summary["bytes_processed"] == summary["bytes_estimated"]
    assert summary["bytes_billed"] == sum(server.billed) == 2 * fake.MIN_BILLED
    # Origin ga4: the API's and the CSV's days are replaced, never added to.
    assert store.rows("SELECT DISTINCT source, grain FROM site_traffic") == [
        ("ga4", "date+" + "+".join(bq.GRAIN))]
    assert store.scalar("SELECT count(*) FROM site_traffic WHERE currency = 'EUR'") == len(truth)


def test_requests_carry_the_window_and_the_scan_limit(server, config, store):
    pull(store, {**config, "max_scan_gb": "2"}, D1, D1)
    inserts = [r.json() for r in server.requests if r.path.endswith("/jobs") and r.method == "POST"]
    dry = [b for b in inserts if b["configuration"].get("dryRun")]
    real = [b for b in inserts if not b["configuration"].get("dryRun")]
    assert len(dry) == 2 and len(real) == 2
    params = {p["name"]: p["parameterValue"] for p in real[0]["configuration"]["query"][
        "queryParameters"]}
    assert params["start_suffix"] == params["end_suffix"] == {"value": "20240501"}
    assert {r["configuration"]["query"]["maximumBytesBilled"] for r in real} == {"2000000000"}
    assert all("`shop-analytics.analytics_123456789.events_*`" in r["configuration"]["query"]["query"]
               for r in inserts)


def test_incremental_pull_rescans_only_the_last_three_days(server, config, store):
    assert pull(store, config, D1, D3)["status"] == "ok"
    assert bq.last_day(store, config) == D3
    today = D3 + timedelta(days=2)
    start, end = pulling.window(store, bq, config, None, None, today=today)
    assert (start, end) == (D3 - timedelta(days=3), today)
    server.requests.clear()
    summary = pulling.pull(store, "ga4_bigquery", config, today=today, policy=policy())
    assert summary["status"] == "ok" and summary["start"] == "2024-04-30"
    suffixes = {p["parameterValue"]["value"] for r in server.requests if r.path.endswith("/jobs")
                for p in r.json()["configuration"]["query"]["queryParameters"]
                if p["name"].endswith("suffix")}
    assert suffixes == {"20240430", "20240505"}
    assert summary["unchanged"] > 0 and summary["inserted"] == 0 and summary["replaced"] == 0
    assert summary["empty_days"] == ["2024-04-30", "2024-05-04", "2024-05-05"]


def test_scan_over_the_limit_stops_before_any_query_runs(server, config, store):
    summary = pull(store, {**config, "max_scan_gb": "0.000001"})
    assert summary["status"] == "failed" and "over the limit of 1e-06 GB" in summary["error"]
    assert "nothing was run" in summary["error"] and server.billed == []
    assert store.scalar("SELECT count(*) FROM site_traffic") == 0


def test_bigquery_refuses_to_bill_over_the_limit(server, config, store):
    # The dry run says 0.5 MB, the query bills 10 MiB: BigQuery's own limit stops it.
    summary = pull(store, {**config, "max_scan_gb": "0.005"}, D1, D1)
    assert summary["status"] == "failed" and "scan limit" in summary["error"], summary


def test_quota_error_stops_and_says_when_it_resets(server, config, store):
    server.script.append(on_jobs(fake.quota_error()))
    summary = pull(store, config)
    assert summary["status"] == "failed"
    assert "quota exceeded" in summary["error"] and "midnight Pacific" in summary["error"]
    assert len([r for r in server.requests if r.path.endswith("/jobs")]) == 1   # no retry


def test_rate_limit_and_5xx_are_retried_then_give_up(server, config, store):
    server.script.append(on_jobs(error(503, "Service unavailable")))
    assert pull(store, config, D1, D1)["status"] == "ok"
    for _ in range(3):
        server.script.append(on_jobs(error(500, "backend error")))
    summary = pull(store, config, D1, D1)
    assert summary["status"] == "failed" and "gave up after 3 tries" in summary["error"]


def test_access_refused_says_which_roles_and_never_shows_the_key(server, config, store):
    server.script.append(on_jobs(error(
        403, "Access Denied: Project shop-analytics: User does not have bigquery.jobs.create "
        "permission", reason="accessDenied")))
    summary = pull(store, config)
    assert "BigQuery Job User" in summary["error"] and "Data Viewer" in summary["error"]
    assert config["credentials_info"]["private_key"][40:80] not in str(summary)


def test_anonymous_client_and_unknown_dataset(server, config, anonymous, store):
    assert pull(store, config, D1, D1, client=anonymous)["status"] == "ok"
    missing = {**config, "dataset": "analytics_999"}
    with pytest.raises(bq.PullError, match="does not know"):
        bq.ping(missing, policy())


def test_ping_dry_runs_the_backfill(server, config):
    found = bq.ping(config, policy())
    assert found["dataset"] == f"{fake.PROJECT}.{fake.DATASET}" and found["days"] == bq.BACKFILL_DAYS
    assert found["email"].startswith("balise-reader@") and found["limit_mb"] == 10_000
    assert server.billed == []          # a dry run scans nothing


def test_form_check_and_saved_text(key):
    import json

    values = {"project": "shop-analytics", "dataset": "analytics_123", "key": json.dumps(key),
              "max_scan_gb": "2,5"}
    settings, drop = bq.check(values, {})
    assert settings["max_scan_gb"] == 2.5 and settings["credentials_info"]["client_email"]
    assert drop == ("credentials_file",)
    for bad, code in (({"project": "Bad Project"}, "bad_project"), ({"dataset": "a-b"}, "bad_dataset"),
                      ({"max_scan_gb": "-1"}, "bad_limit")):
        with pytest.raises(ValueError, match=code):
            bq.check({**values, **bad}, {})
    with pytest.raises(ValueError, match="src_ga4_key_missing"):
        bq.check({**values, "key": ""}, {})
    shown = bq.saved({**settings})
    assert shown == {"dataset": "shop-analytics.analytics_123",
                     "email": key["client_email"], "limit": "2.5"}
    assert bq.property_id(settings) == "123"


# -- one origin: the Data API, the CSV exports and the BigQuery export never add up a day ---------

FULL = "date+" + "+".join(bq.GRAIN)


def api_day(day, rows) -> list:
    """GA4 Data API rows of DAY as ga4_api.to_rows maps them: (dimensions, sessions, revenue)."""
    from lib.sources import ga4_api

    names = [m for group in ga4_api.METRIC_GROUPS for m in group]
    value = lambda m, s, r: s if m == "sessions" else r if m == "purchaseRevenue" else 0  # noqa: E731
    page = {"dimensionHeaders": [{"name": d} for d in ga4_api.DIMENSIONS],
            "metricHeaders": [{"name": m} for m in names], "metadata": {"currencyCode": "EUR"},
            "rows": [{"dimensionValues": [{"value": v} for v in dims],
                      "metricValues": [{"value": str(value(m, s, r))} for m in names]}
                     for dims, s, r in rows]}
    return ga4_api.to_rows([{"property": "properties/123456789", "day": day.isoformat(),
                             "reports": [{"metrics": names, "pages": [page]}]}])


def day_totals(store, day, grain=FULL):
    return store.rows("SELECT sum(sessions), sum(revenue) FROM site_traffic WHERE source = 'ga4' "
                      "AND grain = ? AND day_from = ?", [grain, day])[0]


def test_api_and_bigquery_pulls_of_a_day_replace_each_other(server, config, store, events):
    from lib.ingest import freshness, load

    truth = fake.truth(events)
    want = (sum(v["sessions"] for k, v in truth.items() if k[0] == D1),
            sum(v["revenue"] for k, v in truth.items() if k[0] == D1))
    shared = next(k[1:] for k in truth if k[0] == D1)          # a combination both have
    only_api = ("bing", "organic", "(organic)", "Organic Search", "desktop", "France", "/ancienne")
    api = api_day(D1, [(shared, 500, 50.0), (only_api, 700, 70.0)])
    load.load_parsed(store, api, "GA4 API D1", fmt="ga4_api")
    assert day_totals(store, D1) == (1200, 120.0)

    summary = pull(store, config)
    assert summary["status"] == "ok"
    sessions, revenue = day_totals(store, D1)
    assert sessions == want[0] and revenue == pytest.approx(want[1])   # not 1,200 more
    assert store.scalar("SELECT count(*) FROM site_traffic WHERE landing_page = '/ancienne'") == 0
    assert summary["replaced"] == 2                    # the shared row, and the API-only one
    # Undoing the BigQuery day brings the API's day back whole.
    load.undo(store, summary["load_ids"][0])
    assert day_totals(store, D1) == (1200, 120.0)
    assert pull(store, config, D1, D1)["status"] == "ok"
    # The other way round: the API's day replaces every BigQuery combination of it.
    load.load_parsed(store, api_day(D1, [(shared, 500, 50.0), (only_api, 700, 70.0)]),
                     "GA4 API D1 again", fmt="ga4_api")
    assert day_totals(store, D1) == (1200, 120.0)
    # The other days are BigQuery's, untouched; freshness is GA4's, one system.
    d2 = sum(v["sessions"] for k, v in truth.items() if k[0] == D1 + timedelta(days=1))
    assert day_totals(store, D1 + timedelta(days=1))[0] == d2
    found = {f.source: f for f in freshness.status(store, D3)}
    assert "ga4_bigquery" not in found and found["ga4"].label == "GA4"
    assert found["ga4"].last_pull is not None and found["ga4"].last_day == D3


def test_a_bigquery_load_counts_as_a_pull_without_the_pull_setting(server, config, store,
                                                                   monkeypatch):
    """A pull that fails after loading some days records no freshness setting: its loads
    (format ga4_bigquery) still say when GA4 was last pulled."""
    from lib.ingest import freshness
    from lib.store import settings

    calls = []
    real = freshness.record_pull
    monkeypatch.setattr(freshness, "record_pull",
                        lambda s, source, at=None: (calls.append(source), real(s, source, at)))
    assert pull(store, config, D1, D1)["status"] == "ok"
    assert calls == ["ga4"]
    with store.transaction() as cur:
        settings.delete_in(cur, freshness.PULL_SETTING + "ga4")
    load_at, pull_at = freshness.last_loads(store)["ga4"]
    assert pull_at is not None and pull_at == load_at


def test_a_csv_cut_of_the_same_days_is_answered_alone(server, config, store, events):
    """GA4's CSV exports are other cuts (date + source / medium here): a KPI reads one cut,
    never the CSV's sessions plus BigQuery's."""
    import pandas as pd

    from lib.ingest import load
    from lib.kpis import queries
    from lib.sources.base import Parsed

    assert pull(store, config, D1, D1)["status"] == "ok"
    csv = pd.DataFrame({"day_from": [D1, D1], "day_to": [D1, D1], "source_name": ["google", "(direct)"],
                        "medium": ["organic", "(none)"], "sessions": [30.0, 12.0]})
    load.load_parsed(store, [Parsed("site_traffic", csv, ("source_name", "medium"), "ga4_csv")],
                     "GA4 export.csv", fmt="ga4_csv")
    bigquery = day_totals(store, D1)[0]
    assert day_totals(store, D1, "date+source_name+medium")[0] == 42
    found = queries.run(store, ["site_sessions"], D1, D1)
    assert found.frame["site_sessions"].tolist() in ([42.0], [float(bigquery)])
    assert found.frame["site_sessions"].iloc[0] != 42 + bigquery
