"""The small utilities both hosts have, registered into a Registry by ``base_registry(flavour)``.

Host commands (lssyscfg, lssrc, ...) are merged over these by the caller, so a host module can
replace any of them (e.g. a richer ``uname``). Everything is a pure function of argv, stdin, the
session (user, hostname, virtual clock, optional ``files`` dict) and the shell that runs it.
"""

from __future__ import annotations

import datetime as dt
import posixpath

from .builtins import b_echo, printf_format
from .command import CommandContext, CommandExit, Registry
from .expand import ShellError
from .flavours import get_flavour
from .sed import sed
from .streams import IO, Buffer, Stdin
from .testexpr import run_test
from .textutils import cat, cut, egrep, fgrep, grep, head, sort, tail, tee, tr, uniq, wc
from .uopts import UsageError, parse_opts, usage_fail

# ------------------------------------------------------------------------------------- sleep

def sleep(ctx: CommandContext) -> int:
    """Validates like GNU sleep and returns at once: time is virtual, nothing waits in wall time."""
    args = ctx.argv[1:]
    if not args:
        usage_fail(ctx, "missing operand")
    for a in args:
        body = a[:-1] if a[-1:] in "smhd" else a
        try:
            if float(body) < 0 or body.strip() != body or body == "":
                raise ValueError
        except ValueError:
            usage_fail(ctx, f"invalid time interval '{a}'")
    return 0


# ------------------------------------------------------------------------- who, where, which

def whoami(ctx: CommandContext) -> int:
    if len(ctx.argv) > 1:
        usage_fail(ctx, f"extra operand '{ctx.argv[1]}'")
    ctx.writeln(str(getattr(ctx.session, "user", "")))
    return 0


def hostname(ctx: CommandContext) -> int:
    name = str(getattr(ctx.session, "hostname", ""))
    args = ctx.argv[1:]
    if args and not args[0].startswith("-"):
        ctx.error("hostname: you must be root to change the host name\n")
        return 1
    if "-s" in args or "--short" in args:
        name = name.split(".")[0]
    ctx.writeln(name)
    return 0


def which(ctx: CommandContext) -> int:
    shell = getattr(ctx, "shell", None)
    names = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if not names:
        return 1
    status = 0
    path = ctx.env.get("PATH", "")
    flavour = get_flavour(getattr(shell, "flavour", None) or getattr(ctx.session, "flavour", "hmc"))
    for name in names:
        found = shell.command_path(name) if shell is not None else None
        if found:
            ctx.writeln(found)
        else:
            # [I] wording: GNU which on the HMC, AIX's which on AIX
            ctx.error(flavour.which_not_found.format(name=name, path=path,
                                                     dirs=" ".join(path.split(":"))) + "\n")
            status = 1
    return status


def uname(ctx: CommandContext) -> int:
    """Defaults per flavour [I]; a session may carry a ``uname`` dict to override the fields."""
    flavour = get_flavour(getattr(ctx.session, "flavour", "hmc"))
    host = str(getattr(ctx.session, "hostname", ""))
    if flavour.sysname == "AIX":
        info = {"s": "AIX", "n": host, "r": "3", "v": "7", "m": "00F84C4A4C00", "p": "powerpc",
                "i": "IBM,9009-42A", "o": "AIX"}
    else:
        info = {"s": "Linux", "n": host, "r": "4.18.0-372.9.1.el8.x86_64",
                "v": "#1 SMP Fri Apr 15 22:12:19 EDT 2022", "m": "x86_64", "p": "x86_64",
                "i": "x86_64", "o": "GNU/Linux"}
    info.update(getattr(ctx.session, "uname", None) or {})
    try:
        opts, operands = parse_opts(ctx.argv, "asnrvmpioMLuxfFlW", {
            "all": "a", "kernel-name": "s", "nodename": "n", "kernel-release": "r",
            "kernel-version": "v", "machine": "m", "processor": "p", "hardware-platform": "i",
            "operating-system": "o"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    if operands:
        usage_fail(ctx, f"extra operand '{operands[0]}'")
    keys = [k for k, _ in opts]
    if "a" in keys:
        order = "snrvmpio" if flavour.sysname != "AIX" else "snrvm"
    else:
        order = "".join(k for k in "snrvmpio" if k in keys) or "s"
    ctx.writeln(" ".join(str(info.get(k, "")) for k in order))
    return 0


# ---------------------------------------------------------------------------------------- date

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _tzname(t: dt.datetime) -> str:
    if t.tzinfo is None:
        return "UTC"
    return t.tzname() or "UTC"


def _epoch(t: dt.datetime) -> int:
    aware = t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)
    return int(aware.timestamp())


def strftime(t: dt.datetime, fmt: str) -> str:
    """GNU date directives, done by hand so the output never depends on the host's locale/libc."""
    def z(v: int, w: int, pad: str) -> str:
        if pad == "-":
            return str(v)
        return str(v).rjust(w, " " if pad == "_" else "0")

    out, i, n = [], 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        i += 1
        pad = ""
        if fmt[i] in "-_0^#" and i + 1 < n:
            pad = fmt[i]
            i += 1
        d = fmt[i]
        i += 1
        h12 = t.hour % 12 or 12
        off = t.utcoffset() if t.tzinfo is not None else dt.timedelta(0)
        mins = int(off.total_seconds() // 60) if off is not None else 0
        table = {
            "a": _DAYS[t.weekday()][:3], "A": _DAYS[t.weekday()], "b": _MONTHS[t.month - 1][:3],
            "B": _MONTHS[t.month - 1], "h": _MONTHS[t.month - 1][:3],
            "C": z(t.year // 100, 2, pad), "d": z(t.day, 2, pad),
            "e": z(t.day, 2, pad or "_"), "H": z(t.hour, 2, pad), "I": z(h12, 2, pad),
            "j": z(t.timetuple().tm_yday, 3, pad), "k": z(t.hour, 2, pad or "_"),
            "l": z(h12, 2, pad or "_"), "m": z(t.month, 2, pad), "M": z(t.minute, 2, pad),
            "n": "\n", "t": "\t", "N": f"{t.microsecond * 1000:09d}", "p": "AM" if t.hour < 12 else "PM",
            "P": "am" if t.hour < 12 else "pm", "s": str(_epoch(t)), "S": z(t.second, 2, pad),
            "u": str(t.isoweekday()), "w": str(t.isoweekday() % 7), "y": z(t.year % 100, 2, pad),
            "Y": str(t.year), "Z": _tzname(t), "%": "%",
            "z": ("+" if mins >= 0 else "-") + f"{abs(mins) // 60:02d}{abs(mins) % 60:02d}",
            "U": z(int(t.strftime("%U")), 2, pad), "W": z(int(t.strftime("%W")), 2, pad),
            "V": z(t.isocalendar()[1], 2, pad), "G": str(t.isocalendar()[0]),
        }
        combos = {"c": "%a %b %e %H:%M:%S %Y", "D": "%m/%d/%y", "F": "%Y-%m-%d", "r": "%I:%M:%S %p",
                  "R": "%H:%M", "T": "%H:%M:%S", "x": "%m/%d/%y", "X": "%H:%M:%S"}
        if d in combos:
            out.append(strftime(t, combos[d]))
        elif d in table:
            val = table[d]
            out.append(val.upper() if pad == "^" else val)
        else:
            out.append("%" + d)
    return "".join(out)


def date(ctx: CommandContext) -> int:
    now = ctx.session.now()
    fmt = "%a %b %e %H:%M:%S %Z %Y"
    for a in ctx.argv[1:]:
        if a.startswith("+"):
            fmt = a[1:]
        elif a in ("-u", "--utc", "--universal"):
            if now.tzinfo is not None:
                now = now.astimezone(dt.UTC).replace(tzinfo=None)
        elif a == "-R" or a == "--rfc-email":
            fmt = "%a, %d %b %Y %H:%M:%S %z"
        elif a in ("-I", "--iso-8601"):
            fmt = "%Y-%m-%d"
        elif a.startswith("-"):
            usage_fail(ctx, f"invalid option -- '{a[1:2]}'")
        else:
            ctx.error("date: cannot set date: Operation not permitted\n")
            return 1
    ctx.writeln(strftime(now, fmt))
    return 0


# ----------------------------------------------------------------------------- env, printenv

def env(ctx: CommandContext) -> int:
    args = ctx.argv[1:]
    environ = dict(ctx.env)
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt in ("-i", "--ignore-environment"):
            environ = {}
        elif opt == "-u" and args:
            environ.pop(args.pop(0), None)
        elif opt == "--":
            break
        else:
            usage_fail(ctx, f"invalid option -- '{opt[1:2]}'", 125)
    while args and "=" in args[0] and not args[0].startswith("="):
        k, _, v = args.pop(0).partition("=")
        environ[k] = v
    if not args:
        for k, v in environ.items():
            ctx.writeln(f"{k}={v}")
        return 0
    shell = getattr(ctx, "shell", None)
    if shell is None:
        ctx.error(f"env: '{args[0]}': No such file or directory\n")
        return 127
    out, err = Buffer(), Buffer()
    added = {k: v for k, v in environ.items() if ctx.env.get(k) != v}
    rc = shell.run_argv(args, IO(Stdin(ctx.stdin), out, err), added, skip_functions=True)
    ctx.write(out.getvalue())
    ctx.error(err.getvalue())
    return rc


def printenv(ctx: CommandContext) -> int:
    names = ctx.argv[1:]
    if not names:
        for k, v in ctx.env.items():
            ctx.writeln(f"{k}={v}")
        return 0
    status = 0
    for name in names:
        if name in ctx.env:
            ctx.writeln(ctx.env[name])
        else:
            status = 1
    return status


# ---------------------------------------------------------------------------------------- seq

MAX_SEQ = 1_000_000


def seq(ctx: CommandContext) -> int:
    args = ctx.argv[1:]
    sep, width_eq, fmt = "\n", False, None
    nums: list[str] = []
    while args:
        a = args.pop(0)
        if a in ("-s", "--separator") and args:
            sep = args.pop(0)
        elif a.startswith("-s") and len(a) > 2 and not _is_number(a):
            sep = a[2:]
        elif a in ("-w", "--equal-width"):
            width_eq = True
        elif a in ("-f", "--format") and args:
            fmt = args.pop(0)
        elif a.startswith("-") and len(a) > 1 and not _is_number(a):
            usage_fail(ctx, f"invalid option -- '{a[1]}'")
        else:
            nums.append(a)
    if not nums:
        usage_fail(ctx, "missing operand")
    if len(nums) > 3:
        usage_fail(ctx, f"extra operand '{nums[3]}'")
    for a in nums:
        if not _is_number(a):
            usage_fail(ctx, f"invalid floating point argument: '{a}'")
    first, step, last = ("1", "1", nums[0]) if len(nums) == 1 else \
        ((nums[0], "1", nums[1]) if len(nums) == 2 else tuple(nums))
    decimals = max((len(x.split(".")[1]) if "." in x else 0) for x in (first, step))
    f, s, la = float(first), float(step), float(last)
    if s == 0:
        usage_fail(ctx, f"invalid Zero increment value: '{step}'")
    count = int((la - f) / s) + 1 if (la - f) * s >= 0 else 0
    if count > MAX_SEQ:
        ctx.error("seq: too many numbers\n")
        return 1
    values = []
    for k in range(max(count, 0)):
        v = f + k * s
        if fmt:
            try:
                values.append(fmt % v)
            except (TypeError, ValueError):
                usage_fail(ctx, f"format '{fmt}' has no % directive")
        elif decimals:
            values.append(f"{v:.{decimals}f}")
        else:
            values.append(str(round(v)))
    if width_eq and values:
        w = max(len(v) for v in values)
        values = [v.rjust(w, "0") if not v.startswith("-") else "-" + v[1:].rjust(w - 1, "0")
                  for v in values]
    if values:
        ctx.write(sep.join(values) + "\n")
    return 0


def _is_number(a: str) -> bool:
    try:
        float(a)
        return a.strip() == a and a.lower() not in ("nan", "inf", "-inf", "+inf", "infinity")
    except ValueError:
        return False


# --------------------------------------------------------------------------- basename/dirname

def basename(ctx: CommandContext) -> int:
    args = [a for a in ctx.argv[1:] if a != "--"]
    if not args:
        usage_fail(ctx, "missing operand")
    name = args[0].rstrip("/") or ("/" if args[0].startswith("/") else "")
    base = name.rsplit("/", 1)[-1] if name != "/" else "/"
    if len(args) > 1 and base.endswith(args[1]) and base != args[1]:
        base = base[:-len(args[1])]
    ctx.writeln(base)
    return 0


def dirname(ctx: CommandContext) -> int:
    args = [a for a in ctx.argv[1:] if a != "--"]
    if not args:
        usage_fail(ctx, "missing operand")
    for a in args:
        d = posixpath.dirname(a.rstrip("/")) if a.rstrip("/") else "/"
        ctx.writeln(d.rstrip("/") or ("/" if d.startswith("/") else "."))
    return 0


# ---------------------------------------------------------------------------------------- expr

def expr(ctx: CommandContext) -> int:
    """POSIX expr: | & comparisons + - * / % and ':' (anchored BRE), plus GNU length/substr/index."""
    import re as _re

    from . import safe_regex
    from .patterns import posix_to_python
    toks = ctx.argv[1:]
    pos = 0

    def fail(msg: str, code: int = 2):
        ctx.error(f"expr: {msg}\n")
        raise CommandExit(code)

    def is_int(v: str) -> bool:
        return v.lstrip("-").isdigit() and v not in ("-",)

    def take() -> str:
        nonlocal pos
        if pos >= len(toks):
            fail("syntax error: missing argument after '%s'" % (toks[-1] if toks else ""))
        pos += 1
        return toks[pos - 1]

    def peek() -> str | None:
        return toks[pos] if pos < len(toks) else None

    def primary() -> str:
        nonlocal pos
        t = take()
        if t == "(":
            v = or_()
            if take() != ")":
                fail("syntax error: expecting ')'")
            return v
        if t == "length" and peek() is not None:
            return str(len(primary()))
        if t == "substr":
            s, p, n = primary(), primary(), primary()
            if not (is_int(p) and is_int(n)):
                return ""
            return s[int(p) - 1:int(p) - 1 + int(n)] if int(p) > 0 and int(n) > 0 else ""
        if t == "index":
            s, chars = primary(), primary()
            return str(next((i + 1 for i, c in enumerate(s) if c in chars), 0))
        if t == "match":
            s, r = primary(), primary()
            return match(s, r)
        return t

    def match(s: str, r: str) -> str:
        try:
            m = safe_regex.compile(posix_to_python(r, False)).match(s)
        except _re.error:
            fail("Invalid regular expression")
        if m is None:
            return "" if _re.compile(posix_to_python(r, False)).groups else "0"
        return m.group(1) or "" if m.re.groups else str(len(m.group(0)))

    def colon() -> str:
        v = primary()
        while peek() == ":":
            take()
            v = match(v, primary())
        return v

    def mul() -> str:
        v = colon()
        while peek() in ("*", "/", "%"):
            op = take()
            w = colon()
            if not (is_int(v) and is_int(w)):
                fail("non-integer argument")
            a, b = int(v), int(w)
            if op != "*" and b == 0:
                fail("division by zero")
            q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1) if op != "*" else 0
            v = str(a * b if op == "*" else (q if op == "/" else a - b * q))
        return v

    def add() -> str:
        v = mul()
        while peek() in ("+", "-"):
            op = take()
            w = mul()
            if not (is_int(v) and is_int(w)):
                fail("non-integer argument")
            v = str(int(v) + int(w) if op == "+" else int(v) - int(w))
        return v

    def cmp() -> str:
        v = add()
        while peek() in ("=", "==", "!=", "<", "<=", ">", ">="):
            op = take()
            w = add()
            a, b = (int(v), int(w)) if is_int(v) and is_int(w) else (v, w)
            res = {"=": a == b, "==": a == b, "!=": a != b, "<": a < b, "<=": a <= b,
                   ">": a > b, ">=": a >= b}[op]
            v = "1" if res else "0"
        return v

    def and_() -> str:
        v = cmp()
        while peek() == "&":
            take()
            w = cmp()
            v = v if (v not in ("", "0") and w not in ("", "0")) else "0"
        return v

    def or_() -> str:
        v = and_()
        while peek() == "|":
            take()
            w = and_()
            v = v if v not in ("", "0") else (w if w not in ("", "0") else "0")
        return v

    if not toks:
        fail("missing operand")
    result = or_()
    if pos < len(toks):
        fail(f"syntax error: unexpected argument '{toks[pos]}'")
    ctx.writeln(result)
    return 1 if result in ("", "0") else 0


# ------------------------------------------------------------ echo/printf/test/true/false files

def echo(ctx: CommandContext) -> int:
    shell = getattr(ctx, "shell", None)
    io = IO(Stdin(), Buffer(), Buffer())

    class _Stub:  # /usr/bin/echo outside a shell: GNU echo (no escapes without -e)
        flavour = get_flavour(getattr(ctx.session, "flavour", "hmc"))

    b_echo(shell or _Stub(), ctx.argv, io)
    ctx.write(io.out.getvalue())
    return 0


def printf(ctx: CommandContext) -> int:
    if len(ctx.argv) < 2:
        usage_fail(ctx, "missing operand")
    text, errors, _ = printf_format(None, None, ctx.argv[1], ctx.argv[2:])
    ctx.write(text)
    for e in errors:
        ctx.error(e + "\n")
    return 1 if errors else 0


def true(ctx: CommandContext) -> int:
    return 0


def false(ctx: CommandContext) -> int:
    return 1


def test(ctx: CommandContext) -> int:
    shell = getattr(ctx, "shell", None)
    args = ctx.argv[1:]
    if ctx.name == "[":
        if not args or args[-1] != "]":
            ctx.error("[: missing `]'\n")
            return 2
        args = args[:-1]
    if shell is None:
        return 0 if args and args[0] else 1
    try:
        return run_test(shell, args, ctx.name)
    except ShellError as e:
        ctx.error(e.message.split(": ", 1)[-1] + "\n" if e.message else "")
        return 2


# ------------------------------------------------------------------------------------ registry

UTILITIES = {
    "grep": (grep, "print lines that match patterns", "-i -v -E -F -G -c -n -w -x -q -s -o -l -L -h -H -e -f -A -B -C -m"),
    "egrep": (egrep, "grep -E", "as grep"),
    "fgrep": (fgrep, "grep -F", "as grep"),
    "sed": (sed, "stream editor", "-n -e -f -E -r -i; s///gipN d p q Q = y a i c h H g G x n N b t : { } !"),
    "cut": (cut, "remove sections from each line", "-b -c -d -f -s --complement --output-delimiter"),
    "sort": (sort, "sort lines", "-n -r -u -t -k -f -b -s -g -h -d -c -o"),
    "uniq": (uniq, "omit repeated lines", "-c -d -u -i -f -s -w"),
    "head": (head, "first part of input", "-n -c -N -q -v"),
    "tail": (tail, "last part of input", "-n -c -N +N -q -v -f(no-op)"),
    "wc": (wc, "count lines, words, bytes", "-l -w -c -m -L"),
    "tr": (tr, "translate or delete characters", "-d -s -c -t"),
    "cat": (cat, "concatenate", "-n -b -s -A -E -T"),
    "tee": (tee, "copy stdin to stdout and files", "-a"),
    "sleep": (sleep, "no-op on the virtual clock", ""),
    "which": (which, "locate a command", ""),
    "whoami": (whoami, "print the user name", ""),
    "hostname": (hostname, "print the host name", "-s"),
    "date": (date, "print the virtual clock", "+FORMAT -u -R -I"),
    "env": (env, "print the environment or run a command in it", "-i -u NAME=VALUE"),
    "printenv": (printenv, "print the environment", ""),
    "seq": (seq, "print a sequence of numbers", "-s -w -f"),
    "uname": (uname, "system information", "-a -s -n -r -v -m -p -i -o"),
    "basename": (basename, "strip directory and suffix", ""),
    "dirname": (dirname, "strip the last component", ""),
    "expr": (expr, "evaluate expressions", ""),
    "echo": (echo, "/usr/bin/echo", "-n -e -E"),
    "printf": (printf, "/usr/bin/printf", ""),
    "true": (true, "/usr/bin/true", ""),
    "false": (false, "/usr/bin/false", ""),
    "test": (test, "/usr/bin/test", ""),
    "[": (test, "/usr/bin/[", ""),
}


def base_registry(flavour_name: str) -> Registry:
    flavour = get_flavour(flavour_name)
    reg = Registry(flavour.name)
    for name, (fn, summary, flags) in UTILITIES.items():
        paths = tuple(f"{d}/{name}" for d in flavour.bin_dirs)
        reg.register(name, fn, paths=paths, summary=summary, flags=tuple(flags.split()))
    return reg
