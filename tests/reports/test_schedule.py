"""run-schedule: what is due, once per period whatever the frequency, never twice after a crash, a
hanging channel never holding the others; pulls once a day; the command's JSON and exit code."""
from __future__ import annotations

import json
import re
import time
from datetime import date, datetime, timedelta

import pytest

from lib import __main__ as cli
from lib.alerts import channels, notify
from lib.alerts import rules as alerts
from lib.alerts.rules import Rule
from lib.ingest import connections
from lib.reports import runner, schedules
from lib.reports.schedules import Schedule
from lib.store import Store
from tests.alerts.test_deadlines import Drip
from tests.alerts.test_notify import Hook, policy
from tests.alerts.test_rules import load_sessions

NOW = datetime(2026, 3, 10, 8, 0)


@pytest.fixture
def hook():
    with Hook() as server:
        yield server


def setup(store, hook_url: str, digest_channel: str = "team", alert_channel: str = "team") -> dict:
    """Sessions 100 then 200 (a rule "above 150" fires on the last day), a daily digest at 7:00."""
    load_sessions(store, [100, 200])
    alerts.save_rule(store, Rule("Sessions > 150", "threshold", "site_sessions", params={"value": 150},
                                 channels=(alert_channel,)))
    schedules.save(store, Schedule("Morning digest", "digest", "daily", 7, channels=(digest_channel,)))
    return {"team": channels.Channel("team", "webhook", "Team", "en", secret=f"{hook_url}/team")}


def run(store, found, now=NOW, **kw):
    return runner.run(store, {}, found, "https://balise.example", now=now, policy=policy(attempts=1, timeout=1.0),
                      **kw)


# -- slots -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("every,weekday,now,expected", [
    ("daily", None, datetime(2026, 3, 10, 6, 59), date(2026, 3, 9)),    # before 7:00: yesterday's slot
    ("daily", None, datetime(2026, 3, 10, 7, 0), date(2026, 3, 10)),
    ("daily", None, datetime(2026, 3, 10, 23, 45), date(2026, 3, 10)),
    ("weekly", 0, datetime(2026, 3, 9, 7, 30), date(2026, 3, 9)),       # Monday 9 March, after 7:00
    ("weekly", 0, datetime(2026, 3, 9, 6, 0), date(2026, 3, 2)),        # Monday before 7:00: last week's
    ("weekly", 0, datetime(2026, 3, 15, 22, 0), date(2026, 3, 9)),      # Sunday: the Monday before
    ("weekly", 6, datetime(2026, 3, 9, 7, 30), date(2026, 3, 8)),
])
def test_the_slot_is_the_latest_occurrence(every, weekday, now, expected):
    s = Schedule("d", "digest", every, 7, weekday, ("team",))
    assert schedules.slot(s, now) == expected


def test_every_15_minutes_or_once_a_day_sends_the_same():
    s = Schedule("d", "digest", "daily", 7, None, ("team",))
    quarter = {schedules.slot(s, datetime(2026, 3, 10) + timedelta(minutes=15 * i)) for i in range(4 * 24 * 3)}
    daily = {schedules.slot(s, datetime(2026, 3, 10, 9) + timedelta(days=i)) for i in range(3)}
    # Every 15 minutes for three days sees 9 to 12 March's slots; a run at 9:00 each day sees 10 to 12:
    # the same slots from the first run after the first 7:00, once each.
    assert quarter - {date(2026, 3, 9)} == daily == {date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)}
    assert schedules.period(s, date(2026, 3, 10)) == (date(2026, 3, 9), date(2026, 3, 9))
    weekly = Schedule("w", "digest", "weekly", 7, 0, ("team",))
    assert schedules.period(weekly, date(2026, 3, 9)) == (date(2026, 3, 2), date(2026, 3, 8))


@pytest.mark.parametrize("fields,message", [
    (dict(name=" "), "needs a name"),
    (dict(every="monthly"), "daily or weekly"),
    (dict(hour=24), "from 0 to 23"),
    (dict(every="weekly"), "needs its day"),
    (dict(channels=()), "at least one delivery channel"),
    (dict(channels=("Slack!",)), "unknown channel(s) Slack!"),
    (dict(recipients=("boss",)), "'boss' is not an e-mail address"),
    (dict(kind="report"), "needs its campaign"),
    (dict(kind="report", campaign="Nope"), "no campaign 'Nope'; known: Printemps"),
])
def test_bad_schedules_are_refused_and_nothing_saved(store, fields, message):
    with store.transaction() as cur:
        cur.execute("INSERT INTO campaigns (id, name) VALUES (1, 'Printemps')")
    with pytest.raises(schedules.ScheduleError) as caught:
        schedules.save(store, Schedule(**{"name": "d", "channels": ("team",), **fields}))
    assert message in str(caught.value)
    assert schedules.schedules(store) == []


# -- once per event ----------------------------------------------------------------------------------
def test_a_schedule_run_twice_sends_once(store, hook):
    found = setup(store, hook.url)
    first = run(store, found)
    assert first["status"] == "ok" and first["failures"] == []
    assert first["alerts"]["firing"] == 1 and [d["status"] for d in first["alerts"]["deliveries"]] == ["sent"]
    assert [(s["name"], s["slot"], s["status"]) for s in first["sends"]] == [("Morning digest", "2026-03-10", "sent")]
    assert len(hook.requests) == 2
    again = run(store, found, NOW + timedelta(minutes=15))
    assert again["alerts"]["deliveries"] == [] and [s["status"] for s in again["sends"]] == ["already_sent"]
    assert len(hook.requests) == 2
    tomorrow = run(store, found, NOW + timedelta(days=1))           # the next slot: the next digest only
    assert [s["slot"] for s in tomorrow["sends"]] == ["2026-03-11"] and len(hook.requests) == 3
    kinds = sorted("digest" if r.json().get("digest") else "alert" for r in hook.requests)
    assert kinds == ["alert", "digest", "digest"]
    assert schedules.last_run(store)["summary"]["sends"][0]["slot"] == "2026-03-11"
    # A quiet run (nothing to do) is kept at most once an hour: each write empties the app's caches.
    version = store.data_version()
    run(store, found, NOW + timedelta(days=1, minutes=15))
    # Kept: the first run and the next day's; the two quiet ones, minutes apart on the clock, are not.
    assert store.data_version() == version and store.scalar("SELECT count(*) FROM schedule_runs") == 2


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")   # the kill, in the thread
def test_a_rerun_after_a_crash_sends_nothing_twice(store, hook, monkeypatch):
    found = setup(store, hook.url)
    real = notify.run_all

    def crash_after_sending(jobs, deadline, workers=notify.WORKERS):
        real(jobs, deadline, workers)
        raise KeyboardInterrupt("killed between the send and its record")

    monkeypatch.setattr(notify, "run_all", crash_after_sending)
    with pytest.raises(KeyboardInterrupt):
        run(store, found)
    time.sleep(0.2)                                   # the alert thread meets the same crash
    assert len(hook.requests) == 2
    monkeypatch.setattr(notify, "run_all", real)
    rerun = run(store, found, NOW + timedelta(minutes=15))
    assert len(hook.requests) == 2                    # nothing sent twice...
    assert [s["status"] for s in rerun["sends"]] == ["interrupted"]
    assert [d["status"] for d in rerun["alerts"]["deliveries"]] == ["interrupted"]
    assert rerun["status"] == "failed" and all("not sent again" in f["error"] for f in rerun["failures"])
    assert len(rerun["failures"]) == 2               # ...and both said, with the reason


def test_a_hanging_channel_never_blocks_the_others(store, hook):
    server = Drip(b"")                                 # accepts and never answers
    found = setup(store, hook.url, alert_channel="silent")
    found["silent"] = channels.Channel("silent", "slack", "Slack", secret=f"http://127.0.0.1:{server.port}/x")
    alerts.save_rule(store, Rule("Sessions > 120", "threshold", "site_sessions", params={"value": 120},
                                 channels=("team",)))
    schedules.save(store, Schedule("Digest on Slack", "digest", "daily", 7, channels=("silent",)))
    started = time.monotonic()
    summary = runner.run(store, {}, found, "https://b.example", now=NOW,
                         policy=policy(attempts=3, timeout=5.0), deadline=1.0)
    assert time.monotonic() - started < 2.5            # the 1 s deadline, plus writing down what happened
    sent = {(f.get("name") or f["task"], f["channel"]) for f in summary["failures"]}
    assert sent == {("alert:1", "silent"), ("Digest on Slack", "silent")}
    assert all("deadline" in f["error"] or "did not answer" in f["error"] for f in summary["failures"])
    assert len(hook.requests) == 2                    # the other alert and the other digest went out


def test_an_unconfigured_channel_is_a_failure_with_its_reason(store, hook):
    found = setup(store, hook.url, digest_channel="gone")
    summary = run(store, found)
    (failure,) = summary["failures"]
    assert failure["channel"] == "gone" and "not configured" in failure["error"]


# -- pulls ------------------------------------------------------------------------------------------
def configured_source() -> tuple[str, dict]:
    source = connections.names()[0]
    config = {(n if isinstance(n, str) else n[0]): "x" for n in connections.needs(source)}
    return source, config


def test_pulls_once_a_day_and_a_failed_pull_again(store):
    source, config = configured_source()
    calls, answers = [], [{"status": "failed", "error": "the API said 503"}, {"status": "ok", "inserted": 4}]

    def puller(store_, name, cfg, today=None):
        calls.append((name, today))
        return answers.pop(0)

    first = runner.run(store, {source: config}, {}, "https://b", now=NOW, puller=puller)
    assert first["pulls"] == [{"source": source, "slot": "2026-03-10", "status": "failed",
                               "error": "the API said 503"}]
    assert first["failures"] == [{"task": f"pull:{source}", "channel": None, "error": "the API said 503"}]
    second = runner.run(store, {source: config}, {}, "https://b", now=NOW + timedelta(minutes=15), puller=puller)
    assert second["pulls"][0]["status"] == "done" and second["pulls"][0]["inserted"] == 4
    third = runner.run(store, {source: config}, {}, "https://b", now=NOW + timedelta(hours=5), puller=puller)
    assert third["pulls"][0]["status"] == "already_done" and len(calls) == 2
    assert calls[0] == (source, date(2026, 3, 10)) and third["status"] == "ok"


# -- the command ------------------------------------------------------------------------------------
def test_run_schedule_command_json_exit_code_and_timeout(tmp_path, monkeypatch, capsys, hook):
    server = Drip(b"")
    db = str(tmp_path / "w.duckdb")
    store = Store(db)
    load_sessions(store, [100, 200])
    env = {"BALISE_ALERT_SECRETS": str(tmp_path / "s.json")}
    channels.save(store, channels.Channel("silent", "webhook", "Silent"), f"http://127.0.0.1:{server.port}/x", env)
    channels.save(store, channels.Channel("team", "webhook", "Team"), f"{hook.url}/team", env)
    alerts.save_rule(store, Rule("Sessions > 150", "threshold", "site_sessions", params={"value": 150},
                                 channels=("silent", "team")))
    store.close()
    monkeypatch.setenv("BALISE_ALERT_SECRETS", env["BALISE_ALERT_SECRETS"])
    monkeypatch.setattr(notify, "SECRETS_FILE", tmp_path / "no-secrets.toml")
    started = time.monotonic()
    code = cli.main(["--db", db, "run-schedule", "--timeout", "1"])
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert code == 1 and took < 6.0
    assert set(summary) >= {"started_at", "finished_at", "pulls", "alerts", "sends", "failures", "status"}
    (failure,) = summary["failures"]
    # Which of two clocks ends the silent delivery first depends on the machine's load: the overall
    # 1 s deadline (the job is still running) or the request's timeout, cut to the time left.
    assert failure["channel"] == "silent"
    assert ("still running at the 1 s deadline" in failure["error"]
            or re.search(r"did not answer within (0\.\d\d?|1) s; the delivery deadline passed", failure["error"]))
    assert f"127.0.0.1:{server.port}/x" not in out + err
    assert "error: alert:1 (silent)" in err and len(hook.requests) == 1
    assert cli.main(["--db", db, "run-schedule", "--timeout", "0"]) == 2
    assert cli.main(["--db", db, "run-schedule", "--timeout", "soon"]) == 2
