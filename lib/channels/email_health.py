"""Email sends and list health: per-campaign counts, subject lines by open rate, list size and rates over time.

Rates are ratios of sums (like the catalogue), a division by zero gives NaN ("n/a").
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from lib.kpis import queries
from lib.store import Store

COUNTS = ("sent", "delivered", "hard_bounces", "soft_bounces", "unique_opens", "unique_clicks",
          "unsubscribes", "complaints", "conversions", "revenue", "list_size")
# List health reads the 12 months ending on the window's last day: a year evens out the seasons.
LIST_HEALTH_DAYS = 365


def list_health_start(end: date) -> date:
    """First day of the list-health year that ends on `end` (365 days, `end` included)."""
    return end - timedelta(days=LIST_HEALTH_DAYS - 1)


def bounces(frame: pd.DataFrame) -> pd.Series:
    """Hard plus soft bounces of each row (a missing count is none), as the bounce rate counts them."""
    return frame["hard_bounces"].fillna(0) + frame["soft_bounces"].fillna(0)


def campaigns(store: Store, start: date, end: date, currency: str | None = None) -> pd.DataFrame:
    """One row per campaign sent in the window: send day, name, subject, list, and its counts
    (of the accounts the reader looks at, queries.ACCOUNTS)."""
    whose, params = queries.account_sql("email_campaigns")
    params = [start, end, *params]
    money = ""
    if currency:
        money = "AND coalesce(currency, ?) = ?"
        params += [currency, currency]
    sums = ", ".join(f"sum({c}) AS {c}" for c in COUNTS if c != "list_size")
    return store.query(
        "SELECT campaign_id, min(day_from) AS send_day, any_value(campaign) AS campaign, "
        "any_value(subject) AS subject, any_value(list) AS list, "
        f"{sums}, max(list_size) AS list_size FROM email_campaigns "
        f"WHERE campaign_id IS NOT NULL AND day_from >= ? AND day_to <= ?{whose} {money} "
        "GROUP BY campaign_id ORDER BY send_day, campaign_id", params)


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    den = pd.to_numeric(den, errors="coerce")
    return pd.to_numeric(num, errors="coerce") / den.where(den != 0)


def subject_ranking(frame: pd.DataFrame, min_delivered: float = 0) -> pd.DataFrame:
    """Subject lines by open rate (unique opens / delivered, summed over their sends), best first."""
    if frame.empty:
        return pd.DataFrame(columns=["subject", "sends", "delivered", "unique_opens", "open_rate"])
    grouped = (frame.assign(subject=frame["subject"].fillna(""))
               .groupby("subject", as_index=False)
               .agg(sends=("campaign_id", "count"), delivered=("delivered", "sum"),
                    unique_opens=("unique_opens", "sum")))
    grouped["open_rate"] = _ratio(grouped["unique_opens"], grouped["delivered"])
    grouped = grouped[grouped["delivered"] >= min_delivered]
    return grouped.sort_values(["open_rate", "delivered"], ascending=False, na_position="last"
                               ).reset_index(drop=True)


def list_size(frame: pd.DataFrame) -> pd.DataFrame:
    """List size as reported at each send (largest list when several lists went out that day)."""
    if frame.empty or frame["list_size"].isna().all():
        return pd.DataFrame(columns=["day", "list_size"])
    out = frame.dropna(subset=["list_size"]).groupby("send_day", as_index=False)["list_size"].max()
    return out.rename(columns={"send_day": "day"})


def monthly_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """By month of send: unsubscribe and complaint rates (over delivered), bounce rate (over sent)."""
    cols = ["month", "sends", "sent", "delivered", "unsubscribe_rate", "bounce_rate", "complaint_rate"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    month = pd.to_datetime(frame["send_day"]).dt.to_period("M").dt.to_timestamp()
    g = (frame.assign(month=month, bounces=bounces(frame))
         .groupby("month", as_index=False)
         .agg(sends=("campaign_id", "count"), sent=("sent", "sum"), delivered=("delivered", "sum"),
              unsubscribes=("unsubscribes", "sum"), bounces=("bounces", "sum"),
              complaints=("complaints", "sum")))
    g["unsubscribe_rate"] = _ratio(g["unsubscribes"], g["delivered"])
    g["bounce_rate"] = _ratio(g["bounces"], g["sent"])
    g["complaint_rate"] = _ratio(g["complaints"], g["delivered"])
    return g[cols]
