"""The report as a list of neutral blocks (titles, paragraphs, tables of formatted text, charts)
that the HTML and PDF writers lay out (the workbook is lib/reports/workbook.py)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import i18n
from lib.channels import campaigns
from lib.charts import base as charts
from lib.charts import objectives as charts_objectives
from lib.i18n import names, t
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.reports import verdict

CHART_WIDTH = 640
DAILY_KPIS = ("paid_cost", "site_sessions", "email_sent")   # the first one the campaign has, by day


@dataclass
class Block:
    kind: str                 # title | heading | text | table | chart | page (a new page in the PDF)
    text: str = ""
    headers: list | None = None
    rows: list | None = None
    chart: object = None      # an Altair chart
    tones: list | None = None  # per row, per cell: None | "good" | "bad" (coloured changes)


def _v(report, value, kpi_id: str) -> str:
    return i18n.fmt_value(value, kpis.get(kpi_id).unit, report.lang, report.currency)


def _label(report, kpi_id: str) -> str:
    return kpis.get(kpi_id).label[report.lang]


def _day(report, value) -> str:
    return i18n.fmt_date(pd.Timestamp(value).date(), report.lang) if value is not None and not pd.isna(value) else ""


def _delta(report, value) -> str:
    return i18n.fmt_delta(value, report.lang) or t("na", report.lang)


def _money(report, value) -> str:
    return i18n.fmt_money(value, report.lang, report.currency)


def basis(report) -> str:
    """campaign | channels | mixed: what the baseline column reads."""
    found = set(report.kpis["basis"]) if not report.kpis.empty and "basis" in report.kpis else {"campaign"}
    return found.pop() if len(found) == 1 else "mixed"


def _head(report) -> list[Block]:
    lg, c = report.lang, report.campaign
    period = t("rep_period", lg, start=_day(report, report.start), end=_day(report, report.end),
               b_start=_day(report, report.baseline_start), b_end=_day(report, report.baseline_end),
               basis=t(f"rep_basis_{basis(report)}", lg))
    if report.running:
        period += " · " + t("rep_running", lg, day=_day(report, report.as_of))
    out = [Block("title", t("rep_title", lg, name=c["name"])), Block("text", period)]
    if report.after_start is not None:
        total = (report.end - report.start).days + 1
        out.append(Block("text", t("rep_after", lg, start=_day(report, report.after_start),
                                   end=_day(report, report.after_end),
                                   days=(report.after_end - report.after_start).days + 1, total=total)))
    out.append(Block("text", t("rep_scope", lg, platforms=", ".join(names.name("platform", p, lg)
                                                                    for p in c["platform_list"]) or "—",
                               utms=", ".join(c["utm_list"]) or "—", budget=_money(report, c.get("budget")))))
    return out


def budget_line(report) -> str:
    lg, b = report.lang, report.budget
    if b.get("spent") is None:
        return t("rep_budget_no_spend", lg, budget=_money(report, b.get("budget")))
    if b.get("budget") is None:
        return t("rep_budget_none", lg, spent=_money(report, b["spent"]))
    return t("rep_budget_line", lg, spent=_money(report, b["spent"]), budget=_money(report, b["budget"]),
             share=i18n.fmt_percent(b["share"], lg, 0))


def summary_text(report) -> list[str]:
    """A few sentences written from the numbers: budget, the headline KPI against the baseline,
    which platform carried the conversions, objectives met, the biggest moves, the halo."""
    lg, out, b = report.lang, [], report.budget
    if b.get("share") is not None:
        key = "rep_sum_under" if b["gap"] <= 0 else "rep_sum_over"
        out.append(t(key, lg, share=i18n.fmt_percent(abs(b["share"] - 1), lg, 0), spent=_money(report, b["spent"]),
                     budget=_money(report, b["budget"])))
    lead = verdict.headline(report.kpis)
    if lead is not None and not pd.isna(lead["baseline"]):
        out.append(t("rep_sum_headline", lg, kpi=_label(report, lead["kpi"]), value=_v(report, lead["value"], lead["kpi"]),
                     baseline=_v(report, lead["baseline"], lead["kpi"]), delta=_delta(report, lead["delta"])))
    platforms = next((frame for title, _, frame, _ in report.channels if title == "rep_by_platform"), None)
    top = verdict.carried(platforms)
    if top:
        out.append(t("rep_sum_carried", lg, platform=names.name("platform", top[0], lg),
                     share=i18n.fmt_percent(top[1], lg, 0)))
    if report.verdicts:
        out.append(t("rep_sum_objectives", lg, count=sum(verdict.met(v["verdict"]) for v in report.verdicts),
                     total=len(report.verdicts)))
    toned = [(r, verdict.tone(r.kpi, r.delta)) for r in report.movers.itertuples()] if not report.movers.empty else []
    for key, wanted in (("rep_sum_up", "good"), ("rep_sum_down", "bad")):
        row = next((r for r, tn in toned if tn == wanted), None)
        if row is not None:
            out.append(t(key, lg, kpi=_label(report, row.kpi), delta=_delta(report, row.delta)))
    if lead is not None and "after" in report.kpis and not pd.isna(lead["after"]):
        out.append(t("rep_sum_halo", lg, kpi=_label(report, lead["kpi"]), after=_v(report, lead["after"], lead["kpi"]),
                     value=_v(report, lead["value"], lead["kpi"]), baseline=_v(report, lead["baseline"], lead["kpi"])))
    return out


def _first_page(report) -> list[Block]:
    """The verdict: objectives judged on the campaign, budget, what moved most, the text."""
    lg = report.lang
    out = [Block("heading", t("rep_summary", lg))]
    if report.verdicts:
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_objective", "rep_col_kpi", "rep_col_target",
                                                              "rep_col_campaign", "rep_col_verdict")],
                         rows=[[v["name"], _label(report, v["kpi"]),
                                f"{t('obj_dir_' + v['direction'], lg)} {_v(report, v['target'], v['kpi'])}",
                                _v(report, v["value"], v["kpi"]), t(f"rep_verdict_{v['verdict']}", lg)]
                               for v in report.verdicts],
                         tones=[[None] * 4 + ["good" if verdict.met(v["verdict"]) else
                                              "bad" if v["verdict"] in ("missed", "missed_so_far") else None]
                                for v in report.verdicts]))
    else:
        out.append(Block("text", t("rep_no_objectives", lg)))
    out.append(Block("text", budget_line(report)))
    if not report.movers.empty:
        out.append(Block("text", t("rep_movers", lg)))
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_channel", "rep_col_kpi", "rep_col_campaign",
                                                              "rep_col_baseline", "rep_col_change")],
                         rows=[[t(f"ch_{r.channel}", lg), _label(report, r.kpi), _v(report, r.value, r.kpi),
                                _v(report, r.baseline, r.kpi), _delta(report, r.delta)]
                               for r in report.movers.itertuples()],
                         tones=[[None] * 4 + [verdict.tone(r.kpi, r.delta)] for r in report.movers.itertuples()]))
    text = summary_text(report)
    if text:
        out += [Block("text", t("rep_text", lg)), Block("text", "\n".join("• " + line for line in text))]
    return out


def blocks(report) -> list[Block]:
    """The report in reading order: the verdict on the first page, then the detail."""
    lg = report.lang
    out = _head(report) + _first_page(report) + [Block("page")]
    if report.objectives:
        out.append(Block("heading", t("rep_objectives", lg)))
        out.append(Block("text", t("rep_status_note", lg)))
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
        halo = report.after_start is not None
        keys = ["rep_col_channel", "rep_col_kpi", "rep_col_value", "rep_col_baseline", "rep_col_change"] + \
            (["rep_col_after"] if halo else []) + ["rep_col_target"]
        out.append(Block("table", headers=[t(k, lg) for k in keys],
                         rows=[[t(f"ch_{r.channel}", lg), _label(report, r.kpi), _v(report, r.value, r.kpi),
                                _v(report, r.baseline, r.kpi), _delta(report, r.delta)]
                               + ([_v(report, r.after, r.kpi)] if halo else [])
                               + [_v(report, r.target, r.kpi) if not pd.isna(r.target) else "—"]
                               for r in report.kpis.itertuples()],
                         tones=[[None] * 4 + [verdict.tone(r.kpi, r.delta)] + [None] * (2 if halo else 1)
                                for r in report.kpis.itertuples()]))
        if report.daily is not None:
            out.append(Block("chart", t("rep_daily", lg), chart=charts.localised(report.daily, lg)))
    out.append(Block("heading", t("rep_channels", lg)))
    if not report.channels:
        out.append(Block("text", t("rep_none", lg)))
    for title, dim, frame, ids in report.channels:
        out.append(Block("text", t(title, lg)))
        out.append(Block("table", headers=[dim_label(dim, lg)] + [_label(report, k) for k in ids],
                         rows=[[str(names.name(dim, r[dim], lg))] + [_v(report, r[k], k) for k in ids]
                               for _, r in frame.iterrows()]))
    out.append(Block("heading", t("rep_community", lg)))
    if report.community.empty:
        out.append(Block("text", t("rep_no_community", lg)))
    else:
        out.append(Block("text", t("rep_community_scope", lg)))
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_kpi", "rep_col_value", "rep_col_baseline",
                                                              "rep_col_change")],
                         rows=[[_label(report, r.kpi), _v(report, r.value, r.kpi), _v(report, r.baseline, r.kpi),
                                _delta(report, r.delta)] for r in report.community.itertuples()],
                         tones=[[None] * 3 + [verdict.tone(r.kpi, r.delta)] for r in report.community.itertuples()]))
    out.append(Block("heading", t("rep_content", lg)))
    if report.content.empty:
        out.append(Block("text", t("rep_none", lg)))
    else:
        out.append(Block("table", headers=[t(k, lg) for k in ("rep_col_kind", "rep_col_rank", "rep_col_content",
                                                              "rep_col_kpi", "rep_col_value", "rep_col_average")],
                         rows=[[t(r.kind, lg), t(f"rep_{r.rank}", lg), str(r.content), _label(report, r.kpi),
                                _v(report, r.value, r.kpi), _v(report, r.average, r.kpi)]
                               for r in report.content.itertuples()],
                         tones=[[None, "good" if r.rank == "best" else "bad"] + [None] * 4
                                for r in report.content.itertuples()]))
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


def dim_label(dim: str, lang: str) -> str:
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
