"""Shared low-level reader for exported text files: decoding, delimiters, rows, numbers, dates.

Every export format module builds on these functions. Large regular files are read whole by
Arrow's CSV reader; the others, line by line by Python's csv module.
Facts cited as "FORMATS §n" refer to /work/shared/FORMATS.md.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from lib.i18n.messages import Message
from lib.sources.base import Refused, Rejected, Sample
from lib.sources.dialect import sep_line, sniff_delimiter  # noqa: F401 (sniff_delimiter: the readers take it from here)

# Arrow's buffers from the C library's allocator, which hands big freed blocks back at once:
# mimalloc (pyarrow's default) kept them, and a 1M-row load peaked 90-140 MB higher and read
# 0.3 s slower (`make bench`). An ARROW_DEFAULT_MEMORY_POOL the user sets is kept.
if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
    pa.set_memory_pool(pa.system_memory_pool())

csv.field_size_limit(2**31 - 1)

_CYRILLIC_RUN = re.compile(rb"[\xc0-\xff]{3,}")
_HIGH = re.compile(rb"[\x80-\xff]")
# a byte above ASCII inside a lowercase word: `caf\xe9` (cp1252 é), `Posici\x97n` (Mac Roman ó);
# not 0x91-0x94, Windows-1252's curly quotes (`don\x92t`), which Mac Roman reads as ë í ì î
_IN_WORD = re.compile(rb"[a-z]([\x80-\x90\x95-\xff])[a-z]")


# --- decoding ------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """Decode export bytes, returning (text, encoding); never raises on any byte sequence."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", errors="replace"), "utf-8-sig"   # no copy of the bytes
    # Google Ads "Excel" download, LinkedIn, Meta Business Suite: UTF-16LE with BOM (FORMATS §3-4)
    if data.startswith(b"\xff\xfe"):
        return data.decode("utf-16", errors="replace"), "utf-16-le"   # the BOM read and dropped
    if data.startswith(b"\xfe\xff"):
        return data.decode("utf-16", errors="replace"), "utf-16-be"
    bom_less = _utf16_without_bom(data)
    if bom_less:
        return data.decode(bom_less, errors="replace"), bom_less
    try:
        return data.decode("utf-8").replace("\x00", ""), "utf-8"
    except UnicodeDecodeError:
        pass
    # Excel re-save in a Bulgarian locale wrote cp1251 (FORMATS §7): Cyrillic comes in letter runs,
    # whereas cp1252 accents (é, ü) are isolated high bytes inside Latin words.
    high = len(_HIGH.findall(data))
    in_runs = sum(len(m) for m in _CYRILLIC_RUN.findall(data))
    if high and in_runs / high > 0.5:
        return data.decode("cp1251", errors="replace").replace("\x00", ""), "cp1251"
    if _mac_roman(data):
        return data.decode("mac_roman").replace("\x00", ""), "mac_roman"
    try:
        return data.decode("cp1252").replace("\x00", ""), "cp1252"
    except UnicodeDecodeError:  # bytes undefined in cp1252 (0x81, 0x8d, ...): latin-1 maps all
        return data.decode("latin-1").replace("\x00", ""), "latin-1"


def _mac_roman(data: bytes) -> bool:
    """Excel for Mac's "CSV (Macintosh)" text: the bytes inside lowercase words read as lowercase
    letters in Mac Roman (`Posici\x97n`: ó) far more often than in Windows-1252 (— there)."""
    mac = windows = 0
    for m in _IN_WORD.finditer(data[:1 << 20]):   # bytes both read as letters (û/ž) tell nothing
        in_mac, in_windows = (m.group(1).decode(c, errors="replace").islower() for c in ("mac_roman", "cp1252"))
        mac, windows = mac + (in_mac and not in_windows), windows + (in_windows and not in_mac)
    return mac >= 1 and mac > 3 * windows


def _utf16_without_bom(data: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' when NUL bytes fill every other position (ASCII-heavy UTF-16)."""
    head = data[:4000]
    if len(head) < 4 or len(head) % 2:
        return None
    odd_nul = head[1::2].count(0) / (len(head) // 2)
    even_nul = head[0::2].count(0) / (len(head) // 2)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def json_object(sample: Sample) -> dict | None:
    """The sample's text as one JSON object (an API response saved to a file), or None."""
    text = sample.text.lstrip("\ufeff").strip()
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def read_sample(path_or_bytes: str | Path | bytes, name: str | None = None) -> Sample:
    """Read a file (or take raw bytes) once and decode it into a Sample."""
    if isinstance(path_or_bytes, bytes | bytearray):
        data = bytes(path_or_bytes)
        name = name or "upload"
    else:
        path = Path(path_or_bytes)
        data = path.read_bytes()
        name = name or path.name
    text, encoding = decode(data)
    return Sample(name=name, data=data, text=unpadded(line_feeds(text)), encoding=encoding)


def line_feeds(text: str) -> str:
    """Classic Mac line ends (a lone CR: Excel's "CSV (Macintosh)") as line feeds, which every
    reader here splits lines at; line numbers stay the file's. Decided by the end of the first
    line (a header's), since a cell's own line breaks, quoted, may be LFs."""
    end = re.search(r"\r\n?|\n", text[:65536])
    return re.sub(r"\r(?!\n)", "\n", text) if end and end.group() == "\r" else text


# --- delimiters and rows -------------------------------------------------------------------

def unpadded(text: str) -> str:
    """The text without the empty fields a spreadsheet writes at the end of every line when a
    stray cell widened the sheet (`Campaign report;;;;`, `Brand;12,5;;`), as the tool wrote it:
    a title, a date range or a `#` line is its one cell again, and every other row is cut to the
    widest row's last cell (a blank last metric stays). Only when every line of the file's head
    ends with an empty field: a tool's header never does. The text is kept otherwise."""
    head = [ln for ln in text[:65536].lstrip("\ufeff").splitlines()[:60] if ln.strip()]
    if len(head) < 3:
        return text
    delimiter = sniff_delimiter(head)
    if not all(ln.rstrip().endswith(delimiter) for ln in head[:-1]):   # the last may be cut short
        return text
    rows = [r for _, r in split_rows(text, delimiter)]
    width = max((i + 1 for r in rows for i, c in enumerate(r) if c.strip()), default=0)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    table_started = False
    for r in rows:
        cells = [c for c in r if c.strip()]
        if len(cells) <= 1 and (not table_started or not cells or cells[0].lstrip().startswith("#")):
            writer.writerow(one_cell_row(r))
        else:
            table_started = True
            writer.writerow(r[:width])
    return out.getvalue()


def one_cell_row(cells: list[str]) -> list[str]:
    """A row a spreadsheet padded to its width, cut after its last filled cell: a title or a date
    range is one field in the tool's CSV."""
    used = len(cells)
    while used and not cells[used - 1].strip():
        used -= 1
    return cells[:used]


def split_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Split text into (1-based physical start line, fields); blank lines come back as []."""
    rows: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        last = 0
        for fields in reader:
            rows.append((last + 1, fields))
            # an unbalanced quote swallows the rest of the file: re-read line by line instead
            if reader.line_num - last > 200:
                raise csv.Error("runaway quoted field")
            last = reader.line_num
        return rows
    except csv.Error:
        rows = []
        for i, line in enumerate(io.StringIO(text, newline=""), start=1):
            line = line.rstrip("\r\n")
            try:
                fields = next(csv.reader([line], delimiter=delimiter), [])
            except csv.Error:
                fields = line.split(delimiter)
            rows.append((i, fields))
        return rows


# --- distinct texts, matched once (RE2 through Arrow) ---------------------------------------

SPACE = r"[\s\x0b\x1c-\x1f\x{85}\pZ]"     # what Python's \s and str.strip() take for space


def arrow_strings(cells: pd.DataFrame | pd.Series | Iterable[str]) -> pa.ChunkedArray:
    """Every cell of a frame, a column or a list, as one Arrow string array (no copy for
    Arrow-backed columns)."""
    if isinstance(cells, pd.DataFrame):
        parts = [arrow_strings(cells[c]) for c in cells.columns]
        return pa.chunked_array([k for p in parts for k in p.chunks], type=pa.large_string())
    if not isinstance(cells, pd.Series):
        cells = pd.Series([str(c) for c in cells], dtype="string")
    values = cells.astype("string").array.__arrow_array__()
    return values.cast(pa.large_string()) if values.type != pa.large_string() else values


_MEMO: ContextVar[dict | None] = ContextVar("distinct_texts_memo", default=None)


@contextmanager
def distinct_memo():
    """Within it, each column's distinct texts are computed once: the Excel-date check, the
    date order, the number style and the numbers of one file all start from them."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def distinct_texts(cells: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """(the distinct texts of a column, in order of first appearance; each cell's index into
    them): a column of a million cells holds a few thousand texts, each read once."""
    strings = arrow_strings(cells)
    memo = _MEMO.get()
    if memo is not None and (hit := memo.get(id(strings))) and hit[0] is strings:
        return hit[1], hit[2]
    # a chunked array is encoded against one dictionary, shared by its chunks: no concatenation
    encoded = pc.dictionary_encode(strings, null_encoding="encode")
    if isinstance(encoded, pa.ChunkedArray):
        chunks = encoded.chunks
        texts = chunks[-1].dictionary if chunks else pa.array([], pa.large_string())
        codes = (np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
                 if chunks else np.zeros(0, dtype=np.int32))
    else:
        texts, codes = encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False)
    if memo is not None:   # the array is kept with its result: its id cannot be reused meanwhile
        memo[id(strings)] = (strings, texts, codes)
    return texts, codes


def stripped(column: pd.Series) -> pd.Series:
    """column.str.strip(), or the column itself when no cell has spaces to strip (the usual case)."""
    if isinstance(column.dtype, pd.StringDtype):
        texts, _ = distinct_texts(column)
        if pc.all(pc.equal(pc.utf8_trim_whitespace(texts), texts)).as_py() is not False:
            return column
    return column.str.strip()


def matches(texts: pa.Array, pattern: str) -> np.ndarray:
    """Which texts match an RE2 pattern (a missing cell matches nothing)."""
    return pc.fill_null(pc.match_substring_regex(texts, pattern), False).to_numpy(zero_copy_only=False)


def positions(cells: pd.Series, pattern: str) -> np.ndarray:
    """Where the cells of a column match an RE2 pattern (each distinct text tested once)."""
    texts, codes = distinct_texts(cells)
    hits = np.flatnonzero(matches(texts, pattern))
    return np.flatnonzero(np.isin(codes, hits)) if len(hits) else hits


# --- numbers and dates ---------------------------------------------------------------------

# US$50.00, CA$12, A$3, R$ 10, €5, 5 €, £3, ¥300, ₹12, 1.234,5 kr: the mark is not the number.
MONEY_MARK = _MONEY = re.compile(r"^(?:[A-Z]{1,3}\s?)?[$€£¥₹₫]\s*|\s*[$€£¥₹₫]$|\s(?:kr|zł|Kč|CHF|EUR|USD|GBP)$")
_NULLS = {"", "--", "-", "n/a", "na", "nan", "null", "none", "#n/a"}
_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}([. \u00a0\u202f]\d{3})+(,\d+)?")


def parse_number(s: str | float | None, decimal: str = ".") -> float | None:
    """Parse an export number: None for blank/--/n/a/NaN; `%` kept as written; `< 10%` -> 10.

    Raises ValueError for text that is not a number, so callers can reject the row.
    """
    if s is None:
        return None
    if isinstance(s, int | float):
        return float(s)
    t = MONEY_MARK.sub("", s.strip()).strip()   # US$50.00, CA$12, 5 €
    if t.lower() in _NULLS:
        return None
    # Google Ads impression-share buckets `< 10%`, `> 90%` (FORMATS §3): keep the bound
    t = t.lstrip("<>").strip().rstrip("%").strip()
    if decimal == ",":
        if _THOUSANDS_COMMA.fullmatch(t):
            t = re.sub(r"[. \u00a0\u202f]", "", t)
        t = t.replace(",", ".")
    elif "," in t:
        if not _THOUSANDS_DOT.fullmatch(t):
            raise ValueError(not_a_number(s))
        t = t.replace(",", "")
    if t.lower() in ("nan", "inf", "-inf", "infinity"):
        raise ValueError(not_a_number(s))
    try:
        return float(t)
    except ValueError:
        raise ValueError(not_a_number(s)) from None


def not_a_number(cell) -> Message:
    return Message(f"not a number: {cell!r}", "msg_rej_not_number", value=str(cell))


def not_a_date(cell) -> Message:
    return Message(f"not a date: {cell!r}", "msg_rej_not_date", value=str(cell))


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # French UI (FORMATS §1: localised date-range text)
    "janv": 1, "févr": 2, "fevr": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
    "août": 8, "aout": 8, "sept": 9, "déc": 12,
    # Spanish, Italian, Portuguese, German and Dutch interfaces (first 3 or 4 letters)
    "ene": 1, "abr": 4, "ago": 8, "dic": 12, "gen": 1, "mag": 5, "giu": 6, "lug": 7, "set": 9,
    "ott": 10, "fev": 2, "out": 10, "dez": 12, "jän": 1, "mär": 3, "mrz": 3, "okt": 10,
    "mrt": 3, "mei": 5, "maart": 3, "märz": 3, "maio": 5,
}
_MONTH_WORD = r"([^\W\d_]{3,10})\.?"
_TIME = r"(?:,?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
_ISO_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{2}|\d{4})" + _TIME)
_MDY_WORDS = re.compile(_MONTH_WORD + r"\s+(\d{1,2}),?\s+(\d{4})" + _TIME)
_WEEKDAY = re.compile(r"^[^\W\d_]{2,10}\.?,\s*(?=\d)")
_DE = re.compile(r"(?<=\w)\s+de\s+(?=\w)", re.IGNORECASE)
_DMY_WORDS = re.compile(r"(\d{1,2})\.?\s+" + _MONTH_WORD + r",?\s+(\d{4})" + _TIME)   # "1. März 2025" (de)


def _month(word: str) -> int:
    w = word.lower()
    for key in (w, w[:4], w[:3]):
        if key in _MONTHS:
            return _MONTHS[key]
    raise ValueError(Message(f"unknown month: {word!r}", "msg_rej_month", value=word))


def _clock(h: str | None, mi: str | None, sec: str | None, ampm: str | None) -> tuple[int, int, int]:
    if h is None:
        return 0, 0, 0
    hour = int(h)
    if ampm:
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    return hour, int(mi), int(sec or 0)


def parse_datetime(s: str | None, dayfirst: bool = False) -> datetime | None:
    """Parse the date/time layouts seen in exports (ISO, YYYYMMDD, M/D/YY H:MM, `March 27, 2026`).

    Returns None for blank; raises ValueError when the text is not a date.
    """
    if s is None or not s.strip():
        return None
    t = _WEEKDAY.sub("", s.strip())          # "Thu, 5 Feb 2026" (Google Ads overview cards)
    t = _DE.sub(" ", t)                       # "5 de febrero de 2026"
    if m := _ISO_BASIC.fullmatch(t):
        return datetime(int(m[1]), int(m[2]), int(m[3]))
    if re.match(r"\d{4}-\d{2}-\d{2}", t):
        try:
            return datetime.fromisoformat(t).replace(tzinfo=None)
        except ValueError:
            raise ValueError(not_a_date(s)) from None
    if m := _NUMERIC.fullmatch(t):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        if len(m[4]) == 2:  # Excel-style M/D/YY (Mailchimp `3/9/17 18:54`, FORMATS §5)
            year += 2000 if year < 70 else 1900
        # dotted dates are European (dd.mm.yyyy); otherwise US unless told, or unambiguous
        day_first = dayfirst or m[2] == "." or a > 12
        day, month = (a, b) if day_first else (b, a)
        return datetime(year, month, day, *_clock(m[5], m[6], m[7], m[8]))
    if m := _MDY_WORDS.fullmatch(t):
        return datetime(int(m[3]), _month(m[1]), int(m[2]), *_clock(m[4], m[5], m[6], m[7]))
    if m := _DMY_WORDS.fullmatch(t):
        return datetime(int(m[3]), _month(m[2]), int(m[1]), *_clock(m[4], m[5], m[6], m[7]))
    raise ValueError(not_a_date(s))


def parse_date(s: str | None, dayfirst: bool = False) -> date | None:
    """parse_datetime truncated to the date (GA4/Meta `2025-01-01T01:00:00` -> 2025-01-01)."""
    dt = parse_datetime(s, dayfirst=dayfirst)
    return dt.date() if dt else None


def row_period(fields: list[str], day_col: int | None, report_period, label: str) -> tuple:
    """A row's (day_from, day_to): its own date cell when the export has a date column (daily
    rows), else the report's period. ValueError (the line is rejected) when the cell is empty."""
    if day_col is None:
        return report_period
    day = parse_date(fields[day_col])
    if day is None:
        raise ValueError(empty_cell(label))
    return day, day


def empty_cell(header: str) -> Message:
    return Message(f"the {header} cell is empty", "msg_rej_empty_cell", header=header)


def fields_mismatch(found: int, width: int, header_line: int | None = None) -> Message:
    """A line whose number of fields is not the header's."""
    if header_line is None:
        return Message(f"{found} fields where the header has {width}", "msg_rej_fields",
                       found=found, width=width)
    return Message(f"{found} fields where the header (line {header_line}) has {width}",
                   "msg_rej_fields_at", found=found, width=width, header_line=header_line)


def parse_date_range(s: str, dayfirst: bool = False) -> tuple[date, date]:
    """Parse `March 27, 2026 - April 23, 2026`, `1 May 2026 - 8 May 2026`, `30/03/2025–05/04/2025`."""
    parts = re.split(r"\s+[-–]\s+|(?<=\d)\s*[–]\s*(?=\d)|(?<=\d{4})\s*-\s*(?=\d)", s.strip())
    if len(parts) != 2:
        raise ValueError(Message(f"not a date range: {s!r}", "msg_rej_not_range", value=s))
    start, end = parse_date(parts[0], dayfirst), parse_date(parts[1], dayfirst)
    if start is None or end is None:
        raise ValueError(Message(f"not a date range: {s!r}", "msg_rej_not_range", value=s))
    return start, end


# --- generic table reader ------------------------------------------------------------------

class Table:
    """A delimited file read generically: header located, rows split, bad lines rejected.

    The rows are `frame`, strings in columns 0..n-1, with `lines`, each row's 1-based physical
    line; readers that build rows one by one give `rows` and `line_numbers` lists instead. Each
    form is derived from the other once, when first asked for.
    """

    def __init__(self, encoding: str, delimiter: str, header_row: int, columns: list[str],
                 rows: list[list[str]] | None = None, line_numbers: list[int] | None = None,
                 rejected: list[Rejected] | None = None, preamble: list[str] | None = None,
                 decimal: str = ".", frame: pd.DataFrame | None = None,
                 lines: np.ndarray | None = None):
        self.encoding, self.delimiter = encoding, delimiter
        self.header_row = header_row          # 1-based physical line of the header (0: no header)
        self.columns = columns
        self.rejected = rejected if rejected is not None else []
        self.preamble = preamble if preamble is not None else []
        self.decimal = decimal                # "," for European Excel re-saves (FORMATS §7)
        self._rows, self._line_numbers, self._frame, self._lines = rows, line_numbers, frame, lines
        if frame is None and rows is None:
            self._rows, self._line_numbers = [], []

    @property
    def rows(self) -> list[list[str]]:
        """The data rows as lists of strings (for formats that read them one by one)."""
        if self._rows is None:
            self._rows = self._frame.to_numpy(dtype=object).tolist()
        return self._rows

    @property
    def line_numbers(self) -> list[int]:
        """The physical line of each row, as ints."""
        if self._line_numbers is None:
            self._line_numbers = self._lines.tolist()
        return self._line_numbers

    @property
    def frame(self) -> pd.DataFrame:
        """The data rows as a frame of strings, columns 0..n-1."""
        if self._frame is None:
            self._frame = pd.DataFrame(self._rows, columns=range(len(self.columns)), dtype="string")
        return self._frame

    @property
    def lines(self) -> np.ndarray:
        """The physical line of each row, as an array."""
        if self._lines is None:
            self._lines = np.array(self._line_numbers, dtype=np.int64)
        return self._lines


# Excel turns `3.4` into `3.апр` (cp1251 BG), `1.6` into `1.юни`, `12.3` into `12-Mar` (FORMATS §7)
# (only the day-month shape: `Jan-87` is a genuine month label, as in clevercsv/milk.csv)
_EXCEL_DATE = re.compile(r"(\d{1,2})[.\- ]([^\W\d_]{3,4})\.?")
# the same shape for Arrow's RE2, loose (any letters, any spaces): it only picks cells to check
# the same shape for Arrow's RE2, looser: it picks the cells _EXCEL_DATE then reads
_EXCEL_DATE_LIKE = (rf"^{SPACE}*\p{{Nd}}{{1,2}}[.\- ][\pL\p{{Nl}}\p{{No}}]{{3,4}}\.?{SPACE}*$")
_EXCEL_MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "яну", "фев", "мар", "апр", "май", "юни", "юли", "авг", "сеп", "окт", "ное", "дек",
    "янв", "мая", "июн", "июл", "сен", "ноя", "mai", "okt", "dez", "mrz", "avr", "juin",
}


_EXCEL_MONTH3 = {w[:3] for w in _EXCEL_MONTHS}


def _excel_date(cell: str) -> bool:
    m = _EXCEL_DATE.fullmatch(cell.strip())
    return bool(m) and m[2].lower()[:3] in _EXCEL_MONTH3


def _is_number(cell: str, decimal: str = ".") -> bool:
    try:
        return parse_number(cell, decimal) is not None
    except ValueError:
        return False


def _check_excel_dates(name: str, frame: pd.DataFrame, lines: np.ndarray) -> None:
    """Refuse when numeric cells were turned into dates by an Excel re-save (FORMATS §7)."""
    for col in frame.columns:
        at = positions(frame[col], _EXCEL_DATE_LIKE)
        dated = [(int(lines[i]), frame[col].iat[i]) for i in at if _excel_date(frame[col].iat[i])]
        if not dated:
            continue
        dotted = [(ln, c) for ln, c in dated if "." in c]
        numbers = any(c.strip() and (_is_number(c) or _is_number(c, ",")) for c in frame[col])
        if numbers or dotted:
            ln, cell = (dotted or dated)[0]
            raise Refused(Message(
                f"{name}: line {ln}: {cell!r} in a column of numbers: the numbers were turned into "
                "dates by Excel (the file was opened and saved in Excel). Re-export from the tool "
                "and upload it without opening it in Excel.", "msg_excel_dates", name=name, line=ln,
                value=str(cell)))


def _modal_width(widths: list[int]) -> int:
    """Most frequent field count among multi-field rows (earliest wins a tie), else 1."""
    multi = [w for w in widths if w > 1]
    if not multi:
        return 1 if widths else 0
    counts = Counter(multi)
    top = max(counts.values())
    return next(w for w in multi if counts[w] == top)


def _blank(fields: list[str]) -> bool:
    return not any(f.strip() for f in fields)


# Files from this size on are read by Arrow when their first lines are regular.
FAST_BYTES = 1 << 20
HEAD_LINES = 200


def read_table(sample: Sample) -> Table:
    """Read a single-table delimited file: skip `#`/title lines, find the header, reject bad rows.

    The layout is read from the first lines; a large file whose first lines are regular is then
    read whole by Arrow's CSV reader, and any file Arrow finds irregular by the careful reader.
    """
    text = sample.text if sample.text or not sample.data else decode(sample.data)[0]
    encoding = sample.encoding or ("utf-8" if sample.text else decode(sample.data)[1])
    if len(text) >= FAST_BYTES:
        head = _head(text)
        table = _read_rows(sample.name, head, encoding, check=False)
        fast = _read_fast(text, head, table, sample.data)
        pa.default_memory_pool().release_unused()   # the Arrow table's copy is gone: hand it back
        if fast is not None:
            _check_excel_dates(sample.name, fast.frame, fast.lines)
            fast.decimal = _guess_decimal(fast)
            return fast
    return _read_rows(sample.name, text, encoding)


def _head(text: str) -> str:
    """The first HEAD_LINES physical lines of the text."""
    end = -1
    for _ in range(HEAD_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end + 1]


def _read_rows(name: str, text: str, encoding: str, check: bool = True) -> Table:
    """The careful reader: every line split by Python's csv module, each one checked."""
    raw_lines = text.splitlines()
    preamble: list[str] = []
    sep = sep_line(raw_lines[0]) if raw_lines else None
    delimiter = sep or sniff_delimiter(raw_lines[:60])
    rows = split_rows(text, delimiter)
    if sep:  # Meta Business Suite files start with `sep=,` (FORMATS §4)
        preamble.append(raw_lines[0])
        rows = rows[1:]
    content = [(ln, r) for ln, r in rows if not _blank(r)]
    comments = [(ln, r) for ln, r in content if r[0].lstrip().startswith("#")]
    body = [(ln, r) for ln, r in content if not r[0].lstrip().startswith("#")]
    width = _modal_width([len(r) for _, r in body])
    table = Table(encoding=encoding, delimiter=delimiter, header_row=0, columns=[],
                  preamble=preamble)
    if not body:
        table.preamble += [delimiter.join(r) for _, r in comments]
        return table
    header_at = next(i for i, (_, r) in enumerate(body) if len(r) == width)
    table.header_row = body[header_at][0]
    table.columns = [c.strip() for c in body[header_at][1]]
    table.preamble += [delimiter.join(r) for ln, r in content if ln < table.header_row]
    # `#` marks comments only before the header: after it, `#michelinpower` or a Shopify
    # order `#1001` is data and must not vanish.
    for ln, fields in [(ln, r) for ln, r in content if ln > table.header_row]:
        if len(fields) > width and _blank(fields[width:]):
            fields = fields[:width]  # trailing empty cells (`;;;` padding, trailing commas)
        if len(fields) != width:
            table.rejected.append(Rejected(ln, fields_mismatch(len(fields), width, table.header_row)))
            continue
        table.rows.append(fields)
        table.line_numbers.append(ln)
    if check:
        _check_excel_dates(name, table.frame, table.lines)
    table.decimal = _guess_decimal(table)
    return table


def _read_fast(text: str, head: str, layout: Table, data: bytes = b"") -> Table | None:
    """The whole table read by Arrow, with the layout the careful reader found in the first
    lines; None (read carefully instead) when those lines or the file are not regular. `data`:
    the file's bytes, read in place when they decode to `text` (no copy of the file)."""
    if (not layout.header_row or layout.rejected or not layout.line_numbers
            or _header_spans_lines(head, layout)):
        return None
    start = sum(len(line) for line in io.StringIO(head, newline="").readlines()[:layout.header_row])
    width = len(layout.columns)
    names = [str(i) for i in range(width)]
    arrow = None
    for source, encoding in _arrow_sources(text, start, layout.encoding, data):
        try:
            arrow = pa_csv.read_csv(
                pa.BufferReader(source),
                read_options=pa_csv.ReadOptions(column_names=names, encoding=encoding),
                parse_options=pa_csv.ParseOptions(delimiter=layout.delimiter, newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                                       strings_can_be_null=False))
            break
        except (pa.ArrowInvalid, ValueError) as exc:  # a line with another field count, bad bytes...
            # bytes that are not the text (replaced on decoding): the text itself is read next
            if not isinstance(exc, UnicodeError) and "UTF8" not in str(exc):
                return None
    if arrow is None:
        return None
    lines = _line_starts(text, start, layout.header_row + 1, arrow)
    if lines is None:
        return None
    frame = arrow.to_pandas(types_mapper=lambda t: pd.StringDtype("pyarrow"))
    frame.columns = range(width)
    blank = _blank_rows(arrow)
    if blank is not None:  # rows of empty cells (`,,,`) are skipped, as blank lines are
        frame = frame[~blank].reset_index(drop=True)
        lines = lines[~blank]
    return Table(encoding=layout.encoding, delimiter=layout.delimiter, header_row=layout.header_row,
                 columns=layout.columns, frame=frame, lines=lines, preamble=layout.preamble)


_BOMS = {"utf-8-sig": 3, "utf-16-le": 2, "utf-16-be": 2}


def _arrow_sources(text: str, start: int, encoding: str, data: bytes):
    """(buffer, encoding) pairs for Arrow to read the rows past `start` (a character offset in
    `text`) from, in the order to try: the file's own UTF-8 or UTF-16 bytes when they decode to
    `text` (UTF-16 transcoded by Arrow block by block), then `text` encoded again (a copy)."""
    utf8 = encoding.startswith("utf-8")
    codec = "utf-8" if utf8 else encoding
    if data and encoding in ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be") and _decodes_to(data, text, codec):
        # decode() drops NUL bytes from UTF-8 files: then the bytes are not the text
        if not (utf8 and b"\x00" in data):
            bom = _BOMS.get(encoding, 0) if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) else 0
            skip = bom + len(text[:start].encode(codec))
            yield pa.py_buffer(data)[skip:], "utf8" if utf8 else codec
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return
    yield pa.py_buffer(encoded)[len(text[:start].encode("utf-8")):], "utf8"


def _decodes_to(data: bytes, text: str, codec: str) -> bool:
    """Whether `text` is the whole of `data` decoded (not a cut sample): their ends agree."""
    tail = text[-200:]
    try:
        return bool(tail) and data.endswith(tail.encode(codec))
    except UnicodeEncodeError:
        return False


def _header_spans_lines(head: str, layout: Table) -> bool:
    """Whether the header row holds a quoted line break (then its end is not its line's end)."""
    rows = split_rows(head, layout.delimiter)
    after = [ln for ln, _ in rows if ln > layout.header_row]
    return bool(after) and after[0] != layout.header_row + 1


def _line_starts(text: str, start: int, first: int, arrow: pa.Table) -> np.ndarray | None:
    """Each row's physical start line, from the line breaks inside its cells; None when the
    rows do not account for every line (blank lines, lone CR line ends)."""
    end = len(text)
    while end > start and text[end - 1] in "\r\n":   # trailing line ends close the last row
        end -= 1
    if text.find("\r", start, end) >= 0 and text.count("\r", start, end) != text.count("\r\n", start, end):
        return None
    physical = text.count("\n", start, end) + (end > start)
    spans = np.ones(arrow.num_rows, dtype=np.int64)
    if physical != arrow.num_rows:   # values with line breaks span several lines
        for column in arrow.columns:
            spans += pc.count_substring(column, "\n").to_numpy().astype(np.int64)
        if int(spans.sum()) != physical:
            return None
    return first + np.cumsum(spans) - spans


def _blank_rows(arrow: pa.Table) -> np.ndarray | None:
    """Rows whose every cell is blank (as the careful reader skips them), or None when none."""
    rows = np.arange(arrow.num_rows)
    for column in arrow.columns:   # the few rows blank so far are checked in the next column
        cells = column if len(rows) == arrow.num_rows else column.take(rows)
        # empty, or only spaces (what trimming empties), without building trimmed copies
        blank = pc.or_(pc.equal(pc.binary_length(cells), 0), pc.utf8_is_space(cells))
        rows = rows[blank.to_numpy(zero_copy_only=False)]
        if not len(rows):
            return None
    blank = np.zeros(arrow.num_rows, dtype=bool)
    blank[rows] = True
    return blank


def _guess_decimal(table: Table) -> str:
    """Decimal comma when `;`-separated cells look like `12,5` and never like `1,234.5` (Excel EU)."""
    if table.delimiter != ";":
        return "."
    cells = [c.strip() for r in table.frame.head(200).to_numpy(dtype=object).tolist() for c in r]
    comma = sum(bool(re.fullmatch(r"-?\d+,\d+", c)) for c in cells)
    dot = sum(bool(re.fullmatch(r"-?\d+\.\d+", c)) for c in cells)
    return "," if comma > dot else "."


def kept(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """The rows where mask holds: a slice, not a copy, when they follow each other (all rows
    but a total first or last, or a few rejected ones at an end)."""
    at = np.flatnonzero(mask.to_numpy(dtype=bool))
    if len(at) and at[-1] - at[0] + 1 == len(at):
        return frame.iloc[at[0]:at[-1] + 1]
    return frame[mask]


def median_width(table: Table) -> float:
    """Median field count of the table rows (for 'single wide column' checks)."""
    return float(len(table.columns)) if len(table.frame) else 0.0
