"""Altair chart builders. They receive aggregated frames (a few thousand points at most)."""
from __future__ import annotations

import functools

import altair as alt
import pandas as pd
from altair.utils import schemapi

from lib import i18n

MAX_POINTS = 5000
AXIS_FORMATS = {"rate": ".1%", "money": ",.0f", "count": ",.0f", "seconds": ",.0f",
                "number": ",.2f", "position": ",.1f"}


# Vega's default time ticks put the month first ("Aug 30"); French and British read "30 août".
DAY_FIRST = {"year": "%Y", "quarter": "%b %Y", "month": "%b %Y", "week": "%e %b", "date": "%e %b",
             "hours": "%H:%M", "minutes": "%H:%M", "seconds": "%H:%M:%S", "milliseconds": "%H:%M:%S"}


def localised(chart, lang: str):
    """The chart with its numbers, dates and month names in the language's conventions."""
    return chart.configure(locale=i18n.chart_locale(lang)).configure_axisTemporal(format=DAY_FIRST)


# Altair checks a spec against Vega-Lite's JSON schema as each of its objects is made (its debug
# mode) and again when the chart becomes a dict: over half of a chart's cost, on every rerun of a
# page (issue 19). The app draws only these builders' charts, whose specs the tests check in full
# (tests/conftest.py sets BALISE_CHECK_CHARTS): lib/ui/blocks.py turns both checks off in the app.
def check_specs(on: bool) -> None:
    """Altair's check of each object as it is made, on or off (process-wide)."""
    if on:
        schemapi.enable_debug_mode()
    else:
        schemapi.disable_debug_mode()


def unchecked(chart):
    """The chart, whose to_dict() (as st.altair_chart calls it) skips the schema check; same dict."""
    object.__setattr__(chart, "to_dict", functools.partial(type(chart).to_dict, chart, validate=False))
    return chart


def _check(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) > MAX_POINTS:
        raise ValueError(f"chart given {len(frame)} points: aggregate in SQL first")
    return frame


def trend(frame: pd.DataFrame, x: str, y: str, title: str, unit: str, *,
          color: str | None = None, compare: str | None = None, labels: dict | None = None,
          annotations: pd.DataFrame | None = None, height: int = 260) -> alt.Chart:
    """A line over time; `compare` is a column of the comparison values drawn dashed on the same x."""
    labels = labels or {}
    _check(frame)
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    # A line is read by its shape: the axis fits the values (a followers stock at 34,000 moving by
    # a few hundred is no flat line at the top of a 0-based axis).
    scale = alt.Scale(zero=False)
    # Daily lines label every tick by its day: Vega's own labels put "Dec 2026" on the 1st of a
    # month between "29 Nov" and "3 Dec".
    axis = alt.Axis(format=DAY_FIRST["date"]) if x == "day" else alt.Axis()
    base = alt.Chart(frame).encode(x=alt.X(f"{x}:T", title=None, axis=axis))
    tooltip = [alt.Tooltip(f"{x}:T", title=labels.get(x, x)),
               alt.Tooltip(f"{y}:Q", title=labels.get(y, title), format=fmt)]
    if color:
        tooltip.append(alt.Tooltip(f"{color}:N", title=labels.get(color, color)))
        line = base.mark_line().encode(
            y=alt.Y(f"{y}:Q", title=title, axis=alt.Axis(format=fmt), scale=scale),
            color=alt.Color(f"{color}:N", title=labels.get(color, color)), tooltip=tooltip)
    else:
        line = base.mark_line(color="#1f6feb").encode(
            y=alt.Y(f"{y}:Q", title=title, axis=alt.Axis(format=fmt), scale=scale), tooltip=tooltip)
    layers = [line]
    if compare and compare in frame and frame[compare].notna().any():
        layers.append(base.mark_line(strokeDash=[4, 4], color="#8b949e").encode(
            y=alt.Y(f"{compare}:Q", scale=scale),
            tooltip=[alt.Tooltip(f"{compare}:Q", title=labels.get(compare, compare), format=fmt)]))
    if annotations is not None and not annotations.empty:
        lo, hi = frame[x].min(), frame[x].max()
        shown = annotations[(annotations["day"] >= lo) & (annotations["day"] <= hi)]
        if not shown.empty:
            layers.append(alt.Chart(shown).mark_rule(color="#d29922", strokeDash=[2, 2]).encode(
                x="day:T", tooltip=[alt.Tooltip("day:T"), alt.Tooltip("text:N")]))
    return alt.layer(*layers).properties(height=height).interactive(bind_y=False)


# A bar chart's height holds its x axis (labels and title, about 70 px) and a band per bar: with
# less, Vega hides the labels that would overlap (3 devices showed 2 names).
BAR_BAND, BAR_AXIS = 26, 70


def bars(frame: pd.DataFrame, category: str, value: str, title: str, unit: str,
         labels: dict | None = None, height: int | None = None) -> alt.Chart:
    """Horizontal bars of one value by a category, largest first; as tall as its bars need."""
    labels = labels or {}
    _check(frame)
    height = height or BAR_AXIS + BAR_BAND * max(frame[category].nunique(), 2)
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    return alt.Chart(frame).mark_bar(color="#1f6feb").encode(
        y=alt.Y(f"{category}:N", sort="-x", title=labels.get(category, category)),
        x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=fmt)),
        tooltip=[alt.Tooltip(f"{category}:N", title=labels.get(category, category)),
                 alt.Tooltip(f"{value}:Q", title=title, format=fmt)],
    ).properties(height=height)


LOG_SPREAD = 100   # a funnel whose largest step is over 100x its smallest is drawn on a log scale


def log_scaled(values: pd.Series) -> bool:
    """True when the steps span more than LOG_SPREAD: on a linear axis, 246,000 impressions leave
    clicks and conversions as invisible slivers."""
    values = values.dropna()
    return bool(len(values)) and float(values.max()) > LOG_SPREAD * max(float(values.min()), 1.0)


def funnel(frame: pd.DataFrame, step: str, value: str, title: str, height: int = 220,
           lang: str | None = None) -> alt.Chart:
    """Funnel steps as bars in their given order, each labelled with its count. Steps spanning
    more than LOG_SPREAD go on a symmetric log scale (zero stays drawable), said in the axis title."""
    _check(frame)
    order = list(frame[step])
    log = log_scaled(frame[value])
    scale = alt.Scale(type="symlog") if log else alt.Scale(zero=True)
    if log and lang:
        title = f"{title} ({i18n.t('chart_log_scale', lang)})"
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{step}:N", sort=order, title=None),
        x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(format=",.0f"), scale=scale),
        tooltip=[alt.Tooltip(f"{step}:N"), alt.Tooltip(f"{value}:Q", format=",.0f")])
    bars = base.mark_bar(color="#2da44e")
    labels = base.mark_text(align="left", dx=4, color="#24292f").encode(text=alt.Text(f"{value}:Q", format=",.0f"))
    return alt.layer(bars, labels).properties(height=height)
