"""`objectives`: each objective's status, value, expected value, forecast and probability."""
from __future__ import annotations

import json
import sys

from lib.commands.common import open_store, parse_day
from lib.objectives import tracker as objectives

COLUMNS = ("id", "name", "kpi", "status", "value", "expected", "forecast", "forecast_low", "forecast_high",
           "probability", "target", "deadline")


def register(sub) -> None:
    p = sub.add_parser("objectives", help="print each objective's status, value, forecast and probability")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--as-of", type=parse_day, help="evaluate on this day (default: yesterday)")
    p.add_argument("--all", action="store_true", help="include archived objectives")
    p.add_argument("--lang", choices=["fr", "en"], default="en", help="language of the rule (text format)")


def run(args) -> int:
    store = open_store(args)
    rows = objectives.statuses(store, args.as_of, include_archived=args.all)
    if args.format == "json":
        print(json.dumps([_plain(r) for r in rows], ensure_ascii=False, default=str))
        return 0
    if not rows:
        print("no objectives", file=sys.stderr)
        return 0
    print(",".join(COLUMNS + ("rule",)))
    for r in rows:
        cells = [_cell(r.get(c)) for c in COLUMNS] + [_cell(r["rule"][args.lang])]
        print(",".join(cells))
    return 0


def _plain(row: dict) -> dict:
    out = {k: v for k, v in row.items()}
    for k, v in out.items():
        if isinstance(v, float) and v != v:
            out[k] = None
    return out


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value)
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(ch in text for ch in ',"\n') else text
