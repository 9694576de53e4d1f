"""Spend pacing against the monthly budgets."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib.channels import pacing
from lib.demo import build as demo
from lib.kpis import queries
from lib.store import Store


@pytest.mark.parametrize("settings, expected", [
    ({"monthly_budget_google_ads": "7000", "monthly_budget_meta": "5000", "currency": "EUR"},
     {"google_ads": 7000.0, "meta": 5000.0}),
    ({"monthly_budget_linkedin": "1 500,50"}, {"linkedin": 1500.5}),
    ({"monthly_budget_meta": "abc", "monthly_budget_google_ads": "0", "monthly_budget_": "100"}, {}),
    ({"monthly_budget_microsoft_ads": "-5"}, {}),
    ({}, {}),
])
def test_budgets(settings, expected):
    assert pacing.budgets(settings) == expected


@pytest.mark.parametrize("budget, spent, as_of, expected, projected, status", [
    # 30-day month, day 15: half the budget expected.
    (3000, 1500, date(2026, 11, 15), 1500, 3000, "on_track"),
    (3000, 1800, date(2026, 11, 15), 1500, 3600, "over"),
    (3000, 1000, date(2026, 11, 15), 1500, 2000, "under"),
    (3000, 1600, date(2026, 11, 15), 1500, 3200, "on_track"),   # within 10 %
    # 31-day month, first day.
    (3100, 100, date(2026, 12, 1), 100, 3100, "on_track"),
    # February of a leap year, last day: the whole month is in.
    (2900, 2900, date(2028, 2, 29), 2900, 2900, "on_track"),
    (1000, 0, date(2026, 11, 10), 1000 / 3, 0, "under"),
])
def test_pace(budget, spent, as_of, expected, projected, status):
    p = pacing.pace("meta", budget, spent, as_of)
    assert p.expected == pytest.approx(expected)
    assert p.projected == pytest.approx(projected)
    assert p.status == status
    assert p.share_spent == pytest.approx(spent / budget)


@pytest.mark.parametrize("projected, status", [(1099.99, "on_track"), (1100.01, "over"),
                                               (900.0, "on_track"), (899.99, "under")])
def test_status_edges(projected, status):
    assert pacing.status(projected, 1000) == status


def test_pacing_on_demo(demo_db):
    """Month-to-date spend equals the kpi command's sum for the month; only budgeted platforms."""
    as_of = demo.default_end()
    s = Store(demo_db)
    try:
        settings = dict(s.rows("SELECT name, value FROM settings"))
        rows = pacing.pacing(s, settings, as_of, "EUR")
        meta = queries.run(s, ["paid_cost"], as_of.replace(day=1), as_of, filters={"platform": ["meta"]},
                           currency="EUR").frame.iloc[0]["paid_cost"]
    finally:
        s.close()
    assert [r.platform for r in rows] == ["google_ads", "meta"]
    by = {r.platform: r for r in rows}
    assert by["meta"].budget == 5000
    assert by["meta"].spent == pytest.approx(meta)
    assert by["meta"].days_elapsed == as_of.day
    table = pacing.frame(rows)
    assert list(table["platform"]) == ["google_ads", "meta"]


def test_pacing_without_budget_or_spend(store):
    assert pacing.pacing(store, {}, date(2026, 11, 15)) == []
    rows = pacing.pacing(store, {"monthly_budget_meta": "100"}, date(2026, 11, 15))
    assert rows[0].spent == 0 and rows[0].status == "under"
    assert pacing.frame([]).empty


def test_month_to_date_stops_at_as_of(demo_db):
    as_of = demo.default_end()
    s = Store(demo_db)
    try:
        whole = pacing.month_to_date(s, as_of, "EUR")
        earlier = pacing.month_to_date(s, max(as_of.replace(day=1), as_of - timedelta(days=1)), "EUR")
    finally:
        s.close()
    assert sum(earlier.values()) <= sum(whole.values())


@pytest.mark.parametrize("last_data_day, today, period_end, expected", [
    (date(2026, 12, 5), date(2026, 12, 6), date(2026, 11, 30), date(2026, 11, 30)),   # last month selected
    (date(2026, 12, 5), date(2026, 12, 6), date(2026, 12, 5), date(2026, 12, 5)),     # last 28 days
    (date(2026, 11, 20), date(2026, 12, 6), date(2026, 12, 5), date(2026, 11, 20)),   # data stopped before
    (date(2026, 12, 6), date(2026, 12, 6), date(2026, 12, 31), date(2026, 12, 5)),    # never today
    (date(2026, 12, 5), date(2026, 12, 6), None, date(2026, 12, 5)),
])
def test_pacing_follows_the_selected_period(last_data_day, today, period_end, expected):
    assert pacing.as_of(last_data_day, today, period_end) == expected


def test_last_month_pacing_is_the_whole_month(demo_db):
    """Measured on the last day of a finished month: every day elapsed, the projection is the spend."""
    end = demo.default_end().replace(day=1) - timedelta(days=1)
    s = Store(demo_db)   # as every test opens it: one process cannot mix read-only and read-write
    try:
        rows = pacing.pacing(s, dict(s.rows("SELECT name, value FROM settings")),
                             pacing.as_of(demo.default_end(), demo.default_end() + timedelta(days=1), end), "EUR")
        meta = queries.run(s, ["paid_cost"], end.replace(day=1), end, filters={"platform": ["meta"]},
                           currency="EUR").frame.iloc[0]["paid_cost"]
    finally:
        s.close()
    by = {r.platform: r for r in rows}
    assert by["meta"].days_elapsed == by["meta"].days_in_month == end.day
    assert by["meta"].spent == pytest.approx(meta) and by["meta"].projected == pytest.approx(meta)
    assert by["meta"].expected == pytest.approx(5000)
