"""The login gate and the role of this run, for the frame; `can(action)` for the pages.

- With an `[auth]` section in the secrets (OIDC, `st.login`), nobody sees anything before
  signing in; the role comes from `st.user.email` and the `[access]` lists (lib/access.py).
  A signed-in user in neither list of a configured workspace is refused.
- Without `[auth]`, nobody is identified: a deployment flagged `shared = true` in `[access]`
  is read-only (viewer) unless `open = true`; a local install is the editor's own.
- Settings Balise does not understand (`[Auth]`, address lists without `[auth]`, `shared = "yes
  please"`, an unknown key...) fail closed: everyone is a viewer, and the sidebar says why.
- The role is set in lib.access's ContextVar on every run (app.py calls `gate()` right after
  set_page_config), so lib refuses what the role may not do even if a page forgot to hide it.
"""
from __future__ import annotations

import streamlit as st

from lib import access, i18n
from lib.i18n import t
from lib.ui import secrets as ui_secrets
from lib.ui.markdown import md_escape


def _lang() -> str:
    """The language before the sidebar exists: the widget's state, else ?lang=, else French."""
    value = st.session_state.get("lang") or st.query_params.get("lang")
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def _user() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:   # no script context (bare mode)
        return {}


def _stop_with(render) -> None:
    """Show only RENDER, then stop. Through a one-page hidden st.navigation: without it, a stopped
    first run leaves Streamlit's pages/ discovery on and the sidebar would list the page files."""
    st.navigation([st.Page(render, title="Balise", default=True)], position="hidden").run()
    st.stop()


def _sign_in(lang: str) -> None:
    st.title(t("access_login_title", lang))
    st.info(t("access_login_body", lang), icon=":material/lock:")
    st.button(t("access_login", lang), key="access_login", type="primary", on_click=st.login,
              icon=":material/login:")


def _denied(email: str, lang: str) -> None:
    st.warning(t("access_denied", lang, email=md_escape(email) or "?"), icon=":material/block:")
    st.button(t("access_logout", lang), key="access_logout_denied", on_click=st.logout)


def gate() -> str:
    """Sign-in (when configured) and the role of this run; stops the run when access is refused."""
    lang = _lang()
    access.set_role(access.VIEWER)      # the strictest role until this run has decided
    try:
        secrets = ui_secrets.read()
    except ui_secrets.Unreadable:       # was sign-in required? Unknown: nobody gets in
        _stop_with(lambda: st.error(t("access_secrets_broken", lang), icon=":material/error:"))
    config = secrets.get("access") if isinstance(secrets.get("access"), dict) else {}
    if not access.has_auth(secrets):
        role = access.anonymous_role(config)
    else:
        user = _user()
        if not user.get("is_logged_in"):
            _stop_with(lambda: _sign_in(lang))
        email = str(user.get("email") or "")
        role = access.user_role(user, config)
        if role is None:
            _stop_with(lambda: _denied(email, lang))
        with st.sidebar:
            st.caption(t("access_signed_in", lang, email=md_escape(email)))
            st.button(t("access_logout", lang), key="access_logout", on_click=st.logout,
                      icon=":material/logout:")
    found = access.problems(secrets)
    if found:                           # settings Balise does not understand: read-only, and say why
        role = access.VIEWER
        st.sidebar.warning(t("access_config_problem", lang, problems="; ".join(
            t(f"access_problem_{code}", lang, name=md_escape(key)) for code, key in found)),
            icon=":material/warning:")
    access.set_role(role)
    if role != access.EDITOR:
        st.sidebar.caption(t("access_role", lang, role=t(f"access_role_{role}", lang)))
    return role


def role() -> str:
    return access.current_role()


def can(action: str) -> bool:
    """Whether this run's role may do `action` (see lib.access.ACTIONS): pages hide what it may not."""
    return access.allowed(action)


def read_only(lang: str) -> None:
    """The short note shown where a viewer would have found a form or a button."""
    st.caption(t("access_read_only", lang))
