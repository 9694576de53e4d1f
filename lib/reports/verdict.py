"""The report's first page: each objective judged on the campaign, the budget consumed, the figures
that moved most against the reference, and a short text written from those numbers.

Plain values only (the document model words them): an objective is judged over the campaign's
window and the scope it measures (lib.objectives.progress.campaign_scope), so its verdict and the
campaign's indicator row read the same number whenever the scopes are the same.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from lib.channels import campaigns
from lib.kpis import catalogue as kpis
from lib.objectives import forecast as om
from lib.objectives import progress as op
from lib.store import Store

MOVERS = 4
# Spend has its own line (the budget); the figures that moved are what the spend bought.
NOT_MOVERS = ("paid_cost",)
HEADLINE = ("paid_roas", "site_revenue", "site_conversions", "email_click_rate")


def judge(store: Store, campaign: dict, obj: dict, start: date, end: date, running: bool) -> dict:
    """One objective over the campaign window: value, verdict (met | missed | met_so_far |
    missed_so_far | not_yet | no_data) and whether its scope is the campaign's own (`same_scope`:
    the indicator row then shows its target)."""
    scope = op.campaign_scope(store, obj)
    value = op.value(store, obj["kpi"], scope, start, end)
    target, direction = float(obj["target"]), obj["direction"]
    if value is None:
        verdict = "no_data"
    else:
        ok = om.sign(direction) * (value - target) >= 0
        if not running:
            verdict = "met" if ok else "missed"
        elif ok:
            verdict = "met_so_far"
        else:   # a total still being added up has not missed before the end
            verdict = "not_yet" if om.kind(obj["kpi"]) == "cumulative" and direction != "below" else "missed_so_far"
    tables = op.kpi_tables(obj["kpi"])
    same = len(tables) == 1 and scope == campaigns.scope(campaign, tables[0])
    return {"id": obj["id"], "name": obj["name"], "kpi": obj["kpi"], "direction": direction, "target": target,
            "value": value, "verdict": verdict, "same_scope": same}


def met(verdict: str) -> bool:
    return verdict in ("met", "met_so_far")


def budget(campaign: dict, kpi_frame: pd.DataFrame) -> dict:
    """Budget, spend (the campaign's paid cost), share of the budget spent and the gap (+ over)."""
    rows = kpi_frame[kpi_frame["kpi"] == "paid_cost"]["value"] if not kpi_frame.empty else pd.Series(dtype=float)
    spent = float(rows.iloc[0]) if len(rows) and not pd.isna(rows.iloc[0]) else None
    amount = campaign.get("budget")
    amount = None if amount is None or pd.isna(amount) else float(amount)
    share = spent / amount if spent is not None and amount else None
    return {"budget": amount, "spent": spent, "share": share,
            "gap": spent - amount if spent is not None and amount is not None else None}


def tone(kpi_id: str, delta) -> str | None:
    """good | bad for a change in the KPI's good or bad direction; None for no change."""
    if delta is None or pd.isna(delta) or round(float(delta), 3) == 0:
        return None
    return "good" if (delta > 0) == (kpis.get(kpi_id).better == "up") else "bad"


def comparable(row) -> bool:
    """A change that means something: any KPI against the campaign's own past, but only ratios
    (rates, costs per result, ROAS) against the whole channels, whose totals are of another size."""
    return row["basis"] != "channels" or om.kind(row["kpi"]) != "cumulative"


def movers(kpi_frame: pd.DataFrame, most: int = MOVERS) -> pd.DataFrame:
    """The comparable rows whose change against the reference is largest (either way), largest first."""
    if kpi_frame.empty:
        return kpi_frame
    keep = kpi_frame.apply(comparable, axis=1) if "basis" in kpi_frame else True
    rows = kpi_frame[kpi_frame["delta"].notna() & ~kpi_frame["kpi"].isin(NOT_MOVERS) & keep]
    order = rows["delta"].abs().sort_values(ascending=False).index
    return rows.loc[order].head(most).reset_index(drop=True)


def headline(kpi_frame: pd.DataFrame) -> pd.Series | None:
    """The row the text leads with: ROAS, else revenue, conversions, click rate (with a reference)."""
    for kid in HEADLINE:
        rows = kpi_frame[(kpi_frame["kpi"] == kid) & kpi_frame["value"].notna()] if not kpi_frame.empty else []
        if len(rows):
            return rows.iloc[0]
    return None


def carried(by_platform: pd.DataFrame | None, volume: str = "paid_conversions") -> tuple[str, float] | None:
    """(platform, share) of the platform that brought most of the campaign's conversions, when
    more than one platform shared them."""
    if by_platform is None or volume not in by_platform or len(by_platform) < 2:
        return None
    total = by_platform[volume].sum()
    if not total or pd.isna(total):
        return None
    top = by_platform.sort_values(volume, ascending=False).iloc[0]
    return str(top["platform"]), float(top[volume] / total)
