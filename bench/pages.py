"""`BENCH_ONLY=pages make bench`: what a period change costs on the channel pages, on the demo and
on a big workspace (issue 19), side by side with the ratio.

Each workspace is measured in its own process (its peak RSS is the app's with that workspace
open). Per page, with empty caches: the first view (last 28 days), the warm rerun (median of 3),
then the period changed to last 90 days, this quarter and year to date (every query misses the
cache; then BENCH_PAGE_ROUNDS - 1 more rounds, default 2, of the same windows a day earlier;
the median), then the view after a load of yesterday's Meta rows through the app's connection
(undone after; median of 3), then the view after the same load dropped on the Data page (its rerun,
then the page; median of 3), then the cold view (every cache emptied; median of 3).
BENCH_SCALE (default 150) sizes the big workspace, which is built once per day and reused
(BENCH_BIG_DB names its file, BENCH_DEMO_DB the demo's); BENCH_PAGES (comma-separated) picks
the pages.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.apptest import use_app_pages

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "site", "paid", "search", "social", "email")
CHANGES = ("last_90", "this_quarter", "ytd")
WARM_RUNS = 3
ROUNDS = int(os.environ.get("BENCH_PAGE_ROUNDS", "3"))   # the machine is shared: medians of more samples


def workspace(name: str, scale: float) -> str:
    """The workspace file for `name` at `scale`, built once (the demo ends yesterday: one a day)."""
    default = Path(tempfile.gettempdir()) / f"balise-bench-{name}-{scale:g}-{date.today()}.duckdb"
    path = Path(os.environ.get("BENCH_BIG_DB" if name == "big" else "BENCH_DEMO_DB", default))
    if not path.exists():
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "lib", "--db", str(path), "demo", "--scale", f"{scale:g}"],
                              cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            path.unlink(missing_ok=True)
            raise RuntimeError(f"building {path} failed:\n{done.stderr[-2000:]}")
        print(f"Built {path} in {time.perf_counter() - start:.0f} s", flush=True)
    return str(path)


_CHILD = """
import json, sys
from bench import pages
print(json.dumps(pages.measure(sys.argv[1], sys.argv[2].split(","))))
"""


def measure(db: str, pages: list[str]) -> dict:
    """In this process: every page's first view, warm rerun and period changes; the rows; peak RSS."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from lib.ingest import load
    from lib.kpis import scan
    from lib.store import Store
    from lib.ui.sidebar import preset_window
    from lib.ui.state import _open_store

    restore = use_app_pages()
    os.environ["BALISE_DB"] = db
    store = Store(db)
    rows = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("site_traffic", "ad_performance")}
    store.close()
    out = {"rows": rows, "pages": {}}
    for page in pages:
        st.cache_data.clear()
        st.cache_resource.clear()
        scan.forget()   # as after a load: what the tables hold is read again
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        start = time.perf_counter()
        at.run()   # the first page (overview)
        if page != "overview":
            at.switch_page(f"pages/{page}.py")
            start = time.perf_counter()
            at.run()
        first = time.perf_counter() - start
        warm = []
        for _ in range(WARM_RUNS):
            start = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - start)
        changes, cpu = [], []
        for shift in range(ROUNDS):   # later rounds: the same windows a day earlier, so every query misses
            for preset in CHANGES:
                if shift:
                    day_one, last = preset_window(preset, date.today() - timedelta(days=shift))
                    at.selectbox(key="period").set_value("custom").run()
                    at.date_input(key="start").set_value(day_one)
                    at.date_input(key="end").set_value(last)
                else:
                    at.selectbox(key="period").set_value(preset)
                start, used = time.perf_counter(), time.process_time()
                at.run()
                changes.append(time.perf_counter() - start)
                cpu.append(time.process_time() - used)   # every thread's: steadier on a shared machine
        after_load, after_cpu, after_upload, cold = [], [], [], []
        app_store = _open_store(db)   # the app's connection: AppTest runs the pages in this process
        for _ in range(WARM_RUNS):   # a load of Meta rows (then its undo): what reads ads misses the cache
            loaded = load.load_file(app_store, _meta_day(), "bench-meta-day.csv",
                                    account=_meta_account(app_store))
            start, used = time.perf_counter(), time.process_time()
            at.run()   # as after `python -m lib load` or a scheduled pull
            after_load.append(time.perf_counter() - start)
            after_cpu.append(time.process_time() - used)
            load.undo(app_store, loaded["load_id"])
            at.run()
        for _ in range(WARM_RUNS):   # the same load dropped on the Data page: its rerun, then this page
            loaded = load.load_file(app_store, _meta_day(), "bench-meta-day.csv",
                                    account=_meta_account(app_store))
            at.switch_page("pages/data.py").run()   # the Data page reruns after its Confirm (st.rerun)
            at.switch_page(f"pages/{page}.py")
            start = time.perf_counter()
            at.run()
            after_upload.append(time.perf_counter() - start)
            load.undo(app_store, loaded["load_id"])
            at.run()
        for _ in range(WARM_RUNS):   # every cache emptied
            st.cache_data.clear()
            scan.forget()
            start = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - start)
        if at.exception or at.error:
            raise RuntimeError(f"{page}: {[e.value for e in [*at.exception, *at.error]]}")
        out["pages"][page] = {"first": first, "warm": statistics.median(warm),
                              "change": statistics.median(changes), "changes": changes,
                              "cpu": statistics.median(cpu), "after_load": statistics.median(after_load),
                              "after_cpu": statistics.median(after_cpu),
                              "after_upload": statistics.median(after_upload), "cold": statistics.median(cold)}
    hwm = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM"))
    out["peak_mb"] = hwm / 1024
    restore()
    return out


def _meta_day() -> bytes:
    """Yesterday's rows of a Meta Ads Manager daily export, as Meta writes it: one campaign."""
    day = date.today() - timedelta(days=1)
    return ('Day,"Campaign name","Ad set name",Reach,Impressions,Currency,"Amount spent (EUR)","Link clicks",'
            'Purchases,"Purchases conversion value","Reporting starts","Reporting ends"\n'
            f'{day},Bench load,Set A,900,1000,EUR,100.00,40,2,150.00,{day},{day}\n').encode()


def _meta_account(store) -> str:
    return store.scalar("SELECT min(account) FROM ad_performance WHERE source = 'meta'")


def _measured(db: str, pages: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, db, ",".join(pages)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"measuring {db} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def section() -> None:
    scale = float(os.environ.get("BENCH_SCALE", "150"))
    pages = [p for p in os.environ.get("BENCH_PAGES", ",".join(PAGES)).split(",") if p]
    demo = _measured(workspace("demo", 1.0), pages)
    big = _measured(workspace("big", scale), pages)
    print(f"## Channel pages: a period change (demo {demo['rows']['site_traffic']:,} site / "
          f"{demo['rows']['ad_performance']:,} ad rows; scale {scale:g}: {big['rows']['site_traffic']:,} / "
          f"{big['rows']['ad_performance']:,})\n")
    print("| page | change, demo | change, big | ratio | CPU, demo | CPU, big | CPU ratio | warm, demo | warm, big "
          "| first view, big | after a load, demo | after a load, big | after an upload, demo | after an upload, big "
          "| cold, big |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for page in pages:
        d, b = demo["pages"][page], big["pages"][page]
        print(f"| {page} | {d['change']:.2f} s | {b['change']:.2f} s | {b['change'] / d['change']:.1f}x | "
              f"{d['cpu']:.2f} s | {b['cpu']:.2f} s | {b['cpu'] / d['cpu']:.1f}x | "
              f"{d['warm']:.2f} s | {b['warm']:.2f} s | {b['first']:.2f} s | {d['after_load']:.2f} s "
              f"(CPU {d['after_cpu']:.2f} s) | {b['after_load']:.2f} s (CPU {b['after_cpu']:.2f} s) | "
              f"{d['after_upload']:.2f} s | {b['after_upload']:.2f} s | {b['cold']:.2f} s |")
    print(f"\nPeriod change: last 28 days -> last 90 days, this quarter, year to date (cache misses), "
          f"median of {ROUNDS} rounds (CPU: the process's, all threads); warm: median of {WARM_RUNS} reruns; "
          f"first view: the page's first run in the process (the overview's with the app's imports); after a "
          f"load: its run after a load of yesterday's Meta rows (undone after), median of {WARM_RUNS}; after an "
          f"upload: the same load, then the Data page's rerun (as after its Confirm), then this page, median "
          f"of {WARM_RUNS}; cold: "
          f"its run with every cache emptied, median of {WARM_RUNS}. Peak RSS of the process: demo "
          f"{demo['peak_mb']:.0f} MB, big {big['peak_mb']:.0f} MB. Aim: big within 1.5x of the demo, "
          "under 1.5 s on the channel pages; under 2 GiB.\n", flush=True)
