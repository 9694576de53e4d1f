"""Daily roll-ups of the big fact tables (issue 19): the pages' cards and breakdowns read a few
thousand summed rows instead of ten million.

`<table>__daily` keeps every bookkeeping column a KPI query filters on (period, source, account,
grain, currency: the grain chosen per source and account, the window and the reader's accounts
apply to it unchanged), the dimensions below, each metric summed and `_rows`, the rows summed.
Period rows keep their period, so a window takes or leaves them exactly as it does in the table.

Never stale: created by migration 011 from the rows a workspace holds, refreshed by every load
and undo for the source and days they touch, in their transaction (lib/ingest/load.py), rebuilt
by a workspace import and an orphan repair. The reader (lib/kpis/scan.py) also checks, once per
data version, that it holds as many rows as its table before it reads it.
"""
from __future__ import annotations

from datetime import date

from lib.store.memo import PerVersion
from lib.store.schema import METRICS
from lib.store.store import Error

# The dimensions kept: what the pages break down and filter by, a small product of values
# (scale 150: 92k rows for 10.9M site rows, 18k for 6.0M ad rows). Landing pages, ad groups,
# keywords... stay in the table.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "site_traffic": ("channel_group", "source_name", "medium", "device", "country", "campaign"),
    "ad_performance": ("platform", "campaign", "device", "age", "gender"),
}
KEYS = ("day_from", "day_to", "source", "account", "grain", "currency")
ROWS = "_rows"
TABLES = tuple(DIMENSIONS)


def name(table: str) -> str:
    """The roll-up table of a fact table."""
    if table not in DIMENSIONS:
        raise ValueError(f"{table!r} has no roll-up")
    return f"{table}__daily"


def names() -> tuple[str, ...]:
    return tuple(name(t) for t in TABLES)


def columns(table: str) -> tuple[str, ...]:
    """The roll-up's columns, in order."""
    return KEYS + DIMENSIONS[table] + (ROWS,) + METRICS[table]


def select_sql(table: str, where: str = "") -> str:
    """The roll-up's rows computed from the table (WHERE `where`, bound by the caller)."""
    groups = ", ".join(KEYS + DIMENSIONS[table])
    sums = ", ".join(f"sum({m}) AS {m}" for m in METRICS[table])
    return (f"SELECT {groups}, count(*) AS {ROWS}, {sums} FROM {table}"
            f"{f' WHERE {where}' if where else ''} GROUP BY ALL ORDER BY day_from")


def refresh(cur, table: str, source: str, first: date, last: date) -> None:
    """Recompute a source's roll-up rows whose period starts from `first` to `last` (every row a
    load or undo wrote, replaced or removed starts in its file's days), in the caller's
    transaction."""
    if not _exists(cur, table):
        return
    where = "source = $source AND day_from BETWEEN $first AND $last"
    params = {"source": source, "first": first, "last": last}
    cur.execute(f"DELETE FROM {name(table)} WHERE {where}", params)
    cur.execute(f"INSERT INTO {name(table)} ({', '.join(columns(table))}) {select_sql(table, where)}", params)


def rebuild(cur, table: str) -> None:
    """Recompute a whole roll-up (after a workspace import or an orphan repair)."""
    if not _exists(cur, table):
        return
    cur.execute(f"DELETE FROM {name(table)}")
    cur.execute(f"INSERT INTO {name(table)} ({', '.join(columns(table))}) {select_sql(table)}")


def _exists(cur, table: str) -> bool:
    """Whether the table has a roll-up in this workspace (a workspace of an older schema, written
    before it migrates, has none: migration 011 builds it from the rows then)."""
    return table in DIMENSIONS and bool(cur.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = ?", [name(table)]).fetchone()[0])


def covers(table: str, dims) -> bool:
    """Whether the roll-up holds every one of these columns (dimensions, filters)."""
    return table in DIMENSIONS and set(dims) <= set(KEYS + DIMENSIONS[table])


def fresh(store, table: str) -> bool:
    """Whether the roll-up holds as many rows as its table (a write that bypassed the load would
    show here, and the readers then keep to the table)."""
    held, counted = store.rows(f"SELECT (SELECT coalesce(sum({ROWS}), 0) FROM {name(table)}), "
                               f"(SELECT count(*) FROM {table})")[0]
    return int(held) == int(counted)


_USABLE = PerVersion()   # table -> whether readers may use its roll-up, at the table's version


def usable(store, table: str) -> bool:
    """Whether readers may read the table's roll-up: it exists and is fresh (checked once per
    version of the table: its loads and undos, and every write that names no table, bump it)."""
    if table not in DIMENSIONS:
        return False
    return _USABLE.get(store, table, lambda: _checked(store, table), tables=[table])


def _checked(store, table: str) -> bool:
    try:
        return fresh(store, table)
    except Error:   # a read-only store of a workspace made before migration 011
        return False


def reader(store, table: str) -> str:
    """Where to read a table's accounts, sources, currencies and periods: its roll-up when usable
    (the same values from a hundredth of the rows), else the table."""
    return name(table) if usable(store, table) else table


def forget() -> None:
    """Check every roll-up again (a benchmark's first view, as after a load)."""
    _USABLE.clear()
