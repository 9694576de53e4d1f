"""The Alerts page's schedule section: the last `run-schedule` and its failures with their reason,
the digests and scheduled reports (list, add, delete), and how to run the schedule."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from lib import ui
from lib.alerts import history as alert_history
from lib.i18n import t
from lib.i18n.messages import Message, say, say_error
from lib.reports import schedules
from lib.ui import access as ui_access
from lib.ui import alerts as ui_alerts

DAYS = range(7)


def last_run(f: ui.Filters) -> None:
    """When the schedule last ran, and what failed then (with the reason)."""
    lang = f.lang
    run = schedules.last_run(ui.store())
    if run is None:
        st.info(t("sched_never", lang), icon=":material/schedule:")
        return
    when = alert_history.when(run["finished_at"], lang)
    found = run["summary"].get("failures") or []
    if not found:
        st.success(t("sched_last_ok", lang, when=when), icon=":material/schedule:")
        return
    st.warning(t("sched_last_failed", lang, when=when, count=len(found)), icon=":material/error:")
    ui.dataframe(pd.DataFrame([{"task": _task(x, lang), "channel": x.get("channel") or "", "error": _reason(x, lang)}
                               for x in found]),
                 column_config={"task": t("sched_col_task", lang), "channel": t("alert_channel", lang),
                                "error": t("alert_col_reason", lang)})


def _reason(failure: dict, lang: str) -> str:
    """The known reasons in the reader's language; a server's own answer as it came."""
    code = failure.get("code")
    if code in ("interrupted", "not_configured", "skipped"):
        return t(f"sched_reason_{code}", lang, channel=failure.get("channel") or "")
    words = failure.get("words")
    if words:   # a pull's reason, kept with its key (lib/reports/runner.py)
        return say(Message(failure.get("error") or "", words["code"], **words["values"]), lang)
    return failure.get("error") or ""


def _task(failure: dict, lang: str) -> str:
    kind, _, rest = str(failure.get("task") or "").partition(":")
    if kind in ("digest", "report"):
        return t("sched_task_named", lang, kind=t(f"sched_kind_{kind}", lang), name=failure.get("name") or rest)
    return t(f"sched_task_{kind}", lang, name=rest) if kind in ("pull", "alert", "alerts") else kind


def section(f: ui.Filters) -> None:
    """The digests and reports sent on a schedule, a form to add one, and how to run them."""
    lang = f.lang
    last_run(f)
    found = schedules.schedules(ui.store())
    if found:
        ui.dataframe(pd.DataFrame([{
            "name": s.name, "kind": t(f"sched_kind_{s.kind}", lang), "when": when_text(s, lang),
            "channels": ", ".join(s.channels), "to": ", ".join(s.recipients),
            "campaign": s.campaign} for s in found]),
            column_config={"name": t("alert_col_name", lang), "kind": t("alert_col_kind", lang),
                           "when": t("sched_col_when", lang), "channels": t("alert_channels", lang),
                           "to": t("alert_recipients", lang), "campaign": t("alert_campaign", lang)})
    else:
        st.caption(t("sched_none", lang))
    with st.expander(t("sched_how", lang)):
        st.markdown(t("sched_how_text", lang))
    if not ui_access.can("edit_rules"):
        return
    if found:
        _delete(found, lang)
    _form(lang)


def when_text(s: schedules.Schedule, lang: str) -> str:
    hour = f"{s.hour:02d}:00"
    if s.every == "weekly":
        return t("sched_weekly_at", lang, day=t(f"sched_day_{s.weekday}", lang), hour=hour)
    return t("sched_daily_at", lang, hour=hour)


def _delete(found: list[schedules.Schedule], lang: str) -> None:
    left, right = st.columns([3, 1])
    by_id = {s.id: s for s in found}
    sid = left.selectbox(t("sched_pick", lang), list(by_id), key="sched_pick", format_func=lambda i: by_id[i].name)
    if right.button(t("alert_delete", lang), key="sched_delete", icon=":material/delete:"):
        schedules.delete(ui.store(), sid)
        st.session_state["alert_flash"] = t("sched_deleted", lang, name=by_id[sid].name)
        st.rerun()


def _form(lang: str) -> None:
    ready = ui_alerts.delivery_channels()
    campaigns = [r[0] for r in ui.store().rows("SELECT name FROM campaigns ORDER BY name")]
    kinds = ["digest", "report"] if campaigns else ["digest"]
    kind = st.radio(t("sched_kind", lang), kinds, key="sched_kind", horizontal=True,
                    format_func=lambda k: t(f"sched_kind_{k}", lang))
    with st.form("sched_form"):
        name = st.text_input(t("alert_name", lang), key="sched_name")
        campaign = st.selectbox(t("alert_campaign", lang), campaigns, key="sched_campaign") if kind == "report" else ""
        every = st.radio(t("sched_every", lang), schedules.EVERY, key="sched_every", horizontal=True,
                         format_func=lambda e: t(f"sched_every_{e}", lang))
        left, right = st.columns(2)
        hour = left.number_input(t("sched_hour", lang), 0, 23, 7, key="sched_hour")
        weekday = right.selectbox(t("sched_weekday", lang), list(DAYS), key="sched_weekday",
                                  format_func=lambda d: t(f"sched_day_{d}", lang),
                                  help=t("sched_weekday_help", lang))
        chosen = st.multiselect(t("alert_channels", lang), list(ready), key="sched_channels",
                                format_func=lambda c: ready[c].name,
                                placeholder=t("alert_channels_pick" if ready else "alert_channels_none", lang))
        recipients = st.text_input(t("alert_recipients", lang), key="sched_to", help=t("alert_recipients_help", lang))
        submitted = st.form_submit_button(t("sched_save", lang), type="primary")
    if not submitted:
        return
    try:
        new = schedules.Schedule(name, kind, every, int(hour), int(weekday) if every == "weekly" else None,
                                 tuple(chosen), tuple(a for a in re.split(r"[,;\s]+", recipients.strip()) if a),
                                 campaign or "")
        schedules.save(ui.store(), new)
    except schedules.ScheduleError as exc:
        st.error(t("sched_invalid", lang, error=ui.md_escape(say_error(exc, lang))))
        return
    st.session_state["alert_flash"] = t("sched_saved", lang, name=new.name.strip(),
                                        when=when_text(schedules.validate(new), lang))
    st.rerun()
