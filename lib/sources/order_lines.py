"""Invoice line items (UCI Online Retail layout) aggregated into one orders row per invoice."""
from __future__ import annotations

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import parse_datetime, parse_number, read_table

NAME = "order_lines"
LABEL = "Invoice lines (Online Retail layout)"

_REQUIRED = ("invoiceno", "quantity", "invoicedate", "unitprice")
_NULL_IDS = {"", "na", "nan", "null"}


def _columns(columns: list[str]) -> dict[str, int]:
    return {c.strip().lower().replace(" ", ""): i for i, c in enumerate(columns)}


def detect(sample: Sample) -> float:
    """Header with InvoiceNo, Quantity, InvoiceDate, UnitPrice (R write.csv may add `""` first)."""
    head = sample.text.lstrip("\ufeff").split("\n", 1)[0].replace('"', "").lower()
    cols = {c.strip().replace(" ", "") for c in head.split(",")}
    return 0.9 if set(_REQUIRED) <= cols else 0.0


def parse(sample: Sample) -> list[Parsed]:
    """Aggregate lines per invoice: kind order/cancellation/return, revenue = sum(qty x price)."""
    table = read_table(sample)
    col = _columns(table.columns)
    missing = [c for c in _REQUIRED if c not in col]
    if missing or not table.rows:
        raise Refused(f"{sample.name}: line {table.header_row}: expected columns InvoiceNo, "
                      f"Quantity, InvoiceDate, UnitPrice with rows (missing: "
                      f"{', '.join(missing) or 'none'}; {len(table.rows)} row(s)).")
    lines, rejected = [], list(table.rejected)
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        try:
            qty, price = parse_number(r[col["quantity"]]), parse_number(r[col["unitprice"]])
            when = parse_datetime(r[col["invoicedate"]])  # `12/1/2010 8:26` is M/D/YYYY
            if qty is None or price is None or when is None:
                raise ValueError("empty quantity, unit price or date")
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        invoice = r[col["invoiceno"]].strip()
        if not invoice:
            rejected.append(Rejected(line, "empty InvoiceNo"))
            continue
        customer = r[col["customerid"]].strip() if "customerid" in col else ""
        lines.append({"order_id": invoice, "qty": qty, "amount": qty * price, "time": when,
                      "customer_id": None if customer.lower() in _NULL_IDS else
                      customer.removesuffix(".0"),
                      "country": r[col["country"]].strip() if "country" in col else None})
    if not lines:
        raise Refused(f"{sample.name}: every line was rejected (first: line {rejected[0].line}: "
                      f"{rejected[0].reason}).")
    df = pd.DataFrame(lines)
    orders = df.groupby("order_id", sort=False).agg(
        order_time=("time", "min"), items=("qty", "sum"), revenue=("amount", "sum"),
        customer_id=("customer_id", "first"), country=("country", "first")).reset_index()
    orders["revenue"] = orders["revenue"].round(2)
    # UCI: InvoiceNo starting with C is a cancellation; other all-negative invoices are returns
    orders["kind"] = "order"
    orders.loc[orders["items"] < 0, "kind"] = "return"
    orders.loc[orders["order_id"].str.upper().str.startswith("C"), "kind"] = "cancellation"
    orders["currency"] = "GBP"
    orders["day_from"] = orders["day_to"] = orders["order_time"].dt.date
    warnings = []
    no_customer = orders["customer_id"].isna().sum()
    if no_customer:
        warnings.append(f"{no_customer} invoice(s) ({df['customer_id'].isna().sum()} line(s)) have "
                        "no CustomerID: kept with an empty customer (they count in revenue, not "
                        "in customer KPIs).")
    notes = {"currency": "GBP assumed: the UCI Online Retail dataset is a UK retailer's and "
                         "carries no currency column",
             "lines": len(df), "invoices": len(orders)}
    cols = ["day_from", "day_to", "order_id", "customer_id", "order_time", "country", "kind",
            "items", "revenue", "currency"]
    return [Parsed("orders", orders[cols], ("order_id",), NAME, warnings, rejected, notes)]
