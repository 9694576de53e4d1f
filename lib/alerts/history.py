"""The alert history as people read it: every sentence, number and date in the reader's language.

Events store the message in the language of the check that wrote them; the history words each
event again from its stored state, value and band, so an English page never shows French text,
and numbers and dates go through lib.i18n's formatters (never "31.4212" or "2026-12-05 00:00:00").
"""
from __future__ import annotations

import json

import pandas as pd

from lib import i18n
from lib.alerts import rules as alerts
from lib.alerts.checks import Outcome, missing
from lib.store import Store

COLUMNS = ("day", "name", "state", "value", "band", "message", "notified", "evaluated_at")


def _status(state: str) -> str:
    return "nodata" if state == "nodata" else ("breach" if state in ("firing", "pending") else "ok")


def sentence(rule: alerts.Rule, state: str, value, low, high, day, lang: str, currency: str | None,
             stored: str) -> str:
    """The event's sentence in LANG; the stored one for a rule that no longer validates."""
    try:
        rule = alerts.validate(rule)
        value, low, high = (None if missing(v) else float(v) for v in (value, low, high))
        if rule.kind == "objective" and state != "nodata":
            note = "off_track" if state in ("firing", "pending") else "on_track"
            return alerts.describe(rule, Outcome(_status(state), value, low, high, note=note), day, lang, currency)
        return alerts.describe(rule, Outcome(_status(state), value, low, high), day, lang, currency)
    except (alerts.RuleError, KeyError, ValueError):
        return stored


def when(value, lang: str) -> str:
    """A timestamp as a date and hh:mm in LANG."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    stamp = pd.Timestamp(value).to_pydatetime()
    return f"{i18n.fmt_date(stamp.date(), lang)} {stamp:%H:%M}"


def frame(store: Store, lang: str, currency: str | None, limit: int = 500) -> pd.DataFrame:
    """The most recent events, newest first, as text columns (COLUMNS)."""
    raw = alerts.history(store, limit)
    rules = {r.id: r for r in alerts.rules(store)}
    rows = []
    for e in raw.itertuples():
        rule = rules.get(e.rule_id)
        day = pd.Timestamp(e.day).date() if pd.notna(e.day) else None
        if rule is None or day is None:
            continue
        rows.append({
            "day": i18n.fmt_date(day, lang), "name": e.name,
            "state": i18n.t(f"alert_state_{e.state}", lang),
            "value": alerts.fmt(rule, e.value, lang, currency) if _valid(rule) else "",
            "band": alerts.band_text(rule, e.expected_low, e.expected_high, lang, currency) if _valid(rule) else "",
            "message": sentence(rule, e.state, e.value, e.expected_low, e.expected_high, day, lang, currency,
                                e.message),
            "notified": i18n.t("alert_yes" if e.notified else "alert_no", lang),
            "evaluated_at": when(e.evaluated_at, lang)})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _valid(rule: alerts.Rule) -> bool:
    try:
        alerts.validate(rule)
        return True
    except alerts.RuleError:
        return False


def failures(store: Store, limit: int = 50) -> list[dict]:
    """Deliveries that failed and are still owed (the episode is not notified): rule, channel,
    reason, when; newest first."""
    rows = store.rows("SELECT r.name, e.day, e.delivery FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id "
                      "WHERE e.delivery IS NOT NULL AND NOT e.notified ORDER BY e.day DESC, e.id DESC LIMIT ?",
                      [limit])
    found = []
    for name, day, delivery in rows:
        record = json.loads(delivery) if isinstance(delivery, str) else (delivery or {})
        for channel, entry in record.items():
            if isinstance(entry, dict) and entry.get("status") in ("failed", "skipped", "interrupted"):
                found.append({"rule": name, "day": day, "channel": channel, "error": entry.get("error") or "",
                              "at": entry.get("at")})
    return found

