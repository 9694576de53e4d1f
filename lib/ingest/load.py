"""Validate canonical frames and write them: idempotent upserts, the load log, undo.

A load is one transaction. A row whose natural key (source, grain, period, dimensions)
exists replaces it, and the replaced row is kept in `<table>__replaced` so that undoing the
load restores the workspace exactly. Loading the same rows twice changes nothing.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lib import access, sources
from lib.i18n.messages import Message
from lib.ingest import clash, owners
from lib.ingest.uploads import MAX_UPLOAD_BYTES, check_text_shape, check_upload
from lib.sources.base import Parsed, Refused
from lib.store import Store, register_frame, rollups, unregister_frame
from lib.store.schema import DIMENSIONS, METRICS, OWNED, TABLES, columns, grain_name

# The system a format's rows come from: uploads and API pulls of one system share a source,
# so the same day loaded both ways replaces instead of adding up. API connectors name theirs.
ORIGINS = {
    "ga4_csv": "ga4", "google_ads": "google_ads", "meta_ads": "meta",
    "linkedin_ads": "linkedin", "microsoft_ads": "microsoft_ads",
    "search_console": "search_console", "mailchimp_csv": "mailchimp", "mailchimp_json": "mailchimp",
    "orders": "shopify",   # Shopify's order export: the system's name, as its API pull
    **{api.FORMAT: api.ORIGIN for api in sources.APIS},
}


def origin(parsed: Parsed) -> str:
    """The source system of parsed rows (notes["source"] wins over the format's origin)."""
    return parsed.notes.get("source") or ORIGINS.get(parsed.format, parsed.format)


class IngestError(Exception):
    """A load refused as a whole; nothing was written."""


class Conflict(IngestError):
    """A load would replace rows with very different figures (another site or account?)."""

    def __init__(self, figures: list[dict]):
        super().__init__(clash.describe(figures))
        self.figures = figures


@dataclass
class Prepared:
    """A Parsed frame checked against its table, ready to upsert."""
    parsed: Parsed
    frame: pd.DataFrame
    source: str
    replace: bool = False   # let strongly different replacements through (clash.py)


def prepare(parsed: Parsed) -> Prepared:
    """Check a Parsed frame: known table and columns, periods, numeric metrics, unique keys."""
    table = parsed.table
    if table not in DIMENSIONS:
        raise IngestError(Message(f"unknown canonical table {table!r}", "msg_unknown_table", name=table))
    frame = parsed.frame.copy(deep=False)   # copy-on-write: the parsed frame is never changed
    if frame.empty:
        raise IngestError(Message(f"{table}: the file gave no data rows. Check that it is the export "
                                  "itself and that its date range holds data.", "msg_no_rows_table",
                                  table=table))
    allowed = set(columns(table)) | {"day_from", "day_to"}
    unknown = [c for c in frame.columns if c not in allowed]
    if unknown:
        raise IngestError(Message(f"{table}: unknown column(s) {', '.join(map(str, unknown))}",
                                  "msg_unknown_columns", table=table, names=", ".join(map(str, unknown))))
    _refuse_rounded_ids(table, frame)
    for col in ("day_from", "day_to"):
        if col not in frame:
            raise IngestError(Message(f"{table}: rows carry no {col}: the period of the export is unknown",
                                      "msg_no_period_column", table=table, column=col))
        if not _is_date_column(frame[col]):
            # datetime64, not Python dates: 1M object cells cost seconds to hand to DuckDB.
            frame[col] = pd.to_datetime(frame[col], errors="coerce").dt.normalize()
        if frame[col].isna().any():
            missing = int(frame[col].isna().sum())
            raise IngestError(Message(f"{table}: {missing} row(s) have no valid {col}", "msg_invalid_period",
                                      table=table, count=missing, column=col))
    if (frame["day_from"] > frame["day_to"]).any():
        raise IngestError(Message(f"{table}: a row's period ends before it starts", "msg_period_reversed",
                                  table=table))
    for col in METRICS[table]:
        if col in frame and not pd.api.types.is_float_dtype(frame[col]):
            numbers = pd.to_numeric(frame[col], errors="coerce")
            bad = numbers.isna() & frame[col].notna()
            if bad.any():
                value = frame[col][bad].iloc[0]
                raise IngestError(Message(f"{table}: column {col} holds non-numeric value {value!r}",
                                          "msg_not_numeric_column", table=table, column=col, value=str(value)))
            frame[col] = numbers.astype("float64")
    for d in DIMENSIONS[table]:
        if d in parsed.grain and d not in frame:
            frame[d] = ""
    # Duplicate keys inside the file are checked in SQL on the stage (fast at 1M rows).
    return Prepared(parsed, frame, origin(parsed))


# `1.83552E+16`: a long ID a spreadsheet read as a number and wrote back rounded (Excel's own
# form, `E+` and a 2-digit exponent: a hex ID such as `12e4567` is not one)
_ROUNDED_ID = r"\s*-?\d(?:[.,]\d+)?E\+\d{2,}\s*"


def _refuse_rounded_ids(table: str, frame: pd.DataFrame) -> None:
    """Refuse IDs (post, order, campaign, customer...) that Excel wrote in scientific notation:
    distinct posts then share one ID (added up, or refused as a mix of cuts), and the same posts
    loaded again from the export itself would be counted twice."""
    for col in (c for c in columns(table) if c.endswith("_id") and c in frame):
        ids = frame[col].dropna().astype("string")
        rounded = ids[ids.str.fullmatch(_ROUNDED_ID).fillna(False).astype(bool)]
        if len(rounded):
            value = str(rounded.iloc[0]).strip()
            raise IngestError(Message(
                f"{table}: {len(rounded)} {col} value{'s were' if len(rounded) > 1 else ' was'} rounded by "
                f"a spreadsheet (e.g. {value}): "
                "distinct IDs may now share one. Upload the export as the tool wrote it, without "
                "opening and saving it in Excel.", "msg_id_rounded", table=table, column=col,
                count=len(rounded), value=value))


def _is_date_column(column: pd.Series) -> bool:
    return (pd.api.types.is_datetime64_any_dtype(column)
            or (isinstance(column.dtype, pd.ArrowDtype) and column.dtype.kind == "M"))


def _dims(table: str, grain: str) -> list[str]:
    return [d for d in DIMENSIONS[table] if d in grain.split("+")]


def _grain_expr(grain: str) -> str:
    """A row's grain: 'date+<dims>' for one-day rows, '<dims>' (or 'total') for period rows."""
    return ("CASE WHEN CAST(day_from AS DATE) = CAST(day_to AS DATE) "
            f"THEN 'date' || '{'+' + grain if grain else ''}' ELSE '{grain or 'total'}' END")


def _columns(store: Store, table: str) -> dict[str, str]:
    """The table's columns and types from the store, each one in the schema's allowlist."""
    try:
        return store.fact_columns(table)
    except ValueError as exc:
        raise IngestError(Message(f"{exc}: this workspace file was not written by Balise",
                                  "msg_not_a_workspace", detail=str(exc))) from None


def _rows_sql(types: dict[str, str], table: str, frame: pd.DataFrame, grain: str) -> str:
    """SELECT turning the registered frame `stage_in` into full table rows, keys computed
    (`types`: the table's columns in order, with their SQL types)."""
    key_parts = ", ".join([f"coalesce(CAST({d} AS VARCHAR), '\u2400')" for d in _dims(table, grain)])
    select = []
    for col in types:
        if col == "key":
            # qualified: a macro named md5 or concat_ws (in a received file) cannot shadow them
            key = (f"system.main.md5(system.main.concat_ws('\u241f', $source, {_grain_expr(grain)}, "
                   "CAST(day_from AS VARCHAR), "
                   f"CAST(day_to AS VARCHAR){', ' + key_parts if key_parts else ''}))")
            if table in OWNED:   # whose the row is, always (migration 006 re-keyed the same way)
                owner = "account" if "account" in frame.columns else "NULL"
                key = (f"system.main.md5(system.main.concat_ws('\u241f', {key}, "
                       f"coalesce(CAST({owner} AS VARCHAR), '\u2400')))")
            select.append(f"{key} AS key")
        elif col == "load_id":
            select.append("$load_id AS load_id")
        elif col == "source":
            select.append("$source AS source")
        elif col == "grain":
            select.append(f"{_grain_expr(grain)} AS grain")
        elif col in frame.columns:
            select.append(f"CAST({col} AS {types[col]}) AS {col}")
        else:
            select.append(f"CAST(NULL AS {types[col]}) AS {col}")
    return "SELECT " + ", ".join(select) + " FROM stage_in"


def _grain_columns(grains) -> tuple[str, ...]:
    """The dimensions other cuts carry ("date+platform+campaign": platform, campaign)."""
    return tuple(dict.fromkeys(d for g in grains for d in str(g).split("+") if d and d != "date"))


def _refuse_repeats(cur, table: str, grain: str, repeats: int) -> None:
    """Refuse a file whose rows share a natural key: it mixes two cuts of the data."""
    if repeats:
        dims = _dims(table, grain)
        example = cur.execute(f"SELECT day_from, day_to, {', '.join(dims) or 'NULL'} "
                              "FROM stage_in GROUP BY ALL HAVING count(*) > 1 LIMIT 1").fetchone()
        pairs = tuple(zip(("day_from", "day_to", *dims), example))
        # The command line reads ids and ISO dates; the page words it in its language (lib.i18n.messages).
        raise IngestError(Message(
            f"{table}: {repeats} rows repeat the period and dimensions of another row "
            f"(e.g. {', '.join(f'{c}={_iso(v)}' for c, v in pairs)}); the export mixes two cuts of the "
            "data. Export one report per file.", "msg_repeats", table=table, count=repeats, example=pairs))


def _iso(value) -> str:
    """A cell for the command line: a midnight timestamp as its day."""
    if isinstance(value, datetime) and (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date().isoformat()
    return str(value)


def _upsert(cur, store: Store, prep: Prepared, load_id: int) -> dict:
    table = prep.parsed.table
    grain = grain_name(prep.parsed.grain, table)
    params = {"source": prep.source, "load_id": load_id}
    register_frame(cur, "stage_in", prep.frame)
    try:
        lo, hi = cur.execute("SELECT CAST(min(day_from) AS DATE), CAST(max(day_to) AS DATE) "
                             "FROM stage_in").fetchone()
        # Keys hold the source and the period: when no row of this source touches the file's
        # period, every row is new and goes straight in (no stage, no key join: ~2x faster).
        touches = cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE source = ? "
                              "AND day_from <= ? AND day_to >= ? LIMIT 1)",
                              [prep.source, hi, lo]).fetchone()[0]
        types = _columns(store, table)
        rows = _rows_sql(types, table, prep.frame, grain)
        if touches:
            counts = _merge(cur, prep, list(types), rows, params)
        else:
            counts = _insert_new(cur, prep, list(types), rows, params)
        _roll_up(cur, table, [(prep.source, lo, hi)])
        others = [r[0] for r in cur.execute(
            f"SELECT DISTINCT grain FROM {table} WHERE source = ? AND grain <> "
            f"(SELECT any_value({_grain_expr(grain)}) FROM stage_in) "
            # the files of one export (a Search Console zip) are cuts by design: only other
            # loads' cuts are worth a warning
            "AND day_from <= ? AND day_to >= ? AND load_id <> ?",
            [prep.source, hi, lo, load_id]).fetchall()]
    finally:
        unregister_frame(cur, "stage_in")
    total, existing, unchanged, removed = counts
    return {
        "table": table, "grain": grain or "total", "source": prep.source, "rows": total,
        "inserted": total - existing, "replaced": existing - unchanged + removed, "unchanged": unchanged,
        "period": [str(lo), str(hi)], "other_grains": others,
    }


def _order(prep: Prepared) -> str:
    # Kept in day order so DuckDB's zone maps keep window queries fast; exports usually come
    # sorted already, and then the sort is skipped.
    days = pa.array(prep.frame["day_from"])  # pandas' own check walks Arrow dates in Python (1.6 s/1M)
    ordered = len(days) < 2 or pc.all(pc.greater_equal(days[1:], days[:-1])).as_py()
    return "" if ordered else " ORDER BY day_from"


def _insert_new(cur, prep: Prepared, cols: list[str], rows: str, params: dict) -> tuple[int, int, int, int]:
    """Insert rows none of which can exist yet; refuse (and so roll back) repeated keys."""
    table = prep.parsed.table
    cur.execute(f"INSERT INTO {table} ({', '.join(cols)}) {rows}{_order(prep)}", params)
    # This load's earlier tables cannot share a key with these rows: none touched their period.
    repeats = cur.execute(f"SELECT count(*) - count(DISTINCT key) FROM {table} WHERE load_id = ?",
                          [params["load_id"]]).fetchone()[0]
    _refuse_repeats(cur, table, grain_name(prep.parsed.grain, table), repeats)
    return len(prep.frame), 0, 0, 0


def _merge(cur, prep: Prepared, cols: list[str], rows: str, params: dict) -> tuple[int, int, int, int]:
    """Upsert through a stage: replace rows whose key exists (keeping them for undo), leave
    identical rows alone, insert the rest; (rows, existing, unchanged, stale rows removed)."""
    table = prep.parsed.table
    # A file replaces only the columns it carries: Meta Business Suite gives one metric per file
    # (Reach.csv, Views.csv...) for the same days, and each must not erase the others. The
    # existing values of the other columns join the stage as it is built (one pass).
    kept = [c for c in cols if c not in prep.frame.columns
            and c not in ("key", "load_id", "source", "grain", "day_from", "day_to")]
    if kept:
        rows = (f"WITH r AS ({rows}) SELECT r.* REPLACE ({', '.join(f't.{c} AS {c}' for c in kept)}) "
                f"FROM r LEFT JOIN {table} t ON t.key = r.key")
    cur.execute(f"CREATE OR REPLACE TEMP TABLE stage AS {rows}", params)
    try:
        total, distinct = cur.execute("SELECT count(*), count(DISTINCT key) FROM stage").fetchone()
        _refuse_repeats(cur, table, grain_name(prep.parsed.grain, table), total - distinct)
        removed = _drop_stale(cur, table, params) if prep.parsed.whole_days else 0
        existing = cur.execute(f"SELECT count(*) FROM stage s JOIN {table} t ON t.key = s.key").fetchone()[0]
        unchanged = 0
        if existing:
            value_cols = [c for c in cols if c not in ("key", "load_id")]
            same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM s.{c}" for c in value_cols)
            # Identical rows are left alone: a re-upload changes nothing and keeps its first
            # load id. DELETE returns how many it removed: the unchanged count.
            unchanged = cur.execute(f"DELETE FROM stage s USING {table} t "
                                    f"WHERE t.key = s.key AND {same}").fetchone()[0]
            figures = [] if prep.replace else clash.compare(cur, table, prep.frame.columns)
            if figures:
                raise Conflict(figures)
            cur.execute(f"INSERT INTO {table}__replaced SELECT t.*, $1 FROM {table} t "
                        f"WHERE t.key IN (SELECT key FROM stage)", [params["load_id"]])
            cur.execute(f"DELETE FROM {table} WHERE key IN (SELECT key FROM stage)")
        col_list = ", ".join(cols)
        cur.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM stage{_order(prep)}")
    finally:
        cur.execute("DROP TABLE IF EXISTS stage")
    return int(total), int(existing), int(unchanged), int(removed)


def _roll_up(cur, table: str, touched) -> None:
    """Keep the table's daily roll-up (lib/store/rollups.py) exact in this transaction: each
    (source, first, last) names the days whose rows a write inserted, replaced or removed."""
    for source, first, last in touched:
        rollups.refresh(cur, table, source, first, last)


def _touched(cur, table: str, load_id: int) -> list[tuple]:
    """(source, first day, last day) of a load's rows and of the rows it replaced."""
    return cur.execute(f"SELECT source, min(day_from), max(day_from) FROM (SELECT source, day_from FROM {table} "
                       f"WHERE load_id = $id UNION ALL SELECT source, day_from FROM {table}__replaced "
                       "WHERE replaced_by = $id) GROUP BY source", {"id": load_id}).fetchall()


def _drop_stale(cur, table: str, params: dict) -> int:
    """Rows of the stage's source, grain and days (and account) that the stage lacks: moved to
    `<table>__replaced` (undo restores them) and deleted. The stage holds every new row here."""
    owner = " AND s.account IS NOT DISTINCT FROM t.account" if table in OWNED else ""
    stale = (f"FROM {table} t WHERE t.source = $source AND t.day_from = t.day_to "
             f"AND EXISTS (SELECT 1 FROM stage s WHERE s.grain = t.grain AND s.day_from = t.day_from "
             f"AND s.day_to = s.day_from{owner}) AND t.key NOT IN (SELECT key FROM stage)")
    cur.execute(f"INSERT INTO {table}__replaced SELECT t.*, $load_id {stale}", params)
    return cur.execute(f"DELETE {stale}", {"source": params["source"]}).fetchone()[0]


def load_parsed(store: Store, parsed: list[Parsed], file_name: str, sha256: str = "",
                fmt: str = "", progress: Callable[[float, str, str], None] | None = None,
                account: str | None = None, currency: str | None = None,
                replace: bool = True) -> dict:
    """Write parsed tables in one transaction and log the load; return the load summary.

    `progress(fraction, stage, table)` hears of each step (stage: check, write, commit), for
    the Data page's bar. `account` and `currency` fill what the export does not name
    (owners.py); replace=False stops strongly different replacements (Conflict): files a user
    gives (Data page, `load`) are checked, API pulls and the demo replace what they wrote."""
    access.check("upload")
    report = progress or (lambda fraction, stage, table: None)
    report(0.0, "check", "")
    try:
        parsed = owners.assign(store, parsed, origin, account, currency)
    except owners.OwnerError as exc:
        raise IngestError(exc.args[0]) from None
    prepared = [prepare(p) for p in parsed]
    for prep in prepared:
        prep.replace = replace
    warnings = [w for p in parsed for w in p.warnings]
    rejected = [{"line": r.line, "reason": r.reason} for p in parsed for r in p.rejected]
    # It changes its tables and the log only: what reads other tables stays cached.
    with store.transaction(tables=[*(p.parsed.table for p in prepared), "loads"]) as cur:
        load_id = cur.execute("SELECT coalesce(max(load_id), 0) + 1 FROM loads").fetchone()[0]
        tables = []
        for i, prep in enumerate(prepared):
            report(0.1 + 0.8 * i / len(prepared), "write", prep.parsed.table)
            tables.append(_upsert(cur, store, prep, load_id))
        report(0.95, "commit", "")
        for t in tables:
            if t["other_grains"]:
                warnings.append(Message(
                    f"{t['table']}: this period already holds {t['source']} data cut by "
                    f"{', '.join(t['other_grains'])}; KPIs use one cut at a time, never the sum.",
                    "msg_other_grains", table=t["table"], source=t["source"], columns=_grain_columns(t["other_grains"])))
        inserted = sum(t["inserted"] for t in tables)
        replaced = sum(t["replaced"] for t in tables)
        status = "loaded" if inserted or replaced else "unchanged"
        summary = {
            "file": file_name, "format": fmt or (parsed[0].format if parsed else ""),
            "load_id": load_id if status == "loaded" else None, "status": status,
            "rows": sum(t["rows"] for t in tables), "inserted": inserted, "replaced": replaced,
            "unchanged": sum(t["unchanged"] for t in tables), "rejected": rejected,
            "tables": tables, "accounts": _accounts(prepared), "warnings": warnings,
            "notes": [_jsonable(p.notes) for p in parsed],
        }
        if status == "loaded":
            cur.execute(
                "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), 'loaded', ?)",
                [load_id, file_name, sha256, summary["format"],
                 ",".join(sorted({t["table"] for t in tables})), inserted, replaced,
                 len(rejected), json.dumps(summary, default=str)])
    if status == "unchanged":
        summary["message"] = "Every row is already in the workspace with the same values: nothing changed."
    return summary


def _accounts(prepared: list[Prepared]) -> list[str]:
    """The sites or accounts the rows were stored under (tables without owners name none)."""
    return sorted({str(a) for prep in prepared if prep.parsed.table in OWNED and "account" in prep.frame
                   for a in prep.frame["account"].dropna().unique()})


def _jsonable(notes: dict) -> dict:
    return json.loads(json.dumps(notes, default=str))


def undo(store: Store, load_id: int) -> dict:
    """Revert one load exactly: delete its rows and restore the rows it replaced."""
    access.check("undo")
    row = store.rows("SELECT status, tables FROM loads WHERE load_id = ?", [load_id])
    if not row:
        raise IngestError(Message(f"load {load_id} does not exist (see `python -m lib loads`)",
                                  "msg_no_such_load", load=str(load_id)))
    status, tables = row[0]
    if status == "undone":
        raise IngestError(Message(f"load {load_id} was already undone", "msg_load_undone",
                                  load=str(load_id)))
    tables = [t for t in (tables or "").split(",") if t]
    # The log is data (a workspace file may carry any text): only known tables reach the SQL.
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise IngestError(Message(f"load {load_id}: the load log names no known table "
                                  f"({unknown[0][:60]!r}); nothing was undone. Re-import the workspace "
                                  "from a file Balise wrote.", "msg_load_log_table", load=str(load_id),
                                  found=unknown[0][:60]))
    for table in tables:
        later = store.rows(f"SELECT DISTINCT replaced_by FROM {table}__replaced "
                           "WHERE load_id = ? ORDER BY 1", [load_id])
        if later:
            ids = ", ".join(str(r[0]) for r in later)
            raise IngestError(Message(f"load {load_id}: later load(s) {ids} replaced some of its rows; "
                                      f"undo {ids} first", "msg_undo_later_first", load=str(load_id),
                                      ids=ids))
    restored = deleted = 0
    with store.transaction(tables=[*tables, "loads"]) as cur:
        for table in tables:
            cols = ", ".join(_columns(store, table))
            touched = _touched(cur, table, load_id) if table in rollups.TABLES else []
            deleted += cur.execute(f"DELETE FROM {table} WHERE load_id = ?", [load_id]).fetchone()[0]
            restored += cur.execute(f"INSERT INTO {table} SELECT {cols} FROM {table}__replaced "
                                    "WHERE replaced_by = ?", [load_id]).fetchone()[0]
            cur.execute(f"DELETE FROM {table}__replaced WHERE replaced_by = ?", [load_id])
            _roll_up(cur, table, touched)
        cur.execute("UPDATE loads SET status = 'undone' WHERE load_id = ?", [load_id])
    return {"load_id": load_id, "status": "undone", "deleted": int(deleted), "restored": int(restored)}


def list_loads(store: Store) -> pd.DataFrame:
    """The load log, newest first."""
    return store.query(
        "SELECT load_id, loaded_at, file_name, format, tables, inserted, replaced, rejected, status "
        "FROM loads ORDER BY load_id DESC")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_of_export(files: dict[str, bytes]) -> str:
    """One export's fingerprint: its file, or its files in name order."""
    if len(files) == 1:
        return sha256_of(next(iter(files.values())))
    return hashlib.sha256(b"".join(files[n] for n in sorted(files))).hexdigest()


def refused_summary(file_name: str, reason: str) -> dict:
    """The JSON summary of a refused file (printed by `load`, shown on the Data page)."""
    return {"file": file_name, "status": "refused", "reason": reason, "load_id": None}


@dataclass
class Reading:
    """A file read and parsed, not yet written: what the Data page previews."""
    name: str
    sha256: str
    format: str
    confidence: float
    parsed: list[Parsed]
    alternatives: list[tuple[str, float]]

    @property
    def rejected(self) -> list[dict]:
        return [{"line": r.line, "reason": r.reason} for p in self.parsed for r in p.rejected]

    @property
    def warnings(self) -> list[str]:
        return [w for p in self.parsed for w in p.warnings]


def read_file(data: bytes, name: str, source: str | None = None) -> Reading:
    """Detect the format (or take `source`) and parse; raise Refused with the reason."""
    from lib import sources
    from lib.sources import generic, search_console
    from lib.sources.text import distinct_memo, read_sample

    check_upload(name, data)   # the one gate: size, content, unpacked bytes, columns, cells
    text = data
    if generic.is_workbook(name, data):
        # The tools offer Excel downloads: a report's first sheet reads as its CSV, and Search
        # Console's sheets (Queries, Pages... Filters) as the CSVs of its zip
        sheets = generic.sheet_csvs(data)
        for sheet in sheets.values():   # the same bounds as the CSV: lines, columns, cell size
            check_text_shape(name, sheet)
        if len(sheets) > 1 and source in (None, search_console.NAME) \
                and any(search_console.is_member(n, d) for n, d in sheets.items()):
            found = [(search_console.NAME, 0.95)]
            return Reading(name, sha256_of(data), search_console.NAME, 0.95,
                           search_console.parse_files(sheets, zip_name=name), found)
        text = next(iter(sheets.values()))
    sample = read_sample(text, name=name)
    found = sources.detect(sample)
    if source:
        try:
            module, confidence = sources.get(source), 1.0
        except KeyError:
            raise Refused(Message.worded("msg_unknown_format", found=source,
                                         known=", ".join(m.NAME for m in sources.FORMATS))) from None
    elif found:
        module, confidence = found[0]
    else:
        why = sources.why_not(sample)
        raise Refused(Message(f"{name}: format not recognised{f' ({why})' if why else ''}. Upload the "
                              "export exactly as the tool produced it, or map its columns on the Data "
                              "page (generic CSV).", "msg_not_recognised_why" if why else "msg_not_recognised",
                              name=name, why=why or ""))
    with distinct_memo():   # the file's columns are read for texts once, by every check
        parsed = module.parse(sample)
    if not parsed or all(p.frame.empty for p in parsed):
        raise Refused(Message(f"{name}: the file gave no data rows.", "msg_no_rows", name=name))
    return Reading(name, sha256_of(data), module.NAME, confidence, parsed,
                   [(m.NAME, round(c, 3)) for m, c in found])


def read_export(files: dict[str, bytes], source: str | None = None) -> Reading:
    """One export: a file, or the CSVs of one Search Console export dropped together (read like
    their zip: Filters.csv and the chart give the others their period)."""
    from lib.sources import search_console

    if len(files) == 1:
        [(name, data)] = files.items()
        return read_file(data, name, source)
    for name, data in files.items():
        check_upload(name, data)
    name = ", ".join(files)
    sha = sha256_of_export(files)
    parsed = search_console.parse_files(files)
    found = [(search_console.NAME, 0.9)]
    return Reading(name, sha, search_console.NAME, 0.9, parsed, found)


def load_file(store: Store, data: bytes, name: str, source: str | None = None,
              accept_rejected: bool = False, account: str | None = None,
              currency: str | None = None, replace: bool = False) -> dict:
    """Read, parse and load one file; refused files raise Refused or IngestError."""
    return load_export(store, {name: data}, source, accept_rejected, account, currency, replace)


def load_export(store: Store, files: dict[str, bytes], source: str | None = None,
                accept_rejected: bool = False, account: str | None = None,
                currency: str | None = None, replace: bool = False) -> dict:
    """Read, parse and load one export (see read_export); refused ones raise Refused or
    IngestError. Money without a currency is refused unless `currency` names it."""
    access.check("upload")
    reading = read_export(files, source)
    name = reading.name
    if reading.rejected and not accept_rejected:
        first = reading.rejected[0]
        raise Refused(Message(f"{name}: {len(reading.rejected)} line(s) could not be read, e.g. line "
                              f"{first['line']}: {first['reason']}. Fix the file, or accept loading the "
                              "other rows (--accept-rejected, or the checkbox on the Data page).",
                              "msg_rejected_lines", name=name, count=len(reading.rejected),
                              line=first["line"], reason=first["reason"]))
    # Reading a big file leaves Arrow's pool holding what its passes freed: give it back before
    # the write, whose own peak comes next (about 100 MB less at a million rows).
    pa.default_memory_pool().release_unused()
    try:
        owners.require_currency(reading.parsed, currency)
    except owners.OwnerError as exc:
        raise IngestError(Message(f"{name}: {exc}", "msg_file_reason", name=name, reason=exc.args[0])) from None
    summary = load_parsed(store, reading.parsed, name, reading.sha256, reading.format,
                          account=account, currency=currency, replace=replace)
    summary["confidence"] = reading.confidence
    return summary


__all__ = ["IngestError", "Conflict", "Refused", "load_parsed", "undo", "list_loads", "prepare",
           "grain_name", "sha256_of", "sha256_of_export", "refused_summary", "read_file", "read_export", "load_file",
           "load_export", "date", "MAX_UPLOAD_BYTES"]
