"""Delivering the alerts of a check: once per firing episode, on each of the rule's channels.

The per-channel record (status, attempts, time, redacted error) is kept on the event that opened
the episode; a channel that failed is retried at the next check while the episode still fires,
one that was sent never again. A delivery is recorded as `sending` before it starts, so a check
that stopped mid-send (a crash, a kill) leaves it `interrupted`, never sent twice. Every channel runs in its own thread under one deadline, so one
that fails or hangs never holds the others. Nothing here raises: a failed delivery is a record.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime

from lib.alerts import notify
from lib.alerts import rules as alerts
from lib.alerts.channels import Channel, send
from lib.redact import redact
from lib.sources.http import Policy
from lib.store import Store
from lib.store import settings as stored_settings

log = logging.getLogger("balise.alerts")
DEADLINE = 30.0           # seconds for all the deliveries of one check, whatever the servers do
INTERRUPTED = ("interrupted while sending (the check before stopped mid-way): not sent again, so nobody "
               "gets it twice")


def _crisis(store: Store, campaign_id: int | None) -> tuple[str, str] | None:
    if campaign_id is None:
        return None
    found = store.rows("SELECT name, crisis_plan FROM campaigns WHERE id = ? AND crisis_plan IS NOT NULL",
                       [campaign_id])
    return (found[0][0], found[0][1]) if found else None


def message_for(store: Store, alert: alerts.Alert, lang: str, currency: str | None,
                app_url: str) -> notify.Message:
    """The message of one alert in LANG, with its change, its page link and any crisis plan."""
    try:
        change = alerts.change_of(store, alert.rule, alert.day, currency)
    except Exception as exc:   # noqa: BLE001 - a missing change never stops a notification
        log.warning("alert %s: change not measured: %s", alert.rule.id, exc)
        change = None
    link = alerts.page_link(app_url, alert.rule, alert.day, lang, stored_settings.overview_path(store))
    return notify.compose(alert, lang, currency, link, _crisis(store, alert.rule.campaign_id), change)


def deliver(store: Store, found: list[alerts.Alert], channels: dict[str, Channel], app_url: str,
            now: datetime | None = None, policy: Policy | None = None,
            senders: dict[str, Callable] | None = None, deadline: float = DEADLINE) -> list[dict]:
    """Notify each firing, unsnoozed alert whose episode is not notified yet; record every try.

    Returns one record per (rule, channel) tried: rule_id, channel, status (sent, failed,
    skipped), error. SENDERS (tests) replace the sending of a channel id: fn(message, recipients).
    """
    now = now or datetime.now()
    values = stored_settings.read_all(store)
    currency = values.get(stored_settings.CURRENCY)
    end = time.monotonic() + deadline
    senders = senders or {}
    jobs, pending, report = [], [], []
    messages: dict[tuple[int, str], notify.Message] = {}
    for alert in found:
        if alert.state != "firing" or alert.snoozed or alert.episode is None:
            continue
        row = store.rows("SELECT notified, delivery FROM alert_events WHERE id = ?", [alert.episode])
        if not row or row[0][0]:
            continue
        record = json.loads(row[0][1]) if isinstance(row[0][1], str) else (row[0][1] or {})
        wanted = [c for c in alert.rule.channels if c in channels and channels[c].ready]
        for missing in (c for c in alert.rule.channels if c not in wanted):
            report.append({"rule_id": alert.rule.id, "channel": missing, "status": "skipped",
                           "error": f"channel {missing} is not configured (set it up on the Alerts page)"})
        if not alert.rule.channels:
            record["none"] = {"status": "skipped", "error": "no delivery channel chosen", "at": str(now)}
        for cid in wanted:
            entry = record.get(cid) or {"attempts": 0}
            if entry.get("status") in ("sent", "interrupted"):
                continue
            if entry.get("status") == "sending":   # a check that stopped mid-send: never twice
                entry.update(status="interrupted", error=INTERRUPTED, at=str(now))
                record[cid] = entry
                report.append({"rule_id": alert.rule.id, "channel": cid, "status": "interrupted",
                               "error": INTERRUPTED})
                continue
            channel = channels[cid]
            key = (alert.rule.id, channel.lang)
            if key not in messages:
                messages[key] = message_for(store, alert, channel.lang, currency, app_url)
            entry["attempts"] = entry.get("attempts", 0) + 1
            entry["status"] = "sending"
            record[cid] = entry
            pending.append((alert, entry, channel, messages[key]))
        jobs.append((alert, record, wanted))
    _write(store, [(alert.episode, False, json.dumps(record, default=str)) for alert, record, _ in jobs])
    calls = [(lambda c=channel, m=message, to=alert.rule.recipients:
              senders[c.id](m, to) if c.id in senders else send(c, m, end, policy, to=to))
             for alert, _, channel, message in pending]
    outcomes = notify.run_all(calls, end)
    for (alert, entry, channel, _), error in zip(pending, outcomes):
        if error is None:
            entry.update(status="sent", error=None, at=str(now))
        else:
            entry.update(status="failed", error=reason(error, channel, deadline), at=str(now))
            log.warning("alert %s: %s delivery failed: %s", alert.rule.id, channel.id, entry["error"])
        report.append({"rule_id": alert.rule.id, "channel": channel.id, "status": entry["status"],
                       "error": entry["error"]})
    updates = []
    for alert, record, wanted in jobs:
        notified = bool(wanted) and all(record.get(c, {}).get("status") == "sent" for c in wanted)
        updates.append((alert.episode, notified, json.dumps(record, default=str)))
    _write(store, updates)
    return report


def _write(store: Store, updates: list[tuple]) -> None:
    """Each (event id, notified, delivery record) in one transaction."""
    if updates:
        with store.transaction() as cur:
            for event_id, notified, record in updates:
                cur.execute("UPDATE alert_events SET notified = ?, delivery = ? WHERE id = ?",
                            [notified, record, event_id])


def reason(error: Exception, channel: Channel, deadline: float) -> str:
    """A failure in words, free of the channel's secret."""
    if isinstance(error, notify.Late):
        text = (f"{channel.id} delivery still running at the {deadline:g} s deadline "
                "(the server is silent or too slow); retried at the next check")
    elif isinstance(error, notify.DeliveryError):
        text = str(error)
    else:
        text = f"{type(error).__name__}: {error}"
    return redact(text, channel.secrets())
