"""tools/mutate.py (make mutate) makes real, compilable mutants and names them."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("mutate", ROOT / "tools" / "mutate.py")
mutate = importlib.util.module_from_spec(spec)
sys.modules.setdefault("mutate", mutate)  # dataclasses look their module up
spec.loader.exec_module(mutate)


def test_every_mutant_of_a_file_compiles_and_changes_the_code():
    path = ROOT / "harness" / "hmc" / "lshmc.py"
    original = ast.dump(ast.parse(path.read_text()))
    mutants = mutate.mutants_of(path)
    assert len(mutants) > 5
    for m in mutants:
        source = mutate.mutated_source(m)
        compile(source, m.path, "exec")
        assert ast.dump(ast.parse(source)) != original, m
    assert path.read_text().encode() == path.read_bytes()  # nothing written


def test_the_operators_are_the_named_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(mutate, "ROOT", tmp_path)
    f = tmp_path / "m.py"
    f.write_text('"""doc"""\ndef f(a: int = 1, b=2) -> bool:\n    return a == b and not a or a + b > 3\n')
    whats = {m.what: mutate.mutated_source(m) for m in mutate.mutants_of(f)}
    assert set(whats) == {"== -> !=", "and -> or", "or -> and", "not x -> x", "+ -> -", "> -> >=", "1 -> 2",
                          "2 -> 3", "3 -> 4"}
    assert "a != b" in whats["== -> !="] and "a - b > 3" in whats["+ -> -"]
    assert "a: int=2" in whats["1 -> 2"]  # defaults are code; annotations and docstrings are not mutated
