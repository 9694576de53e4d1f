"""Who may change the workspace: two roles, checked by lib itself, not only hidden by the UI.

- `editor` may do everything; `viewer` reads only (no upload, undo, or edit of objectives,
  campaigns, alert rules, annotations, mappings, connections or dashboards).
- The role comes from the `[access]` table of the secrets (see `role_for` and
  `anonymous_role`); the app sets it for each run with `set_role` (lib/ui/access.py).
- The current role lives in a ContextVar: each Streamlit session runs in its own thread,
  so one session's role never leaks into another. Its default is `editor`, for the command
  line and local use, where whoever runs the process owns the workspace file anyway.
- Every write entry point of lib starts with `check("<action>")`, which raises
  `PermissionDenied` when the current role may not do it.

No streamlit here: the command line and the tests use this module as is.
"""
from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

EDITOR, VIEWER = "editor", "viewer"
ROLES = (EDITOR, VIEWER)
ACTIONS = ("upload", "undo", "edit_objectives", "edit_campaigns", "edit_rules", "edit_annotations",
           "edit_mappings", "edit_connections", "edit_dashboards")
# What each role may do. A viewer reads every page and downloads, and changes nothing.
ALLOWED: dict[str, frozenset[str]] = {EDITOR: frozenset(ACTIONS), VIEWER: frozenset()}

_DESCRIPTIONS = {
    "upload": "load data", "undo": "undo a load", "edit_objectives": "change objectives",
    "edit_campaigns": "change campaigns", "edit_rules": "change alert rules",
    "edit_annotations": "change annotations", "edit_mappings": "save column mappings",
    "edit_connections": "change API connections", "edit_dashboards": "change dashboards",
}

_role: contextvars.ContextVar[str] = contextvars.ContextVar("balise_role", default=EDITOR)


class PermissionDenied(PermissionError):
    """The current role may not do this action; lib refuses before touching anything."""

    def __init__(self, action: str, role: str):
        self.action, self.role = action, role
        super().__init__(f"Not allowed: the {role} role cannot {_DESCRIPTIONS.get(action, action)}. "
                         "Ask an editor of this workspace.")


def current_role() -> str:
    return _role.get()


def set_role(role: str) -> contextvars.Token:
    """Set the role for the current context (one Streamlit run); returns the token to reset."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    return _role.set(role)


def reset_role(token: contextvars.Token) -> None:
    _role.reset(token)


@contextmanager
def as_role(role: str) -> Iterator[str]:
    """Run a block as `role` (tests, and anything that must act for a given user)."""
    token = set_role(role)
    try:
        yield role
    finally:
        _role.reset(token)


def allowed(action: str, role: str | None = None) -> bool:
    """Whether `role` (the current one by default) may do `action`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    return action in ALLOWED.get(role or current_role(), frozenset())


def check(action: str) -> None:
    """Raise PermissionDenied when the current role may not do `action`."""
    if not allowed(action):
        raise PermissionDenied(action, current_role())


# -- roles from the [access] table of the secrets -----------------------------------------------
# The keys Balise reads in [access]; any other key is a setting it does not understand.
ACCESS_KEYS = ("editors", "viewers", "shared", "open", "trusted_tenant")
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def _entries(config: Mapping, key: str) -> list[str]:
    value = config.get(key) or []
    if isinstance(value, str):       # one address written without brackets
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    return [str(v).strip().lower() for v in value if str(v).strip()]


def _flag(config: Mapping, key: str) -> bool | None:
    """True or False as written (a boolean or a plain yes/no word), None when not understood."""
    value = config.get(key, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    return None


def is_shared(config: Mapping | None) -> bool:
    """Whether the deployment is shared; a value Balise does not understand counts as shared."""
    return _flag(config or {}, "shared") is not False


def is_open(config: Mapping | None) -> bool:
    """Whether anyone may edit; only an explicit yes opens the workspace."""
    return _flag(config or {}, "open") is True


def problems(secrets: Mapping | None) -> list[tuple[str, str]]:
    """What in the secrets' `[auth]` and `[access]` Balise does not understand, as (code, key).

    Codes: `misspelt` (a table written `[Auth]`...), `not_table`, `unknown_key`, `not_boolean`,
    `not_list`, `lists_without_auth` (roles by address with nobody signing in). Any problem
    gives everyone the viewer role (see `anonymous_role` and lib/ui/access.py).
    """
    secrets = secrets or {}
    found = [("misspelt", key) for key in secrets
             if isinstance(key, str) and key.lower() in ("auth", "access") and key != key.lower()]
    for table in ("auth", "access"):
        if table in secrets and (not isinstance(secrets[table], Mapping) or not secrets[table]):
            found.append(("not_table", table))
    config = secrets.get("access") if isinstance(secrets.get("access"), Mapping) else {}
    found += [("unknown_key", key) for key in config if key not in ACCESS_KEYS]
    found += [("not_boolean", key) for key in ("shared", "open") if key in config and _flag(config, key) is None]
    for key in ("editors", "viewers"):
        value = config.get(key)
        if value is not None and not (isinstance(value, str) or (
                isinstance(value, list | tuple) and all(isinstance(v, str) for v in value))):
            found.append(("not_list", key))
    if (_entries(config, "editors") or _entries(config, "viewers")) and not has_auth(secrets):
        found.append(("lists_without_auth", "access"))
    return found


def has_auth(secrets: Mapping | None) -> bool:
    """Whether sign-in is configured: a non-empty `[auth]` table."""
    auth = (secrets or {}).get("auth")
    return isinstance(auth, Mapping) and bool(auth)


def email_verified(user: Mapping, config: Mapping | None) -> bool:
    """Whether the provider vouches for the user's address.

    True when the token says `email_verified` (true, or the string "true"), or when `[access]`
    names the single tenant that signs users in (`trusted_tenant`, Microsoft Entra's `tid` claim:
    Entra's tokens carry no `email_verified`, and its tenant administrators own the addresses).
    """
    claim = user.get("email_verified")
    if claim is True or (isinstance(claim, str) and claim.strip().lower() == "true"):
        return True
    tenant = str((config or {}).get("trusted_tenant") or "").strip().lower()
    return bool(tenant) and str(user.get("tid") or "").strip().lower() == tenant


def role_for(email: str | None, config: Mapping | None, *, verified: bool) -> str | None:
    """The role of a logged-in user, from `[access]` (editors/viewers: addresses or "@domain").

    An exact address wins over a domain, and editor over viewer at the same level. When neither
    list is filled in, every logged-in user is a viewer (an editor if `open = true`). A user who
    is in neither list of a configured workspace gets None: no access at all, and so does an
    address the provider has not verified (anyone may type any address into some providers).
    """
    config = config or {}
    editors, viewers = _entries(config, "editors"), _entries(config, "viewers")
    email = (email or "").strip().lower()
    if not editors and not viewers:
        return (EDITOR if is_open(config) else VIEWER) if email else None
    if not email or "@" not in email or not verified:
        return None
    domain = "@" + email.rsplit("@", 1)[1]
    for level in (email, domain):
        if level in editors:
            return EDITOR
        if level in viewers:
            return VIEWER
    return None


def user_role(user: Mapping, config: Mapping | None) -> str | None:
    """The role of a signed-in user from the token's claims (`email`, `email_verified`, `tid`)."""
    return role_for(str(user.get("email") or ""), config, verified=email_verified(user, config))


def anonymous_role(config: Mapping | None) -> str:
    """The role without login: a deployment flagged `shared` is read-only unless `open`."""
    return VIEWER if is_shared(config) and not is_open(config) else EDITOR


__all__ = ["ACCESS_KEYS", "ACTIONS", "ALLOWED", "EDITOR", "VIEWER", "ROLES", "PermissionDenied", "allowed",
           "anonymous_role", "as_role", "check", "current_role", "email_verified", "has_auth", "is_open",
           "is_shared", "problems", "reset_role", "role_for", "set_role", "user_role"]
