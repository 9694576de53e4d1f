"""The shared sidebar filters (language, period, comparison, currency, site or account), kept in
the URL so a link reopens the same view, and `filters()`, how a page reads them."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from lib import i18n
from lib.i18n import t
from lib.kpis import queries
from lib.ui import navigation, state, switcher
from lib.ui.markdown import md_escape
from lib.ui.state import Filters

PRESETS = ("last_28", "last_7", "last_90", "this_month", "last_month", "this_quarter", "ytd", "custom")
COMPARES = ("previous", "year", "none")


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
    """This run's language, from the sidebar's widget state."""
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


# Days a link may ask for: older or later days are a typo or a probe, and near date's own limits the
# comparison window (one period or one year before) cannot even be computed.
FIRST_DAY, LAST_YEARS = date(1970, 1, 1), 10


def _url_day(key: str, default: date) -> date:
    memo = f"_{key}"
    if isinstance(st.session_state.get(key), date):
        st.session_state[memo] = st.session_state[key]
    elif memo not in st.session_state:
        raw = st.query_params.get(key, "")
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            day = None
        if day is not None and not FIRST_DAY <= day <= date(date.today().year + LAST_YEARS, 12, 31):
            st.warning(t("link_day_out_of_range", lang(), day=day.isoformat()), icon=":material/warning:")
            day = None
        st.session_state[memo] = day or default
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
    ws = state.settings()
    # The workspace language is the default; a ?lang= in the URL wins.
    default_lang = ws.get("language") if ws.get("language") in i18n.LANGS else i18n.DEFAULT_LANG
    today = date.today()
    default_start, default_end = preset_window("last_28", today)
    with st.sidebar:
        lg = st.selectbox("Langue / Language", i18n.LANGS, key="lang",
                          index=_url_choice("lang", i18n.LANGS, default_lang),
                          format_func=lambda code: {"fr": "Français", "en": "English"}[code])
        switcher.switcher(lg)
        if ws.get("workspace_name"):
            name = md_escape(ws["workspace_name"])
            st.caption(f"{t('workspace', lg)} : {name}" if lg == "fr" else f"{t('workspace', lg)}: {name}")
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
        account = _account(lg)   # first: the currency offers that account's currencies
        found = state.currencies(account) or state.currencies()
        currency = ws.get("currency") if ws.get("currency") in found else (found[0] if found else None)
        if len(found) > 1:
            currency = st.selectbox(t("currency", lg), found, key="currency",
                                    index=_url_choice("currency", tuple(found), currency))
        currency = _reporting(lg) or currency
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
    return Filters(start, end, compare, lg, currency, account)


def _reporting(lg: str) -> str | None:
    """The reporting currency (in the URL as `reporting`), offered once rates are stored (Data
    page): money of other currencies is converted with them, month by month."""
    found = tuple(state.reporting_currencies())
    chosen = None
    if found:
        options = ("", *found)
        chosen = st.selectbox(t("reporting_currency", lg), options, key="reporting",
                              index=_url_choice("reporting", options, ""),
                              format_func=lambda c: c or t("reporting_none", lg),
                              help=t("reporting_help", lg)) or None
        _to_url("reporting", chosen or "", "")
    queries.REPORTING.set(chosen)
    state.RATES_SEEN.set([])   # this run's rate notes (cards, tables and downloads name them)
    return chosen


def _account(lg: str) -> str | None:
    """The site or account looked at (in the URL as `account`), shown once the workspace holds
    several; every query of this run is scoped to it (queries.scope_accounts)."""
    found = tuple(state.accounts())
    account = None
    if len(found) > 1:
        options = ("", *found)
        account = st.selectbox(t("account_filter", lg), options, key="account",
                               index=_url_choice("account", options, ""),
                               format_func=lambda a: a or t("account_all", lg),
                               help=t("account_filter_help", lg)) or None
        _to_url("account", account or "", "")
    queries.scope_accounts([account] if account else None)
    return account


def filters() -> Filters:
    """The filters the frame put in session state for this run."""
    if "filters" not in st.session_state:   # a page run without the frame (pages/ discovery)
        navigation.leave_pages_discovery()
        st.session_state["filters"] = sidebar()
    return st.session_state["filters"]


def show_range(start: date, end: date) -> None:
    """Button callback: switch the sidebar to a custom window (before its widgets are drawn)."""
    st.session_state["period"] = st.session_state["_period"] = "custom"
    st.session_state["start"] = st.session_state["_start"] = start
    st.session_state["end"] = st.session_state["_end"] = end
