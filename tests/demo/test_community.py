"""The demo inbox: a year of items, answered within hours on weekdays, slower on weekends, the
bad-buzz wave answered late, the last items still waiting."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from lib.demo import build as demo
from lib.demo import community

END = date(2025, 1, 31)


@pytest.fixture(scope="module")
def inbox() -> pd.DataFrame:
    found = [p for p in demo.build(seed=7, end=END) if p.table == "conversations"]
    assert {p.notes["source"] for p in found} == {"meta", "google_business"}
    frame = pd.concat([p.frame for p in found], ignore_index=True)
    frame["received_time"] = pd.to_datetime(frame["received_time"])
    return frame


def test_eighteen_months_of_comments_messages_and_reviews(inbox):
    assert set(inbox["kind"]) == {"comment", "message", "review"}
    assert inbox["day_from"].min() <= date(2023, 8, 15) and inbox["day_from"].max() == END
    year = inbox[inbox["day_from"] > date(2024, 1, 31)]
    assert 6000 <= len(year) <= 12000
    assert not inbox["author"].str.contains("_").any()       # hashed, no handle stored
    assert inbox.loc[inbox["kind"] == "comment", "post_id"].notna().mean() > 0.99


def test_weekdays_answered_within_hours_weekends_worse(inbox):
    weekday = inbox["received_time"].dt.day_of_week
    open_hours = inbox["received_time"].dt.hour.between(9, 17)
    weekdays = inbox.loc[(weekday < 5) & open_hours, "response_hours"].median()
    weekends = inbox.loc[weekday >= 5, "response_hours"].median()
    assert weekdays < 2.5 < 12 < weekends
    assert 0.85 < inbox["answered"].mean() < 0.97


def test_bad_buzz_wave_answered_late(inbox):
    buzz = demo.events(END)["bad_buzz"]
    day = inbox[inbox["day_from"] == buzz]
    assert day["negative_items"].sum() >= 80
    normal = inbox.loc[inbox["day_from"] != buzz, "response_hours"].median()
    assert day["response_hours"].median() > 2 * normal
    assert day["answered"].mean() < 0.95


def test_the_last_items_still_wait_for_their_answer(inbox):
    last = inbox[inbox["day_from"] == END]
    assert (last["answered"] == 0).any()
    assert inbox.loc[inbox["answered"] == 1, "replied_time"].max() <= datetime(2025, 1, 31, 23, 59)


def test_inbox_staffing():
    assert community.next_staffed(datetime(2025, 1, 31, 20)) == datetime(2025, 2, 1, 10)   # Fri evening
    assert community.next_staffed(datetime(2025, 2, 1, 13)) == datetime(2025, 2, 3, 8, 30)  # Sat afternoon
    assert community.next_staffed(datetime(2025, 2, 3, 11)) == datetime(2025, 2, 3, 11)
