"""Page building blocks: the channel-page header and empty states, KPI cards, trends, tables with
their downloads, charts and the folded notes on how figures were computed."""
from __future__ import annotations

import os
from datetime import timedelta

import pandas as pd
import streamlit as st

from lib import exports, i18n
from lib.charts import base as charts
from lib.i18n import names, t
from lib.kpis import catalogue as kpis
from lib.kpis import notes as kpi_notes
from lib.kpis import queries

# By name: `lib.ui.sidebar` on the package is the sidebar() function (lib/ui/__init__.py).
from lib.ui import grid
from lib.ui.sidebar import filters as page_filters
from lib.ui.sidebar import lang as page_lang
from lib.ui.sidebar import show_range
from lib.ui.state import Filters, chart_annotations, kpi, rates_used, table_state

# The tests check every chart a page draws against Vega-Lite's schema; the app skips the check
# (lib/charts/base.py: half of a chart's cost on each rerun).
CHECK_CHARTS = os.environ.get("BALISE_CHECK_CHARTS") == "1"
charts.check_specs(CHECK_CHARTS)

# Streamlit's number presets for the currencies that have one; others get plain decimals.
CURRENCY_FORMATS = {"EUR": "euro", "USD": "dollar", "JPY": "yen", "GBP": "£%.2f", "INR": "₹%.2f"}


# -- headers and empty states -------------------------------------------------------------------
def channel_header(page: str, table: str, what: str | None = None) -> Filters:
    """A channel page's top: the filters, its title, and a stop with a friendly state when `table`
    has no data in the window (`what` names the data; the page's `<page>_what` string by default)."""
    f = page_filters()
    st.title(t(f"page_{page}", f.lang))
    if not require_data(f, table, what or t(f"{page}_what", f.lang)):
        st.stop()
    return f


def require_data(f: Filters, table: str, what: str) -> bool:
    """Show a friendly state and return False when the table has no data (or none in the window)."""
    has, first, last = table_state(table)
    if not has:
        if any_data():
            st.info(t("empty_channel", f.lang, what=what))
            link_to_data(f.lang)
        else:
            empty_state(f.lang)
        return False
    if last < f.start or first > f.end:
        st.info(t("empty_window", f.lang, what=what, first=i18n.fmt_date(first, f.lang),
                  last=i18n.fmt_date(last, f.lang)))
        st.button(t("use_data_range", f.lang), key=f"range_{table}", on_click=show_range,
                  args=(max(first, last - timedelta(days=27)), last))
        return False
    return True


def empty_state(lang: str) -> None:
    """An empty workspace: say how to load data or open the demo, with a link to the Data page."""
    st.info(f"**{t('empty_title', lang)}**\n\n{t('empty_body', lang)}")
    link_to_data(lang)


def link_to_data(lang: str) -> None:
    st.page_link("pages/data.py", label=t("page_data", lang), icon=":material/upload_file:")


def any_data() -> bool:
    """Whether any channel table holds data."""
    return any(table_state(tb)[0] for tb in ("site_traffic", "ad_performance", "email_campaigns",
                                             "social_performance", "search_console"))


# -- cards and trends -----------------------------------------------------------------------------
def value_text(kid: str, value, f: Filters, whole: bool = False) -> str:
    """A KPI value formatted by its unit in the page's language and currency."""
    k = kpis.get(kid)
    return i18n.fmt_value(value, k.unit, f.lang, f.currency, whole)


def cards(ids: list[str], f: Filters, filters: dict | None = None, per_row: int = 4,
          among: list[str] | None = None) -> None:
    """One metric card per KPI: value, delta vs the comparison, and a sparkline. `among`: more KPIs
    the page reads in total with the same filters, asked with the cards in one read per table."""
    totals, _ = kpi(list(dict.fromkeys(ids + (among or []))), f, filters=filters)
    # With the comparison: the page's trends of these KPIs read the same result (trend's `among`).
    series, _ = kpi(ids, f, by=[trend_grain(f)], filters=filters)
    row = totals.iloc[0] if len(totals) else pd.Series(dtype="float64")
    # the cards of one channel (its page) need not repeat it in every label
    one_channel = len({kpis.get(kid).channel for kid in ids}) == 1
    for i in range(0, len(ids), per_row):
        columns = st.columns(per_row)
        for col, kid in zip(columns, ids[i:i + per_row]):
            k = kpis.get(kid)
            value = row.get(kid)
            delta = i18n.fmt_delta(row.get(f"{kid}_delta"), f.lang)
            spark = spark_points(series, kid)
            help_text = f"{k.description[f.lang]} ({k.formula[f.lang]})"
            if not k.additive and pd.isna(value):
                help_text += f" · {t('not_additive', f.lang)}"
            converted = rates_text([kid], f.lang)
            if converted:   # a reporting currency converted this figure: with which rates
                help_text += f" · {converted}"
            flat = delta is not None and delta[0] not in "+-"   # grey, no arrow, for 0.0%
            label = kpis.short_label(k, f.lang) if one_channel else k.label[f.lang]
            col.metric(label, value_text(kid, value, f, whole=True), delta=delta,
                       delta_color="off" if flat else ("normal" if k.better == "up" else "inverse"),
                       delta_arrow="off" if flat else "auto",
                       help=help_text, border=True, chart_data=spark)


def spark_points(series: pd.DataFrame, kid: str) -> list[float] | None:
    """A card's sparkline: the days that have a value. A day without one (a ratio over zero, a
    stock not reported) is left out, not drawn as 0: a zero would stretch the line's axis down to
    it and flatten a followers line at 34,000. None (no line) with fewer than two values, as for
    reach, which is not additive over days."""
    if kid not in series:
        return None
    values = series[kid].dropna()
    return [float(v) for v in values] if len(values) > 1 else None


def platform_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Platform, network, device... codes shown by their names (lib/i18n/names.py)."""
    return names.named(frame, lang)


def trend_grain(f: Filters) -> str:
    """Day, week or month by the window's length."""
    return "day" if f.days <= 92 else ("week" if f.days <= 731 else "month")


def trend(kid: str, f: Filters, color: str | None = None, filters: dict | None = None,
          labels: dict | None = None, among: list[str] | None = None) -> None:
    """The KPI over time (day, week or month by window length), the comparison dashed. `among`:
    the cards' KPIs (same filters) whose series by time already hold this one; those of its table
    are asked together, so the page reads the table once for its cards' lines and its trends."""
    grain = trend_grain(f)
    by = [grain] + ([color] if color else [])
    together = [k for k in among or [] if queries.tables_of(k) == queries.tables_of(kid)]
    ids = together if kid in together and not color else [kid]
    frame, said = kpi(ids, f, by=by, filters=filters, compare=color is None)
    others = {c for k in ids if k != kid for c in (k, f"{k}_compare", f"{k}_delta")}
    frame = frame[[c for c in frame.columns if c not in others]]
    if frame.empty:
        no_rows(said, f)
        return
    k = kpis.get(kid)
    frame = platform_names(frame, f.lang)
    names = {grain: t(f"dim_{grain}", f.lang), kid: k.label[f.lang],
             f"{kid}_compare": t("comparison", f.lang), **(labels or {})}
    chart(charts.trend(frame, grain, kid, k.label[f.lang], k.unit, color=color,
                       compare=None if color else f"{kid}_compare", labels=names,
                       annotations=chart_annotations()), f.lang)


def chart(drawn, lang: str, where=st, key: str | None = None) -> None:
    """Draw an Altair chart full width, its axes and tooltips formatted in the page's language."""
    drawn = charts.localised(drawn, lang)
    where.altair_chart(drawn if CHECK_CHARTS else charts.unchecked(drawn), width="stretch", key=key)


def chart_spec(drawn, lang: str) -> dict:
    """The chart as the Vega-Lite dict `chart` would draw: for a chart cached by data version, whose
    Altair objects then cost nothing on a rerun (draw it with `draw_spec`)."""
    return charts.localised(drawn, lang).to_dict(validate=CHECK_CHARTS)


def draw_spec(spec: dict, where=st, key: str | None = None) -> None:
    where.vega_lite_chart(spec, width="stretch", key=key)


# -- one view at a time ---------------------------------------------------------------------------
def shown_view(labels: list[str], key: str, label: str) -> int:
    """Which of several views (breakdowns) to compute and show: its index. st.tabs would run every
    tab's queries on each rerun, hidden ones too; this computes only the one chosen (issue 19)."""
    picked = st.segmented_control(label, range(len(labels)), format_func=lambda i: labels[i], key=key,
                                  default=0, required=True, label_visibility="collapsed")
    return picked if picked is not None else 0


# -- tables and downloads -------------------------------------------------------------------------
def column_config(ids: list[str], f: Filters) -> dict:
    """Column formats by KPI unit, so the table stays sortable on the raw numbers."""
    config = {}
    for kid in ids:
        k = kpis.get(kid)
        money = CURRENCY_FORMATS.get(f.currency or "", "%.2f")
        fmt = {"rate": "percent", "money": money, "count": "localized", "seconds": "%.0f s",
               "number": "%.2f", "position": "%.1f"}[k.unit]
        label = k.label[f.lang] + (f" ({f.currency})" if k.unit == "money" and f.currency else "")
        config[kid] = st.column_config.NumberColumn(label, format=fmt, help=k.formula[f.lang])
        config[f"{kid}_delta"] = st.column_config.NumberColumn(
            f"{k.label[f.lang]} · {t('change', f.lang)}", format="percent")
    return config


def dataframe(frame: pd.DataFrame, where=st, rank=None, after: str | None = None, **kwargs) -> None:
    """A read-only table as every page shows one: full width, no index, "—" where a value is
    missing (no comparison, a ratio over zero) rather than Streamlit's "None". `rank` names the
    metric(s) the table is ranked by: shown right after the label column (`after`, else the
    first), where a wide table never hides them (lib/ui/grid.py).

    The grid gets a safe frame like Balise's own downloads, marked by an invisible character rather
    than a quote (lib/exports.py): its toolbar's "Download as CSV" (open to viewers too) would
    otherwise hand a spreadsheet `=HYPERLINK(...)` from the data.
    Numbers, dates and codes are shown in the page's language (lib/ui/grid.py)."""
    shown, config = grid.display(exports.safe_frame(frame, exports.INVISIBLE), kwargs.pop("column_config", None),
                                 page_lang(), rank, after)
    where.dataframe(shown, hide_index=True, placeholder="—", width="stretch", column_config=config, **kwargs)


def table(frame: pd.DataFrame, ids: list[str], f: Filters, key: str, dim_labels: dict | None = None,
          rank=None, after: str | None = None) -> None:
    """A sortable KPI table with CSV and Excel downloads; `rank` (and `after`) as in dataframe."""
    shown = platform_names(frame[[c for c in frame.columns if not c.endswith("_compare")]], f.lang)
    config = column_config(ids, f)
    for dim, label in (dim_labels or {}).items():
        config[dim] = st.column_config.TextColumn(label)
    dataframe(shown, column_config=config, rank=rank, after=after)
    converted = rates_caption(ids, f.lang)
    downloads(shown, key, converted)


def rates_text(ids, lang: str) -> str | None:
    """Where the reporting currency converted these KPIs in this run: the rates used, and the
    currencies left out for want of a rate (None: nothing converted)."""
    said = []
    for note in rates_used(ids):
        values = dict(note.values)
        if note.code == "note_rates":
            said.append(t("fx_converted", lang, rates=values["rates"]))
        else:
            said.append(t("fx_not_converted", lang, reporting=values["reporting"],
                          currencies=values["currencies"]))
    return " ".join(dict.fromkeys(said)) or None


def rates_caption(ids, lang: str) -> str | None:
    """The rates under a table of these KPIs (when converted); returned for its downloads."""
    converted = rates_text(ids, lang)
    if converted:
        st.caption(converted)
    return converted


def downloads(frame: pd.DataFrame, key: str, rates: str | None = None) -> None:
    """CSV and Excel buttons; the files are built only when clicked, not on every rerun. RATES
    (rates_caption) goes in a column of its own, so a converted file says how."""
    lg = page_lang()
    if rates:
        frame = frame.assign(**{t("fx_column", lg): rates})
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(t("download_csv", lg), lambda: exports.to_csv_bytes(frame), f"{key}.csv",
                         "text/csv", key=f"csv_{key}", on_click="ignore")
    right.download_button(t("download_xlsx", lg), lambda: exports.to_xlsx_bytes(frame), f"{key}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{key}", on_click="ignore")


def no_rows(messages: list, f: Filters) -> None:
    """An empty table or chart says why: no export holds that breakdown for this window (and what
    to load), rather than a bare "n/a"."""
    why = [n for n in messages if isinstance(n, kpi_notes.Note) and not n.comparison
           and n.code in ("note_no_export", "note_no_daily_export")]
    if why:
        st.caption("; ".join(kpi_notes.texts(why, f.lang)) + ". " + t("no_rows_load", f.lang))
    else:
        st.caption(t("na", f.lang))


def notes(messages: list, f: Filters) -> None:
    """How the figures were computed (grains used, rows left out), folded away, in the page's
    language."""
    if messages:
        with st.expander(t("notes", f.lang)):
            for m in kpi_notes.texts(messages, f.lang):
                st.caption(m)
