"""The post-campaign report: figures equal `python -m lib kpi`, PDF valid and not blank, XLSX opens."""
from __future__ import annotations

import html
import io
import json
import re
from datetime import date

import pytest

from lib import i18n
from lib.__main__ import main
from lib.kpis import catalogue as kpis
from lib.reports import report as reports
from lib.store import Store

META = "Printemps - prospection Meta"
PAID = ["paid_cost", "paid_clicks", "paid_conversions", "paid_cpa", "paid_roas"]


@pytest.fixture(scope="module")
def built(demo_db):
    s = Store(demo_db)
    try:
        yield {lang: reports.build(s, META, lang) for lang in i18n.LANGS}
    finally:
        s.close()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_html_has_the_kpi_command_figures(built, demo_db, capsys, lang):
    report = built[lang]
    capsys.readouterr()
    assert main(["--db", demo_db, "kpi", "--channel", "paid", "--start", str(report.start), "--end",
                 str(report.end), "--filter", "platform=meta", "--filter", "campaign=meta_prospection_printemps",
                 "--kpis", ",".join(PAID), "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    page = reports.render(report, "html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "http" not in page.split("<svg")[0]
    for kid in PAID:
        text = i18n.fmt_value(row[kid], kpis.get(kid).unit, lang, "EUR")
        assert html.escape(text) in page, (kid, text)
    assert html.escape(report.campaign["name"]) in page
    assert i18n.t("rep_objectives", lang) in page and i18n.t("rep_lessons", lang) in page


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_pdf_is_valid_and_first_page_not_blank(built, lang):
    data = reports.render(built[lang], "pdf")
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 (requirements-dev.txt) renders the page")
    doc = pdfium.PdfDocument(data)
    assert len(doc) >= 1
    image = doc[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:200])
    assert dark / (image.width * image.height) > 0.01, "the first page looks blank"
    text = doc[0].get_textpage().get_text_range()
    assert "Printemps" in text
    if lang == "fr":
        assert "référence" in text        # accents survive (DejaVu, or Latin-1 core font)


def test_pdf_without_dejavu_uses_latin1(built, monkeypatch):
    from lib.reports import pdf as report_pdf
    monkeypatch.setattr(report_pdf, "dejavu", lambda: None)
    data = reports.render(built["fr"], "pdf")
    assert data.startswith(b"%PDF-")
    assert report_pdf.latin1("1\u202f234,50\u00a0€ – œuvre") == "1 234,50 EUR - oeuvre"


def test_xlsx_is_a_formatted_workbook(built):
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(reports.render(built["en"], "xlsx")))
    kpi_sheet = "KPIs against baseline and target"[:31]    # Excel's limit on sheet names
    assert book.sheetnames[0] == "Verdict" and {kpi_sheet, "Lessons learned"} <= set(book.sheetnames)
    sheet = book[kpi_sheet]
    assert [c.value for c in sheet[1]] == ["Channel", "KPI", "Value", "Baseline", "Change", "After", "Target"]
    formats = {}
    for row in sheet.iter_rows(min_row=2):
        formats[row[1].value] = (row[2].number_format, row[4].number_format)
    assert formats["Spend"][0] == '"€"#,##0.00' and formats["CTR"][0] == "0.0%"
    assert formats["Clicks (paid)"][0] == "#,##0"          # changes: empty here, the 3-month demo has no baseline
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for code in ("paid_cpa", "paid_cost", "below", "missed", "met_so_far", "rep_", "meta_prospection_printemps"):
        assert not any(text == code or text.startswith("rep_") for text in texts), code
    numbers = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
               if isinstance(c.value, float) and not isinstance(c.value, bool)]
    assert numbers and all(c.number_format != "General" for c in numbers)


def test_report_sections(built):
    r = built["en"]
    assert [v["kpi"] for v in r.verdicts] == ["paid_cpa"]
    assert set(r.kpis["channel"]) == {"paid", "site"}
    assert r.daily is not None


@pytest.mark.parametrize("fmt, magic", [("html", b"<!DOCTYPE"), ("pdf", b"%PDF-"), ("xlsx", b"PK")])
def test_command(demo_db, tmp_path, fmt, magic):
    out = tmp_path / f"report.{fmt}"
    assert main(["--db", demo_db, "report", "--campaign", META, "--format", fmt, "--out", str(out),
                 "--lang", "en"]) == 0
    assert out.read_bytes().startswith(magic)


def test_command_unknown_campaign(demo_db, tmp_path, capsys):
    out = tmp_path / "x.html"
    assert main(["--db", demo_db, "report", "--campaign", "Nope", "--format", "html", "--out", str(out)]) == 1
    assert "no campaign named 'Nope'" in capsys.readouterr().err and not out.exists()


def test_objectives_command(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", demo_db, "objectives", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 6          # four workspace objectives, two on Black Friday
    for row in rows:
        assert {"status", "value", "expected", "forecast", "forecast_low", "forecast_high", "probability",
                "rule"} <= set(row)
    assert main(["--db", demo_db, "objectives"]) == 0
    assert capsys.readouterr().out.startswith("id,name,kpi,status,value,expected,forecast")


def test_report_charts_speak_the_report_language(built):
    """Chart ticks in the HTML report: day first, French month names in French."""
    svgs = {lang: reports.render(built[lang], "html").decode("utf-8") for lang in i18n.LANGS}
    month_ticks = {lang: set(re.findall(r">\d{1,2} ([^<\d]+)</text>", page)) for lang, page in svgs.items()}
    months = {lang: set(i18n.chart_locale(lang)["time"]["shortMonths"]) for lang in i18n.LANGS}
    assert month_ticks["fr"] and month_ticks["fr"] <= months["fr"], month_ticks["fr"]
    assert month_ticks["en"] and month_ticks["en"] <= months["en"], month_ticks["en"]


def test_report_has_the_community_figures_of_the_period(built, demo_db):
    from lib.channels import community
    from lib.kpis import queries
    r = built["fr"]
    ids = community.kpi_ids("hours")
    assert list(r.community["kpi"]) == ids
    s = Store(demo_db)
    try:
        row = queries.run(s, ids, r.start, r.end).frame.iloc[0]
        before = queries.run(s, ids, r.baseline_start, r.baseline_end).frame.iloc[0]
    finally:
        s.close()
    got = r.community.set_index("kpi")
    for kid in ids:
        assert got.loc[kid, "value"] == pytest.approx(row[kid])   # the 3-month demo has no baseline
        assert got.loc[kid, "baseline"] == pytest.approx(before[kid], nan_ok=True)
    page = reports.render(r, "html").decode("utf-8")
    assert i18n.t("rep_community", "fr") in page
    rate = i18n.fmt_value(row["social_response_rate"], "rate", "fr")
    assert html.escape(rate) in page


def test_report_without_conversations_says_so(store):
    r = reports.community_figures(store, date(2025, 3, 1), date(2025, 3, 31), date(2025, 2, 1), date(2025, 2, 28))
    assert r.empty and list(r.columns) == ["kpi", "value", "baseline", "delta"]
