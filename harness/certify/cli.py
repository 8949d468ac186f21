"""`fakehmc certify`: the subcommand, its progress bar and its summary table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "run a DLPAR tool against each scenario and check its expectations"


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("certify", help=HELP, description=HELP)
    _arguments(p)
    p.set_defaults(func=cmd_certify)
    return p


def main(argv: list[str] | None = None) -> int:
    """``python -m harness.certify.cli``: the same command without the rest of the fakehmc CLI."""
    p = argparse.ArgumentParser(prog="fakehmc certify", description=HELP)
    _arguments(p)
    return cmd_certify(p.parse_args(argv))


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tool", required=True, metavar="COMMAND",
                   help="shell command to run (via /bin/sh); it gets FAKEHMC_HMC_ADDRESS/PORT/USER/PASSWORD, "
                        "FAKEHMC_HOSTS, FAKEHMC_HOSTS_JSON and FAKEHMC_CONTROL")
    p.add_argument("--scenarios", default="all", metavar="all|LIST",
                   help="comma-separated scenario names or files (default: every built-in scenario); a scenario "
                        "without [[expect]] tables is refused")
    p.add_argument("--junit", type=Path, default=None, metavar="FILE", help="write a JUnit XML report")
    p.add_argument("--html", type=Path, default=None, metavar="FILE", help="write a self-contained HTML report")
    p.add_argument("--timeout", type=float, default=120, metavar="SECONDS",
                   help="wall-clock limit for each run of the tool (default 120)")
    p.add_argument("--clock", choices=("moving", "frozen"), default="moving",
                   help="moving (default): while the tool runs, virtual time passes --time-scale times faster than "
                        "real time, for the estate and for the tool's own clock (libfaketime); frozen: only the "
                        "tool's control-API calls move it")
    p.add_argument("--time-scale", type=_positive, default=None, metavar="X",
                   help="virtual seconds per real second with --clock moving (default 60: a 15-minute repair "
                        "certifies in 15 s)")
    p.add_argument("--key-dir", type=Path, default=None,
                   help="host keys (default ~/.local/state/fakehmc, as fakehmc up)")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value > 100000:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 100000: {text}")
    return value


def progress(done: int, total: int, label: str = "", width: int = 30) -> str:
    filled = width * done // total if total else width
    return f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total} {label}"


def cmd_certify(args) -> int:
    from ..scenario.builder import ScenarioError
    from ..scenario.catalogue import read_scenario
    from . import html, junit
    from .expectations import parse_expectations
    from ..runtime.warp import LibfaketimeMissing, find_libfaketime
    from .runner import DEFAULT_TIME_SCALE, NoExpectations, certify, select_scenarios

    try:
        scenarios = select_scenarios(args.scenarios)
        for name in scenarios:  # a typo or a bad [[expect]] fails at once, not after an hour of runs
            if not parse_expectations(read_scenario(name)[0]):
                raise NoExpectations(name)
    except (ScenarioError, ValueError) as exc:
        print(f"fakehmc certify: {exc}", file=sys.stderr)
        return 2
    if not scenarios:
        print("fakehmc certify: no scenarios to run", file=sys.stderr)
        return 2
    if args.time_scale is not None and args.clock == "frozen":
        print("fakehmc certify: --time-scale needs --clock moving", file=sys.stderr)
        return 2
    if args.clock == "moving":
        try:
            find_libfaketime()
        except LibfaketimeMissing as exc:
            print(f"fakehmc certify: {exc}", file=sys.stderr)
            return 2
    tty = sys.stderr.isatty()

    def on_done(done: int, result) -> None:
        line = progress(done, len(scenarios), f"{result.scenario} {'PASS' if result.passed else 'FAIL'}")
        # on a terminal the bar redraws in place; in a log each update is its own line
        print(("\r\033[K" + line) if tty else line, end="\n" if not tty or done == len(scenarios) else "",
              file=sys.stderr, flush=True)

    print(progress(0, len(scenarios), "starting"), end="" if tty else "\n", file=sys.stderr, flush=True)
    results = certify(args.tool, scenarios, timeout=args.timeout, key_dir=args.key_dir, on_done=on_done,
                      clock=args.clock, time_scale=args.time_scale or DEFAULT_TIME_SCALE)
    print(summary(results))
    if args.junit:
        junit.write(args.junit, results, args.tool)
    if args.html:
        html.write(args.html, results, args.tool)
    return 0 if all(r.passed for r in results) else 1


def summary(results) -> str:
    rows = [("scenario", "result", "exit", "seconds", "failed expectations")]
    for r in results:
        rc = "-" if r.error else ("timeout" if r.rc is None else str(r.rc))
        why = r.error or "; ".join(c.expectation.description for c in r.failures)
        rows.append((r.scenario, "PASS" if r.passed else "FAIL", rc, f"{r.seconds:.1f}", why))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(row[i].ljust(widths[i]) for i in range(4)) + "  " + row[4] for row in rows]
    passed = sum(r.passed for r in results)
    return "\n".join(line.rstrip() for line in lines) + f"\n\n{passed} of {len(results)} scenarios passed"


if __name__ == "__main__":
    sys.exit(main())
