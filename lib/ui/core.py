"""Streamlit helpers shared by the frame and the pages: store, filters, cached KPIs, widgets.

Only this module (and app.py, pages/) imports streamlit. Query results are cached by
(query, parameters, data version): a new load bumps the version, so nothing stale is shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from lib import exports, i18n
from lib.charts import base as charts
from lib.i18n import t
from lib.kpis import catalogue as kpis
from lib.kpis import queries
from lib.store import Store, default_path, upload_dir
from lib.store import settings as stored_settings

PRESETS = ("last_28", "last_7", "last_90", "this_month", "last_month", "this_quarter", "ytd", "custom")
COMPARES = ("previous", "year", "none")


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters every page reads."""
    start: date
    end: date
    compare: str
    lang: str
    currency: str | None

    @property
    def compare_window(self):
        return queries.comparison_window(self.start, self.end, self.compare)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# -- store and cached queries ---------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    from lib.ui.workspace import store_env  # MotherDuck token from the secrets

    store_env(path)
    s = Store(path)
    s.lock_down(upload_dir())   # no file/network access, extensions or SET from here on
    return s


def store() -> Store:
    """The workspace's root connection, one per process (queries take their own cursors)."""
    return _open_store(default_path())


@st.cache_data(max_entries=512, show_spinner=False)
def _run(path: str, version: int, ids: tuple, start: date, end: date, compare: str,
         by: tuple, filters: tuple, currency: str | None) -> tuple[pd.DataFrame, list[str]]:
    result = queries.run_compared(_open_store(path), list(ids), start, end,
                                  None if compare == "none" else compare, list(by),
                                  {k: list(v) for k, v in filters}, currency)
    return result.frame, result.notes


def kpi(ids: list[str], f: Filters, by: list[str] | tuple = (), filters: dict | None = None,
        compare: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """KPIs for the sidebar window (and its comparison), cached by data version."""
    s = store()
    items = tuple(sorted((k, tuple(v) if isinstance(v, (list, tuple)) else (v,))
                         for k, v in (filters or {}).items()))
    return _run(s.path, s.data_version(), tuple(ids), f.start, f.end,
                f.compare if compare else "none", tuple(by), items, f.currency)


@st.cache_data(max_entries=64, show_spinner=False)
def _table_state(path: str, version: int, table: str) -> tuple[bool, date | None, date | None]:
    s = _open_store(path)
    first, last = queries.data_range(s, table)
    return first is not None, first, last


def table_state(table: str) -> tuple[bool, date | None, date | None]:
    """Whether a table has data, and its first and last day."""
    s = store()
    return _table_state(s.path, s.data_version(), table)


@st.cache_data(max_entries=16, show_spinner=False)
def _settings(path: str, version: int) -> dict:
    return stored_settings.read_all(_open_store(path))


def settings() -> dict:
    s = store()
    return _settings(s.path, s.data_version())


@st.cache_data(max_entries=16, show_spinner=False)
def _currencies(path: str, version: int) -> list[str]:
    s = _open_store(path)
    found: set[str] = set()
    for table in sorted(queries.MONEY_TABLES):
        found |= {r[0] for r in s.rows(f"SELECT DISTINCT currency FROM {table} "
                                       "WHERE currency IS NOT NULL")}
    return sorted(found)


def currencies() -> list[str]:
    s = store()
    return _currencies(s.path, s.data_version())


@st.cache_data(max_entries=16, show_spinner=False)
def _annotations(path: str, version: int) -> pd.DataFrame:
    return _open_store(path).query("SELECT day, channel, kind, text FROM annotations ORDER BY day")


def annotations() -> pd.DataFrame:
    s = store()
    return _annotations(s.path, s.data_version())


# -- the shared sidebar -----------------------------------------------------------------------
def preset_window(preset: str, today: date) -> tuple[date, date]:
    """Windows end yesterday (today is incomplete), like the tools' own presets."""
    yesterday = today - timedelta(days=1)
    if preset in ("last_7", "last_28", "last_90"):
        days = int(preset.split("_")[1])
        return yesterday - timedelta(days=days - 1), yesterday
    if preset == "this_month":
        return min(today.replace(day=1), yesterday), yesterday
    if preset == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if preset == "this_quarter":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return min(start, yesterday), yesterday
    if preset == "ytd":
        return min(date(today.year, 1, 1), yesterday), yesterday
    raise ValueError(f"unknown preset {preset!r}")


def lang() -> str:
    value = st.session_state.get("_lang", st.session_state.get("lang"))
    return value if value in i18n.LANGS else i18n.DEFAULT_LANG


def _url_choice(key: str, options: tuple, default) -> int:
    """A URL-backed filter's remembered value (`_<key>`), seeded from the URL once per session
    (codes, not translated labels); returns its index, the widget's default.

    The widget's default is always the remembered value, never the first option: under load
    the browser may redraw a widget and send back its default, and Streamlit drops a widget's
    state after a completed run that did not draw it. Either way the filter must not change.
    """
    memo = f"_{key}"
    if st.session_state.get(key) in options:   # this run's value, as the browser sent it
        st.session_state[memo] = st.session_state[key]
    elif st.session_state.get(memo) not in options:
        value = st.query_params.get(key)
        st.session_state[memo] = value if value in options else default
    return options.index(st.session_state[memo])


def _url_day(key: str, default: date) -> date:
    memo = f"_{key}"
    if isinstance(st.session_state.get(key), date):
        st.session_state[memo] = st.session_state[key]
    elif memo not in st.session_state:
        try:
            st.session_state[memo] = date.fromisoformat(st.query_params.get(key, ""))
        except ValueError:
            st.session_state[memo] = default
    return st.session_state[memo]


def _to_url(key: str, value: str, default: str) -> None:
    """Keep the URL in step with a filter; defaults are left out so links stay short."""
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def sidebar() -> Filters:
    """Language, period, comparison and currency, kept in the URL so a link reopens the view."""
    ws = settings()
    # The workspace language is the default; a ?lang= in the URL wins.
    default_lang = ws.get("language") if ws.get("language") in i18n.LANGS else i18n.DEFAULT_LANG
    today = date.today()
    default_start, default_end = preset_window("last_28", today)
    with st.sidebar:
        lg = st.selectbox("Langue / Language", i18n.LANGS, key="lang",
                          index=_url_choice("lang", i18n.LANGS, default_lang),
                          format_func=lambda code: {"fr": "Français", "en": "English"}[code])
        if ws.get("workspace_name"):
            st.caption(f"{t('workspace', lg)} : {ws['workspace_name']}" if lg == "fr"
                       else f"{t('workspace', lg)}: {ws['workspace_name']}")
        preset = st.selectbox(t("period", lg), PRESETS, key="period",
                              index=_url_choice("period", PRESETS, PRESETS[0]),
                              format_func=lambda p: t(f"preset_{p}", lg))
        if preset == "custom":
            start = st.date_input(t("start", lg), _url_day("start", default_start), key="start",
                                  format="DD/MM/YYYY")
            end = st.date_input(t("end", lg), _url_day("end", default_end), key="end",
                                format="DD/MM/YYYY")
            if start > end:
                start, end = end, start
        else:
            start, end = preset_window(preset, today)
        compare = st.selectbox(t("compare", lg), COMPARES, key="compare",
                               index=_url_choice("compare", COMPARES, COMPARES[0]),
                               format_func=lambda c: t(f"compare_{c}", lg))
        found = currencies()
        currency = ws.get("currency") if ws.get("currency") in found else (found[0] if found else None)
        if len(found) > 1:
            currency = st.selectbox(t("currency", lg), found, key="currency",
                                    index=_url_choice("currency", tuple(found), currency))
        st.caption(t("window_caption", lg, start=i18n.fmt_date(start, lg),
                     end=i18n.fmt_date(end, lg)))
        window = queries.comparison_window(start, end, None if compare == "none" else compare)
        if window:
            st.caption(t("compared_caption", lg, start=i18n.fmt_date(window[0], lg),
                         end=i18n.fmt_date(window[1], lg)))
        if ws.get("is_demo") == "1":
            st.caption(t("demo_badge", lg))
    _to_url("lang", lg, default_lang)
    _to_url("period", preset, PRESETS[0])
    _to_url("compare", compare, COMPARES[0])
    if preset == "custom":
        _to_url("start", start.isoformat(), "")
        _to_url("end", end.isoformat(), "")
    if len(found) > 1:
        _to_url("currency", currency, ws.get("currency") or "")
    return Filters(start, end, compare, lg, currency)


def leave_pages_discovery() -> None:
    """Rerun through app.py's st.navigation when Streamlit started in pages/ discovery mode.

    Until st.navigation has run once, a fresh server treats pages/ as Streamlit's own
    auto-discovered pages: the first request would show file names as the menu, skip
    set_page_config, or run a deep-linked page without the frame. One rerun fixes it.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def filters() -> Filters:
    """The filters the frame put in session state for this run."""
    if "filters" not in st.session_state:   # a page run without the frame: see above
        leave_pages_discovery()
        st.session_state["filters"] = sidebar()
    return st.session_state["filters"]


# -- page building blocks ---------------------------------------------------------------------
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
        st.button(t("use_data_range", f.lang), key=f"range_{table}", on_click=_show_range,
                  args=(max(first, last - timedelta(days=27)), last))
        return False
    return True


def empty_state(lang: str) -> None:
    """An empty workspace: say how to load data or open the demo, with a link to the Data page."""
    st.info(f"**{t('empty_title', lang)}**\n\n{t('empty_body', lang)}")
    link_to_data(lang)


def link_to_data(lang: str) -> None:
    st.page_link("pages/data.py", label=t("page_data", lang), icon=":material/upload_file:")


def _show_range(start: date, end: date) -> None:
    """Button callback: switch the sidebar to a custom window (before its widgets are drawn)."""
    st.session_state["period"] = st.session_state["_period"] = "custom"
    st.session_state["start"] = st.session_state["_start"] = start
    st.session_state["end"] = st.session_state["_end"] = end


def any_data() -> bool:
    return any(table_state(tb)[0] for tb in ("site_traffic", "ad_performance", "email_campaigns",
                                             "social_performance", "search_console"))


def kpi_label(kid: str, lg: str) -> str:
    return kpis.get(kid).label[lg]


def value_text(kid: str, value, f: Filters, whole: bool = False) -> str:
    k = kpis.get(kid)
    return i18n.fmt_value(value, k.unit, f.lang, f.currency, whole)


def cards(ids: list[str], f: Filters, filters: dict | None = None, per_row: int = 4) -> None:
    """One metric card per KPI: value, delta vs the comparison, and a sparkline."""
    totals, _ = kpi(ids, f, filters=filters)
    grain = "day" if f.days <= 92 else "week"
    series, _ = kpi(ids, f, by=[grain], filters=filters, compare=False)
    row = totals.iloc[0] if len(totals) else pd.Series(dtype="float64")
    for i in range(0, len(ids), per_row):
        columns = st.columns(per_row)
        for col, kid in zip(columns, ids[i:i + per_row]):
            k = kpis.get(kid)
            value = row.get(kid)
            delta = i18n.fmt_delta(row.get(f"{kid}_delta"), f.lang)
            # No line for a KPI with no daily value at all (reach is not additive over days).
            has_days = kid in series and len(series) > 1 and series[kid].notna().any()
            spark = series[kid].fillna(0).tolist() if has_days else None
            help_text = f"{k.description[f.lang]} ({k.formula[f.lang]})"
            if not k.additive and pd.isna(value):
                help_text += f" · {t('not_additive', f.lang)}"
            flat = delta is not None and delta[0] not in "+-"   # grey, no arrow, for 0.0%
            col.metric(k.label[f.lang], value_text(kid, value, f, whole=True), delta=delta,
                       delta_color="off" if flat else ("normal" if k.better == "up" else "inverse"),
                       delta_arrow="off" if flat else "auto",
                       help=help_text, border=True, chart_data=spark)


PLATFORMS = ("google_ads", "meta", "linkedin", "microsoft_ads")
NETWORKS = {"facebook": "Facebook", "instagram": "Instagram", "linkedin_pages": "LinkedIn",
            "linkedin": "LinkedIn", "tiktok": "TikTok", "x": "X", "youtube": "YouTube"}


def platform_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Ad platform and social network codes shown by their product names (others as they are)."""
    if "platform" in frame:
        frame = frame.assign(platform=frame["platform"].map(
            lambda p: t(f"paid_platform_{p}", lang) if p in PLATFORMS else p))
    if "network" in frame:
        frame = frame.assign(network=frame["network"].map(lambda n: NETWORKS.get(n, n)))
    return frame


def trend(kid: str, f: Filters, color: str | None = None, filters: dict | None = None,
          labels: dict | None = None) -> None:
    """The KPI over time (day, week or month by window length), the comparison dashed."""
    grain = "day" if f.days <= 92 else ("week" if f.days <= 731 else "month")
    by = [grain] + ([color] if color else [])
    frame, _ = kpi([kid], f, by=by, filters=filters, compare=color is None)
    if frame.empty:
        st.caption(t("na", f.lang))
        return
    k = kpis.get(kid)
    frame = platform_names(frame, f.lang)
    names = {grain: t(f"dim_{grain}", f.lang), kid: k.label[f.lang],
             f"{kid}_compare": t("comparison", f.lang), **(labels or {})}
    chart(charts.trend(frame, grain, kid, k.label[f.lang], k.unit, color=color,
                       compare=None if color else f"{kid}_compare", labels=names,
                       annotations=annotations()), f.lang)


def chart(drawn, lang: str, where=st, key: str | None = None) -> None:
    """Draw an Altair chart full width, its axes and tooltips formatted in the page's language."""
    where.altair_chart(charts.localised(drawn, lang), width="stretch", key=key)


# Streamlit's number presets for the currencies that have one; others get plain decimals.
CURRENCY_FORMATS = {"EUR": "euro", "USD": "dollar", "JPY": "yen", "GBP": "£%.2f", "INR": "₹%.2f"}


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


def dataframe(frame: pd.DataFrame, where=st, **kwargs) -> None:
    """A read-only table as every page shows one: full width, no index, "—" where a value is
    missing (no comparison, a ratio over zero) rather than Streamlit's "None"."""
    where.dataframe(frame, hide_index=True, placeholder="—", width="stretch", **kwargs)


def table(frame: pd.DataFrame, ids: list[str], f: Filters, key: str, dim_labels: dict | None = None) -> None:
    """A sortable KPI table with CSV and Excel downloads."""
    shown = platform_names(frame[[c for c in frame.columns if not c.endswith("_compare")]], f.lang)
    config = column_config(ids, f)
    for dim, label in (dim_labels or {}).items():
        config[dim] = st.column_config.TextColumn(label)
    dataframe(shown, column_config=config)
    downloads(shown, key)


def downloads(frame: pd.DataFrame, key: str) -> None:
    """CSV and Excel buttons; the files are built only when clicked, not on every rerun."""
    lg = lang()
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(t("download_csv", lg), lambda: exports.to_csv_bytes(frame), f"{key}.csv",
                         "text/csv", key=f"csv_{key}", on_click="ignore")
    right.download_button(t("download_xlsx", lg), lambda: exports.to_xlsx_bytes(frame), f"{key}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{key}", on_click="ignore")


def notes(messages: list[str], f: Filters) -> None:
    """How the figures were computed (grains used, rows left out), folded away."""
    if messages:
        with st.expander(t("notes", f.lang)):
            for m in dict.fromkeys(messages):
                st.caption(m)
