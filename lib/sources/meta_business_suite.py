"""Meta Business Suite exports: per-metric Insights files and post-level content exports (FORMATS §4)."""
from __future__ import annotations

import re

import pandas as pd

from lib.sources.base import Parsed, Refused, Rejected, Sample
from lib.sources.text import parse_date, parse_datetime, parse_number, read_table, split_rows

NAME = "meta_business_suite"
LABEL = "Meta Business Suite insights / content export"

# Title words -> canonical metric; order matters ("unfollows" before "follows", "link clicks")
_TITLE_METRICS = (("unfollows", "unfollows"), ("follows", "follows"), ("followers", "followers"),
                  ("link clicks", "clicks"), ("reach", "reach"), ("views", "impressions"),
                  ("visits", "profile_visits"), ("interactions", "engagements"))
_AUDIENCE = ("age & gender", "top countries", "top cities", "top towns/cities")
# post-level export header -> canonical (Facebook and Instagram variants)
_POST_COLUMNS = {
    "post id": "post_id", "publish time": "published_time", "permalink": "post_url",
    "post type": "post_type", "views": "impressions", "reach": "reach", "reactions": "reactions",
    "likes": "reactions", "comments": "comments", "shares": "shares", "saves": "saves",
    "total clicks": "clicks", "follows": "follows",
}
_ENGAGEMENTS = ("reactions", "comments", "shares", "saves", "clicks")  # DESIGN §2


def _rows(sample: Sample) -> list[tuple[int, list[str]]]:
    """Non-blank rows, after the `sep=,` line; the delimiter is `,` or `;` after an Excel re-save."""
    text = sample.text.lstrip("\ufeff")
    lines = text.splitlines()
    first = lines[0].strip().strip('"') if lines else ""
    delim = first[4] if first.startswith("sep=") and len(first) > 4 else None
    if delim is None:
        head = "\n".join(lines[:5])
        delim = ";" if head.count(";") > head.count(",") else ","
    rows = [(ln, r) for ln, r in split_rows(text, delim) if any(c.strip() for c in r)]
    if rows and rows[0][1] and rows[0][1][0].strip().startswith("sep="):
        rows = rows[1:]
    return rows


def _kind(sample: Sample) -> tuple[str, int, str] | None:
    """('metric'|'audience'|'posts', header index, title) or None."""
    rows = _rows(sample)[:4]
    for i, (_, r) in enumerate(rows):
        cells = [c.strip().lower() for c in r]
        if cells[:2] == ["date", "primary"]:
            title = next((c.strip() for _, rr in rows[:i] for c in rr if c.strip()), "")
            return "metric", i, title
        if cells and cells[0] in _AUDIENCE:
            return "audience", i, r[0].strip()
        if "post id" in cells and "publish time" in cells:
            return "posts", i, ""
    return None


def detect(sample: Sample) -> float:
    """Insights per-metric file (title + Date,Primary), Audience, or a post-level export."""
    try:
        found = _kind(sample)
    except Exception:
        return 0.0
    if found is None:
        return 0.0
    return {"metric": 0.9, "audience": 0.8, "posts": 0.9}[found[0]]


def parse(sample: Sample) -> list[Parsed]:
    """Daily rows for a metric file, one row per post for a content export; Audience refused."""
    found = _kind(sample)
    if found is None:
        raise Refused(f"{sample.name}: not a Meta Business Suite export (no `Date,Primary` header "
                      "nor `Post ID`/`Publish time` columns). Export it again from Insights.")
    kind, at, title = found
    if kind == "audience":
        _refuse_audience(sample)
    if kind == "metric":
        return [_parse_metric(sample, at, title)]
    return [_parse_posts(sample, at)]


def _refuse_audience(sample: Sample) -> None:
    why = ("the Audience export holds percentage shares of followers by age, gender, country "
           "and city, not counts: there is no additive metric to store, so it is not loaded")
    try:
        read_table(sample)  # refuses with its own explanation when Excel turned decimals into dates
    except Refused as exc:
        raise Refused(f"{exc} Also, {why}.") from None
    raise Refused(f"{sample.name}: line 1: {why}. Upload the per-metric files (Reach, Views, "
                  "Follows, Visits, Interactions, Link clicks) or the content export instead.")


def _network(title: str, name: str) -> str | None:
    for text in (title.lower(), name.lower()):
        if "facebook" in text or re.search(r"(^|[^a-z])fb([^a-z]|$)", text):
            return "facebook"
        if "instagram" in text or re.search(r"(^|[^a-z])ig([^a-z]|$)", text):
            return "instagram"
    return None


def _parse_metric(sample: Sample, at: int, title: str) -> Parsed:
    metric = next((m for word, m in _TITLE_METRICS if word in title.lower()), None)
    rows = _rows(sample)
    if metric is None:
        raise Refused(f"{sample.name}: line {rows[at][0] - 1}: unknown metric title {title!r} "
                      "(expected reach, views, follows, visits, interactions or link clicks).")
    network = _network(title, sample.name)
    warnings = [] if network else [
        f"{sample.name}: the title {title!r} names neither Facebook nor Instagram: network left empty."]
    out, rejected, seen = [], [], set()
    for line, r in rows[at + 1:]:
        try:
            # `2025-01-01T01:00:00` then `T00:00:00` after DST: the hour is a timezone artefact
            day = parse_date(r[0])
            value = parse_number(r[1]) if len(r) > 1 else None
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        if day in seen:
            rejected.append(Rejected(line, f"{day} appears twice"))
            continue
        seen.add(day)
        out.append({"day_from": day, "day_to": day, "network": network, metric: value})
    if not out:
        raise Refused(f"{sample.name}: no daily rows under the `Date,Primary` header.")
    return Parsed("social_performance", pd.DataFrame(out), ("network",), NAME, warnings, rejected,
                  {"title": title, "metric": metric})


def _parse_posts(sample: Sample, at: int) -> Parsed:
    rows = _rows(sample)
    header = [c.strip() for c in rows[at][1]]
    keys = [h.lower() for h in header]
    idx = {canon: keys.index(h) for h, canon in _POST_COLUMNS.items() if h in keys}
    instagram = "account username" in keys
    account_col = keys.index("account username" if instagram else "page name") \
        if ("account username" in keys or "page name" in keys) else None
    text_cols = [keys.index(k) for k in ("title", "description") if k in keys]
    out, rejected = [], []
    for line, r in rows[at + 1:]:
        if len(r) > len(header):
            rejected.append(Rejected(line, f"{len(r)} fields where the header has {len(header)}"))
            continue
        r = r + [""] * (len(header) - len(r))  # trailing empty metric cells are sometimes omitted
        try:
            row = _post_row(r, idx, keys)
        except ValueError as exc:
            rejected.append(Rejected(line, str(exc)))
            continue
        row["network"] = "instagram" if instagram else "facebook"
        if account_col is not None:
            row["account"] = r[account_col].strip()
        row["post_text"] = next((r[i] for i in text_cols if r[i].strip()), None)
        out.append(row)
    if not out:
        raise Refused(f"{sample.name}: no post rows under the header (line {rows[at][0]}).")
    frame = pd.DataFrame(out)
    present = [c for c in _ENGAGEMENTS if c in frame]
    frame["engagements"] = frame[present].fillna(0).sum(axis=1)
    warnings = []
    if "reactions, comments and shares" in keys:
        # Meta's own total: a check on the parts, not stored
        rcs = frame.pop("_rcs")
        parts = frame[[c for c in ("reactions", "comments", "shares") if c in frame]].fillna(0)
        off = (rcs.notna() & (rcs != parts.sum(axis=1))).sum()
        if off:
            warnings.append(f"{sample.name}: 'Reactions, Comments and Shares' differs from the "
                            f"sum of its parts on {off} post(s); the parts were kept.")
    return Parsed("social_performance", frame, ("network", "account", "post_id"), NAME, warnings,
                  rejected, {"period": "lifetime totals per post, dated on the publish day "
                                       "(day_from = day_to = publish date)"})


def _post_row(r: list[str], idx: dict[str, int], keys: list[str]) -> dict:
    published = parse_datetime(r[idx["published_time"]]) if "published_time" in idx else None
    date_cell = r[keys.index("date")].strip() if "date" in keys else "Lifetime"
    # `Date` = `Lifetime`: the metrics cover the post's whole life, dated on its publish day
    day = published.date() if date_cell.lower() == "lifetime" and published else parse_date(date_cell)
    if day is None:
        raise ValueError("no publish time nor date")
    row = {"day_from": day, "day_to": day, "published_time": published,
           "post_id": r[idx["post_id"]].strip() if "post_id" in idx else None}
    for canon in ("post_url", "post_type"):
        if canon in idx:
            row[canon] = r[idx[canon]].strip() or None
    for canon in ("impressions", "reach", "reactions", "comments", "shares", "saves", "clicks",
                  "follows"):
        if canon in idx:
            try:
                row[canon] = parse_number(r[idx[canon]])
            except ValueError:
                raise ValueError(f"{canon}: {r[idx[canon]]!r} is not a number") from None
    if "reactions, comments and shares" in keys:
        row["_rcs"] = parse_number(r[keys.index("reactions, comments and shares")])
    return row
