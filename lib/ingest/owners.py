"""Whose rows a load writes, and in which currency (issue 16).

Every fact table but experiment_results keys its rows by `account` (lib/store/schema.OWNED).
An export that names its account keeps it; one that does not (Search Console, many ad exports)
gets the account the user gives (`--account`, the Data page's question), else the one account
the workspace already holds for that table and source, else DEFAULT_ACCOUNT; with several
stored and none given, the load is refused rather than guessed. A file whose money has no
currency gets the one the user gives; the command line refuses it without one.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pandas as pd

from lib.i18n.messages import Message
from lib.sources.api import alias_name, stored_account
from lib.sources.base import Parsed
from lib.store import settings
from lib.store.schema import DEFAULT_ACCOUNT, OWNED

# Money columns per table: a file carrying any of these needs a currency.
MONEY = {"site_traffic": ("revenue",), "site_items": ("item_revenue",),
         "ad_performance": ("cost", "conversion_value"), "email_campaigns": ("revenue",),
         "orders": ("revenue",), "leads": ("value",)}
_CODE = re.compile(r"^[A-Z]{3}$")
_NAME_MAX = 120
REMEMBERED = "account_for:"   # settings prefix: the account answered for a shape of file


class OwnerError(ValueError):
    """An account or currency the load cannot take; nothing was written."""


def needs_account(p: Parsed) -> bool:
    """Whether the export left its rows' account unnamed (the load fills it)."""
    if p.table not in OWNED or "account" in p.grain:
        return False
    return "account" not in p.frame or not _named(p.frame["account"]).any()


def _named(column: pd.Series) -> pd.Series:
    return column.notna() & (column.astype("string").str.strip() != "")


def needs_currency(p: Parsed) -> bool:
    """Whether rows carrying money have no currency."""
    money = [c for c in MONEY.get(p.table, ()) if c in p.frame]
    if not money:
        return False
    frame = p.frame
    has_money = pd.concat([pd.to_numeric(frame[c], errors="coerce").fillna(0) != 0 for c in money],
                          axis=1).any(axis=1)
    if not has_money.any():
        return False
    if "currency" not in frame:
        return True
    return bool((has_money & ~_named(frame["currency"])).any())


def check_account(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > _NAME_MAX or any(ord(ch) < 32 for ch in name):
        raise OwnerError(Message(f"account {name[:40]!r}: give a name of 1 to {_NAME_MAX} characters "
                                 "(the site, property or account the file belongs to)", "msg_bad_account",
                                 name=name[:40], limit=_NAME_MAX))
    return name


def check_currency(code: str) -> str:
    code = (code or "").strip().upper()
    if not _CODE.match(code):
        raise OwnerError(Message(f"currency {code[:20]!r}: give a three-letter ISO 4217 code such as "
                                 "EUR, USD or GBP", "msg_bad_currency", iso=code[:20]))
    return code


def stored_accounts(store, table: str, source: str | None = None) -> list[str]:
    """The accounts a table holds (for one source when given), sorted."""
    if table not in OWNED:
        return []
    where, params = ("WHERE source = ?", [source]) if source else ("", [])
    return sorted(r[0] for r in store.rows(
        f"SELECT DISTINCT account FROM {table} {where}", params) if r[0] is not None)


def all_accounts(store) -> list[str]:
    """Every account any table holds, sorted."""
    found: set[str] = set()
    for table in OWNED:
        found.update(stored_accounts(store, table))
    return sorted(found)


def require_currency(parsed: list[Parsed], currency: str | None) -> None:
    """Refuse money without a currency unless one is given (the command line's rule)."""
    missing = sorted({p.table for p in parsed if needs_currency(p)})
    if missing and not currency:
        raise OwnerError(Message(f"{', '.join(missing)}: the file's amounts carry no currency. Say which "
                                 "with --currency CODE (e.g. --currency EUR); it is never assumed.",
                                 "msg_no_currency", table=missing[0]))


def assign(store, parsed: list[Parsed], source_of, account: str | None = None,
           currency: str | None = None) -> list[Parsed]:
    """The parsed frames with their account and missing currency filled (copies).

    `source_of(p)` gives a Parsed's source (lib.ingest.load.origin)."""
    account = check_account(account) if account is not None else None
    currency = check_currency(currency) if currency is not None else None
    out = []
    for p in parsed:
        frame = None
        if needs_account(p):
            frame = p.frame.copy()
            frame["account"] = account or _default(store, p.table, source_of(p))
        if currency and needs_currency(p):
            frame = p.frame.copy() if frame is None else frame
            if "currency" in frame:
                frame["currency"] = frame["currency"].where(_named(frame["currency"]), currency)
            else:
                frame["currency"] = currency
        out.append(p if frame is None else replace(p, frame=frame))
    return out


def _default(store, table: str, source: str) -> str:
    stored = stored_accounts(store, table, source)
    if len(stored) > 1:
        raise OwnerError(Message(f"{table}: this workspace holds {source} rows of several accounts "
                                 f"({', '.join(stored)}) and the file names none. Say which it is with "
                                 "--account NAME, or answer the question on the Data page.",
                                 "msg_which_account", table=table, source=source, accounts=", ".join(stored)))
    return stored[0] if stored else DEFAULT_ACCOUNT


def shape(fmt: str, parsed: list[Parsed]) -> str:
    """A file's shape: its format, tables and columns (two exports of one report share it)."""
    text = fmt + "|" + "|".join(f"{p.table}:{','.join(sorted(map(str, p.frame.columns)))}"
                                for p in parsed)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def remembered(store, shape_id: str) -> str | None:
    """The account last given for files of this shape."""
    return settings.get(store, REMEMBERED + shape_id)


def remember(store, shape_id: str, account: str) -> None:
    """Keep the account given for files of this shape (the next preview offers it first)."""
    settings.put(store, REMEMBERED + shape_id, check_account(account), for_loads=True)


def currencies(store) -> list[str]:
    """Currencies the workspace uses: its setting, then those its money rows carry."""
    found = {settings.get(store, settings.CURRENCY) or ""}
    for table in MONEY:
        found.update(r[0] for r in store.rows(f"SELECT DISTINCT currency FROM {table} "
                                              "WHERE currency IS NOT NULL"))
    return sorted(c for c in found if c and _CODE.match(c))


def adopt(store, parsed: list[Parsed], source_of) -> list[Parsed]:
    """A pull's rows under the account they are stored as (copies): the API's name, or the
    workspace's default account when all that system's rows were stored before accounts existed
    (then remembered, lib.sources.api.ALIAS), so that a re-pull never adds them twice."""
    out = []
    for p in parsed:
        if p.table not in OWNED or "account" not in p.frame or needs_account(p):
            out.append(p)
            continue
        source = source_of(p)
        names = {}
        for named in p.frame["account"].dropna().astype(str).unique():
            stored = stored_account(store, p.table, source, named)
            if stored == named and stored_accounts(store, p.table, source) == [DEFAULT_ACCOUNT]:
                settings.put(store, alias_name(p.table, source, named), DEFAULT_ACCOUNT, for_loads=True)
                stored = DEFAULT_ACCOUNT
            if stored != named:
                names[named] = stored
        if names:
            frame = p.frame.copy()
            frame["account"] = frame["account"].replace(names)
            p = replace(p, frame=frame)
        out.append(p)
    return out
