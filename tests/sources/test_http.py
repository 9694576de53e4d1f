"""Shared HTTP helper and credentials plumbing: retries, Retry-After, clear errors, redaction."""
from __future__ import annotations

import json
import logging
import os
import stat
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests

from lib import redact
from lib.ingest import connections
from lib.sources.http import Policy, PullError, backoff, request_json, retry_after
from tests.fakes.server import FakeServer, Reply, Request, fast_policy

SECRET = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0"


class Echo(FakeServer):
    def answer(self, request: Request) -> Reply:
        return Reply(200, {"ok": True, "path": request.path})


@pytest.fixture
def fake():
    with Echo() as server:
        yield server


def policy(**kw):
    return fast_policy(**{"attempts": 4, "cap": 0.04, **kw})


def get(fake, p, **kw):
    return request_json(requests.Session(), "GET", f"{fake.url}/v1/items", label="Shop",
                        policy=p, secrets=[SECRET], params={"token": SECRET}, **kw)


def test_retry_after_seconds_and_http_date():
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert retry_after("3", now) == 3.0
    assert retry_after(format_datetime(now + timedelta(seconds=42), usegmt=True), now) == 42.0
    assert retry_after(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0.0
    assert retry_after("soon", now) is None and retry_after(None) is None


def test_backoff_is_exponential_with_jitter_and_capped():
    p = Policy(base=1.0, cap=8.0)
    for attempt, top in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        waits = [backoff(attempt, p) for _ in range(50)]
        assert all(top / 2 <= w <= top for w in waits) and len(set(waits)) > 1
    assert backoff(3, p, asked=0.7) == 0.7


def test_429_http_date_retry_after_is_honoured(fake):
    when = datetime.now(UTC) + timedelta(seconds=1.2)
    fake.script.append(Reply(429, {"detail": "slow down"},
                             headers={"Retry-After": format_datetime(when, usegmt=True)}))
    p = policy(max_wait=3.0)
    assert get(fake, p).data["ok"] is True
    assert 0 < p.sleeps[0] <= 1.2 and len(fake.requests) == 2


def test_retry_after_beyond_max_wait_stops_with_when(fake):
    fake.script.append(Reply(429, {}, headers={"Retry-After": "3600"}))
    with pytest.raises(PullError, match="asks to wait 3600 s .* UTC"):
        get(fake, policy())
    assert len(fake.requests) == 1


def test_500_burst_then_success_and_beyond_budget(fake):
    fake.script.extend(Reply(502, raw=b"Bad gateway") for _ in range(3))
    p = policy()
    assert get(fake, p).status == 200 and len(p.sleeps) == 3
    fake.script.extend(Reply(500, {"detail": f"boom {SECRET}"}) for _ in range(4))
    with pytest.raises(PullError) as info:
        get(fake, policy())
    assert "gave up after 4 tries" in str(info.value) and SECRET not in str(info.value)


@pytest.mark.parametrize("status, words", [(401, "rejected the credentials"),
                                           (403, "refused access"), (404, "does not know")])
def test_client_errors_are_not_retried_and_clear(fake, status, words):
    fake.script.append(Reply(status, {"error": {"message": f"nope, {SECRET} is wrong"}}))
    with pytest.raises(PullError) as info:
        get(fake, policy(), hints={403: "Ask an admin for access."})
    assert words in str(info.value) and info.value.status == status
    assert SECRET not in str(info.value) and len(fake.requests) == 1
    if status == 403:
        assert "Ask an admin" in str(info.value)


def test_malformed_json_and_timeout_and_refused_connection(fake):
    fake.script.append(Reply(200, raw=b'{"items": [1, 2'))
    with pytest.raises(PullError, match="malformed JSON"):
        get(fake, policy())
    fake.script.extend(Reply(200, {}, delay=0.4) for _ in range(2))
    with pytest.raises(PullError, match="did not answer within 0.1 s"):
        get(fake, policy(attempts=2, timeout=0.1))
    dead = requests.Session()
    with pytest.raises(PullError, match="could not reach Shop at 127.0.0.1:9"):
        request_json(dead, "GET", "http://127.0.0.1:9/x", label="Shop", policy=policy(attempts=2))


def test_logs_never_carry_query_strings_or_headers(fake, caplog):
    caplog.set_level(logging.DEBUG)
    fake.script.append(Reply(503, {}))
    get(fake, policy(), headers={"Authorization": f"Bearer {SECRET}"})
    assert "/v1/items" in caplog.text and SECRET not in caplog.text and "Bearer" not in caplog.text


def test_redact_masks_plain_encoded_and_pem_forms():
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END"
    text = (f"key={SECRET} url=a%2Fb {pem.splitlines()[1]} "
            f"{requests.utils.quote('a/b c', safe='')}")
    out = redact.redact(text, [SECRET, pem, "a/b c", "ab"])
    assert SECRET not in out and "MIIEvQIBADANBgkq" not in out and "a%2Fb%20c" not in out
    assert redact.redact("nothing here", []) == "nothing here"


def test_connections_merge_file_env_secrets_and_save_0600(tmp_path):
    file = tmp_path / "connections.json"
    connections.save({"mailchimp": {"api_key": "file-us1"}, "meta": {"account_id": "act_1"}},
                     file)
    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    env = {"BALISE_META_TOKEN": "env-token", "MAILCHIMP_API_KEY": "env-us2"}
    secrets = {"gcp_service_account": {"type": "service_account", "private_key": "PK"},
               "ga4": {"property_id": "42"}, "mailchimp": {"api_key": "st-us3"}}
    conns = connections.load(secrets, path=file, env=env)
    assert conns["mailchimp"]["api_key"] == "st-us3"
    assert conns["meta"] == {"account_id": "act_1", "access_token": "env-token"}
    assert conns["ga4"]["credentials_info"]["private_key"] == "PK"
    assert connections.configured_sources(conns) == ["ga4", "mailchimp", "meta"]
    assert set(redact.secrets_of(conns["ga4"])) == {"PK"}
    assert json.loads(file.read_text())["meta"] == {"account_id": "act_1"}


# -- redaction of a Basic credential echoed back (issue 17) -----------------------------------------
@pytest.mark.parametrize("user", ["balise", "anystring", "someone@x.fr", "", "a"])
def test_redact_masks_a_basic_credential_whatever_the_user(user):
    import base64

    key = "0123456789abcdef0123456789abcdef-us21"
    token = base64.b64encode(f"{user}:{key}".encode()).decode()
    for body in (f'{{"detail": "bad header Authorization: Basic {token}"}}', f"Basic {token}.",
                 token.rstrip("="), base64.urlsafe_b64encode(f"{user}:{key}".encode()).decode()):
        masked = redact.redact(body, [key])
        assert token.rstrip("=") not in masked and key not in masked, masked
        assert "***" in masked


def test_redact_leaves_other_base64_alone():
    import base64

    other = base64.b64encode(b"balise:not-the-key-at-all").decode()
    assert redact.redact(f"Basic {other}", ["0123456789abcdef-us21"]) == f"Basic {other}"
