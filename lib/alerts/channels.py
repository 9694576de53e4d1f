"""Delivery channels: SMTP e-mail, Slack and Microsoft Teams incoming webhooks, generic JSON webhook.

What a channel is (kind, name, language, recipients, SMTP host and port...) lives in the settings
store (`alert_channel:<id>`, JSON); its secret (the SMTP password, the webhook URL, which carries
its token) lives where the other secrets are, first found wins:
  1. the secrets' `[alerts.channels.<id>]` table (`password` or `url`; Community Cloud's Secrets),
  2. the environment variable BALISE_ALERT_SECRET_<ID> (ID upper-cased, "-" as "_"),
  3. the local file data/alert_secrets.json (0600; $BALISE_ALERT_SECRETS names another), which the
     Alerts page writes when a secret is typed in.
The secrets' `[alerts]` table (smtp_host, email_to, webhook_url...) still defines the two channels
`email` and `webhook`. No secret is ever returned to a page, a log or the store.
"""
from __future__ import annotations

import json
import os
import re
import stat
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import requests

from lib import access, i18n
from lib.alerts import notify
from lib.alerts.targets import EMAIL, ID
from lib.i18n.messages import Message
from lib.redact import redact
from lib.store import settings

KINDS = ("email", "slack", "teams", "webhook")        # webhook: the generic JSON document
WEBHOOK_KINDS = {"slack": "slack", "teams": "teams", "webhook": "json"}
SETTING = "alert_channel:"
SECRETS_FILE = notify.SECRETS_FILE.parents[1] / "data" / "alert_secrets.json"
TEST_TIMEOUT = 10.0


class ChannelError(ValueError):
    """A channel that cannot be saved; the message names the field and what is expected. It is a
    Message (`alert_err_*`): English as str(exc), worded in the page's language by say_error. No
    secret (a password, a webhook URL) is ever among its values."""


@dataclass
class Channel:
    id: str
    kind: str
    name: str = ""
    lang: str = i18n.DEFAULT_LANG
    to: tuple[str, ...] = ()                 # e-mail: the default recipients
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_tls: str = "starttls"
    smtp_user: str = ""
    smtp_from: str = "balise@localhost"
    secret: str = field(default="", repr=False)   # the SMTP password or the webhook URL
    secret_from: str = ""                    # secrets | env | local | "" (never the value)
    origin: str = "store"                    # store | secrets (the legacy [alerts] table)
    timeout: float = 10.0

    @property
    def ready(self) -> bool:
        """Configured enough to send (e-mail may take its recipients from the rule)."""
        return bool(self.smtp_host) if self.kind == "email" else bool(self.secret)

    def secrets(self) -> list[str]:
        return [s for s in (self.secret, urlsplit(self.secret).path if self.kind != "email" else "") if s]

    def public(self) -> dict:
        """What may be stored or shown: everything but the secret."""
        data = asdict(self)
        for key in ("secret", "secret_from", "origin", "id"):
            data.pop(key)
        data["to"] = list(self.to)
        return data


def env_name(channel_id: str) -> str:
    return "BALISE_ALERT_SECRET_" + re.sub(r"[^A-Z0-9]", "_", channel_id.upper())


def _file(env) -> Path:
    return Path(env.get("BALISE_ALERT_SECRETS") or SECRETS_FILE)


def _local_secrets(env) -> dict:
    file = _file(env)
    try:
        data = json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _secret(channel_id: str, secrets: dict, env) -> tuple[str, str]:
    table = (((secrets or {}).get("alerts") or {}).get("channels") or {}).get(channel_id) or {}
    value = table.get("url") or table.get("password") if isinstance(table, dict) else None
    if value:
        return str(value), "secrets"
    if env.get(env_name(channel_id)):
        return env[env_name(channel_id)], "env"
    local = _local_secrets(env).get(channel_id)
    return (str(local), "local") if local else ("", "")


def _legacy(secrets: dict | None, env) -> dict[str, Channel]:
    return from_config(notify.settings(secrets, env))


def from_config(config: notify.Config) -> dict[str, Channel]:
    """The `email` and `webhook` channels of the secrets' [alerts] table and BALISE_* variables."""
    found = {}
    if config.smtp_host:
        found["email"] = Channel("email", "email", "e-mail", to=config.email_to, smtp_host=config.smtp_host,
                                 smtp_port=config.smtp_port, smtp_tls=config.smtp_tls,
                                 smtp_user=config.smtp_user, smtp_from=config.smtp_from,
                                 secret=config.smtp_password, secret_from="secrets" if config.smtp_password else "",
                                 origin="secrets", timeout=config.timeout)
    if config.webhook_url:
        kind = {v: k for k, v in WEBHOOK_KINDS.items()}[config.webhook_kind]
        found["webhook"] = Channel("webhook", kind, "webhook", secret=config.webhook_url, secret_from="secrets",
                                   origin="secrets", timeout=config.timeout)
    return found


def load(store, secrets: dict | None = None, env=None) -> dict[str, Channel]:
    """Every channel by id: the legacy [alerts] ones, then those set up on the Alerts page."""
    env = os.environ if env is None else env
    if secrets is None:
        secrets = notify.read_secrets_file()
    found = _legacy(secrets, env)
    for name, value in sorted(settings.with_prefix(store, SETTING).items()):
        cid = name[len(SETTING):]
        try:
            data = json.loads(value)
            channel = Channel(cid, **{k: v for k, v in data.items() if k in Channel.__dataclass_fields__})
        except (ValueError, TypeError):
            continue
        channel.to = tuple(channel.to or ())
        channel.secret, channel.secret_from = _secret(cid, secrets, env)
        found[cid] = channel
    return found


APP_URL = "alert_app_url"


def app_url(store, secrets: dict | None = None, env=None) -> str:
    """The app's address for the links in messages: set on the Alerts page, else the secrets'
    [alerts] app_url or $BALISE_APP_URL, else the local default."""
    env = os.environ if env is None else env
    stored = settings.get(store, APP_URL)
    if stored:
        return stored
    return notify.settings(notify.read_secrets_file() if secrets is None else secrets, env).app_url


def set_app_url(store, url: str) -> None:
    access.check("edit_rules")
    url = (url or "").strip().rstrip("/")
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise ChannelError(Message.worded("alert_err_app_url"))
    with store.transaction() as cur:
        if url:
            settings.put_in(cur, APP_URL, url)
        else:
            settings.delete_in(cur, APP_URL)


def ready(channels: dict[str, Channel]) -> list[str]:
    return [cid for cid, c in channels.items() if c.ready]


def parse_emails(text) -> tuple[str, ...]:
    """'a@x.fr, b@x.fr; c@x.fr' -> the addresses; ChannelError names one that is not an address."""
    items = text if isinstance(text, list | tuple) else re.split(r"[,;\s]+", str(text or ""))
    found = tuple(dict.fromkeys(i.strip() for i in items if str(i).strip()))
    bad = [a for a in found if not EMAIL.match(a)]
    if bad:
        raise ChannelError(Message.worded("alert_err_email", address=bad[0], quoted=repr(bad[0])))
    return found


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")[:40].strip("-")
    return text or "channel"


def validate(channel: Channel) -> Channel:
    if not ID.match(channel.id or ""):
        raise ChannelError(Message.worded("alert_err_id"))
    if channel.kind not in KINDS:
        raise ChannelError(Message.worded("alert_err_kind", kind=str(channel.kind), quoted=repr(channel.kind),
                                          known=", ".join(KINDS)))
    if channel.lang not in i18n.LANGS:
        raise ChannelError(Message.worded("alert_err_lang", known=", ".join(i18n.LANGS)))
    name = (channel.name or "").strip()
    if not name or len(name) > 80:
        raise ChannelError(Message.worded("alert_err_name"))
    clean = replace(channel, name=name, to=parse_emails(channel.to))
    if channel.kind == "email":
        if not (clean.smtp_host or "").strip():
            raise ChannelError(Message.worded("alert_err_smtp_host"))
        if clean.smtp_tls not in notify.TLS_MODES:
            raise ChannelError(Message.worded("alert_err_tls", known=", ".join(notify.TLS_MODES)))
        try:
            port = int(clean.smtp_port)
        except (TypeError, ValueError):
            raise ChannelError(Message.worded("alert_err_port")) from None
        if not 1 <= port <= 65535:
            raise ChannelError(Message.worded("alert_err_port_range"))
        clean = replace(clean, smtp_host=clean.smtp_host.strip(), smtp_port=port)
    return clean


def check_url(kind: str, url: str) -> str:
    """A webhook URL as given, or ChannelError saying what a good one looks like."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ChannelError(Message.worded("alert_err_webhook_url"))   # never the URL: it carries a token
    return url


def save(store, channel: Channel, secret: str | None = None, env=None) -> str:
    """Store the channel (and, when given, its secret in the local secrets file); return its id."""
    access.check("edit_rules")
    env = os.environ if env is None else env
    channel = validate(channel)
    if secret:
        secret = check_url(channel.kind, secret) if channel.kind != "email" else secret
        write_secret(channel.id, secret, env)
    settings.put(store, SETTING + channel.id, json.dumps(channel.public(), ensure_ascii=False))
    return channel.id


def write_secret(channel_id: str, secret: str | None, env=None) -> None:
    """Set (or, with None, remove) one channel's secret in the local 0600 file."""
    env = os.environ if env is None else env
    file = _file(env)
    data = _local_secrets(env)
    if secret:
        data[channel_id] = secret
    else:
        data.pop(channel_id, None)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.replace(tmp, file)


def delete(store, channel_id: str, env=None) -> None:
    access.check("edit_rules")
    with store.transaction() as cur:
        settings.delete_in(cur, SETTING + channel_id)
    write_secret(channel_id, None, env)


# -- sending ---------------------------------------------------------------------------------------
def _config(channel: Channel, to: tuple[str, ...], deadline: float | None) -> notify.Config:
    seconds = round(max(0.0, deadline - time.monotonic()), 1) if deadline is not None else channel.timeout
    return notify.Config(deadline=seconds, smtp_host=channel.smtp_host, smtp_port=channel.smtp_port, smtp_tls=channel.smtp_tls,
                         smtp_user=channel.smtp_user, smtp_password=channel.secret if channel.kind == "email" else "",
                         smtp_from=channel.smtp_from, email_to=to, timeout=channel.timeout)


def send(channel: Channel, message: notify.Message, deadline: float | None = None,
         policy=None, to: tuple[str, ...] = (), attachments: list[tuple[str, bytes]] = ()) -> None:
    """Deliver one message on one channel; DeliveryError (free of secrets) when it cannot."""
    if not channel.ready:
        raise notify.DeliveryError(f"channel {channel.id} is not configured")
    if channel.kind == "email":
        recipients = to or channel.to
        if not recipients:
            raise notify.DeliveryError(f"channel {channel.id}: no recipient (set them on the channel or the rule)")
        notify.send_email(_config(channel, tuple(recipients), deadline), message, deadline, attachments)
        return
    payload = notify.webhook_payload(WEBHOOK_KINDS[channel.kind], message, channel.lang)
    try:
        notify.post_webhook(channel.secret, payload, policy, deadline=deadline)
    except notify.DeliveryError as exc:
        raise notify.DeliveryError(redact(str(exc), channel.secrets())) from None


def test(channel: Channel, lang: str, app_url: str, timeout: float = TEST_TIMEOUT,
         to: tuple[str, ...] = ()) -> tuple[bool, str]:
    """Send a test message; (ok, the server's answer in plain words). Ends within `timeout`."""
    if not channel.ready:
        return False, i18n.t("alert_test_not_ready", lang)
    message = notify.test_message(channel.lang, app_url, channel.name)   # as the recipients read it
    end = time.monotonic() + timeout
    if channel.kind == "email":
        recipients = tuple(to or channel.to)
        if not recipients:
            return False, i18n.t("alert_test_no_recipient", lang)
        outcome = notify.run_all([lambda: send(channel, message, end, to=recipients)], end)[0]
        if outcome is None:
            return True, i18n.t("alert_test_mail_ok", lang, host=channel.smtp_host, to=", ".join(recipients))
        return False, _why(outcome, channel, lang, timeout)
    payload = notify.webhook_payload(WEBHOOK_KINDS[channel.kind], message, channel.lang)
    answer: dict = {}

    def post() -> None:
        response = requests.post(channel.secret, json=payload, timeout=min(timeout, channel.timeout))
        answer["status"], answer["text"] = response.status_code, response.text[:200]

    outcome = notify.run_all([post], end)[0]
    if outcome is not None:
        return False, _why(outcome, channel, lang, timeout)
    return _answer(answer["status"], redact(answer["text"], channel.secrets()).strip(), channel, lang)


def _why(error: Exception, channel: Channel, lang: str, timeout: float) -> str:
    host = urlsplit(channel.secret).netloc if channel.kind != "email" else channel.smtp_host
    if isinstance(error, notify.Late | requests.Timeout):
        return i18n.t("alert_test_silent", lang, host=host, seconds=i18n.fmt_number(timeout, lang))
    if isinstance(error, requests.RequestException):
        return i18n.t("alert_test_unreachable", lang, host=host)
    return i18n.t("alert_test_failed", lang, error=redact(str(error), channel.secrets()))


def _answer(status: int, text: str, channel: Channel, lang: str) -> tuple[bool, str]:
    host = urlsplit(channel.secret).netloc
    said = i18n.t("alert_test_said", lang, text=text) if text else ""
    if status < 300:
        return True, i18n.t("alert_test_ok", lang, host=host, status=status) + said
    key = {400: "bad_request", 401: "denied", 403: "denied", 404: "not_found", 410: "not_found",
           429: "busy"}.get(status, "server" if status >= 500 else "refused")
    return False, i18n.t(f"alert_test_{key}", lang, host=host, status=status) + said
