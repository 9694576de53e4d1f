"""AppTest: the Social page's Community section on the demo, in French and English."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

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
