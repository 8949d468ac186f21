"""Runtime faults over a World: causes (the world's own table), command rules and SSH-level faults.

One id space for all three (``world.next_fault_id``), so ``heal ID`` needs no kind. Everything is
kept in the world as JSON-able dicts: dumped, persisted and reset with it.

    add_fault(world, {"cause": "var_full", "target": "lpar2"})
    add_fault(world, {"rule": {"host": "hmc*", "command": "chhwres *", "action": "error",
                               "output": "HSCL...", "exit_code": 1, "probability": 0.5, "max_count": 3}})
    add_fault(world, {"ssh": "kex_fail", "host": "lpar30", "max_count": 1})
    heal(world, 7); heal_all(world); list_faults(world)
"""

from __future__ import annotations

import fnmatch
import random
import re
from typing import Any

from ..ssh import faults as ssh_faults
from ..world.causes import CAUSES, apply_cause, heal_cause
from ..world.errors import WorldError
from ..world.world import World

ACTIONS = ("error", "delay", "hang", "drop")  # drop: REST calls only (harness/rest/faults.py)
_RULE_FIELDS = {"host", "user", "command", "match", "action", "output", "stream", "exit_code", "seconds",
                "probability", "max_count"}


class FaultError(ValueError):
    """A request that names no valid fault (HTTP 400)."""


class UnknownFault(LookupError):
    """No active fault has that id (HTTP 404)."""


# A rule whose command names a REST call ("<METHOD> /rest/api/...") applies to the REST door only
# (harness/rest/faults.py), and only such rules may drop a connection.
_REST_RULE = re.compile(r"^(\*|\^?\(?[A-Z|]+\)?)\s+\^?/?\S*rest/api")


def is_rest_rule(rule: dict) -> bool:
    return bool(_REST_RULE.match(rule["command"]))


def list_faults(world: World) -> dict:
    """Every active fault; each cause says whether it still holds in the world (``holds``)."""
    from ..world.causes.standing import holds

    causes = [{**e, "holds": holds(world, e)} for e in world.active_causes]
    return {"causes": causes, "rules": list(world.rules), "ssh": list(world.ssh_faults)}


def cause_table() -> list[dict]:
    return [{"name": c.name, "target": c.target, "summary": c.summary, "healable": c.heal is not None,
             "phase": c.phase} for c in sorted(CAUSES.values(), key=lambda c: c.name)]


def add_fault(world: World, body: Any) -> dict:
    if not isinstance(body, dict):
        raise FaultError('body must be a JSON object with "cause", "rule" or "ssh"')
    if "cause" in body:
        return add_cause(world, body["cause"], body.get("target"), body.get("value", True))
    if "rule" in body:
        return add_rule(world, body["rule"])
    if "ssh" in body:
        return add_ssh_fault(world, body)
    raise FaultError('body must have "cause", "rule" or "ssh"')


def add_cause(world: World, name: Any, target: Any, value: Any = True) -> dict:
    try:
        return {"kind": "cause", **apply_cause(world, str(name), None if target is None else str(target), value)}
    except WorldError as exc:
        raise FaultError(_world_message(exc)) from None
    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a value the cause cannot take
        raise FaultError(f"cause {name}: bad value {value!r}: {exc}") from None


def _world_message(exc: WorldError) -> str:
    facts = exc.facts
    if exc.code == "unknown_cause":
        return f"unknown cause {facts['cause']!r} (see GET /causes)"
    if exc.code == "unknown_target":
        return f"cause {facts['cause']}: unknown target {facts['target']!r}"
    return f"{exc.code}: {facts}"


def add_rule(world: World, spec: Any) -> dict:
    if not isinstance(spec, dict):
        raise FaultError("rule must be an object")
    extra = sorted(set(spec) - _RULE_FIELDS)
    if extra:
        raise FaultError(f"rule: unknown field(s) {', '.join(extra)} (known: {', '.join(sorted(_RULE_FIELDS))})")
    rule = {"host": str(spec.get("host", "*")), "user": str(spec.get("user", "*")),
            "command": str(spec.get("command", "*")), "match": spec.get("match", "glob"),
            "action": spec.get("action", "error"), "output": str(spec.get("output", "")),
            "stream": spec.get("stream", "stdout"), "exit_code": spec.get("exit_code", 1),
            "seconds": spec.get("seconds", 0), "probability": spec.get("probability", 1.0),
            "max_count": spec.get("max_count")}
    if rule["match"] not in ("glob", "regex"):
        raise FaultError("rule: match must be glob or regex")
    if rule["match"] == "regex":
        try:
            re.compile(rule["command"])
        except re.error as exc:
            raise FaultError(f"rule: bad regex: {exc}") from None
    if rule["action"] not in ACTIONS:
        raise FaultError(f"rule: action must be one of {', '.join(ACTIONS)}")
    if rule["action"] == "drop":
        if not is_rest_rule(rule):
            raise FaultError('rule: action drop applies to REST calls only (command "<METHOD> /rest/api/...")')
    if rule["stream"] not in ("stdout", "stderr"):
        raise FaultError("rule: stream must be stdout or stderr")
    checks = (("exit_code", int, 0, 255), ("seconds", (int, float), 0, 366 * 86400),
              ("probability", (int, float), 0, 1))
    for key, typ, lo, hi in checks:
        if isinstance(rule[key], bool) or not isinstance(rule[key], typ) or not lo <= rule[key] <= hi:
            raise FaultError(f"rule: {key} must be a number from {lo} to {hi}")
    if rule["max_count"] is not None and (not isinstance(rule["max_count"], int) or rule["max_count"] < 0):
        raise FaultError("rule: max_count must be an integer >= 0")
    entry = {"id": world.next_fault_id(), "kind": "rule", **rule, "count": 0, "seen": 0,
             "since": world.clock.now}
    world.rules.append(entry)
    world.changed()
    return entry


def add_ssh_fault(world: World, spec: dict) -> dict:
    try:
        clean = ssh_faults.validate(spec)
    except ValueError as exc:
        raise FaultError(str(exc)) from None
    entry = {"id": world.next_fault_id(), "kind": "ssh", **clean, "count": 0, "since": world.clock.now}
    world.ssh_faults.append(entry)
    world.changed()
    return entry


def find(world: World, fault_id: int) -> dict | None:
    for entry in (*world.active_causes, *world.rules, *world.ssh_faults):
        if entry["id"] == fault_id:
            return entry
    return None


def heal(world: World, fault_id: int) -> dict:
    entry = find(world, fault_id)
    if entry is None:
        raise UnknownFault(fault_id)
    if entry in world.active_causes:
        try:
            return {"kind": "cause", **heal_cause(world, fault_id)}
        except WorldError as exc:
            raise FaultError(f"fault {fault_id} ({entry['cause']}) cannot be healed: {exc.code}") from None
    (world.rules if entry in world.rules else world.ssh_faults).remove(entry)
    world.changed()
    return entry


def heal_all(world: World) -> dict:
    """Heal every healable cause and remove every rule and SSH fault; report what stays."""
    healed, kept = [], []
    for entry in list(world.active_causes):
        if CAUSES[entry["cause"]].heal is None:
            kept.append(entry)
            continue
        try:
            healed.append({"kind": "cause", **heal_cause(world, entry["id"])})
        except WorldError:  # [I] a healer that finds its target gone: the cause stays listed
            kept.append(entry)
    healed += world.rules + world.ssh_faults
    world.rules.clear()
    world.ssh_faults.clear()
    world.changed()
    return {"healed": healed, "kept": kept}


# ---- consulted by the runtime on every command / connection ----------------------------------------
def match_rule(world: World, host: str, user: str, command: str) -> dict | None:
    """The first rule that matches and fires (its probability drawn from a seeded rng, its max count
    respected); the rule's count is updated."""
    for rule in world.rules:
        if rule["max_count"] is not None and rule["count"] >= rule["max_count"]:
            continue
        if not (fnmatch.fnmatchcase(host, rule["host"]) and fnmatch.fnmatchcase(user, rule["user"])):
            continue
        if rule["match"] == "regex":
            hit = re.search(rule["command"], command) is not None
        else:
            hit = fnmatch.fnmatchcase(command.strip(), rule["command"])
        if not hit:
            continue
        rule["seen"] += 1
        # one draw per match, from (seed, rule, n): deterministic and independent of the world's rng
        draw = random.Random(f"{world.seed}:{rule['id']}:{rule['seen']}").random()
        if rule["probability"] < 1 and draw >= rule["probability"]:
            continue
        rule["count"] += 1
        return rule
    return None


def ssh_fault(world: World, host: str, kind: str) -> dict | None:
    for fault in world.ssh_faults:
        if fault["ssh"] != kind or not fnmatch.fnmatchcase(host, fault["host"]):
            continue
        if fault["max_count"] is not None and fault["count"] >= fault["max_count"]:
            continue
        fault["count"] += 1
        return fault
    return None
