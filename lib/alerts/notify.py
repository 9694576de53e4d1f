"""Alert notifications, the transport: messages (compose, Slack blocks, Teams Adaptive Card,
generic JSON), SMTP and webhook sending, and run_all (concurrent jobs under one deadline).

The legacy settings: the `[alerts]` table of the Streamlit secrets (the command line reads
.streamlit/secrets.toml), then BALISE_* environment variables, key by key; lib.alerts.channels
turns them into the `email` and `webhook` channels beside those set up on the Alerts page.
Deliveries run concurrently (WORKERS threads) under one overall deadline: a server that is
silent or drips a byte at a time fails its delivery with a clear reason when the deadline
passes, and never holds the check (nor the store's lock) longer. No password or webhook URL
(Slack's carries its token) reaches a log, a message or the store.
"""
from __future__ import annotations

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
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import requests

from lib import i18n
from lib.alerts import checks
from lib.alerts import rules as alerts
from lib.redact import redact
from lib.sources.http import Policy, backoff, retry_after

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
        secrets = read_secrets_file(path)
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


def read_secrets_file(path: Path | None = None) -> dict:
    """The secrets file (.streamlit/secrets.toml) as a dict, for the command line; {} without one."""
    file = path or SECRETS_FILE
    if not file.exists():
        return {}
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        log.warning("could not read %s; using the environment only", file.name)
        return {}


# -- messages -----------------------------------------------------------------------------------
@dataclass
class Message:
    subject: str
    body: str
    payload: dict                                   # the generic JSON document
    facts: list[tuple[str, str]] = field(default_factory=list)   # (label, value) for cards and blocks
    link: str = ""
    link_label: str = ""
    steps: list[str] = field(default_factory=list)  # the crisis plan's first steps
    steps_title: str = ""


CRISIS_STEPS = 3          # the first steps of a crisis plan a notification quotes


def first_steps(plan: str, count: int = CRISIS_STEPS) -> list[str]:
    """The plan's first COUNT non-empty lines (its numbered steps)."""
    return [line.strip() for line in (plan or "").splitlines() if line.strip()][:count]


def compose(alert: alerts.Alert, lang: str, currency: str | None, link: str,
            crisis: tuple[str, str] | None = None, change: float | None = None) -> Message:
    """The notification of a firing alert, in the recipient's language (LANG): what it watches,
    the value, the expected range, the change, the day, a link, and a crisis plan's first steps."""
    rule = alert.rule
    t = i18n.t
    subject = t("alert_mail_subject", lang, name=rule.name)
    outcome = checks.Outcome("breach", alert.value, alert.low, alert.high)
    sentence = alerts.describe(rule, outcome, alert.day, lang, currency) if alert.state == "firing" \
        else alert.message
    facts = [(t("alert_col_kpi", lang), alerts.subject_of(rule, lang)),
             (t("alert_col_value", lang), alerts.fmt(rule, alert.value, lang, currency)),
             (t("alert_col_band", lang), alerts.band_text(rule, alert.low, alert.high, lang, currency)),
             (t("alert_col_change", lang), i18n.fmt_delta(change, lang) or t("na", lang)),
             (t("alert_col_day", lang), i18n.fmt_date(alert.day, lang))]
    lines = [sentence, *(t("alert_line", lang, label=k, value=v) for k, v in facts)]
    steps, title = [], ""
    if crisis:
        steps, title = first_steps(crisis[1]), t("alert_crisis_plan", lang, campaign=crisis[0])
        lines += ["", title, *steps]
    label = t("alert_open_page", lang)
    lines += ["", t("alert_line", lang, label=label, value=link)]
    payload = {"rule_id": rule.id, "name": rule.name, "kind": rule.kind, "kpi": rule.kpi,
               "scope": rule.scope, "state": alert.state, "day": alert.day.isoformat(),
               "value": alert.value, "expected_low": alert.low, "expected_high": alert.high,
               "change": change, "message": sentence, "lang": lang, "link": link,
               **({"crisis_plan": {"campaign": crisis[0], "first_steps": steps}} if crisis else {})}
    return Message(subject, "\n".join(lines), payload, facts, link, label, steps, title)


def test_message(lang: str, app_url: str, channel_name: str) -> Message:
    """The message of a channel's "send a test" button."""
    subject = i18n.t("alert_test_subject", lang)
    body = i18n.t("alert_test_body", lang, channel=channel_name)
    link = app_url.rstrip("/") + "/alerts"
    return Message(subject, body + "\n\n" + link, {"test": True, "message": body, "link": link, "lang": lang},
                   [], link, i18n.t("alert_open_page", lang))


def _slack(message: Message) -> dict:
    """Slack Block Kit: header, the sentence, the facts as fields, the crisis steps, a button."""
    first = message.body.split("\n", 1)[0]
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": message.subject[:150]}},
              {"type": "section", "text": {"type": "mrkdwn", "text": first}}]
    if message.facts:
        blocks.append({"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"}
                                                     for k, v in message.facts[:10]]})
    if message.steps:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "*" + message.steps_title + "*\n"
                                                   + "\n".join(message.steps)}})
    if message.link:
        blocks.append({"type": "actions", "elements": [{"type": "button", "url": message.link,
                                                        "text": {"type": "plain_text", "text": message.link_label}}]})
    return {"text": f"{message.subject}: {first}", "blocks": blocks}


def _teams(message: Message) -> dict:
    """A Teams Adaptive Card (what Workflows' "post to a channel when a webhook request is
    received" and the classic incoming webhooks both accept) with a FactSet and a link."""
    first = message.body.split("\n", 1)[0]
    body = [{"type": "TextBlock", "text": message.subject, "weight": "Bolder", "size": "Medium", "wrap": True},
            {"type": "TextBlock", "text": first, "wrap": True}]
    if message.facts:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in message.facts]})
    if message.steps:
        body += [{"type": "TextBlock", "text": message.steps_title, "weight": "Bolder", "wrap": True},
                 {"type": "TextBlock", "text": "\n\n".join(message.steps), "wrap": True}]
    card = {"type": "AdaptiveCard", "version": "1.4",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "body": body,
            "actions": [{"type": "Action.OpenUrl", "title": message.link_label, "url": message.link}]
            if message.link else []}
    return {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}]}


def webhook_payload(kind: str, message: Message, lang: str | None = None) -> dict:
    """The body each service expects: Slack blocks, a Teams Adaptive Card, or the generic JSON."""
    if kind == "slack":
        return _slack(message)
    if kind == "teams":
        return _teams(message)
    return {**message.payload, "subject": message.subject, "text": message.body}


# -- channels -----------------------------------------------------------------------------------
def _remaining(deadline: float | None, timeout: float) -> float:
    """The socket timeout left before DEADLINE (time.monotonic()), at most TIMEOUT."""
    return timeout if deadline is None else max(0.05, min(timeout, deadline - time.monotonic()))


def send_email(config: Config, message: Message, deadline: float | None = None,
               attachments: list[tuple[str, bytes]] = ()) -> None:
    """One SMTP delivery (STARTTLS, SSL or plain, login when a user is set), over by DEADLINE
    (time.monotonic()): a socket timeout bounds each wait, a timer cuts a server that drips."""
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = message.subject, config.smtp_from, ", ".join(config.email_to)
    mail.set_content(message.body)
    for name, data in attachments:
        mail.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    smtp_class = smtplib.SMTP_SSL if config.smtp_tls == "ssl" else smtplib.SMTP
    smtp = smtp_class(timeout=_remaining(deadline, config.timeout),
                      **({"context": ssl.create_default_context()} if config.smtp_tls == "ssl" else {}))
    smtp._host = config.smtp_host   # what __init__ sets when it connects: STARTTLS checks the certificate by it
    fired = threading.Event()   # set by the timer before it cuts: its thread may still be running
    cut = threading.Timer(_remaining(deadline, 1e9), _shut, args=(smtp, fired))
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
        if fired.is_set() and deadline is not None:
            raise DeliveryError(f"SMTP {config.smtp_host}:{config.smtp_port} did not complete the delivery "
                                f"within the {config.deadline:g} s deadline; retried at the next check") from None
        raise DeliveryError(redact(f"SMTP {config.smtp_host}:{config.smtp_port}: "
                                   f"{type(exc).__name__}: {exc}.{_smtp_hint(exc, config)}",
                                   config.secrets())) from None
    finally:
        cut.cancel()


def _shut(smtp: smtplib.SMTP, fired: threading.Event) -> None:
    """Cut an SMTP connection from the timer thread: its blocked read returns at once."""
    fired.set()
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
            problem = f"{host} did not answer within {timeout:.2g} s"   # 0.98614 s reads 0.99 s
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
