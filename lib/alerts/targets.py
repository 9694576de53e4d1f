"""Where an alert or a scheduled delivery goes: channel ids and e-mail recipients, checked in one
place for rules, schedules and the channels themselves."""
from __future__ import annotations

import re

from lib.i18n.messages import Message

ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


def targets(channels, recipients) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A rule's or a schedule's delivery channels and recipients, checked and without repeats;
    ValueError says what to fix, as a Message (worded for rules and schedules alike)."""
    channels = tuple(dict.fromkeys(channels or ()))
    bad = [c for c in channels if not ID.match(str(c))]
    if bad:
        ids = ", ".join(map(str, bad))
        raise ValueError(Message(f"unknown channel(s) {ids}: pick channels set up on the Alerts page",
                                 "sched_err_channels", ids=ids, count=len(bad)))
    recipients = tuple(dict.fromkeys(str(a).strip() for a in recipients or () if str(a).strip()))
    wrong = [a for a in recipients if not EMAIL.match(a)]
    if wrong:
        raise ValueError(Message.worded("sched_err_email", address=wrong[0], quoted=repr(wrong[0])))
    return channels, recipients
