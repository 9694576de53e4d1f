"""The one reading of a Google service-account key (lib/sources/service_account.py), for GA4, its
BigQuery export and Search Console: each refusal worded under the connector's own prefix, in
both languages, and never quoting the key."""
from __future__ import annotations

import json

import pytest

from lib.i18n.messages import say
from lib.sources import service_account
from lib.sources.http import PullError
from tests.fakes.ga4 import service_account_info

PREFIXES = {"ga4": "GA4", "bq": "BigQuery", "gsc": "Search Console"}


@pytest.fixture(scope="module")
def key():
    return service_account_info()


def refusal(config: dict, prefix: str) -> PullError:
    with pytest.raises(PullError) as caught:
        service_account.credentials(config, prefix, ["https://www.googleapis.com/auth/analytics.readonly"])
    return caught.value


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_key_from_the_settings_or_from_its_file_gives_credentials(key, prefix, tmp_path):
    path = tmp_path / "sa.json"
    path.write_text(json.dumps(key), encoding="utf-8")
    for config in ({"credentials_info": key}, {"credentials_info": json.dumps(key)},
                   {"credentials_file": str(path)}):
        made = service_account.credentials(config, prefix, ["scope"])
        assert made.service_account_email == key["client_email"]
        assert service_account.email(config, prefix) == key["client_email"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_refusal_names_the_connector_says_what_to_do_and_quotes_no_key(key, prefix, tmp_path):
    label = PREFIXES[prefix]
    broken = dict(key, private_key="-----BEGIN PRIVATE KEY-----\nAAAA")
    cases = [
        ({"credentials_file": str(tmp_path / "gone.json")}, f"pull_{prefix}_key_file", "gone.json"),
        ({"credentials_info": "{not json " + key["private_key"][40:90]}, f"pull_{prefix}_key_json",
         "not valid JSON"),
        ({}, f"pull_{prefix}_no_key", "no service-account key"),
        ({"credentials_info": {"type": "authorized_user"}}, f"pull_{prefix}_no_key", "no service-account key"),
        ({"credentials_info": broken}, f"pull_{prefix}_key_unusable", "cannot be used"),
    ]
    for config, code, words in cases:
        error = refusal(config, prefix)
        english, french = str(error), say(error.message, "fr")
        assert error.message.code == code and english.startswith(f"{label}: ") and words in english
        assert french.startswith(f"{label} : ") and french != english
        assert not [line for line in key["private_key"].splitlines() if len(line) > 20 and line in english + french]
        # the e-mail, not a secret, is still read from a key google-auth refuses
        assert service_account.email(config, prefix) == (key["client_email"] if config.get("credentials_info") is broken else "")


def test_the_form_keeps_a_saved_key_and_a_new_key_wins_over_a_key_file(key):
    settings = {"site_url": "sc-domain:example.com"}
    assert service_account.from_form({}, {"credentials_file": "/k.json"}, settings) == (settings, ())
    assert service_account.from_form({"key": json.dumps(key)}, {}, settings, ("max_scan_gb",)) == (
        {**settings, "credentials_info": key}, ("max_scan_gb", "credentials_file"))
    for given, problem in [("", "src_ga4_key_missing"), ("{", "src_ga4_key_not_json"),
                           ('{"type": "authorized_user"}', "src_ga4_key_not_sa"),
                           (json.dumps(dict(key, private_key="")), "src_ga4_key_incomplete")]:
        with pytest.raises(ValueError, match=problem):
            service_account.from_form({"key": given}, {}, settings)
