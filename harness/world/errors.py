"""Failures the world reports to the command layer: a code and facts, never rendered text.

The HMC and AIX command modules turn them into the real messages (harness/hmc/messages.py).
"""

from __future__ import annotations


class WorldError(Exception):
    def __init__(self, code: str, **facts):
        super().__init__(code, facts)
        self.code = code
        self.facts = facts
