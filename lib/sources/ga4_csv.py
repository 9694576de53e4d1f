"""GA4 UI "Download file -> CSV": standard reports and multi-table Reports snapshots (FORMATS §1).

Each table sits under its own `#` comment block carrying `# Start date: YYYYMMDD` (FR: `# Date de
début : ...`) and tables are separated by blank lines. Numbers are raw machine values (no
thousands separators, rates as fractions, durations in seconds) in both EN and FR UIs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from lib.i18n.messages import Message
from lib.sources.base import Parsed, Refused, Rejected, Sample, why
from lib.sources.text import fields_mismatch, parse_date, parse_number, split_rows

NAME = "ga4_csv"
LABEL = "Google Analytics 4 report (CSV download)"
TABLE = "site_traffic"

# Header (lower-cased) -> canonical dimension; "source/medium" columns split into two dims.
DIMENSION_COLUMNS = {
    "session primary channel group (default channel group)": "channel_group",
    "session default channel group": "channel_group",
    "first user primary channel group (default channel group)": "channel_group",
    "first user default channel group": "channel_group",
    "groupe de canaux principal de la session (groupe de canaux par défaut)": "channel_group",
    "groupe de canaux principal du premier utilisateur (groupe de canaux par défaut)": "channel_group",
    "session source": "source_name", "source de la session": "source_name",
    "session medium": "medium", "support de la session": "medium",
    "session campaign": "campaign", "campagne de la session": "campaign",
    "landing page": "landing_page", "landing page + query string": "landing_page",
    "page de destination": "landing_page",
    "page path and screen class": "page_path", "page path": "page_path",
    "chemin de la page et classe de l'écran": "page_path",
    "event name": "event_name", "nom de l'événement": "event_name",
    "country": "country", "country id": "country", "pays": "country", "id du pays": "country",
    "device category": "device", "catégorie d'appareil": "device",
}
SOURCE_MEDIUM = {
    "session source / medium", "session source/medium", "first user source / medium",
    "first user source/medium", "source/support de la session",
    "première combinaison source/support de l'utilisateur",
}
DAY_INDEX = {"nth day", "nième jour"}   # 0000-padded offset from the start date (FORMATS §1)
# A Date second dimension (YYYYMMDD): a daily report, one report and not a mix of cuts.
DATE = {"date", "fecha", "datum", "data"}

# Header -> canonical metric (counts and amounts, taken as they are)
COUNTS = {
    "sessions": "sessions",
    "active users": "users", "utilisateurs actifs": "users",
    "total users": "users", "utilisateurs totaux": "users", "users": "users",
    "new users": "new_users", "nouveaux utilisateurs": "new_users",
    "engaged sessions": "engaged_sessions", "sessions avec engagement": "engaged_sessions",
    "views": "page_views", "vues": "page_views",
    "event count": "event_count", "nombre d'événements": "event_count",
    "key events": "key_events", "événements clés": "key_events", "conversions": "key_events",
    "total revenue": "revenue", "revenu total": "revenue",
    "purchase revenue": "revenue", "revenu généré par les achats": "revenue",
    "transactions": "transactions", "ecommerce purchases": "transactions", "achats": "transactions",
    "add to carts": "add_to_carts", "ajouts au panier": "add_to_carts",
    "checkouts": "checkouts", "paiements": "checkouts", "exits": "exits", "sorties": "exits",
}
# Header -> (canonical metric, base metric): the rate/average times its base gives the count.
RATES = {
    "engagement rate": ("engaged_sessions", "sessions"),
    "taux d'engagement": ("engaged_sessions", "sessions"),
    "bounce rate": ("bounces", "sessions"), "taux de rebond": ("bounces", "sessions"),
    "session key event rate": ("key_events", "sessions"),
    "taux d'événements clés de la session": ("key_events", "sessions"),
    "engaged sessions per active user": ("engaged_sessions", "users"),
    # average engagement time x its base = total engagement seconds, whichever base GA4 used
    "average engagement time per session": ("session_duration_s", "sessions"),
    "durée d'engagement moyenne par session": ("session_duration_s", "sessions"),
    "average engagement time per active user": ("session_duration_s", "users"),
    "durée d'engagement moyenne par utilisateur actif": ("session_duration_s", "users"),
    "average session duration": ("session_duration_s", "sessions"),
}
# `# Start date: 20250201` in each interface language (first: start words, then end words)
START_WORDS = ("start date", "date de début", "fecha de inicio", "startdatum", "data di inizio",
               "data de início")
END_WORDS = ("end date", "date de fin", "fecha de finalización", "fecha de fin", "enddatum",
             "data di fine", "data de término", "data de fim", "einddatum")
_DATE_LINE = re.compile(r"#\s*(" + "|".join(START_WORDS + END_WORDS) + r")\s*:\s*(\d{8})",
                        re.IGNORECASE)


@dataclass
class Block:
    """One table of the file: its comment lines, header and data rows with line numbers."""
    comments: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    header_line: int = 0
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def detect(sample: Sample) -> float:
    """GA4 CSVs open with a `# ----` rule and carry `# Start date:` / `# Date de début :`."""
    head = sample.text[:2000]
    if not head.lstrip().startswith("#"):
        return 0.0
    if _DATE_LINE.search(head):
        return 0.95
    return 0.3 if re.search(r"#\s*(Property|Propriété)\s*:", head) else 0.0


def _blocks(text: str) -> list[Block]:
    """Split the file at blank lines / comment blocks into tables (header-only tables kept)."""
    blocks, current = [], Block()
    for line, fields in split_rows(text, ","):
        is_comment = bool(fields) and fields[0].lstrip().startswith("#") and (
            not current.header or len(fields) == 1)
        if not any(f.strip() for f in fields) or is_comment:
            if current.header:  # a blank line or a new comment block ends the table
                blocks.append(current)
                current = Block()
            if is_comment:
                current.comments.append(",".join(fields))
        elif not current.header:
            current.header, current.header_line = [f.strip() for f in fields], line
        else:
            current.rows.append((line, fields))
    if current.header:
        blocks.append(current)
    return blocks


def _period(comments: list[str], fallback: tuple[date, date] | None) -> tuple[date, date] | None:
    found = {}
    for c in comments:
        if m := _DATE_LINE.match(c.strip()):
            key = "start" if m[1].lower() in START_WORDS else "end"
            found[key] = date(int(m[2][:4]), int(m[2][4:6]), int(m[2][6:]))
    return (found["start"], found["end"]) if len(found) == 2 else fallback


def _title(comments: list[str]) -> str:
    """The block's question title (`# Where do your new users come from?`), if any."""
    for c in comments:
        t = c.lstrip("#").strip()
        if t and not t.startswith("-") and not _DATE_LINE.match(c.strip()) and ":" not in t:
            return t
    return ""


def _map_block(block: Block, period: tuple[date, date], name: str) -> tuple[pd.DataFrame, tuple, list]:
    """Canonical frame of one table; raises ValueError(reason) when the table has no mapping."""
    cols = [h.lower() for h in block.header]
    dims, daily, dated = [], False, False
    for i, c in enumerate(cols):
        if c in DIMENSION_COLUMNS:
            dims.append((i, DIMENSION_COLUMNS[c]))
        elif c in SOURCE_MEDIUM:
            dims.append((i, "source/medium"))
        elif c in DAY_INDEX:
            daily, day_col = True, i
        elif c in DATE:
            daily, day_col, dated = True, i, True
    metric_cols = [(i, COUNTS[c]) for i, c in enumerate(cols) if c in COUNTS]
    rate_cols = [(i, RATES[c]) for i, c in enumerate(cols) if c in RATES]
    known = {i for i, _ in dims} | {i for i, _ in metric_cols} | {i for i, _ in rate_cols}
    if daily:
        known.add(day_col)
    unmapped_first = cols and 0 not in known and not parse_number_ok(block.rows, 0)
    if unmapped_first:
        raise ValueError(Message(f"its first column {block.header[0]!r} has no canonical dimension",
                                 "msg_ga4_first_column", header=block.header[0]))
    if not metric_cols and not rate_cols:
        raise ValueError(Message("none of its columns is a count that can be stored", "msg_ga4_no_count"))
    records, rejected = [], []
    for line, fields in block.rows:
        if len(fields) != len(cols):
            rejected.append(Rejected(line, fields_mismatch(len(fields), len(cols), block.header_line)))
            continue
        try:
            rec = _record(fields, dims, metric_cols, rate_cols)
            if dated:
                rec["day_from"] = rec["day_to"] = parse_date(fields[day_col])
            elif daily:
                day = period[0] + timedelta(days=int(fields[day_col]))
                rec["day_from"] = rec["day_to"] = day
            else:
                rec["day_from"], rec["day_to"] = period
        except ValueError as exc:
            rejected.append(Rejected(line, why(exc)))
            continue
        records.append(rec)
    if records and not set().union(*records) - {"day_from", "day_to", *(d for _, d in dims),
                                                 "source_name", "medium"}:
        raise ValueError(Message("its rates/averages have no base count (sessions, users) in the table",
                                 "msg_ga4_no_base"))
    grain = tuple(d for _, d in dims if d != "source/medium")
    if any(d == "source/medium" for _, d in dims):
        grain = ("source_name", "medium") + grain
    return pd.DataFrame.from_records(records), grain, rejected


def parse_number_ok(rows: list[tuple[int, list[str]]], col: int) -> bool:
    """True when the column holds numbers (a table with no dimension column: site totals)."""
    try:
        return all(parse_number(r[col]) is not None for _, r in rows if col < len(r))
    except ValueError:
        return False


def _record(fields, dims, metric_cols, rate_cols) -> dict:
    rec: dict = {}
    for i, dim in dims:
        value = fields[i]   # `(not set)` and "" are kept as they are
        if dim == "source/medium":
            src, _, med = value.partition(" / ")
            rec["source_name"], rec["medium"] = src.strip(), med.strip()
        else:
            rec[dim] = value
    for i, metric in metric_cols:
        if metric not in rec or rec[metric] is None:  # "Active users" wins over "Total users"
            rec[metric] = parse_number(fields[i])
    for i, (metric, base) in rate_cols:
        rate = parse_number(fields[i])
        if metric not in rec and rate is not None and rec.get(base) is not None:
            # rates x base -> counts (rates are fractions in GA4 CSVs, FORMATS §1)
            value = rate * rec[base]
            rec[metric] = value if metric == "session_duration_s" else float(round(value))
    return rec


def parse(sample: Sample) -> list[Parsed]:
    """One Parsed per grain; tables of the same grain and period are joined side by side."""
    blocks = _blocks(sample.text)
    if not blocks:
        raise Refused(Message(f"{sample.name}: no table found after the `#` preamble. Download the "
                              "report again from GA4 (Share this report > Download file > CSV).",
                              "msg_ga4_no_table", name=sample.name))
    file_period = _period(blocks[0].comments, None)
    groups: dict[tuple, dict] = {}
    warnings: list[str] = []
    for block in blocks:
        label = _title(block.comments) or ",".join(block.header)
        period = _period(block.comments, file_period)
        if period is None:
            raise Refused(Message(f"{sample.name}: line {block.header_line}: no `# Start date:` / "
                                  "`# End date:` above the table. Download the file again from GA4 "
                                  "without editing its `#` lines.", "msg_ga4_no_dates", name=sample.name,
                                  line=block.header_line))
        if not block.rows:
            continue  # header-only tables: GA4 writes them when there is no data (FORMATS §1)
        try:
            frame, grain, rejected = _map_block(block, period, sample.name)
        except ValueError as exc:
            warnings.append(Message(f"table {label!r} (line {block.header_line}) skipped: {exc}",
                                    "msg_ga4_skipped", title=label, line=block.header_line, reason=why(exc)))
            continue
        daily = "day_from" in frame and (frame["day_from"] == frame["day_to"]).all() and \
            period[0] != period[1]
        key = (grain, period, daily)
        metrics = [c for c in frame.columns if c not in grain and c not in ("day_from", "day_to")]
        group = groups.get(key)
        if group and set(metrics) & set(group["metrics"]):
            twice = sorted(set(metrics) & set(group["metrics"]))
            warnings.append(Message(f"table {label!r} (line {block.header_line}) skipped: it repeats "
                                    f"{', '.join(twice)} of the table at line {group['line']}",
                                    "msg_ga4_repeats", title=label, line=block.header_line, columns=twice,
                                    table="site_traffic", first=group["line"]))
            continue
        if group is None:
            groups[key] = {"frame": frame, "metrics": metrics, "line": block.header_line,
                           "rejected": rejected, "titles": [label]}
        else:
            on = list(grain) + ["day_from", "day_to"]
            group["frame"] = group["frame"].merge(frame, on=on, how="outer")
            group["metrics"] += metrics
            group["rejected"] += rejected
            group["titles"].append(label)
    if not groups:
        raise Refused(Message(f"{sample.name}: no table of this GA4 file holds rows that can be stored "
                              f"({'; '.join(warnings) or 'all tables are empty'}). Download a report "
                              "with a channel, source/medium, landing page, page path or event name.",
                              "msg_ga4_nothing", name=sample.name,
                              reason=warnings[0] if warnings else Message("all tables are empty",
                                                                          "msg_ga4_all_empty")))
    out = []
    for (grain, period, _daily), g in groups.items():
        out.append(Parsed(table=TABLE, frame=g["frame"], grain=grain, format=NAME,
                          warnings=list(warnings), rejected=g["rejected"],
                          notes={"period": [period[0].isoformat(), period[1].isoformat()],
                                 "tables": g["titles"]}))
        warnings = []  # file-level warnings reported once
    return out
