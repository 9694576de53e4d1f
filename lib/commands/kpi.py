"""`kpi`: KPIs for a window, grouped and compared, as CSV or JSON (rates as fractions)."""
from __future__ import annotations

import json
import math
import sys

from lib.commands.common import open_store, parse_day, usage_error
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.kpis import rates as fx


def register(sub) -> None:
    p = sub.add_parser("kpi", help="print KPIs for a window")
    p.add_argument("--channel", required=True, help=f"one of {', '.join(kpis.CHANNELS)}")
    p.add_argument("--start", required=True, type=parse_day)
    p.add_argument("--end", required=True, type=parse_day)
    p.add_argument("--by", default="", help="dimensions, comma-separated (day, week, month, ...)")
    p.add_argument("--kpis", default="", help="KPI ids, comma-separated (default: the channel's)")
    p.add_argument("--filter", action="append", default=[], metavar="DIM=VALUE",
                   help="keep rows whose DIM equals VALUE (repeatable)")
    p.add_argument("--currency", help="money in this currency only")
    p.add_argument("--reporting", metavar="CODE",
                   help="convert money into CODE with the workspace's monthly rates (Data page), as the "
                        "app's reporting currency does; rows without a rate are left out and a note says so")
    p.add_argument("--compare", choices=["previous", "year", "none"], default="none")
    p.add_argument("--format", choices=["csv", "json"], default="csv")


def run(args) -> int:
    try:
        ids = [k for k in args.kpis.split(",") if k] or [
            k.id for k in kpis.for_channel(args.channel) if k.table or k.parts]
        by = [d for d in args.by.split(",") if d]
        filters: dict[str, list[str]] = {}
        for item in args.filter:
            dim, sep, value = item.partition("=")
            if not sep:
                return usage_error(f"--filter needs DIM=VALUE, got {item!r}")
            filters.setdefault(dim, []).append(value)
        reporting = fx.code(args.reporting, "--reporting") if args.reporting else None
        currency = args.currency
        if reporting and currency and currency.strip().upper() != reporting:
            return usage_error(f"--currency {currency} and --reporting {reporting} differ: with a "
                               "reporting currency the figures are in it; leave --currency out")
        store = open_store(args)
        # As in the app: converted money, in the reporting currency only (rows of a month without
        # a rate keep their currency, are never added, and the note names them).
        result = queries.run_compared(store, ids, args.start, args.end, args.compare, by,
                                      filters, reporting or currency, reporting)
    except (kpis.UnknownKpi, queries.QueryError, ValueError) as exc:
        return usage_error(str(exc))
    for note in result.notes:   # str(note): the English sentence scripts have always read
        print(f"note: {note}", file=sys.stderr)
    frame = result.frame
    if args.format == "json":
        records = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
        print(json.dumps(records, ensure_ascii=False, default=str))
    else:
        frame.to_csv(sys.stdout, index=False)
    return 0


def _plain(value):
    """JSON-safe scalars: NaN becomes null, dates ISO strings, numpy numbers plain floats."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if len(value.isoformat()) >= 10 else value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
