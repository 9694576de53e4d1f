"""The pages' KPI reader: queries.run_compared, with what a window holds read once per data version
(issue 19).

Before its aggregate, queries.py reads each table three more times per window: the grains
present, the rows straddling the window, the currencies. Those answers depend only on the table's
(day_from, day_to, source, account, grain, currency) combinations, a few thousand rows even at ten
million: here they are read once per table and data version (every write bumps it) and each
window's answers are derived from them by the same rules, so a page asks one aggregate per table
and window. The aggregate SQL is queries.py's, from the catalogue.

The big tables' daily roll-ups (lib/store/rollups.py) answer every query they fit, and what a
window holds, once this reader has checked, per data version, that they hold all their table's rows
(measured at scale 150: a year's paid cards in 0.5 ms instead of 45-250 ms).

Measured and left out: one aggregate for both windows (a window column grouped on, rows of either
window) was 2 to 4 times slower on DuckDB than the two filtered aggregates it replaces.
"""
from __future__ import annotations

from datetime import date
from functools import partial

from lib.kpis import queries
from lib.kpis.queries import MONEY_TABLES, Result
from lib.store import Store, rollups
from lib.store.memo import PerVersion
from lib.store.schema import OWNED

_CUTS = PerVersion()   # table -> its combinations, at the table's version


def run_compared(store: Store, kpi_ids: list[str], start: date, end: date, compare: str | None,
                 by: list[str] | None = None, filters: dict | None = None,
                 currency: str | None = None, reporting: str | None = None, rollup: bool = True) -> Result:
    """What queries.run_compared returns, without its per-window reads of grains and currencies,
    from the daily roll-ups where a query fits them (`rollup=False`: never)."""
    return queries.run_compared(store, kpi_ids, start, end, compare, by, filters, currency, reporting,
                                cuts=partial(window, store), rollup=partial(rolled, store) if rollup else None)


def run(store: Store, kpi_ids: list[str], start: date, end: date, by: list[str] | None = None,
        filters: dict | None = None, currency: str | None = None) -> Result:
    """What queries.run returns, read the same way as run_compared (the overview's objectives)."""
    return queries.run(store, kpi_ids, start, end, by, filters, currency,
                       cuts=partial(window, store), rollup=partial(rolled, store))


def rolled(store: Store, table: str) -> bool:
    """Whether the table's roll-up may answer (rollups.usable: there, and holding every row)."""
    return rollups.usable(store, table)


def cuts(store: Store, table: str) -> list[tuple]:
    """(day_from, day_to, source, account, grain, currency, rows) of a table, read once per version
    of the table (account and currency None where the table has none)."""
    return _CUTS.get(store, table, lambda: _read_cuts(store, table), tables=[table])


def _read_cuts(store: Store, table: str) -> list[tuple]:
    owner = "account" if table in OWNED else "NULL"
    money = "currency" if table in MONEY_TABLES else "NULL"
    if rolled(store, table):   # the same combinations, from a few thousand rows
        return store.rows(f"SELECT day_from, day_to, source, {owner}, grain, {money}, "
                          f"CAST(sum({rollups.ROWS}) AS BIGINT) FROM {rollups.name(table)} GROUP BY ALL")
    return store.rows(f"SELECT day_from, day_to, source, {owner}, grain, {money}, count(*) "
                      f"FROM {table} GROUP BY ALL")


def forget() -> None:
    """Drop every table's combinations and days held (a benchmark's first view, as after a load)."""
    _CUTS.clear()
    queries.forget()
    rollups.forget()


def window(store: Store, table: str, start: date, end: date) -> tuple[list, int, set]:
    """What queries.py reads of a window: its (source, account, grain, daily) cuts among the
    reader's accounts, the rows straddling it (all accounts, as queries._straddling counts them),
    and its currencies among the reader's accounts."""
    scoped = queries.ACCOUNTS.get() if table in OWNED else None
    daily: dict[tuple, bool] = {}
    straddle, currencies = 0, set()
    for day_from, day_to, source, owner, grain, currency, rows in cuts(store, table):
        if day_from >= start and day_to <= end:
            if scoped and owner not in scoped:
                continue
            key = (source, owner, grain)
            daily[key] = daily.get(key, True) and day_from == day_to
            if currency is not None:
                currencies.add(currency)
        elif day_from <= end and day_to >= start:
            straddle += rows
    return [(*key, is_daily) for key, is_daily in daily.items()], straddle, currencies
