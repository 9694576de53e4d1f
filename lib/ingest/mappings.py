"""Column mappings of the generic path: read the table, suggest, save by header hash, apply.

A mapping is keyed by the sha256 of the file's normalised header list, so the next file with the
same columns (another month of the same tool) reuses it. Reading, suggesting and applying are
pure (lib.sources.generic does the work); `save_mapping` and `get_mapping` use the store.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date

from lib import access
from lib.i18n.messages import Message
from lib.sources import generic
from lib.sources.base import Parsed, Refused, why
from lib.sources.text import Table, read_sample, read_table
from lib.store import Store
from lib.store.schema import DIMENSIONS, METRICS

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Mapping:
    """A target table and {file column: canonical column} for one header."""
    table: str
    columns: dict[str, str]
    saved: bool = False


def normalise(column: str) -> str:
    """Header cell as compared between files: no BOM, trimmed, case-folded, single spaces."""
    return _SPACES.sub(" ", column.replace("\ufeff", "").strip()).casefold()


def header_sha(columns: list[str]) -> str:
    """sha256 of the normalised header list (order matters: it is the file's layout)."""
    text = "\x1f".join(normalise(c) for c in columns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_table_for_mapping(data: bytes, name: str) -> Table:
    """The file as one table (CSV/TSV/TXT or the first XLSX sheet); Refused when it cannot be."""
    if data[:4] == b"PK\x03\x04":
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise Refused(Message(f"{name}: not a readable zip archive or workbook. Download it again.",
                                  "msg_map_bad_zip", name=name)) from None
        if "xl/workbook.xml" not in members:
            raise Refused(Message(f"{name}: this zip archive is not a recognised export. Unzip it and "
                                  "upload the CSV files it holds.", "msg_map_zip", name=name))
        table = generic.read_xlsx(data)
    else:
        head = data.lstrip()[:1]
        if head in (b"{", b"["):
            raise Refused(Message(f"{name}: a JSON file that no known format recognises; only CSV and XLSX "
                                  "files can be mapped column by column.", "msg_map_json", name=name))
        table = read_table(read_sample(data, name))
    if not table.columns or len(table.columns) < 2:
        raise Refused(Message(f"{name}: no header row with at least two columns was found.",
                              "msg_map_no_header", name=name))
    if not table.rows:
        raise Refused(Message(f"{name}: no data rows under the header (line {table.header_row}).",
                              "msg_no_rows_under", name=name, line=table.header_row))
    return table


def suggest(columns: list[str]) -> Mapping:
    """The suggested table and mapping from French and English header names."""
    table = generic.suggest_table(columns)
    found = generic.suggest_mapping(columns, table)
    return Mapping(table, {c: v for c, v in found.items() if v})


def validate(table: str, columns: dict[str, str | None]) -> dict[str, str]:
    """The mapping without ignored columns; ValueError when a target is unknown or used twice."""
    if table not in DIMENSIONS:
        raise ValueError(Message(f"unknown table {table!r}", "msg_unknown_table", name=table))
    allowed = set(generic.table_columns(table))
    out: dict[str, str] = {}
    for col, canon in columns.items():
        if not canon:
            continue
        if canon not in allowed:
            raise ValueError(Message(f"{canon!r} is not a column of {table}", "msg_map_not_column",
                                     column=canon, table=table))
        if canon in out.values():
            raise ValueError(Message(f"{canon!r} is mapped from two columns", "msg_map_twice",
                                     column=canon, table=table))
        out[col] = canon
    return out


def has_metric(table: str, columns: dict[str, str | None]) -> bool:
    """Whether the mapping stores at least one measure (a file of labels only gives nothing);
    for a table whose rows carry their own time (conversations), that time."""
    if table in generic.ROW_TIMES:
        return generic.ROW_TIMES[table] in columns.values()
    return any(v in METRICS[table] for v in columns.values() if v)


def save_mapping(store: Store, columns: list[str], table: str, mapping: dict[str, str | None]) -> str:
    """Save (or replace) the mapping of this header; return its header sha."""
    access.check("edit_mappings")
    clean = validate(table, mapping)
    sha = header_sha(columns)
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO mappings VALUES (?, ?, ?, now()) ON CONFLICT (header_sha) DO UPDATE SET "
            "target_table = excluded.target_table, mapping = excluded.mapping, "
            "created_at = excluded.created_at",
            [sha, table, json.dumps(clean, ensure_ascii=False)])
    return sha


def get_mapping(store: Store, columns: list[str]) -> Mapping | None:
    """The saved mapping for this header, keyed on this file's own column names; None if none."""
    found = store.rows("SELECT target_table, mapping FROM mappings WHERE header_sha = ?",
                       [header_sha(columns)])
    if not found:
        return None
    table, raw = found[0]
    if table not in DIMENSIONS:
        return None
    saved = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    by_norm = {normalise(k): v for k, v in saved.items()}
    allowed = set(generic.table_columns(table))
    mapped = {c: by_norm[normalise(c)] for c in columns
              if by_norm.get(normalise(c)) in allowed}
    return Mapping(table, mapped, saved=True)


def mapping_for(store: Store, columns: list[str]) -> Mapping:
    """The saved mapping of this header when there is one, else the suggestion."""
    return get_mapping(store, columns) or suggest(columns)


def apply(table: Table, target: str, mapping: dict[str, str | None],
          period: tuple[date, date] | None = None, name: str = "file") -> Parsed:
    """Canonical rows of the file under the mapping; Refused with a precise message when invalid."""
    try:
        clean = validate(target, mapping)
    except ValueError as exc:
        raise Refused(Message(f"{name}: {exc}.", "msg_file_reason", name=name, reason=why(exc))) from None
    if target in generic.ROW_TIMES and not has_metric(target, clean):
        raise Refused(generic.received_needed(name))
    if not has_metric(target, clean):
        raise Refused(Message(f"{name}: no column is mapped to a measure of {target} "
                              f"({', '.join(METRICS[target])}).", "msg_map_no_measure", name=name,
                              table=target, columns=METRICS[target]))
    if period and period[0] > period[1]:
        period = (period[1], period[0])
    parsed = generic.apply_mapping(table, target, clean, period=period, name=name)
    parsed.notes["header_sha"] = header_sha(table.columns)
    return parsed


__all__ = ["Mapping", "normalise", "header_sha", "read_table_for_mapping", "suggest", "validate",
           "has_metric", "save_mapping", "get_mapping", "mapping_for", "apply"]
