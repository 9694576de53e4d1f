"""Streamlit pieces of the Data page: upload, preview, column mapping, confirm, load log, undo.

Nothing is written before the user confirms. Uploaded bytes live in `st.session_state` (keyed by
the uploader's file id) and nowhere else but DuckDB once loaded. Readings are cached per file id
so a rerun (a tick of a checkbox) does not parse a 200 MB file again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from lib import i18n, sources, ui
from lib.i18n import names, t
from lib.i18n.messages import Message, say, why
from lib.ingest import load as ingest
from lib.ingest import mappings, uploads
from lib.sources import generic, rollup, search_console
from lib.sources.base import Parsed, Refused
from lib.sources.text import Table, read_sample
from lib.store import Error as StoreError
from lib.store import Store, orphans
from lib.store.schema import DIMENSIONS, METRICS, columns
from lib.ui import access as ui_access
from lib.ui import annotations
from lib.ui import owners as ui_owners
from lib.ui.markdown import md_escape as md

PREVIEW_ROWS = 10
UNREAD_SHOWN = 20   # columns named in the preview; the load summary holds them all
UNDO_ROWS = 20
# The channel page that shows each canonical table (links are drawn only for registered pages).
CHANNEL_PAGES = {
    "site_traffic": "site", "site_items": "site", "ad_performance": "paid",
    "search_console": "search", "social_performance": "social", "email_campaigns": "email",
    "orders": "customers", "experiment_results": "experiments", "mentions": "social",
    "site_friction": "site",

    "conversations": "social",
}
_UPLOADS, _READINGS, _VIEWS, _GENERIC = "data_uploads", "data_readings", "data_views", "data_generic"
_RESULTS, _FLASH = "data_results", "data_flash"


# -- pure helpers (no Streamlit calls) ---------------------------------------------------------
@dataclass
class Upload:
    """One thing to load: a file, or the CSV files of one Search Console export read together."""
    item_id: str
    name: str
    files: dict[str, bytes]

    @property
    def grouped(self) -> bool:
        return len(self.files) > 1

    @property
    def data(self) -> bytes:
        return next(iter(self.files.values()))


@dataclass
class Outcome:
    """What reading an upload gave: a Reading to preview, a table to map, or a refusal."""
    format: str = ""
    found: list[tuple[str, float]] = field(default_factory=list)
    reading: ingest.Reading | None = None
    table: Table | None = None
    refusal: str | None = None
    sha256: str = ""


@dataclass
class TableView:
    """One canonical table of a file as the preview shows it."""
    table: str
    grain: tuple[str, ...]
    rows: int
    start: date
    end: date
    daily: bool
    currencies: list[str]
    head: pd.DataFrame


@dataclass
class Ready:
    """A previewed upload the user may load."""
    item_id: str
    name: str
    sha256: str
    format: str
    parsed: list[Parsed]
    mapping: tuple[list[str], str, dict] | None = None   # (header, table, mapping) to save
    answers: ui_owners.Answers | None = None   # the account and currency the file did not name
    replace: bool = False                      # "replace anyway" after a stop (ui/owners.py)


def group_uploads(files: list[tuple[str, str, bytes]]) -> list[Upload]:
    """One Upload per export: the CSVs of one Search Console export go together
    (`sources.together`), every other file alone."""
    out = []
    for group in sources.together([(name, data) for _, name, data in files]):
        members = [files[i] for i in group]
        if len(members) == 1:
            fid, name, data = members[0]
            out.append(Upload(fid, name, {name: data}))
        else:
            out.append(Upload("gsc:" + "+".join(sorted(fid for fid, _, _ in members)),
                              ", ".join(name for _, name, _ in members),
                              {name: data for _, name, data in members}))
    return out


def read_upload(upload: Upload, source: str = "") -> Outcome:
    """Detect (or take `source`) and parse; unknown CSV/XLSX go to the column mapping."""
    if refusal := uploads.refusal(upload.files):   # name, size and content, before any reader
        return Outcome(source, refusal=refusal, sha256=ingest.sha256_of(upload.data))
    if upload.grouped:
        sha = ingest.sha256_of_export(upload.files)
        found = [(search_console.NAME, 0.9)]
        try:
            reading = ingest.read_export(upload.files)
        except Refused as exc:
            return Outcome(search_console.NAME, found, refusal=why(exc), sha256=sha)
        return Outcome(search_console.NAME, found, reading=reading, sha256=sha)
    data, name = upload.data, upload.name
    sha = ingest.sha256_of(data)
    if source == generic.NAME:
        return _generic(data, name, sha)
    try:
        reading = ingest.read_file(data, name, source or None)
        return Outcome(reading.format, reading.alternatives, reading=reading, sha256=sha)
    except Refused as exc:
        reason = why(exc)
    except Exception as exc:  # a parser bug on an odd file must refuse it, not break the page
        reason = Message(f"{name}: could not read the file ({type(exc).__name__}: {exc})",
                         "msg_read_failed", name=name, detail=f"{type(exc).__name__}: {exc}")
    if source or len(data) > ingest.MAX_UPLOAD_BYTES or not data.strip():
        return Outcome(source, refusal=reason, sha256=sha)
    found = [(m.NAME, round(c, 3)) for m, c in sources.detect(read_sample(data, name))]
    if found:
        return Outcome(found[0][0], found, refusal=reason, sha256=sha)
    return _generic(data, name, sha)


def _generic(data: bytes, name: str, sha: str) -> Outcome:
    try:
        table = mappings.read_table_for_mapping(data, name)
    except Refused as exc:
        return Outcome(generic.NAME, refusal=why(exc), sha256=sha)
    return Outcome(generic.NAME, table=table, sha256=sha)


def table_views(parsed: list[Parsed], rows: int = PREVIEW_ROWS) -> list[TableView]:
    """What each parsed table will store; raises ingest.IngestError like the load would."""
    views = []
    for p in parsed:
        prep = ingest.prepare(p)
        frame = prep.frame
        order = ["day_from", "day_to", *columns(p.table)]
        head = frame[[c for c in order if c in frame.columns]].head(rows).copy()
        for col in ("day_from", "day_to"):   # stored as DATE: show dates, not midnight times
            head[col] = pd.to_datetime(head[col]).dt.date
        head.insert(0, "source", prep.source)
        currencies = (sorted({str(c) for c in frame["currency"].dropna() if str(c).strip()})
                      if "currency" in frame else [])
        views.append(TableView(
            p.table, tuple(d for d in DIMENSIONS[p.table] if d in p.grain), len(frame),
            min(frame["day_from"]), max(frame["day_to"]),
            bool((frame["day_from"] == frame["day_to"]).all()), currencies, head))
    return views


# Stored sums shown as the figure the tools show: (shown column, divided by, factor, format).
DERIVED = {"position_sum": ("position", "impressions", 1.0, "%.1f"),
           "scroll_depth_sum": ("scroll_depth", "sessions", 0.01, "percent")}


def preview_table(head: pd.DataFrame, table: str, lang: str) -> tuple[pd.DataFrame, dict]:
    """A table's first rows as the user knows them: the average position (position_sum /
    impressions, as Search Console shows it) rather than the stored sum, systems and codes by
    their names, headers by the columns' display names in the page's language. Returns the frame
    and its column config."""
    frame = head.copy()
    config: dict = {}
    for total, (shown, base, factor, fmt) in DERIVED.items():
        if total not in frame or base not in frame:
            continue
        den = pd.to_numeric(frame[base], errors="coerce")
        frame.insert(frame.columns.get_loc(total), shown,
                     pd.to_numeric(frame[total], errors="coerce") * factor / den.where(den != 0))
        frame = frame.drop(columns=total)
        config[shown] = st.column_config.NumberColumn(names.column_label(shown, lang, table), format=fmt)
    if "source" in frame:
        frame["source"] = frame["source"].map(lambda code: _named(code, lang, system_first=True))
    frame = names.named(frame, lang)
    for col in frame.columns:
        config.setdefault(col, names.column_label(col, lang, table))
    return frame, config


# -- session state ------------------------------------------------------------------------------
def _state(name: str) -> dict:
    if name not in st.session_state:
        st.session_state[name] = {}
    return st.session_state[name]


def _remember(files) -> list[Upload]:
    """Keep the uploaded bytes by file id; forget files removed from the uploader."""
    uploads = _state(_UPLOADS)
    current = []
    for f in files or []:
        if f.file_id not in uploads:
            uploads[f.file_id] = (f.name, f.getvalue())
        current.append(f.file_id)
    for fid in [fid for fid in uploads if fid not in current]:
        del uploads[fid]
    items = group_uploads([(fid, *uploads[fid]) for fid in current])
    live = {u.item_id for u in items}
    for name in (_READINGS, _VIEWS, _GENERIC, _RESULTS):
        cache = _state(name)
        for key in [k for k in cache if (k[0] if isinstance(k, tuple) else k) not in live]:
            del cache[key]
    return items


def _read(upload: Upload, source: str, lang: str) -> Outcome:
    cache = _state(_READINGS)
    key = (upload.item_id, source)
    if key not in cache:
        with st.spinner(t("data_reading", lang, name=upload.name)):
            cache[key] = read_upload(upload, source)
    return cache[key]


def _views(key: tuple, parsed: list[Parsed]) -> list[TableView] | str:
    cache = _state(_VIEWS)
    if key not in cache:
        try:
            cache[key] = table_views(parsed)
        except (ingest.IngestError, Refused) as exc:
            cache[key] = why(exc)
        except Exception as exc:  # odd data must refuse the file, not break the page
            cache[key] = f"could not prepare the rows ({type(exc).__name__}: {exc})"
    return cache[key]


# -- labels -------------------------------------------------------------------------------------
def table_label(table: str, lang: str) -> str:
    return names.name("table", table, lang)


def _named(code: str, lang: str, system_first: bool = False) -> str:
    """A source or a load's format by its name: a file format's label, an API connector's, a
    system's (the demo's); `system_first` for a row's source (`meta`, not the format of that
    name). The code itself when nothing names it."""
    system = names.name("source", code, lang)
    if system_first and system != code:
        return system
    try:
        return _format_label(code, lang)
    except KeyError:
        return next((api.LABEL for api in sources.APIS if api.FORMAT == code), system)


def _format_label(name: str, lang: str) -> str:
    """A file format by its name in the page's language (data.toml's format_<name>)."""
    if name == generic.NAME:
        return t("data_generic_label", lang)
    module = sources.get(name)
    key = f"format_{module.NAME}"
    return t(key, lang) if key in i18n.STRINGS else getattr(module, "LABEL", module.NAME)


def _grain_text(view: TableView, lang: str) -> str:
    dims = [names.column_label(d, lang, view.table) for d in view.grain]   # "Annonce", not "ad"
    kind = t("data_daily" if view.daily else "data_totals", lang)
    return f"{kind}, {t('data_by', lang, dims=' × '.join(dims))}" if dims else kind


# -- the upload flow ----------------------------------------------------------------------------
def upload_section(lang: str) -> None:
    """Uploader, one preview per file, the Confirm button, then the load summaries."""
    if not ui_access.can("upload"):
        ui_access.read_only(lang)
        return
    # Any file reaches uploads.check_upload, whose refusal says in the page's words what to do.
    files = ui.file_uploader(t("data_upload", lang), uploads.EXTENSIONS, "data_upload", lang, checked=True,
                             accept_multiple_files=True, help=t("data_upload_help", lang))
    items = _remember(files)
    store = ui.store()
    ready = [r for r in (render_upload(store, u, lang) for u in items) if r]
    pending = [u for u in items if u.item_id not in _state(_RESULTS)]
    if not pending:
        return
    if not ready:
        st.caption(t("data_nothing_ready", lang))
    if st.button(t("data_confirm", lang, count=len(ready)), key="data_confirm", type="primary",
                 disabled=not ready, icon=":material/upload:"):
        load_ready(store, ready, lang)
        st.rerun()


def render_upload(store: Store, upload: Upload, lang: str) -> Ready | None:
    """One file: detection, override, period, currency, rows, warnings, rejected lines, preview."""
    with st.container(border=True):
        st.markdown(f"**{md(upload.name)}**")
        result = _state(_RESULTS).get(upload.item_id)
        if result:
            show_result(result, lang, upload.item_id)
            return None
        if upload.grouped:
            st.caption(t("data_group", lang, n=len(upload.files)))
        auto = _read(upload, "", lang)
        outcome = auto
        if not upload.grouped and auto.format:
            found = dict(auto.found)
            options = ([n for n, _ in auto.found]
                       + [m.NAME for m in sources.FORMATS if m.NAME not in found] + [generic.NAME])
            choice = st.selectbox(
                t("data_format_choice", lang), options, index=options.index(auto.format),
                key=f"data_fmt_{upload.item_id}", help=t("data_format_help", lang),
                format_func=lambda n: (t("data_format_option", lang, label=_format_label(n, lang),
                                         confidence=i18n.fmt_percent(found[n], lang, 0))
                                       if n in found else _format_label(n, lang)))
            if choice != auto.format:
                outcome = _read(upload, choice, lang)
        if outcome.refusal:
            st.warning(t("data_refused", lang, reason=say(outcome.refusal, lang)), icon=":material/block:")
            return None
        if outcome.table is not None:
            mapped = mapping_flow(store, upload, outcome.table, lang)
            if mapped is None:
                return None
            parsed, to_save, signature = mapped
            key = (upload.item_id, generic.NAME, signature)
        else:
            reading = outcome.reading
            if outcome is auto:
                st.markdown(t("data_detected", lang, label=md(_format_label(reading.format, lang)),
                              confidence=i18n.fmt_percent(reading.confidence, lang, 0)))
            else:
                st.markdown(t("data_forced", lang, label=md(_format_label(reading.format, lang))))
            parsed, to_save, key = reading.parsed, None, (upload.item_id, outcome.format)
        return preview(upload, outcome, parsed, to_save, key, lang)


def preview(upload: Upload, outcome: Outcome, parsed: list[Parsed], to_save, key: tuple,
            lang: str) -> Ready | None:
    """Period, currency and rows per table, notes, warnings, rejected lines, the stored rows."""
    views = _views(key, parsed)
    if isinstance(views, str):
        st.warning(t("data_refused", lang, reason=say(views, lang)), icon=":material/block:")
        return None
    for v in views:
        period = t("data_period_range", lang, start=i18n.fmt_date(v.start, lang),
                   end=i18n.fmt_date(v.end, lang))
        st.markdown(t("data_table_line", lang, table=table_label(v.table, lang),
                      rows=(t("data_row_one", lang) if v.rows == 1 else
                            t("data_rows", lang, n=i18n.fmt_number(v.rows, lang))), period=period,
                      grain=_grain_text(v, lang),
                      currency=", ".join(v.currencies) or t("data_no_currency", lang)))
    notes = {str(p.notes[k]) for p in parsed for k in ("period", "currency")
             if isinstance(p.notes.get(k), str) and len(p.notes[k]) > 3}
    for note in sorted(notes):
        st.caption(t("data_note", lang, note=note))
    for p in parsed:   # finer rows than Balise keeps, added up: said, never silent (issue 15)
        if p.notes.get("rollup"):
            st.caption(say(rollup.message(p.notes["rollup"], p.table), lang))
    # Columns no header word matched: a rate Balise recomputes, or a figure under a header it does
    # not know (a language or a wording not in the vocabulary); said, never silent.
    unread = list(dict.fromkeys(c for p in parsed for c in p.notes.get("unread") or []))
    if unread:   # a Shopify export leaves out 60: the first ones, and how many more
        listed = ", ".join(unread[:UNREAD_SHOWN])
        if len(unread) > UNREAD_SHOWN:
            listed = t("data_unread_more", lang, names=listed, count=len(unread) - UNREAD_SHOWN)
        st.caption(t("data_unread", lang, count=len(unread), names=md(listed)))
    for warning in dict.fromkeys(w for p in parsed for w in p.warnings):
        st.warning(say(warning, lang), icon=":material/warning:")
    rejected = [{"line": r.line, "reason": say(r.reason, lang)} for p in parsed for r in p.rejected]
    accepted = True
    if rejected:
        st.warning(t("data_rejected", lang, count=len(rejected)), icon=":material/warning:")
        ui.dataframe(pd.DataFrame(rejected), column_config={
            "line": st.column_config.NumberColumn(t("data_line", lang), format="%d"),
            "reason": t("data_reason", lang)})
        accepted = st.checkbox(t("data_accept_rejected", lang), key=f"data_accept_{upload.item_id}")
        if not accepted:
            st.caption(t("data_accept_needed", lang))
    st.caption(t("data_preview", lang, n=PREVIEW_ROWS))
    if len(views) == 1:
        shown, config = preview_table(views[0].head, views[0].table, lang)
        ui.dataframe(shown, column_config=config)
    else:
        tabs = st.tabs([f"{table_label(v.table, lang)} · {_grain_text(v, lang)}" for v in views])
        for tab, v in zip(tabs, views):
            shown, config = preview_table(v.head, v.table, lang)
            ui.dataframe(shown, where=tab, column_config=config)
    answers = ui_owners.ask(ui.store(), upload.item_id, outcome.format, parsed, lang)
    if not accepted or answers is None:
        return None
    return Ready(upload.item_id, upload.name, outcome.sha256, outcome.format, parsed, to_save, answers)


def mapping_flow(store: Store, upload: Upload, table: Table, lang: str):
    """The generic path: target table and one selectbox per column, saved mappings reused.

    Returns (parsed, mapping to save or None, signature) or None while the mapping is incomplete.
    """
    iid = upload.item_id
    base = mappings.mapping_for(store, table.columns)
    st.info(t("data_mapping_reused" if base.saved else "data_mapping_intro", lang),
            icon=":material/table_rows:")
    tables = list(DIMENSIONS)
    target = st.selectbox(t("data_target_table", lang), tables, index=tables.index(base.table),
                          key=f"data_gtable_{iid}", format_func=lambda x: table_label(x, lang))
    defaults = (base.columns if target == base.table
                else {c: v for c, v in generic.suggest_mapping(table.columns, target).items() if v})
    options = ["", *generic.table_columns(target)]
    grid = st.columns(3)
    chosen: dict[str, str | None] = {}
    for i, col in enumerate(table.columns):
        example = next((r[i] for r in table.rows[:50] if i < len(r) and r[i].strip()), "")
        value = defaults.get(col) or ""
        chosen[col] = grid[i % 3].selectbox(
            md(col) if col.strip() else t("data_column_n", lang, n=i + 1), options,
            index=options.index(value) if value in options else 0,
            key=f"data_gmap_{iid}_{target}_{i}", help=t("data_example", lang, value=example[:80]),
            format_func=lambda v: names.column_label(v, lang, target) if v else t("data_ignore", lang)) or None
    period = None
    if "day" not in chosen.values() and target not in generic.ROW_TIMES:
        st.caption(t("data_no_day", lang))
        left, right = st.columns(2)
        start = left.date_input(t("start", lang), value=None, key=f"data_gstart_{iid}", format="DD/MM/YYYY")
        end = right.date_input(t("end", lang), value=None, key=f"data_gend_{iid}", format="DD/MM/YYYY")
        if not (start and end):
            st.caption(t("data_need_period", lang))
            return None
        period = (min(start, end), max(start, end))
    used = [v for v in chosen.values() if v]
    twice = next((v for v in used if used.count(v) > 1), None)
    if twice:
        st.warning(t("data_mapping_twice", lang, column=twice))
        return None
    if not mappings.has_metric(target, chosen):
        st.warning(t("data_mapping_no_metric", lang, metrics=generic.ROW_TIMES.get(target)
                     or ", ".join(METRICS[target])))
        return None
    signature = (target, tuple(sorted((k, v) for k, v in chosen.items() if v)), period)
    cache = _state(_GENERIC)
    if cache.get(iid, (None,))[0] != signature:
        try:
            cache[iid] = (signature, mappings.apply(table, target, chosen, period, upload.name))
        except Refused as exc:
            cache[iid] = (signature, why(exc))
    parsed = cache[iid][1]
    if isinstance(parsed, str):
        st.warning(t("data_refused", lang, reason=say(parsed, lang)), icon=":material/block:")
        return None
    save = ui_access.can("edit_mappings") and st.checkbox(t("data_save_mapping", lang), value=True,
                                                          key=f"data_gsave_{iid}")
    to_save = (list(table.columns), target, {k: v for k, v in chosen.items() if v}) if save else None
    return [parsed], to_save, signature


def load_ready(store: Store, ready: list[Ready], lang: str) -> None:
    """Load the confirmed files one after the other (one transaction each), with a progress bar."""
    results = _state(_RESULTS)
    bar = st.progress(0.0)
    for i, r in enumerate(ready):
        def step(fraction: float, stage: str, table: str, i=i, r=r) -> None:
            bar.progress((i + fraction) / len(ready), text=t(
                "data_loading", lang, name=r.name, i=i + 1, n=len(ready),
                stage=t(f"data_stage_{stage}", lang, table=table)))
        answers = r.answers or ui_owners.Answers(None, None, "")
        try:
            summary = ingest.load_parsed(store, r.parsed, r.name, r.sha256, r.format, progress=step,
                                         account=answers.account, currency=answers.currency,
                                         replace=r.replace)
            if r.mapping:
                mappings.save_mapping(store, *r.mapping)
                summary["mapping_saved"] = True
            if answers.account and answers.shape:
                ui_owners.remember(store, answers.shape, answers.account)
        except ingest.Conflict as exc:
            summary = {**ingest.refused_summary(r.name, str(exc)), "conflicts": exc.figures}
            ui_owners.keep_stopped(r.item_id, r)
        except (ingest.IngestError, Refused, StoreError, ValueError) as exc:
            summary = ingest.refused_summary(r.name, why(exc))
        results[r.item_id] = summary
    bar.progress(1.0, text=t("data_loading_done", lang))


def show_result(summary: dict, lang: str, item_id: str = "") -> None:
    """The load summary of one file, with links to the channel pages of its tables."""
    status = summary.get("status")
    if summary.get("conflicts"):
        if ui_owners.conflict_box(summary, item_id, lang):
            ready = ui_owners.stopped(item_id)
            ui_owners.forget(item_id)
            ready.replace = True
            load_ready(ui.store(), [ready], lang)
            st.rerun()
        return
    if status == "refused":
        st.warning(t("data_load_refused", lang, reason=say(summary.get("reason", ""), lang)), icon=":material/block:")
        return
    if status == "loaded":
        st.success(t("data_loaded", lang, load_id=summary["load_id"], count=summary["inserted"],
                     replaced=t("data_n_replaced", lang, count=summary["replaced"]),
                     unchanged=t("data_n_unchanged", lang, count=summary["unchanged"])), icon=":material/check_circle:")
    else:
        st.info(t("data_unchanged", lang, rows=i18n.fmt_number(summary.get("rows", 0), lang)),
                icon=":material/sync:")
    for warning in dict.fromkeys(summary.get("warnings") or []):
        st.caption(f"⚠️ {say(warning, lang)}")
    if summary.get("mapping_saved"):
        st.caption(t("data_mapping_saved", lang))
    tables = dict.fromkeys(tb["table"] for tb in summary.get("tables") or [])
    for key in dict.fromkeys(CHANNEL_PAGES[tb] for tb in tables if tb in CHANNEL_PAGES):
        try:
            st.page_link(f"pages/{key}.py", label=t("data_see_page", lang, page=t(f"page_{key}", lang)),
                         icon=":material/arrow_forward:")
        except StreamlitAPIException:
            pass  # that channel page is not registered in app.py (yet)


# -- load log and undo --------------------------------------------------------------------------
def load_log(lang: str) -> None:
    """Every load, newest first; each loaded one can be undone after a confirmation."""
    store = ui.store()
    st.subheader(t("data_log", lang))
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.warning)(flash[1])
    orphans_notice(store, lang)
    log = ingest.list_loads(store)
    if log.empty:
        st.caption(t("data_log_empty", lang))
        return
    shown = log.copy()
    shown["status"] = shown["status"].map(
        lambda s: t(f"data_status_{s}", lang) if f"data_status_{s}" in i18n.STRINGS else s)
    # names, not codes: "Publicité, Conversations", "Meta Ads Manager report", "Démo"
    shown["tables"] = shown["tables"].map(
        lambda v: ", ".join(table_label(x, lang) for x in str(v).split(",") if x) if isinstance(v, str) else v)
    shown["format"] = shown["format"].map(lambda v: _named(v, lang) if isinstance(v, str) else v)
    config = {c: t(f"data_col_{c}", lang) for c in shown.columns}
    config["file_name"] = st.column_config.TextColumn(t("data_col_file_name", lang), width="large")
    config["tables"] = st.column_config.TextColumn(t("data_col_tables", lang), width="medium")
    config["loaded_at"] = st.column_config.DatetimeColumn(t("data_col_loaded_at", lang),
                                                          format="DD/MM/YYYY HH:mm")
    ui.dataframe(shown, column_config=config)
    if not ui_access.can("undo"):
        return
    undoable = log[log["status"] == "loaded"]
    if len(undoable) > UNDO_ROWS:
        st.caption(t("data_undo_more", lang, n=UNDO_ROWS))
    grid = st.columns(4)
    for i, row in enumerate(undoable.head(UNDO_ROWS).itertuples()):
        load_id = int(row.load_id)
        with grid[i % 4].popover(t("data_undo", lang, load_id=load_id), icon=":material/undo:",
                                 width="stretch"):
            st.markdown(t("data_undo_text", lang, load_id=load_id, file=md(row.file_name)))
            if st.button(t("data_undo_confirm", lang), key=f"data_undo_{load_id}", type="primary"):
                undo(store, load_id, lang)
                st.rerun()


_orphans = ui.cached(orphans.find, max_entries=4)


def orphans_notice(store: Store, lang: str) -> None:
    """Rows no logged load owns (a load killed at its commit): said to all, repaired by an editor."""
    found = _orphans()
    if not found:
        return
    st.warning(t("data_orphans", lang, count=found.total, ids=", ".join(map(str, found.load_ids))))
    if ui_access.can("undo") and st.button(t("data_orphans_repair", lang), key="data_orphans_repair"):
        done = orphans.repair(store)
        st.session_state[_FLASH] = ("success", t("data_orphans_repaired", lang, count=done.total))
        st.rerun()


def undo(store: Store, load_id: int, lang: str) -> None:
    """Undo one load; the outcome is shown at the top of the log after the rerun."""
    try:
        done = ingest.undo(store, load_id)
    except ingest.IngestError as exc:
        st.session_state[_FLASH] = ("warning", t("data_undo_refused", lang, reason=say(why(exc), lang)))
        return
    st.session_state[_FLASH] = ("success", t("data_undone", lang, load_id=load_id, count=done["deleted"],
                                             restored=t("data_n_restored", lang, count=done["restored"])))
    # The file that made this load shows its preview again, so it can be loaded anew.
    results = _state(_RESULTS)
    for item_id in [k for k, v in results.items() if v.get("load_id") == load_id]:
        del results[item_id]


# -- annotations --------------------------------------------------------------------------------
def annotations_section(lang: str) -> None:
    """The annotation form and list."""
    st.subheader(t("data_annotations", lang))
    annotations.annotation_form(lang, "data_annotations")
    annotations.annotation_list(lang)
