"""Shopify orders export (one row per line item) aggregated into one orders row per order.

Column names come from vocabulary.toml (`orders`); numbers and dates are read once per file
(an export re-saved by a spreadsheet may carry day-first dates or decimal commas). Order-level
fields come from the first line of each order; line items add up over its lines.
"""
from __future__ import annotations

import hashlib

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample, none_read
from lib.sources.convert import check, convert, first_row
from lib.sources.generic import read_plain_table

NAME = "orders"
LABEL = "Shopify orders export"
TABLE = "orders"

NUMBERS = ("total", "refunded", "quantity")
TEXTS = ("order_id", "email", "financial_status", "cancelled", "currency", "billing_country",
         "shipping_country", "source", "referring_site")
SIGNATURE = ("order_id", "created", "total", "financial_status", "quantity")


def detect(sample: Sample) -> float:
    """Shopify header: Name, Created at, Total, Financial Status, Lineitem quantity."""
    found = vocabulary.columns(TABLE, first_row(sample.text))
    return 0.9 if found.has(*SIGNATURE) else 0.0


def customer_key(email: str) -> str | None:
    """A stable pseudonymous customer id: hashed e-mail, so no address is stored."""
    email = email.strip().lower()
    return hashlib.sha256(email.encode()).hexdigest()[:16] if email else None


def parse(sample: Sample) -> list[Parsed]:
    """Order-level fields come from the first line of each order; items add up over its lines."""
    table = read_plain_table(sample)  # not read_table: order names start with `#` (`#1001`)
    header = vocabulary.columns(TABLE, table.columns)
    missing = [table_word for table_word, c in (("Name", "order_id"), ("Created at", "created"),
                                                ("Total", "total")) if not header.has(c)]
    if missing or not table.rows:
        raise Refused(Message(f"{sample.name}: line {table.header_row}: a Shopify orders export needs "
                              f"Name, Created at and Total with rows (missing: {', '.join(missing) or 'none'};"
                              f" {len(table.rows)} row(s)). Export Orders > Export > CSV for Excel/plain.",
                              "msg_orders_columns", name=sample.name, line=table.header_row,
                              missing=", ".join(missing) or "—", rows=len(table.rows)))
    read = convert(sample.name, table, header, numbers=NUMBERS, datetimes=("created",), texts=TEXTS,
                   required=("order_id",), keys=("order_id", "created"), what="order dates")
    lines = read.lines
    f = read.frame
    first = ~f["order_id"].duplicated()
    no_time = first & f["created"].isna()
    rejected = read.rejected + [Rejected(int(line), Message("empty Created at on the order's first line",
                                                            "msg_rej_order_created"))
                                for line in lines[no_time.to_numpy()]]
    # an order whose first line is rejected is rejected with it (its later lines carry no date)
    dropped = set(f.loc[no_time, "order_id"])
    later = ~first & f["order_id"].isin(dropped)
    rejected += [Rejected(int(line), Message("its order's first line was rejected", "msg_rej_order_first"))
                 for line in lines[later.to_numpy()]]
    f = f[~f["order_id"].isin(dropped)]
    if f.empty:
        first_bad = min(rejected, key=lambda r: r.line) if rejected else None
        raise Refused(none_read(sample.name, "no order could be read", first_bad))
    out = _orders(f)
    # a summary row sums the orders' totals and their line quantities
    total_check, warnings = check(f.assign(total=f["total"].where(~f["order_id"].duplicated())),
                                  read.summary, ["total", "quantity"])
    warnings = read.warnings + warnings
    if out["currency"].isna().any():
        warnings.append(Message("Some orders have no Currency: stored without a currency.",
                                "msg_orders_currency"))
    notes = {"customer_id": "sha256 of the e-mail (first 16 hex), no address stored",
             "revenue": "Total minus Refunded Amount; cancelled orders count 0 (kind cancellation)",
             "total_check": total_check, "unread": header.unknown}
    return [Parsed("orders", out, ("order_id",), NAME, warnings,
                   sorted(rejected, key=lambda r: r.line), notes)]


def _orders(f: pd.DataFrame) -> pd.DataFrame:
    """One row per order from its first line, items summed over its lines."""
    def col(name: str) -> pd.Series:
        values = f[name] if name in f else pd.Series(pd.NA, index=f.index, dtype="string")
        return values.astype("string").fillna("").str.strip()

    quantity = f["quantity"].fillna(0) if "quantity" in f else pd.Series(0.0, index=f.index)
    items = quantity.groupby(f["order_id"], sort=False).sum()
    o = f[~f["order_id"].duplicated()].set_index("order_id")
    cancelled = _first(col("cancelled"), f) != ""
    status = _first(col("financial_status"), f).str.lower()
    # Shopify keeps a cancelled/refunded order as one row: it is not a reversal line, so it is
    # marked by kind and its revenue set to what was kept
    kind = pd.Series("order", index=o.index).mask(status == "refunded", "return").mask(cancelled, "cancellation")
    total = o["total"].fillna(0.0)
    refunded = o["refunded"].fillna(0.0) if "refunded" in o else 0.0
    country = _first(col("billing_country"), f).replace("", pd.NA).fillna(
        _first(col("shipping_country"), f).replace("", pd.NA))
    channel = _first(col("source"), f).replace("", pd.NA).fillna(
        _first(col("referring_site"), f).replace("", pd.NA))
    created = o["created"]
    out = pd.DataFrame({
        "day_from": created.dt.normalize(), "day_to": created.dt.normalize(),
        "order_id": o.index, "customer_id": _first(col("email"), f).map(customer_key),
        "order_time": created, "channel": channel, "country": country, "kind": kind,
        "items": items.reindex(o.index).astype(float),
        "revenue": (total - refunded).round(2).where(~cancelled, 0.0),
        "currency": _first(col("currency"), f).replace("", pd.NA),
    })
    return out.reset_index(drop=True)


def _first(values: pd.Series, f: pd.DataFrame) -> pd.Series:
    """VALUES on each order's first line, indexed by order."""
    first = ~f["order_id"].duplicated()
    return pd.Series(values[first].to_numpy(), index=f.loc[first, "order_id"].to_numpy())
