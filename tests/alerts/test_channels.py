"""Delivery channels: stored settings and secrets apart, Slack/Teams/JSON messages received by a local
webhook server with their content checked, e-mail through a local SMTP server, tests in plain words,
a hanging webhook that ends within its timeout, one failing channel never blocking the others."""
from __future__ import annotations

import email
import email.policy
import json
import os
import stat
import time
from datetime import date

import pytest

from lib.alerts import channels, delivery
from lib.alerts import rules as alerts
from lib.alerts.rules import Rule
from tests.alerts.test_deadlines import Drip
from tests.alerts.test_notify import Hook, policy, smtp  # noqa: F401 - fixtures
from tests.fakes.server import Reply

TOKEN = "T000/B000/XXXXSECRETTOKEN"


@pytest.fixture
def env(tmp_path):
    return {"BALISE_ALERT_SECRETS": str(tmp_path / "alert_secrets.json")}


@pytest.fixture
def hook():
    with Hook() as server:
        yield server


def text_of(payload) -> str:
    return json.dumps(payload, ensure_ascii=False).replace("\u202f", " ").replace("\xa0", " ")


# -- settings and secrets ----------------------------------------------------------------------------
def test_channel_settings_in_the_store_secret_outside(store, env, tmp_path):
    url = f"https://hooks.slack.com/services/{TOKEN}"
    cid = channels.save(store, channels.Channel("slack-marketing", "slack", "Slack #marketing", "en"), url, env)
    stored = store.scalar("SELECT value FROM settings WHERE name = 'alert_channel:slack-marketing'")
    assert TOKEN not in stored and json.loads(stored)["kind"] == "slack"
    file = tmp_path / "alert_secrets.json"
    assert json.loads(file.read_text()) == {cid: url}
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    found = channels.load(store, {}, env)["slack-marketing"]
    assert found.ready and found.secret_from == "local" and TOKEN not in repr(found)
    assert TOKEN not in json.dumps(found.public())
    # The secrets' table wins, then the environment, then the local file.
    env2 = {**env, channels.env_name(cid): "https://hooks.slack.com/services/FROM/ENV"}
    assert channels.load(store, {}, env2)[cid].secret_from == "env"
    secrets = {"alerts": {"channels": {cid: {"url": "https://hooks.slack.com/services/FROM/SECRETS"}}}}
    assert channels.load(store, secrets, env2)[cid].secret.endswith("FROM/SECRETS")
    channels.delete(store, cid, env)
    assert channels.load(store, {}, env) == {} and json.loads(file.read_text()) == {}


def test_legacy_alerts_table_gives_the_email_and_webhook_channels(store, env):
    secrets = {"alerts": {"smtp_host": "smtp.example", "email_to": "a@x.fr", "smtp_password": "pw",
                          "webhook_url": "https://outlook.office.com/webhook/abc", "webhook_kind": "teams"}}
    found = channels.load(store, secrets, env)
    assert (found["email"].kind, found["email"].to, found["webhook"].kind) == ("email", ("a@x.fr",), "teams")
    assert channels.ready(found) == ["email", "webhook"]


@pytest.mark.parametrize("change,error", [
    (dict(name=""), "needs a name"),
    (dict(kind="sms"), "unknown channel kind"),
    (dict(smtp_host=""), "SMTP server's host name"),
    (dict(to="boss, a@x.fr"), "'boss' is not an e-mail address"),
    (dict(smtp_port=70000), "from 1 to 65535"),
    (dict(id="Bad Id"), "lower-case"),
])
def test_bad_channels_are_refused_and_nothing_saved(store, env, change, error):
    fields = dict(id="mail", kind="email", name="Mail", smtp_host="smtp.example", to="a@x.fr")
    with pytest.raises(channels.ChannelError, match=error):
        channels.save(store, channels.Channel(**{**fields, **change}), None, env)
    assert channels.load(store, {}, env) == {}


def test_a_webhook_url_must_be_a_url(store, env):
    with pytest.raises(channels.ChannelError, match="https://"):
        channels.save(store, channels.Channel("t", "teams", "Teams"), "hooks.slack.com/x", env)


def test_rules_keep_their_channels_and_recipients(store):
    rid = alerts.save_rule(store, Rule("CPA", "threshold", "paid_cpa", params={"value": 50},
                                       channels=("mail", "slack-mkt"), recipients=("boss@x.fr", " a@x.fr ")))
    rule = alerts.get_rule(store, rid)
    assert rule.channels == ("mail", "slack-mkt") and rule.recipients == ("boss@x.fr", "a@x.fr")
    assert alerts.validate(Rule("x", "threshold", "paid_cpa", params={"value": 1})).channels == ()
    with pytest.raises(alerts.RuleError, match="'boss' is not an e-mail address"):
        alerts.validate(Rule("x", "threshold", "paid_cpa", params={"value": 1}, recipients=("boss",)))


# -- "send a test" ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["slack", "teams", "webhook"])
def test_send_a_test_to_each_kind(hook, kind):
    channel = channels.Channel("c", kind, "Team", "fr", secret=f"{hook.url}/services/{TOKEN}")
    ok, said = channels.test(channel, "en", "https://balise.example")
    assert ok and said == f"{hook.url.split('//')[1]} accepted the message (answer 200). It said: \"ok\"."
    body = hook.requests[0].json()
    assert "Balise" in text_of(body) and "Team" in text_of(body)     # the channel's language: French
    assert "Ceci est un test" in text_of(body)


@pytest.mark.parametrize("status,words", [
    (404, "does not know this address (answer 404)"),
    (403, "denied access (answer 403)"),
    (400, "malformed (answer 400)"),
    (500, "problem on its side (answer 500)"),
])
def test_a_refused_test_says_why_in_plain_words(hook, status, words):
    hook.script.append(Reply(status, raw=b"no_service", headers={"Content-Type": "text/plain"}))
    channel = channels.Channel("c", "slack", "Slack", secret=f"{hook.url}/services/{TOKEN}")
    ok, said = channels.test(channel, "en", "https://balise.example")
    assert not ok and words in said and "no_service" in said and TOKEN not in said


def test_a_hanging_webhook_test_ends_within_its_timeout():
    server = Drip(b"")                      # accepts the connection and never answers
    channel = channels.Channel("c", "teams", "Teams", secret=f"http://127.0.0.1:{server.port}/hook/{TOKEN}")
    started = time.monotonic()
    ok, said = channels.test(channel, "fr", "https://balise.example", timeout=1.0)
    assert time.monotonic() - started < 2.0
    assert not ok and "n'a pas répondu en 1 s" in said and TOKEN not in said


def test_send_a_test_email(smtp):  # noqa: F811
    inbox, port = smtp
    channel = channels.Channel("m", "email", "Mail", "en", to=("team@example.fr",), smtp_host="127.0.0.1",
                               smtp_port=port, smtp_tls="none")
    ok, said = channels.test(channel, "en", "https://balise.example")
    assert ok and said == "The server 127.0.0.1 accepted the message for team@example.fr."
    assert "Subject: [Balise] Test message" in inbox.messages[0][2]
    wrong = channels.Channel("m", "email", "Mail", "en", to=("team@example.fr",), smtp_host="127.0.0.1",
                             smtp_port=port, smtp_tls="starttls")
    ok, said = channels.test(wrong, "en", "https://balise.example")
    assert not ok and said.startswith("Failed: SMTP 127.0.0.1") and "STARTTLS" in said


def test_an_incomplete_channel_is_not_tested():
    ok, said = channels.test(channels.Channel("c", "slack", "Slack"), "en", "https://x")
    assert not ok and "incomplete" in said


# -- alerts on every kind of channel ---------------------------------------------------------------------
@pytest.fixture
def firing_buzz(store):
    """A firing bad-buzz alert tied to a campaign with a crisis plan, on three webhook channels,
    an e-mail channel in French and one channel that no longer exists."""
    with store.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('language', 'fr'), ('currency', 'EUR')")
        cur.execute("INSERT INTO campaigns (id, name, crisis_plan) VALUES (7, 'Printemps', ?)",
                    ["1. Accuser réception sous 2 h.\n2. Suspendre les publications.\n3. Répondre en privé.\n"
                     "4. Point quotidien."])
    rid = alerts.save_rule(store, Rule("Bad buzz", "mentions_spike", campaign_id=7,
                                       channels=("slack", "teams", "json", "mail", "gone"),
                                       recipients=("crisis@example.fr",)))
    with store.transaction() as cur:
        cur.execute("INSERT INTO alert_events (id, rule_id, state, day, value, expected_high, message, "
                    "notified, streak, episode) VALUES (10, ?, 'firing', '2026-10-14', 1234.0, 45.5, 'x', "
                    "false, 1, 10)", [rid])
    rule = alerts.get_rule(store, rid)
    return store, alerts.Alert(rule, date(2026, 10, 14), "firing", 1234.0, None, 45.5, "x", 10, 10)


def test_slack_teams_json_and_email_receive_their_own_format(firing_buzz, hook, smtp):  # noqa: F811
    store, alert = firing_buzz
    inbox, port = smtp
    found = {"slack": channels.Channel("slack", "slack", "Slack", "en", secret=f"{hook.url}/slack/{TOKEN}"),
             "teams": channels.Channel("teams", "teams", "Teams", "en", secret=f"{hook.url}/teams"),
             "json": channels.Channel("json", "webhook", "JSON", "en", secret=f"{hook.url}/json"),
             "mail": channels.Channel("mail", "email", "Mail", "fr", to=("team@example.fr",),
                                      smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none")}
    report = delivery.deliver(store, [alert], found, "https://balise.example", policy=policy())
    assert sorted((r["channel"], r["status"]) for r in report) == [
        ("gone", "skipped"), ("json", "sent"), ("mail", "sent"), ("slack", "sent"), ("teams", "sent")]
    got = {r.path.split("/")[1]: r.json() for r in hook.requests}
    link = "https://balise.example/social?lang=en&period=custom&start=2026-10-08&end=2026-10-14"
    # Slack: Block Kit, the facts as fields, the crisis plan's first three steps, a button.
    slack = got["slack"]
    assert slack["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "[Balise] Alert: Bad buzz"}}
    fields = [f["text"] for f in slack["blocks"][2]["fields"]]
    assert fields[:3] == ["*KPI*\nNegative mentions", "*Value*\n1,234", "*Expected band*\nat most 46"]
    steps = slack["blocks"][3]["text"]["text"]
    assert "Crisis plan (Printemps)" in steps and "3. Répondre en privé." in steps and "4. Point" not in steps
    assert slack["blocks"][4]["elements"][0]["url"] == link
    # Teams: an Adaptive Card with a FactSet and an OpenUrl action.
    card = got["teams"]["attachments"][0]["content"]
    facts = {f["title"]: f["value"] for f in card["body"][2]["facts"]}
    assert card["type"] == "AdaptiveCard" and facts["Value"] == "1,234" and facts["Day"] == "14 Oct 2026"
    assert card["actions"][0]["url"] == link
    # JSON: the numbers as numbers, the link, the first steps.
    doc = got["json"]
    assert (doc["kind"], doc["value"], doc["expected_high"], doc["day"], doc["link"], doc["lang"]) == (
        "mentions_spike", 1234.0, 45.5, "2026-10-14", link, "en")
    assert doc["crisis_plan"]["first_steps"][0] == "1. Accuser réception sous 2 h."
    # E-mail: in French (the channel's language), to the rule's recipients.
    ((_, rcpt, content),) = inbox.messages
    assert rcpt == ["crisis@example.fr"] and "Subject: [Balise] Alerte : Bad buzz" in content
    body = email.message_from_string(content, policy=email.policy.default).get_content()
    assert "Mentions négatives" in body and "lang=fr&period=custom" in body and "1. Accuser" in body
    # Once per event: a second delivery sends nothing.
    assert [r for r in delivery.deliver(store, [alert], found, "https://balise.example") if r["status"] != "skipped"] == []
    assert len(hook.requests) == 3


def test_a_hanging_channel_never_blocks_the_others(firing_buzz, hook):
    store, alert = firing_buzz
    server = Drip(b"")
    found = {"slack": channels.Channel("slack", "slack", "Slack", secret=f"http://127.0.0.1:{server.port}/x"),
             "json": channels.Channel("json", "webhook", "JSON", secret=f"{hook.url}/json")}
    started = time.monotonic()
    report = {r["channel"]: r for r in delivery.deliver(store, [alert], found, "https://b.example",
                                                        policy=policy(attempts=2, timeout=5), deadline=1.0)}
    assert time.monotonic() - started < 2.0
    assert report["json"]["status"] == "sent" and report["slack"]["status"] == "failed"
    assert "deadline" in report["slack"]["error"]
    # The next check retries only the channel that failed.
    again = {r["channel"]: r for r in delivery.deliver(store, [alert], found, "https://b.example",
                                                       policy=policy(attempts=1, timeout=0.2), deadline=1.0)}
    assert "json" not in again and again["slack"]["status"] == "failed"
    assert len(hook.requests) == 1
