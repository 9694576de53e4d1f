"""Upload checks: extension, size, content sniffing; nothing is written to disk."""
from __future__ import annotations

import io
import os
import zipfile

import pytest

from lib.ingest import load as ingest
from lib.ingest import uploads
from lib.sources.base import Refused
from lib.ui.data import Upload, read_upload
from tests.conftest import REAL

CSV = b"Day,Sessions\n2025-01-01,12\n"


def zipped(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name.replace("__", "/"), data)
    return out.getvalue()


ACCEPTED = [
    ("report.csv", CSV),
    ("REPORT.CSV", CSV),
    ("report.tsv", b"Day\tSessions\n2025-01-01\t12\n"),
    ("report.txt", "Jour;Coût\n01/01/2025;12,5\n".encode("cp1252")),
    ("report.csv", "\ufeffJour,Coût\n01/01/2025,12\n".encode("utf-16")),     # Google Ads "Excel" CSV
    ("report.json", b'{"reports": []}'),
    ("gsc.zip", zipped(**{"Queries.csv": CSV, "Filters.csv": CSV})),
    ("tiny-null.csv", b"a,b,c\n\x00,2,3\n"),                                  # a stray NUL: the reader's business
]


@pytest.mark.parametrize("name, data", ACCEPTED)
def test_accepted(name, data):
    uploads.check_upload(name, data)


REFUSED = [
    ("report.exe", CSV, "not accepted"),
    ("report.csv.exe", CSV, "not accepted"),
    ("report", CSV, "no extension"),
    ("report.xlsm", CSV, "not accepted"),
    ("report.html", b"<html></html>", "not accepted"),
    ("bad\x00name.csv", CSV, "control characters"),
    ("", CSV, "file name"),
    ("empty.csv", b"  \n", "empty"),
    ("prog.csv", b"MZ\x90\x00\x03" + b"\x00" * 100, "Windows program"),
    ("prog.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "Linux program"),
    ("run.csv", b"#!/bin/sh\nrm -rf /\n", "script"),
    ("old.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Office"),
    ("noise.csv", os.urandom(20000), "binary"),
    ("book.xlsx", CSV, "not an Excel workbook"),
    ("archive.zip", CSV, "not a zip archive"),
    ("broken.zip", b"PK\x03\x04garbage", "damaged"),
    ("hidden.csv", zipped(**{"a.csv": CSV}), "zip archive named"),
    ("evil.zip", zipped(**{"..__..__etc__cron.d__x": CSV}), "outside its own folder"),
    ("tool.zip", zipped(**{"run.exe": b"MZ"}), "program"),
    ("macro.xlsx", zipped(**{"xl__vbaProject.bin": b"\x00"}), "macros"),
]


@pytest.mark.parametrize("name, data, reason", REFUSED)
def test_refused(name, data, reason):
    with pytest.raises(Refused, match=reason):
        uploads.check_upload(name, data)


def test_size_limit_enforced_on_the_server_side(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(Refused, match="over the"):
        uploads.check_upload("big.csv", CSV * 10)


def test_zip_bomb_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.csv", b"0" * 100_000)
    with pytest.raises(Refused, match="expands"):
        uploads.check_upload("bomb.zip", out.getvalue())


def test_every_real_export_passes():
    if not REAL.exists():
        pytest.skip("../shared not present: real exports unavailable")
    checked = 0
    for path in sorted(REAL.rglob("*")):
        if path.is_file() and path.suffix.lower() in uploads.EXTENSIONS:
            uploads.check_upload(path.name, path.read_bytes())
            checked += 1
    assert checked > 20


def test_the_data_page_refuses_before_reading(tmp_path, monkeypatch):
    """The Data page's reader refuses a disguised program with the reason, and writes no file."""
    monkeypatch.chdir(tmp_path)
    outcome = read_upload(Upload("1", "export.csv", {"export.csv": b"MZ" + b"\x00" * 64}))
    assert outcome.refusal and "Windows program" in outcome.refusal
    assert outcome.reading is None and outcome.table is None
    assert not list(tmp_path.iterdir())


def test_same_limit_as_ingest():
    assert uploads.MAX_UPLOAD_BYTES == ingest.MAX_UPLOAD_BYTES
