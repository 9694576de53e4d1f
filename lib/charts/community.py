"""Community charts: when the inbox waits (weekday x hour) and how fast each network is answered."""
from __future__ import annotations

import altair as alt
import pandas as pd
from babel.dates import get_day_names

from lib import i18n


def weekday_names(lang: str) -> list[str]:
    """Monday..Sunday, abbreviated, in the language."""
    names = get_day_names("abbreviated", locale=i18n.LOCALES[lang])
    return [names[i] for i in range(7)]


def heatmap(frame: pd.DataFrame, lang: str, labels: dict) -> alt.Chart:
    """One cell per weekday and hour, coloured by the median response time (darker = longer);
    `labels` names weekday, hour, items, response_rate and median_hours."""
    days = weekday_names(lang)
    data = frame.assign(day=[days[int(d)] for d in frame["weekday"]])
    return alt.Chart(data).mark_rect().encode(
        x=alt.X("hour:O", title=labels["hour"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("day:O", title=None, sort=days),
        color=alt.Color("median_hours:Q", title=labels["median_hours"],
                        scale=alt.Scale(scheme="orangered")),
        tooltip=[alt.Tooltip("day:O", title=labels["weekday"]), alt.Tooltip("hour:O", title=labels["hour"]),
                 alt.Tooltip("items:Q", title=labels["items"], format=",.0f"),
                 alt.Tooltip("response_rate:Q", title=labels["response_rate"], format=".0%"),
                 alt.Tooltip("median_hours:Q", title=labels["median_hours"], format=",.1f")],
    ).properties(height=240)


def by_network(frame: pd.DataFrame, median: str, p90: str, labels: dict) -> alt.Chart:
    """Median and 90th-percentile response time per network, side by side."""
    long = frame.melt(id_vars=["network"], value_vars=[median, p90], var_name="stat", value_name="hours")
    long["stat"] = long["stat"].map({median: labels[median], p90: labels[p90]})
    return alt.Chart(long.dropna()).mark_bar().encode(
        y=alt.Y("network:N", title=None),
        x=alt.X("hours:Q", title=labels["hours"]),
        yOffset=alt.YOffset("stat:N"),
        color=alt.Color("stat:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("network:N", title=labels["network"]), alt.Tooltip("stat:N", title=" "),
                 alt.Tooltip("hours:Q", title=labels["hours"], format=",.1f")],
    ).properties(height=alt.Step(14))
