"""Dated notes on the timeline (launch, price change, outage, bad buzz): list, add, delete.

Pure store functions: the page components live in lib/ui_annotations.py. Every trend chart
draws the notes of its window (lib/ui.annotations).
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from lib import access
from lib.i18n.messages import Message
from lib.kpis import catalogue as kpis
from lib.store import Store

KINDS = ("launch", "price_change", "outage", "bad_buzz", "other")
CHANNELS = ("all",) + kpis.CHANNELS
MAX_TEXT = 500
# The demo owns ids from 900000 up (lib/demo.py replaces them on every rebuild): user notes stay below.
DEMO_FIRST_ID = 900000


class AnnotationError(ValueError):
    """A note refused (no date, empty, too long, gone): its first argument is a Message, English
    as text, worded in the page's language where it is shown."""


def list(store: Store, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """The notes whose day is in [start, end] (either bound optional), by day then id."""
    where, params = ["true"], []
    if start is not None:
        where.append("day >= ?")
        params.append(start)
    if end is not None:
        where.append("day <= ?")
        params.append(end)
    return store.query("SELECT id, day, channel, kind, text, created_at FROM annotations "
                       f"WHERE {' AND '.join(where)} ORDER BY day, id", params)


def validate(day, text: str, kind: str, channel: str | None) -> tuple[date, str, str, str]:
    """Checked, cleaned values; AnnotationError (a ValueError) says what is wrong. A kind or a
    channel outside KINDS and CHANNELS is a caller's mistake (the page picks them from those
    lists): a plain ValueError, in English."""
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        try:
            day = date.fromisoformat(str(day))
        except ValueError:
            raise AnnotationError(Message.worded("ann_err_not_a_date", value=str(day))) from None
    text = (text or "").strip()
    if not text:
        raise AnnotationError(Message.worded("ann_err_empty"))
    if len(text) > MAX_TEXT:
        raise AnnotationError(Message.worded("ann_err_too_long", length=str(len(text)),
                                             limit=MAX_TEXT))
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    channel = channel or "all"
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; use one of {', '.join(CHANNELS)}")
    return day, text, kind, channel


def add(store: Store, day, text: str, kind: str = "other", channel: str | None = "all") -> int:
    """Add a note and return its id (the largest user id + 1)."""
    access.check("edit_annotations")
    day, text, kind, channel = validate(day, text, kind, channel)
    # named: the figures' caches, keyed by their tables' versions, stay (no figure reads a note)
    with store.transaction(tables=["annotations"]) as cur:
        new_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM annotations WHERE id < ?",
                             [DEMO_FIRST_ID]).fetchone()[0]
        if new_id >= DEMO_FIRST_ID:
            new_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM annotations").fetchone()[0]
        cur.execute("INSERT INTO annotations (id, day, channel, kind, text, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [new_id, day, channel, kind, text, datetime.now().replace(microsecond=0)])
    return int(new_id)


def delete(store: Store, note_id: int) -> None:
    """Delete one note; AnnotationError (a ValueError) when there is no such note (another
    session deleted it first)."""
    access.check("edit_annotations")
    with store.transaction(tables=["annotations"]) as cur:
        found = cur.execute("SELECT count(*) FROM annotations WHERE id = ?", [int(note_id)]).fetchone()[0]
        if not found:
            raise AnnotationError(Message.worded("ann_err_no_note", note_id=str(note_id)))
        cur.execute("DELETE FROM annotations WHERE id = ?", [int(note_id)])

