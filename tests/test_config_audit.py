"""Deployment audit: config.toml stays hardened, and secrets.toml.example documents every key read."""
from __future__ import annotations

import copy
import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from lib import sources as registry
from lib.alerts import notify
from lib.ingest import connections
from lib.ingest import load as ingest
from tests.conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
EXAMPLE = ROOT / ".streamlit" / "secrets.toml.example"
MAX_UPLOAD_MB = 200


def audit(config: dict) -> list[str]:
    """Every way CONFIG is weaker than a shared deployment needs (empty when hardened)."""
    server, client, browser = (config.get(s) or {} for s in ("server", "client", "browser"))
    problems = []
    if server.get("enableXsrfProtection") is not True:
        problems.append("server.enableXsrfProtection must be true")
    if server.get("enableCORS") is False:
        problems.append("server.enableCORS must stay on")
    size = server.get("maxUploadSize")
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_UPLOAD_MB:
        problems.append(f"server.maxUploadSize must be set, at most {MAX_UPLOAD_MB} (MB)")
    if client.get("showErrorDetails") not in ("none", False):
        problems.append('client.showErrorDetails must be "none" (no traceback in the browser)')
    if client.get("toolbarMode") not in ("viewer", "minimal"):
        problems.append('client.toolbarMode must be "viewer" or "minimal" (no developer menu)')
    if browser.get("gatherUsageStats") is not False:
        problems.append("browser.gatherUsageStats must be false")
    if (config.get("global") or {}).get("developmentMode") is True:
        problems.append("global.developmentMode must be off")
    if str((config.get("logger") or {}).get("level", "info")).lower() == "debug":
        problems.append("logger.level debug logs request details")
    if server.get("enableStaticServing") is True:
        problems.append("server.enableStaticServing serves files from static/")
    if server.get("runOnSave") is True:
        problems.append("server.runOnSave must be off")
    return problems


def current() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_config_is_hardened():
    assert audit(current()) == []


def test_every_option_is_a_streamlit_option():
    """A misspelt option is silently ignored by Streamlit: it would weaken nothing but protect nothing."""
    from streamlit import config as st_config

    known = set(st_config._config_options_template)
    for section, values in current().items():
        for name in values:
            assert f"{section}.{name}" in known, f"unknown option {section}.{name} in config.toml"


def test_upload_limit_matches_the_server_side_check():
    assert current()["server"]["maxUploadSize"] * 1024 * 1024 == ingest.MAX_UPLOAD_BYTES


WEAKENED = [
    ("server", "enableXsrfProtection", False),
    ("server", "enableXsrfProtection", None),
    ("server", "maxUploadSize", None),
    ("server", "maxUploadSize", 201),
    ("server", "maxUploadSize", 10_000),
    ("server", "maxUploadSize", "200"),
    ("server", "enableCORS", False),
    ("client", "showErrorDetails", "full"),
    ("client", "showErrorDetails", "stacktrace"),
    ("client", "showErrorDetails", True),
    ("client", "showErrorDetails", None),
    ("client", "toolbarMode", "developer"),
    ("browser", "gatherUsageStats", True),
    ("browser", "gatherUsageStats", None),
    ("global", "developmentMode", True),
    ("logger", "level", "debug"),
    ("server", "enableStaticServing", True),
    ("server", "runOnSave", True),
]


@pytest.mark.parametrize("section, name, value", WEAKENED)
def test_weakening_is_caught(section, name, value):
    config = copy.deepcopy(current())
    config.setdefault(section, {})
    if value is None:
        config[section].pop(name, None)
    else:
        config[section][name] = value
    assert audit(config), f"{section}.{name} = {value!r} went unnoticed"


# -- secrets.toml.example ---------------------------------------------------------------------------
_HEADER = re.compile(r"^\s*#?\s*\[([\w.]+)\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*#?\s*([A-Za-z_][\w]*)\s*=")


def documented() -> dict[str, set[str]]:
    """Section -> keys written in the example, commented-out alternatives included ("" = top level)."""
    found: dict[str, set[str]] = {"": set()}
    section = ""
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if m := _HEADER.match(line):
            section = m.group(1)
            found.setdefault(section, set())
        elif m := _KEY.match(line):
            found[section].add(m.group(1))
    return found


_TOP_LEVEL = [
    re.compile(r"""secrets(?:\(\))?\s*(?:or\s*\{\}\)?\s*)?(?:\.get\(|\[)\s*["'](\w+)["']"""),
    re.compile(r"""["'](\w+)["']\s+in\s+(?:st\.)?secrets\b"""),
    re.compile(r"""_section\(\s*["'](\w+)["']\s*\)"""),
]


def read_in_code() -> set[str]:
    """Top-level keys and sections the code reads from the secrets."""
    keys: set[str] = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "lib").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        for pattern in _TOP_LEVEL:
            keys.update(pattern.findall(text))
    return keys


def _config_keys(source: str) -> set[str]:
    text = Path(registry.api(source).__file__).read_text(encoding="utf-8")
    return set(re.findall(r"""config(?:\.get\(|\[)\s*["'](\w+)["']""", text))


def expected_sections() -> dict[str, set[str]]:
    """Keys each section must document, from the code that reads them."""
    sources: dict[str, set[str]] = {s: set() for s in connections.names()}
    for _, (source, key) in connections.env_vars().items():
        sources[source].add(key)
    for source in connections.names():
        for need in connections.needs(source):
            sources[source].update(need if isinstance(need, tuple) else (need,))
    for source in connections.names():
        sources[source] |= _config_keys(source)
    # credentials_info is what [ga4.credentials] or [gcp_service_account] become, not a key to write
    for source in ("ga4", "ga4_bigquery"):
        sources[source].discard("credentials_info")
    return {
        **sources,
        "auth": {"redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"},
        "access": {"editors", "viewers", "shared", "open"},
        "alerts": {f.name for f in dataclasses.fields(notify.Config)},
        "gcp_service_account": {"type", "private_key", "client_email", "token_uri"},
    }


def test_example_parses():
    parsed = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert {"auth", "access", "ga4", "gcp_service_account", "mailchimp", "meta", "alerts"} <= set(parsed)


def test_example_documents_every_top_level_key_read():
    found = read_in_code()
    assert {"alerts", "motherduck_token", "auth", "access"} <= found, "the scan no longer sees the code"
    docs = documented()
    missing = {k for k in found if k not in docs[""] and k not in docs}
    assert not missing, f"read in the code, missing from secrets.toml.example: {sorted(missing)}"


@pytest.mark.parametrize("section, keys", sorted(expected_sections().items()))
def test_example_documents_every_key_of(section, keys):
    docs = documented()
    assert section in docs, f"[{section}] missing from secrets.toml.example"
    assert not keys - docs[section], f"[{section}] misses {sorted(keys - docs[section])}"


def test_example_holds_no_real_secret():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "BEGIN PRIVATE KEY-----\\n...\\n" in text           # a placeholder, not a key
    assert not re.search(r"sk_live_|xox[bp]-\d|AKIA[0-9A-Z]{16}", text)
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8")
