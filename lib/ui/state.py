"""The workspace's store and every cached query of the app.

One root connection per process (`st.cache_resource`); queries take their own cursors. Query
results are cached by (store path, data version, arguments) with `cached`: every write bumps the
data version, so nothing stale is shown. Cache results, not big frames: a cached DataFrame is
unpickled again on every rerun (DESIGN.md §6).
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.kpis import queries, scan
from lib.kpis import rates as fx
from lib.store import Store, rollups, versions_key
from lib.store import settings as stored_settings
from lib.store.schema import OWNED
from lib.ui import secrets, switcher


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters every page reads."""
    start: date
    end: date
    compare: str
    lang: str
    currency: str | None
    account: str | None = None   # the site or account looked at (None: all; issue 16)

    @property
    def compare_window(self):
        return queries.comparison_window(self.start, self.end, self.compare)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    secrets.store_env(path)     # MotherDuck token from the secrets
    s = Store(path)
    s.lock_down()   # no file/network access, extensions or SET from here on
    return s


def store() -> Store:
    """The workspace's root connection, one per process (queries take their own cursors)."""
    return _open_store(switcher.current_path())   # the sidebar's workspace (issue 16)


def cached(fn=None, *, max_entries: int = 64, reads: Callable[..., Iterable[str]] | Iterable[str] | None = None):
    """Cache `fn(store, *args)` by store path, data version and args; callers leave out the store.

    Use as `@cached(max_entries=16)` on a function whose first parameter is the store, or as
    `cached(lib_function)`. `reads`: the only tables fn reads that a load or an undo may change
    (its other reads change through writes that name no table), as names or as a function of
    fn's arguments; then it is keyed on their versions, and a load of another table leaves it
    cached (Store.transaction).
    """
    if fn is None:
        return functools.partial(cached, max_entries=max_entries, reads=reads)

    def by_version(path: str, version, scope, _versions: dict, *args, **kwargs):
        s = _open_store(path)
        with s.reading_at(_versions):   # the readers below key their caches on them without asking again
            return fn(s, *args, **kwargs)   # scope: the run's accounts and reporting currency

    # Streamlit names a cache by its function's module, name and source: take fn's, so each
    # function keeps its own cache; the pinned signature keeps every argument hashed (but
    # `_versions`, which `version` sums up).
    by_version.__signature__ = inspect.signature(by_version)
    functools.update_wrapper(by_version, fn)
    run = st.cache_data(max_entries=max_entries, show_spinner=False)(by_version)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        s = store()
        scope = (queries.ACCOUNTS.get(), queries.REPORTING.get())
        held = run_versions(s)
        version = (held.get("data_version", 0) if reads is None
                   else versions_key(held, reads(*args, **kwargs) if callable(reads) else reads))
        return run(s.path, version, scope, held, *args, **kwargs)

    return call


# (this run's marker, store, its writes, versions): see run_versions.
_RUN_VERSIONS: ContextVar[tuple | None] = ContextVar("run_versions", default=None)


def run_versions(s: Store) -> dict[str, int]:
    """The data and table versions, read once per page run: a page asks `cached` a hundred times
    (issue 19). Read again after any write of this process, and by every run, a fragment's included
    (Streamlit gives each run a new cursors dict): a load elsewhere shows at the next run."""
    ctx = get_script_run_ctx(suppress_warning=True)
    marker = getattr(ctx, "cursors", None)
    memo = _RUN_VERSIONS.get()
    if marker is not None and memo is not None and memo[0] is marker and memo[1] is s and memo[2] == s.writes:
        return memo[3]
    writes, versions = s.writes, s.versions()
    if marker is not None:
        _RUN_VERSIONS.set((marker, s, writes, versions))
    return versions


# The rate notes of this run's KPI queries (the sidebar resets it each run): cards, tables and
# downloads say where a reporting currency converted what they show (issue 16).
RATES_SEEN: ContextVar[list | None] = ContextVar("rates_seen", default=None)


def rates_used(ids) -> list:
    """This run's rate notes about the tables of those KPIs that a reporting currency converts."""
    tables = set().union(*(queries.tables_of(k) for k in ids if queries.converts(k))) if ids else set()
    return [n for n in RATES_SEEN.get() or [] if dict(n.values).get("table") in tables]


def _tables_of(ids: tuple, *args) -> set[str]:
    return set().union(*(queries.tables_of(k) for k in ids))


@cached(max_entries=512, reads=_tables_of)
def _run(store: Store, ids: tuple, start: date, end: date, compare: str, by: tuple, filters: tuple,
         currency: str | None) -> tuple[pd.DataFrame, list[str]]:
    # one read per table for the window and its comparison (lib/kpis/scan.py; issue 19)
    result = scan.run_compared(store, list(ids), start, end, None if compare == "none" else compare,
                               list(by), {k: list(v) for k, v in filters}, currency)
    return result.frame, result.notes


def kpi(ids: list[str], f: Filters, by: list[str] | tuple = (), filters: dict | None = None,
        compare: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """KPIs for the sidebar window (and its comparison), cached by the versions of their tables.
    Measured and left out: totals read apart by table (a Meta load then reads the ads' alone) made
    the overview's period change and view after a load 0.1 s slower (five reads, merged)."""
    items = tuple(sorted((k, tuple(v) if isinstance(v, (list, tuple)) else (v,))
                         for k, v in (filters or {}).items()))
    frame, notes = _run(tuple(ids), f.start, f.end, f.compare if compare else "none", tuple(by), items,
                        f.currency)
    seen = RATES_SEEN.get()
    if seen is not None:
        seen.extend(n for n in notes if n.code in queries.RATE_NOTES and not n.comparison and n not in seen)
    return frame, notes


def of_table(table: str, *args) -> list[str]:
    """`cached`'s reads of a function whose first argument names the one table it reads."""
    return [table]


# The sidebar's lists, read table by table: a load reads again the loaded table's alone.
# Measured and left out: the accounts' and currencies' DISTINCTs in one statement were 2 to 3
# times slower than apart (DuckDB answers a lone DISTINCT from the column's dictionary).
# DuckDB answers a table's first and last day from its statistics
_range_of = cached(queries.data_range, max_entries=64, reads=of_table)


def table_state(table: str) -> tuple[bool, date | None, date | None]:
    """Whether a table has data, and its first and last day."""
    if table not in queries.DIMENSIONS:
        raise queries.QueryError(f"unknown table {table!r}")
    first, last = _range_of(table)
    return first is not None, first, last


settings = cached(stored_settings.read_all, max_entries=16, reads=("settings",))   # the table as a dict


@cached(max_entries=128, reads=of_table)
def _currencies_of(store: Store, table: str, account: str | None) -> set[str]:
    whose, params = (" AND account = ?", [account]) if account else ("", [])
    return {r[0] for r in store.rows(f"SELECT DISTINCT currency FROM {rollups.reader(store, table)} "
                                     f"WHERE currency IS NOT NULL{whose}", params)}


def currencies(account: str | None = None) -> list[str]:
    """Every currency the money tables hold (of one account when given), sorted."""
    return sorted(set().union(*(_currencies_of(table, account) for table in sorted(queries.MONEY_TABLES))))


@cached(max_entries=64, reads=of_table)
def _accounts_of(store: Store, table: str) -> list[str]:
    return queries.accounts(store, (table,))


def accounts() -> list[str]:
    """Every site or account the fact tables hold, sorted (the sidebar's account filter)."""
    return sorted(set().union(*(_accounts_of(table) for table in OWNED)))


@cached(max_entries=16, reads=())   # the rates change through writes that name no table
def reporting_currencies(store: Store) -> list[str]:
    """Currencies the workspace's rates convert into (the sidebar's reporting currency)."""
    return fx.reporting_currencies(store)


@cached(max_entries=16, reads=("annotations",))
def chart_annotations(store: Store) -> pd.DataFrame:
    """The annotations every trend chart shows."""
    return store.query("SELECT day, channel, kind, text FROM annotations ORDER BY day")
