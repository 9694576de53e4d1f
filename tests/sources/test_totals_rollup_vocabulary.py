"""Summary rows anywhere, finer rows rolled up, header words in every language (issue 15)."""
import pandas as pd
import pytest

from lib.sources import google_ads, search_console, totals, vocabulary
from lib.sources.rollup import rollup
from lib.sources.text import read_sample


@pytest.mark.parametrize("fields, label", [
    (["Total: Campaigns", "1"], "total: campaigns"),
    (["Computers", "Total: Filtered keywords", "1"], "total: filtered keywords"),   # column 2
    (["", "", "Total: Account", "3"], "total: account"),                           # column 3
    (["Totaux", "3"], "totaux"), (["Gesamtergebnis", "3"], "gesamtergebnis"), (["Totaal"], "totaal"),
    (["total wine", "3"], None), (["Totally", "3"], None), (["Brand", "3"], None),
])
def test_summary_labels_in_any_text_cell(fields, label):
    assert totals.label(fields) == label


KEYWORDS = ("Search keyword report\n\"May 1, 2026 - May 8, 2026\"\n"
            "Keyword\tMatch type\tCampaign\tAd group\tImpr.\tCurrency code\tCost\n"
            "shoes\tBroad match\tBrand\tAG1\t10\tCAD\t1.00\n"
            "shoes\tPhrase match\tBrand\tAG1\t5\tCAD\t0.50\n"
            "boots\tExact match\tBrand\tAG1\t3\tCAD\t0.25\n"
            "\t\tTotal: Keywords\t\t18\tCAD\t1.75\n"
            "\tTotal: Account\t\t\t40\tCAD\t9.00\n")


def test_keyword_report_rolls_match_types_up_and_checks_its_total():
    data = "\ufeff".encode("utf-16-le") + KEYWORDS.encode("utf-16-le")
    [parsed] = google_ads.parse(read_sample(data, "Search keyword report.csv"))
    f = parsed.frame.set_index("keyword")
    assert parsed.grain == ("platform", "campaign", "ad_group", "keyword")
    assert (f.loc["shoes", "impressions"], f.loc["shoes", "cost"]) == (15, 1.5)
    assert parsed.notes["rollup"]["text"] == ("2 rows that differ only by Match type added up "
                                              "into 1 keyword row")
    assert parsed.notes["total_check"]["against"] == "total: keywords" and not parsed.warnings


def test_rollup_sums_additive_metrics_and_empties_reach_it_cannot_add():
    frame = pd.DataFrame({"ad": ["a", "a", "b"], "day_from": ["d"] * 3, "cost": [1.0, 2.0, None],
                          "reach": [5.0, 6.0, 7.0]})
    out, note = rollup(frame, ["ad", "day_from"], "ad", otherwise="of ads sharing one name")
    assert list(out["ad"]) == ["a", "b"]
    assert out["cost"].iloc[0] == 3.0 and pd.isna(out["cost"].iloc[1])     # all empty stays empty
    assert pd.isna(out["reach"].iloc[0]) and out["reach"].iloc[1] == 7.0   # reach does not add up
    assert (note["rows"], note["into"]) == (2, 1)
    assert rollup(frame.iloc[1:], ["ad", "day_from"], "ad")[1] is None


# The Search Console header in each interface language the vocabulary covers.
GSC_HEADERS = {
    "en": "Top queries,Clicks,Impressions,CTR,Position",
    "fr": "Requêtes les plus fréquentes,Clics,Impressions,CTR,Position",
    "es": "Consultas principales,Clics,Impresiones,CTR,Posición",
    "de": "Häufigste Suchanfragen,Klicks,Impressionen,CTR,Position",
    "it": "Query principali,Clic,Impressioni,CTR,Posizione",
    "pt": "Principais consultas,Cliques,Impressões,CTR,Posição",
    "nl": "Meest uitgevoerde zoekopdrachten,Aantal klikken,Vertoningen,CTR,Positie",
}


@pytest.mark.parametrize("lang", sorted(GSC_HEADERS))
def test_search_console_header_in_every_language(lang):
    text = GSC_HEADERS[lang] + "\nshoes,1,10,10%,2.5\n"
    assert search_console.detect(read_sample(text.encode(), "q.csv")) == 0.9
    assert lang in vocabulary.languages()


def test_an_unknown_first_column_is_explained():
    header = "Fechas,Clics,Impresiones,CTR,Posición".split(",")
    assert "'Fechas' is not a known first column" in search_console.explain(header)


@pytest.mark.parametrize("header, column", [
    ("Amount spent (EUR)", "cost"), ("Montant dépensé (EUR)", "cost"), ("Importe gastado (EUR)", "cost"),
    ("Clicks (all)", "all_clicks"), ("Link clicks", "clicks"), ("Coût", "cost"), ("Kosten", "cost"),
    ("Nombre de la campaña", "campaign"), ("Kampagnenname", "campaign"), ("Impressioni", "impressions"),
])
def test_ad_header_words(header, column):
    assert vocabulary.columns("ad_performance", [header]).columns == {0: column}


def test_refusal_says_what_was_recognised():
    from lib.ingest import load

    with pytest.raises(load.Refused, match="looks like an ad platform report \\(known columns: "
                                           "'Campaign', 'Cost'\\).*not known: 'Foo'"):
        load.read_file(b"Campaign,Cost,Foo,Bar\nA,1,2,3\n", "f.csv")
    with pytest.raises(load.Refused, match="'Fechas' is not a known first column"):
        load.read_file("Fechas,Clics,Impresiones,CTR,Posición\na,1,2,3%,4\n".encode(), "g.csv")


def _vocabulary() -> dict:
    import tomllib
    with open(vocabulary.FILE, "rb") as file:
        return tomllib.load(file)


def test_no_header_word_names_two_columns_of_one_table():
    for table, entries in _vocabulary().items():
        seen: dict[str, str] = {}
        for column, by_lang in entries.items():
            for names in by_lang.values():
                for name in names:
                    assert seen.setdefault(vocabulary.key(name), column) == column, (table, name)


# Shopify's field names and two drill-down labels exist in English only (see vocabulary.toml).
ENGLISH_ONLY = {"orders", "order_lines"}


def test_every_entry_has_the_seven_languages():
    langs = {"en", "fr", "es", "de", "it", "pt", "nl"}
    for table, entries in _vocabulary().items():
        for column, by_lang in entries.items():
            if table in ENGLISH_ONLY or (table, column) == ("leads", "drill_down_2"):
                assert set(by_lang) == {"en"}
            else:
                assert set(by_lang) == langs, (table, column)


@pytest.mark.parametrize("header, kind, missing", [
    ("Titre,Objet,Liste,Foo", "an email campaign list", "send_time, sent"),
    ("ID de fiche d'informations,E-mail,Foo", "a HubSpot export", "create_date"),
    ("Name,Email,Total,Foo", "a Shopify orders export", "created"),
    ("Post ID,Views,Reach,Foo", "a Meta Business Suite export", "day, published_time"),
])
def test_refusal_names_what_is_missing(header, kind, missing):
    from lib.ingest import load

    with pytest.raises(load.Refused, match=f"looks like {kind} .*no column for: {missing}; "
                                           "columns not known: 'Foo'"):
        load.read_file((header + "\n" + ",".join("1" * len(header.split(","))) + "\n").encode(), "f.csv")


def test_a_campaign_list_resaved_with_semicolons_is_recognised():
    from lib.sources import mailchimp_csv
    from lib.sources.text import read_sample

    text = "Title;Send Date;Total Recipients;Unique Opens;Successful Deliveries\nA;2025-03-04 09:00;10;5;9\n"
    sample = read_sample(text.encode(), "c.csv")
    assert mailchimp_csv.detect(sample) == 0.9
    assert list(mailchimp_csv.parse(sample)[0].frame["sent"]) == [10]
