"""The generic path: mapping suggestions (FR/EN), validation messages, XLSX reading."""
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from lib.sources import FORMATS, detect, generic
from lib.sources.base import Refused
from lib.sources.text import read_sample, read_table


@pytest.mark.parametrize("header,table,expected", [
    ("Date", "ad_performance", "day"), ("Jour", "ad_performance", "day"),
    ("Campagne", "ad_performance", "campaign"), ("Campaign", "ad_performance", "campaign"),
    ("Coût", "ad_performance", "cost"), ("Montant dépensé (EUR)", "ad_performance", "cost"),
    ("Spend", "ad_performance", "cost"), ("Cost", "ad_performance", "cost"),
    ("Impressions", "ad_performance", "impressions"), ("Clics", "ad_performance", "clicks"),
    ("Clicks", "ad_performance", "clicks"), ("Sessions", "site_traffic", "sessions"),
    ("Revenu", "site_traffic", "revenue"), ("Revenue", "orders", "revenue"),
    ("CTR", "ad_performance", None), ("Taux de clics", "ad_performance", None),
    ("Cost per result", "ad_performance", None), ("Whatever", "ad_performance", None),
])
def test_suggest_mapping(header, table, expected):
    assert generic.suggest_mapping([header], table)[header] == expected


def test_suggest_mapping_uses_each_target_once():
    m = generic.suggest_mapping(["Clicks", "Clics"], "ad_performance")
    assert m == {"Clicks": "clicks", "Clics": None}


@pytest.mark.parametrize("columns,table", [
    (["Jour", "Campagne", "Montant dépensé", "Impressions", "Clics"], "ad_performance"),
    (["Date", "Source", "Medium", "Sessions", "Users"], "site_traffic"),
    (["Date", "Score", "Comment"], "nps_responses"),
])
def test_suggest_table(columns, table):
    assert generic.suggest_table(columns) == table


def _table(text: str):
    return read_table(read_sample(text.encode(), "x.csv"))


MAPPING = {"Jour": "day", "Campagne": "campaign", "Coût": "cost", "Clics": "clicks"}


def test_apply_mapping_french_file():
    t = _table("Jour;Campagne;Coût;Clics\n03/02/2025;Printemps;12,5;4\n04/02/2025;Été;1 234,5;10\n")
    p = generic.apply_mapping(t, "ad_performance", MAPPING)
    assert p.table == "ad_performance" and p.grain == ("campaign",)
    assert list(p.frame["day_from"]) == [date(2025, 2, 3), date(2025, 2, 4)]
    assert list(p.frame["cost"]) == [12.5, 1234.5] and list(p.frame["clicks"]) == [4, 10]


@pytest.mark.parametrize("mapping,kwargs,match", [
    ({"Jour": "day", "Coût": "spend_total"}, {}, "not a column of ad_performance"),
    ({"Campagne": "clicks", "Jour": "day"}, {}, "line 2: column 'Campagne' mapped to clicks"),
    ({"Campagne": "campaign"}, {}, "no date column and no period"),
    ({"Nope": "campaign", "Jour": "day"}, {}, "does not have"),
])
def test_apply_mapping_errors(mapping, kwargs, match):
    t = _table("Jour,Campagne,Coût\n2025-02-03,Printemps,12.5\n")
    with pytest.raises(Refused, match=match):
        generic.apply_mapping(t, "ad_performance", mapping, **kwargs)


def test_apply_mapping_with_period_and_bad_date():
    t = _table("Campagne,Coût\nA,1\nB,2\n")
    p = generic.apply_mapping(t, "ad_performance", {"Campagne": "campaign", "Coût": "cost"},
                              period=(date(2025, 1, 1), date(2025, 1, 31)))
    assert set(p.frame["day_to"]) == {date(2025, 1, 31)}
    t = _table("Date,Coût\n2025-01-01,1\nsoon,2\n")
    p = generic.apply_mapping(t, "ad_performance", {"Date": "day", "Coût": "cost"})
    assert len(p.frame) == 1 and p.rejected[0].line == 3


def test_read_xlsx():
    wb = Workbook()
    ws = wb.active
    ws.append([])
    ws.append(["Date", "Campaign", "Cost", "Clicks"])
    ws.append([datetime(2025, 3, 1), "Spring", 12.5, 4.0])
    ws.append([datetime(2025, 3, 2), "Spring", None, 7])
    buf = io.BytesIO()
    wb.save(buf)
    t = generic.read_xlsx(buf.getvalue())
    assert t.header_row == 2 and t.columns == ["Date", "Campaign", "Cost", "Clicks"]
    assert t.rows == [["2025-03-01", "Spring", "12.5", "4"], ["2025-03-02", "Spring", "", "7"]]
    assert t.line_numbers == [3, 4]
    mapping = generic.suggest_mapping(t.columns, "ad_performance")
    p = generic.apply_mapping(t, "ad_performance", mapping)
    assert p.frame["clicks"].sum() == 11


def test_read_xlsx_refuses_garbage():
    with pytest.raises(Refused, match="xlsx"):
        generic.read_xlsx(b"not a workbook")


def test_read_plain_table_keeps_hash_rows_and_refuses_one_column():
    t = generic.read_plain_table(read_sample(b"Name,Total\n#1001,5\n#1002,6\n", "o.csv"))
    assert [r[0] for r in t.rows] == ["#1001", "#1002"]
    with pytest.raises(Refused, match="single column"):
        generic.read_plain_table(read_sample(b"a b c\n1 2 3\n", "w.csv"))


def test_not_registered():
    assert generic not in FORMATS


REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"


@pytest.mark.parametrize("rel,name", [
    ("gsc_performance_en/Chart.csv", "search_console"),
    ("gsc_performance_fr/Requêtes.csv", "search_console"),
    ("mailchimp_campaigns_export/mailchimp_campaigns_latest.csv", "mailchimp_csv"),
    ("mailchimp_campaigns_export/mailchimp_campaigns_first_commit.csv", "mailchimp_csv"),
    ("mailchimp_api_json/campaigns_response_uie_2016.json", "mailchimp_json"),
    ("meta_business_suite_insights/Reach.csv", "meta_business_suite"),
    ("meta_business_suite_insights/Audience.csv", "meta_business_suite"),
    ("meta_business_suite_excel_resaved/Views.csv", "meta_business_suite"),
    ("meta_business_suite_excel_resaved/Audience.csv", "meta_business_suite"),
    ("meta_business_suite_insights/Jan-14-2025_Apr-14-2025_1396269028466733.csv",
     "meta_business_suite"),
    ("uci_online_retail_sample/online_retail_sample.csv", "order_lines"),
])
def test_registry_picks_the_right_module(rel, name):
    if not (REAL / rel).exists():
        pytest.skip("../shared not present: real exports unavailable")
    found = detect(read_sample(REAL / rel))
    assert found and found[0][0].NAME == name
