"""AppTest of the Data page: upload, preview, confirm, re-upload, undo, mapping, refusals."""
from __future__ import annotations

from datetime import date

import pytest

from lib import sources
from lib.ingest import load as ingest
from lib.ingest import mappings
from lib.store import Store
from lib.ui.data import Upload, group_uploads, md, read_upload
from tests.conftest import assert_clean, shared_path

META_REACH = ("meta_ads_manager_inr", "Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv")
META_EMPTY = ("meta_ads_manager_inr", "Daniel-Conlan-Campaigns-1-Sep-202430-Sep-2024.csv")
GADS_GBP_UTF16 = ("google_ads_campaign_report_gbp", "Campaign report.csv")
GENERIC = "Jour;Campagne;Coût;Clics\n03/02/2025;Printemps;12,5;4\n04/02/2025;Été;1 234,5;10\n".encode()


def real(folder: str, name: str) -> tuple[str, bytes]:
    path = shared_path("data", "real-exports", folder, name)
    return path.name, path.read_bytes()


def upload(at, *files: tuple[str, bytes]):
    at.file_uploader(key="data_upload").set_value([(n, d, "text/csv") for n, d in files]).run()
    assert_clean(at)
    return at


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def loads(db: str) -> list[tuple]:
    s = Store(db)
    try:
        return s.rows("SELECT load_id, file_name, format, status, inserted FROM loads ORDER BY 1")
    finally:
        s.close()


def count(db: str, table: str) -> int:
    s = Store(db)
    try:
        return s.scalar(f"SELECT count(*) FROM {table}")
    finally:
        s.close()


def pick_currency(at, code: str = "EUR"):
    """Answer the preview's currency question (a file whose amounts name none, issue 16)."""
    box = next(s for s in at.selectbox if str(s.key).startswith("acc_currency_"))
    box.select(code).run()
    assert_clean(at)
    return at


def format_selectbox(at):
    return next(s for s in at.selectbox if str(s.key).startswith("data_fmt_"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_page_runs_on_empty_and_demo(empty_db, demo_db, app_test, lang):
    at = app_test(empty_db, lang, "pages/data.py")
    assert_clean(at)
    assert at.title[0].value == {"fr": "Import de données", "en": "Data import"}[lang]
    assert at.file_uploader(key="data_upload").accept_multiple_files
    # Every file reaches uploads.check_upload, which refuses other types in the page's words
    # (tests/test_browser_data.py); Streamlit's own refusal is in English, by MIME type.
    assert list(at.file_uploader(key="data_upload").allowed_type) == []
    demo = app_test(demo_db, lang, "pages/data.py")
    assert_clean(demo)
    assert demo.dataframe, "the load log of the demo workspace is shown"
    assert any(str(b.key).startswith("data_undo_") for b in demo.button)


@pytest.mark.parametrize("file", [META_REACH, GADS_GBP_UTF16],
                         ids=["meta_reach_inr", "google_ads_gbp_utf16"])
def test_upload_preview_confirm_reupload_undo(workspace, app_test, file):
    name, data = real(*file)
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, (name, data))
    reading = ingest.read_file(data, name)
    rows = sum(len(p.frame) for p in reading.parsed)
    shown = texts(at.markdown)
    assert sources.get(reading.format).LABEL in shown and ("1 row " if rows == 1 else f"{rows} rows") in shown, shown
    assert at.dataframe, "the preview of the stored rows is shown"
    assert loads(workspace) == [], "nothing is written before the user confirms"

    at.button(key="data_confirm").click().run()
    assert_clean(at)
    added = "1 row added" if rows == 1 else f"{rows} rows added"
    assert "Loaded (load #1)" in texts(at.success) and added in texts(at.success)
    assert [link.value for link in at.page_link] == ["See the Paid ads page"]
    assert count(workspace, "ad_performance") == rows

    upload(at, (name, data))   # the same file again: a new upload, same rows
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    assert "Nothing changed" in texts(at.info)
    assert [r[3] for r in loads(workspace)] == ["loaded"], "a re-upload adds no load"

    at.button(key="data_undo_1").click().run()
    assert_clean(at)
    assert "Load #1 undone" in texts(at.success)
    assert count(workspace, "ad_performance") == 0
    assert loads(workspace)[0][3] == "undone"


def test_loaded_figures_reach_the_channel_page(workspace, app_test):
    name, data = real(*META_REACH)
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, (name, data))
    at.button(key="data_confirm").click().run()
    # the export's own period (1 Feb - 4 Aug 2025), set like the sidebar's "Custom" period
    at.session_state["period"] = "custom"
    at.session_state["start"], at.session_state["end"] = date(2025, 2, 1), date(2025, 8, 4)
    at.switch_page("pages/paid.py").run()
    assert_clean(at)
    assert at.metric and any("₹" in m.value or "INR" in m.value for m in at.metric), \
        [m.value for m in at.metric]


def test_refused_file_shows_its_reason_and_writes_nothing(workspace, app_test):
    name, data = real(*META_EMPTY)
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, (name, data))
    assert "No data available" in texts(at.warning)
    assert at.button(key="data_confirm").disabled
    assert loads(workspace) == [] and count(workspace, "ad_performance") == 0


def test_generic_csv_is_mapped_saved_and_reused(workspace, app_test):
    at = app_test(workspace, "fr", "pages/data.py")
    upload(at, ("depenses.csv", GENERIC))
    assert "Format non reconnu" in texts(at.info)
    assert at.selectbox(key=next(s.key for s in at.selectbox if "data_gtable_" in str(s.key))).value \
        == "ad_performance"
    preview = at.dataframe[0].value
    assert list(preview["cost"]) == [12.5, 1234.5] and list(preview["clicks"]) == [4, 10]
    assert list(preview["source"]) == ["Fichier (colonnes associées)"] * 2   # named, not "generic"
    assert at.button(key="data_confirm").disabled          # the currency is asked, never assumed
    pick_currency(at)
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    assert "Chargé (chargement n° 1)" in texts(at.success)
    assert count(workspace, "ad_performance") == 2
    s = Store(workspace)
    try:
        saved = mappings.get_mapping(s, ["Jour", "Campagne", "Coût", "Clics"])
    finally:
        s.close()
    assert saved and saved.table == "ad_performance" and saved.columns["Coût"] == "cost"

    # Next month's file, same header: the saved mapping is taken up and said so.
    upload(at, ("depenses-mars.csv", GENERIC.replace(b"/02/", b"/03/")))
    assert "correspondance enregistrée est reprise" in texts(at.info)
    pick_currency(at)
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    assert count(workspace, "ad_performance") == 4


def test_generic_without_day_column_needs_a_period(workspace, app_test):
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, ("totals.csv", b"Campaign,Cost,Clicks\nA,10,2\nB,20,3\n"))
    assert at.button(key="data_confirm").disabled
    start = next(d for d in at.date_input if "data_gstart_" in str(d.key))
    end = next(d for d in at.date_input if "data_gend_" in str(d.key))
    start.set_value(date(2025, 1, 1))
    end.set_value(date(2025, 1, 31)).run()
    assert_clean(at)
    pick_currency(at)
    at.button(key="data_confirm").click().run()
    assert "Loaded (load #1)" in texts(at.success)


def test_rejected_lines_need_the_checkbox(workspace, app_test):
    bad = "Jour;Campagne;Coût;Clics\n03/02/2025;A;1,5;2\nbientôt;B;2;3\n".encode()
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, ("bad.csv", bad))
    assert "1 line could not be read" in texts(at.warning)
    rejected = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(rejected["line"]) == [3] and "not a date" in rejected["reason"][0]
    assert at.button(key="data_confirm").disabled
    next(c for c in at.checkbox if "data_accept_" in str(c.key)).check().run()
    pick_currency(at)
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    assert count(workspace, "ad_performance") == 1 and loads(workspace)[0][0] == 1


def test_format_override_to_the_column_mapping(workspace, app_test):
    name, data = real(*GADS_GBP_UTF16)
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, (name, data))
    assert format_selectbox(at).value == "google_ads"
    format_selectbox(at).set_value("generic").run()
    assert_clean(at)
    assert any("data_gtable_" in str(s.key) for s in at.selectbox)


def test_several_files_load_one_after_the_other(workspace, app_test):
    meta, gads = real(*META_REACH), real(*GADS_GBP_UTF16)
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, meta, gads)
    assert at.button(key="data_confirm").label == "Confirm the load (2 files)"
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    assert len(at.success) == 2 and [r[0] for r in loads(workspace)] == [1, 2]


def test_search_console_csvs_are_read_together(workspace, app_test):
    folder = shared_path("data", "real-exports", "gsc_performance_en")
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.csv"))]
    at = app_test(workspace, "en", "pages/data.py")
    upload(at, *files)
    assert "read together" in texts(at.caption)
    at.button(key="data_confirm").click().run()
    assert_clean(at)
    assert len(at.success) == 1 and count(workspace, "search_console") > 1000
    assert loads(workspace)[0][2] == "search_console"


# -- the pure helpers behind the page ---------------------------------------------------------
def test_group_uploads_keeps_other_files_apart():
    q = b"Top queries,Clicks,Impressions,CTR,Position\nshoes,1,10,10%,3\n"
    c = b"Date,Clicks,Impressions,CTR,Position\n2025-01-01,1,10,10%,3\n"
    other = b"a,b\n1,2\n"
    items = group_uploads([("1", "x.csv", other), ("2", "Queries.csv", q), ("3", "Chart.csv", c)])
    assert [(u.item_id, u.grouped) for u in items] == [("1", False), ("gsc:2+3", True)]
    items = group_uploads([("2", "Queries.csv", q), ("1", "x.csv", other), ("3", "Chart.csv", c)])
    assert [u.item_id for u in items] == ["gsc:2+3", "1"]
    assert [u.grouped for u in group_uploads([("2", "Queries.csv", q)])] == [False]
    same_name = group_uploads([("2", "Queries.csv", q), ("3", "Queries.csv", q)])
    assert [u.grouped for u in same_name] == [False, False], "two exports are not mixed"


@pytest.mark.parametrize("data,name,expect", [
    (GENERIC, "g.csv", "table"),
    (b"", "empty.csv", "refusal"),
    (b'{"foo": 1}', "x.json", "refusal"),
    (b"PK\x03\x04garbage", "x.zip", "refusal"),
])
def test_read_upload_outcomes(data, name, expect):
    out = read_upload(Upload("1", name, {name: data}))
    assert (out.table is not None, out.refusal is not None) == (expect == "table", expect == "refusal")


def test_md_escapes_file_names():
    assert md("a_b*c$[x]") == r"a\_b\*c\$\[x\]"


WEEKLY = (b"Campaign report\nJanuary 6, 2025 - January 19, 2025\nWeek,Campaign,Currency code,Impr.,Clicks,Cost\n"
          b"2025-01-06,Brand,EUR,100,10,5.00\n2025-01-13,Brand,EUR,200,20,7.00\n"
          b"2025-01-06,Generic,EUR,50,5,2.00\nTotal: Account,,EUR,350,35,14.00\n")


@pytest.mark.parametrize("lang, said", [
    ("en", "2 rows that differ only by Week added up into 1 row (level: Campaign)"),
    ("fr", "2 lignes qui ne diffèrent que par Week additionnées en 1 ligne (niveau : Campagne)"),
])
def test_the_preview_says_which_rows_were_added_up(workspace, app_test, lang, said):
    """A weekly report is stored at its period: the preview names what the rows differed by."""
    at = upload(app_test(workspace, lang, "pages/data.py"), ("Campaign report.csv", WEEKLY))
    assert said in texts(at.caption)
