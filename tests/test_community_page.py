"""AppTest: the Social page's Community section on the demo, in French and English."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from lib.alerts import rules as alerts
from lib.channels import community
from lib.kpis import catalogue as kpis
from lib.store import Store
from lib.ui import preset_window
from tests.conftest import assert_clean


def _unanswered(at):
    return next(d.value for d in at.dataframe if "age_hours" in d.value.columns)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_community_section(demo_db, app_test, lang):
    at = app_test(demo_db, lang, "pages/social.py")
    assert_clean(at)
    labels = [m.label for m in at.metric]
    for kid in community.kpi_ids("hours"):
        assert kpis.get(kid).label[lang] in labels
    rows = _unanswered(at)
    start, end = preset_window("last_28", date.today())
    s = Store(demo_db)
    try:
        waiting = s.scalar("SELECT count(*) FROM conversations WHERE answered = 0 AND day_from "
                           "BETWEEN ? AND ?", [start, end])
        negative = s.scalar("SELECT count(*) FROM conversations WHERE answered = 0 AND day_from "
                            "BETWEEN ? AND ? AND sentiment = 'negative'", [start, end])
    finally:
        s.close()
    assert len(rows) == min(waiting, community.OLDEST_SHOWN) and waiting > 0
    shown_negative = min(negative, community.OLDEST_SHOWN)
    word = "négatif" if lang == "fr" else "negative"
    assert (rows["sentiment"].iloc[:shown_negative] == word).all()
    assert (rows["sentiment"].iloc[shown_negative:] != word).all()
    assert rows["url"].str.startswith("https://").all()


def test_business_hours_setting(demo_db, app_test, tmp_path):
    db = str(tmp_path / "copy.duckdb")
    shutil.copy(demo_db, db)
    at = app_test(db, "en", "pages/social.py")
    at.get("button_group")[0].set_value("business_hours").run()
    assert_clean(at)
    s = Store(db)
    try:
        assert community.clock(s) == "business_hours"
    finally:
        s.close()
    labels = [m.label for m in at.metric]
    assert "Median response time (business hours)" in labels
    assert "Median response time (hours)" not in labels


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unanswered_negative_alert_on_the_alerts_page(demo_copy, app_test, lang):
    at = app_test(demo_copy, lang, "pages/alerts.py")
    at.selectbox(key="alert_kind").set_value("unanswered_negative").run()
    assert_clean(at)
    at.text_input(key="alert_new_unanswered_negative_name").input("Négatifs en attente")
    at.number_input(key="alert_new_unanswered_negative_hours").set_value(6)
    at.button(key="alert_new_unanswered_negative_save").click().run()
    assert_clean(at)
    assert any("Négatifs en attente" in s.value for s in at.success), [s.value for s in at.success]
    status = at.dataframe[0].value
    assert "Négatifs en attente" in status.to_string()
    s = Store(demo_copy)
    try:
        saved = [r for r in alerts.rules(s) if r.name == "Négatifs en attente"][0]
        assert saved.params == {"hours": 6, "days": 14, "min_count": 1}
        demo_rule = alerts.get_rule(s, alerts.DEMO_ID + 2)
        assert demo_rule.kind == "unanswered_negative" and demo_rule.campaign_id is not None
    finally:
        s.close()


INBOX = ("Date de réception;Réseau;Type;Message;Ton;Répondu le\n"
         "07/03/2025 18:00;Instagram;Commentaire;Toujours rien reçu;négatif;10/03/2025 09:30\n"
         "08/03/2025 10:00;Facebook;Message privé;Une question;neutre;\n"
         ";Facebook;Commentaire;sans date;neutre;\n").encode()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_inbox_export_mapped_on_the_data_page(empty_db, tmp_path, app_test, lang):
    db = str(tmp_path / "inbox.duckdb")
    shutil.copy(empty_db, db)
    at = app_test(db, lang, "pages/data.py")
    at.file_uploader(key="data_upload").set_value([("inbox.csv", INBOX, "text/csv")]).run()
    assert_clean(at)
    target = next(s for s in at.selectbox if "data_gtable_" in str(s.key))
    assert target.value == "conversations"
    assert not any("data_gstart_" in str(d.key) for d in at.date_input)   # the rows carry their day
    next(c for c in at.checkbox if "data_accept_" in str(c.key)).check().run()   # the line without a date
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    s = Store(db)
    try:
        rows = s.query("SELECT kind, answered, response_hours FROM conversations ORDER BY received_time")
    finally:
        s.close()
    assert list(rows["kind"]) == ["comment", "message"] and list(rows["answered"]) == [1, 0]
    assert rows["response_hours"].iloc[0] == 63.5
