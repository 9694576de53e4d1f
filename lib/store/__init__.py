"""Stage 3, the only package that imports duckdb: the store, the canonical schema, settings, the
workspace file."""
from lib.store.store import (
           Busy,
           Error,
           Store,
           connect_args,
           default_path,
           register_frame,
           unregister_frame,
           versions_key,
)

__all__ = ["Busy", "Error", "Store", "connect_args", "default_path", "register_frame",
           "unregister_frame", "versions_key"]
