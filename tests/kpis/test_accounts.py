"""Grains per account (issue 16): a daily account and a period-total account of one platform both
count, each from its own cut; two cuts of one account are never added; currencies never added."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import queries
from lib.sources.base import Parsed
from lib.store import Store

D1, D2, D3 = date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3)


def ads(rows, grain, account, currency):
    frame = pd.DataFrame([{"platform": "google_ads", "campaign": "Brand", "currency": currency, **r}
                          for r in rows])
    return Parsed("ad_performance", frame, grain, "google_ads", notes={"source": "google_ads"}), account


@pytest.fixture(scope="module")
def ws():
    s = Store(":memory:")
    daily = [{"day_from": d, "day_to": d, "cost": c, "clicks": k}
             for d, c, k in ((D1, 10.0, 1.0), (D2, 20.0, 2.0), (D3, 30.0, 3.0))]
    loads = [
        # account A (EUR): daily rows, and the same days as one total (a second cut: never added)
        ads(daily, ("platform", "campaign"), "A", "EUR"),
        ads([{"day_from": D1, "day_to": D3, "cost": 60.0, "clicks": 6.0}], ("platform", "campaign"), "A", "EUR"),
        # account B (GBP): only the period total of the same three days
        ads([{"day_from": D1, "day_to": D3, "cost": 100.0, "clicks": 50.0}], ("platform", "campaign"), "B", "GBP"),
        # account C (EUR): spend without clicks (a ratio over zero)
        ads([{"day_from": D2, "day_to": D2, "cost": 5.0, "clicks": 0.0}], ("platform", "campaign"), "C", "EUR"),
    ]
    for i, (parsed, account) in enumerate(loads):
        ingest.load_parsed(s, [parsed], f"f{i}.csv", account=account)
    yield s
    s.close()


def test_every_account_counts_from_its_own_cut(ws):
    r = queries.run(ws, ["paid_cost", "paid_clicks", "paid_cpc"], D1, D3, by=["account"])
    got = {row.account: (row.paid_cost, row.paid_clicks) for row in r.frame.itertuples()}
    assert got == {"A": (60.0, 6.0), "B": (100.0, 50.0), "C": (5.0, 0.0)}   # B no longer left out
    cpc = dict(zip(r.frame["account"], r.frame["paid_cpc"]))
    assert cpc["A"] == 10.0 and cpc["B"] == 2.0 and pd.isna(cpc["C"])      # 5 / 0: no value
    said = [str(n) for n in r.notes]
    assert any("google_ads (A): answered from the date+platform+campaign cut; 1 other" in n for n in said)
    assert any("google_ads (B): answered from the platform+campaign cut" in n for n in said)


def test_all_accounts_add_up_only_within_a_currency(ws):
    r = queries.run(ws, ["paid_cost", "paid_clicks"], D1, D3)
    by_currency = {row.currency: (row.paid_cost, row.paid_clicks) for row in r.frame.itertuples()}
    assert by_currency == {"EUR": (65.0, 6.0), "GBP": (100.0, 50.0)}
    assert any("several currencies (EUR, GBP)" in str(n) for n in r.notes)
    eur = queries.run(ws, ["paid_cost"], D1, D3, currency="EUR")
    assert eur.frame["paid_cost"].tolist() == [65.0]


def test_account_filter(ws):
    r = queries.run(ws, ["paid_cost"], D1, D3, filters={"account": ["B", "C"]})
    assert dict(zip(r.frame["currency"], r.frame["paid_cost"])) == {"EUR": 5.0, "GBP": 100.0}


def test_a_day_by_day_view_leaves_the_total_account_out_and_says_so(ws):
    r = queries.run(ws, ["paid_cost"], D1, D3, by=["day"], currency="EUR")
    assert r.frame["paid_cost"].tolist() == [10.0, 25.0, 30.0]               # A daily + C
    assert any("google_ads (B): no export carries daily rows" in str(n) for n in r.notes)


def test_a_window_without_data(ws):
    r = queries.run(ws, ["paid_cost"], date(2025, 4, 1), date(2025, 4, 30), by=["account"])
    assert r.frame.empty


def test_the_reader_s_account_scope_applies_to_every_query(ws):
    try:
        queries.scope_accounts(["B"])
        r = queries.run(ws, ["paid_cost"], D1, D3)
        assert r.frame["paid_cost"].tolist() == [100.0] and "currency" not in r.frame   # one currency
        assert not any("google_ads (A)" in str(n) for n in r.notes)
    finally:
        queries.scope_accounts(None)
    assert len(queries.run(ws, ["paid_cost"], D1, D3).frame) == 2
