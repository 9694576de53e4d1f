"""Where API credentials come from, and keeping them out of logs, errors and the store.

Three places, later ones winning key by key: the local file `data/connections.json`
(written 0600; `$BALISE_CONNECTIONS` names another), environment variables, and a dict the app
passes (from `st.secrets`). Which sources, settings and variables: the connectors' SETTINGS
(lib.sources.APIS), read at each call. Secrets are never written to DuckDB; every error message goes through `lib.redact`.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from lib import access, sources

ROOT = Path(__file__).resolve().parents[2]
CONNECTIONS_FILE = ROOT / "data" / "connections.json"


def names() -> tuple[str, ...]:
    """The API sources, in registry order (lib.sources.APIS)."""
    return tuple(api.NAME for api in sources.APIS)


def env_vars() -> dict[str, tuple[str, str]]:
    """Environment variable -> (source, key), from each connector's settings; a later one wins."""
    return {var: (api.NAME, setting.key)
            for api in sources.APIS for setting in api.SETTINGS for var in setting.env}


def needs(source: str) -> tuple:
    """What a source needs before it counts as configured: keys, or tuples of keys of which
    any one will do."""
    found: dict[str, tuple[str, ...]] = {}
    for setting in sources.api(source).SETTINGS:
        if setting.required:
            found[setting.required] = (*found.get(setting.required, ()), setting.key)
    return tuple(keys[0] if len(keys) == 1 else keys for keys in found.values())



def load(secrets: dict | None = None, path: str | Path | None = None,
         env: dict | None = None) -> dict[str, dict]:
    """Connection settings per source: file, then environment, then `secrets`, merged by key."""
    env = os.environ if env is None else env
    found: dict[str, dict] = {s: {} for s in names()}
    file = Path(path or env.get("BALISE_CONNECTIONS") or CONNECTIONS_FILE)
    if file.exists():
        for source, values in json.loads(file.read_text(encoding="utf-8")).items():
            if source in found and isinstance(values, dict):
                found[source].update(values)
    for var, (source, key) in env_vars().items():
        if env.get(var):
            found[source][key] = env[var]
    for source, values in _from_secrets(secrets or {}).items():
        found[source].update(values)
    return found


def _from_secrets(secrets) -> dict[str, dict]:
    """Accept `[ga4]`, `[mailchimp]`, `[meta]` sections, and Streamlit's usual
    `[gcp_service_account]` table for the GA4 key."""
    out: dict[str, dict] = {}
    for source in names():
        if source in secrets:
            section = dict(secrets[source])
            # A service account pasted as a table under [ga4.credentials] is the key itself.
            if isinstance(section.get("credentials"), dict):
                section["credentials_info"] = dict(section.pop("credentials"))
            out[source] = section
    if "gcp_service_account" in secrets:
        out.setdefault("ga4", {})["credentials_info"] = dict(secrets["gcp_service_account"])
    return out


def configured_sources(connections: dict[str, dict]) -> list[str]:
    """Sources whose required settings are all present, in a fixed order."""
    ready = []
    for source in names():
        config = connections.get(source) or {}
        if all(any(config.get(k) for k in (need if isinstance(need, tuple) else (need,)))
               for need in needs(source)):
            ready.append(source)
    return ready


def save(connections: dict[str, dict], path: str | Path | None = None) -> Path:
    """Write the connections file readable by its owner only (0600), atomically."""
    access.check("edit_connections")
    file = Path(path or os.environ.get("BALISE_CONNECTIONS") or CONNECTIONS_FILE)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    # Created 0600 from the start, so the secrets are never readable by others, even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(connections, out, indent=2)
    os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
    os.replace(tmp, file)
    return file
