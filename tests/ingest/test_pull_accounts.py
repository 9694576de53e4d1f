"""API pulls know whose their rows are (issue 16): each connector fills `account` from what the
API or the connection names (customer id, property, shop domain, account name), so that two
connections of one tool never overwrite each other, a pull and an export of the same account
replace each other, and a workspace whose rows predate accounts keeps its figures."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.ingest import owners
from lib.ingest import pull as pulling
from lib.ingest.load import load_parsed
from lib.sources import mailchimp_api, mailchimp_csv, search_console_api
from lib.sources.base import Parsed, Sample
from lib.store import Store, settings
from lib.store.schema import DEFAULT_ACCOUNT
from tests.fakes import brevo, ga4, google_ads, mailchimp, meta, search_console, shopify
from tests.fakes.server import fast_policy

WEEK = (date(2024, 5, 1), date(2024, 5, 7))
MAY = (date(2024, 5, 1), date(2024, 5, 31))
BLOG = "https://blog.boutique.example/"


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "pulls.duckdb"))
    yield s
    s.close()


@pytest.fixture(scope="module")
def key_info():
    return ga4.service_account_info()


def pull(store, source: str, config: dict, start=None, end=None, **kw) -> dict:
    summary = pulling.pull(store, source, config, start, end, **{"policy": fast_policy(), **kw})
    assert summary["status"] == "ok", summary
    return summary


def day_clicks(store, account: str) -> float:
    return store.scalar("SELECT sum(clicks) FROM search_console WHERE grain = 'date' AND account = ?",
                        [account])


# -- Search Console: two properties, a pull and an export ------------------------------------------
@pytest.fixture
def gsc(key_info):
    with search_console.FakeSearchConsole(sites=(search_console.SITE, BLOG)) as fake:
        def config(site: str) -> dict:
            return {"site_url": site, "credentials_info": dict(key_info, token_uri=f"{fake.url}/token"),
                    "endpoint": fake.url}
        fake.config = config
        yield fake


def test_two_properties_pulled_side_by_side_never_overwrite(gsc, store):
    expected = sum(gsc.day_totals(d)["clicks"] for d in pd.date_range(*WEEK).date)
    first = pull(store, "search_console", gsc.config(search_console.SITE), *WEEK)
    second = pull(store, "search_console", gsc.config(BLOG), *WEEK)
    assert second["inserted"] == first["inserted"] and second["replaced"] == 0
    assert day_clicks(store, search_console.SITE) == day_clicks(store, BLOG) == expected
    assert owners.stored_accounts(store, "search_console") == sorted([search_console.SITE, BLOG])
    again = pull(store, "search_console", gsc.config(search_console.SITE), *WEEK)
    assert again["unchanged"] == first["inserted"] and again["inserted"] == again["replaced"] == 0


def test_incremental_window_is_the_propertys_own(gsc, store):
    pull(store, "search_console", gsc.config(BLOG), date(2024, 5, 1), date(2024, 5, 20))
    pull(store, "search_console", gsc.config(search_console.SITE), *WEEK)
    # The blog's later days do not make the site's next pull skip 8..20 May.
    assert search_console_api.last_day(store, gsc.config(search_console.SITE)) == WEEK[1]
    assert search_console_api.last_day(store, gsc.config(BLOG)) == date(2024, 5, 20)


def test_a_pull_and_an_export_of_one_property_replace_each_other(gsc, store):
    pull(store, "search_console", gsc.config(search_console.SITE), *WEEK)
    days = pd.date_range(*WEEK).date
    export = pd.DataFrame({"day_from": days, "day_to": days,
                           "clicks": [gsc.day_totals(d)["clicks"] + 1 for d in days],
                           "impressions": [gsc.day_totals(d)["impressions"] for d in days]})
    chart = Parsed("search_console", export, (), "search_console", notes={"source": "search_console"})
    loaded = load_parsed(store, [chart], "Chart.csv", account=search_console.SITE)
    assert (loaded["inserted"], loaded["replaced"]) == (0, 7)
    assert day_clicks(store, search_console.SITE) == export["clicks"].sum()


# -- a workspace whose rows predate accounts ----------------------------------------------------
def test_the_first_connection_adopts_the_rows_stored_without_account(store):
    with mailchimp.FakeMailchimp(campaigns=5) as fake:
        config = {"api_key": mailchimp.API_KEY, "endpoint": fake.url}
        # The same campaigns as a pull before accounts existed wrote them: account 'main'.
        pages = list(mailchimp_api.pages(config, *MAY, policy=fast_policy()))
        load_parsed(store, mailchimp_api.to_rows(pages), "old pull", fmt="mailchimp_api")
        sent = store.scalar("SELECT sum(sent) FROM email_campaigns")
        summary = pull(store, "mailchimp", config, *MAY)
    assert summary["unchanged"] == 5 and summary["inserted"] == 0          # nothing added twice
    assert store.scalar("SELECT sum(sent) FROM email_campaigns") == sent
    assert owners.stored_accounts(store, "email_campaigns") == [DEFAULT_ACCOUNT]
    assert settings.get(store, f"account_alias:email_campaigns:mailchimp:{mailchimp.ACCOUNT_NAME}") == "main"


def test_without_old_rows_the_account_is_the_apis_name(store):
    text = ("Campaign Name,Subject,List,Send Date,Total Recipients,Successful Deliveries,Unique Opens,"
            "Unique Clicks\nOld,Hello,Clients,2024-01-03,100,98,40,5\n")
    parsed = mailchimp_csv.parse(Sample("campaigns.csv", text.encode(), text, "utf-8"))
    load_parsed(store, parsed, "campaigns.csv", account="Other newsletter")
    with mailchimp.FakeMailchimp(campaigns=5) as fake:
        pull(store, "mailchimp", {"api_key": mailchimp.API_KEY, "endpoint": fake.url}, *MAY)
    assert owners.stored_accounts(store, "email_campaigns") == sorted([mailchimp.ACCOUNT_NAME,
                                                                       "Other newsletter"])


# -- every connector names its rows' account ----------------------------------------------------
def accounts(store, table: str) -> set:
    return {r[0] for r in store.rows(f"SELECT DISTINCT account FROM {table}")}


def test_brevo_rows_are_the_accounts_the_key_belongs_to(store):
    with brevo.FakeBrevo(campaigns=3) as fake:
        pull(store, "brevo", {"api_key": brevo.API_KEY, "endpoint": fake.url}, *MAY)
    assert accounts(store, "email_campaigns") == {"Boutique Balise"}   # GET /v3/account companyName


def test_shopify_rows_are_the_shops(store):
    with shopify.FakeShopify(n=4) as fake:
        pull(store, "shopify", {"shop": "boutique-balise", "access_token": shopify.TOKEN,
                                "endpoint": fake.url}, *MAY)
    assert accounts(store, "orders") == {shopify.SHOP}


def test_ga4_rows_are_the_propertys(store, key_info):
    with ga4.FakeGA4() as fake:
        config = {"property_id": "123456789", "credentials_info": dict(key_info, token_uri=f"{fake.url}/token"),
                  "endpoint": fake.url}
        pull(store, "ga4", config, date(2024, 5, 6), date(2024, 5, 6))
    assert accounts(store, "site_traffic") == {"properties/123456789"}


def test_ad_rows_are_the_ad_accounts(store):
    with google_ads.FakeGoogleAds() as fake:
        pull(store, "google_ads", {
            "customer_id": "123-456-7890", "login_customer_id": google_ads.MANAGER,
            "developer_token": google_ads.DEVELOPER_TOKEN, "client_id": google_ads.CLIENT_ID,
            "client_secret": google_ads.CLIENT_SECRET, "refresh_token": google_ads.REFRESH_TOKEN,
            "endpoint": fake.url, "token_uri": f"{fake.url}/token"}, date(2024, 5, 1), date(2024, 5, 3))
    with meta.FakeMeta() as fake:
        pull(store, "meta", {"access_token": meta.TOKEN, "account_id": meta.ACCOUNT, "endpoint": fake.url},
             date(2024, 6, 1), date(2024, 6, 3))
    assert {tuple(r) for r in store.rows("SELECT DISTINCT source, account FROM ad_performance")} == {
        ("google_ads", "123-456-7890"), ("meta", meta.ACCOUNT.removeprefix("act_"))}
