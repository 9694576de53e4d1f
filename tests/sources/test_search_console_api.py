"""Search Console connector (requests + google-auth) against a local fake webmasters/v3."""
from __future__ import annotations

import logging
import re
from datetime import date

import pytest

from lib.ingest import pull as pulling
from lib.kpis import queries
from lib.sources import search_console_api
from lib.store import Store
from tests.fakes.ga4 import service_account_info
from tests.fakes.search_console import SITE, FakeSearchConsole, cut
from tests.fakes.server import Reply, error, fast_policy

WEEK = (date(2024, 5, 1), date(2024, 5, 7))


@pytest.fixture(scope="module")
def key_info():
    return service_account_info()


@pytest.fixture
def fake():
    with FakeSearchConsole() as server:
        yield server


@pytest.fixture
def config(fake, key_info):
    return {"site_url": SITE, "credentials_info": dict(key_info, token_uri=f"{fake.url}/token"),
            "endpoint": fake.url}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "gsc.duckdb"))
    yield s
    s.close()


def pull(store, config, start=None, end=None, **kw) -> dict:
    return pulling.pull(store, "search_console", config, start, end,
                        **{"policy": fast_policy(), **kw})


def failed(summary: dict, pattern: str = "") -> str:
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def test_five_cuts_paged_by_start_row_and_kpis_equal_the_fakes_totals(fake, config, store):
    summary = pull(store, config, *WEEK, row_limit=5)
    assert summary["status"] == "ok" and summary["days"] == 7 and summary["empty_days"] == []
    # 7 date rows, 28 query rows, 21 each for pages, countries and devices
    assert summary["inserted"] == summary["rows"] == 7 + 28 + 21 * 3
    by_query = [q for q in fake.queries if q["dimensions"] == ["date", "query"]]
    assert [q["startRow"] for q in by_query] == [0, 5, 10, 15, 20, 25]
    assert all(q["dataState"] == "all" and q["type"] == "web" for q in fake.queries)
    grains = dict(store.rows("SELECT grain, count(*) FROM search_console GROUP BY 1"))
    assert grains == {"date": 7, "date+query": 28, "date+page": 21, "date+country": 21,
                      "date+device": 21}
    devices = {r[0] for r in store.rows("SELECT device FROM search_console WHERE device <> ''")}
    assert devices == {"Desktop", "Mobile", "Tablet"}
    # the API's ISO codes (fra) stored by name, as the English export writes them (France)
    countries = {r[0] for r in store.rows("SELECT country FROM search_console WHERE country <> ''")}
    assert countries == {"France", "Belgium", "Switzerland"}
    totals = [fake.day_totals(date(2024, 5, d)) for d in range(1, 8)]
    clicks = sum(t["clicks"] for t in totals)
    impressions = sum(t["impressions"] for t in totals)
    weighted = sum(t["position"] * t["impressions"] for t in totals)
    kpi = queries.run(store, ["seo_clicks", "seo_impressions", "seo_ctr", "seo_position"],
                      *WEEK).frame.iloc[0]
    # by hand: a day's clicks are 9 + 3 * (day % 3), its impressions 150 + 3 * day; days 1-7
    # have day % 3 = 1,2,0,1,2,0,1 (sum 7): 63 + 21 clicks, 1050 + 84 impressions.
    assert (kpi["seo_clicks"], kpi["seo_impressions"]) == (clicks, impressions) == (84, 1134)
    assert kpi["seo_ctr"] == pytest.approx(84 / 1134)
    assert kpi["seo_position"] == pytest.approx(weighted / impressions)
    by_q = queries.run(store, ["seo_clicks"], *WEEK, by=["query"]).frame
    assert dict(zip(by_q["query"], by_q["seo_clicks"], strict=True))["#michelinpower"] == sum(
        cut(date(2024, 5, d), "query")[2]["clicks"] for d in range(1, 8))


def test_recent_days_are_reread_and_a_second_pull_changes_nothing(fake, config, store):
    pull(store, config, *WEEK)
    again = pull(store, config, today=date(2024, 5, 9))
    assert again["start"] == "2024-05-03" and again["end"] == "2024-05-09"
    assert again["unchanged"] == 5 * (7 + 28 + 21 * 3) // 7 and again["replaced"] == 0
    assert again["inserted"] == 2 * (1 + 4 + 3 * 3)


def test_empty_period_says_which_days(fake, config, store):
    summary = pull(store, config, date(2024, 6, 1), date(2024, 6, 3))
    assert summary["status"] == "ok" and summary["days"] == 0 and summary["inserted"] == 0
    assert summary["empty_days"] == ["2024-06-01", "2024-06-02", "2024-06-03"]


def test_429_with_retry_after_then_success(fake, config, store):
    fake.script.append(Reply(**{**error(429, "Quota exceeded for quota metric 'Queries' and "
                                             "limit 'Queries per minute'").__dict__,
                                "headers": {"Retry-After": "0.05"}, "match": "query"}))
    p = fast_policy()
    summary = pull(store, config, *WEEK, policy=p)
    assert summary["status"] == "ok" and p.sleeps == [0.05]


def test_401_and_403_say_googles_words_and_what_to_do(fake, config, key_info, store, caplog):
    caplog.set_level(logging.DEBUG)
    # google-auth refreshes its token and retries twice on a 401 before giving up
    fake.script.extend(Reply(**{**error(401, "Request had invalid authentication credentials."
                                        ).__dict__, "match": "searchAnalytics"})
                       for _ in range(3))
    text = failed(pull(store, config, *WEEK), "401")
    assert not fake.script
    assert "invalid authentication credentials" in text and "new JSON key" in text
    other = {**config, "site_url": "sc-domain:other.example"}
    text = failed(pull(store, other, *WEEK), "403")
    assert "sufficient permission" in text and "Users and permissions" in text
    assert key_info["private_key"][40:80] not in caplog.text + text
    assert store.scalar("SELECT count(*) FROM search_console") == 0


def test_a_failed_week_keeps_the_weeks_before_and_a_rerun_completes(fake, config, store):
    fake.die_after(6)   # the token and the five queries of the first week, then nothing
    summary = pull(store, config, date(2024, 5, 1), date(2024, 5, 10),
                   policy=fast_policy(attempts=2))
    failed(summary, "could not reach Search Console")
    assert summary["days"] == 7
    assert store.scalar("SELECT count(DISTINCT day_from) FROM search_console") == 7
    fake.die_after(None)
    good = pull(store, config, date(2024, 5, 1), date(2024, 5, 10))
    assert good["days"] == 10 and good["unchanged"] == 7 * (1 + 4 + 3 * 3)


def test_form_check_saved_and_ping(fake, config, key_info):
    with pytest.raises(ValueError, match="src_search_console_bad_site"):
        search_console_api.check({"site": "boutique.example", "key": ""}, {})
    with pytest.raises(ValueError, match="src_ga4_key_missing"):
        search_console_api.check({"site": SITE, "key": ""}, {})
    import json
    settings, drop = search_console_api.check({"site": SITE, "key": json.dumps(key_info)}, {})
    assert settings["site_url"] == SITE and drop == ("credentials_file",)
    assert search_console_api.saved(config) == {"site": SITE, "email": key_info["client_email"]}
    assert search_console_api.ping(config, fast_policy())["permission"] == "siteRestrictedUser"


def test_countries_pulled_as_codes_before_010_are_renamed_and_a_re_pull_is_unchanged(fake, config, tmp_path,
                                                                                     monkeypatch):
    """Before 010 the pull stored `FRA`; 010 renames those rows `France`, so pulling the same
    week again replaces nothing and never adds a second set of country rows."""
    from lib.sources import values

    path = str(tmp_path / "old.duckdb")
    store = Store(path)
    with monkeypatch.context() as m:   # the connector as it was: codes in capitals
        m.setattr(values, "country_codes", lambda: {})
        first = pull(store, config, *WEEK)
    assert {r[0] for r in store.rows("SELECT DISTINCT country FROM search_console WHERE country <> ''")} == {
        "FRA", "BEL", "CHE"}
    with store.transaction() as cur:
        cur.execute("DELETE FROM schema_version WHERE version >= 10")
    store.close()
    store = Store(path)   # migrates to 010
    try:
        assert {r[0] for r in store.rows("SELECT DISTINCT country FROM search_console WHERE country <> ''")} == {
            "France", "Belgium", "Switzerland"}
        again = pull(store, config, *WEEK)
        assert (again["inserted"], again["replaced"], again["unchanged"]) == (0, 0, first["inserted"])
        assert store.scalar("SELECT count(*) FROM search_console") == first["inserted"]
    finally:
        store.close()
