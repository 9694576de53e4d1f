"""Helpers shared by the subcommands: opening the store, printing JSON and tables."""
from __future__ import annotations

import json
import math
import sys
from datetime import date

from lib.store import Busy, Store, default_path, orphans
from lib.store import Error as StoreError

BUSY_ADVICE = ("stop the app and run the command again, point the app and the cron at MotherDuck "
               "(BALISE_DB=md:<name>), or run it from the app (Data page, Alerts page)")


def open_store(args, read_only: bool = False) -> Store:
    """The workspace named by --db, $BALISE_DB or the default file, locked down like the app's.

    Exits with code 1 and one sentence when another process (the app) holds the file. A
    read-write open deletes rows no logged load owns (a load killed at its commit) and says so.
    """
    try:
        store = Store(getattr(args, "db", None) or default_path(), read_only=read_only)
    except Busy as exc:
        print(f"error: {exc}: {BUSY_ADVICE}.", file=sys.stderr)
        raise SystemExit(1) from None
    # Loads read files through Python and hand DuckDB Arrow frames: the command line needs no
    # DuckDB file access, so a received .duckdb (a view over read_text('/etc/...')) reads nothing.
    store.lock_down(limit_memory=False)
    try:
        found = None if read_only else orphans.repair(store)
    except StoreError as exc:   # a received file whose tables are not Balise's (a view over a file)
        print(f"error: the workspace {store.path} cannot be read: {str(exc).splitlines()[0]}",
              file=sys.stderr)
        raise SystemExit(1) from None
    if found:
        print(f"note: {orphans.describe(found)}", file=sys.stderr)
    return store


def parse_day(text: str) -> date:
    """An ISO date from the command line (argparse type)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(_usage(f"not a date (YYYY-MM-DD): {text!r}")) from None


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def usage_error(message: str) -> int:
    """Print a usage error on stderr and return exit code 2."""
    return _usage(message)


def rejected(message: str) -> int:
    """Print why an input value was rejected on stderr and return exit code 1 (README: 1 = input
    rejected; 2 = usage, the shape of the command line, which argparse checks)."""
    print(f"error: {message}", file=sys.stderr)
    return 1


def finite(text: str, name: str) -> float:
    """A number from the command line, refused (ValueError naming --name) unless finite."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"--{name} takes a number, got {text!r}") from None
    if not math.isfinite(value):   # float() reads "inf", "nan" and overflows "1e400" to inf
        raise ValueError(f"--{name} must be a finite number, got {text!r}")
    return value


def print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))
