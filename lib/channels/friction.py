"""Pages ranked by friction (Microsoft Clarity): where visitors click in anger or in vain.

A page's score is its rage clicks plus dead clicks per recorded session (ratios of sums over
the window); pages below a floor of sessions do not rank (three rage clicks on five sessions is
noise, not a broken button).
"""
from __future__ import annotations

import pandas as pd

from lib.channels.ranking import Floor

KPIS = ["site_recorded_sessions", "site_rage_clicks_per_session", "site_dead_clicks_per_session",
        "site_scroll_depth", "site_quick_back_rate"]
# A page ranks from 30 recorded sessions, or 0.5 % of the window's sessions when higher.
REAL_SESSIONS = Floor(minimum=30, share=0.005)
MOST = 20


def ranked_pages(frame: pd.DataFrame, most: int = MOST) -> pd.DataFrame:
    """The MOST pages with the most rage and dead clicks per session (ties: more sessions first),
    with their `score`; FRAME holds `page` and the KPIS."""
    if frame.empty:
        return frame.assign(score=pd.Series(dtype="float64"))
    kept = REAL_SESSIONS.keep(frame, "site_recorded_sessions").copy()
    kept["score"] = (kept["site_rage_clicks_per_session"].fillna(0)
                     + kept["site_dead_clicks_per_session"].fillna(0))
    kept = kept.sort_values(["score", "site_recorded_sessions"], ascending=[False, False])
    return kept.head(most).reset_index(drop=True)
