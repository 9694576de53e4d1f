"""Conversation rows: response hours (weekend, DST), bad input rejected, re-loads unchanged."""
from __future__ import annotations

from datetime import datetime

import pytest

from lib.ingest import load as ingest
from lib.sources import community
from lib.sources.base import Parsed
from lib.sources.community import Item


def test_calendar_hours_across_dst_changes():
    # 29 March 2026: clocks go 02:00 -> 03:00 in Paris, the night is an hour shorter.
    assert community.calendar_hours(datetime(2026, 3, 28, 12), datetime(2026, 3, 29, 12)) == 23
    # 25 October 2026: 03:00 -> 02:00, an hour longer.
    assert community.calendar_hours(datetime(2026, 10, 24, 12), datetime(2026, 10, 25, 12)) == 25
    assert community.calendar_hours(datetime(2026, 5, 4, 9), datetime(2026, 5, 4, 10, 30)) == 1.5


def test_business_hours_skip_nights_and_weekends():
    # Friday 17:00 -> Monday 10:00: one hour on Friday, one on Monday.
    assert community.business_hours(datetime(2026, 5, 8, 17), datetime(2026, 5, 11, 10)) == 2
    # Saturday 12:00 -> Sunday 20:00: no business hour at all.
    assert community.business_hours(datetime(2026, 5, 9, 12), datetime(2026, 5, 10, 20)) == 0
    # Tuesday 20:00 -> Wednesday 09:30: half an hour.
    assert community.business_hours(datetime(2026, 5, 12, 20), datetime(2026, 5, 13, 9, 30)) == 0.5
    # Across the spring DST weekend: Friday 27 March 16:00 -> Monday 30 March 11:00 = 2 + 2.
    assert community.business_hours(datetime(2026, 3, 27, 16), datetime(2026, 3, 30, 11)) == 4
    assert community.calendar_hours(datetime(2026, 3, 27, 16), datetime(2026, 3, 30, 11)) == 66


def test_local_converts_utc_api_times():
    from datetime import UTC
    assert community.local(datetime(2026, 7, 1, 10, tzinfo=UTC)) == datetime(2026, 7, 1, 12)
    assert community.local(datetime(2026, 1, 1, 10, tzinfo=UTC)) == datetime(2026, 1, 1, 11)


def _items() -> list[Item]:
    return [
        Item(2, "facebook", "shop", "comment", "c1", datetime(2026, 5, 8, 17), datetime(2026, 5, 11, 10),
             author="Jeanne D", text="Livrez-vous en Belgique ?", sentiment="neutral", post_id="p1"),
        Item(3, "facebook", "shop", "comment", "c2", None, text="no time"),
        Item(4, "facebook", "shop", "comment", "c3", datetime(2026, 5, 8, 12), datetime(2026, 5, 8, 11)),
        Item(5, "facebook", "shop", "comment", "c1", datetime(2026, 5, 8, 17), None),
        Item(6, "instagram", "shop", "review", None, datetime(2026, 5, 9, 9), None, author="x",
             text="Nul", sentiment="negative"),
        Item(7, "instagram", "shop", "review", None, datetime(2026, 5, 9, 9), None, author="X ",
             text="Nul", sentiment="negative"),
        Item(8, "google", "shop", "review", "r1", datetime(2026, 5, 9, 9), None, answered=True),
    ]


def test_build_rejects_bad_lines_with_their_reason():
    frame, rejected = community.build(_items())
    assert [(r.line, r.reason.split(":")[0]) for r in rejected] == [
        (3, "no received time"), (4, "reply at 2026-05-08 11"), (5, "the same item as line 2"),
        (7, "the same item as line 6")]
    assert list(frame["item_id"])[:1] == ["c1"] and len(frame) == 3
    first = frame.iloc[0]
    assert first["response_hours"] == 65 and first["business_response_hours"] == 2
    assert first["author"] == community.author_key("jeanne d") != "Jeanne D"
    assert list(frame["answered"]) == [1, 0, 1]          # the export's answered flag counts
    assert list(frame["negative_items"]) == [0, 1, 0]
    assert frame["response_hours"].isna().tolist() == [False, True, True]


def test_kind_and_answered_words():
    assert community.kind_of("Avis") == "review"
    assert community.kind_of("Instagram DM") == "message"
    assert community.kind_of("") == "comment"
    assert community.kind_of("poll") is None
    assert community.answered_flag("Oui") is True
    assert community.answered_flag("") is None
    with pytest.raises(ValueError, match="neither yes nor no"):
        community.answered_flag("maybe")


def test_reload_changes_nothing_and_a_reply_replaces(store):
    frame, rejected = community.build(_items())
    parsed = Parsed("conversations", frame, community.GRAIN, "test", rejected=rejected,
                    notes={"source": "inbox"})
    first = ingest.load_parsed(store, [parsed], "inbox.csv")
    assert first["inserted"] == 3 and len(first["rejected"]) == 4
    again = ingest.load_parsed(store, [parsed], "inbox.csv")
    assert again["status"] == "unchanged"
    assert store.scalar("SELECT sum(items) FROM conversations") == 3
    later = _items()
    later[4].replied = datetime(2026, 5, 11, 9, 30)    # the negative review got its answer
    frame, _ = community.build(later)
    summary = ingest.load_parsed(store, [Parsed("conversations", frame, community.GRAIN, "test",
                                                notes={"source": "inbox"})], "inbox2.csv")
    assert summary["replaced"] == 1 and summary["inserted"] == 0
    assert store.scalar("SELECT sum(answered) FROM conversations") == 3
    assert store.scalar("SELECT business_response_hours FROM conversations WHERE kind = 'review' "
                        "AND network = 'instagram'") == 0.5
