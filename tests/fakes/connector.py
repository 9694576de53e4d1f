"""A fourth API connector that exists only in the tests: one module like this plus one line in
lib.sources.APIS is all an API source needs (tests/ingest/test_pull.py registers it).

It "reads" one email campaign per day, offline; `fail_on` and `bad_on` break a given day.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from lib.sources.api import Batch, Field, Setting
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError

NAME = "crm"
LABEL = "Test CRM"
SYSTEM_LABEL = "TestCRM"
ICON = ":material/science:"
FORMAT = "crm_api"
ORIGIN = "crm"
SETTINGS = (
    Setting("api_key", secret=True, env=("BALISE_CRM_KEY",), required="api_key",
            flag="--crm-key", flag_help="test CRM key"),
)
FORM = (Field("key", "api_key", kind="secret"),)
USAGE = "--crm-key KEY (or BALISE_CRM_KEY)"
ENV_HINT = "BALISE_CRM_KEY"
LOAD_WARNINGS = True
REVISE_DAYS = 2
BACKFILL_DAYS = 5


def summary(config: dict, start: date, end: date) -> dict:
    return {"source": NAME, "status": "ok", "start": start.isoformat(), "end": end.isoformat(),
            "days": 0, "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [],
            "warnings": []}


def last_day(store, config: dict) -> date | None:
    return store.scalar("SELECT max(day_to) FROM email_campaigns WHERE source = ?", [NAME])


def steps(start: date, end: date) -> int:
    return (end - start).days + 1


def rows(day: date) -> Parsed:
    """One campaign sent on DAY."""
    frame = pd.DataFrame({"day_from": [day], "day_to": [day], "platform": [NAME],
                          "campaign_id": [f"c{day:%m%d}"], "sent": [100.0]})
    return Parsed("email_campaigns", frame, ("platform", "campaign_id"), FORMAT,
                  notes={"source": NAME})


def batches(config: dict, start: date, end: date, *, fail_on: date | None = None,
            bad_on: date | None = None):
    yield Batch(info={"warnings": ["the CRM was checked"]})
    day = start
    while day <= end:
        if day == fail_on:   # an API error quoting the key, as careless APIs do
            raise PullError(f"CRM refused key {config['api_key']} on {day}")
        parsed = rows(day)
        if day == bad_on:    # rows the store refuses: no period
            parsed.frame["day_from"] = None
        yield Batch(f"CRM {day}", [parsed], {"days": 1}, step=True)
        day += timedelta(days=1)


def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    key = str(values.get("key") or "").strip()
    if len(key) < 8:
        raise ValueError("src_crm_bad_key")
    return {"api_key": key}, ()


def saved(config: dict) -> dict:
    return {}


def ping(config: dict, policy: Policy) -> dict:
    return {"n": 1234}
