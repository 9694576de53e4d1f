"""Three ready ways to run `python -m lib run-schedule` without a server of Balise's own: a
crontab line, a systemd service and timer, and a GitHub Actions workflow that runs on GitHub's
schedule against a MotherDuck workspace (`BALISE_DB=md:<name>`), secrets from the repository's
settings. The run remembers what it did, so any frequency gives the same result; every 15
minutes on a machine, every hour on GitHub (whose scheduled runs start late at busy times).
"""
from __future__ import annotations

import shlex
from pathlib import Path

CRON_EVERY = "*/15 * * * *"
SYSTEMD_EVERY = "*:0/15"
GITHUB_CRON = "17 * * * *"          # not on the hour: GitHub delays the runs queued at :00
WORKFLOW = Path(".github") / "workflows" / "balise-schedule.yml"
PYTHON_VERSION = "3.11"


def _env(db: str | None) -> str:
    return f"BALISE_DB={shlex.quote(db)} " if db else ""


def cron(root: Path, python: str, db: str | None, log: Path | None = None) -> str:
    """One crontab line (crontab -e): every 15 minutes, never two runs at once (flock), the
    output appended to data/schedule.log (or LOG)."""
    log = shlex.quote(str(log or root / "data" / "schedule.log"))
    return (f"{CRON_EVERY} cd {shlex.quote(str(root))} && {_env(db)}flock -n /tmp/balise-schedule.lock "
            f"{shlex.quote(python)} -m lib run-schedule >> {log} 2>&1")


def systemd(root: Path, python: str, db: str | None, user: str) -> dict[str, str]:
    """The unit files by name: a oneshot service and the timer that starts it every 15 minutes
    (Persistent: a run missed while the machine was off happens at boot)."""
    env = f"Environment=BALISE_DB={db}\n" if db else ""
    service = ("[Unit]\nDescription=Balise: pulls, alert checks, digests and reports that are due\n"
               "After=network-online.target\nWants=network-online.target\n\n"
               f"[Service]\nType=oneshot\nUser={user}\nWorkingDirectory={root}\n{env}"
               f"ExecStart={python} -m lib run-schedule\nTimeoutStartSec=15min\n")
    timer = ("[Unit]\nDescription=Run the Balise schedule every 15 minutes\n\n"
             f"[Timer]\nOnCalendar={SYSTEMD_EVERY}\nPersistent=true\nRandomizedDelaySec=60\n\n"
             "[Install]\nWantedBy=timers.target\n")
    return {"balise-schedule.service": service, "balise-schedule.timer": timer}


def github_actions(secret_vars: list[str]) -> str:
    """The workflow file: hourly on GitHub's schedule (and by hand), against the MotherDuck
    workspace named by the BALISE_DB secret; SECRET_VARS (channel secrets, API keys) come from
    the repository's secrets of the same names."""
    names = ["BALISE_DB", "MOTHERDUCK_TOKEN", *sorted(dict.fromkeys(v for v in secret_vars
                                                                    if v not in ("BALISE_DB", "MOTHERDUCK_TOKEN")))]
    env = "".join(f"          {name}: ${{{{ secrets.{name} }}}}\n" for name in names)
    return (
        "# Balise's schedule on GitHub Actions (written by `python -m lib schedule --github-actions`).\n"
        "# Repository > Settings > Secrets and variables > Actions: add BALISE_DB (md:<database>),\n"
        "# MOTHERDUCK_TOKEN and each secret named below; the variable BALISE_APP_URL is the app's address\n"
        "# for the links, TZ the time zone of the schedules' hours (default Europe/Paris).\n"
        "name: Balise schedule\n"
        '"on":\n'
        "  schedule:\n"
        f'    - cron: "{GITHUB_CRON}"\n'
        "  workflow_dispatch: {}\n"
        "concurrency:\n"
        "  group: balise-schedule\n"
        "  cancel-in-progress: false\n"
        "permissions:\n"
        "  contents: read\n"
        "jobs:\n"
        "  run-schedule:\n"
        "    runs-on: ubuntu-latest\n"
        "    timeout-minutes: 30\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        f'          python-version: "{PYTHON_VERSION}"\n'
        "          cache: pip\n"
        "      - name: Install Balise\n"
        "        run: pip install -r requirements.txt\n"
        "      - name: Do what is due (pulls, alert checks, digests, reports)\n"
        "        run: python -m lib run-schedule\n"
        "        env:\n"
        f"{env}"
        "          BALISE_APP_URL: ${{ vars.BALISE_APP_URL }}\n"
        "          TZ: ${{ vars.TZ || 'Europe/Paris' }}\n"
    )
