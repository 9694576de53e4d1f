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
from lib.sources import cells, vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample, why
from lib.sources.text import fields_mismatch, parse_date, parse_number, split_rows

NAME = "ga4_csv"
LABEL = "Google Analytics 4 report (CSV download)"
TABLE = "site_traffic"

# The header words, in seven languages, are data (vocabulary.toml, `site_traffic`): the columns
# they name are stored dimensions, `source_medium` (split in two), `nth_day` (a 0000-padded offset
# from the start date, FORMATS §1), `day` (a Date second dimension, YYYYMMDD: a daily report, one
# report and not a mix of cuts), counts taken as they are, and the rates below.
DIMENSIONS = ("channel_group", "source_name", "medium", "campaign", "landing_page", "page_path",
              "event_name", "country", "device")
COUNTS = ("sessions", "users", "new_users", "engaged_sessions", "page_views", "event_count", "key_events",
          "revenue", "transactions", "add_to_carts", "checkouts", "exits")
# Rate or average -> (canonical metric, base metric): the rate times its base gives the count.
RATES = {
    "engagement_rate": ("engaged_sessions", "sessions"),
    "bounce_rate": ("bounces", "sessions"),
    "session_key_event_rate": ("key_events", "sessions"),
    "engaged_sessions_per_user": ("engaged_sessions", "users"),
    # average engagement time x its base = total engagement seconds, whichever base GA4 used
    "engagement_time_per_session": ("session_duration_s", "sessions"),
    "engagement_time_per_user": ("session_duration_s", "users"),
    "average_session_duration": ("session_duration_s", "sessions"),
}
# `# Start date: 20250201` in each interface language (first: start words, then end words)
START_WORDS = ("start date", "date de début", "fecha de inicio", "startdatum", "data di inizio",
               "data de início")
END_WORDS = ("end date", "date de fin", "fecha de finalización", "fecha de fin", "enddatum",
             "data di fine", "data de término", "data de fim", "einddatum")
_DATE_LINE = re.compile(r"#\s*(" + "|".join(START_WORDS + END_WORDS) + r")\s*:\s*(\d{8})",
                        re.IGNORECASE)


def explain(header: list[str]) -> Message | None:
    """Why a GA4 table without its `#` lines (cut off, or the table copied alone) is not read:
    its period is only written there. None when the header does not look like GA4's."""
    found = vocabulary.columns(TABLE, header)
    if len(found.columns) < 2 or not any(c in COUNTS for c in found.columns.values()):
        return None
    known = ", ".join(header[i].strip() for i in sorted(found.columns))
    return Message(f"looks like a GA4 report (known columns: {known}), but without the `# Start date:` / "
                   "`# End date:` lines GA4 writes above the table its period is unknown. Download the "
                   "report again from GA4 (Share this report > Download file > CSV) and upload it "
                   "without editing it", "msg_looks_like_ga4", known=known)


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


def _blocks(text: str, delimiter: str = ",") -> list[Block]:
    """Split the file at blank lines / comment blocks into tables (header-only tables kept)."""
    blocks, current = [], Block()
    for line, fields in split_rows(text, delimiter):
        is_comment = bool(fields) and fields[0].lstrip().startswith("#") and (
            not current.header or len(fields) == 1)
        if not any(f.strip() for f in fields) or is_comment:
            if current.header:  # a blank line or a new comment block ends the table
                blocks.append(current)
                current = Block()
            if is_comment:
                current.comments.append(delimiter.join(fields))
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


def _map_block(block: Block, period: tuple[date, date], name: str,
               mark: str = ".") -> tuple[pd.DataFrame, tuple, list, list]:
    """Canonical frame of one table, its grain, rejected lines and the header cells not read;
    raises ValueError(reason) when the table has no mapping."""
    header = vocabulary.columns(TABLE, block.header)
    cols = header.columns   # position -> column
    dims, daily, dated = [], False, False
    for i, c in cols.items():
        if c in DIMENSIONS:
            dims.append((i, c))
        elif c == "source_medium":
            dims.append((i, "source/medium"))
        elif c == "nth_day":
            daily, day_col = True, i
        elif c == "day":
            daily, day_col, dated = True, i, True
    metric_cols = [(i, c) for i, c in cols.items() if c in COUNTS]
    rate_cols = [(i, RATES[c]) for i, c in cols.items() if c in RATES]
    known = {i for i, _ in dims} | {i for i, _ in metric_cols} | {i for i, _ in rate_cols}
    if daily:
        known.add(day_col)
    unmapped_first = block.header and 0 not in known and not parse_number_ok(block.rows, 0, mark)
    if unmapped_first:
        raise ValueError(Message(f"its first column {block.header[0]!r} has no canonical dimension",
                                 "msg_ga4_first_column", header=block.header[0]))
    if not metric_cols and not rate_cols:
        raise ValueError(Message("none of its columns is a count that can be stored", "msg_ga4_no_count"))
    records, rejected = [], []
    for line, fields in block.rows:
        if len(fields) != len(block.header):
            rejected.append(Rejected(line, fields_mismatch(len(fields), len(block.header), block.header_line)))
            continue
        try:
            rec = _record(fields, dims, metric_cols, rate_cols, mark)
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
    return pd.DataFrame.from_records(records), grain, rejected, header.unknown


def parse_number_ok(rows: list[tuple[int, list[str]]], col: int, mark: str = ".") -> bool:
    """True when the column holds numbers (a table with no dimension column: site totals)."""
    try:
        return all(parse_number(r[col], mark) is not None for _, r in rows if col < len(r))
    except ValueError:
        return False


def _record(fields, dims, metric_cols, rate_cols, mark: str = ".") -> dict:
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
            rec[metric] = parse_number(fields[i], mark)
    for i, (metric, base) in rate_cols:
        rate = parse_number(fields[i], mark)
        if metric not in rec and rate is not None and rec.get(base) is not None:
            # rates x base -> counts (rates are fractions in GA4 CSVs, FORMATS §1)
            value = rate * rec[base]
            rec[metric] = value if metric == "session_duration_s" else float(round(value))
    return rec


def parse(sample: Sample) -> list[Parsed]:
    """One Parsed per grain; tables of the same grain and period are joined side by side."""
    blocks = _blocks(sample.text, sample.delimiter)
    if not blocks:
        raise Refused(Message(f"{sample.name}: no table found after the `#` preamble. Download the "
                              "report again from GA4 (Share this report > Download file > CSV).",
                              "msg_ga4_no_table", name=sample.name))
    file_period = _period(blocks[0].comments, None)
    groups: dict[tuple, dict] = {}
    # the decimal mark, decided once from every cell of every table (an Excel re-save writes 12,5)
    numbers = cells.number_style((c for b in blocks for _, r in b.rows for c in r), sample.delimiter)
    warnings: list[str] = [numbers.warning] if numbers.warning else []
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
            frame, grain, rejected, unread = _map_block(block, period, sample.name, numbers.decimal)
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
                           "rejected": rejected, "titles": [label], "unread": unread}
        else:
            group["unread"] += [c for c in unread if c not in group["unread"]]
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
                                 "tables": g["titles"], "unread": g["unread"]}))
        warnings = []  # file-level warnings reported once
    return out
