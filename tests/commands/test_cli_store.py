"""How the command line opens a workspace (issue 17): beside a running app, on a received file, on a
store with orphan rows or a forged load log. One sentence on stderr, exit 1, never a traceback."""
from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap

import pytest

from lib.commands.common import open_store
from lib.store import Error, Store
from tests.commands.test_cli import META, cli
from tests.conftest import ROOT, shared_path
from tests.store.test_orphans import orphan_rows

INJECTED = "site_traffic__replaced WHERE false; DROP TABLE orders; SELECT replaced_by FROM site_traffic"


@pytest.fixture
def held(tmp_path):
    """A second process holding the workspace open, as the running app does."""
    db = tmp_path / "w.duckdb"
    Store(str(db)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from lib.store import Store
            s = Store({str(db)!r})
            s.lock_down()
            print("holding", flush=True)
            time.sleep(120)
        """)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield str(db), holder.pid
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("args", [("load", str(shared_path("data", "real-exports", *META))),
                                  ("alerts", "check"), ("loads",), ("undo", "1"), ("demo", "--if-missing")])
def test_beside_the_app_one_sentence_and_exit_1(held, args):
    db, pid = held
    done = cli(*args, db=db)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: the workspace ") and f"(PID {pid})" in lines[0]
    assert "stop the app" in lines[0] and "MotherDuck" in lines[0]


def test_a_received_file_reads_no_outside_file(tmp_path):
    """A .duckdb file whose load log is a view over read_text(...): the command line's connection
    is locked down like the app's, so the file's text never shows."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a9", encoding="utf-8")
    db = str(tmp_path / "received.duckdb")
    s = Store(db)
    with s.transaction() as cur:
        cur.execute("DROP TABLE loads")
        cur.execute(f"CREATE VIEW loads AS SELECT 1::BIGINT AS load_id, content AS file_name, "
                    f"'' AS sha256, '' AS format, '' AS tables, 0 AS inserted, 0 AS replaced, "
                    f"0 AS rejected, now() AS loaded_at, 'loaded' AS status, '{{}}' AS summary "
                    f"FROM read_text('{secret}')")
        cur.execute(f"CREATE VIEW evil AS SELECT content FROM read_text('{secret}')")
    assert "TOP-SECRET" in s.scalar("SELECT file_name FROM loads")   # an open store reads it
    s.close()
    done = cli("loads", db=db)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "TOP-SECRET" not in done.stdout + done.stderr
    assert done.stderr.startswith("error: the workspace") and len(done.stderr.strip().splitlines()) == 1
    opened = open_store(argparse.Namespace(db=db), read_only=True)
    try:
        for sql in ("SELECT * FROM evil", f"SELECT * FROM read_text('{secret}')",
                    f"COPY (SELECT 1) TO '{tmp_path}/out.csv'"):
            with pytest.raises(Error):
                opened.rows(sql)
    finally:
        opened.close()
    assert not (tmp_path / "out.csv").exists()


def test_loads_still_work_from_the_locked_command_line(tmp_path):
    db = str(tmp_path / "w.duckdb")
    done = cli("load", str(shared_path("data", "real-exports", *META)), db=db)
    assert done.returncode == 0, done.stderr
    s = Store(db)
    assert s.scalar("SELECT count(*) FROM ad_performance") == 15
    s.close()


def test_orphan_rows_are_repaired_on_opening_and_said_once(tmp_path):
    db = str(tmp_path / "w.duckdb")
    assert cli("load", str(shared_path("data", "real-exports", *META)), db=db).returncode == 0
    s = Store(db)
    orphan_rows(s, 7, n=4, replaced=1)
    s.close()
    done = cli("loads", db=db)
    assert done.returncode == 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("note: repaired the workspace: deleted 5 row(s)")
    assert "load id(s) 7" in lines[0]
    s = Store(db)
    assert s.scalar("SELECT count(*) FROM site_traffic") == 0
    assert s.scalar("SELECT count(*) FROM ad_performance") == 15      # the logged load's rows stay
    s.close()
    assert cli("loads", db=db).stderr == ""                            # repaired once


def test_undo_of_a_forged_load_log_is_refused_and_harmless(tmp_path):
    """A load log written by a workspace file from before its values were checked: `undo` refuses
    it and runs none of it."""
    db = str(tmp_path / "w.duckdb")
    s = Store(db)
    with s.transaction() as cur:
        cur.execute("INSERT INTO loads VALUES (1, 'x.csv', '', 'canonical', ?, 0, 0, 0, now(), "
                    "'loaded', '{}')", [INJECTED])
    s.close()
    done = cli("undo", "1", db=db)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "names no known table" in done.stderr
    s = Store(db)
    assert s.scalar("SELECT count(*) FROM orders") == 0                # the table is still there
    assert s.scalar("SELECT status FROM loads WHERE load_id = 1") == "loaded"
    s.close()
