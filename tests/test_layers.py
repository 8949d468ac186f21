"""Architecture follows the layers (issue 14 item 7): the import graph of harness/ has no cycles, and
the command and model layers never import the runtime above them.

Read from the source (ast), not by importing: every ``import`` counts, at module level or deferred
inside a function, since a deferred import still ties two modules together. Imports under
``if TYPE_CHECKING:`` are left out: they never run (annotations are strings everywhere).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "harness"

# Cycles known and tracked (not blessed): each entry must still be one (test_known_cycles_still_exist).
KNOWN_CYCLES: list[set[str]] = []

# Lower layers that must not import the layers above them.
LOWER = ("harness.world", "harness.shell", "harness.hmc", "harness.aix", "harness.vios")
UPPER = ("harness.runtime", "harness.control", "harness.ssh", "harness.cli")


def _modules() -> dict[str, Path]:
    mods = {}
    for f in PACKAGE.rglob("*.py"):
        rel = f.relative_to(ROOT).with_suffix("")
        mods[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = f
    return mods


def _imports(name: str, path: Path, mods: dict[str, Path]) -> set[str]:
    is_pkg = path.name == "__init__.py"
    deps: set[str] = set()

    def resolve(module: str | None, level: int) -> str:
        if level == 0:
            return module or ""
        base = name.split(".") if is_pkg else name.split(".")[:-1]
        base = base[:len(base) - (level - 1)]
        return ".".join(base + ([module] if module else []))

    def visit(nodes) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                target = resolve(node.module, node.level)
                for a in node.names:
                    sub = f"{target}.{a.name}"
                    deps.add(sub if sub in mods else target)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    visit([child])
                elif isinstance(child, (ast.excepthandler, ast.match_case)):
                    visit(child.body)

    visit(ast.parse(path.read_text()).body)
    return {d for d in deps if d in mods and d != name}


def graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(name, path, mods) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[set[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = set()
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.add(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(comp)
    return out


def test_no_import_cycles():
    found = [c for c in cycles(graph()) if c not in KNOWN_CYCLES]
    assert not found, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in found)


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_known_cycles_still_exist():
    """An entry of KNOWN_CYCLES that was fixed must leave the list (it would hide a new cycle)."""
    found = cycles(graph())
    for known in KNOWN_CYCLES:
        assert known in found, f"{sorted(known)} is no longer a cycle: remove it from KNOWN_CYCLES"


def test_commands_and_the_world_do_not_reach_up_into_the_runtime():
    edges = graph()
    bad = sorted(f"{name} imports {dep}" for name, deps in edges.items() if name.startswith(LOWER)
                 for dep in deps if dep.startswith(UPPER))
    assert not bad, "lower layers import upper ones (what a command needs comes through ctx.session):\n" + \
        "\n".join(bad)
