"""`undo LOAD_ID`: revert one load exactly."""
from __future__ import annotations

import sys

from lib.commands.common import open_store, print_json
from lib.ingest import load as ingest


def register(sub) -> None:
    p = sub.add_parser("undo", help="revert one load")
    p.add_argument("load_id", type=int)


def run(args) -> int:
    try:
        print_json(ingest.undo(open_store(args), args.load_id))
    except ingest.IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
