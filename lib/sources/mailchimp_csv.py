"""Mailchimp campaign list export (CSV), plus the email helpers Brevo and Klaviyo share (FORMATS §5)."""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from lib.i18n.messages import Message
from lib.sources import cells, vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample, none_read
from lib.sources.convert import check, convert, first_row, weekday_agrees
from lib.sources.text import Table, read_table

NAME = "mailchimp_csv"
LABEL = "Mailchimp campaign export (CSV)"

TABLE = "email_campaigns"
TEXT = ("campaign_id", "campaign", "subject", "list")
METRICS = ("sent", "delivered", "hard_bounces", "soft_bounces", "unique_opens", "unique_clicks",
           "unsubscribes", "complaints", "conversions", "revenue")
# rate -> (count it is the rate of, denominator): the tools' rates are per delivered email
RATES = {"open_rate": ("unique_opens", "delivered"), "click_rate": ("unique_clicks", "delivered")}
_NAMES = {"open_rate": "open rate", "click_rate": "click rate"}   # as the notes and warnings say


def header(columns: list[str], extra: dict[str, str] | None = None) -> vocabulary.Header:
    """The campaign list's header read against the vocabulary (`Send_Date` == `Send Date`);
    Mailchimp's `Title` is the campaign's name."""
    found = vocabulary.columns(TABLE, [c.replace("_", " ") for c in columns], extra)
    if not found.has("campaign") and found.has("title"):
        found.columns[found.find("title")] = "campaign"
    return found


def detect(sample: Sample) -> float:
    """Mailchimp's campaign list: a Title and a send date, with deliveries and unique opens
    (classic export) or an audience and recipients (current interface), in any language."""
    found = vocabulary.columns(TABLE, [c.replace("_", " ") for c in first_row(sample.text)])
    if not found.has("title", "send_time"):
        return 0.0
    if found.has("unique_opens", "delivered"):
        return 0.9
    if found.has("list", "sent"):
        return 0.85
    return 0.0


def parse(sample: Sample) -> list[Parsed]:
    """One email_campaigns row per campaign; rates checked against counts."""
    return [parse_email_table(sample, read_table(sample), "mailchimp", NAME)]


def parse_email_table(sample: Sample, table: Table, platform: str, fmt: str,
                      extra: dict[str, str] | None = None) -> Parsed:
    """A campaign list (Mailchimp, Brevo, Klaviyo): numbers and send dates read once for the file
    (a `Send Weekday` column decides a date order no date decides), counts stored, rates checked
    or used to fill a missing count, summary rows used as checks."""
    if len(table.columns) < 2 or not len(table.frame):
        raise Refused(Message(f"{sample.name}: no campaign rows under a header (found "
                              f"{len(table.columns)} column(s), {len(table.frame)} row(s)). "
                              "Export the campaign list as CSV again.", "msg_mc_no_rows", name=sample.name))
    found = header(table.columns, extra)
    missing = [c for c in ("campaign", "send_time", "sent") if not found.has(c)]
    if missing:
        known = ", ".join(f"{table.columns[i]!r} ({c})" for i, c in sorted(found.columns.items()))
        raise Refused(Message(f"{sample.name}: line {table.header_row}: looks like a campaign list, but no "
                              f"column is known for {', '.join(missing)} (known: {known or 'none'}; not "
                              f"known: {', '.join(repr(c) for c in found.unknown[:6]) or 'none'}). Export "
                              "the campaign report with its name, send date and recipients.",
                              "msg_mc_columns", name=sample.name, line=table.header_row,
                              headers=", ".join(found.unknown[:6]) or "—"))
    weekday = found.find("send_weekday")
    fits = None if weekday is None else weekday_agrees(table.frame[weekday])
    read = convert(sample.name, table, found, numbers=(*METRICS, "bounces", *RATES),
                   datetimes=("send_time",), texts=TEXT, required=("send_time",),
                   keys=("campaign", "send_time", "campaign_id"), free=("subject",), fits=fits,
                   what="send dates")
    rejected = [r if not r.reason.startswith("the ") else
                Rejected(r.line, Message("no send date (draft or scheduled campaign?)", "msg_rej_no_send_date"))
                for r in read.rejected]
    frame = read.frame
    if frame.empty:
        first = rejected[0] if rejected else None
        raise Refused(none_read(sample.name, "every campaign line was rejected", first))
    frame["delivered"] = frame["delivered"].fillna(_delivered(frame)) if "delivered" in frame \
        else _delivered(frame)
    raw = {rate: table.frame[found.find(rate)] for rate in RATES if found.has(rate)}
    warnings, scales = apply_rates(frame, read.rows, read.lines, raw, sample.name)
    total_check, more = check(frame, read.summary, list(METRICS))
    out, notes = _frame(frame, platform)
    notes["rates"] = scales
    notes["unread"] = found.unknown
    if found.has("revenue"):   # `€1.234,50`, `US$50.00`: the mark names the currency
        out["currency"] = cells.currency_of(table.frame[found.find("revenue")].dropna().head(50))
    if total_check:
        notes["total_check"] = total_check
    return Parsed(TABLE, out, ("platform", "campaign_id"), fmt, read.warnings + warnings + more,
                  rejected, notes)


def apply_rates(frame: pd.DataFrame, rows: np.ndarray, lines: np.ndarray, raw: dict[str, pd.Series],
                name: str) -> tuple[list[str], dict]:
    """Fill a missing count from its rate; when both exist, warn on a mismatch. A rate is a
    percent (`30.65`, `27.27%`) or a fraction (`0.2341`), decided for the whole column from the
    counts, else from its size; ROWS are the kept rows' positions in the table. Returns (warnings, {rate: "percent" | "fraction"})."""
    warnings, scales = [], {}
    for rate, cells_ in raw.items():
        count, den = RATES[rate]
        if rate not in frame or not frame[rate].notna().any():
            frame.drop(columns=[rate], errors="ignore", inplace=True)
            continue
        value = frame.pop(rate)
        kept_sign = cells_.fillna("").str.contains("%", regex=False).to_numpy()[rows]
        num = frame[count] if count in frame else pd.Series(float("nan"), index=frame.index)
        d = frame[den] if den in frame else pd.Series(float("nan"), index=frame.index)
        scale = _scale(value, num, d)
        scales[_NAMES[rate]] = "percent" if scale == 100 else "fraction"
        fraction = value / np.where(kept_sign, 100.0, scale)
        fill = num.isna() & fraction.notna() & d.notna()
        frame[count] = num.where(~fill, (fraction * d).round())
        off = num.notna() & fraction.notna() & (d > 0) & \
            ((fraction - num / d).abs() > 0.00011 + 0.005 * fraction)
        if off.any():
            first = int(np.asarray(lines)[np.flatnonzero(off.to_numpy())[0]])
            warnings.append(Message(f"{name}: {_NAMES[rate]} differs from {count}/{den} on {int(off.sum())} "
                                    f"line(s) (first: line {first}); the counts were kept.", "msg_rate_differs",
                                    name=name, rate=Message(_NAMES[rate], f"msg_word_{rate}"), count_column=count, den_column=den,
                                    count=int(off.sum()), line=first))
    return warnings, scales


def _scale(value: pd.Series, num: pd.Series, den: pd.Series) -> float:
    """100 when the rates are percents, 1 for fractions: from the counts when present, else size."""
    ok = value.notna() & num.notna() & (den > 0)
    pct = int(((value - 100 * num / den).abs() <= 0.011 + 0.005 * value)[ok].sum())
    frac = int(((value - num / den).abs() <= 0.00011 + 0.005 * value)[ok].sum())
    if pct != frac:
        return 100.0 if pct > frac else 1.0
    return 100.0 if (value.fillna(0) > 1).any() else 1.0


def _delivered(frame: pd.DataFrame) -> pd.Series:
    """delivered = sent - bounces when the export does not give it."""
    bounces = frame["bounces"] if "bounces" in frame else pd.Series(float("nan"), index=frame.index)
    parts = [frame[c] for c in ("hard_bounces", "soft_bounces") if c in frame]
    if parts:
        either = pd.concat(parts, axis=1)
        bounces = bounces.where(bounces.notna(), either.fillna(0).sum(axis=1).where(either.notna().any(axis=1)))
    return frame["sent"] - bounces


def _frame(frame: pd.DataFrame, platform: str) -> tuple[pd.DataFrame, dict]:
    """email_campaigns frame: day = send date; campaign_id made from title+time when absent."""
    notes = {}
    send = frame["send_time"]
    out = pd.DataFrame({"day_from": send.dt.normalize(), "platform": platform, "send_time": send})
    out["day_to"] = out["day_from"]
    for c in TEXT + METRICS:
        if c in frame:
            out[c] = frame[c]
    ids = out["campaign_id"].replace("", pd.NA) if "campaign_id" in out else pd.Series(pd.NA, index=out.index)
    if ids.isna().any():
        # no id column (trimmed Mailchimp export): the title and send minute identify a send
        made = out.get("campaign", pd.Series("", index=out.index)).fillna("") + "|" + \
            send.dt.strftime("%Y-%m-%d %H:%M")
        out["campaign_id"] = ids.fillna(made)
        notes["campaign_id"] = "made from title and send time (no id column in the export)"
    return out, notes


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
            row["delivered"] = _delivered_record(rec)
        if not row.get("campaign_id"):
            # no id column (trimmed Mailchimp export): the title and send minute identify a send
            row["campaign_id"] = f"{rec.get('campaign', '')}|{send:%Y-%m-%d %H:%M}"
            notes["campaign_id"] = "made from title and send time (no id column in the export)"
        rows.append(row)
    return pd.DataFrame(rows), notes


def _delivered_record(rec: dict) -> float | None:
    """delivered = sent - bounces for one API record that does not give it."""
    if rec.get("sent") is None:
        return None
    bounces = rec.get("bounces")
    if bounces is None and (rec.get("hard_bounces") is not None or rec.get("soft_bounces") is not None):
        bounces = (rec.get("hard_bounces") or 0) + (rec.get("soft_bounces") or 0)
    return None if bounces is None else rec["sent"] - bounces
