"""The "unanswered negative items older than N hours" alert, beside the bad-buzz one."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lib.alerts import rules as alerts
from lib.ingest import load as ingest
from lib.sources import community
from lib.sources.base import Parsed
from lib.sources.community import Item

PLAN = "1. Accuser réception sous 2 h.\n2. Suspendre les publications."


@pytest.fixture
def inbox(store):
    items = [   # Monday 3 March 2025: three negative comments, one answered the next morning
        Item(1, "facebook", "shop", "comment", "a", datetime(2025, 3, 3, 9), None, sentiment="negative"),
        Item(2, "facebook", "shop", "comment", "b", datetime(2025, 3, 3, 10), datetime(2025, 3, 4, 9),
             sentiment="negative"),
        Item(3, "instagram", "shop", "comment", "c", datetime(2025, 3, 3, 22), None, sentiment="negative"),
        Item(4, "instagram", "shop", "comment", "d", datetime(2025, 3, 3, 8), None, sentiment="positive"),
    ]
    frame, _ = community.build(items)
    ingest.load_parsed(store, [Parsed("conversations", frame, community.GRAIN, "test",
                                      notes={"source": "inbox"})], "inbox")
    with store.transaction() as cur:
        cur.execute("INSERT INTO campaigns (id, name, start_day, end_day, crisis_plan) VALUES "
                    "(1, 'Printemps', DATE '2025-03-01', NULL, ?), (2, 'Hiver', DATE '2025-01-01', "
                    "DATE '2025-02-28', ?)", [PLAN, PLAN])
    return store


def _rule(store, campaign: int | None, hours: int = 12, min_count: int = 2) -> int:
    return alerts.save_rule(store, alerts.Rule("Négatifs sans réponse", "unanswered_negative",
                                               params={"hours": hours, "min_count": min_count},
                                               campaign_id=campaign))


def test_fires_with_the_live_campaigns_crisis_plan(inbox):
    rid = _rule(inbox, 1)
    # End of Tuesday 4 March: a (39 h) and c (26 h) still wait; b was answered at 09:00.
    found = alerts.evaluate(inbox, as_of=date(2025, 3, 4), rule_ids=[rid])[0]
    assert (found.state, found.value, found.high) == ("firing", 2, 1)
    assert found.message == ("Le 4 mars 2025, 2 commentaires, messages ou avis négatifs attendent une "
                             "réponse depuis plus de 12 h. Campagne en cours : Printemps, suivez son "
                             "plan de crise.")
    assert found.rule.campaign_id == 1     # delivery attaches this campaign's plan, as for bad buzz


def test_a_reply_dated_later_did_not_exist_yet(inbox):
    rid = _rule(inbox, None, hours=1, min_count=3)
    # Monday 23:59..., as_of Monday: a, b and c (the last only 2 h old) are unanswered over 1 h.
    monday = alerts.evaluate(inbox, as_of=date(2025, 3, 3), rule_ids=[rid])[0]
    assert (monday.state, monday.value) == ("firing", 3)
    assert "Campagne" not in monday.message


def test_ok_under_the_count_nodata_before_the_inbox_and_no_plan_once_ended(inbox):
    rid = _rule(inbox, 2, hours=30, min_count=2)
    found = alerts.evaluate(inbox, as_of=date(2025, 3, 4), rule_ids=[rid])[0]
    assert (found.state, found.value) == ("ok", 1)            # only a is over 30 h
    firing = alerts.evaluate(inbox, as_of=date(2025, 3, 5), rule_ids=[rid])[0]
    assert firing.state == "firing" and "Campagne" not in firing.message   # Hiver ended in February
    before = alerts.evaluate(inbox, as_of=date(2025, 2, 1), rule_ids=[rid])[0]
    assert before.state == "nodata"


def test_rule_validation():
    rule = alerts.validate(alerts.Rule("x", "unanswered_negative"))
    assert rule.params == {"hours": 24, "days": 14, "min_count": 1} and rule.kpi is None
    with pytest.raises(alerts.RuleError, match="takes no KPI"):
        alerts.validate(alerts.Rule("x", "unanswered_negative", "social_unanswered"))
    with pytest.raises(alerts.RuleError, match="whole number from 1 to 720"):
        alerts.validate(alerts.Rule("x", "unanswered_negative", params={"hours": 0}))
