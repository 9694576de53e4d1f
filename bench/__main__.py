"""`make bench`: page run times (AppTest, warm cache) on the demo and on a ~1M+1M-row workspace,
and loading a 1M-row canonical CSV against DuckDB's bare read_csv of the same file.

Prints markdown tables. BENCH_SCALE (default 26) sizes the big workspace; BENCH_SKIP_BIG=1
measures the demo only.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
PAGE_BUDGET_S = 0.5


def app_pages() -> list[str]:
    """Every page file of the registry (lib/ui/navigation.py), in menu order."""
    from lib.ui import navigation

    return [page.path for page in navigation.PAGES]


def page_times(db: str, runs: int = 3) -> dict[str, float]:
    """Median warm run time of every page (the first run fills the caches)."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # see tests/conftest.py: the server leaves pages/ discovery
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    os.environ["BALISE_DB"] = db
    st.cache_data.clear()
    st.cache_resource.clear()
    times = {}
    for page in app_pages():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        at.switch_page(page)
        at.run()                                  # cold: fills the caches
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            samples.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        times[page] = float(np.median(samples))
    PagesManager.__init__ = original
    return times


def build(db: str, scale: float) -> dict:
    from lib.demo import build as demo
    from lib.store import Store

    store = Store(db)
    start = time.perf_counter()
    summary = demo.build_workspace(store, scale=scale)
    summary["seconds"] = time.perf_counter() - start
    summary["site_rows"] = store.scalar("SELECT count(*) FROM site_traffic")
    summary["ad_rows"] = store.scalar("SELECT count(*) FROM ad_performance")
    store.close()
    return summary


def canonical_csv(path: Path, rows: int = 1_000_000) -> None:
    """A GA4-width canonical site_traffic CSV in day order, as exports come."""
    rng = np.random.default_rng(3)
    days = np.sort(rng.integers(0, 540, rows))
    day = (pd.Timestamp("2025-01-01") + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d")
    frame = pd.DataFrame({
        "day_from": day, "day_to": day,
        "source_name": rng.choice(["google", "(direct)", "facebook", "newsletter", "bing"], rows),
        "medium": rng.choice(["cpc", "organic", "(none)", "email", "paid"], rows),
        "campaign": [f"campagne_{i % 400}" for i in range(rows)],
        "channel_group": rng.choice(["Paid Search", "Organic Search", "Direct", "Email"], rows),
        "device": rng.choice(["desktop", "mobile", "tablet"], rows),
        "country": rng.choice(["France", "Belgium", "Switzerland", "Canada"], rows),
        "landing_page": [f"/produits/article-{i}" for i in range(rows)],
        "sessions": rng.integers(1, 200, rows), "users": rng.integers(1, 150, rows),
        "engaged_sessions": rng.integers(0, 100, rows), "page_views": rng.integers(1, 900, rows),
        "transactions": rng.integers(0, 5, rows), "revenue": rng.random(rows).round(2) * 300,
    })
    frame.to_csv(path, index=False)


def load_times(tmp: Path, runs: int = 3) -> dict:
    """Median of `runs` rounds, each loading the file into a new workspace, re-loading it
    unchanged, and reading it with bare read_csv into a new database (the two share the disk
    and the page cache, so they alternate)."""
    from lib.ingest import load as ingest
    from lib.store import Store

    csv = tmp / "canonical_1m.csv"
    canonical_csv(csv)
    balise, reload, bare, statuses = [], [], [], set()
    for i in range(runs):
        store = Store(str(tmp / f"load{i}.duckdb"))
        start = time.perf_counter()
        summary = ingest.load_file(store, csv.read_bytes(), csv.name)
        balise.append(time.perf_counter() - start)
        start = time.perf_counter()
        statuses.add(ingest.load_file(store, csv.read_bytes(), csv.name)["status"])
        reload.append(time.perf_counter() - start)
        store.close()
        bare_store = Store(str(tmp / f"bare{i}.duckdb"))
        cur = bare_store.cursor()
        start = time.perf_counter()
        cur.execute("CREATE TABLE bare AS SELECT * FROM read_csv(?)", [str(csv)])
        bare.append(time.perf_counter() - start)
        bare_store.close()
    median = statistics.median
    return {"rows": summary["inserted"], "balise_s": median(balise), "reload_s": median(reload),
            "reload_status": "/".join(sorted(statuses)), "bare_s": median(bare),
            "ratio": median(balise) / median(bare), "ratios": [b / r for b, r in zip(balise, bare)],
            "mb": csv.stat().st_size / 1e6}


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="balise-bench-"))
    print("## Loading a 1M-row canonical CSV\n")
    lt = load_times(tmp)
    print("| file | rows | Balise load | re-load (unchanged) | bare read_csv | ratio |")
    print("|---|---|---|---|---|---|")
    print(f"| {lt['mb']:.0f} MB | {lt['rows']:,} | {lt['balise_s']:.2f} s | {lt['reload_s']:.2f} s "
          f"({lt['reload_status']}) | {lt['bare_s']:.2f} s | {lt['ratio']:.2f}x |\n")
    print("Medians of 3 rounds; ratio per round: "
          + ", ".join(f"{r:.2f}x" for r in lt["ratios"]) + "\n", flush=True)

    workspaces = [("demo", 1.0)]
    if os.environ.get("BENCH_SKIP_BIG") != "1":
        workspaces.append(("big", float(os.environ.get("BENCH_SCALE", "26"))))
    results = {}
    for name, scale in workspaces:
        db = str(tmp / f"{name}.duckdb")
        info = build(db, scale)
        print(f"Workspace {name}: scale {scale}, {info['site_rows']:,} site rows, "
              f"{info['ad_rows']:,} ad rows, built in {info['seconds']:.1f} s", flush=True)
        results[name] = page_times(db)
    print("\n## Page run time (AppTest, warm cache, median of 3)\n")
    names = list(results)
    print("| page | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for page in results["demo"]:
        cells = []
        for name in names:
            seconds = results[name][page]
            budget = PAGE_BUDGET_S * (3 if name == "big" else 1)
            cells.append(f"{seconds:.2f} s{'' if seconds <= budget else ' (over)'}")
        print(f"| {page} | " + " | ".join(cells) + " |")
    print(f"\nAims: under {PAGE_BUDGET_S} s per page warm on the demo, under 3x that on the big "
          "workspace; loading within 2x of bare read_csv (1.5x hoped).")

    from bench import concurrency  # a real server and Chromium: 20 sessions while one uploads

    concurrency.section(str(tmp / "demo.duckdb"))


if __name__ == "__main__":
    main()
