"""Orders: the UCI Online Retail sample (invoice lines) and a Shopify orders export fixture."""
from datetime import date, datetime
from pathlib import Path

import pandas as pd
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
    assert inv["day_from"].date() == date(2011, 10, 31) and inv["kind"] == "order"


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


# -- table-driven cases from small strings (issue 15 items 2-4) --------------------------------
# Shopify writes its column names in English whatever the admin's language (vocabulary.toml).

SHOP = "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Refunded Amount\n"


def shop(text: str):
    sample = read_sample(text.encode(), "orders_export.csv")
    assert orders.detect(sample) == 0.9
    (p,) = orders.parse(sample)
    return p


def times(p) -> list[str]:
    return list(p.frame["order_time"].dt.strftime("%Y-%m-%d %H:%M"))


@pytest.mark.parametrize("cells, expected", [
    (("13/03/2025 10:00", "01/03/2025 11:00"), ["2025-03-13 10:00", "2025-03-01 11:00"]),
    (("03/13/2025 10:00", "03/01/2025 11:00"), ["2025-03-13 10:00", "2025-03-01 11:00"]),
])
def test_shopify_date_order_decided_by_the_file(cells, expected):
    rows = f"#1,a@x.io,paid,EUR,10.00,{cells[0]},1,0\n#2,b@x.io,paid,EUR,5.00,{cells[1]},1,0\n"
    assert times(shop(SHOP + rows)) == expected


def test_shopify_only_the_last_line_decides():
    rows = ("#1,a@x.io,paid,EUR,1,02/03/2025 10:00,1,0\n#2,a@x.io,paid,EUR,1,05/03/2025 10:00,1,0\n"
            "#3,a@x.io,paid,EUR,1,25/03/2025 10:00,1,0\n")
    assert times(shop(SHOP + rows)) == ["2025-03-02 10:00", "2025-03-05 10:00", "2025-03-25 10:00"]


def test_shopify_undecidable_dates_refused():
    rows = "#1,a@x.io,paid,EUR,1,02/03/2025 10:00,1,0\n#2,a@x.io,paid,EUR,1,03/04/2025 10:00,1,0\n"
    with pytest.raises(Refused, match="order dates read both ways"):
        shop(SHOP + rows)


def test_shopify_semicolons_decimal_commas_and_euro_marks():
    text = (SHOP.replace(",", ";") + "#1;a@x.io;paid;EUR;€1.234,50;2025-03-01 10:00:00 +0100;2;0\n"
            "#2;b@x.io;partially_refunded;EUR;120,00 €;2025-03-02 10:00:00 +0100;1;20,50\n")
    f = shop(text).frame.set_index("order_id")
    assert (f.loc["#1", "revenue"], f.loc["#2", "revenue"]) == (1234.5, 99.5)


@pytest.mark.parametrize("total_row", [
    ",,Total,,15.00,,2,0",        # label in column 3
    ",Total: orders,,,15.00,,2,0",  # label in column 2
    ",,,,15.00,,2,0",             # by shape: no order name, no date
])
def test_shopify_totals_row_is_not_an_order(total_row):
    rows = ("#1,a@x.io,paid,US$,10.00,2025-03-01 10:00,1,0\n" + total_row +
            "\n#2,b@x.io,paid,USD,US$5.00,2025-03-02 10:00,1,0\n")
    p = shop(SHOP + rows)
    assert list(p.frame["order_id"]) == ["#1", "#2"] and not p.rejected
    assert p.frame["revenue"].sum() == 15.0 and p.frame["items"].sum() == 2
    assert p.notes["total_check"]["metrics"]["total"]["ok"] and not p.warnings


def test_invoice_lines_date_order_and_decimal_comma():
    text = ("InvoiceNo;Quantity;InvoiceDate;UnitPrice;CustomerID;Country\n"
            "1;2;01/02/2011 08:00;1,25;7;France\n1;1;01/02/2011 08:00;0,50;7;France\n"
            "2;1;28/02/2011 09:00;10;NA;France\n")
    (p,) = order_lines.parse(read_sample(text.encode(), "lines.csv"))
    f = p.frame.set_index("order_id")
    assert (f.loc["1", "revenue"], f.loc["1", "items"]) == (3.0, 3)
    assert f.loc["1", "order_time"].strftime("%Y-%m-%d") == "2011-02-01"   # 28/02 says day first
    assert pd.isna(f.loc["2", "customer_id"])
