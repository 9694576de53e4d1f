"""The contract every export format and API connector fulfils.

A format module exposes:
    NAME: str                      registry name, e.g. "google_ads"
    LABEL: str                     human name, e.g. "Google Ads report"
    detect(sample: Sample) -> float    confidence 0..1 that the file is of this format
    parse(sample: Sample) -> list[Parsed]   canonical frames (raise Refused to refuse the file)
An API connector adds fetch(...) (network) and to_rows(payloads) -> list[Parsed] (pure).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from lib.i18n.messages import Message, why  # noqa: F401 - why: readers take it from here
from lib.sources.dialect import sniff_delimiter


class Refused(Exception):
    """The file is refused as a whole; the message says why and what to do (a
    lib.i18n.messages.Message, so that a page words it in its language)."""


def none_read(name: str, english: str, first: Rejected | None):
    """A refusal for a file none of whose rows could be read ("no order could be read"), with the
    first rejected line's reason."""
    if first is None:
        return Message(f"{name}: {english}.", "msg_none_read", name=name)
    return Message(f"{name}: {english} (first: line {first.line}: {first.reason}).", "msg_none_read_first",
                   name=name, line=first.line, reason=first.reason)


@dataclass
class Rejected:
    line: int          # 1-based line number in the file
    reason: str


@dataclass
class Sample:
    """A file as read once: raw bytes plus its decoded text (decoding done by lib.sources.text)."""
    name: str
    data: bytes
    text: str = ""
    encoding: str = ""

    @cached_property
    def delimiter(self) -> str:
        """The file's delimiter, decided once for every format: its `sep=` line's, else the one of
        , TAB ; | that splits its first lines most consistently (an Excel re-save writes `;`)."""
        return sniff_delimiter(self.text[:65536].lstrip("\ufeff").splitlines()[:60])

    @property
    def first_row(self) -> list[str]:
        """The file's first line, split with its own delimiter."""
        end = self.text.find("\n")   # not split(): that copies a 100 MB text
        line = (self.text if end < 0 else self.text[:end]).lstrip("\ufeff").strip()
        return next(csv.reader([line], delimiter=self.delimiter), [])


@dataclass
class Parsed:
    """One canonical table extracted from a file (a file may give several, e.g. GA4 snapshots).

    frame holds day_from, day_to (datetime.date or ISO strings) and any of columns(table);
    dimension columns the export did not carry are left out (they are stored as NULL).
    grain lists the dimensions the export carried; rows are daily when day_from == day_to.
    """
    table: str
    frame: pd.DataFrame
    grain: tuple[str, ...]
    format: str
    warnings: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: dict = field(default_factory=dict)   # e.g. {"period": ..., "currency": ..., "title": ...}
    # The rows are the whole of their days at this grain (an API's day): rows of the same source,
    # grain and account on those days that they lack are replaced by nothing, so two pulls of
    # one day (GA4's Data API and its BigQuery export) never add up.
    whole_days: bool = False
