"""Large regular files are read whole by Arrow (issue 15, class 7): the same Table as the careful
line-by-line reader, and any irregular file still goes through the careful reader."""
import pandas as pd
import pytest

from lib.sources import text
from lib.sources.base import Refused
from lib.sources.text import read_sample, read_table

ROWS = 500   # past the HEAD_LINES the layout is read from


def _google_ads_utf16() -> bytes:
    lines = ["Ad group report", "1 January 2025 - 31 December 2025",
             "Day\tCampaign\tAd group\tImpr.\tClicks\tCurrency code\tCost\tConversions\tConv. value"]
    for i in range(ROWS):
        impressions = f'"{1000 + i * 37:,}"' if i % 3 else str(i)
        lines.append(f"2025-01-{1 + i % 28:02d}\tÉté {i % 7}\tGroupe {i}\t{impressions}\t{i % 50}\tEUR"
                     f"\t{i * 0.37:.2f}\t{i % 4}.00\t{i * 1.5:.2f}")
    lines.append('Total: Account\t\t\t"123,456"\t999\tEUR\t1.00\t2.00\t3.00')
    return b"\xff\xfe" + ("\n".join(lines) + "\n").encode("utf-16-le")


def _meta(newline: str = "\n") -> bytes:
    lines = ['Day,"Campaign name","Ad set name",Reach,Impressions,Currency,"Amount spent (EUR)",'
             '"Link clicks",Purchases,"Purchases conversion value","Reporting starts","Reporting ends"',
             ",,,100,200,EUR,30.50,7,,,2025-01-01,2025-01-31"]
    for i in range(ROWS):
        name = f'"Soldes, hiver {i}"' if i % 5 == 0 else f"Campagne {i}"
        if i == 300:
            name = '"Deux\nlignes"'   # a name with a line break: the next rows start a line later
        clicks = "" if i % 4 == 0 else str(i)
        lines.append(f"2025-01-{1 + i % 28:02d},{name},Set {i},{i},{i * 2},EUR,{i * 0.1:.2f},"
                     f"{clicks},,,2025-01-{1 + i % 28:02d},2025-01-{1 + i % 28:02d}")
    return "\ufeff".encode() + (newline.join(lines) + newline).encode("utf-8")


def _read_both(monkeypatch, data: bytes, name: str = "f.csv"):
    """(table read with Arrow where it can, table read carefully, whether Arrow read it)."""
    used = []
    fast = text._read_fast
    monkeypatch.setattr(text, "_read_fast", lambda *a: used.append(r := fast(*a)) or r)
    monkeypatch.setattr(text, "FAST_BYTES", 0)
    quick = read_table(read_sample(data, name))
    monkeypatch.setattr(text, "FAST_BYTES", 1 << 60)
    careful = read_table(read_sample(data, name))
    return quick, careful, bool(used and used[0] is not None)


def _same(a: text.Table, b: text.Table) -> None:
    assert (a.encoding, a.delimiter, a.header_row, a.columns, a.preamble, a.decimal) == (
        b.encoding, b.delimiter, b.header_row, b.columns, b.preamble, b.decimal)
    assert [(r.line, r.reason) for r in a.rejected] == [(r.line, r.reason) for r in b.rejected]
    assert a.line_numbers == b.line_numbers and a.rows == b.rows
    pd.testing.assert_frame_equal(a.frame, b.frame)


@pytest.mark.parametrize("data", [
    _google_ads_utf16(), _meta(), _meta("\r\n"),
    b"sep=;\n# exported\nDate;Valeur;Nom\n" + b"".join(
        f"2025-01-{1 + i % 28:02d};{i},5;#tag {i}\n".encode() for i in range(ROWS)),
    b"a,b,c\n" + b"".join(f"{i},x{i},y\n".encode() if i != 250 else b",,\n" for i in range(ROWS)),
], ids=["google-ads-utf16-tab", "meta-bom", "meta-crlf", "sep-line-and-comments", "blank-cells-row"])
def test_arrow_reads_the_same_table_as_the_careful_reader(monkeypatch, data):
    quick, careful, by_arrow = _read_both(monkeypatch, data)
    assert by_arrow
    _same(quick, careful)
    assert len(quick.rows) >= ROWS - 1


def _rows(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


_BODY = [f"2025-01-{1 + i % 28:02d},Été {i},{i}.5" for i in range(ROWS)]


@pytest.mark.parametrize("data", [
    # the file's own bytes are read in place only where they decode to the text: otherwise
    # (a byte replaced by U+FFFD, NULs dropped, a lone surrogate) the text is read
    b"\xef\xbb\xbfDay,Name,Cost\n" + _rows(_BODY[:200]).encode() + b"2025-02-01,caf\xe9,1.5\n" + _rows(_BODY[200:]).encode(),
    "\ufeffDay,Name,Cost\n".encode() + _rows(_BODY).encode().replace(b"\xc3\x89t\xc3\xa9 7,", b"\xc3\x89t\x00\xc3\xa9 7,"),
    b"\xff\xfe" + ("Title\nDay\tName\tCost\n" + _rows(_BODY).replace(",", "\t")).encode("utf-16-le").replace(
        "Été 9\t".encode("utf-16-le"), "Été 9".encode("utf-16-le") + b"\x00\xd8" + "\t".encode("utf-16-le")),
    b"\xfe\xff" + ("Day\tName\tCost\n" + _rows(_BODY).replace(",", "\t")).encode("utf-16-be"),
], ids=["utf8-bad-byte", "utf8-bom-nul", "utf16-lone-surrogate", "utf16-be"])
def test_bytes_that_are_not_the_text_read_like_the_text(monkeypatch, data):
    quick, careful, by_arrow = _read_both(monkeypatch, data)
    assert by_arrow
    _same(quick, careful)
    assert len(quick.rows) >= ROWS


def test_line_numbers_follow_values_that_hold_line_breaks(monkeypatch):
    quick, _, _ = _read_both(monkeypatch, _meta())
    at = quick.rows.index(next(r for r in quick.rows if r[1] == "Deux\nlignes"))
    assert quick.line_numbers[at - 1:at + 2] == [at + 1, at + 2, at + 4]   # header, total first


@pytest.mark.parametrize("bad, line", [
    (b"1,2,3,4\n", 303),          # an extra field
    (b"1,2\n", 303),              # a missing one
])
def test_an_irregular_file_falls_back_and_reports_the_line(monkeypatch, bad, line):
    rows = [f"{i},x{i},y\n".encode() for i in range(ROWS)]
    rows[300] = bad
    quick, careful, by_arrow = _read_both(monkeypatch, b"# comment\na,b,c\n" + b"".join(rows))
    assert not by_arrow
    _same(quick, careful)
    assert [r.line for r in quick.rejected] == [line]
    assert "fields where the header (line 2) has 3" in quick.rejected[0].reason


def test_blank_lines_and_trailing_empty_cells_fall_back(monkeypatch):
    rows = [f"{i},x{i},y\n".encode() for i in range(ROWS)]
    rows[100], rows[200] = b"\n", b"7,8,9,,\n"
    quick, careful, by_arrow = _read_both(monkeypatch, b"a,b,c\n" + b"".join(rows))
    assert not by_arrow
    _same(quick, careful)
    assert ["7", "8", "9"] in quick.rows and 102 not in quick.line_numbers


def test_excel_dates_are_refused_on_the_arrow_path_too(monkeypatch):
    rows = [f"{i},{i}.5\n".encode() for i in range(ROWS)]
    rows[400] = "400,3.апр\n".encode()
    data = b"Age,Women\n" + b"".join(rows)
    monkeypatch.setattr(text, "FAST_BYTES", 0)
    with pytest.raises(Refused, match=r"line 402: '3.апр'.*turned into dates by Excel"):
        read_table(read_sample(data, "Audience.csv"))


def test_small_files_keep_the_careful_reader(monkeypatch):
    called = []
    monkeypatch.setattr(text, "_read_fast", lambda *a: called.append(1))
    read_table(read_sample(b"a,b\n1,2\n"))
    assert not called and text.FAST_BYTES >= 1 << 20
