"""What an API connector declares (the modules listed in `lib.sources.APIS`).

A connector module reads an API and maps its answers to canonical rows; it writes nothing (the
pull loop, `lib.ingest.pull`, loads its batches). Besides the records below it defines:

    NAME, LABEL, SYSTEM_LABEL, ICON     source name (CLI, settings), connection name, the
                                        system's name (freshness), the Data page icon
    FORMAT, ORIGIN                      the load's format and the system its rows belong to
    SETTINGS, FORM                      connection settings and the Data page form's fields
    USAGE, ENV_HINT                     what `pull NAME` says it needs, in words
    REVISE_DAYS, BACKFILL_DAYS          incremental window: days re-read, first-pull days
    LOAD_WARNINGS                       whether the load's warnings go in the pull summary
    summary(config, start, end)         the summary before the first batch (its fields, in order)
    last_day(store, config)             last day already pulled (None: never)
    steps(start, end)                   progress steps of a window (batches with `step` set)
    batches(config, start, end, **kw)   yield Batch records; raise PullError on API problems
    check(values, saved)                the form's values -> (settings to save, keys to drop)
    saved(config)                       what is configured, no secret: the `src_<NAME>_saved` text
    ping(config, policy)                one cheap authenticated call: the `src_test_ok_<NAME>` text
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from lib.sources.base import Parsed
from lib.store import settings
from lib.store.schema import OWNED

# Whose rows a pull writes (issue 16): each connector names the account its rows belong to (the
# customer id, property, shop domain...). A workspace whose rows of that system were all stored
# before accounts existed (the default account, `main`) lets its first connection adopt them
# (lib.ingest.owners.adopt): the adopted name is kept under ALIAS, so a re-pull replaces those
# rows instead of adding the same figures again under the API's name.
ALIAS = "account_alias:"


@dataclass(frozen=True)
class Setting:
    """One connection setting: its key, where it may come from, whether a pull needs it."""
    key: str
    secret: bool = False
    env: tuple[str, ...] = ()    # environment variables, a later one winning
    required: str = ""           # the need it meets; settings sharing a need are alternatives
    flag: str = ""               # `pull` command-line option
    metavar: str = ""            # default: the option's name in capitals
    flag_help: str = ""


@dataclass(frozen=True)
class Field:
    """One input of the connection form: widget `src_<NAME>_<name>`, label t(that key)."""
    name: str
    setting: str                 # the setting it shows (text) or whose presence it tells
    kind: str = "text"           # text | secret | service_account (paste or upload a JSON key)
    help: bool = False           # help text t("src_<NAME>_<name>_help")
    placeholder: str = ""        # text: a literal example
    saved: str = ""              # secret: i18n key shown when the secret is saved


@dataclass
class Batch:
    """One step of a pull: rows loaded in one transaction, and what it adds to the summary.

    `info` merges into the summary: numbers add up, lists extend, other values replace (None
    leaves the value as it was). A batch without rows only brings its info.
    """
    name: str = ""
    parsed: list[Parsed] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    step: bool = False           # counts as one of `steps(start, end)` for the progress bar


def windows(start: date, end: date, days: int) -> list[tuple[date, date]]:
    """START..END cut into windows of DAYS days, the last one shorter: a connector's chunks (an
    interrupted backfill keeps whole windows)."""
    found = []
    while start <= end:
        found.append((start, min(end, start + timedelta(days=days - 1))))
        start = found[-1][1] + timedelta(days=1)
    return found


def with_account(parsed: list[Parsed], account: str) -> list[Parsed]:
    """The rows with `account` where the API left it empty (copies; a named account is kept)."""
    out = []
    for p in parsed:
        frame = p.frame.copy()
        given = frame["account"].astype("string").str.strip() if "account" in frame else None
        frame["account"] = account if given is None else frame["account"].where(
            given.notna() & (given != ""), account)
        out.append(replace(p, frame=frame))
    return out


def alias_name(table: str, source: str, named: str) -> str:
    return f"{ALIAS}{table}:{source}:{named}"


def stored_account(store, table: str, source: str, named: str) -> str:
    """The account the rows an API names `named` are stored under (itself, or the adopted one)."""
    return settings.get(store, alias_name(table, source, named)) or named


def last_day_of(store, table: str, source: str, account: str, grain: str | None = None):
    """Last day holding rows of one source and account (of one grain when given): where an
    incremental pull starts, so another account's rows never make it skip days."""
    if table not in OWNED:
        raise ValueError(f"{table} rows have no account")
    sql = f"SELECT max(day_to) FROM {table} WHERE source = ? AND account = ?"
    params = [source, stored_account(store, table, source, account)]
    if grain:
        sql, params = sql + " AND grain = ?", [*params, grain]
    return store.scalar(sql, params)
