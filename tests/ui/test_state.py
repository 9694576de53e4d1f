"""lib.ui.state: one `cached` helper keys every cached query by store path, data version and args."""
from __future__ import annotations

import pytest

from lib.store import Store


@pytest.fixture
def state(tmp_path, monkeypatch):
    """lib.ui.state on a fresh workspace file, with empty caches before and after."""
    import streamlit as st

    from lib.ui import state

    path = str(tmp_path / "ws.duckdb")
    Store(path).close()
    monkeypatch.setenv("BALISE_DB", path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield state
    state.store().close()
    st.cache_data.clear()
    st.cache_resource.clear()


def _write(store) -> None:
    with store.transaction() as cur:
        cur.execute("INSERT INTO settings VALUES ('k', 'v')")


def test_computed_once_per_data_version_and_arguments(state):
    calls = []

    @state.cached(max_entries=8)
    def count(store, table: str, _unused_name_still_hashed: int) -> int:
        calls.append((table, _unused_name_still_hashed))
        return store.scalar(f"SELECT count(*) FROM {table}")

    assert count("settings", 1) == 0
    assert count("settings", 1) == 0
    assert calls == [("settings", 1)], "a second call with the same arguments is served from the cache"
    count("settings", 2)
    assert len(calls) == 2, "every argument is part of the key, underscore or not"
    _write(state.store())
    assert count("settings", 1) == 1, "a write bumps the data version: nothing stale is shown"
    assert len(calls) == 3


def test_each_function_keeps_its_own_cache(state):
    def first(store, x):
        return ("first", x)

    def second(store, x):
        return ("second", x)

    assert state.cached(first)(1) == ("first", 1)
    assert state.cached(second)(1) == ("second", 1)


def test_wrapping_a_lib_function_directly(state):
    from lib.store import settings as stored_settings

    assert state.settings() == {}
    _write(state.store())
    assert state.settings() == stored_settings.read_all(state.store()) == {"k": "v"}


def test_table_state_and_currencies(state):
    assert state.table_state("site_traffic") == (False, None, None)
    assert state.currencies() == []
