"""The store: migrations, transactions, data version."""
from __future__ import annotations

import pytest

from lib.store import Store
from lib.store import store as store_module


def test_fresh_workspace_is_at_latest_version(store):
    assert store.schema_version() == store_module.migrations()[-1][0]


def test_migrations_are_numbered_without_gaps():
    versions = [v for v, _ in store_module.migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_reopening_a_populated_workspace_migrates_nothing_twice(tmp_path):
    path = str(tmp_path / "w.duckdb")
    s = Store(path)
    with s.transaction() as cur:
        cur.execute("INSERT INTO campaigns (id, name) VALUES (1, 'x')")
        cur.execute("INSERT INTO objectives (id, name, kpi, target, direction) "
                    "VALUES (1, 'o', 'site_sessions', 1, 'at_least')")
    s.close()
    again = Store(path)
    assert again.scalar("SELECT count(*) FROM schema_version") == len(store_module.migrations())
    assert again.rows("SELECT name FROM campaigns") == [("x",)]


def test_failed_transaction_writes_nothing(store):
    before = store.data_version()
    with pytest.raises(RuntimeError):
        with store.transaction() as cur:
            cur.execute("INSERT INTO settings VALUES ('a', 'b')")
            raise RuntimeError("boom")
    assert store.rows("SELECT * FROM settings") == []
    assert store.data_version() == before


def test_each_write_bumps_the_data_version(store):
    before = store.data_version()
    with store.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('a', 'b')")
    assert store.data_version() == before + 1
