"""UTM matching rules, the stored rules and the campaign funnel."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.channels import journey
from lib.kpis import queries
from lib.store import Store
from lib.ui import preset_window

GA4 = ["fr_search_marque", "Meta Retargeting", "(organic)", "(direct)", "nl_20260101", "promo_hiver"]

MATCH_CASES = [
    # (platform, ad campaign, rules, expected utm or None, how)
    ("google_ads", "fr_search_marque", [], "fr_search_marque", "exact"),
    ("meta", "meta retargeting", [], "Meta Retargeting", "normalised"),
    ("meta", " META  Retargeting ", [], "Meta Retargeting", "normalised"),
    ("meta", "metaretargeting", [], "Meta Retargeting", "normalised"),
    ("google_ads", "fr_demandgen_test", [], None, None),
    ("google_ads", "Hiver 2026", [{"platform": "google_ads", "ad_campaign": "Hiver 2026",
                                    "utm_campaign": "promo_hiver"}], "promo_hiver", "rule"),
    ("meta", "Hiver 2026", [{"platform": "", "ad_campaign": "Hiver 2026",
                              "utm_campaign": "promo_hiver"}], "promo_hiver", "rule"),
    ("meta", "Hiver 2026", [{"platform": "google_ads", "ad_campaign": "Hiver 2026",
                              "utm_campaign": "promo_hiver"}], None, None),
    # A rule wins over the exact name.
    ("google_ads", "fr_search_marque", [{"platform": "google_ads", "ad_campaign": "fr_search_marque",
                                         "utm_campaign": "promo_hiver"}], "promo_hiver", "rule"),
    ("google_ads", "(not set)", [], None, None),
]


@pytest.mark.parametrize("platform, campaign, rules, utm, how", MATCH_CASES)
def test_match(platform, campaign, rules, utm, how):
    m = journey.match([(platform, campaign)], GA4, rules)
    if utm is None:
        assert m.pairs.empty
        assert list(m.unmatched_ads["ad_campaign"]) == ([] if campaign == "(not set)" else [campaign])
    else:
        assert m.pairs.to_dict("records") == [{"platform": platform, "ad_campaign": campaign,
                                               "utm_campaign": utm, "how": how}]
        assert m.unmatched_ads.empty


def test_unmatched_ga4_leaves_placeholders_out():
    m = journey.match([("google_ads", "fr_search_marque")], GA4)
    assert list(m.unmatched_ga4["utm_campaign"]) == ["Meta Retargeting", "nl_20260101", "promo_hiver"]


@pytest.mark.parametrize("raw, cleaned", [
    ([{"platform": " meta ", "ad_campaign": " A ", "utm_campaign": "a "}],
     [{"platform": "meta", "ad_campaign": "A", "utm_campaign": "a"}]),
    ([{"platform": None, "ad_campaign": "A", "utm_campaign": "a"}],
     [{"platform": "", "ad_campaign": "A", "utm_campaign": "a"}]),
    ([{"platform": "meta", "ad_campaign": "", "utm_campaign": "a"}, "junk", None], []),
    ([{"ad_campaign": "A", "utm_campaign": "a"}, {"ad_campaign": "A", "utm_campaign": "b"}],
     [{"platform": "", "ad_campaign": "A", "utm_campaign": "b"}]),
    ([{"platform": float("nan"), "ad_campaign": "A", "utm_campaign": float("nan")}], []),
])
def test_clean_rules(raw, cleaned):
    assert journey.clean_rules(raw) == cleaned


def test_rules_round_trip(store):
    assert journey.read_rules(store) == []
    version = store.data_version()
    saved = journey.write_rules(store, [{"platform": "meta", "ad_campaign": "Printemps",
                                         "utm_campaign": "printemps_2026"}, {"ad_campaign": ""}])
    assert saved == [{"platform": "meta", "ad_campaign": "Printemps", "utm_campaign": "printemps_2026"}]
    assert journey.read_rules(store) == saved
    assert store.data_version() > version, "a write bumps the data version"
    journey.write_rules(store, [])
    assert journey.read_rules(store) == []


def test_unreadable_rules_count_as_none(store):
    with store.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES (?, ?)", [journey.SETTING, "{not json"])
    assert journey.read_rules(store) == []


def test_funnel_adds_ad_campaigns_sharing_one_utm():
    ads = pd.DataFrame({"platform": ["google_ads", "meta", "meta"], "campaign": ["a", "b", "c"],
                        "paid_impressions": [1000.0, 3000.0, 500.0], "paid_clicks": [100.0, 60.0, 5.0],
                        "paid_cost": [50.0, 30.0, 1.0]})
    ga4 = pd.DataFrame({"campaign": ["shared", "c"], "site_sessions": [120.0, 0.0],
                        "site_conversions": [6.0, 0.0], "site_revenue": [480.0, 0.0]})
    pairs = journey.match([("google_ads", "a"), ("meta", "b"), ("meta", "c")], ["shared", "c"],
                          [{"platform": "", "ad_campaign": "a", "utm_campaign": "shared"},
                           {"platform": "meta", "ad_campaign": "b", "utm_campaign": "shared"}]).pairs
    table = journey.funnel(ads, ga4, pairs)
    shared = table[table["utm_campaign"] == "shared"].iloc[0]
    assert shared["platforms"] == "google_ads, meta"
    assert (shared["impressions"], shared["clicks"], shared["cost"]) == (4000, 160, 80)
    assert (shared["sessions"], shared["conversions"], shared["revenue"]) == (120, 6, 480)
    assert shared["clicks_rate"] == pytest.approx(0.04)
    assert shared["sessions_rate"] == pytest.approx(0.75)
    assert shared["conversions_rate"] == pytest.approx(0.05)
    assert shared["value_per_conversion"] == pytest.approx(80)
    assert shared["cpm"] == pytest.approx(20)
    assert shared["cpc"] == pytest.approx(0.5)
    assert shared["cost_per_session"] == pytest.approx(80 / 120)
    assert shared["cpa"] == pytest.approx(80 / 6)
    assert shared["roas"] == pytest.approx(6)
    zero = table[table["utm_campaign"] == "c"].iloc[0]
    assert pd.isna(zero["conversions_rate"]) and pd.isna(zero["cpa"]), "a division by zero is n/a"
    assert list(table["utm_campaign"]) == ["shared", "c"], "largest spend first"

    steps = journey.steps(shared)
    assert list(steps["step"]) == ["impressions", "clicks", "sessions", "conversions", "revenue"]
    assert steps["drop"].iloc[1] == pytest.approx(0.96)
    assert pd.isna(steps["rate"].iloc[4]) and pd.isna(steps["cost_per"].iloc[4])


def test_funnel_without_pairs_is_empty():
    m = journey.match([], [])
    assert journey.funnel(pd.DataFrame(), pd.DataFrame(), m.pairs).empty


def test_build_on_demo(demo_db):
    """The demo's untagged Google campaign is unmatched; newsletters are not ad campaigns."""
    start, end = preset_window("last_28", date.today())
    s = Store(demo_db)
    try:
        found = journey.build(s, start, end, "EUR", rules=[])
        ads = queries.run(s, ["paid_cost"], start, end, currency="EUR").frame.iloc[0]["paid_cost"]
    finally:
        s.close()
    assert list(found.matching.unmatched_ads["ad_campaign"]) == ["fr_demandgen_test"]
    assert found.matching.unmatched_ga4.empty
    assert set(found.matching.pairs["how"]) == {"exact"}
    matched = found.table["cost"].sum()
    unmatched = found.matching.unmatched_ads["paid_cost"].sum()
    assert matched + unmatched == pytest.approx(ads), "every euro is either matched or listed"
    assert (found.table["sessions"] <= found.table["clicks"]).all()
