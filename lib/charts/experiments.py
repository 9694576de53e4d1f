"""Altair builder of the A/B test page: the relative lift day by day, its confidence sequence and
its fixed-horizon interval as two bands narrowing as units accrue."""
from __future__ import annotations

import altair as alt
import pandas as pd

from lib.charts.base import MAX_POINTS

BANDS = (("sequence", "ci_low", "ci_high", "#1f6feb", 0.2),
         ("fixed", "fixed_low", "fixed_high", "#d29922", 0.35))


def narrowing(sequence: pd.DataFrame, labels: dict, height: int = 280) -> alt.Chart:
    """One variant's rows of sequential.sequence: the two bands, the estimate and the zero line.

    labels: "day", "lift", "band", and the band names "sequence" and "fixed" in the page's language.
    """
    if len(sequence) * len(BANDS) > MAX_POINTS:
        raise ValueError(f"chart given {len(sequence)} days: aggregate first")
    long = pd.concat([pd.DataFrame({"day": pd.to_datetime(sequence["day"]),
                                    "band": labels[name], "low": sequence[low],
                                    "high": sequence[high], "estimate": sequence["estimate"]})
                      for name, low, high, _, _ in BANDS], ignore_index=True)
    names = [labels[name] for name, *_ in BANDS]
    colors = [color for *_, color, _ in BANDS]
    x = alt.X("day:T", title=labels["day"])
    tooltip = [alt.Tooltip("day:T", title=labels["day"]),
               alt.Tooltip("band:N", title=labels["band"]),
               alt.Tooltip("low:Q", format="+.1%"), alt.Tooltip("high:Q", format="+.1%")]
    bands = alt.Chart(long).mark_area(opacity=0.3).encode(
        x=x, y=alt.Y("low:Q", title=labels["lift"], axis=alt.Axis(format="+.0%")), y2="high:Q",
        color=alt.Color("band:N", title=labels["band"],
                        scale=alt.Scale(domain=names, range=colors)),
        tooltip=tooltip)
    line = alt.Chart(long[long["band"] == names[0]]).mark_line(color="#24292f", point=True).encode(
        x=x, y="estimate:Q",
        tooltip=[alt.Tooltip("day:T", title=labels["day"]),
                 alt.Tooltip("estimate:Q", title=labels["lift"], format="+.1%")])
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(strokeDash=[4, 4]).encode(y="zero:Q")
    return alt.layer(bands, line, zero).properties(height=height)
