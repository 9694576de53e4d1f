"""`samplesize`: units per variant needed to detect an effect on a conversion rate."""
from __future__ import annotations

from lib.commands.common import finite, print_json, rejected


def register(sub) -> None:
    p = sub.add_parser("samplesize", help="sample size per variant for a conversion-rate test")
    p.add_argument("--baseline", required=True,
                   help="current conversion rate, a fraction (0.05 for 5%%)")
    p.add_argument("--mde", required=True,
                   help="minimum detectable effect: absolute (0.01 = +1 point) or with "
                        "--relative a fraction of the baseline (0.1 = +10%%)")
    p.add_argument("--relative", action="store_true", help="read --mde as relative")
    p.add_argument("--alpha", default="0.05", help="significance level (default 0.05)")
    p.add_argument("--power", default="0.8", help="power (default 0.8)")
    p.add_argument("--variants", type=int, default=2,
                   help="variants incl. control (default 2); with more, alpha is divided by the "
                        "comparisons with the control, which the analysis corrects for")
    p.add_argument("--daily-units", help="units per day across the test, to estimate its duration")
    p.add_argument("--format", choices=("text", "json"), default="text")


def run(args) -> int:
    from lib.experiments import stats as experiments  # scipy is imported only when the command runs

    try:
        baseline, mde = finite(args.baseline, "baseline"), finite(args.mde, "mde")
        alpha, power = finite(args.alpha, "alpha"), finite(args.power, "power")
        daily = finite(args.daily_units, "daily-units") if args.daily_units is not None else None
        if args.variants < 2:
            raise ValueError("--variants must be at least 2 (the control and one variant)")
        if not 0 < alpha < 1:
            raise ValueError("--alpha must be between 0 and 1")
        if not 0 < power < 1:
            raise ValueError("--power must be between 0 and 1")
        if daily is not None and daily <= 0:
            raise ValueError("--daily-units must be positive")
        planned = experiments.planning_alpha(alpha, args.variants)
        n = experiments.sample_size(baseline, mde, relative=args.relative, alpha=planned,
                                    power=power)
        days = experiments.duration_days(n, args.variants, daily) if daily is not None else None
    except ValueError as exc:   # a value rejected: exit 1 (argparse exits 2 on usage)
        return rejected(str(exc))
    target = baseline * (1 + mde) if args.relative else baseline + mde
    result = {"n_per_variant": n, "total_units": n * args.variants, "baseline": baseline,
              "target": target, "alpha": alpha, "power": power,
              "variants": args.variants, "duration_days": days, "alpha_per_comparison": planned}
    if args.format == "json":
        print_json(result)
    else:
        width = max(map(len, result))
        for key, value in result.items():
            shown = "n/a" if value is None else (f"{value:.4g}" if isinstance(value, float)
                                                 else value)
            print(f"{key.ljust(width)}  {shown}")
    return 0
