"""A load killed while it writes (issue 17, item 4): whatever the kill leaves, the next opening of
the store leaves no row without its logged load.

The orphan state the probe saw (rows kept, their load missing from the log) came from DuckDB's
WAL recovery and is not deterministic; this test kills a real `python -m lib load` at several
moments of its write and checks the invariant after each (tests/store/test_orphans.py covers the
orphan state itself, written directly).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from lib.store import Store, orphans
from tests.conftest import ROOT


def canonical_csv(path, rows: int) -> None:
    days = [f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(rows)]
    with open(path, "w", encoding="utf-8") as out:
        out.write("day_from,day_to,source_name,medium,campaign,landing_page,sessions,users\n")
        for i, day in enumerate(days):
            out.write(f"{day},{day},google,cpc,c{i % 50},/p/{i},{1 + i % 90},{1 + i % 70}\n")


@pytest.mark.parametrize("after", [1.2, 2.0, 2.5, 3.0])
def test_a_killed_load_leaves_no_row_without_its_load(tmp_path, after):
    if sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX")
    csv = tmp_path / "big.csv"
    canonical_csv(csv, 300_000)
    db = str(tmp_path / "w.duckdb")
    Store(db).close()
    env = {**os.environ, "BALISE_DB": db}
    proc = subprocess.Popen([sys.executable, "-m", "lib", "load", str(csv)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    # the command line's own opening repairs what it finds (and says so on stderr)
    opened = subprocess.run([sys.executable, "-m", "lib", "loads", "--format", "json"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert opened.returncode == 0, opened.stderr
    store = Store(db)
    try:
        assert not orphans.find(store)
        logged = store.scalar("SELECT count(*) FROM loads WHERE status = 'loaded'")
        rows = store.scalar("SELECT count(*) FROM site_traffic")
        assert (logged, rows) in ((0, 0), (1, 300_000))   # the whole load, or none of it
    finally:
        store.close()
