"""A/B tests: variants from a stored test, a typed-in table or CSV, email subjects or a GA4 split;
the comparison (rates, means, Holm, SRM, guards, verdict) and the planning of a new test."""
import pandas as pd
import streamlit as st

from lib import i18n, ui
from lib.experiments import data as experiment_data
from lib.experiments import stats as experiments
from lib.i18n import t

f = ui.filters()
st.title(t("page_experiments", f.lang))
st.caption(t("exp_intro", f.lang))


@ui.cached(max_entries=64)
def _stored(store, window: tuple | None) -> pd.DataFrame:
    return experiment_data.stored_experiments(store, *(window or (None, None)))


@ui.cached(max_entries=64)
def _stored_variants(store, name: str, metric, window: tuple | None):
    return experiment_data.stored_variants(store, name, metric, *(window or (None, None)))


@ui.cached(max_entries=64)
def _email_tests(store, window: tuple | None) -> pd.DataFrame:
    return experiment_data.email_tests(store, *(window or (None, None)))


@ui.cached(max_entries=64)
def _ga4(store, dimension: str, conversion: str, start, end):
    return experiment_data.ga4_split(store, dimension, conversion, start, end)


def _window() -> tuple | None:
    limited = st.checkbox(t("exp_in_window", f.lang), key="exp_in_window")
    return (f.start, f.end) if limited else None


MODES = ("stored", "manual", "email", "ga4")
any_stored = not _stored(None).empty
mode = st.radio(t("exp_mode", f.lang), MODES, key="exp_mode", horizontal=True,
                index=0 if any_stored else 1, format_func=lambda m: t(f"exp_mode_{m}", f.lang))

frame, randomised = None, True
if mode == "stored":
    window = _window()
    found = _stored(window)
    if not any_stored:
        st.info(t("exp_no_stored", f.lang))
    elif found.empty:
        st.info(t("exp_nothing_in_window", f.lang))
    else:
        options = list(found.itertuples(index=False))
        chosen = st.selectbox(
            t("exp_experiment", f.lang), range(len(options)), key="exp_stored",
            format_func=lambda i: t("exp_experiment_option", f.lang, name=options[i].experiment,
                                    metric=options[i].metric or "–",
                                    first=i18n.fmt_date(options[i].first_day, f.lang),
                                    last=i18n.fmt_date(options[i].last_day, f.lang)))
        pick = options[chosen or 0]
        frame = _stored_variants(pick.experiment, pick.metric, window)
elif mode == "manual":
    st.caption(t("exp_manual_help", f.lang))
    upload = st.file_uploader(t("exp_upload", f.lang), type=["csv", "txt"], key="exp_upload")
    if upload is not None:
        try:
            frame = experiment_data.variants_from_csv(upload.getvalue(), upload.name)
            st.caption(t("exp_from_file", f.lang, name=upload.name))
        except ValueError as exc:
            st.warning(t("exp_invalid", f.lang, reason=exc))
    else:
        seed = pd.DataFrame({"variant": ["A", "B"], "units": [5000.0, 5000.0],
                             "conversions": [150.0, 185.0], "value_sum": [None, None],
                             "value_sq_sum": [None, None]}).astype(
            {"value_sum": "float64", "value_sq_sum": "float64"})
        number = st.column_config.NumberColumn
        edited = st.data_editor(seed, key="exp_editor", num_rows="dynamic", hide_index=True,
                                width="stretch", column_config={
            "variant": st.column_config.TextColumn(t("exp_col_variant", f.lang)),
            "units": number(t("exp_col_units", f.lang), min_value=0, step=1, format="%d"),
            "conversions": number(t("exp_col_conversions", f.lang), min_value=0, step=1,
                                  format="%d"),
            "value_sum": number("value_sum", min_value=0.0),
            "value_sq_sum": number("value_sq_sum", min_value=0.0)})
        try:
            frame = experiment_data.clean_variants(edited)
        except ValueError as exc:
            st.warning(t("exp_invalid", f.lang, reason=exc))
elif mode == "email":
    st.caption(t("exp_email_rule", f.lang))
    window = _window()
    tests = _email_tests(window)
    if tests.empty:
        st.info(t("exp_email_none", f.lang))
    else:
        left, right = st.columns([3, 2])
        test = left.selectbox(t("exp_email_test", f.lang), list(dict.fromkeys(tests["test"])),
                              key="exp_email_test")
        metric = right.selectbox(t("exp_email_metric", f.lang), experiment_data.EMAIL_METRICS,
                                 key="exp_email_metric",
                                 format_func=lambda m: t(f"exp_metric_{m}", f.lang))
        frame = experiment_data.email_test_variants(tests, test, metric)
else:
    randomised = False
    st.caption(t("exp_ga4_note", f.lang))
    if ui.require_data(f, "site_traffic", "GA4"):
        left, right = st.columns(2)
        dimension = left.selectbox(t("exp_ga4_dimension", f.lang), experiment_data.GA4_DIMENSIONS,
                                   key="exp_ga4_dimension",
                                   format_func=lambda d: t(f"dim_{d}", f.lang))
        conversion = right.selectbox(t("exp_ga4_conversion", f.lang),
                                     tuple(experiment_data.GA4_CONVERSIONS),
                                     key="exp_ga4_conversion",
                                     format_func=lambda c: t(f"exp_conv_{c}", f.lang))
        split, notes = _ga4(dimension, conversion, f.start, f.end)
        values = st.multiselect(t("exp_ga4_values", f.lang), list(split["variant"]),
                                default=list(split["variant"][:2]),
                                key=f"exp_ga4_values_{dimension}")
        frame = split[split["variant"].isin(values)].reset_index(drop=True)
        ui.notes(notes, f)

if frame is not None and len(frame) < 2:
    st.info(t("exp_need_two", f.lang))
elif frame is not None:
    left, middle, right = st.columns(3)
    control = left.selectbox(t("exp_control", f.lang), list(frame["variant"]),
                             key=f"exp_control_{mode}")
    frame = experiment_data.control_first(frame, control)
    alpha = middle.selectbox(t("exp_alpha", f.lang), (0.05, 0.01, 0.1), key="exp_alpha",
                             format_func=lambda a: i18n.fmt_percent(a, f.lang, 0))
    split_text = right.text_input(t("exp_split", f.lang), key="exp_split",
                                  disabled=not randomised)
    try:
        planned = (experiment_data.parse_split(split_text, len(frame)) if randomised
                   # Not randomised (GA4): checking the split against itself never flags.
                   else list(frame["units"]))
        analysis = experiment_data.analyse(frame, alpha, planned)
    except ValueError as exc:
        st.warning(t("exp_invalid", f.lang, reason=exc))
        analysis = None
    if analysis is not None:
        st.subheader(t("exp_verdict", f.lang))
        if analysis.guarded:
            st.warning(t("exp_guard", f.lang, u=experiments.MIN_UNITS,
                         c=experiments.MIN_CONVERSIONS))
        srm_p, srm_flag = analysis.srm
        if srm_flag:
            st.warning(t("exp_srm_flag", f.lang, p=i18n.fmt_number(srm_p, f.lang, 5)))
        elif randomised:
            st.caption(t("exp_srm_ok", f.lang, p=i18n.fmt_number(srm_p, f.lang, 3)))
        significant = any(r.enough_data and (r.p_value_holm if r.comparisons > 1 else r.p_value)
                          < r.alpha for r in analysis.results)
        (st.success if significant else st.info)(experiments.verdict(analysis.results, f.lang))

        st.subheader(t("exp_results", f.lang))
        col = {c: t(f"exp_col_{c}", f.lang) for c in (
            "variant", "units", "conversions", "rate", "mean", "lift_abs", "ci_low", "ci_high",
            "lift_rel", "ci_rel_low", "ci_rel_high", "p_value", "p_value_holm", "chance_to_beat",
            "expected_loss", "enough_data")}
        number, pct = st.column_config.NumberColumn, "percent"
        st.markdown(f"**{t('exp_rates', f.lang)}**")
        rates = experiment_data.rates_frame(frame, analysis)
        ui.dataframe(rates, column_config={
            "variant": col["variant"],
            "units": number(col["units"], format="localized"),
            "conversions": number(col["conversions"], format="localized"),
            **{c: number(col[c], format=pct) for c in (
                "rate", "lift_abs", "ci_low", "ci_high", "lift_rel", "ci_rel_low", "ci_rel_high",
                "chance_to_beat", "expected_loss")},
            "p_value": number(col["p_value"], format="%.4f"),
            "p_value_holm": number(col["p_value_holm"], format="%.4f"),
            "enough_data": st.column_config.CheckboxColumn(col["enough_data"])})
        ui.downloads(rates, "ab_rates")
        if analysis.means:
            st.markdown(f"**{t('exp_means', f.lang)}**")
            means = experiment_data.means_frame(frame, analysis)
            ui.dataframe(means, column_config={
                "variant": col["variant"], "units": number(col["units"], format="localized"),
                "mean": number(col["mean"], format="%.2f"),
                "lift_abs": number(t("exp_col_lift_abs_mean", f.lang), format="%.2f"),
                "ci_low": number(col["ci_low"], format="%.2f"),
                "ci_high": number(col["ci_high"], format="%.2f"),
                "lift_rel": number(col["lift_rel"], format=pct),
                "p_value": number(col["p_value"], format="%.4f"),
                "p_value_holm": number(col["p_value_holm"], format="%.4f"),
                "enough_data": st.column_config.CheckboxColumn(col["enough_data"])})

with st.expander(t("exp_explain", f.lang)):
    st.markdown(t("exp_explain_body", f.lang, u=experiments.MIN_UNITS,
                  c=experiments.MIN_CONVERSIONS))

st.subheader(t("exp_plan", f.lang))
a, b, c = st.columns(3)
baseline = a.number_input(t("exp_baseline", f.lang), min_value=0.01, max_value=99.0, value=3.0,
                          step=0.1, key="exp_plan_baseline")
kind = b.radio(t("exp_mde_kind", f.lang), ("relative", "absolute"), key="exp_plan_kind",
               format_func=lambda k: t(f"exp_mde_{k}", f.lang))
mde = c.number_input(t("exp_mde", f.lang), min_value=0.01, max_value=500.0,
                     value=10.0 if kind == "relative" else 0.5, step=0.1,
                     key=f"exp_plan_mde_{kind}")
a, b, c, d = st.columns(4)
plan_alpha = a.selectbox(t("exp_alpha", f.lang), (0.05, 0.01, 0.1), key="exp_plan_alpha",
                         format_func=lambda v: i18n.fmt_percent(v, f.lang, 0))
power = b.selectbox(t("exp_power", f.lang), (0.8, 0.9, 0.95), key="exp_plan_power",
                    format_func=lambda v: i18n.fmt_percent(v, f.lang, 0))
variants = c.number_input(t("exp_variants", f.lang), min_value=2, max_value=10, value=2,
                          key="exp_plan_variants")
daily = d.number_input(t("exp_daily", f.lang), min_value=1, value=1000, step=100,
                       key="exp_plan_daily")
try:
    n = experiments.sample_size(baseline / 100, mde / 100, relative=kind == "relative",
                                alpha=plan_alpha, power=power)
    days = experiments.duration_days(n, int(variants), float(daily))
except ValueError as exc:
    st.warning(t("exp_invalid", f.lang, reason=exc))
else:
    a, b, c = st.columns(3)
    a.metric(t("exp_n", f.lang), i18n.fmt_number(n, f.lang), border=True)
    b.metric(t("exp_total", f.lang), i18n.fmt_number(n * int(variants), f.lang), border=True)
    c.metric(t("exp_duration", f.lang), t("exp_days", f.lang, n=days), border=True)
    st.caption(t("exp_plan_formula", f.lang))
