"""lib.sources.text: decoding, delimiters, rows, numbers, dates, generic table reading."""
from datetime import date, datetime

import pytest

from lib.sources.base import Refused
from lib.sources.text import (
    decode,
    line_feeds,
    parse_date,
    parse_date_range,
    parse_datetime,
    parse_number,
    read_sample,
    read_table,
    sniff_delimiter,
    split_rows,
    unpadded,
)


@pytest.mark.parametrize("data, text, encoding", [
    (b"\xef\xbb\xbfa,b", "a,b", "utf-8-sig"),
    (b"\xff\xfe" + "a\tb".encode("utf-16-le"), "a\tb", "utf-16-le"),
    (b"\xfe\xff" + "a,b".encode("utf-16-be"), "a,b", "utf-16-be"),
    ("a,b\n1,2".encode("utf-16-le"), "a,b\n1,2", "utf-16-le"),        # no BOM: NUL bytes
    ("café,é".encode(), "café,é", "utf-8"),
    ("café,naïve".encode("cp1252"), "café,naïve", "cp1252"),
    ("3.апр;1.юни".encode("cp1251"), "3.апр;1.юни", "cp1251"),
    (b"\x81\x8d", "\x81\x8d", "latin-1"),
])
def test_decode(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize("lines, delimiter", [
    (["a,b,c", "1,2,3"], ","),
    (["a\tb\tc", '1\t"9,380"\t3'], "\t"),
    (["Views;", "Date;Primary", "2025-10-31T00:00:00;5213"], ";"),
    (["sep=;", "a,b;c", "1,2;3"], ";"),
    (["a|b", "1|2"], "|"),
    (["# comment, with, commas", "a;b", "1;2"], ";"),
    (["Campaign report", '"March 27, 2026 - April 23, 2026"', "a,b", "1,2"], ","),
])
def test_sniff_delimiter(lines, delimiter):
    assert sniff_delimiter(lines) == delimiter


def test_split_rows_quotes_and_line_numbers():
    text = 'a,b\r\n"x\ny",2\n\n"say ""hi""",3'
    assert split_rows(text, ",") == [(1, ["a", "b"]), (2, ["x\ny", "2"]), (4, []),
                                     (5, ['say "hi"', "3"])]


def test_split_rows_runaway_quote_falls_back_to_lines():
    text = 'a,b\n"oops,1\n' + "".join(f"{i},{i}\n" for i in range(300))
    rows = split_rows(text, ",")
    assert len(rows) == 302 and rows[-1] == (302, ["299", "299"])


@pytest.mark.parametrize("cell, value", [
    (" --", None), ("--", None), ("", None), ("n/a", None), ("NA", None), ("NaN", None),
    ("14,117,313", 14117313.0), ("4,838.80", 4838.8), ("103606.77", 103606.77),
    ("2.01%", 2.01), ("< 10%", 10.0), ("> 90%", 90.0), ("0.006639004149377593", 0.006639004149377593),
    ("-17.3", -17.3), ("4465054", 4465054.0),
])
def test_parse_number(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell, value", [("12,5", 12.5), ("1.234,56", 1234.56), ("1 234,56", 1234.56)])
def test_parse_number_decimal_comma(cell, value):
    assert parse_number(cell, decimal=",") == value


@pytest.mark.parametrize("cell", ["abc", "1,5", "Lifetime"])
def test_parse_number_rejects_text(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


@pytest.mark.parametrize("cell, dayfirst, value", [
    ("2026-05-09", False, date(2026, 5, 9)),
    ("20250201", False, date(2025, 2, 1)),
    ("2025-01-01T01:00:00", False, date(2025, 1, 1)),
    ("3/9/17 18:54", False, date(2017, 3, 9)),
    ("02/16/2025 05:14", False, date(2025, 2, 16)),
    ("2/7/2020", False, date(2020, 2, 7)),
    ("2/7/2020", True, date(2020, 7, 2)),
    ("28/06/2025", False, date(2025, 6, 28)),
    ("March 27, 2026", False, date(2026, 3, 27)),
    ("27 January 2026", False, date(2026, 1, 27)),
    ("Feb 1, 2025", False, date(2025, 2, 1)),
    ("August 18, 2019, 12:00 AM", False, date(2019, 8, 18)),
    ("1 Jan 2025", False, date(2025, 1, 1)),
    ("", False, None),
])
def test_parse_date(cell, dayfirst, value):
    assert parse_date(cell, dayfirst=dayfirst) == value


def test_parse_datetime_keeps_time():
    assert parse_datetime("September 16, 2019, 11:59 PM") == datetime(2019, 9, 16, 23, 59)
    assert parse_datetime("3/9/17 18:54") == datetime(2017, 3, 9, 18, 54)


def test_parse_date_range():
    assert parse_date_range("March 27, 2026 - April 23, 2026") == (date(2026, 3, 27), date(2026, 4, 23))
    assert parse_date_range("27 January 2026 - 23 February 2026") == (date(2026, 1, 27), date(2026, 2, 23))


@pytest.mark.parametrize("text", [
    "1 janv. 2025 - 31 mars 2025", "1 de enero de 2025 - 31 de marzo de 2025", "1. Januar 2025 - 31. März 2025",
    "1 gennaio 2025 - 31 marzo 2025", "1 de janeiro de 2025 - 31 de março de 2025", "1 januari 2025 - 31 maart 2025",
    "1 Jan. 2025 - 31 Mrz. 2025", "01.01.2025 - 31.03.2025",
])
def test_a_date_range_in_each_interface_language(text):
    """The row under a Google Ads report's title, as each interface language writes it."""
    assert parse_date_range(text, dayfirst=True) == (date(2025, 1, 1), date(2025, 3, 31))


def test_read_table_skips_preamble_and_rejects_ragged_rows():
    data = b"# title\n# Start date: 20250101\nTitle row\na,b,c\n1,2,3\n\n4,5\n6,7,8,\n"
    table = read_table(read_sample(data, "t.csv"))
    assert (table.header_row, table.columns) == (4, ["a", "b", "c"])
    assert table.rows == [["1", "2", "3"], ["6", "7", "8"]] and table.line_numbers == [5, 8]
    assert [(r.line, r.reason) for r in table.rejected] == [
        (7, "2 fields where the header (line 4) has 3")]
    assert table.preamble == ["# title", "# Start date: 20250101", "Title row"]


def test_read_table_sep_line_and_decimal_comma():
    table = read_table(read_sample(b"sep=;\nDate;Value\n2025-01-01;12,5\n2025-01-02;3,25\n"))
    assert (table.delimiter, table.decimal, table.columns) == (";", ",", ["Date", "Value"])


def test_read_table_refuses_numbers_turned_into_dates():
    data = "Age;Women;Men\n18-24;3.апр;1.юни\n45-54;15;6.май\n".encode("cp1251")
    with pytest.raises(Refused, match=r"line 2: '3.апр'.*turned into dates by Excel"):
        read_table(read_sample(data, "Audience.csv"))


def test_read_table_keeps_month_labels():
    table = read_table(read_sample(b"Month,Litres\n2013,13404.1\nJan-87,1308\n"))
    assert len(table.rows) == 2


def test_a_sheets_padding_is_taken_off_every_line_as_the_tool_wrote_it():
    padded = ("Campaign report;;;;\n1 janvier 2025 - 31 janvier 2025;;;;\nCampagne;Clics;Coût;;\n"
              "Brand;12;3,5;;\nPromo;;;;\n\nSoldes;4;;;\n")
    # the title and range are one cell again; rows keep the header's width, blanks included
    assert unpadded(padded) == ("Campaign report\n1 janvier 2025 - 31 janvier 2025\nCampagne;Clics;Coût\n"
                                "Brand;12;3,5\nPromo;;\n\nSoldes;4;\n")
    plain = "Day,Campaign,Cost\n2025-01-01,Brand,\n2025-01-02,Brand,3.5\n"
    assert unpadded(plain) is plain   # a header ending with a name: the text is not touched


def test_classic_mac_line_ends_become_line_feeds_but_a_cells_own_breaks_stay():
    mac = 'Day,Text\r2025-01-01,"two\nlines"\r2025-01-02,one\r'
    assert line_feeds(mac) == 'Day,Text\n2025-01-01,"two\nlines"\n2025-01-02,one\n'
    windows = 'Day,Text\r\n2025-01-01,"a\rb"\r\n'
    assert line_feeds(windows) is windows


@pytest.mark.parametrize("data, encoding", [
    ("Fecha,Posición\n2026-05-10,2.8\n".encode("mac_roman"), "mac_roman"),    # Excel for Mac
    ("Campagne,Coût,Durée\nNoël,3,2\n".encode("mac_roman"), "mac_roman"),
    ("Campagne,Coût\nNoël café,3\n".encode("cp1252"), "cp1252"),              # Windows Excel
    ("Campaign,Cost\nValentine’s day don’t,3\n".encode("cp1252"), "cp1252"),  # curly quotes
    ("Campagne,Coût\nsœur et cœur,3\n".encode("cp1252"), "cp1252"),
])
def test_mac_roman_is_told_from_windows_1252(data, encoding):
    assert decode(data)[1] == encoding
