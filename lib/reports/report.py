"""The post-campaign report: its data (objectives, KPIs vs baseline and target, results per
channel, best and worst content, alerts, events, A/B tests, lessons) and its three formats.

`build()` gathers everything through lib/queries.py (the figures equal `python -m lib kpi` for
the campaign window and scope); `render()` writes HTML (self-contained, charts inline as SVG),
PDF (fpdf2) or XLSX (formula-safe), see lib/report_html.py, lib/report_pdf.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from lib.channels import campaigns, community, ranking
from lib.experiments import data as experiment_data
from lib.experiments import stats as experiments
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.objectives import progress as op
from lib.objectives import tracker as objectives
from lib.reports import doc as report_doc
from lib.reports import verdict
from lib.store import Store

FORMATS = ("html", "pdf", "xlsx")
CONTENT_TOP = 3
# Results per channel: (table, title key, dimension, KPI ids).
CHANNEL_TABLES = (
    ("ad_performance", "rep_by_platform", "platform",
     ["paid_cost", "paid_clicks", "paid_conversions", "paid_cpa", "paid_roas"]),
    ("site_traffic", "rep_by_channel_group", "channel_group",
     ["site_sessions", "site_conversions", "site_revenue"]),
    ("email_campaigns", "rep_by_email", "subject", ["email_sent", "email_open_rate", "email_click_rate"]),
)
# Best and worst content: (table, kind key, dimension, ranking KPI, volume KPI and its floor).
CONTENT = (
    ("ad_performance", "rep_content_ad_group", "ad_group", "paid_roas", ("paid_cost", ranking.REAL_SPEND)),
    ("email_campaigns", "rep_content_email", "subject", "email_click_rate", ("email_sent", ranking.REAL_SENDS)),
)


class ReportError(ValueError):
    """A report that cannot be made (unknown campaign, unknown format)."""


@dataclass
class Report:
    lang: str
    campaign: dict
    start: date
    end: date
    baseline_start: date
    baseline_end: date
    as_of: date
    currency: str | None
    after_start: date | None = None                           # the halo, once the campaign has ended
    after_end: date | None = None
    running: bool = False                                     # the campaign goes on after as_of
    verdicts: list[dict] = field(default_factory=list)        # lib.reports.verdict.judge, per objective
    budget: dict = field(default_factory=dict)                # lib.reports.verdict.budget
    movers: pd.DataFrame = field(default_factory=pd.DataFrame)
    objectives: list[dict] = field(default_factory=list)      # status summaries
    frames: dict = field(default_factory=dict)                # objective id -> chart frame
    kpis: pd.DataFrame = field(default_factory=pd.DataFrame)  # campaigns.kpi_table + target
    channels: list = field(default_factory=list)              # (title key, dimension, frame, ids)
    content: pd.DataFrame = field(default_factory=pd.DataFrame)
    alerts: pd.DataFrame = field(default_factory=pd.DataFrame)
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    tests: list = field(default_factory=list)                 # dicts: experiment, metric, verdict, table
    lessons: str | None = None
    community: pd.DataFrame = field(default_factory=pd.DataFrame)  # kpi, value, baseline, delta
    daily: object = None                                      # Altair chart of the first KPI by day


def build(store: Store, campaign_name: str, lang: str = "fr", as_of: date | None = None) -> Report:
    """Everything the report shows, for the campaign's days up to `as_of` (default yesterday)."""
    campaign = campaigns.by_name(store, campaign_name)
    if campaign is None:
        raise ReportError(f"no campaign named {campaign_name!r}")
    as_of = as_of or date.today() - timedelta(days=1)
    start, end = campaigns.window(campaign, as_of)
    if end < start:
        end = start
    b_start, b_end = campaigns.baseline_window(start, end)
    currency = campaign.get("currency") or op.workspace_currency(store)
    report = Report(lang, campaign, start, end, b_start, b_end, as_of, currency,
                    lessons=campaign.get("lessons"))
    report.running = campaign["end_day"] is None or campaign["end_day"] > as_of
    halo = campaigns.after_window(campaign, as_of)
    if halo:
        report.after_start, report.after_end = halo
    for obj in objectives.list_objectives(store, campaign_id=campaign["id"]):
        p = objectives.progress(store, obj, as_of)
        report.objectives.append(p.summary)
        report.frames[obj["id"]] = p.frame
        report.verdicts.append(verdict.judge(store, campaign, obj, start, end, report.running))
    report.kpis = _kpis(store, campaign, as_of, report.verdicts)
    report.budget = verdict.budget(campaign, report.kpis)
    report.movers = verdict.movers(report.kpis)
    report.channels = _channels(store, campaign, start, end, currency)
    report.content = _content(store, campaign, start, end, currency)
    report.alerts = alerts_fired(store, campaign, start, end)
    report.events = store.query("SELECT day, channel, text FROM annotations WHERE day BETWEEN ? AND ? "
                                "ORDER BY day", [start, end])
    report.tests = ab_tests(store, start, end, lang)
    report.community = community_figures(store, start, end, b_start, b_end)
    report.daily = report_doc.daily_chart(store, report)
    return report


def _kpis(store: Store, campaign: dict, as_of: date, verdicts: list[dict]) -> pd.DataFrame:
    """The campaign's KPI table with the target of each objective measured on the same rows."""
    frame = campaigns.kpi_table(store, campaign, as_of)
    targets = {v["kpi"]: v["target"] for v in verdicts if v["same_scope"]}
    frame["target"] = frame["kpi"].map(targets)
    return frame


def _run(store, ids, start, end, by, filters, currency) -> pd.DataFrame:
    return queries.run(store, ids, start, end, by=by, filters=filters, currency=currency).frame


def _channels(store: Store, campaign: dict, start: date, end: date, currency) -> list:
    out = []
    for table, title, dim, ids in CHANNEL_TABLES:
        if not campaign["utm_list"] or not queries.has_data(store, table):
            continue
        frame = _run(store, ids, start, end, [dim], campaigns.scope(campaign, table), currency)
        frame = frame.dropna(subset=ids, how="all")
        if not frame.empty:
            out.append((title, dim, frame.sort_values(ids[0], ascending=False).reset_index(drop=True), ids))
    return out


def _content(store: Store, campaign: dict, start: date, end: date, currency) -> pd.DataFrame:
    """Best and worst content against the campaign's own figure (a ratio of sums) among rows with
    real volume: "worst" only below it, never the same row on both sides."""
    rows = []
    for table, kind, dim, rank_kpi, (volume, floor) in CONTENT:
        if not campaign["utm_list"] or not queries.has_data(store, table):
            continue
        filters = campaigns.scope(campaign, table)
        frame = _run(store, [rank_kpi, volume], start, end, [dim], filters, currency)
        if frame.empty:
            continue
        frame = floor.keep(frame[frame[volume].notna()], volume)
        average = _run(store, [rank_kpi], start, end, [], filters, currency)[rank_kpi].iloc[0]
        best, worst = ranking.against_average(frame, rank_kpi, average, kpis.get(rank_kpi).better == "up",
                                              CONTENT_TOP)
        for rank, part in (("best", best), ("worst", worst)):
            for _, r in part.iterrows():
                rows.append({"kind": kind, "rank": rank, "content": r[dim], "kpi": rank_kpi,
                             "value": r[rank_kpi], "average": average})
    return pd.DataFrame(rows, columns=["kind", "rank", "content", "kpi", "value", "average"])


def alerts_fired(store: Store, campaign: dict, start: date, end: date) -> pd.DataFrame:
    """Alerts that fired in the window: rules of this campaign or of no campaign, one row per
    episode (its first firing day)."""
    columns = store.table_columns("alert_events")
    episode = "coalesce(e.episode, e.id)" if "episode" in columns else "e.id"
    return store.query(
        "SELECT e.day, r.name AS rule, r.kind, e.value, e.message FROM alert_events e "
        "JOIN alert_rules r ON r.id = e.rule_id WHERE e.state = 'firing' AND e.day BETWEEN ? AND ? "
        "AND (r.campaign_id IS NULL OR r.campaign_id = ?) "
        f"QUALIFY row_number() OVER (PARTITION BY e.rule_id, {episode} ORDER BY e.day) = 1 "
        "ORDER BY e.day, r.name", [start, end, campaign["id"]])


def community_figures(store: Store, start: date, end: date, b_start: date, b_end: date) -> pd.DataFrame:
    """The Community KPIs of the campaign's period against its baseline period (the whole inbox:
    comments and reviews are not tagged with a campaign), in the workspace's clock."""
    columns = ["kpi", "value", "baseline", "delta"]
    if not queries.has_data(store, community.TABLE):
        return pd.DataFrame(columns=columns)
    ids = community.kpi_ids(community.clock(store))
    now = queries.run(store, ids, start, end).frame.iloc[0]
    before = queries.run(store, ids, b_start, b_end).frame.iloc[0]
    if now[ids].isna().all():
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({"kpi": ids, "value": [now[k] for k in ids], "baseline": [before[k] for k in ids]})
    frame["delta"] = queries.relative_change(frame["value"], frame["baseline"])
    return frame


def ab_tests(store: Store, start: date, end: date, lang: str) -> list[dict]:
    """A/B tests whose days overlap the window, analysed on all their days."""
    out = []
    found = experiment_data.stored_experiments(store)
    for _, row in found.iterrows():
        first, last = pd.Timestamp(row["first_day"]).date(), pd.Timestamp(row["last_day"]).date()
        if first > end or last < start:
            continue
        variants = experiment_data.stored_variants(store, row["experiment"], row["metric"])
        try:
            analysis = experiment_data.analyse(variants)
        except ValueError as exc:
            out.append({"experiment": row["experiment"], "metric": row["metric"], "verdict": str(exc),
                        "table": variants})
            continue
        table = variants[["variant", "units", "conversions"]].assign(
            rate=variants["conversions"] / variants["units"].where(variants["units"] > 0))
        out.append({"experiment": row["experiment"], "metric": row["metric"],
                    "first_day": first, "last_day": last,
                    "verdict": experiments.verdict(analysis.results, lang), "table": table})
    return out


def render(report: Report, fmt: str) -> bytes:
    """The report as bytes in one of FORMATS."""
    if fmt == "html":
        from lib.reports import html as report_html
        return report_html.render(report).encode("utf-8")
    if fmt == "pdf":
        from lib.reports import pdf as report_pdf
        return report_pdf.render(report)
    if fmt == "xlsx":
        from lib.reports import workbook
        return workbook.xlsx(report)
    raise ReportError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
