"""Search Console "Performance" export: the zip of CSVs or any one of them (FORMATS §6)."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import PurePath

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import cells, values, vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample, why
from lib.sources.text import fields_mismatch, parse_date, parse_number, read_sample, split_rows

NAME = "search_console"
TABLE = "search_console"
LABEL = "Search Console performance export"

KINDS = ("query", "page", "country", "device", "search_appearance")
METRICS = ["clicks", "impressions", "ctr", "position"]
CAP = 1000
CAP_WARNING = Message("Search Console exports at most 1,000 queries/pages: totals by query are partial, "
                      "use the Chart/Dates file for totals", "msg_gsc_cap")


MAX_MEMBER_BYTES = 64 * 1024 * 1024   # the Performance export stops at 1,000 rows (~0.2 MB) per table


def _first_row(sample: Sample) -> list[str]:
    return (sample if sample.text else read_sample(sample.data, sample.name)).first_row


def _kind(header: list[str]) -> str | None:
    """'query'...'search_appearance', 'chart', 'filters', or None when not a GSC file (the header
    words of every interface language are in vocabulary.toml)."""
    found = vocabulary.columns(TABLE, header)
    if len(header) == 2 and found.columns.get(0) == "filter":
        return "filters"
    if len(header) != 5 or [found.columns.get(i) for i in range(1, 5)] != METRICS:
        return None
    first = found.columns.get(0)
    return "chart" if first == "day" else first if first in KINDS else None


def explain(header: list[str]) -> str | None:
    """Why a file with Search Console's four metric columns is not read: its first header word."""
    found = vocabulary.columns(TABLE, header)
    if len(header) == 5 and [found.columns.get(i) for i in range(1, 5)] == METRICS \
            and found.columns.get(0) not in (*KINDS, "day"):
        return Message(f"looks like a Search Console export, but {header[0].strip()!r} is not a known "
                       "first column (queries, pages, countries, devices, search appearance or dates)",
                       "msg_gsc_first_column", header=header[0].strip())
    return None


def detect(sample: Sample) -> float:
    """A GSC zip (a member with a Search Console header) or one of its CSVs."""
    if sample.data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(sample.data))
            heads = [archive.open(n).read(4096) for n in archive.namelist()[:20]
                     if n.lower().endswith(".csv")]
        except (zipfile.BadZipFile, OSError, RuntimeError):
            return 0.0
        kinds = {_kind(read_sample(h, "member.csv").first_row) for h in heads}
        return 0.95 if kinds - {None, "filters"} else 0.0
    kind = _kind(_first_row(sample))
    if kind is None:
        return 0.0
    return 0.5 if kind == "filters" else 0.9


def is_member(name: str, data: bytes) -> bool:
    """A CSV of a Search Console export (Queries, Chart, Filters...), judged on its first line:
    such files dropped together are read as one export, like their zip."""
    if data[:4] == b"PK\x03\x04":
        return False
    return _kind(read_sample(data[:65536], name).first_row) is not None


def parse(sample: Sample) -> list[Parsed]:
    """Parse the zip (every CSV, period from Filters/Chart) or one CSV of it."""
    if sample.data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(sample.data))
        except zipfile.BadZipFile:
            raise Refused(Message(f"{sample.name}: not a readable zip archive. Download the export again.",
                                  "msg_not_readable_zip", name=sample.name)) from None
        files = {PurePath(n).name: _member(archive, n, sample.name) for n in archive.namelist()
                 if n.lower().endswith(".csv")}
        return parse_files(files, zip_name=sample.name)
    return parse_files({sample.name: sample.data})


def _member(archive: zipfile.ZipFile, name: str, zip_name: str) -> bytes:
    """A CSV of the zip, read with a byte cap: the directory's size is not trusted."""
    with archive.open(name) as stream:
        data = stream.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise Refused(Message(f"{zip_name}: {name} holds more than {MAX_MEMBER_BYTES // 2**20} MB; a "
                              "Search Console export holds at most 1,000 rows per table. Download the "
                              "export again.", "msg_gsc_member_too_big", name=zip_name, member=name,
                              mb=MAX_MEMBER_BYTES // 2**20))
    return data


def parse_files(files: dict[str, bytes], zip_name: str | None = None) -> list[Parsed]:
    """Parse the CSVs of one export together: Filters/Chart give the period of the others."""
    tables, period_text, chart_days = [], None, None
    for name, data in files.items():
        table = _read(read_sample(data, name))
        kind = _kind(table.columns) if table.columns else None
        if kind is None:
            continue  # a stray file in the zip; a lone unknown file is caught below
        if kind == "filters":
            for row in table.rows:
                if vocabulary.columns(TABLE, [row[0]]).columns.get(0) == "day":
                    period_text = row[1].strip()
            continue
        tables.append((name, kind, table))
        if kind == "chart":
            order = table.day_first(name)
            days = [d for d in (_day(r[0], order) for r in table.rows) if d]
            chart_days = (min(days), max(days)) if days else None
    label = zip_name or ", ".join(files)
    if not tables:
        raise Refused(Message(f"{label}: no Search Console data table (Queries, Pages, Chart/Dates...). "
                              "Upload the whole zip from Performance > Export > Download CSV.",
                              "msg_gsc_no_table", name=label))
    period = _period(period_text, chart_days, label)
    return [_parse_table(name, kind, table, period, period_text) for name, kind, table in tables]


class _Table:
    """Header line 1, then rows: GSC files have no preamble (FORMATS §6)."""

    def __init__(self, rows: list[tuple[int, list[str]]], delimiter: str = ","):
        rows = [(ln, r) for ln, r in rows if any(c.strip() for c in r)]
        self.header_row, self.columns = rows[0] if rows else (0, [])
        width = len(self.columns)
        self.rows, self.line_numbers, self.rejected = [], [], []
        for ln, r in rows[1:]:
            if len(r) != width:
                self.rejected.append(Rejected(ln, fields_mismatch(len(r), width)))
                continue
            self.rows.append(r)
            self.line_numbers.append(ln)
        # the decimal mark, decided once from every count, rate and position of the file
        self.numbers = cells.number_style((c for r in self.rows for c in r[1:]), delimiter)

    def day_first(self, name: str) -> bool | None:
        """A chart's date order, decided once from all its days (`31/03/2025` after an Excel
        re-save); refused when no day of the file decides it."""
        return cells.date_order((r[0] for r in self.rows), name).day_first


def _read(sample: Sample) -> _Table:
    # not text.read_table: it skips rows starting with `#`, and `#michelinpower` is a real query
    return _Table(split_rows(sample.text.lstrip("\ufeff"), sample.delimiter), sample.delimiter)


def _day(s: str, day_first: bool | None) -> date | None:
    try:
        return parse_date(s, bool(day_first))
    except ValueError:
        return None


_RANGE = re.compile(r"(.+?\d{4})\s*[-–]\s*(.+?\d{4})")


def _period(text: str | None, chart: tuple[date, date] | None, label: str):
    """Filters.csv `Date` value: an explicit range is parsed, `Last 28 days` needs the chart."""
    if text and (m := _RANGE.fullmatch(text)):
        try:
            start, end = parse_date(m[1]), parse_date(m[2])
            if start and end:
                return start, end
        except ValueError:
            pass
    if chart:
        return chart  # relative ranges (`Last 28 days`) resolve to the chart's first/last day
    return None


def _parse_table(name, kind, table, period, period_text) -> Parsed:
    rows, rejected, bad_ctr = [], list(table.rejected), []
    mark = table.numbers.decimal
    day_first = bool(table.day_first(name)) if kind == "chart" else False
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        try:
            clicks, impressions = parse_number(r[1], mark), parse_number(r[2], mark)
            ctr, position = parse_number(r[3], mark), parse_number(r[4], mark)
            day = parse_date(r[0], day_first) if kind == "chart" else None
        except ValueError as exc:
            rejected.append(Rejected(line, why(exc)))
            continue
        if kind == "chart" and day is None:
            rejected.append(Rejected(line, Message("empty date", "msg_rej_empty_date")))
            continue
        # CTR is written `22.22%` (2 decimals): check it against clicks / impressions
        if ctr is not None and impressions:
            if abs(ctr - 100 * (clicks or 0) / impressions) > 0.0051 + 0.005 * ctr:
                bad_ctr.append(line)
        row = {"clicks": clicks, "impressions": impressions,
               # average position is impression-weighted: store the weighted sum
               "position_sum": None if position is None else position * (impressions or 0)}
        if kind == "chart":
            row["day_from"] = row["day_to"] = day
        else:
            if period is None:
                raise Refused(Message(
                    f"{name}: line {table.header_row}: this Search Console file has no date range "
                    "(it lives in Filters.csv and Chart.csv/Dates.csv of the same export). "
                    "Upload the whole zip (Performance > Export > Download CSV).", "msg_gsc_no_range",
                    name=name, line=table.header_row))
            row["day_from"], row["day_to"] = period
            # devices, countries, appearances: stored in English whatever the export's language
            row[kind] = values.stored(NAME, kind, r[0])
        rows.append(row)
    if not rows:
        raise Refused(Message(f"{name}: no data rows under the header (line {table.header_row}). "
                              "Export a date range with search traffic.", "msg_gsc_no_rows", name=name,
                              line=table.header_row))
    warnings = [table.numbers.warning] if table.numbers.warning else []
    if kind in ("query", "page") and len(table.rows) >= CAP:
        warnings.append(CAP_WARNING)
    if bad_ctr:
        warnings.append(Message(f"{name}: CTR differs from clicks/impressions on {len(bad_ctr)} line(s) "
                                f"(first: line {bad_ctr[0]}); clicks and impressions were kept.",
                                "msg_gsc_ctr", name=name, count=len(bad_ctr), line=bad_ctr[0]))
    grain = () if kind == "chart" else (kind,)
    notes = {"file": name}
    if period_text:
        notes["period"] = period_text
    if kind == "chart":
        # French Dates.csv is newest first: sort so the frame reads in time order
        frame = pd.DataFrame(rows).sort_values("day_from", kind="stable").reset_index(drop=True)
    else:
        frame = pd.DataFrame(rows)
    return Parsed(table="search_console", frame=frame, grain=grain, format=NAME,
                  warnings=warnings, rejected=rejected, notes=notes)
