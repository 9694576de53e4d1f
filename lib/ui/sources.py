"""Streamlit pieces of the API connections: the Sources section of the Data page, the freshness
strip of the sidebar, and the GA4 realtime panel.

Credentials live in `st.secrets`, the environment, or the local file `lib.connections` writes
0600; never in the workspace (DuckDB), never rendered back: a saved key shows only as the
service account's e-mail, a masked `••••-us21` or "token saved". Every error text goes through
`connections.redact` with the source's secrets before it reaches the page.
"""
from __future__ import annotations

import json
import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import requests
import streamlit as st

from lib import i18n, redact
from lib.charts import base as charts
from lib.i18n import t
from lib.ingest import connections, freshness
from lib.sources.http import Policy, PullError
from lib.ui import core as ui

SOURCES = connections.SOURCES                     # ga4, mailchimp, meta
NAMES = {"ga4": "Google Analytics 4", "mailchimp": "Mailchimp", "meta": "Meta Ads"}
ICONS = {"ga4": ":material/language:", "mailchimp": ":material/mail:",
         "meta": ":material/ads_click:"}
MAILCHIMP_KEY = re.compile(r"[0-9A-Za-z]{8,}-([a-z]{2,4}\d{1,3})")
META_ACCOUNT = re.compile(r"(?:act_)?(\d+)")
GA4_PROPERTY = re.compile(r"(?:properties/|p)?(\d{3,})")
MASK = "••••"
GA4_CHUNK_DAYS = 10       # a GA4 refresh runs in chunks of days, so the bar moves
REALTIME_EVERY = 60       # seconds between two realtime refreshes
TEST_POLICY = dict(attempts=2, timeout=20.0, max_wait=10.0)
_RESULTS = "src_results"  # session: source -> (kind, text, warnings) left by an action


# -- where the credentials come from (no rendering) --------------------------------------------
def connections_file() -> Path:
    return Path(os.environ.get("BALISE_CONNECTIONS") or connections.CONNECTIONS_FILE)


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:   # no secrets file at all, or an unreadable one
        return {}


def file_configs() -> dict[str, dict]:
    """What the local connections file holds (what the forms edit)."""
    try:
        return connections.load({}, path=connections_file(), env={})
    except (ValueError, OSError):
        return {s: {} for s in SOURCES}


def outside_configs(secrets: dict | None = None, env=None) -> dict[str, dict]:
    """Settings from the environment then the secrets, which win over the file key by key."""
    env = os.environ if env is None else env
    found: dict[str, dict] = {s: {} for s in SOURCES}
    for var, (source, key) in connections.ENV_VARS.items():
        if env.get(var):
            found[source][key] = env[var]
    # Same reading of [ga4], [gcp_service_account]... as connections.load.
    for source, values in connections._from_secrets(
            _secrets() if secrets is None else secrets).items():
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
    from_secrets = connections._from_secrets(_secrets()).get(source)
    return "secrets" if from_secrets else "env"


def ga4_connected() -> bool:
    """Whether GA4 has a property and a service-account key (the realtime panel's guard)."""
    return "ga4" in connections.configured_sources(configs())


# -- pure checks and texts -----------------------------------------------------------------------
def parse_service_account(text: str) -> tuple[dict | None, str | None]:
    """(key, None) when TEXT is a usable service-account JSON key, else (None, i18n error key)."""
    try:
        info = json.loads(text)
    except ValueError:
        return None, "src_ga4_key_not_json"
    if not isinstance(info, dict) or info.get("type") != "service_account":
        return None, "src_ga4_key_not_sa"
    if not info.get("client_email") or "PRIVATE KEY" not in str(info.get("private_key") or ""):
        return None, "src_ga4_key_incomplete"
    return info, None


def masked_key(api_key: str) -> str:
    """A Mailchimp key as `••••-us21`: its data center only."""
    found = MAILCHIMP_KEY.fullmatch(str(api_key or "").strip())
    return f"{MASK}-{found.group(1)}" if found else MASK


def client_email(config: dict) -> str:
    """The service account's e-mail (not a secret), from the key or the key file."""
    from lib.sources import ga4_api  # the Google client loads only where GA4 is used
    try:
        return str(ga4_api.credentials_info(config).get("client_email") or "")
    except PullError:
        return ""


def saved_text(source: str, config: dict, lang: str) -> str:
    """What is configured, without a single secret character."""
    if source not in connections.configured_sources({source: config}):
        return t("src_not_connected", lang)
    if source == "ga4":
        found = GA4_PROPERTY.fullmatch(str(config.get("property_id") or "").strip())
        return t("src_ga4_saved", lang, property=found.group(1) if found else "?",
                 email=client_email(config) or "?")
    if source == "mailchimp":
        return t("src_mailchimp_saved", lang, masked=masked_key(config.get("api_key")))
    found = META_ACCOUNT.fullmatch(str(config.get("account_id") or "").strip())
    return t("src_meta_saved", lang, account=f"act_{found.group(1)}" if found else "?")


def summary_text(summary: dict, lang: str) -> str:
    """A pull's JSON summary as one sentence: rows added/replaced, days covered."""
    n = lambda v: i18n.fmt_number(v or 0, lang)  # noqa: E731
    text = t("src_summary", lang, inserted=n(summary.get("inserted")),
             replaced=n(summary.get("replaced")), unchanged=n(summary.get("unchanged")),
             start=_day(summary.get("start"), lang), end=_day(summary.get("end"), lang))
    if "days" in summary:
        text += " " + t("src_summary_days", lang, days=n(summary["days"]),
                        empty=n(len(summary.get("empty_days") or [])))
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
    left = ((summary.get("quota") or {}).get("tokensPerDay") or {}).get("remaining")
    return None if left is None else t("src_quota", lang, n=i18n.fmt_number(left, lang))


# -- network actions (no rendering) ----------------------------------------------------------------
def check_connection(source: str, config: dict, lang: str) -> str:
    """One cheap authenticated call; the sentence to show, or PullError (already redacted)."""
    policy = Policy(**TEST_POLICY)
    if source == "ga4":
        from lib.sources import ga4_api
        client = ga4_api.make_client(config)
        groups, _ = ga4_api.check_names(client, config, policy)
        return t("src_test_ok_ga4", lang, property=ga4_api.property_name(config),
                 email=client_email(config), metrics=sum(len(g) for g in groups))
    if source == "mailchimp":
        from lib.sources import mailchimp_api
        from lib.sources.http import request_json
        reply = request_json(requests.Session(), "GET", mailchimp_api.base_url(config) + "/reports",
                             label="Mailchimp", policy=policy,
                             secrets=redact.secrets_of(config), hints=mailchimp_api.HINTS,
                             params={"count": 1, "fields": "total_items"},
                             auth=("balise", config["api_key"]))
        return t("src_test_ok_mailchimp", lang,
                 n=i18n.fmt_number(int(reply.data.get("total_items") or 0), lang))
    from lib.sources import meta_api
    meta = meta_api.Meta(config, policy=policy)
    me = meta.call("GET", "me", fields="id,name")
    return t("src_test_ok_meta", lang, name=str(me.get("name") or me.get("id") or "?"),
             account=meta.account)


def run_pull(store, source: str, config: dict, progress=None, today: date | None = None) -> dict:
    """The source's incremental pull, GA4 in chunks of days so PROGRESS(done, total) can move.

    Never raises for API or data problems: the summary's status says (error already redacted).
    """
    from lib.commands.pull import pull_one

    progress = progress or (lambda done, total: None)
    if source != "ga4":
        progress(0, 1)
        summary = pull_one(store, source, config)
        progress(1, 1)
        return summary
    from lib.sources import ga4_api
    try:
        start, end = ga4_api.window(store, None, None, today)
    except PullError as exc:
        return {"source": source, "status": "failed",
                "error": redact.redact(str(exc), redact.secrets_of(config))}
    chunks = []
    while start <= end:
        chunks.append((start, min(end, start + timedelta(days=GA4_CHUNK_DAYS - 1))))
        start = chunks[-1][1] + timedelta(days=1)
    total: dict = {}
    for i, (first, last) in enumerate(chunks):
        progress(i, len(chunks))
        part = pull_one(store, source, config, first, last)
        total = merge_summaries(total, part)
        if part.get("status") != "ok":
            break
    progress(len(chunks), len(chunks))
    return total


def merge_summaries(total: dict, part: dict) -> dict:
    """Two consecutive pull summaries of one source as one."""
    if not total:
        return dict(part)
    merged = {**total, **{k: v for k, v in part.items() if k not in ("start",)}}
    for key in ("days", "campaigns", "chunks", "inserted", "replaced", "unchanged"):
        if key in total or key in part:
            merged[key] = (total.get(key) or 0) + (part.get(key) or 0)
    for key in ("load_ids", "warnings", "empty_days"):
        if key in total or key in part:
            merged[key] = list(total.get(key) or []) + list(part.get(key) or [])
    merged["quota"] = part.get("quota") or total.get("quota")
    return merged


# -- the Sources section -------------------------------------------------------------------------------
def sources_section(lang: str) -> None:
    """One expander per API: what is connected, the form (unless in secrets), test, refresh."""
    st.subheader(t("src_title", lang))
    st.caption(t("src_intro", lang, file=connections_file().name))
    conns = configs()
    ready = connections.configured_sources(conns)
    results = st.session_state.setdefault(_RESULTS, {})
    for source in SOURCES:
        state = t("src_connected", lang) if source in ready else t("src_not_connected", lang)
        with st.expander(f"{NAMES[source]} · {state}", icon=ICONS[source],
                         expanded=source in results):
            _show_result(results.pop(source, None))
            st.caption(saved_text(source, conns[source], lang))
            where = managed_outside(source)
            if where:
                st.info(t(f"src_in_{where}", lang), icon=":material/lock:")
            else:
                FORMS[source](file_configs(), lang)
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
        st.caption(f":material/warning: {warning}")


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
def _ga4_form(saved: dict, lang: str) -> None:
    config = saved["ga4"]
    # Paste by default: one file uploader only on the Data page unless the user asks for this one.
    mode = st.radio(t("src_ga4_key_mode", lang), ("paste", "file"), horizontal=True,
                    key="src_ga4_key_mode", format_func=lambda m: t(f"src_ga4_key_{m}", lang))
    with st.form("src_ga4_form", clear_on_submit=True):
        st.text_input(t("src_ga4_property", lang), value=str(config.get("property_id") or ""),
                      key="src_ga4_property", help=t("src_ga4_property_help", lang))
        if mode == "file":
            st.file_uploader(t("src_ga4_key_file", lang), type=["json"], key="src_ga4_key_file",
                             help=t("src_ga4_key_help", lang))
        else:
            st.text_area(t("src_ga4_key_text", lang), key="src_ga4_key_text",
                         help=t("src_ga4_key_help", lang), height=120)
        st.form_submit_button(t("src_save", lang), icon=":material/save:", key="src_ga4_save",
                              on_click=_submit, args=("ga4", lang))


def _mailchimp_form(saved: dict, lang: str) -> None:
    config = saved["mailchimp"]
    with st.form("src_mailchimp_form", clear_on_submit=True):
        st.text_input(t("src_mailchimp_key", lang), type="password", key="src_mailchimp_key",
                      help=t("src_mailchimp_key_help", lang),
                      placeholder=masked_key(config["api_key"]) if config.get("api_key") else "")
        st.form_submit_button(t("src_save", lang), icon=":material/save:",
                              key="src_mailchimp_save", on_click=_submit, args=("mailchimp", lang))


def _meta_form(saved: dict, lang: str) -> None:
    config = saved["meta"]
    with st.form("src_meta_form", clear_on_submit=True):
        st.text_input(t("src_meta_account", lang), value=str(config.get("account_id") or ""),
                      key="src_meta_account", placeholder="act_1234567890")
        st.text_input(t("src_meta_token", lang), type="password", key="src_meta_token",
                      help=t("src_meta_token_help", lang),
                      placeholder=t("src_token_saved", lang) if config.get("access_token") else "")
        st.form_submit_button(t("src_save", lang), icon=":material/save:", key="src_meta_save",
                              on_click=_submit, args=("meta", lang))


FORMS = {"ga4": _ga4_form, "mailchimp": _mailchimp_form, "meta": _meta_form}
SECRET_FIELDS = {"ga4": ("src_ga4_key_text",), "mailchimp": ("src_mailchimp_key",),
                 "meta": ("src_meta_token",)}


def _submit(source: str, lang: str) -> None:
    """Form callback: check, save to the 0600 file, leave the outcome, empty the secret fields."""
    state = st.session_state
    config = file_configs()[source]
    try:
        values, drop = CHECKS[source]({k: state.get(k) for k in _FIELDS[source]}, config)
    except ValueError as exc:
        outcome = ("error", t(str(exc), lang), [])
    else:
        _save(source, values, drop)
        outcome = ("success", t("src_saved", lang, what=saved_text(
            source, {**{k: v for k, v in config.items() if k not in drop}, **values}, lang)), [])
    state.setdefault(_RESULTS, {})[source] = outcome
    for key in SECRET_FIELDS[source]:
        if key in state:
            state[key] = ""


_FIELDS = {"ga4": ("src_ga4_property", "src_ga4_key_file", "src_ga4_key_text"),
           "mailchimp": ("src_mailchimp_key",), "meta": ("src_meta_account", "src_meta_token")}


def check_ga4(fields: dict, config: dict) -> tuple[dict, tuple]:
    """(values to save, keys to drop) from the GA4 form; ValueError(i18n key) when refused."""
    found = GA4_PROPERTY.fullmatch(str(fields.get("src_ga4_property") or "").strip())
    if not found:
        raise ValueError("src_ga4_bad_property")
    values: dict = {"property_id": found.group(1)}
    upload = fields.get("src_ga4_key_file")
    raw = (upload.getvalue().decode("utf-8", "replace") if upload
           else str(fields.get("src_ga4_key_text") or "").strip())
    if not raw:
        if not (config.get("credentials_info") or config.get("credentials_file")):
            raise ValueError("src_ga4_key_missing")
        return values, ()
    info, problem = parse_service_account(raw)
    if problem:
        raise ValueError(problem)
    values["credentials_info"] = info
    return values, ("credentials_file",)   # a key given here wins over a key file


def check_mailchimp(fields: dict, config: dict) -> tuple[dict, tuple]:
    key = str(fields.get("src_mailchimp_key") or "").strip()
    if not MAILCHIMP_KEY.fullmatch(key):
        raise ValueError("src_mailchimp_bad_key")
    return {"api_key": key}, ()


def check_meta(fields: dict, config: dict) -> tuple[dict, tuple]:
    found = META_ACCOUNT.fullmatch(str(fields.get("src_meta_account") or "").strip())
    if not found:
        raise ValueError("src_meta_bad_account")
    values = {"account_id": f"act_{found.group(1)}"}
    token = str(fields.get("src_meta_token") or "").strip()
    if token:
        if len(token) < 20 or any(c.isspace() for c in token):
            raise ValueError("src_meta_bad_token")
        values["access_token"] = token
    elif not config.get("access_token"):
        raise ValueError("src_meta_token_missing")
    return values, ()


CHECKS = {"ga4": check_ga4, "mailchimp": check_mailchimp, "meta": check_meta}


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
            st.error(t("src_test_failed", lang, reason=redact.redact(str(exc), secrets)))
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
    with st.status(t("src_pulling", lang, source=NAMES[source]), expanded=True) as box:
        bar = st.progress(0.0)

        def progress(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0,
                         text=t("src_progress", lang, done=done, total=total))

        try:
            summary = run_pull(store, source, config, progress)
        except Exception as exc:   # never let a traceback carry a key to the page
            summary = {"source": source, "status": "failed",
                       "error": redact.redact(str(exc), secrets)}
        ok = summary.get("status") == "ok"
        box.update(label=t("src_pulled" if ok else "src_pull_failed_short", lang,
                           source=NAMES[source]), state="complete" if ok else "error")
    if ok:
        freshness.record_pull(store, source)
        text = summary_text(summary, lang)
        quota = quota_text(summary, lang)
        _leave(source, "success", text + (f" {quota}" if quota else ""),
               [redact.redact(w, secrets) for w in summary.get("warnings") or []])
        return
    # What a failed pull loaded before failing is kept: say both.
    reason = redact.redact(str(summary.get("error") or ""), secrets)
    done = summary_text(summary, lang) if summary.get("inserted") or summary.get("replaced") else ""
    _leave(source, "error", t("src_pull_failed", lang, reason=reason) + (f" {done}" if done else ""))


# -- freshness strip (sidebar, every page) -----------------------------------------------------------
@st.cache_data(max_entries=32, show_spinner=False)
def _status(path: str, version: int, today: date, also: tuple) -> list[freshness.Freshness]:
    return freshness.status(ui._open_store(path), today, also=also)


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
        lines.append(line)
    return lines


def freshness_strip(lang: str) -> None:
    """Sidebar: each source's last pull and last day with data; stale ones flagged and open."""
    s = ui.store()
    connected = tuple(connections.configured_sources(configs()))
    items = _status(s.path, s.data_version(), date.today(), connected)
    if not items:
        return
    stale = sum(i.stale for i in items)
    label = (t("src_fresh_title_stale", lang, count=stale) if stale
             else t("src_fresh_title", lang, n=len(items)))
    with st.sidebar.expander(label, expanded=bool(stale),
                             icon=":material/warning:" if stale else ":material/schedule:"):
        for line in freshness_lines(items, lang):
            st.caption(line)


# -- GA4 realtime -----------------------------------------------------------------------------------------
@st.cache_data(ttl=REALTIME_EVERY - 5, max_entries=8, show_spinner=False)
def _realtime(key: tuple, _config: dict) -> pd.DataFrame:
    from lib.sources import ga4_api
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
    key = (str(config.get("property_id")), str(config.get("endpoint") or ""), client_email(config))
    try:
        frame = _realtime(key, config)
    except Exception as exc:   # PullError, or a key the client library refuses
        st.warning(t("src_rt_failed", lang,
                     reason=redact.redact(str(exc), redact.secrets_of(config))))
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
                             labels={dim: t(f"dim_{dim}", lang)},
                             height=max(120, 50 + 32 * len(by))), lang, col)
