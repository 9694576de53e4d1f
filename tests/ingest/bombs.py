"""Small files that unpack or parse into huge ones, built in the test, and a memory-capped runner."""
from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CEILING = 1536 * 1024 * 1024      # address space of the child: imports take ~0.75 GB of it


def repeated(pattern: bytes, size: int, head: bytes = b"") -> bytes:
    """HEAD then PATTERN repeated up to SIZE bytes."""
    return head + pattern * ((size - len(head)) // len(pattern))


def zip_of(members: dict[str, bytes | tuple[bytes, bytes, int]]) -> bytes:
    """A deflated zip; a member given as (head, pattern, size) is streamed in, never held whole."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            head, pattern, size = content
            chunk = pattern * (4 * 1024 * 1024 // len(pattern))
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(head)
                for _ in range((size - len(head)) // len(chunk)):
                    member.write(chunk)
    return out.getvalue()


def gsc_bomb() -> bytes:
    """A Search Console zip of ~1.5 MB whose Queries.csv holds 900 MB."""
    line = b"pneus hiver michelin " * 8 + b",12,340,3.5%,4.2\n"
    return zip_of({"Queries.csv": (b"Top queries,Clicks,Impressions,CTR,Position\n", line, 900 * 2**20),
                   "Filters.csv": b"Filter,Value\nSearch type,Web\nDate,Last 3 months\n"})


def xlsx_bomb(sheet_bytes: int = 260 * 2**20) -> bytes:
    """A workbook of a few MB whose first sheet's XML holds SHEET_BYTES."""
    row = b'<row><c t="inlineStr"><is><t>Campagne</t></is></c><c><v>12</v></c></row>'
    head = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>')
    return zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                   "xl/worksheets/sheet1.xml": (head, row, sheet_bytes)})


def run_capped(code: str, *args: str) -> subprocess.CompletedProcess:
    """Run CODE (python -c, or `-m lib ...` when CODE is "-m") in a child whose address space is
    capped at CEILING: a reader that loads a bomb into memory dies with MemoryError there."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))
    command = [sys.executable, "-m", *args] if code == "-m" else [sys.executable, "-c", code, *args]
    return subprocess.run(command, cwd=ROOT, preexec_fn=cap, capture_output=True, text=True,
                          timeout=120)
