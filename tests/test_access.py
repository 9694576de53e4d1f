"""Roles: the rules, lib refusing every write as a viewer, and the pages as viewer and as editor."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from lib import access
from lib.access import EDITOR, VIEWER
from lib.alerts import rules as alerts
from lib.channels import annotations, campaigns, journey
from lib.ingest import connections, mappings
from lib.ingest import load as ingest
from lib.objectives import tracker as objectives
from tests.conftest import assert_clean

ACCESS = {"editors": ["alice@x.fr", "@agency.fr"], "viewers": ["bob@x.fr", "@client.com", "intern@agency.fr"]}


# -- the rules ------------------------------------------------------------------------------------
@pytest.mark.parametrize("email, config, expected", [
    ("alice@x.fr", ACCESS, EDITOR),
    ("Alice@X.FR ", ACCESS, EDITOR),                      # addresses compare case-insensitively
    ("zoe@agency.fr", ACCESS, EDITOR),                    # by domain
    ("intern@agency.fr", ACCESS, VIEWER),                 # an exact address beats its domain
    ("bob@x.fr", ACCESS, VIEWER),
    ("carol@client.com", ACCESS, VIEWER),
    ("eve@x.fr", ACCESS, None),                           # in no list: no access
    ("eve@sub.agency.fr", ACCESS, None),                  # a sub-domain is another domain
    ("eve@evilagency.fr", ACCESS, None),                  # "@agency.fr" is not a suffix match
    ("", ACCESS, None),
    (None, ACCESS, None),
    ("not-an-address", ACCESS, None),
    ("anyone@gmail.com", {}, VIEWER),                     # no lists: signed-in users read
    ("anyone@gmail.com", {"open": True}, EDITOR),         # ... and edit when the workspace is open
    ("", {}, None),
    ("alice@x.fr", {"editors": "alice@x.fr"}, EDITOR),    # one address without brackets
    ("alice@x.fr", {"editors": ["alice@x.fr"], "viewers": ["alice@x.fr"]}, EDITOR),
])
def test_role_for(email, config, expected):
    assert access.role_for(email, config, verified=True) == expected


@pytest.mark.parametrize("email, config, expected", [
    ("zoe@agency.fr", ACCESS, None),                      # a domain rule needs a verified address
    ("alice@x.fr", ACCESS, None),                         # ... and so does an exact address
    ("anyone@gmail.com", {}, VIEWER),                     # no lists: signed-in users read anyway
    ("anyone@gmail.com", {"open": True}, EDITOR),
])
def test_role_for_an_unverified_address(email, config, expected):
    assert access.role_for(email, config, verified=False) == expected


TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"


@pytest.mark.parametrize("user, config, expected", [
    ({"email": "zoe@agency.fr", "email_verified": True}, ACCESS, EDITOR),
    ({"email": "zoe@agency.fr", "email_verified": "true"}, ACCESS, EDITOR),
    ({"email": "zoe@agency.fr"}, ACCESS, None),                               # no claim at all
    ({"email": "zoe@agency.fr", "email_verified": "false"}, ACCESS, None),    # the string "false"
    ({"email": "zoe@agency.fr", "email_verified": False}, ACCESS, None),
    ({"email": "zoe@agency.fr", "email_verified": 1}, ACCESS, None),          # not a yes Balise reads
    # Microsoft Entra: no email_verified; the declared single tenant vouches for its addresses.
    ({"email": "zoe@agency.fr", "tid": TENANT}, {**ACCESS, "trusted_tenant": TENANT}, EDITOR),
    ({"email": "zoe@agency.fr", "tid": TENANT.upper()}, {**ACCESS, "trusted_tenant": TENANT}, EDITOR),
    ({"email": "zoe@agency.fr", "tid": "another-tenant"}, {**ACCESS, "trusted_tenant": TENANT}, None),
    ({"email": "zoe@agency.fr"}, {**ACCESS, "trusted_tenant": TENANT}, None),
    ({"email": "zoe@agency.fr", "tid": ""}, {**ACCESS, "trusted_tenant": ""}, None),
])
def test_user_role_from_the_claims(user, config, expected):
    assert access.user_role(user, config) == expected


@pytest.mark.parametrize("secrets, expected", [
    ({}, []),
    ({"access": ACCESS, "auth": {"client_id": "x"}}, []),
    ({"access": {"shared": True, "open": "no"}}, []),
    ({"access": {**ACCESS, "trusted_tenant": TENANT}, "auth": {"client_id": "x"}}, []),
    ({"access": ACCESS}, [("lists_without_auth", "access")]),
    ({"access": ACCESS, "Auth": {"client_id": "x"}}, [("misspelt", "Auth"), ("lists_without_auth", "access")]),
    ({"Access": {"shared": True}}, [("misspelt", "Access")]),
    ({"access": {"shared": "yes please"}}, [("not_boolean", "shared")]),
    ({"access": {"shared": True, "open": 2}}, [("not_boolean", "open")]),
    ({"access": {"editor": ["a@x.fr"]}}, [("unknown_key", "editor")]),
    ({"access": {"editors": 5}, "auth": {"client_id": "x"}}, [("not_list", "editors")]),
    ({"access": "shared", "auth": {}}, [("not_table", "auth"), ("not_table", "access")]),
])
def test_problems(secrets, expected):
    assert access.problems(secrets) == expected


@pytest.mark.parametrize("config, expected", [
    (None, EDITOR),                                       # a local install: the owner's
    ({}, EDITOR),
    ({"shared": False}, EDITOR),
    ({"shared": True}, VIEWER),                           # shared without login: read-only...
    ({"shared": "true"}, VIEWER),
    ({"shared": True, "open": False}, VIEWER),
    ({"shared": True, "open": True}, EDITOR),             # ...unless explicitly opened
    ({"shared": True, "open": "yes"}, EDITOR),
    ({"shared": "yes please"}, VIEWER),                   # not understood: shared, read-only
    ({"shared": 1}, VIEWER),
    ({"shared": True, "open": "sure"}, VIEWER),           # only an explicit yes opens
    ({"shared": "false"}, EDITOR),
])
def test_anonymous_role(config, expected):
    assert access.anonymous_role(config) == expected


def test_roles_and_actions():
    assert access.current_role() == EDITOR                # the command line and local use
    for action in access.ACTIONS:
        assert access.allowed(action, EDITOR) and not access.allowed(action, VIEWER)
    with access.as_role(VIEWER):
        assert access.current_role() == VIEWER
        with pytest.raises(access.PermissionDenied) as exc:
            access.check("upload")
        assert exc.value.action == "upload" and exc.value.role == VIEWER
        assert "viewer role cannot load data" in str(exc.value)
    assert access.current_role() == EDITOR
    with pytest.raises(ValueError):
        access.allowed("drop_everything")
    with pytest.raises(ValueError):
        access.set_role("admin")


# -- lib refuses every write as a viewer ---------------------------------------------------------------
WRITES = [
    ("upload", lambda s, tmp: ingest.load_parsed(s, [], "x.csv")),
    ("upload", lambda s, tmp: ingest.load_file(s, b"day,sessions\n2025-01-01,3\n", "x.csv")),
    ("undo", lambda s, tmp: ingest.undo(s, 1)),
    ("edit_mappings", lambda s, tmp: mappings.save_mapping(s, ["Jour", "Clics"], "ad_performance",
                                                           {"Jour": "day", "Clics": "clicks"})),
    ("edit_mappings", lambda s, tmp: journey.write_rules(s, [{"platform": "meta", "ad_campaign": "a",
                                                              "utm_campaign": "b"}])),
    ("edit_annotations", lambda s, tmp: annotations.add(s, date(2025, 1, 1), "launch")),
    ("edit_annotations", lambda s, tmp: annotations.delete(s, 1)),
    ("edit_objectives", lambda s, tmp: objectives.create(s, {})),
    ("edit_objectives", lambda s, tmp: objectives.update(s, 1, {})),
    ("edit_objectives", lambda s, tmp: objectives.archive(s, 1)),
    ("edit_objectives", lambda s, tmp: objectives.import_csv(s, b"name,kpi\n")),
    ("edit_campaigns", lambda s, tmp: campaigns.create(s, {"name": "x"})),
    ("edit_campaigns", lambda s, tmp: campaigns.update(s, 1, {"name": "x"})),
    ("edit_campaigns", lambda s, tmp: campaigns.archive(s, 1)),
    ("edit_campaigns", lambda s, tmp: campaigns.set_lessons(s, 1, "x")),
    ("edit_rules", lambda s, tmp: alerts.save_rule(s, alerts.Rule("r", "freshness", None))),
    ("edit_rules", lambda s, tmp: alerts.delete_rule(s, 1)),
    ("edit_rules", lambda s, tmp: alerts.set_enabled(s, 1, False)),
    ("edit_rules", lambda s, tmp: alerts.snooze(s, 1, 24)),
    ("edit_connections", lambda s, tmp: connections.save({"meta": {"access_token": "t"}}, tmp / "c.json")),
]


@pytest.mark.parametrize("action, write", WRITES, ids=[f"{a}-{i}" for i, (a, _) in enumerate(WRITES)])
def test_lib_refuses_viewer_writes(store, tmp_path, action, write):
    before = store.data_version()
    with access.as_role(VIEWER), pytest.raises(access.PermissionDenied) as exc:
        write(store, tmp_path)
    assert exc.value.action == action
    assert store.data_version() == before, "a refused write changed the workspace"
    assert not (tmp_path / "c.json").exists()


def test_every_action_is_guarded_somewhere():
    """Each action but dashboards (lib/dashboards.py guards its own) has a write entry point above."""
    assert {a for a, _ in WRITES} | {"edit_dashboards"} == set(access.ACTIONS)


def test_editor_writes_go_through(store):
    with access.as_role(EDITOR):
        note = annotations.add(store, date(2025, 1, 1), "launch")
        annotations.delete(store, note)
        journey.write_rules(store, [{"platform": "meta", "ad_campaign": "a", "utm_campaign": "b"}])
    assert journey.read_rules(store)


# -- the pages, as viewer and as editor ----------------------------------------------------------------
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "cookie-secret-7f3a9",
        "client_id": "client-id-7f3a9", "client_secret": "client-secret-7f3a9",
        "server_metadata_url": "https://accounts.example.com/.well-known/openid-configuration"}
VIEWER_USER = {"is_logged_in": True, "email": "bob@x.fr", "name": "Bob", "email_verified": True}
EDITOR_USER = {"is_logged_in": True, "email": "zoe@agency.fr", "name": "Zoé", "email_verified": True}


@pytest.fixture
def workspace(demo_db, tmp_path) -> str:
    """A copy of the demo per test: an editor's run must not change the shared demo."""
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    return path


def open_as(app_test, db: str, page: str | None, user: dict | None, secrets: dict, lang: str = "en"):
    at = app_test(db, lang, run=False)
    at.secrets.update(secrets)
    if user is not None:
        at.user = user
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def keys(at, kind: str) -> set[str]:
    return {e.key for e in at.get(kind) if getattr(e, "key", None)}


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


# page -> (keys of the controls an editor has, [(kind, prefix)] of controls with ids in their keys)
CONTROLS = {
    "pages/data.py": ({("file_uploader", "data_upload"), ("button", "ann_delete_notes")},
                      [("button", "data_undo_"), ("button", "FormSubmitter:ann_form_data_annotations")]),
    "pages/objectives.py": ({("file_uploader", "obj_import")},
                            [("button", "obj_archive_"), ("button", "obj_save_new")]),
    "pages/campaigns.py": (set(), [("button", "camp_save_new"), ("button", "camp_lessons_save_")]),
    "pages/alerts.py": ({("selectbox", "alert_pick")}, [("button", "alert_")]),
    "pages/journey.py": ({("button", "journey_rules_save")}, []),
}


def _present(at, kind: str, prefix: str) -> bool:
    return any(k.startswith(prefix) for k in keys(at, kind)) or any(
        prefix in str(getattr(e, "proto", "")) for e in at.get(kind))


@pytest.mark.parametrize("page", list(CONTROLS))
def test_viewer_sees_no_control(workspace, app_test, page):
    at = open_as(app_test, workspace, page, VIEWER_USER, {"auth": AUTH, "access": ACCESS})
    assert_clean(at)
    exact, prefixes = CONTROLS[page]
    for kind, key in exact:
        assert key not in keys(at, kind), f"{kind} {key} shown to a viewer"
    for kind, prefix in prefixes:
        if kind == "button" and prefix == "alert_":
            assert not [k for k in keys(at, "button") if k.startswith(prefix) and k != "alert_check_now"]
        else:
            assert not _present(at, kind, prefix), f"{kind} {prefix}* shown to a viewer"
    assert "Read-only: viewer" in captions(at)
    assert "Role: viewer" in captions(at) and "Signed in: bob@x.fr" in captions(at)


@pytest.mark.parametrize("page", list(CONTROLS))
def test_editor_sees_the_controls(workspace, app_test, page):
    at = open_as(app_test, workspace, page, EDITOR_USER, {"auth": AUTH, "access": ACCESS})
    assert_clean(at)
    exact, prefixes = CONTROLS[page]
    for kind, key in exact:
        assert key in keys(at, kind), f"{kind} {key} missing for an editor"
    for kind, prefix in prefixes:
        assert _present(at, kind, prefix), f"{kind} {prefix}* missing for an editor"
    assert "Read-only: viewer" not in captions(at)
    assert "access_logout" in keys(at, "button")


def test_viewer_journey_rules_are_read_only(workspace, app_test):
    at = open_as(app_test, workspace, "pages/journey.py", VIEWER_USER, {"auth": AUTH, "access": ACCESS})
    assert_clean(at)
    editors = at.get("arrow_data_frame") + at.get("data_editor")
    assert editors, "the matching rules are still shown"


def test_logged_out_sees_only_the_sign_in(workspace, app_test):
    at = open_as(app_test, workspace, None, {"is_logged_in": False}, {"auth": AUTH, "access": ACCESS})
    assert_clean(at)
    assert [t.value for t in at.title] == ["Sign in required"]
    assert "access_login" in keys(at, "button")
    assert not at.metric and "lang" not in keys(at, "selectbox"), "data shown before signing in"


@pytest.mark.parametrize("user", [
    {"is_logged_in": True, "email": "eve@elsewhere.com"},                    # in no list
    {"is_logged_in": True, "email": "alice@x.fr", "email_verified": False},  # not verified
    {"is_logged_in": True},                                                  # no address at all
])
def test_unknown_user_is_refused(workspace, app_test, user):
    at = open_as(app_test, workspace, None, user, {"auth": AUTH, "access": ACCESS})
    assert_clean(at)
    assert at.warning and "has no access" in at.warning[0].value
    assert not at.metric and not at.title


@pytest.mark.parametrize("config, read_only", [
    ({"shared": True}, True),
    ({"shared": True, "open": True}, False),
    ({"shared": False}, False),
])
def test_without_login_the_shared_flag_decides(workspace, app_test, config, read_only):
    at = open_as(app_test, workspace, "pages/data.py", None, {"access": config})
    assert_clean(at)
    assert ("data_upload" not in keys(at, "file_uploader")) == read_only
    assert ("Read-only: viewer" in captions(at)) == read_only
    assert "access_logout" not in keys(at, "button")


def test_without_any_secrets_a_local_install_edits(workspace, app_test):
    at = app_test(workspace, "en", "pages/data.py")
    assert_clean(at)
    assert "data_upload" in keys(at, "file_uploader")
    assert access.current_role() == EDITOR, "an app run must not change the test thread's role"


# -- no secret in any page or log -------------------------------------------------------------------------
SECRETS = {
    "auth": AUTH,
    "access": ACCESS,
    "ga4": {"property_id": "123456789", "credentials_file": "/nonexistent/key.json"},
    "gcp_service_account": {"type": "service_account", "client_email": "svc@proj.iam.gserviceaccount.com",
                            "private_key_id": "private-key-id-7f3a9",
                            "private_key": "-----BEGIN PRIVATE KEY-----\nprivate-key-body-7f3a9\n"
                                           "-----END PRIVATE KEY-----\n"},
    "mailchimp": {"api_key": "mailchimp-key-7f3a9-us21"},
    "meta": {"access_token": "meta-token-7f3a9", "account_id": "act_42"},
    "alerts": {"smtp_host": "smtp.example.com", "smtp_user": "alerts@x.fr", "smtp_password": "smtp-pass-7f3a9",
               "email_to": "team@x.fr", "webhook_url": "https://hooks.slack.com/services/T0/B0/webhook-7f3a9"},
    "motherduck_token": "motherduck-token-7f3a9",
}


def _secret_values(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _secret_values(v)]
    return [str(value)] if "7f3a9" in str(value) else []


def _everything(at) -> str:
    """Every element's protobuf text, in the main area and the sidebar."""
    out = []

    def walk(node):
        out.append(str(getattr(node, "proto", "")))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


@pytest.mark.parametrize("page", ["pages/data.py", "pages/alerts.py", "pages/overview.py", "pages/objectives.py"])
def test_no_secret_in_pages_or_logs(workspace, app_test, capfd, caplog, page):
    caplog.set_level("DEBUG")
    at = open_as(app_test, workspace, page, EDITOR_USER, SECRETS)
    assert_clean(at)
    shown = _everything(at)
    logs = caplog.text + "\n".join(capfd.readouterr())
    values = _secret_values(SECRETS)
    assert len(values) >= 8
    for value in values:
        for line in value.splitlines():
            if "7f3a9" in line:
                assert line not in shown, f"a secret is shown on {page}"
                assert line not in logs, f"a secret is logged on {page}"


def test_unreadable_secrets_let_nobody_in(workspace, app_test, monkeypatch):
    """A broken secrets file may have required sign-in: fail closed, never as a local install."""
    import streamlit
    from streamlit.errors import StreamlitSecretNotFoundError

    class Broken:
        def _fail(self, *args):
            raise StreamlitSecretNotFoundError("Error parsing secrets file at {path}: {error}", path="/x",
                                               error="bad", error_id="failed-parsing-secrets-file")

        __contains__ = __getitem__ = __getattr__ = to_dict = _fail

    monkeypatch.setattr(streamlit, "secrets", Broken())
    at = app_test(workspace, "en")
    assert at.error and "secrets cannot be read" in at.error[0].value
    assert not at.metric and not at.title and "data_upload" not in keys(at, "file_uploader")


# -- settings Balise does not understand fail closed, through the app ------------------------------------
@pytest.mark.parametrize("secrets, user, why", [
    ({"access": ACCESS}, None, "roles by address without sign-in"),
    ({"access": {**ACCESS, "shared": False, "open": True}}, None, "roles by address without sign-in"),
    ({"access": ACCESS, "Auth": AUTH}, None, "[Auth] table must be written in lower case"),
    ({"Access": {"shared": True}}, None, "[Access] table must be written in lower case"),
    ({"access": {"shared": "yes please"}}, None, "shared must be true or false"),
    ({"access": {"shared": False, "editor": ["x@y.fr"]}}, None, 'unknown key "editor"'),
    ({"auth": AUTH, "access": {**ACCESS, "editor": ["bob@x.fr"]}}, EDITOR_USER, 'unknown key "editor"'),
])
def test_misunderstood_settings_give_the_viewer_role(workspace, app_test, secrets, user, why):
    at = open_as(app_test, workspace, "pages/data.py", user, secrets)
    assert not at.exception
    assert "data_upload" not in keys(at, "file_uploader"), "an upload form under settings not understood"
    assert "Read-only: viewer" in captions(at)
    warning = "\n".join(w.value for w in at.sidebar.warning)
    assert "Access settings not understood" in warning and why in warning, warning


@pytest.mark.parametrize("user, extra, allowed", [
    ({"is_logged_in": True, "email": "zoe@agency.fr"}, {}, False),                          # no claim
    ({"is_logged_in": True, "email": "zoe@agency.fr", "email_verified": "false"}, {}, False),
    ({"is_logged_in": True, "email": "zoe@agency.fr", "email_verified": True}, {}, True),
    ({"is_logged_in": True, "email": "zoe@agency.fr", "tid": TENANT}, {"trusted_tenant": TENANT}, True),
    ({"is_logged_in": True, "email": "zoe@agency.fr", "tid": "other"}, {"trusted_tenant": TENANT}, False),
])
def test_domain_rules_need_a_verified_address(workspace, app_test, user, extra, allowed):
    at = open_as(app_test, workspace, "pages/data.py" if allowed else None, user,
                 {"auth": AUTH, "access": {**ACCESS, **extra}})
    assert_clean(at)
    if allowed:
        assert "data_upload" in keys(at, "file_uploader")
    else:
        assert at.warning and "has no access" in at.warning[0].value and not at.metric


def test_a_viewer_dashboard_never_calls_an_api(workspace, app_test, monkeypatch):
    """An auto-refreshing dashboard opened by a viewer pulls nothing with the stored key."""
    from lib.dashboards import model as dashboards
    from lib.store import Store
    from lib.ui import dashboards as ui_dashboards

    store = Store(workspace)
    dashboards.save(store, dashboards.Dashboard(name="Live", tiles=[dashboards.Tile(["site_sessions"], "line")],
                                                refresh=5))
    store.close()
    calls = []
    monkeypatch.setattr(ui_dashboards.ui_sources, "configs", lambda: {"meta": {"access_token": "t", "account_id": "a"}})
    monkeypatch.setattr(ui_dashboards, "stale_sources", lambda configs, minutes: ["meta"])
    monkeypatch.setattr(ui_dashboards.pulling, "pull", lambda *a, **k: calls.append(a) or {"status": "ok"})
    at = open_as(app_test, workspace, "pages/dashboards.py", VIEWER_USER, {"auth": AUTH, "access": ACCESS})
    assert_clean(at)
    assert calls == [], "a viewer's dashboard called an API"
    at = open_as(app_test, workspace, "pages/dashboards.py", EDITOR_USER, {"auth": AUTH, "access": ACCESS})
    assert calls, "an editor's dashboard refreshes its sources"
