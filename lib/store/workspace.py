"""The whole workspace as one file (export, import), where it is safe to keep it, and a rebuild.

On Streamlit Community Cloud the local disk may be wiped at any time: the DuckDB file there is a
cache. People keep their work by downloading the workspace file (a zip: one Parquet file per
table and `manifest.json`), importing it back, or rebuilding from the API pulls; a team points
the store at MotherDuck (`BALISE_DB=md:name`) instead.

The export reads every table through the store's own connection (a cursor, Arrow, then pyarrow
writes the Parquet in Python): no `COPY ... TO`, so it works on a connection whose external
access is locked. The import checks everything before writing and replaces the content of the
whole workspace in one transaction, or changes nothing.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib import access
from lib.i18n.messages import Message
from lib.store import rollups
from lib.store.schema import TABLES
from lib.store.settings import HOME_DASHBOARD as HOME_SETTING

FORMAT = "balise-workspace"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SUFFIX = ".parquet"
# Workspace tables besides the canonical ones and their undo history (lib/sql/001_schema.sql).
WORKSPACE_TABLES = ("loads", "settings", "annotations", "campaigns", "objectives", "alert_rules",
                    "alert_events", "mappings")
# Store bookkeeping, never exported: the schema version is in the manifest, and the import bumps
# the data version itself.
INTERNAL = ("schema_version", "meta") + rollups.names()   # roll-ups: rebuilt from the rows on import
MAX_IMPORT_BYTES = 1024 ** 3            # decoded: zip members and Parquet tables, all together
MAX_IMPORT_ROWS = 20_000_000            # all tables together, from the Parquet footers
CHUNK = 4 * 1024 * 1024
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class WorkspaceError(Exception):
    """The workspace file is refused as a whole; the message says why. Nothing was changed.

    Raised with a Message (ws_err_* in lib/i18n/strings/workspace.toml): str(exc) is its English
    text for the command line, and a page words it in its own language (say_error)."""


def _quoted(value, limit: int | None = None) -> str:
    """A value from the file as repr() shows it inside its quotes (control characters escaped);
    the message's template writes the quotes, 'x' in English and « x » in French."""
    return repr(str(value)[:limit])[1:-1]


# -- which tables ------------------------------------------------------------------------------
def known_tables() -> tuple[str, ...]:
    """The fixed allowlist: canonical tables, their undo history, the workspace tables."""
    return TABLES + tuple(f"{t}__replaced" for t in TABLES) + WORKSPACE_TABLES


def workspace_tables(store) -> list[str]:
    """The tables an export holds and an import replaces: the allowlist, plus tables that later
    migrations created (names read from the store's own schema, never from a file)."""
    present = [r[0] for r in store.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_type = 'BASE TABLE' AND table_catalog = current_database() ORDER BY table_name")]
    present = [name for name in present if name not in INTERNAL and _NAME.match(name)]
    known = [name for name in known_tables() if name in present]
    return known + [name for name in present if name not in known]


# -- export ------------------------------------------------------------------------------------
def _arrow(result) -> pa.Table:
    """A query result as an Arrow table (DuckDB 1.5 and 2.0 name the method differently)."""
    fetch = getattr(result, "to_arrow_table", None) or result.fetch_arrow_table
    return fetch()


def export_workspace(store) -> bytes:
    """The whole workspace as one zip: `<table>.parquet` per table and `manifest.json`.

    Every table is read in one read transaction, so the file is a consistent snapshot even while
    someone loads data.
    """
    tables = workspace_tables(store)
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "schema_version": store.schema_version(),
                "exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "tables": {}}
    buffer = io.BytesIO()
    cur = store.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name in tables:
                table = _arrow(cur.execute(f'SELECT * FROM "{name}"'))
                sink = pa.BufferOutputStream()
                pq.write_table(table, sink, compression="zstd")
                data = sink.getvalue().to_pybytes()
                archive.writestr(name + SUFFIX, data)   # Parquet is compressed already
                manifest["tables"][name] = {"rows": table.num_rows,
                                            "sha256": hashlib.sha256(data).hexdigest()}
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    finally:
        try:
            cur.execute("ROLLBACK")
        finally:
            cur.close()
    return buffer.getvalue()


def file_name(workspace_name: str = "", today: str | None = None) -> str:
    """balise-workspace[-<name>]-<YYYY-MM-DD>.zip."""
    day = today or datetime.now(UTC).date().isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", (workspace_name or "").lower()).strip("-")[:40]
    return f"balise-workspace-{slug + '-' if slug else ''}{day}.zip"


# -- import ------------------------------------------------------------------------------------
def _too_big() -> WorkspaceError:
    return WorkspaceError(Message.worded("ws_err_too_big", mb=str(MAX_IMPORT_BYTES // 2**20),
                                         rows=MAX_IMPORT_ROWS))


class _Budget:
    """Decoded bytes and rows still allowed, spent member by member, table by table."""

    def __init__(self):
        self.left, self.rows = MAX_IMPORT_BYTES, MAX_IMPORT_ROWS

    def check(self, size: int, rows: int = 0) -> None:
        if size > self.left or rows > self.rows:
            raise _too_big()

    def spend(self, size: int, rows: int = 0) -> None:
        self.check(size, rows)
        self.left, self.rows = self.left - size, self.rows - rows


def _member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """A member read in chunks, refused past `cap` decoded bytes (the zip directory may lie)."""
    info = archive.getinfo(name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise WorkspaceError(Message.worded("ws_err_compression", name=name))
    out, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise _too_big()
                out.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise WorkspaceError(Message.worded("ws_err_member_damaged", name=name, detail=str(exc))) from None
    return b"".join(out)


def _decoded_bytes(column: pa.ChunkedArray) -> int:
    """What a column takes once decoded: dictionary text counts once per row that uses it."""
    if not pa.types.is_dictionary(column.type):
        return column.nbytes
    return sum(int(pc.sum(pc.take(pc.binary_length(c.dictionary), c.indices)).as_py() or 0)
               + c.indices.nbytes for c in column.chunks)


def _read_parquet(name: str, raw: bytes, budget: _Budget) -> pa.Table:
    """A Parquet table whose rows and decoded size fit the budget, checked before decoding:
    row count and uncompressed size from the footer, then text read as dictionaries and sized."""
    meta = pq.ParquetFile(io.BytesIO(raw)).metadata
    budget.check(sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)),
                 meta.num_rows)
    schema = pq.read_schema(io.BytesIO(raw))
    text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_binary(f.type)]
    table = pq.read_table(io.BytesIO(raw), read_dictionary=text)
    budget.spend(sum(_decoded_bytes(column) for column in table.columns), table.num_rows)
    return table.cast(schema) if text else table


def read_workspace(store, data: bytes) -> tuple[dict, dict[str, pa.Table]]:
    """Check a workspace file against this store; return (manifest, tables). Writes nothing.

    Refused: not a zip, no or bad manifest, another format, a newer schema than this app's, a
    table outside the allowlist, a member the manifest does not list (or a listed one missing),
    a checksum or row count that does not match, more than MAX_IMPORT_BYTES unpacked, a value
    that Balise would never write (check_values).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise WorkspaceError(Message.worded("ws_err_not_zip", detail=str(exc))) from None
    with archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        if MANIFEST not in names:
            raise WorkspaceError(Message.worded("ws_err_no_manifest"))
        if len(set(names)) != len(names):
            raise WorkspaceError(Message.worded("ws_err_duplicate_member"))
        try:
            manifest = json.loads(_member(archive, MANIFEST, 2**20).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise WorkspaceError(Message.worded("ws_err_manifest_json", detail=str(exc))) from None
        listed = _check_manifest(store, manifest)
        expected = {MANIFEST} | {name + SUFFIX for name in listed}
        unexpected = sorted(set(names) - expected)
        if unexpected:
            raise WorkspaceError(Message.worded("ws_err_unexpected_members", count=len(unexpected),
                                                names=", ".join(unexpected[:5])))
        missing = sorted(expected - set(names))
        if missing:
            raise WorkspaceError(Message.worded("ws_err_missing_members", count=len(missing),
                                                names=", ".join(missing[:5])))
        tables, budget = {}, _Budget()
        for name, entry in listed.items():
            raw = _member(archive, name + SUFFIX, budget.left)
            if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                raise WorkspaceError(Message.worded("ws_err_checksum", name=name + SUFFIX))
            try:
                table = _read_parquet(name, raw, budget)
            except (pa.ArrowException, OSError) as exc:
                raise WorkspaceError(Message.worded("ws_err_not_parquet", name=name + SUFFIX,
                                                        detail=str(exc))) from None
            if table.num_rows != entry["rows"]:
                raise WorkspaceError(Message.worded("ws_err_row_count", name=name + SUFFIX,
                                                    found=str(table.num_rows), expected=str(entry["rows"])))
            tables[name] = table
    check_values(tables)
    return manifest, tables


def _check_manifest(store, manifest) -> dict[str, dict]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise WorkspaceError(Message.worded("ws_err_not_manifest"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise WorkspaceError(Message.worded("ws_err_format_version",
                                            found=repr(manifest.get("format_version")),
                                            supported=str(FORMAT_VERSION)))
    version, current = manifest.get("schema_version"), store.schema_version()
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkspaceError(Message.worded("ws_err_no_schema_version"))
    if version > current:
        raise WorkspaceError(Message.worded("ws_err_newer_schema", version=str(version), current=str(current)))
    listed = manifest.get("tables")
    if not isinstance(listed, dict) or not listed:
        raise WorkspaceError(Message.worded("ws_err_no_tables"))
    allowed = set(workspace_tables(store))
    for name, entry in listed.items():
        if name not in allowed:
            raise WorkspaceError(Message.worded("ws_err_unknown_table", name=_quoted(name)))
        if (not isinstance(entry, dict) or not isinstance(entry.get("rows"), int)
                or entry["rows"] < 0 or not isinstance(entry.get("sha256"), str)):
            raise WorkspaceError(Message.worded("ws_err_bad_entry", name=_quoted(name)))
    return listed


# -- the values a file may hold ------------------------------------------------------------------
# JSON columns and the shape Balise writes in each (alert_events.delivery: any JSON).
JSON_SHAPES = {("loads", "summary"): dict, ("dashboards", "definition"): dict,
               ("alert_rules", "scope"): dict, ("alert_rules", "params"): dict,
               ("alert_rules", "channels"): list, ("objectives", "scope"): dict,
               ("campaigns", "checklist"): list, ("mappings", "mapping"): dict,
               ("alert_events", "delivery"): object}
LOAD_STATUSES = ("loaded", "undone")
# The refusal of a JSON value of the wrong shape, by the shape expected (object: never refused).
_SHAPE_KEYS = {dict: "ws_err_json_dict", list: "ws_err_json_list"}


def check_values(tables: dict[str, pa.Table]) -> None:
    """Refuse values Balise never writes, which later code would trust: a load log naming an
    unknown table (undo builds SQL from it), JSON that does not parse or has the wrong shape,
    a dashboard whose tiles are not a list of objects, a home dashboard the file does not hold."""
    for (name, column), shape in JSON_SHAPES.items():
        for n, text in enumerate(_values(tables, name, column), 1):
            _check_json(name, column, n, text, shape)
    loads = zip(_values(tables, "loads", "load_id"), _values(tables, "loads", "tables"),
                _values(tables, "loads", "status"))
    for n, (load_id, names, status) in enumerate(loads, 1):
        if not isinstance(load_id, int):
            raise WorkspaceError(Message.worded("ws_err_load_no_id", row=str(n)))
        if status not in LOAD_STATUSES:
            raise WorkspaceError(Message.worded("ws_err_load_status", row=str(n), status=_quoted(status, 40)))
        unknown = [t for t in str(names or "").split(",") if t and t not in TABLES]
        if unknown:
            raise WorkspaceError(Message.worded("ws_err_load_table", row=str(n), name=_quoted(unknown[0], 60)))
    for target in _values(tables, "mappings", "target_table"):
        if target not in TABLES:
            raise WorkspaceError(Message.worded("ws_err_mapping_target", name=_quoted(target, 60)))
    settings = dict(zip(_values(tables, "settings", "name"), _values(tables, "settings", "value")))
    home = settings.get(HOME_SETTING)
    if home is not None and not (str(home).isdigit()
                                 and int(home) in _values(tables, "dashboards", "id")):
        raise WorkspaceError(Message.worded("ws_err_home_dashboard", name=_quoted(home, 40)))


def _values(tables: dict[str, pa.Table], name: str, column: str) -> list:
    """One column of one table of the file as Python values ([] when the file lacks it)."""
    table = tables.get(name)
    return table.column(column).to_pylist() if table is not None and column in table.column_names else []


def _check_json(name: str, column: str, n: int, text, shape) -> None:
    if text is None:
        return
    where = {"file": name + SUFFIX, "row": str(n), "field": column}
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        raise WorkspaceError(Message.worded("ws_err_json", **where)) from None
    if not isinstance(value, shape):
        raise WorkspaceError(Message.worded(_SHAPE_KEYS[shape], **where))
    if (name, column) == ("dashboards", "definition"):
        tiles = value.get("tiles", [])
        if not isinstance(tiles, list) or not all(
                isinstance(tile, dict) and isinstance(tile.get("kpis", []), list)
                and isinstance(tile.get("filters") or {}, dict) for tile in tiles):
            raise WorkspaceError(Message.worded("ws_err_tiles", **where))


def import_workspace(store, data: bytes) -> dict:
    """Replace the whole workspace content with a workspace file, in one transaction.

    Returns {"schema_version", "exported_at", "tables": {name: {"before", "after"}}, "replaced",
    "imported"}. Raises WorkspaceError (nothing changed) when the file is refused or a table does
    not fit this schema. Tables the file does not hold (an older schema) are emptied too.
    """
    access.check("upload")   # replacing or rebuilding the workspace is an editor's action
    manifest, tables = read_workspace(store, data)
    names = workspace_tables(store)
    report: dict[str, dict] = {}
    try:
        with store.transaction() as cur:
            for name in names:
                before = cur.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                cur.execute(f'DELETE FROM "{name}"')
                report[name] = {"before": before, "after": 0}
            for name in names:
                if name not in tables:
                    continue
                view = f"_ws_import_{name}"
                cur.register(view, tables[name])
                try:
                    cur.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM "{view}"')
                finally:
                    cur.unregister(view)
                report[name]["after"] = cur.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                if report[name]["after"] != tables[name].num_rows:
                    raise WorkspaceError(Message.worded("ws_err_stored_rows", name=name,
                                                        found=str(tables[name].num_rows),
                                                        stored=str(report[name]["after"])))
            for table in rollups.TABLES:   # from the rows just imported, never from a file
                rollups.rebuild(cur, table)
    except WorkspaceError:
        raise
    except Exception as exc:   # a column that does not fit, a duplicate key...: nothing changed
        raise WorkspaceError(Message.worded("ws_err_does_not_fit",
                                            detail=f"{type(exc).__name__}: {exc}")) from None
    return {"schema_version": manifest["schema_version"], "exported_at": manifest.get("exported_at"),
            "tables": report, "replaced": sum(r["before"] for r in report.values()),
            "imported": sum(r["after"] for r in report.values())}


# -- where the store lives -----------------------------------------------------------------------
def on_community_cloud(env=None, cwd: str | None = None) -> bool:
    """Whether this process runs on Streamlit Community Cloud.

    Heuristic (Cloud sets no documented flag): its containers are named `streamlit` (HOSTNAME
    starts with "streamlit") and check the repository out under /mount/src/<repo> (the working
    directory of `streamlit run`). Either sign is enough.
    """
    env = os.environ if env is None else env
    cwd = os.getcwd() if cwd is None else cwd
    return (str(env.get("HOSTNAME", "")).lower().startswith("streamlit")
            or Path(cwd).as_posix().startswith("/mount/src"))


def is_ephemeral(path: str, env=None, secrets=None, cwd: str | None = None) -> bool:
    """Whether the workspace may vanish: a local file (not `md:`) on Community Cloud.

    The secrets key `ephemeral` wins over the detection: `ephemeral = true` for another host
    whose disk is wiped, `ephemeral = false` for a Cloud-like host with a lasting disk.
    """
    path = str(path)
    if path.startswith("md:"):
        return False
    flag = (secrets or {}).get("ephemeral")
    if isinstance(flag, str):
        flag = flag.strip().lower() in ("1", "true", "yes", "on")
    if flag is not None:
        return bool(flag)
    env = os.environ if env is None else env
    cwd = os.getcwd() if cwd is None else cwd
    where = path if path == ":memory:" else Path(cwd, path).as_posix()
    return on_community_cloud(env, cwd) or where.startswith("/mount/src")

