"""The demo's Microsoft Clarity friction rows (site_friction), drawn from the site's own sessions.

Clarity records the sessions of the pages where its tag runs, by page URL and device ("PC",
"Mobile", "Tablet", as its Data Export API names them). The demo keeps the last 90 days, as a
shop that pulls Clarity every day would (the API only gives the last three). Two stories to
find on the Site page: the size guide's table is taken for links (dead clicks, worse on mobile),
and /panier's rage clicks jump on the payment outage day when it falls in those 90 days.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.demo.calendar import Calendar, stream
from lib.demo.marketing import SITE_PROPERTY

GRAIN = ("page", "device")
DAYS = 90
DEVICES = {"desktop": "PC", "mobile": "Mobile", "tablet": "Tablet"}
CART = "/panier"   # every buying session passes the cart: its sessions are the add-to-cart ones
# page -> (rage clicks, dead clicks, quick backs) per session, and the average scroll depth (%)
RATES = {"/": (0.004, 0.05, 0.03, 55.0), "/nouveautes": (0.003, 0.04, 0.04, 62.0),
         "/soldes": (0.006, 0.06, 0.05, 58.0), "/blog/guide-des-tailles": (0.005, 0.21, 0.02, 71.0),
         "/blog/idees-cadeaux-noel": (0.002, 0.03, 0.06, 48.0), CART: (0.010, 0.03, 0.02, 80.0)}
PRODUCT = (0.004, 0.07, 0.04, 64.0)


def friction_rows(cal: Calendar, site: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One row per day, page and device for the last DAYS days (column `d`: the day index)."""
    rng = stream(seed, "friction")
    first = max(cal.n - DAYS, 0)
    recent = site[site["d"] >= first]
    pages = recent.groupby(["d", "landing_page", "device"], as_index=False)[["sessions", "page_views"]].sum()
    cart = recent.groupby(["d", "device"], as_index=False)[["add_to_carts", "page_views"]].sum()
    cart = cart.rename(columns={"add_to_carts": "sessions"}).assign(landing_page=CART)
    cart["page_views"] = (cart["sessions"] * 1.6).round()
    frame = pd.concat([pages, cart], ignore_index=True)
    frame = frame[frame["sessions"] > 0].reset_index(drop=True)
    # Clarity misses the sessions that refuse its cookie banner
    sessions = rng.binomial(frame["sessions"].to_numpy(np.int64), 0.82).astype(float)
    rates = np.array([RATES.get(p, PRODUCT) for p in frame["landing_page"]])
    mobile = (frame["device"] == "mobile").to_numpy()
    rage_rate = rates[:, 0] * np.where(mobile, 1.4, 1.0)
    dead_rate = rates[:, 1] * np.where(mobile & (frame["landing_page"] == "/blog/guide-des-tailles"), 1.8, 1.0)
    outage = cal.index(cal.events["outage"]) if cal.events.get("outage") else None
    if outage is not None and outage >= first:
        rage_rate = np.where((frame["d"] == outage) & (frame["landing_page"] == CART), 0.35, rage_rate)
    rage_sessions = rng.binomial(sessions.astype(np.int64), np.minimum(rage_rate, 1.0))
    dead_sessions = rng.binomial(sessions.astype(np.int64), np.minimum(dead_rate, 1.0))
    quick_sessions = rng.binomial(sessions.astype(np.int64), rates[:, 2])
    depth = np.clip(rates[:, 3] + rng.normal(0, 4, len(frame)) - np.where(mobile, 6, 0), 5, 100)
    return pd.DataFrame({
        "d": frame["d"], "page": SITE_PROPERTY.rstrip("/") + frame["landing_page"],
        "device": frame["device"].map(DEVICES),
        "sessions": sessions, "page_views": np.minimum(frame["page_views"], sessions * 6).astype(float),
        "rage_clicks": (rage_sessions * rng.uniform(3.0, 5.0, len(frame))).round(),
        "rage_click_sessions": rage_sessions.astype(float),
        "dead_clicks": (dead_sessions * rng.uniform(1.5, 2.5, len(frame))).round(),
        "dead_click_sessions": dead_sessions.astype(float),
        "quick_backs": (quick_sessions * 1.1).round(), "quick_back_sessions": quick_sessions.astype(float),
        "excessive_scrolls": rng.binomial(sessions.astype(np.int64), 0.01).astype(float),
        "script_errors": rng.binomial(sessions.astype(np.int64), 0.004).astype(float),
        "error_clicks": rng.binomial(sessions.astype(np.int64), 0.002).astype(float),
        "scroll_depth_sum": (depth * sessions).round(1),
        "active_time_s": (sessions * rng.uniform(25, 70, len(frame))).round(),
    })
