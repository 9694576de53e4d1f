"""The workspace store: the only module that imports duckdb.

One root connection per database path; every query takes its own cursor, because DuckDB
connections are not thread-safe and Streamlit runs each session in its own thread.
Writes go through `transaction()`, which also bumps the data version that caches key on.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pandas as pd
import pyarrow as pa

from lib.store.schema import BOOKKEEPING, SQL_TYPES, TABLES, columns

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "data" / "balise.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "sql"

Error = duckdb.Error


# The versions a cached read runs at (Store.reading_at): the readers under it (lib/kpis/scan.py,
# rollups.py) key their own caches on them without asking the meta table again (issue 19).
_PINNED: ContextVar[tuple | None] = ContextVar("balise_pinned_version", default=None)


class Busy(Exception):
    """Another process holds the workspace file: DuckDB lets one process open it for writing."""


def default_path() -> str:
    """`$BALISE_DB`, else data/balise.duckdb."""
    return os.environ.get("BALISE_DB") or str(DEFAULT_PATH)


_MEMORY = re.compile(r"^\d+(\.\d+)?\s*[KMGT]i?B$", re.IGNORECASE)


_MD_TOKEN = re.compile(r"[?&]motherduck_token=([^&]*)", re.IGNORECASE)


def connect_args(path: str, read_only: bool = False, env=None) -> tuple[str, dict]:
    """The `duckdb.connect` arguments for PATH: (database, keyword arguments).

    A MotherDuck path (`md:name`) takes the same code path as a file; its token comes from a
    `motherduck_token=` in the path (taken out, so it never shows in `Store.path`), else
    `$MOTHERDUCK_TOKEN` (the app copies the secrets key `motherduck_token` there before opening).
    """
    kwargs: dict = {"read_only": read_only}
    if not path.startswith("md:"):
        return path, kwargs
    env = os.environ if env is None else env
    found = _MD_TOKEN.search(path)
    token = unquote(found.group(1)) if found else None
    if found:
        path = _MD_TOKEN.sub("", path)
        path = path if "?" in path or "&" not in path else path.replace("&", "?", 1)
    token = token or env.get("MOTHERDUCK_TOKEN") or env.get("motherduck_token")
    if token:
        kwargs["config"] = {"motherduck_token": token}
    return path, kwargs


def _connect(path: str, read_only: bool):
    """Open PATH; a failure to reach MotherDuck never carries the token in its message."""
    target, kwargs = connect_args(path, read_only)
    try:
        return duckdb.connect(target, **kwargs), target
    except duckdb.Error as exc:
        token = kwargs.get("config", {}).get("motherduck_token")
        if "Could not set lock on file" in str(exc):
            holder = re.search(r"\(PID (\d+)\)", str(exc))
            raise Busy(f"the workspace {target} is open in another process"
                       f"{f' (PID {holder.group(1)})' if holder else ''}, probably the Balise app, "
                       "and DuckDB lets only one process write a file at a time") from None
        if not target.startswith("md:"):
            raise
        from lib.redact import redact

        raise duckdb.ConnectionException(
            f"could not open the MotherDuck database {redact(target, [token])}: "
            f"{redact(str(exc), [token])}") from None


def migrations() -> list[tuple[int, Path]]:
    """The .sql migrations in version order (file names start with the version number)."""
    found = [(int(p.name.split("_", 1)[0]), p) for p in SQL_DIR.glob("[0-9]*_*.sql")]
    return sorted(found)


class Store:
    """A DuckDB workspace: migrated on open, queried through per-call cursors."""

    def __init__(self, path: str | None = None, read_only: bool = False):
        self.path = path or default_path()
        if self.path != ":memory:" and not self.path.startswith("md:"):
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con, self.path = _connect(self.path, read_only)
        self._write_lock = threading.Lock()
        self.writes = 0   # this process's committed transactions: a version pinned before one is stale
        if not read_only:
            self.migrate()

    # -- schema -----------------------------------------------------------------------------
    def migrate(self) -> int:
        """Apply pending migrations, each in its own transaction; return the schema version."""
        cur = self._con.cursor()
        cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
        cur.execute("CREATE TABLE IF NOT EXISTS meta (name VARCHAR PRIMARY KEY, value BIGINT)")
        current = cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
        for version, path in migrations():
            if version <= current:
                continue
            # DuckDB cannot commit several ALTER TABLEs of one populated table in a single
            # transaction: write such changes as one ALTER per migration file.
            cur.execute("BEGIN TRANSACTION")
            try:
                cur.execute(path.read_text(encoding="utf-8"))
                cur.execute("INSERT INTO schema_version VALUES (?, now())", [version])
                cur.execute("COMMIT")
            except Exception as exc:
                try:
                    cur.execute("ROLLBACK")
                except duckdb.TransactionException:
                    pass  # a failed COMMIT has already ended the transaction
                raise RuntimeError(f"migration {path.name} failed, nothing applied: {exc}") from exc
            current = version
        return current

    def lock_down(self, memory_limit: str | None = None, limit_memory: bool = True) -> bool:
        """Lock the database instance once the workspace is open and migrated (the app, the CLI).

        No file or network access at all (read_csv, COPY, ATTACH, EXPORT are refused: DuckDB's
        allowed_directories would let COPY write where it lets read_csv read, and Balise reads
        every file through Python), no extension install or load, a memory limit (`memory_limit`,
        else `$BALISE_MEMORY_LIMIT`, else 1GB; none with `limit_memory=False`, for the command
        line's big loads), and the configuration locked so that no query can undo any of it.
        Registered Arrow frames and DataFrames still work (they are not external access), and so
        does spilling to DuckDB's own temp directory. Settings belong to the database instance:
        every connection to this file in this process is locked. Returns False when it was
        already locked. A MotherDuck (`md:`) store keeps external access (that is where it
        lives) and gets the rest.
        """
        if self.scalar("SELECT current_setting('lock_configuration')"):
            return False
        memory_limit = memory_limit or os.environ.get("BALISE_MEMORY_LIMIT") or "1GB"
        if limit_memory and not _MEMORY.match(memory_limit.strip()):
            raise ValueError(f"memory limit {memory_limit!r}: write it like 1GB or 512MB")
        cur = self._con.cursor()
        try:
            if not self.path.startswith("md:"):
                cur.execute("SET enable_external_access = false")
            cur.execute("SET autoinstall_known_extensions = false")
            cur.execute("SET autoload_known_extensions = false")
            if limit_memory:
                cur.execute("SET memory_limit = ?", [memory_limit.strip()])
            cur.execute("SET lock_configuration = true")
        finally:
            cur.close()
        return True

    def schema_version(self) -> int:
        return self.scalar("SELECT coalesce(max(version), 0) FROM schema_version")

    # -- reads ------------------------------------------------------------------------------
    def cursor(self):
        """A cursor of the root connection, for one query or one page run."""
        return self._con.cursor()

    def query(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        """Run a read query with bound parameters and return a DataFrame."""
        cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def rows(self, sql: str, params: list | dict | None = None) -> list[tuple]:
        cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).fetchall()
        finally:
            cur.close()

    def scalar(self, sql: str, params: list | dict | None = None):
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def versions(self) -> dict[str, int]:
        """The data version ('data_version', bumped by every write) and the tables' versions
        ('version:<table>', 'version:*'): see transaction()."""
        pinned = _PINNED.get()
        if pinned is not None and pinned[0] is self and pinned[1] == self.writes:
            return pinned[2]
        return dict(self.rows("SELECT name, value FROM meta "
                              "WHERE name = 'data_version' OR starts_with(name, 'version:')"))

    def data_version(self) -> int:
        """Bumped by every write: the cache key of a read of anything."""
        return self.versions().get("data_version", 0)

    def version_of(self, tables) -> tuple[int, ...]:
        """The cache key of a read of those tables only (see transaction)."""
        return versions_key(self.versions(), tables)

    @contextmanager
    def reading_at(self, versions: dict[str, int]):
        """Within the block (this thread), versions() answers `versions` without a read, until
        this process commits a write. For a cached read that was keyed on them just before."""
        token = _PINNED.set((self, self.writes, versions))
        try:
            yield
        finally:
            _PINNED.reset(token)

    def table_columns(self, table: str) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table])]

    def fact_columns(self, table: str) -> dict[str, str]:
        """A canonical table's stored columns and SQL types, in order, each checked against the
        schema's allowlist (a received .duckdb file may name its columns anything)."""
        if table not in TABLES:
            raise ValueError(f"unknown canonical table {table!r}")
        allowed = set(BOOKKEEPING) | set(columns(table))
        found = dict(self.rows("SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_name = ? AND table_schema = 'main' "
                               "AND table_catalog = current_database() ORDER BY ordinal_position",
                               [table]))
        strange = [f"{c} {t}" for c, t in found.items() if c not in allowed or t not in SQL_TYPES]
        if strange:
            raise ValueError(f"{table}: column {strange[0][:60]!r} is not in Balise's schema")
        return found

    # -- writes -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self, tables: Iterable[str] | None = None):
        """Yield a cursor inside BEGIN/COMMIT; roll back on any error; bump the data version.

        `tables`: every table the block may change (a fact table stands for its `__replaced` and
        `__daily` companions too); their versions are bumped, and reads keyed on other tables'
        versions stay cached (a Meta load leaves the site's figures alone). Without it, the block
        may change anything: 'version:*', which every table's key holds, is bumped."""
        named = ["version:*"] if tables is None else [f"version:{t}" for t in sorted(set(tables))]
        bumped = ["data_version", *named]
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                for name in bumped:
                    cur.execute("INSERT INTO meta VALUES (?, 1) ON CONFLICT (name) "
                                "DO UPDATE SET value = meta.value + 1", [name])
                self.writes += 1   # before the new rows show: no version pinned before this is used after
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    def close(self) -> None:
        self._con.close()


def versions_key(versions: dict[str, int], tables) -> tuple[int, ...]:
    """What a read of `tables` is keyed on, from Store.versions(): each one's version and the
    version of the writes that named no table."""
    return (versions.get("version:*", 0), *(versions.get(f"version:{t}", 0) for t in sorted(set(tables))))


ROW_GROUP = 122_880   # DuckDB's rows per row group


def register_frame(cur, name: str, frame: pd.DataFrame) -> None:
    """Expose a DataFrame to SQL on this cursor only (views are cursor-local).

    Handed over as an Arrow table: DuckDB scans Arrow without converting pandas' Arrow-backed
    strings to Python objects (seconds per million rows). Cut in batches of a row group (slices,
    no copy): DuckDB scans one batch per thread, so the keys' md5 and the write use every core.
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    cur.register(name, pa.Table.from_batches(table.to_batches(max_chunksize=ROW_GROUP), table.schema))


def unregister_frame(cur, name: str) -> None:
    cur.unregister(name)
