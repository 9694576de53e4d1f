"""Streamlit blocks of the A/B test page: the variant table from each source (stored test, typed-in
table or CSV, email subject lines, GA4 split), the comparison (verdict, tables) and the planner."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.charts import experiments as charts_experiments
from lib.experiments import cuped, guardrails, sequential
from lib.experiments import data as experiment_data
from lib.experiments import stats as experiments
from lib.i18n import t
from lib.i18n.messages import say_error
from lib.kpis import glossary

MODES = ("stored", "manual", "email", "ga4")
RATE_COLUMNS = ("rate", "lift_abs", "ci_low", "ci_high", "lift_rel", "ci_rel_low", "ci_rel_high",
                "chance_to_beat", "expected_loss")
P_COLUMNS = ("p_value", "p_value_holm", "p_value_bh", "seq_p_value")
SEQ_COLUMNS = ("seq_ci_low", "seq_ci_high")


@dataclass
class Picked:
    """The variants to compare, their daily counts when the source has them, and the guardrail
    metrics picked for them (name -> (variant frame, "up" or "down", daily counts or None))."""

    frame: pd.DataFrame
    daily: pd.DataFrame | None = None
    guardrails: dict = field(default_factory=dict)


# -- cached reads ---------------------------------------------------------------------------------
# Each keyed on the table it reads: a load of another table leaves it cached.
@ui.cached(reads=("experiment_results",))
def _stored(store, window: tuple | None) -> pd.DataFrame:
    return experiment_data.stored_experiments(store, *(window or (None, None)))


@ui.cached(reads=("experiment_results",))
def _stored_variants(store, name: str, metric, window: tuple | None):
    return experiment_data.stored_variants(store, name, metric, *(window or (None, None)))


@ui.cached(reads=("experiment_results",))
def _stored_daily(store, name: str, metric, window: tuple | None):
    return experiment_data.stored_daily(store, name, metric, *(window or (None, None)))


@ui.cached(reads=("email_campaigns",))
def _email_tests(store, window: tuple | None) -> pd.DataFrame:
    return experiment_data.email_tests(store, *(window or (None, None)))


@ui.cached(reads=("email_campaigns",))
def _email_daily(store, test: str, metric: str, window: tuple | None):
    return experiment_data.email_daily(store, test, metric, *(window or (None, None)))


@ui.cached(reads=("site_traffic",))
def _ga4_daily(store, dimension: str, conversion: str, start, end, values: tuple):
    return experiment_data.ga4_daily(store, dimension, conversion, start, end, list(values))


@ui.cached(reads=("site_traffic",))
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
    others = [o.metric for o in options if o.experiment == pick.experiment and o.metric != pick.metric]
    return Picked(_stored_variants(pick.experiment, pick.metric, window),
                  _stored_daily(pick.experiment, pick.metric, window),
                  _guardrail_picks(pick.experiment, others, window, f.lang))


def _guardrail_picks(experiment: str, metrics: list, window: tuple | None, lang: str) -> dict:
    """The other metrics of the same stored test, picked as guardrails, each with the direction
    in which it gets worse (rising by default: unsubscribes, bounces)."""
    if not metrics:
        return {}
    chosen = st.multiselect(t("exp_guardrails", lang), metrics, key="exp_guardrails",
                            format_func=lambda m: m or "–", placeholder=t("exp_guardrails_none", lang))
    picks = {}
    for metric in chosen:
        worse = st.radio(t("exp_guardrail_worse", lang, metric=metric or "–"), guardrails.WORSE,
                         key=f"exp_guardrail_worse_{metric}", horizontal=True,
                         format_func=lambda w: t(f"exp_worse_{w}", lang))
        picks[metric or "–"] = (_stored_variants(experiment, metric, window), worse,
                                _stored_daily(experiment, metric, window))
    return picks


def typed_in(f: ui.Filters) -> pd.DataFrame | None:
    """Variants from an uploaded CSV, else from an editable table."""
    st.caption(t("exp_manual_help", f.lang))
    upload = ui.file_uploader(t("exp_upload", f.lang), ["csv", "txt"], "exp_upload", f.lang)
    try:
        if upload is not None:
            frame = experiment_data.variants_from_csv(upload.getvalue(), upload.name)
            st.caption(t("exp_from_file", f.lang, name=ui.md_escape(upload.name)))
            return Picked(frame)
        number = st.column_config.NumberColumn
        edited = st.data_editor(experiment_data.example_variants(), key="exp_editor",
                                num_rows="dynamic", hide_index=True, width="stretch", column_config={
            "variant": st.column_config.TextColumn(t("exp_col_variant", f.lang)),
            "units": number(t("exp_col_units", f.lang), min_value=0, step=1, format="%d"),
            "conversions": number(t("exp_col_conversions", f.lang), min_value=0, step=1,
                                  format="%d"),
            "value_sum": number("value_sum", min_value=0.0),
            "value_sq_sum": number("value_sq_sum", min_value=0.0),
            **{c: number(t(f"exp_col_{c}", f.lang)) for c in cuped.PRE_COLUMNS}})
        return Picked(experiment_data.clean_variants(edited))
    except ValueError as exc:   # ExperimentError: the reason in the page's language
        st.warning(t("exp_invalid", f.lang, reason=ui.md_escape(say_error(exc, f.lang))))
        return None


def email(f: ui.Filters) -> pd.DataFrame | None:
    """A subject-line test found among the email campaigns, compared on opens or clicks."""
    st.caption(t("exp_email_rule", f.lang))
    window = _window(f)
    tests = _email_tests(window)
    if tests.empty:
        st.info(t("exp_email_none", f.lang))
        return None
    left, right = st.columns([3, 2])
    test = left.selectbox(t("exp_email_test", f.lang), list(dict.fromkeys(tests["test"])),
                          key="exp_email_test")
    metric = right.selectbox(t("exp_email_metric", f.lang), experiment_data.EMAIL_METRICS,
                             key="exp_email_metric", format_func=lambda m: t(f"exp_metric_{m}", f.lang))
    picked = Picked(experiment_data.email_test_variants(tests, test, metric),
                    _email_daily(test, metric, window))
    counted = tests.loc[tests["test"] == test, "unsubscribes"].notna().all()
    if counted and st.checkbox(t("exp_guardrail_unsubscribes", f.lang), value=True,
                               key="exp_email_guardrail"):
        picked.guardrails[t("exp_metric_unsubscribes", f.lang)] = (
            experiment_data.email_test_variants(tests, test, "unsubscribes"), "up",
            _email_daily(test, "unsubscribes", window))
    return picked


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
                            default=list(split["variant"][:2]), key=f"exp_ga4_values_{dimension}",
                            placeholder=t("exp_ga4_values_pick", f.lang))
    frame = split[split["variant"].isin(values)].reset_index(drop=True)
    ui.notes(notes, f)
    return Picked(frame, _ga4_daily(dimension, conversion, f.start, f.end, tuple(values)))


# -- the comparison ---------------------------------------------------------------------------------
def comparison(picked: Picked, mode: str, randomised: bool, f: ui.Filters) -> None:
    """Control, alpha, planned split and correction; the sequential settings when the test has
    daily counts; then the verdict, the ship decision, the tables and the sequence chart."""
    frame = picked.frame
    left, middle, right = st.columns(3)
    control = left.selectbox(t("exp_control", f.lang), list(frame["variant"]), key=f"exp_control_{mode}")
    frame = experiment_data.control_first(frame, control)
    alpha = middle.selectbox(t("exp_alpha", f.lang), (0.05, 0.01, 0.1), key="exp_alpha",
                             format_func=lambda a: i18n.fmt_percent(a, f.lang, 0))
    split_text = right.text_input(t("exp_split", f.lang), key="exp_split", disabled=not randomised)
    correction = st.radio(t("exp_correction", f.lang), experiments.CORRECTIONS, key="exp_correction",
                          horizontal=True, help=t("exp_correction_help", f.lang),
                          format_func=lambda c: t(f"exp_correction_{c}", f.lang))
    peeking, tuning = _sequential_settings(picked.daily, f.lang)
    try:
        planned = experiment_data.planned_split(split_text, frame, randomised)
        analysis = experiment_data.analyse(frame, alpha, planned, correction, picked.daily, peeking,
                                           tuning)
    except ValueError as exc:
        st.warning(t("exp_invalid", f.lang, reason=ui.md_escape(say_error(exc, f.lang))))
        return
    verdict(analysis, randomised, f.lang)
    decision(analysis, picked, frame, (alpha, correction, peeking, tuning), f.lang)
    st.subheader(t("exp_results", f.lang))
    rates_table(frame, analysis, f.lang)
    if analysis.means:
        means_table(frame, analysis, f.lang)
    if not experiment_data.exact_chance(frame):
        st.caption(t("exp_chance_integrated", f.lang,
                     n=i18n.fmt_number(experiments.EXACT_LIMIT, f.lang)))
    if analysis.sequence is not None:
        sequence_chart(analysis.sequence, f.lang)
    elif picked.daily is not None and not picked.daily.empty:
        st.caption(t("exp_sequential_mismatch", f.lang))


def _sequential_settings(daily: pd.DataFrame | None, lang: str) -> tuple[bool, float]:
    """Whether the user looks before the planned end, and the tuning N* (planned units)."""
    st.markdown(f"**{t('exp_sequential', lang)}**")
    if daily is None or daily.empty:
        st.caption(t("exp_sequential_none", lang))
        return False, sequential.TUNING
    left, right = st.columns(2)
    peeking = left.checkbox(t("exp_peeking", lang), key="exp_peeking", help=t("exp_peeking_help", lang))
    tuning = right.number_input(t("exp_tuning", lang), min_value=100, max_value=100_000_000,
                                value=sequential.TUNING, step=1000, key="exp_tuning",
                                help=t("exp_tuning_help", lang))
    return peeking, float(tuning)


def verdict(analysis: experiment_data.Analysis, randomised: bool, lang: str) -> None:
    """The guard, no-variance and SRM warnings, then the verdict (green when something is significant)."""
    st.subheader(t("exp_verdict", lang))
    if analysis.guarded:
        st.warning(t("exp_guard", lang, u=experiments.MIN_UNITS, c=experiments.MIN_CONVERSIONS))
    if analysis.no_variance:
        st.warning(t("exp_no_variance", lang))
    srm_p, srm_flag = analysis.srm
    if srm_flag:
        st.warning(t("exp_srm_flag", lang, p=i18n.fmt_number(srm_p, lang, 5)))
    elif randomised:
        st.caption(t("exp_srm_ok", lang, p=i18n.fmt_number(srm_p, lang, 3)))
    # Variant names come from the data (a GA4 utm_source anyone can set): shown as text, never as Markdown.
    named = [replace(r, variant=ui.md_escape(r.variant), control=ui.md_escape(r.control)) for r in analysis.results]
    (st.success if analysis.significant else st.info)(experiments.verdict(named, lang))


def decision(analysis: experiment_data.Analysis, picked: Picked, frame: pd.DataFrame,
             settings: tuple, lang: str) -> None:
    """Ship, hold or keep for each variant: the goal metric (the rates) against the guardrails."""
    if not picked.guardrails:
        return
    alpha, correction, peeking, tuning = settings
    control = str(frame["variant"].iloc[0])
    checked = []
    for name, (variants, worse, daily) in picked.guardrails.items():
        try:
            ordered = experiment_data.control_first(variants, control)
            read = experiment_data.analyse(ordered, alpha, None, correction, daily, peeking, tuning)
        except ValueError as exc:
            st.warning(t("exp_guardrail_invalid", lang, metric=ui.md_escape(name),
                         reason=ui.md_escape(say_error(exc, lang))))
            continue
        checked.append(guardrails.Guardrail(name, worse, read.rates))
    decided = guardrails.decide(analysis.rates, checked)
    st.markdown(f"**{t('exp_decision', lang)}**")
    words = guardrails.sentence(decided, ui.md_escape(control), lang)
    shipped = any(d.action == "ship" for d in decided)
    held = any(d.action == "hold" for d in decided)
    (st.warning if held else st.success if shipped else st.info)(words)


def _label(column: str, lang: str) -> str:
    return t(f"exp_col_{column}", lang)


def _number(column: str, lang: str, fmt: str, label: str | None = None):
    return st.column_config.NumberColumn(label or _label(column, lang), format=fmt)


def _p_config(lang: str) -> dict:
    return {c: _number(c, lang, "%.4f") for c in P_COLUMNS}


def rates_table(frame: pd.DataFrame, analysis: experiment_data.Analysis, lang: str) -> None:
    """Conversion rates, lifts with their intervals, p-values and the Bayesian view; downloads."""
    st.markdown(f"**{t('exp_rates', lang)}**")
    rates = experiment_data.rates_frame(frame, analysis)
    ui.dataframe(rates, rank="chance_to_beat", column_config={
        "variant": _label("variant", lang),
        "units": _number("units", lang, "localized"),
        "conversions": _number("conversions", lang, "localized"),
        **{c: _number(c, lang, "percent") for c in (*RATE_COLUMNS, *SEQ_COLUMNS)},
        **_p_config(lang),
        "enough_data": st.column_config.CheckboxColumn(_label("enough_data", lang))})
    ui.downloads(rates, "ab_rates")


def means_table(frame: pd.DataFrame, analysis: experiment_data.Analysis, lang: str) -> None:
    """Mean value per unit (Welch): the same columns as the rates, and CUPED when it applies."""
    st.markdown(f"**{t('exp_means', lang)}**")
    means = experiment_data.means_frame(frame, analysis)
    value = ("mean", "lift_abs", "ci_low", "ci_high", "cuped_lift_abs", "cuped_ci_low", "cuped_ci_high")
    ui.dataframe(means, rank="chance_to_beat", column_config={
        "variant": _label("variant", lang), "units": _number("units", lang, "localized"),
        **{c: _number(c, lang, "%.2f") for c in value},
        "lift_abs": _number("lift_abs", lang, "%.2f", t("exp_col_lift_abs_mean", lang)),
        **{c: _number(c, lang, "percent") for c in ("lift_rel", "ci_rel_low", "ci_rel_high",
                                                     "chance_to_beat", "cuped_variance_reduction",
                                                     *SEQ_COLUMNS)},
        "expected_loss": _number("expected_loss", lang, "%.2f", t("exp_col_expected_loss_mean", lang)),
        **_p_config(lang), "cuped_p_value": _number("cuped_p_value", lang, "%.4f"),
        "enough_data": st.column_config.CheckboxColumn(_label("enough_data", lang))})
    if "cuped_lift_abs" in means:
        st.caption(t("exp_cuped_note", lang))


def sequence_chart(seq: pd.DataFrame, lang: str) -> None:
    """The relative lift day by day with its confidence sequence and fixed-horizon interval."""
    if seq.empty:
        return
    st.markdown(f"**{t('exp_sequential_chart', lang)}**")
    variants = list(dict.fromkeys(seq["variant"]))
    shown = variants[0] if len(variants) == 1 else st.selectbox(
        t("exp_col_variant", lang), variants, key="exp_seq_variant")
    labels = {"day": t("exp_seq_col_day", lang), "lift": t("exp_seq_col_lift", lang),
              "band": t("exp_seq_col_band", lang), "sequence": t("exp_seq_band_sequence", lang),
              "fixed": t("exp_seq_band_fixed", lang)}
    ui.chart(charts_experiments.narrowing(seq[seq["variant"] == shown], labels), lang)
    st.caption(t("exp_sequential_table", lang))
    last = seq[seq["day"] == seq["day"].max()]
    ui.dataframe(last[["variant", "units", "estimate", "ci_low", "ci_high", "p_value", "fixed_low",
                       "fixed_high", "fixed_p_value"]], column_config={
        "variant": _label("variant", lang), "units": _number("units", lang, "localized"),
        "estimate": _number("lift_rel", lang, "percent"),
        "ci_low": _number("seq_ci_low", lang, "percent"), "ci_high": _number("seq_ci_high", lang, "percent"),
        "p_value": _number("seq_p_value", lang, "%.4f"),
        "fixed_low": _number("ci_rel_low", lang, "percent"), "fixed_high": _number("ci_rel_high", lang, "percent"),
        "fixed_p_value": _number("p_value", lang, "%.4f", t("exp_seq_col_fixed_p_value", lang))})
    method = glossary.method_rows(lang)[0]
    with st.expander(method["label"]):
        st.markdown(f"{method['description']}\n\n`{method['formula']}`\n\n{method['good']}")


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
        planned = experiments.planning_alpha(alpha, variants)
        n = experiments.sample_size(baseline / 100, mde / 100, relative=kind == "relative",
                                    alpha=planned, power=power)
        days = experiments.duration_days(n, variants, float(daily))
    except ValueError as exc:
        st.warning(t("exp_invalid", lang, reason=ui.md_escape(say_error(exc, lang))))
        return
    a, b, c = st.columns(3)
    a.metric(t("exp_n", lang), i18n.fmt_number(n, lang), border=True)
    b.metric(t("exp_total", lang), i18n.fmt_number(n * variants, lang), border=True)
    c.metric(t("exp_duration", lang), t("exp_days", lang, count=days), border=True)
    if variants > 2:
        st.caption(t("exp_plan_correction", lang, variants=variants, comparisons=variants - 1,
                     alpha=i18n.fmt_stat(planned, lang, ".4g")))
    st.caption(t("exp_plan_formula", lang))
