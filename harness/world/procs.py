"""The process table of an AIX partition, derived from the world rather than kept: init, the SRC master,
the daemons init starts itself, every SRC subsystem that is active (with the PID lssrc shows), and the
login of the session that asks. Killing a daemon's PID is the SRC subsystem dying: lssrc shows it
inoperative and RMC sees it go (src.stop). Nothing here runs or signals anything on the host.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import src
from .aix import ErrEntry, log_error

if TYPE_CHECKING:
    from .system import Partition
    from .world import World

SMT_THREADS = 4  # logical CPUs per virtual processor (lparstat shows Shared-SMT-4) [I]

# the command line of each SRC subsystem's daemon as ps shows it [I: AIX 7 paths; rmcd's flags from
# `ps -ef | grep rmcd` captures]
DAEMON_ARGS = {
    "syslogd": "/usr/sbin/syslogd", "sendmail": "/usr/lib/sendmail -bd -q30m", "portmap": "/usr/sbin/portmap",
    "inetd": "/usr/sbin/inetd", "snmpd": "/usr/sbin/snmpd", "hostmibd": "/usr/sbin/hostmibd",
    "aixmibd": "/usr/sbin/aixmibd", "snmpmibd": "/usr/sbin/snmpmibd", "xntpd": "/usr/sbin/xntpd",
    "sshd": "/usr/sbin/sshd", "pfcdaemon": "/usr/sbin/pfcdaemon", "aso": "/usr/sbin/aso",
    "biod": "/usr/sbin/biod 6", "rpc.statd": "/usr/sbin/rpc.statd -d 0 -t 50", "rpc.lockd": "/usr/sbin/rpc.lockd -d 0",
    "nfsd": "/usr/sbin/nfsd 3891", "rpc.mountd": "/usr/sbin/rpc.mountd", "qdaemon": "/usr/sbin/qdaemon",
    "writesrv": "/usr/sbin/writesrv", "clcomd": "/usr/sbin/clcomd -d", "nimsh": "/usr/sbin/nimsh -s",
    "ctrmc": "/usr/sbin/rsct/bin/rmcd -a IBM.LPCommands -r -S 1500", "ctcas": "/usr/sbin/rsct/bin/ctcasd",
    "mcproxy": "/usr/sbin/rsct/bin/mcproxy",
}
# daemons init and /etc/rc start outside the SRC: (name, command line, tty) [I]
INIT_DAEMONS = (
    ("srcmstr", "/usr/sbin/srcmstr", "-"),
    ("syncd", "/usr/sbin/syncd 60", "-"),
    ("errdemon", "/usr/lib/errdemon", "-"),
    ("cron", "/usr/sbin/cron", "-"),
    ("shlap64", "/usr/ccs/bin/shlap64", "-"),
    ("uprintfd", "/usr/sbin/uprintfd", "-"),
    ("getty", "/usr/sbin/getty /dev/console", "vty0"),
)


@dataclass(frozen=True)
class Proc:
    user: str
    pid: int
    ppid: int
    start: float  # virtual-clock second it started
    tty: str
    cpu_seconds: int
    args: str
    subsystem: str = ""  # the SRC subsystem it is, "" otherwise
    name: str = ""  # what `kill` records when it is not a subsystem

    @property
    def comm(self) -> str:
        first = self.args.split()[0]
        return first.lstrip("-").rsplit("/", 1)[-1] if not first.startswith("-") else first

    @property
    def ucomm(self) -> str:
        return self.args.split()[0].rsplit("/", 1)[-1]


def _args(name: str) -> str:
    if name in DAEMON_ARGS:
        return DAEMON_ARGS[name]
    if name.startswith("IBM.") and name.endswith("RM"):
        return f"/usr/sbin/rsct/bin/{name}d"  # IBM.DRM -> IBM.DRMd
    return f"/usr/sbin/{name}"


def _cpu(part: "Partition", name: str, since: float, now: float) -> int:
    """CPU seconds: a small deterministic share of the time the process has run [I]."""
    rate = (zlib.crc32(f"{part.name}/{name}/cpu".encode()) % 40 + 1) / 100000
    return int(max(0.0, now - since) * rate)


def table(world: "World", part: "Partition", user: str = "root", login_at: float | None = None,
          own: bool = True, shell_pid: int | None = None) -> list[Proc]:
    """Every process the partition runs, in PID order. ``own`` adds the asking session's sshd child,
    its login shell and the command itself (PIDs derived from the login time)."""
    os = part.os
    now = world.clock.now
    boot = os.boot_time
    gone = set(os.stopped_procs)
    procs = [Proc("root", 1, 0, boot, "-", _cpu(part, "init", boot, now), "/etc/init", name="init")]
    srcmstr = src.stable_pid(part, "srcmstr")
    for name, args, tty in INIT_DAEMONS:
        if name in gone:
            continue
        pid = srcmstr if name == "srcmstr" else src.stable_pid(part, name)
        procs.append(Proc("root", pid, 1, boot, tty, _cpu(part, name, boot, now), args, name=name))
    if "srcmstr" not in gone:
        for sub in os.subsystems:
            if sub.defined and sub.status == "active" and sub.pid:
                since = sub.started_at if sub.started_at is not None else boot
                procs.append(Proc("root", sub.pid, srcmstr, since, "-", _cpu(part, sub.name, since, now),
                                  _args(sub.name), subsystem=sub.name))
    if own and os.is_active("sshd"):
        at = now if login_at is None else login_at
        h = zlib.crc32(f"{part.name}/{user}/{at}".encode())
        child = ((0x40 + h % 0xB0) << 16) | ((h >> 8 & 0x7F or 1) << 1)
        shell = shell_pid or child + 0x10000 * 3 + 2  # the shell's own $$ when it has one
        procs.append(Proc("root", child, os.subsystem("sshd").pid, at, "-", 0, f"sshd: {user}@pts/0"))
        procs.append(Proc(user, shell, child, at, "pts/0", 0, "-ksh"))
        procs.append(Proc(user, shell + 0x10000 * 5 + 4, shell, now, "pts/0", 0, ""))  # args set by the caller
    return sorted(procs, key=lambda p: p.pid)


def kill(world: "World", part: "Partition", pid: int, signal: int = 15) -> str:
    """Deliver ``signal`` to ``pid``: "ok", "none" (no such process) or "ignored" (init, the asking
    session). A daemon that dies is gone from ps; an SRC subsystem's death is seen by srcmstr (lssrc
    inoperative, an SRC entry in the error log) and by RMC (src.stop)."""
    procs = {p.pid: p for p in table(world, part, own=False)}
    proc = procs.get(pid)
    if proc is None:
        return "none"
    if pid == 1 or signal == 0:
        return "ignored" if pid == 1 else "ok"
    os = part.os
    if proc.subsystem:
        name = proc.subsystem
        if name == "ctrmc":
            # the resource managers exit with the RMC daemon they serve [I]
            src.stop_rmc(world, part, include_rms=True)
        else:
            src.stop(world, part, name)
        log_error(os, ErrEntry("E18E984F", "SRC", world.clock.now, "P", "S", "SRC", "SOFTWARE PROGRAM ERROR",
                               f"SUBSYSTEM {name} EXITED (signal {signal})"))  # [I] label and text
        return "ok"
    if proc.name in ("srcmstr", "getty"):
        return "ok"  # init respawns them at once (inittab respawn) [I]
    os.stopped_procs.append(proc.name)
    return "ok"


def etime(seconds: float) -> str:
    """ps etime: [[dd-]hh:]mm:ss."""
    s = int(max(0, seconds))
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if days:
        return f"{days}-{hours:02d}:{minutes:02d}:{s:02d}"
    if hours:
        return f"{hours:02d}:{minutes:02d}:{s:02d}"
    return f"{minutes:02d}:{s:02d}"


# ---- memory as the VMM counts it (svmon, vmstat) -----------------------------------------------------------
def memory_frames(world: "World", part: "Partition") -> dict[str, int]:
    """4 KB frames: size follows the OS's online memory (DLPAR), pinned follows what IBM.DRM reports,
    in-use is what the kernel, the pinned pages and each running daemon hold [I: proportions]."""
    os = part.os
    size = os.online_mem_mb * 256
    pin = min(size, os.pinned_mem_mb * 256)
    daemons = sum(1 for s in os.subsystems if s.status == "active")
    virtual = min(size, pin + daemons * 2300 + 61000)
    inuse = min(size, virtual + size // 5)  # file cache grows with memory [I]
    pgsp = paging_mb(os) * 256
    return {"size": size, "inuse": inuse, "free": size - inuse, "pin": pin, "virtual": virtual,
            "pgsp_size": pgsp, "pgsp_inuse": min(pgsp, 3495), "avail": size - virtual}


def paging_mb(os) -> int:
    from . import lvm
    model = lvm.model(os)
    hd6 = model.lv("hd6")
    if hd6 is None:
        return 512
    return hd6.lps * model.vg(hd6.vg).pp_size_mb


def lcpus(part: "Partition") -> int:
    return max(1, part.os.online_procs) * SMT_THREADS
