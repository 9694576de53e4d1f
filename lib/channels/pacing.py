"""Spend pacing: month-to-date spend against the monthly budget set per platform.

Budgets are settings `monthly_budget_<platform>` (in the workspace currency). The expected spend
to date is linear in the days elapsed (budget × days elapsed / days in month, the as-of day
included); the month-end projection extends the spend rate so far to the whole month.
"""
from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import pandas as pd

from lib.kpis import queries
from lib.store import Store

PREFIX = "monthly_budget_"
TOLERANCE = 0.1          # projected within ±10 % of the budget is on track
STATUSES = ("under", "on_track", "over")


@dataclass(frozen=True)
class Pacing:
    platform: str
    budget: float
    spent: float
    expected: float          # spend expected by the as-of day
    projected: float         # month-end spend at the current rate
    days_elapsed: int
    days_in_month: int
    status: str              # under | on_track | over

    @property
    def share_spent(self) -> float:
        return self.spent / self.budget if self.budget else float("nan")


def budgets(settings: dict) -> dict[str, float]:
    """{platform: monthly budget} from the settings; unparsable or non-positive values are skipped."""
    out = {}
    for name, value in sorted(settings.items()):
        if not str(name).startswith(PREFIX) or len(name) == len(PREFIX):
            continue
        try:
            amount = float(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except ValueError:
            continue
        if amount > 0:
            out[name[len(PREFIX):]] = amount
    return out


def status(projected: float, budget: float, tolerance: float = TOLERANCE) -> str:
    """under / on_track / over by the month-end projection against the budget."""
    if projected > budget * (1 + tolerance):
        return "over"
    if projected < budget * (1 - tolerance):
        return "under"
    return "on_track"


def pace(platform: str, budget: float, spent: float, as_of: date) -> Pacing:
    """The pacing of one platform for the month of `as_of` (spend counted up to `as_of` included)."""
    days = calendar.monthrange(as_of.year, as_of.month)[1]
    elapsed = as_of.day
    spent = float(spent or 0.0)
    projected = spent / elapsed * days
    return Pacing(platform, float(budget), spent, budget * elapsed / days, projected, elapsed, days,
                  status(projected, budget))


def month_to_date(store: Store, as_of: date, currency: str | None = None) -> dict[str, float]:
    """Spend by platform from the first of the month of `as_of` to `as_of` included."""
    frame = queries.run(store, ["paid_cost"], as_of.replace(day=1), as_of, by=["platform"],
                        currency=currency).frame
    if frame.empty or "platform" not in frame:
        return {}
    return {str(p): float(v) for p, v in zip(frame["platform"], frame["paid_cost"].fillna(0.0))}


def pacing(store: Store, settings: dict, as_of: date, currency: str | None = None) -> list[Pacing]:
    """One Pacing per platform with a budget set (no spend yet counts as zero)."""
    found = budgets(settings)
    if not found:
        return []
    spent = month_to_date(store, as_of, currency)
    return [pace(platform, budget, spent.get(platform, 0.0), as_of) for platform, budget in found.items()]


def frame(rows: list[Pacing]) -> pd.DataFrame:
    """The pacing rows as a table (share_spent added)."""
    return pd.DataFrame([{**asdict(r), "share_spent": r.share_spent} for r in rows],
                        columns=["platform", "budget", "spent", "expected", "projected", "days_elapsed",
                                 "days_in_month", "status", "share_spent"])


def as_of(last_data_day: date, today: date, period_end: date | None = None) -> date:
    """The day pacing is measured at: the selected period's end (last month selected: last month's
    pacing, measured on its last day), the last day with ad data if earlier, and yesterday at the
    latest (today's spend is still running, so counting it would make every platform look under
    budget)."""
    day = min(last_data_day, today - timedelta(days=1))
    return day if period_end is None else min(day, period_end)
