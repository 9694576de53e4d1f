"""The demo's alert rules from the command line, and the Alerts page through AppTest."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from lib.commands.alerts import FIELDS
from lib.demo import build as demo
from tests.conftest import assert_clean

ROOT = Path(__file__).resolve().parent.parent
BUZZ, DRIFT = 900000, 900001     # the demo's rule ids


def check(db: str, *extra: str) -> tuple[int, list[dict], str]:
    done = subprocess.run([sys.executable, "-m", "lib", "--db", db, "alerts", "check", "--format", "json",
                           "--no-deliver", *extra], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return done.returncode, json.loads(done.stdout or "null"), done.stderr


def by_id(found: list[dict]) -> dict[int, dict]:
    return {a["rule_id"]: a for a in found}


def test_cli_fires_on_the_bad_buzz_day(demo_copy):
    day = demo.events(months=3)["bad_buzz"]
    code, found, err = check(demo_copy, "--as-of", day.isoformat())
    assert code == 3, err
    assert all(list(a) == list(FIELDS) for a in found)
    buzz = by_id(found)[BUZZ]
    assert (buzz["state"], buzz["kind"], buzz["day"]) == ("firing", "mentions_spike", day.isoformat())
    assert buzz["value"] > buzz["expected_high"] and buzz["expected_low"] is None
    assert by_id(found)[DRIFT]["state"] == "ok"
    # The day after, the same episode goes on; two days later it is resolved.
    for offset, state in ((1, "firing"), (2, "resolved")):
        _, later, _ = check(demo_copy, "--as-of", (day + timedelta(days=offset)).isoformat())
        assert by_id(later)[BUZZ]["state"] == state


def test_cli_fires_on_the_cpa_drift(demo_copy):
    code, found, err = check(demo_copy)     # default: the latest data day
    assert code == 3, err
    drift = by_id(found)[DRIFT]
    assert (drift["state"], drift["kpi"]) == ("firing", "paid_cpa")
    assert drift["scope"] == {"platform": "meta", "campaign": "meta_prospection_printemps"}
    assert drift["day"] == demo.default_end().isoformat()
    assert by_id(found)[BUZZ]["state"] == "ok"


def test_cli_nothing_firing_exits_0(empty_db, tmp_path):
    db = tmp_path / "empty.duckdb"
    shutil.copy(empty_db, db)
    code, found, _ = check(str(db))
    assert (code, found) == (0, [])


def test_cli_error_exits_1(tmp_path):
    (tmp_path / "dir.duckdb").mkdir()
    code, _, err = check(str(tmp_path / "dir.duckdb"))
    assert code == 1 and "alerts check failed" in err


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_alerts_page_on_demo_and_empty(demo_copy, empty_db, app_test, lang):
    at = app_test(demo_copy, lang, "pages/alerts.py")
    assert_clean(at)
    assert at.title[0].value == {"fr": "Alertes", "en": "Alerts"}[lang]
    assert len(at.dataframe) >= 1
    empty = app_test(empty_db, lang, "pages/alerts.py")
    assert_clean(empty)


def test_create_a_rule_and_see_it_fire(demo_copy, app_test):
    at = app_test(demo_copy, "en", "pages/alerts.py")
    at.selectbox(key="alert_kind").set_value("threshold").run()
    at.selectbox(key="alert_kpi_None").set_value("site_sessions").run()
    at.text_input(key="alert_new_threshold_name").input("Sessions above 10")
    at.number_input(key="alert_new_threshold_value").set_value(10.0)
    at.button(key="alert_new_threshold_save").click().run()
    assert_clean(at)
    assert any("Sessions above 10" in s.value for s in at.success), [s.value for s in at.success]
    status = at.dataframe[0].value
    row = status[status["Rule"] == "Sessions above 10"].iloc[0]
    assert row["State"] == "firing"
    assert any("Sessions above 10" in w.value for w in at.warning)     # the banner
    # Snoozing it takes it off the banner.
    at.selectbox(key="alert_pick").select_index(1).run()      # user rules come before the demo's
    at.button(key="alert_snooze").click().run()
    assert_clean(at)
    assert not any("Sessions above 10" in w.value for w in at.warning)


def test_delivery_setup_and_test_button(demo_copy, app_test, monkeypatch, tmp_path):
    """Set up a JSON webhook on the page, send a test to a local server, and find the channel in
    the rule form; the URL is never shown back."""
    from tests.alerts.test_notify import Hook

    monkeypatch.setenv("BALISE_ALERT_SECRETS", str(tmp_path / "alert_secrets.json"))
    with Hook() as hook:
        url = f"{hook.url}/hook/SECRETTOKEN"
        at = app_test(demo_copy, "en", "pages/alerts.py")
        assert any("No channel yet" in i.value for i in at.info)
        at.selectbox(key="alert_ch_kind").set_value("webhook").run()
        at.text_input(key="alert_ch_new_webhook_name").input("Ops hook")
        at.text_input(key="alert_ch_new_webhook_secret").input(url)
        at.button(key="alert_ch_new_webhook_save").click().run()
        assert_clean(at)
        assert any('Channel "Ops hook" saved' in s.value for s in at.success)
        at.button(key="alert_test_ops-hook").click().run()
        assert_clean(at)
        assert any("accepted the message (answer 200)" in s.value for s in at.success), [s.value for s in at.success]
        assert hook.requests[0].json()["test"] is True
        shown = " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.success])
        assert "SECRETTOKEN" not in shown
        assert "SECRETTOKEN" not in at.dataframe[1].value.to_string()
        at.selectbox(key="alert_kind").set_value("threshold").run()
        assert at.multiselect(key="alert_new_threshold_channels").options == ["Ops hook"]


def test_a_refused_channel_says_why_in_french(demo_copy, app_test, monkeypatch, tmp_path):
    """On a French page a channel or an address that cannot be saved says why in French (the
    command line keeps the English)."""
    monkeypatch.setenv("BALISE_ALERT_SECRETS", str(tmp_path / "alert_secrets.json"))
    at = app_test(demo_copy, "fr", "pages/alerts.py")
    at.selectbox(key="alert_ch_kind").set_value("email").run()
    at.text_input(key="alert_ch_new_email_name").input("Direction")
    at.text_input(key="alert_ch_new_email_to").input("boss, a@x.fr")
    at.text_input(key="alert_ch_new_email_host").input("smtp.example.fr")
    at.button(key="alert_ch_new_email_save").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("Canal non enregistré : « boss » n'est pas une adresse e-mail (écrivez nom@domaine.tld, séparées "
               "par des virgules)" in e for e in errors), errors
    assert not any("is not an e-mail address" in e for e in errors)
    at.text_input(key="alert_app_url").input("ftp://balise.example")
    at.button(key="alert_app_url_save").click().run()
    errors = [e.value for e in at.error]
    assert any("Canal non enregistré : l'adresse de l'application commence par https://" in e for e in errors), errors


def test_a_refused_rule_says_why_in_french(demo_copy, app_test):
    """On a French page a rule that cannot be saved says why in French (the command line keeps the
    English): a scope on a dimension the KPI does not have, then a scope the form cannot read."""
    at = app_test(demo_copy, "fr", "pages/alerts.py")
    at.selectbox(key="alert_kind").set_value("threshold").run()
    at.selectbox(key="alert_kpi_None").set_value("paid_cpa").run()
    at.text_input(key="alert_new_threshold_name").input("CPA trop haut")
    at.text_input(key="alert_new_threshold_scope").input("platfrom=meta")
    at.number_input(key="alert_new_threshold_value").set_value(10.0)
    at.button(key="alert_new_threshold_save").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("Règle refusée : impossible de limiter « paid\\_cpa » par « platfrom » ; dimensions possibles : "
               "platform" in e for e in errors), errors
    assert not any("cannot scope" in e for e in errors)
    at.text_input(key="alert_new_threshold_scope").input("platform")
    at.button(key="alert_new_threshold_save").click().run()
    errors = [e.value for e in at.error]
    assert any("Règle refusée : périmètre : écrivez dimension=valeur, séparés par « ; » (reçu « platform »)" in e
               for e in errors), errors
    assert not any("CPA trop haut" in s.value for s in at.success)   # nothing was saved
