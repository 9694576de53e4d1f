"""Meta Business Suite: per-metric Insights files, post-level exports, Audience refusals."""
from datetime import date, datetime
from pathlib import Path

import pytest

from lib.sources import meta_business_suite as mbs
from lib.sources.base import Refused
from lib.sources.text import read_sample

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"


def _real(rel: str):
    path = REAL / rel
    if not path.exists():
        pytest.skip("../shared not present: real exports unavailable")
    return read_sample(path)


# (file, network, metric, days, sum, first day, last day)
METRIC_CASES = [
    ("meta_business_suite_insights/Reach.csv", "facebook", "reach", 105, 10734,
     date(2025, 1, 1), date(2025, 4, 15)),
    ("meta_business_suite_excel_resaved/IG_REACH.csv", "instagram", "reach", 62, 273471,
     date(2025, 10, 31), date(2025, 12, 31)),
    ("meta_business_suite_excel_resaved/Views.csv", None, "impressions", 62, 761454,
     date(2025, 10, 31), date(2025, 12, 31)),
]


@pytest.mark.parametrize("rel,network,metric,days,total,first,last", METRIC_CASES)
def test_real_metric_files(rel, network, metric, days, total, first, last):
    sample = _real(rel)
    assert mbs.detect(sample) > 0.8
    (p,) = mbs.parse(sample)
    f = p.frame
    assert p.table == "social_performance" and p.grain == ("network",) and not p.rejected
    assert len(f) == days and f[metric].sum() == total
    assert (f["day_from"] == f["day_to"]).all() and f["day_from"].is_unique
    assert (f["day_from"].min().date(), f["day_to"].max().date()) == (first, last)
    assert set(f["network"]) == {network}


def test_dst_hour_flip_truncated_to_date():
    f = mbs.parse(_real("meta_business_suite_insights/Reach.csv"))[0].frame
    f = f.set_index(f["day_from"].dt.date)
    # `2025-03-09T01:00:00` then `2025-03-10T00:00:00`: consecutive days, no gap nor duplicate
    assert f.loc[date(2025, 3, 10), "reach"] == 177
    assert date(2025, 3, 9) in f.index


def test_views_without_network_warns():
    (p,) = mbs.parse(_real("meta_business_suite_excel_resaved/Views.csv"))
    assert p.warnings and "neither Facebook nor Instagram" in p.warnings[0]


@pytest.mark.parametrize("rel,match", [
    ("meta_business_suite_insights/Audience.csv", "percentage shares"),
    ("meta_business_suite_excel_resaved/Audience.csv", "turned into dates by Excel"),
])
def test_audience_refused(rel, match):
    with pytest.raises(Refused, match=match):
        mbs.parse(_real(rel))


def test_facebook_posts():
    (p,) = mbs.parse(_real("meta_business_suite_insights/Jan-14-2025_Apr-14-2025_1396269028466733.csv"))
    f = p.frame
    assert p.grain == ("network", "account", "post_id") and not p.rejected and not p.warnings
    assert len(f) == 261 and f["post_id"].is_unique  # 5 rows omit trailing cells: padded, kept
    assert f["impressions"].sum() == 15982 and f["clicks"].sum() == 162
    first = f.set_index("post_id").loc["939005954986064"]
    assert first["published_time"] == datetime(2025, 2, 16, 5, 14)
    assert first["day_from"].date() == first["day_to"].date() == date(2025, 2, 16)
    # reactions 2 + comments 1 + shares 0 + clicks 0
    assert (first["reactions"], first["comments"], first["engagements"]) == (2, 1, 3)
    assert first["network"] == "facebook" and first["post_type"] == "Photos"
    assert first["post_url"].endswith("/posts/939005954986064")
    assert first["post_text"].startswith("Six years into South Africa")
    assert "publish" in p.notes["period"]


def test_instagram_posts():
    (p,) = mbs.parse(_real("meta_business_suite_insights/Mar-18-2025_Apr-14-2025_1019826952924933.csv"))
    f = p.frame
    assert len(f) == 78 and set(f["network"]) == {"instagram"} and set(f["account"]) == {"oigetit_sa"}
    assert f["reactions"].sum() == 274 and f["saves"].sum() == 4 and f["follows"].sum() == 6
    # engagements = likes + comments + shares + saves
    assert f["engagements"].sum() == 274 + 1 + 8 + 4
    assert set(f["post_type"]) >= {"IG reel"}


@pytest.mark.parametrize("text,metric,network", [
    ('sep=,\n"Instagram profile visits"\n"Date","Primary"\n"2025-01-01T00:00:00","7"\n',
     "profile_visits", "instagram"),
    ('sep=,\n"Content interactions"\n"Date","Primary"\n"2025-01-01T00:00:00","7"\n',
     "engagements", None),
    ('sep=,\n"Facebook follows"\n"Date","Primary"\n"2025-01-01T00:00:00","7"\n', "follows",
     "facebook"),
    ('sep=,\n"Facebook link clicks"\n"Date","Primary"\n"2025-01-01T00:00:00","7"\n', "clicks",
     "facebook"),
])
def test_title_to_metric(text, metric, network):
    sample = read_sample(b"\xff\xfe" + text.encode("utf-16-le"), "x.csv")
    (p,) = mbs.parse(sample)
    assert p.frame.iloc[0][metric] == 7 and p.frame.iloc[0]["network"] == network


def test_bad_value_rejected_and_unknown_title_refused():
    ok = 'sep=,\n"Facebook reach"\n"Date","Primary"\n"2025-01-01","7"\n"2025-01-02","x"\n'
    (p,) = mbs.parse(read_sample(ok.encode(), "r.csv"))
    assert len(p.frame) == 1 and p.rejected[0].line == 5
    with pytest.raises(Refused, match="unknown metric title"):
        mbs.parse(read_sample(b'"Watch time"\n"Date","Primary"\n"2025-01-01","7"\n', "w.csv"))


# -- table-driven cases from small strings (issue 15 items 2-4) --------------------------------

# A per-metric file in each interface language: the `Date,Primary` header and the title word.
METRIC_FILES = {
    "en": ("Facebook reach", "Date,Primary", "reach"),
    "fr": ("Couverture Facebook", "Date,Principal", "reach"),
    "es": ("Alcance de Facebook", "Fecha,Principal", "reach"),
    "de": ("Facebook-Reichweite", "Datum,Primär", "reach"),
    "it": ("Visualizzazioni di Facebook", "Data,Principale", "impressions"),
    "pt": ("Visitas ao perfil do Instagram", "Data,Principal", "profile_visits"),
    "nl": ("Instagram-volgers", "Datum,Primair", "followers"),
}


@pytest.mark.parametrize("lang", sorted(METRIC_FILES))
def test_a_metric_file_in_each_language(lang):
    title, header, metric = METRIC_FILES[lang]
    text = f'sep=,\n"{title}"\n{header}\n"2025-01-01T00:00:00","7"\n"2025-01-02T00:00:00","5"\n'
    sample = read_sample(b"\xff\xfe" + text.encode("utf-16-le"), "x.csv")
    assert mbs.detect(sample) == 0.9
    (p,) = mbs.parse(sample)
    assert list(p.frame[metric]) == [7, 5] and p.notes["metric"] == metric


def metric_file(rows: list[str], sep: str = ",") -> list:
    text = f'"Facebook reach"\nDate{sep}Primary\n' + "\n".join(rows) + "\n"
    return mbs.parse(read_sample(text.encode("cp1252"), "Reach.csv"))


@pytest.mark.parametrize("rows, first, last", [
    (["13/01/2025 00:00,1", "01/02/2025 00:00,2"], "2025-01-13", "2025-02-01"),   # day first
    (["01/13/2025 00:00,1", "02/01/2025 00:00,2"], "2025-01-13", "2025-02-01"),   # month first
    # only the last row decides
    (["01/02/2025,1", "02/02/2025,1", "28/02/2025,1"], "2025-02-01", "2025-02-28"),
    (["02/01/2025,1", "02/02/2025,1", "02/28/2025,1"], "2025-02-01", "2025-02-28"),
])
def test_date_order_decided_by_the_file(rows, first, last):
    (p,) = metric_file(rows)
    days = p.frame["day_from"].dt.strftime("%Y-%m-%d")
    assert (days.iloc[0], days.iloc[-1]) == (first, last)


def test_undecidable_dates_are_refused():
    with pytest.raises(Refused, match=r"read both ways \('01/02/2025'"):
        metric_file(["01/02/2025,1", "02/01/2025,1"])


def test_excel_resave_with_semicolons_and_decimal_commas():
    (p,) = metric_file(["31/10/2025;1.234", "01/11/2025;2,5"], sep=";")
    assert list(p.frame["reach"]) == [1234, 2.5]


@pytest.mark.parametrize("total_row", ["Total;10", "Totaux;10"])
def test_a_total_row_is_a_check(total_row):
    (p,) = metric_file(["2025-01-01;4", total_row, "2025-01-02;6"], sep=";")
    assert list(p.frame["reach"]) == [4, 6] and not p.rejected and not p.warnings
    assert p.notes["total_check"]["metrics"]["primary"]["ok"]


# A content export's header in each language (post id, publish time, date, views, reactions).
POST_HEADERS = {
    "en": "Post ID,Page name,Publish time,Date,Views,Reactions,Comments,Shares,Total clicks",
    "fr": "ID de la publication,Nom de la Page,Heure de publication,Date,Vues,Réactions,"
          "Commentaires,Partages,Total des clics",
    "es": "ID de la publicación,Nombre de la página,Hora de publicación,Fecha,Visualizaciones,"
          "Reacciones,Comentarios,Veces compartido,Clics totales",
    "de": "Beitrags-ID,Seitenname,Veröffentlichungszeit,Datum,Aufrufe,Reaktionen,Kommentare,"
          "Geteilte Inhalte,Klicks insgesamt",
    "it": "ID del post,Nome della Pagina,Orario di pubblicazione,Data,Visualizzazioni,Reazioni,"
          "Commenti,Condivisioni,Clic totali",
    "pt": "ID da publicação,Nome da Página,Horário de publicação,Data,Visualizações,Reações,"
          "Comentários,Compartilhamentos,Total de cliques",
    "nl": "Bericht-ID,Paginanaam,Publicatietijd,Datum,Weergaven,Reacties,Opmerkingen,Keer gedeeld,"
          "Totaal aantal klikken",
}


@pytest.mark.parametrize("lang", sorted(POST_HEADERS))
def test_a_content_export_in_each_language(lang):
    text = (POST_HEADERS[lang] + "\n1,Shop,02/16/2025 05:14,Lifetime,100,2,1,0,3\n"
            "2,Shop,03/01/2025 09:00,Lifetime,50,1,0,1,0\n")
    sample = read_sample(text.encode(), "posts.csv")
    assert mbs.detect(sample) == 0.9
    (p,) = mbs.parse(sample)
    f = p.frame
    assert list(f["impressions"]) == [100, 50] and list(f["engagements"]) == [6, 2]
    assert list(f["day_from"].dt.strftime("%Y-%m-%d")) == ["2025-02-16", "2025-03-01"]
    assert set(f["account"]) == {"Shop"} and set(f["network"]) == {"facebook"}
