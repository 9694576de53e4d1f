"""A new API source in a real Chromium: connect Brevo to its fake on the Data page, refresh,
and see its freshness in the sidebar of the overview."""
from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from lib import i18n
from tests.browser import assert_no_error, open_page, screenshot, streamlit_server, wait_idle
from tests.fakes.brevo import API_KEY, FakeBrevo

pytestmark = pytest.mark.browser


def test_connect_brevo_refresh_and_see_its_freshness(browser, empty_db, tmp_path):
    db = str(tmp_path / "connect.duckdb")
    shutil.copy(empty_db, db)
    first = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=9)
    with FakeBrevo(campaigns=3, first=first) as fake, streamlit_server(db, {
            "BALISE_CONNECTIONS": str(tmp_path / "connections.json"),
            "BALISE_BREVO_ENDPOINT": fake.url}) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_page(page, f"{url}/data?lang=en")
        assert_no_error(page, "data page")
        section = page.locator("[data-testid='stExpander']", has_text="Brevo · not connected")
        section.locator("summary").click()
        section.locator("input[type='password']").fill(API_KEY)
        section.get_by_role("button", name="Save").click()
        wait_idle(page)
        connected = page.locator("[data-testid='stExpander']", has_text="Brevo · connected")
        connected.get_by_text("Key xkeysib-••••3456 saved").first.wait_for(timeout=30000)
        connected.get_by_role("button", name="Refresh now").click()
        page.get_by_text("3 rows added").wait_for(timeout=60000)
        wait_idle(page)
        assert_no_error(page, "data page after the pull")
        assert API_KEY not in page.content()
        screenshot(page, "connectors_brevo_pulled_en")

        open_page(page, f"{url}/?lang=en")
        assert_no_error(page, "overview")
        strip = page.locator("[data-testid='stSidebar'] [data-testid='stExpander']",
                             has_text="Data freshness")
        strip.locator("summary").click()
        last = (first + timedelta(days=6)).date()
        line = strip.get_by_text("Brevo")
        line.first.wait_for(timeout=30000)
        text = strip.inner_text()
        assert f"Brevo · data to {i18n.fmt_date(last, 'en')} · pulled" in text, text
        screenshot(page, "connectors_brevo_freshness_en")
        page.close()
    assert any(r.path == "/v3/emailCampaigns" for r in fake.requests)
