"""Answers that hold for one data version of a workspace (every write bumps it): computed once,
shared by the sessions (threads) of the process, dropped when a newer version is asked."""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

_MISSING = object()


class PerVersion:
    """{(key, data version): value} per store; an older version's values are never asked again."""

    def __init__(self) -> None:
        self._held: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # store -> {(key, version): value}
        self._lock = threading.Lock()   # sessions run in threads and share the store

    def get(self, store, key, compute: Callable[[], object]):
        """The value for KEY at the store's data version, computed by COMPUTE() when not held."""
        version = store.data_version()
        with self._lock:
            found = self._held.get(store, {}).get((key, version), _MISSING)
        if found is _MISSING:
            found = compute()
            with self._lock:
                held = self._held.setdefault(store, {})
                for old in [k for k in held if k[1] != version]:
                    del held[old]
                held[(key, version)] = found
        return found

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
