"""The "anything else" path: suggest a column mapping, validate it, apply it; XLSX reading.

Not in the FORMATS registry: the user picks it explicitly; ingest stores mappings by header hash.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime

import pandas as pd

from lib.i18n.messages import Message
from lib.sources import community
from lib.sources.base import Parsed, Refused, Rejected, Sample, none_read, why
from lib.sources.text import (
    Table,
    fields_mismatch,
    one_cell_row,
    parse_datetime,
    parse_number,
    sniff_delimiter,
    split_rows,
)
from lib.store.schema import ATTRIBUTES, DIMENSIONS, METRICS

NAME = "generic"
LABEL = "Other file (column mapping)"

# canonical column -> header words (normalised: lower case, no accents, single spaces)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "day": ("date", "jour", "day", "journee", "date de debut", "reporting starts", "send date",
            "order date", "created at", "create date", "date de creation", "time", "timestamp"),
    "campaign": ("campaign", "campagne", "campaign name", "nom de la campagne"),
    "cost": ("cost", "spend", "amount spent", "cout", "montant depense", "depenses", "spent",
             "budget depense"),
    "impressions": ("impressions", "impr", "impr."),
    "clicks": ("clicks", "clics", "link clicks", "clics sur un lien"),
    "sessions": ("sessions",),
    "users": ("users", "utilisateurs", "active users", "utilisateurs actifs"),
    "new_users": ("new users", "nouveaux utilisateurs"),
    "revenue": ("revenue", "revenu", "revenus", "chiffre d'affaires", "ca", "total revenue",
                "revenu total", "sales", "ventes", "total"),
    "conversions": ("conversions", "purchases", "achats", "results", "resultats"),
    "conversion_value": ("conversion value", "conv. value", "valeur de conversion"),
    "reach": ("reach", "couverture", "portee"),
    "page_views": ("page views", "pages vues", "views", "vues"),
    "transactions": ("transactions", "orders", "commandes"),
    "source_name": ("source",),
    "medium": ("medium", "support"),
    "channel_group": ("channel", "canal", "channel group", "groupe de canaux"),
    "device": ("device", "appareil", "device category"),
    "country": ("country", "pays"),
    "currency": ("currency", "devise", "currency code"),
    "platform": ("platform", "plateforme", "network", "reseau"),
    "account": ("account", "compte", "account name"),
    "ad_group": ("ad group", "ad set", "groupe d'annonces", "ensemble de publicites"),
    "ad": ("ad", "ad name", "annonce", "publicite"),
    "sent": ("sent", "envoyes", "emails sent", "recipients"),
    "unique_opens": ("unique opens", "ouvertures uniques"),
    "order_id": ("order id", "order", "commande", "invoice", "facture", "order number"),
    "customer_id": ("customer id", "client", "customer", "id client"),
    "items": ("items", "quantity", "quantite", "articles"),
    "score": ("score", "note", "nps"),
    "query": ("query", "requete", "top queries"),
    "page": ("page", "url", "landing page", "page de destination"),
    "landing_page": ("landing page", "page de destination"),
    # conversations (inbox and review exports): only offered for that table
    "received_time": ("received", "received at", "received time", "date received", "recu le",
                      "date de reception", "created time", "created at", "created", "date", "time",
                      "timestamp", "date de creation", "review date", "date de l'avis"),
    "replied_time": ("replied at", "reply time", "reply date", "first reply", "first reply at",
                     "first response at", "responded at", "date de reponse", "repondu le",
                     "premiere reponse", "reply created at"),
    "answered": ("answered", "replied", "repondu", "has reply", "reponse envoyee"),
    "network": ("network", "reseau", "social network", "reseau social", "platform", "plateforme"),
    "kind": ("type", "kind", "item type", "message type", "type de message"),
    "item_id": ("id", "message id", "comment id", "review id", "conversation id"),
    "author": ("author", "auteur", "from", "de", "user", "username", "reviewer"),
    "text": ("text", "texte", "message", "comment", "commentaire", "content", "contenu", "review",
             "avis", "body"),
    "sentiment": ("sentiment", "tone", "ton", "tonalite"),
    "url": ("url", "link", "lien", "permalink"),
}
# Tables whose rows carry their own time: the day comes from it, never from a `day` column, and
# the measures are computed from the row (lib/sources/community.py), not mapped.
ROW_TIMES = {"conversations": "received_time"}
COMPUTED = {"conversations": ("items", "negative_items", "response_hours", "business_response_hours")}
# rate-like headers are never suggested as metrics: metrics are counts (DESIGN §2)
_RATE = re.compile(r"(\brate\b|\btaux\b|%|\bctr\b|\bcpc\b|\bcpm\b|\bcpa\b|per |par |average|moyen)")


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.strip().lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"\(.*?\)", "", s)   # `Amount spent (EUR)` -> `amount spent`
    return re.sub(r"[\s_]+", " ", s).strip()


def table_columns(table: str) -> tuple[str, ...]:
    """Canonical columns a mapping may target in `table` (plus `day`, unless rows carry a time)."""
    computed = COMPUTED.get(table, ())
    return (() if table in ROW_TIMES else ("day",)) + DIMENSIONS[table] + ATTRIBUTES[table] + tuple(
        m for m in METRICS[table] if m not in computed)


def suggest_table(columns: list[str]) -> str:
    """The canonical table whose columns the headers match best (site_traffic on a tie)."""
    best, best_score = "site_traffic", 0
    for table in DIMENSIONS:
        mapping = suggest_mapping(columns, table)
        metrics = sum(1 for v in mapping.values() if v in METRICS[table])
        score = metrics * 2 + sum(1 for v in mapping.values() if v and v != "day")
        if score > best_score:
            best, best_score = table, score
    return best


def suggest_mapping(columns: list[str], table: str | None = None) -> dict:
    """{file column: canonical column or None}, from French and English header names."""
    allowed = set(table_columns(table)) if table else None
    out, used = {}, set()
    for col in columns:
        key = _norm(col)
        guess = None
        if not _RATE.search(key):
            for canon, words in SYNONYMS.items():
                if key in words and (allowed is None or canon in allowed) and canon not in used:
                    guess = canon
                    break
            if guess is None and (allowed is None or key.replace(" ", "_") in allowed):
                direct = key.replace(" ", "_")
                if direct in {c for t in DIMENSIONS for c in table_columns(t)} and direct not in used:
                    guess = direct
        if guess:
            used.add(guess)
        out[col] = guess
    return out


def apply_mapping(table: Table, target_table: str, mapping: dict, day_column: str | None = None,
                  period: tuple[date, date] | None = None, name: str = "file") -> Parsed:
    """Build a Parsed from a Table and a user mapping; Refused with a precise message when invalid."""
    if target_table not in DIMENSIONS:
        raise Refused(Message(f"{name}: unknown table {target_table!r}; choose one of {', '.join(DIMENSIONS)}.",
                              "msg_map_unknown_table", name=name, target=target_table))
    allowed = set(table_columns(target_table))
    mapping = {k: v for k, v in mapping.items() if v}
    for col, canon in mapping.items():
        if col not in table.columns:
            raise Refused(Message(f"{name}: the mapping names a column {col!r} that the file does not have.",
                                  "msg_map_no_such_column", name=name, header=col))
        if canon not in allowed:
            raise Refused(Message(f"{name}: {canon!r} is not a column of {target_table} "
                                  f"(allowed: {', '.join(sorted(allowed))}).", "msg_map_not_a_column",
                                  name=name, column=canon, table=target_table))
    if target_table == community.TABLE:
        return conversations(table, mapping, name)
    if day_column is None:
        day_column = next((c for c, v in mapping.items() if v == "day"), None)
    if day_column is None and period is None:
        raise Refused(Message(f"{name}: no date column and no period: map a column to `day` or give the "
                              "period the file covers.", "msg_map_no_day", name=name, column="day",
                              table=target_table))
    idx = {c: table.columns.index(c) for c in mapping}
    day_idx = table.columns.index(day_column) if day_column else None
    rows, rejected = [], list(table.rejected)
    metrics = set(METRICS[target_table])
    dayfirst = day_idx is not None and dayfirst_for(
        [r[day_idx] for r in table.rows], table.delimiter == ";" or table.decimal == ",")
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        row: dict = {}
        if day_idx is not None:
            try:
                day = _day(r[day_idx], dayfirst)
            except ValueError:
                rejected.append(Rejected(line, Message(f"{day_column}: {r[day_idx]!r} is not a date",
                                                       "msg_rej_not_date_in", value=r[day_idx], header=day_column)))
                continue
            if day is None:
                rejected.append(Rejected(line, Message(f"{day_column}: empty date", "msg_rej_empty_cell",
                                                       header=day_column)))
                continue
            row["day_from"] = row["day_to"] = day
        else:
            row["day_from"], row["day_to"] = period
        for col, canon in mapping.items():
            if canon == "day":
                continue
            value = r[idx[col]]
            if canon in metrics:
                try:
                    row[canon] = parse_number(value, table.decimal)
                except ValueError:
                    raise Refused(Message(f"{name}: line {line}: column {col!r} mapped to {canon} holds "
                                          f"{value!r}, which is not a number. Map it to a text column or "
                                          "fix the file.", "msg_map_not_number", name=name, line=line,
                                          header=col, column=canon, table=target_table, value=value)) from None
            else:
                row[canon] = value.strip()
        rows.append(row)
    if not rows:
        raise Refused(_no_rows(name, table.header_row))
    grain = tuple(d for d in DIMENSIONS[target_table] if d in mapping.values())
    return Parsed(target_table, pd.DataFrame(rows), grain, NAME, [], rejected,
                  {"mapping": mapping, "period": period})


def _no_rows(name: str, header_row: int) -> Message:
    return Message(f"{name}: zero data rows after the header (line {header_row}).", "msg_no_rows_under",
                   name=name, line=header_row)


def received_needed(name: str) -> Message:
    return Message(f"{name}: map a column to received_time (when each item arrived).",
                   "msg_map_received", name=name, column="received_time", table=community.TABLE)


def conversations(table: Table, mapping: dict, name: str = "file") -> Parsed:
    """Any inbox or review export under a mapping: one item per line, bad lines rejected with
    their reason (no received time, a reply before the item, the same item twice)."""
    by_canon = {canon: table.columns.index(col) for col, canon in mapping.items()}
    if "received_time" not in by_canon:
        raise Refused(received_needed(name))
    times = [r[by_canon[c]] for r in table.rows for c in ("received_time", "replied_time") if c in by_canon]
    dayfirst = dayfirst_for(times, table.delimiter == ";" or table.decimal == ",")
    items, rejected = [], list(table.rejected)
    for line, r in zip(table.line_numbers, table.rows, strict=True):
        cell = {canon: r[i].strip() for canon, i in by_canon.items()}
        try:
            received = parse_datetime(cell["received_time"], dayfirst=dayfirst)
            replied = parse_datetime(cell.get("replied_time"), dayfirst=dayfirst)
            answered = community.answered_flag(cell.get("answered"))
            feeling = community.sentiment(cell.get("sentiment", ""))
        except ValueError as exc:
            rejected.append(Rejected(line, Message(f"{exc}: fix the cell or the mapping", "msg_rej_fix_mapping",
                                                   reason=why(exc))))
            continue
        kind = community.kind_of(cell.get("kind"))
        if kind is None:
            rejected.append(Rejected(line, Message(f"kind: {cell['kind']!r} is not a comment, message, review "
                                                   "or mention", "msg_rej_kind", value=cell["kind"])))
            continue
        items.append(community.Item(line, cell.get("network", "").lower(), cell.get("account", ""), kind,
                                    cell.get("item_id"), received, replied, answered, cell.get("author"),
                                    cell.get("text"), feeling, cell.get("post_id"), cell.get("url")))
    frame, refused = community.build(items)
    rejected += refused
    if frame.empty:
        raise Refused(none_read(name, "no item could be read", rejected[0] if rejected else None))
    return Parsed(community.TABLE, frame, community.GRAIN, NAME, [], rejected, {"mapping": mapping})


_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/\d{2,4}")


def dayfirst_for(values: list[str], european: bool = False) -> bool:
    """Whether `a/b/yyyy` dates are day-first: decided by a part > 12, else by the file's locale."""
    for v in values:
        if m := _SLASHED.match(v):
            if int(m[1]) > 12:
                return True
            if int(m[2]) > 12:
                return False
    return european  # ambiguous (all parts <= 12): `;`-separated files come from European locales


def _day(value: str, dayfirst: bool = False) -> date | None:
    dt = parse_datetime(value, dayfirst=dayfirst)
    return dt.date() if dt else None


def read_plain_table(sample: Sample) -> Table:
    """Header = first non-blank row, no `#` comment skipping (Shopify `#1001`, GSC `#hashtag`)."""
    text = sample.text.lstrip("\ufeff")
    lines = text.splitlines()
    delimiter = sniff_delimiter(lines[:60])
    rows = [(ln, r) for ln, r in split_rows(text, delimiter) if any(c.strip() for c in r)]
    table = Table(encoding=sample.encoding, delimiter=delimiter, header_row=0, columns=[], rows=[],
                  line_numbers=[])
    if not rows:
        return table
    table.header_row, header = rows[0]
    table.columns = [c.strip() for c in header]
    width = len(header)
    for ln, r in rows[1:]:
        if len(r) > width and not any(c.strip() for c in r[width:]):
            r = r[:width]
        if len(r) != width:
            table.rejected.append(Rejected(ln, fields_mismatch(len(r), width)))
            continue
        table.rows.append(r)
        table.line_numbers.append(ln)
    if len(table.columns) < 2:
        raise Refused(Message(f"{sample.name}: the file reads as a single column ({table.columns[0]!r}): "
                              "the delimiter was not recognised. Save it as CSV with , or ; separators.",
                              "msg_one_column", name=sample.name, header=table.columns[0]))
    return table


def is_workbook(name: str, data: bytes) -> bool:
    """An Excel workbook (.xlsx: a zip), read through sheet_csvs."""
    return name.lower().endswith(".xlsx") and data.startswith(b"PK\x03\x04")


def sheets(data: bytes, first_only: bool = False) -> dict[str, Iterator[list[str]]]:
    """The sheets of an XLSX workbook by title, each a stream of its rows from row 1 and column A
    (blank rows kept: they are the file's lines), each cell as the tool's CSV writes it. Read by
    calamine (Rust): openpyxl took 9 s for 50,000 rows of 12 cells, calamine 0.5 s."""
    from python_calamine import CalamineWorkbook  # imported here: only this path needs it

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = wb.sheet_names[:1 if first_only else None]
        return {name: _rows(wb.get_sheet_by_name(name)) for name in names}
    except Exception as exc:
        raise _unreadable(exc) from None


def _rows(sheet) -> Iterator[list[str]]:
    if sheet.start is None:   # an empty sheet
        return
    left = [""] * sheet.start[1]   # calamine starts its rows at the first used column
    try:
        for values in sheet.iter_rows():
            yield left + ["" if v is None else _cell(v) for v in values]
    except Exception as exc:   # a sheet whose cells cannot be read: refused like the workbook
        raise _unreadable(exc) from None


def _unreadable(exc: Exception) -> Refused:
    return Refused(Message(f"workbook: not a readable .xlsx file ({type(exc).__name__}). "
                           "Save it again as .xlsx or export CSV.", "msg_bad_xlsx", detail=type(exc).__name__))


def sheet_csvs(data: bytes) -> dict[str, bytes]:
    """Each sheet as the CSV the tool would have written, named `<title>.csv` (UTF-8, commas, a
    title row as one field): a report downloaded as Excel then reads like its CSV, and Search
    Console's workbook like its zip."""
    out = {}
    for title, rows in sheets(data).items():
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        for cells in rows:
            # Excel pads every row to the sheet's width: a title or a date range (one cell) is one
            # field in the tool's CSV, but a row of data keeps its empty cells (a blank CTR, a
            # Shopify order's empty last columns) or it would fall short of its header
            writer.writerow(one_cell_row(cells) if sum(bool(c.strip()) for c in cells) <= 1 else cells)
        out[f"{title}.csv"] = text.getvalue().encode("utf-8")
    return out


def read_xlsx(data: bytes) -> Table:
    """First sheet of an XLSX workbook as a Table (header = first non-empty row)."""
    table = Table(encoding="xlsx", delimiter="", header_row=0, columns=[], rows=[], line_numbers=[])
    [rows] = sheets(data, first_only=True).values()
    for n, cells in enumerate(rows, start=1):
        if not any(c.strip() for c in cells):
            continue
        if not table.columns:
            table.header_row, table.columns = n, [c.strip() for c in cells]
            continue
        cells = (cells + [""] * len(table.columns))[:len(table.columns)]
        table.rows.append(cells)
        table.line_numbers.append(n)
    return table


def _cell(v) -> str:
    """Excel values as export text: dates ISO, whole floats without `.0`."""
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
