"""Shopify orders export (one row per line item) aggregated into one orders row per order."""
from __future__ import annotations

import hashlib
import re

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.generic import read_plain_table
from lib.sources.text import parse_datetime, parse_number

NAME = "orders"
LABEL = "Shopify orders export"

_OFFSET = re.compile(r"\s*[+-]\d{2}:?\d{2}$")


def _col(columns: list[str]) -> dict[str, int]:
    return {c.strip().lower(): i for i, c in enumerate(columns)}


def detect(sample: Sample) -> float:
    """Shopify header: Name, Created at, Total, Financial Status, Lineitem quantity."""
    head = sample.text.lstrip("\ufeff").split("\n", 1)[0].lower()
    keys = ("name", "created at", "total", "financial status", "lineitem quantity")
    return 0.9 if all(k in head for k in keys) else 0.0


def customer_key(email: str) -> str | None:
    """A stable pseudonymous customer id: hashed e-mail, so no address is stored."""
    email = email.strip().lower()
    return hashlib.sha256(email.encode()).hexdigest()[:16] if email else None


def parse(sample: Sample) -> list[Parsed]:
    """Order-level fields come from the first line of each order; items add up over its lines."""
    table = read_plain_table(sample)  # not read_table: order names start with `#` (`#1001`)
    col = _col(table.columns)
    missing = [c for c in ("name", "created at", "total") if c not in col]
    if missing or not table.rows:
        raise Refused(f"{sample.name}: line {table.header_row}: a Shopify orders export needs "
                      f"Name, Created at and Total with rows (missing: {', '.join(missing) or 'none'};"
                      f" {len(table.rows)} row(s)). Export Orders > Export > CSV for Excel/plain.")

    def cell(r: list[str], name: str) -> str:
        return r[col[name]].strip() if name in col else ""

    orders: dict[str, dict] = {}
    rejected = list(table.rejected)
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        name = cell(r, "name")
        if not name:
            rejected.append(Rejected(line, "empty order Name"))
            continue
        try:
            qty = parse_number(cell(r, "lineitem quantity")) or 0
            if name not in orders:
                created = parse_datetime(_OFFSET.sub("", cell(r, "created at")))
                if created is None:
                    raise ValueError("empty Created at on the order's first line")
                orders[name] = _first_line(r, cell, created)
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        orders[name]["items"] += qty
    if not orders:
        raise Refused(f"{sample.name}: no order could be read (first: line {rejected[0].line}: "
                      f"{rejected[0].reason}).")
    frame = pd.DataFrame(orders.values())
    frame["day_from"] = frame["day_to"] = frame["order_time"].dt.date
    warnings = []
    if frame["currency"].isna().any():
        warnings.append("Some orders have no Currency: stored without a currency.")
    notes = {"customer_id": "sha256 of the e-mail (first 16 hex), no address stored",
             "revenue": "Total minus Refunded Amount; cancelled orders count 0 (kind cancellation)"}
    return [Parsed("orders", frame, ("order_id",), NAME, warnings, rejected, notes)]


def _first_line(r: list[str], cell, created) -> dict:
    total = parse_number(cell(r, "total")) or 0.0
    refunded = parse_number(cell(r, "refunded amount")) or 0.0
    cancelled = bool(cell(r, "cancelled at"))
    status = cell(r, "financial status").lower()
    # Shopify keeps a cancelled/refunded order as one row: it is not a reversal line, so it is
    # marked by kind and its revenue set to what was kept
    kind = "cancellation" if cancelled else "return" if status == "refunded" else "order"
    country = cell(r, "billing country") or cell(r, "shipping country") or None
    return {"order_id": cell(r, "name"), "customer_id": customer_key(cell(r, "email")),
            "order_time": created, "channel": cell(r, "source") or cell(r, "referring site") or None,
            "country": country, "kind": kind, "items": 0.0,
            "revenue": 0.0 if cancelled else round(total - refunded, 2),
            "currency": cell(r, "currency") or None}
