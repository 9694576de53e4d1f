"""HubSpot CRM exports: contacts (lifecycle stage) and deals (stage, amount) -> leads."""
from __future__ import annotations

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample, none_read
from lib.sources.convert import check, convert, first_row
from lib.sources.generic import read_plain_table

NAME = "hubspot"
LABEL = "HubSpot contacts / deals export"

# Lifecycle stage (label or internal value) -> lead | qualified | customer
_LIFECYCLE = {
    "subscriber": "lead", "lead": "lead", "other": "lead",
    "marketing qualified lead": "qualified", "marketingqualifiedlead": "qualified",
    "sales qualified lead": "qualified", "salesqualifiedlead": "qualified",
    "opportunity": "qualified", "customer": "customer", "evangelist": "customer",
}


TABLE = "leads"


def _kind(found: vocabulary.Header) -> str | None:
    if found.has("deal_name", "deal_stage"):
        return "deals"
    if found.has("record_id", "create_date") and (found.has("lifecycle_stage") or found.has("original_source")):
        return "contacts"
    return None


def detect(sample: Sample) -> float:
    """HubSpot header: Record ID + Create Date + Lifecycle Stage, or Deal Name + Deal Stage, in
    any interface language of the vocabulary."""
    return 0.9 if _kind(vocabulary.columns(TABLE, first_row(sample.text))) else 0.0


def deal_status(stage: str) -> str:
    """Closed won -> customer; closed lost -> lead (it never converted); open deals -> qualified."""
    s = stage.strip().lower().replace(" ", "")
    if s.startswith("closedwon"):
        return "customer"
    if s.startswith("closedlost"):
        return "lead"
    return "qualified"


def parse(sample: Sample) -> list[Parsed]:
    """One leads row per contact or deal; lead_id prefixed `contact:`/`deal:` so both can load.
    Amounts and create dates are read once per file."""
    table = read_plain_table(sample)
    found = vocabulary.columns(TABLE, table.columns)
    kind = _kind(found)
    if kind is None or not table.rows:
        known = ", ".join(repr(table.columns[i]) for i in sorted(found.columns)) or "none"
        raise Refused(Message(f"{sample.name}: line {table.header_row}: not a HubSpot contacts export "
                              "(Record ID, Create Date, Lifecycle Stage) nor a deals export (Deal Name, "
                              f"Deal Stage, Amount, Create Date), or no rows ({len(table.rows)}); known "
                              f"columns: {known}.", "msg_hubspot_unknown", name=sample.name,
                              line=table.header_row, rows=len(table.rows), known=known))
    texts = ("record_id", "email", "deal_name", "deal_stage", "lifecycle_stage", "original_source",
             "drill_down_2", "campaign", "currency")
    read = convert(sample.name, table, found, numbers=("amount",) if kind == "deals" else (),
                   datetimes=("create_date",), texts=texts, required=("create_date",),
                   keys=("record_id", "deal_name", "email", "create_date"), what="create dates")
    f = read.frame

    def get(name: str) -> pd.Series:
        return f[name].fillna("") if name in f else pd.Series("", index=f.index, dtype="string")

    ident = get("record_id").where(get("record_id") != "", get("deal_name" if kind == "deals" else "email"))
    missing = (ident == "").to_numpy()
    rejected = sorted(read.rejected + [Rejected(int(line), Message("no Record ID", "msg_rej_no_record_id"))
                                       for line in read.lines[missing]], key=lambda r: r.line)
    f, ident = f[~missing], ident[~missing]   # get() reads the kept rows from here on
    if f.empty:
        first = rejected[0] if rejected else None
        raise Refused(none_read(sample.name, "no record could be read", first))
    unknown: set[str] = set()
    if kind == "contacts":
        stage = get("lifecycle_stage")
        status = stage.str.lower().map(_LIFECYCLE)
        unknown = set(stage[status.isna()])
        status = status.fillna("lead")
        campaign = get("drill_down_2")
    else:
        status = get("deal_stage").map(deal_status)
        campaign = get("campaign").where(get("campaign") != "", get("drill_down_2"))
    created = f["create_date"]
    frame = pd.DataFrame({
        "day_from": created.dt.normalize(), "day_to": created.dt.normalize(),
        "lead_id": f"{kind[:-1]}:" + ident.astype(str), "created_time": created,
        "lead_source": get("original_source").replace("", None),
        "campaign": campaign.replace("", None), "status": status, "leads": 1.0,
        "customers": (status == "customer").astype(float),
        "value": f["amount"] if "amount" in f else None,
        "currency": get("currency").replace("", None)}).reset_index(drop=True)
    total_check, warnings = check(f, read.summary, ["amount"])
    warnings = read.warnings + warnings
    if unknown:
        warnings.append(Message(f"Unknown lifecycle stage(s) counted as lead: {', '.join(sorted(unknown))}.",
                                "msg_hubspot_stages", stages=", ".join(sorted(unknown))))
    if kind == "deals" and frame["value"].notna().any() and frame["currency"].isna().any():
        warnings.append(Message("Deal amounts have no currency column: stored without a currency.",
                                "msg_hubspot_currency"))
    return [Parsed("leads", frame, ("lead_id",), NAME, warnings, rejected, {"export": kind, "total_check": total_check})]
