"""Expectations a scenario declares for any tool run against it (``[[expect]]`` tables).

Transcript kinds (ran, not_ran, order) look only at what the tool itself ran: certify snapshots the
transcript when the tool exits, before its own probes (eventually, dlpar) add commands.
Time-moving kinds (eventually, dlpar) run in file order, so a dlpar after an eventually sees the
world the repair led to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..control.transcript import Transcript

KINDS = ("exit", "exit_nonzero", "output_contains", "ran", "not_ran", "order", "eventually", "dlpar")
DEFAULT_WITHIN = "15m"


@dataclass
class Expectation:
    kind: str
    description: str = ""
    spec: dict = field(default_factory=dict)

    @classmethod
    def of(cls, raw: dict) -> Expectation:
        if raw.get("kind") not in KINDS:
            raise ValueError(f"unknown expectation kind {raw.get('kind')!r} (one of {', '.join(KINDS)})")
        spec = {k: v for k, v in raw.items() if k not in ("kind", "description")}
        exp = cls(raw["kind"], raw.get("description", ""), spec)
        exp.description = exp.description or exp.default_description()
        return exp

    def default_description(self) -> str:
        s, on = self.spec, f" on {self.spec['host']}" if self.spec.get("host") else ""
        return {
            "exit": f"exits with code {s.get('code')}",
            "exit_nonzero": "exits non-zero",
            "output_contains": f"prints {s.get('text')!r}",
            "ran": f"runs {s.get('command')!r}{on}",
            "not_ran": f"never runs {s.get('command')!r}{on}",
            "order": f"runs {' then '.join(map(repr, s.get('commands', [])))}{on}",
            "eventually": f"{s.get('condition')} within {s.get('within', DEFAULT_WITHIN)}"
                          + (f", then for {s['stays']}" if s.get("stays") else ""),
            "dlpar": f"DLPAR {s.get('op', 'a')} of {s.get('mb')} MB on {s.get('lpar')} succeeds",
        }[self.kind]


@dataclass
class Check:
    expectation: Expectation
    passed: bool
    detail: str = ""


@dataclass
class Run:
    """What the tool did: what the checks look at."""

    rc: int | None  # None: killed at the timeout
    output: str
    transcript: list[dict]  # world transcript entries, as dicts, when the tool exited
    epoch: Any = None


def parse_expectations(data: dict) -> list[Expectation]:
    return [Expectation.of(raw) for raw in data.get("expect", [])]


def evaluate(exp: Expectation, run: Run, estate) -> Check:
    """One expectation against one run; ``estate`` is the running harness.api.Estate."""
    try:
        ok, detail = _CHECKS[exp.kind](exp.spec, run, estate)
    except AssertionError as exc:
        ok, detail = False, str(exc)
    except Exception as exc:  # noqa: BLE001 - a broken expectation fails its scenario, not certify
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    return Check(exp, ok, detail)


def _timed_out(run: Run) -> tuple[bool, str] | None:
    return (False, "the tool was killed at the timeout") if run.rc is None else None


def _exit(spec, run, _):
    return _timed_out(run) or (run.rc == spec["code"], f"exit code {run.rc}")


def _exit_nonzero(spec, run, _):
    return _timed_out(run) or (run.rc != 0, f"exit code {run.rc}")


def _output_contains(spec, run, _):
    found = spec["text"] in run.output
    return found, "" if found else f"{spec['text']!r} not in the tool's output"


def _transcript(run: Run) -> Transcript:
    return Transcript(lambda: run.transcript, run.epoch)


def _pattern(spec) -> dict:
    return {"regex": bool(spec.get("regex", False))}


def _ran(spec, run, _):
    e = _transcript(run).assert_ran(spec.get("host"), spec["command"], **_pattern(spec))
    return True, f"ran {e.command!r} on {e.host} (rc={e.exit_code})"


def _not_ran(spec, run, _):
    _transcript(run).assert_not_ran(spec.get("host"), spec["command"], **_pattern(spec))
    return True, ""


def _order(spec, run, _):
    _transcript(run).assert_order(spec.get("host"), spec["commands"], **_pattern(spec))
    return True, ""


def _eventually(spec, run, estate):
    from ..control.api import parse_duration  # aiohttp behind it: only when a check needs it

    limit = parse_duration(str(spec.get("within", DEFAULT_WITHIN)))
    elapsed = estate.advance_until(spec["condition"], limit=limit, raise_on_timeout=False)
    if elapsed < 0:
        return False, f"still false after {limit:.0f} virtual seconds"
    if "stays" not in spec:
        return True, f"held after {elapsed:.0f} virtual seconds"
    # stays: once true it must hold for that long (a session that comes up at each poll and drops
    # at the heartbeats is not repaired); checked after every timer that fires
    from ..world.conditions import compile_condition

    hold = parse_duration(str(spec["stays"]))
    holds = estate.call(lambda w: compile_condition(w, spec["condition"]))
    broke = estate.advance_until(lambda w: not holds(), limit=hold, raise_on_timeout=False)
    if broke >= 0:
        return False, f"held after {elapsed:.0f} virtual seconds, false again {broke:.0f} seconds later"
    return True, f"held after {elapsed:.0f} virtual seconds and for the {hold:.0f} seconds after"


def _dlpar(spec, run, estate):
    lpar, mb, op = spec["lpar"], int(spec["mb"]), spec.get("op", "a")
    hmc = spec.get("host") or estate.hmc.name
    system = estate.call(lambda w: w.system_of(next(p for p in w.partitions() if lpar in (p.name, p.host))).name)
    query = f'lshwres -r mem -m {system} --level lpar --filter "lpar_names={lpar}" -F curr_mem'
    before = estate.ssh(hmc, query).stdout.strip()
    r = estate.ssh(hmc, f"chhwres -r mem -m {system} -o {op} -p {lpar} -q {mb}")
    after = estate.ssh(hmc, query).stdout.strip()
    said = (r.stdout + r.stderr).strip()
    detail = f"chhwres rc={r.exit_status}{': ' + said if said else ''}; curr_mem {before} -> {after}"
    want = int(before) + (mb if op == "a" else -mb) if before.isdigit() else None
    return r.exit_status == 0 and after.isdigit() and int(after) == want, detail


_CHECKS = {"exit": _exit, "exit_nonzero": _exit_nonzero, "output_contains": _output_contains, "ran": _ran,
           "not_ran": _not_ran, "order": _order, "eventually": _eventually, "dlpar": _dlpar}
