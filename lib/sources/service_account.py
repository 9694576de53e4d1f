"""A Google service-account key, read one way for every Google connector (GA4, its BigQuery
export, Search Console): from the connection's settings (`credentials_info`) or from a key file
(`credentials_file`), and from the connection form. A key holds a private key, so no message ever
quotes it. Each connector words the messages under its own prefix (`pull_ga4_*`, `pull_bq_*`,
`pull_gsc_*` in lib/i18n/strings/sources.toml): where its key comes from differs.
"""
from __future__ import annotations

import json
from pathlib import Path

from lib.i18n.messages import Message
from lib.redact import redact, secrets_of
from lib.sources.http import PullError


def info(config: dict, prefix: str) -> dict:
    """The key as a dict, from the config itself or from its key file; PullError when there is
    none or it cannot be read."""
    key = config.get("credentials_info")
    if key is None and config.get("credentials_file"):
        path = Path(config["credentials_file"]).expanduser()
        try:
            key = path.read_text(encoding="utf-8")
        except OSError:
            raise PullError(Message.worded(f"pull_{prefix}_key_file", path=str(path))) from None
    if isinstance(key, str):
        try:
            key = json.loads(key)
        except ValueError:
            raise PullError(Message.worded(f"pull_{prefix}_key_json")) from None
    if not isinstance(key, dict) or key.get("type") != "service_account":
        raise PullError(Message.worded(f"pull_{prefix}_no_key"))
    return dict(key)


def email(config: dict, prefix: str) -> str:
    """The service account's e-mail (not a secret), or "" when there is no usable key."""
    try:
        return str(info(config, prefix).get("client_email") or "")
    except PullError:
        return ""


def credentials(config: dict, prefix: str, scopes: list[str]):
    """google-auth credentials for SCOPES; PullError (the reason, secrets masked) when the key is
    refused."""
    from google.oauth2 import service_account

    key = info(config, prefix)
    try:
        return service_account.Credentials.from_service_account_info(key, scopes=scopes)
    except (ValueError, KeyError) as exc:
        reason = redact(str(exc), secrets_of(key))
        raise PullError(Message.worded(f"pull_{prefix}_key_unusable", reason=reason)) from None


def parse(text: str) -> tuple[dict | None, str | None]:
    """(key, None) when TEXT is a usable service-account JSON key, else (None, i18n error key)."""
    try:
        key = json.loads(text)
    except ValueError:
        return None, "src_ga4_key_not_json"
    if not isinstance(key, dict) or key.get("type") != "service_account":
        return None, "src_ga4_key_not_sa"
    if not key.get("client_email") or "PRIVATE KEY" not in str(key.get("private_key") or ""):
        return None, "src_ga4_key_incomplete"
    return key, None


def from_form(values: dict, saved: dict, settings: dict, drop: tuple = ()) -> tuple[dict, tuple]:
    """A connection form's (settings, keys to drop) with its key: a key pasted or uploaded wins
    over a key file; none keeps the saved one. ValueError(i18n key) when there is no key at all or
    the one given will not do."""
    raw = values.get("key") or ""
    if not raw:
        if not (saved.get("credentials_info") or saved.get("credentials_file")):
            raise ValueError("src_ga4_key_missing")
        return settings, drop
    key, problem = parse(raw)
    if problem:
        raise ValueError(problem)
    return {**settings, "credentials_info": key}, (*drop, "credentials_file")
