"""AppTest of the Sources section: connect GA4 to a fake server, refresh, see the site page fill;
Mailchimp and Meta forms; the freshness strip; no secret ever on a page or in the logs."""
from __future__ import annotations

import json
import logging
import os
import stat
from datetime import UTC, date, datetime, timedelta

import pytest

from lib import i18n, sources
from lib.sources import ga4_api, mailchimp_api
from lib.store import Store
from lib.ui import sources as ui_sources
from tests.conftest import assert_clean
from tests.fakes import mailchimp as fake_mailchimp
from tests.fakes import meta as fake_meta
from tests.fakes.ga4 import FakeGA4, service_account_info
from tests.fakes.mailchimp import FakeMailchimp
from tests.fakes.meta import FakeMeta
from tests.fakes.server import Reply

PROPERTY = "123456789"


@pytest.fixture(scope="module")
def key_info():
    return service_account_info()


@pytest.fixture
def fakes(monkeypatch):
    """GA4, Mailchimp and Meta fakes, their endpoints in the environment (as in production)."""
    recent = datetime.now(UTC).replace(hour=8, minute=30, microsecond=0) - timedelta(days=20)
    with FakeGA4() as ga4, FakeMailchimp(first=recent) as mailchimp, FakeMeta() as meta:
        monkeypatch.setenv("BALISE_GA4_ENDPOINT", ga4.url)
        monkeypatch.setenv("BALISE_MAILCHIMP_ENDPOINT", mailchimp.url)
        monkeypatch.setenv("BALISE_META_ENDPOINT", meta.url)
        # A first pull backfills 35 days instead of 90: still covers the default window
        # (the last 28 days ending yesterday), in half the time.
        monkeypatch.setattr(ga4_api, "BACKFILL_DAYS", 35)
        yield {"ga4": ga4, "mailchimp": mailchimp, "meta": meta}


def walk(node):
    """Every element and block under NODE."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def page_text(at) -> str:
    """All that a page shows: every element's value, label and proto, main and sidebar."""
    parts = []
    for root in (at.main, at.sidebar):
        for node in walk(root):
            parts.append(str(getattr(node, "proto", "")))
            for attr in ("value", "label", "body", "help", "placeholder"):
                try:
                    parts.append(str(getattr(node, attr, "")))
                except Exception:  # some elements compute value from state that may be absent
                    pass
    return "\n".join(parts)


def leaks(text: str, secrets: list[str]) -> list[str]:
    return [s[:12] + "…" for s in secrets if s in text]


def key_secrets(info: dict) -> list[str]:
    """The private key (whole and line by line) and its id."""
    return [info["private_key"], info["private_key_id"]] + [
        line for line in info["private_key"].splitlines() if len(line) > 20 and "-----" not in line]


def expander_text(at, source: str) -> str:
    name = sources.api(source).LABEL
    found = [e for e in at.expander if str(e.label).startswith(name)]
    assert found, f"no expander for {name}"
    return shown_values(found[0])


def shown_values(node) -> str:
    return "\n".join(str(getattr(n, "value", "")) for n in walk(node))


def connect_ga4(at, info: dict, via_upload: bool = False):
    if via_upload:
        at.radio(key="src_ga4_key_mode").set_value("file").run()
    at.text_input(key="src_ga4_property").input(PROPERTY)
    if via_upload:
        at.file_uploader(key="src_ga4_key_file").set_value(
            [("balise-test-5f2c0ffee123.json", json.dumps(info).encode(), "application/json")])
    else:
        at.text_area(key="src_ga4_key_text").input(json.dumps(info))
    at.button(key="src_ga4_save").click().run()
    assert_clean(at)
    return at


def test_connect_ga4_refresh_and_site_page_fills(workspace, conn_file, fakes, key_info, app_test,
                                                 caplog):
    caplog.set_level(logging.DEBUG)
    info = dict(key_info, token_uri=f"{fakes['ga4'].url}/token")
    at = app_test(workspace, "en", "pages/data.py")
    assert_clean(at)
    assert "Connected sources (APIs)" in [s.value for s in at.subheader]
    assert not ui_sources.ga4_connected()
    assert "src_ga4_refresh" not in _keys(at)   # nothing to refresh before connecting

    connect_ga4(at, info)
    # Saved in the 0600 file only; the page shows the e-mail and "key saved", never the key.
    assert stat.S_IMODE(os.stat(conn_file).st_mode) == 0o600
    saved = json.loads(conn_file.read_text())
    assert saved["ga4"]["property_id"] == PROPERTY
    assert saved["ga4"]["credentials_info"]["private_key"] == info["private_key"]
    text = expander_text(at, "ga4")
    assert info["client_email"] in text and "key saved" in text
    assert at.text_area(key="src_ga4_key_text").value == ""   # the form forgot the key

    at.button(key="src_ga4_test").click().run()
    assert_clean(at)
    assert any("GA4 answers" in s.value and info["client_email"] in s.value for s in at.success)

    at.button(key="src_ga4_refresh").click().run()
    assert_clean(at)
    done = [s.value for s in at.success if "rows added" in s.value]
    assert done, [s.value for s in at.success]
    assert "days with data" in done[0] and "GA4 quota left today" in done[0]
    s = Store(workspace)
    try:
        last = s.scalar("SELECT max(day_to) FROM site_traffic WHERE source = 'ga4'")
        pulls = s.scalar("SELECT count(*) FROM loads WHERE format = 'ga4_api'")
        accounts = s.rows("SELECT DISTINCT account FROM site_traffic")
    finally:
        s.close()
    assert last == date.today() and pulls == 35
    assert accounts == [(ga4_api.property_name({"property_id": PROPERTY}),)]   # the property's rows
    # The strip (sidebar, every page) shows GA4 as pulled, with its last day.
    strip = "\n".join(c.value for c in at.sidebar.caption)
    assert "**GA4**" in strip and "pulled" in strip
    assert f"data to {i18n.fmt_date(date.today(), 'en')}" in strip
    # The realtime panel, with GA4's missing traffic-source dimension said.
    assert "On the site right now (GA4)" in [s.value for s in at.subheader]
    assert any("no traffic-source dimension" in c.value for c in at.caption)
    assert [m.value for m in at.metric if m.label == "Active users (30 min)"] == ["24"]

    at.switch_page("pages/site.py").run()
    assert_clean(at)
    cards = {m.label: m.value for m in at.metric}
    assert cards["Sessions"] not in ("n/a", "", None), cards
    assert "GA4" in "\n".join(c.value for c in at.sidebar.caption)

    at.switch_page("pages/overview.py").run()
    assert_clean(at)
    assert "On the site right now (GA4)" in [s.value for s in at.subheader]

    secrets = key_secrets(info)
    for page in ("pages/data.py", "pages/site.py", "pages/overview.py"):
        at.switch_page(page).run()
        assert not leaks(page_text(at), secrets), page
    assert not leaks(str(at.session_state), secrets)
    assert not leaks(caplog.text + "".join(str(r.args) for r in caplog.records), secrets)


def _keys(at) -> set:
    return {getattr(n, "key", None) for n in walk(at.main)}


def test_mailchimp_and_meta_forms_mask_and_test(workspace, conn_file, fakes, app_test, caplog):
    caplog.set_level(logging.DEBUG)
    fakes["meta"].script.append(Reply(200, {"id": "42", "name": "Balise System User"},
                                      match="/me"))
    at = app_test(workspace, "fr", "pages/data.py")
    at.text_input(key="src_mailchimp_key").input(fake_mailchimp.API_KEY)
    at.button(key="src_mailchimp_save").click().run()
    assert_clean(at)
    assert "••••-us6" in expander_text(at, "mailchimp")
    at.button(key="src_mailchimp_test").click().run()
    assert_clean(at)
    assert any("Mailchimp répond : 5 rapports" in s.value for s in at.success)

    at.text_input(key="src_meta_account").input(fake_meta.ACCOUNT)
    at.text_input(key="src_meta_token").input(fake_meta.TOKEN)
    at.button(key="src_meta_save").click().run()
    assert_clean(at)
    assert "act_1234567890 · jeton enregistré" in expander_text(at, "meta")
    at.button(key="src_meta_test").click().run()
    assert_clean(at)
    assert any("Balise System User" in s.value for s in at.success)
    assert "Authorization" not in fakes["meta"].requests[-1].path

    saved = json.loads(conn_file.read_text())
    assert saved["mailchimp"]["api_key"] == fake_mailchimp.API_KEY
    assert saved["meta"] == {"account_id": fake_meta.ACCOUNT, "access_token": fake_meta.TOKEN}
    secrets = [fake_mailchimp.API_KEY, fake_meta.TOKEN, fake_mailchimp.API_KEY.split("-")[0]]
    assert not leaks(page_text(at), secrets)
    at.button(key="src_mailchimp_refresh").click().run()
    assert_clean(at)
    assert any("5 campagnes lues" in s.value for s in at.success), [s.value for s in at.success]
    assert "**Mailchimp**" in "".join(c.value for c in at.sidebar.caption)
    for page in ("pages/email.py", "pages/data.py"):
        at.switch_page(page).run()
        assert_clean(at)
        assert not leaks(page_text(at), secrets), page
    assert not leaks(str(at.session_state), secrets)
    assert not leaks(caplog.text, secrets)


@pytest.mark.parametrize("field, value, message", [
    ("src_ga4_key_text", "{not json", "not valid JSON"),
    ("src_ga4_key_text", json.dumps({"type": "authorized_user", "client_id": "x"}),
     "not a service-account key"),
    ("src_ga4_key_text", json.dumps({"type": "service_account", "client_email": "a@b.c"}),
     "client_email and private_key"),
    ("src_ga4_key_text", "", "Add the service account's JSON key"),
])
def test_ga4_form_refuses_bad_keys(workspace, conn_file, app_test, field, value, message):
    at = app_test(workspace, "en", "pages/data.py")
    at.text_input(key="src_ga4_property").input(PROPERTY)
    at.text_area(key=field).input(value)
    at.button(key="src_ga4_save").click().run()
    assert [e.value for e in at.error if message in e.value], [e.value for e in at.error]
    assert not conn_file.exists()


@pytest.mark.parametrize("source, fields, message", [
    ("ga4", {"src_ga4_property": "UA-12345-1"}, "must be a number"),
    ("mailchimp", {"src_mailchimp_key": "0123456789abcdef"}, "data center"),
    ("meta", {"src_meta_account": "my account", "src_meta_token": "EAAGm0PX4ZCpsBAFake1234"},
     "act_1234567890"),
    ("meta", {"src_meta_account": "act_42", "src_meta_token": "short"}, "truncated"),
    ("meta", {"src_meta_account": "act_42"}, "Add the access token"),
])
def test_forms_refuse_bad_values(workspace, conn_file, app_test, source, fields, message):
    at = app_test(workspace, "en", "pages/data.py")
    for key, value in fields.items():
        at.text_input(key=key).input(value)
    at.button(key=f"src_{source}_save").click().run()
    assert [e.value for e in at.error if message in e.value], [e.value for e in at.error]
    assert not conn_file.exists()
    assert not leaks(page_text(at), [v for k, v in fields.items() if k.endswith(("token", "key"))
                                     and len(v) > 8])


def test_ga4_key_by_upload_and_forget(workspace, conn_file, fakes, key_info, app_test):
    info = dict(key_info, token_uri=f"{fakes['ga4'].url}/token")
    at = connect_ga4(app_test(workspace, "en", "pages/data.py"), info, via_upload=True)
    assert json.loads(conn_file.read_text())["ga4"]["credentials_info"]["client_email"] == \
        info["client_email"]
    # Saving again without a key keeps the saved one (the property may change alone).
    at.text_input(key="src_ga4_property").input("987654321")
    at.button(key="src_ga4_save").click().run()
    assert_clean(at)
    saved = json.loads(conn_file.read_text())["ga4"]
    assert saved["property_id"] == "987654321" and "credentials_info" in saved
    at.button(key="src_ga4_forget").click().run()
    assert_clean(at)
    assert json.loads(conn_file.read_text())["ga4"] == {}
    assert "GA4" not in "".join(c.value for c in at.sidebar.caption)


def test_configured_in_secrets_offers_no_form(workspace, conn_file, app_test):
    at = app_test(workspace, "en", "pages/data.py", run=False)
    at.secrets["mailchimp"] = {"api_key": fake_mailchimp.API_KEY}
    at.run()
    at.switch_page("pages/data.py").run()
    assert_clean(at)
    assert "src_mailchimp_key" not in {t.key for t in at.text_input}
    assert "Configured in the app's secrets" in expander_text(at, "mailchimp")
    assert "••••-us6" in expander_text(at, "mailchimp")
    assert not leaks(page_text(at), [fake_mailchimp.API_KEY])


def test_ga4_pull_failure_is_redacted(workspace, conn_file, fakes, key_info, app_test):
    info = dict(key_info, token_uri=f"{fakes['ga4'].url}/token")
    at = connect_ga4(app_test(workspace, "en", "pages/data.py"), info)
    from tests.fakes.server import error
    fakes["ga4"].script.append(error(403, "User does not have sufficient permissions for this "
                                          "property. " + info["private_key_id"]))
    at.button(key="src_ga4_refresh").click().run()
    assert not at.exception
    failed = [e.value for e in at.error]
    assert failed and "Viewer" in failed[0] and info["client_email"] in failed[0]
    assert not leaks(page_text(at), key_secrets(info))


def test_freshness_strip_on_demo(demo_db, app_test):
    at = app_test(demo_db, "en", "pages/overview.py")
    assert_clean(at)
    strip = [c.value for c in at.sidebar.caption]
    yesterday = i18n.fmt_date(date.today() - timedelta(days=1), "en")
    assert any(line.startswith("**GA4**") and f"data to {yesterday}" in line and "loaded" in line
               for line in strip), strip
    assert any(line.startswith("**Google Ads**") for line in strip)
    assert "On the site right now (GA4)" not in [s.value for s in at.subheader]


@pytest.mark.parametrize("summary, lang, expected", [
    ({"inserted": 1234, "replaced": 7, "unchanged": 0, "start": "2024-05-01",
      "end": "2024-05-10", "days": 9, "empty_days": ["2024-05-10"]}, "en",
     "1,234 rows added, 7 replaced and 0 unchanged, from 1 May 2024 to 10 May 2024. "
     "9 days with data, 1 without."),
    ({"inserted": 0, "replaced": 0, "unchanged": 5, "start": "2024-05-01", "end": "2024-05-02",
      "campaigns": 5}, "fr",
     "0 lignes ajoutées, 0 remplacées et 5 inchangées, du 1 mai 2024 au 2 mai 2024. "
     "5 campagnes lues."),
])
def test_summary_text(summary, lang, expected):
    assert ui_sources.summary_text(summary, lang) == expected


@pytest.mark.parametrize("key, expected", [
    ("0123456789abcdef0123456789abcdef-us21", "••••-us21"),
    ("0123456789abcdef0123456789abcdef", "••••"), ("", "••••"),
])
def test_masked_key(key, expected):
    assert mailchimp_api.masked_key(key) == expected
