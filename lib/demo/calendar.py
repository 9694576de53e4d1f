"""The demo's calendar: its days, seasons, one-off events and seeded random streams."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

CURRENCY = "EUR"
WORKSPACE_NAME = "Maison Lumière (démo)"


# Offsets (days before `end`) of the one-off events; seasonal ones are computed per year.
BAD_BUZZ_DAYS_BEFORE_END = 45
OUTAGE_DAYS_BEFORE_END = 200
PRICE_CHANGE_DAYS_BEFORE_END = 300
META_LAUNCH_DAYS_BEFORE_END = 120
GENERIC_BUDGET_DAYS_BEFORE_END = 250
CPA_DRIFT_DAYS = 21
EXPERIMENT_DAYS_BEFORE_END = (88, 61)   # first and last day of the A/B test


# Parts of the seed: each table draws from its own stream.
_PARTS = {name: i for i, name in enumerate(
    ("calendar", "ads", "email", "site", "items", "orders", "social", "search", "leads",
     "mentions", "nps", "experiment", "second_accounts",
     "community", "friction"))}


def stream(seed: int, part: str) -> np.random.Generator:
    return np.random.default_rng([seed, _PARTS[part]])


# -- calendar ---------------------------------------------------------------------------------

def black_friday(year: int) -> date:
    """The Friday after the fourth Thursday of November (US Thanksgiving)."""
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def winter_sales(year: int) -> date:
    """French winter sales start on the second Wednesday of January (four weeks)."""
    return _nth_weekday(year, 1, 2, 2)


def summer_sales(year: int) -> date:
    """French summer sales start on the last Wednesday of June (four weeks)."""
    return _last_weekday(year, 6, 2)


@dataclass
class Calendar:
    days: pd.DatetimeIndex
    end: date
    demand: np.ndarray        # traffic multiplier per day
    conv: np.ndarray          # conversion-rate multiplier per day
    sales: np.ndarray         # bool: a sales period (winter, summer, Black Friday week)
    bf_season: np.ndarray     # bool: 1 Nov .. Cyber Monday
    events: dict              # name -> date or list of dates

    @property
    def n(self) -> int:
        return len(self.days)

    def index(self, day: date) -> int | None:
        i = (pd.Timestamp(day) - self.days[0]).days
        return i if 0 <= i < self.n else None

    def mask(self, lo: date, hi: date) -> np.ndarray:
        return (self.days >= pd.Timestamp(lo)) & (self.days <= pd.Timestamp(hi))


def calendar(seed: int, end: date, months: int) -> Calendar:
    """Days of the demo and their seasonal multipliers."""
    start = (pd.Timestamp(end) - pd.DateOffset(months=months) + pd.Timedelta(days=1)).date()
    days = pd.date_range(start, end, freq="D")
    n = len(days)
    rng = stream(seed, "calendar")
    dow = days.day_of_week.to_numpy()
    t = np.arange(n) / max(n - 1, 1)
    # Growth over the period, a quiet Saturday, a busy Sunday evening.
    demand = (0.85 + 0.3 * t) * np.array([1.02, 1.03, 1.0, 0.99, 0.95, 0.8, 1.06])[dow]
    conv = np.ones(n)
    doy = days.day_of_year.to_numpy()
    # Summer dip: ramps down from mid-July, lowest mid-August, back by mid-September.
    demand *= 1 - 0.3 * np.exp(-0.5 * ((doy - 227) / 11.0) ** 2)
    conv *= 1 - 0.1 * np.exp(-0.5 * ((doy - 227) / 11.0) ** 2)
    sales = np.zeros(n, bool)
    bf_season = np.zeros(n, bool)
    events: dict = {"black_friday": [], "cyber_monday": [], "winter_sales": [], "summer_sales": []}
    for year in range(days[0].year - 1, days[-1].year + 1):
        for name, first in (("winter_sales", winter_sales(year)), ("summer_sales", summer_sales(year))):
            m = (days >= pd.Timestamp(first)) & (days < pd.Timestamp(first + timedelta(days=28)))
            if m.any():
                events[name].append(first)
            sales |= m
            demand[m] *= 1.2
            conv[m] *= 1.2
            first_week = (days >= pd.Timestamp(first)) & (days < pd.Timestamp(first + timedelta(days=7)))
            demand[first_week] *= 1.15
        bf = black_friday(year)
        cm = bf + timedelta(days=3)
        bf_season |= (days >= pd.Timestamp(date(year, 11, 1))) & (days <= pd.Timestamp(cm))
        week = (days >= pd.Timestamp(bf - timedelta(days=4))) & (days <= pd.Timestamp(cm))
        sales |= week
        for offset, d_mult, c_mult in ((-4, 1.2, 1.1), (-3, 1.25, 1.1), (-2, 1.3, 1.15), (-1, 1.45, 1.2),
                                       (0, 2.6, 1.9), (1, 1.7, 1.4), (2, 1.6, 1.35), (3, 1.6, 1.35)):
            i = (pd.Timestamp(bf + timedelta(days=offset)) - days[0]).days
            if 0 <= i < n:
                demand[i] *= d_mult
                conv[i] *= c_mult
        if days[0].date() <= bf <= days[-1].date():
            events["black_friday"].append(bf)
        if days[0].date() <= cm <= days[-1].date():
            events["cyber_monday"].append(cm)
        xmas = (days >= pd.Timestamp(date(year, 12, 1))) & (days <= pd.Timestamp(date(year, 12, 18)))
        demand[xmas] *= 1.2
        conv[xmas] *= 1.15
        lull = (days >= pd.Timestamp(date(year, 12, 24))) & (days <= pd.Timestamp(date(year, 12, 26)))
        demand[lull] *= 0.7
    events.update(
        bad_buzz=end - timedelta(days=BAD_BUZZ_DAYS_BEFORE_END),
        outage=end - timedelta(days=OUTAGE_DAYS_BEFORE_END),
        price_change=end - timedelta(days=PRICE_CHANGE_DAYS_BEFORE_END),
        meta_launch=end - timedelta(days=META_LAUNCH_DAYS_BEFORE_END),
        generic_budget=end - timedelta(days=GENERIC_BUDGET_DAYS_BEFORE_END),
        cpa_drift=end - timedelta(days=CPA_DRIFT_DAYS - 1),
        experiment=(end - timedelta(days=EXPERIMENT_DAYS_BEFORE_END[0]),
                    end - timedelta(days=EXPERIMENT_DAYS_BEFORE_END[1])),
    )
    cal = Calendar(days, end, demand, conv, sales, bf_season, events)
    buzz = cal.index(events["bad_buzz"])
    if buzz is not None:
        demand[buzz + 1:buzz + 8] *= 0.88          # the shop loses some visits after the buzz
        conv[buzz + 1:buzz + 15] *= 0.9
    outage = cal.index(events["outage"])
    if outage is not None:
        demand[outage] *= 0.6
        conv[outage] *= 0.3                         # checkout down for the afternoon
    conv[cal.mask(events["price_change"], end)] *= 0.94
    demand *= rng.lognormal(0, 0.05, n)
    return cal


# -- draws shared by several tables -----------------------------------------------------------

DEVICES = ("desktop", "mobile", "tablet")


def with_days(cal: Calendar, frame: pd.DataFrame, col: str = "d") -> pd.DataFrame:
    day = cal.days[frame[col].to_numpy()].date   # datetime.date, as the Parsed contract says
    frame = frame.drop(columns=[col])
    frame.insert(0, "day_to", day)
    frame.insert(0, "day_from", day)
    return frame


HOUR_SHARE = np.array([1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4, 4.2, 4.5, 4.8, 4.5, 4.3,
                       4.3, 4.6, 5.2, 6, 6.8, 6.5, 4.5, 2.4])


def draw_times(rng: np.random.Generator, days: pd.DatetimeIndex) -> pd.DatetimeIndex:
    hours = rng.choice(24, size=len(days), p=HOUR_SHARE / HOUR_SHARE.sum())
    secs = hours * 3600 + rng.integers(0, 3600, len(days))
    return days + pd.to_timedelta(secs, unit="s")
