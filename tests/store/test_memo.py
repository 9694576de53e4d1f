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


def test_many_answers_are_read_together_and_again_only_for_the_tables_that_changed(store):
    memo, reads = PerVersion(), []

    def compute(keys):
        reads.append(sorted(keys))
        return {key: f"{key} at {store.version_of([key])}" for key in keys}

    def get():
        return memo.get_many(store, ["site_traffic", "ad_performance"], compute, lambda key: [key],
                             store.versions())

    first = get()
    assert get() == first and reads == [["ad_performance", "site_traffic"]]   # one read for both
    with store.transaction(tables=["ad_performance"]) as cur:
        cur.execute("SELECT 1")
    second = get()
    assert reads[1:] == [["ad_performance"]] and second["site_traffic"] == first["site_traffic"]
    with store.transaction() as cur:   # a write naming no table: every answer is read again
        cur.execute("SELECT 1")
    get()
    assert reads[2:] == [["ad_performance", "site_traffic"]]
