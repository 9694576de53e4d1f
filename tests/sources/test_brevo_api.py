"""Brevo API v3 connector (requests) against a local fake `/v3/emailCampaigns`."""
from __future__ import annotations

import json
import logging
import re
from datetime import date

import pytest

from lib.ingest import pull as pulling
from lib.kpis import queries
from lib.sources import brevo, brevo_api
from lib.sources.base import Sample
from lib.store import Store
from tests.fakes.brevo import API_KEY, FakeBrevo
from tests.fakes.server import Reply, fast_policy

MAY = (date(2024, 5, 1), date(2024, 5, 31))


@pytest.fixture
def fake():
    with FakeBrevo(campaigns=5) as server:
        yield server


@pytest.fixture
def config(fake):
    return {"api_key": API_KEY, "endpoint": fake.url}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "brevo.duckdb"))
    yield s
    s.close()


def pull(store, config, start=None, end=None, **kw) -> dict:
    return pulling.pull(store, "brevo", config, start, end, **{"policy": fast_policy(), **kw})


def failed(summary: dict, pattern: str = "") -> str:
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def test_campaigns_paged_and_kpis_equal_the_fakes_totals(fake, config, store):
    summary = pull(store, config, *MAY, page_size=2)
    assert summary["status"] == "ok" and summary["campaigns"] == 5 and summary["inserted"] == 5
    asked = [r for r in fake.requests if r.path == "/v3/emailCampaigns"]
    assert [r.query["offset"][0] for r in asked] == ["0", "2", "4"]
    assert asked[0].query["statistics"] == ["globalStats"] and asked[0].query["status"] == ["sent"]
    assert asked[0].query["startDate"] == ["2024-05-01T00:00:00.000Z"]
    assert asked[0].query["endDate"] == ["2024-06-01T00:00:00.000Z"]
    row = store.query("SELECT * FROM email_campaigns WHERE campaign_id = '101'").iloc[0]
    assert (row["source"], row["platform"], row["campaign"]) == ("brevo", "brevo", "Lettre #1")
    assert str(row["day_from"])[:10] == "2024-05-05" and row["sent"] == 2100
    assert (row["delivered"], row["hard_bounces"], row["soft_bounces"]) == (2079, 9, 12)
    assert (row["unique_opens"], row["unique_clicks"], row["unsubscribes"]) == (710, 51, 5)
    totals = fake.totals()   # 5 campaigns: sent 2000..2400, delivered sent-20-i
    assert totals == {"sent": 11000, "delivered": 10890, "uniqueViews": 3600,
                      "uniqueClicks": 260, "hardBounces": 50}
    kpi = queries.run(store, ["email_sent", "email_delivered", "email_open_rate",
                              "email_click_rate"], *MAY).frame.iloc[0]
    assert kpi["email_sent"] == 11000 and kpi["email_delivered"] == 10890
    assert kpi["email_open_rate"] == pytest.approx(3600 / 10890)
    assert kpi["email_click_rate"] == pytest.approx(260 / 10890)


def test_same_keys_as_the_uploaded_api_answer_and_idempotent(fake, config, store):
    pull(store, config, *MAY)
    answer = json.dumps({"count": 6, "campaigns": fake.campaigns}).encode()
    uploaded = brevo.parse(Sample("campaigns.json", answer, answer.decode(), "utf-8"))[0]
    pulled = brevo_api.to_rows([{"campaigns": fake.campaigns}])[0]
    assert uploaded.frame.equals(pulled.frame) and pulled.notes["source"] == "brevo"
    again = pull(store, config, *MAY)
    assert (again["inserted"], again["replaced"], again["unchanged"]) == (0, 0, 5)
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 5


def test_429_with_retry_after_then_success(fake, config, store):
    fake.script.append(Reply(429, {"code": "too_many_requests", "message": "Too many requests"},
                             headers={"Retry-After": "0.05", "x-sib-ratelimit-reset": "1"}))
    p = fast_policy()
    summary = pull(store, config, *MAY, policy=p)
    assert summary["inserted"] == 5 and p.sleeps == [0.05]


def test_401_says_brevos_words_and_where_to_get_a_key_without_leaking_it(fake, store, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "xkeysib-ffffffffffffffffffffffffffffffffffffffff-ZZZZZZZZZZZZ"
    text = failed(pull(store, {"api_key": bad, "endpoint": fake.url}, *MAY), "401")
    assert "Key not found" in text and "SMTP & API" in text
    assert bad not in text + caplog.text
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 0


def test_empty_period_is_ok_with_nothing_loaded(fake, config, store):
    summary = pull(store, config, date(2023, 1, 1), date(2023, 1, 31))
    assert summary["status"] == "ok" and summary["campaigns"] == 0 and summary["inserted"] == 0


def test_failed_page_keeps_earlier_pages_only_and_a_rerun_completes(fake, config, store):
    fake.die_after(2)   # the account, the first page
    summary = pull(store, config, *MAY, page_size=2, policy=fast_policy(attempts=2))
    failed(summary, "could not reach Brevo")
    assert store.scalar("SELECT count(*) FROM email_campaigns") == 2
    fake.die_after(None)
    summary = pull(store, config, *MAY, page_size=2)
    assert (summary["inserted"], summary["unchanged"]) == (3, 2)


def test_form_check_saved_and_ping(fake, config):
    with pytest.raises(ValueError, match="src_brevo_bad_key"):
        brevo_api.check({"key": "0123-us6"}, {})
    assert brevo_api.check({"key": f" {API_KEY} "}, {}) == ({"api_key": API_KEY}, ())
    assert brevo_api.saved(config) == {"masked": "xkeysib-••••3456"}
    assert brevo_api.ping(config, fast_policy()) == {"account": "Boutique Balise"}
