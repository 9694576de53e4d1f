"""`abtest`: compare conversion rates of variants (the first is the control)."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lib.commands.common import finite, print_json, rejected

if TYPE_CHECKING:
    from lib.experiments import stats as experiments

# The JSON contract: one object per variant after the first, these keys in this order.
FIELDS = ("variant", "p_value", "lift_abs", "lift_rel", "ci_low", "ci_high", "chance_to_beat",
          "expected_loss", "srm_p_value")


def register(sub) -> None:
    p = sub.add_parser("abtest", help="compare the conversion rates of an A/B(/n) test")
    p.add_argument("--units", required=True, help="visitors or recipients per variant: N1,N2[,...]")
    p.add_argument("--conversions", required=True, help="conversions per variant: C1,C2[,...]")
    p.add_argument("--alpha", default="0.05", help="significance level (default 0.05)")
    p.add_argument("--split", help="planned split weights, e.g. 50,50 (default: equal)")
    p.add_argument("--format", choices=("text", "json"), default="text")


def _numbers(text: str, name: str) -> list[float]:
    values = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            raise ValueError(f"--{name} takes comma-separated numbers, got {text!r}") from None
        if not math.isfinite(value):   # "inf", "nan", and "1e400" which float() reads as inf
            raise ValueError(f"--{name} must hold finite numbers, got {part.strip()!r} in {text!r}")
        values.append(value)
    return values


def _clean(value):
    """JSON has no NaN: an undefined value (a lift over a zero rate) is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def rows(results: list[experiments.VariantResult]) -> list[dict]:
    """The JSON objects of the command, one per compared variant."""
    return [{field: _clean(getattr(r, field)) for field in FIELDS} for r in results]


def _text(results: list[experiments.VariantResult]) -> str:
    def cell(value) -> str:
        if value is None:
            return "n/a"
        return value if isinstance(value, str) else f"{value:.4g}"

    table = [FIELDS, *[[cell(v) for v in row.values()] for row in rows(results)]]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(FIELDS))]
    lines = ["  ".join(str(v).rjust(w) for v, w in zip(line, widths, strict=True)) for line in table]
    from lib.experiments import stats as experiments

    return "\n".join([*lines, "", experiments.verdict(results, "en")])


def run(args) -> int:
    from lib.experiments import stats as experiments  # scipy is imported only when the command runs

    try:
        units = _numbers(args.units, "units")
        conversions = _numbers(args.conversions, "conversions")
        split = _numbers(args.split, "split") if args.split else None
        alpha = finite(args.alpha, "alpha")
        if not 0 < alpha < 1:
            raise ValueError("--alpha must be between 0 and 1")
        if len(units) != len(conversions):
            raise ValueError(f"--units has {len(units)} values but --conversions has "
                             f"{len(conversions)}: give one of each per variant")
        if split is not None and len(split) != len(units):
            raise ValueError(f"--split has {len(split)} weights for {len(units)} variants")
        results = experiments.compare_rates(units, conversions, alpha=alpha, split=split)
    except ValueError as exc:   # a value rejected: exit 1 (argparse exits 2 on usage)
        return rejected(str(exc))
    if args.format == "json":
        print_json(rows(results))
    else:
        print(_text(results))
    return 0
