"""Conversations (comments, messages, reviews): the one place their rows are built.

Every path (an inbox export, a column mapping, the Graph API pull, the demo) hands over items
and gets the same canonical rows and the same rejected lines: an item without a received time,
a reply dated before its item, the same item twice. Response hours are computed here, once:
calendar hours are real elapsed time (a DST night counts 23 or 25 hours), business hours count
only Monday to Friday, 09:00-18:00, in the business's wall-clock time.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from lib.i18n.messages import Message
from lib.sources.base import Rejected
from lib.sources.text import parse_number

TABLE = "conversations"
GRAIN = ("network", "account", "kind", "item_id")
KINDS = ("comment", "message", "review", "mention")
# The business's clock: exports give local times; API times (UTC) are converted to it.
TIMEZONE = ZoneInfo("Europe/Paris")
OPENS, CLOSES = time(9), time(18)
WORKDAYS = 5                     # Monday..Friday
_KIND_WORDS = {
    "comment": ("comment", "commentaire", "comments", "commentaires", "reply", "réponse"),
    "message": ("message", "messages", "dm", "direct message", "private message", "message privé",
                "conversation", "chat", "inbox"),
    "review": ("review", "reviews", "avis", "recommendation", "recommandation", "rating"),
    "mention": ("mention", "mentions", "tag", "tweet", "post"),
}
_YES = {"yes", "oui", "true", "vrai", "1", "y", "o", "answered", "replied", "répondu", "repondu"}
_NO = {"no", "non", "false", "faux", "0", "n", "unanswered", "not replied", "sans réponse", ""}


@dataclass
class Item:
    """One received item as a path read it; times are naive wall-clock (TIMEZONE) datetimes."""
    line: int
    network: str | None
    account: str | None
    kind: str | None
    item_id: str | None
    received: datetime | None
    replied: datetime | None = None
    answered: bool | None = None       # an export's "answered" flag without a reply time
    author: str | None = None
    text: str | None = None
    sentiment: str | None = None
    post_id: str | None = None
    url: str | None = None


def author_key(name: str | None) -> str | None:
    """A pseudonymous author id, hashed like customers (lib/sources/orders.py): no name stored."""
    name = (name or "").strip().lower()
    return hashlib.sha256(name.encode()).hexdigest()[:16] if name else None


def local(moment: datetime) -> datetime:
    """An aware time (API, UTC) as the business's naive wall-clock time."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(TIMEZONE).replace(tzinfo=None)


def calendar_hours(start: datetime, end: datetime) -> float:
    """Real elapsed hours between two wall-clock times (across a DST change too)."""
    a = start.replace(tzinfo=TIMEZONE).astimezone(UTC)
    b = end.replace(tzinfo=TIMEZONE).astimezone(UTC)
    return (b - a).total_seconds() / 3600


def business_hours(start: datetime, end: datetime) -> float:
    """Hours of Monday-Friday 09:00-18:00 between two wall-clock times (no public holidays)."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.date()
    while day <= end.date():
        if day.weekday() < WORKDAYS:
            lo = max(start, datetime.combine(day, OPENS))
            hi = min(end, datetime.combine(day, CLOSES))
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total / 3600


def kind_of(value: str | None, default: str = "comment") -> str | None:
    """comment | message | review | mention from a tool's word; None for an unknown word."""
    v = (value or "").strip().lower()
    if not v:
        return default
    for kind, words in _KIND_WORDS.items():
        if v in words or v == kind:
            return kind
    for kind, words in _KIND_WORDS.items():   # "Facebook comment", "Instagram DM"
        if any(w in v.split() for w in words if " " not in w):
            return kind
    return None


def sentiment(value: str | None) -> str | None:
    """positive/negative/neutral from a label (English or French) or a -1..1 score; ValueError
    for an unknown word."""
    v = (value or "").strip().lower()
    if v in ("positive", "negative", "neutral"):
        return v
    if v in ("positif", "négatif", "negatif", "neutre"):
        return {"positif": "positive", "neutre": "neutral"}.get(v, "negative")
    if not v:
        return None
    score = parse_number(v)
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def answered_flag(value: str | None) -> bool | None:
    """An export's yes/no answered column; ValueError on a word that is neither."""
    v = (value or "").strip().lower()
    if v in _YES:
        return True
    if v in _NO:
        return False if v else None
    raise ValueError(Message(f"answered: {value!r} is neither yes nor no", "msg_rej_answered", value=value))


def _item_id(it: Item) -> str:
    """An id for an export without one: the same item read twice gets the same id."""
    parts = [it.network or "", it.account or "", it.kind or "", it.received.isoformat(),
             (it.author or "").strip().lower(), (it.text or "").strip()]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def build(items: list[Item]) -> tuple[pd.DataFrame, list[Rejected]]:
    """Canonical conversation rows and the rejected lines (with the reason and what to do).

    A duplicate (same network, account, kind and id, or the same time, author and text when
    there is no id) is rejected, never counted twice: the first line is kept.
    """
    rows, rejected, seen = [], [], {}
    for it in items:
        if it.received is None:
            rejected.append(Rejected(it.line, Message("no received time: the item cannot be placed in a "
                                                      "day; fix the date column or map it", "msg_rej_no_received")))
            continue
        if it.replied is not None and it.replied < it.received:
            rejected.append(Rejected(it.line, Message(
                f"reply at {it.replied:%Y-%m-%d %H:%M} before the item ({it.received:%Y-%m-%d %H:%M}): "
                "check the time columns", "msg_rej_reply_before", replied=it.replied, received=it.received)))
            continue
        item_id = (it.item_id or "").strip() or _item_id(it)
        key = (it.network or "", it.account or "", it.kind or "", item_id)
        if key in seen:
            rejected.append(Rejected(it.line, Message(f"the same item as line {seen[key]}: counted once",
                                                      "msg_rej_same_item", line=seen[key])))
            continue
        seen[key] = it.line
        answered = it.replied is not None or bool(it.answered)
        negative = it.sentiment == "negative"
        rows.append({
            "day_from": it.received.date(), "day_to": it.received.date(),
            "network": it.network or "", "account": it.account or "", "kind": it.kind or "",
            "item_id": item_id, "received_time": it.received, "replied_time": it.replied,
            "author": author_key(it.author), "text": it.text or None, "sentiment": it.sentiment,
            "post_id": it.post_id or None, "url": it.url or None,
            "items": 1.0, "answered": 1.0 if answered else 0.0,
            "negative_items": 1.0 if negative else 0.0,
            "response_hours": calendar_hours(it.received, it.replied) if it.replied else None,
            "business_response_hours": business_hours(it.received, it.replied) if it.replied else None,
        })
    frame = pd.DataFrame(rows, columns=["day_from", "day_to", *GRAIN, "received_time", "replied_time",
                                        "author", "text", "sentiment", "post_id", "url", "items",
                                        "answered", "negative_items", "response_hours",
                                        "business_response_hours"])
    for col in ("response_hours", "business_response_hours"):
        frame[col] = frame[col].astype("float64")
    for col in ("received_time", "replied_time"):
        frame[col] = pd.to_datetime(frame[col])
    return frame, rejected
