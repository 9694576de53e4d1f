"""Shared low-level reader for exported text files: decoding, delimiters, rows, numbers, dates.

Every export format module builds on these functions; none of them imports pandas or duckdb.
Facts cited as "FORMATS §n" refer to /work/shared/FORMATS.md.
"""
from __future__ import annotations

import csv
import io
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from lib.sources.base import Refused, Rejected, Sample

csv.field_size_limit(2**31 - 1)

DELIMITERS = (",", "\t", ";", "|")
_CYRILLIC_RUN = re.compile(rb"[\xc0-\xff]{3,}")
_HIGH = re.compile(rb"[\x80-\xff]")


# --- decoding ------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """Decode export bytes, returning (text, encoding); never raises on any byte sequence."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    # Google Ads "Excel" download, LinkedIn, Meta Business Suite: UTF-16LE with BOM (FORMATS §3-4)
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", errors="replace"), "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace"), "utf-16-be"
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
    try:
        return data.decode("cp1252").replace("\x00", ""), "cp1252"
    except UnicodeDecodeError:  # bytes undefined in cp1252 (0x81, 0x8d, ...): latin-1 maps all
        return data.decode("latin-1").replace("\x00", ""), "latin-1"


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
    return Sample(name=name, data=data, text=text, encoding=encoding)


# --- delimiters and rows -------------------------------------------------------------------

def _sep_line(line: str) -> str | None:
    """The delimiter announced by an Excel `sep=X` first line, else None."""
    m = re.fullmatch(r'"?sep=(.)"?[,;\t|]*', line.strip())
    return m.group(1) if m else None


def sniff_delimiter(lines: list[str]) -> str:
    """Pick the delimiter among , TAB ; | that splits the lines into the most consistent columns."""
    lines = [ln for ln in lines if ln.strip()]
    if lines and (sep := _sep_line(lines[0])):
        return sep
    lines = [ln for ln in lines if not ln.lstrip().startswith("#")][:50]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim) if r]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode, freq = Counter(multi).most_common(1)[0]
        score = (freq, mode)
        if score > best_score:  # ties keep the earlier (more common) delimiter
            best, best_score = delim, score
    return best


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
            raise ValueError(f"not a number: {s!r}")
        t = t.replace(",", "")
    if t.lower() in ("nan", "inf", "-inf", "infinity"):
        raise ValueError(f"not a number: {s!r}")
    try:
        return float(t)
    except ValueError:
        raise ValueError(f"not a number: {s!r}") from None


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
_DMY_WORDS = re.compile(r"(\d{1,2})\s+" + _MONTH_WORD + r",?\s+(\d{4})" + _TIME)


def _month(word: str) -> int:
    w = word.lower()
    for key in (w, w[:4], w[:3]):
        if key in _MONTHS:
            return _MONTHS[key]
    raise ValueError(f"unknown month: {word!r}")


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
            raise ValueError(f"not a date: {s!r}") from None
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
    raise ValueError(f"not a date: {s!r}")


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
        raise ValueError(f"the {label} cell is empty")
    return day, day


def parse_date_range(s: str, dayfirst: bool = False) -> tuple[date, date]:
    """Parse `March 27, 2026 - April 23, 2026`, `1 May 2026 - 8 May 2026`, `30/03/2025–05/04/2025`."""
    parts = re.split(r"\s+[-–]\s+|(?<=\d)\s*[–]\s*(?=\d)|(?<=\d{4})\s*-\s*(?=\d)", s.strip())
    if len(parts) != 2:
        raise ValueError(f"not a date range: {s!r}")
    start, end = parse_date(parts[0], dayfirst), parse_date(parts[1], dayfirst)
    if start is None or end is None:
        raise ValueError(f"not a date range: {s!r}")
    return start, end


# --- generic table reader ------------------------------------------------------------------

@dataclass
class Table:
    """A delimited file read generically: header located, rows split, bad lines rejected."""
    encoding: str
    delimiter: str
    header_row: int                     # 1-based physical line of the header (0: no header)
    columns: list[str]
    rows: list[list[str]]
    line_numbers: list[int]
    rejected: list[Rejected] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    decimal: str = "."                  # "," for European Excel re-saves (FORMATS §7)


# Excel turns `3.4` into `3.апр` (cp1251 BG), `1.6` into `1.юни`, `12.3` into `12-Mar` (FORMATS §7)
# (only the day-month shape: `Jan-87` is a genuine month label, as in clevercsv/milk.csv)
_EXCEL_DATE = re.compile(r"(\d{1,2})[.\- ]([^\W\d_]{3,4})\.?")
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


def _check_excel_dates(name: str, rows: list[list[str]], line_numbers: list[int]) -> None:
    """Refuse when numeric cells were turned into dates by an Excel re-save (FORMATS §7)."""
    width = max((len(r) for r in rows), default=0)
    for col in range(width):
        cells = [(ln, r[col]) for ln, r in zip(line_numbers, rows) if col < len(r) and r[col].strip()]
        dated = [(ln, c) for ln, c in cells if _excel_date(c)]
        numbers = [c for _, c in cells if _is_number(c) or _is_number(c, ",")]
        dotted = [(ln, c) for ln, c in dated if "." in c]
        if dated and (numbers or dotted):
            ln, cell = (dotted or dated)[0]
            raise Refused(
                f"{name}: line {ln}: {cell!r} in a column of numbers: the numbers were turned into "
                "dates by Excel (the file was opened and saved in Excel). Re-export from the tool "
                "and upload it without opening it in Excel.")


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


def read_table(sample: Sample) -> Table:
    """Read a single-table delimited file: skip `#`/title lines, find the header, reject bad rows."""
    text = sample.text if sample.text or not sample.data else decode(sample.data)[0]
    encoding = sample.encoding or ("utf-8" if sample.text else decode(sample.data)[1])
    raw_lines = text.splitlines()
    preamble: list[str] = []
    sep = _sep_line(raw_lines[0]) if raw_lines else None
    delimiter = sep or sniff_delimiter(raw_lines[:60])
    rows = split_rows(text, delimiter)
    if sep:  # Meta Business Suite files start with `sep=,` (FORMATS §4)
        preamble.append(raw_lines[0])
        rows = rows[1:]
    content = [(ln, r) for ln, r in rows if not _blank(r)]
    comments = [(ln, r) for ln, r in content if r[0].lstrip().startswith("#")]
    body = [(ln, r) for ln, r in content if not r[0].lstrip().startswith("#")]
    width = _modal_width([len(r) for _, r in body])
    table = Table(encoding=encoding, delimiter=delimiter, header_row=0, columns=[], rows=[],
                  line_numbers=[], preamble=preamble)
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
            table.rejected.append(Rejected(
                ln, f"{len(fields)} fields where the header (line {table.header_row}) has {width}"))
            continue
        table.rows.append(fields)
        table.line_numbers.append(ln)
    _check_excel_dates(sample.name, table.rows, table.line_numbers)
    table.decimal = _guess_decimal(table)
    return table


def _guess_decimal(table: Table) -> str:
    """Decimal comma when `;`-separated cells look like `12,5` and never like `1,234.5` (Excel EU)."""
    if table.delimiter != ";":
        return "."
    cells = [c.strip() for r in table.rows[:200] for c in r]
    comma = sum(bool(re.fullmatch(r"-?\d+,\d+", c)) for c in cells)
    dot = sum(bool(re.fullmatch(r"-?\d+\.\d+", c)) for c in cells)
    return "," if comma > dot else "."


def median_width(table: Table) -> float:
    """Median field count of the table rows (for 'single wide column' checks)."""
    return statistics.median([len(r) for r in table.rows]) if table.rows else 0.0
