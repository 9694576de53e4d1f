"""A refused channel, schedule or alert rule says why in the page's language: ChannelError,
ScheduleError and RuleError carry a Message (its English text for the command line and the logs,
its key and values for a page), and no secret is ever among the values."""
from __future__ import annotations

import ast

import pytest

from lib.alerts import channels
from lib.i18n.messages import Message, say_error
from lib.reports import schedules
from lib.reports.schedules import Schedule
from tests.conftest import ROOT
from tests.i18n.scan import is_message as _is_message
from tests.i18n.scan import name as _name

ERRORS = ("ChannelError", "ScheduleError", "RuleError")


@pytest.fixture
def env(tmp_path):
    return {"BALISE_ALERT_SECRETS": str(tmp_path / "alert_secrets.json")}


def _passes_on(node: ast.expr) -> bool:
    """`*exc.args`: the Message of lib/alerts/targets.py's ValueError, passed on as it is."""
    return isinstance(node, ast.Starred) and ast.unparse(node.value) == "exc.args"


def test_targets_refuse_with_a_message():
    """lib/alerts/targets.py checks rules' and schedules' channels and recipients: its words are theirs."""
    tree = ast.parse(ROOT.joinpath("lib/alerts/targets.py").read_text(encoding="utf-8"))
    raised = [n.exc for n in ast.walk(tree) if isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call)]
    assert len(raised) == 2 and all(_is_message(r.args[0]) for r in raised)


def _raises() -> list[tuple[str, int, bool]]:
    """(file, line, error, passes a Message) of every `raise ChannelError(...)` / `raise ScheduleError(...)`
    / `raise RuleError(...)` (also `alerts.RuleError(...)`)."""
    found = []
    for path in sorted([*ROOT.joinpath("lib").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _name(node.exc.func) in ERRORS:
                ok = len(node.exc.args) == 1 and not node.exc.keywords and (
                    _is_message(node.exc.args[0]) or _passes_on(node.exc.args[0]))
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", _name(node.exc.func), ok))
    return found


def test_every_channel_and_schedule_refusal_passes_a_message():
    found = _raises()
    assert [where for where, _, ok in found if not ok] == []
    # the scan sees the raises it is about (channels.py, schedules.py and the Alerts page)
    assert sum(kind == "ChannelError" for _, kind, _ in found) >= 12
    assert sum(kind == "ScheduleError" for _, kind, _ in found) >= 10


def test_every_rule_refusal_passes_a_message():
    """lib/alerts/rules.py and the rule form (lib/ui/alerts.py): a Message, or targets' passed on."""
    found = [(where, ok) for where, kind, ok in _raises() if kind == "RuleError"]
    assert [where for where, ok in found if not ok] == []
    assert sum(where.startswith("lib/alerts/rules.py") for where, _ in found) >= 17
    assert any(where.startswith("lib/ui/alerts.py") for where, _ in found)   # the form's scope syntax


def test_the_check_tells_a_message_from_a_plain_string():
    raises = [n.exc for n in ast.walk(ast.parse(
        'raise ChannelError("plain")\nraise ChannelError(f"{x!r}")\nraise ChannelError(t("k", lang))\n'
        'raise ChannelError(Message.worded("k"))\nraise ScheduleError(Message(str(e), "k", a=1))'))
        if isinstance(n, ast.Raise)]
    assert [_is_message(r.args[0]) for r in raises] == [False, False, False, True, True]
    passed = [n.exc for n in ast.walk(ast.parse(
        'raise RuleError(*exc.args)\nraise alerts.RuleError(str(exc))\nraise RuleError(*other.args)'))
        if isinstance(n, ast.Raise)]
    assert [_passes_on(r.args[0]) for r in passed] == [True, False, False]
    assert [_name(r.func) for r in passed] == ["RuleError"] * 3


MAIL = dict(id="mail", kind="email", name="Mail", smtp_host="smtp.example", to="a@x.fr")

# (what is refused, today's English, the French a page shows)
CHANNELS = [
    (dict(name=" "), "the channel needs a name (at most 80 characters)",
     "donnez un nom au canal (80 caractères au plus)"),
    (dict(id="Bad Id"), "the channel id is lower-case letters, digits, - and _ (at most 40)",
     "l'identifiant du canal ne contient que des minuscules, des chiffres, - et _ (40 caractères au plus)"),
    (dict(kind="sms"), "unknown channel kind 'sms'; known: email, slack, teams, webhook",
     "type de canal inconnu « sms » ; types possibles : email, slack, teams, webhook"),
    (dict(lang="de"), "language must be one of fr, en", "la langue doit être l'une des suivantes : fr, en"),
    (dict(to="boss, a@x.fr"), "'boss' is not an e-mail address (write name@domain.tld, separated by commas)",
     "« boss » n'est pas une adresse e-mail (écrivez nom@domaine.tld, séparées par des virgules)"),
    (dict(smtp_host=" "), "an e-mail channel needs the SMTP server's host name (smtp.example.com)",
     "un canal e-mail a besoin du nom du serveur SMTP (smtp.example.com)"),
    (dict(smtp_tls="tls1"), "TLS mode must be one of starttls, ssl, none",
     "le chiffrement doit être l'un des suivants : starttls, ssl, none"),
    (dict(smtp_port="abc"), "the SMTP port is a whole number (587, 465 or 25)",
     "le port SMTP est un nombre entier (587, 465 ou 25)"),
    (dict(smtp_port=70000), "the SMTP port is a whole number from 1 to 65535 (587, 465 or 25)",
     "le port SMTP est un nombre entier de 1 à 65535 (587, 465 ou 25)"),
]


@pytest.mark.parametrize("change,english,french", CHANNELS)
def test_a_refused_channel_says_why_in_french_and_keeps_its_english(store, env, change, english, french):
    with pytest.raises(channels.ChannelError) as caught:
        channels.save(store, channels.Channel(**{**MAIL, **change}), "s3cret-pass", env)
    assert str(caught.value) == english                      # the command line and the logs: unchanged
    assert isinstance(caught.value.args[0], Message)
    assert say_error(caught.value, "fr") == french
    assert say_error(caught.value, "en") == english
    assert channels.load(store, {}, env) == {}


def test_a_refused_webhook_url_or_app_address_is_never_quoted(store, env):
    secret = "hooks.slack.com/services/T000/B000/SECRETTOKEN"
    with pytest.raises(channels.ChannelError) as caught:
        channels.save(store, channels.Channel("s", "slack", "Slack"), secret, env)
    assert str(caught.value) == ("the webhook URL starts with https:// (copy it whole from Slack, Teams or "
                                 "your tool)")
    assert say_error(caught.value, "fr") == ("l'URL du webhook commence par https:// (copiez-la en entier "
                                             "depuis Slack, Teams ou votre outil)")
    assert "SECRETTOKEN" not in repr(caught.value.args[0].values)
    with pytest.raises(channels.ChannelError) as caught:
        channels.set_app_url(store, "ftp://balise.example")
    assert str(caught.value) == "the app's address starts with https:// (https://your-app.streamlit.app)"
    assert say_error(caught.value, "fr") == ("l'adresse de l'application commence par https:// "
                                             "(https://votre-app.streamlit.app)")


def test_no_channel_refusal_carries_the_password(store, env):
    for change, *_ in CHANNELS:
        with pytest.raises(channels.ChannelError) as caught:
            channels.save(store, channels.Channel(**{**MAIL, **change}), "s3cret-pass", env)
        said = [str(caught.value), say_error(caught.value, "fr"), repr(caught.value.args[0].values)]
        assert not any("s3cret" in text for text in said)


# (what is refused, today's English, the French a page shows)
SCHEDULES = [
    (dict(name=" "), "the schedule needs a name (at most 120 characters)",
     "donnez un nom à cet envoi planifié (120 caractères au plus)"),
    (dict(kind="sms"), "unknown schedule kind 'sms'; known: digest, report",
     "type d'envoi planifié inconnu « sms » ; types possibles : digest, report"),
    (dict(every="monthly"), "a schedule runs daily or weekly, not 'monthly'",
     "un envoi planifié part chaque jour (daily) ou chaque semaine (weekly), pas « monthly »"),
    (dict(hour=24), "the hour is a whole number from 0 to 23", "l'heure est un nombre entier de 0 à 23"),
    (dict(every="weekly"), "a weekly schedule needs its day (0 Monday .. 6 Sunday)",
     "un envoi hebdomadaire a besoin de son jour (0 lundi .. 6 dimanche)"),
    (dict(channels=()), "pick at least one delivery channel (set them up on the Alerts page)",
     "choisissez au moins un canal de notification (ils se créent sur la page Alertes)"),
    (dict(channels=("Slack!",)), "unknown channel(s) Slack!: pick channels set up on the Alerts page",
     "canal inconnu : Slack! ; choisissez un canal créé sur la page Alertes"),
    (dict(channels=("Slack!", "Ops Team", "Slack!")),
     "unknown channel(s) Slack!, Ops Team: pick channels set up on the Alerts page",
     "canaux inconnus : Slack!, Ops Team ; choisissez des canaux créés sur la page Alertes"),
    (dict(recipients=("a@x.fr", "boss")),
     "'boss' is not an e-mail address (write name@domain.tld, separated by commas)",
     "« boss » n'est pas une adresse e-mail (écrivez nom@domaine.tld, séparées par des virgules)"),
    (dict(kind="report"), "a scheduled report needs its campaign", "un rapport planifié a besoin de sa campagne"),
    (dict(kind="report", campaign="Nope"), "no campaign 'Nope'; known: Printemps",
     "aucune campagne « Nope » ; campagnes existantes : Printemps"),
    (dict(kind="report", campaign="Soldes d'été"), "no campaign \"Soldes d'été\"; known: Printemps",
     "aucune campagne « Soldes d'été » ; campagnes existantes : Printemps"),
    (dict(campaign="Printemps"), "a digest takes no campaign", "une synthèse ne prend pas de campagne"),
]


@pytest.mark.parametrize("fields,english,french", SCHEDULES)
def test_a_refused_schedule_says_why_in_french_and_keeps_its_english(store, fields, english, french):
    with store.transaction() as cur:
        cur.execute("INSERT INTO campaigns (id, name) VALUES (1, 'Printemps')")
    with pytest.raises(schedules.ScheduleError) as caught:
        schedules.save(store, Schedule(**{"name": "d", "channels": ("team",), **fields}))
    assert str(caught.value) == english
    assert isinstance(caught.value.args[0], Message)
    assert say_error(caught.value, "fr") == french
    assert schedules.schedules(store) == []


def test_no_campaign_yet_is_said_in_the_page_language():
    with pytest.raises(schedules.ScheduleError) as caught:
        schedules.validate(Schedule("d", "report", channels=("team",), campaign="Nope"), [])
    assert str(caught.value) == "no campaign 'Nope'; known: none"
    assert say_error(caught.value, "fr") == "aucune campagne « Nope » ; campagnes existantes : aucune"


def test_every_refusal_key_is_in_both_languages():
    from lib import i18n

    keys = [k for k in i18n.STRINGS if k.startswith(("alert_err_", "sched_err_"))]
    assert len(keys) >= 23
    assert all(i18n.STRINGS[k].get("fr") and i18n.STRINGS[k].get("en") for k in keys)


def test_every_rule_refusal_key_is_in_both_languages():
    from lib import i18n

    keys = [k for k in i18n.STRINGS if k.startswith("rule_err_")]
    assert len(keys) >= 18
    assert all(i18n.STRINGS[k].get("fr") and i18n.STRINGS[k].get("en") for k in keys)
