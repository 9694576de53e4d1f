"""AppTest of the sidebar's site or account filter (issue 16) on the demo, which holds two Search
Console properties and two Google Ads accounts (one in pounds)."""
from __future__ import annotations

from datetime import date

import pytest

from lib.demo import marketing
from lib.kpis import queries
from lib.store import Store
from lib.ui import navigation, preset_window
from tests.conftest import assert_clean

PAGES = [p.path for p in navigation.PAGES]


def opened(app_test, db: str, lang: str, page: str, account: str | None = None, currency: str | None = None):
    at = app_test(db, lang, run=False)
    if account:
        at.query_params["account"] = account
    if currency:
        at.query_params["currency"] = currency
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    assert_clean(at)
    return at


# Each page once, the languages alternating (both run every page in tests/test_app.py).
@pytest.mark.parametrize("page, lang", [(p, ("fr", "en")[i % 2]) for i, p in enumerate(PAGES)])
def test_every_page_runs_filtered_to_one_property(demo_db, app_test, page, lang):
    at = opened(app_test, demo_db, lang, page, account=marketing.BLOG_PROPERTY)
    assert at.selectbox(key="account").value == marketing.BLOG_PROPERTY


def test_the_search_page_shows_the_properties_apart_and_together(demo_db, app_test):
    start, end = preset_window("last_28", date.today())
    s = Store(demo_db)
    try:
        by = dict(s.rows("SELECT account, sum(clicks) FROM search_console WHERE grain = 'date' "
                         "AND day_from >= ? AND day_to <= ? GROUP BY 1", [start, end]))
    finally:
        s.close()
    assert set(by) == {marketing.SITE_PROPERTY, marketing.BLOG_PROPERTY}
    shown = {}
    for account in (None, marketing.SITE_PROPERTY, marketing.BLOG_PROPERTY):
        at = opened(app_test, demo_db, "en", "pages/search.py", account=account)
        shown[account] = float(at.metric[0].value.replace(",", ""))
    assert shown[marketing.SITE_PROPERTY] == by[marketing.SITE_PROPERTY]
    assert shown[marketing.BLOG_PROPERTY] == by[marketing.BLOG_PROPERTY]
    assert shown[None] == by[marketing.SITE_PROPERTY] + by[marketing.BLOG_PROPERTY]


def test_the_uk_account_shows_in_pounds_never_added_to_euros(demo_db, app_test):
    start, end = preset_window("last_28", date.today())
    s = Store(demo_db)
    try:
        gbp = queries.run(s, ["paid_cost"], start, end, currency="GBP").frame["paid_cost"].iloc[0]
        eur = queries.run(s, ["paid_cost"], start, end, currency="EUR").frame["paid_cost"].iloc[0]
    finally:
        s.close()
    assert gbp > 0 and eur > gbp
    uk = opened(app_test, demo_db, "en", "pages/paid.py", account=marketing.UK_ACCOUNT)   # its currency
    money = [m.value for m in uk.metric if m.value[:1] in "£€"]
    assert money and all(v.startswith("£") for v in money)
    euros = opened(app_test, demo_db, "en", "pages/paid.py")
    money = [m.value for m in euros.metric if m.value[:1] in "£€"]
    assert money and all(v.startswith("€") for v in money)


def test_choosing_an_account_goes_into_the_url(demo_db, app_test):
    at = opened(app_test, demo_db, "fr", "pages/search.py")
    assert at.selectbox(key="account").value == ""                       # all accounts by default
    at.selectbox(key="account").set_value(marketing.BLOG_PROPERTY).run()
    assert_clean(at)
    assert at.query_params["account"] in (marketing.BLOG_PROPERTY, [marketing.BLOG_PROPERTY])
    at.selectbox(key="account").set_value("").run()
    assert "account" not in at.query_params
