"""AppTest of the Data page when a pull fails: the reason in the page's language (French and
English), the key given in the form never on the page, though the API echoes it back."""
from __future__ import annotations

import shutil

import pytest

from tests.fakes.mailchimp import API_KEY, FakeMailchimp
from tests.fakes.server import Reply

ECHO = f"Your API key {API_KEY} may be invalid"


@pytest.fixture
def mailchimp(conn_file, monkeypatch):
    """The Mailchimp fake, its endpoint in the environment; a temporary connections file."""
    with FakeMailchimp() as server:
        monkeypatch.setenv("BALISE_MAILCHIMP_ENDPOINT", server.url)
        yield server


def shown(at) -> str:
    return "\n".join(str(e.value) for e in [*at.error, *at.success, *at.info, *at.warning,
                                              *at.caption, *at.markdown])


@pytest.mark.parametrize("lang, expected", [
    ("fr", ["La récupération a échoué : Mailchimp a refusé les identifiants (401) : la clé ou le "
            "jeton est faux, révoqué ou expiré. Message de Mailchimp : « Your API key \\*\\*\\* may be "
            "invalid ». Créez une clé dans Mailchimp \\> Profil \\> Extras \\> Clés API"]),
    ("en", ["The pull failed: Mailchimp rejected the credentials (401): the key or token is wrong, "
            "revoked or expired. Mailchimp says: Your API key \\*\\*\\* may be invalid. Create a key "
            "in Mailchimp \\> Profile \\> Extras \\> API keys"]),
])
def test_refused_pull_and_test_in_the_pages_language(workspace, mailchimp, app_test, lang,
                                                     expected):
    at = app_test(workspace, lang, "pages/data.py")
    at.text_input(key="src_mailchimp_key").input(API_KEY)
    at.button(key="src_mailchimp_save").click().run()
    mailchimp.script.append(Reply(401, {"title": "API Key Invalid", "detail": ECHO}))
    at.button(key="src_mailchimp_refresh").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(expected[0]), errors
    mailchimp.script.extend([Reply(500, {"detail": ECHO})] * 2)
    at.button(key="src_mailchimp_test").click().run()
    assert not at.exception
    tested = [e.value for e in at.error]
    assert len(tested) == 1, tested
    if lang == "fr":
        assert tested[0].startswith("La connexion a échoué : Mailchimp a répondu par une erreur 500"
                                    " : « Your API key \\*\\*\\* may be invalid » ; abandon après 2 essais."), tested
    else:
        assert tested[0].startswith("Connection failed: Mailchimp answered 500: Your API key "
                                    "\\*\\*\\* may be invalid; gave up after 2 tries."), tested
    for text in (shown(at), str(at.session_state)):
        assert API_KEY not in text and API_KEY.split("-")[0] not in text


def test_dashboard_auto_pull_failure_in_french(demo_db, tmp_path, mailchimp, app_test,
                                               monkeypatch):
    """An auto-refreshing dashboard whose pull is refused warns in French, the key masked."""
    from lib.dashboards import model as dashboards
    from lib.store import Store
    from lib.ui import dashboards as ui_dashboards

    workspace = str(tmp_path / "demo.duckdb")   # a copy: the shared demo stays as built
    shutil.copy(demo_db, workspace)
    store = Store(workspace)
    dashboards.save(store, dashboards.Dashboard(name="Direct", refresh=5,
                                                tiles=[dashboards.Tile(["site_sessions"], "line")]))
    store.close()
    config = {"api_key": API_KEY, "endpoint": mailchimp.url}
    monkeypatch.setattr(ui_dashboards.ui_sources, "configs", lambda: {"mailchimp": config})
    monkeypatch.setattr(ui_dashboards, "stale_sources", lambda configs, minutes: ["mailchimp"])
    mailchimp.script.append(Reply(401, {"title": "API Key Invalid", "detail": ECHO}))
    at = app_test(workspace, "fr", "pages/dashboards.py")
    assert not at.exception and not at.error
    warned = [w.value for w in at.warning if "Mailchimp" in w.value]
    assert len(warned) == 1 and ("Mailchimp a refusé les identifiants (401) : la clé ou le jeton "
                                 "est faux, révoqué ou expiré. Message de Mailchimp : « Your API "
                                 "key \\*\\*\\* may be invalid ». Créez une clé") in warned[0], warned
    assert API_KEY not in shown(at) and API_KEY not in str(at.session_state)
