"""lib.ingest.mappings: header hash, saved mappings (bound params), reading and applying the generic path."""
from __future__ import annotations

import io
from datetime import date

import pytest

from lib.ingest import load as ingest
from lib.ingest import mappings
from lib.sources.base import Refused
from tests.conftest import shared_path

FRENCH = "Jour;Campagne;Coût;Clics\n03/02/2025;Printemps;12,5;4\n04/02/2025;Été;1 234,5;10\n".encode()
HEADER = ["Jour", "Campagne", "Coût", "Clics"]


@pytest.mark.parametrize("a,b,same", [
    (HEADER, [" jour", "CAMPAGNE ", "Coût", "Clics"], True),          # case and spaces
    (HEADER, ["\ufeffJour", "Campagne", "Coût", "Clics"], True),      # BOM on the first cell
    (HEADER, ["Jour", "Campagne", "Coût  ", "Clics"], True),
    (HEADER, ["Campagne", "Jour", "Coût", "Clics"], False),           # order is the layout
    (HEADER, ["Jour", "Campagne", "Cout", "Clics"], False),           # accents are kept
    (HEADER, HEADER[:3], False),
])
def test_header_sha(a, b, same):
    assert (mappings.header_sha(a) == mappings.header_sha(b)) is same
    assert len(mappings.header_sha(a)) == 64


@pytest.mark.parametrize("data,name,columns,decimal", [
    (FRENCH, "f.csv", HEADER, ","),
    (b"Date,Campaign,Cost\n2025-01-01,A,1.5\n", "e.csv", ["Date", "Campaign", "Cost"], "."),
    (b"Date\tCampaign\tCost\n2025-01-01\tA\t1.5\n", "t.tsv", ["Date", "Campaign", "Cost"], "."),
])
def test_read_table_for_mapping(data, name, columns, decimal):
    table = mappings.read_table_for_mapping(data, name)
    assert table.columns == columns and table.decimal == decimal and len(table.rows) >= 1


def test_read_xlsx_for_mapping():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "Campagne", "Dépenses"])
    ws.append([date(2025, 3, 1), "A", 12.5])
    buf = io.BytesIO()
    wb.save(buf)
    table = mappings.read_table_for_mapping(buf.getvalue(), "x.xlsx")
    assert table.columns == ["Date", "Campagne", "Dépenses"] and table.rows[0][0] == "2025-03-01"


@pytest.mark.parametrize("data,name,match", [
    (b'{"a": 1}', "x.json", "JSON"),
    (b"PK\x03\x04not a zip", "x.zip", "not a readable zip"),
    (b"Only\nOne\n", "x.csv", "single column|two columns"),
    (b"Date,Cost\n", "x.csv", "no data rows"),
])
def test_read_table_for_mapping_refuses(data, name, match):
    with pytest.raises(Refused, match=match):
        mappings.read_table_for_mapping(data, name)


def test_read_table_refuses_a_zip_that_is_not_a_workbook():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(Refused, match="not a recognised export"):
        mappings.read_table_for_mapping(buf.getvalue(), "x.zip")


def test_suggest_french_header():
    m = mappings.suggest(HEADER)
    assert m.table == "ad_performance" and not m.saved
    assert m.columns == {"Jour": "day", "Campagne": "campaign", "Coût": "cost", "Clics": "clicks"}


@pytest.mark.parametrize("mapping,match", [
    ({"Jour": "day", "Coût": "cost", "Clics": "cost"}, "two columns"),
    ({"Jour": "day", "Coût": "spend"}, "not a column"),
])
def test_validate(mapping, match):
    with pytest.raises(ValueError, match=match):
        mappings.validate("ad_performance", mapping)


def test_validate_drops_ignored_columns():
    assert mappings.validate("ad_performance", {"Jour": "day", "X": None, "Y": ""}) == {"Jour": "day"}


def test_save_get_and_replace(store):
    assert mappings.get_mapping(store, HEADER) is None
    sha = mappings.save_mapping(store, HEADER, "ad_performance",
                                {"Jour": "day", "Campagne": "campaign", "Coût": "cost", "Clics": None})
    assert sha == mappings.header_sha(HEADER)
    got = mappings.get_mapping(store, [" jour", "Campagne", "Coût", "Clics"])
    assert got.saved and got.table == "ad_performance"
    assert got.columns == {" jour": "day", "Campagne": "campaign", "Coût": "cost"}
    mappings.save_mapping(store, HEADER, "ad_performance", {"Jour": "day", "Clics": "clicks"})
    assert mappings.get_mapping(store, HEADER).columns == {"Jour": "day", "Clics": "clicks"}
    assert store.scalar("SELECT count(*) FROM mappings") == 1
    assert mappings.mapping_for(store, HEADER).saved
    assert not mappings.mapping_for(store, ["Date", "Sessions"]).saved


def test_save_binds_values(store):
    """A quote in a column name is data, never SQL."""
    header = ["Date", "Coût'); DROP TABLE loads; --"]
    mappings.save_mapping(store, header, "ad_performance", {"Date": "day", header[1]: "cost"})
    assert mappings.get_mapping(store, header).columns[header[1]] == "cost"
    assert store.scalar("SELECT count(*) FROM loads") == 0


def test_save_refuses_invalid_mapping(store):
    with pytest.raises(ValueError):
        mappings.save_mapping(store, HEADER, "nope", {"Jour": "day"})
    assert store.scalar("SELECT count(*) FROM mappings") == 0


def test_apply_and_load(store):
    table = mappings.read_table_for_mapping(FRENCH, "f.csv")
    m = mappings.mapping_for(store, table.columns)
    parsed = mappings.apply(table, m.table, m.columns, name="f.csv")
    assert list(parsed.frame["cost"]) == [12.5, 1234.5]
    assert parsed.notes["header_sha"] == mappings.header_sha(HEADER)
    summary = ingest.load_parsed(store, [parsed], "f.csv", "sha", "generic")
    assert summary["status"] == "loaded" and summary["inserted"] == 2
    again = ingest.load_parsed(store, [mappings.apply(table, m.table, m.columns, name="f.csv")],
                               "f.csv", "sha", "generic")
    assert again["status"] == "unchanged"


@pytest.mark.parametrize("mapping,period,match", [
    ({"Jour": "day", "Campagne": "campaign"}, None, "no column is mapped to a measure"),
    ({"Jour": "day", "Coût": "cost", "Clics": "cost"}, None, "two columns"),
    ({"Campagne": "campaign", "Coût": "cost"}, None, "no date column and no period"),
])
def test_apply_refuses(mapping, period, match):
    table = mappings.read_table_for_mapping(FRENCH, "f.csv")
    with pytest.raises(Refused, match=match):
        mappings.apply(table, "ad_performance", mapping, period, "f.csv")


def test_apply_with_a_period_in_any_order():
    table = mappings.read_table_for_mapping(b"Campaign,Cost\nA,1\nB,2\n", "p.csv")
    parsed = mappings.apply(table, "ad_performance", {"Campaign": "campaign", "Cost": "cost"},
                            (date(2025, 1, 31), date(2025, 1, 1)), "p.csv")
    assert set(parsed.frame["day_from"]) == {date(2025, 1, 1)}
    assert set(parsed.frame["day_to"]) == {date(2025, 1, 31)}


def test_real_dataset_maps_to_ad_performance():
    data = shared_path("data", "real-exports", "kag_facebook_ad_conversions",
                       "KAG_conversion_data.csv").read_bytes()
    table = mappings.read_table_for_mapping(data, "KAG_conversion_data.csv")
    m = mappings.suggest(table.columns)
    assert m.table == "ad_performance"
    assert {"Impressions": "impressions", "Clicks": "clicks", "Spent": "cost"}.items() <= m.columns.items()
