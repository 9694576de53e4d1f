"""GA4 Data API connector: the real BetaAnalyticsDataClient (REST) against a local fake."""
from __future__ import annotations

import json
import logging
import re
import time
from datetime import UTC, date, datetime

import pytest

from lib.ingest import connections
from lib.ingest import pull as pulling
from lib.sources import ga4_api
from lib.sources.http import Policy
from lib.store import Store
from tests.fakes.ga4 import FakeGA4, service_account_info
from tests.fakes.server import Reply, error

D1 = date(2024, 5, 1)


@pytest.fixture(scope="module")
def key_info():
    return service_account_info()


@pytest.fixture
def fake():
    with FakeGA4() as server:
        yield server


@pytest.fixture
def config(fake, key_info):
    info = dict(key_info, token_uri=f"{fake.url}/token")
    return {"property_id": "123456789", "credentials_info": info, "endpoint": fake.url}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "ga4.duckdb"))
    yield s
    s.close()


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)
        time.sleep(seconds)


def policy(**kw) -> Policy:
    values = dict(attempts=4, base=0.01, cap=0.05, max_wait=2.0, timeout=2.0, sleep=Sleeps())
    values.update(kw)
    return Policy(**values)


def pull(store, config, start=None, end=None, **kw) -> dict:
    """One GA4 pull through the pull loop (lib.ingest.pull); it never raises for API problems."""
    return pulling.pull(store, "ga4", config, start, end, **kw)


def failed(summary: dict, pattern: str = "") -> str:
    """The error of a failed pull, checked against PATTERN."""
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def reports(fake):
    return [r for r in fake.requests if r.path.endswith(":runReport")]


def test_pull_pages_to_row_count_and_joins_metric_groups(fake, config, store):
    summary = pull(store, config, D1, date(2024, 5, 2), policy=policy(), page_size=3)
    assert summary["status"] == "ok" and summary["days"] == 2 and summary["inserted"] == 14
    assert summary["quota"]["tokensPerDay"]["remaining"] > 0
    bodies = [r.json() for r in reports(fake)]
    # 7 rows by 3 for the traffic group (3 pages), 4 commerce rows (2 pages), per day.
    assert [int(b.get("offset") or 0) for b in bodies[:5]] == [0, 3, 6, 0, 3]
    assert all(len(b["metrics"]) <= 10 and len(b["dimensions"]) <= 9 for b in bodies)
    names = {m["name"] for b in bodies for m in b["metrics"]}
    assert "keyEvents" in names and "conversions" not in names
    assert all(r.headers.get("authorization", "").startswith("Bearer ") for r in reports(fake))
    rows = store.query("SELECT * FROM site_traffic ORDER BY day_from, landing_page")
    assert len(rows) == 14 and set(rows["source"]) == {"ga4"} and set(rows["currency"]) == {"EUR"}
    assert set(rows["grain"]) == {"date+source_name+medium+campaign+channel_group+device+"
                                  "country+landing_page"}
    first = rows.iloc[0]   # day 1, /produits/0: base = 10 + 0 + 1
    assert first["sessions"] == 11 and first["users"] == 9 and first["bounces"] == 11 - 7
    assert first["session_duration_s"] == pytest.approx(61.5 * 11)
    assert first["revenue"] == pytest.approx(49.9) and first["transactions"] == 1
    odd = rows[rows["landing_page"] == "/produits/1"].iloc[0]
    assert odd["revenue"] == 0 and odd["add_to_carts"] == 0   # absent from the commerce group


def test_incremental_pull_repulls_last_three_days_then_new_ones(fake, config, store):
    pull(store, config, date(2024, 5, 6), date(2024, 5, 10), policy=policy())
    fake.requests.clear()
    again = pull(store, config, policy=policy(), today=date(2024, 5, 12))
    assert (again["start"], again["end"]) == ("2024-05-07", "2024-05-12")
    days = sorted({r.json()["dateRanges"][0]["startDate"] for r in reports(fake)})
    assert days == [f"2024-05-{d:02d}" for d in range(7, 13)]
    assert again["unchanged"] == 4 * 7 and again["inserted"] == 2 * 7
    assert store.scalar("SELECT count(*) FROM site_traffic") == 7 * 7


def test_first_pull_without_start_backfills(store):
    start, end = pulling.window(store, ga4_api, {"property_id": "123456"}, None, None,
                                today=date(2024, 5, 12))
    assert end == date(2024, 5, 12) and (end - start).days == ga4_api.BACKFILL_DAYS - 1


def test_429_retry_after_is_honoured(fake, config, store):
    fake.script.append(Reply(429, {"error": {"code": 429, "message": "Too many requests",
                                             "status": "RESOURCE_EXHAUSTED"}},
                             headers={"Retry-After": "0.3"}, match=":runReport"))
    p = policy()
    pull(store, config, D1, D1, policy=p)
    first, second = reports(fake)[:2]
    assert p.sleep == [0.3] and second.at - first.at >= 0.3


def test_burst_of_500_then_success(fake, config, store):
    fake.script.extend(error(500, "Internal error encountered.") for _ in range(3))
    p = policy()
    summary = pull(store, config, D1, D1, policy=p)
    assert summary["status"] == "ok" and len(p.sleep) == 3 and max(p.sleep) <= 0.05


def test_500_beyond_retry_budget_is_a_clear_error(fake, config, store):
    fake.script.extend(error(503, "The service is currently unavailable.") for _ in range(9))
    failed(pull(store, config, D1, D1, policy=policy()), "503.*gave up after 4 tries")
    assert store.scalar("SELECT count(*) FROM site_traffic") == 0


def test_403_explains_how_to_add_the_service_account(fake, config, store):
    fake.script.append(error(403, "User does not have sufficient permissions for this "
                                  "property. To learn more about Property ID, see ...."))
    text = failed(pull(store, config, D1, D1, policy=policy()))
    assert "Viewer" in text and "Property access management" in text
    assert "balise-reader@balise-test.iam.gserviceaccount.com" in text
    assert len(fake.requests) == 1   # a 403 is not retried


def test_403_api_disabled_says_to_enable_it(fake, config, store):
    fake.script.append(error(403, "Google Analytics Data API has not been used in project 42 "
                                  "before or it is disabled.", "SERVICE_DISABLED"))
    failed(pull(store, config, D1, D1, policy=policy()), "Enable it")


def test_malformed_json_is_a_clear_error(fake, config, store):
    fake.script.append(Reply(200, raw=b'{"dimensionHeaders": [{"name": "sessionSo',
                             match=":runReport"))
    failed(pull(store, config, D1, D1, policy=policy()), "malformed JSON")


def test_answer_slower_than_the_timeout_is_a_clear_error(fake, config, store):
    fake.script.extend(Reply(200, {}, delay=0.6, match=":runReport") for _ in range(2))
    started = time.monotonic()
    failed(pull(store, config, D1, D1, policy=policy(attempts=2, timeout=0.2)),
           "did not answer within 0.2 s; gave up after 2 tries")
    assert time.monotonic() - started < 1.5


def test_exhausted_daily_quota_is_not_retried_and_says_when_it_resets(fake, config, store):
    fake.script.append(error(429, "Exhausted property tokens per day. These quota tokens "
                                  "will return in under 24 hours."))
    text = failed(pull(store, config, D1, D1, policy=policy()))
    assert "daily quota" in text and "midnight Pacific time" in text
    assert len(fake.requests) == 1


def test_quota_reset_is_next_pacific_midnight():
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)   # 05:00 in Los Angeles (PDT)
    assert "2024-05-02 07:00 UTC" in ga4_api.quota_reset("day", now)
    assert ga4_api.quota_reset("hour", now) == "within the hour"


def test_interrupted_pull_leaves_whole_days_and_next_pull_completes(fake, config, store):
    # metadata + day 1 (3 traffic pages + 2 commerce pages) + page 1 of day 2, then it dies.
    fake.die_after(1 + 5 + 1)
    summary = pull(store, config, D1, date(2024, 5, 3), policy=policy(attempts=2), page_size=3)
    failed(summary, "could not reach")
    assert summary["days"] == 1
    per_day = store.rows("SELECT day_from, count(*) FROM site_traffic GROUP BY 1")
    assert per_day == [(D1, 7)]
    assert store.scalar("SELECT count(*) FROM loads") == 1
    fake.die_after(None)
    summary = pull(store, config, policy=policy(), page_size=3, today=date(2024, 5, 3))
    assert summary["status"] == "ok"
    per_day = dict(store.rows("SELECT day_from, count(*) FROM site_traffic GROUP BY 1"))
    assert [per_day.get(date(2024, 5, d)) for d in (1, 2, 3)] == [7, 7, 7]


def test_unknown_metric_in_metadata_is_left_empty_and_missing_sessions_refused(
        fake, config, store):
    fake.metadata_metrics.remove("checkouts")
    summary = pull(store, config, D1, D1, policy=policy())
    assert any("checkouts" in w for w in summary["warnings"])
    assert store.scalar("SELECT count(checkouts) FROM site_traffic") == 0
    fake.metadata_metrics.remove("sessions")
    failed(pull(store, config, D1, D1, policy=policy()), "does not offer sessions")


def test_realtime_active_users_by_device_and_country(fake, config):
    frame = ga4_api.realtime(config, policy=policy())
    assert list(frame.columns) == ["device", "country", "active_users"]
    assert frame["active_users"].tolist() == [12.0, 8.0, 4.0]
    body = fake.requests[-1].json()
    assert [d["name"] for d in body["dimensions"]] == ["deviceCategory", "country"]


def test_to_rows_without_rows_gives_nothing():
    payload = {"property": "properties/1", "day": "2024-05-01", "reports": [
        {"metrics": ["sessions"], "pages": [{"rowCount": 0, "metadata": {"currencyCode": "EUR"}}]}]}
    assert ga4_api.to_rows([payload]) == []


def test_credentials_file_from_environment_and_endpoint_variable(
        fake, key_info, store, tmp_path, monkeypatch):
    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps(dict(key_info, token_uri=f"{fake.url}/token")))
    env = {"GOOGLE_APPLICATION_CREDENTIALS": str(key_file), "BALISE_GA4_PROPERTY": "123456789"}
    conns = connections.load(env=env, path=tmp_path / "none.json")
    assert "ga4" in connections.configured_sources(conns)
    monkeypatch.setenv("BALISE_GA4_ENDPOINT", fake.url)
    summary = pull(store, conns["ga4"], D1, D1, policy=policy())
    assert summary["inserted"] == 7


def test_bad_property_id_and_bad_key_are_clear(config, store):
    failed(pull(store, dict(config, property_id="UA-1234"), D1, D1, policy=policy()),
           "not a number")
    broken = dict(config, credentials_info=dict(config["credentials_info"],
                                                private_key="-----BEGIN PRIVATE KEY-----\nAAAA"))
    failed(pull(store, broken, D1, D1, policy=policy()), "cannot be used")


def test_secrets_never_in_errors_or_logs(fake, config, store, caplog):
    caplog.set_level(logging.DEBUG)
    info = config["credentials_info"]
    fake.script.extend(error(500, "Internal error") for _ in range(2))
    pull(store, config, D1, D1, policy=policy())
    messages = []
    fake.script.append(error(403, "User does not have sufficient permissions for this property."))
    for cfg in (config, dict(config, credentials_info=dict(info, private_key=info["private_key"][:200]))):
        messages.append(failed(pull(store, cfg, D1, D1, policy=policy())))
    leaks = [info["private_key_id"], "Bearer", "eyJ"] + [
        line for line in info["private_key"].splitlines() if len(line) > 20]
    for text in messages + [caplog.text]:
        assert not [s for s in leaks if s in text]


def test_command_line_pull_ga4(fake, key_info, tmp_path, monkeypatch, capsys):
    from lib.__main__ import main
    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps(dict(key_info, token_uri=f"{fake.url}/token")))
    monkeypatch.setenv("BALISE_CONNECTIONS", str(tmp_path / "none.json"))
    monkeypatch.setenv("BALISE_GA4_ENDPOINT", fake.url)
    code = main(["--db", str(tmp_path / "cli.duckdb"), "pull", "ga4", "--property", "123456789",
                 "--credentials", str(key_file), "--start", "2024-05-01", "--end", "2024-05-01"])
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert code == 0 and summary["status"] == "ok" and summary["inserted"] == 7
    assert summary["quota"]["tokensPerDay"]["remaining"] > 0
    assert key_info["private_key_id"] not in out + err
