"""Readers that write their own SQL follow the reader's accounts (queries.ACCOUNTS, the sidebar's
account filter, issue 16); alerts on one account's data watch that account's last day."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.alerts import rules as alerts
from lib.alerts.rules import Rule
from lib.channels import campaigns, community, content, email_health, social
from lib.customers import data as customer_data
from lib.demo import marketing
from lib.ingest.load import load_parsed
from lib.kpis import queries
from lib.sources.base import Parsed
from lib.store import Store
from tests.conftest import YESTERDAY

FACEBOOK = "Maison Lumière"
START = YESTERDAY - timedelta(days=27)


@pytest.fixture
def demo(demo_db):
    s = Store(demo_db)
    yield s
    queries.scope_accounts(None)
    s.close()


def scoped(account, fn):
    queries.scope_accounts([account] if account else None)
    try:
        return fn()
    finally:
        queries.scope_accounts(None)


def test_account_sql_is_empty_without_a_scope_or_an_account_column():
    assert queries.account_sql("orders") == ("", [])
    assert scoped("x", lambda: queries.account_sql("site_friction", named=True)) == ("", {})
    assert scoped("x", lambda: queries.account_sql("orders")) == (" AND list_contains(?, account)", [["x"]])


def test_posts_and_inbox_of_one_page(demo):
    every = social.post_details(demo, START, YESTERDAY)
    mine = scoped(FACEBOOK, lambda: social.post_details(demo, START, YESTERDAY))
    assert len(mine) == (every["account"] == FACEBOOK).sum() > 0 and set(mine["account"]) == {FACEBOOK}
    posts = scoped(FACEBOOK, lambda: content.posts(demo, START, YESTERDAY, min_reach=0, limit=None))
    assert set(posts["account"]) == {FACEBOOK} and len(posts) == len(mine)
    inbox = scoped(FACEBOOK, lambda: community.oldest_unanswered(demo, START, YESTERDAY, pd.Timestamp.now(),
                                                                  limit=10_000))
    hand = demo.scalar("SELECT count(*) FROM conversations WHERE account = ? AND answered = 0 "
                       "AND day_from >= ? AND day_to <= ?", [FACEBOOK, START, YESTERDAY])
    assert len(inbox) == hand > 0
    heat = scoped(FACEBOOK, lambda: community.heatmap(demo, START, YESTERDAY, "hours"))
    items = demo.scalar("SELECT sum(items) FROM conversations WHERE account = ? AND received_time IS NOT NULL "
                        "AND day_from >= ? AND day_to <= ?", [FACEBOOK, START, YESTERDAY])
    assert heat["items"].sum() == items


def test_email_sends_and_orders_of_one_account(demo):
    sent = demo.scalar("SELECT sum(sent) FROM email_campaigns WHERE day_from >= ? AND day_to <= ?",
                       [START, YESTERDAY])
    assert scoped("main", lambda: email_health.campaigns(demo, START, YESTERDAY))["sent"].sum() == sent
    assert scoped(FACEBOOK, lambda: email_health.campaigns(demo, START, YESTERDAY)).empty
    assert scoped(FACEBOOK, lambda: content.emails(demo, START, YESTERDAY, "EUR", 0, None)).empty
    orders = demo.scalar("SELECT count(*) FROM orders")
    assert len(scoped("main", lambda: customer_data.orders(demo, "EUR"))) == orders
    assert scoped(FACEBOOK, lambda: customer_data.orders(demo, "EUR")).empty
    assert scoped(FACEBOOK, lambda: customer_data.order_currencies(demo)) == []
    assert scoped(FACEBOOK, lambda: customer_data.nps_responses(demo)).empty
    assert len(scoped("main", lambda: customer_data.nps_responses(demo))) == \
        demo.scalar("SELECT count(*) FROM nps_responses WHERE score BETWEEN 0 AND 10")


def test_campaign_tracking_counts_the_accounts_rows(demo):
    spring = next(c for c in campaigns.list_campaigns(demo) if c["platform_list"] == ["meta"])
    every = {c["source"]: c["rows"] for c in campaigns.tracking(demo, spring)}
    uk = {c["source"]: c["rows"] for c in scoped(marketing.UK_ACCOUNT,
                                                   lambda: campaigns.tracking(demo, spring))}
    assert every["meta"] > 0 and every["ga4"] > 0
    assert uk == dict.fromkeys(every, 0)   # the UK Google Ads account has no Meta nor GA4 rows


# -- alerts: freshness of one account's data -------------------------------------------------------
DAY0 = date(2026, 3, 2)


def load_clicks(store, account: str, days: int) -> None:
    frame = pd.DataFrame({"day_from": [DAY0 + timedelta(days=i) for i in range(days)],
                          "clicks": [10.0] * days})
    frame["day_to"] = frame["day_from"]
    load_parsed(store, [Parsed("search_console", frame, (), "test", notes={"source": "search_console"})],
                f"{account}.csv", account=account)


def test_a_freshness_alert_on_one_account_sees_that_account_stop(store):
    load_clicks(store, "site", 10)       # up to DAY0 + 9
    load_clicks(store, "blog", 3)        # stopped at DAY0 + 2
    day = DAY0 + timedelta(days=9)
    for account, state in ((None, "ok"), ("site", "ok"), ("blog", "breach")):
        rule = alerts.validate(Rule("fresh", "freshness", scope={"account": account} if account else {},
                                    params={"table": "search_console", "days": 3}))
        assert alerts.measure(store, rule, day).status == state
    rule = alerts.validate(Rule("fresh", "freshness", scope={"account": "blog"},
                                params={"table": "search_console", "days": 3}))
    assert alerts.measure(store, rule, day).value == 7    # days since the blog's last day


def test_a_freshness_rule_by_account_needs_a_table_with_accounts():
    with pytest.raises(alerts.RuleError, match="no account"):
        alerts.validate(Rule("fresh", "freshness", scope={"account": "blog"},
                             params={"table": "site_friction", "days": 3}))


def test_a_kpi_rule_on_one_account_is_evaluated_on_that_accounts_last_day(store):
    load_clicks(store, "site", 10)
    load_clicks(store, "blog", 3)
    rule = alerts.validate(Rule("blog clicks", "threshold", "seo_clicks", scope={"account": "blog"},
                                params={"value": 5}))
    assert alerts.rule_day(store, rule, None, date(2027, 1, 1)) == DAY0 + timedelta(days=2)
    every = alerts.validate(Rule("clicks", "threshold", "seo_clicks", params={"value": 5}))
    assert alerts.rule_day(store, every, None, date(2027, 1, 1)) == DAY0 + timedelta(days=9)


def test_alert_events_measure_the_workspace_whatever_the_page_looks_at(store):
    load_clicks(store, "site", 10)
    load_clicks(store, "blog", 10)
    rid = alerts.save_rule(store, Rule("clicks above 15", "threshold", "seo_clicks", params={"value": 15}))
    day = DAY0 + timedelta(days=9)
    # The Alerts page filtered on the blog: 10 clicks there, 20 in the workspace; the stored
    # event (which is also what gets sent) is the workspace's.
    (alert,) = scoped("blog", lambda: alerts.evaluate(store, as_of=day, rule_ids=[rid]))
    assert (alert.state, alert.value) == ("firing", 20)
    assert queries.ACCOUNTS.get() is None
