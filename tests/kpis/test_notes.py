"""Query notes: codes with values, worded per language; the command line keeps its exact sentences."""
from __future__ import annotations

import pickle

import pytest

from lib import i18n
from lib.kpis import notes
from lib.kpis.notes import Note

# code, values, the sentence the command line printed before notes became codes (word for word).
CASES = [
    ("note_cut", dict(table="site_traffic", source="ga4", grain="date+channel_group", others=1),
     "site_traffic/ga4: answered from the date+channel_group cut; 1 other cut(s) of the same data left out"),
    ("note_no_export", dict(table="site_traffic", source="ga4", dims="device, landing_page"),
     "site_traffic/ga4: no export carries device, landing_page for this window"),
    ("note_no_daily_export", dict(table="ad_performance", source="meta"),
     "ad_performance/meta: no export carries daily rows for this window"),
    ("note_straddling", dict(table="site_traffic", rows=3),
     "site_traffic: 3 row(s) cover a period that straddles the window and are left out; "
     "choose a window that contains their whole period"),
    ("note_currencies", dict(table="ad_performance", currencies="EUR, GBP"),
     "ad_performance: several currencies (EUR, GBP); figures are split by currency, never added"),
]
# Notes without a count read the same on an English page as on the command line.
NO_COUNT = {"note_no_export", "note_no_daily_export", "note_currencies"}


@pytest.mark.parametrize("code,values,sentence", CASES, ids=[c[0] for c in CASES])
def test_command_line_sentence_unchanged(code, values, sentence):
    note = Note.of(code, **values)
    assert str(note) == sentence
    assert str(note.compared()) == f"comparison: {sentence}"


# What a person reads: tables, systems and columns by their names, never their ids.
WORDED = {
    "note_cut": ("Trafic du site · Google Analytics 4 : calculé à partir de la coupe jour × Groupe de canaux ; "
                 "autres coupes des mêmes données écartées : 1",
                 "Website traffic · Google Analytics 4: answered from the day × Channel group cut; "
                 "other cuts of the same data left out: 1"),
    "note_no_export": ("Trafic du site · Google Analytics 4 : aucun export n'a la répartition demandée (Appareil, Page d'arrivée) "
                       "pour cette fenêtre",
                       "Website traffic · Google Analytics 4: no export has the breakdown asked for (Device, Landing page) for this window"),
    "note_no_daily_export": ("Publicité · Meta : aucun export ne porte de lignes quotidiennes pour cette fenêtre",
                             "Paid ads · Meta: no export carries daily rows for this window"),
}


@pytest.mark.parametrize("code,values,sentence", CASES, ids=[c[0] for c in CASES])
def test_worded_in_each_language(code, values, sentence):
    note = Note.of(code, **values)
    fr, en = note.text("fr"), note.text("en")
    assert fr != en
    assert "(s)" not in fr and "(s)" not in en
    for text in (fr, en):   # no table id, no grain code
        assert not any(v in text for v in ("site_traffic", "ad_performance", "date+", "landing_page"))
    if code in WORDED:
        assert (fr, en) == WORDED[code]


def test_a_source_with_several_accounts_is_named_with_the_account_and_said_once():
    note = Note.of("note_no_export", table="search_console", dims="page",
                   source="search_console (https://blog.example.fr/)")
    assert note.text("fr") == "Search Console (https://blog.example.fr/) : aucun export n'a la répartition demandée (Page) pour cette fenêtre"


def test_every_code_has_both_languages():
    for code in [*notes.PLAIN, "note_comparison"]:
        assert set(i18n.STRINGS[code]) >= {"fr", "en"}, code


def test_comparison_is_said_in_the_reader_language():
    note = Note.of("note_straddling", table="site_traffic", rows=2).compared()
    assert note.text("fr").startswith("période de comparaison : Trafic du site : ")
    assert note.text("en").startswith("comparison: Website traffic: ")


def test_texts_keep_order_and_drop_repeats():
    a = Note.of("note_currencies", table="ad_performance", currencies="EUR, GBP")
    b = Note.of("note_no_daily_export", table="site_traffic", source="ga4")
    assert notes.texts([a, b, a], "fr") == [a.text("fr"), b.text("fr")]


def test_notes_are_hashable_and_cacheable():
    """Pages cache results (st.cache_data pickles them) and drop repeated notes (a dict of them)."""
    note = Note.of("note_cut", table="t", source="s", grain="g", others=2).compared()
    assert pickle.loads(pickle.dumps(note)) == note
    assert len({note, Note.of("note_cut", table="t", source="s", grain="g", others=2).compared()}) == 1
