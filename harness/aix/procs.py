"""Processes, users and the running system: ps, kill, id, who, uptime. Everything is read from the world
(world/procs.py): the daemons in ps are the active SRC subsystems with lssrc's PIDs; the memory and
processor views are in perf.py.

Layouts: `ps -ef` columns from AIX captures (`ps -ef | grep xntpd` in a public NTP how-to) [V];
`ps -o etime=` right-aligned in 11 (chef/ohai uptime spec) [V];
the others are from memory of AIX 7 and tagged [I] where they are rendered.
"""

from __future__ import annotations

import zlib
from datetime import timedelta

from ..shell.command import CommandContext
from ..world import procs as P
from ..world.procs import Proc
from .common import aix_command, parse, partition, world

# ---- time helpers ---------------------------------------------------------------------------------------
def _dt(ctx: CommandContext, at: float):
    return world(ctx).clock.epoch + timedelta(seconds=at)


def _stime(ctx: CommandContext, at: float) -> str:
    """Today's processes show hh:mm:ss, older ones the month and day [V shape of ps -ef]."""
    now = world(ctx).clock.now
    t = _dt(ctx, at)
    return t.strftime("%H:%M:%S") if now - at < 86400 and t.date() == _dt(ctx, now).date() else t.strftime("%b %d")


def _cputime(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _procs(ctx: CommandContext) -> list[Proc]:
    part = partition(ctx)
    s = ctx.session
    shell = getattr(ctx, "shell", None)
    table = P.table(world(ctx), part, s.user, getattr(s, "login_at", None),
                    shell_pid=getattr(shell, "pid", None))
    me = " ".join(ctx.argv)
    return [p if p.args else Proc(p.user, p.pid, p.ppid, p.start, p.tty, 0, me) for p in table]


# ---- ps -------------------------------------------------------------------------------------------------
PS_USAGE = ("Usage: ps [-ANNaedfklmMZ] [-n namelist] [-F Format] [-o specifier[=header],...]\n"
            "\t\t[-p proclist][-G|-g grouplist] [-t termlist] [-U|-u userlist] [-c classlist] [ -T pid] [ -L pidlist]\n"
            "Usage: ps [aceglnsuvwxU] [t tty] [processnumber]")  # [U]

# -o specifiers: header, minimum width, right-aligned [I: AIX headers; widths so that etime= is 11 V]
_FIELDS = {
    "user": ("USER", 8, True), "ruser": ("RUSER", 8, True), "uid": ("UID", 8, True),
    "pid": ("PID", 8, True), "ppid": ("PPID", 8, True), "pgid": ("PGID", 8, True),
    "pcpu": ("%CPU", 4, True), "vsz": ("VSZ", 6, True), "rss": ("RSS", 6, True), "nice": ("NI", 2, True),
    "etime": ("ELAPSED", 11, True), "time": ("TIME", 8, True), "tty": ("TT", 6, False),
    "comm": ("COMMAND", 0, False), "args": ("COMMAND", 0, False), "stat": ("ST", 2, False),
    "group": ("GROUP", 8, True), "thcount": ("THCNT", 5, True),
}


def _field(ctx: CommandContext, p: Proc, name: str) -> str:
    now = world(ctx).clock.now
    if name in ("user", "ruser", "group"):
        return p.user if name != "group" else ("system" if p.user == "root" else "staff")
    if name == "uid":
        return "0" if p.user == "root" else "100"
    if name in ("pid", "ppid"):
        return str(getattr(p, name))
    if name == "pgid":
        return str(p.pid)
    if name == "pcpu":
        return "%.1f" % (100 * p.cpu_seconds / max(1.0, now - p.start))
    if name in ("vsz", "rss"):
        return str(_size_kb(p))
    if name == "nice":
        return "20"
    if name == "etime":
        return P.etime(now - p.start)
    if name == "time":
        s = p.cpu_seconds
        return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
    if name == "tty":
        return p.tty
    if name == "comm":
        return p.ucomm
    if name == "args":
        return p.args
    if name == "stat":
        return "A"
    if name == "thcount":
        return "1"
    return ""


def _size_kb(p: Proc) -> int:
    return 256 + zlib.crc32(p.args.encode()) % 3800  # [I] a daemon's few MB


def _specs(ctx: CommandContext, texts: list[str]) -> list[tuple[str, str]] | None:
    out = []
    for text in texts:
        for item in text.replace(" ", ",").split(","):
            if not item:
                continue
            name, eq, header = item.partition("=")
            if name not in _FIELDS:
                ctx.error(f"ps: {name} is not a valid field name.\n")  # [U]
                return None
            out.append((name, header if eq else _FIELDS[name][0]))
    return out


def _custom(ctx: CommandContext, rows: list[Proc], specs: list[tuple[str, str]]) -> None:
    values = [[_field(ctx, p, name) for name, _ in specs] for p in rows]
    widths = []
    for i, (name, header) in enumerate(specs):
        widths.append(max([_FIELDS[name][1], len(header)] + [len(v[i]) for v in values]))
    last = len(specs) - 1

    def render(cells: list[str]) -> str:
        parts = []
        for i, (name, _h) in enumerate(specs):
            right = _FIELDS[name][2]
            if i == last and not right:
                parts.append(cells[i])
            else:
                parts.append(cells[i].rjust(widths[i]) if right else cells[i].ljust(widths[i]))
        return " ".join(parts)

    if any(h for _, h in specs):
        ctx.writeln(render([h for _, h in specs]))
    for v in values:
        ctx.writeln(render(v))


def _full_row(ctx: CommandContext, p: Proc) -> str:
    return (f"{p.user:>8} {p.pid:>8} {p.ppid:>8} {0:>3} {_stime(ctx, p.start):>8} {p.tty:>6} "
            f"{_cputime(p.cpu_seconds):>5} {p.args}")


def _berkeley(ctx: CommandContext, rows: list[Proc]) -> None:
    """`ps aux` [I: AIX Berkeley layout]."""
    mem_kb = partition(ctx).os.online_mem_mb * 1024
    ctx.writeln("USER         PID %CPU %MEM   SZ  RSS    TTY STAT    STIME  TIME COMMAND")
    for p in rows:
        kb = _size_kb(p)
        ctx.writeln(f"{p.user:<8} {p.pid:>8} {_field(ctx, p, 'pcpu'):>4} {'%.1f' % (100 * kb / max(1, mem_kb)):>4} "
                    f"{kb:>4} {kb:>4} {p.tty:>6} {'A':<4} {_stime(ctx, p.start):>8} {_cputime(p.cpu_seconds):>5} "
                    f"{p.args}")


@aix_command
def ps(ctx: CommandContext) -> int:
    argv = ctx.argv[1:]
    rows = _procs(ctx)
    if argv and not argv[0].startswith("-"):  # Berkeley style: ps aux, ps ax, ps u
        letters = set(argv[0])
        if not letters <= set("aceglnsuvwxU"):
            ctx.error(PS_USAGE + "\n")
            return 1
        if "x" not in letters:
            rows = [p for p in rows if p.tty != "-"]
        if "a" not in letters:
            rows = [p for p in rows if p.user == ctx.session.user]
        if "u" in letters:
            _berkeley(ctx, rows)
        else:
            ctx.writeln("     PID    TTY STAT  TIME COMMAND")  # [I]
            for p in rows:
                ctx.writeln(f"{p.pid:>8} {p.tty:>6} {'A':<4} {_cputime(p.cpu_seconds):>5} {p.args}")
        return 0
    opts, args = parse(ctx, "AaedfklmMo:p:t:u:U:g:G:F:", lambda c: c.error(PS_USAGE + "\n"))
    if args:
        ctx.error(PS_USAGE + "\n")
        return 1
    flags = {o for o, _ in opts}
    every = bool(flags & {"-e", "-A"})
    pids = [x for o, v in opts if o == "-p" for x in v.replace(",", " ").split()]
    users = [x for o, v in opts if o in ("-u", "-U") for x in v.replace(",", " ").split()]
    ttys = [x for o, v in opts if o == "-t" for x in v.replace(",", " ").split()]
    if pids or users or ttys:
        rows = [p for p in rows if str(p.pid) in pids or p.user in users or p.tty in ttys]
    elif not every and "-a" not in flags:
        rows = [p for p in rows if p.tty == "pts/0" and p.user == ctx.session.user]
    elif "-a" in flags and not every:
        rows = [p for p in rows if p.tty != "-"]
    formats = [v for o, v in opts if o in ("-o", "-F")]
    if formats:
        specs = _specs(ctx, formats)
        if specs is None:
            ctx.error(PS_USAGE + "\n")
            return 1
        _custom(ctx, rows, specs)
        return 0 if rows or not pids else 1
    if "-f" in flags:
        ctx.writeln("     UID      PID     PPID   C    STIME    TTY  TIME CMD")
        for p in rows:
            ctx.writeln(_full_row(ctx, p))
    elif "-l" in flags:
        ctx.writeln("       F S      UID      PID     PPID   C PRI NI ADDR    SZ    WCHAN    TTY  TIME CMD")  # [I]
        for p in rows:
            uid = 0 if p.user == "root" else 100
            ctx.writeln(f"  240001 A {uid:>8} {p.pid:>8} {p.ppid:>8} {0:>3} {60:>3} {20:>2} {'0':>4} "
                        f"{_size_kb(p) // 4:>5} "
                        f"{'-':>8} {p.tty:>6} {_cputime(p.cpu_seconds):>5} {p.ucomm}")
    else:
        # PID in 9 [V `ps -T` capture: "      PID    TTY  TIME CMD" / " 14352812  pts/4  0:00 sh"]
        ctx.writeln("      PID    TTY  TIME CMD")
        for p in rows:
            ctx.writeln(f"{p.pid:>9} {p.tty:>6} {_cputime(p.cpu_seconds):>5} {p.ucomm if p.ucomm != '-ksh' else 'ksh'}")
    return 0 if rows or not pids else 1


# ---- kill -----------------------------------------------------------------------------------------------
SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "EMT": 7, "FPE": 8, "KILL": 9,
           "BUS": 10, "SEGV": 11, "SYS": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "URG": 16, "STOP": 17,
           "TSTP": 18, "CONT": 19, "CHLD": 20, "TTIN": 21, "TTOU": 22, "IO": 23, "XCPU": 24, "XFSZ": 25,
           "MSG": 27, "WINCH": 28, "PWR": 29, "USR1": 30, "USR2": 31, "PROF": 32, "DANGER": 33, "VTALRM": 34,
           "MIGRATE": 35, "PRE": 36, "VIRT": 37, "ALRM1": 38, "WAITING": 39, "RECONFIG": 58,
           "CPUFAIL": 59, "GRANT": 60, "RETRACT": 61, "SOUND": 62, "SAK": 63}  # AIX numbering


def _signal(text: str) -> int | None:
    name = text.upper().removeprefix("SIG")
    if name.isdigit():
        return int(name) if int(name) <= 63 else None
    return SIGNALS.get(name)


@aix_command
def kill(ctx: CommandContext) -> int:
    part = partition(ctx)
    args = ctx.argv[1:]
    usage = "Usage: kill [ -SignalNumber | -SignalName ] ProcessID...\n       kill -l [ ExitStatus ]\n"  # [U]
    if args and args[0] == "-l":
        names = sorted(SIGNALS, key=SIGNALS.get)
        ctx.writeln(" ".join(names))
        return 0
    if args and args[0] == "-s" and len(args) > 1:
        sig_n = _signal(args[1])
        args = args[2:]
    elif args and args[0].startswith("-") and args[0] != "--" and len(args[0]) > 1:
        sig_n = _signal(args[0][1:])
        args = args[1:]
    else:
        sig_n = 15
    if args and args[0] == "--":
        args = args[1:]
    if sig_n is None:
        ctx.error(f"kill: {ctx.argv[1].lstrip('-')}: 0403-014 The specified signal is not valid.\n")  # [U]
        return 1
    if not args:
        ctx.error(usage)
        return 1
    rc = 0
    by_pid = {p.pid: p for p in _procs(ctx)}
    for a in args:
        if not a.lstrip("-").isdigit():
            ctx.error(f"kill: {a}: 0403-011 The specified number is not valid for this command.\n")  # [U]
            rc = 1
            continue
        pid = int(a)
        target = by_pid.get(pid)
        if target is None:
            ctx.error(f"kill: {a}: 0403-003 The specified process does not exist.\n")  # [I]
            rc = 1
            continue
        if ctx.session.user != "root" and target.user != ctx.session.user:
            ctx.error(f"kill: {a}: 0403-002 The process does not exist or you do not have permission.\n")  # [U]
            rc = 1
            continue
        if target.tty == "pts/0" or target.args.startswith("sshd: "):
            continue  # the session's own processes: not modelled as killable [I]
        P.kill(world(ctx), part, pid, sig_n)
    return rc


# ---- id / who / uptime ----------------------------------------------------------------------------------
ROOT_GROUPS = "groups=2(bin),3(sys),7(security),8(cron),10(audit),11(lp)"  # [I] AIX root's groups


def _ids(os, user: str) -> tuple[int, str, int, str, str]:
    """(uid, user, gid, group, groups text) [I: padmin 100/staff on the VIOS; other users from 201]."""
    if user == "root":
        return 0, "root", 0, "system", ROOT_GROUPS
    if user == "padmin":
        return 100, "padmin", 1, "staff", "groups=0(system),7(security),14(shutdown)"
    others = sorted(u for u in os.users if u not in ("root", "padmin"))
    uid = 201 + (others.index(user) if user in others else len(others))
    return uid, user, 1, "staff", ""


@aix_command
def id_(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "ugGnr", lambda c: c.error("Usage: id [-G [-n]] [-g [-r][-n]] [-u [-r][-n]] [User]\n"))
    flags = {o for o, _ in opts}
    user = args[0] if args else ctx.session.user
    if args and user not in os.users and user != "root":
        ctx.error("id: 3004-820 User not found in /etc/passwd file\n")  # [U]
        return 2
    uid, name, gid, group, groups = _ids(os, user)
    if "-u" in flags:
        ctx.writeln(name if "-n" in flags else str(uid))
    elif "-g" in flags:
        ctx.writeln(group if "-n" in flags else str(gid))
    elif "-G" in flags:
        extra = [g.split("(") for g in groups.removeprefix("groups=").split(",") if g]
        if "-n" in flags:
            ctx.writeln(" ".join([group] + [g[1].rstrip(")") for g in extra]))
        else:
            ctx.writeln(" ".join([str(gid)] + [g[0] for g in extra]))
    else:
        ctx.writeln(f"uid={uid}({name}) gid={gid}({group})" + (f" {groups}" if groups else ""))
    return 0


@aix_command
def who(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "abdHlmpqrsTtuA", lambda c: c.error("Usage: who [-AabdHilmpqrsTtuw] [File]\n"))  # [U]
    flags = {o for o, _ in opts}
    if "-b" in flags:
        ctx.writeln(f"   .        system boot {_dt(ctx, os.boot_time).strftime('%b %d %H:%M')}")  # [I]
        return 0
    if "-r" in flags:
        boot = _dt(ctx, os.boot_time).strftime("%b %d %H:%M")
        ctx.writeln(f"   .        run-level 2 {boot}       2    0    S")  # [I]
        return 0
    if "-q" in flags:
        ctx.writeln(ctx.session.user)
        ctx.writeln("# users=1")
        return 0
    src = (ctx.session.env or {}).get("SSH_CLIENT", "").split()
    host = f"     ({src[0]})" if src else ""
    at = getattr(ctx.session, "login_at", None) or world(ctx).clock.now
    if "-H" in flags:
        ctx.writeln("NAME        LINE        TIME")  # [I]
    ctx.writeln(f"{ctx.session.user:<12}{'pts/0':<12}{_dt(ctx, at).strftime('%b %d %H:%M')}{host}")  # [I]
    return 0


def _load(part, now: float, span: int) -> float:
    """A small, steady load average: daemons mostly sleep [I]."""
    h = zlib.crc32(f"{part.name}/load/{span}/{int(now // 300)}".encode())
    return round(0.5 + part.os.online_procs * 0.25 + (h % 60) / 100, 2)


@aix_command
def uptime(ctx: CommandContext) -> int:
    part = partition(ctx)
    now = world(ctx).clock.now
    up = int(now - part.os.boot_time)
    days, rest = divmod(up, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    clock = _dt(ctx, now).strftime("%I:%M%p")  # "  09:48AM   up 12 days, ..." [I zero-padded hour]
    if days:
        span = f"up {days} day{'s' if days != 1 else ''}, {hours:>2}:{minutes:02d}," if hours else \
            f"up {days} day{'s' if days != 1 else ''}, {minutes:>2} mins,"
    elif hours:
        span = f"up  {hours:>2}:{minutes:02d},"
    else:
        span = f"up {minutes} mins,"
    loads = ", ".join(f"{_load(part, now, s):.2f}" for s in (1, 5, 15))
    ctx.writeln(f"  {clock:>7}   {span}  1 user,  load average: {loads}")  # [I] AIX layout
    return 0
