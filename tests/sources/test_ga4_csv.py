"""GA4 CSV downloads: real standard reports and Reports snapshots (EN, FR)."""
from datetime import date
from pathlib import Path

import pytest

from lib.sources import detect, ga4_csv, vocabulary
from lib.sources.base import Refused
from lib.sources.text import read_sample

EXPORTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real-exports"


def sample(rel: str):
    if not EXPORTS.exists():
        pytest.skip("../shared not present: real exports unavailable")
    return read_sample(EXPORTS / rel)


STANDARD = "ga4_standard_reports/"


@pytest.mark.parametrize("rel, grain, rows, metric, total, period", [
    (STANDARD + "Landing_page_Landing_page.csv", ("landing_page",), 211, "sessions", 2671,
     (date(2025, 2, 1), date(2025, 8, 4))),
    (STANDARD + "Events_Event_name.csv", ("event_name",), 21, "event_count", 137560,
     (date(2025, 10, 15), date(2026, 1, 12))),
    (STANDARD + "User_acquisition_First_user_primary_channel_group_(Default_Channel_Group).csv",
     ("channel_group",), 8, "users", 2140, (date(2025, 2, 1), date(2025, 8, 4))),
    (STANDARD + "Pages_and_screens_Page_path_and_screen_class.csv", ("page_path",), 16,
     "page_views", 951, (date(2025, 1, 1), date(2025, 12, 31))),
])
def test_standard_reports(rel, grain, rows, metric, total, period):
    s = sample(rel)
    assert detect(s)[0][0] is ga4_csv
    [parsed] = ga4_csv.parse(s)
    assert parsed.grain == grain and parsed.table == "site_traffic"
    assert len(parsed.frame) == rows and parsed.frame[metric].sum() == total
    assert set(parsed.frame["day_from"]) == {period[0]} and set(parsed.frame["day_to"]) == {period[1]}
    assert not parsed.rejected


def test_landing_page_keeps_not_set_and_empty_values_and_converts_rates():
    [parsed] = ga4_csv.parse(sample(STANDARD + "Landing_page_Landing_page.csv"))
    f = parsed.frame.set_index("landing_page")
    assert "(not set)" in f.index and "" in f.index
    assert f.loc["", "sessions"] == 13
    # /shop: 845 sessions x 19.059171597633135 s average engagement time per session
    assert f.loc["/shop", "session_duration_s"] == pytest.approx(16105.0)
    assert f.loc["/shop", "key_events"] == 4


def test_channel_report_rates_to_counts():
    rel = STANDARD + "User_acquisition_First_user_primary_channel_group_(Default_Channel_Group).csv"
    [parsed] = ga4_csv.parse(sample(rel))
    direct = parsed.frame.set_index("channel_group").loc["Direct"]
    assert direct["engaged_sessions"] == round(0.7975103734439835 * 1209)   # per active user
    assert direct["session_duration_s"] == pytest.approx(52.03817427385892 * 1209)


def test_reports_snapshot_en():
    parsed = ga4_csv.parse(sample("ga4_reports_snapshot_en/Reports_snapshot.csv"))
    by_grain = {p.grain: p for p in parsed}
    assert set(by_grain) == {(), ("channel_group",), ("country",), ("event_name",)}
    daily = by_grain[()].frame
    assert len(daily) == 28 and (daily["day_from"] == daily["day_to"]).all()
    assert daily["day_from"].min() == date(2025, 12, 11) and daily["day_from"].max() == date(2026, 1, 7)
    assert daily["users"].sum() == 1256
    channels = by_grain[("channel_group",)].frame.set_index("channel_group")
    assert channels.loc["Organic Search", "sessions"] == 1198
    assert channels.loc["Organic Search", "new_users"] == 983
    assert by_grain[("country",)].frame["users"].sum() == 1193
    warnings = " ".join(w for p in parsed for w in p.warnings)
    for skipped in ("How well do you retain your users?", "Page title and screen class",
                    "How are active users trending?", "Country,Active users"):
        assert skipped in warnings


def test_reports_snapshot_fr():
    parsed = ga4_csv.parse(sample("ga4_reports_snapshot_fr/Instantané_des_rapports.csv"))
    by_grain = {p.grain: p.frame for p in parsed}
    totals = by_grain[()].iloc[0]
    assert (totals["users"], totals["new_users"], totals["event_count"]) == (15, 15, 100)
    assert totals["day_from"] == date(2026, 5, 24) and totals["day_to"] == date(2026, 6, 20)
    sm = by_grain[("source_name", "medium")].iloc[0]
    assert (sm["source_name"], sm["medium"], sm["sessions"]) == ("(direct)", "(none)", 21)


def test_file_without_usable_table_is_refused():
    data = b"# ----\n# Start date: 20250101\n# End date: 20250131\nCity,Active users\nParis,3\n"
    with pytest.raises(Refused, match="no table of this GA4 file"):
        ga4_csv.parse(read_sample(data, "City.csv"))


def test_missing_dates_refused():
    with pytest.raises(Refused, match=r"line 2: no `# Start date:`"):
        ga4_csv.parse(read_sample(b"# ----\nEvent name,Event count\npage_view,3\n", "x.csv"))


# The `# Start date` / `# End date` lines in each interface language GA4 ships.
DATE_LINES = {"en": ("Start date", "End date"), "fr": ("Date de début", "Date de fin"),
              "es": ("Fecha de inicio", "Fecha de finalización"), "de": ("Startdatum", "Enddatum"),
              "it": ("Data di inizio", "Data di fine"), "pt": ("Data de início", "Data de término"),
              "nl": ("Startdatum", "Einddatum")}


def _translated(text: str, lang: str) -> str:
    """The real English report with its header and date lines in LANG: each header cell replaced
    by the vocabulary's word in the same place of its entry (the words a GA4 UI in LANG writes)."""
    lines = text.replace("\r\n", "\n").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln and not ln.startswith("#"))
    cells = []
    for cell in lines[at].split(","):
        column = vocabulary.columns("site_traffic", [cell]).columns.get(0)
        if column is None:
            cells.append(cell)   # a column Balise does not store stays as GA4 wrote it
            continue
        english = [vocabulary.key(w) for w in vocabulary.entry("site_traffic", column)["en"]]
        words = vocabulary.entry("site_traffic", column)[lang]
        cells.append(words[min(english.index(vocabulary.key(cell)), len(words) - 1)])
    lines[at] = ",".join(cells)
    start, end = DATE_LINES[lang]
    return "\n".join(lines).replace("# Start date:", f"# {start}:").replace("# End date:", f"# {end}:")


@pytest.mark.parametrize("lang", sorted(DATE_LINES))
@pytest.mark.parametrize("rel", [STANDARD + "Landing_page_Landing_page.csv",
                                 STANDARD + "User_acquisition_First_user_primary_channel_group_(Default_Channel_Group).csv",
                                 STANDARD + "Pages_and_screens_Page_path_and_screen_class.csv",
                                 STANDARD + "Events_Event_name.csv"])
def test_a_report_in_every_interface_language_reads_as_the_english_one(rel, lang):
    english = sample(rel)
    text = _translated(english.text, lang)
    assert lang == "en" or text != english.text.replace("\r\n", "\n")
    translated = read_sample(text.encode(), "report.csv")
    assert detect(translated)[0][0] is ga4_csv
    [want], [got] = ga4_csv.parse(english), ga4_csv.parse(translated)
    assert got.grain == want.grain and not got.rejected
    assert got.frame.equals(want.frame)


def test_a_german_landing_page_report_written_by_hand():
    text = ("# ----------------------------------------\n# Landingpage: Landingpage\n"
            "# Startdatum: 20250201\n# Enddatum: 20250207\n"
            "Landingpage,Sitzungen,Aktive Nutzer,Neue Nutzer,Durchschnittliche Interaktionsdauer pro Sitzung,"
            "Schlüsselereignisse,Gesamtumsatz,Absprungrate,Sitzungsquelle / -medium\n"
            "/shop,100,80,70,20,4,125.5,0.25,google / organic\n"
            "/,50,40,30,60,1,0,0.5,(direct) / (none)\n")
    [parsed] = ga4_csv.parse(read_sample(text.encode(), "Landingpage.csv"))
    frame = parsed.frame.set_index("landing_page")
    assert parsed.grain == ("source_name", "medium", "landing_page")
    assert frame.loc["/shop", ["sessions", "users", "new_users", "key_events", "revenue"]].tolist() == [100, 80, 70, 4, 125.5]
    assert frame.loc["/shop", "session_duration_s"] == 2000 and frame.loc["/", "bounces"] == 25
    assert frame.loc["/", "source_name"] == "(direct)" and frame.loc["/", "medium"] == "(none)"
    assert (parsed.frame["day_from"] == date(2025, 2, 1)).all() and (parsed.frame["day_to"] == date(2025, 2, 7)).all()


def test_an_unknown_first_column_is_named_in_the_refusal():
    text = ("# Startdatum: 20250201\n# Enddatum: 20250207\n"
            "Zielseite XYZ,Sitzungen\n/shop,100\n")
    with pytest.raises(Refused, match="'Zielseite XYZ' has no canonical dimension"):
        ga4_csv.parse(read_sample(text.encode(), "x.csv"))


@pytest.mark.parametrize("header", ["Landing page,Sessions,Active users",
                                    "Página de destino,Sesiones,Usuarios activos"])
def test_a_table_without_its_date_lines_is_refused_as_a_ga4_report(header):
    from lib.i18n.messages import say
    from lib.ingest import load

    with pytest.raises(load.Refused) as refused:
        load.read_file(f"{header}\n/shop,10,8\n".encode(), "report.csv")
    reason = refused.value.args[0]
    assert f"looks like a GA4 report (known columns: {header.replace(',', ', ')})" in reason
    assert "`# Start date:`" in reason
    assert "ressemble à un rapport GA4" in say(reason, "fr") and "# Date de début" in say(reason, "fr")
