"""Search Console Performance export: real EN/FR exports zipped in memory, and lone CSVs."""
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from lib.sources import search_console as sc
from lib.sources.base import Refused
from lib.sources.text import read_sample

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"


def _dir(name: str) -> Path:
    path = REAL / name
    if not path.is_dir():
        pytest.skip("../shared not present: real exports unavailable")
    return path


def _zip(name: str, skip: tuple[str, ...] = ()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(_dir(name).glob("*.csv")):
            if f.name not in skip:
                z.writestr(f.name, f.read_bytes())
    return read_sample(buf.getvalue(), f"{name}.zip")


def _by_grain(parsed):
    return {p.grain: p for p in parsed}


# (folder, grain, rows, clicks, impressions, period)
CASES = [
    ("gsc_performance_en", (), 28, 297, 46167, (date(2026, 6, 30), date(2026, 7, 27))),
    ("gsc_performance_en", ("query",), 1000, 24, None, (date(2026, 6, 30), date(2026, 7, 27))),
    ("gsc_performance_en", ("device",), 3, 297, 46167, (date(2026, 6, 30), date(2026, 7, 27))),
    ("gsc_performance_en", ("country",), 159, 297, None, (date(2026, 6, 30), date(2026, 7, 27))),
    ("gsc_performance_en", ("search_appearance",), 1, 0, 3, (date(2026, 6, 30), date(2026, 7, 27))),
    ("gsc_performance_fr", (), 92, 676311, None, (date(2024, 11, 6), date(2025, 2, 5))),
    ("gsc_performance_fr", ("query",), 1000, None, None, (date(2024, 11, 6), date(2025, 2, 5))),
    ("gsc_performance_fr", ("page",), 1000, None, None, (date(2024, 11, 6), date(2025, 2, 5))),
    ("gsc_performance_fr", ("device",), 3, 676311, 38473290, (date(2024, 11, 6), date(2025, 2, 5))),
]


@pytest.mark.parametrize("folder,grain,n,clicks,impressions,period", CASES)
def test_real_zip(folder, grain, n, clicks, impressions, period):
    sample = _zip(folder)
    assert sc.detect(sample) > 0.9
    p = _by_grain(sc.parse(sample))[grain]
    assert p.table == "search_console" and not p.rejected
    assert len(p.frame) == n
    if clicks is not None:
        assert p.frame["clicks"].sum() == clicks
    if impressions is not None:
        assert p.frame["impressions"].sum() == impressions
    assert (p.frame["day_from"].min(), p.frame["day_to"].max()) == period
    if grain:  # period rows carry the whole export range
        assert set(p.frame["day_from"]) == {period[0]} and set(p.frame["day_to"]) == {period[1]}
    else:
        assert (p.frame["day_from"] == p.frame["day_to"]).all()


def test_cap_warning_on_queries_and_pages():
    parsed = _by_grain(sc.parse(_zip("gsc_performance_en")))
    for grain in (("query",), ("page",)):
        assert sc.CAP_WARNING in parsed[grain].warnings
    assert parsed[("device",)].warnings == []


def test_position_sum_is_impression_weighted():
    chart = _by_grain(sc.parse(_zip("gsc_performance_en")))[()].frame
    first = chart.iloc[0]  # 2026-06-30,9,2417,0.37%,17.4
    assert first["day_from"] == date(2026, 6, 30)
    assert first["position_sum"] == pytest.approx(17.4 * 2417)


def test_french_dates_newest_first_sorted_and_hash_query_kept():
    parsed = _by_grain(sc.parse(_zip("gsc_performance_fr")))
    days = list(parsed[()].frame["day_from"])
    assert days == sorted(days) and len(set(days)) == 92
    queries = parsed[("query",)].frame
    assert "#michelinpower" in set(queries["query"])  # a query starting with '#' is not a comment
    # stored as the English export writes them (lib/sources/values.toml), whatever the language
    assert "United States" in set(parsed[("country",)].frame["country"])
    assert set(parsed[("device",)].frame["device"]) == {"Desktop", "Mobile", "Tablet"}


def test_embedded_newline_and_quotes_in_query():
    q = set(_by_grain(sc.parse(_zip("gsc_performance_en")))[("query",)].frame["query"])
    assert '"jobsohio inclusion grant" "up to $50,000"' in q
    assert any("\n" in x for x in q)


@pytest.mark.parametrize("folder,name", [("gsc_performance_en", "Chart.csv"),
                                         ("gsc_performance_fr", "Dates.csv")])
def test_lone_chart_loads(folder, name):
    p = sc.parse(read_sample(_dir(folder) / name))
    assert len(p) == 1 and p[0].grain == () and len(p[0].frame) > 0


@pytest.mark.parametrize("folder,name", [
    ("gsc_performance_en", "Queries.csv"), ("gsc_performance_en", "Pages.csv"),
    ("gsc_performance_en", "Countries.csv"), ("gsc_performance_en", "Devices.csv"),
    ("gsc_performance_en", "Search appearance.csv"), ("gsc_performance_fr", "Requêtes.csv"),
    ("gsc_performance_fr", "Pays.csv"), ("gsc_performance_fr", "Appareils.csv"),
    ("gsc_performance_fr", "Pages.csv"),
    ("gsc_performance_fr", "Apparence dans les résultats de recherche.csv"),
])
def test_lone_dimension_file_refused(folder, name):
    sample = read_sample(_dir(folder) / name)
    assert sc.detect(sample) > 0.5
    with pytest.raises(Refused, match="Upload the whole zip"):
        sc.parse(sample)


def test_filters_alone_refused():
    with pytest.raises(Refused, match="no Search Console data table"):
        sc.parse(read_sample(_dir("gsc_performance_en") / "Filters.csv"))


def _files(filters: str, chart: str, queries: str) -> dict:
    return {"Filters.csv": filters.encode(), "Chart.csv": chart.encode(),
            "Queries.csv": queries.encode()}


def test_explicit_period_from_filters_and_ctr_check():
    parsed = _by_grain(sc.parse_files({
        "Filters.csv": b"Filter,Value\nSearch type,Web\nDate,1 Jan 2025-31 Dec 2025",
        "Queries.csv": b"Top queries,Clicks,Impressions,CTR,Position\nabc,2,9,22.22%,15.56\n"
                       b"def,1,10,50%,3",
    }))
    q = parsed[("query",)]
    assert set(q.frame["day_from"]) == {date(2025, 1, 1)}
    assert set(q.frame["day_to"]) == {date(2025, 12, 31)}
    assert len(q.warnings) == 1 and "line 3" in q.warnings[0]


def test_bad_number_rejected_with_line():
    p = sc.parse_files({"Chart.csv": b"Date,Clicks,Impressions,CTR,Position\n"
                                     b"2025-01-01,1,10,10%,2\n2025-01-02,x,10,10%,2"})[0]
    assert len(p.frame) == 1 and p.rejected[0].line == 3


def test_not_gsc():
    assert sc.detect(read_sample(b"Campaign,Cost\nA,1", "x.csv")) == 0.0
