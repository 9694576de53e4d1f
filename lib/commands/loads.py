"""`loads`: the load log, newest first."""
from __future__ import annotations

from lib.commands.common import open_store, print_json
from lib.ingest import load as ingest


def register(sub) -> None:
    p = sub.add_parser("loads", help="list the loads")
    p.add_argument("--format", choices=["text", "json"], default="text")


def run(args) -> int:
    frame = ingest.list_loads(open_store(args))
    if args.format == "json":
        print_json(frame.to_dict("records"))
    elif frame.empty:
        print("No load yet: `python -m lib load FILE` or `python -m lib demo`.")
    else:
        print(frame.to_string(index=False))
    return 0
