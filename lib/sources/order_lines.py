"""Invoice line items (UCI Online Retail layout) aggregated into one orders row per invoice."""
from __future__ import annotations

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import vocabulary
from lib.sources.base import Parsed, Refused, Sample, none_read
from lib.sources.convert import convert
from lib.sources.text import read_table

NAME = "order_lines"
LABEL = "Invoice lines (Online Retail layout)"

_REQUIRED = ("invoiceno", "quantity", "invoicedate", "unitprice")
_NULL_IDS = {"", "na", "nan", "null"}
# The dataset's own column names (a fixed English layout, not a tool's interface), compared
# without spaces: `Invoice No` == `InvoiceNo`.
_COLUMNS = {"invoiceno": "order_id", "quantity": "quantity", "invoicedate": "time",
            "unitprice": "price", "customerid": "customer_id", "country": "country"}


def _header(columns: list[str]) -> vocabulary.Header:
    return vocabulary.columns(NAME, [c.strip().replace(" ", "") for c in columns], _COLUMNS)


def detect(sample: Sample) -> float:
    """Header with InvoiceNo, Quantity, InvoiceDate, UnitPrice (R write.csv may add `""` first)."""
    cols = {c.strip().replace(" ", "").lower() for c in sample.first_row}
    return 0.9 if set(_REQUIRED) <= cols else 0.0


def parse(sample: Sample) -> list[Parsed]:
    """Aggregate lines per invoice: kind order/cancellation/return, revenue = sum(qty x price).
    Numbers and invoice dates are read once per file (`12/1/2010 8:26` is month-first because
    other dates of the file, such as `10/31/2011`, say so)."""
    table = read_table(sample)
    header = _header(table.columns)
    missing = [c for c in _REQUIRED if not header.has(_COLUMNS[c])]
    if missing or not len(table.frame):
        raise Refused(Message(f"{sample.name}: line {table.header_row}: expected columns InvoiceNo, "
                              f"Quantity, InvoiceDate, UnitPrice with rows (missing: "
                              f"{', '.join(missing) or 'none'}; {len(table.frame)} row(s)).",
                              "msg_lines_columns", name=sample.name, line=table.header_row,
                              missing=", ".join(missing) or "—", rows=len(table.frame)))
    read = convert(sample.name, table, header, numbers=("quantity", "price"), datetimes=("time",),
                   texts=("order_id", "customer_id", "country"),
                   required=("quantity", "price", "time", "order_id"), keys=("order_id", "time"),
                   what="invoice dates")
    df, rejected = read.frame, read.rejected
    if df.empty:
        first = rejected[0] if rejected else None
        raise Refused(none_read(sample.name, "every line was rejected", first))
    df["amount"] = df["quantity"] * df["price"]
    customer = df["customer_id"].str.removesuffix(".0") if "customer_id" in df else pd.Series(pd.NA, index=df.index)
    df["customer_id"] = customer.where(~customer.fillna("").str.lower().isin(_NULL_IDS))
    if "country" not in df:
        df["country"] = None
    orders = df.groupby("order_id", sort=False).agg(
        order_time=("time", "min"), items=("quantity", "sum"), revenue=("amount", "sum"),
        customer_id=("customer_id", "first"), country=("country", "first")).reset_index()
    orders["revenue"] = orders["revenue"].round(2)
    # UCI: InvoiceNo starting with C is a cancellation; other all-negative invoices are returns
    orders["kind"] = "order"
    orders.loc[orders["items"] < 0, "kind"] = "return"
    orders.loc[orders["order_id"].str.upper().str.startswith("C"), "kind"] = "cancellation"
    orders["currency"] = "GBP"
    orders["day_from"] = orders["day_to"] = orders["order_time"].dt.normalize()
    warnings = list(read.warnings)
    no_customer = orders["customer_id"].isna().sum()
    if no_customer:
        warnings.append(Message(f"{no_customer} invoice(s) ({df['customer_id'].isna().sum()} line(s)) have "
                                "no CustomerID: kept with an empty customer (they count in revenue, not "
                                "in customer KPIs).", "msg_lines_no_customer", count=int(no_customer),
                                lines=int(df["customer_id"].isna().sum())))
    notes = {"currency": "GBP assumed: the UCI Online Retail dataset is a UK retailer's and "
                         "carries no currency column",
             "lines": len(df), "invoices": len(orders)}
    cols = ["day_from", "day_to", "order_id", "customer_id", "order_time", "country", "kind",
            "items", "revenue", "currency"]
    return [Parsed("orders", orders[cols], ("order_id",), NAME, warnings, rejected, notes)]
