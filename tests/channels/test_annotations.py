"""Timeline notes: add (validated, bound), list by window, delete; ids never collide with the demo's."""
from __future__ import annotations

from datetime import date

import pytest

from lib.channels import annotations


def test_add_list_and_delete(store):
    first = annotations.add(store, date(2026, 3, 2), "Lancement de la collection lin", "launch", "site")
    second = annotations.add(store, "2026-03-01", "  Hausse des prix de 5 %  ", "price_change")
    assert (first, second) == (1, 2)
    notes = annotations.list(store)
    assert list(notes["id"]) == [2, 1]            # by day, then id
    assert list(notes["text"]) == ["Hausse des prix de 5 %", "Lancement de la collection lin"]
    assert list(notes["channel"]) == ["all", "site"]
    annotations.delete(store, second)
    assert list(annotations.list(store)["id"]) == [1]


@pytest.mark.parametrize("start, end, expected", [
    (None, None, [1, 2, 3]),
    (date(2026, 3, 1), None, [2, 3]),
    (None, date(2026, 3, 1), [1, 2]),
    (date(2026, 3, 1), date(2026, 3, 1), [2]),
    (date(2026, 4, 1), date(2026, 4, 30), []),
])
def test_list_by_window(store, start, end, expected):
    for day in ("2026-02-28", "2026-03-01", "2026-03-02"):
        annotations.add(store, day, f"note {day}", "other")
    assert list(annotations.list(store, start, end)["id"]) == expected


@pytest.mark.parametrize("day, text, kind, channel, message", [
    ("2026-03-01", "", "launch", "all", "the note is empty"),
    ("2026-03-01", "   ", "launch", "all", "the note is empty"),
    ("2026-03-01", "x" * 501, "launch", "all", "keep it under 500"),
    ("2026-03-01", "Promo", "promo", "all", "unknown kind 'promo'; use one of launch, price_change"),
    ("2026-03-01", "Promo", "launch", "tv", "unknown channel 'tv'"),
    ("01/03/2026", "Promo", "launch", "all", "is not a date"),
])
def test_add_refuses_bad_values(store, day, text, kind, channel, message):
    with pytest.raises(ValueError, match=message):
        annotations.add(store, day, text, kind, channel)
    assert annotations.list(store).empty


def test_text_is_a_bound_value(store):
    text = "Panne'); DROP TABLE annotations; --"
    annotations.add(store, date(2026, 1, 5), text, "outage")
    assert annotations.list(store)["text"].tolist() == [text]


def test_ids_stay_below_the_demo_range(store):
    with store.transaction() as cur:
        cur.execute("INSERT INTO annotations VALUES (900000, DATE '2026-01-01', 'all', 'event', 'démo', NULL)")
    assert annotations.add(store, date(2026, 1, 2), "ma note", "other") == 1
    assert annotations.add(store, date(2026, 1, 3), "ma note 2", "other") == 2


def test_writes_bump_the_data_version(store):
    before = store.data_version()
    note = annotations.add(store, date(2026, 1, 2), "ma note", "bad_buzz", "social")
    annotations.delete(store, note)
    assert store.data_version() == before + 2


def test_delete_unknown_note(store):
    with pytest.raises(ValueError, match="no note with id 42"):
        annotations.delete(store, 42)


# -- refusals in the page's language (AnnotationError carries a Message) -------------------------
@pytest.mark.parametrize("call, english, french", [
    (lambda s: annotations.add(s, "2026-03-01", "   ", "launch"), "the note is empty: write what happened",
     "la note est vide : écrivez ce qui s'est passé"),
    (lambda s: annotations.add(s, "2026-03-01", "x" * 501, "launch"),
     "the note is 501 characters long; keep it under 500", "la note fait 501 caractères ; restez sous 500"),
    (lambda s: annotations.add(s, "01/03/2026", "Promo", "launch"),
     "the day '01/03/2026' is not a date (use YYYY-MM-DD)",
     "« 01/03/2026 » n'est pas une date : écrivez-la AAAA-MM-JJ"),
    (lambda s: annotations.delete(s, 42), "no note with id 42",
     "aucune note n'a l'identifiant 42 (elle a peut-être déjà été supprimée)"),
])
def test_refusals_are_worded_in_french_and_keep_their_english(store, call, english, french):
    from lib.i18n.messages import say_error

    with pytest.raises(annotations.AnnotationError) as caught:
        call(store)
    assert str(caught.value) == english
    assert say_error(caught.value, "en") == english
    assert say_error(caught.value, "fr") == french


def _french_notes_page():
    from lib.ui import annotations as ui_annotations

    ui_annotations.annotation_form("fr", "data")
    ui_annotations.annotation_list("fr")


def test_a_note_already_deleted_is_refused_in_french_on_the_page(tmp_path, monkeypatch):
    import pandas as pd
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import assert_clean

    monkeypatch.setenv("BALISE_DB", str(tmp_path / "notes.duckdb"))
    # another session deleted note 42 after this page listed it
    gone = pd.DataFrame({"id": [42], "day": [date(2026, 3, 1)], "channel": ["all"], "kind": ["launch"],
                         "text": ["Soldes d'hiver"], "created_at": [pd.Timestamp("2026-03-01 09:00")]})
    monkeypatch.setattr(annotations, "list", lambda store, start=None, end=None: gone)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_function(_french_notes_page, default_timeout=60)
    at.run()
    assert_clean(at)
    at.button(key="ann_delete_notes").click().run()
    assert_clean(at)
    assert [w.value for w in at.warning] == [
        "aucune note n'a l'identifiant 42 (elle a peut-être déjà été supprimée)"]
    st.cache_resource.clear()
