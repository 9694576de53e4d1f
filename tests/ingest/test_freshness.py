"""Freshness per source system: last load / pull from the load log, last day from the facts."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from lib.ingest import freshness
from lib.ingest import load as ingest
from lib.sources.base import Parsed

TODAY = date(2024, 6, 20)


def days(last: date, n: int = 3) -> list[date]:
    return [last - timedelta(days=i) for i in range(n)][::-1]


def parsed(table: str, source: str, last: date, fmt: str, n: int = 3, **extra) -> Parsed:
    """N daily rows of TABLE ending on LAST, from SOURCE, loaded as format FMT."""
    frame = pd.DataFrame({"day_from": days(last, n), "day_to": days(last, n), **extra})
    metric = {"site_traffic": "sessions", "ad_performance": "cost",
              "email_campaigns": "sent", "experiment_results": "units"}[table]
    frame[metric] = 10.0
    grain = tuple(k for k in extra)
    return Parsed(table, frame, grain, fmt, notes={"source": source})


def load(store, *items: Parsed, name: str = "file.csv") -> int:
    return ingest.load_parsed(store, list(items), name)["load_id"]


@pytest.mark.parametrize("last, stale_days, expected", [
    (TODAY - timedelta(days=1), 3, False),    # yesterday: as fresh as it gets
    (TODAY - timedelta(days=3), 3, False),    # 2 complete days missing
    (TODAY - timedelta(days=4), 3, True),     # 3 complete days missing
    (TODAY - timedelta(days=8), 7, True),
    (TODAY - timedelta(days=8), None, False),  # never stale
    (None, 3, True),
])
def test_is_stale(last, stale_days, expected):
    assert freshness.is_stale(last, TODAY, stale_days) is expected


@pytest.mark.parametrize("source, expected", [
    ("ga4", "GA4"), ("google_ads", "Google Ads"), ("search_console", "Search Console"),
    ("brand24", "Brand24"), ("my_crm", "My crm"),
])
def test_label(source, expected):
    assert freshness.label(source) == expected


def test_status_per_source_last_day_loads_and_pulls(store):
    load(store, parsed("site_traffic", "ga4", TODAY - timedelta(days=1), "ga4_csv",
                       device=["mobile"] * 3))
    load(store, parsed("ad_performance", "google_ads", TODAY - timedelta(days=6), "google_ads",
                       platform=["google_ads"] * 3))
    load(store, parsed("ad_performance", "meta", TODAY - timedelta(days=2), "meta_api",
                       platform=["meta"] * 3), name="Meta API act_1")
    found = {f.source: f for f in freshness.status(store, TODAY)}
    assert list(found) == ["ga4", "google_ads", "meta"]   # the catalogue's order
    ga4, gads, meta = found["ga4"], found["google_ads"], found["meta"]
    assert ga4.last_day == TODAY - timedelta(days=1) and ga4.tables == {"site_traffic": ga4.last_day}
    assert ga4.last_load is not None and ga4.last_pull is None   # an upload, not a pull
    assert meta.last_pull == meta.last_load                       # *_api formats are pulls
    assert (ga4.stale, gads.stale, meta.stale) == (False, True, False)
    assert (ga4.days_without_data, gads.days_without_data, meta.days_without_data) == (0, 5, 1)
    assert freshness.status(store, TODAY, stale_days=7)[1].stale is False


def test_undone_load_no_longer_counts_and_connected_sources_are_listed(store):
    load_id = load(store, parsed("ad_performance", "meta", TODAY - timedelta(days=1), "meta_api",
                                 platform=["meta"] * 3))
    ingest.undo(store, load_id)
    found = {f.source: f for f in freshness.status(store, TODAY, also=("meta", "mailchimp"))}
    assert set(found) == {"meta", "mailchimp"}
    assert found["meta"].last_load is None and found["meta"].last_day is None
    assert not found["mailchimp"].stale     # connected, never pulled: nothing to flag yet


def test_event_tables_have_their_own_threshold(store):
    # A newsletter every week and a finished A/B test are not "stale" after 3 days.
    load(store, parsed("email_campaigns", "mailchimp", TODAY - timedelta(days=8), "mailchimp_api",
                       n=1, platform=["mailchimp"], campaign_id=["c1"]))
    load(store, parsed("experiment_results", "abtest", TODAY - timedelta(days=60), "generic",
                       n=1, experiment=["x"], variant=["a"], metric=["m"]))
    found = {f.source: f for f in freshness.status(store, TODAY)}
    assert not found["mailchimp"].stale and not found["abtest"].stale
    late = {f.source: f for f in freshness.status(store, TODAY + timedelta(days=10))}
    assert late["mailchimp"].stale and not late["abtest"].stale


def test_source_is_fresh_when_any_of_its_tables_is(store):
    load(store, parsed("site_traffic", "ga4", TODAY - timedelta(days=1), "ga4_api",
                       device=["mobile"] * 3))
    old = parsed("site_traffic", "ga4", TODAY - timedelta(days=30), "ga4_csv",
                 landing_page=["/"] * 3)
    load(store, old)
    assert not freshness.status(store, TODAY)[0].stale


def test_record_pull_counts_a_pull_that_changed_nothing(store):
    load(store, parsed("site_traffic", "ga4", TODAY - timedelta(days=1), "ga4_api",
                       device=["mobile"] * 3))
    first = freshness.status(store, TODAY)[0].last_pull
    later = (first + timedelta(hours=5)).replace(microsecond=0)
    version = store.data_version()
    freshness.record_pull(store, "ga4", later)
    freshness.record_pull(store, "mailchimp", later)
    assert store.data_version() > version          # cached strips see it
    found = {f.source: f for f in freshness.status(store, TODAY)}
    assert found["ga4"].last_pull == later and found["ga4"].last_load == later
    assert found["mailchimp"].last_pull == later and found["mailchimp"].last_day is None
    freshness.record_pull(store, "ga4", datetime(2000, 1, 1))   # older: the load still wins
    assert freshness.status(store, TODAY)[0].last_pull == first


def test_empty_workspace_has_no_source(store):
    assert freshness.status(store, TODAY) == []
    assert freshness.last_days(store) == [] and freshness.last_loads(store) == {}


def test_demo_workspace_sources(demo_db):
    from lib.store import Store
    s = Store(demo_db)
    try:
        found = {f.source: f for f in freshness.status(s)}
    finally:
        s.close()
    assert {"ga4", "google_ads", "meta", "mailchimp", "search_console", "shopify"} <= set(found)
    assert found["ga4"].last_day == date.today() - timedelta(days=1)
    assert not found["ga4"].stale and found["ga4"].last_pull is None


def test_one_account_stopping_while_the_others_go_on_is_named(store):
    """Two Google Ads accounts: the source is fresh (FR yesterday) but the UK account stopped
    9 complete days ago; the strip names it instead of hiding it behind the fresh one."""
    from lib.ui.sources import freshness_lines

    for account, last in (("FR", TODAY - timedelta(days=1)), ("UK", TODAY - timedelta(days=10))):
        load(store, parsed("ad_performance", "google_ads", last, "google_ads",
                           platform=["google_ads"] * 3, account=[account] * 3), name=f"{account}.csv")
    [item] = freshness.status(store, TODAY)
    assert (item.stale, item.last_day) == (False, TODAY - timedelta(days=1))
    assert item.accounts == {"FR": TODAY - timedelta(days=1), "UK": TODAY - timedelta(days=10)}
    assert item.stale_accounts == {"UK": 9}
    [line] = freshness_lines([item], "en")
    assert line.startswith(":material/warning: **Google Ads**") and line.endswith("UK: nothing new for 9 d")
    assert freshness_lines([item], "fr")[0].endswith("UK : rien de neuf depuis 9 j")
    # five days later both have stopped: the source itself is stale, said once, not per account
    later = freshness.status(store, TODAY + timedelta(days=5))[0]
    assert later.stale and later.stale_accounts == {}


def test_a_single_account_is_never_listed_apart(store):
    load(store, parsed("ad_performance", "google_ads", TODAY - timedelta(days=10), "google_ads",
                       platform=["google_ads"] * 3, account=["FR"] * 3))
    [item] = freshness.status(store, TODAY)
    assert item.stale and item.accounts == {"FR": TODAY - timedelta(days=10)} and item.stale_accounts == {}
