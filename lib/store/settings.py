"""The workspace settings, one name -> one text value: the one owner of the `settings` table.

Language, currency, monthly budgets, the home dashboard, journey rules, each API's last pull...
Readers take the store; writers either open their own transaction or join the caller's cursor
(`*_in`), so a setting changes in the same transaction as the rows it belongs to.
"""
from __future__ import annotations

from lib import i18n

LANGUAGE = "language"
CURRENCY = "currency"
HOME_DASHBOARD = "home_dashboard"   # set and checked by lib/dashboards/model.py


def read_all(store) -> dict[str, str]:
    """Every setting."""
    return dict(store.rows("SELECT name, value FROM settings"))


def get(store, name: str) -> str | None:
    """One setting, or None."""
    return store.scalar("SELECT value FROM settings WHERE name = ?", [name])


def with_prefix(store, prefix: str) -> dict[str, str]:
    """The settings whose name starts with PREFIX."""
    return dict(store.rows("SELECT name, value FROM settings WHERE starts_with(name, ?)", [prefix]))


def home_dashboard(store) -> int | None:
    """The dashboard shown as the home page, when the setting names one that exists."""
    value = get(store, HOME_DASHBOARD)
    if not value or not str(value).isdigit():
        return None
    return int(value) if store.scalar("SELECT count(*) FROM dashboards WHERE id = ?", [int(value)]) else None


def overview_path(store) -> str:
    """The overview's URL path in the app, for links sent out (digest, alerts): the root unless a
    home dashboard takes it. Streamlit serves the default page at the root alone; its own path
    opens a "Page not found" box."""
    return "" if home_dashboard(store) is None else "overview"


def language(values: dict[str, str]) -> str:
    """The workspace language from read_all()'s dict, or the default one."""
    lang = values.get(LANGUAGE)
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


def put(store, name: str, value: str, for_loads: bool = False) -> None:
    """Set one setting in its own transaction. `for_loads`: a setting only loads read (an
    account's alias, the account given for a file's shape); the write then names the settings
    table alone, and the pages' cached reads of the facts stay (Store.transaction)."""
    with store.transaction(tables=["settings"] if for_loads else None) as cur:
        put_in(cur, name, value)


def put_in(cur, name: str, value: str) -> None:
    """Set one setting inside the caller's transaction."""
    cur.execute("INSERT INTO settings VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
                "SET value = excluded.value", [name, str(value)])


def delete_in(cur, name: str, value: str | None = None) -> None:
    """Remove a setting inside the caller's transaction (only when it holds VALUE, if given)."""
    if value is None:
        cur.execute("DELETE FROM settings WHERE name = ?", [name])
    else:
        cur.execute("DELETE FROM settings WHERE name = ? AND value = ?", [name, str(value)])
