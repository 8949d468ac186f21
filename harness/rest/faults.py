"""REST-level faults, as command rules of the control API (harness/control/faults.py) whose ``command``
names a REST call: ``"<METHOD> /rest/api/..."`` (glob or regex; ``* /rest/api/uom/*`` for any method).
Only such rules apply to the REST door, and SSH rules never see REST calls.

    {"rule": {"host": "hmc1", "command": "PUT /rest/api/web/Logon", "action": "error", "output": "401 ..."}}

- ``error``: an HttpErrorResponse whose Message is the rule's output. The HTTP status is the output's
  leading three-digit code when it has one (``503 The console is busy``), else 401 on the Logon path
  (a refused logon) and 500 elsewhere.
- ``delay``: the virtual clock moves by ``seconds`` first (a slow response, as for SSH rules).
- ``hang``: the response waits until the rule is healed (or the client gives up: a dropped request).
- ``drop``: the server closes the connection without a reply (the client sees the connection reset
  or closed mid-request, as when a console restarts its web server or a firewall cuts the session);
  nothing of the call runs. The transcript records it with status 0 [I: fakehmc's mark for "no reply"].
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from ..control import faults as control_faults

_STATUS = re.compile(r"^([1-5]\d\d)\b\s*")


is_rest_rule = control_faults.is_rest_rule  # the rule format is the control API's (harness/control/faults.py)


def match(world, host: str, user: str, call: str) -> dict | None:
    """The first REST rule matching ``call`` ("GET /rest/api/uom/ManagedSystem") that fires."""
    rules = [r for r in world.rules if is_rest_rule(r)]
    if not rules:
        return None
    # match_rule keeps counts, probabilities and max counts on the same rule dicts
    return control_faults.match_rule(SimpleNamespace(rules=rules, seed=world.seed), host, user, call)


def error_status(rule: dict, path: str) -> tuple[int, str]:
    out = rule["output"].strip()
    m = _STATUS.match(out)
    if m:
        return int(m.group(1)), out[m.end():] or out
    return (401 if path.endswith("/web/Logon") else 500), out
