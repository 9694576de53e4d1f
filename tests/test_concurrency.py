"""Smoke version of the concurrency bench (bench/concurrency.py): 5 browser sessions load pages
while one more uploads a real export on the Data page. No error, and the upload landed."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench import concurrency
from tests.browser import CHROMIUM

pytestmark = pytest.mark.browser


@pytest.mark.timeout(900)
def test_sessions_load_pages_while_one_uploads(demo_db):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium; .ci/run does it)")
    if concurrency.upload_file() is None:
        pytest.skip("../shared/data/real-exports not present: no real export to upload")
    out = concurrency.run(demo_db, sessions=5, rounds=1, per_round=3)
    print("\n" + concurrency.table(out))
    assert len(out["times"]) == 15
    assert out["errors"] == 0, out["where"]
    assert out["log_problems"] == []
    assert out["upload"] == "confirmed" and out["upload_errors"] == 0
    assert out["upload_rows"] == out["upload_inserted"] > 0
    assert out["peak_rss_mb"] and out["peak_rss_mb"] > 50
