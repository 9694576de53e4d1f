"""`pull ga4|mailchimp|meta|all`: fetch API data into the workspace (one JSON line per source).

Exit status: 0 every source pulled, 1 some source failed (reason on stderr), 2 usage.
"""
from __future__ import annotations

import importlib
import sys

from lib import redact
from lib.commands.common import open_store, parse_day, print_json, usage_error
from lib.ingest import connections, freshness
from lib.ingest.load import IngestError
from lib.sources.http import PullError

SOURCES = ("ga4", "mailchimp", "meta")


def register(sub) -> None:
    p = sub.add_parser("pull", help="pull data from the GA4, Mailchimp and Meta APIs")
    p.add_argument("source", choices=[*SOURCES, "all"])
    p.add_argument("--property", help="GA4 property id")
    p.add_argument("--credentials", metavar="FILE", help="GA4 service-account key file (JSON)")
    p.add_argument("--start", type=parse_day, help="first day (default: incremental)")
    p.add_argument("--end", type=parse_day, help="last day (default: today)")
    p.add_argument("--api-key", dest="api_key", help="Mailchimp API key (with its -usN suffix)")
    p.add_argument("--account", help="Meta ad account id (act_...)")
    p.add_argument("--token", help="Meta access token")


def configs(args, secrets: dict | None = None) -> dict[str, dict]:
    """Connections from file/env/secrets, overridden by the command-line options."""
    found = connections.load(secrets)
    overrides = {"ga4": {"property_id": args.property, "credentials_file": args.credentials},
                 "mailchimp": {"api_key": args.api_key},
                 "meta": {"account_id": args.account, "access_token": args.token}}
    for source, values in overrides.items():
        for key, value in values.items():
            if value:
                found[source][key] = value
        if values.get("credentials_file"):
            found[source].pop("credentials_info", None)  # an explicit file wins over secrets
    return found


def run(args) -> int:
    found = configs(args)
    ready = connections.configured_sources(found)
    if args.source == "all":
        wanted = ready
        if not wanted:
            return usage_error("no source is configured: set BALISE_GA4_PROPERTY and "
                               "GOOGLE_APPLICATION_CREDENTIALS, BALISE_MAILCHIMP_API_KEY, or "
                               "BALISE_META_TOKEN and BALISE_META_ACCOUNT (or "
                               "data/connections.json).")
    elif args.source not in ready:
        needs = {"ga4": "--property ID and --credentials FILE (or GOOGLE_APPLICATION_CREDENTIALS)",
                 "mailchimp": "--api-key KEY (or BALISE_MAILCHIMP_API_KEY)",
                 "meta": "--account act_ID and --token T (or BALISE_META_ACCOUNT / _TOKEN)"}
        return usage_error(f"pull {args.source} needs {needs[args.source]}")
    else:
        wanted = [args.source]
    if args.start and args.end and args.start > args.end:
        return usage_error(f"--start {args.start} is after --end {args.end}")
    store = open_store(args)
    failed = False
    for source in wanted:
        summary = pull_one(store, source, found[source], args.start, args.end)
        print_json(summary)
        if summary["status"] != "ok":
            failed = True
            print(f"error: pull {source}: {summary['error']}", file=sys.stderr)
    return 1 if failed else 0


def pull_one(store, source: str, config: dict, start=None, end=None) -> dict:
    """Pull one source; never raises for API or data problems, the summary says what failed."""
    secrets = redact.secrets_of(config)
    try:
        # The API clients are imported only when that source is pulled (fast CLI start).
        module = importlib.import_module(f"lib.sources.{source}_api")
        summary = module.pull(store, config, start, end)
        freshness.record_pull(store, source)   # a pull that changed nothing still counts as fresh
        return summary
    except PullError as exc:
        summary = getattr(exc, "summary", None) or {"source": source}
        return {**summary, "status": "failed", "error": redact.redact(str(exc), secrets)}
    except IngestError as exc:
        return {"source": source, "status": "failed",
                "error": redact.redact(f"the API answer could not be loaded: {exc}",
                                            secrets)}
