"""`run-schedule`: do everything that is due (pulls, alert checks, digests, reports), once.

Prints the run's summary as one JSON object (pulls, alerts, sends, failures, status).
Exit status: 0 everything due was done, 1 something failed (each failure with its reason in the
JSON's `failures` and on stderr), 2 usage.
"""
from __future__ import annotations

import sys

from lib.alerts import channels, notify
from lib.commands.common import finite, open_store, print_json, usage_error
from lib.ingest import connections
from lib.reports import runner


def register(sub) -> None:
    p = sub.add_parser("run-schedule", help="do what is due: pulls, alert checks, digests, reports")
    p.add_argument("--timeout", default=str(runner.DEADLINE),
                   help=f"seconds for all the deliveries of the run (default {runner.DEADLINE:g})")


def run(args) -> int:
    try:
        seconds = finite(args.timeout, "timeout")
    except ValueError as exc:
        return usage_error(str(exc))
    if not 0 < seconds <= 3600:
        return usage_error("--timeout takes seconds from 1 to 3600")
    secrets = notify.read_secrets_file()
    store = open_store(args)
    try:
        summary = runner.run(store, connections.load(secrets), channels.load(store, secrets),
                             channels.app_url(store, secrets), deadline=seconds)
    except Exception as exc:   # cron reads the exit status: an error must not look like "all done"
        print(f"error: run-schedule failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print_json(summary)
    for item in summary["failures"]:
        where = f" ({item['channel']})" if item.get("channel") else ""
        print(f"error: {item['task']}{where}: {item['error']}", file=sys.stderr)
    return 1 if summary["failures"] else 0
