"""Mailchimp Marketing API connector (requests) against a local fake `/3.0/reports`."""
from __future__ import annotations

import json
import logging
import re
from datetime import date

import pytest

from lib.ingest import pull as pulling
from lib.sources import mailchimp_api
from lib.sources.http import PullError
from lib.store import Store
from tests.fakes.mailchimp import API_KEY, FakeMailchimp
from tests.fakes.server import Reply, fast_policy


@pytest.fixture
def fake():
    with FakeMailchimp(campaigns=5) as server:
        yield server


@pytest.fixture
def config(fake):
    return {"api_key": API_KEY, "endpoint": fake.url}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "mc.duckdb"))
    yield s
    s.close()


policy = fast_policy


def pull(store, config, start=None, end=None, **kw) -> dict:
    """One Mailchimp pull through the pull loop (lib.ingest.pull); it never raises for API
    problems."""
    return pulling.pull(store, "mailchimp", config, start, end, **kw)


def failed(summary: dict, pattern: str = "") -> str:
    """The error of a failed pull, checked against PATTERN."""
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def test_reports_paged_with_count_offset_and_mapped(fake, config, store):
    summary = pull(store, config, date(2024, 5, 1), date(2024, 5, 31), policy=policy(),
                   page_size=2)
    assert summary["status"] == "ok" and summary["campaigns"] == 5 and summary["inserted"] == 5
    assert fake.requests[0].path == "/3.0/"   # the account the key belongs to, then the reports
    assert [r.query["offset"][0] for r in fake.requests[1:]] == ["0", "2", "4"]
    assert all(r.query["count"] == ["2"] for r in fake.requests[1:])
    row = store.query("SELECT * FROM email_campaigns WHERE campaign_id = '42694e9e01'").iloc[0]
    assert row["source"] == "mailchimp" and row["platform"] == "mailchimp"
    assert str(row["day_from"])[:10] == "2024-05-03" and row["campaign"] == "Newsletter #1"
    assert row["subject"] == "Nos nouveautés, épisode 1" and row["list"] == "Clients FR"
    assert row["sent"] == 1010 and row["delivered"] == 1000 and row["hard_bounces"] == 4
    assert row["unique_opens"] == 401 and row["unique_clicks"] == 81
    assert row["complaints"] == 1 and row["unsubscribes"] == 4
    assert row["conversions"] == 6 and row["revenue"] == pytest.approx(310.25)
    assert row["currency"] == "EUR" and str(row["send_time"]) == "2024-05-03 08:30:00"


def test_incremental_pull_rereads_recent_campaigns_and_changes_nothing(fake, config, store):
    pull(store, config, date(2024, 5, 1), date(2024, 5, 31), policy=policy())
    again = pull(store, config, policy=policy(), today=date(2024, 6, 2))
    assert again["start"] == "2024-04-09" and again["unchanged"] == 5 and again["inserted"] == 0
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 5


def test_key_without_data_center_is_refused(store):
    failed(pull(store, {"api_key": "0123456789abcdef"}, date(2024, 5, 1), date(2024, 5, 2)),
           "data-center suffix")
    with pytest.raises(PullError, match="data-center suffix"):
        mailchimp_api.base_url({"api_key": "abc-evil.example.com/x"})
    assert mailchimp_api.base_url({"api_key": "k-us6"}) == "https://us6.api.mailchimp.com/3.0"


def test_wrong_key_is_a_clear_401_without_the_key(fake, store, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "ffffffffffffffffffffffffffffffff-us6"
    text = failed(pull(store, {"api_key": bad, "endpoint": fake.url}, date(2024, 5, 1),
                       date(2024, 5, 2), policy=policy()))
    assert "401" in text and "API keys" in text and "wrong datacenter" in text
    assert bad not in text and bad not in caplog.text and "ffffffffffff" not in caplog.text


def test_429_then_500s_then_success(fake, config, store):
    fake.script.append(Reply(429, {"title": "Too Many Requests", "status": 429},
                             headers={"Retry-After": "0.2"}))
    fake.script.extend(Reply(500, {"title": "Internal Server Error"}) for _ in range(1))
    p = policy()
    summary = pull(store, config, date(2024, 5, 1), date(2024, 5, 31), policy=p)
    assert summary["inserted"] == 5 and p.sleeps[0] == 0.2 and len(p.sleeps) == 2


def test_malformed_json_and_slow_answer(fake, config, store):
    fake.script.append(Reply(200, raw=b"<html>Service Unavailable</html>",
                             headers={"Content-Type": "text/html"}))
    failed(pull(store, config, date(2024, 5, 1), date(2024, 5, 31), policy=policy()),
           "malformed JSON.*text/html")
    fake.script.extend(Reply(200, {}, delay=0.5) for _ in range(2))
    failed(pull(store, config, date(2024, 5, 1), date(2024, 5, 31),
                policy=policy(attempts=2, timeout=0.15)),
           "did not answer within 0.15 s; gave up after 2 tries")
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 0


def test_interrupted_pull_keeps_whole_pages_and_next_pull_completes(fake, config, store):
    fake.die_after(2)   # the account, the first page
    summary = pull(store, config, date(2024, 5, 1), date(2024, 5, 31),
                   policy=policy(attempts=2), page_size=2)
    failed(summary, "could not reach Mailchimp")
    assert summary["campaigns"] == 2
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 2
    fake.die_after(None)
    summary = pull(store, config, date(2024, 5, 1), date(2024, 5, 31), policy=policy(),
                   page_size=2)
    assert summary["unchanged"] == 2 and summary["inserted"] == 3


def test_to_rows_skips_unsent_and_is_pure():
    assert mailchimp_api.to_rows([{"reports": [{"id": "x", "send_time": ""}]}]) == []


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for var in ("GOOGLE_APPLICATION_CREDENTIALS", "BALISE_GA4_PROPERTY", "BALISE_GA4_CREDENTIALS",
                "MAILCHIMP_API_KEY", "BALISE_MAILCHIMP_API_KEY", "META_ACCESS_TOKEN",
                "BALISE_META_TOKEN", "BALISE_META_ACCOUNT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BALISE_CONNECTIONS", str(tmp_path / "no-connections.json"))
    return monkeypatch


def cli(args, capsys):
    from lib.__main__ import main
    code = main(args)
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def test_command_line_pull_mailchimp_then_all_with_a_failing_source(
        fake, clean_env, tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    clean_env.setenv("BALISE_MAILCHIMP_ENDPOINT", fake.url)
    code, lines, err = cli(["--db", db, "pull", "mailchimp", "--api-key", API_KEY,
                            "--start", "2024-05-01", "--end", "2024-05-31"], capsys)
    assert code == 0 and lines[0]["source"] == "mailchimp" and lines[0]["inserted"] == 5
    assert API_KEY not in json.dumps(lines)
    token = "EAAGsecretsecretsecretsecret"
    clean_env.setenv("BALISE_MAILCHIMP_API_KEY", API_KEY)
    clean_env.setenv("BALISE_META_TOKEN", token)
    clean_env.setenv("BALISE_META_ACCOUNT", "act_42")
    clean_env.setenv("BALISE_META_ENDPOINT", fake.url)   # not a Graph API: 404s
    code, lines, err = cli(["--db", db, "pull", "all", "--start", "2024-05-01",
                            "--end", "2024-05-02"], capsys)
    assert code == 1 and [s["source"] for s in lines] == ["mailchimp", "meta"]
    assert lines[0]["status"] == "ok" and lines[1]["status"] == "failed"
    assert "pull meta" in err and token not in err + json.dumps(lines)


def test_command_line_usage_errors(clean_env, tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    assert cli(["--db", db, "pull", "ga4"], capsys)[0] == 2
    assert cli(["--db", db, "pull", "all"], capsys)[0] == 2
    code, _, err = cli(["--db", db, "pull", "mailchimp", "--api-key", "k-us1",
                        "--start", "2024-05-09", "--end", "2024-05-01"], capsys)
    assert code == 2 and "after" in err
    with pytest.raises(SystemExit) as info:
        cli(["--db", db, "pull", "tiktok"], capsys)
    assert info.value.code == 2
