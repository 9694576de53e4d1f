"""Every input path refuses bombs in seconds with memory bounded (issue 17, item 2): small zips
and workbooks that unpack to hundreds of MB, wide CSVs, huge cells, endless lines."""
from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from lib.ingest import load as ingest
from lib.ingest import uploads
from lib.sources.base import Refused
from lib.ui.data import Upload, read_upload
from tests.ingest.bombs import gsc_bomb, repeated, run_capped, xlsx_bomb, zip_of

READ = """
import sys
from lib.ingest import load
from lib.sources.base import Refused
data = open(sys.argv[1], "rb").read()
try:
    load.read_file(data, sys.argv[2])
    print("READ")
except Refused as exc:
    print("REFUSED", exc)
"""


@pytest.fixture(scope="module")
def gsc_zip(tmp_path_factory):
    path = tmp_path_factory.mktemp("bombs") / "gsc-export.zip"
    path.write_bytes(gsc_bomb())
    return path


def test_the_gsc_bomb_is_small(gsc_zip):
    assert gsc_zip.stat().st_size < 5 * 2**20


def test_a_small_zip_holding_a_huge_csv_is_refused_with_memory_capped(gsc_zip):
    started = time.monotonic()
    done = run_capped(READ, str(gsc_zip), gsc_zip.name)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("REFUSED"), done.stdout
    assert "expands to more than 600 MB (Queries.csv)" in done.stdout
    assert time.monotonic() - started < 60


def test_the_cli_refuses_the_bomb_with_memory_capped(gsc_zip, tmp_path):
    done = run_capped("-m", "lib", "--db", str(tmp_path / "cli.duckdb"), "load", str(gsc_zip))
    assert done.returncode == 1, done.stderr[-2000:]
    assert "expands to more than 600 MB" in done.stdout and '"status": "refused"' in done.stdout
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr


def test_the_data_page_refuses_the_bomb(gsc_zip):
    data = gsc_zip.read_bytes()
    outcome = read_upload(Upload("1", gsc_zip.name, {gsc_zip.name: data}))
    assert outcome.refusal and "expands to more than" in outcome.refusal
    assert outcome.reading is None and outcome.table is None


def test_a_workbook_with_huge_sheet_xml_is_refused_with_memory_capped(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(xlsx_bomb())
    assert path.stat().st_size < 5 * 2**20
    started = time.monotonic()
    done = run_capped(READ, str(path), path.name)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"REFUSED .*sheets hold 2\d\d MB of data, more than 200 MB", done.stdout)
    assert time.monotonic() - started < 60


def test_the_budget_sums_decoded_bytes_across_members(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 10 * 2**20)
    line = b"2025-01-01,12\n"
    data = zip_of({f"part{i}.csv": (b"Day,Sessions\n", line, 4 * 2**20 + 64) for i in range(3)})
    with pytest.raises(Refused, match=r"expands to more than 10 MB \(part2.csv\)"):
        uploads.check_upload("parts.zip", data)


def test_an_unusual_compression_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("Queries.csv", b"Top queries,Clicks\nx,1\n")
    with pytest.raises(Refused, match="unusual method"):
        uploads.check_upload("gsc.zip", out.getvalue())


WIDE = ",".join(f"c{i}" for i in range(10_000)).encode() + b"\n" + b"1," * 9_999 + b"1\n"
LONG_CELL = b"Day,Campaign,Cost\n2025-01-01," + b"x" * 10 * 2**20 + b",12\n"
SHAPES = [
    ("wide.csv", WIDE, "10,000 columns is more than 500"),
    ("wide.tsv", WIDE.replace(b",", b"\t"), "10,000 columns is more than 500"),
    ("wide-utf16.csv", WIDE.decode().encode("utf-16"), "10,000 columns is more than 500"),
    ("long.csv", LONG_CELL, "a cell is longer than 10,000 characters"),
    ("lines.csv", repeated(b"2025-01-01,1\n", 5_000_100 * 13, b"Day,Sessions\n"),
     "more than 5,000,000 lines"),
    ("wide.zip", zip_of({"Queries.csv": WIDE}), "Queries.csv: 10,000 columns"),
    ("long.zip", zip_of({"Queries.csv": LONG_CELL}), "Queries.csv: a cell is longer than"),
    ("wide.xlsx", zip_of({"xl/worksheets/sheet1.xml": b"<sheetData><row>" + b'<c r="A1"><v>1</v></c>'
                          * 600 + b"</row></sheetData>"}), "600 columns is more than 500"),
    ("long.xlsx", zip_of({"xl/sharedStrings.xml": b"<sst><si><t>" + b"x" * 2**20 + b"</t></si></sst>"}),
     "sharedStrings.xml: a cell is longer than"),
]


@pytest.mark.parametrize("name, data, message", SHAPES, ids=[s[0] for s in SHAPES])
def test_shapes_that_freeze_the_pages_are_refused(name, data, message):
    started = time.monotonic()
    with pytest.raises(Refused, match=message):
        uploads.check_upload(name, data)
    with pytest.raises(Refused, match=message):       # the CLI's and the Data page's reader
        ingest.read_file(data, name)
    assert time.monotonic() - started < 20


def test_the_mapping_never_sees_a_wide_csv():
    outcome = read_upload(Upload("1", "wide.csv", {"wide.csv": WIDE}))
    assert outcome.refusal and "columns is more than 500" in outcome.refusal
    assert outcome.table is None


def test_the_limits_leave_room_for_real_exports():
    wide_enough = ",".join(f"c{i}" for i in range(uploads.MAX_COLUMNS)).encode() + b"\n"
    long_enough = b"Day,Campaign\n2025-01-01," + b"x" * uploads.MAX_CELL_BYTES + b"\n"
    uploads.check_upload("wide.csv", wide_enough + b"1," * (uploads.MAX_COLUMNS - 1) + b"1\n")
    uploads.check_upload("long.csv", long_enough)
    uploads.check_upload("quoted.csv", b'Day,Campaign\n2025-01-01,"' + b"a, " * 50_000 + b'"\n')


def test_several_csvs_of_one_export_meet_the_same_checks():
    files = {"Queries.csv": b"Top queries,Clicks,Impressions,CTR,Position\nx,1,2,3%,1\n", "wide.csv": WIDE}
    with pytest.raises(Refused, match="wide.csv: 10,000 columns"):
        ingest.read_export(files)


def test_a_search_console_member_is_read_with_a_byte_cap(monkeypatch):
    """Past the upload checks (a member under the budget), the GSC reader still caps each CSV."""
    from lib.sources import search_console

    monkeypatch.setattr(search_console, "MAX_MEMBER_BYTES", 1000)
    line = b"pneus hiver,12,340,3.5%,4.2\n"
    data = zip_of({"Queries.csv": repeated(line, 5000, b"Top queries,Clicks,Impressions,CTR,Position\n")})
    with pytest.raises(Refused, match="Queries.csv holds more than 0 MB"):
        ingest.read_file(data, "gsc.zip")


@pytest.mark.parametrize("at", [0, 3, 4_999, 5_000, 7_321, 12_345])
@pytest.mark.parametrize("length, refused", [(9_998, False), (10_000, False), (10_001, True)])
def test_the_block_shortcut_gives_the_byte_scans_answer(at, length, refused):
    # rows of short cells around one long run, starting anywhere against the 5,000-byte blocks
    rows = b"Day,Campaign\n" + b"2025-01-01,abc\n" * 2_000
    cut = rows.rfind(b"\n", 0, at + 1) + 1 if at else 0
    data = rows[:cut] + b"2025-01-02," + b"y" * length + b"\n" + rows[cut:]
    shape = uploads._Shape("f.csv")
    shape.longest = 0
    try:
        shape.feed(data)
        exact = False
    except Refused:
        exact = True
    assert exact == refused
    if refused:
        with pytest.raises(Refused, match="a cell is longer than 10,000 characters"):
            uploads.check_text_shape("f.csv", data)
    else:
        uploads.check_text_shape("f.csv", data)
    assert uploads._short_cells(rows)
