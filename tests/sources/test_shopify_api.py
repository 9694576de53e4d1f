"""Shopify Admin GraphQL connector (requests) against a local fake `graphql.json`."""
from __future__ import annotations

import logging
import re
from datetime import date

import pytest

from lib.ingest import pull as pulling
from lib.ingest.load import load_parsed
from lib.sources import orders, shopify_api
from lib.sources.base import Sample
from lib.store import Store
from tests.fakes.server import Reply, fast_policy
from tests.fakes.shopify import SHOP, TOKEN, FakeShopify

MAY = (date(2024, 5, 1), date(2024, 5, 31))


@pytest.fixture
def fake():
    with FakeShopify(n=12) as server:
        yield server


@pytest.fixture
def config(fake):
    return {"shop": "boutique-balise", "access_token": TOKEN, "endpoint": fake.url}


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "shop.duckdb"))
    yield s
    s.close()


def pull(store, config, start=None, end=None, **kw) -> dict:
    return pulling.pull(store, "shopify", config, start, end, **{"policy": fast_policy(), **kw})


def failed(summary: dict, pattern: str = "") -> str:
    assert summary["status"] == "failed" and re.search(pattern, summary["error"]), summary
    return summary["error"]


def test_orders_paged_by_cursor_mapped_and_revenue_equals_the_fakes(fake, config, store):
    summary = pull(store, config, *MAY, page_size=5)
    assert summary["status"] == "ok" and summary["orders"] == 12 and summary["inserted"] == 12
    assert summary["shop"] == SHOP and summary["quota"]["maximumAvailable"] == 1000.0
    posts = [r.json()["variables"] for r in fake.requests if "orders" in r.json()["query"]]
    assert [v["after"] is None for v in posts] == [True, False, False]
    assert posts[0]["query"] == ("updated_at:>='2024-05-01T00:00:00Z' "
                                 "AND updated_at:<'2024-06-01T00:00:00Z'")
    # 22:30 UTC on 1 May is 00:30 on 2 May in Paris: the day the export writes.
    first = store.query("SELECT * FROM orders WHERE order_id = '#1001'").iloc[0]
    assert first["source"] == "shopify" and str(first["day_from"])[:10] == "2024-05-02"
    assert str(first["order_time"]) == "2024-05-02 00:30:00" and first["channel"] == "pos"
    assert first["customer_id"] == orders.customer_key("anne@example.com")
    assert first["country"] == "BE" and first["items"] == 1 and first["revenue"] == 40.0
    kinds = dict(store.rows("SELECT order_id, kind FROM orders"))
    assert kinds["#1005"] == "cancellation" and kinds["#1007"] == "return"
    assert store.scalar("SELECT revenue FROM orders WHERE order_id = '#1005'") == 0.0
    assert store.scalar("SELECT revenue FROM orders WHERE order_id = '#1003'") == 55.0
    # 40..150 sum to 1,140; cancelled #1005, #1010 (80 + 130), #1007 refunded in full (100),
    # 4 orders refunded 5 each: 1140 - 210 - 100 - 20 = 810.
    expected = fake.expected()
    assert expected == {"orders": 12, "revenue": 810.0}
    assert store.scalar("SELECT count(*) FROM orders") == expected["orders"]
    assert store.scalar("SELECT sum(revenue) FROM orders") == pytest.approx(expected["revenue"])


def test_incremental_on_updated_at_and_idempotent(fake, config, store):
    pull(store, config, *MAY)
    again = pull(store, config, today=date(2024, 5, 6))
    # last order day 2024-05-05 (Paris) minus one day: orders updated since 4 May re-read.
    assert again["start"] == "2024-05-04" and again["status"] == "ok"
    assert again["inserted"] == again["replaced"] == 0 and again["unchanged"] == again["orders"]
    assert store.scalar("SELECT count(*) FROM orders") == 12


def test_an_export_and_a_pull_of_the_same_orders_replace_each_other(fake, config, store):
    lines = ["Name,Email,Financial Status,Created at,Currency,Total,Refunded Amount,"
             "Lineitem quantity,Cancelled at,Source,Billing Country",
             "#1001,anne@example.com,paid,2024-05-02 00:30:00 +0200,EUR,40.00,0,1,,pos,"]
    text = "\n".join(lines) + "\n"
    parsed = orders.parse(Sample("orders_export.csv", text.encode(), text, "utf-8"))
    load_parsed(store, parsed, "orders_export.csv")
    assert store.scalar("SELECT source FROM orders") == "shopify"
    summary = pull(store, config, *MAY)
    assert summary["inserted"] == 11 and summary["replaced"] + summary["unchanged"] == 1
    assert store.scalar("SELECT count(*) FROM orders WHERE order_id = '#1001'") == 1


def test_429_with_retry_after_then_throttled_then_success(fake, config, store):
    fake.script.append(Reply(429, {"errors": "Exceeded 2 calls per second for api client. "
                                             "Reduce request rates to resume uninterrupted "
                                             "service."}, headers={"Retry-After": "0.05"}))
    fake.script.append(Reply(200, {"errors": [{"message": "Throttled",
                                               "extensions": {"code": "THROTTLED"}}],
                                   "extensions": {"cost": {"requestedQueryCost": 102,
                                                           "throttleStatus": {
                                                               "maximumAvailable": 1000.0,
                                                               "currentlyAvailable": 100.5,
                                                               "restoreRate": 50.0}}}},
                             match="graphql"))
    p = fast_policy()
    summary = pull(store, config, *MAY, policy=p)
    assert summary["inserted"] == 12 and p.sleeps == [0.05, pytest.approx(0.03)]


def test_401_says_shopifys_words_and_where_to_get_a_token(fake, store, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "shpat_ffffffffffffffffffffffffffffffff"
    text = failed(pull(store, {"shop": SHOP, "access_token": bad, "endpoint": fake.url}, *MAY),
                  "401")
    assert "Invalid API key or access token" in text and "Develop apps" in text
    assert bad not in text + caplog.text
    assert store.scalar("SELECT count(*) FROM orders") == 0


def test_empty_period_and_a_failed_page_keeps_whole_pages(fake, config, store):
    empty = pull(store, config, date(2023, 1, 1), date(2023, 1, 31))
    assert empty["status"] == "ok" and empty["orders"] == 0 and empty["inserted"] == 0
    fake.die_after(2)   # the shop, one page, then nothing
    summary = pull(store, config, *MAY, page_size=5, policy=fast_policy(attempts=2))
    failed(summary, "could not reach Shopify")
    assert store.scalar("SELECT count(*) FROM orders") == 5


def test_form_check_saved_and_ping(fake, config):
    with pytest.raises(ValueError, match="src_shopify_bad_shop"):
        shopify_api.check({"shop": "not a shop!", "token": TOKEN}, {})
    with pytest.raises(ValueError, match="src_shopify_bad_token"):
        shopify_api.check({"shop": SHOP, "token": "abc"}, {})
    with pytest.raises(ValueError, match="src_shopify_token_missing"):
        shopify_api.check({"shop": SHOP, "token": ""}, {})
    assert shopify_api.check({"shop": "https://Boutique-Balise.myshopify.com/", "token": TOKEN},
                             {}) == ({"shop": SHOP, "access_token": TOKEN}, ())
    assert shopify_api.saved(config) == {"shop": SHOP}
    assert shopify_api.ping(config, fast_policy()) == {"shop": "Boutique Balise",
                                                       "timezone": "Europe/Paris"}
