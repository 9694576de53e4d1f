"""The app's DuckDB connection once locked down: no files, extensions or settings; loads still work."""
from __future__ import annotations

from datetime import date

import pytest

from lib.ingest import load as ingest
from lib.kpis import queries
from lib.store import Error, Store
from tests.conftest import shared_path


@pytest.fixture
def locked(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "ok.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "outside.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    s = Store(str(tmp_path / "w.duckdb"))
    assert s.lock_down(str(uploads), memory_limit="512MB") is True
    yield s, tmp_path
    s.close()


REFUSED = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM '/etc/passwd'",
    "SELECT * FROM glob('/etc/*')",
    "COPY (SELECT 1) TO '/tmp/balise_lockdown_x.csv'",
    "ATTACH '/tmp/balise_lockdown_other.duckdb'",
    "INSTALL httpfs",
    "FORCE INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET GLOBAL enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "SET memory_limit = '64GB'",
    "SET allowed_directories = ['/']",
    "SET autoinstall_known_extensions = true",
    "SELECT * FROM read_csv('https://example.com/x.csv')",
]


@pytest.mark.parametrize("sql", REFUSED)
def test_refused(locked, sql):
    s, _ = locked
    with pytest.raises(Error):
        s.rows(sql)


@pytest.mark.parametrize("sql", ["SELECT count(*) FROM read_csv('{dir}/outside.csv')",
                                 "COPY (SELECT 1) TO '{dir}/written.csv'",
                                 "EXPORT DATABASE '{dir}/export'",
                                 "SELECT count(*) FROM read_csv('{dir}/uploads/../outside.csv')"])
def test_refused_next_to_the_upload_directory(locked, sql):
    s, tmp = locked
    with pytest.raises(Error):
        s.rows(sql.format(dir=tmp))
    assert not (tmp / "written.csv").exists() and not (tmp / "export").exists()


def test_upload_directory_stays_readable(locked):
    s, tmp = locked
    assert s.scalar(f"SELECT count(*) FROM read_csv('{tmp}/uploads/ok.csv')") == 1


def test_settings_applied_and_locked(locked):
    s, _ = locked
    row = s.rows("SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), "
                 "current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions'), "
                 "current_setting('memory_limit')")[0]
    assert row[:4] == (False, True, False, False)
    assert row[4].startswith("488") or row[4].startswith("512")   # 512MB shown as 488.2 MiB
    assert s.lock_down("/tmp") is False   # once is enough; a second call changes nothing


@pytest.mark.parametrize("limit", ["1GB; INSTALL httpfs", "lots", "1 GB'", ""])
def test_memory_limit_validated(tmp_path, limit):
    s = Store(str(tmp_path / "w.duckdb"))
    if limit:
        with pytest.raises(ValueError, match="memory limit"):
            s.lock_down(None, memory_limit=limit)
    assert not s.scalar("SELECT current_setting('lock_configuration')")
    s.close()


def test_real_export_loads_and_undoes_after_lock_down(locked):
    """Loads hand DuckDB registered Arrow frames, not files: a locked store loads as before."""
    s, _ = locked
    path = shared_path("data", "real-exports", "meta_ads_manager_inr",
                       "Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv")
    first = ingest.load_file(s, path.read_bytes(), path.name)
    assert first["status"] == "loaded" and first["inserted"] == 15
    cost = queries.run(s, ["paid_cost"], date(2025, 2, 1), date(2025, 8, 4)).frame.iloc[0]["paid_cost"]
    assert cost == pytest.approx(33245.34)
    ingest.undo(s, first["load_id"])
    assert s.scalar("SELECT count(*) FROM ad_performance") == 0


def test_demo_workspace_builds_on_a_locked_store(tmp_path):
    from lib.demo import build as demo

    s = Store(str(tmp_path / "w.duckdb"))
    s.lock_down(None)
    demo.build_workspace(s, months=3)
    assert s.scalar("SELECT count(*) FROM site_traffic") > 0
    s.close()
