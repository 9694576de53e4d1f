"""Orders: the UCI Online Retail sample (invoice lines) and a Shopify orders export fixture."""
from datetime import date, datetime
from pathlib import Path

import pytest

from lib.sources import order_lines, orders
from lib.sources.base import Refused
from lib.sources.text import read_sample

ROOT = Path(__file__).resolve().parents[2]
UCI = ROOT / ".." / "shared" / "data" / "real-exports" / "uci_online_retail_sample" / \
    "online_retail_sample.csv"
SHOPIFY = ROOT / "tests" / "fixtures" / "exports" / "orders_shopify.csv"


@pytest.fixture(scope="module")
def uci():
    if not UCI.exists():
        pytest.skip("../shared not present: real exports unavailable")
    sample = read_sample(UCI)
    assert order_lines.detect(sample) > 0.8 and orders.detect(sample) == 0.0
    (p,) = order_lines.parse(sample)
    return p


def test_uci_invoices_and_kinds(uci):
    f = uci.frame
    assert uci.table == "orders" and uci.grain == ("order_id",) and not uci.rejected
    assert len(f) == 2231 and f["order_id"].is_unique          # 2,708 lines -> 2,231 invoices
    assert f["kind"].value_counts().to_dict() == {"order": 2174, "cancellation": 50, "return": 7}
    assert set(f["currency"]) == {"GBP"} and "UK" in uci.notes["currency"]
    assert (f.loc[f["kind"] == "cancellation", "revenue"] <= 0).all()
    assert f["revenue"].sum() == pytest.approx(37503.25)


def test_uci_one_invoice_by_hand(uci):
    inv = uci.frame.set_index("order_id").loc["573585"]
    # 1x4.96 + 1x2.46 + 5x4.13 + 5x4.13 + 7x1.63 + 4x3.29 + 2x12.46 = 98.21, 25 items
    assert inv["revenue"] == pytest.approx(98.21) and inv["items"] == 25
    assert inv["order_time"] == datetime(2011, 10, 31, 14, 41)  # `10/31/2011 14:41` is M/D/YYYY
    assert inv["day_from"] == date(2011, 10, 31) and inv["kind"] == "order"


def test_uci_missing_customers_kept_and_counted(uci):
    f = uci.frame
    assert f["customer_id"].isna().sum() == 397
    assert "397 invoice(s) (668 line(s)) have no CustomerID" in uci.warnings[0]
    assert f.set_index("order_id").loc["573442", "customer_id"] == "12488"


def test_shopify_orders():
    sample = read_sample(SHOPIFY)
    assert orders.detect(sample) > 0.8 and order_lines.detect(sample) == 0.0
    (p,) = orders.parse(sample)
    f = p.frame.set_index("order_id")
    assert list(f.index) == ["#1001", "#1002", "#1003", "#1004"]
    assert [r.line for r in p.rejected] == [7]
    # two line items (2 mugs + 1 poster) aggregate into one order
    assert (f.loc["#1001", "items"], f.loc["#1001", "revenue"]) == (3, 65.0)
    assert f.loc["#1001", "order_time"] == datetime(2025, 3, 1, 10, 4, 12)
    assert f.loc["#1002", "kind"] == "return" and f.loc["#1002", "revenue"] == 0
    assert f.loc["#1003", "kind"] == "cancellation" and f.loc["#1003", "revenue"] == 0
    assert f.loc["#1004", "revenue"] == 100.0            # 120 total - 20 refunded
    assert f.loc["#1001", "customer_id"] == f.loc["#1003", "customer_id"]  # e-mail case ignored
    assert "@" not in "".join(f["customer_id"])
    assert set(f["currency"]) == {"EUR"} and f.loc["#1001", "channel"] == "web"


@pytest.mark.parametrize("module,data", [
    (orders, b"Name,Email,Created at,Total,Financial Status,Lineitem quantity\n"),
    (order_lines, b"InvoiceNo,Quantity,InvoiceDate,UnitPrice\n1,x,1/1/2011 8:00,1\n"),
    (order_lines, b"Invoice,Qty\n1,2\n"),
])
def test_refused(module, data):
    with pytest.raises(Refused):
        module.parse(read_sample(data, "x.csv"))
