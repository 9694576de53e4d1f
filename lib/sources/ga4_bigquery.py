"""GA4's BigQuery export: daily site_traffic and site_items aggregated in BigQuery, then pulled.

A big site's export holds millions of events a day: the aggregation (ga4_bigquery.sql, beside this
file, BigQuery's dialect) runs in BigQuery and only its daily rows come back. Every pull first
dry-runs the queries (free) to know what they will scan, and stops when that is over the scan
limit; the queries then run with `maximum_bytes_billed` set to the same limit, so BigQuery itself
refuses to bill more. Rows carry origin "ga4": the Data API, the CSV exports and this export
replace each other's days instead of adding up. The Google client is imported where it is used.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import requests

from lib.i18n.messages import Message
from lib.redact import redact, secrets_of
from lib.sources import ga4_api, service_account
from lib.sources.api import Batch, Field, Setting
from lib.sources.base import Parsed
from lib.sources.http import Policy, PullError, backoff, gave_up, log, reason_of
from lib.store import schema

NAME = "ga4_bigquery"
LABEL = "GA4 via BigQuery"
SYSTEM_LABEL = "GA4"
ICON = ":material/database:"
FORMAT = "ga4_bigquery"
ORIGIN = "ga4"            # the same system as the GA4 Data API and GA4's CSV exports
SETTINGS = (
    Setting("project", env=("BALISE_BQ_PROJECT",), required="project", flag="--bq-project",
            metavar="PROJECT", flag_help="Google Cloud project holding the GA4 export"),
    Setting("dataset", env=("BALISE_BQ_DATASET",), required="dataset", flag="--bq-dataset",
            metavar="DATASET", flag_help="GA4 export dataset (analytics_<property id>)"),
    Setting("credentials_info", secret=True, required="key"),
    Setting("credentials_file", env=("BALISE_BQ_CREDENTIALS",), required="key",
            flag="--bq-credentials", metavar="FILE",
            flag_help="service-account key file (JSON) with BigQuery Job User and Data Viewer"),
    Setting("max_scan_gb", env=("BALISE_BQ_MAX_SCAN_GB",), flag="--bq-max-scan-gb", metavar="GB",
            flag_help="stop a pull that would scan more (default 10 GB)"),
    Setting("key_events", env=("BALISE_BQ_KEY_EVENTS",)),
    Setting("currency", env=("BALISE_BQ_CURRENCY",)),
    Setting("location", env=("BALISE_BQ_LOCATION",)),
    Setting("endpoint", env=("BALISE_BQ_ENDPOINT",)),
)
FORM = (Field("project", "project", help=True, placeholder="my-project"),
        Field("dataset", "dataset", help=True, placeholder="analytics_123456789"),
        Field("key", "credentials_info", kind="service_account"),
        Field("max_scan_gb", "max_scan_gb", help=True, placeholder="10"))
USAGE = "--bq-project PROJECT, --bq-dataset DATASET and --bq-credentials FILE"
ENV_HINT = "BALISE_BQ_PROJECT, BALISE_BQ_DATASET and BALISE_BQ_CREDENTIALS"
LOAD_WARNINGS = True
SCOPES = ["https://www.googleapis.com/auth/bigquery.readonly",
          "https://www.googleapis.com/auth/cloud-platform.read-only"]

GRAIN = ga4_api.GRAIN                     # the Data API's grain: both fill the same rows
ITEM_GRAIN = ("item_category", "item_name")
REVISE_DAYS = 3           # the daily tables are rewritten for 72 h (late events): re-pull them
BACKFILL_DAYS = 90        # first pull without --start
PAGE_SIZE = 50_000        # rows per getQueryResults page
MAX_SCAN_GB = 10.0        # default scan limit per pull
KEY_EVENTS = ("purchase",)  # GA4 marks purchase as a key event by default
GB = 10 ** 9
SQL_FILE = Path(__file__).with_name("ga4_bigquery.sql")

# Google Cloud project ids (6-30 lowercase letters, digits, hyphens; an old domain-scoped one
# has a "domain:" prefix) and BigQuery dataset names: the only text put into the SQL.
PROJECT = re.compile(r"(?:[a-z0-9.-]{1,63}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]")
DATASET = re.compile(r"[A-Za-z0-9_]{1,1024}")
EVENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
TRAFFIC_METRICS = ("sessions", "users", "new_users", "engaged_sessions", "page_views",
                   "session_duration_s", "key_events", "add_to_carts", "checkouts",
                   "transactions", "revenue")
ITEM_METRICS = ("items_viewed", "items_added_to_cart", "items_checked_out", "items_purchased",
                "item_revenue")


# -- the SQL --------------------------------------------------------------------------------------

def events_table(config: dict) -> str:
    """`project.dataset.events_*`, from allowlisted names only (PullError otherwise)."""
    project = str(config.get("project") or "").strip()
    dataset = str(config.get("dataset") or "").strip()
    if not PROJECT.fullmatch(project):
        raise PullError(Message(f"BigQuery: {project!r} is not a Google Cloud project id; copy it "
                                "from the Cloud console's project picker (e.g. my-shop-analytics).",
                                "pull_bq_project", raw=project))
    if not DATASET.fullmatch(dataset):
        raise PullError(Message(f"BigQuery: {dataset!r} is not a dataset name; GA4's export dataset "
                                "is analytics_<property id> (BigQuery > Explorer).",
                                "pull_bq_dataset", raw=dataset))
    return f"{project}.{dataset}.events_*"


def queries(config: dict) -> dict[str, str]:
    """Canonical table -> the BigQuery SQL that fills it, read from ga4_bigquery.sql."""
    table = events_table(config)
    found = {}
    for part in SQL_FILE.read_text(encoding="utf-8").split("-- name: ")[1:]:
        name, _, text = part.partition("\n")
        found[name.strip()] = text.replace("{events}", table).strip().rstrip(";")
    return found


def key_events(config: dict) -> list[str]:
    """The event names counted as key events (GA4 Admin > Events > Key events)."""
    raw = config.get("key_events") or KEY_EVENTS
    names = [n.strip() for n in (raw.split(",") if isinstance(raw, str) else raw) if n.strip()]
    bad = [n for n in names if not EVENT.fullmatch(n)]
    if bad or not names:
        raise PullError(Message(
            f"BigQuery: key_events must list GA4 event names separated by commas "
            f"(e.g. purchase,sign_up); {', '.join(map(repr, bad)) or 'none'} is not one.",
            "pull_bq_key_events" if bad else "pull_bq_no_key_events", names=", ".join(bad)))
    return names


def values(config: dict, start: date, end: date) -> dict:
    """The queries' parameters: the days' table suffixes and the key events."""
    return {"start_suffix": f"{start:%Y%m%d}", "end_suffix": f"{end:%Y%m%d}",
            "key_events": key_events(config)}


def used(sql: str, params: dict) -> dict:
    """The parameters SQL names (@name): a query is sent only those."""
    return {k: v for k, v in params.items() if re.search(rf"@{k}\b", sql)}


def scan_limit(config: dict) -> int:
    """The most bytes one pull may scan (max_scan_gb, default MAX_SCAN_GB)."""
    raw = config.get("max_scan_gb")
    try:
        gb = float(raw) if raw not in (None, "") else MAX_SCAN_GB
    except (TypeError, ValueError):
        gb = -1.0
    if not math.isfinite(gb) or gb <= 0:
        raise PullError(Message(f"BigQuery: max_scan_gb {raw!r} is not a positive number of "
                                "gigabytes.", "pull_bq_limit", raw=str(raw)))
    return int(gb * GB)


# -- client and calls ----------------------------------------------------------------------------

def client_email(config: dict) -> str:
    return service_account.email(config, "bq")


def make_client(config: dict, credentials=None):
    """The official client, billed to the export's project, pointed at BALISE_BQ_ENDPOINT if set."""
    from google.cloud import bigquery

    if credentials is None:
        credentials = service_account.credentials(config, "bq", SCOPES)
    endpoint = config.get("endpoint") or os.environ.get("BALISE_BQ_ENDPOINT")
    project = events_table(config).split(".")[0]
    return bigquery.Client(project=project, credentials=credentials,
                           client_options={"api_endpoint": endpoint} if endpoint else None)


@dataclass
class Result:
    rows: list[dict]
    processed: int      # bytes the query reads (a dry run's estimate)
    billed: int         # bytes BigQuery bills (0 for a dry run or a cached result)


def _parameters(params: dict) -> list:
    from google.cloud import bigquery

    return [bigquery.ArrayQueryParameter(k, "STRING", v) if isinstance(v, list)
            else bigquery.ScalarQueryParameter(k, "STRING", v) for k, v in params.items()]


def _reason(exc) -> tuple[str, str]:
    """BigQuery's error reason (quotaExceeded, accessDenied...) and message."""
    errors = getattr(exc, "errors", None) or [{}]
    first = errors[0] if isinstance(errors[0], dict) else {}
    return str(first.get("reason") or ""), str(first.get("message") or getattr(exc, "message", exc))


def spoken(text: str) -> str:
    """BigQuery's own words in TEXT, for a person: without the request line the client puts in
    front ("POST https://...: ") nor the job's location and id after them."""
    text = re.sub(r"^[A-Z]+ https?://\S+: ", "", str(text))
    return text.split("\n", 1)[0].strip()


RETRIED = {"rateLimitExceeded", "backendError", "internalError", "badGateway", "jobRateLimitExceeded"}
# The client reports a failed job's reason with a 500 when it has no status for it: never retried.
FINAL = {"quotaExceeded", "bytesBilledLimitExceeded", "accessDenied", "notFound", "invalidQuery",
         "invalid", "billingNotEnabled", "responseTooLarge", "resourcesExceeded"}


def run(client, sql: str, params: dict, *, config: dict, policy: Policy, dry_run: bool = False,
        limit: int | None = None, page_size: int = PAGE_SIZE) -> Result:
    """One query through jobs.insert and paged getQueryResults, with bounded retries on rate
    limits, 5xx and timeouts; PullError otherwise (the client's own retries are off)."""
    from google.api_core import exceptions as gexc
    from google.auth import exceptions as auth_exc
    from google.cloud import bigquery

    secrets = secrets_of(config)
    job_config = bigquery.QueryJobConfig(
        query_parameters=_parameters(used(sql, params)), dry_run=dry_run, use_legacy_sql=False)
    if limit and not dry_run:
        job_config.maximum_bytes_billed = limit
    location = config.get("location") or None
    problem = ""
    for attempt in range(1, policy.attempts + 1):
        try:
            job = client.query(sql, job_config=job_config, location=location, retry=None,
                               job_retry=None, timeout=policy.timeout)
            if dry_run:
                return Result([], int(job.total_bytes_processed or 0), 0)
            rows = [dict(row.items()) for row in job.result(
                page_size=page_size, retry=None, job_retry=None, timeout=policy.timeout)]
            return Result(rows, int(job.total_bytes_processed or 0),
                          int(job.total_bytes_billed or 0))
        except gexc.GoogleAPICallError as exc:
            reason, text = _reason(exc)
            text = redact(text, secrets)
            if reason in RETRIED or (reason not in FINAL and isinstance(
                    exc, gexc.ServerError | gexc.TooManyRequests)):
                problem = Message(f"BigQuery answered {exc.code} ({reason or text})",
                                  "pull_bq_answered", status=exc.code,
                                  detail=reason or spoken(text))
            else:
                raise refused(exc, reason, text, config) from None
        except requests.Timeout:
            problem = Message(f"BigQuery did not answer within {policy.timeout:g} s", "pull_timeout",
                              label="BigQuery", seconds=policy.timeout)
        except (requests.ConnectionError, auth_exc.TransportError):
            problem = Message("could not reach BigQuery", "pull_bq_unreachable")
        except auth_exc.RefreshError as exc:
            raise PullError(Message("BigQuery: the service account could not get a token: "
                                    + redact(str(exc), secrets), "pull_bq_token",
                                    reason=reason_of(exc, secrets))) from None
        if attempt == policy.attempts:
            break
        wait = backoff(attempt, policy)
        log.warning("%s; retrying in %.2f s", problem, wait)
        policy.sleep(wait)
    raise gave_up(problem, policy.attempts)


def refused(exc, reason: str, text: str, config: dict) -> PullError:
    """A BigQuery refusal explained, with what to do."""
    status = getattr(exc, "code", None)
    where = f"{config.get('project')}.{config.get('dataset')}"
    who = client_email(config) or Message("the service account", "pull_bq_the_account")
    known = {"detail": spoken(text), "project": str(config.get("project")),
             "dataset": str(config.get("dataset"))}
    if reason == "quotaExceeded":
        reset = ga4_api.quota_reset("day")
        return PullError(Message(f"BigQuery quota exceeded ({text}). Loaded days are kept; daily "
                                 f"quotas reset {reset}, or raise the quota in Cloud console > IAM "
                                 "& Admin > Quotas.", "pull_bq_quota", detail=spoken(text), reset=reset),
                         status=status)
    if reason == "bytesBilledLimitExceeded":
        return PullError(Message(f"BigQuery stopped the query at the scan limit ({text}); raise "
                                 "max_scan_gb or pull fewer days with --start.", "pull_bq_scan_stop",
                                 detail=spoken(text)), status=status)
    if status == 401:
        return PullError(Message("BigQuery rejected the service-account credentials (401): the "
                                 "key was deleted or disabled; create a new JSON key.",
                                 "pull_bq_401"), status=401)
    if status == 403:
        return PullError(Message(f"BigQuery refused access to {where} (403: {text}). Give {who} "
                                 "the roles BigQuery Job User on the project and BigQuery Data "
                                 "Viewer on the dataset (Cloud console > IAM & Admin > IAM > Grant "
                                 "access).", "pull_bq_403", email=who, **known), status=403)
    if status == 404:
        return PullError(Message(f"BigQuery does not know {where} (404: {text}): check the project "
                                 "and the dataset (analytics_<property id>) in BigQuery > Explorer.",
                                 "pull_bq_404", **known), status=404)
    return PullError(Message(f"BigQuery refused the query ({status}: {text})", "pull_bq_refused",
                             status=status, detail=spoken(text)), status=status)


# -- rows ---------------------------------------------------------------------------------------

def property_id(config: dict) -> str:
    """The GA4 property behind the export dataset (analytics_<property id>), or ""."""
    found = re.fullmatch(r"analytics_(\d+)", str(config.get("dataset") or "").strip())
    return found.group(1) if found else ""


def to_parsed(table: str, rows: list[dict], config: dict) -> list[Parsed]:
    """Canonical rows of one table from the query's rows (one day or many); pure."""
    if not rows:
        return []
    frame = pd.DataFrame(rows)
    metrics = TRAFFIC_METRICS if table == "site_traffic" else ITEM_METRICS
    for name in metrics:
        frame[name] = pd.to_numeric(frame[name]).astype("float64")
    if table == "site_traffic":
        frame["bounces"] = frame["sessions"] - frame["engaged_sessions"]
    frame = frame.rename(columns={"day": "day_from"})
    frame["day_from"] = pd.to_datetime(frame["day_from"])
    frame.insert(1, "day_to", frame["day_from"])
    frame["currency"] = config.get("currency") or None
    notes = {"source": ORIGIN, "project": config.get("project"), "dataset": config.get("dataset"),
             "property": property_id(config), "currency": config.get("currency") or ""}
    # whole_days: the day's rows replace the Data API's rows of that day, combinations included
    return [Parsed(table=table, frame=frame, format=FORMAT, notes=notes, whole_days=True,
                   grain=GRAIN if table == "site_traffic" else ITEM_GRAIN)]


# -- incremental pull ------------------------------------------------------------------------------

def last_day(store, config: dict) -> date | None:
    """Last day this export's pulls loaded at the Data API's grain (API or CSV rows of the same
    days do not count: the export's own days decide what is left to scan)."""
    grain = "date+" + schema.grain_name(GRAIN, "site_traffic")
    return store.scalar("SELECT max(t.day_to) FROM site_traffic t JOIN loads l "
                        "ON l.load_id = t.load_id WHERE t.source = ? AND t.grain = ? "
                        "AND l.format = ?", [ORIGIN, grain, FORMAT])


def summary(config: dict, start: date, end: date) -> dict:
    """A pull's summary before its first query (PullError for names that are not ones)."""
    events_table(config)
    return {"source": NAME, "status": "ok", "project": config.get("project"),
            "dataset": config.get("dataset"), "property": property_id(config),
            "start": start.isoformat(), "end": end.isoformat(), "days": 0, "empty_days": [],
            "inserted": 0, "replaced": 0, "unchanged": 0, "load_ids": [],
            "bytes_estimated": 0, "bytes_processed": 0, "bytes_billed": 0,
            "scan_limit": scan_limit(config), "warnings": []}


def steps(start: date, end: date) -> int:
    """One progress step per day loaded."""
    return (end - start).days + 1


def estimate(client, config: dict, start: date, end: date, policy: Policy) -> int:
    """Bytes the window's queries would scan: BigQuery's dry run (free, reads no data)."""
    params = values(config, start, end)
    return sum(run(client, sql, params, config=config, policy=policy, dry_run=True).processed
               for sql in queries(config).values())


def batches(config: dict, start: date, end: date, *, client=None, policy: Policy | None = None,
            page_size: int = PAGE_SIZE):
    """Dry run, the queries over the whole window (one scan of those days' tables), then one
    batch per day (loaded one day per transaction)."""
    policy = policy or Policy()
    limit = scan_limit(config)
    client = client or make_client(config)
    scan = estimate(client, config, start, end, policy)
    if scan > limit:
        raise PullError(Message(
            f"BigQuery would scan {scan / GB:.2f} GB for {start} to {end}, over the "
            f"limit of {limit / GB:g} GB (max_scan_gb). Raise the limit (Data page or "
            "--bq-max-scan-gb) or pull fewer days with --start; nothing was run.",
            "pull_bq_over_limit", scan=round(scan / GB, 2), start=start, end=end,
            limit=limit / GB if limit >= GB / 100 else f"{limit / GB:g}"))
    yield Batch(info={"bytes_estimated": scan})
    params = values(config, start, end)
    results = {table: run(client, sql, params, config=config, policy=policy, limit=limit,
                          page_size=page_size) for table, sql in queries(config).items()}
    yield Batch(info={"bytes_processed": sum(r.processed for r in results.values()),
                      "bytes_billed": sum(r.billed for r in results.values())})
    by_day: dict[date, dict[str, list]] = {}
    for table, result in results.items():
        for row in result.rows:
            by_day.setdefault(row["day"], {}).setdefault(table, []).append(row)
    where = f"{config.get('project')}.{config.get('dataset')}"
    day = start
    while day <= end:
        found = by_day.get(day, {})
        parsed = [p for table in results for p in to_parsed(table, found.get(table, []), config)]
        info = {"days": 1} if found.get("site_traffic") else {"empty_days": [str(day)]}
        yield Batch(f"GA4 BigQuery {where} {day}", parsed, info, step=True)
        day += timedelta(days=1)


# -- the connection form -----------------------------------------------------------------------------

def check(values: dict, saved: dict) -> tuple[dict, tuple]:
    """(settings to save, keys to drop) from the form; ValueError(i18n key) when refused."""
    project = str(values.get("project") or "").strip()
    dataset = str(values.get("dataset") or "").strip()
    if not PROJECT.fullmatch(project):
        raise ValueError("src_ga4_bigquery_bad_project")
    if not DATASET.fullmatch(dataset):
        raise ValueError("src_ga4_bigquery_bad_dataset")
    settings: dict = {"project": project, "dataset": dataset}
    limit = str(values.get("max_scan_gb") or "").strip().replace(",", ".")
    drop: tuple = ()
    if limit:
        try:
            gb = float(limit)
        except ValueError:
            gb = -1.0
        if not math.isfinite(gb) or gb <= 0:
            raise ValueError("src_ga4_bigquery_bad_limit")
        settings["max_scan_gb"] = gb
    else:
        drop = ("max_scan_gb",)
    return service_account.from_form(values, saved, settings, drop)


def saved(config: dict) -> dict:
    """The dataset, the service account's e-mail and the scan limit (never the key)."""
    try:
        limit = f"{scan_limit(config) / GB:g}"
    except PullError:
        limit = "?"
    return {"dataset": f"{config.get('project') or '?'}.{config.get('dataset') or '?'}",
            "email": client_email(config) or "?", "limit": limit}


def ping(config: dict, policy: Policy, client=None) -> dict:
    """Read the dataset's metadata, then dry-run a first pull: what its backfill would scan."""
    client = client or make_client(config)
    project, dataset = events_table(config).split(".")[:2]
    from google.api_core import exceptions as gexc

    try:
        client.get_dataset(f"{project}.{dataset}", retry=None, timeout=policy.timeout)
    except gexc.GoogleAPICallError as exc:
        reason, text = _reason(exc)
        raise refused(exc, reason, redact(text, secrets_of(config)), config) from None
    end = date.today()
    scan = estimate(client, config, end - timedelta(days=BACKFILL_DAYS - 1), end, policy)
    return {"dataset": f"{project}.{dataset}", "email": client_email(config),
            "days": BACKFILL_DAYS, "mb": math.ceil(scan / 10 ** 6),
            "limit_mb": math.ceil(scan_limit(config) / 10 ** 6)}
