"""Email campaign sources: Mailchimp CSV/JSON (real files), Brevo and Klaviyo (documented layouts)."""
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lib.sources import brevo, klaviyo, mailchimp_csv, mailchimp_json
from lib.sources.base import Refused
from lib.sources.text import read_sample

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / ".." / "shared" / "data" / "real-exports"
FIXTURES = ROOT / "tests" / "fixtures" / "exports"


def _real(rel: str):
    path = REAL / rel
    if not path.exists():
        pytest.skip("../shared not present: real exports unavailable")
    return read_sample(path)


# (module, real file, campaigns, sent, delivered, unique opens)
REAL_CASES = [
    (mailchimp_csv, "mailchimp_campaigns_export/mailchimp_campaigns_latest.csv", 62, 16961, 16193,
     2933),
    (mailchimp_csv, "mailchimp_campaigns_export/mailchimp_campaigns_first_commit.csv", 15, 1992,
     1713, 413),
    (mailchimp_json, "mailchimp_api_json/campaigns_response_uie_2016.json", 3, 15117,
     14582 + 229 + 277, 3580),
]


@pytest.mark.parametrize("module,rel,n,sent,delivered,opens", REAL_CASES)
def test_real_mailchimp(module, rel, n, sent, delivered, opens):
    sample = _real(rel)
    assert module.detect(sample) > 0.8
    (p,) = module.parse(sample)
    f = p.frame
    assert p.table == "email_campaigns" and p.grain == ("platform", "campaign_id")
    assert len(f) == n and f["campaign_id"].is_unique
    assert (f["sent"].sum(), f["delivered"].sum(), f["unique_opens"].sum()) == (sent, delivered, opens)
    assert (f["day_from"] == f["day_to"]).all() and set(f["platform"]) == {"mailchimp"}
    assert not p.warnings and not p.rejected


def test_mailchimp_latest_rates_are_percent_and_dates_mdy():
    (p,) = mailchimp_csv.parse(_real("mailchimp_campaigns_export/mailchimp_campaigns_latest.csv"))
    assert p.notes["rates"] == {"open rate": "percent", "click rate": "percent"}
    first = p.frame.iloc[0]  # "Greenbiz Group 1, Email 1",...,2/24/17 11:29,...,131,129,2,0,2,...
    assert first["campaign"] == "Greenbiz Group 1, Email 1"
    assert first["day_from"].date() == date(2017, 2, 24) and first["send_time"].hour == 11
    assert (first["sent"], first["delivered"], first["soft_bounces"]) == (131, 129, 2)
    for col in ("open_rate", "Open_Rate", "click_rate"):
        assert col not in p.frame


def test_mailchimp_first_commit_keeps_unique_id():
    (p,) = mailchimp_csv.parse(
        _real("mailchimp_campaigns_export/mailchimp_campaigns_first_commit.csv"))
    assert p.frame.iloc[0]["campaign_id"] == "d78b351995"


def test_mailchimp_json_rates_are_fractions_and_delivered_recomputed():
    (p,) = mailchimp_json.parse(_real("mailchimp_api_json/campaigns_response_uie_2016.json"))
    row = p.frame.set_index("campaign_id").loc["aycl3"]
    # open_rate 0.31004366812227 = 71 / 229: report_summary has no bounces, delivered = 229
    assert row["delivered"] == 229 and row["unique_clicks"] == 6
    assert p.notes["rates"] == "fraction"


def test_mailchimp_mixed_rates_fixture():
    (p,) = mailchimp_csv.parse(read_sample(FIXTURES / "mailchimp_csv_mixed_rates.csv"))
    f = p.frame.set_index("campaign")
    assert f.loc["Spring, part 1", "delivered"] == 90
    assert f.loc["Spring 2", "unique_clicks"] == 2  # n/a count recomputed from 4.55% of 44
    assert p.notes["rates"]["open rate"] == "percent"
    assert len(p.warnings) == 1 and "line 4" in p.warnings[0]  # 50% open rate vs 20/50


def test_mailchimp_reports_endpoint():
    (p,) = mailchimp_json.parse(read_sample(FIXTURES / "mailchimp_json_reports.json"))
    r = p.frame.iloc[0]
    assert (r["sent"], r["delivered"], r["hard_bounces"], r["soft_bounces"]) == (1000, 985, 10, 5)
    assert (r["unique_opens"], r["unique_clicks"], r["unsubscribes"], r["complaints"]) == (394, 50, 4, 1)
    assert (r["conversions"], r["revenue"], r["currency"]) == (3, 150.5, "EUR")
    assert not p.warnings


@pytest.mark.parametrize("module,name,n,sent,delivered,opens,clicks", [
    (klaviyo, "klaviyo_campaigns.csv", 2, 1500, 1475, 530, 62),
    (brevo, "brevo_campaigns.csv", 2, 2800, 2750, 588 + 198, 138),
    (brevo, "brevo_campaigns.json", 2, 2000, 1973, 660, 74),
])
def test_fixture_platforms(module, name, n, sent, delivered, opens, clicks):
    sample = read_sample(FIXTURES / name)
    assert module.detect(sample) > 0.5
    assert mailchimp_csv.detect(sample) == 0.0
    (p,) = module.parse(sample)
    f = p.frame
    assert len(f) == n and set(f["platform"]) == {module.NAME}
    assert (f["sent"].sum(), f["delivered"].sum()) == (sent, delivered)
    assert (f["unique_opens"].sum(), f["unique_clicks"].sum()) == (opens, clicks)


def test_klaviyo_bad_date_rejected_and_conversions():
    (p,) = klaviyo.parse(read_sample(FIXTURES / "klaviyo_campaigns.csv"))
    assert [r.line for r in p.rejected] == [4]
    assert p.frame["conversions"].sum() == 14 and p.frame["revenue"].sum() == pytest.approx(945.4)


def test_brevo_json_skips_draft_and_sums_list_stats():
    (p,) = brevo.parse(read_sample(FIXTURES / "brevo_campaigns.json"))
    may = p.frame.set_index("campaign_id").loc["9"]
    assert (may["sent"], may["complaints"], pd.Timestamp(may["day_from"]).date()) == (500, 1, date(2025, 5, 6))


@pytest.mark.parametrize("module,data", [
    (mailchimp_csv, b"Title,Send Date,Unique Opens,Successful Deliveries\n"),
    (mailchimp_json, b'{"campaigns": [{"id": "x", "settings": {}, "report_summary": {}}]}'),
    (mailchimp_json, b"[1, 2]"),
])
def test_refused(module, data):
    with pytest.raises(Refused):
        module.parse(read_sample(data, "x"))


# -- table-driven cases from small strings (issue 15 items 2-4) --------------------------------

# Mailchimp's classic export header in each interface language of the vocabulary.
MAILCHIMP_HEADERS = {
    "en": "Title,Subject,List,Send Date,Total Recipients,Successful Deliveries,Unique Opens,Open Rate",
    "fr": "Titre,Objet,Liste,Date d'envoi,Total des destinataires,Envois réussis,Ouvertures uniques,"
          "Taux d'ouverture",
    "es": "Título,Asunto,Lista,Fecha de envío,Total de destinatarios,Entregas correctas,"
          "Aperturas únicas,Tasa de apertura",
    "de": "Titel,Betreff,Liste,Sendedatum,Empfänger insgesamt,Erfolgreiche Zustellungen,"
          "Eindeutige Öffnungen,Öffnungsrate",
    "it": "Titolo,Oggetto,Lista,Data di invio,Destinatari totali,Consegne riuscite,Aperture uniche,"
          "Tasso di apertura",
    "pt": "Título,Assunto,Lista,Data de envio,Total de destinatários,Entregas bem-sucedidas,"
          "Aberturas únicas,Taxa de abertura",
    "nl": "Titel,Onderwerp,Lijst,Verzenddatum,Totaal aantal ontvangers,Geslaagde afleveringen,"
          "Unieke opens,Openingspercentage",
}


def mailchimp(text: str):
    sample = read_sample(text.encode(), "campaigns.csv")
    assert mailchimp_csv.detect(sample) > 0.8
    (p,) = mailchimp_csv.parse(sample)
    return p


def sends(p) -> list[str]:
    return [t.strftime("%Y-%m-%d %H:%M") for t in p.frame["send_time"]]


@pytest.mark.parametrize("lang", sorted(MAILCHIMP_HEADERS))
def test_mailchimp_header_in_each_language(lang):
    text = MAILCHIMP_HEADERS[lang] + "\nA,s,L,2025-03-04 09:00,100,90,45,50%\nB,s,L,2025-03-05 10:00,10,10,1,10%\n"
    p = mailchimp(text)
    assert list(p.frame["sent"]) == [100, 10] and list(p.frame["unique_opens"]) == [45, 1]
    assert sends(p) == ["2025-03-04 09:00", "2025-03-05 10:00"] and not p.warnings


HEAD = "Title,Send Date,Total Recipients,Unique Opens,Successful Deliveries\n"


@pytest.mark.parametrize("rows, expected", [
    (["A,13/03/2025 09:00,1,1,1", "B,01/03/2025 10:00,1,1,1"], ["2025-03-13 09:00", "2025-03-01 10:00"]),
    (["A,03/13/2025 09:00,1,1,1", "B,03/01/2025 10:00,1,1,1"], ["2025-03-13 09:00", "2025-03-01 10:00"]),
    # only the last row decides
    (["A,02/03/25 9:00,1,1,1", "B,05/03/25 9:00,1,1,1", "C,25/03/25 9:00,1,1,1"],
     ["2025-03-02 09:00", "2025-03-05 09:00", "2025-03-25 09:00"]),
    (["A,03/02/25 9:00,1,1,1", "B,03/05/25 9:00,1,1,1", "C,03/25/25 9:00,1,1,1"],
     ["2025-03-02 09:00", "2025-03-05 09:00", "2025-03-25 09:00"]),
])
def test_mailchimp_date_order_decided_by_the_file(rows, expected):
    assert sends(mailchimp(HEAD + "\n".join(rows) + "\n")) == expected


def test_an_undecidable_date_order_is_refused():
    with pytest.raises(Refused, match=r"send dates read both ways \('02/03/2025 09:00'"):
        mailchimp(HEAD + "A,02/03/2025 09:00,1,1,1\nB,03/04/2025 09:00,1,1,1\n")


@pytest.mark.parametrize("weekday, expected", [
    ("Sunday", "2025-03-02 09:00"),      # 2 March 2025 was a Sunday: day first
    ("Monday", "2025-02-03 09:00"),      # 3 February 2025 was a Monday: month first
    ("lundi", "2025-02-03 09:00"),
])
def test_the_weekday_column_decides_what_the_dates_leave_open(weekday, expected):
    text = "Title,Send Date,Send Weekday,Total Recipients,Unique Opens,Successful Deliveries\n"
    assert sends(mailchimp(text + f"A,02/03/2025 09:00,{weekday},1,1,1\n")) == [expected]


def test_decimal_comma_with_semicolons_and_currency_marks():
    text = ("Campaign Name;Send Time;Send Weekday;Total Recipients;Unique Placed Order;Revenue;Unique Opens;"
            "Open Rate;Successful Deliveries;Campaign Channel\n"
            "A;2025-03-04 09:00;Tuesday;1.000;2;€1.234,50;410;41,63%;985;Email\n"
            "B;2025-03-05 09:00;Wednesday;500;1;€99,90;120;24,49%;490;Email\n")
    sample = read_sample(text.encode(), "k.csv")
    assert klaviyo.detect(sample) == 0.9 and mailchimp_csv.detect(sample) == 0.0
    (p,) = klaviyo.parse(sample)
    assert list(p.frame["sent"]) == [1000, 500] and list(p.frame["revenue"]) == [1234.5, 99.9]
    assert p.notes["rates"] == {"open rate": "percent"} and not p.warnings   # 410/985 = 41.63%


@pytest.mark.parametrize("revenue, total", [(("US$50.00", "US$1,250.50"), 1300.5),
                                            (("CA$12.00", "CA$3.40"), 15.4)])
def test_currency_prefixes(revenue, total):
    text = (HEAD.rstrip("\n") + ",Revenue\n" + f'A,2025-03-04 09:00,1,1,1,"{revenue[0]}"\n'
            f'B,2025-03-05 09:00,1,1,1,"{revenue[1]}"\n')
    assert mailchimp(text).frame["revenue"].sum() == pytest.approx(total)


@pytest.mark.parametrize("total_row", [
    "Total,,,30,20,27",            # column 1
    ",Total: campaigns,,30,20,27",  # column 2
    ",,Totaux,30,20,27",           # column 3
    ",,,30,20,27",                 # by shape: no name, no date, no id
])
def test_totals_rows_are_checks_not_campaigns(total_row):
    text = ("Title,Subject,Send Date,Total Recipients,Unique Opens,Successful Deliveries\n"
            "A,s,2025-03-04 09:00,20,15,18\n" + total_row + "\nB,s,2025-03-05 09:00,10,5,9\n")
    p = mailchimp(text)
    assert list(p.frame["campaign"]) == ["A", "B"] and not p.rejected and not p.warnings
    assert p.notes["total_check"]["metrics"]["sent"] == {"rows": 30, "total": 30, "ok": True}


def test_missing_columns_say_what_was_recognised():
    with pytest.raises(Refused, match=r"no column is known for sent \(known: 'Title' \(campaign\), "
                                      r"'Send Date' \(send_time\); not known: 'Envoyés à'\)"):
        mailchimp_csv.parse(read_sample("Title,Send Date,Envoyés à\nA,2025-03-04,1\n".encode(), "c.csv"))


# Brevo's campaign export header in each interface language of the vocabulary.
BREVO_HEADERS = {
    "en": "Campaign name,Sent date,Sent,Delivered,Hard bounces,Unique opens",
    "fr": "Nom de la campagne,Date d'envoi,Envoyés,Délivrés,Rebonds définitifs,Ouvertures uniques",
    "es": "Nombre de la campaña,Fecha de envío,Enviados,Entregados,Rebotes permanentes,Aperturas únicas",
    "de": "Kampagnenname,Versanddatum,Gesendet,Zugestellt,Hard Bounces,Eindeutige Öffnungen",
    "it": "Nome della campagna,Data di invio,Inviati,Consegnati,Hard bounce,Aperture uniche",
    "pt": "Nome da campanha,Data de envio,Enviados,Entregues,Hard bounces,Aberturas únicas",
    "nl": "Campagnenaam,Verzenddatum,Verzonden,Afgeleverd,Harde bounces,Unieke opens",
}


@pytest.mark.parametrize("lang", sorted(BREVO_HEADERS))
def test_brevo_header_in_each_language(lang):
    text = BREVO_HEADERS[lang] + "\nMars,2025-03-05 08:00,2000,1960,25,588\n"
    sample = read_sample(text.encode(), "export.csv")
    assert brevo.detect(sample) == 0.6 and mailchimp_csv.detect(sample) == 0.0
    assert klaviyo.detect(sample) == 0.0
    (p,) = brevo.parse(sample)
    assert (p.frame["sent"].iloc[0], p.frame["delivered"].iloc[0], p.frame["hard_bounces"].iloc[0]) == (2000, 1960, 25)


def test_a_subject_that_starts_with_total_is_a_campaign():
    p = mailchimp("Title,Subject,Send Date,Total Recipients,Unique Opens,Successful Deliveries\n"
                  "A,Total: 50% off today,2025-03-04 09:00,20,15,18\n")
    assert list(p.frame["subject"]) == ["Total: 50% off today"] and "total_check" not in p.notes
