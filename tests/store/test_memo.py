"""Answers held for one data version: computed once, dropped when the workspace changes."""
from __future__ import annotations

from lib.store.memo import PerVersion


def test_computed_once_per_version_and_older_versions_dropped(store):
    memo, calls = PerVersion(), []

    def compute():
        calls.append(store.data_version())
        return len(calls)

    assert memo.get(store, "t", compute) == memo.get(store, "t", compute) == 1
    with store.transaction() as cur:   # any write bumps the version
        cur.execute("SELECT 1")
    assert memo.get(store, "t", compute) == 2 and len(calls) == 2
    assert memo.get(store, "other", compute) == 3   # keys apart
    memo.clear()
    assert memo.get(store, "t", compute) == 4
    assert memo.get(store, "t", lambda: None) == 4
    memo.clear()
    assert memo.get(store, "t", lambda: None) is None and memo.get(store, "t", compute) is None   # None held too
