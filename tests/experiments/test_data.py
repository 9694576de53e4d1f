"""Variant readers of the A/B test page: stored tests, CSVs, email subject tests, GA4 splits."""
from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest

from lib.experiments import data as ed
from lib.experiments import stats as experiments
from lib.ingest import load as ingest
from lib.sources.base import Parsed

D1, D2, D3 = date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5)


def load(store, table, rows, grain, source="test"):
    ingest.load_parsed(store, [Parsed(table, pd.DataFrame(rows), grain, "test",
                                      notes={"source": source})], f"{table}.csv")


def result(day, variant, units, conversions, value_sum=None, value_sq_sum=None, metric="achat",
           experiment="landing"):
    return {"day_from": day, "day_to": day, "experiment": experiment, "variant": variant,
            "metric": metric, "units": units, "conversions": conversions,
            "value_sum": value_sum, "value_sq_sum": value_sq_sum}


# --- stored experiments -----------------------------------------------------------------------

@pytest.fixture
def stored(store):
    load(store, "experiment_results", [
        result(D1, "variant", 100, 5, 50.0, 900.0), result(D1, "control", 110, 4, 40.0, 700.0),
        result(D2, "variant", 120, 7, 60.0, 1000.0), result(D2, "control", 115, 6, 55.0, 800.0),
        result(D3, "variant", 90, 3, None, None), result(D3, "control", 95, 2, 20.0, 300.0),
        result(D1, "A", 10, 1, experiment="other", metric="clic"),
        result(D1, "B", 12, 2, experiment="other", metric="clic"),
    ], ("experiment", "variant", "metric"))
    return store


def test_stored_experiments_lists_each_test_and_metric(stored):
    found = ed.stored_experiments(stored)
    assert list(zip(found["experiment"], found["metric"], found["variants"])) == [
        ("landing", "achat", 2), ("other", "clic", 2)]
    assert found.iloc[0]["last_day"].date() == D3
    assert list(ed.stored_experiments(stored, D2, D3)["experiment"]) == ["landing"]


@pytest.mark.parametrize("window, units, conversions, value_sum", [
    (None, [320, 310], [12, 15], [115.0, math.nan]),     # D3's variant row has no value: unusable
    ((D1, D2), [225, 220], [10, 12], [95.0, 110.0]),
    ((D3, D3), [95, 90], [2, 3], [20.0, math.nan]),
])
def test_stored_variants_sum_the_window_control_first(stored, window, units, conversions,
                                                      value_sum):
    frame = ed.stored_variants(stored, "landing", "achat", *(window or (None, None)))
    assert list(frame["variant"]) == ["control", "variant"]
    assert list(frame["units"]) == units
    assert list(frame["conversions"]) == conversions
    assert frame["value_sum"].tolist() == pytest.approx(value_sum, nan_ok=True)


@pytest.mark.parametrize("names, control, first", [
    (["B", "A"], None, "A"),
    (["new", "Contrôle"], None, "Contrôle"),
    (["x", "y"], None, "x"),
    (["A", "B", "C"], "C", "C"),
    (["A", "B"], "missing", "A"),
])
def test_control_first(names, control, first):
    frame = pd.DataFrame({"variant": names, "units": range(len(names))})
    assert ed.control_first(frame, control)["variant"].iloc[0] == first


# --- CSV and typed-in tables ------------------------------------------------------------------

@pytest.mark.parametrize("data, variants, units, value_sum", [
    (b"variant,units,conversions\nA,1000,30\nB,1010,41\n", ["A", "B"], [1000, 1010], [None, None]),
    (b"\xef\xbb\xbfVariante;Visiteurs;Conversions;Revenue;value_sq_sum\r\nA;1 000;30;12,5;80,25\r\n"
     b"B;1 010;41;14,5;90,5\r\n", ["A", "B"], [1000, 1010], [12.5, 14.5]),
    (b"variant\tunits\tconversions\ncontrol\t500\t9\n\t520\t12\n", ["control", "B"], [500, 520],
     [None, None]),
])
def test_variants_from_csv(data, variants, units, value_sum):
    frame = ed.variants_from_csv(data, "v.csv")
    assert list(frame["variant"]) == variants
    assert list(frame["units"]) == units
    assert frame["value_sum"].tolist() == pytest.approx(
        [math.nan if v is None else v for v in value_sum], nan_ok=True)


@pytest.mark.parametrize("data, message", [
    (b"variant,units\nA,10\n", "v.csv: missing column(s) conversions"),
    (b"variant,units,conversions\nA,10,1\nB,ten,2\n", "v.csv, line 3: units is not a number"),
    (b"variant,units,conversions\nA,10,1\nA,12,2\n", "each variant needs its own name"),
    (b"", "v.csv: the file is empty"),
])
def test_bad_csv_says_where(data, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ed.variants_from_csv(data, "v.csv")


def test_clean_variants_drops_blank_rows_and_fills_names():
    typed = pd.DataFrame({"variant": ["ctl", None, "", None], "units": [100, 200, None, 300],
                          "conversions": [5, None, 3, 9]})
    frame = ed.clean_variants(typed)
    assert list(frame["variant"]) == ["ctl", "B", "C"]
    assert list(frame["conversions"]) == [5, 0, 9]
    assert frame["value_sum"].isna().all()


# --- email subject-line tests -----------------------------------------------------------------

@pytest.mark.parametrize("name, base", [
    ("Newsletter mars - A", "Newsletter mars"), ("promo_B", "promo"), ("Soldes (C)", "Soldes"),
    ("nl v2", "nl"), ("Test variant b", "Test"), ("nl_20250304_soldes", "nl_20250304_soldes"),
    ("nl_20250304", "nl_20250304"), ("Black Friday", "Black Friday"), (None, ""),
])
def test_base_name(name, base):
    assert ed.base_name(name) == base


def send(cid, campaign, subject, day, delivered, opens, clicks, hour=10, lst="clients"):
    return {"day_from": day, "day_to": day, "platform": "mailchimp", "campaign_id": cid,
            "campaign": campaign, "subject": subject, "list": lst,
            "send_time": datetime(day.year, day.month, day.day, hour), "sent": delivered,
            "delivered": delivered, "unique_opens": opens, "unique_clicks": clicks}


@pytest.fixture
def emails(store):
    load(store, "email_campaigns", [
        # Named twins, sent on different days: one test by name.
        send("1", "Promo mars - A", "Jusqu'à -30 %", D1, 1000, 300, 40),
        send("2", "Promo mars - B", "Vos -30 % vous attendent", D2, 1000, 340, 52),
        # Same day, same list, names without a marker: one test by send day.
        send("3", "nl_0305_x", "Nouveautés", D3, 2000, 600, 70, hour=9),
        send("4", "nl_0305_y", "Les nouveautés de mars", D3, 2100, 650, 80, hour=9),
        send("5", "nl_0305_z", "Nouveautés", D3, 500, 140, 20, hour=11),   # same subject: summed
        # Alone that day on another list: no test.
        send("6", "pro", "Offre pro", D3, 300, 90, 9, lst="pros"),
        # Named twins with the same subject: not a subject test.
        send("7", "Relance - A", "Relance", D1, 400, 90, 5, lst="x"),
        send("8", "Relance - B", "Relance", D2, 400, 95, 6, lst="y"),
    ], ("platform", "campaign_id"), source="mailchimp")
    return store


def test_email_tests_follow_the_rule(emails):
    tests = ed.email_tests(emails)
    assert list(dict.fromkeys(tests["test"])) == [
        "2025-03-05 · clients · mailchimp", "Promo mars"]            # newest test first
    by_day = tests[tests["test"] == "2025-03-05 · clients · mailchimp"]
    assert list(by_day["variant"]) == ["Nouveautés", "Les nouveautés de mars"]
    assert list(by_day["units"]) == [2500, 2100]
    assert list(by_day["campaigns"]) == [2, 1]
    frame = ed.email_test_variants(tests, "Promo mars", "unique_clicks")
    assert frame[["variant", "units", "conversions"]].values.tolist() == [
        ["Jusqu'à -30 %", 1000, 40], ["Vos -30 % vous attendent", 1000, 52]]


def test_email_tests_in_a_window_and_errors(emails):
    assert ed.email_tests(emails, D3, D3)["test"].unique().tolist() == [
        "2025-03-05 · clients · mailchimp"]
    assert ed.email_tests(emails, date(2024, 1, 1), date(2024, 1, 2)).empty
    with pytest.raises(ValueError, match="unknown email metric"):
        ed.email_test_variants(ed.email_tests(emails), "Promo mars", "revenue")


def test_email_tests_on_an_empty_store(store):
    assert ed.email_tests(store).empty


# --- GA4 split --------------------------------------------------------------------------------

def traffic(day, sessions, transactions, key_events, **dims):
    return {"day_from": day, "day_to": day, "sessions": sessions, "transactions": transactions,
            "key_events": key_events, **dims}


def test_ga4_split_counts_each_session_once(store):
    # The same GA4 traffic cut two ways: by device and by channel group.
    load(store, "site_traffic", [traffic(D1, 600, 12, 30, device="mobile"),
                                 traffic(D1, 400, 14, 25, device="desktop")],
         ("device",), source="ga4")
    load(store, "site_traffic", [traffic(D1, 700, 20, 40, channel_group="Direct"),
                                 traffic(D1, 300, 6, 15, channel_group="Email")],
         ("channel_group",), source="ga4")
    frame, _ = ed.ga4_split(store, "device", "transactions", D1, D1)
    assert frame[["variant", "units", "conversions"]].values.tolist() == [
        ["mobile", 600, 12], ["desktop", 400, 14]]
    frame, _ = ed.ga4_split(store, "channel_group", "key_events", D1, D1)
    assert frame["units"].sum() == 1000
    assert list(frame["conversions"]) == [40, 15]
    assert ed.ga4_split(store, "device", "transactions", D2, D2)[0].empty


@pytest.mark.parametrize("dimension, conversion", [("event_name", "transactions"),
                                                   ("device", "revenue"),
                                                   ("device; DROP TABLE x", "transactions")])
def test_ga4_split_allowlist(store, dimension, conversion):
    with pytest.raises(ValueError, match="unknown"):
        ed.ga4_split(store, dimension, conversion, D1, D1)


# --- analysis ---------------------------------------------------------------------------------

def variants(units, conversions, value_sum=None, value_sq_sum=None):
    n = len(units)
    return pd.DataFrame({"variant": [experiments.variant_label(i) for i in range(n)],
                         "units": units, "conversions": conversions,
                         "value_sum": value_sum or [math.nan] * n,
                         "value_sq_sum": value_sq_sum or [math.nan] * n})


def test_analyse_rates_only_holm_over_variants():
    frame = variants([10000, 10000, 10000], [300, 360, 310])
    analysis = ed.analyse(frame)
    assert not analysis.means
    assert [r.comparisons for r in analysis.rates] == [2, 2]
    raw = [r.p_value for r in analysis.rates]
    assert [r.p_value_holm for r in analysis.rates] == pytest.approx(experiments.holm(raw))


def test_analyse_with_values_holm_over_rates_and_means():
    frame = variants([5000, 5000], [150, 190], [9000.0, 12000.0], [900000.0, 1300000.0])
    analysis = ed.analyse(frame)
    assert len(analysis.rates) == len(analysis.means) == 1
    raw = [analysis.rates[0].p_value, analysis.means[0].p_value]
    assert [r.p_value_holm for r in analysis.results] == pytest.approx(experiments.holm(raw))
    assert all(r.comparisons == 2 for r in analysis.results)
    table = ed.rates_frame(frame, analysis)
    assert list(table["variant"]) == ["A", "B"]
    assert table["rate"].tolist() == pytest.approx([0.03, 0.038])
    assert ed.means_frame(frame, analysis)["mean"].tolist() == pytest.approx([1.8, 2.4])


@pytest.mark.parametrize("units, conversions, guarded", [
    ([80, 90], [4, 6], True), ([1000, 1000], [4, 30], True), ([1000, 1000], [20, 30], False)])
def test_analyse_guard(units, conversions, guarded):
    assert ed.analyse(variants(units, conversions)).guarded is guarded


def test_analyse_srm_against_the_planned_split():
    frame = variants([6000, 4000], [120, 80])
    assert ed.analyse(frame).srm[1] is True
    assert ed.analyse(frame, split=[60, 40]).srm[1] is False


@pytest.mark.parametrize("text, n, expected", [
    ("", 2, None), ("50,50", 2, [50, 50]), ("50/25/25", 3, [50, 25, 25]), (" 60 ; 40 ", 2, [60, 40])])
def test_parse_split(text, n, expected):
    assert ed.parse_split(text, n) == expected


@pytest.mark.parametrize("text, n", [("50", 2), ("a,b", 2), ("50,0", 2)])
def test_parse_split_refuses(text, n):
    with pytest.raises(ValueError):
        ed.parse_split(text, n)


def test_example_variants_are_a_clean_table_to_start_from():
    seed = ed.example_variants()
    assert list(seed.columns) == list(ed.VARIANT_COLUMNS)
    pd.testing.assert_frame_equal(ed.clean_variants(seed), seed, check_dtype=False)
    (r,) = ed.analyse(seed).rates
    assert (r.control_rate, r.rate) == (0.03, 0.037)      # 150 and 185 of 5,000


@pytest.mark.parametrize("text, randomised, expected", [
    ("", True, None),                      # blank: an equal split
    ("30,70", True, [30.0, 70.0]),
    ("30,70", False, [6000.0, 4000.0]),    # not randomised (GA4): the units themselves
])
def test_planned_split(text, randomised, expected):
    frame = variants([6000, 4000], [120, 80])
    assert ed.planned_split(text, frame, randomised) == expected


def test_a_split_not_randomised_never_flags_srm():
    frame = variants([6000, 4000], [120, 80])
    assert ed.analyse(frame, split=ed.planned_split("", frame, randomised=False)).srm[1] is False


@pytest.mark.parametrize("units, conversions, significant", [
    ([5000, 5000], [150, 185], False),             # the seed table: p = 0.055
    ([10000, 10000], [300, 400], True),
    ([80, 90], [4, 20], False),                    # guarded: too few units
    ([10000, 10000, 10000], [300, 360, 310], True),  # B beats A even after Holm
])
def test_analysis_significant(units, conversions, significant):
    assert ed.analyse(variants(units, conversions)).significant is significant


# -- the upload meets the checks of every upload (issue 17, item 2) ----------------------------
@pytest.mark.parametrize("data, message", [
    (b"variant,units,conversions\nA,100,3\n" + b"B,100,4\n" * 150_000, "far more than a table of variants"),
    (b"variant,units,conversions\n" + b"".join(b"V%d,100,3\n" % i for i in range(101)), "101 variants"),
    (b"MZ" + b"\x00" * 200, "Windows program"),
    (",".join(f"c{i}" for i in range(600)).encode() + b"\n", "600 columns is more than 500"),
    (b"variant,units,conversions\n" + b"A" * 20_000 + b",100,3\n", "a cell is longer than"),
])
def test_an_upload_that_is_no_variant_table_is_refused_before_parsing(data, message):
    with pytest.raises(ValueError, match=message):
        ed.variants_from_csv(data, "v.csv")


def test_a_200_mb_upload_is_refused_in_a_moment():
    import time

    data = b"variant,units,conversions\n" + b"A,100,3\n" * (200 * 2**20 // 8)
    started = time.monotonic()
    with pytest.raises(ValueError, match="limit 1024 KB"):
        ed.variants_from_csv(data, "big.csv")
    assert time.monotonic() - started < 1


# --- issue 23: daily counts, the sequential reading, BH, email guardrail -------------------------

def test_stored_daily_counts(stored):
    daily = ed.stored_daily(stored, "landing", "achat")
    assert list(daily.columns) == ["day", "variant", "units", "conversions", "value_sum",
                                   "value_sq_sum"]
    assert len(daily) == 6 and sorted(pd.to_datetime(daily["day"]).dt.date.unique()) == [D1, D2, D3]
    assert daily.loc[daily["variant"] == "control", "units"].tolist() == [110, 115, 95]
    assert len(ed.stored_daily(stored, "landing", "achat", D1, D2)) == 4
    # one day only: no sequence to draw
    assert ed.stored_daily(stored, "other", "clic").empty


def test_stored_daily_is_empty_for_a_test_stored_as_one_period(store):
    period = result(D1, "A", 1000, 50) | {"day_to": D3}
    load(store, "experiment_results", [period, result(D1, "B", 1000, 60) | {"day_to": D3}],
         ("experiment", "variant", "metric"))
    assert ed.stored_daily(store, "landing", "achat").empty


def daily_rows():
    # the series 4 of tests/experiments/test_sequential.py (gbstats, tuning 20000): last day
    # relative lift 0.308943089431, sequence (0.098102301653, 0.519783877209), p 0.000318240706147
    rows = []
    for i, (a, b) in enumerate(zip([150, 160, 155, 150], [190, 200, 210, 205], strict=True)):
        day = date(2026, 3, 2 + i)
        rows += [{"day": day, "variant": "B", "units": 5000, "conversions": b},
                 {"day": day, "variant": "A", "units": 5000, "conversions": a}]
    frame = pd.DataFrame(rows)
    frame["value_sum"] = frame["value_sq_sum"] = math.nan
    return frame


def test_analyse_with_daily_counts_and_peeking():
    daily = daily_rows()
    frame = pd.DataFrame({"variant": ["A", "B"], "units": [20000.0, 20000.0],
                          "conversions": [615.0, 805.0]})
    fixed = ed.analyse(frame, daily=daily, tuning=20000)
    (r,) = fixed.rates
    assert r.seq_p_value == pytest.approx(0.000318240706147, rel=1e-9)
    assert (r.seq_ci_low, r.seq_ci_high) == (pytest.approx(0.098102301653, abs=1e-11),
                                             pytest.approx(0.519783877209, abs=1e-11))
    assert not r.peeking and experiments.read_p_value(r) == r.p_value
    assert len(fixed.sequence) == 4
    peeked = ed.analyse(frame, daily=daily, peeking=True, tuning=20000)
    assert peeked.rates[0].peeking
    assert experiments.read_p_value(peeked.rates[0]) == pytest.approx(0.000318240706147, rel=1e-9)
    table = ed.rates_frame(frame, peeked)
    assert {"seq_p_value", "seq_ci_low", "seq_ci_high", "p_value_bh"} <= set(table.columns)
    # the control chosen on the page comes first in the sequence too
    reversed_ = ed.analyse(ed.control_first(frame, "B"), daily=daily, tuning=20000)
    assert reversed_.rates[0].variant == "A"
    assert reversed_.sequence["estimate"].iloc[-1] == pytest.approx(615 / 805 - 1)


def test_analyse_with_bh_over_rates_and_means():
    frame = pd.DataFrame({"variant": ["A", "B", "C"], "units": [1000.0] * 3,
                          "conversions": [50.0, 75.0, 74.0], "value_sum": [5000.0, 5600.0, 5000.0],
                          "value_sq_sum": [5000.0 * 10 + 999 * 100, 5600.0 * 11.2 + 999 * 100,
                                           5000.0 * 10 + 999 * 100]})
    analysis = ed.analyse(frame, correction="bh")
    raw = [r.p_value for r in analysis.results]
    assert [r.p_value_bh for r in analysis.results] == pytest.approx(
        experiments.benjamini_hochberg(raw))
    assert {r.correction for r in analysis.results} == {"bh"} and analysis.results[0].comparisons == 4
    with pytest.raises(ValueError, match="unknown correction"):
        ed.analyse(frame, correction="sidak")


def test_email_tests_carry_unsubscribes(emails):
    tests = ed.email_tests(emails)
    assert "unsubscribes" in tests.columns
    assert tests["unsubscribes"].isna().all()    # the fixture's sends have no unsubscribe count


def test_email_test_sent_in_waves_has_daily_counts(emails):
    # "Promo mars": subject A sent on D1 (1000 delivered, 300 opens), B on D2 (1000, 340).
    daily = ed.email_daily(emails, "Promo mars", "unique_opens")
    assert daily[["day", "variant", "units", "conversions"]].values.tolist() == [
        [D1, "Jusqu'à -30 %", 1000, 300], [D2, "Vos -30 % vous attendent", 1000, 340]]
    # sent on one day: no waves; a count the platform did not give: no daily series either
    assert ed.email_daily(emails, "2025-03-05 · clients · mailchimp", "unique_opens").empty
    assert ed.email_daily(emails, "Promo mars", "unsubscribes").empty
    with pytest.raises(ValueError, match="unknown email metric"):
        ed.email_daily(emails, "Promo mars", "revenue")


def test_ga4_split_day_by_day_and_the_totals_check(store):
    load(store, "site_traffic", [traffic(D1, 600, 12, 30, device="mobile"),
                                 traffic(D1, 400, 14, 25, device="desktop"),
                                 traffic(D2, 500, 10, 20, device="mobile"),
                                 traffic(D2, 450, 15, 22, device="desktop"),
                                 traffic(D2, 50, 1, 2, device="tablet")],
         ("device",), source="ga4")
    daily = ed.ga4_daily(store, "device", "transactions", D1, D2, ["mobile", "desktop"])
    assert sorted(daily[["variant", "units", "conversions"]].values.tolist()) == [
        ["desktop", 400, 14], ["desktop", 450, 15], ["mobile", 500, 10], ["mobile", 600, 12]]
    frame, _ = ed.ga4_split(store, "device", "transactions", D1, D2)
    chosen = frame[frame["variant"].isin(["mobile", "desktop"])].reset_index(drop=True)
    assert ed.adds_up(daily, chosen)
    assert ed.analyse(chosen, daily=daily).sequence is not None
    # daily counts of another window do not add up: no sequence rather than a wrong one
    other = ed.ga4_daily(store, "device", "transactions", D1, D1, ["mobile", "desktop"])
    assert other.empty    # one day only
    assert not ed.adds_up(daily.iloc[:2], chosen)
    assert ed.analyse(chosen, daily=daily.iloc[:2]).sequence is None
    with pytest.raises(ValueError, match="unknown dimension"):
        ed.ga4_daily(store, "event_name", "transactions", D1, D2, [])


def test_exact_chance_is_judged_per_comparison():
    limit = experiments.EXACT_LIMIT
    frame = pd.DataFrame({"conversions": [2.0 * limit, 2.0 * limit, limit / 2]})
    assert not ed.exact_chance(frame)          # A vs B is integrated, though C is small
    assert ed.exact_chance(frame.iloc[[0, 2]])
