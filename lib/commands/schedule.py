"""`schedule --cron | --systemd | --github-actions`: the three ready ways to run `run-schedule`.

--cron prints one crontab line, --systemd prints a service and its timer, --github-actions
writes .github/workflows/balise-schedule.yml (or --out) and prints the secrets it expects as
JSON. Exit status: 0 ok, 1 the file could not be written, 2 usage.
"""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from lib.alerts import channels, notify
from lib.commands.common import open_store, print_json
from lib.ingest import connections
from lib.reports import deploy

ROOT = Path(__file__).resolve().parents[2]


def register(sub) -> None:
    p = sub.add_parser("schedule", help="print a crontab line or systemd units, or write a GitHub Actions "
                                        "workflow, that run run-schedule")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--cron", action="store_true", help="print a crontab line (every 15 minutes)")
    how.add_argument("--systemd", action="store_true", help="print a systemd service and timer")
    how.add_argument("--github-actions", action="store_true",
                     help=f"write {deploy.WORKFLOW} (hourly, against a MotherDuck workspace)")
    p.add_argument("--out", help=f"with --github-actions: the file to write (default {deploy.WORKFLOW})")


def _db(args) -> str | None:
    db = getattr(args, "db", None) or os.environ.get("BALISE_DB")
    return str(Path(db).resolve()) if db and not db.startswith("md:") else db


def secret_names(args) -> list[str]:
    """The environment variables the workflow passes from the repository's secrets: each channel's
    secret, the legacy [alerts] keys in use, and the configured API sources' variables."""
    secrets = notify.read_secrets_file()
    names = []
    try:
        store = open_store(args)
    except SystemExit:   # the app holds the file: the channels' secrets are then left to add by hand
        print("note: the workspace is busy: add each channel's BALISE_ALERT_SECRET_<ID> to the workflow "
              "by hand", file=sys.stderr)
        store = None
    if store is not None:
        names += [channels.env_name(cid) for cid, c in channels.load(store, secrets).items() if c.origin == "store"]
    legacy, default = notify.settings(secrets, env={}), notify.Config()
    names += [var for var, key in notify.ENV_VARS.items()
              if key != "app_url" and getattr(legacy, key) != getattr(default, key)]
    ready = connections.configured_sources(connections.load(secrets))
    names += [var for var, (source, _) in connections.env_vars().items() if source in ready]
    return names


def run(args) -> int:
    python = sys.executable
    if args.cron:
        print(deploy.cron(ROOT, python, _db(args)))
        return 0
    if args.systemd:
        for name, text in deploy.systemd(ROOT, python, _db(args), getpass.getuser()).items():
            print(f"# /etc/systemd/system/{name}\n{text}")
        print("# then: sudo systemctl daemon-reload && sudo systemctl enable --now balise-schedule.timer")
        return 0
    names = secret_names(args)
    out = Path(args.out) if args.out else ROOT / deploy.WORKFLOW
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(deploy.github_actions(names), encoding="utf-8")
    except OSError as exc:
        print(f"error: could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print_json({"written": str(out), "secrets": ["BALISE_DB", "MOTHERDUCK_TOKEN", *sorted(set(names))],
                "variables": ["BALISE_APP_URL", "TZ"]})
    return 0
