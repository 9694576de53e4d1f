"""Helpers shared by the subcommands: opening the store, printing JSON and tables."""
from __future__ import annotations

import json
import sys
from datetime import date

from lib.store import Store, default_path


def open_store(args, read_only: bool = False) -> Store:
    """The workspace named by --db, $BALISE_DB or the default file."""
    return Store(getattr(args, "db", None) or default_path(), read_only=read_only)


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


def print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))
