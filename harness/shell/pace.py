"""Yield points of a running command line: the interpreter calls ``pace()`` before every simple command
and loop iteration. Whoever runs the shell (harness/runtime/commandlane.py) binds a hook for the current
thread there: it lets other clients at the world, pauses a runaway command, or ends a cancelled one by
raising. Unbound (tests, replay), ``pace()`` does nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_local = threading.local()


def pace() -> None:
    hook = getattr(_local, "hook", None)
    if hook is not None:
        hook()


@contextmanager
def paced(hook: Callable[[], None]) -> Iterator[None]:
    """Call ``hook`` at every yield point of commands run by this thread inside the block."""
    previous = getattr(_local, "hook", None)
    _local.hook = hook
    try:
        yield
    finally:
        _local.hook = previous
