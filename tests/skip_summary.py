"""The end of `make test`: which tests were skipped and why, grouped by reason (issue 17.6).

A skip in this suite means a system package is missing (OpenSSH, sshpass, fence-agents, chromium,
debootstrap, docker, libfaketime: README "Two commands"); each reason names the package to install.
With FAKEHMC_REQUIRE_CLIENTS=1 (CI) those tests fail instead, so this list is empty there.
Loaded by tests/conftest.py; a pytester test loads it with ``-p tests.skip_summary``.
"""

from __future__ import annotations

from collections import Counter

HEADER = "fakehmc: skipped tests (install what each reason names to run them)"


def _reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    reasons = Counter(_reason(r) for r in terminalreporter.stats.get("skipped", []))
    terminalreporter.section(HEADER, sep="-")
    if not reasons:
        terminalreporter.write_line("nothing skipped")
        return
    for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        terminalreporter.write_line(f"{count:4d} skipped: {reason}")
