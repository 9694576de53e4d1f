"""Several sites, accounts and currencies in one workspace (issue 16): whose each row is, the
migration of older workspaces, replacements that look like another site, files without currency."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.ingest import owners
from lib.sources.base import Parsed
from lib.store import Store
from lib.store import store as store_module
from tests.conftest import ROOT, shared_path

CHART = ("data", "real-exports", "gsc_performance_en_chart", "Chart.csv")


def chart(scale: float = 1.0) -> bytes:
    """The real Search Console chart (31 days of March 2026), clicks and impressions scaled:
    another site's export of the same days."""
    frame = pd.read_csv(shared_path(*CHART))
    frame["Clicks"] = (frame["Clicks"] * scale).round().astype(int)
    frame["Impressions"] = (frame["Impressions"] * scale).round().astype(int)
    return frame.to_csv(index=False).encode()


def clicks(store: Store, account: str | None = None) -> float:
    where, params = ("WHERE account = ?", [account]) if account else ("", [])
    return store.scalar(f"SELECT sum(clicks) FROM search_console {where}", params)


# -- the overwrite case: two sites, same days ----------------------------------------------------
def test_two_sites_same_days_load_side_by_side(store):
    first = ingest.load_file(store, chart(), "Chart.csv")
    assert first["inserted"] == 31 and set(owners.stored_accounts(store, "search_console")) == {"main"}
    site_a = clicks(store)
    second = ingest.load_file(store, chart(0.01), "Chart.csv", account="blog.example.org")
    assert (second["inserted"], second["replaced"]) == (31, 0)
    assert clicks(store, "main") == site_a                       # the first site intact
    assert clicks(store, "blog.example.org") == pd.read_csv(shared_path(*CHART))["Clicks"].mul(0.01).round().sum()
    assert clicks(store) == clicks(store, "main") + clicks(store, "blog.example.org")


def test_a_load_into_the_wrong_site_is_stopped(store):
    ingest.load_file(store, chart(), "Chart.csv")
    before = clicks(store)
    with pytest.raises(ingest.Conflict) as caught:
        ingest.load_file(store, chart(0.01), "Chart.csv")         # no account given: 'main'
    figures = {f["metric"]: f for f in caught.value.figures}
    assert figures["clicks"]["stored"] == before and figures["clicks"]["rows"] == 31
    assert figures["clicks"]["incoming"] == pytest.approx(
        pd.read_csv(shared_path(*CHART))["Clicks"].mul(0.01).round().sum())
    assert "--replace" in str(caught.value) and "--account" in str(caught.value)
    assert clicks(store) == before and store.scalar("SELECT count(*) FROM loads") == 1
    forced = ingest.load_file(store, chart(0.01), "Chart.csv", replace=True)
    assert forced["replaced"] == 31


def test_small_revisions_still_replace(store):
    ingest.load_file(store, chart(), "Chart.csv")
    again = ingest.load_file(store, chart(1.1), "Chart.csv")     # +10 %: a platform revision
    assert again["status"] == "loaded" and again["replaced"] > 0


def test_several_accounts_stored_and_none_named_is_refused(store):
    ingest.load_file(store, chart(), "Chart.csv")
    ingest.load_file(store, chart(0.5), "Chart.csv", account="b")
    with pytest.raises(ingest.IngestError, match="several accounts"):
        ingest.load_file(store, chart(), "Chart.csv")
    assert ingest.load_file(store, chart(), "Chart.csv", account="main")["status"] == "unchanged"


def test_an_export_naming_its_account_keeps_it(store):
    frame = pd.DataFrame({"day_from": [date(2025, 1, 1)] * 2, "day_to": [date(2025, 1, 1)] * 2,
                          "platform": "meta", "account": ["A", "B"], "campaign": "c",
                          "cost": [10.0, 20.0], "currency": ["EUR", "INR"]})
    p = Parsed("ad_performance", frame, ("platform", "account", "campaign"), "test")
    ingest.load_parsed(store, [p], "x.csv", account="ignored")
    assert store.rows("SELECT account, cost FROM ad_performance ORDER BY 1") == [("A", 10.0), ("B", 20.0)]


def test_account_and_currency_names_are_checked(store):
    with pytest.raises(ingest.IngestError, match="three-letter"):
        ingest.load_file(store, chart(), "Chart.csv", currency="euro")
    with pytest.raises(ingest.IngestError, match="1 to 120"):
        ingest.load_file(store, chart(), "Chart.csv", account=" ")
    assert store.scalar("SELECT count(*) FROM search_console") == 0


# -- the currency case -----------------------------------------------------------------------------
KLAVIYO = ROOT / "tests" / "fixtures" / "exports" / "klaviyo_campaigns.csv"


def cli(db, *args):
    return subprocess.run([sys.executable, "-m", "lib", "--db", str(db), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_refuses_money_without_currency_then_loads_with_it(tmp_path):
    db = tmp_path / "w.duckdb"
    refused = cli(db, "load", str(KLAVIYO), "--accept-rejected")
    assert refused.returncode == 1 and "--currency" in refused.stderr
    assert json.loads(refused.stdout)["status"] == "refused"
    done = cli(db, "load", str(KLAVIYO), "--accept-rejected", "--currency", "gbp", "--account", "Klaviyo UK")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inserted"] == 2
    s = Store(str(db), read_only=True)
    assert s.rows("SELECT DISTINCT currency, account FROM email_campaigns") == [("GBP", "Klaviyo UK")]
    assert s.scalar("SELECT sum(revenue) FROM email_campaigns") == pytest.approx(845.50 + 99.90)
    s.close()


def test_cli_refuses_a_strong_replacement_unless_replace(tmp_path):
    db, a, b = tmp_path / "w.duckdb", tmp_path / "a" / "Chart.csv", tmp_path / "b" / "Chart.csv"
    a.parent.mkdir()
    b.parent.mkdir()
    a.write_bytes(chart())
    b.write_bytes(chart(0.01))
    assert cli(db, "load", str(a)).returncode == 0
    stopped = cli(db, "load", str(b))
    out = json.loads(stopped.stdout)
    assert stopped.returncode == 1 and out["status"] == "refused" and out["conflicts"][0]["rows"] == 31
    forced = cli(db, "load", str(b), "--replace")
    assert forced.returncode == 0 and json.loads(forced.stdout)["replaced"] == 31


# -- the migration from a workspace built by the schema before 006 -----------------------------------
def old_key(source, grain, day_from, day_to, *dims):
    """The natural key as Balise computed it before migration 006 (lib/ingest/load.py; the days
    are cast from timestamps)."""
    return hashlib.md5("\u241f".join([source, grain, day_from, day_to, *dims]).encode()).hexdigest()


def site_rows(sessions):
    days = [date(2025, 3, d) for d in range(1, 6)]
    frame = pd.DataFrame({"day_from": days, "day_to": days, "channel_group": "Direct",
                          "sessions": sessions, "revenue": 2.0, "currency": "EUR"})
    return Parsed("site_traffic", frame, ("channel_group",), "test", notes={"source": "ga4"})


def ads_rows():
    days = [date(2025, 3, d) for d in range(1, 6)]
    frame = pd.DataFrame({"day_from": days, "day_to": days, "platform": "google_ads",
                          "campaign": "Brand", "cost": 3.5, "clicks": 7.0, "currency": "EUR"})
    return Parsed("ad_performance", frame, ("platform", "campaign"), "test",
                  notes={"source": "google_ads"})


TOTALS = {"site_traffic": "sessions", "search_console": "clicks", "ad_performance": "cost",
          "email_campaigns": "revenue"}


def totals(s: Store) -> dict:
    return {t: (s.scalar(f"SELECT count(*) FROM {t}"), s.scalar(f"SELECT sum({m}) FROM {t}"))
            for t, m in TOTALS.items()}


def test_a_workspace_of_the_previous_schema_migrates_whole(tmp_path, monkeypatch):
    path = str(tmp_path / "old.duckdb")
    # Today's schema and keys, before 006: migrations up to 005, no account in any key.
    every = store_module.migrations
    with monkeypatch.context() as m:
        m.setattr(store_module, "migrations", lambda: [x for x in every() if x[0] < 6])
        m.setattr(ingest, "OWNED", ())
        m.setattr(owners, "OWNED", ())
        old = Store(path)
        assert old.schema_version() == 5 and "account" not in old.table_columns("search_console")
        ingest.load_file(old, chart(), "Chart.csv")
        ingest.load_file(old, KLAVIYO.read_bytes(), KLAVIYO.name, accept_rejected=True, currency="EUR")
        ingest.load_parsed(old, [site_rows(1.0)], "site.csv")
        revised = ingest.load_parsed(old, [site_rows(4.0)], "site-revised.csv")   # kept for undo
        ingest.load_parsed(old, [ads_rows()], "ads.csv")
        key = old.scalar("SELECT key FROM search_console WHERE day_from = DATE '2026-03-01'")
        assert key == old_key("search_console", "date", "2026-03-01 00:00:00", "2026-03-01 00:00:00")
        before = totals(old)
        old.close()
    new = Store(path)
    assert new.schema_version() == store_module.migrations()[-1][0]
    assert totals(new) == before                                   # every row kept, totals unchanged
    for table in TOTALS:
        assert new.rows(f"SELECT DISTINCT account FROM {table}") == [("main",)]
    assert new.scalar("SELECT key FROM search_console WHERE day_from = DATE '2026-03-01'") == \
        hashlib.md5(f"{key}\u241fmain".encode()).hexdigest()
    # Re-loading the old files changes nothing.
    assert ingest.load_file(new, chart(), "Chart.csv")["status"] == "unchanged"
    assert ingest.load_file(new, KLAVIYO.read_bytes(), KLAVIYO.name, accept_rejected=True, currency="EUR")["status"] == "unchanged"
    assert ingest.load_parsed(new, [site_rows(4.0)], "site-revised.csv")["status"] == "unchanged"
    assert ingest.load_parsed(new, [ads_rows()], "ads.csv")["status"] == "unchanged"
    # Undo of a load made before the migration restores the rows it replaced, re-keyed.
    ingest.undo(new, revised["load_id"])
    assert new.scalar("SELECT sum(sessions) FROM site_traffic") == 5.0
    assert new.rows("SELECT DISTINCT account FROM site_traffic") == [("main",)]
    assert ingest.load_parsed(new, [site_rows(1.0)], "site.csv")["status"] == "unchanged"
    assert new.scalar("SELECT count(*) FROM site_traffic__replaced") == 0
    new.close()
