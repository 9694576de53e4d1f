"""Cohorts, CLTV, churn and repeat purchases on a hand-computed fixture and the UCI sample; NPS."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib import i18n
from lib.charts import customers as charts_customers
from lib.customers import stats as cu

UCI = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real-exports"
       / "uci_online_retail_sample" / "online_retail_sample.csv")


def orders_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["order_id", "customer_id", "order_time", "revenue", "kind",
                                        "channel"])
    frame["order_time"] = pd.to_datetime(frame["order_time"])
    return frame


# Five acquired customers, one never acquired, one order without a customer (2024, midnight).
# c1 ads:   o1 Jan 5 100, o2 Feb 10 50, o3 Apr 2 80                         -> cohort 2024-01
# c2 email: o4 Jan 20 200, returned for 50 on Jan 25 (r1), o5 Mar 15 60      -> cohort 2024-01
# c3 ads:   o6 Feb 3 120 fully cancelled Feb 4 (x1), o7 Mar 1 40            -> cohort 2024-03
# c4 none:  o8 Feb 14 90                                                     -> cohort 2024-02
# c5 email: o9 Mar 10 30, partly cancelled Mar 11 for 10 (x2, stored positive), o10 Apr 20 70
#                                                                            -> cohort 2024-03
# c6 ads:   o11 Apr 5 50 fully cancelled Apr 6 (x3)                          -> never acquired
# no customer: o12 Jan 10 500                                                -> excluded, 1 row
FIXTURE = orders_frame([
    ("o1", "c1", "2024-01-05", 100.0, "order", "ads"),
    ("o2", "c1", "2024-02-10", 50.0, "order", "ads"),
    ("o3", "c1", "2024-04-02", 80.0, "order", "ads"),
    ("o4", "c2", "2024-01-20", 200.0, "order", "email"),
    ("o4", "c2", "2024-01-25", -50.0, "return", "email"),
    ("o5", "c2", "2024-03-15", 60.0, "order", "email"),
    ("o6", "c3", "2024-02-03", 120.0, "order", "ads"),
    ("o6", "c3", "2024-02-04", -120.0, "cancellation", "ads"),
    ("o7", "c3", "2024-03-01", 40.0, "order", "ads"),
    ("o8", "c4", "2024-02-14", 90.0, "order", None),
    ("o9", "c5", "2024-03-10", 30.0, "order", "email"),
    ("o9", "c5", "2024-03-11", 10.0, "cancellation", "email"),
    ("o10", "c5", "2024-04-20", 70.0, "order", "email"),
    ("o11", "c6", "2024-04-05", 50.0, "order", "ads"),
    ("o11", "c6", "2024-04-06", -50.0, "cancellation", "ads"),
    ("o12", None, "2024-01-10", 500.0, "order", "ads"),
])


def test_excluded_rows_are_counted():
    assert cu.orders_without_customer(FIXTURE) == 1
    assert cu.cohort_retention(FIXTURE).attrs["excluded_orders"] == 1


def test_cohort_retention_by_hand():
    # 2024-01 (c1, c2): Jan both 2/2; Feb c1 1/2; Mar c2 1/2; Apr c1 1/2.
    # 2024-02 (c4): Jan 1/1, then 0, 0.  2024-03 (c3, c5): Mar 2/2; Apr c5 1/2.
    # Data end April: later months are not observed (NaN). c6's only order was cancelled.
    table = cu.cohort_retention(FIXTURE)
    assert list(table.index) == ["2024-01", "2024-02", "2024-03"]
    assert table.loc["2024-01"].tolist() == [1.0, 0.5, 0.5, 0.5]
    assert table.loc["2024-02"].tolist()[:3] == [1.0, 0.0, 0.0]
    assert table.loc["2024-03"].tolist()[:2] == [1.0, 0.5]
    assert math.isnan(table.loc["2024-03", 2]) and math.isnan(table.loc["2024-02", 3])


def test_cohort_revenue_is_net_of_returns_and_cancellations():
    # 2024-01: Jan 100 + 200 - 50 (return) = 250; Feb 50; Mar 60; Apr 80.
    # 2024-02: 90, 0, 0.  2024-03: Mar 40 + 30 - 10 (partial cancellation) = 60; Apr 70.
    # c3's cancelled February order (+120 - 120) is before its acquisition month: left out.
    table = cu.cohort_revenue(FIXTURE)
    assert table.loc["2024-01"].tolist() == [250.0, 50.0, 60.0, 80.0]
    assert table.loc["2024-02"].tolist()[:3] == [90.0, 0.0, 0.0]
    assert table.loc["2024-03"].tolist()[:2] == [60.0, 70.0]


def test_cohort_table_by_acquisition_channel():
    table = cu.cohort_table(FIXTURE, by="channel")
    month0 = table[table["age"] == 0].set_index(["channel", "cohort"])["customers"].to_dict()
    assert month0 == {("(none)", "2024-02"): 1, ("ads", "2024-01"): 1, ("ads", "2024-03"): 1,
                      ("email", "2024-01"): 1, ("email", "2024-03"): 1}


def test_revenue_per_cohort_by_hand():
    # Net revenue over every month (test_cohort_revenue...): 2024-01 250 + 50 + 60 + 80 = 440 for
    # 2 customers; 2024-02 90 for 1; 2024-03 60 + 70 = 130 for 2.
    table = cu.revenue_per_cohort(cu.cohort_table(FIXTURE)).set_index("cohort")
    assert table["revenue"].to_dict() == {"2024-01": 440.0, "2024-02": 90.0, "2024-03": 130.0}
    assert table["customers"].to_dict() == {"2024-01": 2, "2024-02": 1, "2024-03": 2}
    assert table["per_customer"].to_dict() == {"2024-01": 220.0, "2024-02": 90.0, "2024-03": 65.0}


def test_historic_cltv_counts_only_old_enough_cohorts():
    # Data end 2024-04-20. N=1: every cohort's first month is over: (250 + 90 + 60) / 5 = 80.
    # N=3: only 2024-01 (window Jan-Mar ends Apr 1): (250 + 50 + 60) / 2 = 180.
    # N=6: no cohort is old enough -> NaN, 0 customers.
    table = cu.historic_cltv(FIXTURE, months=(1, 3, 6)).set_index("months")
    assert table.loc[1, "cltv"] == 80.0 and table.loc[1, "customers"] == 5
    assert table.loc[3, "cltv"] == 180.0 and table.loc[3, "cohorts"] == 1
    assert math.isnan(table.loc[6, "cltv"]) and table.loc[6, "customers"] == 0


def test_historic_cltv_by_channel():
    # N=1 by acquisition channel: ads c1 100 + c3 40 -> 70; email c2 150 + c5 20 -> 85;
    # (none) c4 90 -> 90.
    table = cu.historic_cltv(FIXTURE, months=(1,), by="channel").set_index("channel")
    assert table["cltv"].to_dict() == {"(none)": 90.0, "ads": 70.0, "email": 85.0}


def test_repeat_purchase_rate():
    # Purchases: c1 3, c2 2, c3 1 (o6 cancelled), c4 1, c5 2 (o9 only partly cancelled).
    # Repeat: c1, c2, c5 -> 3/5 = 0.6. ads 1/2, email 2/2, (none) 0/1.
    assert cu.repeat_purchase_rate(FIXTURE) == {"rate": 0.6, "repeat_customers": 3,
                                                "customers": 5, "excluded_orders": 1}
    by = cu.repeat_purchase_rate(FIXTURE, by="channel").set_index("channel")["rate"].to_dict()
    assert by == {"(none)": 0.0, "ads": 0.5, "email": 1.0}


def test_churn_rate_by_hand():
    # 30 days. Feb: active on Feb 1 (purchase since Jan 2): c1 (Jan 5), c2 (Jan 20). On Mar 1
    # the look-back starts Jan 31: c1 bought Feb 10 (stays), c2 lapsed -> 1/2.
    # Mar: active on Mar 1 (since Jan 31): c1 (Feb 10), c4 (Feb 14); c3's Feb order was
    # cancelled. On Apr 1 (since Mar 2) neither bought -> 2/2. April is not over on Apr 20.
    table = cu.churn_rate(FIXTURE, 30)
    assert table["month"].tolist() == ["2024-02", "2024-03"]
    assert table["customers_at_start"].tolist() == [2, 2]
    assert table["churn_rate"].tolist() == [0.5, 1.0]
    by = cu.churn_rate(FIXTURE, 30, by="channel")
    assert by[["channel", "month", "churned", "customers_at_start"]].values.tolist() == [
        ["ads", "2024-02", 0, 1], ["email", "2024-02", 1, 1],
        ["(none)", "2024-03", 1, 1], ["ads", "2024-03", 1, 1]]


def test_predictive_cltv_by_hand():
    # Net revenue of acquired customers 660 (c1 230, c2 210, c3 40, c4 90, c5 90), 9 purchases:
    # AOV = 73.33. 5 customers, 4 repeat purchases. Active after each purchase for 30 days, up to
    # the next purchase or Apr 20: c1 30 + 30 + 18, c2 30 + 30, c3 30, c4 30, c5 30 + 0 = 228 days
    # = 228 / 30.4375 = 7.4908 active months; frequency = 4 / 7.4908 = 0.5340 repeats a month.
    # Monthly churn = (1 + 2) / (2 + 2) = 0.75, lifetime 1.333 months.
    # CLTV = 73.33 x (1 + 0.5340 x 1.3333) = 125.55.
    parts = cu.predictive_cltv(FIXTURE, 30)
    assert parts["aov"] == pytest.approx(660 / 9)
    assert parts["active_months"] == pytest.approx(228 / 30.4375)
    assert parts["frequency"] == pytest.approx(4 / (228 / 30.4375))
    assert parts["monthly_churn"] == 0.75
    assert parts["lifetime_months"] == pytest.approx(4 / 3)
    assert round(parts["cltv"], 2) == 125.55
    assert "repeat purchases" in parts["formula"]["en"] and "panier moyen" in parts["formula"]["fr"]
    assert parts["formula"] == {lang: i18n.t("cust_cltv_formula", lang) for lang in ("fr", "en")}


def test_predictive_cltv_one_purchase_each_is_one_order():
    """Nobody came back: the CLTV is exactly the average order (no repeat purchase to expect)."""
    rows = [(f"o{i}", f"c{i}", f"2024-0{1 + i % 6}-1{i % 9}", 40.0 + i, "order", None) for i in range(30)]
    parts = cu.predictive_cltv(orders_frame(rows), 30)
    assert parts["frequency"] == 0 and parts["monthly_churn"] == 1.0
    assert parts["cltv"] == pytest.approx(parts["aov"])


@pytest.mark.parametrize("seed", range(40))
def test_predictive_cltv_is_at_least_one_order(seed):
    """Property on generated customers: whatever the buying pattern and churn delay, a customer
    who bought is worth at least one order (CLTV >= AOV), and the parts multiply to the CLTV."""
    rng = np.random.default_rng(seed)
    rows, start = [], pd.Timestamp("2024-01-01")
    for c in range(int(rng.integers(5, 60))):
        day = start + pd.Timedelta(days=int(rng.integers(0, 200)))
        for _ in range(int(rng.geometric(rng.uniform(0.2, 0.9)))):
            rows.append((f"o{len(rows)}", f"c{c}", day, float(rng.uniform(5, 300)), "order", None))
            day += pd.Timedelta(days=int(rng.integers(1, 120)))
    churn_days = int(rng.choice([15, 30, 60, 90, 180]))
    parts = cu.predictive_cltv(orders_frame(rows), churn_days)
    if math.isnan(parts["cltv"]):       # no month of measurable churn: said on the page, not guessed
        assert math.isnan(parts["monthly_churn"]) or parts["monthly_churn"] == 0
        return
    assert parts["cltv"] >= parts["aov"] - 1e-9
    assert parts["cltv"] == pytest.approx(parts["aov"] * (1 + parts["frequency"] * parts["lifetime_months"]))
    assert parts["frequency"] >= 0 and parts["active_months"] > 0


def test_by_rejects_unknown_dimension():
    with pytest.raises(ValueError):
        cu.cohort_table(FIXTURE, by="country")


# --- UCI Online Retail sample -------------------------------------------------------------------

def read_uci(path: Path) -> pd.DataFrame:
    """The UCI lines as orders: one row per invoice, revenue = sum(Quantity x UnitPrice)."""
    # R write.csv: a "" row-index column, NA for a missing CustomerID, M/D/YYYY H:MM dates.
    raw = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str}, na_values=["NA"])
    raw["line"] = raw["Quantity"] * raw["UnitPrice"]
    invoices = raw.groupby("InvoiceNo").agg(customer_id=("CustomerID", "first"),
                                            order_time=("InvoiceDate", "first"),
                                            revenue=("line", "sum")).reset_index()
    invoices["order_time"] = pd.to_datetime(invoices["order_time"], format="%m/%d/%Y %H:%M")
    invoices["customer_id"] = invoices["customer_id"].astype("Int64").astype("string")
    cancelled = invoices["InvoiceNo"].str.startswith("C")
    invoices["kind"] = "order"
    invoices.loc[~cancelled & (invoices["revenue"] < 0), "kind"] = "return"
    invoices.loc[cancelled, "kind"] = "cancellation"
    return invoices.rename(columns={"InvoiceNo": "order_id"}).assign(channel=None)


@pytest.fixture(scope="module")
def uci() -> pd.DataFrame:
    if not UCI.exists():
        pytest.skip(f"UCI Online Retail sample not found at {UCI} (../shared is absent)")
    return read_uci(UCI)


def test_uci_shape_and_exclusions(uci):
    # 2,709 lines in 2,231 invoices; 50 C invoices; 397 invoices without CustomerID.
    assert len(uci) == 2231
    assert (uci["kind"] == "cancellation").sum() == 50
    assert cu.orders_without_customer(uci) == 397


def test_uci_customers_and_repeat_rate(uci):
    # Distinct CustomerID on non-C invoices = 1,153; 325 of them on two invoices or more
    # (counted straight from the lines with pandas): 325 / 1153 = 0.282.
    repeat = cu.repeat_purchase_rate(uci)
    assert (repeat["customers"], repeat["repeat_customers"]) == (1153, 325)
    assert 0 <= repeat["rate"] <= 1 and round(repeat["rate"], 3) == 0.282


def test_uci_cohorts(uci):
    table = cu.cohort_table(uci)
    sizes = table[table["age"] == 0]
    assert (sizes["share"] == 1.0).all()  # the diagonal: everyone buys in their first month
    assert sizes["customers"].sum() == 1153
    assert table["cohort"].min() == "2010-12" and table["cohort"].max() == "2011-12"
    assert table["share"].between(0, 1).all()
    retention = cu.cohort_retention(uci)
    assert retention.shape == (13, 13) and retention[0].eq(1.0).all()


def test_uci_cltv_and_churn(uci):
    historic = cu.historic_cltv(uci).set_index("months")
    # Data ends 2011-12-09: the 12-month window fits only the 2010-12 cohort.
    assert historic.loc[12, "cohorts"] == 1
    assert historic.loc[3, "cltv"] < historic.loc[6, "cltv"]
    churn = cu.churn_rate(uci, 90)
    # 90-day look-back from the month end must lie after 2010-12-01: first month March 2011;
    # November 2011 is the last full month.
    assert churn["month"].iloc[0] == "2011-03" and churn["month"].iloc[-1] == "2011-11"
    assert churn["churn_rate"].between(0, 1).all()
    parts = cu.predictive_cltv(uci, 90)
    assert parts["cltv"] == pytest.approx(parts["aov"] * (1 + parts["frequency"] * parts["lifetime_months"]))
    assert parts["cltv"] >= parts["aov"]
    assert 0 < parts["monthly_churn"] < 1


# --- NPS ------------------------------------------------------------------------------------------

def test_nps_balanced():
    # 30 answers (the minimum for an interval): 12 promoters (10, 9), 6 passives (8, 7),
    # 12 detractors (6, 5, 0, 3). NPS = 0.4 - 0.4 = 0; var = (0.4 + 0.4 - 0) / 30 = 0.026667,
    # half-width 1.959964 x 0.163299 = 0.320.
    result = cu.nps([10, 9, 9, 8, 7, 6, 5, 0, 10, 3] * 3)
    assert (result["promoters"], result["passives"], result["detractors"], result["n"]) == (
        12, 6, 12, 30)
    assert result["score"] == 0.0 and not result["too_few"]
    assert (round(result["ci_low"], 3), round(result["ci_high"], 3)) == (-0.320, 0.320)


def test_nps_positive_and_clipped():
    # 18 x 10, 6 x 8, 6 x 2: NPS = 0.6 - 0.2 = 0.4; var = (0.8 - 0.16) / 30 = 0.021333,
    # half-width 1.959964 x 0.146059 = 0.286 -> (0.114, 0.686).
    result = cu.nps([10] * 18 + [8] * 6 + [2] * 6)
    assert result["score"] == pytest.approx(0.4)
    assert (round(result["ci_low"], 3), round(result["ci_high"], 3)) == (0.114, 0.686)
    assert cu.nps([10] * 29 + [9])["ci_high"] == 1.0  # no spread: interval collapses on 1
    assert math.isnan(cu.nps([])["score"])
    with pytest.raises(ValueError):
        cu.nps([11])


def test_nps_too_few_answers_has_no_interval():
    # Issue 23: 4 promoters gave an interval of [100, 100]. Below 30 answers: the score, no interval.
    result = cu.nps([10, 10, 9, 9])
    assert result["score"] == 1.0 and result["n"] == 4 and result["too_few"]
    assert math.isnan(result["ci_low"]) and math.isnan(result["ci_high"])
    assert not cu.nps([9] * cu.NPS_MIN_ANSWERS)["too_few"]
    assert cu.nps([9] * (cu.NPS_MIN_ANSWERS - 1))["too_few"]


def test_nps_drops_answers_that_are_not_numbers():
    # Issue 23: a survey export with "n/a" or "—" in the score column raised; they are left out
    # and counted. 10, 9 (promoters), " 6 " (detractor, read once stripped): (2 - 1) / 3.
    result = cu.nps([10, "9", "n/a", " 6 ", "—", None, ""])
    assert (result["n"], result["dropped"]) == (3, 2)
    assert result["score"] == pytest.approx(1 / 3)
    assert result["passive_share"] == 0.0


RESPONSES = pd.DataFrame({
    "response_time": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-01-28", "2024-02-02",
                                     "2024-02-15"]),
    "score": [10, 3, 8, 6, 9],
    "comment": ["great", "too slow", None, "  ", "ok"],
    "segment": ["pro", "pro", "home", "home", "pro"],
})


def test_nps_by_month():
    # January: 10, 3, 8 -> (1 - 1) / 3 = 0. February: 6, 9 -> (1 - 1) / 2 = 0.
    table = cu.nps_by_month(RESPONSES)
    assert table["month"].tolist() == ["2024-01", "2024-02"]
    assert table["n"].tolist() == [3, 2] and table["score"].tolist() == [0.0, 0.0]


def test_detractor_comments():
    # Detractors: 3 ("too slow") and 6 (blank comment, left out).
    comments = cu.detractor_comments(RESPONSES)
    assert comments["comment"].tolist() == ["too slow"]
    assert comments["segment"].tolist() == ["pro"]
    assert cu.detractor_comments(RESPONSES.drop(columns="comment")).empty


def test_nps_points_on_a_time_axis():
    # January: 10, 3, 8 -> 0; February: 6, 9 -> 0; March: 10, 10, 7 -> 2/3 = 66.7 points.
    march = pd.DataFrame({"response_time": pd.to_datetime(["2024-03-01"] * 3), "score": [10, 10, 7]})
    monthly = cu.nps_by_month(pd.concat([RESPONSES, march], ignore_index=True))
    points = charts_customers.month_starts(cu.nps_points(monthly))
    assert points["score"].tolist() == pytest.approx([0.0, 0.0, 200 / 3])
    assert points["ci_low"].tolist() == pytest.approx((100 * monthly["ci_low"]).tolist(), nan_ok=True)
    assert points["month"].tolist() == list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]))
    assert monthly["score"].iloc[2] == pytest.approx(2 / 3), "the fractions are left as they were"
