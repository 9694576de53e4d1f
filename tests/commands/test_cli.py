"""The command line is a contract (DESIGN §4): names, options, JSON fields and exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REAL, ROOT, shared_path

META = ("meta_ads_manager_inr", "Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv")


def cli(*args: str, db: str | None = None) -> subprocess.CompletedProcess:
    prefix = ["--db", db] if db else []
    return subprocess.run([sys.executable, "-m", "lib", *prefix, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_no_command_is_usage_error():
    assert cli().returncode == 2


def test_load_kpi_loads_undo(tmp_path):
    meta = shared_path("data", "real-exports", *META)
    db = str(tmp_path / "w.duckdb")
    loaded = cli("load", str(meta), db=db)
    assert loaded.returncode == 0, loaded.stderr
    summary = json.loads(loaded.stdout)
    assert summary["status"] == "loaded" and summary["inserted"] == 15

    again = json.loads(cli("load", str(meta), db=db).stdout)
    assert again["status"] == "unchanged"

    kpi = cli("kpi", "--channel", "paid", "--start", "2025-02-01", "--end", "2025-08-04",
              "--by", "campaign", "--kpis", "paid_cost,paid_ctr", "--format", "json", db=db)
    assert kpi.returncode == 0, kpi.stderr
    rows = json.loads(kpi.stdout)
    assert len(rows) == 15 and list(rows[0]) == ["campaign", "paid_cost", "paid_ctr"]
    assert all(r["paid_ctr"] is None or 0 <= r["paid_ctr"] < 1 for r in rows)   # rates as fractions
    assert sum(r["paid_cost"] for r in rows) == pytest.approx(33245.34)

    csv_out = cli("kpi", "--channel", "paid", "--start", "2025-02-01", "--end", "2025-08-04",
                  "--kpis", "paid_cost", db=db)
    assert csv_out.stdout.splitlines()[0] == "paid_cost"

    log = json.loads(cli("loads", "--format", "json", db=db).stdout)
    assert [entry["load_id"] for entry in log] == [1]
    undone = cli("undo", "1", db=db)
    assert undone.returncode == 0 and json.loads(undone.stdout)["status"] == "undone"
    assert cli("undo", "1", db=db).returncode == 1


def test_load_refused_file_exits_1_with_reason(tmp_path):
    empty = shared_path("data", "real-exports", "meta_ads_manager_inr",
                        "Daniel-Conlan-Campaigns-1-Sep-202430-Sep-2024.csv")
    meta = REAL.joinpath(*META)
    out = cli("load", str(empty), str(meta), db=str(tmp_path / "w.duckdb"))
    assert out.returncode == 1
    assert "No data available" in out.stderr
    summaries = [json.loads(line) for line in out.stdout.splitlines()]
    assert [s["status"] for s in summaries] == ["refused", "loaded"]


def test_inspect_fields():
    path = shared_path("data", "real-exports", "google_ads_campaign_report_gbp", "Campaign report.csv")
    out = cli("inspect", str(path), "--rows", "2")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    for field in ("encoding", "delimiter", "header_row", "columns", "row_count", "rejected", "format", "rows"):
        assert field in info
    assert info["encoding"].startswith("utf-16") and info["delimiter"] == "\t"
    assert info["format"]["name"] == "google_ads" and len(info["rows"]) <= 2


@pytest.mark.parametrize("args", [
    ["kpi", "--channel", "site", "--start", "2025-01-01", "--end", "2025-01-31", "--by", "nope"],
    ["kpi", "--channel", "site", "--start", "2025-01-01", "--end", "2025-01-31", "--kpis", "bogus"],
    ["kpi", "--channel", "site", "--start", "yesterday", "--end", "2025-01-31"],
])
def test_kpi_usage_errors_exit_2(tmp_path, args):
    out = cli(*args, db=str(tmp_path / "w.duckdb"))
    assert out.returncode == 2
    assert "error" in out.stderr.lower() or "invalid" in out.stderr.lower()
