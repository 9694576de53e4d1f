"""Best and worst of a breakdown, ranked only among rows with real volume.

A ratio on a tiny base is noise (one sale on twelve sessions is an 8 % conversion rate), so a
row ranks only when its volume reaches a floor: an absolute minimum, or a share of the window's
total when that is higher (on a big account, 50 € of spend is still a test, not a campaign).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Floor:
    """Least volume for a row to rank: `minimum`, or `share` of the window's total if higher."""

    minimum: float
    share: float

    def of(self, volumes: pd.Series) -> float:
        """The floor for a window whose rows have these volumes."""
        return max(self.minimum, float(volumes.sum()) * self.share)

    def keep(self, frame: pd.DataFrame, volume: str) -> pd.DataFrame:
        """The rows whose `volume` column reaches the floor of the frame's own total."""
        return frame[frame[volume] >= self.of(frame[volume])]


# "Real spend": a campaign's ROAS ranks from 50 (account currency) or 2 % of the window's spend.
REAL_SPEND = Floor(minimum=50.0, share=0.02)
# "Real traffic": a landing page's conversion rate ranks from 100 sessions or 1 % of all sessions.
REAL_TRAFFIC = Floor(minimum=100, share=0.01)
MOST_PER_SIDE = 5


def ranked(frame: pd.DataFrame, score: str) -> pd.DataFrame:
    """Rows with a score, worst first (the best are at the tail)."""
    return frame.dropna(subset=[score]).sort_values(score)


def per_side(count: int, most: int = MOST_PER_SIDE) -> int:
    """How many to show as best and as worst of `count` ranked rows so no row is on both sides."""
    return min(most, count // 2 or 1)


# "Real sends": an email's click rate ranks from 100 recipients.
REAL_SENDS = Floor(minimum=100, share=0.0)


def against_average(frame: pd.DataFrame, score: str, average: float, better_up: bool,
                    most: int = MOST_PER_SIDE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(best, worst) against the whole's average (a ratio of sums, not a mean of rows): best are
    the rows on the good side of it, best first; worst only rows on the bad side, worst first.
    A row equal to the average is neither, so no row is ever on both sides."""
    rows = frame.dropna(subset=[score])
    if average is None or pd.isna(average):
        return rows.iloc[:0], rows.iloc[:0]
    sign = 1 if better_up else -1
    scored = rows.assign(_gap=sign * (rows[score] - average))
    tiny = 1e-9 * max(1.0, abs(float(average)))     # the row that is the whole: float noise, not a gap
    best = scored[scored["_gap"] > tiny].sort_values("_gap", ascending=False).drop(columns="_gap")
    worst = scored[scored["_gap"] < -tiny].sort_values("_gap").drop(columns="_gap")
    return best.head(most), worst.head(most)


def best_worst(frame: pd.DataFrame, score: str, volume: str, floor: Floor, average: float, better_up: bool,
               most: int = MOST_PER_SIDE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(best, worst) among the rows whose volume reaches the floor, against the whole window's
    figure (`average`, a ratio of sums): a row is in one list at most, and "worst" holds only rows
    below the average (all rows above it: no worst)."""
    enough = floor.keep(frame[frame[volume].notna()], volume)
    return against_average(enough, score, average, better_up, most)
