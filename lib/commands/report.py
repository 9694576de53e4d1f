"""`report`: the post-campaign report as HTML, PDF or XLSX."""
from __future__ import annotations

import sys
from pathlib import Path

from lib import i18n
from lib.commands.common import open_store, parse_day
from lib.reports import report as reports
from lib.store import settings


def register(sub) -> None:
    p = sub.add_parser("report", help="write a campaign's post-campaign report")
    p.add_argument("--campaign", required=True, help="the campaign's name")
    p.add_argument("--format", required=True, choices=list(reports.FORMATS))
    p.add_argument("--out", required=True, help="the file to write")
    p.add_argument("--lang", choices=list(i18n.LANGS), help="language (default: the workspace's, else fr)")
    p.add_argument("--as-of", type=parse_day, help="data up to this day (default: yesterday)")


def run(args) -> int:
    store = open_store(args)
    lang = args.lang or settings.get(store, settings.LANGUAGE) or i18n.DEFAULT_LANG
    if lang not in i18n.LANGS:
        lang = i18n.DEFAULT_LANG
    try:
        report = reports.build(store, args.campaign, lang, args.as_of)
    except reports.ReportError as exc:
        known = [r[0] for r in store.rows("SELECT name FROM campaigns ORDER BY name")]
        print(f"error: {exc}; known campaigns: {', '.join(known) or 'none'}", file=sys.stderr)
        return 1
    data = reports.render(report, args.format)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out} ({len(data)} bytes, {args.format}, {lang})", file=sys.stderr)
    return 0
