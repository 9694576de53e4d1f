"""Every message a user can meet while loading a file exists in French and English (issue 18):
each refusal, warning and rejected-line reason of the readers and the loader is triggered here,
from small files built in the test and from the real and messy exports in ../shared, and its
French wording is checked to be French and to name no internal id. The command line keeps the
English text (str of the message)."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from lib.i18n.messages import Message, say
from lib.i18n.translate import STRINGS
from lib.ingest import load as ingest
from lib.ingest import mappings, uploads
from lib.sources import (
    cells,
    ga4_csv,
    generic,
    google_ads,
    google_reviews,
    hubspot,
    mailchimp_csv,
    mentions,
    meta_ads,
    meta_business_suite,
    nps,
    order_lines,
    orders,
)
from lib.sources import search_console as sc
from lib.sources.base import Parsed, Refused
from lib.sources.text import read_sample, read_table
from lib.store import Store
from tests.conftest import REAL, SHARED, assert_clean
from tests.test_data_page import texts, upload

FR_WORDS = {"le", "la", "les", "de", "du", "des", "un", "une", "pas", "aucun", "aucune", "n'a", "ni",
            "est", "sont", "ou", "à", "et", "ce", "cette", "ligne", "lignes", "fichier", "l'export",
            "date", "vide", "colonne", "dans", "sur", "avis", "mois", "champs", "réponse", "répondu",
            "type", "compte", "devise", "chargement", "tableau", "période", "dates"}
EN_ONLY = {"the", "is", "not", "could", "which", "with", "rows", "holds", "were", "been", "file's",
           "cannot", "empty", "should", "found", "only", "there"}
SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")   # an id: ad_performance, position_sum, google_ads


def _sample(text: str | bytes, name: str = "export.csv"):
    return read_sample(text.encode() if isinstance(text, str) else text, name)


def _refusal(call) -> Message:
    try:
        call()
    except (Refused, ingest.IngestError, ValueError) as exc:
        return exc.args[0]
    raise AssertionError("not refused")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _real(*parts: str) -> bytes:
    path = REAL.joinpath(*parts)
    if not path.exists():
        pytest.skip("../shared not present")
    return path.read_bytes()


def _messy(*parts: str) -> bytes:
    path = SHARED.joinpath("data", "messy-csv", *parts)
    if not path.exists():
        pytest.skip("../shared not present")
    return path.read_bytes()


def _read(data: bytes, name: str):
    return lambda: ingest.read_file(data, name)


def _warnings(parsed: list[Parsed]) -> list:
    return [w for p in parsed for w in p.warnings]


def _reasons(parsed: list[Parsed]) -> list:
    return [r.reason for p in parsed for r in p.rejected]


AMBIGUOUS = "Day,Campaign,Impr.,Clicks,Currency code,Cost\n03/02/2025,Soldes,10,1,EUR,2.5\n04/05/2025,Soldes,10,1,EUR,2.5\n"
GA4_NO_DATES = "# Rapport\nSession source,Sessions\ngoogle,12\n"
GSC_FILES = {"Filters.csv": b"Filter,Value\nDate,Last 28 days\n",
             "Chart.csv": b"Date,Clicks,Impressions,CTR,Position\n2026-01-01,3,100,50%,2\n2026-01-02,x,100,1%,2\n",
             "Queries.csv": b"Top queries,Clicks,Impressions,CTR,Position\nbalise,3,100,3%,2\nshort,1\n"}
GSC_BAD_FIRST = "Fecha rara,Clicks,Impressions,CTR,Position\n2026-01-01,3,100,3%,2\n"
MC_RATE = ("Campaign Name,Send Date,Total Recipients,Unique Opens,Open Rate,Successful Deliveries\n"
           "Printemps,2025-03-01 10:00,100,10,50%,100\nBrouillon,,50,0,0%,50\n")
HUB_CONTACTS = "Record ID,Create Date,Lifecycle Stage\n11,2025-01-01,lead\n12,2025-01-02,hot prospect\n"
NPS = "Date,Score\n2025-01-01,11\n2025-01-02,\n"
ORDERS = ("Name,Created at,Total,Currency,Lineitem quantity\n#1,,10,EUR,1\n#1,,0,EUR,1\n"
          "#2,2025-01-02 10:00:00 +0100,20,,1\n")
LINES = "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,12/13/2010 08:26,1.5,\n"
MENTIONS = "Date,Mention,URL\n2025-01-01,Balise est top,https://a\n2025-01-02,Encore,https://a\nbad,x,https://b\n"
MBS_TITLE = "\ufeffsep=,\nPortée Instagram\nDate,Primary\n2025-01-01T00:00:00,12\n"
META_TOTAL = ("Campaign name,Reporting starts,Reporting ends,Impressions,Amount spent (EUR)\n"
              ",2025-01-01,2025-01-31,100,10\n")
REVIEWS = b'{"reviews": [1, {"createTime": "hier"}]}'
CONV = "Received,Kind,Replied\n2025-01-02 10:00,comment,2025-01-01 10:00\n2025-01-02 11:00,pigeon,\nhier,comment,\n"
CONV_OK = CONV + "2025-01-03 10:00,message,\n"
CONV_MAP = {"Received": "received_time", "Kind": "kind", "Replied": "replied_time"}


def cases() -> list[tuple[str, object]]:
    """(what, a function giving the messages it leads to)."""
    return [
        ("file name", lambda: [_refusal(lambda: uploads.check_upload("", b"a,b\n1,2\n"))]),
        ("extension", lambda: [_refusal(lambda: uploads.check_upload("export.exe", b"a"))]),
        ("no extension", lambda: [_refusal(lambda: uploads.check_upload("export", b"a"))]),
        ("empty", lambda: [_refusal(lambda: uploads.check_upload("export.csv", b"  \n"))]),
        ("program", lambda: [_refusal(lambda: uploads.check_upload("export.csv", b"MZ\x90\x00" * 10))]),
        ("old office", lambda: [_refusal(lambda: uploads.check_upload("export.csv", b"\xd0\xcf\x11\xe0" * 10))]),
        ("zip misnamed", lambda: [_refusal(lambda: uploads.check_upload("export.csv", _zip({"a.csv": b"a,b"})))]),
        ("not a zip", lambda: [_refusal(lambda: uploads.check_upload("export.zip", b"a,b\n1,2\n"))]),
        ("not a workbook", lambda: [_refusal(lambda: uploads.check_upload("export.xlsx", b"a,b\n1,2\n"))]),
        ("damaged zip", lambda: [_refusal(lambda: uploads.check_upload("export.zip", b"PK\x03\x04broken"))]),
        ("zip outside", lambda: [_refusal(lambda: uploads.check_upload("export.zip", _zip({"../a.csv": b"a"})))]),
        ("zip program", lambda: [_refusal(lambda: uploads.check_upload("export.zip", _zip({"run.exe": b"a"})))]),
        ("binary", lambda: [_refusal(lambda: uploads.check_upload("export.csv", bytes(range(256)) * 40))]),
        ("long cell", lambda: [_refusal(lambda: uploads.check_upload("export.csv", b"a,b\n" + b"x" * 10_001))]),
        ("wide", lambda: [_refusal(lambda: uploads.check_upload("export.csv", (",".join(["c"] * 501) + "\n").encode()))]),
        ("not recognised", lambda: [_refusal(_read(b"Fruit;Couleur\npomme;rouge\n", "export.csv"))]),
        ("looks like ads", lambda: [_refusal(_read(b"Campaign,Clicks,Foo\nA,1,2\n", "export.csv"))]),
        ("gsc first column", lambda: [_refusal(_read(GSC_BAD_FIRST.encode(), "export.csv"))]),
        ("undecided dates", lambda: [_refusal(lambda: google_ads.parse(_sample("Report\n\"1 January 2025 - 31 May 2025\"\n" + AMBIGUOUS)))]),
        ("mixed dates", lambda: [_refusal(lambda: cells.date_order(["13/01/2025", "01/13/2025"], "export.csv"))]),
        ("excel dates", lambda: [_refusal(lambda: read_table(_sample("Day,Clicks\n2025-01-01,12\n2025-01-02,1.5\n2025-01-03,3-Jan\n")))]),
        ("all time", lambda: [_refusal(_read(_real("google_ads_campaign_report_usd", "Campaign report.csv"), "Campaign report.csv"))]),
        ("gsc alone", lambda: [_refusal(_read(_real("gsc_performance_fr", "Pays.csv"), "Pays.csv"))]),
        ("gsc filters", lambda: [_refusal(_read(_real("gsc_performance_en", "Filters.csv"), "Filters.csv"))]),
        ("gsc cap and rejected", lambda: (lambda p: _warnings(p) + _reasons(p))(sc.parse_files(GSC_FILES))),
        ("gsc cap real", lambda: _warnings(sc.parse(read_sample(_zip({f: _real("gsc_performance_en", f) for f in ("Filters.csv", "Chart.csv", "Queries.csv")}), "gsc.zip")))),
        ("kaggle", lambda: [_refusal(_read(_real("kag_facebook_ad_conversions", "KAG_conversion_data.csv"), "KAG.csv"))]),
        ("meta no data", lambda: [_refusal(_read(_real("meta_ads_manager_inr", "Daniel-Conlan-Campaigns-1-Sep-202430-Sep-2024.csv"), "meta.csv"))]),
        ("meta only total", lambda: [_refusal(lambda: meta_ads.parse(_sample(META_TOTAL)))]),
        ("audience", lambda: [_refusal(_read(_real("meta_business_suite_insights", "Audience.csv"), "Audience.csv"))]),
        ("audience excel", lambda: [_refusal(_read(_real("meta_business_suite_excel_resaved", "Audience.csv"), "Audience.csv"))]),
        ("mbs title", lambda: [_refusal(lambda: meta_business_suite.parse(_sample(MBS_TITLE)))]),
        ("linkedin empty", lambda: [_refusal(_read(_real("linkedin_campaign_manager", "creative_performance_report.csv"), "li.csv"))]),
        ("ga4 no dates", lambda: [_refusal(lambda: ga4_csv.parse(_sample(GA4_NO_DATES)))]),
        ("ga4 no table", lambda: [_refusal(lambda: ga4_csv.parse(_sample("# Rapport\n")))]),
        ("mailchimp rates", lambda: (lambda p: _warnings(p) + _reasons(p))(mailchimp_csv.parse(_sample(MC_RATE)))),
        ("hubspot", lambda: (lambda p: _warnings(p) + _reasons(p))(hubspot.parse(_sample(HUB_CONTACTS)))),
        ("nps", lambda: [_refusal(lambda: nps.parse(_sample(NPS)))]),
        ("orders", lambda: (lambda p: _warnings(p) + _reasons(p))(orders.parse(_sample(ORDERS)))),
        ("order lines", lambda: _warnings(order_lines.parse(_sample(LINES)))),
        ("mentions", lambda: (lambda p: _warnings(p) + _reasons(p))(mentions.parse(_sample(MENTIONS)))),
        ("reviews", lambda: [_refusal(lambda: google_reviews.parse(_sample(REVIEWS, "reviews.json")))]),
        ("conversations", lambda: [_refusal(lambda: generic.conversations(read_table(_sample(CONV)), CONV_MAP))]),
        ("conversation lines", lambda: _reasons([generic.conversations(read_table(_sample(CONV_OK)), CONV_MAP)])),
        ("ragged lines", lambda: _reasons(google_ads.parse(_sample("Report\n\"1 January 2025 - 31 May 2025\"\nCampaign,Impr.,Clicks,Currency code,Cost\nA,10,1,EUR,2\nB,x,1,EUR,2\nC,1\n")))),
        ("messy ragged", lambda: [_refusal(lambda: mappings.read_table_for_mapping(_messy("csvkit", "empty.csv"), "vide.csv"))]),
        ("mapping twice", lambda: [_refusal(lambda: mappings.apply(read_table(_sample("Jour,Clics,Autres\n2025-01-01,1,2\n")), "ad_performance", {"Clics": "clicks", "Autres": "clicks"}))]),
        ("mapping no measure", lambda: [_refusal(lambda: mappings.apply(read_table(_sample("Jour,Nom\n2025-01-01,a\n")), "ad_performance", {"Jour": "day", "Nom": "campaign"}))]),
        ("mapping not a number", lambda: [_refusal(lambda: mappings.apply(read_table(_sample("Jour,Clics\n2025-01-01,beaucoup\n")), "ad_performance", {"Jour": "day", "Clics": "clicks"}))]),
        ("mapping no day", lambda: [_refusal(lambda: generic.apply_mapping(read_table(_sample("Nom,Clics\na,1\n")), "ad_performance", {"Clics": "clicks"}))]),
        ("mapping json", lambda: [_refusal(lambda: mappings.read_table_for_mapping(b'{"a": 1}', "export.json"))]),
        ("bad currency", lambda: [_refusal(lambda: ingest.owners.check_currency("EURO"))]),
        ("bad account", lambda: [_refusal(lambda: ingest.owners.check_account(""))]),
        ("no rows table", lambda: [_refusal(lambda: ingest.prepare(Parsed("orders", pd.DataFrame(), (), "x")))]),
        ("period reversed", lambda: [_refusal(lambda: ingest.prepare(Parsed("orders", pd.DataFrame({"day_from": [date(2025, 2, 1)], "day_to": [date(2025, 1, 1)], "order_id": ["1"]}), ("order_id",), "x")))]),
    ]


@pytest.fixture(scope="module")
def triggered() -> dict[str, list]:
    out = {}
    for what, make in cases():
        try:
            out[what] = make()
        except pytest.skip.Exception:
            continue
    return out


def _is_french(text: str) -> bool:
    words = set(re.findall(r"[a-zà-ÿ']+", text.lower()))
    return bool(words & FR_WORDS) and not words & EN_ONLY


@pytest.mark.parametrize("what", [w for w, _ in cases()])
def test_every_loading_message_is_worded_in_french(triggered, what):
    if what not in triggered:
        pytest.skip("../shared not present")
    messages = triggered[what]
    assert messages, what
    for m in messages:
        assert isinstance(m, Message) and m.code in STRINGS, (what, m)
        fr, en = say(m, "fr"), say(m, "en")
        assert fr != en and _is_french(fr), (what, fr)
        assert not SNAKE.search(fr) and not SNAKE.search(en), (what, fr, en)   # display names, no ids
        assert "[" not in fr and "{" not in fr and "None" not in fr, (what, fr)
        assert str(m) and not str(m).startswith(fr), (what, str(m))   # the command line keeps English


def test_the_cases_cover_the_messages_users_meet_most(triggered):
    if len(triggered) < len(cases()):
        pytest.skip("../shared not present")
    codes = {m.code for ms in triggered.values() for m in ms}
    # nested reasons count too (a rejected line inside a refusal)
    codes |= {v.code for ms in triggered.values() for m in ms for v in m.values.values() if isinstance(v, Message)}
    expected = {"msg_bad_file_name", "msg_extension", "msg_no_extension", "msg_empty_file", "msg_not_an_export",
                "msg_zip_misnamed", "msg_not_zip", "msg_not_xlsx", "msg_zip_damaged", "msg_zip_outside",
                "msg_zip_program", "msg_binary", "msg_long_cell", "msg_too_many_columns", "msg_not_recognised",
                "msg_not_recognised_why", "msg_looks_like", "msg_gsc_first_column", "msg_dates_undecided",
                "msg_dates_mixed", "msg_excel_dates", "msg_ads_all_time", "msg_gsc_no_range", "msg_gsc_no_table",
                "msg_gsc_cap", "msg_gsc_ctr", "msg_rej_fields", "msg_rej_not_number", "msg_kaggle",
                "msg_meta_no_data", "msg_meta_only_total", "msg_mbs_audience", "msg_mbs_audience_also",
                "msg_mbs_title", "msg_linkedin_no_rows", "msg_ga4_no_dates", "msg_ga4_no_table",
                "msg_rate_differs", "msg_rej_no_send_date", "msg_hubspot_stages",
                "msg_none_read_first", "msg_rej_nps_score", "msg_rej_order_created", "msg_orders_currency",
                "msg_lines_no_customer", "msg_mentions_dupes", "msg_reviews_none", "msg_rej_review_object",
                "msg_rej_reply_before", "msg_rej_kind", "msg_rej_not_number_in", "msg_rej_fields_at",
                "msg_map_no_header", "msg_map_twice", "msg_map_no_measure", "msg_map_not_number",
                "msg_map_no_day", "msg_map_json", "msg_bad_currency", "msg_bad_account", "msg_no_rows_table",
                "msg_period_reversed", "msg_file_reason"}
    assert expected <= codes, sorted(expected - codes)


def test_load_refusals_in_french(tmp_path):
    """Refusals of the loader itself: a currency or an account to name, an undo that cannot be."""
    store = Store(str(tmp_path / "w.duckdb"))
    text = "Day,Campaign,Impr.,Clicks,Cost\n2025-01-01,Soldes,10,1,2.5\n"
    with pytest.raises(ingest.IngestError) as caught:
        ingest.load_file(store, text.encode(), "depenses.csv")
    found = [caught.value.args[0]]
    for account in ("Boutique A", "Boutique B"):
        ingest.load_file(store, text.encode(), "depenses.csv", currency="EUR", account=account)
    with pytest.raises(ingest.IngestError) as caught:
        ingest.load_file(store, text.replace("10,1", "11,1").encode(), "autres.csv", currency="EUR")
    found.append(caught.value.args[0])
    for call in (lambda: ingest.undo(store, 99), lambda: ingest.undo(store, 1)):
        try:
            call()
        except ingest.IngestError as exc:
            found.append(exc.args[0])
    ingest.undo(store, 2)
    with pytest.raises(ingest.IngestError) as caught:
        ingest.undo(store, 2)
    found.append(caught.value.args[0])
    store.close()
    assert [m.code for m in found] == ["msg_file_reason", "msg_which_account", "msg_no_such_load",
                                       "msg_load_undone"]
    for m in found:
        fr = say(m, "fr")
        assert _is_french(fr) and not SNAKE.search(fr), fr
    assert "Publicité : les montants du fichier n'ont pas de devise" in say(found[0], "fr")
    assert "« Boutique A, Boutique B »" not in say(found[1], "fr") and "Google Ads" in say(found[1], "fr")


@pytest.mark.parametrize("lang, name, data, words", [
    ("fr", "Campaign report.csv", "google_ads_campaign_report_usd", ("Toute la période", "Téléchargez-le à nouveau")),
    ("en", "Campaign report.csv", "google_ads_campaign_report_usd", ("All time", "Re-download it")),
    ("fr", "programme.csv", None, ("un programme Windows, pas un export",)),
    ("fr", "fichier.csv", "binary", ("c'est un fichier binaire",)),
])
def test_data_page_shows_a_refused_file_in_the_pages_language(workspace, app_test, lang, name, data, words):
    if data == "google_ads_campaign_report_usd":
        content = _real(data, name)
    elif data == "binary":
        content = bytes(range(256)) * 40
    else:
        content = b"MZ\x90\x00" * 10
    at = app_test(workspace, lang, "pages/data.py")
    upload(at, (name, content))
    assert_clean(at)
    shown = texts(at.warning)
    assert all(w in shown for w in words), shown
    if lang == "fr":
        assert not SNAKE.search(shown.replace(name, "")), shown
        assert "could not" not in shown and "Download" not in shown, shown
