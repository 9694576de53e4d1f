"""`load FILE...`: load exports; one JSON summary per file (the CSVs of one Search Console
export given together load as one export, like its zip), exit 1 when any is refused."""
from __future__ import annotations

import sys
from pathlib import Path

from lib import sources
from lib.commands.common import open_store, print_json
from lib.ingest import load as ingest
from lib.sources.base import Refused


def register(sub) -> None:
    p = sub.add_parser("load", help="load export files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--source", help="format name, overriding detection (see `inspect`)")
    p.add_argument("--accept-rejected", action="store_true",
                   help="load the readable rows of a file that has rejected lines")
    p.add_argument("--account", metavar="NAME",
                   help="the site, property or account of a file that names none (see README)")
    p.add_argument("--currency", metavar="CODE",
                   help="the currency of a file whose amounts carry none (e.g. EUR); never assumed")
    p.add_argument("--replace", action="store_true",
                   help="replace stored rows even when their figures differ strongly")


def run(args) -> int:
    store = open_store(args)
    status = 0
    paths, contents = [Path(f) for f in args.files], []
    for path in paths:
        try:
            contents.append(path.read_bytes())
        except OSError as exc:
            contents.append(exc)
    readable = [i for i, c in enumerate(contents) if not isinstance(c, OSError)]
    groups = [[readable[i] for i in g] for g in
              sources.together([(paths[i].name, contents[i]) for i in readable])]
    groups += [[i] for i, c in enumerate(contents) if isinstance(c, OSError)]
    for group in sorted(groups):
        label = ", ".join(str(paths[i]) for i in group)
        try:
            if isinstance(contents[group[0]], OSError):
                raise contents[group[0]]
            files = {paths[i].name: contents[i] for i in group}
            summary = ingest.load_export(store, files, args.source, args.accept_rejected,
                                         args.account, args.currency, args.replace)
        except (OSError, Refused, ingest.IngestError) as exc:
            reason = str(exc)
            print(f"error: {label}: {reason}", file=sys.stderr)
            refused = ingest.refused_summary(label, reason)
            if isinstance(exc, ingest.Conflict):
                refused["conflicts"] = exc.figures
            print_json(refused)
            status = 1
            continue
        print_json(summary)
    return status
