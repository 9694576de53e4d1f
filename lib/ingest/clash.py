"""Replacements that look like another site or account (issue 16).

Platforms revise recent days, so a load replacing rows of the same key is normal. When the
replaced rows' volumes change strongly (another site's Search Console export under the same
account), the load stops and shows the figures side by side; `--replace` (or the Data page's
"replace anyway") lets it through.
"""
from __future__ import annotations

from lib.store.schema import METRICS, OWNED

# A volume whose total over the replaced rows changes by more than this share of the larger
# total, and by at least FLOOR, is a strong difference (revisions move a few percent).
SHARE = 0.5
FLOOR = 10.0
VOLUMES = 2   # the first metrics of the table (schema order) the file carries


def compare(cur, table: str, carried) -> list[dict]:
    """Figures of the rows the stage `stage` would replace in TABLE, when they differ strongly:
    [{table, metric, rows, stored, incoming, accounts, period}], else []."""
    metrics = [m for m in METRICS[table] if m in set(carried)][:VOLUMES]
    if not metrics:
        return []
    # Only where both hold a value: a per-metric file (Meta Business Suite) fills empty columns.
    both = "FILTER (WHERE t.{m} IS NOT NULL AND s.{m} IS NOT NULL)"
    sums = ", ".join(f"sum(t.{m}) {both.format(m=m)}, sum(s.{m}) {both.format(m=m)}" for m in metrics)
    whose = "string_agg(DISTINCT t.account, ', ')" if table in OWNED else "NULL"
    row = cur.execute(f"SELECT count(*), min(t.day_from), max(t.day_to), {whose}, {sums} "
                      f"FROM stage s JOIN {table} t ON t.key = s.key").fetchone()
    rows, first, last, accounts = row[:4]
    if not rows:
        return []
    figures, strong = [], False
    for i, m in enumerate(metrics):
        stored, incoming = (float(v or 0) for v in row[4 + 2 * i: 6 + 2 * i])
        gap = abs(incoming - stored)
        strong |= gap >= FLOOR and gap > SHARE * max(abs(stored), abs(incoming))
        figures.append({"table": table, "metric": m, "rows": int(rows), "stored": stored,
                        "incoming": incoming, "accounts": accounts or "",
                        "period": [str(first), str(last)]})
    return figures if strong else []


def describe(figures: list[dict]) -> str:
    """One sentence for the command line."""
    f0 = figures[0]
    parts = "; ".join(f"{f['metric']} {f['stored']:,.0f} stored, {f['incoming']:,.0f} in this file"
                      for f in figures)
    whose = f" of account {f0['accounts']}" if f0["accounts"] else ""
    return (f"{f0['table']}: {f0['rows']} row(s){whose} from {f0['period'][0]} to {f0['period'][1]} "
            f"would be replaced by very different figures ({parts}). It may be another site or "
            "account: load it with --account NAME, or give --replace to replace them.")
