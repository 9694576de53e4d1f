"""Rows no logged load owns (issue 17, item 4): found, repaired in one transaction, offered on the
Data page to editors only.

The kill at commit that left them (DuckDB 1.5.x's WAL recovery, 3 of 3 tries in the probe) is not
deterministic: these tests write the orphan rows directly, under a load id the log does not have,
which is exactly the state the kill left.
"""
from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from lib import access
from lib.ingest import load as ingest
from lib.sources.base import Parsed
from lib.store import Store, orphans
from tests.conftest import assert_clean


def site(days, source="ga4", sessions=1):
    frame = pd.DataFrame({"day_from": days, "day_to": days, "channel_group": "Direct",
                          "sessions": sessions})
    return Parsed("site_traffic", frame, ("channel_group",), "test", notes={"source": source})


D = [date(2025, 3, d) for d in range(1, 11)]


def orphan_rows(store: Store, load_id: int = 7, n: int = 3, replaced: int = 0) -> None:
    """What the killed load left: rows (and kept undo rows) under a load id the log lacks."""
    with store.transaction() as cur:
        cur.execute("INSERT INTO site_traffic (key, load_id, source, grain, day_from, day_to, sessions) "
                    "SELECT 'orphan' || i, ?, 'ga4', 'date+channel_group', DATE '2025-04-01' + CAST(i AS INTEGER), "
                    "DATE '2025-04-01' + CAST(i AS INTEGER), 5 FROM range(?) t(i)", [load_id, n])
        cur.execute("INSERT INTO orders__replaced (key, load_id, source, grain, day_from, day_to, "
                    "order_id, replaced_by) SELECT 'kept' || i, 1, 'shop', 'date+order_id', "
                    "DATE '2025-04-01', DATE '2025-04-01', 'o' || i, ? FROM range(?) t(i)",
                    [load_id, replaced])


@pytest.fixture
def loaded(tmp_path) -> Store:
    s = Store(str(tmp_path / "w.duckdb"))
    ingest.load_parsed(s, [site(D)], "good.csv")
    yield s
    s.close()


def test_a_clean_workspace_has_none(loaded):
    assert not orphans.find(loaded) and orphans.find(loaded).total == 0


def test_found_by_table_with_their_load_ids(loaded):
    orphan_rows(loaded, 7, n=3, replaced=2)
    found = orphans.find(loaded)
    assert found.rows == {"orders__replaced": 2, "site_traffic": 3}
    assert found.load_ids == (7,) and found.total == 5
    # the state the probe saw: undo does not know the load
    with pytest.raises(ingest.IngestError, match="does not exist"):
        ingest.undo(loaded, 7)


def test_repair_deletes_them_and_nothing_else(loaded):
    good = loaded.query("SELECT * FROM site_traffic ORDER BY key")
    orphan_rows(loaded, 7, n=3, replaced=2)
    version = loaded.data_version()
    done = orphans.repair(loaded)
    assert done.total == 5
    pd.testing.assert_frame_equal(loaded.query("SELECT * FROM site_traffic ORDER BY key"), good)
    assert loaded.scalar("SELECT count(*) FROM orders__replaced") == 0
    assert loaded.scalar("SELECT count(*) FROM loads") == 1
    assert loaded.data_version() == version + 1        # one transaction, caches refresh
    assert not orphans.find(loaded)
    assert not orphans.repair(loaded)                    # nothing left: no write
    assert loaded.data_version() == version + 1


def test_rows_of_an_undone_load_are_orphans_too(loaded):
    with loaded.transaction() as cur:
        cur.execute("UPDATE loads SET status = 'undone' WHERE load_id = 1")
    assert orphans.find(loaded).rows == {"site_traffic": len(D)}


def test_the_next_load_after_a_repair_is_undone_exactly(loaded):
    """The orphans' load id is the next one the log hands out: after the repair, that load's undo
    must not meet rows of the killed load."""
    orphan_rows(loaded, 2, n=3, replaced=2)
    orphans.repair(loaded)
    second = ingest.load_parsed(loaded, [site(D, sessions=9)], "revised.csv")
    assert second["load_id"] == 2 and second["replaced"] == len(D)
    ingest.undo(loaded, 2)
    assert loaded.scalar("SELECT sum(sessions) FROM site_traffic") == len(D)
    assert loaded.scalar("SELECT count(*) FROM orders") == 0


def test_a_viewer_cannot_repair(loaded):
    orphan_rows(loaded)
    with access.as_role("viewer"), pytest.raises(access.PermissionDenied):
        orphans.repair(loaded)
    assert orphans.find(loaded).total == 3


def test_describe_is_one_line():
    text = orphans.describe(orphans.Orphans({"site_traffic": 1_000_000}, (7,)))
    assert "\n" not in text and "1,000,000" in text and "load id(s) 7" in text


# -- the Data page -------------------------------------------------------------------------------
@pytest.fixture
def workspace(empty_db, tmp_path) -> str:
    path = str(tmp_path / "w.duckdb")
    shutil.copy(empty_db, path)
    s = Store(path)
    ingest.load_parsed(s, [site(D)], "good.csv")
    orphan_rows(s, 7, n=3)
    s.close()
    return path


def test_data_page_offers_the_repair_to_an_editor(workspace, app_test):
    at = app_test(workspace, "en", "pages/data.py")
    assert_clean(at)
    assert "3 rows belong to no load in the log (load #7" in "\n".join(w.value for w in at.warning)
    at.button(key="data_orphans_repair").click().run()
    assert_clean(at)
    assert "3 rows without a load deleted" in "\n".join(s.value for s in at.success)
    assert not any("belong to no load" in w.value for w in at.warning)
    s = Store(workspace)
    try:
        assert s.scalar("SELECT count(*) FROM site_traffic") == len(D)
        assert not orphans.find(s)
    finally:
        s.close()


def test_data_page_tells_a_viewer_without_a_button(workspace, app_test):
    from tests.test_access import ACCESS, AUTH, VIEWER_USER, open_as

    at = open_as(app_test, workspace, "pages/data.py", VIEWER_USER, {"auth": AUTH, "access": ACCESS},
                 lang="fr")
    assert_clean(at)
    assert "3 lignes n'appartiennent à aucun chargement" in "\n".join(w.value for w in at.warning)
    assert "data_orphans_repair" not in {b.key for b in at.button}
