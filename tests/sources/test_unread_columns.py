"""Columns a recognised export carries that Balise does not store are named, never dropped in
silence: a rate it recomputes (CTR, Avg. CPC), or a figure under a header the vocabulary does not
know, which the user then sees in the preview (issue 15)."""
from __future__ import annotations

import pytest

from lib.ingest import load
from tests.conftest import assert_clean, shared_path
from tests.test_data_page import texts, upload

# A German Google Ads download whose conversion value is headed "Konv.-Wert": not a word of the
# vocabulary (Google writes "Conv.-Wert"), so the value cannot be read.
GADS_DE = ("Kampagnenbericht\n1. März 2026 - 2. März 2026\n"
           "Tag\tKampagne\tKampagnenstatus\tWährungscode\tKosten\tKlicks\tImpr.\tCTR\tKonv.-Wert\n"
           "2026-03-01\tMarke DE\tAktiviert\tEUR\t1.234,56\t1.020\t12.345\t8,26 %\t2.345,00\n"
           "2026-03-02\tMarke DE\tAktiviert\tEUR\t1.100,00\t990\t11.000\t9,00 %\t2.000,00\n"
           "Gesamt: Konto\t\t\tEUR\t2.334,56\t2.010\t23.345\t8,61 %\t4.345,00\n")


def _utf16(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")


def test_an_unknown_header_is_named_with_the_columns_not_stored():
    [parsed] = load.read_file(_utf16(GADS_DE), "Kampagnenbericht.csv").parsed
    assert parsed.format == "google_ads"
    assert parsed.notes["unread"] == ["Kampagnenstatus", "CTR", "Konv.-Wert"]
    assert "conversion_value" not in parsed.frame
    assert parsed.frame["cost"].tolist() == [1234.56, 1100.0]   # what is known is read as before


@pytest.mark.parametrize("folder, name, unread, stored", [
    ("google_ads_campaign_report_eur", "Campaign report.csv",
     ["Campaign status", "CTR", "Avg. CPC", "Cost / conv."], ["cost", "clicks", "impressions"]),
    ("meta_ads_manager_gbp", "april-w1.csv", ["Frequency", "Results", "CPC (cost per link click)"],
     ["cost", "impressions", "reach"]),
    ("mailchimp_campaigns_export", "mailchimp_campaigns_latest.csv", ["Total Opens", "Total Clicks"],
     ["sent", "unique_opens"]),
])
def test_real_exports_name_the_columns_they_leave_out(folder, name, unread, stored):
    path = shared_path("data", "real-exports", folder, name)
    [parsed] = load.read_file(path.read_bytes(), path.name).parsed
    assert set(unread) <= set(parsed.notes["unread"])
    assert set(stored) <= set(parsed.frame.columns)
    # a column that is read is never among the unread ones
    assert not {"Cost", "Clicks", "Impr.", "Amount spent (GBP)", "Impressions", "Reach"} & set(parsed.notes["unread"])


def test_the_load_summary_names_them(store):
    summary = load.load_file(store, _utf16(GADS_DE), "Kampagnenbericht.csv")
    assert summary["status"] == "loaded"
    assert summary["notes"][0]["unread"] == ["Kampagnenstatus", "CTR", "Konv.-Wert"]


def test_the_data_page_says_which_columns_were_not_stored(empty_db, app_test, tmp_path):
    import shutil

    db = str(tmp_path / "w.duckdb")
    shutil.copy(empty_db, db)
    at = upload(app_test(db, "fr", "pages/data.py"), ("Kampagnenbericht.csv", _utf16(GADS_DE)))
    assert_clean(at)
    assert "Colonnes du fichier non reprises (3) : Kampagnenstatus, CTR, Konv.-Wert." in texts(at.caption)
    en = upload(app_test(db, "en", "pages/data.py"), ("Kampagnenbericht.csv", _utf16(GADS_DE)))
    assert "Columns of the file not stored (3): Kampagnenstatus, CTR, Konv.-Wert." in texts(en.caption)


def test_a_long_list_is_cut_in_the_preview_and_whole_in_the_summary(empty_db, app_test, tmp_path):
    import shutil

    from lib.ui.data import UNREAD_SHOWN

    path = shared_path("data", "real-exports", "shopify_orders_eur_derived", "orders_export.csv")
    [parsed] = load.read_file(path.read_bytes(), path.name).parsed
    unread = parsed.notes["unread"]
    assert len(unread) > UNREAD_SHOWN and "Lineitem name" in unread and "Total" not in unread
    db = str(tmp_path / "w.duckdb")
    shutil.copy(empty_db, db)
    at = upload(app_test(db, "en", "pages/data.py"), (path.name, path.read_bytes()))
    said = next(c for c in texts(at.caption).splitlines() if c.startswith("Columns of the file not stored"))
    assert said.startswith(f"Columns of the file not stored ({len(unread)}): {unread[0]}, ")
    assert f" and {len(unread) - UNREAD_SHOWN} more. " in said
    assert unread[UNREAD_SHOWN] not in said
