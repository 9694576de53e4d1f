"""The objective form: create or edit, with the SMART check messages (an objective that fails a
check is not saved; warnings are shown and the objective is saved)."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from lib import ui
from lib.channels import campaigns
from lib.i18n import names, t
from lib.i18n.messages import say_error
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.objectives import progress as op
from lib.objectives import smart
from lib.objectives import tracker as objectives
from lib.ui import access as ui_access

SCOPE_DIMS = ("platform", "account", "campaign", "channel_group", "source_name", "medium", "network",
              "list", "device", "country")
LEVEL_WIDGET = {"ok": st.success, "warn": st.warning, "fail": st.error}


@ui.cached(max_entries=128)
def _values(store, table: str, dim: str) -> list[str]:
    if dim not in queries.dimensions(table):
        return []
    rows = store.rows(f"SELECT DISTINCT CAST({dim} AS VARCHAR) FROM {table} "
                      f"WHERE {dim} IS NOT NULL ORDER BY 1 LIMIT 500")
    return [r[0] for r in rows]


def dim_values(kpi_id: str, dim: str) -> list[str]:
    found: list[str] = []
    for table in op.kpi_tables(kpi_id):
        found += _values(table, dim)
    return sorted(set(found))


def dim_label(dim: str, lang: str) -> str:
    return names.column_label(dim, lang)


def smart_messages(checks: list[smart.Check], lang: str) -> None:
    for c in checks:
        LEVEL_WIDGET[c.level](f"**{t(f'smart_{c.criterion}', lang)}** — {c.message}")


def form(lang: str, key: str, existing: dict | None = None) -> None:
    """Create (existing None) or edit an objective; saves when every SMART check passes."""
    if not ui_access.can("edit_objectives"):
        return
    store = ui.store()
    if key == "new" and st.session_state.get("obj_flash"):
        st.success(st.session_state.pop("obj_flash"))
    ids = [k.id for k in kpis.CATALOGUE if k.table or k.parts]
    current = existing["kpi"] if existing else "total_revenue"
    kpi_id = st.selectbox(t("obj_kpi", lang), ids, index=ids.index(current) if current in ids else 0,
                          key=f"obj_kpi_{key}", format_func=lambda i: f"{kpis.get(i).label[lang]} ({i})")
    k = kpis.get(kpi_id)
    rate = k.unit == "rate"
    scale = 100.0 if rate else 1.0
    camps = campaigns.list_campaigns(store)
    camp_ids = [None] + [c["id"] for c in camps]
    camp_names = {c["id"]: c["name"] for c in camps}
    yesterday = date.today() - timedelta(days=1)
    ex = existing or {}
    with st.form(f"obj_form_{key}"):
        name = st.text_input(t("obj_name", lang), value=ex.get("name", ""), key=f"obj_name_{key}")
        dims = [d for d in SCOPE_DIMS if d in op.scope_dimensions(kpi_id)]
        scope = {}
        cols = st.columns(3)
        for i, dim in enumerate(dims):
            chosen = list((ex.get("scope") or {}).get(dim, [])) if ex.get("kpi") == kpi_id else []
            options = sorted(set(dim_values(kpi_id, dim)) | set(chosen))
            scope[dim] = cols[i % 3].multiselect(f"{t('obj_scope', lang)} · {dim_label(dim, lang)}", options,
                                                 default=chosen, key=f"obj_scope_{dim}_{key}",
                                                 placeholder=t("obj_scope_all", lang))
        left, right = st.columns(2)
        target = left.number_input(t("obj_target_pct" if rate else "obj_target", lang),
                                   value=None if ex.get("target") is None else float(ex["target"]) * scale,
                                   key=f"obj_target_{key}", format="%.2f")
        directions = list(objectives.DIRECTIONS)
        direction = right.selectbox(t("obj_direction", lang), directions, key=f"obj_direction_{key}",
                                    index=directions.index(ex.get("direction", "at_least")),
                                    format_func=lambda d: t(f"obj_dir_{d}", lang))
        start = left.date_input(t("obj_start", lang), value=ex.get("start_day", yesterday.replace(day=1)),
                                key=f"obj_start_{key}", format="DD/MM/YYYY")
        deadline = right.date_input(t("obj_deadline", lang), key=f"obj_deadline_{key}", format="DD/MM/YYYY",
                                    value=ex.get("deadline", yesterday.replace(day=1) + timedelta(days=89)))
        baseline = left.number_input(t("obj_baseline_pct" if rate else "obj_baseline", lang),
                                     value=None if ex.get("baseline") is None else float(ex["baseline"]) * scale,
                                     key=f"obj_baseline_{key}", format="%.2f",
                                     help=t("obj_baseline_help", lang))
        modes = list(objectives.PACING_MODES)
        pacing = right.selectbox(t("obj_pacing", lang), modes, index=modes.index(ex.get("pacing") or "auto"),
                                 key=f"obj_pacing_{key}", format_func=lambda m: t(f"obj_pacing_{m}", lang))
        owner = left.text_input(t("obj_owner", lang), value=ex.get("owner") or "", key=f"obj_owner_{key}")
        campaign = right.selectbox(t("obj_campaign", lang), camp_ids, key=f"obj_campaign_{key}",
                                   index=camp_ids.index(ex.get("campaign_id")) if ex.get("campaign_id") in camp_ids
                                   else 0, format_func=lambda c: camp_names.get(c, t("obj_no_campaign", lang)))
        goal = st.text_input(t("obj_goal", lang), value=ex.get("business_goal") or "", key=f"obj_goal_{key}")
        notes = st.text_area(t("obj_notes", lang), value=ex.get("notes") or "", key=f"obj_notes_{key}")
        submitted = st.form_submit_button(t("obj_save", lang), key=f"obj_save_{key}", type="primary")
    if not submitted:
        return
    fields = {"name": name, "kpi": kpi_id, "scope": {d: v for d, v in scope.items() if v},
              "target": None if target is None else target / scale, "direction": direction,
              "start_day": start, "deadline": deadline,
              "baseline": None if baseline is None else baseline / scale, "pacing": pacing, "owner": owner,
              "campaign_id": campaign, "business_goal": goal, "notes": notes}
    if fields["target"] is None:
        st.error(t("obj_target_missing", lang))
        return
    checks = smart.check(store, fields, lang)
    smart_messages(checks, lang)
    if not smart.passed(checks):
        st.error(t("obj_not_saved", lang))
        return
    try:
        if existing:
            objectives.update(store, existing["id"], fields)
        else:
            objectives.create(store, fields)
    except objectives.ObjectiveError as exc:
        st.error(f"{t('obj_not_saved', lang)} {ui.md_escape(say_error(exc, lang))}")
        return
    # Rerun so the lists above show the change; the message survives the rerun.
    st.session_state["obj_flash"] = t("obj_saved", lang, name=fields["name"].strip())
    st.rerun()
