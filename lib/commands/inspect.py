"""`inspect FILE`: what Balise sees in a file (encoding, delimiter, header, rows); loads nothing."""
from __future__ import annotations

import sys

from lib import sources
from lib.commands.common import print_json


def register(sub) -> None:
    p = sub.add_parser("inspect", help="show how a file reads, without loading it")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--rows", type=int, default=5)


def run(args) -> int:
    try:
        print_json(sources.inspect(args.file, rows=args.rows))
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
