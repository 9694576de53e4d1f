"""`load FILE...`: load exports; one JSON summary per file, exit 1 when any is refused."""
from __future__ import annotations

import sys
from pathlib import Path

from lib.commands.common import open_store, print_json
from lib.ingest import load as ingest
from lib.sources.base import Refused


def register(sub) -> None:
    p = sub.add_parser("load", help="load export files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--source", help="format name, overriding detection (see `inspect`)")
    p.add_argument("--accept-rejected", action="store_true",
                   help="load the readable rows of a file that has rejected lines")


def run(args) -> int:
    store = open_store(args)
    status = 0
    for file in args.files:
        path = Path(file)
        try:
            data = path.read_bytes()
            summary = ingest.load_file(store, data, path.name, args.source, args.accept_rejected)
        except (OSError, Refused, ingest.IngestError) as exc:
            reason = str(exc)
            print(f"error: {path}: {reason}", file=sys.stderr)
            print_json(ingest.refused_summary(str(path), reason))
            status = 1
            continue
        print_json(summary)
    return status
