"""The Social page's Community section in French in a real headless Chromium: drawn, no error."""
from __future__ import annotations

import pytest

from lib.i18n import t
from tests.browser import ARTIFACTS, assert_no_error, open_page, streamlit_server

pytestmark = pytest.mark.browser


def test_community_section_in_french(browser, demo_db):
    with streamlit_server(demo_db) as url:
        # tall enough that the whole page is drawn without scrolling: boxes are page coordinates
        page = browser.new_page(viewport={"width": 1400, "height": 5200})
        open_page(page, f"{url}/social?lang=fr")
        assert_no_error(page, "social (fr)")
        title = page.get_by_text(t("community_title", "fr"), exact=True)
        page.wait_for_timeout(1500)           # let Vega draw the two charts
        assert page.get_by_text(t("community_oldest", "fr")).count() == 1
        assert page.get_by_text(t("community_clock_hours", "fr")).count() >= 1
        top = title.bounding_box()["y"]
        below = page.get_by_text(t("social_mentions_title", "fr"), exact=True).bounding_box()["y"]
        charts = [c for c in page.locator("[data-testid='stVegaLiteChart']").all()
                  if top < c.bounding_box()["y"] < below]
        assert len(charts) == 2                # response time by network, weekday x hour
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "community_fr.png"),
                        clip={"x": 0, "y": top - 20, "width": 1400, "height": below - top + 20})
        page.close()
