"""Altair chart of an objective's progress: actual, pacing line, forecast band and target."""
from __future__ import annotations

import altair as alt
import pandas as pd

from lib.charts.base import AXIS_FORMATS, DAY_FIRST, _check

SERIES = ("actual", "expected", "forecast")
COLORS = {"actual": "#1f6feb", "expected": "#8b949e", "forecast": "#8250df"}
DASHES = {"actual": [1, 0], "expected": [6, 4], "forecast": [2, 2]}


def progress(frame: pd.DataFrame, title: str, unit: str, labels: dict, height: int = 240) -> alt.LayerChart:
    """Daily frame (day, actual, expected, forecast, low, high, target) as one layered chart;
    `labels` names the series (actual, expected, forecast, band, target, day) in the page language."""
    _check(frame)
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    data = frame.assign(day=pd.to_datetime(frame["day"]))
    names = [labels[s] for s in SERIES]
    long = data.melt(id_vars=["day"], value_vars=list(SERIES), var_name="series", value_name="value").dropna()
    long["series"] = long["series"].map(dict(zip(SERIES, names, strict=True)))
    # Up to a quarter, days as the daily trends write them ("1 Nov", not "Nov 2026" between "18 Oct"
    # and "15 Nov"); longer, Vega's month ticks.
    short = len(data) and (data["day"].max() - data["day"].min()).days <= 92
    x = alt.X("day:T", title=None, axis=alt.Axis(format=DAY_FIRST["date"]) if short else alt.Axis())
    lines = alt.Chart(long).mark_line().encode(
        x=x, y=alt.Y("value:Q", title=title, axis=alt.Axis(format=fmt)),
        color=alt.Color("series:N", title=None, sort=names, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=names, range=[COLORS[s] for s in SERIES])),
        strokeDash=alt.StrokeDash("series:N", sort=names, legend=None,
                                  scale=alt.Scale(domain=names, range=[DASHES[s] for s in SERIES])),
        tooltip=[alt.Tooltip("day:T", title=labels["day"]), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("value:Q", title=title, format=fmt)])
    layers = []
    band = data.dropna(subset=["low", "high"])
    if not band.empty:
        layers.append(alt.Chart(band).mark_area(opacity=0.18, color=COLORS["forecast"]).encode(
            x=x, y="low:Q", y2="high:Q",
            tooltip=[alt.Tooltip("day:T", title=labels["day"]),
                     alt.Tooltip("low:Q", title=labels["band"], format=fmt),
                     alt.Tooltip("high:Q", title=labels["band"], format=fmt)]))
    layers.append(lines)
    target = pd.DataFrame({"target": [float(frame["target"].iloc[0])], "label": [labels["target"]]})
    layers.append(alt.Chart(target).mark_rule(color="#cf222e", strokeWidth=1.5).encode(
        y="target:Q", tooltip=[alt.Tooltip("label:N", title=" "),
                               alt.Tooltip("target:Q", title=labels["target"], format=fmt)]))
    return alt.layer(*layers).properties(height=height)
