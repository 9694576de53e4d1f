"""Google Ads connector (requests + google-auth OAuth) against a local fake searchStream."""
from __future__ import annotations

import logging
import re
from datetime import date

import pytest

from lib.ingest import pull as pulling
from lib.kpis import queries
from lib.sources import google_ads_api
from lib.store import Store
from tests.fakes.google_ads import (
    CLIENT_ID,
    CLIENT_SECRET,
    DEVELOPER_TOKEN,
    MANAGER,
    REFRESH_TOKEN,
    FakeGoogleAds,
    failure,
)
from tests.fakes.server import Reply, fast_policy

DAYS = (date(2024, 5, 1), date(2024, 5, 3))


@pytest.fixture
def fake():
    with FakeGoogleAds() as server:
        yield server


@pytest.fixture
def config(fake):
    return {"customer_id": "123-456-7890", "login_customer_id": MANAGER,
            "developer_token": DEVELOPER_TOKEN, "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN,
            "endpoint": fake.url, "token_uri": f"{fake.url}/token"}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "ads.duckdb"))
    yield s
    s.close()


def pull(store, config, start=None, end=None, **kw) -> dict:
    return pulling.pull(store, "google_ads", config, start, end, **{"policy": fast_policy(), **kw})


def failed(summary: dict, pattern: str = "") -> str:
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def test_three_streams_mapped_and_paid_kpis_equal_the_fakes_totals(fake, config, store):
    summary = pull(store, config, *DAYS)
    assert summary["status"] == "ok" and summary["operations"] == 3 and summary["chunks"] == 1
    assert summary["account"] == "123-456-7890"
    assert summary["accounts"] == ["123-456-7890"]   # whose rows were stored: the pulled account
    login = [r.headers for r in fake.requests if r.path.endswith("searchStream")]
    assert all({k.lower(): v for k, v in h.items()}["login-customer-id"] == MANAGER for h in login)
    assert "segments.date BETWEEN '2024-05-01' AND '2024-05-03'" in fake.streams[0]
    grains = dict(store.rows("SELECT grain, count(*) FROM ad_performance GROUP BY 1"))
    assert grains == {"date+platform+account+campaign+ad_group+device": 18,
                      "date+platform+account+campaign+ad_group+keyword": 6,
                      "date+platform+account+campaign+ad_group+search_term": 6}
    row = store.query("SELECT * FROM ad_performance WHERE day_from = '2024-05-01' AND "
                      "ad_group = 'Marque large' AND device = 'Computers'").iloc[0]
    # n = 2 * 1 + 1 = 3: 100 + 30 + 1 impressions, 8 clicks, 4 x 1.25 EUR, 0 conversions
    assert (row["source"], row["account"], row["campaign"], row["currency"]) == (
        "google_ads", "123-456-7890", "Marque", "EUR")
    assert (row["impressions"], row["clicks"], row["cost"], row["conversions"]) == (
        131, 8, 5.0, 0.0)
    # 'balise' EXACT (n=0) and PHRASE (n=1) in one row: 5 + 6 clicks
    assert store.scalar("SELECT clicks FROM ad_performance WHERE keyword = 'balise' AND "
                        "day_from = '2024-05-01'") == 11
    totals = fake.totals(*DAYS)
    # by hand: 6 rows a day with n = 0..5 -> clicks 5..10 (45 a day, 135), cost 1.25 x 21 a day
    assert totals["clicks"] == 135 and totals["cost"] == pytest.approx(78.75)
    kpi = queries.run(store, ["paid_impressions", "paid_clicks", "paid_cost", "paid_cpc",
                              "paid_conversions"], *DAYS).frame.iloc[0]
    assert kpi["paid_impressions"] == totals["impressions"] and kpi["paid_clicks"] == 135
    assert kpi["paid_cost"] == pytest.approx(78.75)
    assert kpi["paid_cpc"] == pytest.approx(78.75 / 135)
    assert kpi["paid_conversions"] == pytest.approx(totals["conversions"])


def test_incremental_rereads_seven_days_and_changes_nothing(fake, config, store):
    pull(store, config, *DAYS)
    again = pull(store, config, today=date(2024, 5, 3))
    assert again["start"] == "2024-04-26" and again["replaced"] == 0
    # 10 rows a day (6 ad group x device, 2 keyword, 2 search term rows); 26 Apr..3 May = 8 days
    assert again["unchanged"] == 30 and again["inserted"] == 8 * 10 - 30
    assert store.scalar("SELECT count(*) FROM ad_performance WHERE day_from >= '2024-05-01'") == 30


def test_empty_period(fake, config, store):
    fake.rows = lambda kind, start, end: []
    summary = pull(store, config, *DAYS)
    assert summary["status"] == "ok" and summary["chunks"] == 0 and summary["inserted"] == 0


def test_429_with_retry_after_then_success(fake, config, store):
    reply = failure(429, "RESOURCE_EXHAUSTED", "Too many requests. Retry in 1 seconds.",
                    {"quotaError": "RESOURCE_TEMPORARILY_EXHAUSTED"})
    fake.script.append(Reply(429, reply.body, headers={"Retry-After": "0.05"},
                             match="searchStream"))
    p = fast_policy()
    summary = pull(store, config, *DAYS, policy=p)
    assert summary["status"] == "ok" and p.sleeps == [0.05]


def test_401_developer_token_and_a_revoked_refresh_token(fake, config, store, caplog):
    caplog.set_level(logging.DEBUG)
    text = failed(pull(store, {**config, "developer_token": "DevTok-wrongwrongwrong"}, *DAYS),
                  "401")
    assert "developer token is not valid" in text and "DevTok-wrong" not in text
    text = failed(pull(store, {**config, "refresh_token": "1//0g-revoked-token-xyz"}, *DAYS),
                  "refresh token was refused")
    assert "expired or revoked" in text and "1//0g-revoked" not in text + caplog.text
    assert CLIENT_SECRET not in caplog.text
    assert store.scalar("SELECT count(*) FROM ad_performance") == 0


def test_form_check_saved_and_ping(fake, config):
    values = {"customer": "1234567890", "login": "", "client": CLIENT_ID, "developer":
              DEVELOPER_TOKEN, "secret": CLIENT_SECRET, "refresh": REFRESH_TOKEN}
    settings, drop = google_ads_api.check(values, {})
    assert settings["customer_id"] == "123-456-7890" and drop == ("login_customer_id",)
    with pytest.raises(ValueError, match="src_google_ads_bad_customer"):
        google_ads_api.check({**values, "customer": "12-34"}, {})
    with pytest.raises(ValueError, match="src_google_ads_missing"):
        google_ads_api.check({**values, "refresh": ""}, {})
    assert google_ads_api.check({**values, "refresh": ""}, {"refresh_token": "x"})[0][
        "client_id"] == CLIENT_ID
    assert google_ads_api.saved(config) == {"account": "123-456-7890", "login": "987-654-3210"}
    assert google_ads_api.ping(config, fast_policy()) == {"name": "Boutique Balise",
                                                          "currency": "EUR"}
