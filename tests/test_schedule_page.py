"""The Alerts page's schedule section through AppTest: the last run's failures with their reason,
scheduling a digest in the form (fr and en), and nothing saved when the form is wrong."""
from __future__ import annotations

from datetime import datetime

import pytest

from lib.alerts import channels
from lib.reports import runner, schedules
from lib.reports.schedules import Schedule
from lib.store import Store
from tests.conftest import assert_clean

TEXT = {"fr": ("1 échec", "n'est pas configuré", "Planifier", "planifié : chaque lundi à 07:00"),
        "en": ("1 failure", "is not configured", "Schedule it", "scheduled: every Monday at 07:00")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_failures_of_the_last_run_and_a_new_digest(demo_copy, app_test, monkeypatch, tmp_path, lang):
    monkeypatch.setenv("BALISE_ALERT_SECRETS", str(tmp_path / "alert_secrets.json"))
    store = Store(demo_copy)
    channels.save(store, channels.Channel("ops", "webhook", "Ops hook"), "http://127.0.0.1:9/hook")
    schedules.save(store, Schedule("Digest to nowhere", "digest", channels=("gone",)))
    runner.run(store, {}, channels.load(store, {}), "https://b.example", now=datetime(2026, 3, 10, 8))
    store.close()
    failed, reason, button, saved = TEXT[lang]
    at = app_test(demo_copy, lang, "pages/alerts.py")
    assert_clean(at)
    assert any(failed in w.value for w in at.warning), [w.value for w in at.warning]
    table = next(d.value for d in at.dataframe if "gone" in d.value.to_string())
    assert reason in table.to_string() and "Digest to nowhere" in table.to_string()
    at.text_input(key="sched_name").input("Weekly digest")
    at.radio(key="sched_every").set_value("weekly")
    at.selectbox(key="sched_weekday").set_value(0)
    at.multiselect(key="sched_channels").set_value(["ops"])
    next(b for b in at.button if b.label == button).click().run()
    assert_clean(at)
    assert any(saved in s.value for s in at.success), [s.value for s in at.success]
    listed = next(d.value for d in at.dataframe if "Weekly digest" in d.value.to_string())
    row = listed.iloc[-1]
    assert (row["name"], row["channels"]) == ("Weekly digest", "ops") and saved.split(": ")[-1] in row["when"]


def test_a_wrong_schedule_says_why_and_saves_nothing(demo_copy, app_test):
    at = app_test(demo_copy, "en", "pages/alerts.py")
    assert any("never run yet" in i.value for i in at.info)
    at.text_input(key="sched_name").input("No channel")
    next(b for b in at.button if b.label == "Schedule it").click().run()
    assert not at.exception
    assert any("Nothing was saved: pick at least one delivery channel" in e.value for e in at.error)
    assert not any("No channel" in d.value.to_string() for d in at.dataframe)


def test_schedule_a_campaign_report(demo_copy, app_test, monkeypatch, tmp_path):
    monkeypatch.setenv("BALISE_ALERT_SECRETS", str(tmp_path / "alert_secrets.json"))
    store = Store(demo_copy)
    channels.save(store, channels.Channel("boss", "email", "Boss", "fr", smtp_host="smtp.example.fr"))
    store.close()
    at = app_test(demo_copy, "en", "pages/alerts.py")
    at.radio(key="sched_kind").set_value("report").run()
    at.text_input(key="sched_name").input("Black Friday every day")
    at.selectbox(key="sched_campaign").set_value("Black Friday 2026")
    at.multiselect(key="sched_channels").set_value(["boss"])
    at.text_input(key="sched_to").input("boss@example.fr")
    next(b for b in at.button if b.label == "Schedule it").click().run()
    assert_clean(at)
    assert any("“Black Friday every day” scheduled: every day at 07:00" in s.value for s in at.success)
    listed = next(d.value for d in at.dataframe if "Black Friday every day" in d.value.to_string()).iloc[-1]
    assert (listed["kind"], listed["campaign"], listed["to"]) == ("Campaign report (PDF)", "Black Friday 2026",
                                                                  "boss@example.fr")


@pytest.mark.parametrize("lang, said", [("fr", "Mailchimp n'a pas répondu en 30 s"),
                                        ("en", "Mailchimp did not answer within 30 s")])
def test_a_scheduled_pull_that_failed_says_why_in_the_page_language(demo_copy, app_test, lang, said):
    from lib.i18n.messages import Message
    from tests.reports.test_schedule import configured_source

    source, config = configured_source()
    error = Message("Mailchimp did not answer within 30 s", "pull_timeout", label="Mailchimp", seconds=30)
    store = Store(demo_copy)
    summary = runner.run(store, {source: config}, {}, "https://b.example", now=datetime(2026, 3, 10, 8),
                         puller=lambda *a, **k: {"status": "failed", "error": error})
    store.close()
    # the command line's JSON keeps the English text, and the key to say it in another language
    assert summary["failures"][0]["error"] == "Mailchimp did not answer within 30 s"
    assert summary["failures"][0]["words"] == {"code": "pull_timeout", "values": {"label": "Mailchimp", "seconds": 30}}
    at = app_test(demo_copy, lang, "pages/alerts.py")
    assert_clean(at)
    assert any(said in d.value.to_string() for d in at.dataframe), [d.value.to_string()[:300] for d in at.dataframe]


def test_a_wrong_schedule_says_why_in_french(demo_copy, app_test, monkeypatch, tmp_path):
    monkeypatch.setenv("BALISE_ALERT_SECRETS", str(tmp_path / "alert_secrets.json"))
    store = Store(demo_copy)
    channels.save(store, channels.Channel("ops", "webhook", "Ops hook"), "http://127.0.0.1:9/hook")
    store.close()
    at = app_test(demo_copy, "fr", "pages/alerts.py")
    at.text_input(key="sched_name").input("Sans canal")
    next(b for b in at.button if b.label == "Planifier").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("Rien n'a été enregistré : choisissez au moins un canal de notification (ils se créent sur la "
               "page Alertes)" in e for e in errors), errors
    assert not any("pick at least one" in e for e in errors)
    at.multiselect(key="sched_channels").set_value(["ops"])
    at.text_input(key="sched_to").input("boss")
    next(b for b in at.button if b.label == "Planifier").click().run()
    errors = [e.value for e in at.error]
    assert any("Rien n'a été enregistré : « boss » n'est pas une adresse e-mail" in e for e in errors), errors
    assert not any("Sans canal" in d.value.to_string() for d in at.dataframe)
