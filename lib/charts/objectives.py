"""Altair chart of an objective's progress: actual, pacing line, forecast band and target.

The chart's layers read named datasets ("lines", "band", "target"), so that its spec depends on
its shape alone (title, unit, labels, language, span, band or not): `progress_spec` builds each
shape's spec once with Altair and fills in an objective's rows (issue 19: building the layers
took 30 ms, on the overview after every load of the objective's data and once per objective on
its page). `progress` gives the same chart as an Altair object, its rows inline (reports).
"""
from __future__ import annotations

import copy
import functools

import altair as alt
import pandas as pd

from lib.charts.base import AXIS_FORMATS, DAY_FIRST, _check, localised

SERIES = ("actual", "expected", "forecast")
COLORS = {"actual": "#1f6feb", "expected": "#8b949e", "forecast": "#8250df"}
DASHES = {"actual": [1, 0], "expected": [6, 4], "forecast": [2, 2]}
LABELS = ("actual", "expected", "forecast", "band", "target", "day")


def _rows(frame: pd.DataFrame, labels: dict) -> tuple[dict[str, pd.DataFrame], bool]:
    """The chart's datasets (lines long, the band, the target) and whether it spans a quarter
    at most."""
    _check(frame)
    data = frame.assign(day=pd.to_datetime(frame["day"]))
    names = [labels[s] for s in SERIES]
    lines = data.melt(id_vars=["day"], value_vars=list(SERIES), var_name="series", value_name="value").dropna()
    lines["series"] = lines["series"].map(dict(zip(SERIES, names, strict=True)))
    band = data.dropna(subset=["low", "high"])[["day", "low", "high"]]
    target = pd.DataFrame({"target": [float(frame["target"].iloc[0])], "label": [labels["target"]]})
    short = bool(len(data)) and (data["day"].max() - data["day"].min()).days <= 92
    return {"lines": lines, "band": band, "target": target}, short


def _layers(title: str, unit: str, labels: dict, short: bool, band: bool, height: int) -> alt.LayerChart:
    """The chart's layers over the named datasets (its shape)."""
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    names = [labels[s] for s in SERIES]
    # Up to a quarter, days as the daily trends write them ("1 Nov", not "Nov 2026" between "18 Oct"
    # and "15 Nov"); longer, Vega's month ticks.
    x = alt.X("day:T", title=None, axis=alt.Axis(format=DAY_FIRST["date"]) if short else alt.Axis())
    lines = alt.Chart(alt.NamedData(name="lines")).mark_line().encode(
        x=x, y=alt.Y("value:Q", title=title, axis=alt.Axis(format=fmt)),
        color=alt.Color("series:N", title=None, sort=names, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=names, range=[COLORS[s] for s in SERIES])),
        strokeDash=alt.StrokeDash("series:N", sort=names, legend=None,
                                  scale=alt.Scale(domain=names, range=[DASHES[s] for s in SERIES])),
        tooltip=[alt.Tooltip("day:T", title=labels["day"]), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("value:Q", title=title, format=fmt)])
    layers = []
    if band:
        layers.append(alt.Chart(alt.NamedData(name="band")).mark_area(opacity=0.18, color=COLORS["forecast"]).encode(
            x=x, y="low:Q", y2="high:Q",
            tooltip=[alt.Tooltip("day:T", title=labels["day"]),
                     alt.Tooltip("low:Q", title=labels["band"], format=fmt),
                     alt.Tooltip("high:Q", title=labels["band"], format=fmt)]))
    layers.append(lines)
    layers.append(alt.Chart(alt.NamedData(name="target")).mark_rule(color="#cf222e", strokeWidth=1.5).encode(
        y="target:Q", tooltip=[alt.Tooltip("label:N", title=" "),
                               alt.Tooltip("target:Q", title=labels["target"], format=fmt)]))
    return alt.layer(*layers).properties(height=height)


def _records(rows: dict[str, pd.DataFrame], band: bool) -> dict[str, list[dict]]:
    """The datasets as Altair writes them (sanitize_pandas_dataframe: dates as ISO text, no NaN),
    a few hundred rows in well under a millisecond."""
    out = {}
    for name, frame in rows.items():
        if name == "band" and not band:
            continue
        columns = {c: (frame[c].dt.strftime("%Y-%m-%dT%H:%M:%S").tolist() if c == "day" else
                       [None if pd.isna(v) else v for v in frame[c].tolist()]) for c in frame.columns}
        out[name] = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    return out


def progress(frame: pd.DataFrame, title: str, unit: str, labels: dict, height: int = 240) -> alt.LayerChart:
    """Daily frame (day, actual, expected, forecast, low, high, target) as one layered chart;
    `labels` names the series (actual, expected, forecast, band, target, day) in the page language."""
    rows, short = _rows(frame, labels)
    band = not rows["band"].empty
    return _layers(title, unit, labels, short, band, height).properties(datasets=_records(rows, band))


@functools.lru_cache(maxsize=256)
def _template(title: str, unit: str, labels: tuple, lang: str, short: bool, band: bool, height: int,
              validate: bool) -> dict:
    return localised(_layers(title, unit, dict(labels), short, band, height), lang).to_dict(validate=validate)


def progress_spec(frame: pd.DataFrame, title: str, unit: str, labels: dict, lang: str, height: int = 240,
                  validate: bool = False) -> dict:
    """The localised Vega-Lite spec of `progress`, its shape built once (`validate`: Altair's
    schema check of that shape)."""
    rows, short = _rows(frame, labels)
    band = not rows["band"].empty
    shape = (title, unit, tuple((k, labels[k]) for k in LABELS), lang, short, band, height, validate)
    spec = copy.deepcopy(_template(*shape))
    spec["datasets"] = _records(rows, band)
    return spec
