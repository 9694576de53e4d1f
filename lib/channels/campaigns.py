"""Campaigns: name, platforms, UTM campaign names, dates, budget, crisis plan and lessons learned.

Three phases: before (a checklist: objectives set, tracking verified, crisis plan written, the
team's own items; and the baseline), during (pacing of its objectives, alerts, A/B tests),
after (the report, lib/reports.py). Platforms and UTM names are stored comma-separated; the
checklist as JSON [{"item": ..., "done": bool}] (a bare string, as the demo writes, is done).
"""
from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta

import pandas as pd

from lib import access
from lib.i18n.messages import Message
from lib.kpis import queries
from lib.store import Store, rollups

FIELDS = ("name", "platforms", "utm_campaigns", "start_day", "end_day", "budget", "currency", "crisis_plan",
          "crisis_contacts", "crisis_answers", "checklist", "lessons")
COLUMNS = ("id",) + FIELDS + ("archived", "created_at", "updated_at")
DEMO_FIRST_ID = 900000
MAX_TEXT = 10000
TRACKING_LOOKBACK = 7      # before the start: data must have flowed in the last 7 days
# Where each platform's rows live: (table, column holding the platform name).
SOURCES = (("ad_performance", "platform"), ("email_campaigns", "platform"), ("social_performance", "network"))
# The campaign's KPIs by table and the scope column its UTM names filter.
KPI_SETS = {
    "ad_performance": ("paid", ["paid_impressions", "paid_clicks", "paid_ctr", "paid_cost", "paid_cpc",
                                "paid_conversions", "paid_cpa", "paid_conversion_value", "paid_roas"]),
    "site_traffic": ("site", ["site_sessions", "site_conversions", "site_conversion_rate",
                              "site_transactions", "site_revenue"]),
    "email_campaigns": ("email", ["email_sent", "email_open_rate", "email_click_rate", "email_revenue"]),
}


def _field(name: str) -> Message:
    """A field as a refusal names it: its code in English (the command line's words), its form
    label in French."""
    return Message.worded(f"camp_field_{name}")


class CampaignError(ValueError):
    """A campaign the store refuses; the message says which field and why."""


def _split(value) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return list(dict.fromkeys(str(v).strip() for v in items if str(v).strip()))


def _text(value, name: str) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise CampaignError(Message.worded("camp_err_long", field=_field(name), limit=str(MAX_TEXT)))
    return text or None


def _day(value, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise CampaignError(Message.worded("camp_err_date", field=_field(name), found=str(value),
                                           quoted=repr(value))) from None


def parse_checklist(value) -> list[dict]:
    """[{"item", "done"}] from JSON text, a list, or one item per line ("[ ] item" is still to do)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            value = [line.strip() for line in value.splitlines() if line.strip()]
    items = []
    for entry in value:
        if isinstance(entry, str) and entry.strip():
            entry = entry.strip()
            mark = entry[:3] if entry[:3] in ("[ ]", "[x]", "[X]") else ""
            items.append({"item": entry[len(mark):].strip(), "done": mark != "[ ]"})
        elif isinstance(entry, dict) and str(entry.get("item", "")).strip():
            items.append({"item": str(entry["item"]).strip(), "done": bool(entry.get("done"))})
    return items


def normalise(fields: dict) -> dict:
    """Check and convert a campaign's fields; raise CampaignError naming the field."""
    name = _text(fields.get("name"), "name")
    if not name:
        raise CampaignError(Message.worded("camp_err_name"))
    start, end = _day(fields.get("start_day"), "start_day"), _day(fields.get("end_day"), "end_day")
    if start is None:
        raise CampaignError(Message.worded("camp_err_start"))
    if end is not None and end < start:
        raise CampaignError(Message.worded("camp_err_end", end=end, start=start))
    budget = fields.get("budget")
    if budget in (None, "") or (isinstance(budget, float) and math.isnan(budget)):
        budget = None
    else:
        try:
            budget = float(budget)
        except (TypeError, ValueError):
            raise CampaignError(Message.worded("camp_err_budget", found=str(budget), quoted=repr(budget))) from None
        if budget < 0 or math.isinf(budget):
            raise CampaignError(Message.worded("camp_err_budget_positive"))
    return {"name": name, "platforms": ",".join(_split(fields.get("platforms"))) or None,
            "utm_campaigns": ",".join(_split(fields.get("utm_campaigns"))) or None,
            "start_day": start, "end_day": end, "budget": budget,
            "currency": _text(fields.get("currency"), "currency"),
            "crisis_plan": _text(fields.get("crisis_plan"), "crisis_plan"),
            "crisis_contacts": _text(fields.get("crisis_contacts"), "crisis_contacts"),
            "crisis_answers": _text(fields.get("crisis_answers"), "crisis_answers"),
            "checklist": json.dumps(parse_checklist(fields.get("checklist")), ensure_ascii=False),
            "lessons": _text(fields.get("lessons"), "lessons")}


def _from_row(row) -> dict:
    c = dict(zip(COLUMNS, row, strict=True))
    c["platform_list"], c["utm_list"] = _split(c["platforms"]), _split(c["utm_campaigns"])
    c["checklist"] = parse_checklist(c["checklist"])
    c["archived"] = bool(c["archived"])
    return c


def list_campaigns(store: Store, include_archived: bool = False) -> list[dict]:
    """Campaigns, latest start first."""
    rows = store.rows(f"SELECT {', '.join(COLUMNS)} FROM campaigns WHERE (coalesce(archived, false) = false OR ?) "
                      "ORDER BY start_day DESC NULLS LAST, name", [include_archived])
    return [_from_row(r) for r in rows]


def get(store: Store, campaign_id: int) -> dict:
    rows = store.rows(f"SELECT {', '.join(COLUMNS)} FROM campaigns WHERE id = ?", [int(campaign_id)])
    if not rows:
        raise CampaignError(Message.worded("camp_err_unknown_id", id=str(campaign_id)))
    return _from_row(rows[0])


def by_name(store: Store, name: str) -> dict | None:
    rows = store.rows(f"SELECT {', '.join(COLUMNS)} FROM campaigns WHERE name = ?", [name])
    return _from_row(rows[0]) if rows else None


def _check_name(store: Store, name: str, campaign_id: int | None) -> None:
    if store.scalar("SELECT count(*) FROM campaigns WHERE name = ? AND id IS DISTINCT FROM ?",
                    [name, campaign_id]):
        raise CampaignError(Message.worded("camp_err_taken", name=name, quoted=repr(name)))


def create(store: Store, fields: dict) -> int:
    access.check("edit_campaigns")
    clean = normalise(fields)
    _check_name(store, clean["name"], None)
    cid = int(store.scalar("SELECT coalesce(max(id), 0) + 1 FROM campaigns WHERE id < ?", [DEMO_FIRST_ID]))
    now = datetime.now().replace(microsecond=0)
    with store.transaction() as cur:
        cur.execute(f"INSERT INTO campaigns (id, {', '.join(FIELDS)}, archived, created_at, updated_at) "
                    f"VALUES (?, {', '.join('?' * len(FIELDS))}, false, ?, ?)",
                    [cid, *[clean[f] for f in FIELDS], now, now])
    return cid


def update(store: Store, campaign_id: int, fields: dict) -> None:
    access.check("edit_campaigns")
    get(store, campaign_id)
    clean = normalise(fields)
    _check_name(store, clean["name"], int(campaign_id))
    with store.transaction() as cur:
        cur.execute(f"UPDATE campaigns SET {', '.join(f'{f} = ?' for f in FIELDS)}, updated_at = ? WHERE id = ?",
                    [*[clean[f] for f in FIELDS], datetime.now().replace(microsecond=0), int(campaign_id)])


def archive(store: Store, campaign_id: int, archived: bool = True) -> None:
    access.check("edit_campaigns")
    get(store, campaign_id)
    with store.transaction() as cur:
        cur.execute("UPDATE campaigns SET archived = ? WHERE id = ?", [archived, int(campaign_id)])


def set_lessons(store: Store, campaign_id: int, text: str | None) -> None:
    """Save the lessons learned (shown when the next campaign is planned)."""
    access.check("edit_campaigns")
    get(store, campaign_id)
    with store.transaction() as cur:
        cur.execute("UPDATE campaigns SET lessons = ?, updated_at = ? WHERE id = ?",
                    [_text(text, "lessons"), datetime.now().replace(microsecond=0), int(campaign_id)])


def previous_lessons(store: Store, before: date | None = None, exclude_id: int | None = None) -> list[dict]:
    """Lessons of the campaigns that started before `before` (all when None), latest first."""
    rows = store.rows("SELECT id, name, start_day, end_day, lessons FROM campaigns WHERE lessons IS NOT NULL "
                      "AND trim(lessons) <> '' AND (? IS NULL OR start_day < ?) AND id IS DISTINCT FROM ? "
                      "ORDER BY start_day DESC", [before, before, exclude_id])
    return [dict(zip(("id", "name", "start_day", "end_day", "lessons"), r, strict=True)) for r in rows]


# -- phases --------------------------------------------------------------------------------------
def phase(campaign: dict, today: date | None = None) -> str:
    """before | during | after."""
    today = today or date.today()
    if today < campaign["start_day"]:
        return "before"
    if campaign["end_day"] is not None and today > campaign["end_day"]:
        return "after"
    return "during"


def window(campaign: dict, as_of: date | None = None) -> tuple[date, date]:
    """The campaign's days up to `as_of` (yesterday by default); an open campaign ends then."""
    as_of = as_of or date.today() - timedelta(days=1)
    end = campaign["end_day"] if campaign["end_day"] is not None else as_of
    return campaign["start_day"], min(end, as_of)


def baseline_window(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before the campaign."""
    return queries.comparison_window(start, end, "previous")


def scope(campaign: dict, table: str) -> dict:
    """Query filters selecting the campaign's rows in a table (platforms for ads, UTM names)."""
    out = {}
    if table == "ad_performance" and campaign["platform_list"]:
        out["platform"] = campaign["platform_list"]
    if campaign["utm_list"]:
        out["campaign"] = campaign["utm_list"]
    return out


def after_window(campaign: dict, as_of: date | None = None) -> tuple[date, date] | None:
    """The period of equal length just after the end (the halo), up to `as_of`; None while the
    campaign runs or has no end."""
    as_of = as_of or date.today() - timedelta(days=1)
    if campaign["end_day"] is None or as_of <= campaign["end_day"]:
        return None
    start, end = window(campaign, as_of)
    length = (end - start).days + 1
    return end + timedelta(days=1), min(end + timedelta(days=length), as_of)


def channel_scope(store: Store, campaign: dict, table: str, start: date, end: date) -> dict:
    """The same channels without the UTM names (the reference when the campaign's own names did
    not exist before): its platforms for ads and emails, for the site the GA4 channel groups its
    sessions came from during the campaign."""
    if table == "site_traffic":
        groups = queries.run(store, ["site_sessions"], start, end, by=["channel_group"],
                             filters={"campaign": campaign["utm_list"]}).frame
        groups = groups[groups["site_sessions"] > 0]["channel_group"].dropna() if not groups.empty else []
        return {"channel_group": sorted(set(groups))} if len(groups) else {}
    if "platform" in queries.dimensions(table) and campaign["platform_list"]:
        return {"platform": campaign["platform_list"]}
    return {}


def _values(store, ids, lo, hi, filters, currency) -> pd.Series:
    frame = queries.run(store, ids, lo, hi, filters=filters, currency=currency).frame
    return frame.iloc[0][ids] if not frame.empty else pd.Series(float("nan"), index=ids)


def kpi_table(store: Store, campaign: dict, as_of: date | None = None) -> pd.DataFrame:
    """The campaign's KPIs over its window, over the equal period before (the baseline) and after
    (the halo, once the campaign has ended; same rows as the baseline): columns channel, kpi, value, baseline, delta, basis,
    after, after_delta. The baseline is the campaign's own rows (basis "campaign"); when its UTM
    names had no rows before, the same channels before launch (basis "channels"). Channels
    without data are left out."""
    start, end = window(campaign, as_of)
    b_start, b_end = baseline_window(start, end)
    halo = after_window(campaign, as_of)
    currency = campaign.get("currency")
    rows = []
    for table, (channel, ids) in KPI_SETS.items():
        if not campaign["utm_list"] or not queries.has_data(store, table):
            continue
        own = scope(campaign, table)
        now = _values(store, ids, start, end, own, currency)
        if now.isna().all():
            continue
        before, basis = _values(store, ids, b_start, b_end, own, currency), "campaign"
        if before.isna().all():
            own, basis = channel_scope(store, campaign, table, start, end), "channels"
            before = _values(store, ids, b_start, b_end, own, currency)
        after = _values(store, ids, *halo, own, currency) if halo else pd.Series(float("nan"), index=ids)
        for kid in ids:
            rows.append({"channel": channel, "kpi": kid, "value": now[kid], "baseline": before[kid],
                         "basis": basis, "after": after[kid]})
    frame = pd.DataFrame(rows, columns=["channel", "kpi", "value", "baseline", "basis", "after"])
    frame["delta"] = queries.relative_change(frame["value"], frame["baseline"])
    # Totals of a halo still under way are not comparable with the whole baseline period.
    complete = halo is not None and (halo[1] - halo[0]).days == (end - start).days
    frame["after_delta"] = queries.relative_change(frame["after"], frame["baseline"]) if complete else float("nan")
    return frame[["channel", "kpi", "value", "baseline", "delta", "basis", "after", "after_delta"]]


# -- checklist -----------------------------------------------------------------------------------
def tracking(store: Store, campaign: dict, as_of: date | None = None) -> list[dict]:
    """Per source the campaign uses (each platform, GA4, each UTM name in GA4): rows found in the
    campaign window (before the start: in the last TRACKING_LOOKBACK days)."""
    as_of = as_of or date.today() - timedelta(days=1)
    if as_of < campaign["start_day"]:
        lo, hi = as_of - timedelta(days=TRACKING_LOOKBACK - 1), as_of
    else:
        lo, hi = window(campaign, as_of)
    checks = []
    for platform in campaign["platform_list"]:
        found = 0
        for table, column in SOURCES:   # of the accounts the reader looks at (queries.ACCOUNTS)
            whose, scoped = queries.account_sql(table)
            found += store.scalar(f"SELECT count(*) FROM {table} WHERE {column} = ? AND day_from >= ? "
                                  f"AND day_to <= ?{whose}", [platform, lo, hi, *scoped])
        checks.append({"source": platform, "rows": int(found), "ok": found > 0})
    whose, scoped = queries.account_sql("site_traffic")
    ga4 = store.scalar(f"SELECT count(*) FROM site_traffic WHERE day_from >= ? AND day_to <= ?{whose}",
                       [lo, hi, *scoped])
    checks.append({"source": "ga4", "rows": int(ga4), "ok": ga4 > 0})
    if as_of >= campaign["start_day"]:   # UTM names can only show up once the campaign runs
        for utm in campaign["utm_list"]:
            found = store.scalar("SELECT count(*) FROM site_traffic WHERE campaign = ? AND day_from >= ? "
                                 f"AND day_to <= ?{whose}", [utm, lo, hi, *scoped])
            checks.append({"source": f"utm:{utm}", "rows": int(found), "ok": found > 0})
    return checks


def known_sources(store: Store) -> list[str]:
    """Every platform and network the workspace holds (what a campaign's platforms may name)."""
    union = " UNION ".join(f"SELECT DISTINCT {column} AS v FROM {rollups.reader(store, table)}"
                           for table, column in SOURCES)   # names from the module's own list
    return [r[0] for r in store.rows(f"SELECT v FROM ({union}) WHERE v IS NOT NULL AND v <> '' ORDER BY 1")]


def crisis_plan(campaign: dict) -> dict:
    """Who to call, what to say, prepared answers; `missing` names the empty parts."""
    plan = {"contacts": campaign.get("crisis_contacts"), "message": campaign.get("crisis_plan"),
            "answers": campaign.get("crisis_answers")}
    plan["missing"] = [k for k in ("contacts", "message", "answers") if not (plan[k] or "").strip()]
    return plan


def crisis_plans_running(store: Store, day: date) -> list[dict]:
    """Crisis plans of the campaigns running on `day` (for the bad-buzz alert)."""
    out = []
    for c in list_campaigns(store):
        if c["start_day"] <= day and (c["end_day"] is None or day <= c["end_day"]):
            out.append({"campaign_id": c["id"], "campaign": c["name"], **crisis_plan(c)})
    return out


def checklist(store: Store, campaign: dict, as_of: date | None = None) -> list[dict]:
    """The before-launch checklist: key, ok, detail (plain values for the page to word)."""
    objectives = store.scalar("SELECT count(*) FROM objectives WHERE campaign_id = ? AND NOT archived",
                              [campaign["id"]]) if campaign.get("id") is not None else 0
    track = tracking(store, campaign, as_of)
    plan = crisis_plan(campaign)
    items = [
        {"key": "objectives", "ok": objectives > 0, "detail": {"count": int(objectives)}},
        {"key": "tracking", "ok": bool(track) and all(t["ok"] for t in track),
         "detail": {"missing": [t["source"] for t in track if not t["ok"]],
                    "checked": [t["source"] for t in track]}},
        {"key": "crisis_plan", "ok": not plan["missing"], "detail": {"missing": plan["missing"]}},
    ]
    for entry in campaign["checklist"]:
        items.append({"key": "custom", "ok": entry["done"], "detail": {"item": entry["item"]}})
    return items


# -- demo ----------------------------------------------------------------------------------------
DEMO_CONTACTS = ("Direction : Claire Martin, 06 12 34 56 78\nService client : Karim, 06 98 76 54 32\n"
                 "Community manager : Léa, 06 55 44 33 22")
DEMO_ANSWERS = ("« Votre colis n'est pas arrivé ? Écrivez-nous en message privé avec votre numéro de "
                "commande : nous le retrouvons ou vous remboursons sous 48 h. »\n"
                "« Nous sommes désolés de la réponse qui vous a été faite : elle ne reflète pas notre "
                "façon de travailler. »")


def demo_details(store: Store) -> None:
    """Complete the demo campaigns' crisis plans (who to call, prepared answers)."""
    with store.transaction() as cur:
        cur.execute("UPDATE campaigns SET crisis_contacts = coalesce(crisis_contacts, ?), "
                    "crisis_answers = coalesce(crisis_answers, ?) WHERE id >= ?",
                    [DEMO_CONTACTS, DEMO_ANSWERS, DEMO_FIRST_ID])
