"""What is sent on a schedule (digests, campaign reports) and the log of what was done.

A schedule fires once per period: its slot is the day of its latest occurrence (the day at its
hour, or the weekday at its hour for a weekly one) at or before now. A run catches up the latest
slot only, never a backlog, so a run every 15 minutes and a run once a day send the same things.
The log (schedule_log) holds one row per task, slot and channel; a delivery is written down as
`sending` before it starts, so a run that crashed mid-send never sends it again.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from lib import access
from lib.alerts import targets as delivery_targets
from lib.i18n.messages import Message
from lib.store import Store

KINDS = ("digest", "report")
EVERY = ("daily", "weekly")
DONE = ("sent", "done", "interrupted")      # statuses a rerun leaves alone


class ScheduleError(ValueError):
    """A schedule that cannot be saved; the message names the field and what is expected. It is a
    Message (`sched_err_*`): English as str(exc), worded in the page's language by say_error."""


@dataclass(frozen=True)
class Schedule:
    name: str
    kind: str = "digest"
    every: str = "daily"
    hour: int = 7
    weekday: int | None = None               # weekly: 0 Monday .. 6 Sunday
    channels: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()         # e-mail addresses replacing the channels' own
    campaign: str = ""                       # report: the campaign's name
    enabled: bool = True
    id: int | None = None

    @property
    def task(self) -> str:
        return f"{self.kind}:{self.id}"


def validate(s: Schedule, campaigns: list[str] | None = None) -> Schedule:
    name = (s.name or "").strip()
    if not name or len(name) > 120:
        raise ScheduleError(Message.worded("sched_err_name"))
    if s.kind not in KINDS:
        raise ScheduleError(Message.worded("sched_err_kind", kind=str(s.kind), quoted=repr(s.kind),
                                           known=", ".join(KINDS)))
    if s.every not in EVERY:
        raise ScheduleError(Message.worded("sched_err_every", every=str(s.every), quoted=repr(s.every)))
    if not isinstance(s.hour, int) or not 0 <= s.hour <= 23:
        raise ScheduleError(Message.worded("sched_err_hour"))
    weekday = None
    if s.every == "weekly":
        if not isinstance(s.weekday, int) or not 0 <= s.weekday <= 6:
            raise ScheduleError(Message.worded("sched_err_weekday"))
        weekday = s.weekday
    if not s.channels:
        raise ScheduleError(Message.worded("sched_err_no_channel"))
    try:
        channels, recipients = delivery_targets.targets(s.channels, s.recipients)
    except ValueError as exc:   # targets' Message: the same words for rules and schedules
        raise ScheduleError(*exc.args) from None
    campaign = (s.campaign or "").strip()
    if s.kind == "report":
        if not campaign:
            raise ScheduleError(Message.worded("sched_err_campaign_needed"))
        if campaigns is not None and campaign not in campaigns:
            raise ScheduleError(Message.worded("sched_err_campaign_unknown", campaign=campaign, quoted=repr(campaign),
                                               known=", ".join(campaigns) or Message.worded("sched_err_no_campaigns")))
    elif campaign:
        raise ScheduleError(Message.worded("sched_err_digest_campaign"))
    return replace(s, name=name, weekday=weekday, channels=channels, recipients=recipients, campaign=campaign)


def slug(text: str) -> str:
    """A file-name-safe form of TEXT."""
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")[:40].strip("-") or "report"


# -- slots ----------------------------------------------------------------------------------------
def slot(s: Schedule, now: datetime) -> date:
    """The day of the schedule's latest occurrence at or before NOW."""
    today = now.date()
    day = today if now.hour >= s.hour else today - timedelta(days=1)
    if s.every == "weekly":
        day -= timedelta(days=(day.weekday() - s.weekday) % 7)
        if day == today and now.hour < s.hour:
            day -= timedelta(days=7)
    return day


def period(s: Schedule, day: date) -> tuple[date, date]:
    """The data days a slot covers: the day before it (daily) or the 7 days before it (weekly)."""
    end = day - timedelta(days=1)
    return (end - timedelta(days=6) if s.every == "weekly" else end), end


# -- the store --------------------------------------------------------------------------------------
_COLUMNS = "id, name, kind, every, hour, weekday, channels, recipients, params, enabled"


def _load(value, default):
    return json.loads(value) if isinstance(value, str) else (value if value is not None else default)


def _row(row) -> Schedule:
    sid, name, kind, every, hour, weekday, channels, recipients, params, enabled = row
    load = _load
    return Schedule(name, kind, every, int(hour), weekday, tuple(load(channels, [])), tuple(load(recipients, [])),
                    str(load(params, {}).get("campaign", "")), bool(enabled), sid)


def schedules(store: Store, enabled_only: bool = False) -> list[Schedule]:
    where = " WHERE enabled" if enabled_only else ""
    return [_row(r) for r in store.rows(f"SELECT {_COLUMNS} FROM schedules{where} ORDER BY id")]


def save(store: Store, s: Schedule) -> int:
    """Validate and insert (id None) or replace a schedule; return its id."""
    access.check("edit_rules")
    campaigns = [r[0] for r in store.rows("SELECT name FROM campaigns ORDER BY name")]
    s = validate(s, campaigns)
    values = [s.name, s.kind, s.every, s.hour, s.weekday, json.dumps(list(s.channels)),
              json.dumps(list(s.recipients)), json.dumps({"campaign": s.campaign} if s.campaign else {}), s.enabled]
    with store.transaction() as cur:
        if s.id is not None and cur.execute("SELECT count(*) FROM schedules WHERE id = ?", [s.id]).fetchone()[0]:
            cur.execute("UPDATE schedules SET name = ?, kind = ?, every = ?, hour = ?, weekday = ?, channels = ?, "
                        "recipients = ?, params = ?, enabled = ? WHERE id = ?", values + [s.id])
            return s.id
        sid = s.id or cur.execute("SELECT coalesce(max(id), 0) + 1 FROM schedules").fetchone()[0]
        cur.execute("INSERT INTO schedules (name, kind, every, hour, weekday, channels, recipients, params, "
                    "enabled, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())", values + [sid])
        return sid


def delete(store: Store, schedule_id: int) -> None:
    access.check("edit_rules")
    with store.transaction() as cur:
        cur.execute("DELETE FROM schedules WHERE id = ?", [schedule_id])


# -- the log --------------------------------------------------------------------------------------
def entries(store: Store, task: str, slot_: str) -> dict[str, dict]:
    """The log of one task's slot, by target (channel id, '' for a pull)."""
    rows = store.rows("SELECT target, status, attempts, error, done_at FROM schedule_log WHERE task = ? AND slot = ?",
                      [task, slot_])
    return {r[0]: {"status": r[1], "attempts": r[2] or 0, "error": r[3], "at": r[4]} for r in rows}


def record(store: Store, task: str, slot_: str, items: dict[str, dict], now: datetime) -> None:
    """Write the entries of a task's slot (target -> status, attempts, error) in one transaction."""
    with store.transaction() as cur:
        for target, e in items.items():
            cur.execute("DELETE FROM schedule_log WHERE task = ? AND slot = ? AND target = ?", [task, slot_, target])
            cur.execute("INSERT INTO schedule_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [task, slot_, target, e["status"], e.get("attempts", 0), e.get("error"), now])


KEEP_RUNS = 1000
QUIET_EVERY = timedelta(hours=1)


def save_run(store: Store, started: datetime, finished: datetime, status: str, summary: dict,
             quiet: bool = False) -> int | None:
    """Keep a run's summary (the last KEEP_RUNS). A QUIET run (nothing done, nothing failed) is kept
    at most once an hour: every write invalidates the app's cached queries."""
    last = store.scalar("SELECT max(finished_at) FROM schedule_runs")
    if quiet and last is not None and finished - last < QUIET_EVERY:
        return None
    with store.transaction() as cur:
        rid = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM schedule_runs").fetchone()[0]
        cur.execute("INSERT INTO schedule_runs VALUES (?, ?, ?, ?, ?)",
                    [rid, started, finished, status, json.dumps(summary, default=str, ensure_ascii=False)])
        cur.execute("DELETE FROM schedule_runs WHERE id <= ?", [rid - KEEP_RUNS])
        return rid


def last_run(store: Store) -> dict | None:
    """The latest run: started_at, finished_at, status and its summary (the command's JSON)."""
    rows = store.rows("SELECT started_at, finished_at, status, summary FROM schedule_runs ORDER BY id DESC LIMIT 1")
    if not rows:
        return None
    started, finished, status, summary = rows[0]
    return {"started_at": started, "finished_at": finished, "status": status,
            "summary": json.loads(summary) if isinstance(summary, str) else (summary or {})}
