"""`abtest` and `samplesize` commands: JSON contract, text output, rejected values (exit 1) and
usage errors (exit 2), as the README says."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lib.commands import abtest, samplesize

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["variant", "p_value", "lift_abs", "lift_rel", "ci_low", "ci_high", "chance_to_beat",
        "expected_loss", "srm_p_value"]


def call(module, argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers(dest="command"))
    code = module.run(parser.parse_args(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_abtest_json_contract(capsys):
    # Agresti's Physicians' Health Study (see tests/test_experiments.py): 104/11037 vs 189/11034.
    code, out, _ = call(abtest, ["abtest", "--units", "11037,11034", "--conversions", "104,189",
                                 "--format", "json"], capsys)
    assert code == 0
    (row,) = json.loads(out)
    assert list(row) == KEYS
    assert row["variant"] == "B"
    assert round(row["ci_low"], 3) == 0.005 and round(row["ci_high"], 3) == 0.011
    assert row["p_value"] < 1e-6 and row["chance_to_beat"] > 0.999


def test_abtest_three_variants_share_the_srm_value(capsys):
    code, out, _ = call(abtest, ["abtest", "--units", "5000,5400,5200", "--conversions",
                                 "250,300,260", "--format", "json"], capsys)
    rows = json.loads(out)
    assert code == 0 and [r["variant"] for r in rows] == ["B", "C"]
    # Equal split expected 5200 each: chi2 = (200^2 + 200^2 + 0) / 5200 = 15.4, 2 df,
    # p = exp(-15.385/2) = exp(-7.692) = 4.56e-04.
    assert rows[0]["srm_p_value"] == rows[1]["srm_p_value"]
    assert float(f"{rows[0]['srm_p_value']:.3g}") == 4.56e-04


def test_abtest_split_option(capsys):
    _, out, _ = call(abtest, ["abtest", "--units", "1000,2000", "--conversions", "50,100",
                              "--split", "1,2", "--format", "json"], capsys)
    assert json.loads(out)[0]["srm_p_value"] == pytest.approx(1.0)


def test_abtest_lift_rel_is_null_over_a_zero_rate(capsys):
    _, out, _ = call(abtest, ["abtest", "--units", "1000,1000", "--conversions", "0,5",
                              "--format", "json"], capsys)
    assert json.loads(out)[0]["lift_rel"] is None


def test_abtest_text_table_and_verdict(capsys):
    code, out, _ = call(abtest, ["abtest", "--units", "1000,1000", "--conversions", "50,80"],
                        capsys)
    assert code == 0
    header = out.splitlines()[0].split()
    assert header == KEYS
    assert "B converts better than A" in out


@pytest.mark.parametrize("argv,message", [
    (["--units", "100,100", "--conversions", "5"], "one of each per variant"),
    (["--units", "100,100", "--conversions", "5,5", "--alpha", "x"], "--alpha takes a number"),
    (["--units", "100,100", "--conversions", "5,101"], "cannot exceed"),
    (["--units", "100,x", "--conversions", "5,5"], "comma-separated numbers"),
    (["--units", "100", "--conversions", "5"], "at least two variants"),
    (["--units", "100,100", "--conversions", "5,5", "--split", "1,1,1"], "--split"),
    (["--units", "100,100", "--conversions", "5,5", "--alpha", "5"], "--alpha"),
])
def test_abtest_rejected_values_exit_1(capsys, argv, message):
    code, out, err = call(abtest, ["abtest", *argv], capsys)
    assert code == 1 and out == ""
    assert message in err


@pytest.mark.parametrize("argv, message", [
    # issue 23: OverflowError tracebacks and Python's wording without the argument's name
    (["--units", "inf,100", "--conversions", "5,5"], "--units must hold finite numbers, got 'inf'"),
    (["--units", "1e400,100", "--conversions", "5,5"], "--units must hold finite numbers, got '1e400'"),
    (["--units", "100,100", "--conversions", "inf,5"], "--conversions must hold finite numbers"),
    (["--units", "100,100", "--conversions", "5,nan"], "--conversions must hold finite numbers, got 'nan'"),
    (["--units", "100,100", "--conversions", "5,5", "--alpha", "nan"], "--alpha must be a finite number"),
    (["--units", "100,100", "--conversions", "5,5", "--split", "1,inf"], "--split must hold finite"),
])
def test_abtest_values_that_are_not_finite(capsys, argv, message):
    code, out, err = call(abtest, ["abtest", *argv], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and message in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (["--baseline", "0.05", "--mde", "0.01", "--daily-units", "inf"], "--daily-units must be a finite number"),
    (["--baseline", "nan", "--mde", "0.01"], "--baseline must be a finite number, got 'nan'"),
    (["--baseline", "0.05", "--mde", "1e400"], "--mde must be a finite number"),
    (["--baseline", "0.05", "--mde", "0.01", "--power", "inf"], "--power must be a finite number"),
    (["--baseline", "0.05", "--mde", "0.01", "--daily-units", "0"], "--daily-units must be positive"),
    (["--baseline", "0.05", "--mde", "0.01", "--variants", "1"], "--variants must be at least 2"),
])
def test_samplesize_rejected_values_exit_1(capsys, argv, message):
    code, out, err = call(samplesize, ["samplesize", *argv], capsys)
    assert (code, out) == (1, "") and message in err


def test_usage_errors_exit_2(capsys):
    parser = argparse.ArgumentParser()
    samplesize.register(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit) as missing:
        parser.parse_args(["samplesize", "--mde", "0.01"])
    assert missing.value.code == 2
    with pytest.raises(SystemExit) as bad_type:
        parser.parse_args(["samplesize", "--baseline", "0.05", "--mde", "0.01", "--variants", "x"])
    assert bad_type.value.code == 2


def test_samplesize_plans_alpha_per_comparison(capsys):
    # 5% -> 6%, power 0.8 (hand values in tests/experiments/test_stats_additions.py): 8158 a
    # variant with 2 variants; 9880 with 3 (alpha 0.025); 10882 with 4 (alpha 0.05/3).
    for variants, n, alpha in ((2, 8158, 0.05), (3, 9880, 0.025), (4, 10882, 0.05 / 3)):
        code, out, _ = call(samplesize, ["samplesize", "--baseline", "0.05", "--mde", "0.01",
                                         "--variants", str(variants), "--format", "json"], capsys)
        result = json.loads(out)
        assert code == 0 and result["n_per_variant"] == n
        assert result["alpha_per_comparison"] == pytest.approx(alpha) and result["alpha"] == 0.05


def test_samplesize_json(capsys):
    # Fleiss without continuity correction, 5% -> 10%, alpha 0.05, power 0.8: 434.4 -> 435.
    code, out, _ = call(samplesize, ["samplesize", "--baseline", "0.05", "--mde", "0.05",
                                     "--alpha", "0.05", "--power", "0.8", "--format", "json"],
                        capsys)
    assert code == 0 and json.loads(out)["n_per_variant"] == 435


def test_samplesize_relative_with_duration(capsys):
    # 5% -> 5.5%: 31,234 a variant; x 2 / 1000 a day = 62.5 -> 63 days.
    code, out, _ = call(samplesize, ["samplesize", "--baseline", "0.05", "--mde", "0.1",
                                     "--relative", "--daily-units", "1000", "--format", "json"],
                        capsys)
    result = json.loads(out)
    assert code == 0 and (result["n_per_variant"], result["duration_days"]) == (31234, 63)


def test_samplesize_text_and_usage_error(capsys):
    code, out, _ = call(samplesize, ["samplesize", "--baseline", "0.5", "--mde", "0.25",
                                     "--power", "0.9"], capsys)
    assert code == 0 and out.splitlines()[0].split() == ["n_per_variant", "77"]
    code, out, err = call(samplesize, ["samplesize", "--baseline", "5", "--mde", "1"], capsys)
    assert code == 1 and "baseline" in err


@pytest.mark.skipif(not (ROOT / "lib" / "__main__.py").exists(),
                    reason="lib/__main__.py (the command line entry point) is not there yet")
def test_python_m_lib_abtest():
    done = subprocess.run([sys.executable, "-m", "lib", "abtest", "--units", "1000,1000",
                           "--conversions", "50,62", "--alpha", "0.05", "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)
    assert list(row) == KEYS and row["variant"] == "B"
    bad = subprocess.run([sys.executable, "-m", "lib", "abtest", "--units", "1000,1000",
                          "--conversions", "50"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 1 and "error" in bad.stderr     # a value rejected
    usage = subprocess.run([sys.executable, "-m", "lib", "abtest", "--units", "1000,1000"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "--conversions" in usage.stderr   # the command's shape
