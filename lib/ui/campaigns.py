"""Streamlit components for campaigns: the form (with the lessons of earlier campaigns), and a
campaign's three phases: before (checklist, crisis plan, baseline), during (objectives, alerts,
A/B tests), after (the report in three formats, lessons learned)."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.channels import campaigns
from lib.i18n import names, t
from lib.i18n.messages import say_error
from lib.kpis import catalogue as kpis
from lib.objectives import tracker as objectives
from lib.reports import report as reports
from lib.ui import access as ui_access
from lib.ui import objectives as ui_objectives

PHASE_COLORS = {"before": "blue", "during": "green", "after": "gray"}


def _checklist_text(items: list[dict]) -> str:
    return "\n".join(("" if i["done"] else "[ ] ") + i["item"] for i in items)


def previous_lessons(lang: str, before: date | None = None, exclude_id: int | None = None) -> None:
    found = campaigns.previous_lessons(ui.store(), before, exclude_id)
    if found:
        with st.expander(t("camp_previous_lessons", lang), expanded=True):
            for c in found[:5]:
                st.markdown(f"**{ui.md_escape(c['name'])}**")
                st.text(c["lessons"])


_sources = ui.cached(campaigns.known_sources, max_entries=8)   # the platforms offered, by data version


def form(lang: str, key: str, existing: dict | None = None) -> None:
    """Create or edit a campaign."""
    if not ui_access.can("edit_campaigns"):
        return
    store = ui.store()
    ex = existing or {}
    yesterday = date.today() - timedelta(days=1)
    if not existing:
        if st.session_state.get("camp_flash"):
            st.success(st.session_state.pop("camp_flash"))
        previous_lessons(lang)
    with st.form(f"camp_form_{key}"):
        name = st.text_input(t("camp_name", lang), value=ex.get("name", ""), key=f"camp_name_{key}")
        left, right = st.columns(2)
        chosen = ex.get("platform_list") or []
        platforms = left.multiselect(t("camp_platforms", lang), [*chosen, *(s for s in _sources() if s not in chosen)],
                                     default=chosen, format_func=lambda code: names.name("channel", code, lang),
                                     accept_new_options=True, placeholder=t("camp_platforms_placeholder", lang),
                                     help=t("camp_platforms_help", lang),
                                     key=f"camp_platforms_{key}")
        utms = right.text_input(t("camp_utms", lang), value=ex.get("utm_campaigns") or "",
                                help=t("camp_utms_help", lang), key=f"camp_utms_{key}")
        start = left.date_input(t("camp_start", lang), value=ex.get("start_day", yesterday),
                                key=f"camp_start_{key}", format="DD/MM/YYYY")
        end = right.date_input(t("camp_end", lang), value=ex.get("end_day"), key=f"camp_end_{key}",
                               format="DD/MM/YYYY")
        budget = left.number_input(t("camp_budget", lang), value=ex.get("budget"), min_value=0.0,
                                   key=f"camp_budget_{key}", format="%.2f")
        currency = right.text_input(t("currency", lang), value=ex.get("currency") or ui.settings().get("currency")
                                    or "EUR", key=f"camp_currency_{key}")
        contacts = st.text_area(t("camp_crisis_contacts", lang), value=ex.get("crisis_contacts") or "",
                                key=f"camp_contacts_{key}")
        message = st.text_area(t("camp_crisis_message", lang), value=ex.get("crisis_plan") or "",
                               key=f"camp_message_{key}")
        answers = st.text_area(t("camp_crisis_answers", lang), value=ex.get("crisis_answers") or "",
                               key=f"camp_answers_{key}")
        checklist = st.text_area(t("camp_checklist", lang), value=_checklist_text(ex.get("checklist") or []),
                                 help=t("camp_checklist_help", lang), key=f"camp_checklist_{key}")
        submitted = st.form_submit_button(t("camp_save", lang), key=f"camp_save_{key}", type="primary")
    if not submitted:
        return
    fields = {"name": name, "platforms": ",".join(platforms), "utm_campaigns": utms, "start_day": start, "end_day": end,
              "budget": budget, "currency": currency, "crisis_contacts": contacts, "crisis_plan": message,
              "crisis_answers": answers, "checklist": campaigns.parse_checklist(checklist.splitlines()),
              "lessons": ex.get("lessons")}
    try:
        if existing:
            campaigns.update(store, existing["id"], fields)
        else:
            campaigns.create(store, fields)
    except campaigns.CampaignError as exc:
        st.error(f"{t('camp_not_saved', lang)} {ui.md_escape(say_error(exc, lang))}")
        return
    st.session_state["camp_flash"] = t("camp_saved", lang, name=fields["name"].strip())
    st.rerun()


def _source_name(source: str, lang: str) -> str:
    """A tracking source as a person reads it: a platform's name, GA4, or a UTM campaign name."""
    if source.startswith("utm:"):
        return f"UTM {source[4:]}"
    return "GA4" if source == "ga4" else names.name("platform", source, lang)


def _check_line(item: dict, lang: str) -> str:
    d = item["detail"]
    if item["key"] == "objectives":
        text = t("check_objectives_ok", lang, count=d["count"]) if item["ok"] else t("check_objectives_missing", lang)
    elif item["key"] == "tracking":
        named = {k: ui.md_escape(", ".join(_source_name(x, lang) for x in d[k]) or "—") for k in ("checked", "missing")}
        text = (t("check_tracking_ok", lang, checked=named["checked"]) if item["ok"]
                else t("check_tracking_missing", lang, missing=named["missing"]))
    elif item["key"] == "crisis_plan":
        text = t("check_crisis_ok", lang) if item["ok"] else t(
            "check_crisis_missing", lang, missing=", ".join(t(f"crisis_{m}", lang) for m in d["missing"]))
    else:
        text = d["item"]
    # Material icons, not emoji: they render without an emoji font (headless browsers, some desktops)
    return f"{':green[:material/check_circle:]' if item['ok'] else ':red[:material/cancel:]'} {text}"


def crisis_plan(campaign: dict, lang: str) -> None:
    plan = campaigns.crisis_plan(campaign)
    for part in ("contacts", "message", "answers"):
        st.markdown(f"**{t(f'camp_crisis_{part}', lang)}**")
        st.text(plan[part] or "—")


def _kpi_frame(frame: pd.DataFrame, lang: str, currency: str | None) -> pd.DataFrame:
    return pd.DataFrame({
        t("rep_col_channel", lang): [t(f"ch_{c}", lang) for c in frame["channel"]],
        t("rep_col_kpi", lang): [kpis.get(k).label[lang] for k in frame["kpi"]],
        t("camp_kpi_value", lang): [i18n.fmt_value(v, kpis.get(k).unit, lang, currency)
                                    for k, v in zip(frame["kpi"], frame["value"], strict=True)],
        t("rep_col_baseline", lang): [i18n.fmt_value(v, kpis.get(k).unit, lang, currency)
                                      for k, v in zip(frame["kpi"], frame["baseline"], strict=True)],
        t("rep_col_change", lang): [i18n.fmt_delta(v, lang) or t("na", lang) for v in frame["delta"]]})


def dates_text(start: date, end: date | None, lang: str) -> str:
    """"Du 7 août 2026 au 30 sept. 2026", or "Depuis le 7 août 2026" for a campaign with no end."""
    if end is None:
        return t("camp_dates_open", lang, start=i18n.fmt_date(start, lang))
    return t("camp_dates", lang, start=i18n.fmt_date(start, lang), end=i18n.fmt_date(end, lang))


def panel(campaign: dict, f: ui.Filters) -> None:
    """One campaign: phase badge, then its before / during / after tabs."""
    lang, store = f.lang, ui.store()
    today = date.today()
    ph = campaigns.phase(campaign, today)
    st.badge(t(f"camp_phase_{ph}", lang), color=PHASE_COLORS[ph])
    st.caption(t("camp_caption", lang, dates=dates_text(campaign["start_day"], campaign["end_day"], lang),
                 budget=i18n.fmt_money(campaign.get("budget"), lang, campaign.get("currency")),
                 platforms=ui.md_escape(names.name("platforms", ", ".join(campaign["platform_list"]), lang) or "—"),
                 utms=ui.md_escape(campaign["utm_campaigns"] or "—")))
    before, during, after = st.tabs([t("camp_phase_before", lang), t("camp_phase_during", lang),
                                     t("camp_phase_after", lang)])
    cid = campaign["id"]
    with before:
        st.markdown(f"**{t('camp_checklist_title', lang)}**")
        for item in campaigns.checklist(store, campaign):
            st.markdown(_check_line(item, lang))
        st.markdown(f"**{t('camp_crisis_title', lang)}**")
        crisis_plan(campaign, lang)
        st.markdown(f"**{t('camp_baseline', lang)}**")
        frame = campaigns.kpi_table(store, campaign)
        if frame.empty:
            st.caption(t("rep_none", lang))
        else:
            ui.dataframe(_kpi_frame(frame, lang, campaign.get("currency")))
    with during:
        linked = objectives.list_objectives(store, campaign_id=cid)
        if not linked:
            st.caption(t("rep_no_objectives", lang))
        for obj in linked:
            ui_objectives.card(obj, f, key=f"camp_{cid}_{obj['id']}")
        start, stop = campaigns.window(campaign)
        fired = reports.alerts_fired(store, campaign, start, max(start, stop))
        st.markdown(f"**{t('rep_alerts', lang)}**")
        if fired.empty:
            st.caption(t("rep_no_alerts", lang))
        else:   # the report's columns, in the page's language
            ui.dataframe(pd.DataFrame({t("rep_col_day", lang): fired["day"],
                                       t("rep_col_rule", lang): fired["rule"],
                                       t("rep_col_message", lang): fired["message"].fillna("")}))
        st.markdown(f"**{t('rep_tests', lang)}**")
        tests = reports.ab_tests(store, start, max(start, stop), lang)
        if not tests:
            st.caption(t("rep_no_tests", lang))
        for test in tests:
            st.caption(ui.md_escape(f"{test['experiment']} ({test['metric']}) — {test['verdict']}"))
    with after:
        report_buttons(campaign, lang)
        if not ui_access.can("edit_campaigns"):
            st.markdown(f"**{t('camp_lessons', lang)}**")
            st.text(campaign.get("lessons") or "—")
            return
        with st.form(f"camp_lessons_{cid}"):
            text = st.text_area(t("camp_lessons", lang), value=campaign.get("lessons") or "",
                                key=f"camp_lessons_text_{cid}", help=t("camp_lessons_help", lang))
            if st.form_submit_button(t("camp_lessons_save", lang), key=f"camp_lessons_save_{cid}"):
                campaigns.set_lessons(store, cid, text)
                st.success(t("camp_lessons_saved", lang))


def report_buttons(campaign: dict, lang: str) -> None:
    """Make the report (one click), then download it as HTML, PDF or XLSX."""
    cid = campaign["id"]
    report_lang = st.radio(t("camp_report_lang", lang), i18n.LANGS, horizontal=True, key=f"camp_report_lang_{cid}",
                           index=i18n.LANGS.index(lang), format_func=lambda c: {"fr": "Français", "en": "English"}[c])
    state_key = f"camp_report_{cid}_{report_lang}"
    if st.button(t("camp_report_make", lang), key=f"camp_report_make_{cid}", type="primary"):
        report = reports.build(ui.store(), campaign["name"], report_lang)
        st.session_state[state_key] = {fmt: reports.render(report, fmt) for fmt in reports.FORMATS}
    made = st.session_state.get(state_key)
    if made:
        stem = "".join(ch if ch.isalnum() else "_" for ch in campaign["name"]).strip("_").lower()
        mimes = {"html": "text/html", "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        cols = st.columns(3)
        for col, fmt in zip(cols, reports.FORMATS, strict=True):
            col.download_button(t(f"camp_report_{fmt}", lang), made[fmt], f"{stem}_{report_lang}.{fmt}", mimes[fmt],
                                key=f"camp_report_dl_{cid}_{fmt}", on_click="ignore")
