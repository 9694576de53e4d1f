"""The one reader of st.secrets, and the one place a secret goes to the environment.

Two readings: the login gate must fail closed on a secrets file it cannot read (`read()`), while
what a secret only adds to a local install (API keys, delivery, MotherDuck) does without it
(`available()`). Nothing here renders or logs a value.
"""
from __future__ import annotations

import os

import streamlit as st


class Unreadable(Exception):
    """A secrets file exists but cannot be read."""


def read() -> dict:
    """Every secret as a plain dict; {} without a secrets file; Unreadable when one cannot be read."""
    try:
        return st.secrets.to_dict()
    except Exception as exc:
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return {}
        raise Unreadable(type(exc).__name__) from None   # the message may quote the file


def available() -> dict:
    """Every secret as a plain dict; {} without a secrets file or when it cannot be read."""
    try:
        return read()
    except Unreadable:
        return {}


def store_env(path: str) -> None:
    """Before opening an `md:` store: copy the secrets key `motherduck_token` to
    $MOTHERDUCK_TOKEN, where lib.store reads it (an existing variable wins)."""
    if not str(path).startswith("md:") or os.environ.get("MOTHERDUCK_TOKEN"):
        return
    secrets = available()
    token = secrets.get("motherduck_token")
    if token:
        os.environ["MOTHERDUCK_TOKEN"] = str(token)
