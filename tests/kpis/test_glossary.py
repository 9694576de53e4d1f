"""The glossary is generated from the catalogue: every KPI has a label, formula, description and good, in fr and en."""
from __future__ import annotations

from dataclasses import replace

import pytest

from lib import i18n
from lib.kpis import catalogue as kpis
from lib.kpis import glossary


@pytest.mark.parametrize("kpi", kpis.CATALOGUE, ids=lambda k: k.id)
def test_every_kpi_is_fully_described(kpi):
    assert glossary.missing(kpi) == [], f"{kpi.id} lacks {', '.join(glossary.missing(kpi))}"


BASE = kpis.get("site_sessions")


@pytest.mark.parametrize("change, expected", [
    ({}, []),
    ({"label": {"fr": "Sessions", "en": ""}}, ["label.en"]),
    ({"formula": {"fr": "   ", "en": "sum of sessions"}}, ["formula.fr"]),
    ({"description": {"en": "Visits"}}, ["description.fr"]),
    ({"good": {}}, ["good.fr", "good.en"]),
    ({"good": None, "label": {"fr": None, "en": "x"}}, ["label.fr", "good.fr", "good.en"]),
])
def test_missing_names_each_absent_text(change, expected):
    assert glossary.missing(replace(BASE, **change)) == expected


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_rows_cover_the_catalogue_in_order(lang):
    rows = glossary.rows(lang)
    assert [r["id"] for r in rows] == [k.id for k in kpis.CATALOGUE]
    assert all(r[c] for r in rows for c in glossary.COLUMNS)
    first = rows[0]
    k = kpis.CATALOGUE[0]
    assert (first["label"], first["formula"], first["description"], first["good"]) == (
        k.label[lang], k.formula[lang], k.description[lang], k.good[lang])


@pytest.mark.parametrize("channel", kpis.CHANNELS)
def test_rows_of_one_channel_and_its_name(channel):
    rows = glossary.rows("en", channel)
    assert [r["id"] for r in rows] == [k.id for k in kpis.for_channel(channel)]
    assert glossary.channel_label(channel, "fr") and glossary.channel_label(channel, "en")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        glossary.rows("de")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_model_rows_document_the_predictive_cltv(lang):
    (row,) = glossary.model_rows(lang)
    assert row["id"] == "cltv" and all(row[c] for c in glossary.COLUMNS)
    assert ("churn" in row["formula"]) and ("1 / churn" in row["description"])
