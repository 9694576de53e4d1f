"""Shared network plumbing for API connectors: timeouts, bounded retries, clear errors.

Retries cover 429 and 5xx (and timeouts / dropped connections), with exponential backoff
plus jitter, honouring Retry-After (seconds or an HTTP date). A Retry-After longer than the
policy's `max_wait` is not waited out: the pull stops and says when to try again.
Logs name the method, host and path only: never headers or query strings (tokens live there).
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests

from lib.i18n.messages import Message
from lib.redact import redact

log = logging.getLogger("balise.pull")


class StripQuery(logging.Filter):
    """Drop query strings from urllib3's debug lines ("GET /path?token=... HTTP/1.1")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(a.split("?", 1)[0] if isinstance(a, str) and "?" in a else a
                                for a in record.args)
        return True


# urllib3 logs every request line at DEBUG, query string included: a token could leak there.
logging.getLogger("urllib3.connectionpool").addFilter(StripQuery())


class PullError(Exception):
    """A pull failed; the message says why and what to do, with secrets already masked.

    Its text is English (the command line's, the JSON summaries'); given a lib.i18n Message, a
    page words it in its own language (`message`)."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status

    @property
    def message(self) -> str:
        """The reason as raised: a Message when it was given one, else the English text."""
        first = self.args[0] if self.args else ""
        return first if isinstance(first, str) else str(self)


@dataclass
class Policy:
    """How hard to try: attempts in all, backoff bounds, the longest wait honoured, timeout."""
    attempts: int = 5
    base: float = 1.0
    cap: float = 30.0
    max_wait: float = 120.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


@dataclass
class Reply:
    """A successful JSON answer."""
    data: dict | list
    headers: dict
    status: int


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a Retry-After header (delta-seconds or HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def backoff(attempt: int, policy: Policy, asked: float | None = None) -> float:
    """Wait before retry number ATTEMPT (1-based): Retry-After when given, else exp + jitter."""
    if asked is not None:
        return asked
    delay = min(policy.cap, policy.base * 2 ** (attempt - 1))
    # Full jitter on the upper half spreads clients that failed together.
    return delay / 2 + random.uniform(0, delay / 2)


def too_long(label: str, seconds: float) -> PullError:
    """The error for a wait longer than the policy accepts: say when to try again."""
    at = datetime.now(UTC) + timedelta(seconds=seconds)
    return PullError(Message(f"{label} asks to wait {seconds:.0f} s before the next request (until "
                             f"{at:%Y-%m-%d %H:%M} UTC); try the pull again after that.",
                             "pull_wait_too_long", label=label, seconds=round(seconds),
                             day=at.date(), time=f"{at:%H:%M}"), status=429)


def reason_of(exc: Exception, secrets) -> str:
    """A client library's reason for EXC, masked: its message, not the repr of its arguments
    (google-auth's RefreshError carries a tuple with the token service's answer)."""
    first = exc.args[0] if exc.args else ""
    return redact(first if isinstance(first, str) else str(exc), secrets)[:200]


def where(url: str) -> str:
    """host/path of a URL, without its query string (which may carry a token)."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def api_message(response: requests.Response) -> str:
    """The API's own error text, when the body is JSON that carries one (Mailchimp, Meta,
    Brevo, Shopify)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or "")
    errors = body.get("errors")   # Shopify: a string, or a list of {"message": ...}
    if isinstance(errors, list):
        errors = "; ".join(str(e.get("message") if isinstance(e, dict) else e) for e in errors)
    return str(body.get("detail") or body.get("title") or body.get("message") or errors
               or error or "")


def request_json(session: requests.Session, method: str, url: str, *, label: str,
                 policy: Policy | None = None, secrets=(), hints: dict[int, str] | None = None,
                 retry_wait: Callable[[requests.Response], float | None] | None = None,
                 **kwargs) -> Reply:
    """Send one request with retries and return its JSON; raise PullError with a clear cause.

    `hints` maps a status (401, 403...) to what the user should do; `retry_wait(response)`
    lets a connector mark other answers as retryable (Meta's rate-limit error codes): it
    returns None (not retryable), 0 (retry with backoff) or the seconds to wait.
    """
    policy = policy or Policy()
    hints = hints or {}
    place = where(url)
    for attempt in range(1, policy.attempts + 1):
        last = attempt == policy.attempts
        try:
            log.info("%s %s (try %d)", method, place, attempt)
            response = session.request(method, url, timeout=policy.timeout, **kwargs)
        except requests.Timeout:
            problem = Message(f"{label} did not answer within {policy.timeout:g} s", "pull_timeout",
                              label=label, seconds=policy.timeout)
            asked = None
        except requests.ConnectionError:
            host = urlsplit(url).netloc
            problem = Message(f"could not reach {label} at {host}", "pull_unreachable",
                              label=label, host=host)
            asked = None
        else:
            status = response.status_code
            extra = retry_wait(response) if retry_wait else None
            if status < 300 and extra is None:
                return Reply(_json(response, label, secrets), dict(response.headers), status)
            detail = redact(api_message(response), secrets)
            if status == 429 or status >= 500 or extra is not None:
                problem = (Message(f"{label} answered {status}: {detail}", "pull_answered_detail",
                                   label=label, status=status, detail=detail) if detail else
                           Message(f"{label} answered {status}", "pull_answered", label=label,
                                   status=status))
                asked = retry_after(response.headers.get("Retry-After"))
                if asked is None and extra:  # 0 means "retry, with the usual backoff"
                    asked = extra
                if asked is not None and asked > policy.max_wait:
                    raise too_long(label, asked)
            else:
                raise _refused(label, status, detail, hints)
        if last:
            break
        wait = backoff(attempt, policy, asked)
        log.warning("%s; retrying in %.2f s", problem, wait)
        policy.sleep(wait)
    raise gave_up(problem, policy.attempts)


def gave_up(problem: str, attempts: int) -> PullError:
    """The error once every try failed for a retryable PROBLEM (a Message or a text)."""
    return PullError(Message(f"{problem}; gave up after {attempts} tries. Try again later.",
                             "pull_gave_up", problem=problem, count=attempts))


def _json(response: requests.Response, label: str, secrets) -> dict | list:
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("Content-Type")
        raise PullError(Message(
            f"{label} sent a malformed JSON answer ({response.status_code}, "
            f"{len(response.content)} bytes, {kind or 'no type'}); "
            "a proxy or captive portal may be in the way. Try again later.",
            "pull_bad_json", label=label, status=response.status_code, size=len(response.content),
            kind=kind or Message("no type", "pull_no_type")), status=response.status_code) from None


def _refused(label: str, status: int, detail: str, hints: dict[int, str]) -> PullError:
    default = {
        400: f"{label} refused the request as invalid",
        401: f"{label} rejected the credentials (401): the key or token is wrong, revoked "
             "or expired",
        403: f"{label} refused access (403): the credentials lack permission",
        404: f"{label} does not know this resource (404): check the account or id",
    }
    text = default.get(status, f"{label} answered {status}")
    says = hint = ""
    if detail:
        says = Message(f". {label} says: {detail}", "pull_says", label=label, detail=detail)
    if status in hints:
        hint = Message(f". {hints[status]}", "pull_hint", hint=hints[status])
    code = f"pull_refused_{status}" if status in default else "pull_refused_other"
    return PullError(Message(text + says + hint, code, label=label, status=status, says=says,
                             hint=hint), status=status)
