"""Devices, countries and search appearances stored as the tools' English exports write them,
whatever the export's interface language (lib/sources/values.toml)."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.sources import google_ads, values
from lib.sources import search_console as sc
from lib.sources.text import read_sample
from lib.sources.vocabulary import languages
from tests.conftest import shared_path
from tests.sources.test_search_console import _zip

LANGS = ("en", "fr", "es", "de", "it", "pt", "nl")


@pytest.mark.parametrize("fmt, stored", [
    ("search_console", ("Desktop", "Mobile", "Tablet")),
    ("google_ads", ("Computers", "Mobile phones", "Tablets", "TV screens")),
])
def test_every_device_has_words_in_every_language_and_they_read_back(fmt, stored):
    entries = values._data()[fmt]["device"]
    assert tuple(entries) == stored
    for value, by_lang in entries.items():
        assert set(LANGS) <= set(by_lang) and set(by_lang) <= set(languages()), value
        for words in by_lang.values():
            for word in words:
                assert values.stored(fmt, "device", word) in (value, word)
                assert values.stored(fmt, "device", word.upper()) in (value, word.upper())


@pytest.mark.parametrize("fmt, written, stored", [
    ("search_console", "Ordinateur", "Desktop"), ("search_console", "Ordenador", "Desktop"),
    ("search_console", "Móviles", "Mobile"), ("search_console", "Mobilgerät", "Mobile"),
    ("search_console", "Tablette", "Tablet"), ("search_console", "Mobiel", "Mobile"),
    ("search_console", "Desktop", "Desktop"), ("search_console", "Mobile", "Mobile"),
    ("google_ads", "Ordinateurs", "Computers"), ("google_ads", "Écrans TV", "TV screens"),
    ("google_ads", "Mobiltelefone", "Mobile phones"), ("google_ads", "Tablet", "Tablets"),
    # English values stay as written, even in another case than the table's
    ("google_ads", "Mobile Phones", "Mobile Phones"), ("google_ads", "Computers", "Computers"),
])
def test_device_words(fmt, written, stored):
    assert values.stored(fmt, "device", written) == stored


@pytest.mark.parametrize("written, stored", [
    ("États-Unis", "United States"), ("Estados Unidos", "United States"),
    ("Vereinigte Staaten", "United States"), ("Verenigde Staten", "United States"),
    ("Royaume-Uni", "United Kingdom"), ("Allemagne", "Germany"), ("Turquie", "Turkey"),
    ("Hong-Kong", "Hong Kong"), ("République tchèque", "Czechia"), ("Inde", "India"),
    # English names, Google's own included, are kept
    ("United States", "United States"), ("Turkey", "Turkey"), ("Canada", "Canada"),
    ("Russia", "Russia"), ("Kyrgyzstan", "Kyrgyzstan"),
])
def test_country_names(written, stored):
    assert values.stored("search_console", "country", written) == stored


def test_not_a_string_and_unknown_values_kept():
    assert values.stored("search_console", "device", None) is None
    assert values.stored("search_console", "device", "Smart TV") == "Smart TV"
    cells = pd.Series(["Ordinateur", None, "Montre"], dtype="object")
    out = values.normalised("search_console", "device", cells)
    assert out[0] == "Desktop" and pd.isna(out[1]) and out[2] == "Montre"


def test_french_export_stores_what_the_english_one_does():
    fr = {p.grain: p.frame for p in sc.parse(_zip("gsc_performance_fr"))}
    en = {p.grain: p.frame for p in sc.parse(_zip("gsc_performance_en"))}
    assert set(fr[("device",)]["device"]) == set(en[("device",)]["device"]) == {"Desktop", "Mobile", "Tablet"}
    countries = set(fr[("country",)]["country"])
    assert {"United States", "India", "Canada", "United Kingdom", "Philippines"} <= countries
    # every French country name of the real export has its English name (none left in French)
    english = set(values.table("search_console", "country").values())
    assert countries <= english | set(en[("country",)]["country"]) | {"Canada"}, \
        sorted(countries - english)
    assert set(fr[("search_appearance",)]["search_appearance"]) == {
        "Review snippet", "Product snippets", "Translated results", "Videos"}
    assert set(en[("search_appearance",)]["search_appearance"]) == {"Product snippets"}
    # the figures are the file's
    assert fr[("device",)]["clicks"].sum() == 676311


def test_spanish_devices_of_the_real_export():
    files = {f.name: f.read_bytes() for f in shared_path("data", "real-exports", "gsc_performance_es").glob("*.csv")}
    parsed = {p.grain: p.frame for p in sc.parse_files(files)}
    devices = parsed[("device",)].set_index("device")["clicks"].to_dict()
    assert devices == {"Mobile": 23, "Desktop": 14, "Tablet": 0}


def test_google_ads_real_device_report_keeps_its_english_words():
    path = shared_path("data", "real-exports", "google_ads_keyword_device_usd", "Search keyword report.csv")
    [parsed] = google_ads.parse(read_sample(path))
    assert set(parsed.frame["device"]) <= {"Computers", "Mobile phones", "Tablets", "TV screens", "Other"}


def test_search_breakdown_of_a_french_export_reads_as_an_english_one(tmp_path):
    """The Search page's device and country breakdowns (a KPI read by device) give the English
    values whatever the export's language, and the page names them in its own."""
    from datetime import date

    from lib.i18n import names
    from lib.ingest import load as ingest
    from lib.kpis import queries
    from lib.store import Store

    store = Store(str(tmp_path / "w.duckdb"))
    ingest.load_parsed(store, sc.parse(_zip("gsc_performance_fr")), "fr.zip")
    start, end = date(2024, 11, 6), date(2025, 2, 5)
    by_device = queries.run(store, ["seo_clicks"], start, end, by=["device"]).frame
    assert dict(zip(by_device["device"], by_device["seo_clicks"], strict=True)) == {
        "Mobile": 408346, "Desktop": 255313, "Tablet": 12652}   # Appareils.csv
    by_country = queries.run(store, ["seo_clicks"], start, end, by=["country"]).frame
    us = by_country.loc[by_country["country"] == "United States", "seo_clicks"]
    assert list(us) == [546968]   # Pays.csv: États-Unis
    store.close()
    assert [names.name("device", d, "fr") for d in ("Desktop", "Mobile", "Tablet")] == ["Ordinateur", "Mobile", "Tablette"]
    assert names.name("country", "United States", "fr") == "États-Unis"


@pytest.mark.parametrize("code, name", [
    ("usa", "United States"), ("FRA", "France"), ("gbr", "United Kingdom"), ("tur", "Turkey"),
    ("che", "Switzerland"), ("de", "Germany")])
def test_country_codes_give_the_english_export_name(code, name):
    """Search Console's API writes ISO codes, its export names: one stored value for both."""
    from lib.sources import values

    assert values.country_codes()[code.lower()] == name
