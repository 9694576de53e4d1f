"""The refusals of the A/B statistics and of the timeline notes are worded in the page's language:
each one a domain error (ExperimentError, AnnotationError: ValueErrors) carrying a Message whose
text is the English the command line prints, and which say_error words in French on a French page.
Only programming guards no user input can reach stay plain English ValueErrors, listed here."""
from __future__ import annotations

import ast
import math
from pathlib import Path

import pandas as pd
import pytest

from lib import i18n
from lib.channels import annotations
from lib.channels.annotations import AnnotationError
from lib.experiments import data as ed
from lib.experiments import sequential, stats
from lib.experiments.errors import ExperimentError
from lib.i18n.messages import Message, say_error
from tests.i18n.scan import is_message as _is_message
from tests.i18n.scan import name as _name
from tests.i18n.scan import placeholders as _placeholders

ROOT = Path(__file__).resolve().parents[2]
MODULES = [*sorted((ROOT / "lib" / "experiments").glob("*.py")), ROOT / "lib" / "channels" / "annotations.py"]

# (module, function) -> how many plain English ValueErrors it may raise, and why no user reaches them.
INTERNAL = {
    ("data.py", "email_daily"): 1,            # metric picked from EMAIL_METRICS by the page
    ("data.py", "email_test_variants"): 1,    # idem
    ("data.py", "ga4_split"): 2,              # dimension and conversion picked from their lists
    ("data.py", "ga4_daily"): 2,              # idem
    ("data.py", "analyse"): 1,                # correction picked from CORRECTIONS
    ("stats.py", "variants_from_frame"): 1,   # no page reads a frame with it
    ("stats.py", "adjust"): 1,                # correction picked from CORRECTIONS
    ("stats.py", "_check_rates"): 1,          # columns of one frame: always as long as each other
    ("stats.py", "_check_means"): 1,          # idem
    ("stats.py", "verdict"): 1,               # lang is the page's, fr or en
    ("sequential.py", "sequence"): 1,         # kind is "rate" or "mean", set by analyse
    ("guardrails.py", "__post_init__"): 1,    # direction picked from WORSE
    ("annotations.py", "validate"): 2,        # kind and channel picked from KINDS and CHANNELS
}
# Raises that pass on the Message of another refusal (the upload checks' Refused) as it is.
PASSED_ON = {("data.py", "variants_from_csv")}
DOMAIN_ERRORS = {"ExperimentError", "AnnotationError"}


def _raises(modules=MODULES):
    """(module, function, raise node) of every raise in the modules, with its enclosing function."""
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Raise) and node.exc is not None:
                    yield path.name, func.name, node


def _message_call(node) -> ast.Call | None:
    """The Message(...) or Message.worded(...) call a raise passes, else None."""
    return node if _is_message(node) else None


def test_every_refusal_a_user_can_meet_carries_a_message():
    plain, wrong = {}, []
    for module, function, node in _raises():
        exc = node.exc
        if not isinstance(exc, ast.Call):
            wrong.append((module, function, node.lineno, "not a call"))
        elif _name(exc.func) == "ValueError":
            plain[(module, function)] = plain.get((module, function), 0) + 1
        elif _name(exc.func) not in DOMAIN_ERRORS:
            wrong.append((module, function, node.lineno, _name(exc.func)))
        elif exc.args and isinstance(exc.args[0], ast.Starred):
            if (module, function) not in PASSED_ON:
                wrong.append((module, function, node.lineno, "passes on another error's words"))
        elif not exc.args or _message_call(exc.args[0]) is None:
            wrong.append((module, function, node.lineno, "no Message"))
    assert wrong == []
    assert plain == INTERNAL   # a new plain raise, or one of these worded, is a change to this list


def test_every_worded_key_exists_and_gets_its_values():
    wrong, seen = [], 0
    for module, function, node in _raises():
        exc = node.exc
        if not (isinstance(exc, ast.Call) and _name(exc.func) in DOMAIN_ERRORS and exc.args):
            continue
        call = _message_call(exc.args[0])
        if call is None:
            continue
        code = call.args[0] if _name(call.func) == "worded" else call.args[1]
        assert isinstance(code, ast.Constant), (module, function, node.lineno)
        seen += 1
        if code.value not in i18n.STRINGS:
            wrong.append((module, node.lineno, code.value, "no such key"))
            continue
        given = {k.arg for k in call.keywords}
        if _placeholders(i18n.STRINGS[code.value]) - given:
            wrong.append((module, node.lineno, code.value, _placeholders(i18n.STRINGS[code.value]) - given))
        if i18n.is_plural(code.value) and "count" not in given:
            wrong.append((module, node.lineno, code.value, "plural without count"))
    assert wrong == []
    assert seen >= 33   # the check sees the raises it is about
    assert set(stats._COUNT_WORDS.values()) <= set(i18n.STRINGS)   # the counts _whole names


def test_the_scan_finds_a_raise_inside_a_branch_of_a_method(tmp_path):
    # the scan is what keeps the pages French: a plain English raise must not slip past it
    module = tmp_path / "stats.py"
    module.write_text("class A:\n    def f(self, x):\n        if x:\n"
                      "            raise ValueError('x must be positive')\n")
    assert [(m, f, _name(n.exc.func)) for m, f, n in _raises([module])] == [("stats.py", "f", "ValueError")]


# -- real refusals through the real functions ---------------------------------------------------

def _variants(units, conversions, **extra) -> pd.DataFrame:
    return ed.clean_variants(pd.DataFrame({"variant": [f"V{i}" for i in range(len(units))],
                                           "units": units, "conversions": conversions, **extra}))


def _daily() -> pd.DataFrame:
    rows = [{"day": day, "variant": v, "units": 500.0, "conversions": c, "value_sum": math.nan,
             "value_sq_sum": math.nan} for day in (1, 2) for v, c in (("V0", 10.0), ("V1", 12.0))]
    return pd.DataFrame(rows)


BIG = b"variant,units,conversions\n" + b"A,100,3\n" * 150_000
# (refusal, its English as today's text, the same in French on a French page)
CASES = {
    "missing column": (
        lambda: ed.variants_from_csv(b"variant,units\nA,10\n", "v.csv"),
        "v.csv: missing column(s) conversions (found: variant, units); expected variant, units, "
        "conversions[, value_sum, value_sq_sum]",
        "v.csv : colonne manquante : conversions (colonnes du fichier : variant, units) ; colonnes "
        "attendues : variant, units, conversions[, value_sum, value_sq_sum]"),
    "two missing columns": (
        lambda: ed.variants_from_csv(b"variant;visits\nA;10\n", "v.csv"),
        "v.csv: missing column(s) units, conversions (found: variant, visits); expected variant, "
        "units, conversions[, value_sum, value_sq_sum]",
        "v.csv : colonnes manquantes : units, conversions (colonnes du fichier : variant, visits) ; "
        "colonnes attendues : variant, units, conversions[, value_sum, value_sq_sum]"),
    "not a number": (
        lambda: ed.variants_from_csv(b"variant,units,conversions\nA,10,1\nB,ten,2\n", "v.csv"),
        "v.csv, line 3: units is not a number ('ten')",
        "v.csv, ligne 3 : « ten » n'est pas un nombre (colonne units)"),
    "short line": (
        lambda: ed.variants_from_csv(b"variant,units,conversions\nA,10,1\nB,12\n", "v.csv"),
        "v.csv, line 3: 2 fields where the header (line 1) has 3",
        "v.csv, ligne 3 : 2 champs alors que l'en-tête (ligne 1) en a 3"),
    "too big": (
        lambda: ed.variants_from_csv(BIG, "v.csv"),
        "v.csv: 1.2 MB is far more than a table of variants (limit 1024 KB)",
        "v.csv : 1\u202f171 Ko, c'est bien plus qu'un tableau de variantes (limite : 1024 Ko)"),
    "too many variants": (
        lambda: ed.variants_from_csv(b"variant,units,conversions\n"
                                     + b"".join(b"V%d,100,3\n" % i for i in range(101)), "v.csv"),
        "v.csv: 101 variants is more than 100; one row per variant is expected",
        "v.csv : 101 variantes, c'est plus que 100 ; une ligne par variante est attendue"),
    "a program": (   # the upload checks' own Message, passed on
        lambda: ed.variants_from_csv(b"MZ" + b"\x00" * 200, "v.csv"),
        "v.csv: this is a Windows program, not an export.",
        "v.csv : c'est un programme Windows, pas un export."),
    "duplicate names": (
        lambda: ed.clean_variants(pd.DataFrame({"variant": ["A", "A"], "units": [10, 12]})),
        "each variant needs its own name",
        "chaque variante doit avoir son propre nom"),
    "negative count": (
        lambda: ed.analyse(_variants([-100, 100], [3, 4])),
        "units must not be negative",
        "les unités ne peuvent pas être négatives"),
    "fractional conversions": (
        lambda: ed.analyse(_variants([100, 100], [3.5, 4])),
        "conversions must be whole numbers",
        "les conversions doivent être des nombres entiers"),
    "infinite units": (
        lambda: ed.analyse(_variants([1e400, 100], [3, 4])),
        "units must be finite numbers (not inf or nan)",
        "les unités doivent être des nombres finis (ni inf ni nan)"),
    "conversions above units": (
        lambda: ed.analyse(_variants([100, 100], [300, 4])),
        "conversions cannot exceed units",
        "les conversions ne peuvent pas dépasser les unités"),
    "a variant without units": (
        lambda: ed.analyse(_variants([0, 100], [0, 4])),
        "every variant needs at least one unit",
        "chaque variante doit compter au moins une unité"),
    "one variant": (
        lambda: ed.analyse(_variants([100], [3])),
        "at least two variants are needed (the first is the control)",
        "il faut au moins deux variantes (la première est le témoin)"),
    "infinite values": (
        lambda: stats.compare_means([100, 100], [1e400, 3], [4, 5]),
        "units, value_sum and value_sq_sum must be finite numbers",
        "les unités, value_sum et value_sq_sum doivent être des nombres finis"),
    "infinite pre-period sums": (
        lambda: ed.analyse(_variants([100, 100], [3, 4], value_sum=[50.0, 60.0],
                                     value_sq_sum=[90.0, 99.0], pre_sum=[1e400, 1.0],
                                     pre_sq_sum=[1.0, 1.0], pre_post_sum=[1.0, 1.0])),
        "pre-period sums must be finite numbers",
        "les sommes de la période avant le test doivent être des nombres finis"),
    "alpha out of range": (
        lambda: ed.analyse(_variants([1000, 1000], [20, 24]), alpha=1.5, daily=_daily()),
        "alpha must be between 0 and 1",
        "alpha doit être compris entre 0 et 1"),
    "planned units": (
        lambda: sequential.rho(0.05, -1),
        "the tuning parameter (planned units) must be a positive number",
        "le réglage N* (unités prévues) doit être un nombre positif"),
    "split not numbers": (
        lambda: ed.planned_split("50,half", _variants([100, 100], [3, 4])),
        "the planned split '50,half' is not a list of numbers",
        "la répartition prévue « 50,half » n'est pas une liste de nombres"),
    "split too short": (
        lambda: ed.planned_split("50", _variants([100, 100], [3, 4])),
        "the planned split has 1 weights for 2 variants",
        "la répartition prévue compte 1 poids pour 2 variantes"),
    "split for one variant": (
        lambda: ed.parse_split("50,50", 1),
        "the planned split has 2 weights for 1 variants",
        "la répartition prévue compte 2 poids pour 1 variante"),
    "split negative": (
        lambda: ed.parse_split("50,-5", 2),
        "split weights must be positive",
        "les poids de la répartition doivent être positifs"),
    "srm split": (
        lambda: stats.srm([100, 120], [1]),
        "the split needs one weight per variant",
        "la répartition doit compter un poids par variante"),
    "target out of range": (
        lambda: stats.sample_size(0.5, 5, relative=True),
        "the target rate (baseline + effect) must differ and be between 0 and 1",
        "le taux visé (référence + effet) doit différer de la référence et être compris entre 0 et 1"),
    "baseline out of range": (
        lambda: stats.sample_size(1.5, 0.1),
        "the baseline rate must be between 0 and 1 (a fraction)",
        "le taux de référence doit être compris entre 0 et 1 (une fraction)"),
    "power out of range": (
        lambda: stats.sample_size(0.1, 0.02, power=1.2),
        "alpha and power must be between 0 and 1",
        "alpha et la puissance doivent être compris entre 0 et 1"),
    "one planned variant": (
        lambda: stats.planning_alpha(0.05, 1),
        "a test needs at least 2 variants (the control and one variant)",
        "un test demande au moins 2 variantes (le témoin et une variante)"),
    "no traffic": (
        lambda: stats.duration_days(100, 2, 0),
        "daily traffic must be positive",
        "le trafic quotidien doit être positif"),
    "empty note": (
        lambda: annotations.validate("2026-03-01", "   ", "launch", "all"),
        "the note is empty: write what happened",
        "la note est vide : écrivez ce qui s'est passé"),
    "long note": (
        lambda: annotations.validate("2026-03-01", "x" * 1200, "launch", "all"),
        "the note is 1200 characters long; keep it under 500",
        "la note fait 1200 caractères ; restez sous 500"),
    "note not dated": (
        lambda: annotations.validate("01/03/2026", "Soldes", "launch", "all"),
        "the day '01/03/2026' is not a date (use YYYY-MM-DD)",
        "« 01/03/2026 » n'est pas une date : écrivez-la AAAA-MM-JJ"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_refusal_reads_in_french_and_keeps_its_english(case):
    refuse, english, french = CASES[case]
    with pytest.raises(ValueError) as caught:   # every caller catching ValueError still does
        refuse()
    exc = caught.value
    assert isinstance(exc, ExperimentError | AnnotationError)
    assert isinstance(exc.args[0], Message) and exc.args[0].code
    assert str(exc) == english
    assert say_error(exc, "fr") == french


@pytest.mark.parametrize("case", [c for c in CASES if c not in ("missing column", "two missing columns")])
def test_the_english_page_reads_what_the_command_line_prints(case):
    refuse, english, _ = CASES[case]
    with pytest.raises(ValueError) as caught:
        refuse()
    assert say_error(caught.value, "en") == english


def test_missing_columns_read_as_one_or_several_on_the_english_page():
    # the English text keeps its "column(s)"; a page words the count
    with pytest.raises(ValueError) as one:
        ed.variants_from_csv(b"variant,units\nA,10\n", "v.csv")
    with pytest.raises(ValueError) as two:
        ed.variants_from_csv(b"variant;visits\nA;10\n", "v.csv")
    assert say_error(one.value, "en").startswith("v.csv: missing column conversions (found:")
    assert say_error(two.value, "en").startswith("v.csv: missing columns units, conversions (found:")


def test_numbers_excel_turned_into_dates_are_refused_in_words_not_a_crash():
    data = b"variant,units,conversions\nA,100,3\nB,1-Mar,4\nC,200,5\n"
    with pytest.raises(ExperimentError) as caught:   # was the reader's Refused, past the page's except
        ed.variants_from_csv(data, "v.csv")
    assert str(caught.value).startswith("v.csv: line 3: '1-Mar' in a column of numbers")
    assert say_error(caught.value, "fr").startswith("v.csv : ligne 3 : « 1-Mar » dans une colonne de nombres")


def test_a_note_deleted_twice_is_refused_in_french(store):
    note = annotations.add(store, "2026-03-01", "Soldes d'hiver", "launch")
    annotations.delete(store, note)
    with pytest.raises(AnnotationError) as caught:
        annotations.delete(store, note)
    assert str(caught.value) == f"no note with id {note}"
    assert say_error(caught.value, "fr") == (f"aucune note n'a l'identifiant {note} "
                                             "(elle a peut-être déjà été supprimée)")


def test_the_refusal_survives_a_copy():
    # Streamlit's cache and the worker processes pickle errors: the words go with them
    import pickle

    with pytest.raises(ExperimentError) as caught:
        ed.parse_split("50", 2)
    copied = pickle.loads(pickle.dumps(caught.value))
    assert say_error(copied, "fr") == "la répartition prévue compte 1 poids pour 2 variantes"


def test_internal_guards_stay_plain_english():
    with pytest.raises(ValueError) as caught:
        ed.analyse(_variants([100, 100], [3, 4]), correction="bonferroni")
    assert not isinstance(caught.value, ExperimentError)
    assert say_error(caught.value, "fr") == "unknown correction 'bonferroni'"
    with pytest.raises(ValueError, match="unknown kind 'promo'") as kind:
        annotations.validate("2026-03-01", "Soldes", "promo", "all")
    assert not isinstance(kind.value, AnnotationError)
