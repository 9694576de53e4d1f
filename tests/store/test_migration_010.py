"""Migration 010: device, country and search-appearance values loaded in another language before
the parsers stored them in English are rewritten and re-keyed, so loading the same export again
replaces (`unchanged`) and never adds a second set of rows."""
from __future__ import annotations

import pytest

from lib.ingest import load as ingest
from lib.sources import google_ads, values
from lib.sources import search_console as sc
from lib.sources.text import read_sample
from lib.store import Store
from tests.sources.test_search_console import _zip

SUMS = ("SELECT grain, count(*), sum(clicks), sum(impressions), sum(position_sum) "
        "FROM search_console GROUP BY grain ORDER BY grain")


def _as_before(monkeypatch):
    """The parsers as they were before 010: every value kept as the export writes it."""
    monkeypatch.setattr(values, "stored", lambda fmt, column, value: value)
    monkeypatch.setattr(values, "normalised", lambda fmt, column, cells: cells)


def _back_to_009(path: str) -> None:
    store = Store(path)
    with store.transaction() as cur:
        cur.execute("DELETE FROM schema_version WHERE version >= 10")
    store.close()


def test_french_export_loaded_before_010_loads_again_unchanged(tmp_path, monkeypatch):
    path = str(tmp_path / "w.duckdb")
    with monkeypatch.context() as m:
        _as_before(m)
        old = sc.parse(_zip("gsc_performance_fr"))
    store = Store(path)
    ingest.load_parsed(store, old, "fr.zip")
    assert store.scalar("SELECT count(*) FROM search_console WHERE device = 'Ordinateur'") == 1
    before = store.rows(SUMS)
    store.close()
    _back_to_009(path)

    store = Store(path)   # migrates to 010
    assert sorted(store.rows("SELECT device FROM search_console WHERE device IS NOT NULL")) == [
        ("Desktop",), ("Mobile",), ("Tablet",)]
    countries = {r[0] for r in store.rows("SELECT country FROM search_console WHERE country IS NOT NULL")}
    assert {"United States", "India", "United Kingdom", "Hong Kong", "Turkey"} <= countries
    assert "États-Unis" not in countries and "Royaume-Uni" not in countries
    appearances = {r[0] for r in store.rows("SELECT search_appearance FROM search_console "
                                            "WHERE search_appearance IS NOT NULL")}
    assert appearances == {"Review snippet", "Product snippets", "Translated results", "Videos"}
    assert store.rows(SUMS) == before   # figures untouched: only the words changed

    again = ingest.load_parsed(store, sc.parse(_zip("gsc_performance_fr")), "fr.zip")
    assert again["inserted"] == 0 and again["replaced"] == 0
    assert again["unchanged"] == sum(n for _, n, *_ in before)
    assert store.rows(SUMS) == before   # never doubled
    assert store.scalar("SELECT count(*) - count(DISTINCT key) FROM search_console") == 0
    store.close()


FILTERS = "Date,1 janv. 2026 - 7 janv. 2026\n"
CHART = "Date,Clics,Impressions,CTR,Position\n2026-01-01,3,100,3%,2\n"


def _gsc(device_header: str, rows: str):
    return sc.parse_files({"Filtres.csv": ("Filtre,Valeur\n" + FILTERS).encode(),
                           "Dates.csv": CHART.encode(),
                           "Appareils.csv": (device_header + rows).encode()})


def test_same_days_from_an_english_and_a_french_export_keep_the_newer_and_undo_restores(tmp_path, monkeypatch):
    path = str(tmp_path / "w.duckdb")
    store = Store(path)
    english = ingest.load_parsed(store, _gsc("Device,Clicks,Impressions,CTR,Position\n",
                                             "Desktop,2,60,3.33%,2\nMobile,1,40,2.5%,2\n"), "en.zip")
    with monkeypatch.context() as m:
        _as_before(m)
        french = ingest.load_parsed(store, _gsc("Appareil,Clics,Impressions,CTR,Position\n",
                                                "Ordinateur,2,60,3.33%,2\nMobile,1,40,2.5%,2\n"), "fr.zip")
    # Before 010 the desktop row was held twice (Desktop and Ordinateur): 5 clicks for 3.
    assert store.scalar("SELECT sum(clicks) FROM search_console WHERE grain = 'device'") == 5
    store.close()
    _back_to_009(path)
    store = Store(path)
    assert store.rows("SELECT device, clicks, load_id FROM search_console WHERE grain = 'device' "
                      "ORDER BY device") == [("Desktop", 2.0, french["load_id"]),
                                             ("Mobile", 1.0, english["load_id"])]   # identical: unchanged
    assert store.rows("SELECT device, replaced_by FROM search_console__replaced WHERE grain = 'device' "
                      "AND load_id = ?", [english["load_id"]]) == [("Desktop", french["load_id"])]
    ingest.undo(store, french["load_id"])
    assert store.rows("SELECT device, clicks, load_id FROM search_console WHERE grain = 'device' "
                      "ORDER BY device") == [("Desktop", 2.0, english["load_id"]),
                                             ("Mobile", 1.0, english["load_id"])]
    store.close()


ADS_FR = ("Rapport sur les appareils\n\"1 janv. 2026 - 7 janv. 2026\"\n"
          "Jour,Appareil,Campagne,Code de la devise,Coût,Impr.,Clics\n"
          "2026-01-01,Ordinateurs,Soldes,EUR,\"1,50\",100,4\n2026-01-01,Mobiles,Soldes,EUR,\"2,50\",300,9\n")
ADS_PERIOD_FR = ("Rapport sur les appareils\n\"1 janv. 2026 - 7 janv. 2026\"\n"
                 "Appareil,Campagne,Code de la devise,Coût,Impr.,Clics\n"
                 "Ordinateurs,Soldes,EUR,\"1,50\",100,4\nÉcrans TV,Soldes,EUR,\"0,50\",30,1\n")


@pytest.mark.parametrize("text, devices", [(ADS_FR, ["Computers", "Mobile phones"]),
                                           (ADS_PERIOD_FR, ["Computers", "TV screens"])])
def test_google_ads_french_devices_rekeyed_as_a_load_keys_them(tmp_path, monkeypatch, text, devices):
    path = str(tmp_path / "w.duckdb")
    sample = read_sample(text.encode(), "appareils.csv")
    with monkeypatch.context() as m:
        _as_before(m)
        old = google_ads.parse(sample)
    store = Store(path)
    ingest.load_parsed(store, old, "appareils.csv", currency="EUR")
    store.close()
    _back_to_009(path)
    store = Store(path)
    assert sorted(r[0] for r in store.rows("SELECT device FROM ad_performance")) == devices
    again = ingest.load_parsed(store, google_ads.parse(sample), "appareils.csv", currency="EUR")
    assert (again["inserted"], again["replaced"], again["unchanged"]) == (0, 0, 2)
    assert store.scalar("SELECT count(*) FROM ad_performance") == 2
    store.close()
