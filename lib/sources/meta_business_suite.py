"""Meta Business Suite exports: per-metric Insights files and post-level content exports (FORMATS §4)."""
from __future__ import annotations

import re

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import vocabulary
from lib.sources.base import Parsed, Refused, Rejected, Sample, why
from lib.sources.convert import check, convert, to_datetimes
from lib.sources.text import Table, fields_mismatch, read_table, split_rows

NAME = "meta_business_suite"
LABEL = "Meta Business Suite insights / content export"

TABLE = "social_performance"
_AUDIENCE = ("age & gender", "top countries", "top cities", "top towns/cities")
_COUNTS = ("impressions", "reach", "reactions", "comments", "shares", "saves", "clicks", "follows",
           "reactions_comments_shares")
_ENGAGEMENTS = ("reactions", "comments", "shares", "saves", "clicks")  # DESIGN §2
# the Date cell of a content export's lifetime totals (Meta writes `Lifetime`)
_LIFETIME = "lifetime"


def _rows(sample: Sample) -> list[tuple[int, list[str]]]:
    """Non-blank rows, after the `sep=,` line."""
    rows = [(ln, r) for ln, r in split_rows(sample.text.lstrip("\ufeff"), sample.delimiter)
            if any(c.strip() for c in r)]
    if rows and rows[0][1] and rows[0][1][0].strip().startswith("sep="):
        rows = rows[1:]
    return rows


def _kind(sample: Sample) -> tuple[str, int, str] | None:
    """('metric'|'audience'|'posts', header index, title) or None; header words in every
    interface language of the vocabulary."""
    rows = _rows(sample)[:4]
    for i, (_, r) in enumerate(rows):
        found = vocabulary.columns(TABLE, r)
        if len(r) >= 2 and [found.columns.get(0), found.columns.get(1)] == ["day", "primary"]:
            title = next((c.strip() for _, rr in rows[:i] for c in rr if c.strip()), "")
            return "metric", i, title
        if r and r[0].strip().lower() in _AUDIENCE:
            return "audience", i, r[0].strip()
        if found.has("post_id", "published_time"):
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
        raise Refused(Message(f"{sample.name}: not a Meta Business Suite export (no `Date,Primary` header "
                              "nor `Post ID`/`Publish time` columns). Export it again from Insights.",
                              "msg_mbs_unknown", name=sample.name))
    kind, at, title = found
    if kind == "audience":
        _refuse_audience(sample)
    if kind == "metric":
        return [_parse_metric(sample, at, title)]
    return [_parse_posts(sample, at)]


def _refuse_audience(sample: Sample) -> None:
    audience = ("the Audience export holds percentage shares of followers by age, gender, country "
                "and city, not counts: there is no additive metric to store, so it is not loaded")
    try:
        read_table(sample)  # refuses with its own explanation when Excel turned decimals into dates
    except Refused as exc:
        raise Refused(Message(f"{exc} Also, {audience}.", "msg_mbs_audience_also", reason=why(exc))) from None
    raise Refused(Message(f"{sample.name}: line 1: {audience}. Upload the per-metric files (Reach, Views, "
                          "Follows, Visits, Interactions, Link clicks) or the content export instead.",
                          "msg_mbs_audience", name=sample.name))


def _network(title: str, name: str) -> str | None:
    for text in (title.lower(), name.lower()):
        if "facebook" in text or re.search(r"(^|[^a-z])fb([^a-z]|$)", text):
            return "facebook"
        if "instagram" in text or re.search(r"(^|[^a-z])ig([^a-z]|$)", text):
            return "instagram"
    return None


def _metric(title: str) -> str | None:
    """The metric a per-metric file's title names: the longest title word found in it."""
    text = vocabulary.key(title)
    found = [(len(word), metric) for word, metric in vocabulary.words("social_titles").items()
             if word in text]
    return max(found)[1] if found else None


def _table(sample: Sample, at: int) -> Table:
    """The rows under the header at AT as a table; rows that omit their trailing empty cells are
    padded (Meta does this), longer rows rejected."""
    rows = _rows(sample)
    header = [c.strip() for c in rows[at][1]]
    table = Table(sample.encoding, sample.delimiter, rows[at][0], header)
    for line, r in rows[at + 1:]:
        if len(r) > len(header):
            table.rejected.append(Rejected(line, fields_mismatch(len(r), len(header))))
            continue
        table.rows.append(r + [""] * (len(header) - len(r)))
        table.line_numbers.append(line)
    return table


def _parse_metric(sample: Sample, at: int, title: str) -> Parsed:
    metric = _metric(title)
    table = _table(sample, at)
    if metric is None:
        raise Refused(Message(f"{sample.name}: line {table.header_row - 1}: unknown metric title {title!r} "
                              "(expected reach, views, follows, visits, interactions or link clicks).",
                              "msg_mbs_title", name=sample.name, line=table.header_row - 1, title=title))
    network = _network(title, sample.name)
    warnings = [] if network else [
        Message(f"{sample.name}: the title {title!r} names neither Facebook nor Instagram: network left "
                "empty.", "msg_mbs_network", name=sample.name, title=title)]
    header = vocabulary.columns(TABLE, table.columns)
    read = convert(sample.name, table, header, numbers=("primary",), dates=("day",),
                   required=("day",), keys=("day",))
    # `2025-01-01T01:00:00` then `T00:00:00` after DST: the hour is a timezone artefact (to_dates
    # keeps the day)
    total_check, more = check(read.frame, read.summary, ["primary"])
    out = read.frame.rename(columns={"primary": metric})
    twice = out["day"].duplicated()
    rejected = read.rejected + [Rejected(int(line), Message(f"{day.date()} appears twice", "msg_rej_day_twice",
                                                            day=day.date()))
                                for line, day in zip(read.lines[twice.to_numpy()], out["day"][twice],
                                                     strict=True)]
    out = out[~twice]
    if out.empty:
        raise Refused(Message(f"{sample.name}: no daily rows under the `Date,Primary` header.",
                              "msg_mbs_no_days", name=sample.name))
    out.insert(0, "network", network)
    out["day_from"] = out["day_to"] = out.pop("day")
    return Parsed(TABLE, out.reset_index(drop=True), ("network",), NAME,
                  warnings + read.warnings + more, sorted(rejected, key=lambda r: r.line),
                  {"title": title, "metric": metric, "total_check": total_check, "unread": header.unknown})


def _parse_posts(sample: Sample, at: int) -> Parsed:
    table = _table(sample, at)
    header = vocabulary.columns(TABLE, table.columns)
    instagram = header.has("account_username")
    texts = ("post_id", "post_url", "post_type", "page_name", "account_username", "title",
             "description", "day")
    read = convert(sample.name, table, header, numbers=_COUNTS, datetimes=("published_time",),
                   texts=texts, keys=("post_id", "published_time"), free=("title", "description"),
                   what="publish times")
    f = read.frame
    if f.empty:
        raise Refused(Message(f"{sample.name}: no post rows under the header (line {table.header_row}).",
                              "msg_mbs_no_posts", name=sample.name, line=table.header_row))
    # `Date` = `Lifetime`: the metrics cover the post's whole life, dated on its publish day
    lifetime = f["day"].str.lower().eq(_LIFETIME) if "day" in f else pd.Series(True, index=f.index)
    published = f["published_time"] if "published_time" in f else pd.Series(pd.NaT, index=f.index)
    other, wrong = to_datetimes(f["day"], read.order) if "day" in f else (published, published.isna())
    day = published.dt.normalize().where(lifetime & published.notna(), other.dt.normalize())
    missing = day.isna().to_numpy()
    rejected = read.rejected + [Rejected(int(line), Message("no publish time nor date", "msg_rej_no_publish"))
                                for line in read.lines[missing]]
    f, day = f[~missing], day[~missing]
    out = pd.DataFrame({"day_from": day, "day_to": day, "published_time": published[~missing]})
    out["post_id"] = f["post_id"] if "post_id" in f else None
    for canon in ("post_url", "post_type"):
        if canon in f:
            out[canon] = f[canon].replace("", None)
    for canon in _COUNTS[:-1]:
        if canon in f:
            out[canon] = f[canon]
    out["network"] = "instagram" if instagram else "facebook"
    account = "account_username" if instagram else "page_name"
    if account in f:
        out["account"] = f[account]
    text = [f[c].replace("", None) for c in ("title", "description") if c in f]
    out["post_text"] = text[0].fillna(text[1]) if len(text) == 2 else text[0] if text else None
    present = [c for c in _ENGAGEMENTS if c in out]
    out["engagements"] = out[present].fillna(0).sum(axis=1)
    warnings = list(read.warnings)
    if "reactions_comments_shares" in f:
        # Meta's own total: a check on the parts, not stored
        rcs = f["reactions_comments_shares"]
        parts = out[[c for c in ("reactions", "comments", "shares") if c in out]].fillna(0)
        off = int((rcs.notna() & (rcs != parts.sum(axis=1))).sum())
        if off:
            warnings.append(Message(f"{sample.name}: 'Reactions, Comments and Shares' differs from the "
                                    f"sum of its parts on {off} post(s); the parts were kept.",
                                    "msg_mbs_interactions", name=sample.name, count=int(off)))
    return Parsed(TABLE, out.reset_index(drop=True), ("network", "account", "post_id"), NAME,
                  warnings, sorted(rejected, key=lambda r: r.line),
                  {"period": "lifetime totals per post, dated on the publish day "
                             "(day_from = day_to = publish date)", "unread": header.unknown})
