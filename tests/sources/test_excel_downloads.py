"""Meta Ads Manager and Google Ads offer their reports as Excel downloads: the first sheet is read
as the tool's CSV would be, so the same report loads to the same rows, and loading the CSV after
its .xlsx changes nothing (issue 15). A workbook that is no tool's export still goes to the column
mapping."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from lib.ingest import load
from lib.sources.text import decode
from tests.conftest import shared_path

NUMBER = re.compile(r"-?\d+(\.\d+)?")


def as_workbook(data: bytes) -> bytes:
    """A CSV export as the tool's Excel download holds it: numbers as numbers, the rest as text."""
    text, _ = decode(data)
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    wb = Workbook()
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        wb.active.append([float(c.replace(",", "")) if NUMBER.fullmatch(c.replace(",", "")) else c
                          for c in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


REPORTS = [("meta_ads_manager_gbp", "april-w1.csv"),
           ("google_ads_campaign_report_eur", "Campaign report.csv"),
           ("google_ads_utf16_cad", "Search keyword report.csv")]


@pytest.mark.parametrize("folder, name", REPORTS)
def test_an_excel_download_reads_as_its_csv(folder, name):
    path = shared_path("data", "real-exports", folder, name)
    from_csv = load.read_file(path.read_bytes(), path.name)
    from_xlsx = load.read_file(as_workbook(path.read_bytes()), path.stem + ".xlsx")
    assert from_xlsx.format == from_csv.format
    for a, b in zip(from_csv.parsed, from_xlsx.parsed, strict=True):
        assert (a.table, a.grain) == (b.table, b.grain)
        assert b.frame.astype(str).equals(a.frame[list(b.frame.columns)].astype(str))
        assert b.notes.get("total_check") == a.notes.get("total_check")


@pytest.mark.parametrize("folder, name", REPORTS[:2])
def test_the_csv_after_its_excel_download_changes_nothing(store, folder, name):
    path = shared_path("data", "real-exports", folder, name)
    first = load.load_file(store, as_workbook(path.read_bytes()), path.stem + ".xlsx")
    assert first["status"] == "loaded" and first["inserted"] > 0
    again = load.load_file(store, path.read_bytes(), path.name)
    assert again["status"] == "unchanged", again
    assert again["unchanged"] == first["inserted"]


def test_a_workbook_that_is_no_export_is_refused_for_the_mapping():
    wb = Workbook()
    wb.active.append(["Produit", "Quantité"])
    wb.active.append(["Lampe", 3])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(load.Refused, match="format not recognised"):
        load.read_file(out.getvalue(), "stock.xlsx")


def test_the_data_page_recognises_an_excel_download(empty_db, app_test, tmp_path):
    import shutil

    from tests.conftest import assert_clean
    from tests.test_data_page import texts, upload

    db = str(tmp_path / "w.duckdb")
    shutil.copy(empty_db, db)
    path = shared_path("data", "real-exports", "meta_ads_manager_gbp", "april-w1.csv")
    at = upload(app_test(db, "en", "pages/data.py"), ("april-w1.xlsx", as_workbook(path.read_bytes())))
    assert_clean(at)
    assert "Detected format: **Meta Ads Manager report**" in texts(at.markdown)
    assert " × Ad group × Ad × Age × Gender" in texts(at.markdown)   # every dimension by its name
    assert not [s for s in at.selectbox if str(s.key).startswith("data_gtable_")]   # no column mapping asked
    wb = Workbook()
    wb.active.append(["Produit", "Quantité"])
    wb.active.append(["Lampe", 3])
    other = io.BytesIO()
    wb.save(other)
    mapped = upload(app_test(db, "en", "pages/data.py"), ("stock.xlsx", other.getvalue()))
    assert [s for s in mapped.selectbox if str(s.key).startswith("data_gtable_")]   # the mapping, as before


@pytest.mark.parametrize("folder", ["gsc_performance_en", "gsc_performance_fr"])
def test_search_console_s_excel_download_reads_as_its_zip(store, folder):
    """Its sheets (Queries, Pages... Filters) are the CSVs of its zip, under the same names."""
    from tests.sources.test_real_exports import FOLDERS

    files = {p.name: p.read_bytes() for p in sorted(shared_path("data", "real-exports", folder).glob("*.csv"))}
    wb = Workbook()
    wb.remove(wb.active)
    for name, data in files.items():
        sheet = wb.create_sheet(name.removesuffix(".csv")[:31])   # Excel cuts titles at 31
        for row in load_workbook_rows(as_workbook(data)):
            sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    summary = load.load_file(store, out.getvalue(), "Performance-on-Search.xlsx")
    rows, clicks, impressions = FOLDERS[folder]
    assert (summary["status"], summary["format"], summary["inserted"]) == ("loaded", "search_console", rows)
    assert store.rows("SELECT sum(clicks), sum(impressions) FROM search_console WHERE grain = 'date'") \
        == [(clicks, impressions)]
    assert load.load_export(store, files)["status"] == "unchanged"   # the CSVs of the same export


def load_workbook_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_a_sheet_reads_from_a1_as_the_file_s_lines():
    """Rows and columns before the first used cell are kept: line numbers and header rows are the
    sheet's own (calamine starts a row at the first used column)."""
    from lib.sources import generic

    wb = Workbook()
    wb.active["C3"] = "Campaign report"
    wb.active["B5"], wb.active["C5"] = "Day", "Cost"
    wb.active["B6"], wb.active["C6"] = date(2026, 3, 1), 2.5
    wb.active["B7"], wb.active["C7"] = datetime(2026, 3, 2, 9, 30), 3.0
    out = io.BytesIO()
    wb.save(out)
    [(name, text)] = generic.sheet_csvs(out.getvalue()).items()
    assert name == "Sheet.csv"
    assert text.decode().splitlines() == ["", "", ",,Campaign report", "", ",Day,Cost", ",2026-03-01,2.5",
                                          ",2026-03-02 09:30:00,3"]
    table = generic.read_xlsx(out.getvalue())
    assert (table.header_row, table.columns, table.line_numbers) == (3, ["", "", "Campaign report"], [5, 6, 7])


def test_a_sheet_meets_the_bounds_of_a_csv(monkeypatch):
    from lib.ingest import uploads

    path = shared_path("data", "real-exports", "meta_ads_manager_gbp", "april-w1.csv")
    monkeypatch.setattr(uploads, "MAX_LINES", 10)
    with pytest.raises(load.Refused, match="lines"):
        load.read_file(as_workbook(path.read_bytes()), "april-w1.xlsx")
