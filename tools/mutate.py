"""`make mutate`: mutation testing of the product's core (harness/world, harness/hmc, harness/shell).

Each mutant is one small change a careless edit could make: a comparison flipped (== to !=, < to <=,
in to not in), `and` for `or`, + for -, `not` dropped, True for False, an integer off by one. The
script writes the mutant over the source file, runs the tests that guard that folder (pytest -x),
and restores the file byte for byte (mtime too, so cached bytecode of the original stays valid). A
mutant the tests do not notice "survives"; the list of survivors is what to write tests for.

    python tools/mutate.py                          # every mutant of the three folders (slow: hours)
    python tools/mutate.py --sample 40 --seed 1     # 40 mutants drawn reproducibly
    python tools/mutate.py --paths harness/hmc/lshmc.py --tests tests/hmc/test_hmc_lshmc_uname.py
    python tools/mutate.py --list                   # count the mutants, run nothing

Standard library only, offline. Not part of `make test`. Hand-written rather than mutmut because
the project maps a folder into the package (fixtures/ -> harness.fixtures) and runs servers in
threads, which mutmut's copied tree and trampolines do not handle [I]; the operators are mutmut's.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATHS = ("harness/world", "harness/hmc", "harness/shell")
# the tests that guard each folder; a mutant is run against those of its folder only
GUARDS = {
    "harness/world": ("tests/integration", "tests/aix", "tests/hmc", "tests/reliability/test_world_indexes.py"),
    "harness/hmc": ("tests/hmc",),
    "harness/shell": ("tests/shell",),
}
TIMEOUT = 600  # real seconds per mutant run; a mutant that hangs the tests counts as killed

COMPARE_SWAP = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE,
                ast.GtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
BINOP_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add}
BOOL_SWAP = {ast.And: ast.Or, ast.Or: ast.And}
SYMBOL = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.In: "in",
          ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.And: "and",
          ast.Or: "or"}


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to ROOT
    index: int  # the index-th mutation point of the file, in ast.walk order
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """ids of nodes inside annotations and docstrings: mutating them changes no behaviour."""
    skip: set[int] = set()

    def cover(node):
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign):
            cover(node.annotation)
        elif isinstance(node, ast.arg):
            cover(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            cover(node.returns)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                cover(first)
    return skip


def _points(tree: ast.AST):
    """(node, description, apply) for every mutation point, in a stable order."""
    skip = _annotation_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAP:
                    new = COMPARE_SWAP[type(op)]
                    yield (node, f"{SYMBOL[type(op)]} -> {SYMBOL[new]}",
                           lambda n=node, i=i, new=new: n.ops.__setitem__(i, new()))
        elif isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAP:
            new = BINOP_SWAP[type(node.op)]
            yield node, f"{SYMBOL[type(node.op)]} -> {SYMBOL[new]}", lambda n=node, new=new: setattr(n, "op", new())
        elif isinstance(node, ast.BoolOp):
            new = BOOL_SWAP[type(node.op)]
            yield node, f"{SYMBOL[type(node.op)]} -> {SYMBOL[new]}", lambda n=node, new=new: setattr(n, "op", new())
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "not x -> x", lambda n=node: (setattr(n, "op", ast.UAdd()),
                                                      setattr(n, "operand", ast.Call(ast.Name("bool", ast.Load()),
                                                                                     [n.operand], [])))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            yield node, f"{node.value} -> {not node.value}", lambda n=node: setattr(n, "value", not n.value)
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield node, f"{node.value} -> {node.value + 1}", lambda n=node: setattr(n, "value", n.value + 1)


def mutants_of(path: Path) -> list[Mutant]:
    rel = str(path.relative_to(ROOT))
    tree = ast.parse(path.read_text(), str(path))
    return [Mutant(rel, i, getattr(node, "lineno", 0), what) for i, (node, what, _) in enumerate(_points(tree))]


def mutated_source(m: Mutant) -> str:
    path = ROOT / m.path
    tree = ast.parse(path.read_text(), str(path))
    for i, (_node, _what, apply) in enumerate(_points(tree)):
        if i == m.index:
            apply()
            break
    # "not x -> x" leaves "+bool(x)": the truth value of x, which is what dropping `not` means
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def guards_for(rel: str, override: list[str] | None) -> list[str]:
    if override:
        return override
    for folder, tests in GUARDS.items():
        if rel.startswith(folder + "/"):
            return list(tests)
    raise SystemExit(f"mutate: no tests guard {rel}; give --tests")


def run_tests(tests: list[str]) -> str:
    """'passed', 'failed' or 'timeout'."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
            "--timeout", "120", *tests]
    try:
        r = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "passed" if r.returncode == 0 else "failed"


def files_under(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        full = ROOT / p
        out += [full] if full.is_file() else sorted(full.rglob("*.py"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="mutate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--paths", nargs="+", default=list(DEFAULT_PATHS), help="files or folders to mutate")
    ap.add_argument("--tests", nargs="+", default=None, help="tests to run against every mutant (default: per folder)")
    ap.add_argument("--sample", type=int, default=None, help="run only N mutants, drawn with --seed")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--list", action="store_true", help="count the mutants per file and stop")
    args = ap.parse_args(argv)

    mutants = [m for f in files_under(args.paths) for m in mutants_of(f)]
    if args.list:
        counts: dict[str, int] = {}
        for m in mutants:
            counts[m.path] = counts.get(m.path, 0) + 1
        for path, n in sorted(counts.items()):
            print(f"{n:6d}  {path}")
        print(f"{len(mutants):6d}  mutants in {len(counts)} files")
        return 0
    if args.sample is not None and args.sample < len(mutants):
        mutants = sorted(random.Random(args.seed).sample(mutants, args.sample), key=lambda m: (m.path, m.index))

    def stop(signum, frame):  # SIGTERM unwinds like ^C: subprocess.run kills the tests, the file is restored
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)

    suites = sorted({tuple(guards_for(m.path, args.tests)) for m in mutants})
    for suite in suites:  # the guards must pass unmutated, or every mutant would look killed
        if run_tests(list(suite)) != "passed":
            print(f"mutate: the tests fail before any mutation: {' '.join(suite)}", file=sys.stderr)
            return 2

    survived: list[Mutant] = []
    killed = 0
    started = time.monotonic()
    for n, m in enumerate(mutants, 1):
        path = ROOT / m.path
        original, stat = path.read_bytes(), path.stat()
        try:
            path.write_text(mutated_source(m))
            verdict = run_tests(guards_for(m.path, args.tests))
        finally:
            path.write_bytes(original)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        if verdict == "passed":
            survived.append(m)
        else:
            killed += 1
        print(f"[{n}/{len(mutants)}] {'SURVIVED' if verdict == 'passed' else 'killed  '} {m}", flush=True)

    elapsed = time.monotonic() - started
    print(f"\nsurviving mutants ({len(survived)}):")
    for m in survived:
        source_line = (ROOT / m.path).read_text().splitlines()[m.line - 1].strip() if m.line else ""
        print(f"  {m}    | {source_line}")
    total = len(mutants)
    score = 100.0 * killed / total if total else 100.0
    print(f"\nmutation score: {killed}/{total} killed = {score:.1f}% ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
