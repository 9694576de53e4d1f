"""GA4's BigQuery export: what aggregating one day of raw events costs on this machine.

A day of BENCH_BQ_EVENTS (default 1M) events shaped like the export (tests/fakes/bigquery.py:
bulk_day, drawn with numpy; bulk_export builds the nested columns in DuckDB) is written to a
DuckDB file; then the SQL Balise sends to BigQuery (lib/sources/ga4_bigquery.sql), transpiled by
sqlglot as the tests do, runs on it in a fresh process per round: its time and its peak memory.
The table's bytes say what a backfill would move to one machine if the work were not pushed down.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 2)

_CHILD = """
import json, sys, time
import duckdb
from lib.sources import ga4_bigquery as bq
from tests.fakes import bigquery as fake
path, day = sys.argv[1], sys.argv[2]
config = {"project": fake.PROJECT, "dataset": fake.DATASET}
params = bq.values(config, *[__import__("datetime").date.fromisoformat(day)] * 2)
sqls = {t: fake.to_duckdb(sql) for t, sql in bq.queries(config).items()}
con = duckdb.connect(path, read_only=True)
status = lambda key: next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(key))
before = status("VmRSS")
out = {"before_mb": before / 1024}
for table, sql in sqls.items():
    start = time.perf_counter()
    cur = con.execute(sql, bq.used(bq.queries(config)[table], params))
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    out[table] = {"seconds": time.perf_counter() - start, "rows": len(rows),
                  "totals": {n: float(sum(r[i] for r in rows)) for i, n in enumerate(names)
                             if n in ("sessions", "revenue", "page_views", "items_purchased")}}
out["peak_mb"] = status("VmHWM") / 1024
print(json.dumps(out))
"""


def build(tmp: Path, events: int) -> dict:
    """The day's export table in its own DuckDB file (catalog = the fake's project), with its
    sizes and the truth's totals."""
    import duckdb

    from tests.fakes import bigquery as fake

    start = time.perf_counter()
    bulk = fake.bulk_day(DAY, events=events)
    drawn = time.perf_counter() - start
    path = tmp / f"{fake.PROJECT}.duckdb"
    con = duckdb.connect(str(path))
    start = time.perf_counter()
    name = fake.bulk_export(con, bulk)
    con.execute("CHECKPOINT")
    built = time.perf_counter() - start
    table = con.execute(f'SELECT * FROM "{fake.PROJECT}".{fake.DATASET}."{name}"').arrow()
    if hasattr(table, "read_all"):            # DuckDB 1.5 may hand a RecordBatchReader
        table = table.read_all()
    rows, arrow_mb = table.num_rows, table.nbytes / 1e6
    del table
    con.close()
    truth = fake.bulk_truth(bulk)
    return {"path": path, "events": rows, "sessions_drawn": len(bulk.sessions),
            "drawn_s": drawn, "built_s": built, "arrow_mb": arrow_mb,
            "file_mb": path.stat().st_size / 1e6,
            "truth": {m: sum(r[m] for r in truth.values()) for m in ("sessions", "revenue", "page_views")}}


def _aggregate(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), DAY.isoformat()], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"aggregating the export failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def section(tmp: Path) -> None:
    events = int(os.environ.get("BENCH_BQ_EVENTS", "1000000"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    info = build(tmp, events)
    runs = [_aggregate(info["path"]) for _ in range(rounds)]
    median = statistics.median
    traffic = median(r["site_traffic"]["seconds"] for r in runs)
    items = median(r["site_items"]["seconds"] for r in runs)
    got = runs[0]["site_traffic"]["totals"]
    same = all(abs(got[m] - v) <= 1e-6 * max(1.0, abs(v)) for m, v in info["truth"].items())
    print("## GA4's BigQuery export: one day aggregated locally\n")
    print(f"A generated day of {info['events']:,} events ({info['sessions_drawn']:,} sessions) shaped "
          f"like the export (drawn in {info['drawn_s']:.1f} s, nested columns built in "
          f"{info['built_s']:.1f} s), aggregated by the SQL Balise sends to BigQuery, transpiled "
          "to DuckDB by sqlglot:\n")
    print("| table bytes (Arrow, uncompressed) | DuckDB file | site_traffic query | site_items query "
          "| rows back | peak RSS (before the queries) | totals equal the truth |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {info['arrow_mb']:.0f} MB | {info['file_mb']:.0f} MB | {traffic:.2f} s | {items:.2f} s | "
          f"{runs[0]['site_traffic']['rows']:,} + {runs[0]['site_items']['rows']:,} | "
          f"{max(r['peak_mb'] for r in runs):.0f} MB ({median(r['before_mb'] for r in runs):.0f} MB) | "
          f"{'yes' if same else 'NO'} |")
    print(f"\nMedians of {rounds} rounds, each in its own process (DuckDB, all cores); per round: "
          + ", ".join(f"{r['site_traffic']['seconds'] + r['site_items']['seconds']:.2f} s"
                      for r in runs) + ".\n", flush=True)
