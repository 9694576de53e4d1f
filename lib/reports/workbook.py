"""The report as a workbook one can forward: the verdict sheet first, then one sheet per table,
headers and names in the report's language, figures kept as numbers with number formats (money
with its currency, percents, changes signed, dates as dates) and every text cell formula-safe."""
from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
from babel.numbers import get_currency_symbol
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lib import exports
from lib.i18n import LOCALES, names, t
from lib.kpis import catalogue as kpis
from lib.reports import doc as report_doc
from lib.reports import verdict

DATE_FORMAT = {"fr": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
CHANGE = "+0.0%;-0.0%;0.0%"
BOLD = Font(bold=True)
GOOD, BAD = Font(bold=True, color="1A7F37"), Font(bold=True, color="CF222E")


def number_format(unit: str, lang: str, currency: str | None) -> str:
    """The Excel format of a KPI unit (Excel shows the separators of the reader's own settings)."""
    if unit == "money":
        symbol = get_currency_symbol(currency or "EUR", locale=LOCALES[lang]).replace('"', "")
        return f'#,##0.00 "{symbol}"' if lang == "fr" else f'"{symbol}"#,##0.00'
    if unit == "rate":
        return "0.0%"
    if unit in ("number", "position"):
        return "#,##0.00"
    return "#,##0"


class _Sheet:
    def __init__(self, book: Workbook, title: str, lang: str, currency: str | None):
        name = " ".join("".join(ch for ch in title if ch not in "[]:*?/\\").split())[:31] or "Sheet"
        while name in book.sheetnames:
            name = name[:28] + f"_{len(book.sheetnames)}"
        self.ws = book.create_sheet(name)
        self.lang, self.currency, self.row = lang, currency, 1
        self.widths: dict[int, int] = {}

    def cell(self, col: int, value, fmt: str | None = None, font: Font | None = None) -> None:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
            value = None
        elif isinstance(value, pd.Timestamp):
            value = value.date()
        elif hasattr(value, "item") and not isinstance(value, str):   # numpy scalars
            value = value.item()
        if isinstance(value, str):
            value = exports.neutralise(value)
        c = self.ws.cell(row=self.row, column=col, value=value)
        if isinstance(value, (date, datetime)):
            c.number_format = DATE_FORMAT[self.lang]
        elif fmt and isinstance(value, (int, float)):
            c.number_format = fmt
        if font:
            c.font = font
        size = 12 if isinstance(value, (int, float, date)) else len(str(value or ""))
        self.widths[col] = max(self.widths.get(col, 8), min(size + 2, 60))

    def line(self, values: list, formats: list | None = None, fonts: list | None = None) -> None:
        for i, value in enumerate(values):
            self.cell(i + 1, value, formats[i] if formats else None, fonts[i] if fonts else None)
        self.row += 1

    def header(self, keys: list[str]) -> None:
        self.line([t(k, self.lang) if k.startswith(("rep_", "dim_")) else k for k in keys],
                  fonts=[BOLD] * len(keys))

    def fmt(self, kpi_id: str) -> str:
        return number_format(kpis.get(kpi_id).unit, self.lang, self.currency)

    def finish(self) -> None:
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        self.ws.freeze_panes = "A2" if self.ws.max_row > 1 else None


def _tone(kpi_id: str, delta) -> Font | None:
    return {"good": GOOD, "bad": BAD}.get(verdict.tone(kpi_id, delta))


def _label(lang: str, kpi_id: str) -> str:
    return kpis.get(kpi_id).label[lang]


def _verdict_sheet(book: Workbook, report) -> None:
    lg = report.lang
    s = _Sheet(book, t("rep_summary", lg), lg, report.currency)
    s.line([t("rep_title", lg, name=report.campaign["name"])], fonts=[Font(bold=True, size=14)])
    s.header(["rep_col_period", "rep_col_from", "rep_col_to"])
    s.line([t("rep_col_campaign", lg), report.start, report.end])
    s.line([t("rep_col_baseline", lg), report.baseline_start, report.baseline_end])
    if report.after_start is not None:
        s.line([t("rep_col_after", lg), report.after_start, report.after_end])
    s.row += 1
    money = number_format("money", lg, report.currency)
    b = report.budget
    s.header(["rep_col_budget", "rep_col_spent", "rep_col_share"])
    s.line([b.get("budget"), b.get("spent"), b.get("share")], [money, money, "0%"])
    s.row += 1
    if report.verdicts:
        s.header(["rep_col_objective", "rep_col_kpi", "rep_col_target", "rep_col_campaign", "rep_col_verdict"])
        for v in report.verdicts:
            font = GOOD if verdict.met(v["verdict"]) else BAD if "missed" in v["verdict"] else None
            s.line([v["name"], _label(lg, v["kpi"]), v["target"], v["value"], t(f"rep_verdict_{v['verdict']}", lg)],
                   [None, None, s.fmt(v["kpi"]), s.fmt(v["kpi"]), None], [None] * 4 + [font])
    else:
        s.line([t("rep_no_objectives", lg)])
    s.row += 1
    if not report.movers.empty:
        s.line([t("rep_movers", lg)], fonts=[BOLD])
        s.header(["rep_col_channel", "rep_col_kpi", "rep_col_campaign", "rep_col_baseline", "rep_col_change"])
        for r in report.movers.itertuples():
            s.line([t(f"ch_{r.channel}", lg), _label(lg, r.kpi), r.value, r.baseline, r.delta],
                   [None, None, s.fmt(r.kpi), s.fmt(r.kpi), CHANGE], [None] * 4 + [_tone(r.kpi, r.delta)])
        s.row += 1
    text = report_doc.summary_text(report)
    if text:
        s.line([t("rep_text", lg)], fonts=[BOLD])
        for line in text:
            s.line([line])
    s.finish()


def _kpi_sheet(book: Workbook, report) -> None:
    lg = report.lang
    s = _Sheet(book, t("rep_kpis", lg), lg, report.currency)
    s.header(["rep_col_channel", "rep_col_kpi", "rep_col_value", "rep_col_baseline", "rep_col_change",
              "rep_col_after", "rep_col_target"])
    for r in report.kpis.itertuples():
        f = s.fmt(r.kpi)
        s.line([t(f"ch_{r.channel}", lg), _label(lg, r.kpi), r.value, r.baseline, r.delta,
                getattr(r, "after", None), r.target], [None, None, f, f, CHANGE, f, f],
               [None] * 4 + [_tone(r.kpi, r.delta), None, None])
    s.finish()


def _frame_sheet(book: Workbook, report, title: str, dim: str, frame: pd.DataFrame, ids: list[str]) -> None:
    lg = report.lang
    s = _Sheet(book, title, lg, report.currency)
    s.line([report_doc.dim_label(dim, lg)] + [_label(lg, k) for k in ids], fonts=[BOLD] * (len(ids) + 1))
    for _, r in frame.iterrows():
        s.line([names.name(dim, r[dim], lg)] + [r[k] for k in ids], [None] + [s.fmt(k) for k in ids])
    s.finish()


def _other_sheets(book: Workbook, report) -> None:
    lg = report.lang
    s = _Sheet(book, t("rep_content", lg), lg, report.currency)
    s.header(["rep_col_kind", "rep_col_rank", "rep_col_content", "rep_col_kpi", "rep_col_value", "rep_col_average"])
    for r in report.content.itertuples():
        s.line([t(r.kind, lg), t(f"rep_{r.rank}", lg), str(r.content), _label(lg, r.kpi), r.value, r.average],
               [None] * 4 + [s.fmt(r.kpi)] * 2, [None, GOOD if r.rank == "best" else BAD] + [None] * 4)
    s.finish()
    if not report.community.empty:
        s = _Sheet(book, t("rep_community", lg), lg, report.currency)
        s.header(["rep_col_kpi", "rep_col_value", "rep_col_baseline", "rep_col_change"])
        for r in report.community.itertuples():
            s.line([_label(lg, r.kpi), r.value, r.baseline, r.delta], [None, s.fmt(r.kpi), s.fmt(r.kpi), CHANGE],
                   [None] * 3 + [_tone(r.kpi, r.delta)])
        s.finish()
    s = _Sheet(book, t("rep_alerts", lg), lg, report.currency)
    s.header(["rep_col_day", "rep_col_rule", "rep_col_message"])
    for r in report.alerts.itertuples():
        s.line([r.day, str(r.rule), str(r.message or "")])
    s.finish()
    s = _Sheet(book, t("rep_tests", lg), lg, report.currency)
    s.header(["rep_col_experiment", "rep_col_variant", "rep_col_units", "rep_col_conversions", "rep_col_rate",
              "rep_col_verdict"])
    for test in report.tests:
        for r in test["table"].itertuples():
            s.line([test["experiment"], str(r.variant), r.units, r.conversions, getattr(r, "rate", None),
                    test["verdict"]], [None, None, "#,##0", "#,##0", "0.00%", None])
    s.finish()
    s = _Sheet(book, t("rep_lessons", lg), lg, report.currency)
    s.line([report.lessons or t("rep_no_lessons", lg)])
    s.finish()


def xlsx(report) -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    book.remove(book.active)
    _verdict_sheet(book, report)
    _kpi_sheet(book, report)
    for title, dim, frame, ids in report.channels:
        _frame_sheet(book, report, t(title, report.lang), dim, frame, ids)
    _other_sheets(book, report)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
