"""The post-campaign HTML report in a real Chromium, as a user gets it: the Campaigns page makes
the demo's Black Friday report, the HTML download opens in the browser, its full-page screenshot
is kept (tests/artifacts/report_black_friday_<lang>.png); no exception or error box on the page,
the report names its campaign, has its verdict, and fits a 1440 px screen."""
from __future__ import annotations

import pytest

from lib.i18n import t
from tests.browser import assert_no_error, open_page, screenshot, streamlit_server, wait_idle

pytestmark = pytest.mark.browser

WIDTH = 1440


@pytest.fixture(scope="module")
def report_server(demo_db):
    with streamlit_server(demo_db) as url:
        yield url


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_black_friday_html_report(browser, report_server, tmp_path, lang):
    page = browser.new_page(viewport={"width": WIDTH, "height": 1000}, accept_downloads=True)
    open_page(page, f"{report_server}/campaigns?lang={lang}")
    assert_no_error(page, f"campaigns ({lang})")
    panel = page.locator("[data-testid='stExpander']").filter(has_text="Black Friday").first
    panel.locator("summary").click()
    panel.get_by_role("tab", name=t("camp_phase_after", lang)).click()
    panel.get_by_role("button", name=t("camp_report_make", lang)).click()
    download_button = panel.get_by_role("button", name=t("camp_report_html", lang))
    download_button.wait_for(timeout=90000)
    wait_idle(page)
    assert_no_error(page, f"campaigns after making the report ({lang})")
    with page.expect_download(timeout=30000) as caught:
        download_button.click()
    path = tmp_path / f"report_{lang}.html"
    caught.value.save_as(str(path))
    page.close()

    report = browser.new_page(viewport={"width": WIDTH, "height": 1000})
    report.goto(path.as_uri(), wait_until="load")
    shot = screenshot(report, f"report_black_friday_{lang}")
    assert shot.stat().st_size > 20_000                      # a drawn page, not a blank one
    assert "Black Friday" in report.locator("h1").inner_text()
    assert report.locator("table").count() >= 3 and report.locator("svg").count() >= 1
    text = report.locator("body").inner_text()
    assert "Traceback" not in text and "Error" not in text
    # Wide tables stay on the page: nothing runs past a 1440 px screen.
    assert report.evaluate("document.documentElement.scrollWidth") <= WIDTH
    report.close()
