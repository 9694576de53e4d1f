"""The Data page in a real Chromium: drop a real export, see the preview, confirm, see the figures."""
from __future__ import annotations

import shutil

import pytest

from tests.browser import (
    assert_no_error,
    open_page,
    screenshot,
    streamlit_server,
    wait_idle,
)
from tests.conftest import shared_path

pytestmark = pytest.mark.browser

META_REACH = ("meta_ads_manager_inr", "Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv")


@pytest.fixture
def data_server(empty_db, tmp_path):
    db = str(tmp_path / "browser.duckdb")
    shutil.copy(empty_db, db)
    with streamlit_server(db) as url:
        yield url


def test_drop_preview_confirm_then_channel_page(browser, data_server):
    export = shared_path("data", "real-exports", *META_REACH)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    open_page(page, f"{data_server}/data?lang=en")
    assert_no_error(page, "data page")

    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(export))
    page.get_by_text("Detected format: ").wait_for(timeout=60000)
    wait_idle(page)
    assert page.get_by_text("Meta Ads Manager report").count() >= 1
    assert page.get_by_text("15 rows").count() == 1
    assert page.locator("[data-testid='stDataFrame']").count() >= 1
    screenshot(page, "data_preview_en")

    page.get_by_role("button", name="Confirm the load (1 file)").click()
    page.get_by_text("Loaded (load #1)").wait_for(timeout=60000)
    wait_idle(page)
    assert_no_error(page, "data page after the load")
    screenshot(page, "data_loaded_en")

    page.get_by_role("link", name="See the Paid ads page").click()
    page.wait_for_url("**/paid**", timeout=30000)
    wait_idle(page)
    assert_no_error(page, "paid page")
    # the export covers 1 Feb - 4 Aug 2025: open that window, as a shared link would
    open_page(page, f"{data_server}/paid?lang=en&period=custom&start=2025-02-01&end=2025-08-04")
    assert_no_error(page, "paid page on the export's period")
    metrics = page.locator("[data-testid='stMetricValue']")
    assert metrics.count() >= 1
    assert any("₹" in text for text in metrics.all_inner_texts()), metrics.all_inner_texts()
    screenshot(page, "data_paid_after_load_en")
    page.close()


def test_a_file_of_another_type_is_refused_in_the_page_language(browser, data_server, tmp_path):
    """The browser lets any file through to Balise's own check (lib/ui/uploader.py, checked=True):
    Streamlit's refusal would read "application/pdf files are not allowed", in English."""
    report = tmp_path / "rapport.pdf"
    report.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    open_page(page, f"{data_server}/data?lang=fr")
    page.locator(".st-key-data_upload input[type='file']").set_input_files(str(report))
    refusal = page.get_by_text("rapport.pdf : les fichiers .pdf ne sont pas acceptés ; chargez l'export en "
                               ".csv, .tsv, .txt, .zip, .xlsx, .json.")
    refusal.wait_for(timeout=60000)
    wait_idle(page)
    assert_no_error(page, "data page after a PDF")
    assert page.get_by_text("not allowed").count() == 0
    assert page.get_by_role("button", name="Confirmer le chargement (0 fichier)").is_disabled()
    page.close()
