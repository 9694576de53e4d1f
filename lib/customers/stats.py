"""Customer analytics over orders: cohorts, CLTV, churn, repeat purchases; NPS over survey answers.

Orders are a DataFrame with order_id, customer_id, order_time (datetime), revenue,
kind ('order' | 'cancellation' | 'return') and channel (may be None). Rules used throughout:
- revenue is net: cancellations and returns subtract their amount whatever its sign in the
  export (UCI and Shopify store them negative, some tools positive);
- a cancellation carrying the order_id of an order cancels it; an order whose cancellations
  reach its amount is "fully cancelled" and does not count as a purchase (it neither acquires
  nor retains a customer). Unmatched cancellations (UCI's C invoices have their own numbers)
  only reduce net revenue in their month;
- rows without a customer_id are left out of every customer metric and counted
  (orders_without_customer) so the page can say how many.
"""
from __future__ import annotations

import math

import pandas as pd

from lib import i18n

# The acquisition channel of orders that carry none (a value of the channel column, not a word).
NO_CHANNEL = "(none)"
PROMOTER_MIN, DETRACTOR_MAX = 9, 6
MONTH_DAYS = 365.25 / 12     # the average month length


# --- preparation ------------------------------------------------------------------------------

def orders_without_customer(orders: pd.DataFrame) -> int:
    """Number of order rows without a customer id (left out of customer metrics)."""
    return int(orders["customer_id"].isna().sum())


def _signed_revenue(orders: pd.DataFrame) -> pd.Series:
    """Revenue with cancellations and returns negative, whatever sign the export used."""
    amount = orders["revenue"].fillna(0.0).astype(float).abs()
    return amount.where(orders["kind"] == "order", -amount)


def _prepare(orders: pd.DataFrame) -> pd.DataFrame:
    """Rows with a customer, net revenue, month, and whether each row is a counted purchase."""
    frame = orders[orders["customer_id"].notna()].copy()
    frame["customer_id"] = frame["customer_id"].astype(str)
    frame["order_time"] = pd.to_datetime(frame["order_time"])
    frame["net"] = _signed_revenue(frame)
    frame["month"] = frame["order_time"].dt.to_period("M")
    if "channel" not in frame:
        frame["channel"] = None
    is_order = frame["kind"] == "order"
    cancelled = (frame.loc[frame["kind"] == "cancellation"]
                 .groupby("order_id")["net"].sum().abs())
    ordered = frame.loc[is_order, "order_id"]
    fully_cancelled = ordered.map(cancelled).fillna(0.0) >= frame.loc[is_order, "net"]
    frame["purchase"] = False
    frame.loc[is_order, "purchase"] = ~(fully_cancelled & ordered.isin(cancelled.index))
    return frame


def _customers(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per acquired customer: first purchase time, cohort month and acquisition channel."""
    purchases = frame[frame["purchase"]].sort_values(["order_time", "order_id"])
    first = purchases.groupby("customer_id").first()
    return pd.DataFrame({
        "first_time": first["order_time"],
        "cohort": first["month"],
        "channel": first["channel"].fillna(NO_CHANNEL),
    })


def _with_cohort(frame: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Rows of acquired customers with cohort, acquisition channel and age in months."""
    rows = frame.join(customers[["cohort", "channel"]].rename(
        columns={"channel": "acq_channel"}), on="customer_id", how="inner")
    rows["age"] = [offset.n for offset in rows["month"] - rows["cohort"]]
    # A row before the first purchase (a cancellation of an order outside the data) belongs to
    # no cohort month.
    return rows[rows["age"] >= 0]


def _end(frame: pd.DataFrame, as_of) -> pd.Timestamp:
    return pd.Timestamp(as_of) if as_of is not None else frame["order_time"].max()


def _keys(by: str | None) -> list[str]:
    if by not in (None, "channel"):
        raise ValueError("by must be None or 'channel'")
    return ["channel"] if by == "channel" else []


def _groups(frame: pd.DataFrame, keys: list[str]):
    """(key columns as a dict, rows) per group; the whole frame once when keys is empty."""
    if not keys:
        yield {}, frame
        return
    for key, group in frame.groupby(keys):
        yield dict(zip(keys, key, strict=True)), group


# --- cohorts ----------------------------------------------------------------------------------

def _cohort_table(orders: pd.DataFrame, by: str | None, as_of) -> pd.DataFrame:
    """cohort_table with cohorts as monthly Periods (for date arithmetic)."""
    keys = _keys(by)
    columns = [*keys, "cohort", "age", "customers", "active", "share", "revenue"]
    frame = _prepare(orders)
    customers = _customers(frame)
    if customers.empty:
        return pd.DataFrame(columns=columns)
    rows = _with_cohort(frame, customers)
    rows["channel"] = rows["acq_channel"]
    last = _end(frame, as_of).to_period("M")
    sizes = customers.groupby([*keys, "cohort"]).size().rename("customers").reset_index()
    # Every (cohort, age) up to the data end, so a month without buyers shows 0, not a gap.
    sizes["age"] = [range((last - cohort).n + 1) for cohort in sizes["cohort"]]
    table = sizes.explode("age").astype({"age": int})
    at = [*keys, "cohort", "age"]
    active = rows[rows["purchase"]].groupby(at)["customer_id"].nunique().rename("active")
    revenue = rows.groupby(at)["net"].sum().rename("revenue")
    table = table.join(active, on=at).join(revenue, on=at)
    table["active"] = table["active"].fillna(0).astype(int)
    table["revenue"] = table["revenue"].fillna(0.0)
    table["share"] = table["active"] / table["customers"]
    return table[columns].reset_index(drop=True)


def cohort_table(orders: pd.DataFrame, by: str | None = None, as_of=None) -> pd.DataFrame:
    """Long cohort table: [channel], cohort ('YYYY-MM'), age, customers, active, share, revenue.

    age = months since the acquisition month; share = cohort customers with a purchase that
    month / customers acquired in the cohort month; revenue = the cohort's net revenue that
    month. Months after as_of (default the last order) are absent, not zero.
    """
    table = _cohort_table(orders, by, as_of)
    table["cohort"] = table["cohort"].astype(str)
    table.attrs["excluded_orders"] = orders_without_customer(orders)
    return table


def revenue_per_cohort(table: pd.DataFrame) -> pd.DataFrame:
    """cohort, revenue, customers, per_customer: each cohort's net revenue over every month of
    cohort_table (one channel at a time) and that revenue per customer acquired."""
    per_cohort = (table.groupby("cohort", as_index=False)
                  .agg(revenue=("revenue", "sum"), customers=("customers", "first")))
    per_cohort["per_customer"] = per_cohort["revenue"] / per_cohort["customers"]
    return per_cohort


def _wide(table: pd.DataFrame, value: str) -> pd.DataFrame:
    """Cohorts as rows, ages as columns; NaN where the month is not observed yet."""
    index = [c for c in ("channel", "cohort") if c in table.columns]
    wide = table.pivot(index=index, columns="age", values=value)
    wide.columns.name = "months_since_acquisition"
    wide.attrs = dict(table.attrs)
    return wide


def cohort_retention(orders: pd.DataFrame, by: str | None = None, as_of=None) -> pd.DataFrame:
    """Cohort month x months since acquisition: share of the cohort with a purchase that month."""
    return _wide(cohort_table(orders, by, as_of), "share")


def cohort_revenue(orders: pd.DataFrame, by: str | None = None, as_of=None) -> pd.DataFrame:
    """Cohort month x months since acquisition: net revenue of the cohort's customers."""
    return _wide(cohort_table(orders, by, as_of), "revenue")


# --- CLTV -------------------------------------------------------------------------------------

def historic_cltv(orders: pd.DataFrame, months: tuple[int, ...] = (3, 6, 12),
                  by: str | None = None, as_of=None) -> pd.DataFrame:
    """Net revenue per customer within N months of the first purchase (i18n cust_cltv_note).

    Window: the acquisition month and the N-1 following calendar months. A cohort is counted
    only when its window has ended by as_of (default the last order), so a young cohort never
    drags the average down; the cohorts and customers columns say what was counted.
    """
    keys = _keys(by)
    table = _cohort_table(orders, by, as_of)
    end = _end(_prepare(orders), as_of)
    out = []
    for n in months:
        if table.empty:
            eligible = table
        else:
            eligible = table[((table["cohort"] + n).dt.start_time <= end) & (table["age"] < n)]
        for key, part in _groups(eligible, keys):
            customers = int(part.drop_duplicates("cohort")["customers"].sum())
            out.append({**key, "months": n, "customers": customers,
                        "cltv": part["revenue"].sum() / customers if customers else math.nan,
                        "cohorts": int(part["cohort"].nunique())})
    result = pd.DataFrame(out, columns=[*keys, "months", "cltv", "customers", "cohorts"])
    result.attrs["excluded_orders"] = orders_without_customer(orders)
    return result


def active_months(frame: pd.DataFrame, churn_days: int, end: pd.Timestamp) -> float:
    """Customer-months spent active: after each purchase a customer is active until the next one,
    or for churn_days (the churn rule's look-back), or until `end`, whichever comes first."""
    buys = frame.loc[frame["purchase"], ["customer_id", "order_time"]].sort_values(["customer_id", "order_time"])
    if buys.empty:
        return 0.0
    following = buys.groupby("customer_id")["order_time"].shift(-1)
    stop = (buys["order_time"] + pd.Timedelta(days=churn_days)).clip(upper=end)
    stop = stop.where(following.isna() | (following > stop), following)
    return float((stop - buys["order_time"]).dt.total_seconds().clip(lower=0).sum() / 86400 / MONTH_DAYS)


def predictive_cltv(orders: pd.DataFrame, churn_days: int, as_of=None) -> dict:
    """Predictive CLTV = AOV x (1 + repeat purchases per active month x expected lifetime).

    The first purchase is certain, so a customer who bought is worth at least one order; the
    repeat purchases come from the months a customer stays active. aov = customers' net revenue /
    counted purchases; frequency = repeat purchases (purchases - customers) / customer-months
    active (active_months: the churn rule's look-back after each purchase, so the months after a
    customer lapsed do not dilute it); churn = the monthly churn rate over the whole period (ratio
    of sums of churn_rate); lifetime = 1/churn months (a constant monthly churn: geometric).
    Counting every month since the first purchase instead (the earlier model) put the CLTV of
    the demo below one order. The formula text in French and English is returned with the parts.
    """
    frame = _prepare(orders)
    customers = _customers(frame)
    end = _end(frame, as_of)
    purchases = int(frame["purchase"].sum())
    net = float(_with_cohort(frame, customers)["net"].sum()) if len(customers) else 0.0
    active = active_months(frame, churn_days, end)
    churn = churn_rate(orders, churn_days, as_of)
    at_risk, churned = int(churn["customers_at_start"].sum()), int(churn["churned"].sum())
    monthly_churn = churned / at_risk if at_risk else math.nan
    aov = net / purchases if purchases else math.nan
    repeats = purchases - len(customers)
    frequency = repeats / active if active > 0 else (0.0 if len(customers) else math.nan)
    lifetime = 1 / monthly_churn if monthly_churn > 0 else math.nan
    return {
        "aov": aov, "frequency": frequency, "monthly_churn": monthly_churn,
        "lifetime_months": lifetime, "cltv": aov * (1 + frequency * lifetime),
        "customers": len(customers), "purchases": purchases, "active_months": active,
        "excluded_orders": orders_without_customer(orders),
        "formula": {lang: i18n.t("cust_cltv_formula", lang) for lang in i18n.LANGS},
    }


# --- churn and repeat purchases ---------------------------------------------------------------

def churn_rate(orders: pd.DataFrame, churn_days: int, as_of=None,
               by: str | None = None) -> pd.DataFrame:
    """Monthly churn = customers active at the month start and lapsed at its end / those active.

    Active at a date: a purchase in the churn_days before it. Lapsed at the month end: no
    purchase in the churn_days before the end. Listed months start once the look-back at the
    month end lies inside the data (earlier months would show a churn of 0) and end with the
    last month over by as_of (default the last order).
    """
    keys = _keys(by)
    columns = [*keys, "month", "customers_at_start", "churned", "churn_rate"]
    frame = _prepare(orders)
    customers = _customers(frame)
    result = pd.DataFrame(columns=columns)
    result.attrs["excluded_orders"] = orders_without_customer(orders)
    if customers.empty:
        return result
    buys = frame.loc[frame["purchase"], ["customer_id", "order_time"]]
    end = _end(frame, as_of)
    window = pd.Timedelta(days=churn_days)
    rows = []
    data_start = buys["order_time"].min()
    for month in pd.period_range(data_start.to_period("M"), end.to_period("M"), freq="M"):
        start, stop = month.start_time, (month + 1).start_time
        if stop - window < data_start:
            continue  # nobody can have lapsed yet: the look-back reaches before the data
        if stop > end:
            break
        last_start = buys[buys["order_time"] < start].groupby("customer_id")["order_time"].max()
        active = last_start[last_start >= start - window].index
        last_stop = buys[buys["order_time"] < stop].groupby("customer_id")["order_time"].max()
        status = pd.DataFrame({"churned": last_stop.loc[active] < stop - window})
        status = status.join(customers["channel"])
        for key, group in _groups(status, keys):
            n, lost = len(group), int(group["churned"].sum())
            rows.append({**key, "month": str(month), "customers_at_start": n, "churned": lost,
                         "churn_rate": lost / n if n else math.nan})
    if rows:
        result = pd.DataFrame(rows, columns=columns)
        result.attrs["excluded_orders"] = orders_without_customer(orders)
    return result


def repeat_purchase_rate(orders: pd.DataFrame, by: str | None = None) -> dict | pd.DataFrame:
    """Share of customers with two purchases or more; by="channel" gives one row a channel."""
    frame = _prepare(orders)
    customers = _customers(frame)
    counts = frame[frame["purchase"]].groupby("customer_id")["order_id"].nunique()
    customers = customers.assign(repeat=counts.reindex(customers.index).fillna(0) >= 2)
    excluded = orders_without_customer(orders)
    if by == "channel":
        grouped = customers.groupby("channel")["repeat"].agg(["size", "sum"])
        result = pd.DataFrame({
            "channel": grouped.index, "customers": grouped["size"].astype(int).to_numpy(),
            "repeat_customers": grouped["sum"].astype(int).to_numpy(),
        })
        result["rate"] = result["repeat_customers"] / result["customers"]
        result.attrs["excluded_orders"] = excluded
        return result
    n, repeat = len(customers), int(customers["repeat"].sum())
    return {"rate": repeat / n if n else math.nan, "repeat_customers": repeat, "customers": n,
            "excluded_orders": excluded}


# --- NPS --------------------------------------------------------------------------------------

# Below this many answers the NPS is shown without an interval ("too few answers"): one answer
# then moves the score by more than 3 points, and the normal interval collapses on a unanimous
# handful (4 promoters gave [100, 100]).
NPS_MIN_ANSWERS = 30


def nps(scores) -> dict:
    """Net Promoter Score as a fraction in [-1, 1] (x100 for NPS points) with a 95% interval.

    promoters score 9-10, detractors 0-6. var = (p_pro + p_det - (p_pro - p_det)^2) / n, the
    variance of the mean of +1/0/-1 answers; CI = score +/- 1.96 sqrt(var), clipped to [-1, 1];
    NaN with too_few=True below NPS_MIN_ANSWERS answers. Answers that are not numbers ("n/a",
    "—") are left out and counted in `dropped`; a number outside 0..10 is refused.
    """
    raw = pd.Series(list(scores) if not isinstance(scores, pd.Series) else scores, dtype=object)
    numbers = pd.to_numeric(raw.map(lambda v: v.strip() if isinstance(v, str) else v),
                            errors="coerce").astype("float64")
    dropped = int((numbers.isna() & raw.notna() & (raw.astype(str).str.strip() != "")).sum())
    values = numbers.dropna()
    if ((values < 0) | (values > 10)).any():
        raise ValueError("NPS answers must be between 0 and 10")
    n = len(values)
    promoters = int((values >= PROMOTER_MIN).sum())
    detractors = int((values <= DETRACTOR_MAX).sum())
    if n == 0:
        return {"score": math.nan, "promoters": 0, "passives": 0, "detractors": 0, "n": 0,
                "promoter_share": math.nan, "passive_share": math.nan,
                "detractor_share": math.nan, "ci_low": math.nan, "ci_high": math.nan,
                "too_few": True, "dropped": dropped}
    p_pro, p_det = promoters / n, detractors / n
    score = p_pro - p_det
    too_few = n < NPS_MIN_ANSWERS
    half = 1.959963984540054 * math.sqrt(max(0.0, p_pro + p_det - score ** 2) / n)
    return {
        "score": score, "promoters": promoters, "passives": n - promoters - detractors,
        "detractors": detractors, "n": n, "promoter_share": p_pro,
        "passive_share": (n - promoters - detractors) / n, "detractor_share": p_det,
        "ci_low": math.nan if too_few else max(-1.0, score - half),
        "ci_high": math.nan if too_few else min(1.0, score + half),
        "too_few": too_few, "dropped": dropped,
    }


def nps_by_month(responses: pd.DataFrame) -> pd.DataFrame:
    """NPS per month of response_time, with its 95% interval and counts."""
    times = pd.to_datetime(responses["response_time"])
    rows = []
    for month, group in responses.groupby(times.dt.to_period("M")):
        rows.append({"month": str(month), **nps(group["score"])})
    columns = ["month", "n", "score", "ci_low", "ci_high", "promoters", "passives", "detractors"]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def nps_points(monthly: pd.DataFrame) -> pd.DataFrame:
    """nps_by_month with the score and its interval in NPS points (-100 to +100), for charts."""
    points = monthly.copy()
    for column in ("score", "ci_low", "ci_high"):
        points[column] = 100 * points[column].astype("float64")
    return points


def detractor_comments(responses: pd.DataFrame) -> pd.DataFrame:
    """Detractors' (0-6) non-empty comments, newest first."""
    if "comment" not in responses:
        return pd.DataFrame(columns=["response_time", "score", "comment"])
    comment = responses["comment"].astype("string").str.strip()
    scores = pd.to_numeric(responses["score"], errors="coerce")
    keep = (scores <= DETRACTOR_MAX) & comment.notna() & (comment != "")
    columns = [c for c in ("response_time", "score", "segment", "comment") if c in responses]
    out = responses.loc[keep, columns].assign(comment=comment[keep])
    return out.sort_values("response_time", ascending=False).reset_index(drop=True)

