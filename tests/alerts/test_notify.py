"""Alert delivery: settings, SMTP to a local aiosmtpd server, webhooks to a local HTTP server."""
from __future__ import annotations

import json
import socket
from datetime import date, datetime

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from lib.alerts import channels, delivery, notify
from lib.alerts import rules as alerts
from lib.alerts.rules import Rule
from lib.sources.http import Policy
from tests.fakes.server import FakeServer, Reply

PASSWORD = "s3cret-pa55word"
TOKEN = "T000/B000/XXXXSECRETTOKEN"


# -- fixtures ---------------------------------------------------------------------------------
class Port0Controller(Controller):
    """aiosmtpd 1.4 checks readiness by connecting to self.port: learn the port the OS chose."""

    def _trigger_server(self):
        if self.port == 0:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Inbox:
    def __init__(self):
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content.decode("utf-8")))
        return "250 Message accepted for delivery"


def check_login(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == b"balise" and auth_data.password == PASSWORD.encode())


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Port0Controller(inbox, hostname="127.0.0.1", port=0, authenticator=check_login,
                                 auth_require_tls=False)
    controller.start()
    yield inbox, controller.port
    controller.stop()


class Hook(FakeServer):
    def answer(self, request):
        return Reply(200, raw=b"ok", headers={"Content-Type": "text/plain"})   # Slack answers "ok"


@pytest.fixture
def hook():
    with Hook() as server:
        yield server


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def policy(attempts=3, timeout=2.0, max_wait=5.0) -> Policy:
    return Policy(attempts=attempts, base=0.01, cap=0.05, max_wait=max_wait, timeout=timeout, sleep=Sleeps())


def alert(**kw) -> alerts.Alert:
    rule = alerts.validate(Rule("CPA Meta", "change", "paid_cpa", {"platform": "meta"},
                                {"op": "up", "pct": 0.3}, id=4))
    fields = dict(rule=rule, day=date(2026, 11, 21), state="firing", value=150.44, low=None, high=79.55,
                  message="CPA (platform=meta) on 21 Nov 2026: €150.44, outside the expected band "
                          "(at most €79.55).", event_id=10, episode=10)
    return alerts.Alert(**{**fields, **kw})


def message(lang="en"):
    return notify.compose(alert(), lang, "EUR", "http://balise.example/alerts")


# -- settings ---------------------------------------------------------------------------------
def test_settings_from_secrets_then_environment(tmp_path):
    config = notify.settings(
        {"alerts": {"smtp_host": "smtp.example", "smtp_port": 465, "smtp_tls": "ssl",
                    "smtp_password": PASSWORD, "email_to": "a@x.fr, b@x.fr"}},
        env={"BALISE_SMTP_PORT": "2525", "BALISE_WEBHOOK_URL": f"https://hooks.slack.com/services/{TOKEN}",
             "BALISE_WEBHOOK_KIND": "slack"})
    assert (config.smtp_host, config.smtp_port, config.smtp_tls) == ("smtp.example", 2525, "ssl")
    assert config.email_to == ("a@x.fr", "b@x.fr")
    assert config.channels() == ["email", "webhook"] and config.webhook_kind == "slack"
    assert PASSWORD not in repr(config) and TOKEN not in repr(config)
    file = tmp_path / "secrets.toml"
    file.write_text('[alerts]\nwebhook_url = "http://127.0.0.1/x"\nwebhook_kind = "pager"\n')
    from_file = notify.settings(env={}, path=file)
    assert from_file.channels() == ["webhook"] and from_file.webhook_kind == "json"
    assert notify.settings(env={}, path=tmp_path / "missing.toml").channels() == []


# -- messages ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang,words", [
    ("en", ["[Balise] Alert: CPA Meta", "Expected band: at most €79.55", "Open in Balise"]),
    ("fr", ["[Balise] Alerte : CPA Meta", "Plage attendue : au plus 79,55", "Ouvrir dans Balise"]),
])
def test_message_in_the_workspace_language(lang, words):
    m = notify.compose(alert(), lang, "EUR", "http://balise.example/alerts")
    text = m.subject + "\n" + m.body
    for word in words:
        assert word in text.replace("\u202f", " ").replace("\xa0", " "), text
    assert "http://balise.example/alerts" in m.body


@pytest.mark.parametrize("kind,check", [
    ("slack", lambda p: p["blocks"][0]["text"]["text"] == "[Balise] Alert: CPA Meta"
     and p["blocks"][-1]["elements"][0]["url"] == "http://balise.example/alerts"),
    ("teams", lambda p: p["attachments"][0]["content"]["type"] == "AdaptiveCard"
     and p["attachments"][0]["content"]["actions"][0]["url"] == "http://balise.example/alerts"),
    ("json", lambda p: (p["kpi"], p["value"], p["expected_high"], p["state"]) == ("paid_cpa", 150.44, 79.55, "firing")),
])
def test_webhook_payloads(kind, check):
    assert check(notify.webhook_payload(kind, message(), "en"))


# -- SMTP -------------------------------------------------------------------------------------
def test_email_reaches_a_local_smtp_server(smtp):
    inbox, port = smtp
    config = notify.Config(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", smtp_user="balise",
                           smtp_password=PASSWORD, email_to=("team@example.fr",), timeout=5)
    notify.send_email(config, message())
    ((sender, rcpt, content),) = inbox.messages
    assert rcpt == ["team@example.fr"] and sender == "balise@localhost"
    assert "Subject: [Balise] Alert: CPA Meta" in content and "http://balise.example/alerts" in content


@pytest.mark.parametrize("change,reason", [
    ({"smtp_tls": "starttls"}, "STARTTLS"),                                  # the server offers none
    ({"smtp_port": 1}, "SMTP 127.0.0.1:1"),                                  # nothing listens there
])
def test_email_failures_are_clear_and_free_of_secrets(smtp, change, reason):
    _, port = smtp
    fields = dict(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", smtp_user="balise",
                  smtp_password=PASSWORD, email_to=("team@example.fr",), timeout=2)
    config = notify.Config(**{**fields, **change})
    with pytest.raises(notify.DeliveryError) as caught:
        notify.send_email(config, message())
    assert reason.lower() in str(caught.value).lower()
    assert PASSWORD not in str(caught.value)


def self_signed(tmp_path):
    """A certificate for 127.0.0.1 and localhost, and its key (PEM files)."""
    import ipaddress
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Balise test SMTP")])
    now = datetime.now()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture(params=["starttls", "ssl"])
def tls_smtp(request, tmp_path):
    """A local server that speaks TLS (STARTTLS, required before login; or implicit TLS, port
    465 style) with a self-signed certificate; yields (inbox, port, mode, certificate file)."""
    import ssl

    cert_file, key_file = self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    inbox = Inbox()
    tls = ({"tls_context": server_tls, "require_starttls": True} if request.param == "starttls"
           else {"ssl_context": server_tls})
    controller = Port0Controller(inbox, hostname="127.0.0.1", port=0, authenticator=check_login,
                                 # aiosmtpd 1.4 only counts STARTTLS as TLS for AUTH
                                 auth_require_tls=request.param == "starttls", **tls)
    controller.start()
    yield inbox, controller.port, request.param, cert_file
    controller.stop()


def test_email_over_tls_with_login(tls_smtp, monkeypatch):
    """The usual provider set-up: TLS first (STARTTLS on 587 or implicit on 465), then login."""
    inbox, port, mode, cert_file = tls_smtp
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))   # trust the test's own authority
    config = notify.Config(smtp_host="127.0.0.1", smtp_port=port, smtp_tls=mode, smtp_user="balise",
                           smtp_password=PASSWORD, email_to=("team@example.fr",), timeout=5)
    notify.send_email(config, message())
    ((_, rcpt, content),) = inbox.messages
    assert rcpt == ["team@example.fr"] and "Subject: [Balise] Alert: CPA Meta" in content


def test_email_to_an_untrusted_certificate_is_refused_clearly(tls_smtp, monkeypatch):
    """Nothing is sent to a server whose certificate is not trusted, and the reason says so."""
    inbox, port, mode, _ = tls_smtp
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    config = notify.Config(smtp_host="127.0.0.1", smtp_port=port, smtp_tls=mode, smtp_user="balise",
                           smtp_password=PASSWORD, email_to=("team@example.fr",), timeout=5)
    with pytest.raises(notify.DeliveryError) as caught:
        notify.send_email(config, message())
    assert "certificate" in str(caught.value) and PASSWORD not in str(caught.value)
    assert "host name your provider" in str(caught.value)
    assert inbox.messages == []


def test_email_with_the_other_tls_mode_says_which_mode_fits_the_port(tls_smtp, monkeypatch):
    """Implicit TLS against a STARTTLS port, or STARTTLS against port 465: the classic mix-up."""
    inbox, port, mode, cert_file = tls_smtp
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    config = notify.Config(smtp_host="127.0.0.1", smtp_port=port,
                           smtp_tls="ssl" if mode == "starttls" else "starttls", smtp_user="balise",
                           smtp_password=PASSWORD, email_to=("team@example.fr",), timeout=1)
    with pytest.raises(notify.DeliveryError, match='Port 465 takes smtp_tls = "ssl"'):
        notify.send_email(config, message())
    assert inbox.messages == []


# -- webhooks ---------------------------------------------------------------------------------
def test_webhook_retries_after_429_with_retry_after(hook):
    hook.script.append(Reply(429, {"error": "slow down"}, headers={"Retry-After": "0.05"}))
    p = policy()
    assert notify.post_webhook(hook.url + "/hook", {"text": "hi"}, p) == 2
    assert p.sleep == [0.05]                        # the server's wait, not our own backoff
    assert [json.loads(r.body) for r in hook.requests] == [{"text": "hi"}] * 2


def test_webhook_gives_up_after_a_burst_of_500s(hook):
    hook.script.extend(Reply(500, {"error": "boom"}) for _ in range(5))
    p = policy(attempts=3)
    with pytest.raises(notify.DeliveryError, match="answered 500; gave up after 3 tries"):
        notify.post_webhook(hook.url + "/hook", {"text": "hi"}, p)
    assert len(hook.requests) == 3 and len(p.sleep) == 2 and all(0 < s <= 0.05 for s in p.sleep)


def test_webhook_recovers_within_the_retries(hook):
    hook.script.extend([Reply(503, {}), Reply(502, {})])
    assert notify.post_webhook(hook.url + "/hook", {"text": "hi"}, policy(attempts=3)) == 3


def test_webhook_timeout_is_bounded(hook):
    hook.script.extend(Reply(200, {}, delay=0.5) for _ in range(2))
    with pytest.raises(notify.DeliveryError, match="did not answer within 0.1 s; gave up after 2 tries"):
        notify.post_webhook(hook.url + "/hook", {"text": "hi"}, policy(attempts=2, timeout=0.1))


def test_webhook_long_retry_after_is_left_for_the_next_check(hook):
    hook.script.append(Reply(429, {}, headers={"Retry-After": "3600"}))
    with pytest.raises(notify.DeliveryError, match="asks to wait 3600 s"):
        notify.post_webhook(hook.url + "/hook", {"text": "hi"}, policy())
    assert len(hook.requests) == 1


def test_webhook_refusal_is_not_retried_and_hides_the_token(hook):
    hook.script.append(Reply(404, {"error": "no_service"}))
    with pytest.raises(notify.DeliveryError) as caught:
        notify.post_webhook(f"{hook.url}/services/{TOKEN}", {"text": "hi"}, policy())
    assert len(hook.requests) == 1 and "404" in str(caught.value) and TOKEN not in str(caught.value)


def test_unreachable_webhook():
    with socket.socket() as s:     # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(notify.DeliveryError, match="could not reach 127.0.0.1"):
        notify.post_webhook(f"http://127.0.0.1:{port}/x", {}, policy(attempts=2))


# -- deliver: both channels, recorded on the episode -------------------------------------------
@pytest.fixture
def firing(store):
    with store.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('language', 'en'), ('currency', 'EUR')")
    rid = alerts.save_rule(store, Rule("CPA Meta", "threshold", "paid_cpa", params={"value": 50},
                                       channels=("email", "webhook")))
    with store.transaction() as cur:
        cur.execute("INSERT INTO alert_events (id, rule_id, state, day, value, expected_high, message, "
                    "notified, streak, episode) VALUES (10, ?, 'firing', '2026-11-21', 150.4, 50, 'CPA high', "
                    "false, 1, 10)", [rid])
    return store, alert(rule=alerts.get_rule(store, rid))


def deliver(store, found, config, **kw):
    """The legacy [alerts] secrets as the `email` and `webhook` channels."""
    return delivery.deliver(store, found, channels.from_config(config), "http://balise.example",
                            deadline=config.deadline, **kw)


def test_deliver_by_email_and_webhook_once_per_episode(firing, smtp, hook):
    store, found = firing
    inbox, port = smtp
    config = notify.Config(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", email_to=("t@x.fr",),
                           webhook_url=hook.url + "/hook", webhook_kind="json", timeout=5)
    report = deliver(store, [found], config, policy=policy())
    assert [(r["channel"], r["status"]) for r in report] == [("email", "sent"), ("webhook", "sent")]
    assert len(inbox.messages) == 1 and hook.requests[0].json()["rule_id"] == found.rule.id
    assert deliver(store, [found], config, policy=policy()) == []
    notified, record = store.rows("SELECT notified, delivery FROM alert_events WHERE id = 10")[0]
    assert notified is True and json.loads(record)["webhook"]["attempts"] == 1


def test_failed_delivery_is_recorded_without_secrets_and_retried(firing, hook):
    store, found = firing
    hook.script.extend(Reply(500, {}) for _ in range(3))
    url = f"{hook.url}/services/{TOKEN}"
    config = notify.Config(webhook_url=url, smtp_password=PASSWORD)
    first = deliver(store, [found], config, policy=policy(attempts=3), now=datetime(2026, 11, 22, 8))
    assert first[0]["status"] == "skipped" and "email is not configured" in first[0]["error"]
    first = first[1:]
    assert first[0]["status"] == "failed"
    stored = store.scalar("SELECT delivery FROM alert_events WHERE id = 10")
    assert TOKEN not in stored and TOKEN not in first[0]["error"] and "gave up after 3 tries" in stored
    second = deliver(store, [found], config, policy=policy(attempts=3))   # the server is back
    assert second[1]["status"] == "sent"
    assert json.loads(store.scalar("SELECT delivery FROM alert_events WHERE id = 10"))["webhook"]["attempts"] == 2


def test_a_crashing_sender_never_crashes_the_check(firing):
    store, found = firing

    def broken(message, to):
        raise requests.exceptions.InvalidURL("bad url")

    report = deliver(store, [found], notify.Config(webhook_url="http://x"), senders={"webhook": broken})
    assert report[1]["status"] == "failed" and "InvalidURL" in report[1]["error"]
