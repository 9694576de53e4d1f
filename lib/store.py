"""The workspace store: the only module that imports duckdb.

One root connection per database path; every query takes its own cursor, because DuckDB
connections are not thread-safe and Streamlit runs each session in its own thread.
Writes go through `transaction()`, which also bumps the data version that caches key on.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "data" / "balise.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "sql"

Error = duckdb.Error


def default_path() -> str:
    """`$BALISE_DB`, else data/balise.duckdb."""
    return os.environ.get("BALISE_DB") or str(DEFAULT_PATH)


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
        self._con = duckdb.connect(self.path, read_only=read_only)
        self._write_lock = threading.Lock()
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

    def data_version(self) -> int:
        """Bumped by every write: the cache key of every query result."""
        return self.scalar("SELECT coalesce(max(value), 0) FROM meta WHERE name = 'data_version'") or 0

    def table_columns(self, table: str) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table])]

    # -- writes -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """Yield a cursor inside BEGIN/COMMIT; roll back on any error; bump the data version."""
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute(
                    "INSERT INTO meta VALUES ('data_version', 1) ON CONFLICT (name) "
                    "DO UPDATE SET value = meta.value + 1")
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    def close(self) -> None:
        self._con.close()


def register_frame(cur, name: str, frame: pd.DataFrame) -> None:
    """Expose a DataFrame to SQL on this cursor only (views are cursor-local).

    Handed over as an Arrow table: DuckDB scans Arrow without converting pandas' Arrow-backed
    strings to Python objects (seconds per million rows).
    """
    cur.register(name, pa.Table.from_pandas(frame, preserve_index=False))


def unregister_frame(cur, name: str) -> None:
    cur.unregister(name)
