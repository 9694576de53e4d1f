"""The three ways to run the schedule: the crontab line runs as printed, the systemd units pass
systemd-analyze (where present), the GitHub Actions workflow is valid YAML calling run-schedule."""
from __future__ import annotations

import configparser
import getpass
import json
import shutil
import subprocess
import sys

import pytest
import yaml

from lib import __main__ as cli
from lib.alerts import channels
from lib.reports import deploy
from lib.store import Store
from tests.conftest import ROOT

COMMAND = "-m lib run-schedule"


def test_cron_line_runs_as_printed(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert cli.main(["--db", str(db), "schedule", "--cron"]) == 0
    line = capsys.readouterr().out.strip()
    fields = line.split(" ", 5)
    assert fields[:5] == ["*/15", "*", "*", "*", "*"] and COMMAND in fields[5]
    assert f"BALISE_DB={db}" in line and f"cd {ROOT}" in line
    # The command part, as cron's /bin/sh would run it (the log in the test's folder).
    log = tmp_path / "schedule.log"
    command = deploy.cron(ROOT, sys.executable, str(db), log).split(" ", 5)[5]
    done = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, log.read_text()
    assert json.loads(log.read_text())["status"] == "ok"


def test_systemd_units(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "w.duckdb"), "schedule", "--systemd"]) == 0
    out = capsys.readouterr().out
    units = deploy.systemd(ROOT, sys.executable, str(tmp_path / "w.duckdb"), getpass.getuser())
    for name, text in units.items():
        assert f"# /etc/systemd/system/{name}\n{text}" in out
    service, timer = configparser.ConfigParser(), configparser.ConfigParser()
    service.optionxform = timer.optionxform = str
    service.read_string(units["balise-schedule.service"])
    timer.read_string(units["balise-schedule.timer"])
    assert service["Service"]["ExecStart"] == f"{sys.executable} {COMMAND}"
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["WorkingDirectory"] == str(ROOT)
    assert timer["Timer"]["OnCalendar"] == "*:0/15" and timer["Install"]["WantedBy"] == "timers.target"
    if shutil.which("systemd-analyze"):
        done = subprocess.run(["systemd-analyze", "calendar", timer["Timer"]["OnCalendar"]],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 0 and "Next elapse" in done.stdout, done.stderr
        for name, text in units.items():
            (tmp_path / name).write_text(text)
        done = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n) for n in units)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "balise-schedule" not in done.stderr, done.stderr


def test_github_actions_workflow_is_valid_yaml_calling_run_schedule(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "w.duckdb")
    store = Store(db)
    env = {"BALISE_ALERT_SECRETS": str(tmp_path / "s.json")}
    channels.save(store, channels.Channel("team-slack", "slack", "Slack"), "https://hooks.slack.com/x", env)
    store.close()
    out = tmp_path / ".github" / "workflows" / "balise-schedule.yml"
    assert cli.main(["--db", db, "schedule", "--github-actions", "--out", str(out)]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["written"] == str(out) and "BALISE_ALERT_SECRET_TEAM_SLACK" in said["secrets"]
    flow = yaml.safe_load(out.read_text())
    assert flow["on"]["schedule"] == [{"cron": deploy.GITHUB_CRON}] and "workflow_dispatch" in flow["on"]
    (job,) = flow["jobs"].values()
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[-1] == "python -m lib run-schedule"
    env = job["steps"][-1]["env"]
    assert env["BALISE_DB"] == "${{ secrets.BALISE_DB }}" and env["MOTHERDUCK_TOKEN"] == "${{ secrets.MOTHERDUCK_TOKEN }}"
    assert env["BALISE_ALERT_SECRET_TEAM_SLACK"] == "${{ secrets.BALISE_ALERT_SECRET_TEAM_SLACK }}"
    assert "hooks.slack.com" not in out.read_text()              # names of secrets, never their values
    minute, *rest = deploy.GITHUB_CRON.split()
    assert 0 <= int(minute) <= 59 and rest == ["*", "*", "*", "*"]


def test_usage(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["schedule"])
    assert caught.value.code == 2
