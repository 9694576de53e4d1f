"""The Data page's questions about a file that does not say whose it is or in which currency,
and the stop when a load would replace very different figures (issue 16)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.i18n import names, t
from lib.i18n.messages import say
from lib.ingest import owners
from lib.sources.base import Parsed
from lib.store.schema import DEFAULT_ACCOUNT

NEW = "\u2795"   # the "another account" option (no account name starts with it: control-free text)
COMMON = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "INR", "SEK", "NOK", "DKK", "PLN",
          "CZK", "BRL", "MXN", "CNY", "VND", "ZAR")
_CONFLICTS = "data_conflicts"   # item id -> the Ready whose load stopped on a Conflict


@dataclass
class Answers:
    account: str | None
    currency: str | None
    shape: str


def ask(store, item_id: str, fmt: str, parsed: list[Parsed], lang: str) -> Answers | None:
    """Ask whose the rows are and their currency when the file does not say; None while an
    answer is missing (the file cannot be loaded yet)."""
    shape = owners.shape(fmt, parsed)
    account = currency = None
    unnamed = sorted({p.table for p in parsed if owners.needs_account(p)})
    if unnamed:
        stored = sorted({a for table in unnamed for a in owners.stored_accounts(store, table)})
        remembered = owners.remembered(store, shape)
        options = list(dict.fromkeys([*stored, *([remembered] if remembered else [])])) or [DEFAULT_ACCOUNT]
        default = remembered or (options[0] if len(options) == 1 else None)
        choice = st.selectbox(
            t("acc_which", lang), [*options, NEW], key=f"acc_which_{item_id}",
            index=options.index(default) if default else None,
            format_func=lambda o: t("acc_new", lang) if o == NEW else o,
            placeholder=t("acc_which_placeholder", lang),
            help=t("acc_which_help", lang, stored=", ".join(stored) or "—"))
        account = (st.text_input(t("acc_new_name", lang), key=f"acc_new_{item_id}").strip()
                   if choice == NEW else choice)
        if not account:
            st.caption(t("acc_need", lang))
            return None
        try:
            account = owners.check_account(account)
        except owners.OwnerError as exc:
            st.warning(say(exc.args[0], lang), icon=":material/warning:")
            return None
    if any(owners.needs_currency(p) for p in parsed):
        options = list(dict.fromkeys([*owners.currencies(store), *COMMON]))
        currency = st.selectbox(t("acc_currency", lang), options, index=None,
                                placeholder=t("acc_currency_placeholder", lang),
                                key=f"acc_currency_{item_id}", help=t("acc_currency_help", lang))
        if not currency:
            st.caption(t("acc_currency_need", lang))
            return None
    return Answers(account, currency, shape)


def keep_stopped(item_id: str, ready) -> None:
    """Keep a Ready whose load stopped, so that 'replace anyway' can load it."""
    st.session_state.setdefault(_CONFLICTS, {})[item_id] = ready


def stopped(item_id: str):
    return st.session_state.get(_CONFLICTS, {}).get(item_id)


def forget(item_id: str) -> None:
    st.session_state.get(_CONFLICTS, {}).pop(item_id, None)


def figures_frame(figures: list[dict], lang: str) -> pd.DataFrame:
    """Stored and incoming figures side by side, one line per metric."""
    return pd.DataFrame([{
        t("acc_col_metric", lang): f["metric"],
        t("acc_col_rows", lang): i18n.fmt_number(f["rows"], lang),
        t("acc_col_stored", lang): i18n.fmt_number(f["stored"], lang),
        t("acc_col_incoming", lang): i18n.fmt_number(f["incoming"], lang)} for f in figures])


def conflict_box(summary: dict, item_id: str, lang: str) -> bool:
    """Show why a load stopped; True when the user asks to replace anyway."""
    figures = summary["conflicts"]
    f0 = figures[0]
    st.warning(t("acc_conflict", lang, table=names.name("table", f0["table"], lang),
                 count=f0["rows"], account=f0["accounts"] or "—",
                 start=f0["period"][0], end=f0["period"][1]), icon=":material/compare_arrows:")
    ui.dataframe(figures_frame(figures, lang))
    st.caption(t("acc_conflict_how", lang))
    return stopped(item_id) is not None and st.button(
        t("acc_replace_anyway", lang), key=f"acc_replace_{item_id}", icon=":material/swap_horiz:")


def remember(store, shape: str, account: str) -> None:
    """Remember the answer for files of the same shape (settings)."""
    owners.remember(store, shape, account)
