"""The report's first page on a demo with history before both campaigns: every reference cell has a
value, objective verdicts agree with the indicator rows, the budget line is there, best and worst
content sit on either side of the campaign's average, no code reaches the documents; the PDF's
first page is rendered to PNG and read back."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from lib import i18n
from lib.i18n import t
from lib.objectives import forecast as om
from lib.reports import report as reports
from lib.reports import verdict
from lib.store import Store

CAMPAIGNS = ("Black Friday 2026", "Printemps - prospection Meta")


@pytest.fixture(scope="module")
def history_db(tmp_path_factory) -> str:
    """Five months (small volumes): both demo campaigns have days before their launch."""
    from lib.demo import build as demo
    path = str(tmp_path_factory.mktemp("history") / "demo.duckdb")
    s = Store(path)
    demo.build_workspace(s, months=5, scale=0.2)
    s.close()
    return path


@pytest.fixture(scope="module")
def built(history_db):
    s = Store(history_db)
    try:
        yield {(name, lang): reports.build(s, name, lang) for name in CAMPAIGNS for lang in i18n.LANGS}
    finally:
        s.close()


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_every_reference_cell_has_a_value(built, name):
    r = built[(name, "fr")]
    assert len(r.kpis) >= 14
    assert r.kpis["baseline"].notna().all(), r.kpis[r.kpis["baseline"].isna()]
    assert r.kpis["delta"].notna().all()
    assert set(r.kpis["basis"]) == {"channels"}          # their UTM campaigns did not exist before
    page = reports.render(r, "html").decode("utf-8")
    assert t("na", "fr") not in page.split(t("rep_channels", "fr"))[0]
    assert t("rep_basis_channels", "fr") in page.replace("&#x27;", "'")


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_objective_verdicts_agree_with_the_indicator_rows(built, name):
    r = built[(name, "en")]
    assert r.verdicts, "each demo campaign has objectives"
    rows = r.kpis.set_index("kpi")
    for v in r.verdicts:
        assert v["same_scope"]
        row = rows.loc[v["kpi"]]
        assert v["value"] == pytest.approx(row["value"]) and row["target"] == v["target"]
        ok = om.sign(v["direction"]) * (row["value"] - v["target"]) >= 0
        assert verdict.met(v["verdict"]) == ok, v
        assert v["verdict"] in (("met", "missed") if not r.running else ("met_so_far", "missed_so_far", "not_yet"))


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_budget_line(built, name):
    r = built[(name, "en")]
    spent = r.kpis.set_index("kpi").loc["paid_cost", "value"]
    assert r.budget["spent"] == pytest.approx(spent) and r.budget["budget"] == r.campaign["budget"]
    assert r.budget["share"] == pytest.approx(spent / r.campaign["budget"])
    line = t("rep_budget_line", "en", spent=i18n.fmt_money(spent, "en", "EUR"),
             budget=i18n.fmt_money(r.campaign["budget"], "en", "EUR"), share=i18n.fmt_percent(r.budget["share"], "en", 0))
    assert line in reports.render(r, "html").decode("utf-8")


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_best_and_worst_against_the_average(built, name):
    content = built[(name, "fr")].content
    assert not content.empty or name != "Black Friday 2026"    # a single ad group has no best or worst
    for _, part in content.groupby("kind"):
        best, worst = part[part["rank"] == "best"], part[part["rank"] == "worst"]
        assert (best["value"] > best["average"]).all() and (worst["value"] < worst["average"]).all()
        assert not set(best["content"]) & set(worst["content"])


def test_black_friday_halo_and_text(built):
    r = built[("Black Friday 2026", "en")]
    assert not r.running and r.after_start is not None and r.after_start > r.end
    assert r.kpis["after"].notna().any()
    movers = r.movers
    assert 1 <= len(movers) <= verdict.MOVERS and "paid_cost" not in set(movers["kpi"])
    assert list(movers["delta"].abs()) == sorted(movers["delta"].abs(), reverse=True)
    text = " ".join(__import__("lib.reports.doc", fromlist=["doc"]).summary_text(r))
    assert "under budget" in text or "over budget" in text
    assert "ROAS" in text and "carried" in text


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_codes_in_the_documents(built, lang):
    r = built[("Black Friday 2026", lang)]
    page = reports.render(r, "html").decode("utf-8")
    for code in ("google_ads", "meta, ", "mailchimp", ">subject<", "paid_cpa", "rep_", "obj_"):
        assert code not in page, code
    assert "Google Ads, Meta, Mailchimp" in page


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_pdf_first_page_is_the_verdict(built, lang, tmp_path):
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 (requirements-dev.txt) renders the page")
    r = built[("Black Friday 2026", lang)]
    doc = pdfium.PdfDocument(reports.render(r, "pdf"))
    image = doc[0].render(scale=1).to_pil().convert("RGB")
    image.save(tmp_path / f"first_page_{lang}.png")           # kept for a look when the test fails
    text = doc[0].get_textpage().get_text_range()
    assert t("rep_summary", lang) in text and t("rep_text", lang) in text
    for v in r.verdicts:
        assert t(f"rep_verdict_{v['verdict']}", lang) in text
    assert t("rep_kpis", lang) not in text                      # the detail starts on page 2
    pixels = list(image.get_flattened_data())
    green = sum(1 for p in pixels if p[1] > 100 and p[0] < 60 and p[2] < 90)
    red = sum(1 for p in pixels if p[0] > 180 and p[1] < 70 and p[2] < 80)
    assert green > 20 and red > 20, (green, red)                # coloured verdicts and changes


def test_verdict_by_hand(store):
    """A ratio objective judged on the campaign window: met, missed, and while running."""
    from datetime import date, timedelta

    from lib.channels import campaigns
    from lib.objectives import tracker as objectives
    d0 = date(2026, 1, 1)
    with store.transaction() as cur:
        for i in range(10):
            cur.execute("INSERT INTO ad_performance (key, load_id, source, grain, day_from, day_to, platform, campaign, "
                        "impressions, clicks, cost, conversions, currency) VALUES (?, 1, 'test', "
                        "'date+platform+campaign', ?, ?, 'meta', 'c1', 100, 10, 30, 1, 'EUR')",
                        [f"a{i}", d0 + timedelta(days=i), d0 + timedelta(days=i)])
    cid = campaigns.create(store, {"name": "C", "start_day": d0, "end_day": d0 + timedelta(days=9),
                                   "platforms": "meta", "utm_campaigns": "c1", "budget": 400})
    c = campaigns.get(store, cid)
    base = {"name": "o", "kpi": "paid_cpa", "start_day": d0, "deadline": d0 + timedelta(days=9),
            "campaign_id": cid, "scope": {}}
    end = d0 + timedelta(days=9)
    for direction, target, ended, running in (("below", 31, "met", "met_so_far"), ("below", 29, "missed", "missed_so_far"),
                                               ("above", 29, "met", "met_so_far")):
        obj = objectives.get(store, objectives.create(store, {**base, "direction": direction, "target": target}))
        assert verdict.judge(store, c, obj, d0, end, False)["verdict"] == ended
        assert verdict.judge(store, c, obj, d0, end, True)["verdict"] == running
        assert verdict.judge(store, c, obj, d0, end, False)["value"] == pytest.approx(30.0)
    total = objectives.get(store, objectives.create(store, {**base, "kpi": "paid_cost", "direction": "at_least",
                                                            "target": 500}))
    assert verdict.judge(store, c, total, d0, end, True)["verdict"] == "not_yet"
    frame = pd.DataFrame({"kpi": ["paid_cost"], "value": [300.0]})
    assert verdict.budget(c, frame) == {"budget": 400.0, "spent": 300.0, "share": 0.75, "gap": -100.0}
    assert verdict.budget({**c, "budget": None}, frame)["share"] is None
    assert verdict.budget(c, frame.iloc[:0])["spent"] is None


def test_workbook_changes_are_signed_percents(built):
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(reports.render(built[("Black Friday 2026", "fr")], "xlsx")))
    sheet = book[book.sheetnames[1]]
    assert [c.value for c in sheet[1]][:5] == ["Canal", "Indicateur", "Valeur", "Référence", "Évolution"]
    changes = [row[4] for row in sheet.iter_rows(min_row=2)]
    assert changes and all(isinstance(c.value, float) and c.number_format == "+0.0%;-0.0%;0.0%" for c in changes)
    verdict_sheet = [c.value for row in book["Verdict"].iter_rows() for c in row if c.value is not None]
    assert "Atteint" in verdict_sheet or "Manqué" in verdict_sheet
