"""Subcommands of `python -m lib`: one module each, with register(subparsers) and run(args)."""
