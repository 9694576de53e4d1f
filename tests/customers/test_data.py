"""Store reads of the customers page: orders in lib.customers' shape, NPS answers."""
from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest

from lib.customers import data as customer_data
from lib.customers import stats as customers
from lib.ingest import load as ingest
from lib.sources.base import Parsed

D1, D2, D3 = date(2025, 1, 10), date(2025, 2, 10), date(2025, 3, 10)


def load(store, table, rows, grain):
    ingest.load_parsed(store, [Parsed(table, pd.DataFrame(rows), grain, "test",
                                      notes={"source": "shop"})], f"{table}.csv")


def order(oid, customer, day, revenue, kind="order", channel="Email", currency="EUR", hour=12):
    return {"day_from": day, "day_to": day, "order_id": oid, "customer_id": customer,
            "order_time": datetime(day.year, day.month, day.day, hour), "revenue": revenue,
            "kind": kind, "channel": channel, "currency": currency}


@pytest.fixture
def shop(store):
    load(store, "orders", [
        # Shopify keeps a cancelled order as one row of kind cancellation, amount 0.
        order("#1", "C1", D1, 0.0, kind="cancellation"),
        order("#2", "C2", D1, 50.0, channel=" ", hour=13),
        order("#3", "C1", D2, 80.0),
        order("#3-R", "C1", D3, -20.0, kind="return"),
        order("#4", None, D2, 30.0),
        order("#5", "C3", D3, 999.0, currency="USD"),
        order("#6", "C4", D3, 60.0, kind=None, channel=None, currency=None),
    ], ("order_id",))
    return store


def test_orders_in_the_shape_customers_expects(shop):
    frame = customer_data.orders(shop, "EUR")
    assert tuple(frame.columns) == customer_data.ORDER_COLUMNS
    assert list(frame["order_id"]) == ["#1", "#2", "#3", "#4", "#3-R", "#6"]
    assert frame["kind"].tolist()[-1] == "order"            # a missing kind is an order
    assert pd.isna(frame.loc[frame["order_id"] == "#2", "channel"]).all()   # blank channel
    assert str(frame["order_time"].dtype).startswith("datetime64")
    assert customers.orders_without_customer(frame) == 1
    # C1's first order was cancelled: C1 is acquired in February, C2 in January, C4 in March.
    table = customers.cohort_table(frame)
    assert table.groupby("cohort")["customers"].first().to_dict() == {
        "2025-01": 1, "2025-02": 1, "2025-03": 1}
    assert customers.repeat_purchase_rate(frame)["customers"] == 3


@pytest.mark.parametrize("currency, ids", [
    ("EUR", {"#1", "#2", "#3", "#3-R", "#4", "#6"}),
    ("USD", {"#5", "#6"}),
    (None, {"#1", "#2", "#3", "#3-R", "#4", "#5", "#6"}),
])
def test_orders_never_mix_currencies(shop, currency, ids):
    assert set(customer_data.orders(shop, currency)["order_id"]) == ids


def test_currencies_and_channel(shop):
    assert customer_data.order_currencies(shop) == ["EUR", "USD"]
    assert customer_data.has_channel(customer_data.orders(shop))
    frame = customer_data.orders(shop).assign(channel=None)
    assert not customer_data.has_channel(frame)


def test_empty_store(store):
    frame = customer_data.orders(store)
    assert frame.empty and tuple(frame.columns) == customer_data.ORDER_COLUMNS
    answers = customer_data.nps_responses(store)
    assert answers.empty and tuple(answers.columns) == customer_data.NPS_COLUMNS
    assert math.isnan(customers.nps(answers["score"])["score"])


def answer(rid, day, score, comment=""):
    return {"day_from": day, "day_to": day, "response_id": rid,
            "response_time": datetime(day.year, day.month, day.day, 9), "segment": "Client",
            "comment": comment, "score": score}


@pytest.mark.parametrize("window, scores", [
    (None, [10, 9, 3, 7, 0]),
    ((D1, D1), [10, 9]),
    ((D2, D3), [3, 7, 0]),
    ((date(2024, 1, 1), date(2024, 1, 2)), []),
])
def test_nps_responses_in_a_window(store, window, scores):
    load(store, "nps_responses", [
        answer("r1", D1, 10), answer("r2", D1, 9), answer("r3", D2, 3, "Trop cher"),
        answer("r4", D3, 7), answer("r5", D3, 0, "  "),
    ], ("response_id",))
    answers = customer_data.nps_responses(store, *(window or (None, None)))
    assert answers["score"].tolist() == scores
    if window is None:
        assert customers.nps(answers["score"])["score"] == pytest.approx((2 - 2) / 5)
        assert customers.detractor_comments(answers)["comment"].tolist() == ["Trop cher"]
