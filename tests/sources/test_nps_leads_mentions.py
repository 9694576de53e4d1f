"""NPS surveys, HubSpot contacts/deals and social-listening mentions (fixtures to documented layouts)."""
from datetime import date, datetime
from pathlib import Path

import pytest

from lib.sources import hubspot, mentions, nps
from lib.sources.base import Refused
from lib.sources.text import read_sample

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
MODULES = (nps, hubspot, mentions)


def _load(name: str):
    return read_sample(FIXTURES / name)


@pytest.mark.parametrize("module,name,table,n,rejected_lines", [
    (nps, "nps_survey.csv", "nps_responses", 5, [5, 6]),
    (nps, "nps_note_fr.csv", "nps_responses", 2, []),
    (hubspot, "hubspot_contacts.csv", "leads", 4, [5]),
    (hubspot, "hubspot_deals.csv", "leads", 3, [5]),
    (mentions, "mentions_brand24.csv", "mentions", 3, [5]),
    (mentions, "mentions_mentionlytics.csv", "mentions", 3, []),
])
def test_fixture_loads_and_only_its_module_detects_it(module, name, table, n, rejected_lines):
    sample = _load(name)
    assert module.detect(sample) >= 0.5
    assert all(m.detect(sample) == 0 for m in MODULES if m is not module)
    (p,) = module.parse(sample)
    assert p.table == table and len(p.frame) == n
    assert [r.line for r in p.rejected] == rejected_lines
    assert (p.frame["day_from"] == p.frame["day_to"]).all()


def test_nps_scores_and_fields():
    (p,) = nps.parse(_load("nps_survey.csv"))
    f = p.frame.set_index("response_id")
    assert list(f["score"]) == [10, 9, 6, 0, 8]   # 11 and 7.5 rejected
    assert f.loc["r1", "comment"] == "Great, fast" and f.loc["r1", "segment"] == "Pro"
    assert f.loc["r1", "response_time"] == datetime(2025, 3, 1, 9, 12)
    assert "not a whole number 0..10" in p.rejected[0].reason


def test_nps_french_dates_are_day_first():
    (p,) = nps.parse(_load("nps_note_fr.csv"))
    assert list(p.frame["day_from"]) == [date(2025, 3, 4), date(2025, 3, 5)]
    # no id column: ids are stable hashes, the same on a second load
    assert list(nps.parse(_load("nps_note_fr.csv"))[0].frame["response_id"]) == \
        list(p.frame["response_id"])


def test_hubspot_contacts_statuses():
    (p,) = hubspot.parse(_load("hubspot_contacts.csv"))
    f = p.frame.set_index("lead_id")
    assert f["status"].to_dict() == {"contact:101": "lead", "contact:102": "qualified",
                                     "contact:103": "customer", "contact:105": "lead"}
    assert f["customers"].sum() == 1 and f["leads"].sum() == 4
    assert f.loc["contact:102", "campaign"] == "spring_sale"
    assert f.loc["contact:102", "lead_source"] == "Paid Social"
    assert "Partner" in p.warnings[0]


def test_hubspot_contact_without_record_id_or_email_is_a_rejected_line_and_the_others_keep_their_fields():
    data = (b"Record ID,Email,Create Date,Lifecycle Stage,Original Source,Original Source Drill-Down 2\n"
            b"1,a@x.fr,2026-01-02 10:00,lead,Organic search,\n"
            b",,2026-01-03 11:00,customer,Direct traffic,\n"
            b",c@x.fr,2026-01-04 09:00,customer,Paid social,spring\n")
    (p,) = hubspot.parse(read_sample(data, name="contacts.csv"))
    assert [(r.line, r.reason.code) for r in p.rejected] == [(3, "msg_rej_no_record_id")]
    f = p.frame.set_index("lead_id")
    assert f["status"].to_dict() == {"contact:1": "lead", "contact:c@x.fr": "customer"}
    assert f["lead_source"].to_dict() == {"contact:1": "Organic search", "contact:c@x.fr": "Paid social"}
    assert f.loc["contact:c@x.fr", "campaign"] == "spring"


def test_hubspot_deals_stage_and_value():
    (p,) = hubspot.parse(_load("hubspot_deals.csv"))
    f = p.frame.set_index("lead_id")
    assert f["status"].to_dict() == {"deal:9001": "customer", "deal:9002": "qualified",
                                     "deal:9003": "lead"}
    assert f["value"].sum() == 20000 and f.loc["deal:9001", "day_from"].date() == date(2025, 2, 10)


def test_mentions_sentiment_labels_and_scores():
    (b24,) = mentions.parse(_load("mentions_brand24.csv"))
    assert b24.frame["negative_mentions"].sum() == 1 and b24.frame["mentions"].sum() == 3
    first = b24.frame.iloc[0]
    assert first["mention_time"] == datetime(2025, 3, 1, 9, 15)
    assert first["author_reach"] == 1200 and first["network"] == "twitter"
    assert first["text"] == "Love it - Balise is great, really"
    (ml,) = mentions.parse(_load("mentions_mentionlytics.csv"))
    assert list(ml.frame["sentiment"]) == ["positive", "negative", "neutral"]
    assert ml.frame["url"].iloc[1] == "https://twitter.com/b/2"


@pytest.mark.parametrize("value,expected", [
    ("Positive", "positive"), ("negative", "negative"), ("neutre", "neutral"), ("-1", "negative"),
    ("0.3", "positive"), ("0", "neutral"), ("", None),
])
def test_sentiment(value, expected):
    assert mentions.sentiment(value) == expected


@pytest.mark.parametrize("module,data", [
    (nps, b"date,score\n2025-01-01,12\n"),
    (nps, b"date,comment\n2025-01-01,hello\n"),
    (hubspot, b"Record ID,Create Date,Lifecycle Stage\n"),
    (mentions, b"Date,Mention\n"),
    (mentions, b"just one column\nvalue\n"),
])
def test_refused(module, data):
    with pytest.raises(Refused):
        module.parse(read_sample(data, "x.csv"))


# -- HubSpot, table-driven from small strings (issue 15 items 2-4) ------------------------------

DEAL_HEADERS = {
    "en": "Record ID,Deal Name,Deal Stage,Amount,Create Date",
    "fr": "ID de fiche d'informations,Nom de la transaction,Phase de la transaction,Montant,Date de création",
    "es": "ID de registro,Nombre del negocio,Etapa del negocio,Importe,Fecha de creación",
    "de": "Datensatz-ID,Name des Deals,Deal-Phase,Betrag,Erstellungsdatum",
    "it": "ID record,Nome della trattativa,Fase della trattativa,Importo,Data di creazione",
    "pt": "ID do registro,Nome do negócio,Etapa do negócio,Valor,Data de criação",
    "nl": "Record-ID,Dealnaam,Dealfase,Bedrag,Aanmaakdatum",
}


def deals(text: str):
    sample = read_sample(text.encode(), "deals.csv")
    assert hubspot.detect(sample) == 0.9
    (p,) = hubspot.parse(sample)
    return p


@pytest.mark.parametrize("lang", sorted(DEAL_HEADERS))
def test_hubspot_deals_header_in_each_language(lang):
    p = deals(DEAL_HEADERS[lang] + "\n1,A,Closed Won,100,2025-03-01 10:00\n2,B,Closed Lost,50,2025-03-02 10:00\n")
    assert list(p.frame["status"]) == ["customer", "lead"] and p.frame["value"].sum() == 150


@pytest.mark.parametrize("dates, expected", [
    (("13/03/2025 10:00", "01/03/2025"), ["2025-03-13", "2025-03-01"]),
    (("03/13/2025 10:00", "03/01/2025"), ["2025-03-13", "2025-03-01"]),
    (("02/03/2025", "05/03/2025", "25/03/2025"), ["2025-03-02", "2025-03-05", "2025-03-25"]),  # last decides
])
def test_hubspot_date_order_decided_by_the_file(dates, expected):
    rows = "".join(f"{i},D{i},Closed Won,1,{d}\n" for i, d in enumerate(dates))
    p = deals(DEAL_HEADERS["en"] + "\n" + rows)
    assert list(p.frame["day_from"].dt.strftime("%Y-%m-%d")) == expected


def test_hubspot_undecidable_dates_refused():
    with pytest.raises(Refused, match="create dates read both ways"):
        deals(DEAL_HEADERS["en"] + "\n1,A,Closed Won,1,02/03/2025\n2,B,Closed Won,1,03/04/2025\n")


def test_hubspot_semicolons_decimal_commas_and_currency_marks():
    p = deals(DEAL_HEADERS["en"].replace(",", ";") + "\n1;A;Closed Won;€1.200,50;2025-03-01\n"
              "2;B;Closed Won;CA$99,50;2025-03-02\n")
    assert list(p.frame["value"]) == [1200.5, 99.5]


@pytest.mark.parametrize("total_row", [",Total,,150,", ",,Total: deals,150,", ",,,150,"])
def test_hubspot_totals_row_is_not_a_deal(total_row):
    p = deals(DEAL_HEADERS["en"] + "\n1,A,Closed Won,100,2025-03-01\n" + total_row +
              "\n2,B,Closed Won,50,2025-03-02\n")
    assert list(p.frame["lead_id"]) == ["deal:1", "deal:2"] and not p.rejected
    assert p.notes["total_check"]["metrics"]["amount"] == {"rows": 150, "total": 150, "ok": True}
