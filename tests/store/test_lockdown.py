"""The app's and the command line's DuckDB connection once locked down: no files, extensions or
settings; loads still work, and no macro can change the keys."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import queries
from lib.sources.base import Parsed
from lib.store import Error, Store
from tests.conftest import shared_path


@pytest.fixture
def locked(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "ok.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "outside.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    s = Store(str(tmp_path / "w.duckdb"))
    assert s.lock_down(memory_limit="512MB") is True
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
                                 "SELECT count(*) FROM read_csv('{dir}/uploads/../outside.csv')",
                                 # DuckDB's allowed_directories would let COPY write where read_csv
                                 # reads (issue 17): no directory is allowed at all
                                 "SELECT count(*) FROM read_csv('{dir}/uploads/ok.csv')",
                                 "COPY (SELECT 1) TO '{dir}/uploads/written.csv'",
                                 "COPY (SELECT 1) TO 'data/uploads/written.csv'"])
def test_refused_in_and_next_to_the_upload_directory(locked, sql):
    s, tmp = locked
    with pytest.raises(Error):
        s.rows(sql.format(dir=tmp))
    assert not (tmp / "written.csv").exists() and not (tmp / "export").exists()
    assert not (tmp / "uploads" / "written.csv").exists()


def test_settings_applied_and_locked(locked):
    s, _ = locked
    row = s.rows("SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), "
                 "current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions'), "
                 "current_setting('memory_limit')")[0]
    assert row[:4] == (False, True, False, False)
    assert row[4].startswith("488") or row[4].startswith("512")   # 512MB shown as 488.2 MiB
    assert s.lock_down() is False   # once is enough; a second call changes nothing


@pytest.mark.parametrize("limit", ["1GB; INSTALL httpfs", "lots", "1 GB'", ""])
def test_memory_limit_validated(tmp_path, limit):
    s = Store(str(tmp_path / "w.duckdb"))
    if limit:
        with pytest.raises(ValueError, match="memory limit"):
            s.lock_down(memory_limit=limit)
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
    s.lock_down()
    demo.build_workspace(s, months=3)
    assert s.scalar("SELECT count(*) FROM site_traffic") > 0
    s.close()


def test_without_a_memory_limit_the_rest_is_locked(tmp_path):
    """The command line's lockdown: DuckDB's own memory limit, everything else as in the app."""
    s = Store(str(tmp_path / "w.duckdb"))
    before = s.scalar("SELECT current_setting('memory_limit')")
    assert s.lock_down(limit_memory=False) is True
    assert s.scalar("SELECT current_setting('memory_limit')") == before
    for sql in ("SELECT * FROM read_text('/etc/passwd')", "SET memory_limit = '64GB'", "INSTALL httpfs"):
        with pytest.raises(Error):
            s.rows(sql)
    s.close()


SHADOWS = ["CREATE MACRO md5(x) AS 'same'", "CREATE TEMP MACRO md5(x) AS 'same'",
           "CREATE MACRO concat_ws(a, b, c, d, e, f) AS 'same'"]   # the key's 6 parts


@pytest.mark.parametrize("macro", SHADOWS)
def test_a_macro_named_like_the_key_functions_does_not_change_the_keys(tmp_path, macro):
    """DuckDB has no setting that refuses CREATE MACRO, and a macro shadows a built-in of the same
    name: the keys call the built-ins by their qualified name (system.main.md5)."""
    frame = pd.DataFrame({"day_from": [date(2025, 3, 1), date(2025, 3, 2)],
                          "day_to": [date(2025, 3, 1), date(2025, 3, 2)],
                          "channel_group": ["Direct", "Direct"], "sessions": [1, 2]})

    def site():
        return Parsed("site_traffic", frame, ("channel_group",), "test", notes={"source": "ga4"})

    clean = Store(str(tmp_path / "clean.duckdb"))
    ingest.load_parsed(clean, [site()], "a.csv")
    keys = clean.rows("SELECT key FROM site_traffic ORDER BY day_from")
    s = Store(str(tmp_path / "w.duckdb"))
    s.lock_down()
    s.rows(macro)   # a persistent macro could also come in a received .duckdb file
    first = ingest.load_parsed(s, [site()], "a.csv")
    assert first["inserted"] == 2
    assert s.rows("SELECT key FROM site_traffic ORDER BY day_from") == keys
    assert ingest.load_parsed(s, [site()], "a.csv")["status"] == "unchanged"
    clean.close()
    s.close()
