"""One workspace per client (issue 16): the sidebar switches between the DuckDB files of the
workspace folder (`data/`, or the folder of $BALISE_DB), each with its own settings, objectives
and alerts. The choice is per browser session and in the URL (`?workspace=<name>`); only names
of files found in that folder are ever opened, and a new one is created from a checked name."""
from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from lib.i18n import t
from lib.store import Store, default_path
from lib.ui import access as ui_access

_CHOSEN = "_workspace_path"
NEW = "\u2795"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def folder() -> Path | None:
    """The folder whose .duckdb files are the workspaces; None for MotherDuck or in memory."""
    path = default_path()
    if path.startswith("md:") or path == ":memory:":
        return None
    return Path(path).resolve().parent


def names(where: Path) -> list[str]:
    """The workspaces of a folder: its .duckdb files' names, sorted."""
    return sorted(p.stem for p in where.glob("*.duckdb") if p.is_file())


def slug(text: str) -> str | None:
    """A new workspace's file name from what the user typed, or None when it cannot be one."""
    name = re.sub(r"[^a-z0-9_-]+", "-", (text or "").strip().lower()).strip("-")
    return name if _NAME.match(name) else None


def current_path() -> str:
    """The workspace this session looks at: the one chosen in the sidebar, else the default."""
    chosen = st.session_state.get(_CHOSEN)
    return chosen if chosen and Path(chosen).is_file() else default_path()


def switcher(lang: str) -> None:
    """The sidebar's workspace choice (hidden while the folder holds one workspace and the reader
    cannot create another)."""
    where = folder()
    if where is None:
        return
    found = names(where)
    default = Path(default_path()).stem
    if _CHOSEN not in st.session_state:    # seeded from the URL once per session
        asked = st.query_params.get("workspace")
        if asked in found:
            st.session_state[_CHOSEN] = str(where / f"{asked}.duckdb")
    can_create = ui_access.can("upload")
    if len(found) < 2 and not can_create:
        return
    now = Path(current_path()).stem
    options = (*found, NEW) if can_create else tuple(found)
    choice = st.selectbox(t("ws_switch", lang), options, key="workspace",
                          index=options.index(now) if now in options else 0,
                          format_func=lambda n: t("ws_new", lang) if n == NEW else n,
                          help=t("ws_switch_help", lang))
    if choice == NEW:
        typed = st.text_input(t("ws_new_name", lang), key="workspace_new")
        name = slug(typed)
        if typed and not name:
            st.caption(t("ws_bad_name", lang))
        elif name in found:
            st.caption(t("ws_exists", lang, name=name))
        elif name and st.button(t("ws_create", lang, name=name), key="workspace_create"):
            _choose(where, name, default, create=True)
            st.rerun()
        return
    if choice != now:
        _choose(where, choice, default)
        st.rerun()


def _choose(where: Path, name: str, default: str, create: bool = False) -> None:
    path = where / f"{name}.duckdb"
    if create:
        # Store() creates and migrates the file: its own settings, objectives and alerts
        Store(str(path)).close()
    st.session_state[_CHOSEN] = str(path)
    for key in [k for k in st.session_state if k in ("workspace", "workspace_new", "account", "_account",
                                                      "currency", "_currency")]:
        del st.session_state[key]   # another workspace has its own accounts and currencies
    if name == default:
        st.query_params.pop("workspace", None)
    else:
        st.query_params["workspace"] = name
    st.query_params.pop("account", None)
    st.query_params.pop("currency", None)
