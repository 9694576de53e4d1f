"""Load warnings and refusals in the page's language, with no Python lists: the table by its
display name, an example row as "Column: value" pairs with dates and numbers formatted (fr, en);
the command line keeps an English text."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.i18n.messages import Message, say
from lib.ingest import load as ingest
from lib.sources import google_ads, totals
from lib.sources.base import Parsed
from lib.sources.text import read_sample
from tests.conftest import assert_clean
from tests.test_data_page import pick_currency, texts, upload

D = pd.Timestamp("2026-11-02")


def _ads(rows: list[dict]) -> Parsed:
    frame = pd.DataFrame(rows)
    frame["day_from"] = frame["day_to"] = D
    return Parsed("ad_performance", frame, ("platform", "campaign"), "google_ads", notes={"source": "google_ads"})


@pytest.mark.parametrize("lang, expected", [
    ("fr", "Publicité : 1 ligne répète la période et les dimensions d'une autre ligne (par ex. Du\u00a0: "
           "2 nov. 2026, Au\u00a0: 2 nov. 2026, Plateforme\u00a0: Google Ads, "
           "Campagne\u00a0: Soldes) ; l'export mêle deux découpages des données. Exportez un rapport par fichier."),
    ("en", "Paid ads: 1 row repeats the period and dimensions of another row (e.g. From: 2 Nov 2026, "
           "To: 2 Nov 2026, Platform: Google Ads, Campaign: Soldes); the export mixes two "
           "cuts of the data. Export one report per file."),
])
def test_repeated_rows_refusal_is_worded_in_the_pages_language(store, lang, expected):
    row = {"platform": "google_ads", "account": "main", "campaign": "Soldes", "impressions": 10.0,
           "clicks": 1.0, "cost": 2.5, "currency": "EUR"}
    with pytest.raises(ingest.IngestError) as caught:
        ingest.load_parsed(store, [_ads([row, {**row, "clicks": 3.0}])], "dup.csv")
    message = caught.value.args[0]
    assert isinstance(message, Message)
    assert say(message, lang) == expected
    # The command line's text is the English wording: no Python list, no midnight times.
    assert str(caught.value).startswith("ad_performance: 1 rows repeat the period and dimensions of another row "
                                        "(e.g. day_from=2026-11-02, day_to=2026-11-02, platform=google_ads, campaign=Soldes)")
    assert store.scalar("SELECT count(*) FROM ad_performance") == 0


def test_totals_mismatch_is_worded_and_keeps_its_english_text():
    frame = pd.DataFrame({"impressions": [1000.0, 900.0]})
    _, [warning] = totals.check(frame, {"total: account": {"impressions": 2000.0}}, ["impressions"],
                                ("total: account",))
    assert warning == "the rows add up to 1,900.00 impressions but the file's 'total: account' row says 2,000.00"
    assert say(warning, "fr") == ("Les lignes totalisent 1\u202f900 (Impressions), mais la ligne "
                                  "« total: account » du fichier indique 2\u202f000.")
    assert say(warning, "en") == "The rows add up to 1,900 (Impressions) but the file's \"total: account\" row says 2,000."
    assert say("a parser's own note", "fr") == "a parser's own note"   # plain strings as they are


def test_other_cuts_warning_names_the_table_source_and_dimensions():
    w = Message("site_traffic: ... cut by date+landing_page", "msg_other_grains", table="site_traffic",
                source="ga4", columns=("landing_page",))
    assert say(w, "fr") == ("Trafic du site : cette période contient déjà des données Google Analytics 4 "
                            "découpées par Page d'arrivée ; les indicateurs utilisent un découpage à la fois, "
                            "jamais leur somme.")
    assert ingest._grain_columns(["date+channel_group", "date+channel_group+device"]) == ("channel_group", "device")


TOTALS_OFF = ("Untitled report\nAll time\nDay,Campaign,Impr.,Clicks,Currency code,Cost\n"
              "2026-05-09,Brand,\"1,000\",10,USD,5.50\n2026-05-10,Brand,900,9,USD,4.50\n"
              "Total: Account,,\"2,000\",19,USD,10.00\n")
DUPLICATES = "Jour;Campagne;Coût;Clics\n03/02/2025;Printemps;12,5;4\n03/02/2025;Printemps;1 234,5;10\n".encode()


@pytest.mark.parametrize("lang, words", [
    ("fr", ("Les lignes totalisent 1\u202f900 (Impressions)", "« total: account »")),
    ("en", ("The rows add up to 1,900 (Impressions)", "\"total: account\"")),
])
def test_data_page_preview_warning_in_the_pages_language(workspace, app_test, lang, words):
    at = app_test(workspace, lang, "pages/data.py")
    upload(at, ("Untitled report.csv", TOTALS_OFF.encode()))
    shown = texts(at.warning)
    assert all(w in shown for w in words), shown
    assert "1,900.00" not in shown and "'total: account'" not in shown


@pytest.mark.parametrize("lang, words", [
    ("fr", ("Publicité : ", "Campagne\u00a0: Printemps", "Du\u00a0: 3 févr. 2025")),
    ("en", ("Paid ads: ", "Campaign: Printemps", "From: 3 Feb 2025")),
])
def test_data_page_refusal_in_the_pages_language(workspace, app_test, lang, words):
    at = app_test(workspace, lang, "pages/data.py")
    upload(at, ("depenses.csv", DUPLICATES))
    pick_currency(at)
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    shown = texts(at.warning)
    assert all(w in shown for w in words), shown
    assert "[" not in shown and "00:00:00" not in shown and "ad_performance" not in shown


def test_google_ads_parser_warning_is_a_message():
    [parsed] = google_ads.parse(read_sample(TOTALS_OFF.encode(), "r.csv"))
    assert [w.code for w in parsed.warnings] == ["msg_totals"]
