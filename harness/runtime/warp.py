"""Warped time for a tool under test: its own clock (``time()``, ``sleep``, ``date``) runs at the
estate's clock scale from the estate's virtual time, through libfaketime (Debian ``libfaketime``).

The rule: one clock source. When the warp starts, the world is advanced to a whole second ``S``
(Unix seconds of virtual time) and from then on moves at ``scale`` virtual seconds per real second
(embedded.Estate.sync_clock, applied before every command). At that same instant an *anchor*
process starts under libfaketime with ``FAKETIME="@S x<scale>"`` and ``FAKETIME_DONT_RESET=1``:
it creates libfaketime's shared start time and names it in ``FAKETIME_SHARED``. Every process of
the tool gets that variable too, so they all read ``S + (real seconds since the anchor) x scale``,
the world's own formula, whenever they start (a tool started a minute later does not begin at S).

Limits: only dynamically linked programs that get time from libc see the warp (not statically
linked tools, not Go binaries, which call the kernel directly); a command's real latency counts
``scale`` times over in virtual time (50 ms of SSH at x60 is 3 virtual seconds).
"""

from __future__ import annotations

import glob
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Where Debian/Ubuntu (multiarch), Fedora and a source install (make install) put the library.
_CANDIDATES = ("/usr/lib/*-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
               "/usr/lib64/faketime/libfaketime.so.1", "/usr/local/lib/faketime/libfaketime.so.1",
               "/usr/lib/*-linux-gnu/libfaketime.so.1", "/usr/lib64/libfaketime.so.1")


class LibfaketimeMissing(RuntimeError):
    pass


def find_libfaketime() -> str:
    """The path of libfaketime.so.1: $FAKEHMC_LIBFAKETIME, else the usual install places."""
    override = os.environ.get("FAKEHMC_LIBFAKETIME")
    if override:
        if not Path(override).is_file():
            raise LibfaketimeMissing(f"FAKEHMC_LIBFAKETIME={override}: no such file (a moving clock for the tool "
                                     "needs libfaketime; --clock frozen runs without it)")
        return override
    for pattern in _CANDIDATES:
        for path in sorted(glob.glob(pattern)):
            if Path(path).is_file():
                return path
    raise LibfaketimeMissing(
        "a moving clock for the tool needs libfaketime, which is not installed "
        "(apt-get install faketime libfaketime, dnf install libfaketime; or set FAKEHMC_LIBFAKETIME to "
        "libfaketime.so.1); --clock frozen runs without it")


def _format_scale(scale: float) -> str:
    # libfaketime reads the factor with the C library (locale decimal point): whole numbers are safe
    return str(int(scale)) if float(scale).is_integer() else f"{scale:.6f}".rstrip("0")


def faketime_variables(start_unix: int, scale: float, library: str) -> dict[str, str]:
    """The variables without FAKETIME_SHARED: ``@start`` in Unix seconds (FAKETIME_FMT=%s, so the
    tool's TZ does not shift it), sped up ``scale`` times, shared across child processes."""
    return {"LD_PRELOAD": library, "FAKETIME": f"@{int(start_unix)} x{_format_scale(scale)}",
            "FAKETIME_FMT": "%s", "FAKETIME_DONT_RESET": "1"}


def preload(env: dict[str, str], library: str) -> str:
    """LD_PRELOAD with libfaketime first, keeping whatever the caller preloads already."""
    others = [p for p in env.get("LD_PRELOAD", "").replace(":", " ").split() if p and p != library]
    return " ".join([library, *others])


@dataclass
class Anchor:
    """The process that holds libfaketime's shared start time for the tool's processes."""

    proc: subprocess.Popen
    variables: dict[str, str]  # LD_PRELOAD, FAKETIME, FAKETIME_FMT, FAKETIME_DONT_RESET, FAKETIME_SHARED

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        base = dict(base or {})
        return {**base, **self.variables, "LD_PRELOAD": preload(base, self.variables["LD_PRELOAD"])}

    def stop(self) -> None:
        """Kill the anchor (ours, by pid) and remove the shared memory libfaketime leaves behind."""
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None and not stream.closed:
                stream.close()
        for name in self.variables.get("FAKETIME_SHARED", "").split():
            shm = Path("/dev/shm") / name.lstrip("/")
            sem = Path("/dev/shm") / ("sem." + name.lstrip("/"))
            for path in (shm, sem):
                path.unlink(missing_ok=True)


def start_anchor(start_unix: int, scale: float) -> Anchor:
    """Start the anchor now: call it right after the world was aligned to ``start_unix``."""
    library = find_libfaketime()
    variables = faketime_variables(start_unix, scale, library)
    env = {"PATH": "/usr/bin:/bin", **variables}
    # sh creates the shared memory (FAKETIME_DONT_RESET, no FAKETIME_SHARED yet), prints its name,
    # then waits on its stdin: the anchor lives until we kill it, sleeping in no warped call.
    proc = subprocess.Popen(["/bin/sh", "-c", 'printf "%s\\n" "$FAKETIME_SHARED"; exec cat >/dev/null'], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    line = proc.stdout.readline().decode().strip() if proc.stdout else ""
    anchor = Anchor(proc, {**variables, "FAKETIME_SHARED": line})
    if not line.startswith("/faketime_sem_"):
        err = proc.stderr.read() if proc.stderr is not None and proc.poll() is not None else b""
        anchor.stop()
        raise LibfaketimeMissing(f"libfaketime at {library} did not start a shared clock "
                                 f"({err.decode(errors='replace').strip() or 'no FAKETIME_SHARED'})")
    return anchor
