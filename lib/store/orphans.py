"""Rows that no logged load owns, found and removed.

A load is one transaction that writes its rows and its line in `loads` together, yet a process
killed at its commit has left its rows without the line (DuckDB 1.5's WAL recovery): undo then
says the load does not exist and a re-load says "unchanged". Every fact row must belong to a
load the log shows as loaded, and every kept undo row to such a load; the others are orphans.
The repair deletes them in one transaction and restores nothing (the file can be loaded again).
"""
from __future__ import annotations

from dataclasses import dataclass

from lib import access
from lib.store import rollups
from lib.store.schema import TABLES

_LOGGED = "SELECT load_id FROM loads WHERE status = 'loaded'"
# (table, column naming the load): the fact tables and their undo history, names from the schema.
_OWNED = [(t, "load_id") for t in TABLES] + [(f"{t}__replaced", "replaced_by") for t in TABLES]


@dataclass(frozen=True)
class Orphans:
    """Rows per table and the unlogged load ids they carry."""
    rows: dict[str, int]
    load_ids: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def __bool__(self) -> bool:
        return self.total > 0


def _where(column: str) -> str:
    return f"{column} IS NULL OR {column} NOT IN ({_LOGGED})"


def find(store) -> Orphans:
    """The orphan rows of the workspace (one scan of each table's load column)."""
    union = " UNION ALL ".join(
        f"SELECT '{table}' AS tbl, {column} AS load_id, count(*) AS n FROM {table} "
        f"WHERE {_where(column)} GROUP BY ALL" for table, column in _OWNED)
    found = store.rows(f"SELECT tbl, load_id, n FROM ({union}) ORDER BY 1, 2")
    rows: dict[str, int] = {}
    for table, _, n in found:
        rows[table] = rows.get(table, 0) + int(n)
    ids = sorted({int(load_id) for _, load_id, _ in found if load_id is not None})
    return Orphans(rows, tuple(ids))


def repair(store) -> Orphans:
    """Delete every orphan row in one transaction; return what was deleted."""
    access.check("undo")   # removing rows is an editor's action, like undo
    found = find(store)
    if not found:
        return found
    with store.transaction() as cur:
        for table, column in _OWNED:
            if table in found.rows:
                cur.execute(f"DELETE FROM {table} WHERE {_where(column)}")
                rollups.rebuild(cur, table)   # a table without a roll-up: nothing
    return found


def describe(found: Orphans) -> str:
    """One English sentence for the command line."""
    loads = ", ".join(str(i) for i in found.load_ids) or "none"
    tables = ", ".join(f"{table} {n:,}" for table, n in found.rows.items())
    return (f"repaired the workspace: deleted {found.total:,} row(s) that no logged load owns "
            f"(load id(s) {loads}, probably a load stopped at its commit; by table: {tables}); "
            "nothing else changed, load the file again if you need its rows")
