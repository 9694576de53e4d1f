"""LinkedIn (real empty export + documented-layout fixture) and Microsoft Ads: fixtures, and
table-driven cases built from small strings (issue 15 items 2-4): header words in every
language, date order decided by the file, decimal comma, currency marks, totals anywhere."""
from pathlib import Path

import pandas as pd
import pytest

from lib.sources import detect, linkedin_ads, microsoft_ads
from lib.sources.base import Refused
from lib.sources.text import read_sample

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
EXPORTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"


def days(frame: pd.DataFrame, column: str = "day_from") -> list[str]:
    return [pd.Timestamp(d).date().isoformat() for d in frame[column]]


def test_real_linkedin_empty_export_is_refused():
    if not EXPORTS.exists():
        pytest.skip("../shared not present: real exports unavailable")
    s = read_sample(EXPORTS / "linkedin_campaign_manager" / "creative_performance_report.csv")
    assert s.encoding == "utf-16-le" and detect(s)[0][0] is linkedin_ads
    with pytest.raises(Refused, match="the export has no rows"):
        linkedin_ads.parse(s)


def test_linkedin_daily_fixture_dates_decided_by_the_report_period():
    # every Start Date (3/1/2026, 3/2/2026) reads both ways; `Report Start: March 1, 2026` and
    # `Report End: March 2, 2026` hold them only month-first
    s = read_sample(FIXTURES / "linkedin_ads_daily.csv")
    assert detect(s)[0][0] is linkedin_ads
    [parsed] = linkedin_ads.parse(s)
    f = parsed.frame
    assert parsed.grain == ("platform", "account", "campaign")
    assert len(f) == 3 and f["cost"].sum() == pytest.approx(120.50 + 80.00 + 110.25)
    assert days(f) == ["2026-03-01", "2026-03-01", "2026-03-02"]
    assert set(f["currency"]) == {"EUR"} and set(f["platform"]) == {"linkedin"}


@pytest.mark.parametrize("name, rows, daily, impressions, cost, value, currency", [
    # impressions 1,200+800+1,100+900; spend 30+20+27.50+22.50; revenue 150+40+100+0
    ("microsoft_ads_daily.csv", 4, True, 4000, 100.0, 290.0, "USD"),
    ("microsoft_ads_summary.csv", 2, False, 42000, 1050.0, 3400.0, "EUR"),
])
def test_microsoft_fixtures(name, rows, daily, impressions, cost, value, currency):
    s = read_sample(FIXTURES / name)
    assert detect(s)[0][0] is microsoft_ads
    [parsed] = microsoft_ads.parse(s)
    f = parsed.frame
    assert len(f) == rows and not parsed.rejected   # the copyright footer is not a rejected row
    assert (f["day_from"] == f["day_to"]).all() == daily
    assert f["impressions"].sum() == impressions and f["cost"].sum() == pytest.approx(cost)
    assert f["conversion_value"].sum() == pytest.approx(value) and set(f["currency"]) == {currency}
    if daily:
        assert days(f) == ["2026-03-12", "2026-03-12", "2026-03-13", "2026-03-13"]
    else:
        assert days(f) == ["2026-03-01"] * 2 and days(f, "day_to") == ["2026-03-31"] * 2


# -- table-driven cases from small strings ----------------------------------------------------

LINKEDIN_HEAD = ('Ad Performance Report (in UTC)\n"Report Start: {start}"\n"Report End: {end}"\n'
                 '"Date Generated: May 1, 2026, 5:55 AM"\n\n')
MICROSOFT_HEAD = ('"Report Name: Campaigns"\n"Report Time: {time}"\n"Time Zone: Various"\n'
                  '"Report Aggregation: {agg}"\n"Report Filter: "\n\n')
MICROSOFT_FOOT = '\n"@2026 Microsoft Corporation. All rights reserved. "\n'


def linkedin(header: str, rows: list[str], start="March 1, 2026, 12:00 AM",
             end="March 31, 2026, 11:59 PM") -> list:
    text = LINKEDIN_HEAD.format(start=start, end=end) + "\n".join([header, *rows]) + "\n"
    s = read_sample("\ufeff".encode("utf-16-le") + text.encode("utf-16-le"), "r.csv")
    assert detect(s)[0][0] is linkedin_ads
    return linkedin_ads.parse(s)


def microsoft(header: str, rows: list[str], time="3/1/2026 - 3/31/2026", agg="Daily") -> list:
    text = MICROSOFT_HEAD.format(time=time, agg=agg) + "\n".join([header, *rows]) + "\n" + MICROSOFT_FOOT
    s = read_sample(text.encode(), "m.csv")
    assert detect(s)[0][0] is microsoft_ads
    return microsoft_ads.parse(s)


# One header per interface language: the words the ad platforms share (vocabulary.toml).
HEADERS = {
    "en": "Day,Campaign name,Impressions,Clicks,Amount spent",
    "fr": "Jour,Nom de la campagne,Impressions,Clics,Coût",
    "es": "Día,Nombre de la campaña,Impresiones,Clics,Coste",
    "de": "Tag,Kampagnenname,Impressionen,Klicks,Kosten",
    "it": "Giorno,Nome della campagna,Impressioni,Clic,Costo",
    "pt": "Dia,Nome da campanha,Impressões,Cliques,Custo",
    "nl": "Dag,Campagnenaam,Vertoningen,Klikken,Kosten",
}


@pytest.mark.parametrize("lang", sorted(HEADERS))
@pytest.mark.parametrize("tool", ["linkedin", "microsoft"])
def test_a_header_in_each_language(tool, lang):
    rows = ["2026-03-02,Brand,100,5,12.50", "2026-03-03,Brand,50,2,7.50"]
    [parsed] = (linkedin if tool == "linkedin" else microsoft)(HEADERS[lang], rows)
    f = parsed.frame
    assert list(f["impressions"]) == [100, 50] and f["cost"].sum() == 20.0
    assert list(f["campaign"]) == ["Brand", "Brand"] and days(f) == ["2026-03-02", "2026-03-03"]


@pytest.mark.parametrize("rows, expected", [
    (["13/03/2026,A,1,1,1", "01/03/2026,A,1,1,1"], ["2026-03-13", "2026-03-01"]),   # day first
    (["03/13/2026,A,1,1,1", "03/01/2026,A,1,1,1"], ["2026-03-13", "2026-03-01"]),   # month first
    # only the last row decides: 02/03 is 2 March because 25/03 is day-first
    (["02/03/2026,A,1,1,1", "05/03/2026,A,1,1,1", "25/03/2026,A,1,1,1"],
     ["2026-03-02", "2026-03-05", "2026-03-25"]),
    (["03/02/2026,A,1,1,1", "03/05/2026,A,1,1,1", "03/25/2026,A,1,1,1"],
     ["2026-03-02", "2026-03-05", "2026-03-25"]),
])
def test_microsoft_date_order_decided_by_the_file(rows, expected):
    [parsed] = microsoft("Gregorian date,Campaign name,Impressions,Clicks,Spend", rows,
                         time="see rows")
    assert days(parsed.frame) == expected


def test_microsoft_report_time_decides_what_the_rows_leave_open():
    header = "Gregorian date,Campaign name,Impressions,Clicks,Spend"
    [parsed] = microsoft(header, ["02/03/2026,A,1,1,1"], time="01/03/2026 - 31/03/2026")
    assert days(parsed.frame) == ["2026-03-02"]


def test_microsoft_undecidable_date_order_is_refused():
    with pytest.raises(Refused, match=r"read both ways \('02/03/2026'"):
        microsoft("Gregorian date,Campaign name,Impressions,Clicks,Spend",
                  ["02/03/2026,A,1,1,1", "03/04/2026,A,1,1,1"], time="02/03/2026 - 03/04/2026")


def test_microsoft_summary_period_read_with_the_file_order():
    [parsed] = microsoft("Campaign name,Impressions,Clicks,Spend", ["A,10,1,2.5"],
                         time="01/03/2026 - 15/03/2026", agg="Summary")
    assert days(parsed.frame) == ["2026-03-01"] and days(parsed.frame, "day_to") == ["2026-03-15"]


def test_linkedin_period_that_fits_neither_order_is_refused():
    # 3/4/2026 is 4 March or 3 April: the report says May, so neither order fits
    with pytest.raises(Refused, match="read both ways"):
        linkedin("Start Date (in UTC),Campaign Name,Impressions,Clicks,Total Spent",
                 ["3/4/2026,A,1,1,1"], start="May 1, 2026, 12:00 AM", end="May 31, 2026, 11:59 PM")


def test_linkedin_period_picks_day_first():
    [parsed] = linkedin("Start Date (in UTC),Campaign Name,Impressions,Clicks,Total Spent",
                        ["3/4/2026,A,1,1,1", "5/4/2026,A,1,1,1"],
                        start="April 1, 2026, 12:00 AM", end="April 30, 2026, 11:59 PM")
    assert days(parsed.frame) == ["2026-04-03", "2026-04-05"]


def test_decimal_comma_with_semicolons():
    rows = ['2026-03-02;Brand;"1.234";5;"1.234,50"', "2026-03-03;Brand;50;2;7,25"]
    [parsed] = linkedin("Day;Campaign name;Impressions;Clicks;Amount spent", rows)
    assert list(parsed.frame["impressions"]) == [1234, 50]
    assert list(parsed.frame["cost"]) == [1234.5, 7.25]


@pytest.mark.parametrize("cells, currency, cost", [
    (("US$50.00", "US$1,250.50"), "USD", 1300.5),
    (("CA$12.00", "CA$3.40"), "CAD", 15.4),
    (("€5,00", "€2,50"), "EUR", 7.5),
    (("5,00 €", "2,50 €"), "EUR", 7.5),
])
def test_currency_marks_read_and_named(cells, currency, cost):
    rows = [f'2026-03-02,Brand,"1,0%",10,"{cells[0]}"', f'2026-03-03,Brand,--,10,"{cells[1]}"']
    [parsed] = microsoft("Gregorian date,Campaign name,CTR,Clicks,Spend", rows)
    assert parsed.frame["cost"].sum() == pytest.approx(cost) and set(parsed.frame["currency"]) == {currency}


@pytest.mark.parametrize("total_row", [
    "Total,,,15,150,20.00",                 # column 1
    ",Total: Campaigns,,15,150,20.00",      # column 2
    ",,Total: Account,15,150,20.00",        # column 3
    ",,,15,150,20.00",                      # by shape: no name, no date, only numbers
])
def test_totals_are_checks_not_data(total_row):
    header = "Gregorian date,Account name,Campaign name,Clicks,Impressions,Spend"
    rows = ["2026-03-02,Acme,Brand,10,100,12.50", total_row, "2026-03-03,Acme,Brand,5,50,7.50"]
    [parsed] = microsoft(header, rows)
    assert len(parsed.frame) == 2 and parsed.frame["cost"].sum() == 20.0
    assert parsed.notes["total_check"]["metrics"]["cost"]["ok"] and not parsed.warnings
    assert not parsed.rejected


def test_a_total_that_does_not_add_up_is_a_warning():
    rows = ["2026-03-02,Brand,10,100,12.50", "Total,,10,100,99.00"]
    [parsed] = microsoft("Gregorian date,Campaign name,Clicks,Impressions,Spend", rows)
    assert len(parsed.frame) == 1
    assert any("add up to 12.50 cost" in w and "99.00" in w for w in parsed.warnings)


def test_bad_cells_rejected_with_their_line():
    rows = ["2026-03-02,Brand,10,100,12.50", "2026-03-03,Brand,x,100,1", "2026-13-45,Brand,1,1,1"]
    [parsed] = microsoft("Gregorian date,Campaign name,Clicks,Impressions,Spend", rows)
    assert [(r.line, r.reason) for r in parsed.rejected] == [
        (9, "not a number: 'x' in Clicks"), (10, "not a date: '2026-13-45' in Gregorian date")]
    assert len(parsed.frame) == 1
