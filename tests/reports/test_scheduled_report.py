"""Scheduled reports: a campaign's report as PDF to the chosen recipients on its day, once; the
webhook channels get the message with the link (a webhook carries no file)."""
from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta

from lib.alerts import channels
from lib.demo import build as demo
from lib.reports import runner, schedules
from lib.reports.schedules import Schedule
from lib.store import Store
from tests.alerts.test_notify import Hook, policy, smtp  # noqa: F401 - fixtures

CAMPAIGN = "Black Friday 2026"


def test_a_weekly_campaign_report_as_pdf_once(demo_copy, smtp):  # noqa: F811
    inbox, port = smtp
    store = Store(demo_copy)
    monday = demo.default_end() + timedelta(days=1)
    monday -= timedelta(days=monday.weekday())                 # the latest Monday up to the day after the data
    schedules.save(store, Schedule("Black Friday weekly", "report", "weekly", 8, 0, ("mail", "ops"),
                                   ("boss@example.fr", "cmo@example.fr"), CAMPAIGN))
    with Hook() as hook:
        found = {"mail": channels.Channel("mail", "email", "Mail", "en", smtp_host="127.0.0.1", smtp_port=port,
                                          smtp_tls="none"),
                 "ops": channels.Channel("ops", "webhook", "Ops", "en", secret=f"{hook.url}/ops")}
        now = datetime.combine(monday, datetime.min.time()).replace(hour=9)
        first = runner.run(store, {}, found, "https://b.example", now=now, policy=policy())
        again = runner.run(store, {}, found, "https://b.example", now=now + timedelta(days=3), policy=policy())
        posted = [r.json() for r in hook.requests]
    store.close()
    assert {s["channel"]: s["status"] for s in first["sends"]} == {"mail": "sent", "ops": "sent"}, first["failures"]
    assert {s["status"] for s in again["sends"]} == {"already_sent"}
    ((_, rcpt, content),) = inbox.messages                      # once, to the schedule's recipients
    assert rcpt == ["boss@example.fr", "cmo@example.fr"]
    mail = email.message_from_string(content, policy=email.policy.default)
    as_of = monday - timedelta(days=1)
    assert mail["Subject"] == f"[Balise] Campaign report: {CAMPAIGN} (as of {as_of.day} {as_of:%b} {as_of.year})"
    (pdf,) = [p for p in mail.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"balise-report-black-friday-2026-{as_of.isoformat()}.pdf"
    assert pdf.get_content()[:5] == b"%PDF-" and len(pdf.get_content()) > 10_000
    (doc,) = posted
    assert (doc["report"], doc["campaign"], doc["as_of"]) == (True, CAMPAIGN, as_of.isoformat())
    assert doc["link"] == "https://b.example/campaigns?lang=en"


def test_a_report_whose_campaign_is_gone_fails_with_its_reason(store, smtp):  # noqa: F811
    _, port = smtp
    with store.transaction() as cur:
        cur.execute("INSERT INTO campaigns (id, name) VALUES (1, 'Printemps')")
    schedules.save(store, Schedule("Spring", "report", "daily", 7, channels=("mail",), campaign="Printemps"))
    with store.transaction() as cur:
        cur.execute("DELETE FROM campaigns")
    found = {"mail": channels.Channel("mail", "email", "Mail", "en", to=("a@example.fr",), smtp_host="127.0.0.1",
                                      smtp_port=port, smtp_tls="none")}
    summary = runner.run(store, {}, found, "https://b.example", now=datetime(2026, 3, 10, 8))
    (failure,) = summary["failures"]
    assert failure["name"] == "Spring" and "could not build it" in failure["error"] and "Printemps" in failure["error"]
