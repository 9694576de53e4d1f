"""Answers that hold for one version of a workspace (every write bumps the data version; a load
bumps its tables' versions): computed once, shared by the sessions (threads) of the process,
dropped when a newer version is asked."""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

_MISSING = object()


class PerVersion:
    """{key: (version, value)} per store; an older version's value is never asked again."""

    def __init__(self) -> None:
        self._held: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # store -> {key: (version, value)}
        self._lock = threading.Lock()   # sessions run in threads and share the store

    def get(self, store, key, compute: Callable[[], object], tables=None):
        """The value for KEY at the store's version, computed by COMPUTE() when not held: the data
        version, or with `tables` (what COMPUTE reads) only theirs (Store.version_of)."""
        version = store.data_version() if tables is None else store.version_of(tables)
        with self._lock:
            held_version, found = self._held.get(store, {}).get(key, (None, _MISSING))
        if found is _MISSING or held_version != version:
            found = compute()
            with self._lock:
                self._held.setdefault(store, {})[key] = (version, found)
        return found

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
