"""MotherDuck (`md:`) stores: the connect call the store makes, and the token kept out of errors.

Nothing can reach MotherDuck from here: duckdb.connect is replaced by a recorder.
"""
from __future__ import annotations

import os

import duckdb
import pytest

from lib.store import Store, connect_args
from lib.store import store as store_module

REAL_CONNECT = duckdb.connect
TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.sig-1234567890"

CASES = [
    ("file", "data/x.duckdb", {"MOTHERDUCK_TOKEN": TOKEN}, "data/x.duckdb", None),
    ("memory", ":memory:", {}, ":memory:", None),
    ("md from env", "md:balise", {"MOTHERDUCK_TOKEN": TOKEN}, "md:balise", TOKEN),
    ("md lower-case env", "md:balise", {"motherduck_token": TOKEN}, "md:balise", TOKEN),
    ("md without token", "md:balise", {}, "md:balise", None),
    ("md token in path", f"md:balise?motherduck_token={TOKEN}", {}, "md:balise", TOKEN),
    ("md token in path first", f"md:balise?motherduck_token={TOKEN}&saas_mode=true", {},
     "md:balise?saas_mode=true", TOKEN),
    ("md token in path last", f"md:balise?saas_mode=true&motherduck_token={TOKEN}", {},
     "md:balise?saas_mode=true", TOKEN),
    ("md path token wins", f"md:b?motherduck_token={TOKEN}", {"MOTHERDUCK_TOKEN": "other"}, "md:b", TOKEN),
]


@pytest.mark.parametrize("path,env,database,token", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_connect_args(path, env, database, token):
    target, kwargs = connect_args(path, False, env)
    assert target == database
    assert kwargs.get("config", {}).get("motherduck_token") == token
    assert kwargs["read_only"] is False


class Recorder:
    """Stands for duckdb.connect: records the call, answers with an in-memory database."""

    def __init__(self, fail: str | None = None):
        self.calls = []
        self.fail = fail

    def __call__(self, database, **kwargs):
        self.calls.append((database, kwargs))
        if self.fail:
            raise duckdb.IOException(self.fail)
        return REAL_CONNECT(":memory:")


def test_an_md_store_opens_through_the_same_code_path(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(store_module.duckdb, "connect", recorder)
    monkeypatch.setenv("MOTHERDUCK_TOKEN", TOKEN)
    s = Store("md:balise_team")
    try:
        assert recorder.calls == [("md:balise_team", {"read_only": False,
                                                      "config": {"motherduck_token": TOKEN}})]
        assert s.path == "md:balise_team"
        assert s.schema_version() >= 1                         # migrated like a file
        assert s.lock_down() is True                           # locks what MotherDuck allows
    finally:
        s.close()


def test_the_token_never_shows_in_the_store_path_or_errors(monkeypatch):
    monkeypatch.delenv("MOTHERDUCK_TOKEN", raising=False)
    recorder = Recorder(fail=f"Invalid token {TOKEN} for md:balise?motherduck_token={TOKEN}")
    monkeypatch.setattr(store_module.duckdb, "connect", recorder)
    with pytest.raises(duckdb.Error) as caught:
        Store(f"md:balise?motherduck_token={TOKEN}")
    message = str(caught.value)
    assert TOKEN not in message and "***" in message
    assert "MotherDuck database md:balise" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert recorder.calls[0][0] == "md:balise"


def test_a_file_store_error_is_left_as_it_is(monkeypatch, tmp_path):
    monkeypatch.setattr(store_module.duckdb, "connect", Recorder(fail="disk on fire"))
    with pytest.raises(duckdb.IOException, match="disk on fire"):
        Store(str(tmp_path / "x.duckdb"))


def test_the_app_copies_the_secrets_token_to_the_environment(monkeypatch):
    from lib.ui import secrets as ui_secrets

    monkeypatch.delenv("MOTHERDUCK_TOKEN", raising=False)
    monkeypatch.setattr(ui_secrets, "available", lambda: {"motherduck_token": TOKEN})
    ui_secrets.store_env("data/x.duckdb")
    assert "MOTHERDUCK_TOKEN" not in os.environ                # a file needs no token
    ui_secrets.store_env("md:balise")
    assert os.environ["MOTHERDUCK_TOKEN"] == TOKEN
    monkeypatch.setattr(ui_secrets, "available", lambda: {"motherduck_token": "other"})
    ui_secrets.store_env("md:balise")
    assert os.environ["MOTHERDUCK_TOKEN"] == TOKEN             # an existing variable wins


def test_the_open_store_of_the_app_uses_the_secrets_token(monkeypatch):
    """state._open_store (cached) -> store_env -> Store -> duckdb.connect with the token."""
    import streamlit as st

    from lib.ui import secrets as ui_secrets
    from lib.ui import state

    recorder = Recorder()
    monkeypatch.setattr(store_module.duckdb, "connect", recorder)
    monkeypatch.delenv("MOTHERDUCK_TOKEN", raising=False)
    monkeypatch.setattr(ui_secrets, "available", lambda: {"motherduck_token": TOKEN})
    st.cache_resource.clear()
    try:
        s = state._open_store("md:from_secrets")
        assert recorder.calls[0] == ("md:from_secrets", {"read_only": False,
                                                         "config": {"motherduck_token": TOKEN}})
        s.close()
    finally:
        st.cache_resource.clear()
