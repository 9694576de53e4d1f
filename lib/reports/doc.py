"""The report as a list of neutral blocks (titles, paragraphs, tables of formatted text, charts)
that the HTML and PDF writers lay out, and the XLSX of its tables (raw numbers)."""
from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from lib import exports, i18n
from lib.channels import campaigns
from lib.charts import base as charts
from lib.charts import objectives as charts_objectives
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.kpis import queries

CHART_WIDTH = 640
DAILY_KPIS = ("paid_cost", "site_sessions", "email_sent")   # the first one the campaign has, by day


@dataclass
class Block:
    kind: str                 # title | heading | text | table | chart
    text: str = ""
    headers: list | None = None
    rows: list | None = None
    chart: object = None      # an Altair chart


def _v(report, value, kpi_id: str) -> str:
    return i18n.fmt_value(value, kpis.get(kpi_id).unit, report.lang, report.currency)


def _label(report, kpi_id: str) -> str:
    return kpis.get(kpi_id).label[report.lang]


def _day(report, value) -> str:
    return i18n.fmt_date(pd.Timestamp(value).date(), report.lang) if value is not None and not pd.isna(value) else ""


def blocks(report) -> list[Block]:
    """The report in reading order."""
    lg, c = report.lang, report.campaign
    out = [Block("title", t("rep_title", lg, name=c["name"])),
           Block("text", t("rep_period", lg, start=_day(report, report.start), end=_day(report, report.end),
                           b_start=_day(report, report.baseline_start), b_end=_day(report, report.baseline_end))),
           Block("text", t("rep_scope", lg, platforms=", ".join(c["platform_list"]) or "—",
                           utms=", ".join(c["utm_list"]) or "—",
                           budget=i18n.fmt_money(c.get("budget"), lg, report.currency)))]
    reached = sum(1 for o in report.objectives if o["status"] == "reached")
    out += [Block("heading", t("rep_objectives", lg)),
            Block("text", t("rep_objectives_summary", lg, count=reached, total=len(report.objectives))
                  if report.objectives else t("rep_no_objectives", lg))]
    if report.objectives:
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_objective", "rep_col_kpi", "rep_col_target",
                                                              "rep_col_value", "rep_col_forecast", "rep_col_status")],
                         rows=[[o["name"], _label(report, o["kpi"]),
                                f"{t('obj_dir_' + o['direction'], lg)} {_v(report, o['target'], o['kpi'])}",
                                _v(report, o["value"], o["kpi"]), _v(report, o["forecast"], o["kpi"]),
                                t(f"obj_status_{o['status']}", lg)] for o in report.objectives]))
        for o in report.objectives:
            out.append(Block("text", f"{o['name']} — {o['rule'][lg]}"))
            frame = report.frames.get(o["id"])
            if frame is not None and not frame.empty:
                labels = {s: t(f"obj_chart_{s}", lg) for s in ("actual", "expected", "forecast", "band", "target", "day")}
                chart = charts_objectives.progress(frame, _label(report, o["kpi"]), kpis.get(o["kpi"]).unit, labels)
                out.append(Block("chart", o["name"], chart=charts.localised(chart.properties(width=CHART_WIDTH), lg)))
    out.append(Block("heading", t("rep_kpis", lg)))
    if report.kpis.empty:
        out.append(Block("text", t("rep_none", lg)))
    else:
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_channel", "rep_col_kpi", "rep_col_value",
                                                              "rep_col_baseline", "rep_col_change", "rep_col_target")],
                         rows=[[t(f"ch_{r.channel}", lg), _label(report, r.kpi), _v(report, r.value, r.kpi),
                                _v(report, r.baseline, r.kpi), i18n.fmt_delta(r.delta, lg) or t("na", lg),
                                _v(report, r.target, r.kpi) if not pd.isna(r.target) else "—"]
                               for r in report.kpis.itertuples()]))
        if report.daily is not None:
            out.append(Block("chart", t("rep_daily", lg), chart=charts.localised(report.daily, lg)))
    out.append(Block("heading", t("rep_channels", lg)))
    if not report.channels:
        out.append(Block("text", t("rep_none", lg)))
    for title, dim, frame, ids in report.channels:
        out.append(Block("text", t(title, lg)))
        out.append(Block("table", headers=[_dim(dim, lg)] + [_label(report, k) for k in ids],
                         rows=[[str(r[dim])] + [_v(report, r[k], k) for k in ids] for _, r in frame.iterrows()]))
    out.append(Block("heading", t("rep_community", lg)))
    if report.community.empty:
        out.append(Block("text", t("rep_no_community", lg)))
    else:
        out.append(Block("text", t("rep_community_scope", lg)))
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_kpi", "rep_col_value", "rep_col_baseline",
                                                              "rep_col_change")],
                         rows=[[_label(report, r.kpi), _v(report, r.value, r.kpi), _v(report, r.baseline, r.kpi),
                                i18n.fmt_delta(r.delta, lg) or t("na", lg)] for r in report.community.itertuples()]))
    out.append(Block("heading", t("rep_content", lg)))
    if report.content.empty:
        out.append(Block("text", t("rep_none", lg)))
    else:
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_kind", "rep_col_rank", "rep_col_content",
                                                              "rep_col_kpi", "rep_col_value")],
                         rows=[[t(r.kind, lg), t(f"rep_{r.rank}", lg), str(r.content), _label(report, r.kpi),
                                _v(report, r.value, r.kpi)] for r in report.content.itertuples()]))
    out.append(Block("heading", t("rep_alerts", lg)))
    out.append(Block("table", headers=[t("rep_col_day", lg), t("rep_col_rule", lg), t("rep_col_message", lg)],
                     rows=[[_day(report, r.day), str(r.rule), str(r.message or "")] for r in report.alerts.itertuples()])
               if not report.alerts.empty else Block("text", t("rep_no_alerts", lg)))
    if not report.events.empty:
        out.append(Block("text", t("rep_events", lg)))
        out.append(Block("table", headers=[t("rep_col_day", lg), t("rep_col_message", lg)],
                         rows=[[_day(report, r.day), str(r.text)] for r in report.events.itertuples()]))
    out.append(Block("heading", t("rep_tests", lg)))
    if not report.tests:
        out.append(Block("text", t("rep_no_tests", lg)))
    for test in report.tests:
        out.append(Block("text", f"{test['experiment']} ({test['metric']}) — {test['verdict']}"))
        table = test["table"]
        out.append(Block("table", headers=[t("rep_col_variant", lg), t("rep_col_units", lg),
                                           t("rep_col_conversions", lg), t("rep_col_rate", lg)],
                         rows=[[str(r.variant), i18n.fmt_number(r.units, lg), i18n.fmt_number(r.conversions, lg),
                                i18n.fmt_percent(getattr(r, "rate", None), lg, 2)] for r in table.itertuples()]))
    out.append(Block("heading", t("rep_lessons", lg)))
    out.append(Block("text", report.lessons or t("rep_no_lessons", lg)))
    out.append(Block("text", t("rep_generated", lg, day=_day(report, report.as_of))))
    return out


def _dim(dim: str, lang: str) -> str:
    key = f"dim_{dim}"
    return t(key, lang) if key in i18n.STRINGS else dim


def daily_chart(store, report):
    """The first KPI of the campaign table by day, with the baseline period dashed."""
    if report.kpis.empty:
        return None
    present = list(report.kpis["kpi"])
    kid = next((k for k in DAILY_KPIS if k in present), present[0])
    table = kpis.get(kid).table
    result = queries.run_compared(store, [kid], report.start, report.end, "previous", ["day"],
                                  campaigns.scope(report.campaign, table), report.currency)
    frame = result.frame
    if frame.empty or len(frame) < 2:
        return None
    lg = report.lang
    labels = {"day": t("rep_col_day", lg), kid: _label(report, kid), f"{kid}_compare": t("rep_col_baseline", lg)}
    return charts.trend(frame.assign(day=pd.to_datetime(frame["day"])), "day", kid, _label(report, kid),
                        kpis.get(kid).unit, compare=f"{kid}_compare", labels=labels).properties(width=CHART_WIDTH)


def xlsx(report) -> bytes:
    """The report's tables, one sheet each, raw numbers, text cells formula-safe."""
    lg = report.lang
    sheets = {t("rep_objectives", lg): pd.DataFrame([{k: o.get(k) for k in (
        "name", "kpi", "direction", "target", "baseline", "value", "expected", "forecast", "forecast_low",
        "forecast_high", "probability", "status", "deadline")} | {"rule": o["rule"][lg]} for o in report.objectives]),
        t("rep_kpis", lg): report.kpis}
    for title, _, frame, _ in report.channels:
        sheets[t(title, lg)] = frame
    sheets[t("rep_community", lg)] = report.community
    sheets[t("rep_content", lg)] = report.content
    sheets[t("rep_alerts", lg)] = report.alerts
    sheets[t("rep_tests", lg)] = pd.concat([test["table"].assign(experiment=test["experiment"], verdict=test["verdict"])
                                            for test in report.tests]) if report.tests else pd.DataFrame()
    sheets[t("rep_lessons", lg)] = pd.DataFrame({"lessons": [report.lessons or ""]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        used = set()
        for name, frame in sheets.items():
            sheet = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
            while sheet in used:
                sheet = sheet[:29] + f"_{len(used)}"
            used.add(sheet)
            exports.safe_frame(frame if not frame.empty else pd.DataFrame({"": []})).to_excel(
                writer, index=False, sheet_name=sheet)
    return buffer.getvalue()
