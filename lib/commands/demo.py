"""`demo`: build the demo workspace (a fictional French online shop, 18 months to yesterday)."""
from __future__ import annotations

import sys
from pathlib import Path

from lib.commands.common import BUSY_ADVICE, open_store, print_json
from lib.store import Busy, default_path


def register(sub) -> None:
    p = sub.add_parser("demo", help="build the demo workspace")
    p.add_argument("--if-missing", action="store_true",
                   help="only when the workspace does not exist yet or holds no data")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--scale", type=float, default=1.0, help="row multiplier (benchmarks)")


def run(args) -> int:
    from lib.demo import build as demo  # imported here: numpy generation is not needed by other commands

    path = getattr(args, "db", None) or default_path()
    if args.if_missing:
        try:
            built = demo.ensure_demo(path)
        except Busy as exc:   # `make run` beside a running app: one sentence, no traceback
            print(f"error: {exc}: {BUSY_ADVICE}.", file=sys.stderr)
            return 1
        print(f"demo workspace {'built' if built else 'already present'}: {path}", file=sys.stderr)
        return 0
    if path != ":memory:" and Path(path).exists():
        store = open_store(args)
        if store.scalar("SELECT count(*) FROM loads") > 0:
            print(f"error: {path} already holds data; use another --db for the demo", file=sys.stderr)
            return 1
    else:
        store = open_store(args)
    print_json(demo.build_workspace(store, seed=args.seed, scale=args.scale))
    return 0
