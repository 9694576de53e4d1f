"""HubSpot CRM exports: contacts (lifecycle stage) and deals (stage, amount) -> leads."""
from __future__ import annotations

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.generic import read_plain_table
from lib.sources.text import parse_datetime, parse_number

NAME = "hubspot"
LABEL = "HubSpot contacts / deals export"

# Lifecycle stage (label or internal value) -> lead | qualified | customer
_LIFECYCLE = {
    "subscriber": "lead", "lead": "lead", "other": "lead",
    "marketing qualified lead": "qualified", "marketingqualifiedlead": "qualified",
    "sales qualified lead": "qualified", "salesqualifiedlead": "qualified",
    "opportunity": "qualified", "customer": "customer", "evangelist": "customer",
}


def _cols(columns: list[str]) -> dict[str, int]:
    return {c.strip().lower(): i for i, c in enumerate(columns)}


def _kind(columns: list[str]) -> str | None:
    c = _cols(columns)
    if "deal name" in c and "deal stage" in c:
        return "deals"
    if "record id" in c and "create date" in c and ("lifecycle stage" in c or "original source" in c):
        return "contacts"
    return None


def detect(sample: Sample) -> float:
    """HubSpot header: Record ID + Create Date + Lifecycle Stage, or Deal Name + Deal Stage."""
    head = [h.strip().strip('"') for h in sample.text.lstrip("\ufeff").split("\n", 1)[0].split(",")]
    return 0.9 if _kind(head) else 0.0


def deal_status(stage: str) -> str:
    """Closed won -> customer; closed lost -> lead (it never converted); open deals -> qualified."""
    s = stage.strip().lower().replace(" ", "")
    if s.startswith("closedwon"):
        return "customer"
    if s.startswith("closedlost"):
        return "lead"
    return "qualified"


def parse(sample: Sample) -> list[Parsed]:
    """One leads row per contact or deal; lead_id prefixed `contact:`/`deal:` so both can load."""
    table = read_plain_table(sample)
    kind = _kind(table.columns)
    if kind is None or not table.rows:
        raise Refused(f"{sample.name}: line {table.header_row}: not a HubSpot contacts export "
                      "(Record ID, Create Date, Lifecycle Stage) nor a deals export (Deal Name, "
                      f"Deal Stage, Amount, Create Date), or no rows ({len(table.rows)}).")
    c = _cols(table.columns)
    rows, rejected, unknown = [], list(table.rejected), set()
    id_col = c.get("record id", c.get("deal id"))
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        def get(name: str, r: list[str] = r) -> str:
            return r[c[name]].strip() if name in c else ""
        try:
            created = parse_datetime(get("create date"))
            if created is None:
                raise ValueError("empty Create Date")
            value = parse_number(get("amount")) if kind == "deals" else None
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        if kind == "contacts":
            stage = get("lifecycle stage")
            status = _LIFECYCLE.get(stage.lower())
            if status is None:
                unknown.add(stage)
                status = "lead"
            source, campaign = get("original source"), get("original source drill-down 2")
        else:
            status, source = deal_status(get("deal stage")), get("original source")
            campaign = get("campaign") or get("original source drill-down 2")
        ident = r[id_col].strip() if id_col is not None else ""
        if not ident:
            ident = get("deal name") if kind == "deals" else get("email")
        if not ident:
            rejected.append(Rejected(line, "no Record ID"))
            continue
        rows.append({"day_from": created.date(), "day_to": created.date(),
                     "lead_id": f"{kind[:-1]}:{ident}", "created_time": created,
                     "lead_source": source or None, "campaign": campaign or None, "status": status,
                     "leads": 1.0, "customers": 1.0 if status == "customer" else 0.0,
                     "value": value,
                     "currency": get("deal currency code") or get("currency") or None})
    if not rows:
        raise Refused(f"{sample.name}: no record could be read (first: line {rejected[0].line}: "
                      f"{rejected[0].reason}).")
    frame = pd.DataFrame(rows)
    warnings = []
    if unknown:
        warnings.append(f"Unknown lifecycle stage(s) counted as lead: {', '.join(sorted(unknown))}.")
    if kind == "deals" and frame["value"].notna().any() and frame["currency"].isna().any():
        warnings.append("Deal amounts have no currency column: stored without a currency.")
    return [Parsed("leads", frame, ("lead_id",), NAME, warnings, rejected, {"export": kind})]
