"""The digest: the overview's cards (the same numbers as the Overview page on the demo), the
objectives at risk and the alerts fired, in the reader's language; an empty window says n/a."""
from __future__ import annotations

import email
import email.policy
from datetime import date, datetime, timedelta

import pytest

from lib.alerts import channels
from lib.alerts import rules as alerts
from lib.demo import build as demo
from lib.objectives import tracker as objectives
from lib.reports import digest as digests
from lib.reports import runner, schedules
from lib.reports.schedules import Schedule
from lib.store import Store
from tests.alerts.test_notify import Hook, policy, smtp  # noqa: F401 - fixtures
from tests.alerts.test_rules import DAY0, load_sessions
from tests.conftest import assert_clean


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_digest_numbers_equal_the_overview(demo_db, app_test, lang):
    end = demo.default_end()
    start = end - timedelta(days=6)
    store = Store(demo_db)   # as every test opens it: one process cannot mix read-only and read-write
    digest = digests.build(store, start, end, lang)
    store.close()
    at = app_test(demo_db, lang, run=False)
    at.query_params.update({"period": "custom", "start": start.isoformat(), "end": end.isoformat()})
    at.run()
    assert_clean(at)
    shown = {m.label: (m.value, m.delta) for m in at.metric}
    assert len(digest.cards) == 5
    for card in digest.cards:
        assert card["value"] is not None
        assert shown[card["label"]] == (card["value_text"], card["change_text"]), card["kpi"]


def test_the_digest_message_in_each_language(demo_db):
    end = demo.default_end()
    store = Store(demo_db)   # as every test opens it: one process cannot mix read-only and read-write
    fr, en = (digests.build(store, end - timedelta(days=6), end, lang) for lang in ("fr", "en"))
    store.close()
    assert [c["value"] for c in fr.cards] == [c["value"] for c in en.cards]
    m_fr, m_en = digests.message(fr, "https://b.example"), digests.message(en, "https://b.example")
    assert m_fr.subject.startswith("[Balise] Synthèse : du ") and m_en.subject.startswith("[Balise] Digest: ")
    assert m_fr.facts[0][0] == "Dépense totale" and m_en.facts[0][0] == "Total spend"
    assert "€" in m_fr.facts[0][1] and m_en.payload["cards"][0]["kpi"] == "total_cost"
    # the overview is the app's root page (its own path would open "Page not found")
    assert m_en.link == (f"https://b.example/?lang=en&period=custom&start={(end - timedelta(days=6)).isoformat()}"
                         f"&end={end.isoformat()}")


def test_the_digest_links_to_the_overview_where_a_home_dashboard_took_the_root(demo_copy):
    from lib.dashboards import model as dashboards

    store = Store(demo_copy)
    end = demo.default_end()
    board = dashboards.save(store, dashboards.starter("newsletter", "en"))
    dashboards.set_home(store, board)
    assert digests.message(digests.build(store, end, end, "en"), "https://b.example").link.startswith(
        "https://b.example/overview?lang=en&")
    dashboards.set_home(store, None)
    assert digests.message(digests.build(store, end, end, "en"), "https://b.example").link.startswith(
        "https://b.example/?lang=en&")
    store.close()


def test_objectives_at_risk_and_alerts_fired_are_listed(demo_copy):
    store = Store(demo_copy)
    day = demo.events(months=3)["bad_buzz"]
    alerts.evaluate(store, as_of=day)
    found = digests.build(store, day - timedelta(days=6), day, "en")
    expected = [(o["name"], o["status"]) for o in objectives.statuses(store, as_of=day)
                if o["status"] in ("at_risk", "off_track", "missed")]
    store.close()
    assert [a["name"] for a in found.alerts] == ["Bad buzz : pic de mentions négatives"]
    assert "Negative mentions" in found.alerts[0]["message"]
    assert expected and [(o["name"], o["status"]) for o in found.objectives] == expected
    body = digests.message(found, "https://b.example").body
    assert f"To watch: objectives at risk {len(expected)}, alerts fired 1" in body
    assert f"Objective “{expected[0][0]}”: Off track" in body or f"Objective “{expected[0][0]}”: At risk" in body


def test_an_empty_window_says_na_not_zero(store):
    found = digests.build(store, date(2026, 3, 1), date(2026, 3, 7), "en")
    assert [c["value"] for c in found.cards] == [None] * 5
    assert {c["value_text"] for c in found.cards} == {"n/a"} and {c["change_text"] for c in found.cards} == {"n/a"}
    message = digests.message(found, "https://b.example")
    assert "Nothing to report" in message.body


def test_digest_by_email_in_french_and_on_slack_in_english(demo_copy, smtp):  # noqa: F811
    inbox, port = smtp
    store = Store(demo_copy)
    schedules.save(store, Schedule("Matin", "digest", "daily", 7, channels=("mail", "slack"),
                                   recipients=("direction@example.fr",)))
    with Hook() as hook:
        found = {"mail": channels.Channel("mail", "email", "Mail", "fr", smtp_host="127.0.0.1", smtp_port=port,
                                          smtp_tls="none"),
                 "slack": channels.Channel("slack", "slack", "Slack", "en", secret=f"{hook.url}/slack/T0K3N")}
        now = datetime.combine(demo.default_end() + timedelta(days=1), datetime.min.time()).replace(hour=7)
        summary = runner.run(store, {}, found, "https://b.example", now=now, policy=policy())
        slack = hook.requests[0].json() if hook.requests else None
    store.close()
    sends = {s["channel"]: s["status"] for s in summary["sends"]}
    assert sends == {"mail": "sent", "slack": "sent"}, summary["failures"]
    ((_, rcpt, content),) = inbox.messages
    mail = email.message_from_string(content, policy=email.policy.default)
    assert rcpt == ["direction@example.fr"] and mail["Subject"].startswith("[Balise] Synthèse")
    assert "Dépense totale" in mail.get_content()
    assert slack["blocks"][0]["text"]["text"].startswith("[Balise] Digest")
    assert slack["blocks"][2]["fields"][0]["text"].startswith("*Total spend*\n")


def test_hand_computed_cards_with_a_missing_day_and_no_spend(store):
    load_sessions(store, [10] * 7 + [20] * 6 + [None])       # the window's last day has no row
    found = digests.build(store, DAY0 + timedelta(days=7), DAY0 + timedelta(days=13), "en")
    cards = {c["kpi"]: c for c in found.cards}
    assert cards["site_sessions"]["value"] == 120.0                          # 6 × 20, the gap is not a zero
    assert cards["site_sessions"]["change"] == pytest.approx((120 - 70) / 70)
    assert (cards["site_sessions"]["value_text"], cards["site_sessions"]["change_text"]) == ("120", "+71.4%")
    assert cards["blended_roas"]["value"] is None and cards["blended_roas"]["value_text"] == "n/a"   # 0 spend
