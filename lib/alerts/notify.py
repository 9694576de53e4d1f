"""Alert notifications: email through SMTP and webhooks (Slack, Teams or generic JSON).

Settings: the `[alerts]` table of the Streamlit secrets (the command line reads
.streamlit/secrets.toml), then BALISE_* environment variables, key by key. One notification
per firing episode: the per-channel record (status, attempts, time, redacted error) is kept on
the event that opened the episode; a channel that failed is retried at the next check while
the episode still fires. Nothing here raises: a failed delivery is a record, never a crash.
Deliveries run concurrently (WORKERS threads) under one overall deadline (`deadline` seconds,
30 by default): a server that is silent or drips a byte at a time fails its delivery with a
clear reason when the deadline passes, and never holds the check (nor the store's lock) longer.
No password or webhook URL (Slack's carries its token) reaches a log, a message or the store.
"""
from __future__ import annotations

import json
import logging
import os
import smtplib
import socket
import ssl
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import requests

from lib import i18n
from lib.alerts import rules as alerts
from lib.redact import redact
from lib.sources.http import Policy, backoff, retry_after
from lib.store import Store
from lib.store import settings as stored_settings

log = logging.getLogger("balise.alerts")
SECRETS_FILE = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml"
ENV_VARS = {"BALISE_SMTP_HOST": "smtp_host", "BALISE_SMTP_PORT": "smtp_port",
            "BALISE_SMTP_TLS": "smtp_tls", "BALISE_SMTP_USER": "smtp_user",
            "BALISE_SMTP_PASSWORD": "smtp_password", "BALISE_SMTP_FROM": "smtp_from",
            "BALISE_ALERT_EMAIL_TO": "email_to", "BALISE_WEBHOOK_URL": "webhook_url",
            "BALISE_WEBHOOK_KIND": "webhook_kind", "BALISE_APP_URL": "app_url"}
TLS_MODES = ("starttls", "ssl", "none")
WEBHOOK_KINDS = ("slack", "teams", "json")
WORKERS = 4            # deliveries at once: a slow server delays its own message, not the others


class DeliveryError(Exception):
    """A channel could not deliver; the message is already free of secrets."""


@dataclass
class Config:
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_tls: str = "starttls"
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = "balise@localhost"
    email_to: tuple[str, ...] = ()
    webhook_url: str = field(default="", repr=False)
    webhook_kind: str = "json"
    app_url: str = "http://localhost:8501"
    timeout: float = 10.0
    deadline: float = 30.0   # seconds for all the deliveries of one check, whatever the servers do

    def channels(self) -> list[str]:
        """The channels that are configured."""
        return ([c for c, ok in (("email", self.smtp_host and self.email_to),
                                 ("webhook", self.webhook_url)) if ok])

    def secrets(self) -> list[str]:
        return [s for s in (self.smtp_password, self.webhook_url, urlsplit(self.webhook_url).path) if s]

    @property
    def link(self) -> str:
        return self.app_url.rstrip("/") + "/alerts"


def settings(secrets: dict | None = None, env: dict | None = None, path: Path | None = None) -> Config:
    """Delivery settings: `secrets` (else the secrets file's [alerts]), then the environment."""
    env = os.environ if env is None else env
    values: dict = {}
    if secrets is None:
        file = path or SECRETS_FILE
        if file.exists():
            try:
                secrets = tomllib.loads(file.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                log.warning("could not read %s; using the environment only", file.name)
    values.update(dict((secrets or {}).get("alerts") or {}))
    values.update({key: env[var] for var, key in ENV_VARS.items() if env.get(var)})
    config = Config()
    for key, value in values.items():
        if key == "email_to":
            value = tuple(v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip())
        elif key in ("smtp_port", "timeout", "deadline"):
            value = type(getattr(config, key))(value)
        elif hasattr(config, key):
            value = str(value)
        else:
            continue
        setattr(config, key, value)
    if config.smtp_tls not in TLS_MODES:
        config.smtp_tls = "starttls"
    if config.webhook_kind not in WEBHOOK_KINDS:
        config.webhook_kind = "json"
    return config


# -- messages -----------------------------------------------------------------------------------
@dataclass
class Message:
    subject: str
    body: str
    payload: dict          # the generic JSON document


def compose(alert: alerts.Alert, lang: str, currency: str | None, link: str,
            crisis: tuple[str, str] | None = None) -> Message:
    """The notification of a firing alert, in the workspace language."""
    rule = alert.rule
    t = i18n.t
    subject = t("alert_mail_subject", lang, name=rule.name)
    def line(key: str, value: str) -> str:
        return t("alert_line", lang, label=t(key, lang), value=value)

    lines = [alert.message,
             line("alert_col_kpi", alerts.subject_of(rule, lang)),
             line("alert_col_value", alerts.fmt(rule, alert.value, lang, currency)),
             line("alert_col_band", alerts.band_text(rule, alert.low, alert.high, lang, currency)),
             line("alert_col_day", i18n.fmt_date(alert.day, lang))]
    if crisis:
        lines += ["", t("alert_crisis_plan", lang, campaign=crisis[0]), crisis[1]]
    lines += ["", line("alert_open_page", link)]
    payload = {"rule_id": rule.id, "name": rule.name, "kind": rule.kind, "kpi": rule.kpi,
               "scope": rule.scope, "state": alert.state, "day": alert.day.isoformat(),
               "value": alert.value, "expected_low": alert.low, "expected_high": alert.high,
               "message": alert.message, "link": link,
               **({"crisis_plan": {"campaign": crisis[0], "plan": crisis[1]}} if crisis else {})}
    return Message(subject, "\n".join(lines), payload)


def webhook_payload(kind: str, message: Message, lang: str) -> dict:
    """The body each service expects: Slack text, a Teams Adaptive Card, or the generic JSON."""
    if kind == "slack":
        body = message.body.replace(message.payload["link"], f"<{message.payload['link']}>")
        return {"text": f"*{message.subject}*\n{body}"}
    if kind == "teams":
        card = {"type": "AdaptiveCard", "version": "1.4",
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "body": [{"type": "TextBlock", "text": message.subject, "weight": "Bolder", "wrap": True},
                         {"type": "TextBlock", "text": message.body, "wrap": True}],
                "actions": [{"type": "Action.OpenUrl", "title": i18n.t("alert_open_page", lang),
                             "url": message.payload["link"]}]}
        return {"type": "message", "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}]}
    return message.payload


# -- channels -----------------------------------------------------------------------------------
def _remaining(deadline: float | None, timeout: float) -> float:
    """The socket timeout left before DEADLINE (time.monotonic()), at most TIMEOUT."""
    return timeout if deadline is None else max(0.05, min(timeout, deadline - time.monotonic()))


def send_email(config: Config, message: Message, deadline: float | None = None) -> None:
    """One SMTP delivery (STARTTLS, SSL or plain, login when a user is set), over by DEADLINE
    (time.monotonic()): a socket timeout bounds each wait, a timer cuts a server that drips."""
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = message.subject, config.smtp_from, ", ".join(config.email_to)
    mail.set_content(message.body)
    smtp_class = smtplib.SMTP_SSL if config.smtp_tls == "ssl" else smtplib.SMTP
    smtp = smtp_class(timeout=_remaining(deadline, config.timeout),
                      **({"context": ssl.create_default_context()} if config.smtp_tls == "ssl" else {}))
    smtp._host = config.smtp_host   # what __init__ sets when it connects: STARTTLS checks the certificate by it
    cut = threading.Timer(_remaining(deadline, 1e9), _shut, args=(smtp,))
    cut.daemon = True
    cut.start()
    try:
        with smtp:
            smtp.connect(config.smtp_host, config.smtp_port)
            if config.smtp_tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password)
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        if not cut.is_alive() and deadline is not None:
            raise DeliveryError(f"SMTP {config.smtp_host}:{config.smtp_port} did not complete the delivery "
                                f"within the {config.deadline:g} s deadline; retried at the next check") from None
        raise DeliveryError(redact(f"SMTP {config.smtp_host}:{config.smtp_port}: "
                                   f"{type(exc).__name__}: {exc}.{_smtp_hint(exc, config)}",
                                   config.secrets())) from None
    finally:
        cut.cancel()


def _shut(smtp: smtplib.SMTP) -> None:
    """Cut an SMTP connection from the timer thread: its blocked read returns at once."""
    sock = getattr(smtp, "sock", None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _smtp_hint(exc: Exception, config: Config) -> str:
    """What to change for the two TLS mistakes people make when setting up SMTP."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (" The server's certificate is not trusted or not issued for this host: use the "
                "SMTP host name your provider documents.")
    # STARTTLS against an implicit-TLS port: the client waits for a greeting that never comes.
    waited = isinstance(exc, TimeoutError | smtplib.SMTPServerDisconnected) and config.smtp_tls == "starttls"
    if isinstance(exc, ssl.SSLError) or waited:
        return (' Do the TLS mode and the port agree? Port 465 takes smtp_tls = "ssl", port 587 '
                '"starttls".')
    return ""


def post_webhook(url: str, payload: dict, policy: Policy | None = None,
                 session: requests.Session | None = None, deadline: float | None = None) -> int:
    """POST the JSON with bounded retries (429, 5xx, timeouts) honouring Retry-After; return tries.

    DEADLINE (time.monotonic()) bounds every try and wait: no retry starts after it."""
    policy = policy or Policy(attempts=4, base=1.0, cap=20.0, max_wait=60.0, timeout=10.0)
    session = session or requests.Session()
    host = urlsplit(url).netloc or "the webhook"
    problem = ""
    for attempt in range(1, policy.attempts + 1):
        asked = None
        timeout = _remaining(deadline, policy.timeout)
        try:
            response = session.post(url, json=payload, timeout=timeout)
        except requests.Timeout:
            problem = f"{host} did not answer within {timeout:g} s"
        except requests.RequestException:
            problem = f"could not reach {host}"
        else:
            status = response.status_code
            if status < 300:
                return attempt
            if status != 429 and status < 500:
                raise DeliveryError(f"{host} refused the message ({status}): check the webhook URL")
            problem = f"{host} answered {status}"
            asked = retry_after(response.headers.get("Retry-After"))
            if asked is not None and asked > policy.max_wait:
                raise DeliveryError(f"{host} asks to wait {asked:.0f} s; retried at the next check")
        if attempt == policy.attempts:
            break
        wait = backoff(attempt, policy, asked)
        if deadline is not None and time.monotonic() + wait >= deadline:
            raise DeliveryError(f"{problem}; the delivery deadline passed after {attempt} "
                                f"{'try' if attempt == 1 else 'tries'}, retried at the next check")
        log.warning("%s; retrying in %.2f s", problem, wait)
        policy.sleep(wait)
    raise DeliveryError(f"{problem}; gave up after {policy.attempts} tries, retried at the next check")


# -- delivering the alerts of a check ---------------------------------------------------------
def _crisis(store: Store, campaign_id: int | None) -> tuple[str, str] | None:
    if campaign_id is None:
        return None
    found = store.rows("SELECT name, crisis_plan FROM campaigns WHERE id = ? AND crisis_plan IS NOT NULL",
                       [campaign_id])
    return (found[0][0], found[0][1]) if found else None


def deliver(store: Store, found: list[alerts.Alert], config: Config, now: datetime | None = None,
            policy: Policy | None = None,
            senders: dict[str, Callable] | None = None) -> list[dict]:
    """Notify each firing, unsnoozed alert whose episode is not notified yet; record every try.

    Returns one record per (rule, channel) tried: rule_id, channel, status, error.
    """
    now = now or datetime.now()
    values = stored_settings.read_all(store)
    lang, currency = stored_settings.language(values), values.get(stored_settings.CURRENCY)
    end = time.monotonic() + config.deadline
    senders = senders or {"email": lambda m: send_email(config, m, end),
                          "webhook": lambda m: post_webhook(
                              config.webhook_url, webhook_payload(config.webhook_kind, m, lang), policy,
                              deadline=end)}
    ready = config.channels()
    jobs, pending = [], []      # (alert, record, wanted); (entry, channel, message) to send
    for alert in found:
        if alert.state != "firing" or alert.snoozed or alert.episode is None:
            continue
        row = store.rows("SELECT notified, delivery FROM alert_events WHERE id = ?", [alert.episode])
        if not row or row[0][0]:
            continue
        record = json.loads(row[0][1]) if isinstance(row[0][1], str) else (row[0][1] or {})
        wanted = [c for c in alert.rule.channels if c in ready]
        if not wanted:
            record["none"] = {"status": "skipped", "error": "no delivery channel configured", "at": str(now)}
        message = compose(alert, lang, currency, config.link, _crisis(store, alert.rule.campaign_id))
        for channel in wanted:
            entry = record.get(channel) or {"attempts": 0}
            if entry.get("status") == "sent":
                continue
            entry["attempts"] = entry.get("attempts", 0) + 1
            record[channel] = entry
            pending.append((alert, entry, channel, message))
        jobs.append((alert, record, wanted))
    outcomes = run_all([lambda c=channel, m=message: senders[c](m) for _, _, channel, message in pending], end)
    report = []
    for (alert, entry, channel, _), error in zip(pending, outcomes):
        if error is None:
            entry.update(status="sent", error=None, at=str(now))
        else:
            if isinstance(error, Late):
                error = DeliveryError(f"{channel} delivery still running at the {config.deadline:g} s deadline "
                                      "(the server is silent or too slow); retried at the next check")
            text = error if isinstance(error, DeliveryError) else f"{type(error).__name__}: {error}"
            entry.update(status="failed", error=redact(str(text), config.secrets()), at=str(now))
            log.warning("alert %s: %s delivery failed: %s", alert.rule.id, channel, entry["error"])
        report.append({"rule_id": alert.rule.id, "channel": channel, "status": entry["status"],
                       "error": entry["error"]})
    updates = []
    for alert, record, wanted in jobs:
        notified = bool(wanted) and all(record.get(c, {}).get("status") == "sent" for c in wanted)
        updates.append((alert.episode, notified, json.dumps(record, default=str)))
    if updates:
        with store.transaction() as cur:
            for event_id, notified, record in updates:
                cur.execute("UPDATE alert_events SET notified = ?, delivery = ? WHERE id = ?",
                            [notified, record, event_id])
    return report


class Late(Exception):
    """A job still running at the deadline."""


def run_all(jobs: list[Callable[[], object]], deadline: float, workers: int = WORKERS) -> list[Exception | None]:
    """Run JOBS at most WORKERS at a time; by DEADLINE (time.monotonic()), each job's exception,
    None when it finished, or Late when it had not (its daemon thread is left to end on its own:
    never joined, so neither the check nor the process exit waits for it)."""
    outcomes: list[Exception | None] = [Late() for _ in jobs]
    done = [threading.Event() for _ in jobs]
    slots = threading.BoundedSemaphore(workers)

    def run(i: int) -> None:
        with slots:
            if time.monotonic() < deadline:   # a job that waited past the deadline is not started
                try:
                    jobs[i]()
                    outcomes[i] = None
                except Exception as exc:   # noqa: BLE001 - a delivery never crashes the check
                    outcomes[i] = exc
        done[i].set()

    for i in range(len(jobs)):
        threading.Thread(target=run, args=(i,), daemon=True, name=f"balise-delivery-{i}").start()
    for event in done:
        event.wait(max(0.0, deadline - time.monotonic()))
    return [o if d.is_set() else Late() for o, d in zip(outcomes, done)]
