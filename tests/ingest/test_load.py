"""Loads: idempotent upserts, replacement of revised days, column merges, exact undo, atomicity."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import queries
from lib.sources.base import Parsed
from lib.store import Store
from tests.conftest import ROOT, shared_path

D1, D2, D3 = date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 3)


def site(rows, grain=("channel_group",)):
    return Parsed("site_traffic", pd.DataFrame(rows), grain, "test", notes={"source": "ga4"})


def day(d, **kw):
    return {"day_from": d, "day_to": d, **kw}


def snapshot(store: Store) -> pd.DataFrame:
    return store.query("SELECT * FROM site_traffic ORDER BY key").drop(columns=["load_id"])


def test_same_rows_twice_change_nothing(store):
    p = site([day(D1, channel_group="Direct", sessions=10)])
    first = ingest.load_parsed(store, [p], "a.csv")
    again = ingest.load_parsed(store, [p], "a.csv")
    assert first["status"] == "loaded" and first["inserted"] == 1
    assert again["status"] == "unchanged" and again["load_id"] is None
    assert "nothing changed" in again["message"]
    assert store.scalar("SELECT count(*) FROM loads") == 1


def test_overlapping_exports_replace_revised_days(store):
    ingest.load_parsed(store, [site([day(D1, channel_group="Direct", sessions=10),
                                     day(D2, channel_group="Direct", sessions=20)])], "jan1-2.csv")
    summary = ingest.load_parsed(store, [site([day(D2, channel_group="Direct", sessions=22),
                                               day(D3, channel_group="Direct", sessions=30)])], "jan2-3.csv")
    assert (summary["inserted"], summary["replaced"]) == (1, 1)
    total = queries.run(store, ["site_sessions"], D1, D3).frame.iloc[0]["site_sessions"]
    assert total == 10 + 22 + 30      # the revised day counted once, with its new value


def test_undo_restores_exactly(store):
    ingest.load_parsed(store, [site([day(D1, channel_group="Direct", sessions=10)])], "a.csv")
    before = snapshot(store)
    second = ingest.load_parsed(store, [site([day(D1, channel_group="Direct", sessions=11),
                                              day(D2, channel_group="Email", sessions=5)])], "b.csv")
    ingest.undo(store, second["load_id"])
    pd.testing.assert_frame_equal(snapshot(store), before)
    with pytest.raises(ingest.IngestError, match="already undone"):
        ingest.undo(store, second["load_id"])


def test_undo_refused_while_a_later_load_replaced_its_rows(store):
    a = ingest.load_parsed(store, [site([day(D1, channel_group="Direct", sessions=10)])], "a.csv")
    b = ingest.load_parsed(store, [site([day(D1, channel_group="Direct", sessions=12)])], "b.csv")
    with pytest.raises(ingest.IngestError, match=f"undo {b['load_id']} first"):
        ingest.undo(store, a["load_id"])


def test_per_metric_files_merge_columns(store):
    reach = Parsed("social_performance", pd.DataFrame([day(D1, network="facebook", account="", reach=100)]),
                   ("network", "account"), "test", notes={"source": "facebook"})
    views = Parsed("social_performance", pd.DataFrame([day(D1, network="facebook", account="",
                                                           impressions=300)]),
                   ("network", "account"), "test", notes={"source": "facebook"})
    ingest.load_parsed(store, [reach], "Reach.csv")
    second = ingest.load_parsed(store, [views], "Views.csv")
    row = store.rows("SELECT reach, impressions FROM social_performance")
    assert row == [(100.0, 300.0)]
    ingest.undo(store, second["load_id"])
    assert store.rows("SELECT reach, impressions FROM social_performance") == [(100.0, None)]


def test_two_cuts_of_one_period_counted_once(store):
    """DESIGN §2: a GA4 channel report and a landing page report of the same month."""
    channel = site([{"day_from": D1, "day_to": D3, "channel_group": "Direct", "sessions": 70},
                    {"day_from": D1, "day_to": D3, "channel_group": "Email", "sessions": 30}])
    pages = site([{"day_from": D1, "day_to": D3, "landing_page": "/", "sessions": 100}],
                 grain=("landing_page",))
    ingest.load_parsed(store, [channel], "channels.csv")
    summary = ingest.load_parsed(store, [pages], "pages.csv")
    assert any("cut by" in w for w in summary["warnings"])
    result = queries.run(store, ["site_sessions"], D1, D3)
    assert result.frame.iloc[0]["site_sessions"] == 100
    by_page = queries.run(store, ["site_sessions"], D1, D3, by=["landing_page"]).frame
    assert by_page.to_dict("records") == [{"landing_page": "/", "site_sessions": 100.0}]


def test_duplicate_keys_in_one_file_refused(store):
    p = site([day(D1, channel_group="Direct", sessions=1), day(D1, channel_group="Direct", sessions=2)])
    with pytest.raises(ingest.IngestError, match="repeat the period and dimensions"):
        ingest.load_parsed(store, [p], "dup.csv")
    assert store.scalar("SELECT count(*) FROM site_traffic") == 0


def test_bad_metric_refused_and_nothing_written(store):
    p = site([day(D1, channel_group="Direct", sessions="12abc")])
    with pytest.raises(ingest.IngestError, match="non-numeric"):
        ingest.load_parsed(store, [p], "bad.csv")
    assert store.scalar("SELECT count(*) FROM loads") == 0


@pytest.mark.parametrize("ids, refused", [
    (["1.83552E+16", "1.83552E+16"], True),      # Excel's rounding of two distinct post IDs
    (["9,41989E+14", "18355151116178767"], True),   # a French Excel's
    (["12e4567", "4e0ba3c8d1"], False),          # hex IDs (Mailchimp) that only look like it
    (["18355151116178767", "18068710030723886"], False),
])
def test_ids_rounded_by_a_spreadsheet_are_refused(store, ids, refused):
    rows = [day(D1, network="instagram", post_id=i, reach=5.0) for i in ids]
    p = Parsed("social_performance", pd.DataFrame(rows), ("network", "post_id"), "test", notes={"source": "meta"})
    if refused:
        with pytest.raises(ingest.IngestError, match="rounded by a spreadsheet") as caught:
            ingest.load_parsed(store, [p], "posts.csv")
        assert caught.value.args[0].code == "msg_id_rounded"
        assert store.scalar("SELECT count(*) FROM social_performance") == 0
    else:
        assert ingest.load_parsed(store, [p], "posts.csv")["inserted"] == 2


def test_real_export_twice_then_undo(tmp_path):
    path = shared_path("data", "real-exports", "meta_ads_manager_inr",
                       "Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv")
    s = Store(str(tmp_path / "w.duckdb"))
    first = ingest.load_file(s, path.read_bytes(), path.name)
    assert first["status"] == "loaded" and first["inserted"] == 15
    assert ingest.load_file(s, path.read_bytes(), path.name)["status"] == "unchanged"
    cost = queries.run(s, ["paid_cost"], date(2025, 2, 1), date(2025, 8, 4)).frame.iloc[0]["paid_cost"]
    assert cost == pytest.approx(33245.34)       # the file's own account total row
    ingest.undo(s, first["load_id"])
    assert s.scalar("SELECT count(*) FROM ad_performance") == 0


def test_load_killed_midway_leaves_store_unchanged(tmp_path):
    """A load process killed inside its transaction leaves the workspace as it was."""
    db = tmp_path / "w.duckdb"
    s = Store(str(db))
    ingest.load_parsed(s, [site([day(D1, channel_group="Direct", sessions=10)])], "a.csv")
    s.close()
    script = textwrap.dedent(f"""
        import os, signal, pandas as pd
        from datetime import date, timedelta
        from lib.ingest import load as ingest
        from lib.sources.base import Parsed
        from lib.store import Store
        s = Store({str(db)!r})
        days = [date(2025, 2, 1) + timedelta(days=i % 300) for i in range(200_000)]
        frame = pd.DataFrame({{"day_from": days, "day_to": days,
                               "landing_page": [f"/p{{i}}" for i in range(200_000)], "sessions": 1}})
        original = ingest._upsert
        def upsert_then_die(cur, store, prep, load_id):
            out = original(cur, store, prep, load_id)   # rows written, transaction still open
            print("written", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        ingest._upsert = upsert_then_die
        ingest.load_parsed(s, [Parsed("site_traffic", frame, ("landing_page",), "t",
                                      notes={{"source": "ga4"}})], "big.csv")
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert "written" in proc.stdout and proc.returncode != 0
    s = Store(str(db))
    assert s.scalar("SELECT count(*) FROM site_traffic") == 1
    assert s.scalar("SELECT count(*) FROM loads") == 1


def test_duplicate_keys_refused_when_the_period_already_holds_rows(store):
    """The merge path (rows of the period exist) refuses repeats like the straight insert."""
    ingest.load_parsed(store, [site([day(D1, channel_group="Email", sessions=3)])], "a.csv")
    before = snapshot(store)
    p = site([day(D1, channel_group="Direct", sessions=1), day(D1, channel_group="Direct", sessions=2)])
    with pytest.raises(ingest.IngestError, match="1 rows repeat"):
        ingest.load_parsed(store, [p], "dup.csv")
    pd.testing.assert_frame_equal(snapshot(store), before)


def test_new_rows_and_merged_rows_are_stored_alike(tmp_path):
    """A file's rows are stored the same whether they go straight in (nothing of the source in
    their period) or through the merge stage (the period already holds rows)."""
    rows = [day(D2, channel_group="Direct", sessions=5), day(D1, channel_group=None, sessions=7)]
    straight, merged = Store(str(tmp_path / "a.duckdb")), Store(str(tmp_path / "b.duckdb"))
    ingest.load_parsed(straight, [site(rows)], "f.csv")
    ingest.load_parsed(merged, [site([day(D1, channel_group="Email", sessions=3)])], "first.csv")
    summary = ingest.load_parsed(merged, [site(rows)], "f.csv")
    assert (summary["inserted"], summary["tables"][0]["period"]) == (2, ["2025-01-01", "2025-01-02"])
    mine = "SELECT * EXCLUDE (load_id) FROM site_traffic WHERE sessions <> 3 ORDER BY key"
    pd.testing.assert_frame_equal(straight.query(mine), merged.query(mine))
    # Unsorted files are stored in day order either way (zone maps keep windows fast).
    for store in (straight, merged):
        assert [r[0] for r in store.rows("SELECT day_from FROM site_traffic WHERE sessions <> 3")] == [D1, D2]


def test_one_load_of_two_frames_of_one_table_is_one_undo(store):
    """A GA4 snapshot gives several frames of site_traffic: one load, refused or undone whole."""
    channels = site([day(D1, channel_group="Direct", sessions=5)])
    pages = site([day(D1, landing_page="/", sessions=5)], grain=("landing_page",))
    summary = ingest.load_parsed(store, [channels, pages], "snapshot.csv")
    assert summary["inserted"] == 2 and store.scalar("SELECT count(*) FROM site_traffic") == 2
    repeated = site([day(D3, landing_page="/", sessions=1), day(D3, landing_page="/", sessions=2)],
                    grain=("landing_page",))
    with pytest.raises(ingest.IngestError, match="repeat"):
        ingest.load_parsed(store, [site([day(D3, channel_group="Direct", sessions=1)]), repeated], "bad.csv")
    assert store.scalar("SELECT count(*) FROM site_traffic") == 2
    ingest.undo(store, summary["load_id"])
    assert store.scalar("SELECT count(*) FROM site_traffic") == 0


def test_progress_hears_each_step_in_order(store):
    """The Data page's bar moves within one file: checking, each table written, saving."""
    steps = []
    channels = site([day(D1, channel_group="Direct", sessions=5)])
    pages = site([day(D1, landing_page="/", sessions=5)], grain=("landing_page",))
    ingest.load_parsed(store, [channels, pages], "snapshot.csv",
                       progress=lambda fraction, stage, table: steps.append((fraction, stage, table)))
    assert [(stage, table) for _, stage, table in steps] == [
        ("check", ""), ("write", "site_traffic"), ("write", "site_traffic"), ("commit", "")]
    fractions = [fraction for fraction, _, _ in steps]
    assert fractions == sorted(fractions) and 0 <= fractions[0] and fractions[-1] < 1


def test_undo_never_splices_a_table_name_from_the_load_log(store):
    # A workspace file may carry any text in the load log (issue 17): a stacked statement there
    # must be refused, not run.
    payload = "site_traffic__replaced WHERE false; DROP TABLE orders; SELECT replaced_by FROM site_traffic"
    with store.transaction() as cur:
        cur.execute("INSERT INTO loads VALUES (1, 'x.csv', '', 'canonical', ?, 0, 0, 0, now(), "
                    "'loaded', '{}')", [payload])
    with pytest.raises(ingest.IngestError, match="names no known table"):
        ingest.undo(store, 1)
    assert store.scalar("SELECT count(*) FROM orders") == 0   # the table is still there


def test_columns_outside_the_schema_never_reach_sql(store):
    """Column names read from a received store are checked against the schema before any SQL
    is built from them (issue 17): a forged column refuses the load and the undo."""
    ingest.load_parsed(store, [site([day(D1, channel_group="Direct", sessions=1)])], "a.csv")
    with store.transaction() as cur:
        cur.execute('ALTER TABLE site_traffic ADD COLUMN "x FROM stage; DROP TABLE orders; --" VARCHAR')
    with pytest.raises(ingest.IngestError, match="not in Balise's schema"):
        ingest.load_parsed(store, [site([day(D1, channel_group="Direct", sessions=2)])], "b.csv")
    with pytest.raises(ingest.IngestError, match="not in Balise's schema"):
        ingest.undo(store, 1)
    assert store.scalar("SELECT count(*) FROM orders") == 0   # the table is still there
