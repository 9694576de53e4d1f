"""Registries of export formats and API connectors, read top to bottom, plus format detection
and `inspect`."""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

from lib.i18n.messages import Message
from lib.sources import (
    brevo,
    brevo_api,
    canonical,
    clarity_api,
    ga4_api,
    ga4_bigquery,
    ga4_csv,
    generic,
    google_ads,
    google_ads_api,
    google_ads_cards,
    google_reviews,
    hubspot,
    kag_facebook,
    klaviyo,
    linkedin_ads,
    mailchimp_api,
    mailchimp_csv,
    mailchimp_json,
    mentions,
    meta_ads,
    meta_api,
    meta_business_suite,
    microsoft_ads,
    nps,
    order_lines,
    orders,
    search_console,
    search_console_api,
    shopify_api,
    vocabulary,
)
from lib.sources.base import Refused, Sample
from lib.sources.text import read_sample, read_table

# Explicit, ordered: on equal confidence the earlier format wins.
FORMATS: list[ModuleType] = [
    ga4_csv,
    google_ads,
    google_ads_api,
    google_ads_cards,
    meta_ads,
    linkedin_ads,
    microsoft_ads,
    search_console,
    mailchimp_csv,
    mailchimp_json,
    brevo,
    klaviyo,
    meta_business_suite,
    orders,
    order_lines,
    hubspot,
    mentions,
    nps,
    google_reviews,
    kag_facebook,
    canonical,
]

# Explicit, ordered: the Data page, `pull all` and the freshness of API sources follow this order.
# An API connector declares what the app needs of it (lib/sources/api.py).
APIS: list[ModuleType] = [
    ga4_api,
    ga4_bigquery,
    mailchimp_api,
    meta_api,
    google_ads_api,
    search_console_api,
    brevo_api,
    shopify_api,
    clarity_api,
]


def api(name: str) -> ModuleType:
    """The API connector registered under NAME (KeyError when unknown)."""
    for module in APIS:
        if module.NAME == name:
            return module
    raise KeyError(f"unknown API source {name!r}; known: {', '.join(m.NAME for m in APIS)}")


HEAD_BYTES = 256 * 1024


def head(sample: Sample) -> Sample:
    """The first 256 KB of a text sample, cut at a line end: what detectors look at.

    Detectors read headers and preambles; handing them a 100 MB file made detection cost
    more than the load itself. A zip is passed whole (its directory sits at the end).
    """
    if sample.data.startswith(b"PK") or len(sample.data) <= HEAD_BYTES:
        return sample
    text = sample.text[:HEAD_BYTES]
    text = text[: text.rfind("\n") + 1] or text
    return Sample(sample.name, sample.data[:HEAD_BYTES], text, sample.encoding)


def detect(sample: Sample) -> list[tuple[ModuleType, float]]:
    """Formats that recognise the sample (confidence > 0), best first."""
    scored = []
    sample = head(sample)
    for module in FORMATS:
        try:
            confidence = float(module.detect(sample))
        except Exception:  # noqa: BLE001 (a detector must never break detection of the others)
            confidence = 0.0
        if confidence > 0:
            scored.append((module, confidence))
    return sorted(scored, key=lambda mc: -mc[1])  # stable: registry order breaks ties


def get(name: str) -> ModuleType:
    """The format module registered under NAME (KeyError when unknown)."""
    for module in FORMATS:
        if module.NAME == name:
            return module
    raise KeyError(f"unknown format {name!r}; known: {', '.join(m.NAME for m in FORMATS)}")


def inspect(path: str | Path, rows: int = 5) -> dict:
    """What `python -m lib inspect FILE --rows N` prints: how the file reads, generically.

    Raises OSError only when the path cannot be read; a refused or unreadable file gives `error`.
    """
    sample = read_sample(path)
    if generic.is_workbook(sample.name, sample.data):
        sample = read_sample(next(iter(generic.sheet_csvs(sample.data).values())), sample.name)   # as `load` reads it
        sample.encoding = "xlsx"
    out: dict = {"encoding": sample.encoding, "delimiter": None, "header_row": None,
                 "columns": [], "row_count": 0, "rejected": [], "format": None, "rows": []}
    if sample.data.startswith(b"PK\x03\x04"):
        out["error"] = (f"{sample.name}: this is a zip archive (or an .xlsx workbook), not a text "
                        "export. Unzip it, or download the report as CSV.")
        return out
    try:
        found = detect(sample)
        if found:
            out["format"] = {"name": found[0][0].NAME, "confidence": round(found[0][1], 3)}
        table = read_table(sample)
    except Refused as exc:
        out["error"] = str(exc)
        return out
    except Exception as exc:  # noqa: BLE001 (inspect is a diagnostic: report, never crash)
        out["error"] = f"{sample.name}: could not read the file ({type(exc).__name__}: {exc})"
        return out
    out.update(
        encoding=table.encoding, delimiter=table.delimiter, header_row=table.header_row,
        columns=table.columns, row_count=len(table.rows),
        rejected=[{"line": r.line, "reason": r.reason} for r in table.rejected],
        rows=[list(r) for r in table.rows[:rows]],
    )
    return out


def together(files: list[tuple[str, bytes]]) -> list[list[int]]:
    """Which files to read as one export (indices, in the order given): the CSVs of one Search
    Console export go together, since its Queries.csv has no period of its own (it is in
    Filters.csv and the chart); every other file is read alone."""
    gsc = [i for i, (name, data) in enumerate(files) if search_console.is_member(name, data)]
    names = [files[i][0] for i in gsc]
    if len(gsc) < 2 or len(set(names)) != len(names):
        return [[i] for i in range(len(files))]
    groups: list[list[int]] = []
    for i in range(len(files)):
        if i not in gsc:
            groups.append([i])
        elif i == gsc[0]:
            groups.append(gsc)   # where the first of its files was
    return groups


# What a table's exports are called in a refusal ("looks like an ad platform report, but...").
KINDS = {"ad_performance": "an ad platform report", "search_console": "a Search Console export",
         "email_campaigns": "an email campaign list", "social_performance": "a Meta Business Suite export",
         "leads": "a HubSpot export", "orders": "a Shopify orders export"}
# What each kind of export cannot do without, named in the refusal when absent.
NEEDS = {"ad_performance": ("campaign", "impressions", "cost"),
         "email_campaigns": ("send_time", "sent"),
         "social_performance": ("day", "post_id", "published_time"),
         "leads": ("record_id", "create_date"), "orders": ("order_id", "created", "total")}


def why_not(sample: Sample) -> str | None:
    """When no format recognises a file, what its header does hold: the known words and the
    ones that are not ("looks like a Search Console export, but 'Fecha' is not a known ...")."""
    try:
        header = read_table(head(sample)).columns
    except Exception:  # noqa: BLE001 (an explanation must never break the refusal it explains)
        return None
    if (reason := search_console.explain(header)) is not None:
        return reason
    if (reason := ga4_csv.explain(header)) is not None:
        return reason
    best = max(KINDS, key=lambda table: len(vocabulary.columns(table, header).columns))
    found = vocabulary.columns(best, header)
    if len(found.columns) < 2:
        return None
    known = ", ".join(f"{header[i].strip()!r}" for i in sorted(found.columns))
    unknown = ", ".join(repr(c) for c in found.unknown[:5])
    needed = [c for c in NEEDS.get(best, ()) if not found.has(c)]
    missing = ", ".join(needed)
    text = (f"looks like {KINDS[best]} (known columns: {known}), but it does not match the layout "
            f"of a known export" + (f"; no column for: {missing}" if missing else "")
            + (f"; columns not known: {unknown}" if unknown else ""))
    # on a page: the kind of export and the missing columns by their names, the file's words as written
    return Message(text, "msg_looks_like", table=best,
                   known=", ".join(header[i].strip() for i in sorted(found.columns)),
                   missing=Message("", "msg_looks_missing", columns=needed, table=best) if needed else "",
                   unknown=Message("", "msg_looks_unknown", headers=", ".join(found.unknown[:5]))
                   if found.unknown else "")
