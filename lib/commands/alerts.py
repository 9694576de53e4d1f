"""`alerts check`: evaluate every enabled rule, deliver notifications, report for cron.

Exit status: 0 nothing firing, 3 something firing (snoozed rules aside), 1 on error.
"""
from __future__ import annotations

import json
import math
import sys

from lib.alerts import channels, delivery
from lib.alerts import rules as alerts
from lib.commands.common import open_store, parse_day

FIRING_EXIT = 3
FIELDS = ("rule_id", "name", "kind", "kpi", "scope", "value", "expected_low", "expected_high",
          "state", "day", "message")


def register(sub) -> None:
    p = sub.add_parser("alerts", help="evaluate alert rules")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="evaluate the rules (exit 3 when one fires)")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--as-of", type=parse_day, help="evaluate this data day (default: latest data)")
    check.add_argument("--no-deliver", action="store_true", help="send no notification")


def record(alert: alerts.Alert) -> dict:
    """One alert as the JSON contract's fields."""
    r = alert.rule
    message = alert.message + (f" (snoozed until {r.snoozed_until:%Y-%m-%d %H:%M})" if alert.snoozed else "")
    values = (r.id, r.name, r.kind, r.kpi, r.scope, alert.value, alert.low, alert.high, alert.state,
              alert.day, message)
    return {k: (v if k == "scope" else _plain(v)) for k, v in zip(FIELDS, values, strict=True)}


def _plain(value):
    """JSON-safe scalars: NaN and None become null, dates ISO strings, numpy numbers floats."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def run(args) -> int:
    try:
        store = open_store(args)
        found = alerts.evaluate(store, as_of=args.as_of)
        report = [] if args.no_deliver else delivery.deliver(store, found, channels.load(store),
                                                             channels.app_url(store))
    except Exception as exc:  # cron reads the exit status: an error must not look like "all clear"
        print(f"error: alerts check failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    for item in report:
        if item["status"] != "sent":
            print(f"note: rule {item['rule_id']}: {item['channel']} not delivered: {item['error']}",
                  file=sys.stderr)
    if args.format == "json":
        print(json.dumps([record(a) for a in found], ensure_ascii=False, default=str))
    else:
        for a in found:
            flag = " (snoozed)" if a.snoozed else ""
            print(f"{a.state.upper():9} #{a.rule.id} {a.rule.name}{flag}: {a.message}")
    firing = any(a.state == "firing" and not a.snoozed for a in found)
    return FIRING_EXIT if firing else 0
