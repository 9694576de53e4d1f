"""`samplesize`: units per variant needed to detect an effect on a conversion rate."""
from __future__ import annotations

from lib.commands.common import print_json, usage_error


def register(sub) -> None:
    p = sub.add_parser("samplesize", help="sample size per variant for a conversion-rate test")
    p.add_argument("--baseline", type=float, required=True,
                   help="current conversion rate, a fraction (0.05 for 5%%)")
    p.add_argument("--mde", type=float, required=True,
                   help="minimum detectable effect: absolute (0.01 = +1 point) or with "
                        "--relative a fraction of the baseline (0.1 = +10%%)")
    p.add_argument("--relative", action="store_true", help="read --mde as relative")
    p.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    p.add_argument("--power", type=float, default=0.8, help="power (default 0.8)")
    p.add_argument("--variants", type=int, default=2, help="variants incl. control (default 2)")
    p.add_argument("--daily-units", type=float,
                   help="units per day across the test, to estimate its duration")
    p.add_argument("--format", choices=("text", "json"), default="text")


def run(args) -> int:
    from lib.experiments import stats as experiments  # scipy is imported only when the command runs

    try:
        n = experiments.sample_size(args.baseline, args.mde, relative=args.relative,
                                    alpha=args.alpha, power=args.power)
        if args.variants < 2:
            raise ValueError("--variants must be at least 2 (the control and one variant)")
        days = (experiments.duration_days(n, args.variants, args.daily_units)
                if args.daily_units is not None else None)
    except ValueError as exc:
        return usage_error(str(exc))
    target = args.baseline * (1 + args.mde) if args.relative else args.baseline + args.mde
    result = {"n_per_variant": n, "total_units": n * args.variants, "baseline": args.baseline,
              "target": target, "alpha": args.alpha, "power": args.power,
              "variants": args.variants, "duration_days": days}
    if args.format == "json":
        print_json(result)
    else:
        width = max(map(len, result))
        for key, value in result.items():
            shown = "n/a" if value is None else (f"{value:.4g}" if isinstance(value, float)
                                                 else value)
            print(f"{key.ljust(width)}  {shown}")
    return 0
