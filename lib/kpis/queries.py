"""Build and run KPI SQL from the catalogue.

Dimensions come from an allowlist, values are bound. Each (source, window) is answered from
one grain that carries every dimension asked for, daily rows preferred (DESIGN §2: never add
two cuts of the same traffic); rows whose period straddles the window are counted and
reported, never mixed in. Money of two currencies is never added: the caller picks one, or
the result is split by currency.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from lib.kpis import catalogue as kpis
from lib.kpis.notes import Note
from lib.store import Store
from lib.store.schema import ATTRIBUTES, DIMENSIONS

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
    """Pick one grain per source for the window; return {source: grain} and notes."""
    found = store.rows(
        f"SELECT source, grain, bool_and(day_from = day_to) AS daily FROM {table} "
        "WHERE day_from >= ? AND day_to <= ? GROUP BY ALL", [start, end])
    by_source: dict[str, list[tuple[str, bool]]] = {}
    for source, grain, daily in found:
        by_source.setdefault(source, []).append((grain, daily))
    chosen, notes = {}, []
    for source, grains in sorted(by_source.items()):
        fit = []
        for grain, daily in grains:
            carried = set(grain.split("+")) - {"date", "total"}
            if needed <= carried and (daily or not daily_only):
                fit.append((not daily, len(carried), grain))
        if fit:
            chosen[source] = min(fit)[2]
            if len(grains) > 1:
                notes.append(Note.of("note_cut", table=table, source=source, grain=chosen[source],
                                     others=len(grains) - 1))
        elif needed:
            notes.append(Note.of("note_no_export", table=table, source=source, dims=", ".join(sorted(needed))))
        else:
            notes.append(Note.of("note_no_daily_export", table=table, source=source))
    return chosen, notes


def _straddling(store: Store, table: str, start: date, end: date) -> int:
    return store.scalar(
        f"SELECT count(*) FROM {table} WHERE day_from <= ? AND day_to >= ? "
        "AND NOT (day_from >= ? AND day_to <= ?)", [end, start, start, end]) or 0


def _stock_columns(table: str, column: str, group: list[str]) -> str:
    """A stock (end-of-day followers) is not summed over days: its last and first value per owner
    and group, set on one row of each so that sum() adds owners, never days."""
    part = ", ".join([*STOCK_OWNER[table], *group])
    frame = (f"OVER (PARTITION BY {part} ORDER BY day_to "
             "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)")
    first_row = f"row_number() OVER (PARTITION BY {part} ORDER BY day_to) = 1"
    return (f", CASE WHEN {first_row} THEN last_value({column} IGNORE NULLS) {frame} END AS {column}_at_end"
            f", CASE WHEN {first_row} THEN first_value({column} IGNORE NULLS) {frame} END AS {column}_at_start")


def _table_query(store: Store, table: str, ids: list[str], start: date, end: date,
                 by: list[str], filters: dict, currency: str | None) -> Result:
    _check_dims(table, by + list(filters))
    non_time = {d for d in by + list(filters) if d not in TIME_DIMENSIONS}
    daily_only = any(d in TIME_DIMENSIONS for d in by)
    # Descriptive columns (currency, lead source, subject...) ride on every row: any grain has them.
    carried_anyway = set(EXTRA_DIMENSIONS.get(table, ()))
    chosen, notes = _choose_grains(store, table, start, end, non_time - carried_anyway, daily_only)
    straddle = _straddling(store, table, start, end)
    if straddle:
        notes.append(Note.of("note_straddling", table=table, rows=straddle))
    params: dict = {"start": start, "end": end}
    where = ["day_from >= $start", "day_to <= $end"]
    if chosen:
        pairs = []
        for i, (source, grain) in enumerate(chosen.items()):
            params[f"s{i}"], params[f"g{i}"] = source, grain
            pairs.append(f"(source = $s{i} AND grain = $g{i})")
        where.append("(" + " OR ".join(pairs) + ")")
    else:
        where.append("false")
    for i, (dim, values) in enumerate(filters.items()):
        params[f"f{i}"] = [str(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
        where.append(f"list_contains($f{i}, CAST({dim} AS VARCHAR))")
    group = list(by)
    if table in MONEY_TABLES:
        if currency:
            params["cur"] = currency
            where.append("coalesce(currency, $cur) = $cur")
        elif "currency" not in group:
            found = store.rows(f"SELECT DISTINCT currency FROM {table} WHERE day_from >= ? AND "
                               "day_to <= ? AND currency IS NOT NULL", [start, end])
            if len(found) > 1:
                group.append("currency")
                notes.append(Note.of("note_currencies", table=table,
                                     currencies=", ".join(sorted(r[0] for r in found))))
    select_dims = [f"{TIME_DIMENSIONS[d]} AS {d}" if d in TIME_DIMENSIONS else d for d in group]
    aggs = [f"{kpis.get(kid).sql} AS {kid}" for kid in ids]
    inner_group = [TIME_DIMENSIONS[d] if d in TIME_DIMENSIONS else d for d in group]
    stocks = dict.fromkeys(kpis.get(k).semi_additive for k in ids if kpis.get(k).semi_additive)
    extra = "".join(_stock_columns(table, column, inner_group) for column in stocks)
    source_rows = f"(SELECT *{extra} FROM {table} WHERE {' AND '.join(where)})"
    sql = (f"SELECT {', '.join(select_dims + aggs)} FROM {source_rows} "
           + (f"GROUP BY {', '.join(str(i + 1) for i in range(len(group)))} "
              f"ORDER BY {', '.join(str(i + 1) for i in range(len(group)))}" if group else ""))
    frame = store.query(sql, params)
    return Result(frame, notes, {table: chosen}, {table: straddle})


def run(store: Store, kpi_ids: list[str], start: date, end: date, by: list[str] | None = None,
        filters: dict | None = None, currency: str | None = None) -> Result:
    """KPIs for a window, grouped by `by`, filtered by bound values: one row per group."""
    by, filters = list(by or []), dict(filters or {})
    if start > end:
        raise QueryError(f"the window starts ({start}) after it ends ({end})")
    if not kpi_ids:
        raise QueryError("no KPI asked for")
    for kid in kpi_ids:
        kpis.get(kid)
    base = kpis.base_ids(kpi_ids)
    by_table: dict[str, list[str]] = {}
    for kid in base:
        by_table.setdefault(kpis.get(kid).table, []).append(kid)
    merged: pd.DataFrame | None = None
    result = Result(pd.DataFrame())
    for table, ids in by_table.items():
        part = _table_query(store, table, ids, start, end, by, filters, currency)
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
                 currency: str | None = None) -> Result:
    """Like run(), plus `<kpi>_compare` and `<kpi>_delta` (relative change) columns."""
    current = run(store, kpi_ids, start, end, by, filters, currency)
    window = comparison_window(start, end, compare)
    if window is None:
        return current
    previous = run(store, kpi_ids, window[0], window[1], by, filters, currency)
    cur, prev = current.frame.copy(), previous.frame.copy()
    time_dims = [d for d in (by or []) if d in TIME_DIMENSIONS]
    keys = [c for c in cur.columns if c not in kpi_ids and c not in time_dims]
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


def has_data(store: Store, table: str) -> bool:
    """Whether a canonical table holds any row."""
    if table not in DIMENSIONS:
        raise QueryError(f"unknown table {table!r}")
    return bool(store.scalar(f"SELECT count(*) > 0 FROM (SELECT 1 FROM {table} LIMIT 1)"))


def data_range(store: Store, table: str) -> tuple[date | None, date | None]:
    """First and last day with data in a table."""
    if table not in DIMENSIONS:
        raise QueryError(f"unknown table {table!r}")
    row = store.rows(f"SELECT min(day_from), max(day_to) FROM {table}")[0]
    return row[0], row[1]
