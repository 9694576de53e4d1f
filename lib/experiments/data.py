"""Variants for the A/B test page: stored experiments, typed-in tables and CSVs, email
subject-line tests, GA4 splits; and the analysis of a variant table (rates, means, Holm).

Every reader returns a variant frame with the columns VARIANT_COLUMNS, the control first.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from lib.experiments import cuped, sequential
from lib.experiments import stats as experiments
from lib.experiments.errors import ExperimentError
from lib.i18n.messages import Message
from lib.ingest import uploads
from lib.kpis import queries
from lib.sources import text
from lib.sources.base import Refused
from lib.store import Store

VARIANT_COLUMNS = ("variant", "units", "conversions", "value_sum", "value_sq_sum", "pre_sum",
                   "pre_sq_sum", "pre_post_sum")
# Variant names read as "the control" when a source does not say which one it is.
CONTROL_NAMES = ("control", "contrôle", "controle", "témoin", "temoin", "original", "baseline",
                 "a", "reference", "référence")
EMAIL_METRICS = ("unique_opens", "unique_clicks")
# A guardrail of a subject-line test: a subject that wins opens must not lose subscribers.
EMAIL_GUARDRAILS = ("unsubscribes",)
GA4_DIMENSIONS = ("device", "channel_group", "landing_page", "country", "source_name", "medium",
                  "campaign")
GA4_CONVERSIONS = {"transactions": "site_transactions", "key_events": "site_conversions"}


def _window(start: date | None, end: date | None) -> tuple[str, list]:
    """A bound WHERE fragment keeping rows whose period lies inside the window (or everything)."""
    if start is None or end is None:
        return "", []
    return " AND day_from >= ? AND day_to <= ?", [start, end]


def control_first(frame: pd.DataFrame, control: str | None = None) -> pd.DataFrame:
    """Rows reordered so the control comes first (the named one, else a control-looking name)."""
    if frame.empty:
        return frame
    names = frame["variant"].astype(str)
    if control is None or control not in set(names):
        looks = [n for n in names if n.strip().lower() in CONTROL_NAMES]
        control = looks[0] if looks else names.iloc[0]
    first = names == control
    return pd.concat([frame[first], frame[~first]], ignore_index=True)


# --- stored experiments -----------------------------------------------------------------------

def stored_experiments(store: Store, start: date | None = None,
                       end: date | None = None) -> pd.DataFrame:
    """One row per (experiment, metric) in experiment_results: variants, first and last day."""
    where, params = _window(start, end)
    return store.query(
        "SELECT experiment, metric, count(DISTINCT variant) AS variants, "
        "min(day_from) AS first_day, max(day_to) AS last_day FROM experiment_results "
        f"WHERE experiment IS NOT NULL{where} GROUP BY experiment, metric "
        "ORDER BY last_day DESC, experiment, metric", params)


def stored_variants(store: Store, experiment: str, metric: str | None, start: date | None = None,
                    end: date | None = None) -> pd.DataFrame:
    """A stored experiment's aggregates per variant, summed over the window (or all time)."""
    where, params = _window(start, end)
    frame = store.query(
        "SELECT variant, sum(units) AS units, sum(conversions) AS conversions, "
        # A value column with a gap on some day is unusable as a whole: NULL, not a partial sum.
        "CASE WHEN count(value_sum) = count(*) THEN sum(value_sum) END AS value_sum, "
        "CASE WHEN count(value_sq_sum) = count(*) THEN sum(value_sq_sum) END AS value_sq_sum "
        "FROM experiment_results WHERE experiment = ? AND metric IS NOT DISTINCT FROM ?"
        f"{where} GROUP BY variant ORDER BY variant", [experiment, metric, *params])
    return control_first(frame)


def stored_daily(store: Store, experiment: str, metric: str | None, start: date | None = None,
                 end: date | None = None) -> pd.DataFrame:
    """A stored experiment's counts per day and variant (day, variant, units, conversions,
    value_sum, value_sq_sum), for the sequential reading; empty unless every row of the test in
    the window is one day's counts (a row covering a whole period has no daily history)."""
    where, params = _window(start, end)
    frame = store.query(
        "SELECT day_from AS day, day_to, variant, units, conversions, value_sum, value_sq_sum "
        "FROM experiment_results WHERE experiment = ? AND metric IS NOT DISTINCT FROM ?"
        f"{where} ORDER BY day_from, variant", [experiment, metric, *params])
    columns = ["day", "variant", "units", "conversions", "value_sum", "value_sq_sum"]
    if frame.empty or (frame["day"] != frame["day_to"]).any() or frame["day"].nunique() < 2:
        return pd.DataFrame(columns=columns)
    return frame[columns].reset_index(drop=True)


# --- typed-in tables and CSV uploads ----------------------------------------------------------

_ALIASES = {
    "variant": ("variant", "variante", "version", "group", "groupe", "arm", "name", "nom"),
    "units": ("units", "unités", "unites", "visitors", "visiteurs", "recipients", "destinataires",
              "sessions", "users", "n"),
    "conversions": ("conversions", "conversion", "conv", "orders", "commandes", "achats"),
    "value_sum": ("value_sum", "revenue", "revenue_sum", "ca", "chiffre_affaires", "valeur"),
    "value_sq_sum": ("value_sq_sum", "revenue_sq_sum", "sum_sq", "valeur_carres"),
    # CUPED: the same units' pre-period sums (sum x, sum x^2, sum x y), as GrowthBook takes them.
    "pre_sum": ("pre_sum", "pre_value_sum", "valeur_avant"),
    "pre_sq_sum": ("pre_sq_sum", "pre_value_sq_sum", "valeur_avant_carres"),
    "pre_post_sum": ("pre_post_sum", "pre_post_sum_of_products", "produits_avant_apres"),
}


MAX_VARIANTS_BYTES = 1024 * 1024
MAX_VARIANTS = 100


def _column_map(columns: list[str]) -> dict[str, int]:
    found = {}
    for i, name in enumerate(columns):
        key = name.strip().lower().replace(" ", "_")
        for canonical, aliases in _ALIASES.items():
            if key in aliases and canonical not in found:
                found[canonical] = i
    return found


def variants_from_csv(data: bytes, name: str = "variants.csv") -> pd.DataFrame:
    """Variants from a CSV with columns variant, units, conversions[, value_sum, value_sq_sum].

    Raises ExperimentError (a ValueError) naming the file, line and cause, in words the page
    gives in its language; the first data row is the control.
    """
    if len(data) > MAX_VARIANTS_BYTES:   # a variant table is a few lines: never parse a big file
        raise ExperimentError(Message.worded(
            "exp_err_csv_too_big", name=name, size=f"{len(data) / 1e6:.1f}",
            limit=str(MAX_VARIANTS_BYTES // 1024), kb=len(data) // 1024))
    try:
        uploads.check_upload(name, data)
        # the reader refuses too (numbers Excel turned into dates): the same words, not a crash
        table = text.read_table(text.read_sample(data, name))
    except Refused as exc:
        raise ExperimentError(*exc.args) from None   # its Message, worded where it is shown
    if not table.columns:
        raise ExperimentError(Message.worded("exp_err_csv_empty", name=name))
    at = _column_map(table.columns)
    missing = [c for c in ("variant", "units", "conversions") if c not in at]
    if missing:
        # The English keeps its "column(s)"; the page words one column or several.
        raise ExperimentError(Message(
            f"{name}: missing column(s) {', '.join(missing)} (found: {', '.join(table.columns)}); "
            "expected variant, units, conversions[, value_sum, value_sq_sum]",
            "exp_err_csv_missing", name=name, missing=", ".join(missing),
            found=", ".join(table.columns), count=len(missing)))
    if len(table.rows) > MAX_VARIANTS:
        raise ExperimentError(Message.worded("exp_err_csv_too_many", name=name,
                                             rows=str(len(table.rows)), limit=MAX_VARIANTS))
    if table.rejected:
        bad = table.rejected[0]
        # bad.reason is the reader's own Message, worded inside this one
        raise ExperimentError(Message(f"{name}, line {bad.line}: {bad.reason}", "exp_err_csv_line",
                                      name=name, line=str(bad.line), reason=bad.reason))
    rows = []
    for line, fields in zip(table.line_numbers, table.rows, strict=True):
        row = {"variant": fields[at["variant"]].strip()}
        for column in VARIANT_COLUMNS[1:]:
            cell = fields[at[column]] if column in at else None
            try:
                row[column] = text.parse_number(cell, table.decimal)
            except ValueError:
                raise ExperimentError(Message.worded("exp_err_csv_number", name=name, line=str(line),
                                                     field=column, value=str(cell))) from None
        rows.append(row)
    return clean_variants(pd.DataFrame(rows, columns=list(VARIANT_COLUMNS)))


def example_variants() -> pd.DataFrame:
    """The table the typed-in mode starts from: A and B, 5,000 units each, 150 and 185 conversions."""
    frame = pd.DataFrame({"variant": ["A", "B"], "units": [5000.0, 5000.0],
                          "conversions": [150.0, 185.0]})
    return frame.reindex(columns=list(VARIANT_COLUMNS)).astype(
        {c: "float64" for c in VARIANT_COLUMNS[3:]})


def clean_variants(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed-in table made usable: blank rows dropped, names filled, numbers coerced."""
    frame = frame.reindex(columns=list(VARIANT_COLUMNS)).copy()
    for column in VARIANT_COLUMNS[1:]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame = frame[frame["units"].notna()].reset_index(drop=True)
    names = frame["variant"].astype("string").str.strip()
    fallback = pd.Series([experiments.variant_label(i) for i in range(len(frame))],
                         dtype="string")
    frame["variant"] = names.where(names.notna() & (names != ""), fallback).astype(object)
    frame["conversions"] = frame["conversions"].fillna(0.0)
    if frame["variant"].duplicated().any():
        raise ExperimentError(Message.worded("exp_err_duplicate_names"))
    return frame


# --- email subject-line tests -----------------------------------------------------------------

# A trailing variant marker: "Newsletter mars - A", "promo_B", "Soldes (C)", "nl v2", "test variant b".
_MARKER = re.compile(
    r"^(?P<base>.*?\S)\s*(?:[-_/|]\s*|\s+|(?=[(\[]))[(\[]?\s*"
    r"(?:(?:variante?|version|test|split|objet|subject)[\s_-]*)?"
    r"(?P<tag>[A-Ea-e]|[vV]\d{1,2})\s*[)\]]?$")


def base_name(campaign: str | None) -> str:
    """The campaign name without a trailing variant marker ("Promo - B" -> "Promo")."""
    name = (campaign or "").strip()
    found = _MARKER.match(name)
    return found.group("base").strip() if found else name


def _email_sends(store: Store, start: date | None, end: date | None) -> pd.DataFrame:
    """Sends with a subject, each with the test it belongs to (the rule of email_tests) and its
    send moment `when`."""
    where, params = _window(start, end)
    sends = store.query(
        "SELECT platform, campaign_id, campaign, subject, list, send_time, day_from, "
        "delivered, unique_opens, unique_clicks, unsubscribes FROM email_campaigns "
        f"WHERE subject IS NOT NULL AND trim(subject) <> '' AND delivered > 0{where} "
        "ORDER BY send_time, day_from, campaign_id", params)
    if sends.empty:
        return sends
    sends["subject"] = sends["subject"].str.strip()
    sends["base"] = [base_name(c) for c in sends["campaign"]]
    named = sends.groupby("base")["subject"].transform("nunique") >= 2
    day = pd.to_datetime(sends["send_time"]).dt.date.fillna(sends["day_from"])
    by_day = (day.astype(str) + " · " + sends["list"].fillna("").astype(str)
              + " · " + sends["platform"].fillna("").astype(str))
    sends["test"] = sends["base"].where(named & (sends["base"] != ""), by_day.str.rstrip(" ·"))
    sends["when"] = pd.to_datetime(sends["send_time"]).fillna(pd.to_datetime(sends["day_from"]))
    return sends


def email_daily(store: Store, test: str, metric: str, start: date | None = None,
                end: date | None = None) -> pd.DataFrame:
    """An email test sent in waves as daily counts (day, variant = subject, units = delivered,
    conversions = metric), for the sequential reading; empty when it was sent on one day."""
    if metric not in EMAIL_METRICS + EMAIL_GUARDRAILS:
        raise ValueError(f"unknown email metric {metric!r}")
    columns = ["day", "variant", "units", "conversions", "value_sum", "value_sq_sum"]
    sends = _email_sends(store, start, end)
    sends = sends[sends["test"] == test] if not sends.empty else sends
    if sends.empty or sends["when"].dt.date.nunique() < 2 or sends[metric].isna().any():
        return pd.DataFrame(columns=columns)
    daily = (sends.assign(day=sends["when"].dt.date)
             .groupby(["day", "subject"], sort=True)
             .agg(units=("delivered", "sum"), conversions=(metric, "sum")).reset_index()
             .rename(columns={"subject": "variant"}))
    daily["value_sum"] = daily["value_sq_sum"] = math.nan
    return daily[columns]


def email_tests(store: Store, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """Subject-line tests found among the email campaigns, one row per variant.

    The rule (shown on the page as i18n exp_email_rule): campaigns with different subjects form
    one test when their names match once a trailing variant marker is removed (base_name), or,
    for campaigns without such a twin, when they were sent the same day to the same list on the
    same platform. Each distinct subject is a variant (its campaigns summed); the first sent is
    the control.

    Columns: test, first_send, variant (the subject), campaigns, units (delivered),
    unique_opens, unique_clicks, unsubscribes; variants of a test in send order.
    """
    sends = _email_sends(store, start, end)
    columns = ["test", "first_send", "variant", "campaigns", "units", *EMAIL_METRICS,
               *EMAIL_GUARDRAILS]
    if sends.empty:
        return pd.DataFrame(columns=columns)
    grouped = sends.groupby(["test", "subject"], sort=False).agg(
        first_send=("when", "min"), campaigns=("campaign_id", "nunique"),
        units=("delivered", "sum"), unique_opens=("unique_opens", "sum"),
        unique_clicks=("unique_clicks", "sum"),
        # A campaign without the count makes the variant's total unknown: NaN, never a partial sum.
        unsubscribes=("unsubscribes", lambda v: v.sum() if v.notna().all() else math.nan)
    ).reset_index()
    grouped = grouped[grouped.groupby("test")["subject"].transform("size") >= 2]
    if grouped.empty:
        return pd.DataFrame(columns=columns)
    grouped = grouped.rename(columns={"subject": "variant"})
    grouped["test_start"] = grouped.groupby("test")["first_send"].transform("min")
    grouped["order"] = range(len(grouped))   # ties in send time keep the campaigns' order
    grouped = grouped.sort_values(["test_start", "test", "first_send", "order"],
                                  ascending=[False, True, True, True])
    return grouped[columns].reset_index(drop=True)


def email_test_variants(tests: pd.DataFrame, test: str, metric: str) -> pd.DataFrame:
    """One test of email_tests as a variant frame: units = delivered, conversions = metric."""
    if metric not in EMAIL_METRICS + EMAIL_GUARDRAILS:
        raise ValueError(f"unknown email metric {metric!r}")
    rows = tests[tests["test"] == test]
    return pd.DataFrame({"variant": rows["variant"].to_numpy(),
                         "units": rows["units"].astype(float).to_numpy(),
                         "conversions": rows[metric].fillna(0).astype(float).to_numpy(),
                         "value_sum": math.nan, "value_sq_sum": math.nan})


# --- GA4 split --------------------------------------------------------------------------------

def ga4_split(store: Store, dimension: str, conversion: str, start: date,
              end: date) -> tuple[pd.DataFrame, list[str]]:
    """site_traffic by one allowlisted dimension: units = sessions, conversions = transactions or
    key events, over the window; one grain per source (never two cuts added). Largest first."""
    if dimension not in GA4_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; allowed: {', '.join(GA4_DIMENSIONS)}")
    if conversion not in GA4_CONVERSIONS:
        raise ValueError(f"unknown conversion {conversion!r}; allowed: transactions, key_events")
    kid = GA4_CONVERSIONS[conversion]
    result = queries.run(store, ["site_sessions", kid], start, end, by=[dimension])
    frame = result.frame
    if frame.empty or dimension not in frame:
        return pd.DataFrame(columns=list(VARIANT_COLUMNS)), result.notes
    frame = frame[frame[dimension].notna() & (frame["site_sessions"] > 0)]
    out = pd.DataFrame({"variant": frame[dimension].astype(str).to_numpy(),
                        "units": frame["site_sessions"].round().to_numpy(),
                        "conversions": frame[kid].fillna(0).round().to_numpy(),
                        "value_sum": math.nan, "value_sq_sum": math.nan})
    return out.sort_values("units", ascending=False).reset_index(drop=True), result.notes


def ga4_daily(store: Store, dimension: str, conversion: str, start: date, end: date,
              values: list[str]) -> pd.DataFrame:
    """The GA4 split day by day for the chosen values (day, variant, units, conversions), for the
    sequential reading; analyse uses it only when its days add up to the split's totals."""
    if dimension not in GA4_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; allowed: {', '.join(GA4_DIMENSIONS)}")
    if conversion not in GA4_CONVERSIONS:
        raise ValueError(f"unknown conversion {conversion!r}; allowed: transactions, key_events")
    kid = GA4_CONVERSIONS[conversion]
    columns = ["day", "variant", "units", "conversions", "value_sum", "value_sq_sum"]
    frame = queries.run(store, ["site_sessions", kid], start, end, by=[dimension, "day"]).frame
    if frame.empty or dimension not in frame:
        return pd.DataFrame(columns=columns)
    frame = frame[frame[dimension].astype(str).isin([str(v) for v in values])
                  & (frame["site_sessions"] > 0)]
    out = pd.DataFrame({"day": frame["day"].to_numpy(),
                        "variant": frame[dimension].astype(str).to_numpy(),
                        "units": frame["site_sessions"].round().to_numpy(),
                        "conversions": frame[kid].fillna(0).round().to_numpy(),
                        "value_sum": math.nan, "value_sq_sum": math.nan})
    return out[columns] if out["day"].nunique() >= 2 else pd.DataFrame(columns=columns)


# --- analysis ---------------------------------------------------------------------------------

@dataclass
class Analysis:
    """Rate and mean comparisons of one variant table, adjusted across all of them; the daily
    sequence when the test has daily counts."""

    rates: list = field(default_factory=list)
    means: list = field(default_factory=list)
    sequence: pd.DataFrame | None = None
    correction: str = "holm"
    peeking: bool = False

    @property
    def results(self) -> list:
        return [*self.rates, *self.means]

    @property
    def guarded(self) -> bool:
        return any(not r.enough_data for r in self.results)

    @property
    def no_variance(self) -> bool:
        return any(r.enough_data and r.no_variance for r in self.results)

    @property
    def srm(self) -> tuple[float, bool] | None:
        return (self.rates[0].srm_p_value, self.rates[0].srm_flag) if self.rates else None

    @property
    def significant(self) -> bool:
        return experiments.any_significant(self.results)


def exact_chance(frame: pd.DataFrame) -> bool:
    """Whether every chance to beat of the table (each variant against the first) comes from the
    closed form, else from a numerical integral (the page says so)."""
    counts = [round(c) for c in frame["conversions"]]
    return all(experiments.exact_chance(counts[0], c) for c in counts[1:])


def has_values(frame: pd.DataFrame) -> bool:
    """Whether every variant carries a value sum and a sum of squares (for Welch's t-test)."""
    return _has(frame, ("value_sum", "value_sq_sum"))


def has_pre_period(frame: pd.DataFrame) -> bool:
    """Whether every variant carries its pre-period sums as well (for CUPED)."""
    return has_values(frame) and _has(frame, cuped.PRE_COLUMNS)


def _has(frame: pd.DataFrame, columns) -> bool:
    return (bool(len(frame)) and all(c in frame for c in columns)
            and bool(frame[list(columns)].notna().all(axis=None)))


def _with_cuped(frame: pd.DataFrame, means: list, alpha: float) -> list:
    arms = cuped.arms(list(frame["units"]), list(frame["value_sum"]), list(frame["value_sq_sum"]),
                      frame[list(cuped.PRE_COLUMNS)].to_numpy().tolist())
    out = []
    for i, r in enumerate(means, start=1):
        found = cuped.compare(arms[0], arms[i], alpha)
        out.append(r if found is None else dataclasses.replace(
            r, cuped_lift_abs=found.lift_abs, cuped_ci_low=found.ci_low,
            cuped_ci_high=found.ci_high, cuped_p_value=found.p_value,
            cuped_variance_reduction=found.variance_reduction))
    return out


def _with_sequence(results: list, seq: pd.DataFrame, kind: str) -> list:
    """Each result with the last day's always-valid p-value and confidence sequence."""
    if seq.empty:
        return results
    last = seq[seq["day"] == seq["day"].max()].set_index("variant")
    out = []
    for r in results:
        if r.kind != kind or r.variant not in last.index:
            out.append(r)
            continue
        row = last.loc[r.variant]
        out.append(dataclasses.replace(r, seq_p_value=float(row["p_value"]),
                                       seq_ci_low=float(row["ci_low"]),
                                       seq_ci_high=float(row["ci_high"])))
    return out


def adds_up(daily: pd.DataFrame, frame: pd.DataFrame) -> bool:
    """Whether the daily counts sum to the variant table's units and conversions, variant by
    variant (the sequence's last day is then the table's own result)."""
    totals = daily.assign(variant=daily["variant"].astype(str)).groupby("variant")[
        ["units", "conversions"]].sum()
    for row in frame.itertuples(index=False):
        name = str(row.variant)
        if name not in totals.index:
            return False
        if (abs(totals.loc[name, "units"] - row.units) > 1e-6
                or abs(totals.loc[name, "conversions"] - row.conversions) > 1e-6):
            return False
    return True


def analyse(frame: pd.DataFrame, alpha: float = 0.05, split: list[float] | None = None,
            correction: str = "holm", daily: pd.DataFrame | None = None, peeking: bool = False,
            tuning: float = sequential.TUNING) -> Analysis:
    """compare_rates (and compare_means when values are there, with CUPED when the pre-period sums
    are too), p-values adjusted by `correction` (Holm or BH) across every comparison; with
    `daily` counts, the sequential reading, which the verdict reads when `peeking`.

    Raises ValueError for a table the statistics refuse (fewer than two variants, conversions
    above units...).
    """
    if correction not in experiments.CORRECTIONS:
        raise ValueError(f"unknown correction {correction!r}")
    labels = [str(v) for v in frame["variant"]]
    rates = experiments.compare_rates(list(frame["units"]), list(frame["conversions"]),
                                      alpha=alpha, split=split, labels=labels)
    means = []
    if has_values(frame) and (frame["units"] >= 2).all():
        means = experiments.compare_means(list(frame["units"]), list(frame["value_sum"]),
                                          list(frame["value_sq_sum"]), alpha=alpha, labels=labels)
        if has_pre_period(frame):
            means = _with_cuped(frame, means, alpha)
    seq = None
    if daily is not None and not daily.empty and not adds_up(daily, frame):
        daily = None   # another window or grain than the totals: no sequence rather than a wrong one
    if daily is not None and not daily.empty:
        ordered = daily[daily["variant"].astype(str).isin(labels)].copy()
        ordered["variant"] = pd.Categorical(ordered["variant"].astype(str), categories=labels)
        ordered = ordered.sort_values(["variant", "day"], kind="stable")
        ordered["variant"] = ordered["variant"].astype(str)
        seq = sequential.sequence(ordered, "rate", alpha, tuning)
        rates = _with_sequence(rates, seq, "rate")
        if means and ordered[["value_sum", "value_sq_sum"]].notna().all(axis=None):
            means = _with_sequence(means, sequential.sequence(ordered, "mean", alpha, tuning),
                                   "mean")
    both = [*rates, *means]
    # Two metrics on the same variants: one correction over every comparison, not per metric.
    raw = [r.p_value for r in both]
    holm, bh = experiments.holm(raw), experiments.benjamini_hochberg(raw)
    seq_raw = [r.seq_p_value for r in both]
    seq_adjusted = ([None] * len(both) if None in seq_raw
                    else experiments.adjust(seq_raw, correction))
    both = [dataclasses.replace(r, p_value_holm=h, p_value_bh=b, comparisons=len(both),
                                correction=correction, peeking=peeking and r.seq_p_value is not None,
                                seq_p_adjusted=sa)
            for r, h, b, sa in zip(both, holm, bh, seq_adjusted, strict=True)]
    return Analysis(both[:len(rates)], both[len(rates):], seq, correction, peeking)


def parse_split(value: str, variants: int) -> list[float] | None:
    """A planned split typed as "50,50" or "50/25/25" (None when blank: equal split)."""
    parts = [p for p in re.split(r"[,;/:\s]+", value.strip()) if p]
    if not parts:
        return None
    try:
        weights = [float(p) for p in parts]
    except ValueError:
        raise ExperimentError(Message.worded("exp_err_split_not_numbers", value=value)) from None
    if len(weights) != variants:
        raise ExperimentError(Message.worded("exp_err_split_count", weights=len(weights),
                                             count=variants))
    if any(w <= 0 for w in weights):
        raise ExperimentError(Message.worded("exp_err_split_positive"))
    return weights


def planned_split(value: str, frame: pd.DataFrame, randomised: bool = True) -> list[float] | None:
    """The split the SRM check compares with: the typed one (parse_split); for traffic that was
    not randomised (a GA4 split) the observed units, since checking a split against itself never
    flags."""
    return parse_split(value, len(frame)) if randomised else list(frame["units"])


def _adjusted(r) -> dict:
    """The p-value columns: raw, both corrections, and the sequential reading when there is one."""
    out = {"p_value": r.p_value, "p_value_holm": r.p_value_holm, "p_value_bh": r.p_value_bh}
    if r.seq_p_value is not None:
        out.update(seq_p_value=r.seq_p_value, seq_ci_low=r.seq_ci_low, seq_ci_high=r.seq_ci_high)
    return out


def rates_frame(frame: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """The rate comparisons as a table, the control's own row first."""
    rows = []
    if analysis.rates:
        first = frame.iloc[0]
        rows.append({"variant": str(first["variant"]), "units": int(first["units"]),
                     "conversions": int(first["conversions"]),
                     "rate": analysis.rates[0].control_rate})
    for r in analysis.rates:
        rows.append({
            "variant": r.variant, "units": r.units, "conversions": r.conversions, "rate": r.rate,
            "lift_abs": r.lift_abs, "ci_low": r.ci_low, "ci_high": r.ci_high,
            "lift_rel": r.lift_rel, "ci_rel_low": r.ci_rel_low, "ci_rel_high": r.ci_rel_high,
            **_adjusted(r), "chance_to_beat": r.chance_to_beat, "expected_loss": r.expected_loss,
            "enough_data": r.enough_data})
    return pd.DataFrame(rows)


def means_frame(frame: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """The mean-value comparisons (Welch) as a table, the control's own row first: the same
    columns as the rates, and the CUPED reading when the pre-period sums are there."""
    rows = []
    if analysis.means:
        rows.append({"variant": str(frame.iloc[0]["variant"]), "units": int(frame.iloc[0]["units"]),
                     "mean": analysis.means[0].control_mean})
    for r in analysis.means:
        row = {"variant": r.variant, "units": r.units, "mean": r.mean,
               "lift_abs": r.lift_abs, "ci_low": r.ci_low, "ci_high": r.ci_high,
               "lift_rel": r.lift_rel, "ci_rel_low": r.ci_rel_low, "ci_rel_high": r.ci_rel_high,
               **_adjusted(r), "chance_to_beat": r.chance_to_beat,
               "expected_loss": r.expected_loss, "enough_data": r.enough_data}
        if r.cuped_lift_abs is not None:
            row.update(cuped_lift_abs=r.cuped_lift_abs, cuped_ci_low=r.cuped_ci_low,
                       cuped_ci_high=r.cuped_ci_high, cuped_p_value=r.cuped_p_value,
                       cuped_variance_reduction=r.cuped_variance_reduction)
        rows.append(row)
    return pd.DataFrame(rows)
