"""Checks on an uploaded file before anything reads it: name, extension, size and content.

Uploaded bytes stay in memory: nothing here (or in the readers) writes them to disk, runs them
or unpacks them anywhere. Streamlit's `server.maxUploadSize` stops oversized uploads in the
browser and at the server's upload endpoint; `check_upload` enforces the same limit again, so a
file that reaches lib by another path (a test, a script) meets the same rules.

`check_upload` is the one gate of every input path (Data page, column mapping, A/B upload, CLI
`load` through `ingest.read_file`). Memory stays bounded: zip and XLSX members are decompressed
in streamed chunks and their *decoded* bytes summed against MAX_UNZIPPED_BYTES (the zip directory's
sizes are not trusted), and text is checked for its column count, line count and longest cell
with vectorised passes over the bytes, before any reader builds rows.
"""
from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from pathlib import PurePosixPath

import numpy as np

from lib.i18n.messages import Message
from lib.sources.base import Refused
from lib.sources.dialect import DELIMITERS
from lib.sources.text import decode

MAX_UPLOAD_BYTES = 200 * 1024 * 1024

EXTENSIONS = (".csv", ".tsv", ".txt", ".zip", ".xlsx", ".json")
ZIP_EXTENSIONS = (".zip", ".xlsx")
ZIP_MAGIC = b"PK\x03\x04"
# Executables and scripts, by their first bytes: never a marketing export.
EXECUTABLE_MAGIC = {
    b"MZ": "a Windows program", b"\x7fELF": "a Linux program", b"#!": "a script",
    b"\xfe\xed\xfa\xce": "a macOS program", b"\xfe\xed\xfa\xcf": "a macOS program",
    b"\xce\xfa\xed\xfe": "a macOS program", b"\xcf\xfa\xed\xfe": "a macOS program",
    b"\xca\xfe\xba\xbe": "a Java or macOS program", b"\x00asm": "a WebAssembly program",
    b"\xd0\xcf\x11\xe0": "an old Office file (.xls/.doc); save it as .xlsx or CSV",
}
# The same kinds as worded on a page (lib/i18n/strings/data.toml).
KIND_KEYS = {"a Windows program": "msg_kind_windows", "a Linux program": "msg_kind_linux",
             "a script": "msg_kind_script", "a macOS program": "msg_kind_macos",
             "a Java or macOS program": "msg_kind_java", "a WebAssembly program": "msg_kind_wasm",
             "an old Office file (.xls/.doc); save it as .xlsx or CSV": "msg_kind_old_office"}
# Members a zip of exports never needs: programs, scripts and Office macros.
BLOCKED_MEMBERS = (".exe", ".dll", ".so", ".dylib", ".bat", ".cmd", ".com", ".scr", ".ps1", ".vbs",
                   ".js", ".jar", ".sh", ".py", ".msi", ".app", ".bin")
MAX_UNZIPPED_BYTES = 3 * MAX_UPLOAD_BYTES   # decoded bytes of all members: a zip bomb expands past this
MAX_SHEET_XML_BYTES = MAX_UPLOAD_BYTES     # XLSX sheet XML: openpyxl is slow, so this bounds its time
MAX_MEMBERS = 2000
MAX_COLUMNS = 500                          # a wider header freezes the mapping form
MAX_LINES = 5_000_000                      # per text file or zip member
MAX_CELL_BYTES = 10_000                    # bytes between two separators: a campaign name is < 300
CHUNK = 4 * 1024 * 1024
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
_SEPARATORS = np.frombuffer("".join(DELIMITERS).encode() + b"\n\r", dtype=np.uint8)
_XML_SEPARATORS = np.frombuffer(b"<", dtype=np.uint8)   # XML text never holds a raw `<`
SNIFF_BYTES = 65536
MAX_CONTROL_SHARE = 0.05                   # of the sniffed bytes: random bytes hold 10%
MIN_CONTROL = 16                           # a stray NUL in a tiny file is the reader's business
_TEXT_CONTROLS = "\t\n\r\f\v\x1a"


def _magic(data: bytes) -> str | None:
    return next((what for magic, what in EXECUTABLE_MAGIC.items() if data.startswith(magic)), None)


def check_name(name: str) -> str:
    """The file's extension (lower case), or Refused when the name or the extension will not do."""
    if not name or len(name) > 255 or any(unicodedata.category(c) == "Cc" for c in name):
        raise Refused(Message("the file name is empty, too long or holds control characters; rename the file.",
                              "msg_bad_file_name"))
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix not in EXTENSIONS:
        raise Refused(Message(f"{name}: {suffix or 'no extension'} files are not accepted; upload the "
                              f"export as {', '.join(EXTENSIONS)}.",
                              "msg_extension" if suffix else "msg_no_extension", name=name, suffix=suffix,
                              accepted=", ".join(EXTENSIONS)))
    return suffix


class _Shape:
    """Lines and the longest run of bytes without a separator, fed chunk by chunk (vectorised)."""

    def __init__(self, name: str, separators: np.ndarray = _SEPARATORS):
        self.name, self.separators, self.lines, self.run, self.longest = name, separators, 0, 0, 0
        self.is_separator = np.zeros(256, dtype=bool)   # a byte's lookup: one pass, not one per separator
        self.is_separator[separators] = True

    def feed(self, chunk: bytes) -> None:
        if self.separators is _SEPARATORS:
            self.lines += chunk.count(b"\n")
        where = np.flatnonzero(self.is_separator[np.frombuffer(chunk, dtype=np.uint8)])
        if not len(where):
            self.run += len(chunk)
        else:
            inner = int(np.diff(where).max()) - 1 if len(where) > 1 else 0
            self.longest = max(self.longest, self.run + int(where[0]), inner)
            self.run = len(chunk) - 1 - int(where[-1])
        self.longest = max(self.longest, self.run)
        if self.lines > MAX_LINES:
            raise Refused(_too_many_lines(self.name))
        if self.longest > MAX_CELL_BYTES:
            raise Refused(Message(f"{self.name}: a cell is longer than {MAX_CELL_BYTES:,} characters; no "
                                  "export field is that long. Check the file, or shorten that cell.",
                                  "msg_long_cell", name=self.name, limit=MAX_CELL_BYTES))


def _too_many_lines(name: str) -> Message:
    return Message(f"{name}: more than {MAX_LINES:,} lines; export a shorter date range or fewer rows.",
                   "msg_too_many_lines", name=name, limit=MAX_LINES)


def _too_many_columns(name: str, found: int) -> Message:
    return Message(f"{name}: {found:,} columns is more than {MAX_COLUMNS}; export only the columns "
                   "you need.", "msg_too_many_columns", name=name, found=found, limit=MAX_COLUMNS)


def _width(lines: list[str], delimiter: str) -> int:
    """The most fields in LINES split by DELIMITER, quotes respected (a quoted comma is no column)."""
    widest, rows = 0, csv.reader(lines, delimiter=delimiter)
    try:
        for row in rows:
            widest = max(widest, len(row))
    except csv.Error:   # a quoted field past csv's own limit: the cell check refuses it
        pass
    return widest


def _check_columns(name: str, head: bytes) -> None:
    """The header's width, on the first lines (the widest of the first 60, any delimiter)."""
    lines = decode(head[:len(head) - len(head) % 2])[0].splitlines()[:60]
    widest = max(_width(lines, d) for d in DELIMITERS)
    if widest > MAX_COLUMNS:
        raise Refused(_too_many_columns(name, widest))


def _check_sheet_columns(name: str, head: bytes) -> None:
    """The first row's width in a sheet's XML: its `<c` cells before the first `</row>`."""
    first = head.split(b"</row>", 1)[0]
    cells = first.count(b"<c ") + first.count(b"<c>")
    if cells > MAX_COLUMNS:
        raise Refused(_too_many_columns(name, cells))


_SEPARATOR_BYTES = [b"\n", *(bytes([b]) for b in _SEPARATORS if b != ord("\n"))]


def _short_cells(data: bytes) -> bool:
    """Whether every block of MAX_CELL_BYTES // 2 bytes holds a separator: then no run without
    one reaches MAX_CELL_BYTES (such a run would cover a whole block). One memchr per block,
    where _Shape looks at every byte; False sends the file to _Shape for the exact answer."""
    block = MAX_CELL_BYTES // 2
    return all(any(data.find(sep, at, at + block) >= 0 for sep in _SEPARATOR_BYTES)
               for at in range(0, len(data), block))


def check_text_shape(name: str, data: bytes) -> None:
    """Refuse a text export with too many columns, lines, or a cell over MAX_CELL_BYTES."""
    _check_columns(name, data[:SNIFF_BYTES * 16])
    if _short_cells(data):   # the usual export: only the line count is left to check
        lines = data.count(b"\n")
        if lines > MAX_LINES:
            raise Refused(_too_many_lines(name))
        return
    shape = _Shape(name)
    view = memoryview(data)
    for at in range(0, len(data), CHUNK):
        shape.feed(view[at:at + CHUNK].tobytes())


def _check_member(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> int:
    """Decompress one member in chunks (nothing kept); its decoded size, refused past `budget`."""
    label = f"{name}: {member.filename}"
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused(Message(f"{label}: compressed with an unusual method; exports use plain zip "
                              "(deflate). Download the export again.", "msg_zip_method", name=label))
    suffix = PurePosixPath(member.filename).suffix.lower()
    xml = suffix == ".xml" and member.filename.startswith("xl/")
    text = suffix in TEXT_SUFFIXES or xml
    shape, size = _Shape(label, _XML_SEPARATORS if xml else _SEPARATORS), 0
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            if size == 0 and suffix in TEXT_SUFFIXES:
                _check_columns(label, chunk[:SNIFF_BYTES * 16])
            elif size == 0 and member.filename.startswith("xl/worksheets/"):
                _check_sheet_columns(label, chunk[:SNIFF_BYTES * 16])
            size += len(chunk)
            if size > budget:
                raise Refused(Message(f"{name}: the archive expands to more than "
                                      f"{MAX_UNZIPPED_BYTES // 2**20} MB ({member.filename}); export a "
                                      "shorter date range.", "msg_zip_too_big", name=name,
                                      mb=MAX_UNZIPPED_BYTES // 2**20, member=member.filename))
            if text:
                shape.feed(chunk)
    return size


def _check_zip(name: str, data: bytes, suffix: str) -> None:
    if not data.startswith(ZIP_MAGIC):
        kind = "an Excel workbook" if suffix == ".xlsx" else "a zip archive"
        raise Refused(Message(f"{name}: this is not {kind} (the content does not match the extension). "
                              "Download the export again.",
                              "msg_not_xlsx" if suffix == ".xlsx" else "msg_not_zip", name=name))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused(_damaged(name, exc)) from None
    if len(members) > MAX_MEMBERS:
        raise Refused(Message(f"{name}: {len(members)} files in one archive is more than {MAX_MEMBERS}.",
                              "msg_zip_members", name=name, found=len(members), limit=MAX_MEMBERS))
    for m in members:
        path = PurePosixPath(m.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise Refused(Message(f"{name}: the archive holds a file outside its own folder ({m.filename}).",
                                  "msg_zip_outside", name=name, member=m.filename))
        if path.suffix.lower() in BLOCKED_MEMBERS or path.name.lower() == "vbaproject.bin":
            raise Refused(Message(f"{name}: the archive holds a program, a script or macros "
                                  f"({path.name}); only exports are accepted.", "msg_zip_program",
                                  name=name, member=path.name))
    left, sheets = MAX_UNZIPPED_BYTES, 0
    for m in members:   # decoded sizes, streamed: the directory's sizes may lie
        try:
            size = _check_member(name, archive, m, left)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
            raise Refused(_damaged(name, exc)) from None
        left -= size
        if suffix == ".xlsx" and m.filename.startswith("xl/worksheets/"):
            sheets += size
    if sheets > MAX_SHEET_XML_BYTES:
        raise Refused(Message(f"{name}: the workbook's sheets hold {sheets // 2**20} MB of data, more "
                              f"than {MAX_SHEET_XML_BYTES // 2**20} MB; export CSV or a shorter date "
                              "range.", "msg_sheets_too_big", name=name, found=sheets // 2**20,
                              limit=MAX_SHEET_XML_BYTES // 2**20))


def _damaged(name: str, exc: Exception) -> Message:
    return Message(f"{name}: the archive is damaged ({exc}). Download the export again.",
                   "msg_zip_damaged", name=name, detail=str(exc))


def _check_text(name: str, data: bytes) -> None:
    """Text exports hold almost no control bytes; binaries (images, programs, databases) hold many."""
    head = data[:SNIFF_BYTES]
    encoding = decode(head[:4000] if len(head) % 2 == 0 else head[:3999])[1]
    if encoding.startswith("utf-16"):
        text = decode(head[:len(head) - len(head) % 2])[0]
        control, size = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in _TEXT_CONTROLS), len(text)
    else:   # counted on the bytes: a cut multi-byte character or an odd code page does not matter
        control, size = sum(1 for b in head if b < 0x20 and chr(b) not in _TEXT_CONTROLS), len(head)
    if control > MIN_CONTROL and control / max(size, 1) > MAX_CONTROL_SHARE:
        raise Refused(Message(f"{name}: this is a binary file, not a text export; upload the export as "
                              "the tool produced it (CSV, TSV, TXT or JSON).", "msg_binary", name=name))


def check_upload(name: str, data: bytes) -> None:
    """Refuse (Refused, with the reason) a file by name, size or content; return None if it may be read."""
    suffix = check_name(name)
    if len(data) > MAX_UPLOAD_BYTES:
        raise Refused(Message(f"{name}: {len(data) / 1e6:.0f} MB is over the {MAX_UPLOAD_BYTES // 2**20} "
                              "MB limit; export a shorter date range.", "msg_upload_too_big", name=name,
                              found=round(len(data) / 1e6), limit=MAX_UPLOAD_BYTES // 2**20))
    if not data or data.isspace():   # strip() would copy the whole file
        raise Refused(Message(f"{name}: the file is empty. Download the export again.", "msg_empty_file",
                              name=name))
    what = _magic(data)
    if what:
        raise Refused(Message(f"{name}: this is {what}, not an export.", "msg_not_an_export", name=name,
                              kind=Message(what, KIND_KEYS[what])))
    if suffix in ZIP_EXTENSIONS:
        _check_zip(name, data, suffix)
    elif data.startswith(ZIP_MAGIC):
        raise Refused(Message(f"{name}: this is a zip archive named {suffix}; rename it .zip or .xlsx.",
                              "msg_zip_misnamed", name=name, suffix=suffix))
    else:
        _check_text(name, data)
        if suffix in TEXT_SUFFIXES:
            check_text_shape(name, data)


def refusal(files: dict[str, bytes]) -> str | None:
    """The first refusal among several files (name -> bytes), or None when all may be read (a
    Message, worded in the page's language where it is shown)."""
    for name, data in files.items():
        try:
            check_upload(name, data)
        except Refused as exc:
            return exc.args[0]
    return None
