"""Streamlit pieces of the API connections: the Sources section of the Data page, the freshness
strip of the sidebar, and the GA4 realtime panel.

Credentials live in `st.secrets`, the environment, or the local file `lib.connections` writes
0600; never in the workspace (DuckDB), never rendered back: a saved key shows only as the
service account's e-mail, a masked `••••-us21` or "token saved". Every error text goes through
`lib.redact` with the source's secrets before it reaches the page. Which sources, their names,
icons, forms, checks and connection tests: the connectors of lib.sources.APIS.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import i18n, redact, sources, ui
from lib.charts import base as charts
from lib.i18n import t
from lib.i18n.messages import say
from lib.ingest import connections, freshness
from lib.ingest import pull as pulling
from lib.sources import ga4_api
from lib.sources.http import Policy, PullError
from lib.ui import secrets as ui_secrets
from lib.ui import state as ui_state

REALTIME_EVERY = 60       # seconds between two realtime refreshes
TEST_POLICY = dict(attempts=2, timeout=20.0, max_wait=10.0)
_RESULTS = "src_results"  # session: source -> (kind, text, warnings) left by an action


# -- where the credentials come from (no rendering) --------------------------------------------
def connections_file() -> Path:
    return Path(os.environ.get("BALISE_CONNECTIONS") or connections.CONNECTIONS_FILE)


def file_configs() -> dict[str, dict]:
    """What the local connections file holds (what the forms edit)."""
    try:
        return connections.load({}, path=connections_file(), env={})
    except (ValueError, OSError):
        return {s: {} for s in connections.names()}


def outside_configs(secrets: dict | None = None, env=None) -> dict[str, dict]:
    """Settings from the environment then the secrets, which win over the file key by key."""
    env = os.environ if env is None else env
    found: dict[str, dict] = {s: {} for s in connections.names()}
    for var, (source, key) in connections.env_vars().items():
        if env.get(var):
            found[source][key] = env[var]
    # Same reading of [ga4], [gcp_service_account]... as connections.load.
    for source, values in connections._from_secrets(
            ui_secrets.available() if secrets is None else secrets).items():
        found[source].update(values)
    return found


def configs() -> dict[str, dict]:
    """Every source's settings: file, then environment, then secrets (as `connections.load`)."""
    merged = file_configs()
    for source, values in outside_configs().items():
        merged[source].update(values)
    return merged


def managed_outside(source: str) -> str | None:
    """"secrets" or "env" when those alone configure SOURCE (the page then offers no form)."""
    outside = outside_configs()[source]
    if source not in connections.configured_sources({source: outside}):
        return None
    from_secrets = connections._from_secrets(ui_secrets.available()).get(source)
    return "secrets" if from_secrets else "env"


def ga4_connected() -> bool:
    """Whether GA4 has a property and a service-account key (the realtime panel's guard)."""
    return "ga4" in connections.configured_sources(configs())


# -- pure texts ----------------------------------------------------------------------------------
def saved_text(source: str, config: dict, lang: str) -> str:
    """What is configured, without a single secret character."""
    if source not in connections.configured_sources({source: config}):
        return t("src_not_connected", lang)
    return t(f"src_{source}_saved", lang, **sources.api(source).saved(config))


def summary_text(summary: dict, lang: str) -> str:
    """A pull's JSON summary as one sentence: rows added/replaced, days covered."""
    n = lambda v: i18n.fmt_number(v or 0, lang)  # noqa: E731
    text = t("src_summary", lang, inserted=n(summary.get("inserted")),
             replaced=n(summary.get("replaced")), unchanged=n(summary.get("unchanged")),
             start=_day(summary.get("start"), lang), end=_day(summary.get("end"), lang))
    if "days" in summary:
        text += " " + t("src_summary_days", lang, days=n(summary["days"]),
                        empty=n(len(summary.get("empty_days") or [])))
    if summary.get("bytes_billed") is not None and "bytes_estimated" in summary:
        text += " " + t("src_summary_billed", lang,
                        mb=i18n.fmt_number(summary["bytes_billed"] / 10 ** 6, lang, 1),
                        scanned=i18n.fmt_number(summary["bytes_estimated"] / 10 ** 6, lang, 1))
    if "campaigns" in summary:
        text += " " + t("src_summary_campaigns", lang, n=n(summary["campaigns"]))
    return text


def _day(value, lang: str) -> str:
    try:
        return i18n.fmt_date(date.fromisoformat(str(value)), lang)
    except ValueError:
        return t("na", lang)


def quota_text(summary: dict, lang: str) -> str | None:
    """GA4's daily token budget left after the pull."""
    quota = summary.get("quota")   # other sources state theirs as a sentence or their own dict
    left = ((quota if isinstance(quota, dict) else {}).get("tokensPerDay") or {}).get("remaining")
    return None if left is None else t("src_quota", lang, n=i18n.fmt_number(left, lang))


def failure_text(error, lang: str, secrets) -> str:
    """Why a pull or a test failed, in the page's language (a Message is worded, a plain text kept
    as it is), every secret masked again after wording."""
    if isinstance(error, PullError):
        reason = error.message
    elif isinstance(error, Exception):   # a client library's own error: English, as it is
        reason = str(error)
    else:
        reason = error
    return redact.redact(say(redact.redact_message(reason or "", secrets), lang), secrets)


# -- network actions (no rendering) ----------------------------------------------------------------
def check_connection(source: str, config: dict, lang: str) -> str:
    """One cheap authenticated call; the sentence to show, or PullError (already redacted)."""
    found = sources.api(source).ping(config, Policy(**TEST_POLICY))
    return t(f"src_test_ok_{source}", lang, **{
        k: i18n.fmt_number(v, lang) if isinstance(v, int) else v for k, v in found.items()})


# -- the Sources section -------------------------------------------------------------------------------
def sources_section(lang: str) -> None:
    """One expander per API: what is connected, the form (unless in secrets), test, refresh."""
    st.subheader(t("src_title", lang))
    st.caption(t("src_intro", lang, file=connections_file().name))
    conns = configs()
    ready = connections.configured_sources(conns)
    results = st.session_state.setdefault(_RESULTS, {})
    for api in sources.APIS:
        source = api.NAME
        state = t("src_connected", lang) if source in ready else t("src_not_connected", lang)
        with st.expander(f"{api.LABEL} · {state}", icon=api.ICON, expanded=source in results):
            _show_result(results.pop(source, None))
            st.caption(saved_text(source, conns[source], lang))
            where = managed_outside(source)
            if where:
                st.info(t(f"src_in_{where}", lang), icon=":material/lock:")
            else:
                _form(api, file_configs()[source], lang)
            if source in ready:
                _actions(source, conns[source], lang)
    if "ga4" in ready:
        realtime_panel(lang)


def _show_result(result) -> None:
    if not result:
        return
    kind, text, warnings = result
    {"success": st.success, "info": st.info, "error": st.error}[kind](text)
    for warning in warnings:
        st.caption(f":material/warning: {ui.md_escape(warning)}")


def _leave(source: str, kind: str, text: str, warnings=()) -> None:
    """Keep an outcome for the next run and rerun (the sidebar's freshness is drawn first)."""
    st.session_state.setdefault(_RESULTS, {})[source] = (kind, text, list(warnings))
    st.rerun()


def _save(source: str, values: dict, drop: tuple = ()) -> None:
    found = file_configs()
    for key in drop:
        found[source].pop(key, None)
    found[source].update(values)
    connections.save(found, connections_file())


# The forms submit through callbacks: they run before the next script run, so the outcome and
# the sidebar's state are drawn once, and the secret fields can be emptied (widget state cannot
# be changed once the widget is drawn). clear_on_submit empties them in the browser too.
def _form(api, config: dict, lang: str) -> None:
    """The connection form of one API, drawn from its FORM fields."""
    source = api.NAME
    modes = {}
    for field in api.FORM:
        if field.kind == "service_account":
            # Paste by default: one file uploader only on the Data page unless the user asks.
            key = f"src_{source}_{field.name}"
            modes[field.name] = st.radio(t(f"{key}_mode", lang), ("paste", "file"),
                                         horizontal=True, key=f"{key}_mode",
                                         format_func=lambda m, k=key: t(f"{k}_{m}", lang))
    with st.form(f"src_{source}_form", clear_on_submit=True):
        for field in api.FORM:
            _field(source, field, config, modes.get(field.name), lang)
        st.form_submit_button(t("src_save", lang), icon=":material/save:", key=f"src_{source}_save",
                              on_click=_submit, args=(source, lang))


def _field(source: str, field, config: dict, mode: str | None, lang: str) -> None:
    """One input of a connection form: a setting shown, a secret never shown, or a JSON key."""
    key = f"src_{source}_{field.name}"
    if field.kind == "service_account":
        if mode == "file":
            ui.file_uploader(t(f"{key}_file", lang), ["json"], f"{key}_file", lang,
                             help=t(f"{key}_help", lang))
        else:
            st.text_area(t(f"{key}_text", lang), key=f"{key}_text", help=t(f"{key}_help", lang),
                         height=120)
        return
    extra = {"help": t(f"{key}_help", lang)} if field.help else {}
    if field.kind == "secret":
        placeholder = (t(field.saved, lang, **sources.api(source).saved(config))
                       if field.saved and config.get(field.setting) else "")
        st.text_input(t(key, lang), type="password", key=key, placeholder=placeholder, **extra)
        return
    if field.placeholder:
        extra["placeholder"] = field.placeholder
    st.text_input(t(key, lang), value=str(config.get(field.setting) or ""), key=key, **extra)


def form_values(source: str, state) -> dict:
    """The form's values by field name (a JSON key: the uploaded file, else the pasted text)."""
    values = {}
    for field in sources.api(source).FORM:
        key = f"src_{source}_{field.name}"
        if field.kind == "service_account":
            upload = state.get(f"{key}_file")
            values[field.name] = (upload.getvalue().decode("utf-8", "replace") if upload
                                  else str(state.get(f"{key}_text") or "").strip())
        else:
            values[field.name] = state.get(key)
    return values


def secret_widgets(source: str) -> list[str]:
    """The form's widgets that hold a secret, emptied once the form is submitted."""
    found = []
    for field in sources.api(source).FORM:
        key = f"src_{source}_{field.name}"
        if field.kind == "service_account":
            found.append(f"{key}_text")
        elif field.kind == "secret":
            found.append(key)
    return found


def _submit(source: str, lang: str) -> None:
    """Form callback: check, save to the 0600 file, leave the outcome, empty the secret fields."""
    state = st.session_state
    config = file_configs()[source]
    try:
        values, drop = sources.api(source).check(form_values(source, state), config)
    except ValueError as exc:
        outcome = ("error", t(str(exc), lang), [])
    else:
        _save(source, values, drop)
        outcome = ("success", t("src_saved", lang, what=saved_text(
            source, {**{k: v for k, v in config.items() if k not in drop}, **values}, lang)), [])
    state.setdefault(_RESULTS, {})[source] = outcome
    for key in secret_widgets(source):
        if key in state:
            state[key] = ""


def _actions(source: str, config: dict, lang: str) -> None:
    """Test the connection, refresh now, forget the saved credentials."""
    secrets = redact.secrets_of(config)
    test_col, refresh_col, forget_col = st.columns(3)
    test = test_col.button(t("src_test", lang), key=f"src_{source}_test",
                           icon=":material/network_check:", width="stretch")
    refresh = refresh_col.button(t("src_refresh", lang), key=f"src_{source}_refresh", type="primary",
                                 icon=":material/sync:", width="stretch")
    in_file = source in connections.configured_sources({source: file_configs()[source]})
    forget = in_file and forget_col.button(t("src_forget", lang), key=f"src_{source}_forget",
                                           icon=":material/delete:", width="stretch")
    if test:
        try:
            st.success(check_connection(source, config, lang), icon=":material/check_circle:")
        except Exception as exc:   # PullError, or a key the client library refuses
            st.error(t("src_test_failed", lang, reason=ui.md_escape(failure_text(exc, lang, secrets))))
    if refresh:
        _refresh(source, config, lang)
    if forget:
        found = file_configs()
        found[source] = {k: v for k, v in found[source].items() if k == "endpoint"}
        connections.save(found, connections_file())
        _leave(source, "info", t("src_forgotten", lang))


def _refresh(source: str, config: dict, lang: str) -> None:
    store = ui.store()
    secrets = redact.secrets_of(config)
    name = sources.api(source).LABEL
    with st.status(t("src_pulling", lang, source=name), expanded=True) as box:
        bar = st.progress(0.0)

        def progress(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0,
                         text=t("src_progress", lang, done=done, total=total))

        try:
            summary = pulling.pull(store, source, config, progress=progress)
        except Exception as exc:   # never let a traceback carry a key to the page
            summary = {"source": source, "status": "failed", "error": failure_text(exc, lang, secrets)}
        ok = summary.get("status") == "ok"
        box.update(label=t("src_pulled" if ok else "src_pull_failed_short", lang, source=name),
                   state="complete" if ok else "error")
    if ok:
        text = summary_text(summary, lang)
        quota = quota_text(summary, lang)
        _leave(source, "success", text + (f" {quota}" if quota else ""),
               [redact.redact(say(w, lang), secrets) for w in summary.get("warnings") or []])
        return
    # What a failed pull loaded before failing is kept: say both.
    reason = ui.md_escape(failure_text(summary.get("error"), lang, secrets))
    done = summary_text(summary, lang) if summary.get("inserted") or summary.get("replaced") else ""
    _leave(source, "error", t("src_pull_failed", lang, reason=reason) + (f" {done}" if done else ""))


# -- freshness strip (sidebar, every page) -----------------------------------------------------------
@ui.cached(max_entries=64, reads=ui_state.of_table)
def _last_days(store, table: str) -> list[tuple]:
    return freshness.last_days(store, (table,))


@ui.cached(max_entries=32)
def _status(store, today: date, also: tuple) -> list[freshness.Freshness]:
    # each table's last days read again only when it changed: a Meta load re-reads the ads' alone
    days = [row for table in freshness.FACT_TABLES for row in _last_days(table)]
    return freshness.status(store, today, also=also, days=days)


def freshness_lines(items: list[freshness.Freshness], lang: str) -> list[str]:
    """One markdown line per source: last pull (or load), last day with data, stale flag."""
    lines = []
    for item in items:
        parts = [f"**{item.label}**"]
        if item.last_day:
            parts.append(t("src_fresh_data", lang, day=i18n.fmt_date(item.last_day, lang)))
        else:
            parts.append(t("src_fresh_no_data", lang))
        when = item.last_pull or item.last_load
        if when:
            parts.append(t("src_fresh_pulled" if item.last_pull else "src_fresh_loaded", lang,
                           when=f"{i18n.fmt_date(when.date(), lang)} {when:%H:%M}"))
        else:
            parts.append(t("src_fresh_never", lang))
        line = " · ".join(parts)
        if item.stale:
            line = ":material/warning: " + line + " · " + t(
                "src_fresh_stale", lang, n=item.days_without_data)
        elif item.stale_accounts:   # one site or account stopped while the others go on
            line = ":material/warning: " + line + " · " + ", ".join(
                t("src_fresh_stale_account", lang, account=account, n=n)
                for account, n in item.stale_accounts.items())
        lines.append(line)
    return lines


def freshness_strip(lang: str) -> None:
    """Sidebar: each source's last pull and last day with data; stale ones flagged and open."""
    connected = tuple(dict.fromkeys(sources.api(s).ORIGIN
                                    for s in connections.configured_sources(configs())))
    items = _status(date.today(), connected)
    if not items:
        return
    stale = sum(i.stale or bool(i.stale_accounts) for i in items)
    label = (t("src_fresh_title_stale", lang, count=stale) if stale
             else t("src_fresh_title", lang, n=len(items)))
    with st.sidebar.expander(label, expanded=bool(stale),
                             icon=":material/warning:" if stale else ":material/schedule:"):
        for line in freshness_lines(items, lang):
            st.caption(line)


# -- GA4 realtime -----------------------------------------------------------------------------------------
@st.cache_data(ttl=REALTIME_EVERY - 5, max_entries=8, show_spinner=False)
def _realtime(key: tuple, _config: dict) -> pd.DataFrame:
    return ga4_api.realtime(_config)


@st.fragment(run_every=REALTIME_EVERY)
def realtime_panel(lang: str) -> None:
    """Active users over the last 30 minutes by device and country, refreshed every minute."""
    config = configs()["ga4"]
    if "ga4" not in connections.configured_sources({"ga4": config}):
        return
    st.subheader(t("src_rt_title", lang))
    # GA4's Realtime API has no traffic-source dimension: say so rather than show nothing.
    st.caption(t("src_rt_caption", lang))
    key = (str(config.get("property_id")), str(config.get("endpoint") or ""),
           ga4_api.client_email(config))
    try:
        frame = _realtime(key, config)
    except Exception as exc:   # PullError, or a key the client library refuses
        st.warning(t("src_rt_failed", lang,
                     reason=ui.md_escape(failure_text(exc, lang, redact.secrets_of(config)))))
        return
    st.caption(t("src_rt_updated", lang, time=f"{datetime.now():%H:%M}"))
    if frame.empty:
        st.info(t("src_rt_none", lang))
        return
    st.metric(t("src_rt_active", lang), i18n.fmt_number(frame["active_users"].sum(), lang))
    columns = st.columns(2)
    for col, dim in zip(columns, ("device", "country"), strict=True):
        by = frame.groupby(dim, as_index=False)["active_users"].sum()
        ui.chart(charts.bars(by, dim, "active_users", t("src_rt_active", lang), "count",
                             labels={dim: t(f"dim_{dim}", lang)}), lang, col)
