"""Mailchimp campaign list export (CSV), plus the email helpers Brevo and Klaviyo share (FORMATS §5)."""
from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import Table, parse_datetime, parse_number, read_table

NAME = "mailchimp_csv"
LABEL = "Mailchimp campaign export (CSV)"

# canonical column -> header spellings, compared after _key() (`Send_Date` == `Send Date`)
COLUMNS = {
    "campaign_id": ("unique id", "campaign id"),
    "campaign": ("title", "campaign name", "campaign title"),
    "subject": ("subject", "subject line"),
    "list": ("list", "list name", "audience"),
    "send_time": ("send date", "send time", "sent date"),
    "sent": ("total recipients", "emails sent", "recipients"),
    "delivered": ("successful deliveries", "delivered"),
    "hard_bounces": ("hard bounces",),
    "soft_bounces": ("soft bounces",),
    "bounces": ("total bounces", "bounces"),
    "unique_opens": ("unique opens",),
    "unique_clicks": ("unique clicks",),
    "unsubscribes": ("unsubscribes", "unsubscribed"),
    "complaints": ("abuse complaints", "spam complaints"),
    "conversions": ("unique placed order", "total orders"),
    "revenue": ("revenue", "total revenue"),
}
# rate header -> (count it is the rate of, denominator): Mailchimp rates are per delivered email
RATES = {"open rate": ("unique_opens", "delivered"), "click rate": ("unique_clicks", "delivered")}
TEXT = ("campaign_id", "campaign", "subject", "list")
METRICS = ("sent", "delivered", "hard_bounces", "soft_bounces", "unique_opens", "unique_clicks",
           "unsubscribes", "complaints", "conversions", "revenue")


def _key(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower())


def header_map(columns: list[str], spec: dict = COLUMNS) -> dict[str, int]:
    """canonical name -> column index for the headers the spec knows."""
    keys = [_key(c) for c in columns]
    found = {}
    for canon, names in spec.items():
        for i, k in enumerate(keys):
            if k in names and canon not in found:
                found[canon] = i
    return found


def detect(sample: Sample) -> float:
    """Mailchimp export header: Title + Send Date + Unique Opens + Successful Deliveries; or the
    campaign list of the current interface (Title, Audience, Send Date, Total Recipients)."""
    head = {_key(c) for c in sample.text.lstrip("\ufeff").split("\n", 1)[0].split(",")}
    if not {"send date", "send time"} & head:
        return 0.0
    if {"title", "unique opens", "successful deliveries"} <= head:
        return 0.9
    if {"title", "audience", "total recipients"} <= head:
        return 0.85
    return 0.0


def parse(sample: Sample) -> list[Parsed]:
    """One email_campaigns row per campaign; rates checked against counts."""
    return [parse_email_table(sample, read_table(sample), "mailchimp", NAME)]


def _scale(values: list[tuple[str, float | None, float | None]]) -> float:
    """100 when the rates are percents (`30.65`, `27.27%`), 1 for fractions (`0.2341`).

    values: (raw text, count, denominator). Decided from the counts when present, else from size.
    """
    pct = frac = 0
    for raw, num, den in values:
        r = parse_number(raw)
        if r is None or not den or num is None:
            continue
        pct += abs(r - 100 * num / den) <= 0.011 + 0.005 * r
        frac += abs(r - num / den) <= 0.00011 + 0.005 * r
    if pct != frac:
        return 100.0 if pct > frac else 1.0
    rates = [parse_number(raw) or 0 for raw, _, _ in values]
    return 100.0 if any(r > 1 for r in rates) else 1.0


def parse_email_table(sample: Sample, table: Table, platform: str, fmt: str,
                      spec: dict = COLUMNS, rates: dict = RATES) -> Parsed:
    """Map a campaign table through `spec`: counts stored, rates checked or used to fill counts."""
    if len(table.columns) < 2 or not table.rows:
        raise Refused(f"{sample.name}: no campaign rows under a header (found "
                      f"{len(table.columns)} column(s), {len(table.rows)} row(s)). "
                      "Export the campaign list as CSV again.")
    idx = header_map(table.columns, spec)
    missing = [c for c in ("campaign", "send_time", "sent") if c not in idx]
    if missing:
        raise Refused(f"{sample.name}: line {table.header_row}: no column for {', '.join(missing)} "
                      f"(columns: {', '.join(table.columns)}). Export the campaign report with "
                      "send date and recipients.")
    rate_idx = {name: i for i, c in enumerate(table.columns) if (name := _key(c)) in rates}
    records, lines, rejected = [], [], list(table.rejected)
    for line, row in zip(table.line_numbers, table.rows, strict=True):
        try:
            rec = read_campaign(row, idx)
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        rec["_rates"] = {name: row[i] for name, i in rate_idx.items()}
        records.append(rec)
        lines.append(line)
    warnings, scales = apply_rates(records, lines, rates, sample.name)
    frame, notes = campaign_frame(records, platform)
    notes["rates"] = scales
    if not len(frame):
        raise Refused(f"{sample.name}: every campaign line was rejected "
                      f"(first: line {rejected[0].line}: {rejected[0].reason}).")
    return Parsed("email_campaigns", frame, ("platform", "campaign_id"), fmt, warnings, rejected,
                  notes)


def read_campaign(row: list[str], idx: dict[str, int]) -> dict:
    """One campaign's text and numbers (ValueError names the bad cell)."""
    rec: dict = {c: row[i].strip() for c, i in idx.items() if c in TEXT}
    send = parse_datetime(row[idx["send_time"]])
    if send is None:
        raise ValueError("no send date (draft or scheduled campaign?)")
    rec["send_time"] = send
    for c, i in idx.items():
        if c not in TEXT and c != "send_time":
            try:
                rec[c] = parse_number(row[i])
            except ValueError:
                raise ValueError(f"{c}: {row[i]!r} is not a number") from None
    return rec


def apply_rates(records: list[dict], lines: list[int], rates: dict,
                name: str) -> tuple[list[str], dict]:
    """Fill a missing count from its rate; when both exist, warn on a mismatch.

    Returns (warnings, {rate: "percent" | "fraction"}).
    """
    warnings, scales = [], {}
    for rate, (count, den) in rates.items():
        values = [(r["_rates"].get(rate, ""), r.get(count), _denominator(r, den)) for r in records]
        if not any(v[0].strip() for v in values):
            continue
        scale = _scale(values)
        scales[rate] = "percent" if scale == 100 else "fraction"
        bad = []
        for rec, line, (raw, num, d) in zip(records, lines, values, strict=True):
            try:
                value = parse_number(raw)
            except ValueError:
                bad.append(line)
                continue
            if value is None or d is None:
                continue
            value /= 100 if "%" in raw else scale
            if num is None:
                rec[count] = round(value * d)   # the count is absent: recompute it
            elif d and abs(value - num / d) > 0.00011 + 0.005 * value:
                bad.append(line)
        if bad:
            warnings.append(f"{name}: {rate} differs from {count}/{den} on {len(bad)} line(s) "
                            f"(first: line {bad[0]}); the counts were kept.")
    for rec in records:
        rec.pop("_rates", None)
    return warnings, scales


def _denominator(rec: dict, den: str) -> float | None:
    if den == "delivered" and rec.get("delivered") is None:
        return _delivered(rec)
    return rec.get(den)


def _delivered(rec: dict) -> float | None:
    """delivered = sent - bounces when the export does not give it."""
    if rec.get("sent") is None:
        return None
    bounces = rec.get("bounces")
    if bounces is None and (rec.get("hard_bounces") is not None or rec.get("soft_bounces") is not None):
        bounces = (rec.get("hard_bounces") or 0) + (rec.get("soft_bounces") or 0)
    return None if bounces is None else rec["sent"] - bounces


def campaign_frame(records: list[dict], platform: str) -> tuple[pd.DataFrame, dict]:
    """email_campaigns frame: day = send date; campaign_id made from title+time when absent."""
    rows, notes = [], {}
    for rec in records:
        send: datetime = rec["send_time"]
        row = {"day_from": send.date(), "day_to": send.date(), "platform": platform,
               "send_time": send}
        for c in TEXT + METRICS + ("currency",):
            if c in rec:
                row[c] = rec[c]
        if row.get("delivered") is None:
            row["delivered"] = _delivered(rec)
        if not row.get("campaign_id"):
            # no id column (trimmed Mailchimp export): the title and send minute identify a send
            row["campaign_id"] = f"{rec.get('campaign', '')}|{send:%Y-%m-%d %H:%M}"
            notes["campaign_id"] = "made from title and send time (no id column in the export)"
        rows.append(row)
    return pd.DataFrame(rows), notes
