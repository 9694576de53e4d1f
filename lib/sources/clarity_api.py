"""Microsoft Clarity Data Export API connector: `project-live-insights` -> site_friction rows.

`requests`: Microsoft publishes no client library for this API (one GET with a bearer token).
The API serves only the last 1, 2 or 3 days (`numOfDays`, counted back from the call) and about
10 calls per project per day, so a pull makes ONE call, by page (URL) and device, and the
workspace keeps the history: pull daily (cron or a dashboard's refresh). A pull the day after
the last one stores yesterday as one day; after a gap of 2-3 days it stores those days as one
period (the API gives no finer cut); days older than 3 are gone and the summary says so.
Friction counts come as `subTotal` (events) and `sessionsWithMetricPercentage` (share of
sessions with at least one), scroll depth and active time as averages: they are stored as sums
(average x sessions) so that ratios of sums give Clarity's own averages.
Quota: 10 requests per project per day; an answer holds at most 1,000 rows (no paging).
"""
from __future__ import annotations

import os
import re
from datetime import date, timedelta
from urllib.parse import quote

import pandas as pd
import requests

from lib.i18n.messages import Message
from lib.redact import secrets_of
from lib.sources.api import Batch, Field, Setting
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, request_json

NAME = "clarity"
LABEL = "Microsoft Clarity"
SYSTEM_LABEL = "Clarity"
ICON = ":material/ads_click:"
FORMAT = "clarity_api"
ORIGIN = "clarity"
SETTINGS = (
    Setting("token", secret=True, env=("CLARITY_API_TOKEN", "BALISE_CLARITY_TOKEN"),
            required="token", flag="--clarity-token", metavar="TOKEN",
            flag_help="Clarity Data Export API token (Settings > Data Export)"),
    Setting("project_id", env=("BALISE_CLARITY_PROJECT",), flag="--clarity-project",
            metavar="ID", flag_help="Clarity project id (for heatmap links)"),
    Setting("endpoint", env=("BALISE_CLARITY_ENDPOINT",)),
)
FORM = (Field("project", "project_id", placeholder="abcd1234ef", help=True),
        Field("token", "token", kind="secret", help=True, saved="src_token_saved"))
USAGE = "--clarity-token TOKEN (or BALISE_CLARITY_TOKEN)"
ENV_HINT = "BALISE_CLARITY_TOKEN"
LOAD_WARNINGS = True
GRAIN = ("page", "device")
CALLS_PER_DAY = 10
MAX_DAYS = 3
MAX_ROWS = 1000
# The window starts the day AFTER the last one stored: past days never change in Clarity, and
# the API cannot re-read them anyway. A first pull reads yesterday.
REVISE_DAYS = -1
BACKFILL_DAYS = 2
PROJECT = re.compile(r"[a-z0-9]{6,16}")
HEATMAPS = "https://clarity.microsoft.com/projects/view/{project}/heatmaps?url={url}"

# metricName -> {information field: canonical column}; "%" marks a share of sessions.
FRICTION = {
    "DeadClickCount": ("dead_clicks", "dead_click_sessions"),
    "RageClickCount": ("rage_clicks", "rage_click_sessions"),
    "QuickbackClick": ("quick_backs", "quick_back_sessions"),
    "ExcessiveScroll": ("excessive_scrolls", None),
    "ScriptErrorCount": ("script_errors", None),
    "ErrorClickCount": ("error_clicks", None),
}

HINTS = {
    401: Message("Generate a new token in Clarity > Settings > Data Export > Generate new API "
                 "token (project admins only) and copy it whole.", "pull_clarity_401"),
    403: Message("The token belongs to another project or was revoked: generate one in this "
                 "project's Settings > Data Export.", "pull_clarity_403"),
}


def base_url(config: dict) -> str:
    endpoint = config.get("endpoint") or os.environ.get("BALISE_CLARITY_ENDPOINT")
    return (endpoint or "https://www.clarity.ms").rstrip("/") + \
        "/export-data/api/v1/project-live-insights"


def period(start: date, end: date) -> tuple[int, date, date, list[str]]:
    """(numOfDays, first day, last day, warnings) for a window ending on END (the call's day)."""
    days = max(1, (end - start).days)
    warnings = []
    if days > MAX_DAYS:
        lost = end - timedelta(days=MAX_DAYS + 1)
        warnings.append(Message(f"Clarity serves only the last {MAX_DAYS} days: {start} to {lost} "
                                "can no longer be pulled. Pull every day to keep the whole history.",
                                "pull_clarity_lost", count=MAX_DAYS, start=start, end=lost))
        days = MAX_DAYS
    if days > 1:
        warnings.append(Message(f"Clarity gives the last {days} days as one total: stored as one "
                                f"{days}-day period (pull daily for daily rows).",
                                "pull_clarity_one_total", count=days))
    return days, end - timedelta(days=days), end - timedelta(days=1), warnings


def fetch(config: dict, days: int, *, session: requests.Session | None = None,
          policy: Policy | None = None) -> list:
    """The raw answer: a list of `{"metricName", "information": [...]}` by URL and device."""
    token = config.get("token")
    if not token:
        raise PullError(Message("Clarity: no API token; give --clarity-token or set "
                                "BALISE_CLARITY_TOKEN.", "pull_clarity_no_token"))
    reply = request_json(session or requests.Session(), "GET", base_url(config), label="Clarity",
                         policy=policy, secrets=secrets_of(config), hints=HINTS,
                         params={"numOfDays": days, "dimension1": "URL", "dimension2": "Device"},
                         headers={"Authorization": f"Bearer {token}"})
    if not isinstance(reply.data, list):
        raise PullError(Message("Clarity sent an answer that is not a list of metrics; try again "
                                "tomorrow (each call counts against the daily quota).",
                                "pull_clarity_not_list"))
    return reply.data


def _number(value) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def to_rows(payload: list, first: date, last: date) -> list[Parsed]:
    """site_friction rows (one per page and device) for FIRST..LAST from one answer; pure."""
    rows: dict[tuple, dict] = {}

    def row(info: dict) -> dict:
        key = (str(info.get("Url") or info.get("URL") or ""), str(info.get("Device") or ""))
        return rows.setdefault(key, {"page": key[0], "device": key[1]})

    averages = []
    for metric in payload:
        name = metric.get("metricName")
        for info in metric.get("information") or []:
            r = row(info)
            if name == "Traffic":
                r["sessions"] = _number(info.get("totalSessionCount"))
            elif name in FRICTION:
                count, share = FRICTION[name]
                r[count] = _number(info.get("subTotal"))
                r.setdefault("page_views", _number(info.get("pagesViews")))
                r.setdefault("_sessions", _number(info.get("sessionsCount")))
                if share:
                    r[share] = round(_number(info.get("sessionsCount")) * _number(
                        info.get("sessionsWithMetricPercentage")) / 100)
            elif name == "ScrollDepth":
                averages.append((r, "scroll_depth_sum", _number(info.get("averageScrollDepth"))))
            elif name == "EngagementTime":
                averages.append((r, "active_time_s", _number(info.get("activeTime"))))
    if not rows:
        return []
    for r in rows.values():   # without Traffic, a friction metric's own session count
        r.setdefault("sessions", r.get("_sessions", 0.0))
    for r, column, average in averages:
        r[column] = average * r["sessions"]
    frame = pd.DataFrame(list(rows.values())).drop(columns=["_sessions"], errors="ignore")
    frame["day_from"], frame["day_to"] = first, last
    return [Parsed(table="site_friction", frame=frame, grain=GRAIN, format=FORMAT,
                   notes={"source": NAME, "scroll_depth_sum": "average scroll depth % x sessions",
                          "active_time_s": "average active time x sessions"})]


def truncated(payload: list) -> list[str]:
    """A warning when a metric reached the answer's 1,000-row cap."""
    full = [m.get("metricName") for m in payload if len(m.get("information") or []) >= MAX_ROWS]
    if not full:
        return []
    return [Message(f"Clarity cut its answer at {MAX_ROWS:,} pages x devices ({', '.join(full)}): "
                    "the least visited pages are missing.", "pull_clarity_cut", rows=MAX_ROWS,
                    names=", ".join(full))]


def last_day(store, config: dict) -> date | None:
    return store.scalar("SELECT max(day_to) FROM site_friction WHERE source = ?", [NAME])


def summary(config: dict, start: date, end: date) -> dict:
    return {"source": NAME, "status": "ok", "start": start.isoformat(), "end": end.isoformat(),
            "days": 0, "pages": 0, "calls": 0,
            "quota": f"{CALLS_PER_DAY} calls per project per day, the last {MAX_DAYS} days only",
            "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [], "warnings": []}


def steps(start: date, end: date) -> int:
    return 1


def batches(config: dict, start: date, end: date, *, session=None, policy: Policy | None = None,
            now: date | None = None):
    """One call, one batch: the days since the last pull (END must be the day of the call)."""
    if end != (now or date.today()):
        raise PullError(Message("Clarity serves only the days before the call, counted back from "
                                "now: leave --end out (and --start, or give one of the last 3 "
                                "days).", "pull_clarity_window"))
    days, first, last, warnings = period(start, end)
    payload = fetch(config, days, session=session, policy=policy)
    parsed = to_rows(payload, first, last)
    pages = len({p for p in parsed[0].frame["page"]}) if parsed else 0
    yield Batch(f"Clarity API {first}..{last}", parsed,
                {"start": first.isoformat(), "end": last.isoformat(), "days": days if parsed else 0,
                 "pages": pages, "calls": 1, "warnings": warnings + truncated(payload)},
                step=True)


def heatmap_url(config: dict, page: str) -> str | None:
    """The page's heatmap in Clarity (None without a project id)."""
    project = str(config.get("project_id") or "").strip()
    if not PROJECT.fullmatch(project) or not str(page).startswith(("http://", "https://")):
        return None
    return HEATMAPS.format(project=project, url=quote(str(page), safe=""))


# -- the connection form ---------------------------------------------------------------------

def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    settings: dict = {}
    drop: tuple = ()
    project = str(values.get("project") or "").strip()
    if project:
        if not PROJECT.fullmatch(project):
            raise ValueError("src_clarity_bad_project")
        settings["project_id"] = project
    else:
        drop = ("project_id",)
    token = str(values.get("token") or "").strip()
    if token:
        # Clarity's tokens are JWTs: three base64url parts.
        if token.count(".") != 2 or any(c.isspace() for c in token):
            raise ValueError("src_clarity_bad_token")
        settings["token"] = token
    elif not saved.get("token"):
        raise ValueError("src_clarity_token_missing")
    return settings, drop


def saved(config: dict) -> dict:
    project = str(config.get("project_id") or "").strip()
    return {"project": project if PROJECT.fullmatch(project) else "-"}


def ping(config: dict, policy: Policy) -> dict:
    """One call for yesterday (it counts against the 10 a day): the pages it knows."""
    payload = fetch(config, 1, policy=policy)
    traffic = next((m for m in payload if m.get("metricName") == "Traffic"), {})
    sessions = sum(_number(i.get("totalSessionCount")) for i in traffic.get("information") or [])
    return {"sessions": int(sessions), "calls": CALLS_PER_DAY}
