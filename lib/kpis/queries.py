"""Build and run KPI SQL from the catalogue.

Dimensions come from an allowlist, values are bound. Each (source, account, window) is answered
from one grain that carries every dimension asked for, daily rows preferred (DESIGN §2: never add
two cuts of the same traffic; a daily account and a period-total account of one platform both
count, each from its own best cut); rows whose period straddles the window are counted and
reported, never mixed in. Money of two currencies is never added: the caller picks one, or
the result is split by currency.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from lib.kpis import catalogue as kpis
from lib.kpis import rates as fx
from lib.kpis.notes import Note
from lib.store import Store, rollups
from lib.store.memo import PerVersion
from lib.store.schema import ATTRIBUTES, DIMENSIONS, METRICS, OWNED

TIME_DIMENSIONS = {
    "day": "CAST(day_from AS DATE)",
    "week": "CAST(date_trunc('week', day_from) AS DATE)",     # ISO week, Monday
    "month": "CAST(date_trunc('month', day_from) AS DATE)",
}
# Descriptive columns that may also be used to break down or filter.
EXTRA_DIMENSIONS = {
    "site_traffic": ("currency",), "ad_performance": ("currency",),
    "email_campaigns": ("campaign", "subject", "list", "currency"),
    "social_performance": ("post_type",), "orders": ("channel", "kind", "currency"),
    "leads": ("lead_source", "campaign", "status"), "mentions": ("network", "sentiment"),
    "nps_responses": ("segment",), "conversations": ("sentiment",),
}
MONEY_TABLES = {t for t, attrs in ATTRIBUTES.items() if "currency" in attrs}
# Whose stock a semi-additive column is: its first and last value are taken per one of these.
STOCK_OWNER = {"social_performance": ("source", "network", "account")}


# The accounts (sites, properties, ad accounts) the reader looks at: the app's sidebar filter sets
# it for its run, so that every page, tile, objective and report query is scoped alike. None: all.
ACCOUNTS: ContextVar[tuple[str, ...] | None] = ContextVar("accounts", default=None)
# The reporting currency the reader converts money into with the stored rates (rates.py); None:
# every currency stays its own.
REPORTING: ContextVar[str | None] = ContextVar("reporting", default=None)
# Money columns per table: what a reporting currency converts.
MONEY_COLUMNS = {"site_traffic": ("revenue",), "site_items": ("item_revenue",),
                 "ad_performance": ("cost", "conversion_value"), "email_campaigns": ("revenue",),
                 "orders": ("revenue",), "leads": ("value",)}


_RANGES = PerVersion()   # table -> its first and last day, at the table's version
RATE_NOTES = ("note_rates", "note_no_rate")   # the notes saying a reporting currency converted


def converts(kid: str) -> bool:
    """Whether a reporting currency changes this KPI: money, or a ratio over money (ROAS)."""
    k = kpis.get(kid)
    if k.parts:
        return any(converts(p) for p in k.parts)
    return k.unit == "money" or any(re.search(rf"\b{c}\b", k.sql or "")
                                    for c in MONEY_COLUMNS.get(k.table or "", ()))


def tables_of(kid: str) -> set[str]:
    """The fact tables a KPI reads."""
    return {kpis.get(b).table for b in kpis.base_ids([kid])}


@contextmanager
def whole_workspace():
    """Every account, every currency its own, whatever the reader looks at: for work whose result
    is stored or sent (alert events), which a rule's own scope narrows, never the reader's view."""
    accounts, reporting = ACCOUNTS.set(None), REPORTING.set(None)
    try:
        yield
    finally:
        ACCOUNTS.reset(accounts)
        REPORTING.reset(reporting)


def scope_accounts(accounts) -> None:
    """Look at these accounts only from now on in this thread (None or empty: every account)."""
    ACCOUNTS.set(tuple(str(a) for a in accounts) if accounts else None)


class QueryError(ValueError):
    """A request the builder refuses (unknown KPI or dimension, impossible breakdown)."""


@dataclass
class Result:
    frame: pd.DataFrame
    notes: list[Note] = field(default_factory=list)   # how it was computed (lib/kpis/notes.py)
    grains: dict = field(default_factory=dict)      # table -> {source: grain used}
    straddling: dict = field(default_factory=dict)  # table -> rows left out


def dimensions(table: str) -> tuple[str, ...]:
    """Every dimension a table can be broken down or filtered by."""
    return tuple(TIME_DIMENSIONS) + DIMENSIONS[table] + EXTRA_DIMENSIONS.get(table, ())


def comparison_window(start: date, end: date, mode: str | None) -> tuple[date, date] | None:
    """The previous period of equal length, or the same dates one year earlier."""
    if not mode or mode == "none":
        return None
    if mode == "previous":
        days = (end - start).days + 1
        return start - timedelta(days=days), start - timedelta(days=1)
    if mode == "year":
        return _minus_year(start), _minus_year(end)
    raise QueryError(f"unknown comparison {mode!r}: use previous, year or none")


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def _check_dims(table: str, dims: list[str]) -> None:
    allowed = dimensions(table)
    for d in dims:
        if d not in allowed:
            raise QueryError(f"unknown dimension {d!r} for {table}; allowed: {', '.join(allowed)}")


def _choose_grains(store: Store, table: str, start: date, end: date, needed: set[str],
                   daily_only: bool) -> tuple[dict, list[Note]]:
    """Pick one grain per source and account for the window; return {(source, account): grain}
    and notes (account None for a table without accounts)."""
    owner = "account" if table in OWNED else "NULL"
    scoped, params = _scope(table), [start, end]
    if scoped:
        params.append(list(scoped))
    found = store.rows(
        f"SELECT source, {owner} AS owner, grain, bool_and(day_from = day_to) AS daily FROM {table} "
        f"WHERE day_from >= ? AND day_to <= ?{' AND list_contains(?, account)' if scoped else ''} "
        "GROUP BY ALL", params)
    return pick_grains(table, found, needed, daily_only)


def pick_grains(table: str, found, needed: set[str], daily_only: bool) -> tuple[dict, list[Note]]:
    """From the (source, owner, grain, daily) cuts a window holds, one grain per source and account
    (_choose_grains reads them; lib/kpis/scan.py reads them for two windows at once)."""
    by_owner: dict[tuple, list[tuple[str, bool]]] = {}
    for source, account, grain, daily in found:
        by_owner.setdefault((source, account), []).append((grain, daily))
    several = {src for src, _ in by_owner if sum(1 for s, _ in by_owner if s == src) > 1}
    chosen, notes = {}, []
    for (source, account), grains in sorted(by_owner.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        # The note names the account when the source has several (which cut answered which).
        said = f"{source} ({account})" if source in several else source
        fit = []
        for grain, daily in grains:
            carried = set(grain.split("+")) - {"date", "total"}
            if needed <= carried and (daily or not daily_only):
                fit.append((not daily, len(carried), grain))
        if fit:
            chosen[(source, account)] = min(fit)[2]
            if len(grains) > 1 or source in several:
                notes.append(Note.of("note_cut", table=table, source=said,
                                     grain=chosen[(source, account)], others=len(grains) - 1))
        elif needed:
            notes.append(Note.of("note_no_export", table=table, source=said, dims=", ".join(sorted(needed))))
        else:
            notes.append(Note.of("note_no_daily_export", table=table, source=said))
    return chosen, notes


def _scope(table: str) -> tuple[str, ...] | None:
    return ACCOUNTS.get() if table in OWNED else None


def account_sql(table: str, named: bool = False, alias: str = "") -> tuple[str, list | dict]:
    """The reader's accounts (ACCOUNTS) as a WHERE condition for readers writing their own SQL:
    (' AND list_contains(?, account)', [accounts]), or ('$accounts', {...}) when `named`; empty
    when every account is looked at or the table has none."""
    scoped = _scope(table)
    if not scoped:
        return "", ({} if named else [])
    column = f"{alias}.account" if alias else "account"
    if named:
        return f" AND list_contains($accounts, {column})", {"accounts": list(scoped)}
    return f" AND list_contains(?, {column})", [list(scoped)]


def _straddling(store: Store, table: str, start: date, end: date) -> int:
    return store.scalar(
        f"SELECT count(*) FROM {table} WHERE day_from <= ? AND day_to >= ? "
        "AND NOT (day_from >= ? AND day_to <= ?)", [end, start, start, end]) or 0


def stock_columns(table: str, column: str, group: list[str]) -> str:
    """A stock (end-of-day followers) is not summed over days: its last and first value per owner
    and group, set on one row of each so that sum() adds owners, never days."""
    part = ", ".join([*STOCK_OWNER[table], *group])
    frame = (f"OVER (PARTITION BY {part} ORDER BY day_to "
             "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)")
    first_row = f"row_number() OVER (PARTITION BY {part} ORDER BY day_to) = 1"
    return (f", CASE WHEN {first_row} THEN last_value({column} IGNORE NULLS) {frame} END AS {column}_at_end"
            f", CASE WHEN {first_row} THEN first_value({column} IGNORE NULLS) {frame} END AS {column}_at_start")


def _converted(store: Store, table: str, start: date, end: date, reporting: str,
               notes: list[Note]) -> str:
    """The table with its money in the reporting currency where a month's rate exists; rows
    without one keep their currency (never added to others) and a note says so."""
    money = [c for c in MONEY_COLUMNS[table]]
    join = (f"FROM {table} t LEFT JOIN {fx.SQL} r ON r.reporting = $rep AND r.currency = t.currency "
            "AND r.month = CAST(date_trunc('month', t.day_from) AS DATE)")
    used = store.rows(f"SELECT t.currency, r.month, any_value(r.rate), count(*) FILTER (WHERE r.rate IS NULL) "
                      f"{join} WHERE t.day_from >= $start AND t.day_to <= $end AND t.currency <> $rep "
                      "GROUP BY ALL ORDER BY 1, 2", {"rep": reporting, "start": start, "end": end})
    said = [f"{c}→{reporting} {m:%Y-%m} {rate:.4f}" for c, m, rate, _ in used if m is not None]
    if said:
        notes.append(Note.of("note_rates", table=table, rates="; ".join(said[:12])
                             + (" …" if len(said) > 12 else "")))
    missing = sorted({c for c, m, _, n in used if m is None})
    if missing:
        notes.append(Note.of("note_no_rate", table=table, currencies=", ".join(missing),
                             reporting=reporting))
    replaced = ", ".join(f"t.{c} * coalesce(r.rate, 1) AS {c}" for c in money)
    return (f"(SELECT t.* REPLACE ({replaced}, CASE WHEN r.rate IS NULL THEN t.currency "
            f"ELSE $rep END AS currency) {join})")


_SUMMED = re.compile(r"\bsum\((\w+)\)")
# What a roll-up KPI's SQL may hold besides sums of metrics: ratios, and the reach KPIs' test that
# one row covers the window (its period is the roll-up row's own).
_ROLLED_WORDS = {"nullif", "case", "when", "then", "else", "end", "and", "or", "not", "null",
                 "bool_and", "day_from", "day_to", "start"}


def rolled_sql(kid: str) -> str | None:
    """A KPI's catalogue SQL as it reads the table's daily roll-up (lib/store/rollups.py): the
    same text with count(*) as the rows summed; None when it needs the table's own rows (a
    distinct count, a quantile, a stock)."""
    k = kpis.get(kid)
    if k.semi_additive or k.table not in rollups.TABLES or not k.sql:
        return None
    sql = k.sql.replace("count(*)", f"sum({rollups.ROWS})")
    summed = set(METRICS[k.table]) | {rollups.ROWS}
    rest = _SUMMED.sub(lambda m: "" if m.group(1) in summed else m.group(0), sql)
    return sql if set(re.findall(r"[a-z_][a-z0-9_]*", rest.lower())) <= _ROLLED_WORDS else None


def _on_rollup(table: str, ids: list[str], dims: list[str], reporting: str | None, rollup) -> bool:
    """Whether this query reads the roll-up: asked for (`rollup(table)`, the reader's check that it
    is there and whole), every dimension and filter in it, every KPI a sum of its metrics, money
    left in its currencies."""
    return bool(rollup and rollups.covers(table, [d for d in dims if d not in TIME_DIMENSIONS])
                and not (reporting and table in MONEY_COLUMNS)
                and all(rolled_sql(k) for k in ids) and rollup(table))


def _table_query(store: Store, table: str, ids: list[str], start: date, end: date,
                 by: list[str], filters: dict, currency: str | None,
                 reporting: str | None = None, cuts=None, rollup=None) -> Result:
    """One table's KPIs for one window. `cuts(table, start, end)`, when given, says what the
    window holds (its cuts, straddling rows, currencies: lib/kpis/scan.py reads them once per data
    version) instead of three reads of the table here. `rollup(table)`, when given, says whether
    the table's daily roll-up may answer; it does when the query fits it (_on_rollup)."""
    seen = cuts(table, start, end) if cuts and not (reporting and table in MONEY_COLUMNS) else None
    _check_dims(table, by + list(filters))
    non_time = {d for d in by + list(filters) if d not in TIME_DIMENSIONS}
    daily_only = any(d in TIME_DIMENSIONS for d in by)
    # Descriptive columns (currency, lead source, subject...) ride on every row: any grain has them.
    carried_anyway = set(EXTRA_DIMENSIONS.get(table, ())) | ({"account"} if table in OWNED else set())
    if seen:
        chosen, notes = pick_grains(table, seen[0], non_time - carried_anyway, daily_only)
        straddle = seen[1]
    else:
        chosen, notes = _choose_grains(store, table, start, end, non_time - carried_anyway, daily_only)
        straddle = _straddling(store, table, start, end)
    if straddle:
        notes.append(Note.of("note_straddling", table=table, rows=straddle))
    params: dict = {"start": start, "end": end}
    where = ["day_from >= $start", "day_to <= $end"]
    # Known from `cuts`: when the window holds only the cuts chosen, their condition filters nothing
    # and is left out (a third of a 10M-row aggregate's time).
    if not (seen and chosen and all(chosen.get((src, owner)) == grain for src, owner, grain, _ in seen[0])):
        where.append(grain_condition(table, chosen, params))
    where += shared_conditions(table, filters, params)
    scoped = _scope(table)
    rows_of = table
    rolled = _on_rollup(table, ids, by + list(filters), reporting, rollup)
    if rolled:
        rows_of = rollups.name(table)
    if reporting and table in MONEY_COLUMNS:
        rows_of = _converted(store, table, start, end, reporting, notes)
        params["rep"] = reporting
    group = list(by)
    if table in MONEY_TABLES:
        if currency:
            if not (seen and seen[2] <= {currency}):   # likewise: left out when no other currency
                params["cur"] = currency
                where.append("coalesce(currency, $cur) = $cur")
        elif "currency" not in group:
            found = [(c,) for c in seen[2]] if seen else store.rows(
                f"SELECT DISTINCT currency FROM {rows_of} WHERE day_from >= $start AND "
                "day_to <= $end AND currency IS NOT NULL"
                + (" AND list_contains($accounts, account)" if scoped else ""),
                {"start": start, "end": end, **({"accounts": list(scoped)} if scoped else {}),
                 **({"rep": reporting} if rows_of != table else {})})
            if len(found) > 1:
                group.append("currency")
                notes.append(Note.of("note_currencies", table=table,
                                     currencies=", ".join(sorted(r[0] for r in found))))
    select_dims = [f"{TIME_DIMENSIONS[d]} AS {d}" if d in TIME_DIMENSIONS else d for d in group]
    aggs = [f"{rolled_sql(kid) if rolled else kpis.get(kid).sql} AS {kid}" for kid in ids]
    inner_group = [TIME_DIMENSIONS[d] if d in TIME_DIMENSIONS else d for d in group]
    stocks = dict.fromkeys(kpis.get(k).semi_additive for k in ids if kpis.get(k).semi_additive)
    extra = "".join(stock_columns(table, column, inner_group) for column in stocks)
    source_rows = f"(SELECT *{extra} FROM {rows_of} WHERE {' AND '.join(where)})"
    sql = (f"SELECT {', '.join(select_dims + aggs)} FROM {source_rows} "
           + (f"GROUP BY {', '.join(str(i + 1) for i in range(len(group)))} "
              f"ORDER BY {', '.join(str(i + 1) for i in range(len(group)))}" if group else ""))
    frame = store.query(sql, params)
    grains = {(f"{source} ({account})" if account is not None and
               sum(1 for s, _ in chosen if s == source) > 1 else source): grain
              for (source, account), grain in chosen.items()}
    return Result(frame, notes, {table: grains}, {table: straddle})


def grain_condition(table: str, chosen: dict, params: dict, tag: str = "") -> str:
    """The rows of the grain chosen for each (source, account), its values bound in `params`
    (named with `tag`, so two windows' choices can sit in one query)."""
    if not chosen:
        return "false"
    pairs = []
    for i, ((source, account), grain) in enumerate(chosen.items()):
        params[f"s{tag}{i}"], params[f"g{tag}{i}"] = source, grain
        whose = ""
        if table in OWNED:
            params[f"a{tag}{i}"] = account
            whose = f" AND account IS NOT DISTINCT FROM $a{tag}{i}"
        pairs.append(f"(source = $s{tag}{i}{whose} AND grain = $g{tag}{i})")
    return "(" + " OR ".join(pairs) + ")"


def shared_conditions(table: str, filters: dict, params: dict) -> list[str]:
    """The reader's accounts and the filters' bound values, whatever the window."""
    where = []
    scoped = _scope(table)
    if scoped:
        params["accounts"] = list(scoped)
        where.append("list_contains($accounts, account)")
    for i, (dim, values) in enumerate(filters.items()):
        params[f"f{i}"] = [str(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
        where.append(f"list_contains($f{i}, CAST({dim} AS VARCHAR))")
    return where


def run(store: Store, kpi_ids: list[str], start: date, end: date, by: list[str] | None = None,
        filters: dict | None = None, currency: str | None = None,
        reporting: str | None = None, cuts=None, rollup=None) -> Result:
    """KPIs for a window, grouped by `by`, filtered by bound values: one row per group. With a
    reporting currency (else the reader's, REPORTING), money is converted where rates exist.
    `cuts` and `rollup`: see _table_query (lib/kpis/scan.py passes them)."""
    reporting = reporting or REPORTING.get()
    by, filters = list(by or []), dict(filters or {})
    by_table = tables_for(kpi_ids, start, end)
    return assemble(kpi_ids, [_table_query(store, table, ids, start, end, by, filters, currency, reporting,
                                           cuts, rollup) for table, ids in by_table.items()])


def tables_for(kpi_ids: list[str], start: date, end: date) -> dict[str, list[str]]:
    """The request checked, and the SQL KPIs it needs by table."""
    if start > end:
        raise QueryError(f"the window starts ({start}) after it ends ({end})")
    if not kpi_ids:
        raise QueryError("no KPI asked for")
    for kid in kpi_ids:
        kpis.get(kid)
    by_table: dict[str, list[str]] = {}
    for kid in kpis.base_ids(kpi_ids):
        by_table.setdefault(kpis.get(kid).table, []).append(kid)
    return by_table


def assemble(kpi_ids: list[str], parts: list[Result]) -> Result:
    """One frame from the tables' results: merged on their dimensions, composites computed."""
    base = kpis.base_ids(kpi_ids)
    merged: pd.DataFrame | None = None
    result = Result(pd.DataFrame())
    for part in parts:
        result.notes += part.notes
        result.grains.update(part.grains)
        result.straddling.update(part.straddling)
        frame = part.frame
        if merged is None:
            merged = frame
        else:
            keys = [c for c in merged.columns if c in frame.columns and c not in base]
            merged = (merged.merge(frame, on=keys, how="outer") if keys
                      else pd.concat([merged, frame], axis=1))
    frame = merged if merged is not None else pd.DataFrame()
    for kid in kpi_ids:
        k = kpis.get(kid)
        if k.compose == "sum":
            frame[kid] = frame[k.parts[0]]
        elif k.compose == "ratio":
            den = frame[k.parts[1]].where(frame[k.parts[1]] != 0)
            frame[kid] = frame[k.parts[0]] / den
    dims = [c for c in frame.columns if c not in base and c not in kpi_ids]
    result.frame = frame[dims + kpi_ids].reset_index(drop=True)
    for kid in kpi_ids:
        result.frame[kid] = pd.to_numeric(result.frame[kid], errors="coerce").astype("float64")
    return result


def run_compared(store: Store, kpi_ids: list[str], start: date, end: date, compare: str | None,
                 by: list[str] | None = None, filters: dict | None = None,
                 currency: str | None = None, reporting: str | None = None, cuts=None,
                 rollup=None) -> Result:
    """Like run(), plus `<kpi>_compare` and `<kpi>_delta` (relative change) columns."""
    current = run(store, kpi_ids, start, end, by, filters, currency, reporting, cuts, rollup)
    window = comparison_window(start, end, compare)
    if window is None:
        return current
    previous = run(store, kpi_ids, window[0], window[1], by, filters, currency, reporting, cuts, rollup)
    return compared(current, previous, kpi_ids, by)


def compared(current: Result, previous: Result, kpi_ids: list[str], by: list[str] | None) -> Result:
    """The window's result with its comparison's `<kpi>_compare` and `<kpi>_delta` columns."""
    cur, prev = current.frame.copy(), previous.frame.copy()
    time_dims = [d for d in (by or []) if d in TIME_DIMENSIONS]
    keys = [c for c in cur.columns if c not in kpi_ids and c not in time_dims]
    # Windows may split differently: money in several currencies on one side only (no data, or one
    # currency, on the other). A key the comparison lacks matches nothing; a comparison split by a
    # key the window lacks cannot be matched to it: no comparison rather than a wrong one.
    if any(c not in keys and c not in kpi_ids and c not in time_dims for c in prev.columns):
        prev = prev.iloc[0:0][[c for c in prev.columns if c in keys or c in kpi_ids or c in time_dims]]
    for k in keys:
        if k not in prev.columns:
            prev[k] = None
    if time_dims:
        # Overlay the comparison by position in the window (day 3 with day 3).
        cur["_pos"] = range(len(cur)) if not keys else cur.groupby(keys, dropna=False).cumcount()
        prev["_pos"] = range(len(prev)) if not keys else prev.groupby(keys, dropna=False).cumcount()
        keys = keys + ["_pos"]
        prev = prev.drop(columns=time_dims)
    prev = prev.rename(columns={k: f"{k}_compare" for k in kpi_ids})
    frame = cur.merge(prev, on=keys, how="left") if keys else pd.concat([cur, prev], axis=1)
    for kid in kpi_ids:
        frame[f"{kid}_delta"] = relative_change(frame[kid], frame[f"{kid}_compare"])
    current.frame = frame.drop(columns=["_pos"], errors="ignore")
    current.notes += [n.compared() for n in previous.notes]
    return current


def relative_change(now, before):
    """(now - before) / |before|; NULL when before is missing or zero."""
    before = pd.to_numeric(before, errors="coerce")
    base = before.abs().where(before != 0)
    return (pd.to_numeric(now, errors="coerce") - before) / base


def accounts(store: Store, tables: tuple[str, ...] = OWNED) -> list[str]:
    """Every account (site, property, ad account...) the fact tables (of `tables`) hold, sorted."""
    union = " UNION ".join(f"SELECT DISTINCT account FROM {rollups.reader(store, t)}" for t in OWNED
                           if t in tables)
    return [r[0] for r in store.rows(f"SELECT account FROM ({union}) WHERE account IS NOT NULL ORDER BY 1")]


def has_data(store: Store, table: str) -> bool:
    """Whether a canonical table holds any row."""
    if table not in DIMENSIONS:
        raise QueryError(f"unknown table {table!r}")
    return bool(store.scalar(f"SELECT count(*) > 0 FROM (SELECT 1 FROM {table} LIMIT 1)"))


def data_range(store: Store, table: str) -> tuple[date | None, date | None]:
    """First and last day with data in a table, read once per version of the table: after a load,
    the sidebar, the objectives' phases and progress and the alert rules ask it of the same table."""
    if table not in DIMENSIONS:
        raise QueryError(f"unknown table {table!r}")
    return _RANGES.get(store, table, lambda: tuple(store.rows(f"SELECT min(day_from), max(day_to) FROM {table}")[0]),
                       tables=[table])


def forget() -> None:
    """Drop the tables' days held (a benchmark's first view)."""
    _RANGES.clear()
