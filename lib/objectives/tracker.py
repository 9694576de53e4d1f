"""Objectives: a target on one catalogue KPI and scope, between a start and a deadline.

Stored in the `objectives` table (scope as JSON {dimension: [values]}, direction at_least |
above | below, pacing auto | linear | last_year). This module holds the store functions
(create, update, archive, list, CSV import/export), `status()` (what the alerts and the
command line read) and the demo objectives. The maths is in lib/objective_math.py, the
reading of progress in lib/objective_progress.py, the SMART checks in lib/smart.py.
"""
from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta

import pandas as pd

from lib import access, exports
from lib.i18n.messages import Message, why
from lib.kpis import catalogue as kpis
from lib.objectives import forecast as om
from lib.objectives import progress as op
from lib.sources import cells, text
from lib.sources.base import Refused
from lib.store import Store

DIRECTIONS = om.DIRECTIONS
PACING_MODES = om.PACING_MODES
FIELDS = ("name", "kpi", "scope", "target", "direction", "start_day", "deadline", "baseline", "owner",
          "notes", "campaign_id", "business_goal", "pacing")
CSV_COLUMNS = ("id", "name", "kpi", "scope", "target", "direction", "start_day", "deadline", "baseline",
               "owner", "notes", "campaign", "business_goal", "pacing", "archived")
DEMO_FIRST_ID = 900000
MAX_TEXT = 2000


class ObjectiveError(ValueError):
    """An objective the store refuses; the message says which field and why."""


# -- validation ----------------------------------------------------------------------------------
def _day(value, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ObjectiveError(Message.worded("obj_err_date", field=name, found=str(value))) from None


def _text(value, name: str) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ObjectiveError(Message.worded("obj_err_long", field=name, limit=str(MAX_TEXT)))
    return text or None


def _number(value, name: str, required: bool) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ObjectiveError(Message.worded("obj_err_number_needed", field=name))
        return None
    try:
        number = float(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", "")
                       if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ObjectiveError(Message.worded("obj_err_not_number", field=name, found=str(value))) from None
    if math.isnan(number):
        if required:
            raise ObjectiveError(Message.worded("obj_err_number_needed", field=name))
        return None
    if math.isinf(number):
        raise ObjectiveError(Message.worded("obj_err_not_finite", field=name))
    return number


def parse_scope(scope, kpi_id: str) -> dict:
    """A scope as {dimension: [values]} with dimensions the KPI's tables carry."""
    if scope is None or (isinstance(scope, float) and math.isnan(scope)) or scope == "":
        return {}
    if isinstance(scope, str):
        try:
            scope = json.loads(scope)
        except json.JSONDecodeError:
            raise ObjectiveError(Message.worded("obj_err_scope_json", found=scope)) from None
    if not isinstance(scope, dict):
        raise ObjectiveError(Message.worded("obj_err_scope_object"))
    allowed = op.scope_dimensions(kpi_id)
    out = {}
    for dim, values in scope.items():
        if dim not in allowed:
            raise ObjectiveError(Message.worded("obj_err_scope_dim", kpi=kpi_id, dim=str(dim), allowed=", ".join(allowed)))
        values = [values] if isinstance(values, (str, int, float)) else list(values or [])
        values = [str(v) for v in values if str(v).strip()]
        if values:
            out[dim] = values
    return out


def normalise(fields: dict) -> dict:
    """Check and convert an objective's fields; raise ObjectiveError naming the field."""
    name = _text(fields.get("name"), "name")
    if not name:
        raise ObjectiveError(Message.worded("obj_err_name"))
    kpi = str(fields.get("kpi") or "").strip()
    if kpi not in kpis.BY_ID:
        raise ObjectiveError(Message.worded("obj_err_kpi", found=kpi, known=", ".join(kpis.BY_ID)))
    direction = str(fields.get("direction") or "").strip()
    if direction not in DIRECTIONS:
        raise ObjectiveError(Message.worded("obj_err_choice", field="direction", found=direction,
                                            allowed=", ".join(DIRECTIONS)))
    pacing = str(fields.get("pacing") or "auto").strip()
    if pacing not in PACING_MODES:
        raise ObjectiveError(Message.worded("obj_err_choice", field="pacing", found=pacing,
                                            allowed=", ".join(PACING_MODES)))
    if not fields.get("start_day") or not fields.get("deadline"):
        raise ObjectiveError(Message.worded("obj_err_dates_needed"))
    start, deadline = _day(fields["start_day"], "start_day"), _day(fields["deadline"], "deadline")
    if deadline < start:
        raise ObjectiveError(Message.worded("obj_err_deadline", deadline=str(deadline), start=str(start)))
    campaign = fields.get("campaign_id")
    campaign = None if campaign in (None, "") or (isinstance(campaign, float) and math.isnan(campaign)) \
        else int(campaign)
    return {"name": name, "kpi": kpi, "scope": parse_scope(fields.get("scope"), kpi),
            "target": _number(fields.get("target"), "target", True), "direction": direction,
            "start_day": start, "deadline": deadline,
            "baseline": _number(fields.get("baseline"), "baseline", False),
            "owner": _text(fields.get("owner"), "owner"), "notes": _text(fields.get("notes"), "notes"),
            "campaign_id": campaign, "business_goal": _text(fields.get("business_goal"), "business_goal"),
            "pacing": pacing}


# -- store ---------------------------------------------------------------------------------------
COLUMNS = ("id",) + FIELDS + ("archived", "created_at", "updated_at")


def _from_row(row) -> dict:
    obj = dict(zip(COLUMNS, row, strict=True))
    obj["scope"] = json.loads(obj["scope"]) if isinstance(obj["scope"], str) and obj["scope"] else {}
    obj["archived"] = bool(obj["archived"])
    return obj


def list_objectives(store: Store, include_archived: bool = False, campaign_id: int | None = None) -> list[dict]:
    """Objectives by deadline then name; archived ones only when asked."""
    where, params = ["(archived = false OR ?)"], [include_archived]
    if campaign_id is not None:
        where.append("campaign_id = ?")
        params.append(campaign_id)
    rows = store.rows(f"SELECT {', '.join(COLUMNS)} FROM objectives WHERE {' AND '.join(where)} "
                      "ORDER BY deadline, name, id", params)
    return [_from_row(r) for r in rows]


def get(store: Store, objective_id: int) -> dict:
    rows = store.rows(f"SELECT {', '.join(COLUMNS)} FROM objectives WHERE id = ?", [int(objective_id)])
    if not rows:
        raise ObjectiveError(Message.worded("obj_err_unknown_id", id=str(objective_id)))
    return _from_row(rows[0])


def _with_baseline(store: Store, clean: dict) -> dict:
    if clean["baseline"] is None:
        clean["baseline"] = op.baseline(store, clean["kpi"], clean["scope"], clean["start_day"], clean["deadline"])
    return clean


def _values(clean: dict) -> list:
    return [clean[f] if f != "scope" else json.dumps(clean[f], ensure_ascii=False) for f in FIELDS]


def _insert(cur, objective_id: int, clean: dict, now: datetime) -> None:
    cur.execute(f"INSERT INTO objectives (id, {', '.join(FIELDS)}, archived, created_at, updated_at) "
                f"VALUES (?, {', '.join('?' * len(FIELDS))}, false, ?, ?)",
                [objective_id, *_values(clean), now, now])


def _update(cur, objective_id: int, clean: dict, now: datetime) -> None:
    cur.execute(f"UPDATE objectives SET {', '.join(f'{f} = ?' for f in FIELDS)}, updated_at = ? WHERE id = ?",
                [*_values(clean), now, objective_id])


def _next_id(store: Store) -> int:
    return int(store.scalar("SELECT coalesce(max(id), 0) + 1 FROM objectives WHERE id < ?", [DEMO_FIRST_ID]))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def create(store: Store, fields: dict) -> int:
    """Store a new objective (baseline computed when not given); return its id."""
    access.check("edit_objectives")
    clean = _with_baseline(store, normalise(fields))
    objective_id = _next_id(store)
    with store.transaction() as cur:
        _insert(cur, objective_id, clean, _now())
    return objective_id


def update(store: Store, objective_id: int, fields: dict) -> None:
    """Replace an objective's fields (a missing baseline is computed again)."""
    access.check("edit_objectives")
    get(store, objective_id)
    clean = _with_baseline(store, normalise(fields))
    with store.transaction() as cur:
        _update(cur, int(objective_id), clean, _now())


def archive(store: Store, objective_id: int, archived: bool = True) -> None:
    """Archive (or bring back) an objective: it leaves the lists, its history stays."""
    access.check("edit_objectives")
    get(store, objective_id)
    with store.transaction() as cur:
        cur.execute("UPDATE objectives SET archived = ?, updated_at = ? WHERE id = ?",
                    [archived, _now(), int(objective_id)])


# -- progress ------------------------------------------------------------------------------------
def progress(store: Store, objective, as_of: date | None = None) -> op.Progress:
    """Progress of an objective (dict or id): summary and the daily frame of its chart."""
    obj = get(store, objective) if isinstance(objective, int) else objective
    return op.progress(store, obj, as_of)


def phase(store: Store, objective, as_of: date | None = None) -> str:
    """Phase of an objective (dict or id): no_data, not_started, running or ended, as progress() says."""
    obj = get(store, objective) if isinstance(objective, int) else objective
    return op.phase(store, obj, as_of)


def status(store: Store, objective_id: int, as_of: date | None = None) -> dict:
    """Status of one objective on `as_of`: value, expected, forecast band, probability, status and
    the rule that decided it ({"fr": ..., "en": ...}); plain values, JSON-ready with default=str."""
    return progress(store, int(objective_id), as_of).summary


def statuses(store: Store, as_of: date | None = None, include_archived: bool = False) -> list[dict]:
    return [op.progress(store, o, as_of).summary for o in list_objectives(store, include_archived)]


# -- CSV -----------------------------------------------------------------------------------------
def export_frame(store: Store, include_archived: bool = True) -> pd.DataFrame:
    names = dict(store.rows("SELECT id, name FROM campaigns"))
    rows = []
    for o in list_objectives(store, include_archived):
        row = {c: o.get(c) for c in CSV_COLUMNS}
        row["scope"] = json.dumps(o["scope"], ensure_ascii=False)
        row["campaign"] = names.get(o["campaign_id"])
        rows.append(row)
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


def export_csv(store: Store, include_archived: bool = True) -> bytes:
    """Every objective as CSV (UTF-8 with BOM, formula-safe)."""
    return exports.to_csv_bytes(export_frame(store, include_archived))


def _unquote(value: str) -> str:
    """Undo the export's formula neutralisation ('=... -> =...)."""
    if value.startswith("'") and value[1:].startswith(exports.DANGEROUS_PREFIXES):
        return value[1:]
    return value


def import_csv(store: Store, data: bytes | str) -> dict:
    """Create or update objectives from a CSV like export_csv's (an existing id is updated).
    All rows or none: every bad line is named in one ObjectiveError.

    The file is read as an export is (lib/sources/text.py): saved again by a spreadsheet, it may
    come with `;` between cells, Windows-1252 text, days written 31/01/2026 (their order decided
    by every date of the file, as for an export) and VRAI/FAUX."""
    access.check("edit_objectives")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        table = text.read_table(text.read_sample(raw, "objectives.csv"))
        frame = table.frame.set_axis(table.columns, axis=1) if table.columns else pd.DataFrame()
        dated = [c for c in ("start_day", "deadline") if c in frame.columns]
        order = cells.date_order(frame[dated], "objectives.csv") if dated else None
    except Refused as exc:
        raise ObjectiveError(*exc.args) from None
    missing = {"name", "kpi", "target", "direction", "start_day", "deadline"} - set(frame.columns)
    if missing:
        raise ObjectiveError(Message.worded("obj_err_columns", count=len(missing), missing=", ".join(sorted(missing))))
    if table.rejected:
        bad = table.rejected[0]
        raise ObjectiveError(Message.worded("obj_err_line", line=str(bad.line), reason=bad.reason))
    for column in dated:   # a spreadsheet's days as ISO days; a cell that is no date stays, to be named
        days, wrong = cells.to_dates(frame[column], order)
        frame[column] = [cell if bad or pd.isna(day) else day.date().isoformat()
                         for cell, day, bad in zip(frame[column], days, wrong)]
    campaigns = {name: cid for cid, name in store.rows("SELECT id, name FROM campaigns")}
    existing = {r[0] for r in store.rows("SELECT id FROM objectives")}
    errors, ready = [], []
    for line, raw in zip(table.line_numbers, frame.to_dict("records"), strict=True):
        row = {k: _unquote(v) if isinstance(v, str) else v for k, v in raw.items()}
        try:
            campaign = (row.get("campaign") or "").strip()
            if campaign and campaign not in campaigns:
                raise ObjectiveError(Message.worded("obj_err_campaign", found=campaign))
            row["campaign_id"] = campaigns.get(campaign)
            clean = _with_baseline(store, normalise(row))
            oid = int(row["id"]) if str(row.get("id") or "").strip() else None
            ready.append((oid if oid in existing else None, clean,
                          str(row.get("archived", "")).strip().lower() in ("true", "1", "yes", "vrai", "oui")))
        except (ObjectiveError, ValueError) as exc:
            errors.append(Message.worded("obj_err_line", line=str(line), reason=why(exc)))
    if errors:
        raise ObjectiveError(Message.worded("obj_err_lines", reasons=errors))
    created = updated = 0
    next_id, now = _next_id(store), _now()
    with store.transaction() as cur:
        for oid, clean, archived in ready:
            if oid is None:
                oid, next_id, created = next_id, next_id + 1, created + 1
                _insert(cur, oid, clean, now)
            else:
                _update(cur, oid, clean, now)
                updated += 1
            cur.execute("UPDATE objectives SET archived = ? WHERE id = ?", [archived, oid])
    return {"created": created, "updated": updated}


# -- demo ----------------------------------------------------------------------------------------
def demo_objectives(store: Store, end: date | None = None) -> list[int]:
    """Four objectives on the demo workspace (quarter revenue, Meta CPA, newsletter open rate,
    sessions) and two on the last Black Friday campaign (ROAS, revenue), ids from DEMO_FIRST_ID so a rebuild replaces them; also completes the demo
    campaigns' crisis plans (who to call, prepared answers)."""
    from lib.channels import campaigns

    first, last = op.data_days(store, "site_sessions")
    if last is None:
        return []
    end = end or last
    meta = store.rows("SELECT id, start_day FROM campaigns WHERE utm_campaigns = 'meta_prospection_printemps'")
    quarter = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    q_end = (pd.Timestamp(quarter) + pd.DateOffset(months=3) - pd.Timedelta(days=1)).date()

    def rate(kpi_id: str, scope: dict, days: int = 28) -> float:
        return op.value(store, kpi_id, scope, end - timedelta(days=days - 1), end) or 0.0

    def total_target(kpi_id: str, start: date, deadline: date, uplift: float) -> float:
        per_day = rate(kpi_id, {}) / 28
        return float(round(per_day * ((deadline - start).days + 1) * uplift, -2))

    q_start = max(quarter, first)
    s_start = max(first, end - timedelta(days=59))
    s_end = end + timedelta(days=30)
    meta_scope = {"platform": ["meta"], "campaign": ["meta_prospection_printemps"]}
    m_start = max(first, meta[0][1]) if meta else max(first, end - timedelta(days=60))
    early_cpa = op.value(store, "paid_cpa", meta_scope, m_start, end - timedelta(days=21)) or 20.0
    specs = [
        {"name": "Chiffre d'affaires du trimestre", "kpi": "total_revenue", "scope": {},
         "target": total_target("total_revenue", q_start, q_end, 1.0), "direction": "at_least",
         "start_day": q_start, "deadline": q_end, "owner": "Claire Martin (direction)",
         "business_goal": "Croissance du chiffre d'affaires de 10 % sur l'année",
         "notes": "Objectif fixé en comité de direction."},
        {"name": "CPA Meta prospection", "kpi": "paid_cpa", "scope": meta_scope,
         "target": round(early_cpa * 1.1, 2), "direction": "below", "start_day": m_start,
         "deadline": end + timedelta(days=30), "owner": "Hugo (acquisition)",
         "campaign_id": meta[0][0] if meta else None,
         "business_goal": "Acquérir de nouveaux clients sous la marge par commande"},
        {"name": "Taux d'ouverture de la newsletter", "kpi": "email_open_rate",
         "scope": {"platform": ["mailchimp"]}, "target": 0.355, "direction": "above",
         "start_day": max(first, end - timedelta(days=45)), "deadline": end + timedelta(days=45),
         "owner": "Léa (CRM)", "business_goal": "Fidéliser les clients existants"},
        {"name": "Sessions du site", "kpi": "site_sessions", "scope": {},
         "target": total_target("site_sessions", s_start, s_end, 0.97), "direction": "at_least",
         "start_day": s_start, "deadline": s_end, "owner": "Léa (CRM)",
         "business_goal": "Faire connaître la marque", "pacing": "auto"},
    ]
    bf = store.rows("SELECT id, start_day, end_day FROM campaigns WHERE utm_campaigns LIKE '%blackfriday%' "
                    "ORDER BY start_day DESC LIMIT 1")
    if bf and bf[0][1] >= first:   # no scope of their own: they measure the campaign (its platforms and UTMs)
        bf_id, bf_start, bf_end = bf[0][0], bf[0][1], bf[0][2]
        specs += [
            {"name": "ROAS Black Friday", "kpi": "paid_roas", "scope": {}, "target": 2.3, "direction": "above",
             "start_day": bf_start, "deadline": bf_end, "owner": "Hugo (acquisition)", "campaign_id": bf_id,
             "business_goal": "Des soldes rentables : chaque euro de publicité rapporte plus de 2,30 €"},
            {"name": "Chiffre d'affaires Black Friday", "kpi": "site_revenue", "scope": {}, "target": 20000.0,
             "direction": "at_least", "start_day": bf_start, "deadline": bf_end, "owner": "Claire Martin (direction)",
             "campaign_id": bf_id, "business_goal": "Croissance du chiffre d'affaires de 10 % sur l'année"}]
    cleans = [_with_baseline(store, normalise(spec)) for spec in specs]
    now, ids = _now(), [DEMO_FIRST_ID + i for i in range(len(cleans))]
    with store.transaction() as cur:
        cur.execute("DELETE FROM objectives WHERE id >= ?", [DEMO_FIRST_ID])
        for oid, clean in zip(ids, cleans, strict=True):
            _insert(cur, oid, clean, now)
    campaigns.demo_details(store)
    return ids
