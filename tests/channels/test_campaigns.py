"""Campaigns: store functions, phases, the before-launch checklist, crisis plan, lessons."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.channels import campaigns
from lib.objectives import tracker as objectives
from tests.objectives.test_objectives import BASE, _fill, day


@pytest.fixture
def flat(store):
    _fill(store)
    return store


FIELDS = {"name": "Printemps", "platforms": "meta, mailchimp", "utm_campaigns": ["c1", "c2"],
          "start_day": day(30), "end_day": day(50), "budget": 1000, "crisis_plan": "Dire la vérité.",
          "crisis_contacts": "Claire 06...", "crisis_answers": "", "checklist": "Créas validées\n[ ] Stock vérifié"}


def test_create_update_and_checklist(flat):
    cid = campaigns.create(flat, FIELDS)
    c = campaigns.get(flat, cid)
    assert c["platform_list"] == ["meta", "mailchimp"] and c["utm_list"] == ["c1", "c2"]
    assert c["checklist"] == [{"item": "Créas validées", "done": True}, {"item": "Stock vérifié", "done": False}]
    items = {i["key"]: i for i in campaigns.checklist(flat, c, as_of=day(40)) if i["key"] != "custom"}
    assert not items["objectives"]["ok"]
    assert items["tracking"]["detail"]["missing"] == ["mailchimp", "utm:c2"]     # meta, GA4 and c1 are there
    assert items["crisis_plan"]["detail"]["missing"] == ["answers"]
    objectives.create(flat, {**BASE, "kpi": "paid_cpa", "direction": "below", "target": 30, "campaign_id": cid})
    campaigns.update(flat, cid, {**FIELDS, "platforms": "meta", "utm_campaigns": "c1", "crisis_answers": "Oui."})
    items = {i["key"]: i["ok"] for i in campaigns.checklist(flat, campaigns.get(flat, cid), as_of=day(40))}
    assert items == {"objectives": True, "tracking": True, "crisis_plan": True, "custom": False}


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "name"), ({"start_day": None}, "start_day"), ({"end_day": day(1)}, "end_day"),
    ({"budget": "lots"}, "budget"), ({"budget": -1}, "budget"),
])
def test_refused(flat, change, message):
    with pytest.raises(campaigns.CampaignError, match=message):
        campaigns.create(flat, {**FIELDS, **change})


def test_unique_name(flat):
    campaigns.create(flat, FIELDS)
    with pytest.raises(campaigns.CampaignError, match="already exists"):
        campaigns.create(flat, FIELDS)


@pytest.mark.parametrize("today, phase", [(day(29), "before"), (day(30), "during"), (day(50), "during"),
                                          (day(51), "after")])
def test_phase(today, phase):
    assert campaigns.phase({"start_day": day(30), "end_day": day(50)}, today) == phase


def test_tracking_before_start_looks_at_recent_days(flat):
    c = campaigns.get(flat, campaigns.create(flat, {**FIELDS, "start_day": day(70), "end_day": None}))
    found = {t["source"]: t["ok"] for t in campaigns.tracking(flat, c, as_of=day(59))}
    assert found == {"meta": True, "mailchimp": False, "ga4": True}


def test_lessons_and_crisis_plans(flat):
    first = campaigns.create(flat, {**FIELDS, "name": "A", "start_day": day(1), "end_day": day(10)})
    campaigns.set_lessons(flat, first, "Lancer plus tôt.")
    assert [x["name"] for x in campaigns.previous_lessons(flat, before=day(30))] == ["A"]
    assert campaigns.previous_lessons(flat, before=day(1)) == []
    campaigns.create(flat, FIELDS)
    running = campaigns.crisis_plans_running(flat, day(35))
    assert [p["campaign"] for p in running] == ["Printemps"] and running[0]["contacts"] == "Claire 06..."


def test_kpi_table_against_baseline(flat):
    c = campaigns.get(flat, campaigns.create(flat, {**FIELDS, "platforms": "meta", "utm_campaigns": "c1"}))
    table = campaigns.kpi_table(flat, c, as_of=date(2026, 12, 31)).set_index("kpi")
    assert table.loc["paid_cost", "value"] == 21 * 50 and table.loc["paid_cost", "baseline"] == 21 * 50
    assert table.loc["paid_cpa", "delta"] == 0 and table.loc["site_sessions", "value"] == 2100


def test_demo_campaigns_have_full_crisis_plans(demo_db):
    from lib.store import Store
    s = Store(demo_db)
    try:
        for c in campaigns.list_campaigns(s):
            assert campaigns.crisis_plan(c)["missing"] == []
    finally:
        s.close()


def test_kpi_table_falls_back_to_the_channels_before_launch(flat):
    """UTM names that did not exist before: the reference is the same platforms before launch, and
    the halo (the equal period after the end) reads the same rows."""
    with flat.transaction() as cur:
        for i in range(30, 40):
            cur.execute("INSERT INTO ad_performance (key, load_id, source, grain, day_from, day_to, platform, "
                        "campaign, impressions, clicks, cost, conversions, currency) VALUES (?, 1, 'test', "
                        "'date+platform+campaign', ?, ?, 'meta', 'c3', 100, 4, 10, 1, 'EUR')",
                        [f"c3_{i}", day(i), day(i)])
    c = campaigns.get(flat, campaigns.create(flat, {**FIELDS, "platforms": "meta", "utm_campaigns": "c3",
                                                    "end_day": day(39)}))
    assert campaigns.after_window(c, day(45)) == (day(40), day(45))
    assert campaigns.after_window(c, day(39)) is None
    table = campaigns.kpi_table(flat, c, as_of=day(59)).set_index("kpi")
    assert set(table["channel"]) == {"paid"}                  # no site rows carry c3
    assert (table["basis"] == "channels").all()
    assert table.loc["paid_cost", "value"] == 100 and table.loc["paid_cost", "baseline"] == 500   # meta, days 20-29
    assert table.loc["paid_cpa", "baseline"] == pytest.approx(25.0)
    assert table.loc["paid_cost", "delta"] == pytest.approx(-0.8)
    assert table.loc["paid_cost", "after"] == 500 and table.loc["paid_cost", "after_delta"] == 0   # days 40-49
    partial = campaigns.kpi_table(flat, c, as_of=day(44)).set_index("kpi")
    assert partial.loc["paid_cost", "after"] == 250 and pd.isna(partial.loc["paid_cost", "after_delta"])


def test_channel_scope_of_the_site_is_the_campaign_channel_groups(flat):
    c = campaigns.get(flat, campaigns.create(flat, {**FIELDS, "platforms": "meta", "utm_campaigns": "c1"}))
    assert campaigns.channel_scope(flat, c, "ad_performance", day(30), day(50)) == {"platform": ["meta"]}
    assert campaigns.channel_scope(flat, c, "site_traffic", day(30), day(50)) == {}    # c1 rows carry no group


@pytest.mark.parametrize("change, fr, en", [
    ({"name": " "}, "Nom : donnez un nom à la campagne", "name: a name is needed"),
    ({"start_day": "bientôt"}, "Début : pas une date (AAAA-MM-JJ) : « bientôt »",
     "start_day: not a date (YYYY-MM-DD): 'bientôt'"),
    ({"budget": "beaucoup"}, "Budget : « beaucoup » n'est pas un nombre", "budget: not a number: 'beaucoup'"),
    ({"lessons": "x" * 20_001}, "Leçons apprises : plus de ", "lessons: longer than "),
])
def test_a_refusal_is_worded_in_each_language(flat, change, fr, en):
    from lib.i18n.messages import say_error

    with pytest.raises(campaigns.CampaignError) as caught:
        campaigns.create(flat, {**FIELDS, **change})
    assert say_error(caught.value, "fr").startswith(fr) and str(caught.value).startswith(en)
