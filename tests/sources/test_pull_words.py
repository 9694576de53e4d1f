"""Why a pull failed, in the page's language: the shared HTTP errors every connector meets, met
for real against the Mailchimp fake (401, 403, 404, 429, 500, a malformed answer, a timeout, a
server gone). The summary's `error` keeps the command line's English word for word; worded in
French it is French; the API key given in the config (echoed back by the server) is in neither."""
from __future__ import annotations

import re
from datetime import date

import pytest

from lib.i18n.messages import say
from lib.ingest import pull as pulling
from lib.sources import http
from tests.fakes.mailchimp import API_KEY, FakeMailchimp
from tests.fakes.server import Reply, fast_policy

D1, D2 = date(2024, 5, 1), date(2024, 5, 31)
ECHO = f"Your API key {API_KEY} may be invalid"           # an API that quotes the key back
MASKED = "Your API key *** may be invalid"
# Words of the English texts that must not reach a French page.
ENGLISH = ("answered", " says", "tries", "gave up", "rejected", "refused", "could not", "did not",
           "asks to wait", "malformed", "Try again", "Create a key", "lacks", "check the")


def assert_french(text: str, *markers: str) -> None:
    ours = re.sub(r"«[^»]*»", "«»", text)   # what an API says is quoted as it said it
    assert not [w for w in ENGLISH if w in ours], text
    assert not re.search(r"[\[\]{}]|\bNone\b|'[a-z_]+'", ours), text   # no list, dict, repr
    for marker in markers:
        assert marker in text, (marker, text)


def mailchimp_401(detail: str) -> Reply:
    return Reply(401, {"title": "API Key Invalid", "status": 401, "detail": detail})


GIVE_UP = "; gave up after 2 tries. Try again later."
CASES = [
    # name, scripted replies, English error (exact, or a pattern), French markers
    ("401", [mailchimp_401(ECHO)],
     "Mailchimp rejected the credentials (401): the key or token is wrong, revoked or expired. "
     f"Mailchimp says: {MASKED}. Create a key in Mailchimp > Profile > Extras > API keys and copy "
     "it whole (with its -usN suffix).",
     ("a refusé les identifiants (401)", f"« {MASKED} »", "Créez une clé dans Mailchimp")),
    ("403", [Reply(403, {"title": "Forbidden", "detail": ECHO})],
     f"Mailchimp refused access (403): the credentials lack permission. Mailchimp says: {MASKED}. "
     "The key's user lacks access to reports; use a key of an Admin or Manager user.",
     ("a refusé l'accès (403)", "utilisez la clé d'un utilisateur Admin")),
    ("404", [Reply(404, {"title": "Resource Not Found"})],
     "Mailchimp does not know this resource (404): check the account or id. "
     "Mailchimp says: Resource Not Found",
     ("ne connaît pas cette ressource (404)", "« Resource Not Found »")),
    ("400 without a body", [Reply(400, raw=b"")],
     "Mailchimp refused the request as invalid", ("a refusé la requête comme invalide",)),
    ("418", [Reply(418, {"detail": ECHO})], f"Mailchimp answered 418. Mailchimp says: {MASKED}",
     ("Mailchimp a répondu par une erreur 418",)),
    ("500 twice", [Reply(500, {"detail": ECHO})] * 2,
     f"Mailchimp answered 500: {MASKED}" + GIVE_UP,
     (f"Mailchimp a répondu par une erreur 500 : « {MASKED} »", "abandon après 2 essais")),
    ("429 twice", [Reply(429, {}, headers={"Retry-After": "0"})] * 2,
     "Mailchimp answered 429" + GIVE_UP, ("erreur 429 ; abandon après 2 essais", "Réessayez")),
    ("Retry-After too long", [Reply(429, {}, headers={"Retry-After": "7200"})],
     re.compile(r"Mailchimp asks to wait 7200 s before the next request \(until "
                r"\d{4}-\d\d-\d\d \d\d:\d\d UTC\); try the pull again after that\."),
     ("demande d'attendre 7\u202f200 s", "UTC) ; relancez l'import après.")),
    ("bad JSON", [Reply(200, raw=b"<html>portal</html>", headers={"Content-Type": "text/html"})],
     "Mailchimp sent a malformed JSON answer (200, 19 bytes, text/html); a proxy or captive "
     "portal may be in the way. Try again later.",
     ("une réponse illisible (code 200, 19 octets, type text/html)", "portail captif")),
    ("timeout", [Reply(200, {}, delay=0.6)] * 2,
     "Mailchimp did not answer within 0.2 s" + GIVE_UP,
     ("Mailchimp n'a pas répondu en 0,20 s ; abandon après 2 essais",)),
]


@pytest.mark.parametrize("name, replies, english, french", CASES, ids=[c[0] for c in CASES])
def test_http_errors_in_both_languages_without_the_key(store, name, replies, english, french):
    with FakeMailchimp() as server:
        server.script.extend(replies)
        summary = pulling.pull(store, "mailchimp", {"api_key": API_KEY, "endpoint": server.url},
                               D1, D2, policy=fast_policy(attempts=2, timeout=0.2))
    error = summary["error"]
    assert summary["status"] == "failed"
    if isinstance(english, str):
        assert error == english
    else:
        assert english.fullmatch(error), error
    french_text = say(error, "fr")
    assert_french(french_text, *french)
    assert API_KEY not in error and API_KEY not in french_text and API_KEY not in say(error, "en")


def test_a_server_gone_and_the_gave_up_count(store):
    with FakeMailchimp() as server:
        server.die_after(0)
        host = server.url.split("//")[1]
        summary = pulling.pull(store, "mailchimp", {"api_key": API_KEY, "endpoint": server.url},
                               D1, D2, policy=fast_policy(attempts=2))
    assert summary["error"] == f"could not reach Mailchimp at {host}" + GIVE_UP
    assert_french(say(summary["error"], "fr"), f"impossible de joindre Mailchimp à l'adresse {host}")
    one = http.gave_up(summary["error"].values["problem"], 1)
    assert str(one).endswith("; gave up after 1 tries. Try again later.")   # as the CLI always said
    assert say(one.message, "fr").endswith("abandon après 1 essai. Réessayez plus tard.")


def test_window_and_data_center_errors(store):
    summary = pulling.pull(store, "mailchimp", {"api_key": API_KEY}, D2, D1)
    assert summary["error"] == "Mailchimp: start 2024-05-31 is after end 2024-05-01."
    assert_french(say(summary["error"], "fr"),
                  "Mailchimp : le début (31 mai 2024) est après la fin (1 mai 2024).")
    summary = pulling.pull(store, "mailchimp", {"api_key": "0123456789abcdef"}, D1, D2)
    assert summary["error"].startswith("Mailchimp: the API key has no data-center suffix")
    assert_french(say(summary["error"], "fr"), "pas de suffixe de centre de données")


def test_encoded_key_masked_and_the_cli_json_unchanged(store, capsys):
    """The key echoed whole and as a Basic credential is masked in both languages; the
    summary prints as the same JSON as before (its error a plain English string); a copy of it
    (the page's session) keeps the French wording."""
    import base64
    import json
    import pickle

    from lib.commands.common import print_json

    basic = base64.b64encode(f"balise:{API_KEY}".encode()).decode()
    with FakeMailchimp() as server:
        server.script.append(mailchimp_401(f"Bad credential {basic} for {API_KEY}"))
        summary = pulling.pull(store, "mailchimp", {"api_key": API_KEY, "endpoint": server.url},
                               D1, D2, policy=fast_policy(attempts=1))
    error = summary["error"]
    assert error.startswith("Mailchimp rejected the credentials (401): the key or token is wrong, "
                            "revoked or expired. Mailchimp says: Bad credential *** for ***. ")
    for lang in ("fr", "en"):
        worded = say(error, lang)
        assert API_KEY not in worded and basic not in worded, worded
    assert "« Bad credential *** for *** »" in say(error, "fr")
    print_json(summary)
    printed = json.loads(capsys.readouterr().out)
    assert printed == {**summary, "error": str(error)} and set(printed) == set(summary)
    assert type(printed["error"]) is str and printed["error"] == error
    again = pickle.loads(pickle.dumps(summary))["error"]
    assert say(again, "fr") == say(error, "fr") and again.code == "pull_refused_401"
