"""`kpi --reporting CUR` (issue 16): money converted with the workspace's monthly rates, as the
app's reporting currency does; the JSON fields stay the dimensions then the KPI ids."""
from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest

from lib.__main__ import main
from lib.kpis import rates
from lib.store import Store
from tests.commands.test_cli import cli
from tests.kpis.test_rates import load_three_accounts

FEB, MAR = date(2025, 2, 10), date(2025, 3, 10)
WINDOW = ("--start", "2025-02-01", "--end", "2025-03-31")


@pytest.fixture
def db(tmp_path) -> str:
    """A French account in euros (Feb 100 €), a UK one in pounds (Feb £50, Mar £80), an Indian one
    in rupees (Mar ₹1000, no rate); rates GBP→EUR 1.20 in February, 1.19 in March."""
    path = str(tmp_path / "fx.duckdb")
    s = Store(path)
    load_three_accounts(s)
    rates.save(s, rates.parse("month,currency,rate\n2025-02,GBP,1.20\n2025-03,GBP,1.19\n", "EUR"))
    s.close()
    return path


ARGS = ("kpi", "--channel", "paid", *WINDOW, "--kpis", "paid_cost,paid_cpc", "--format", "json")


def kpi(db: str, capsys, *extra: str):
    """The command in this process (the contract itself is run as a process once, below)."""
    code = main(["--db", db, *ARGS, *extra])
    out = capsys.readouterr()
    done = SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)
    return done, (json.loads(out.out) if code == 0 else None)


def test_reporting_converts_like_a_hand_computation(db):
    out = cli(*ARGS, "--reporting", "EUR", db=db)
    rows = json.loads(out.stdout)
    assert out.returncode == 0, out.stderr
    cost = 100 + 50 * 1.20 + 80 * 1.19          # 255.2 €; the rupees have no rate: left out
    assert rows == [{"paid_cost": pytest.approx(cost), "paid_cpc": pytest.approx(cost / (10 + 5 + 8))}]
    assert "GBP→EUR 2025-02 1.2000; GBP→EUR 2025-03 1.1900" in out.stderr
    assert "no EUR rate for some INR months" in out.stderr


def test_reporting_by_month_and_by_account(db, capsys):
    out, rows = kpi(db, capsys, "--reporting", "eur", "--by", "month,account")
    assert out.returncode == 0, out.stderr
    assert [list(r) for r in rows] == [["month", "account", "paid_cost", "paid_cpc"]] * 3
    assert {(r["month"], r["account"]): r["paid_cost"] for r in rows} == {
        ("2025-02-01", "FR"): 100.0, ("2025-02-01", "UK"): pytest.approx(60.0),
        ("2025-03-01", "UK"): pytest.approx(95.2)}


def test_without_reporting_currencies_are_split_never_added(db, capsys):
    out, rows = kpi(db, capsys)
    assert out.returncode == 0, out.stderr
    assert {r["currency"]: r["paid_cost"] for r in rows} == {"EUR": 100.0, "GBP": 130.0, "INR": 1000.0}
    assert list(rows[0]) == ["currency", "paid_cost", "paid_cpc"]


def test_a_currency_without_rates_is_not_converted(db, capsys):
    out, rows = kpi(db, capsys, "--reporting", "USD")      # no USD rate: only USD money, here none
    assert out.returncode == 0, out.stderr
    assert rows[0]["paid_cost"] is None
    assert "no USD rate" in out.stderr


@pytest.mark.parametrize("extra, words", [
    (("--reporting", "euro"), "three-letter"),
    (("--reporting", "EUR", "--currency", "GBP"), "differ"),
])
def test_bad_reporting_is_a_usage_error(db, capsys, extra, words):
    out, _ = kpi(db, capsys, *extra)
    assert out.returncode == 2 and words in out.stderr
