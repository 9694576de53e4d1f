"""`pull <source>|all` (ga4, mailchimp, meta, google_ads, search_console, brevo, shopify, clarity):
fetch API data into the workspace (one JSON line per source).

A thin adapter over lib.ingest.pull; sources and their options come from lib.sources.APIS.
Exit status: 0 every source pulled, 1 some source failed (reason on stderr), 2 usage.
"""
from __future__ import annotations

import sys

from lib import sources
from lib.commands.common import open_store, parse_day, print_json, usage_error
from lib.ingest import connections
from lib.ingest import pull as pulling


def register(sub) -> None:
    labels = [api.SYSTEM_LABEL for api in sources.APIS]
    p = sub.add_parser("pull", help=f"pull data from the {', '.join(labels[:-1])} and "
                                    f"{labels[-1]} APIs")
    p.add_argument("source", choices=[*connections.names(), "all"])
    p.add_argument("--start", type=parse_day, help="first day (default: incremental)")
    p.add_argument("--end", type=parse_day, help="last day (default: today)")
    for api in sources.APIS:
        for setting in api.SETTINGS:
            if setting.flag:
                p.add_argument(setting.flag, dest=_dest(api, setting), help=setting.flag_help,
                               metavar=setting.metavar or setting.flag[2:].replace("-", "_").upper())


def _dest(api, setting) -> str:
    return f"{api.NAME}__{setting.key}"


def configs(args, secrets: dict | None = None) -> dict[str, dict]:
    """Connections from file/env/secrets, overridden by the command-line options."""
    found = connections.load(secrets)
    for api in sources.APIS:
        for setting in api.SETTINGS:
            value = getattr(args, _dest(api, setting), None)
            if not value:
                continue
            found[api.NAME][setting.key] = value
            # An explicit option wins over its alternatives (a key file over a key in secrets).
            for other in api.SETTINGS:
                if other.required == setting.required != "" and other is not setting:
                    found[api.NAME].pop(other.key, None)
    return found


def run(args) -> int:
    found = configs(args)
    ready = connections.configured_sources(found)
    if args.source == "all":
        wanted = ready
        if not wanted:
            return usage_error(f"no source is configured: set {_either(sources.APIS)} "
                               "(or data/connections.json).")
    elif args.source not in ready:
        return usage_error(f"pull {args.source} needs {sources.api(args.source).USAGE}")
    else:
        wanted = [args.source]
    if args.start and args.end and args.start > args.end:
        return usage_error(f"--start {args.start} is after --end {args.end}")
    store = open_store(args)
    failed = False
    for source in wanted:
        summary = pulling.pull(store, source, found[source], args.start, args.end)
        print_json(summary)
        if summary["status"] != "ok":
            failed = True
            print(f"error: pull {source}: {summary['error']}", file=sys.stderr)
    return 1 if failed else 0


def _either(apis) -> str:
    """"A, B, or C": each connector's environment variables."""
    hints = [api.ENV_HINT for api in apis]
    return hints[0] if len(hints) == 1 else ", ".join(hints[:-1]) + ", or " + hints[-1]
