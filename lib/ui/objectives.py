"""Streamlit components for objectives: the progress card (figures, status with its rule, chart)
and the block of active objectives the overview shows."""
from __future__ import annotations

from datetime import date

import streamlit as st

from lib import i18n, ui
from lib.charts import objectives as charts_objectives
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.objectives import tracker as objectives
from lib.ui.blocks import CHECK_CHARTS

STATUS_COLORS = {"on_track": "green", "reached": "green", "at_risk": "orange", "off_track": "red",
                 "missed": "red", "not_started": "gray", "no_data": "gray"}


def _kpi_tables(objective_id: int, kid: str, *args) -> set[str]:
    """What an objective's progress reads that a load changes: its KPI's tables (the objective,
    campaigns and settings change through writes that name no table)."""
    return queries.tables_of(kid)


# `today` in the keys: by default an objective is read up to yesterday (or its data's last day),
# and a day may pass without a load of its tables.
@ui.cached(max_entries=256, reads=_kpi_tables)
def _progress(store, objective_id: int, kid: str, as_of: date | None, today: date):
    p = objectives.progress(store, objective_id, as_of)
    return p.summary, p.frame


@ui.cached(max_entries=256, reads=_kpi_tables)
def _phase(store, objective_id: int, kid: str, today: date) -> str:
    return objectives.phase(store, objective_id)


@ui.cached(max_entries=256)
def _kpi_of(store, objective_id: int) -> str:
    return objectives.get(store, objective_id)["kpi"]


def progress(objective_id: int, as_of: date | None = None, kid: str | None = None):
    """(summary, frame) of an objective (`kid`: its KPI, when the caller has it), cached by the
    versions of its KPI's tables: a load of another table leaves it cached."""
    objective_id = int(objective_id)
    return _progress(objective_id, kid or _kpi_of(objective_id), as_of, date.today())


@ui.cached(max_entries=256, reads=_kpi_tables)
def _chart(store, objective_id: int, kid: str, lang: str, today: date) -> dict:
    """The progress chart, built once per version of its KPI's tables and language: the overview's
    four were a third of each of its reruns (layers, band and target as Altair objects)."""
    _, frame = progress(objective_id, kid=kid)
    k = kpis.get(kid)
    return charts_objectives.progress_spec(frame, k.label[lang], k.unit, chart_labels(lang), lang,
                                           validate=CHECK_CHARTS)


def chart_labels(lang: str) -> dict:
    return {s: t(f"obj_chart_{s}", lang) for s in ("actual", "expected", "forecast", "band", "target", "day")}


def fmt(summary: dict, key: str, lang: str) -> str:
    return i18n.fmt_value(summary.get(key), summary["unit"], lang, summary.get("currency"))


def card(obj: dict, f: ui.Filters, key: str, narrow: bool = False) -> None:
    """One objective: status badge and rule, value / expected / forecast / probability, chart.
    `narrow` (half a page): the four figures two by two, so that none is cut ("14 78…")."""
    summary, frame = progress(obj["id"], kid=obj["kpi"])
    lang = f.lang
    k = kpis.get(obj["kpi"])
    with st.container(border=True):
        st.markdown(f"**{ui.md_escape(obj['name'])}**" + (f" · {t('obj_archived_tag', lang)}" if obj.get("archived") else ""))
        st.badge(t(f"obj_status_{summary['status']}", lang), color=STATUS_COLORS.get(summary["status"], "gray"))
        st.caption(t("obj_caption", lang, kpi=k.label[lang], direction=t(f"obj_dir_{obj['direction']}", lang).lower(),
                     target=fmt(summary, "target", lang), start=i18n.fmt_date(obj["start_day"], lang),
                     deadline=i18n.fmt_date(obj["deadline"], lang), owner=ui.md_escape(obj.get("owner") or "—")))
        cols = [*st.columns(2), *st.columns(2)] if narrow else st.columns(4)
        cols[0].metric(t("obj_value", lang), fmt(summary, "value", lang),
                       help=t("obj_pct_target", lang, pct=i18n.fmt_percent(summary.get("pct_of_target"), lang, 0)))
        cols[1].metric(t("obj_expected", lang), fmt(summary, "expected", lang),
                       help=t(f"obj_pacing_{summary['pacing']}", lang))
        cols[2].metric(t("obj_forecast", lang), fmt(summary, "forecast", lang),
                       help=t("obj_band", lang, low=fmt(summary, "forecast_low", lang),
                              high=fmt(summary, "forecast_high", lang)))
        cols[3].metric(t("obj_probability", lang), i18n.fmt_percent(summary.get("probability"), lang, 0))
        st.caption(f"{t('obj_rule', lang)} : {summary['rule'][lang]}" if lang == "fr"
                   else f"{t('obj_rule', lang)}: {summary['rule'][lang]}")
        if not frame.empty:
            ui.draw_spec(_chart(int(obj["id"]), obj["kpi"], lang, date.today()), key=f"obj_chart_{key}")
        st.caption(summary["method_text"][lang])


def active(f: ui.Filters) -> None:
    """The running objectives' cards, two per row; nothing when there are none."""
    # Each one's phase from its data's last day: only the running ones' forecasts are computed.
    today = date.today()
    running = [obj for obj in objectives.list_objectives(ui.store())
               if _phase(int(obj["id"]), obj["kpi"], today) == "running"]
    if not running:
        return
    st.subheader(t("obj_active", f.lang))
    for i in range(0, len(running), 2):
        cols = st.columns(2)
        for col, obj in zip(cols, running[i:i + 2]):
            with col:
                card(obj, f, key=f"overview_{obj['id']}", narrow=True)
