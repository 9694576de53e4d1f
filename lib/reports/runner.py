"""`run-schedule`: everything that is due, once per period, remembered in the workspace.

In order: the API pulls of the configured connections (once a day: a failed one is tried again
at the next run), the alert check (every run; each firing episode is notified once, see
lib.alerts.delivery), then the digests and scheduled reports whose slot has come
(lib.reports.schedules). Alert deliveries and scheduled sends run side by side under one
deadline: a channel that fails or hangs never holds the others, nor the run past the deadline.
Each delivery is written down as `sending` before it starts: after a crash, the next run lists
it as interrupted and never sends it twice.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import datetime

from lib import i18n
from lib.alerts import delivery, notify
from lib.alerts import rules as alerts
from lib.alerts.channels import Channel, send
from lib.i18n.messages import Message
from lib.ingest import connections as conn
from lib.ingest import pull as pulling
from lib.redact import redact
from lib.reports import digest as digests
from lib.reports import report as reports
from lib.reports import schedules
from lib.sources.http import Policy
from lib.store import Store

DEADLINE = 60.0        # seconds for every delivery of one run, whatever the servers do
INTERRUPTED = "interrupted while sending (the previous run stopped): not sent again, so nobody gets it twice"


def run(store: Store, configs: dict[str, dict], channels: dict[str, Channel], app_url: str,
        now: datetime | None = None, deadline: float = DEADLINE, policy: Policy | None = None,
        puller: Callable = pulling.pull) -> dict:
    """Do what is due at NOW; the summary (the command's JSON) is also kept in the workspace."""
    started = datetime.now()
    now = now or started
    summary: dict = {"started_at": started.isoformat(timespec="seconds"), "now": now.isoformat(timespec="minutes"),
                     "pulls": pulls(store, configs, now, puller)}
    found: list[alerts.Alert] = []
    try:
        found = alerts.evaluate(store, now=now)
    except Exception as exc:   # noqa: BLE001 - a broken check still lets the digests go
        summary["alerts_error"] = f"{type(exc).__name__}: {exc}"
    box: dict = {"deliveries": []}

    def alert_deliveries() -> None:
        try:
            box["deliveries"] = delivery.deliver(store, found, channels, app_url, now, policy, deadline=deadline)
        except Exception as exc:   # noqa: BLE001 - reported in the summary, never lost in the thread
            box["error"] = f"{type(exc).__name__}: {exc}"

    worker = threading.Thread(target=alert_deliveries, daemon=True, name="balise-alert-deliveries")
    end = time.monotonic() + deadline
    worker.start()
    sends = scheduled(store, channels, app_url, now, deadline, policy)
    worker.join(max(0.0, end - time.monotonic()) + 2.0)   # deliver() stops at the deadline, then records
    summary["alerts"] = {"evaluated": len(found), "firing": sum(a.state == "firing" and not a.snoozed for a in found),
                         "deliveries": box["deliveries"]}
    if "error" in box:
        summary["alerts_error"] = "alert deliveries: " + box["error"]
    summary["sends"] = sends
    summary["failures"] = failures(summary)
    summary["status"] = "failed" if summary["failures"] else "ok"
    finished = datetime.now()
    summary["finished_at"] = finished.isoformat(timespec="seconds")
    busy = (summary["failures"] or summary["alerts"]["deliveries"]
            or any(p["status"] != "already_done" for p in summary["pulls"])
            or any(not s["status"].startswith("already_") for s in sends))
    schedules.save_run(store, started, finished, summary["status"], summary, quiet=not busy)
    return summary


# -- pulls ------------------------------------------------------------------------------------------
def pulls(store: Store, configs: dict[str, dict], now: datetime, puller: Callable) -> list[dict]:
    """Each configured API source pulled once a day (incrementally); a failed pull again next run."""
    done = []
    day = now.date().isoformat()
    for source in conn.configured_sources(configs):
        task = f"pull:{source}"
        entry = schedules.entries(store, task, day).get("", {})
        if entry.get("status") == "done":
            done.append({"source": source, "slot": day, "status": "already_done"})
            continue
        result = puller(store, source, configs[source], today=now.date())
        ok = result.get("status") != "failed"
        error = None if ok else result.get("error") or "failed"
        schedules.record(store, task, day, {"": {"status": "done" if ok else "failed",
                                                 "attempts": entry.get("attempts", 0) + 1, "error": error}}, now)
        done.append({"source": source, "slot": day, "status": "done" if ok else "failed", "error": error,
                     **{k: result.get(k) for k in ("inserted", "replaced", "unchanged") if k in result}})
    return done


# -- digests and reports ------------------------------------------------------------------------------
def scheduled(store: Store, channels: dict[str, Channel], app_url: str, now: datetime, seconds: float,
              policy: Policy | None = None) -> list[dict]:
    """Send every digest and report whose slot has come, once per slot and channel, all within
    SECONDS."""
    end = time.monotonic() + seconds
    report, jobs = [], []
    for s in schedules.schedules(store, enabled_only=True):
        day = schedules.slot(s, now)
        slot = day.isoformat()
        log = schedules.entries(store, s.task, slot)
        marks, messages = {}, {}
        for cid in s.channels:
            entry = log.get(cid, {"attempts": 0})
            item = {"schedule_id": s.id, "kind": s.kind, "name": s.name, "slot": slot, "channel": cid}
            if entry.get("status") in schedules.DONE:
                report.append({**item, "status": "already_" + entry["status"], "error": entry.get("error")})
                continue
            if entry.get("status") == "sending":
                marks[cid] = {"status": "interrupted", "attempts": entry["attempts"], "error": INTERRUPTED}
                report.append({**item, "status": "interrupted", "error": INTERRUPTED, "code": "interrupted"})
                continue
            channel = channels.get(cid)
            if channel is None or not channel.ready:
                error = f"channel {cid} is not configured (set it up on the Alerts page)"
                marks[cid] = {"status": "failed", "attempts": entry["attempts"], "error": error}
                report.append({**item, "status": "failed", "error": error, "code": "not_configured"})
                continue
            try:
                if channel.lang not in messages:
                    messages[channel.lang] = compose(store, s, day, channel.lang, app_url)
            except Exception as exc:   # noqa: BLE001 - one broken report never stops the other sends
                error = redact(f"could not build it: {type(exc).__name__}: {exc}", channel.secrets())
                marks[cid] = {"status": "failed", "attempts": entry["attempts"], "error": error}
                report.append({**item, "status": "failed", "error": error})
                continue
            message, attachments = messages[channel.lang]
            marks[cid] = {"status": "sending", "attempts": entry["attempts"] + 1, "error": None}
            jobs.append((item, s, slot, channel, message, attachments if channel.kind == "email" else [],
                         marks[cid]))
        if marks:
            schedules.record(store, s.task, slot, marks, now)   # written before any send: never twice
    calls = [(lambda c=channel, m=message, a=attachments, to=s.recipients: send(c, m, end, policy, to=to,
                                                                                 attachments=a))
             for _, s, _, channel, message, attachments, _ in jobs]
    outcomes = notify.run_all(calls, end)
    for (item, s, slot, channel, _, _, mark), error in zip(jobs, outcomes):
        status = "sent" if error is None else "failed"
        text = None if error is None else delivery.reason(error, channel, seconds)
        schedules.record(store, s.task, slot, {channel.id: {"status": status, "attempts": mark["attempts"],
                                                            "error": text}}, now)
        report.append({**item, "status": status, "error": text})
    return report


def compose(store: Store, s: schedules.Schedule, day, lang: str, app_url: str) -> tuple[notify.Message, list]:
    """A schedule's message in LANG (and, for a report, its PDF)."""
    start, end = schedules.period(s, day)
    if s.kind == "digest":
        return digests.message(digests.build(store, start, end, lang), app_url), []
    built = reports.build(store, s.campaign, lang, end)
    pdf = reports.render(built, "pdf")
    link = f"{app_url.rstrip('/')}/campaigns?lang={lang}"
    subject = i18n.t("sched_report_subject", lang, campaign=s.campaign, day=i18n.fmt_date(end, lang))
    body = i18n.t("sched_report_body", lang, campaign=s.campaign, day=i18n.fmt_date(end, lang))
    payload = {"report": True, "campaign": s.campaign, "as_of": end.isoformat(), "lang": lang, "link": link}
    name = f"balise-report-{schedules.slug(s.campaign)}-{end.isoformat()}.pdf"
    message = notify.Message(subject, body + "\n\n" + link, payload, [], link, i18n.t("alert_open_page", lang))
    return message, [(name, pdf)]


def _words(error) -> dict:
    """A pull's reason kept with its key and values (`words`), so that the Schedule page says it in
    its reader's language; the `error` text stays the English the command line prints."""
    if not isinstance(error, Message) or not error.code:
        return {}
    return {"words": {"code": error.code, "values": json.loads(json.dumps(error.values, default=str))}}


def failures(summary: dict) -> list[dict]:
    """Everything that did not happen, with the reason: pulls, alert deliveries, scheduled sends."""
    found = [{"task": f"pull:{p['source']}", "channel": None, "error": p.get("error"), **_words(p.get("error"))}
             for p in summary["pulls"] if p["status"] == "failed"]
    if summary.get("alerts_error"):
        found.append({"task": "alerts", "channel": None, "error": summary["alerts_error"]})
    found += [{"task": f"alert:{d['rule_id']}", "channel": d["channel"], "error": d["error"],
               **({"code": d["status"]} if d["status"] in ("interrupted", "skipped") else {})}
              for d in summary["alerts"]["deliveries"] if d["status"] != "sent"]
    found += [{"task": f"{d['kind']}:{d['schedule_id']}", "name": d["name"], "channel": d["channel"],
               "error": d["error"], **({"code": d["code"]} if d.get("code") else {})}
              for d in summary["sends"] if d["status"] in ("failed", "interrupted")]
    return found
