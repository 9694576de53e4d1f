"""Meta Marketing API insights connector (requests) against a local fake Graph API."""
from __future__ import annotations

import json
import logging
import re
from datetime import date

import pytest

from lib.ingest import pull as pulling
from lib.sources import meta_api
from lib.store import Store
from tests.fakes.meta import ACCOUNT, TOKEN, FakeMeta
from tests.fakes.server import Reply, fast_policy


@pytest.fixture
def fake():
    with FakeMeta() as server:
        yield server


@pytest.fixture
def config(fake):
    return {"access_token": TOKEN, "account_id": ACCOUNT, "endpoint": fake.url}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "meta.duckdb"))
    yield s
    s.close()


policy = fast_policy


def pull(store, config, start=None, end=None, **kw) -> dict:
    """One Meta pull through the pull loop (lib.ingest.pull); it never raises for API problems."""
    return pulling.pull(store, "meta", config, start, end, **kw)


def failed(summary: dict, pattern: str = "") -> str:
    """The error of a failed pull, checked against PATTERN."""
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def test_daily_insights_paged_by_cursor_and_mapped(fake, config, store):
    summary = pull(store, config, date(2024, 6, 1), date(2024, 6, 3), policy=policy(),
                   page_size=4)
    assert summary["status"] == "ok" and summary["inserted"] == 9
    gets = [r for r in fake.requests if r.path.endswith("/insights")]
    assert [r.query.get("after", [""])[0] for r in gets] == ["", "c4", "c8"]
    first = gets[0].query
    assert first["time_increment"] == ["1"] and first["level"] == ["campaign"]
    assert json.loads(first["time_range"][0]) == {"since": "2024-06-01", "until": "2024-06-03"}
    assert all("access_token" not in r.query for r in fake.requests)
    rows = store.query("SELECT * FROM ad_performance ORDER BY day_from, campaign")
    assert set(rows["grain"]) == {"date+platform+account+campaign"}
    assert set(rows["source"]) == {"meta"} and set(rows["currency"]) == {"EUR"}
    row = rows[rows["campaign"] == "Traffic_Website Visit_28/06/25"].iloc[0]
    assert row["clicks"] == 40 and row["all_clicks"] == 60 and row["cost"] == pytest.approx(25.5)
    assert row["conversions"] == 3 and row["conversion_value"] == pytest.approx(149.7)
    assert row["impressions"] == 1001 and row["reach"] == 800 and row["account"] == "1234567890"
    none = rows[rows["campaign"] == "Retargeting 'panier'"].iloc[0]
    assert none["conversions"] != none["conversions"]   # NULL: no actions reported


def test_long_range_uses_an_async_report_run(fake, config, store):
    summary = pull(store, config, date(2024, 5, 1), date(2024, 5, 20), policy=policy(),
                   poll_every=0.01)
    assert summary["inserted"] == 20 * 3
    posts = [r for r in fake.requests if r.method == "POST"]
    assert len(posts) == 1 and posts[0].path.endswith(f"{ACCOUNT}/insights")
    polls = [r for r in fake.requests if r.path.endswith("/900000000000001")]
    assert len(polls) == 3


def test_incremental_window_rereads_the_attribution_week(fake, config, store):
    pull(store, config, date(2024, 6, 1), date(2024, 6, 10), policy=policy())
    again = pull(store, config, policy=policy(), today=date(2024, 6, 12))
    assert again["start"] == "2024-06-03" and again["unchanged"] == 8 * 3


def test_usage_headers_slow_down_before_the_limit(fake, config, store):
    fake.usage = {"call_count": 90, "total_time": 10, "total_cputime": 10}
    p = policy(max_wait=0.5)
    pull(store, config, date(2024, 6, 1), date(2024, 6, 1), policy=p)
    assert p.sleeps == [pytest.approx(0.5 * (90 - 75) / 25)]
    assert meta_api.usage({"X-Business-Use-Case-Usage": json.dumps(
        {"123": [{"type": "ads_insights", "call_count": 100, "total_cputime": 20,
                  "total_time": 20, "estimated_time_to_regain_access": 2}]})}) == (100.0, 120.0)


def test_rate_limit_error_code_is_retried(fake, config, store):
    fake.script.append(Reply(400, {"error": {"message": "(#17) User request limit reached",
                                             "type": "OAuthException", "code": 17,
                                             "error_subcode": 2446079}}))
    p = policy()
    summary = pull(store, config, date(2024, 6, 1), date(2024, 6, 1), policy=p)
    assert summary["inserted"] == 3 and len(p.sleeps) == 1


def test_rate_limit_longer_than_max_wait_stops_and_says_when(fake, config, store):
    fake.script.append(Reply(400, {"error": {"message": "(#80004) too many calls", "code": 80004,
                                             "type": "OAuthException"}},
                             headers={"X-Business-Use-Case-Usage": json.dumps(
                                 {"1": [{"type": "ads_insights", "call_count": 100,
                                         "estimated_time_to_regain_access": 15}]})}))
    failed(pull(store, config, date(2024, 6, 1), date(2024, 6, 1), policy=policy()),
           "asks to wait 900 s")


def test_bad_token_is_clear_and_never_shown(fake, config, store, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "EAAGbadbadbadbadbadbadbadbad"
    text = failed(pull(store, dict(config, access_token=bad), date(2024, 6, 1), date(2024, 6, 1),
                       policy=policy()))
    assert "Invalid OAuth access token" in text
    assert bad not in text and bad not in caplog.text and TOKEN not in caplog.text


def test_500_burst_beyond_budget_and_interrupted_chunks(fake, config, store):
    fake.script.extend(Reply(500, {"error": {"message": "An unknown error occurred",
                                             "code": 1, "is_transient": True}}) for _ in range(5))
    failed(pull(store, config, date(2024, 6, 1), date(2024, 6, 1), policy=policy()),
           "500.*gave up after 3 tries")
    fake.script.clear()
    # A 40-day backfill is two chunks; the server dies once the first chunk is loaded.
    fake.die_after(1 + 3 + 2)   # POST + 3 polls + 2 pages of chunk 1
    summary = pull(store, config, date(2024, 4, 1), date(2024, 5, 10),
                   policy=policy(attempts=2), page_size=50, poll_every=0.01)
    failed(summary, "could not reach Meta")
    assert summary["chunks"] == 1
    assert store.scalar("SELECT count(DISTINCT day_from) FROM ad_performance") == 31
    fake.die_after(None)
    summary = pull(store, config, date(2024, 4, 1), date(2024, 5, 10),
                   policy=policy(), page_size=50, poll_every=0.01)
    assert summary["unchanged"] == 31 * 3 and summary["inserted"] == 9 * 3
