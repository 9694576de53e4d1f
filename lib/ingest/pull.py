"""The one pull loop every API source goes through (CLI, Data page, dashboards, rebuild).

Resolve the window, iterate the connector's batches (lib.sources.APIS), load each batch in its
own transaction, add it to the summary, record the pull's freshness once. API and data problems
never raise: the summary says `failed` with the reason, secrets masked; what was loaded before
the failure stays loaded and counted.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import ModuleType

from lib import access, redact, sources
from lib.i18n.messages import Message
from lib.ingest import connections, freshness, owners
from lib.ingest.load import IngestError, load_parsed, origin
from lib.sources.api import Batch
from lib.sources.base import why
from lib.sources.http import PullError

Progress = Callable[[int, int], None]


def window(store, api: ModuleType, config: dict, start: date | None, end: date | None,
           today: date | None = None) -> tuple[date, date]:
    """The days to pull: given, or from the last pulled day minus REVISE_DAYS (BACKFILL_DAYS on
    a first pull) to today."""
    end = end or today or date.today()
    if start is None:
        last = api.last_day(store, config)
        start = min(end, last - timedelta(days=api.REVISE_DAYS)) if last else (
            end - timedelta(days=api.BACKFILL_DAYS - 1))
    if start > end:
        raise PullError(Message(f"{api.SYSTEM_LABEL}: start {start} is after end {end}.", "pull_window",
                                label=api.SYSTEM_LABEL, start=start, end=end))
    return start, end


def pull(store, source: str, config: dict, start: date | None = None, end: date | None = None,
         *, today: date | None = None, progress: Progress | None = None, **options) -> dict:
    """Pull one API source into the store and return its summary (never raises for API or data
    problems). OPTIONS go to the connector's `batches` (policy, page_size...);
    PROGRESS(done, total) hears of each step."""
    api = sources.api(source)
    secrets = redact.secrets_of(config)
    report = progress or (lambda done, total: None)
    summary: dict = {"source": source}
    try:
        start, end = window(store, api, config, start, end, today)
        summary = {**api.summary(config, start, end), "accounts": []}
        total, done = api.steps(start, end), 0
        report(0, total)
        for batch in api.batches(config, start, end, **options):
            _add(summary, batch.info)
            if batch.parsed:
                _load(store, api, batch, summary)
            if batch.step:
                done += 1
                report(done, total)
    # `error` is the English text (the CLI's JSON); a Message, so a page words it in its language.
    except PullError as exc:
        return {**summary, "status": "failed", "error": redact.redact_message(exc.message, secrets)}
    except IngestError as exc:
        return {**summary, "status": "failed", "error": redact.redact_message(Message(
            f"the API answer could not be loaded: {exc}", "pull_not_loaded", reason=why(exc)),
            secrets)}
    # A pull that changed nothing still counts as fresh; freshness is per system (origin): GA4's
    # Data API and its BigQuery export both freshen GA4.
    freshness.record_pull(store, api.ORIGIN)
    return summary


def _load(store, api: ModuleType, batch: Batch, summary: dict) -> None:
    """Load one batch in one transaction and count it in the summary; its rows go to the account
    the connector named (adopted by the workspace's default account, owners.adopt), which the
    summary's `accounts` names."""
    result = load_parsed(store, owners.adopt(store, batch.parsed, origin), batch.name, fmt=api.FORMAT)
    for key in ("inserted", "replaced", "unchanged"):
        summary[key] += result[key]
    summary["accounts"] = sorted({*summary["accounts"], *result["accounts"]})
    if result["load_id"]:
        summary["load_ids"].append(result["load_id"])
    if api.LOAD_WARNINGS:
        summary["warnings"].extend(result["warnings"])


def _add(summary: dict, info: dict) -> None:
    """Merge a batch's info: numbers add up, lists extend, other values replace (None keeps)."""
    for key, value in info.items():
        if isinstance(value, list):
            summary[key] = [*summary.get(key, []), *value]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            summary[key] = summary.get(key, 0) + value
        elif value is not None:
            summary[key] = value


def pull_all(store, configs: dict[str, dict], start: date | None = None,
             end: date | None = None) -> list[dict]:
    """Pull every configured API source, in registry order; one summary each."""
    return [pull(store, source, configs[source], start, end)
            for source in connections.configured_sources(configs)]


def rebuild(store, configs: dict[str, dict], start: date | None = None,
            end: date | None = None) -> list[dict]:
    """Rebuild a workspace from the APIs (after the local file vanished): pull every configured
    source; one summary each (a failed source says why, its secrets masked)."""
    access.check("upload")   # replacing or rebuilding the workspace is an editor's action
    return pull_all(store, configs, start, end)
