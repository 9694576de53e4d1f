"""A saved starter dashboard opened from its link in a real Chromium, in both languages."""
from __future__ import annotations

import shutil

import pytest

from lib.dashboards import model as dashboards
from lib.store import Store
from tests.browser import assert_no_error, open_page, screenshot, streamlit_server

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard_server(demo_db, tmp_path):
    db = str(tmp_path / "dashboards.duckdb")
    shutil.copy(demo_db, db)
    s = Store(db)
    tracked = dict(s.rows("SELECT id, kpi FROM objectives WHERE NOT archived"))
    ident = dashboards.save(s, dashboards.starter("ecommerce", "fr", tracked))
    s.close()
    with streamlit_server(db) as url:
        yield url, ident


def test_dashboard_opens_from_its_link(browser, dashboard_server):
    url, ident = dashboard_server
    # Streamlit scrolls inside its main block: a tall window shows the whole dashboard.
    page = browser.new_page(viewport={"width": 1400, "height": 2300})
    for lang, title in (("fr", "Mes tableaux de bord"), ("en", "My dashboards")):
        open_page(page, f"{url}/dashboards?dashboard={ident}&lang={lang}")
        page.locator("[data-testid='stVegaLiteChart']").nth(3).wait_for(timeout=30000)
        page.wait_for_timeout(800)      # let the charts draw before the screenshot
        assert_no_error(page, f"dashboard ({lang})")
        assert page.get_by_role("heading", name=title).count() == 1
        assert f"dashboard={ident}" in page.url
        assert page.locator("[data-testid='stMetric']").count() >= 4
        assert page.locator("[data-testid='stProgress']").count() == 2
        assert page.locator("[data-testid='stDataFrame']").count() == 1
        screenshot(page, f"dashboard_{lang}")
    page.close()
