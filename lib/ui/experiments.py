"""Streamlit blocks of the A/B test page: the variant table from each source (stored test, typed-in
table or CSV, email subject lines, GA4 split), the comparison (verdict, tables) and the planner."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.experiments import data as experiment_data
from lib.experiments import stats as experiments
from lib.i18n import t

MODES = ("stored", "manual", "email", "ga4")
RATE_COLUMNS = ("rate", "lift_abs", "ci_low", "ci_high", "lift_rel", "ci_rel_low", "ci_rel_high",
                "chance_to_beat", "expected_loss")


# -- cached reads ---------------------------------------------------------------------------------
@ui.cached
def _stored(store, window: tuple | None) -> pd.DataFrame:
    return experiment_data.stored_experiments(store, *(window or (None, None)))


@ui.cached
def _stored_variants(store, name: str, metric, window: tuple | None):
    return experiment_data.stored_variants(store, name, metric, *(window or (None, None)))


@ui.cached
def _email_tests(store, window: tuple | None) -> pd.DataFrame:
    return experiment_data.email_tests(store, *(window or (None, None)))


@ui.cached
def _ga4(store, dimension: str, conversion: str, start, end):
    return experiment_data.ga4_split(store, dimension, conversion, start, end)


def _window(f: ui.Filters) -> tuple | None:
    limited = st.checkbox(t("exp_in_window", f.lang), key="exp_in_window")
    return (f.start, f.end) if limited else None


# -- where the variants come from -----------------------------------------------------------------
def mode(f: ui.Filters) -> str:
    """The source of the variants: a stored test when there is one, else the typed-in table."""
    any_stored = not _stored(None).empty
    return st.radio(t("exp_mode", f.lang), MODES, key="exp_mode", horizontal=True,
                    index=0 if any_stored else 1, format_func=lambda m: t(f"exp_mode_{m}", f.lang))


def stored(f: ui.Filters) -> pd.DataFrame | None:
    """A stored experiment picked in a list (optionally limited to the sidebar period)."""
    window = _window(f)
    found = _stored(window)
    if _stored(None).empty:
        st.info(t("exp_no_stored", f.lang))
        return None
    if found.empty:
        st.info(t("exp_nothing_in_window", f.lang))
        return None
    options = list(found.itertuples(index=False))
    chosen = st.selectbox(
        t("exp_experiment", f.lang), range(len(options)), key="exp_stored",
        format_func=lambda i: t("exp_experiment_option", f.lang, name=options[i].experiment,
                                metric=options[i].metric or "–",
                                first=i18n.fmt_date(options[i].first_day, f.lang),
                                last=i18n.fmt_date(options[i].last_day, f.lang)))
    pick = options[chosen or 0]
    return _stored_variants(pick.experiment, pick.metric, window)


def typed_in(f: ui.Filters) -> pd.DataFrame | None:
    """Variants from an uploaded CSV, else from an editable table."""
    st.caption(t("exp_manual_help", f.lang))
    upload = st.file_uploader(t("exp_upload", f.lang), type=["csv", "txt"], key="exp_upload")
    try:
        if upload is not None:
            frame = experiment_data.variants_from_csv(upload.getvalue(), upload.name)
            st.caption(t("exp_from_file", f.lang, name=ui.md_escape(upload.name)))
            return frame
        number = st.column_config.NumberColumn
        edited = st.data_editor(experiment_data.example_variants(), key="exp_editor",
                                num_rows="dynamic", hide_index=True, width="stretch", column_config={
            "variant": st.column_config.TextColumn(t("exp_col_variant", f.lang)),
            "units": number(t("exp_col_units", f.lang), min_value=0, step=1, format="%d"),
            "conversions": number(t("exp_col_conversions", f.lang), min_value=0, step=1,
                                  format="%d"),
            "value_sum": number("value_sum", min_value=0.0),
            "value_sq_sum": number("value_sq_sum", min_value=0.0)})
        return experiment_data.clean_variants(edited)
    except ValueError as exc:
        st.warning(t("exp_invalid", f.lang, reason=ui.md_escape(exc)))
        return None


def email(f: ui.Filters) -> pd.DataFrame | None:
    """A subject-line test found among the email campaigns, compared on opens or clicks."""
    st.caption(t("exp_email_rule", f.lang))
    tests = _email_tests(_window(f))
    if tests.empty:
        st.info(t("exp_email_none", f.lang))
        return None
    left, right = st.columns([3, 2])
    test = left.selectbox(t("exp_email_test", f.lang), list(dict.fromkeys(tests["test"])),
                          key="exp_email_test")
    metric = right.selectbox(t("exp_email_metric", f.lang), experiment_data.EMAIL_METRICS,
                             key="exp_email_metric", format_func=lambda m: t(f"exp_metric_{m}", f.lang))
    return experiment_data.email_test_variants(tests, test, metric)


def ga4(f: ui.Filters) -> pd.DataFrame | None:
    """GA4 sessions split by a dimension, the values to compare picked by the user."""
    st.caption(t("exp_ga4_note", f.lang))
    if not ui.require_data(f, "site_traffic", "GA4"):
        return None
    left, right = st.columns(2)
    dimension = left.selectbox(t("exp_ga4_dimension", f.lang), experiment_data.GA4_DIMENSIONS,
                               key="exp_ga4_dimension", format_func=lambda d: t(f"dim_{d}", f.lang))
    conversion = right.selectbox(t("exp_ga4_conversion", f.lang), tuple(experiment_data.GA4_CONVERSIONS),
                                 key="exp_ga4_conversion", format_func=lambda c: t(f"exp_conv_{c}", f.lang))
    split, notes = _ga4(dimension, conversion, f.start, f.end)
    values = st.multiselect(t("exp_ga4_values", f.lang), list(split["variant"]),
                            default=list(split["variant"][:2]), key=f"exp_ga4_values_{dimension}")
    frame = split[split["variant"].isin(values)].reset_index(drop=True)
    ui.notes(notes, f)
    return frame


# -- the comparison ---------------------------------------------------------------------------------
def comparison(frame: pd.DataFrame, mode: str, randomised: bool, f: ui.Filters) -> None:
    """Control, alpha and planned split; then the verdict and the tables of results."""
    left, middle, right = st.columns(3)
    control = left.selectbox(t("exp_control", f.lang), list(frame["variant"]), key=f"exp_control_{mode}")
    frame = experiment_data.control_first(frame, control)
    alpha = middle.selectbox(t("exp_alpha", f.lang), (0.05, 0.01, 0.1), key="exp_alpha",
                             format_func=lambda a: i18n.fmt_percent(a, f.lang, 0))
    split_text = right.text_input(t("exp_split", f.lang), key="exp_split", disabled=not randomised)
    try:
        planned = experiment_data.planned_split(split_text, frame, randomised)
        analysis = experiment_data.analyse(frame, alpha, planned)
    except ValueError as exc:
        st.warning(t("exp_invalid", f.lang, reason=ui.md_escape(exc)))
        return
    verdict(analysis, randomised, f.lang)
    st.subheader(t("exp_results", f.lang))
    rates_table(frame, analysis, f.lang)
    if analysis.means:
        means_table(frame, analysis, f.lang)


def verdict(analysis: experiment_data.Analysis, randomised: bool, lang: str) -> None:
    """The guard and SRM warnings, then the verdict (green when something is significant)."""
    st.subheader(t("exp_verdict", lang))
    if analysis.guarded:
        st.warning(t("exp_guard", lang, u=experiments.MIN_UNITS, c=experiments.MIN_CONVERSIONS))
    srm_p, srm_flag = analysis.srm
    if srm_flag:
        st.warning(t("exp_srm_flag", lang, p=i18n.fmt_number(srm_p, lang, 5)))
    elif randomised:
        st.caption(t("exp_srm_ok", lang, p=i18n.fmt_number(srm_p, lang, 3)))
    # Variant names come from the data (a GA4 utm_source anyone can set): shown as text, never as Markdown.
    named = [replace(r, variant=ui.md_escape(r.variant), control=ui.md_escape(r.control)) for r in analysis.results]
    (st.success if analysis.significant else st.info)(experiments.verdict(named, lang))


def _label(column: str, lang: str) -> str:
    return t(f"exp_col_{column}", lang)


def _number(column: str, lang: str, fmt: str, label: str | None = None):
    return st.column_config.NumberColumn(label or _label(column, lang), format=fmt)


def rates_table(frame: pd.DataFrame, analysis: experiment_data.Analysis, lang: str) -> None:
    """Conversion rates, lifts with their intervals, p-values and the Bayesian view; downloads."""
    st.markdown(f"**{t('exp_rates', lang)}**")
    rates = experiment_data.rates_frame(frame, analysis)
    ui.dataframe(rates, column_config={
        "variant": _label("variant", lang),
        "units": _number("units", lang, "localized"),
        "conversions": _number("conversions", lang, "localized"),
        **{c: _number(c, lang, "percent") for c in RATE_COLUMNS},
        "p_value": _number("p_value", lang, "%.4f"),
        "p_value_holm": _number("p_value_holm", lang, "%.4f"),
        "enough_data": st.column_config.CheckboxColumn(_label("enough_data", lang))})
    ui.downloads(rates, "ab_rates")


def means_table(frame: pd.DataFrame, analysis: experiment_data.Analysis, lang: str) -> None:
    """Mean value per unit (Welch), the difference and its interval, p-values."""
    st.markdown(f"**{t('exp_means', lang)}**")
    ui.dataframe(experiment_data.means_frame(frame, analysis), column_config={
        "variant": _label("variant", lang), "units": _number("units", lang, "localized"),
        "mean": _number("mean", lang, "%.2f"),
        "lift_abs": _number("lift_abs", lang, "%.2f", t("exp_col_lift_abs_mean", lang)),
        "ci_low": _number("ci_low", lang, "%.2f"),
        "ci_high": _number("ci_high", lang, "%.2f"),
        "lift_rel": _number("lift_rel", lang, "percent"),
        "p_value": _number("p_value", lang, "%.4f"),
        "p_value_holm": _number("p_value_holm", lang, "%.4f"),
        "enough_data": st.column_config.CheckboxColumn(_label("enough_data", lang))})


def explain(lang: str) -> None:
    """How the figures are computed, folded."""
    with st.expander(t("exp_explain", lang)):
        st.markdown(t("exp_explain_body", lang, u=experiments.MIN_UNITS, c=experiments.MIN_CONVERSIONS))


# -- planning a new test ----------------------------------------------------------------------------
def planner(lang: str) -> None:
    """Baseline, effect, alpha, power, variants and traffic in; size per variant and duration out."""
    st.subheader(t("exp_plan", lang))
    a, b, c = st.columns(3)
    baseline = a.number_input(t("exp_baseline", lang), min_value=0.01, max_value=99.0, value=3.0,
                              step=0.1, key="exp_plan_baseline")
    kind = b.radio(t("exp_mde_kind", lang), ("relative", "absolute"), key="exp_plan_kind",
                   format_func=lambda k: t(f"exp_mde_{k}", lang))
    mde = c.number_input(t("exp_mde", lang), min_value=0.01, max_value=500.0,
                         value=10.0 if kind == "relative" else 0.5, step=0.1, key=f"exp_plan_mde_{kind}")
    a, b, c, d = st.columns(4)
    alpha = a.selectbox(t("exp_alpha", lang), (0.05, 0.01, 0.1), key="exp_plan_alpha",
                        format_func=lambda v: i18n.fmt_percent(v, lang, 0))
    power = b.selectbox(t("exp_power", lang), (0.8, 0.9, 0.95), key="exp_plan_power",
                        format_func=lambda v: i18n.fmt_percent(v, lang, 0))
    variants = int(c.number_input(t("exp_variants", lang), min_value=2, max_value=10, value=2,
                                  key="exp_plan_variants"))
    daily = d.number_input(t("exp_daily", lang), min_value=1, value=1000, step=100, key="exp_plan_daily")
    try:
        n = experiments.sample_size(baseline / 100, mde / 100, relative=kind == "relative",
                                    alpha=alpha, power=power)
        days = experiments.duration_days(n, variants, float(daily))
    except ValueError as exc:
        st.warning(t("exp_invalid", lang, reason=ui.md_escape(exc)))
        return
    a, b, c = st.columns(3)
    a.metric(t("exp_n", lang), i18n.fmt_number(n, lang), border=True)
    b.metric(t("exp_total", lang), i18n.fmt_number(n * variants, lang), border=True)
    c.metric(t("exp_duration", lang), t("exp_days", lang, count=days), border=True)
    st.caption(t("exp_plan_formula", lang))
