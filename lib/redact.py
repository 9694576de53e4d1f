"""Secret values: find them in a source's settings, mask them (and their encoded forms) in any text.

Every error that may quote a request (URLs, headers, API answers) goes through `redact` before it
is shown, logged or returned in a summary.
"""
from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import quote, quote_plus

SECRET_KEYS = ("api_key", "access_token", "private_key", "private_key_id", "client_secret",
               "refresh_token", "token", "developer_token")


def secrets_of(config: dict) -> list[str]:
    """Every secret value in one source's config (including inside a service-account key)."""
    found = []
    for key, value in config.items():
        if isinstance(value, dict):
            found.extend(secrets_of(value))
        elif key in SECRET_KEYS and value:
            found.append(str(value))
    return found


def redact(text: str, secrets) -> str:
    """TEXT with every secret (and its URL-encoded, base64 and PEM-line forms) masked."""
    text = str(text)
    variants: set[str] = set()
    for secret in secrets or ():
        secret = str(secret)
        if len(secret) < 4:
            continue
        variants.update({secret, quote(secret, safe=""), quote_plus(secret),
                         base64.b64encode(f"anystring:{secret}".encode()).decode()})
        # A PEM key may leak line by line (or with escaped newlines): mask each body line.
        variants.update(line for line in secret.replace("\\n", "\n").splitlines()
                        if len(line) >= 16 and not line.startswith("-----"))
    for variant in sorted(variants, key=len, reverse=True):
        text = text.replace(variant, "***")
    return _BASE64.sub(lambda m: _masked_if_secret(m.group(0), secrets), text)


def redact_message(message: str, secrets) -> str:
    """A message (a lib.i18n Message: English text, key and values) with every secret masked in
    its text and in each value it will be worded with, in any language; a plain text as `redact`."""
    code, values = getattr(message, "code", ""), getattr(message, "values", None)
    if not code or values is None:
        return redact(message, secrets)
    masked = {key: redact_message(value, secrets) if isinstance(value, str) else value
              for key, value in values.items()}
    return type(message)(redact(message, secrets), code, **masked)


# A Basic credential (`base64("<any user>:<key>")`, Mailchimp's) echoed in an error body: decode
# each base64-looking word and mask it when it holds a secret, whatever the user name before it.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")


def _masked_if_secret(word: str, secrets) -> str:
    try:
        decoded = base64.b64decode(word.replace("-", "+").replace("_", "/") + "=" * (-len(word) % 4))
    except (binascii.Error, ValueError):
        return word
    text = decoded.decode("utf-8", "replace")
    return "***" if any(len(str(s)) >= 4 and str(s) in text for s in secrets or ()) else word
