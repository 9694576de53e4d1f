"""Backtest: when a rule would have fired over the last days, before it is saved.

Each day of the window is measured as the check would have measured it then (lib.alerts.rules
.measure, with the rule's own parameters) and run through the same lifecycle (advance: pending_for
breaching days before firing, one episode until the value is back in its band), in memory (a
series rule's daily values are read once for the whole window): nothing is written, so a threshold
can be tried and tried again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from lib.alerts import rules as alerts
from lib.alerts.checks import NEW, Outcome, Step, advance
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.store import Store

DAYS = 90


@dataclass
class Backtest:
    rule: alerts.Rule
    start: date
    end: date
    days: list[dict] = field(default_factory=list)      # day, status, state, value, low, high, opened

    @property
    def fired(self) -> list[dict]:
        """The days an episode opened (a notification would have gone out)."""
        return [d for d in self.days if d["opened"]]

    @property
    def firing_days(self) -> int:
        return sum(d["state"] == "firing" for d in self.days)

    @property
    def nodata_days(self) -> int:
        return sum(d["status"] == "nodata" for d in self.days)


def run(store: Store, rule: alerts.Rule, days: int = DAYS, end: date | None = None,
        currency: str | None = None, today: date | None = None) -> Backtest:
    """The rule (validated here: RuleError names a wrong field) over DAYS days up to END (default:
    the day the check would evaluate it today, the last day with data)."""
    rule = alerts.validate(rule)
    end = end or alerts.rule_day(store, rule, None, today or date.today())
    start = end - timedelta(days=days - 1)
    result = Backtest(rule, start, end)
    step: Step | None = None
    series = None
    if rule.kind in alerts.SERIES_KINDS:
        try:
            series = alerts.series_for(store, rule, start, end, currency)
        except (queries.QueryError, kpis.UnknownKpi):
            series = None          # each day then says why it has no data, as the check would
    for i in range(days):
        day = start + timedelta(days=i)
        try:
            outcome = alerts.measure(store, rule, day, currency, series)
        except (queries.QueryError, kpis.UnknownKpi):
            outcome = Outcome("nodata", reason="error")
        step = advance(step, outcome.status, rule.pending_for)
        opened = step.episode == NEW
        if opened:
            step = Step(step.state, step.streak, i)       # the episode's id, in memory
        result.days.append({"day": day, "status": outcome.status, "state": step.state, "value": outcome.value,
                            "low": outcome.low, "high": outcome.high, "opened": opened})
    return result
