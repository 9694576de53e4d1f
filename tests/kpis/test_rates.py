"""Reporting currency with the user's monthly rates (issue 16): conversion equals a hand
computation, the ECB reference-rate CSV is read, without a rate currencies are never added."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.ingest import load as ingest
from lib.kpis import queries, rates
from lib.sources.base import Parsed
from lib.store import Store

FEB, MAR = date(2025, 2, 10), date(2025, 3, 10)

# The ECB's published layout: units per euro, one row a day, N/A where there is no fixing.
ECB = """Date,USD,JPY,GBP,INR,
2025-03-31,1.0815,161.06,0.8364,92.3,
2025-03-28,1.0800,162.00,0.8336,N/A,
2025-02-28,1.0405,156.59,0.8260,90.9,
"""


def load_three_accounts(s: Store) -> None:
    """A French account in euros (Feb 100 €), a UK one in pounds (Feb £50, Mar £80), an Indian one
    in rupees (Mar ₹1000)."""
    frame = pd.DataFrame([
        {"day_from": FEB, "day_to": FEB, "account": "FR", "cost": 100.0, "clicks": 10.0, "currency": "EUR"},
        {"day_from": FEB, "day_to": FEB, "account": "UK", "cost": 50.0, "clicks": 5.0, "currency": "GBP"},
        {"day_from": MAR, "day_to": MAR, "account": "UK", "cost": 80.0, "clicks": 8.0, "currency": "GBP"},
        {"day_from": MAR, "day_to": MAR, "account": "IN", "cost": 1000.0, "clicks": 2.0, "currency": "INR"},
    ])
    frame["platform"], frame["campaign"] = "google_ads", "c"
    ingest.load_parsed(s, [Parsed("ad_performance", frame, ("platform", "account", "campaign"), "t",
                                  notes={"source": "google_ads"})], "f.csv")


@pytest.fixture
def ws():
    s = Store(":memory:")
    load_three_accounts(s)
    yield s
    s.close()


def test_plain_table_parsed_and_stored(ws):
    found = rates.parse("month,currency,rate\n2025-02,GBP,1.20\n2025-03,GBP,1.19\n", "EUR")
    assert rates.save(ws, found) == 2
    assert [(r.month, r.currency, r.reporting, r.rate) for r in rates.stored(ws)] == [
        (date(2025, 2, 1), "GBP", "EUR", 1.20), (date(2025, 3, 1), "GBP", "EUR", 1.19)]
    assert rates.reporting_currencies(ws) == ["EUR"]


@pytest.mark.parametrize("text, words", [
    ("month,currency,rate\n2025-13,GBP,1.2\n", "YYYY-MM"),
    ("month,currency,rate\n2025-02,pounds,1.2\n", "three-letter"),
    ("month,currency,rate\n2025-02,GBP,-1\n", "positive"),
    ("month,currency,rate\n2025-02,EUR,1\n", "to itself"),
    ("day,code,value\n2025-02,GBP,1\n", "month,currency,rate"),
    ("month,currency,rate\n", "no rates"),
])
def test_bad_rates_are_refused(text, words):
    with pytest.raises(rates.RatesError, match=words):
        rates.parse(text, "EUR")


def test_ecb_csv_monthly_means_towards_the_reporting_currency():
    found = {(r.month, r.currency): r.rate for r in rates.parse(ECB, "EUR")}
    assert found[(date(2025, 3, 1), "GBP")] == pytest.approx(1 / ((0.8364 + 0.8336) / 2))
    assert found[(date(2025, 3, 1), "INR")] == pytest.approx(1 / 92.3)      # N/A day left out
    assert found[(date(2025, 2, 1), "USD")] == pytest.approx(1 / 1.0405)
    in_usd = {(r.month, r.currency): r.rate for r in rates.parse(ECB, "USD")}
    assert in_usd[(date(2025, 2, 1), "EUR")] == pytest.approx(1.0405)
    assert in_usd[(date(2025, 2, 1), "GBP")] == pytest.approx(1.0405 / 0.8260)


def test_conversion_equals_the_hand_computation(ws):
    rates.save(ws, rates.parse("month,currency,rate\n2025-02,GBP,1.20\n2025-03,GBP,1.19\n"
                               "2025-03,INR,0.011\n", "EUR"))
    r = queries.run(ws, ["paid_cost", "paid_clicks", "paid_cpc"], FEB, MAR, reporting="EUR")
    cost = 100.0 + 50.0 * 1.20 + 80.0 * 1.19 + 1000.0 * 0.011
    assert r.frame["paid_cost"].tolist() == [pytest.approx(cost)]
    assert r.frame["paid_cpc"].tolist() == [pytest.approx(cost / 25.0)]       # ratio of sums
    assert any("GBP→EUR 2025-02 1.2000" in str(n) for n in r.notes)
    by_month = queries.run(ws, ["paid_cost"], FEB, MAR, by=["month"], reporting="EUR").frame
    assert by_month["paid_cost"].tolist() == [pytest.approx(160.0), pytest.approx(80 * 1.19 + 11.0)]


def test_no_rate_no_sum(ws):
    r = queries.run(ws, ["paid_cost"], FEB, MAR)
    assert dict(zip(r.frame["currency"], r.frame["paid_cost"])) == {"EUR": 100.0, "GBP": 130.0, "INR": 1000.0}
    rates.save(ws, rates.parse("month,currency,rate\n2025-02,GBP,1.20\n", "EUR"))   # March missing
    r = queries.run(ws, ["paid_cost"], FEB, MAR, reporting="EUR")
    assert dict(zip(r.frame["currency"], r.frame["paid_cost"])) == {
        "EUR": pytest.approx(160.0), "GBP": 80.0, "INR": 1000.0}
    assert any("no EUR rate for some GBP, INR months" in str(n) for n in r.notes)


@pytest.mark.parametrize("window, other", [
    (date(2025, 3, 10), date(2025, 3, 9)),    # pounds and rupees, against a day with no data
    (date(2025, 3, 11), date(2025, 3, 10)),   # no data, against pounds and rupees
])
def test_a_comparison_split_otherwise_is_no_comparison(ws, window, other):
    """One window in two currencies, the other empty: each figure keeps its own value and has no
    comparison (no error, nothing matched across currencies)."""
    out = queries.run_compared(ws, ["paid_cost"], window, window, "previous").frame
    alone = queries.run(ws, ["paid_cost"], window, window).frame
    assert out["paid_cost"].tolist() == pytest.approx(alone["paid_cost"].tolist(), nan_ok=True)
    assert out["paid_cost_compare"].isna().all() and out["paid_cost_delta"].isna().all()
    assert queries.comparison_window(window, window, "previous") == (other, other)


@pytest.mark.parametrize("text, fr, en", [
    ("month,currency,rate\n2025-13,GBP,1.2\n", "mois « 2025-13 » : écrivez-le AAAA-MM (par ex. 2025-03)",
     "month '2025-13': write it as YYYY-MM (e.g. 2025-03)"),
    ("month,currency,rate\n2025-02,GBP,abc\n", "ligne 2 : « abc » n'est pas un taux", "line 2: 'abc' is not a rate"),
    ("month,currency,rate\n2025-02,GBP,-1\n", "ligne 2 : un taux doit être un nombre positif",
     "line 2: a rate must be a positive number"),
    ("month,currency,rate,reporting\n2025-02,GBP,1.2,euro\n",
     "ligne 2 : devise de reporting « euro » : écrivez un code ISO 4217 de trois lettres, comme EUR",
     "line 2: reporting currency 'euro': write a three-letter ISO 4217 code such as EUR"),
    ("month,currency,rate\n2025-02,EUR,1\n", "EUR vers elle-même : retirez cette ligne",
     "EUR to itself: leave that line out"),
])
def test_a_refusal_is_worded_in_each_language(text, fr, en):
    from lib.i18n.messages import say_error

    with pytest.raises(rates.RatesError) as caught:
        rates.parse(text, "EUR")
    assert (say_error(caught.value, "fr"), say_error(caught.value, "en"), str(caught.value)) == (fr, en, en)
    with pytest.raises(rates.RatesError) as caught:
        rates.code("euros", "--reporting")   # the command line names its option
    assert str(caught.value) == "--reporting 'euros': write a three-letter ISO 4217 code such as EUR"


def test_a_european_spreadsheet_s_rates_are_read():
    """Saved by a French Excel: `;` between cells, a decimal comma, a `sep=` line."""
    found = rates.parse("sep=;\nmonth;currency;rate\n2025-03;GBP;1,19\n", "EUR")
    assert [(r.month, r.currency, r.rate) for r in found] == [(date(2025, 3, 1), "GBP", 1.19)]

