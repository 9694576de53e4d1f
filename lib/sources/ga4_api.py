"""GA4 Data API connector: daily site_traffic rows, realtime active users, quota.

`fetch` does the network through the official `BetaAnalyticsDataClient` (REST transport) and
returns raw response dicts; `to_rows` maps them to canonical rows without touching the network;
`batches` yields one day per batch for the pull loop (lib.ingest.pull), which loads them.
The Google client is imported inside the functions that use it: it costs 0.3 s of CLI start.
"""
from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import requests

from lib.i18n.messages import Message
from lib.redact import redact, secrets_of
from lib.sources import service_account
from lib.sources.api import Batch, Field, Setting, last_day_of, with_account
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, backoff, gave_up, log, reason_of, retry_after, too_long
from lib.store import schema

NAME = "ga4"
LABEL = "Google Analytics 4"
SYSTEM_LABEL = "GA4"
ICON = ":material/language:"
FORMAT = "ga4_api"
ORIGIN = "ga4"
SETTINGS = (
    Setting("property_id", env=("BALISE_GA4_PROPERTY",), required="property", flag="--property",
            flag_help="GA4 property id"),
    Setting("credentials_info", secret=True, required="key"),
    # GOOGLE_APPLICATION_CREDENTIALS is Google's own name for a key file.
    Setting("credentials_file", env=("GOOGLE_APPLICATION_CREDENTIALS", "BALISE_GA4_CREDENTIALS"),
            required="key", flag="--credentials", metavar="FILE",
            flag_help="GA4 service-account key file (JSON)"),
    Setting("endpoint", env=("BALISE_GA4_ENDPOINT",)),
)
FORM = (Field("property", "property_id", help=True),
        Field("key", "credentials_info", kind="service_account"))
USAGE = "--property ID and --credentials FILE (or GOOGLE_APPLICATION_CREDENTIALS)"
ENV_HINT = "BALISE_GA4_PROPERTY and GOOGLE_APPLICATION_CREDENTIALS"
LOAD_WARNINGS = True
SCOPES = ["https://www.googleapis.com/auth/analytics.readonly"]

# GA4 API dimension -> canonical column (the site table's dimensions, in schema order).
DIMENSIONS = {
    "sessionSource": "source_name", "sessionMedium": "medium",
    "sessionCampaignName": "campaign", "sessionDefaultChannelGroup": "channel_group",
    "deviceCategory": "device", "country": "country", "landingPage": "landing_page",
}
GRAIN = tuple(DIMENSIONS.values())

# GA4 allows 10 metrics per request: two requests with the same dimensions, joined on them.
# `keyEvents` replaced `conversions` in 2024. averageSessionDuration x sessions gives the
# total duration, so the KPI's ratio of sums reproduces GA4's own average.
METRIC_GROUPS = (
    ("sessions", "activeUsers", "newUsers", "engagedSessions", "screenPageViews",
     "averageSessionDuration", "keyEvents"),
    ("addToCarts", "checkouts", "transactions", "purchaseRevenue"),
)
METRICS = {
    "sessions": "sessions", "activeUsers": "users", "newUsers": "new_users",
    "engagedSessions": "engaged_sessions", "screenPageViews": "page_views",
    "keyEvents": "key_events", "addToCarts": "add_to_carts", "checkouts": "checkouts",
    "transactions": "transactions", "purchaseRevenue": "revenue",
}
REQUIRED_METRICS = ("sessions",)

REVISE_DAYS = 3          # GA4 revises the last ~72 h: re-pull them on every incremental pull
BACKFILL_DAYS = 90       # first pull without --start
PAGE_SIZE = 100_000      # GA4 returns at most 250,000 rows per request

REALTIME_DIMENSIONS = ("deviceCategory", "country")
REALTIME_COLUMNS = {"deviceCategory": "device", "country": "country", "platform": "platform",
                    "streamName": "stream", "unifiedScreenName": "screen"}

VIEWER_HELP = (
    "In Google Analytics open Admin > Property > Property access management, click +, "
    "Add users, enter {email}, choose the Viewer role and Add; then run the pull again.")


# -- client and calls ----------------------------------------------------------------------

def client_email(config: dict) -> str:
    """The service account's e-mail (not a secret), from the key or the key file."""
    return service_account.email(config, "ga4")


def make_client(config: dict):
    """The official client on the REST transport, pointed at BALISE_GA4_ENDPOINT if set."""
    from google.analytics.data_v1beta import BetaAnalyticsDataClient

    creds = service_account.credentials(config, "ga4", SCOPES)
    endpoint = config.get("endpoint") or os.environ.get("BALISE_GA4_ENDPOINT")
    options = {"api_endpoint": endpoint} if endpoint else None
    return BetaAnalyticsDataClient(credentials=creds, transport="rest", client_options=options)


def property_name(config: dict) -> str:
    """`properties/123` from a bare id, `properties/123` or a GA4 URL fragment `p123`."""
    raw = str(config.get("property_id") or "").strip()
    digits = raw.removeprefix("properties/").removeprefix("p")
    if not digits.isdigit():
        raise PullError(Message(f"GA4: property id {raw!r} is not a number; find it in GA4 under "
                                "Admin > Property details (e.g. 123456789).", "pull_ga4_property",
                                raw=raw))
    return f"properties/{digits}"


def _text(exc) -> str:
    """GA4's own error text, without the request URL the client puts in front of it."""
    response = getattr(exc, "response", None)
    try:
        return str(response.json()["error"]["message"])
    except Exception:
        return str(exc.message).split(": ", 1)[-1][:300]


def quota_reset(kind: str, now: datetime | None = None) -> str:
    """When an exhausted GA4 quota comes back: daily ones at midnight Pacific time."""
    now = now or datetime.now(UTC)
    if kind == "hour":
        return Message("within the hour", "pull_ga4_reset_hour")
    pacific = ZoneInfo("America/Los_Angeles")
    midnight = datetime.combine(now.astimezone(pacific).date() + timedelta(days=1), time(0),
                                tzinfo=pacific)
    hours = (midnight - now).total_seconds() / 3600
    at = midnight.astimezone(UTC)
    return Message(f"at midnight Pacific time ({at:%Y-%m-%d %H:%M} UTC, in {hours:.1f} h)",
                   "pull_ga4_reset_day", day=at.date(), time=f"{at:%H:%M}", hours=round(hours, 1))


def call(method, request, *, config: dict, policy: Policy, email: str = ""):
    """Run one client call with bounded retries on 429/5xx/timeouts; PullError otherwise."""
    from google.api_core import exceptions as gexc
    from google.auth import exceptions as auth_exc
    from google.protobuf import json_format

    secrets = secrets_of(config)
    what = getattr(method, "__name__", "request")
    for attempt in range(1, policy.attempts + 1):
        asked = None
        try:
            return method(request=request, timeout=policy.timeout)
        except gexc.TooManyRequests as exc:  # REST raises this parent, not ResourceExhausted
            text = _text(exc)
            low = text.lower()
            if "exhausted" in low and ("per day" in low or "per hour" in low):
                kind = "day" if "per day" in low else "hour"
                # Retrying cannot help before the bucket refills: stop and say when it does.
                prop, said, reset = request_property(request), redact(text, secrets), quota_reset(kind)
                raise PullError(Message(
                    f"GA4 {'daily' if kind == 'day' else 'hourly'} quota for "
                    f"{prop} is used up ({said}); it "
                    f"resets {reset}. Loaded days are kept; pull again then.",
                    f"pull_ga4_quota_{kind}", property=property_id(prop), detail=said, reset=reset),
                    status=429) from None
            said = redact(text, secrets)
            problem = Message(f"GA4 is rate limiting ({said})", "pull_ga4_rate", detail=said)
            asked = retry_after(exc.response.headers.get("Retry-After")
                                if getattr(exc, "response", None) is not None else None)
            if asked is not None and asked > policy.max_wait:
                raise too_long("GA4", asked) from None
        except gexc.ServerError as exc:
            said = redact(_text(exc), secrets)
            problem = Message(f"GA4 answered {exc.code} ({said})", "pull_ga4_answered",
                              status=exc.code, detail=said)
        except requests.Timeout:
            problem = Message(f"GA4 did not answer within {policy.timeout:g} s", "pull_timeout",
                              label="GA4", seconds=policy.timeout)
        except (requests.ConnectionError, auth_exc.TransportError):
            problem = Message("could not reach the GA4 Data API", "pull_ga4_unreachable")
        except gexc.Unauthorized:   # REST raises this parent of gRPC's Unauthenticated
            raise PullError(Message("GA4 rejected the service-account credentials (401): the key "
                                    "was deleted or disabled; create a new JSON key.",
                                    "pull_ga4_401"), status=401) from None
        except gexc.Forbidden as exc:
            raise PullError(forbidden_message(_text(exc), request_property(request), email,
                                              secrets), status=403) from None
        except gexc.NotFound:
            prop = request_property(request)
            raise PullError(Message(f"GA4 does not know {prop} (404): check the property id "
                                    "(Admin > Property details).", "pull_ga4_404",
                                    property=property_id(prop)), status=404) from None
        except gexc.ClientError as exc:
            said = redact(_text(exc), secrets)
            raise PullError(Message(f"GA4 refused the {what} request: {said}", "pull_ga4_refused",
                                    detail=said), status=exc.code) from None
        except json_format.ParseError:
            raise PullError(Message("GA4 sent a malformed JSON answer; a proxy may be in the way. "
                                    "Try again later.", "pull_ga4_bad_json")) from None
        except auth_exc.RefreshError as exc:
            raise PullError(Message("GA4: the service account could not get a token: "
                                    + redact(str(exc), secrets), "pull_ga4_token",
                                    reason=reason_of(exc, secrets))) from None
        if attempt == policy.attempts:
            break
        wait = backoff(attempt, policy, asked)
        log.warning("%s; retrying in %.2f s", problem, wait)
        policy.sleep(wait)
    raise gave_up(problem, policy.attempts)


def property_id(prop: str) -> str:
    """`123` of `properties/123` (what a person knows of a property)."""
    return str(prop).removeprefix("properties/")


def request_property(request) -> str:
    """`properties/123` named by a report or metadata request."""
    return getattr(request, "property", "") or getattr(request, "name", "").removesuffix(
        "/metadata")


def forbidden_message(text: str, prop: str, email: str, secrets) -> str:
    """A 403 explained: API disabled in the project, or the account is not a property user."""
    low = text.lower()
    if "has not been used" in low or "disabled" in low or "service_disabled" in low:
        return Message("GA4 refused access (403): the Google Analytics Data API is not enabled in "
                       "the service account's Cloud project. Enable it in Google Cloud console > "
                       "APIs & Services > Library > Google Analytics Data API, wait a few minutes, "
                       "retry.", "pull_ga4_api_off")
    said = redact(text, secrets)
    who = email or Message("the service account's client_email", "pull_ga4_the_account")
    return Message(f"GA4 refused access to {prop} (403: {said}). The service account "
                   f"must be a Viewer of the property. " + VIEWER_HELP.format(email=who),
                   "pull_ga4_403", property=property_id(prop), detail=said, email=who)


# -- metadata, fetch, rows -------------------------------------------------------------------

def check_names(client, config: dict, policy: Policy) -> tuple[tuple[tuple[str, ...], ...], list]:
    """Check our dimension and metric names against the property's metadata.

    Returns the metric groups to request (unknown optional metrics dropped) and warnings.
    """
    from google.analytics.data_v1beta.types import GetMetadataRequest

    prop = property_name(config)
    meta = call(client.get_metadata, GetMetadataRequest(name=f"{prop}/metadata"),
                config=config, policy=policy, email=client_email(config))
    dims = {d.api_name for d in meta.dimensions}
    mets = {m.api_name for m in meta.metrics}
    missing_dims = [d for d in DIMENSIONS if d not in dims]
    missing_req = [m for m in REQUIRED_METRICS if m not in mets]
    if missing_dims or missing_req:
        missing = ", ".join(missing_dims + missing_req)
        raise PullError(Message(f"GA4 {prop} does not offer {missing} (checked with getMetadata); "
                                "Balise cannot build the site table from it.", "pull_ga4_missing",
                                property=property_id(prop), names=missing))
    warnings = []
    groups = []
    for group in METRIC_GROUPS:
        kept = tuple(m for m in group if m in mets)
        dropped = [m for m in group if m not in mets]
        if dropped:
            warnings.append(Message(f"GA4 {prop} has no metric {', '.join(dropped)}: left empty.",
                                    "pull_ga4_no_metric", property=property_id(prop),
                                    names=", ".join(dropped)))
        if kept:
            groups.append(kept)
    return tuple(groups), warnings


def fetch(config: dict, start: date, end: date, *, client=None, policy: Policy | None = None,
          groups=METRIC_GROUPS, page_size: int = PAGE_SIZE) -> list[dict]:
    """Raw runReport answers, one payload per day: every metric group, every page."""
    from google.analytics.data_v1beta.types import DateRange, Dimension, Metric, RunReportRequest

    client = client or make_client(config)
    policy = policy or Policy()
    prop = property_name(config)
    payloads = []
    for offset_days in range((end - start).days + 1):
        day = start + timedelta(days=offset_days)
        reports = []
        for metrics in groups:
            pages = []
            offset = 0
            while True:
                request = RunReportRequest(
                    property=prop, date_ranges=[DateRange(start_date=day.isoformat(),
                                                          end_date=day.isoformat())],
                    dimensions=[Dimension(name=d) for d in DIMENSIONS],
                    metrics=[Metric(name=m) for m in metrics],
                    limit=page_size, offset=offset, return_property_quota=True)
                response = call(client.run_report, request, config=config, policy=policy,
                                email=client_email(config))
                page = type(response).to_dict(response, preserving_proto_field_name=False)
                pages.append(page)
                offset += len(page.get("rows") or [])
                # Page with offset until row_count (run_report does not page by itself).
                if not page.get("rows") or offset >= int(page.get("rowCount") or 0):
                    break
            reports.append({"metrics": list(metrics), "pages": pages})
        payloads.append({"property": prop, "day": day.isoformat(), "reports": reports})
    return payloads


def to_rows(payloads: list[dict]) -> list[Parsed]:
    """Canonical site_traffic rows (daily, full grain) from fetch() payloads; pure."""
    records: dict[tuple, dict] = {}
    currency, prop, warnings = "", "", []
    for payload in payloads:
        prop = payload.get("property", prop)
        for report in payload["reports"]:
            for page in report["pages"]:
                meta = page.get("metadata") or {}
                currency = meta.get("currencyCode") or currency
                if meta.get("dataLossFromOtherRow"):
                    warnings.append(Message(
                        f"GA4 grouped some rows of {payload['day']} into (other): "
                        "totals are right, detail is partial.", "pull_ga4_other",
                        day=date.fromisoformat(str(payload["day"]))))
                dims = [h["name"] for h in page.get("dimensionHeaders") or []]
                mets = [h["name"] for h in page.get("metricHeaders") or []]
                for row in page.get("rows") or []:  # GA4 omits `rows` when there are none
                    values = tuple(v.get("value", "") for v in row["dimensionValues"])
                    record = records.setdefault((payload["day"], values), {
                        "day_from": payload["day"], "day_to": payload["day"],
                        **{DIMENSIONS[d]: v for d, v in zip(dims, values, strict=True)},
                        "currency": meta.get("currencyCode") or None})
                    for name, value in zip(mets, row["metricValues"], strict=True):
                        record[name] = float(value.get("value") or 0)
    if not records:
        return []
    frame = pd.DataFrame(list(records.values()))
    # A row missing from one metric group means GA4 had only zeros there.
    for name in [m for group in METRIC_GROUPS for m in group]:
        frame[name] = frame[name].fillna(0.0) if name in frame else None
    frame["session_duration_s"] = frame["averageSessionDuration"] * frame["sessions"]
    frame["bounces"] = frame["sessions"] - frame["engagedSessions"]
    frame = frame.rename(columns=METRICS).drop(columns=["averageSessionDuration"])
    # whole_days: a day's rows replace that day's BigQuery rows, combinations included
    return [Parsed(table="site_traffic", frame=frame, grain=GRAIN, format=FORMAT,
                   warnings=warnings, whole_days=True,
                   notes={"source": NAME, "property": prop, "currency": currency})]


def quota_of(payloads: list[dict]) -> dict | None:
    """The property quota reported with the last page (tokens per day/hour, consumed/remaining)."""
    for payload in reversed(payloads):
        for report in reversed(payload["reports"]):
            for page in reversed(report["pages"]):
                if page.get("propertyQuota"):
                    return page["propertyQuota"]
    return None


# -- realtime ---------------------------------------------------------------------------------

def fetch_realtime(config: dict, *, client=None, policy: Policy | None = None,
                   dimensions=REALTIME_DIMENSIONS) -> dict:
    """Raw runRealtimeReport answer: active users over the last 30 minutes by DIMENSIONS.

    GA4's Realtime API has no traffic-source dimension (see its realtime schema); pass a
    user-scoped custom dimension (`customUser:...`) to cut by source where a site records one.
    """
    from google.analytics.data_v1beta.types import Dimension, Metric, RunRealtimeReportRequest

    client = client or make_client(config)
    request = RunRealtimeReportRequest(
        property=property_name(config), dimensions=[Dimension(name=d) for d in dimensions],
        metrics=[Metric(name="activeUsers")], return_property_quota=True)
    response = call(client.run_realtime_report, request, config=config,
                    policy=policy or Policy(attempts=2), email=client_email(config))
    return type(response).to_dict(response, preserving_proto_field_name=False)


def realtime_rows(payload: dict) -> pd.DataFrame:
    """Realtime answer -> one row per dimension combination with `active_users`; pure."""
    dims = [h["name"] for h in payload.get("dimensionHeaders") or []]
    cols = [REALTIME_COLUMNS.get(d, d) for d in dims]
    rows = [[v.get("value", "") for v in r["dimensionValues"]]
            + [float(r["metricValues"][0].get("value") or 0)] for r in payload.get("rows") or []]
    frame = pd.DataFrame(rows, columns=[*cols, "active_users"])
    return frame.sort_values("active_users", ascending=False, ignore_index=True)


def realtime(config: dict, **kwargs) -> pd.DataFrame:
    """Active users in the last 30 minutes by device and country (see fetch_realtime)."""
    return realtime_rows(fetch_realtime(config, **kwargs))


# -- incremental pull ------------------------------------------------------------------------

def last_day(store, config: dict) -> date | None:
    """Last day holding API-grain GA4 rows (CSV uploads of other cuts do not count)."""
    grain = "date+" + schema.grain_name(GRAIN, "site_traffic")
    return last_day_of(store, "site_traffic", NAME, property_name(config), grain)


def summary(config: dict, start: date, end: date) -> dict:
    """A pull's summary before its first day (PullError for a property id that is not one)."""
    return {"source": NAME, "status": "ok", "property": property_name(config),
            "start": start.isoformat(), "end": end.isoformat(), "days": 0, "empty_days": [],
            "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [], "quota": None,
            "warnings": []}


def steps(start: date, end: date) -> int:
    """One progress step per day."""
    return (end - start).days + 1


def batches(config: dict, start: date, end: date, *, client=None, policy: Policy | None = None,
            page_size: int = PAGE_SIZE):
    """The metadata check's warnings, then one batch per day (loaded one day per transaction)."""
    policy = policy or Policy()
    prop = property_name(config)
    client = client or make_client(config)
    groups, warnings = check_names(client, config, policy)
    yield Batch(info={"warnings": warnings})
    day = start
    while day <= end:
        payloads = fetch(config, day, day, client=client, policy=policy, groups=groups,
                         page_size=page_size)
        parsed = with_account(to_rows(payloads), prop)   # the property's rows
        info = {"days": 1} if parsed else {"empty_days": [str(day)]}
        yield Batch(f"GA4 API {prop} {day}", parsed, {**info, "quota": quota_of(payloads)},
                    step=True)
        day += timedelta(days=1)


# -- the connection form ---------------------------------------------------------------------

PROPERTY = re.compile(r"(?:properties/|p)?(\d{3,})")


def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    """(settings to save, keys to drop) from the form; ValueError(i18n key) when refused."""
    found = PROPERTY.fullmatch(str(values.get("property") or "").strip())
    if not found:
        raise ValueError("src_ga4_bad_property")
    return service_account.from_form(values, saved, {"property_id": found.group(1)})


def saved(config: dict) -> dict:
    """The property and the service account's e-mail (never the key)."""
    found = PROPERTY.fullmatch(str(config.get("property_id") or "").strip())
    return {"property": found.group(1) if found else "?", "email": client_email(config) or "?"}


def ping(config: dict, policy: Policy) -> dict:
    """Read the property's metadata: the property, the account and the metrics it offers."""
    client = make_client(config)
    groups, _ = check_names(client, config, policy)
    return {"property": property_name(config), "email": client_email(config),
            "metrics": sum(len(g) for g in groups)}
