"""The digest: the overview's cards with their changes, the objectives at risk and the alerts
fired over a period, as one message in the reader's language (lib.alerts.notify.Message)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from lib import i18n
from lib.alerts import notify
from lib.alerts import rules as alerts
from lib.alerts.checks import Outcome, missing
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.objectives import tracker as objectives
from lib.store import Store
from lib.store import settings as stored

# The overview page's cards (pages/overview.py reads them from here, so both show the same).
CARDS = ("total_cost", "total_revenue", "blended_roas", "total_conversions", "site_sessions")
AT_RISK = ("at_risk", "off_track", "missed")


@dataclass
class Digest:
    start: date
    end: date
    lang: str
    currency: str | None
    page: str = ""                                         # the overview's path (settings.overview_path)
    cards: list[dict] = field(default_factory=list)        # kpi, label, value, change, value_text, change_text
    objectives: list[dict] = field(default_factory=list)   # name, status, value_text, expected_text
    alerts: list[dict] = field(default_factory=list)       # name, day, message


def currency_of(store: Store) -> str | None:
    """The workspace currency, else the first one the money tables hold (as the sidebar picks)."""
    chosen = stored.get(store, stored.CURRENCY)
    found: set[str] = set()
    for table in sorted(queries.MONEY_TABLES):
        found |= {r[0] for r in store.rows(f"SELECT DISTINCT currency FROM {table} WHERE currency IS NOT NULL")}
    return chosen if chosen in found else (sorted(found)[0] if found else chosen)


def build(store: Store, start: date, end: date, lang: str, currency: str | None = None) -> Digest:
    """The digest of START..END compared with the period just before (the overview's default)."""
    currency = currency if currency is not None else currency_of(store)
    digest = Digest(start, end, lang, currency, stored.overview_path(store))
    frame = queries.run_compared(store, list(CARDS), start, end, "previous", currency=currency).frame
    row = frame.iloc[0] if len(frame) else pd.Series(dtype="float64")
    for kid in CARDS:
        k = kpis.get(kid)
        value, change = row.get(kid), row.get(f"{kid}_delta")
        value = None if value is None or pd.isna(value) else float(value)
        change = None if change is None or pd.isna(change) else float(change)
        digest.cards.append({"kpi": kid, "label": k.label[lang], "value": value, "change": change,
                             "value_text": i18n.fmt_value(value, k.unit, lang, currency, True),
                             "change_text": i18n.fmt_delta(change, lang) or i18n.t("na", lang)})
    for s in objectives.statuses(store, as_of=end):
        if s.get("status") in AT_RISK:
            unit = s.get("unit") or "number"
            digest.objectives.append({
                "name": s.get("name"), "status": s["status"],
                "status_text": i18n.t(f"obj_status_{s['status']}", lang),
                "value_text": i18n.fmt_value(s.get("value"), unit, lang, currency),
                "expected_text": i18n.fmt_value(s.get("expected"), unit, lang, currency)})
    digest.alerts = fired(store, start, end, lang, currency)
    return digest


def fired(store: Store, start: date, end: date, lang: str, currency: str | None) -> list[dict]:
    """The episodes that opened (an alert started firing) in the period, oldest first."""
    rows = store.rows("SELECT e.rule_id, e.day, e.value, e.expected_low, e.expected_high FROM alert_events e "
                      "WHERE e.state = 'firing' AND e.id = e.episode AND e.day BETWEEN ? AND ? ORDER BY e.day, e.id",
                      [start, end])
    rules = {r.id: r for r in alerts.rules(store)}
    found = []
    for rule_id, day, value, low, high in rows:
        rule = rules.get(rule_id)
        if rule is None:
            continue
        try:
            rule = alerts.validate(rule)
            text = alerts.describe(rule, _outcome(value, low, high), day, lang, currency)
        except (alerts.RuleError, KeyError, ValueError):
            text = rule.name
        found.append({"name": rule.name, "day": day, "message": text})
    return found


def _outcome(value, low, high) -> Outcome:
    return Outcome("breach", *(None if missing(v) else float(v) for v in (value, low, high)))


def message(digest: Digest, app_url: str) -> notify.Message:
    """The digest as a message: facts for the cards, lines for the objectives and alerts."""
    lang, t = digest.lang, i18n.t
    span = t("digest_period", lang, start=i18n.fmt_date(digest.start, lang), end=i18n.fmt_date(digest.end, lang)) \
        if digest.start != digest.end else i18n.fmt_date(digest.end, lang)
    subject = t("digest_subject", lang, period=span)
    facts = [(c["label"], t("digest_card", lang, value=c["value_text"], change=c["change_text"]))
             for c in digest.cards]
    watch = [t("digest_objective", lang, name=o["name"], status=o["status_text"], value=o["value_text"],
               expected=o["expected_text"]) for o in digest.objectives]
    watch += [t("digest_alert", lang, day=i18n.fmt_date(a["day"], lang), message=a["message"])
              for a in digest.alerts]
    if not watch:
        watch = [t("digest_nothing", lang)]
    title = t("digest_watch", lang, objectives=len(digest.objectives), alerts=len(digest.alerts))
    link = (f"{app_url.rstrip('/')}/{digest.page}?lang={lang}&period=custom&start={digest.start.isoformat()}"
            f"&end={digest.end.isoformat()}")
    intro = t("digest_intro", lang, period=span)
    lines = [intro, *(t("alert_line", lang, label=k, value=v) for k, v in facts), "", title, *watch, "",
             t("alert_line", lang, label=t("digest_open", lang), value=link)]
    payload = {"digest": True, "start": digest.start.isoformat(), "end": digest.end.isoformat(), "lang": lang,
               "currency": digest.currency, "link": link,
               "cards": [{k: c[k] for k in ("kpi", "label", "value", "change", "value_text", "change_text")}
                         for c in digest.cards],
               "objectives_at_risk": digest.objectives,
               "alerts_fired": [{**a, "day": a["day"].isoformat()} for a in digest.alerts]}
    return notify.Message(subject, "\n".join(lines), payload, facts, link, t("digest_open", lang), watch, title)
