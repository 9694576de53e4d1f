"""Alerts in the app: the banner and toast on every page, and the blocks of the Alerts page.

Page loads evaluate the rules once per data version (and day) without sending anything;
notifications go out from `python -m lib run-schedule` (or `alerts check`) run by cron, systemd or
GitHub Actions, or from the "check now" button.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.alerts import backtest as backtests
from lib.alerts import channels, delivery
from lib.alerts import history as alert_history
from lib.alerts import rules as alerts
from lib.alerts.checks import Outcome
from lib.i18n import t
from lib.i18n.messages import Message, say_error
from lib.kpis import catalogue as kpis
from lib.store.schema import TABLES
from lib.ui import access as ui_access
from lib.ui import secrets as ui_secrets

log = logging.getLogger("balise.alerts")
PAGE = "pages/alerts.py"


# -- cached reads -------------------------------------------------------------------------------
# The rules, and their events, change only through writes of their own (a load changes neither):
# what a load makes the rules find is written by their evaluation, which names alert_events.
@ui.cached(max_entries=16, reads=())
def _enabled(store) -> list:
    return alerts.rules(store, enabled_only=True)


def _group_tables(rule_ids: tuple, tables: tuple, today: date) -> tuple:
    return tables


@ui.cached(max_entries=64, reads=_group_tables)
def _evaluated(store, rule_ids: tuple, tables: tuple, today: date) -> None:
    alerts.evaluate(store, rule_ids=list(rule_ids))


def _auto_evaluate(today: date) -> None:
    """Each rule evaluated once per version of the tables it reads (and day): after a Meta load,
    the rules on the site's figures are not evaluated again (nothing they read changed)."""
    groups: dict[tuple, list[int]] = {}
    for rule in _enabled():
        groups.setdefault(tuple(sorted(alerts.tables_read(rule) or TABLES)), []).append(rule.id)
    for tables, ids in groups.items():
        _evaluated(tuple(ids), tables, today)


_latest = ui.cached(alerts.latest, max_entries=16, reads=("alert_events",))


def latest() -> pd.DataFrame:
    """Each rule's current state; evaluates the rules first when the data changed."""
    try:
        _auto_evaluate(date.today())
    except Exception as exc:  # an alert rule must never break a page
        log.warning("alert evaluation failed: %s", exc)
    return _latest()


def _firing(frame: pd.DataFrame) -> pd.DataFrame:
    now = pd.Timestamp.now()
    snoozed = frame["snoozed_until"].notna() & (pd.to_datetime(frame["snoozed_until"]) > now)
    return frame[(frame["state"] == "firing") & frame["enabled"].astype(bool) & ~snoozed]


# -- on every page --------------------------------------------------------------------------------
def banner(lang: str) -> None:
    """A banner (and a toast, once per episode and session) for the alerts firing now."""
    frame = latest()
    if frame.empty:
        return
    firing = _firing(frame)
    if firing.empty:
        return
    problems, chances = firing[firing["kind"] != "opportunity"], firing[firing["kind"] == "opportunity"]
    if len(problems):
        st.warning(t("alert_banner", lang, count=len(problems), names=ui.md_escape(", ".join(problems["name"]))),
                   icon=":material/notifications_active:")
    if len(chances):
        st.info(t("alert_banner_opportunity", lang, names=ui.md_escape(", ".join(chances["name"]))),
                icon=":material/trending_up:")
    st.page_link(PAGE, label=t("alert_see", lang), icon=":material/arrow_forward:")
    seen = st.session_state.setdefault("alert_toasted", set())
    for row in firing.itertuples():
        if row.episode not in seen:
            seen.add(row.episode)
            st.toast(t("alert_toast", lang, name=ui.md_escape(row.name)), icon=":material/notifications_active:")


# -- the Alerts page ------------------------------------------------------------------------------
def status(f: ui.Filters) -> None:
    """Every rule's current state, the crisis plans of firing ones, and the check-now button."""
    frame = latest()
    if frame.empty:
        st.info(t("alert_no_rules", f.lang))
    else:
        shown = pd.DataFrame({
            t("alert_col_name", f.lang): frame["name"],
            t("alert_col_kind", f.lang): [t(f"alert_kind_{k}", f.lang) for k in frame["kind"]],
            t("alert_col_state", f.lang): [t(f"alert_state_{s}", f.lang) if isinstance(s, str) else ""
                                          for s in frame["state"]],
            t("alert_col_day", f.lang): frame["day"],
            t("alert_col_message", f.lang): frame["message"],
            t("alert_col_snoozed", f.lang): frame["snoozed_until"],
        })
        ui.dataframe(shown)
        for row in _firing(frame).itertuples():
            if pd.notna(row.campaign_id):
                plan = ui.store().rows("SELECT name, crisis_plan FROM campaigns WHERE id = ?",
                                       [int(row.campaign_id)])
                if plan and plan[0][1]:
                    with st.expander(t("alert_crisis_title", f.lang, campaign=ui.md_escape(plan[0][0])), expanded=True):
                        st.markdown(ui.md_escape(plan[0][1]))
    ready = delivery_channels()
    names = ", ".join(ui.md_escape(c.name) for c in ready.values())
    st.caption(t("alert_delivery", f.lang, channels=names) if names else t("alert_no_delivery", f.lang))
    # Checking sends notifications: an editor's action, not a viewer's.
    if ui_access.can("edit_rules") and st.button(t("alert_check_now", f.lang), key="alert_check_now",
                                                  icon=":material/refresh:"):
        with st.spinner(t("alert_checking", f.lang)):
            found = alerts.evaluate(ui.store())
            report = delivery.deliver(ui.store(), found, all_channels(), app_url())
        st.session_state["alert_flash"] = t(
            "alert_checked", f.lang, count=len(found), firing=sum(a.state == "firing" for a in found),
            sent=t("alert_checked_sent", f.lang, count=sum(r["status"] == "sent" for r in report)),
            failed=sum(r["status"] != "sent" for r in report))
        st.rerun()
    failed = alert_history.failures(ui.store())
    if failed:
        st.warning(t("alert_failed_deliveries", f.lang, count=len(failed)), icon=":material/error:")
        ui.dataframe(pd.DataFrame([{"rule": x["rule"], "channel": x["channel"], "error": x["error"],
                                    "at": alert_history.when(x["at"], f.lang)} for x in failed]),
                     column_config={"rule": t("alert_col_name", f.lang), "channel": t("alert_channel", f.lang),
                                    "error": t("alert_col_reason", f.lang), "at": t("alert_col_evaluated", f.lang)})


def all_channels() -> dict:
    """Every delivery channel (with its secret, never rendered)."""
    return channels.load(ui.store(), _secrets() or {})


def delivery_channels() -> dict:
    """The channels ready to send."""
    return {cid: c for cid, c in all_channels().items() if c.ready}


def app_url() -> str:
    return channels.app_url(ui.store(), _secrets() or {})


def _secrets() -> dict | None:
    """Streamlit's secrets; None when it has none or cannot read them (notify reads the file then)."""
    try:
        return ui_secrets.read() or None
    except ui_secrets.Unreadable:
        return None


def flash() -> None:
    """The message an action left before its rerun."""
    message = st.session_state.pop("alert_flash", None)
    if message:
        st.success(message)


def history(f: ui.Filters) -> None:
    frame = alert_history.frame(ui.store(), f.lang, f.currency)
    if frame.empty:
        st.caption(t("alert_no_history", f.lang))
        return
    labels = {"day": "alert_col_day", "name": "alert_col_name", "state": "alert_col_state",
              "value": "alert_col_value", "band": "alert_col_band", "message": "alert_col_message",
              "notified": "alert_col_notified", "evaluated_at": "alert_col_evaluated"}
    ui.dataframe(frame, column_config={c: t(k, f.lang) for c, k in labels.items()})
    ui.downloads(frame, "alert_history")


# -- rules: pick, act, edit -------------------------------------------------------------------------
def editor(f: ui.Filters) -> None:
    """Pick a rule (or a new one), act on it, and edit it in a form."""
    found = {r.id: r for r in alerts.rules(ui.store())}
    rid = st.selectbox(t("alert_rule_pick", f.lang), [None, *found], key="alert_pick",
                       format_func=lambda i: t("alert_new_rule", f.lang) if i is None else found[i].name)
    rule = found.get(rid)
    if rule is not None:
        _actions(rule, f)
    kind = rule.kind if rule else st.selectbox(
        t("alert_kind", f.lang), alerts.KINDS, key="alert_kind", format_func=lambda k: t(f"alert_kind_{k}", f.lang))
    st.caption(t(f"alert_kind_help_{kind}", f.lang))
    kpi = None
    if kind in alerts.KPI_KINDS and kind != "mentions_spike":
        ids = [k.id for k in kpis.CATALOGUE]
        kpi = st.selectbox(t("alert_kpi", f.lang), ids, key=f"alert_kpi_{rid}",
                           index=ids.index(rule.kpi) if rule and rule.kpi in ids else 0,
                           format_func=lambda k: f"{kpis.get(k).label[f.lang]} ({k})")
    _form(f, kind, kpi, rule)


def _actions(rule: alerts.Rule, f: ui.Filters) -> None:
    s = ui.store()
    left, middle, right = st.columns(3)
    if left.button(t("alert_disable" if rule.enabled else "alert_enable", f.lang), key="alert_toggle"):
        alerts.set_enabled(s, rule.id, not rule.enabled)
        st.rerun()
    if rule.snoozed(pd.Timestamp.now().to_pydatetime()):
        middle.caption(t("alert_snoozed_until", f.lang, when=f"{rule.snoozed_until:%Y-%m-%d %H:%M}"))
        if middle.button(t("alert_unsnooze", f.lang), key="alert_unsnooze"):
            alerts.snooze(s, rule.id, 0)
            st.rerun()
    else:
        hours = middle.number_input(t("alert_snooze_hours", f.lang), 1, 24 * 30, 24, key="alert_hours")
        if middle.button(t("alert_snooze", f.lang), key="alert_snooze"):
            alerts.snooze(s, rule.id, hours)
            st.rerun()
    if right.button(t("alert_delete", f.lang), key="alert_delete", icon=":material/delete:"):
        alerts.delete_rule(s, rule.id)
        st.session_state["alert_flash"] = t("alert_deleted", f.lang, name=rule.name)
        del st.session_state["alert_pick"]
        st.rerun()


def _choice(label: str, options, key: str, current, lang: str, prefix: str, slider: bool = False):
    def fmt(option) -> str:
        return t(f"{prefix}{option}", lang)

    if slider:
        return st.select_slider(t(label, lang), options, value=current, key=key, format_func=fmt)
    return st.selectbox(t(label, lang), options, index=list(options).index(current), key=key, format_func=fmt)


def _params(kind: str, p: dict, key: str, lang: str) -> dict:
    """The kind's parameter widgets, prefilled with p (or the defaults)."""
    p = {name: p.get(name, default) for name, (default, _) in alerts.PARAMS[kind].items()}
    out: dict = {}
    if kind == "threshold":
        out["op"] = _choice("alert_op", ("above", "below"), f"{key}op", p["op"], lang, "alert_op_")
        out["value"] = st.number_input(t("alert_value", lang), value=float(p["value"] or 0.0), key=f"{key}value",
                                       format="%.4f")
    if kind == "change":
        out["op"] = _choice("alert_op", ("up", "down", "either"), f"{key}op", p["op"], lang, "alert_op_")
        out["pct"] = st.number_input(t("alert_pct", lang), 1.0, 1000.0, float((p["pct"] or 0.3) * 100),
                                     key=f"{key}pct") / 100
        out["compare"] = _choice("alert_compare", ("previous", "week", "year"), f"{key}cmp", p["compare"],
                                 lang, "alert_compare_")
    if kind in ("threshold", "change"):
        out["window"] = st.number_input(t("alert_window", lang), 1, 90, int(p["window"]), key=f"{key}window")
    if kind in ("anomaly", "opportunity"):
        out["weeks"] = st.number_input(t("alert_weeks", lang), 2, 52, int(p["weeks"]), key=f"{key}weeks")
    if kind == "anomaly":
        out["direction"] = _choice("alert_direction", ("both", "up", "down"), f"{key}dir", p["direction"],
                                   lang, "alert_dir_")
    if kind == "mentions_spike":
        out["days"] = st.number_input(t("alert_base_days", lang), 7, 180, int(p["days"]), key=f"{key}days")
        out["min_count"] = st.number_input(t("alert_min_count", lang), 1, 10 ** 6, int(p["min_count"]),
                                           key=f"{key}min")
    if kind == "unanswered_negative":
        out["hours"] = st.number_input(t("alert_unanswered_hours", lang), 1, 24 * 30, int(p["hours"]),
                                       key=f"{key}hours")
        out["days"] = st.number_input(t("alert_lookback_days", lang), 1, 365, int(p["days"]), key=f"{key}days")
        out["min_count"] = st.number_input(t("alert_min_count", lang), 1, 10 ** 6, int(p["min_count"]),
                                           key=f"{key}min")
    if kind in ("anomaly", "opportunity", "mentions_spike"):
        out["sensitivity"] = _choice("alert_sensitivity", alerts.SENSITIVITIES, f"{key}sens", p["sensitivity"],
                                     lang, "alert_sens_", slider=True)
    if kind == "freshness":
        out["table"] = st.selectbox(t("alert_table", lang), alerts.TABLES, key=f"{key}table",
                                    index=alerts.TABLES.index(p["table"]))
        out["days"] = st.number_input(t("alert_max_days", lang), 1, 365, int(p["days"]), key=f"{key}days")
    if kind == "objective":
        out["objective_id"] = st.number_input(t("alert_objective_id", lang), 1, 10 ** 12,
                                              int(p["objective_id"] or 1), key=f"{key}obj")
    return out


def parse_scope(text: str) -> dict:
    """'platform=meta; campaign=a|b' -> {"platform": "meta", "campaign": ["a", "b"]}."""
    scope: dict = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        dim, sep, value = part.partition("=")
        if not sep or not dim.strip() or not value.strip():
            raise alerts.RuleError(Message.worded("rule_err_scope_syntax", part=part, quoted=repr(part)))
        values = [v.strip() for v in value.split("|") if v.strip()]
        scope[dim.strip()] = values[0] if len(values) == 1 else values
    return scope


def backtest_result(found: backtests.Backtest, f: ui.Filters) -> None:
    """When the rule would have fired: a sentence, then each episode's first day and value."""
    lang, rule = f.lang, found.rule
    span = {"start": i18n.fmt_date(found.start, lang), "end": i18n.fmt_date(found.end, lang)}
    if not found.fired:
        st.info(t("alert_backtest_none", lang, **span, nodata=found.nodata_days), icon=":material/history:")
        return
    st.warning(t("alert_backtest_fired", lang, count=len(found.fired), days=found.firing_days, **span),
               icon=":material/history:")
    ui.dataframe(pd.DataFrame([{
        "day": i18n.fmt_date(d["day"], lang), "value": alerts.fmt(rule, d["value"], lang, f.currency),
        "band": alerts.band_text(rule, d["low"], d["high"], lang, f.currency),
        "message": alerts.describe(rule, Outcome("breach", d["value"], d["low"], d["high"]), d["day"], lang,
                                   f.currency)} for d in found.fired]),
        column_config={"day": t("alert_col_day", lang), "value": t("alert_col_value", lang),
                       "band": t("alert_col_band", lang), "message": t("alert_col_message", lang)})


def _form(f: ui.Filters, kind: str, kpi: str | None, rule: alerts.Rule | None) -> None:
    lang, key = f.lang, f"alert_{rule.id if rule else 'new'}_{kind}_"
    campaigns = dict(ui.store().rows("SELECT id, name FROM campaigns ORDER BY name"))
    with st.form(f"alert_form_{key}"):
        name = st.text_input(t("alert_name", lang), rule.name if rule else "", key=f"{key}name")
        dims = alerts.scope_dimensions(kind, "social_mentions" if kind == "mentions_spike" else kpi)
        scope_text = ""
        if dims:
            scope_text = st.text_input(t("alert_scope", lang), alerts.scope_text(rule.scope if rule else {}).replace(", ", "; "),
                                       key=f"{key}scope", help=t("alert_scope_help", lang, dims=", ".join(dims)))
        params = _params(kind, rule.params if rule else {}, key, lang)
        pending = st.number_input(t("alert_pending", lang), 1, 100, rule.pending_for if rule else 1,
                                  key=f"{key}pending", help=t("alert_pending_help", lang))
        ready = delivery_channels()
        chosen = st.multiselect(t("alert_channels", lang), list(ready),
                                default=[c for c in rule.channels if c in ready] if rule else list(ready),
                                key=f"{key}channels", format_func=lambda c: ready[c].name,
                                placeholder=t("alert_channels_pick" if ready else "alert_channels_none", lang))
        recipients = st.text_input(t("alert_recipients", lang), ", ".join(rule.recipients) if rule else "",
                                   key=f"{key}to", help=t("alert_recipients_help", lang))
        ids = [None, *campaigns]
        campaign = st.selectbox(t("alert_campaign", lang), ids, key=f"{key}campaign",
                                index=ids.index(rule.campaign_id) if rule and rule.campaign_id in ids else 0,
                                format_func=lambda i: t("alert_no_campaign", lang) if i is None else campaigns[i])
        left, right = st.columns(2)
        submitted = left.form_submit_button(t("alert_save", lang), type="primary", key=f"{key}save")
        tried = right.form_submit_button(t("alert_backtest", lang, days=backtests.DAYS), key=f"{key}backtest",
                                         icon=":material/history:", help=t("alert_backtest_help", lang))
    if not submitted and not tried:
        return
    try:
        new = alerts.Rule(name or t("alert_backtest_unnamed", lang), kind, kpi, parse_scope(scope_text), params,
                          int(pending), tuple(chosen), rule.enabled if rule else True,
                          rule.snoozed_until if rule else None, campaign, rule.id if rule else None,
                          tuple(re.split(r"[,;\s]+", recipients.strip())) if recipients.strip() else ())
        if tried:
            with st.spinner(t("alert_backtesting", lang)):
                found = backtests.run(ui.store(), new, currency=f.currency)
            backtest_result(found, f)
            return
        rid = alerts.save_rule(ui.store(), replace(new, name=name))
    except alerts.RuleError as exc:
        st.error(t("alert_invalid", lang, error=ui.md_escape(say_error(exc, lang))))
        return
    alerts.evaluate(ui.store(), rule_ids=[rid])
    st.session_state["alert_flash"] = t("alert_saved", lang, name=new.name.strip())
    st.rerun()
