"""Each connector's own refusals, met for real against its fake server: the summary keeps the
command line's English, the same reason worded in French is French (its hint too), and no secret
of the config (echoed back by the API) is in either."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib.i18n.messages import say
from lib.ingest import pull as pulling
from lib.redact import secrets_of
from tests.fakes import brevo, clarity, google_ads, meta, search_console, shopify
from tests.fakes.ga4 import FakeGA4, service_account_info
from tests.fakes.server import Reply, error, fast_policy
from tests.sources.test_pull_words import assert_french

D1, D2 = date(2024, 5, 1), date(2024, 5, 3)
TODAY = date.today()


@pytest.fixture(scope="module")
def key_info():
    return service_account_info()


def ga4(fake, info):
    return {"property_id": "123456789", "endpoint": fake.url,
            "credentials_info": dict(info, token_uri=f"{fake.url}/token")}


def gsc(fake, info):
    return {"site_url": search_console.SITE, "endpoint": fake.url,
            "credentials_info": dict(info, token_uri=f"{fake.url}/token")}


def gads(fake, info):
    return {"customer_id": "123-456-7890", "developer_token": google_ads.DEVELOPER_TOKEN,
            "client_id": google_ads.CLIENT_ID, "client_secret": google_ads.CLIENT_SECRET,
            "refresh_token": google_ads.REFRESH_TOKEN, "endpoint": fake.url,
            "token_uri": f"{fake.url}/token"}


def on(reply: Reply, path: str) -> Reply:
    """REPLY served to the first request whose path holds PATH (not to the token endpoint)."""
    reply.match = path
    return reply


def echo(config: dict) -> str:
    """Every secret of the config, as an API that quotes the request back would."""
    return " ".join(secrets_of(config))


CASES = [
    # source, fake, config, replies (given the config), English (start of), French markers
    ("ga4", FakeGA4, ga4, lambda c: [on(error(403, "User does not have sufficient permissions for "
                                                   "this property. " + echo(c)), "metadata")],
     "GA4 refused access to properties/123456789 (403: User does not have sufficient",
     ("GA4 a refusé l'accès à la propriété 123456789 (403", "doit être Lecteur",
      "balise-reader@balise-test.iam.gserviceaccount.com")),
    # google-auth refreshes its token and retries a 401 twice: three of them reach the connector
    ("ga4", FakeGA4, ga4, lambda c: [on(error(401, "Request had invalid authentication "
                                                   "credentials."), "metadata") for _ in range(3)],
     "GA4 rejected the service-account credentials (401): the key was deleted or disabled",
     ("GA4 a refusé les identifiants du compte de service (401)",)),
    ("ga4", FakeGA4, ga4, lambda c: [on(error(429, "Exhausted property tokens per day."), "metadata")],
     "GA4 daily quota for properties/123456789 is used up (Exhausted property tokens per day.); "
     "it resets at midnight Pacific time (",
     ("Le quota quotidien de GA4 pour la propriété 123456789 est épuisé",
      "il se renouvelle à minuit, heure du Pacifique")),
    ("meta", meta.FakeMeta, lambda f, i: {"access_token": meta.TOKEN, "account_id": meta.ACCOUNT,
                                          "endpoint": f.url},
     lambda c: [Reply(401, {"error": {"message": f"Invalid OAuth access token {echo(c)}",
                                      "code": 190}})],
     "Meta rejected the credentials (401): the key or token is wrong, revoked or expired. "
     "Meta says: Invalid OAuth access token ***. Generate a new token",
     ("Meta a refusé les identifiants (401)", "Générez un nouveau jeton")),
    ("meta", meta.FakeMeta, lambda f, i: {"access_token": meta.TOKEN, "account_id": meta.ACCOUNT,
                                          "endpoint": f.url},
     lambda c: [Reply(403, {"error": {"message": "Ad account owner has NOT grant ads_management "
                                                 "or ads_read permission", "code": 200}})],
     "Meta refused access (403): the credentials lack permission. Meta says: Ad account owner",
     ("Meta a refusé l'accès (403)", "« Voir les performances »")),
    ("google_ads", google_ads.FakeGoogleAds, gads,
     lambda c: [Reply(403, {"error": {"message": "The developer token is not approved. " + echo(c),
                                      "status": "PERMISSION_DENIED"}}, match="googleAds")],
     "Google Ads refused access (403): the credentials lack permission. Google Ads says: The "
     "developer token is not approved. ***",
     ("Google Ads a refusé l'accès (403)", "le jeton de développeur est approuvé")),
    ("google_ads", google_ads.FakeGoogleAds, gads,
     lambda c: [Reply(400, {"error": "invalid_grant", "error_description": "Token has been "
                                                                           "expired or revoked."},
                      match="/token")],
     "Google Ads: the refresh token was refused (",
     ("Google Ads : le jeton d'actualisation a été refusé", "Créez un nouveau jeton")),
    ("search_console", search_console.FakeSearchConsole, gsc,
     lambda c: [Reply(403, {"error": {"message": "User does not have sufficient permission for "
                                                 "site. " + echo(c)}}, match="/sites/")],
     "Search Console refused access (403): the credentials lack permission. Search Console says: "
     "User does not have sufficient permission for site.",
     ("Search Console a refusé l'accès (403)", "Ajoutez l'adresse e-mail du compte de service")),
    ("shopify", shopify.FakeShopify, lambda f, i: {"shop": "boutique-balise", "endpoint": f.url,
                                                   "access_token": shopify.TOKEN},
     lambda c: [Reply(401, {"errors": f"[API] Invalid API key or access token {echo(c)}"})],
     "Shopify rejected the credentials (401): the key or token is wrong, revoked or expired. "
     "Shopify says: [API] Invalid API key or access token ***. In Shopify admin open",
     ("Shopify a refusé les identifiants (401)", "copiez à nouveau le jeton d'accès")),
    ("shopify", shopify.FakeShopify, lambda f, i: {"shop": "boutique-balise", "endpoint": f.url,
                                                   "access_token": shopify.TOKEN},
     lambda c: [Reply(200, {"errors": [{"message": "Access denied for orders field."}]})],
     "Shopify refused the query: Access denied for orders field.. The app lacks the read_orders",
     ("Shopify a refusé la requête : « Access denied for orders field. »",
      "L'application n'a pas le droit read_orders")),
    ("brevo", brevo.FakeBrevo, lambda f, i: {"api_key": brevo.API_KEY, "endpoint": f.url},
     lambda c: [Reply(401, {"code": "unauthorized", "message": f"Key not found: {echo(c)}"})],
     "Brevo rejected the credentials (401): the key or token is wrong, revoked or expired. "
     "Brevo says: Key not found: ***. Create a key in Brevo",
     ("Brevo a refusé les identifiants (401)", "Générer une nouvelle clé API")),
    ("clarity", clarity.FakeClarity, lambda f, i: {"token": clarity.TOKEN, "endpoint": f.url,
                                                   "project_id": clarity.PROJECT},
     lambda c: [Reply(403, {"message": f"Forbidden {echo(c)}"})],
     "Clarity refused access (403): the credentials lack permission. Clarity says: Forbidden ***. "
     "The token belongs to another project",
     ("Clarity a refusé l'accès (403)", "générez-en un dans Paramètres")),
]


@pytest.mark.parametrize("source, fake, make, replies, english, french", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_connector_refusals_in_both_languages_without_secrets(store, key_info, source, fake, make,
                                                             replies, english, french):
    with fake() as server:
        config = make(server, key_info)
        server.script.extend(replies(config))
        window = (TODAY - timedelta(days=1), TODAY) if source == "clarity" else (D1, D2)
        summary = pulling.pull(store, source, config, *window, today=TODAY,
                               policy=fast_policy(attempts=2),
                               **({"now": TODAY} if source == "clarity" else {}))
    error_text = summary["error"]
    assert summary["status"] == "failed" and error_text.startswith(english), error_text
    french_text = say(error_text, "fr")
    assert_french(french_text, *french)
    secrets = secrets_of(config)
    assert secrets and not [s for s in secrets if s in error_text or s in french_text]


def test_input_refusals_in_french(store):
    """Settings refused before any call (a bad id, no token): in French, the value quoted."""
    cases = [("meta", {"access_token": meta.TOKEN, "account_id": "mon compte"},
              "Meta : le compte publicitaire « mon compte » n'est pas un identifiant"),
             ("meta", {"account_id": meta.ACCOUNT}, "Meta : aucun jeton d'accès"),
             ("google_ads", {"customer_id": "12-34"}, "Google Ads : « 12-34 » n'est pas un numéro"),
             ("shopify", {"shop": "not a shop!", "access_token": shopify.TOKEN},
              "Shopify : « not a shop! » n'est pas un domaine"),
             ("search_console", {"site_url": "boutique.example"},
              "Search Console : « boutique.example » n'est pas une propriété"),
             ("ga4", {"property_id": "UA-1234-1"}, "GA4 : l'identifiant de propriété « UA-1234-1 »")]
    for source, config, french in cases:
        summary = pulling.pull(store, source, config, D1, D2, today=TODAY)
        assert summary["status"] == "failed", summary
        assert_french(say(summary["error"], "fr"), french)


@pytest.fixture(scope="module")
def bq_events():
    from tests.fakes import bigquery

    return bigquery.generate(bigquery.days(D1, 1))


def on_jobs(reply: Reply) -> Reply:
    return on(reply, "/jobs")


BQ_CASES = [
    # extra config, replies (given the config), English (start of), French markers
    ({}, lambda c: [on_jobs(error(403, "Access Denied: User does not have bigquery.jobs.create "
                                       "permission " + echo(c), reason="accessDenied"))],
     "BigQuery refused access to shop-analytics.analytics_123456789 (403: POST http",
     ("BigQuery a refusé l'accès au jeu de données analytics_123456789 du projet shop-analytics",
      "(403 : « Access Denied: User does not have bigquery.jobs.create permission *** *** »)",
      "Donnez à balise-reader@balise-test.iam.gserviceaccount.com les rôles")),
    ({}, lambda c: [on_jobs(error(404, "Not found: Dataset shop-analytics:analytics_123456789",
                                  reason="notFound"))],
     "BigQuery does not know shop-analytics.analytics_123456789 (404: POST http",
     ("BigQuery ne connaît pas le jeu de données analytics_123456789 du projet shop-analytics (404 "
      ": « Not found: Dataset shop-analytics:analytics_123456789 ») : vérifiez",)),
    ({}, lambda c: [on_jobs(error(500, "backend error", reason="backendError"))] * 2,
     "BigQuery answered 500 (POST http",
     ("BigQuery a répondu par une erreur 500 (« backend error ») ; abandon après 2 essais",)),
    ({"max_scan_gb": "0.000001"}, lambda c: [],
     "BigQuery would scan 0.00 GB for 2024-05-01 to 2024-05-01, over the limit of 1e-06 GB",
     ("BigQuery lirait 0 Go pour la période du 1 mai 2024 au 1 mai 2024, au-delà de la limite "
      "de 1e-06 Go", "rien n'a été exécuté")),
    ({"dataset": "analytics 1"}, lambda c: [],
     "BigQuery: 'analytics 1' is not a dataset name",
     ("BigQuery : « analytics 1 » n'est pas un nom de jeu de données",)),
]


@pytest.mark.parametrize("extra, replies, english, french", BQ_CASES,
                         ids=["403", "404", "500", "scan limit", "dataset"])
def test_bigquery_refusals_in_both_languages_without_secrets(store, key_info, bq_events, extra,
                                                             replies, english, french):
    from tests.fakes import bigquery

    with bigquery.FakeBigQuery(bq_events) as server:
        config = {"project": bigquery.PROJECT, "dataset": bigquery.DATASET, "endpoint": server.url,
                  "credentials_info": dict(key_info, token_uri=f"{server.url}/token"), **extra}
        server.script.extend(replies(config))
        summary = pulling.pull(store, "ga4_bigquery", config, D1, D1,
                               policy=fast_policy(attempts=2, timeout=5.0))
    error_text = summary["error"]
    assert summary["status"] == "failed" and error_text.startswith(english), error_text
    french_text = say(error_text, "fr")
    assert_french(french_text, *french)
    secrets = secrets_of(config)
    assert not [s for s in secrets if s in error_text or s in french_text]
    assert not [s for s in secrets if s in str(summary)]


def test_warnings_of_a_pull_that_worked_in_french(store, key_info, monkeypatch):
    """What a pull that worked warns of (a metric the property lacks, Clarity's days, Search
    Console's row cap) reads in French, dates and numbers in French, no API structure."""
    from lib.sources import clarity_api, search_console_api

    with FakeGA4() as server:
        server.metadata_metrics.remove("checkouts")
        summary = pulling.pull(store, "ga4", ga4(server, key_info), D1, D1, policy=fast_policy())
    assert summary["status"] == "ok"
    [warning] = [w for w in summary["warnings"] if "checkouts" in w]
    assert warning == "GA4 properties/123456789 has no metric checkouts: left empty."
    assert_french(say(warning, "fr"), "La propriété GA4 123456789 n'a pas la mesure checkouts")

    _, _, _, warnings = clarity_api.period(date(2024, 5, 1), date(2024, 5, 10))
    assert [str(w) for w in warnings] == [
        "Clarity serves only the last 3 days: 2024-05-01 to 2024-05-06 can no longer be pulled. "
        "Pull every day to keep the whole history.",
        "Clarity gives the last 3 days as one total: stored as one 3-day period (pull daily for "
        "daily rows)."]
    assert_french(say(warnings[0], "fr"), "du 1 mai 2024 au 6 mai 2024, les jours ne peuvent plus")
    assert_french(say(warnings[1], "fr"), "une période de 3 jours")

    monkeypatch.setattr(search_console_api, "DAILY_ROWS", 2)
    rows = [{"keys": [day, f"q{i}"]} for day in ("2024-05-01", "2024-05-03") for i in range(2)]
    [capped] = search_console_api.capped({"query": rows})
    assert str(capped) == ("Search Console served its maximum of 2 rows by query on 2024-05-01, "
                           "2024-05-03: the least visited query values are missing there (totals "
                           "by date are complete).")
    assert_french(say(capped, "fr"), "2 lignes par Requête sur 2 jours, du 1 mai 2024 au 3 mai 2024")
