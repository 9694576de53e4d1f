"""The sidebar's account filter (issue 16) on the pages whose readers write their own SQL:
overview, campaigns, social, email, top content, customers and alerts show that account's
figures only. The demo holds two Google Ads accounts (one in pounds), two Search Console
properties, three social accounts, and 'main' for the shop's own tables (site, email, orders)."""
from __future__ import annotations

from datetime import date

from lib import i18n
from lib.demo import marketing
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.ui import preset_window
from tests.conftest import assert_clean, read_store
from tests.test_accounts_filters import opened

FACEBOOK = "Maison Lumière"   # the demo's Facebook page (lib/demo/marketing.NETWORKS)


def window():
    return preset_window("last_28", date.today())


def _metric(at, kid: str, lang: str) -> str:
    k = kpis.get(kid)
    found = [m.value for m in at.metric if m.label in (k.label[lang], kpis.short_label(k, lang))]
    assert found, [m.label for m in at.metric]
    return found[0]


def test_overview_cards_are_the_accounts_own(demo_db, app_test):
    start, end = window()
    uk_cost = read_store(demo_db, lambda s: s.scalar(
        "SELECT sum(cost) FROM ad_performance WHERE account = ? AND day_from >= ? AND day_to <= ?",
        [marketing.UK_ACCOUNT, start, end]))
    assert uk_cost > 0
    uk = opened(app_test, demo_db, "en", "pages/overview.py", account=marketing.UK_ACCOUNT)
    # The UK account alone: its spend in pounds; no site traffic is that account's.
    assert _metric(uk, "total_cost", "en") == i18n.fmt_value(uk_cost, "money", "en", "GBP", True)
    assert _metric(uk, "site_sessions", "en") == t("na", "en")


def test_social_cards_and_posts_are_the_pages_own(demo_db, app_test):
    start, end = window()

    def hand(s):
        # The daily account rows (one cut: network+account); posts are the other cut, never added.
        impressions = s.scalar("SELECT sum(impressions) FROM social_performance WHERE account = ? "
                               "AND grain = 'date+network+account' AND day_from >= ? AND day_to <= ?",
                               [FACEBOOK, start, end])
        posts = s.scalar("SELECT count(DISTINCT post_id) FROM social_performance WHERE account = ? "
                         "AND post_id IS NOT NULL AND day_from >= ? AND day_to <= ?", [FACEBOOK, start, end])
        return impressions, posts

    impressions, posts = read_store(demo_db, hand)
    at = opened(app_test, demo_db, "en", "pages/social.py", account=FACEBOOK)
    assert _metric(at, "social_impressions", "en") == i18n.fmt_value(impressions, "count", "en", None, True)
    accounts, top, inbox = (d.value for d in at.dataframe[:3])   # accounts, top posts, unanswered
    assert list(accounts["account"]) == [FACEBOOK]
    assert len(top) == min(posts, 10) and set(top["account"]) == {FACEBOOK}
    assert len(inbox) and set(inbox["account"]) == {FACEBOOK}


def test_email_page_lists_only_the_accounts_campaigns(demo_db, app_test):
    start, end = window()
    sent = read_store(demo_db, lambda s: s.scalar(
        "SELECT count(DISTINCT campaign_id) FROM email_campaigns WHERE account = 'main' "
        "AND day_from >= ? AND day_to <= ?", [start, end]))
    assert sent > 0
    main = opened(app_test, demo_db, "en", "pages/email.py", account="main")
    assert len(main.dataframe[0].value) == sent
    blog = opened(app_test, demo_db, "fr", "pages/email.py", account=marketing.BLOG_PROPERTY)
    assert t("email_no_campaign", "fr") in [c.value for c in blog.caption]
    assert not any(len(d.value) for d in blog.dataframe[:1])


def test_customers_page_counts_the_shops_orders_only(demo_db, app_test):
    rows, first, last = read_store(demo_db, lambda s: s.rows(
        "SELECT count(*), min(day_from), max(day_to) FROM orders WHERE account = 'main'")[0])
    main = opened(app_test, demo_db, "en", "pages/customers.py", account="main")
    caption = t("cust_orders_caption", "en", n=i18n.fmt_number(rows, "en"),
                first=i18n.fmt_date(first, "en"), last=i18n.fmt_date(last, "en"))
    assert caption in [c.value for c in main.caption]
    other = opened(app_test, demo_db, "fr", "pages/customers.py", account=marketing.UK_ACCOUNT)
    assert t("cust_no_orders", "fr") in [i.value for i in other.info]
    assert t("cust_no_nps_loaded", "fr") in [i.value for i in other.info] or \
        t("cust_no_nps", "fr") in [i.value for i in other.info]


def test_top_content_ranks_the_accounts_items_only(demo_db, app_test):
    at = opened(app_test, demo_db, "en", "pages/top_content.py", account=FACEBOOK)
    combined, posts = at.dataframe[0].value, at.dataframe[1].value
    assert len(combined) and set(combined["kind"]) == {t("top_kind_post", "en")}
    assert set(posts["account"]) == {FACEBOOK}


def test_campaign_baseline_follows_the_account(demo_db, app_test):
    uk = opened(app_test, demo_db, "fr", "pages/campaigns.py", account=marketing.UK_ACCOUNT)
    # The Meta spring campaign has Meta rows (and GA4 UTM rows): none of them is the UK account's,
    # so its baseline has no figure and its tracking check finds no row.
    assert t("rep_none", "fr") in [c.value for c in uk.caption]
    # Only the alerts fired during the campaign remain (rules measure the whole workspace).
    alerts = [t(k, "fr") for k in ("rep_col_day", "rep_col_rule", "rep_col_message")]
    assert all(list(d.value.columns) == alerts for d in uk.dataframe)


def test_alerts_page_runs_on_one_account(demo_db, app_test):
    at = opened(app_test, demo_db, "en", "pages/alerts.py", account=marketing.SITE_PROPERTY)
    assert_clean(at)
