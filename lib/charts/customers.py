"""Altair builders of the customers page (aggregated frames only): cohort heatmap, line with a
confidence band, columns in their given order, the promoters / passives / detractors bar."""
from __future__ import annotations

import altair as alt
import pandas as pd

from lib.charts.base import AXIS_FORMATS, MAX_POINTS

BLUE = "#1f6feb"
NPS_COLORS = ("#2da44e", "#8b949e", "#cf222e")   # promoters, passives, detractors


def _check(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) > MAX_POINTS:
        raise ValueError(f"chart given {len(frame)} points: aggregate first")
    return frame


def heatmap(frame: pd.DataFrame, x: str, y: str, value: str, unit: str = "rate", *,
            labels: dict | None = None, height: int | None = None) -> alt.Chart:
    """Cohort rows x age columns, coloured by value and labelled with it (percent for rates)."""
    labels = labels or {}
    _check(frame)
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    shown = frame.dropna(subset=[value])
    rows = max(1, shown[y].nunique())
    base = alt.Chart(shown).encode(
        x=alt.X(f"{x}:O", title=labels.get(x, x), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:O", title=labels.get(y, y), sort="ascending",
                axis=alt.Axis(labelOverlap=False)))
    tooltip = [alt.Tooltip(f"{y}:O", title=labels.get(y, y)),
               alt.Tooltip(f"{x}:O", title=labels.get(x, x)),
               alt.Tooltip(f"{value}:Q", title=labels.get(value, value), format=fmt)]
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=labels.get(value, value),
                        scale=alt.Scale(scheme="blues"), legend=alt.Legend(format=fmt)),
        tooltip=tooltip)
    # The first month of a retention table is 100% by construction: dark cells get white text.
    top = float(shown[value].max()) if len(shown) else 0.0
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text(f"{value}:Q", format=".0%" if unit == "rate" else "~s"),
        color=alt.condition(alt.datum[value] > 0.6 * top, alt.value("white"),
                            alt.value("black")))
    return alt.layer(cells, text).properties(height=height or 30 * rows + 20)


def month_starts(frame: pd.DataFrame, column: str = "month") -> pd.DataFrame:
    """'YYYY-MM' labels (cohort and NPS tables) as the first day of the month, for time axes."""
    return frame.assign(**{column: pd.to_datetime(frame[column] + "-01")})


def _month_axis(x: str, labels: dict) -> alt.X:
    return alt.X(f"yearmonth({x}):T", title=labels.get(x, x),
                 axis=alt.Axis(format="%b %Y", tickCount="month", labelAngle=0))


def monthly(frame: pd.DataFrame, x: str, y: str, title: str, unit: str = "rate", *,
            color: str | None = None, labels: dict | None = None,
            height: int = 260) -> alt.Chart:
    """A value per month as a line with points (one point per month still shows)."""
    labels = labels or {}
    _check(frame)
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    tooltip = [alt.Tooltip(f"yearmonth({x}):T", title=labels.get(x, x), format="%b %Y"),
               alt.Tooltip(f"{y}:Q", title=title, format=fmt)]
    encoding = {"x": _month_axis(x, labels),
                "y": alt.Y(f"{y}:Q", title=title, axis=alt.Axis(format=fmt))}
    if color:
        tooltip.append(alt.Tooltip(f"{color}:N", title=labels.get(color, color)))
        encoding["color"] = alt.Color(f"{color}:N", title=labels.get(color, color))
    mark = alt.Chart(frame).mark_line(point=True, **({} if color else {"color": BLUE}))
    return mark.encode(**encoding, tooltip=tooltip).properties(height=height)


def band_line(frame: pd.DataFrame, x: str, y: str, low: str, high: str, title: str,
              unit: str = "number", *, labels: dict | None = None, zero: bool = False,
              height: int = 260) -> alt.Chart:
    """A line over time with its confidence interval as a shaded band."""
    labels = labels or {}
    _check(frame)
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    base = alt.Chart(frame).encode(x=_month_axis(x, labels))
    band = base.mark_area(opacity=0.2, color=BLUE).encode(
        y=alt.Y(f"{low}:Q", title=title, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=zero)),
        y2=alt.Y2(f"{high}:Q"))
    tooltip = [alt.Tooltip(f"yearmonth({x}):T", title=labels.get(x, x), format="%b %Y"),
               alt.Tooltip(f"{y}:Q", title=title, format=fmt),
               alt.Tooltip(f"{low}:Q", title=labels.get(low, low), format=fmt),
               alt.Tooltip(f"{high}:Q", title=labels.get(high, high), format=fmt)]
    line = base.mark_line(point=True, color=BLUE).encode(y=alt.Y(f"{y}:Q"), tooltip=tooltip)
    return alt.layer(band, line).properties(height=height)


def columns(frame: pd.DataFrame, x: str, y: str, title: str, unit: str = "money", *,
            labels: dict | None = None, height: int = 240) -> alt.Chart:
    """Vertical bars in the frame's order (cohorts, months)."""
    labels = labels or {}
    _check(frame)
    fmt = AXIS_FORMATS.get(unit, ",.2f")
    return alt.Chart(frame).mark_bar(color=BLUE).encode(
        # more than a dozen labels slant: flat, Vega dropped every other one and cut the last
        x=alt.X(f"{x}:O", title=labels.get(x, x), sort=list(frame[x]),
                axis=alt.Axis(labelAngle=-45 if len(frame) > 12 else 0)),
        # the title over the axis, read flat: along it, "Net revenue per customer" ran past both ends
        y=alt.Y(f"{y}:Q", title=title, axis=alt.Axis(format=fmt, titleAngle=0, titleAnchor="end",
                                                     titleAlign="left", titleBaseline="bottom", titleY=-8)),
        tooltip=[alt.Tooltip(f"{x}:O", title=labels.get(x, x)),
                 alt.Tooltip(f"{y}:Q", title=title, format=fmt)],
    ).properties(height=height)


def shares(frame: pd.DataFrame, category: str, value: str, count: str, *,
           labels: dict | None = None, height: int = 130) -> alt.Chart:
    """One stacked horizontal bar of shares (promoters, passives, detractors), in frame order."""
    labels = labels or {}
    _check(frame)
    order = list(frame[category])
    shown = frame.assign(_order=range(len(frame)))
    colors = list(NPS_COLORS[:len(order)])
    return alt.Chart(shown).mark_bar().encode(
        x=alt.X(f"{value}:Q", stack="normalize", title=None, axis=alt.Axis(format=".0%")),
        color=alt.Color(f"{category}:N", sort=order, title=None,
                        scale=alt.Scale(domain=order, range=colors),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("_order:Q"),
        tooltip=[alt.Tooltip(f"{category}:N", title=labels.get(category, category)),
                 alt.Tooltip(f"{value}:Q", title=labels.get(value, value), format=".1%"),
                 alt.Tooltip(f"{count}:Q", title=labels.get(count, count), format=",.0f")],
    ).properties(height=height)
