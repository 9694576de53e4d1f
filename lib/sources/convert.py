"""The reading steps the ad, email, social, order and lead formats share: summary rows taken
out (by label in any text cell, or by shape: no name and no date, only numbers), the file's
number style and date order decided once from all its cells (cells.py), whole columns
converted, and each bad cell rejected with its line.

A format names its columns (vocabulary.columns), says which canonical columns are numbers,
dates or date-times, and gets canonical columns back. When no cell decides the date order, a
format may name another fact of the file that does (`fits`: the weekday column of an email
export, the report period of a LinkedIn preamble); otherwise the file is refused, never guessed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from lib.i18n.messages import Message
from lib.sources import cells, totals
from lib.sources.base import Refused, Rejected
from lib.sources.text import Table, empty_cell, parse_datetime, sniff_delimiter, split_rows
from lib.sources.vocabulary import Header


@dataclass
class Converted:
    """Canonical columns of the data rows, and what was taken out of them."""
    frame: pd.DataFrame                    # canonical columns; numbers float, dates Timestamp
    lines: np.ndarray                      # each kept row's physical line
    rows: np.ndarray                       # each kept row's position in the table's frame
    rejected: list[Rejected]
    summary: dict[str, dict]               # summary label -> {metric: value} (checks, not data)
    style: cells.NumberStyle
    order: cells.DateOrder
    warnings: list[str] = field(default_factory=list)


def convert(name: str, table: Table, header: Header, *, numbers=(), dates=(), datetimes=(),
            texts=(), required=(), keys=(), free=(),
            fits: Callable[[pd.DataFrame, bool], bool] | None = None, what: str = "dates") -> Converted:
    """Read TABLE's canonical columns. `required` columns may not be empty (the row is rejected);
    `keys` are the name and date columns a summary row leaves empty; `free` columns hold free
    text (a subject, a post's description: `Total: 50% off` there is no summary label);
    `fits(frame, day_first)` says whether an order agrees with the file when no date cell
    decides it."""
    frame, lines = table.frame, np.asarray(table.lines)
    at = {c: header.find(c) for c in (*numbers, *dates, *datetimes, *texts)}
    at = {c: i for c, i in at.items() if i is not None}
    number_cols = [at[c] for c in numbers if c in at]
    free_cols = {header.find(c) for c in free} - {None}
    text_cols = [i for i in range(len(table.columns)) if i not in number_cols and i not in free_cols]
    label = totals.labels(frame, text_cols) if len(frame) else pd.Series(dtype="string")
    label = label.mask(label.isna() & _by_shape(frame, [at[k] for k in keys if k in at], number_cols),
                       "total")
    summary = label.notna().to_numpy()
    style = cells.number_style(frame[number_cols], table.delimiter) if number_cols else cells.NumberStyle()
    date_cols = [at[c] for c in (*dates, *datetimes) if c in at]
    order = decide_order(name, frame.loc[~summary, date_cols], fits, what)
    out = pd.DataFrame(index=frame.index)
    rejected = list(table.rejected)
    bad = np.zeros(len(frame), dtype=bool)
    for column, i in at.items():
        if column in numbers:
            out[column], wrong = cells.to_numbers(frame[i], style)
            why = "msg_rej_not_number_in"
        elif column in dates or column in datetimes:
            convert_ = cells.to_dates if column in dates else to_datetimes
            out[column], wrong = convert_(frame[i], order)
            why = "msg_rej_not_date_in"
        else:
            out[column] = frame[i].str.strip()
            wrong = pd.Series(False, index=frame.index)
        wrong = wrong.to_numpy(dtype=bool) & ~summary & ~bad
        for k in np.flatnonzero(wrong):
            rejected.append(Rejected(int(lines[k]), cell_reason(why, frame[i].iat[k], table.columns[i])))
        bad |= wrong
        if column in required:
            empty = out[column].isna().to_numpy() | (out[column].astype("string") == "").fillna(True).to_numpy()
            empty &= ~summary & ~bad
            for k in np.flatnonzero(empty):
                rejected.append(Rejected(int(lines[k]), empty_cell(table.columns[i])))
            bad |= empty
    found = {}
    for k in np.flatnonzero(summary & ~bad):
        found.setdefault(str(label.iat[k]), {c: None if pd.isna(out[c].iat[k]) else float(out[c].iat[k])
                                             for c in numbers if c in out})
    keep = ~summary & ~bad
    warnings = [style.warning] if style.warning else []
    rejected.sort(key=lambda r: r.line)
    return Converted(out[keep].reset_index(drop=True), lines[keep], np.flatnonzero(keep), rejected,
                     found, style, order, warnings)


def cell_reason(code: str, value, header: str) -> Message:
    """Why a cell was rejected: not a number (msg_rej_not_number_in) or not a date (..._date_in)."""
    kind = "number" if code == "msg_rej_not_number_in" else "date"
    return Message(f"not a {kind}: {value!r} in {header}", code, value=str(value), header=header)


def _by_shape(frame: pd.DataFrame, key_cols: list[int], number_cols: list[int]) -> pd.Series:
    """Rows with every name and date cell empty and a number filled: an account total, as Meta,
    Microsoft and spreadsheets write it (first or last row, no label)."""
    if not key_cols or not number_cols or not len(frame):
        return pd.Series(False, index=frame.index)
    blank = pd.concat([frame[i].fillna("").str.strip() == "" for i in key_cols], axis=1).all(axis=1)
    filled = pd.concat([frame[i].fillna("").str.strip() != "" for i in number_cols], axis=1).any(axis=1)
    return blank & filled


def decide_order(name: str, frame: pd.DataFrame, fits, what: str = "dates") -> cells.DateOrder:
    """The date order of the frame's cells; when they read both ways, the one order under which
    `fits(frame, day_first)` holds (a period written in words, a file name), else refused."""
    try:
        return cells.date_order(frame, name, what)
    except Refused:
        if fits is None:
            raise
        agree = [day_first for day_first in (True, False) if fits(frame, day_first)]
        if len(agree) != 1:
            raise
        return cells.DateOrder(agree[0], from_context=True)


def to_datetimes(column: pd.Series, order: cells.DateOrder) -> tuple[pd.Series, pd.Series]:
    """cells.to_dates keeping the time of day (`Jun 01, 2023 09:46 pm`, `3/9/17 18:54`); each
    distinct text parsed once. A UTC offset (`+0100`) is dropped: the local time is kept."""
    text = column.astype("string").str.strip().str.replace(_OFFSET, "", regex=True)
    codes, texts = pd.factorize(text)
    parsed = []
    for value in texts:
        try:
            parsed.append(parse_datetime(value, dayfirst=bool(order.day_first)))
        except ValueError:
            parsed.append(None)
    by_code = pd.to_datetime(pd.Series(parsed + [None], dtype=object), errors="coerce").to_numpy()
    times = pd.Series(by_code[codes], index=column.index)
    bad = (text.notna() & (text != "") & times.isna()).fillna(False).astype(bool)
    return times, bad


_OFFSET = re.compile(r"\s*(?:[+-]\d{2}:?\d{2}|Z|UTC)$")


def readings(frame: pd.DataFrame, day_first: bool) -> list[pd.Series]:
    """Each column's cells read with one order (NaT where they do not read): for `fits`."""
    return [to_datetimes(frame[c], cells.DateOrder(day_first))[0] for c in frame.columns]


def within(start: date | None, end: date | None) -> Callable[[pd.DataFrame, bool], bool]:
    """`fits` for a report whose period is written in words (`Report Start: March 1, 2026`): the
    order under which every date falls inside it."""
    def fits(frame: pd.DataFrame, day_first: bool) -> bool:
        if start is None or end is None:
            return False
        for (col, days) in zip(frame.columns, readings(frame, day_first), strict=True):
            filled = frame[col].fillna("").str.strip() != ""
            if days[filled].isna().any():
                return False
            inside = (days[filled] >= pd.Timestamp(start)) & (days[filled] <= pd.Timestamp(end) + pd.Timedelta(days=1))
            if not inside.all():
                return False
        return True
    return fits


# Weekday names in the interface languages of the vocabulary (Monday first).
WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
           "sábado", "domingo"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
}
_WEEKDAY = {w: i for names in WEEKDAYS.values() for i, w in enumerate(names)}
_WEEKDAY.update({w[:3]: i for w, i in list(_WEEKDAY.items())})   # Thu, jeu, mié: no clash


def weekday_agrees(weekdays: pd.Series) -> Callable[[pd.DataFrame, bool], bool]:
    """`fits` for an export with a weekday column (Mailchimp's `Send Weekday`): the order under
    which every date falls on the weekday written beside it."""
    wanted = weekdays.fillna("").str.strip().str.lower().str.rstrip(".").map(_WEEKDAY)

    def fits(frame: pd.DataFrame, day_first: bool) -> bool:
        for days in readings(frame, day_first):
            both = days.notna() & wanted.reindex(days.index).notna()
            if not both.any() or (days[both].dt.day_of_week != wanted.reindex(days.index)[both]).any():
                return False
        return True
    return fits


def check(frame: pd.DataFrame, summary: dict[str, dict], metrics: list[str]) -> tuple[dict, list[str]]:
    """The rows against the file's summary rows: the first total they add up to, else a warning
    against the first one (totals.check)."""
    present = [m for m in metrics if m in frame]
    for label in summary:
        found, warnings = totals.check(frame, summary, present, (label,))
        if not warnings:
            return found, []
    if not summary:
        return {}, []
    return totals.check(frame, summary, present, (next(iter(summary)),))


def first_row(text: str) -> list[str]:
    """The header cells of a file whose header is its first line, split by its own delimiter
    (`,`, `;` after a European spreadsheet re-save, TAB): what detectors compare."""
    lines = text.lstrip("\ufeff")[:20000].splitlines()[:20]
    if not lines:
        return []
    rows = split_rows(lines[0], sniff_delimiter(lines))
    return [c.strip() for c in rows[0][1]] if rows else []
