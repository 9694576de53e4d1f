"""The command line: python -m lib [--db PATH] COMMAND ... (DESIGN §4; a stable contract).

Exit codes: 0 ok, 1 some input rejected (reason on stderr), 2 usage.
"""
from __future__ import annotations

import argparse
import sys

from lib.commands import (
    abtest,
    alerts,
    demo,
    inspect,
    kpi,
    load,
    loads,
    objectives,
    pull,
    report,
    run_schedule,
    samplesize,
    schedule,
    undo,
)

# Explicit, ordered registry: one module per command in lib/commands/, in the order of --help.
COMMANDS = {"load": load, "inspect": inspect, "loads": loads, "undo": undo, "kpi": kpi, "demo": demo,
            "pull": pull, "objectives": objectives, "alerts": alerts, "report": report,
            "run-schedule": run_schedule, "schedule": schedule, "abtest": abtest, "samplesize": samplesize}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m lib", description="Balise command line")
    top.add_argument("--db", help="DuckDB workspace (default: $BALISE_DB, then data/balise.duckdb)")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        module.register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    if not args.command:
        top.print_help(sys.stderr)
        return 2
    return COMMANDS[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
