"""The command line: python -m lib [--db PATH] COMMAND ... (DESIGN §4; a stable contract).

Exit codes: 0 ok, 1 some input rejected (reason on stderr), 2 usage.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Explicit, ordered registry: one module per command in lib/commands/.
COMMANDS = ("load", "inspect", "loads", "undo", "kpi", "demo", "pull", "objectives", "alerts",
            "report", "abtest", "samplesize")


def parser() -> tuple[argparse.ArgumentParser, dict]:
    top = argparse.ArgumentParser(prog="python -m lib", description="Balise command line")
    top.add_argument("--db", help="DuckDB workspace (default: $BALISE_DB, then data/balise.duckdb)")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    modules = {}
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"lib.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"lib.commands.{name}":
                continue  # that command is not part of this build
            raise
        module.register(sub)
        modules[name] = module
    return top, modules


def main(argv: list[str] | None = None) -> int:
    top, modules = parser()
    args = top.parse_args(argv)
    if not args.command:
        top.print_help(sys.stderr)
        return 2
    return modules[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
