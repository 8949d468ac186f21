"""GNU sed subset: s (g, i/I, p, N), d, p, q/Q, =, y, a/i/c, h/H/g/G/x, n/N, b/t/:label, { },
addresses (N, $, /re/, \\cREc, ranges, !), options -n -e -E/-r -i -s. Scripts are parsed by a
small hand-written scanner (sed's own grammar, not the shell's)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .command import CommandContext
from . import safe_regex
from .patterns import posix_to_python
from .streams import file_text
from .uopts import UsageError, abspath, parse_opts, session_files, split_lines


class SedError(Exception):
    pass


@dataclass
class Addr:
    kind: str           # "line" | "last" | "re"
    value: object = None


@dataclass
class Cmd:
    a1: Addr | None
    a2: Addr | None
    negate: bool
    name: str
    arg: object = None
    active: bool = False
    end: int = 0        # for '{': index of the matching '}'
    extra: dict = field(default_factory=dict)


class _Script:
    def __init__(self, text: str, extended: bool, expr_no: int, cmds: list[Cmd],
                 last_rx: re.Pattern | None = None):
        self.s, self.i, self.ext, self.expr_no = text, 0, extended, expr_no
        self.cmds = cmds  # shared by every -e script, so block ends are global indexes
        self.last_rx = last_rx

    def fail(self, msg: str) -> SedError:
        return SedError(f"-e expression #{self.expr_no}, char {self.i}: {msg}")

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip_ws(self) -> None:
        while self.peek() in (" ", "\t"):
            self.i += 1

    def delimited(self, delim: str, what: str) -> str:
        """Text up to an unescaped ``delim``; ``\\delim`` becomes the delimiter itself."""
        out = []
        while True:
            c = self.peek()
            if c == "":
                raise self.fail(what)
            self.i += 1
            if c == "\\":
                d = self.peek()
                self.i += 1
                if d == delim:
                    special = ".*[]^$\\" + ("+?(){}|" if self.ext else "")
                    out.append("\\" + delim if delim in special else delim)
                elif d == "n":
                    out.append("\n")
                elif d == "":
                    raise self.fail(what)
                else:
                    out.append("\\" + d)
                continue
            if c == "[":
                # a bracket expression may hold the delimiter unescaped
                j = self.i
                if j < len(self.s) and self.s[j] in "^":
                    j += 1
                if j < len(self.s) and self.s[j] == "]":
                    j += 1
                close = self.s.find("]", j)
                if close >= 0 and "\n" not in self.s[self.i - 1:close]:
                    out.append(self.s[self.i - 1:close + 1])
                    self.i = close + 1
                    continue
            if c == delim:
                return "".join(out)
            out.append(c)

    def regex(self, body: str, flags: int = 0) -> re.Pattern:
        if body == "":
            if self.last_rx is None:
                raise self.fail("no previous regular expression")
            return self.last_rx
        try:
            rx = safe_regex.compile(posix_to_python(body, self.ext), flags)
        except re.error as e:
            raise self.fail(f"Invalid regular expression: {e}") from None
        self.last_rx = rx
        return rx

    def address(self) -> Addr | None:
        c = self.peek()
        if c.isdigit():
            j = self.i
            while self.peek().isdigit():
                self.i += 1
            return Addr("line", int(self.s[j:self.i]))
        if c == "$":
            self.i += 1
            return Addr("last")
        if c in ("/", "\\"):
            self.i += 1
            delim = "/"
            if c == "\\":
                delim = self.peek()
                self.i += 1
            body = self.delimited(delim, "unterminated address regex")
            flags = 0
            while self.peek() in ("I", "M"):
                flags |= re.IGNORECASE if self.peek() == "I" else re.MULTILINE
                self.i += 1
            return Addr("re", self.regex(body, flags))
        return None

    def label(self) -> str:
        self.skip_ws()
        j = self.i
        while self.peek() not in ("", "\n", ";", "}"):
            self.i += 1
        return self.s[j:self.i].strip()

    def text_arg(self) -> str:
        self.skip_ws()
        if self.peek() == "\\":
            self.i += 1
            if self.peek() == "\n":
                self.i += 1
        out = []
        while self.peek() not in ("", "\n"):
            c = self.peek()
            self.i += 1
            if c == "\\" and self.peek():
                out.append(self.peek())
                self.i += 1
            else:
                out.append(c)
        return "".join(out)

    def replacement(self, text: str) -> list:
        parts: list = []
        buf: list[str] = []
        i = 0
        while i < len(text):
            c = text[i]
            if c == "\\" and i + 1 < len(text):
                d = text[i + 1]
                i += 2
                if d.isdigit():
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    parts.append(int(d))
                elif d == "n":
                    buf.append("\n")
                elif d == "t":
                    buf.append("\t")
                elif d == "&":
                    buf.append("&")
                elif d in "LUEul":
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    parts.append(("case", d))
                else:
                    buf.append(d)
                continue
            if c == "&":
                if buf:
                    parts.append("".join(buf))
                    buf = []
                parts.append(0)
            else:
                buf.append(c)
            i += 1
        if buf:
            parts.append("".join(buf))
        return parts

    def parse(self) -> list[Cmd]:
        stack: list[int] = []
        while True:
            while self.peek() in (" ", "\t", "\n", ";"):
                self.i += 1
            if self.peek() == "":
                break
            if self.peek() == "#":
                while self.peek() not in ("", "\n"):
                    self.i += 1
                continue
            a1 = self.address()
            a2 = None
            if a1 is not None and self.peek() == ",":
                self.i += 1
                self.skip_ws()
                a2 = self.address()
                if a2 is None:
                    raise self.fail("unexpected `,'")
            self.skip_ws()
            negate = False
            while self.peek() == "!":
                negate = True
                self.i += 1
                self.skip_ws()
            c = self.peek()
            if c == "":
                raise self.fail("missing command")
            self.i += 1
            cmd = Cmd(a1, a2, negate, c)
            if c == "{":
                stack.append(len(self.cmds))
                self.cmds.append(cmd)
                continue
            if c == "}":
                if not stack or a1 is not None:
                    raise self.fail("unexpected `}'")
                self.cmds[stack.pop()].end = len(self.cmds)
                continue
            if c == "s":
                delim = self.peek()
                if delim in ("", "\n", "\\"):
                    raise self.fail("unterminated `s' command")
                self.i += 1
                pattern = self.delimited(delim, "unterminated `s' command")
                repl = self.delimited(delim, "unterminated `s' command")
                gflag, pflag, nth, rflags = False, False, 1, 0
                while self.peek() and self.peek() in "gpiIme0123456789w":
                    f = self.peek()
                    self.i += 1
                    if f == "g":
                        gflag = True
                    elif f == "p":
                        pflag = True
                    elif f in "iI":
                        rflags |= re.IGNORECASE
                    elif f == "m":
                        rflags |= re.MULTILINE
                    elif f.isdigit():
                        j = self.i - 1
                        while self.peek().isdigit():
                            self.i += 1
                        nth = int(self.s[j:self.i]) or 1
                    elif f == "w":
                        self.label()
                rx = self.regex(pattern, rflags)
                parts = self.replacement(repl)
                refs = [p for p in parts if isinstance(p, int) and p > 0]
                if refs and max(refs) > rx.groups:
                    raise self.fail(f"invalid reference \\{max(refs)} on `s' command's RHS")
                cmd.arg = (rx, parts, gflag, pflag, nth)
            elif c == "y":
                delim = self.peek()
                self.i += 1
                src = self.delimited(delim, "unterminated `y' command")
                dst = self.delimited(delim, "unterminated `y' command")
                if len(src) != len(dst):
                    raise self.fail("strings for `y' command are different lengths")
                cmd.arg = str.maketrans(src, dst)
            elif c in "aic":
                cmd.arg = self.text_arg()
            elif c in "btT":
                cmd.arg = self.label()
            elif c == ":":
                if a1 is not None:
                    raise self.fail(": doesn't want any addresses")
                cmd.arg = self.label()
            elif c in "qQ":
                self.skip_ws()
                j = self.i
                while self.peek().isdigit():
                    self.i += 1
                cmd.arg = int(self.s[j:self.i]) if self.i > j else 0
            elif c in "dDpPnNhHgGx=lz":
                pass
            else:
                raise self.fail(f"unknown command: `{c}'")
            self.skip_ws()
            if self.peek() not in ("", "\n", ";", "}", "#"):
                raise self.fail("extra characters after command")
            self.cmds.append(cmd)
        if stack:
            raise SedError(f"-e expression #{self.expr_no}, char 0: unmatched `{{'")
        return self.cmds


def _substitute(ps: str, arg) -> tuple[str, bool]:
    rx, parts, gflag, _p, nth = arg
    count = 0
    done = False

    def expand(m: re.Match) -> str:
        out: list[str] = []
        mode, one = None, None
        for p in parts:
            if isinstance(p, tuple):
                d = p[1]
                if d in "LU":
                    mode = d
                elif d == "E":
                    mode = None
                else:
                    one = d
                continue
            piece = p if isinstance(p, str) else (m.group(p) or "")
            if mode == "L":
                piece = piece.lower()
            elif mode == "U":
                piece = piece.upper()
            if one and piece:
                piece = (piece[0].lower() if one == "l" else piece[0].upper()) + piece[1:]
                one = None
            out.append(piece)
        return "".join(out)

    def repl(m: re.Match) -> str:
        nonlocal count, done
        count += 1
        if count < nth or (done and not gflag):
            return m.group(0)
        done = True
        return expand(m)

    new = rx.sub(repl, ps)
    return new, done


def _run(cmds: list[Cmd], lines: list[str], quiet: bool, out: list[str]) -> int:
    labels = {c.arg: k for k, c in enumerate(cmds) if c.name == ":"}
    hold = ""
    n = len(lines)
    idx = 0
    while idx < n:
        ps = lines[idx]
        lineno = idx + 1
        idx += 1
        appends: list[str] = []
        deleted = False
        subst_flag = False
        pc = 0
        restart = False
        while pc < len(cmds):
            cmd = cmds[pc]
            if not _matches(cmd, lineno, ps, idx >= n):
                pc = cmd.end if cmd.name == "{" else pc + 1
                continue
            name = cmd.name
            pc += 1
            if name == "{":
                continue
            if name == "s":
                ps, hit = _substitute(ps, cmd.arg)
                if hit:
                    subst_flag = True
                    if cmd.arg[3]:
                        out.append(ps + "\n")
            elif name == "d":
                deleted = True
                break
            elif name == "D":
                if "\n" in ps:
                    ps = ps.split("\n", 1)[1]
                    restart = True
                else:
                    deleted = True
                break
            elif name == "p":
                out.append(ps + "\n")
            elif name == "P":
                out.append(ps.split("\n", 1)[0] + "\n")
            elif name == "=":
                out.append(f"{lineno}\n")
            elif name == "y":
                ps = ps.translate(cmd.arg)
            elif name == "a":
                appends.append(cmd.arg + "\n")
            elif name == "i":
                out.append(cmd.arg + "\n")
            elif name == "c":
                if cmd.a2 is None or not cmd.active:
                    out.append(cmd.arg + "\n")
                deleted = True
                break
            elif name == "h":
                hold = ps
            elif name == "H":
                hold = hold + "\n" + ps
            elif name == "g":
                ps = hold
            elif name == "G":
                ps = ps + "\n" + hold
            elif name == "x":
                ps, hold = hold, ps
            elif name == "l":
                out.append(ps.encode("unicode_escape").decode("ascii").replace("$", "\\$") + "$\n")
            elif name == "z":
                ps = ""
            elif name == "n":
                if not quiet:
                    out.append(ps + "\n")
                if idx >= n:
                    deleted = True
                    break
                ps = lines[idx]
                idx += 1
                lineno = idx
            elif name == "N":
                if idx >= n:
                    break
                ps = ps + "\n" + lines[idx]
                idx += 1
                lineno = idx
            elif name in "qQ":
                if name == "q" and not quiet:
                    out.append(ps + "\n")
                out.extend(appends)
                return int(cmd.arg or 0)
            elif name == "b":
                pc = labels.get(cmd.arg, len(cmds)) if cmd.arg else len(cmds)
            elif name in "tT":
                if subst_flag == (name == "t"):
                    pc = labels.get(cmd.arg, len(cmds)) if cmd.arg else len(cmds)
                subst_flag = False
        if not deleted and not quiet:
            out.append(ps + "\n")
        out.extend(appends)
        if restart:
            lines.insert(idx, ps)
            n += 1
    return 0


def _matches(cmd: Cmd, lineno: int, ps: str, last: bool) -> bool:
    def hit(a: Addr) -> bool:
        if a.kind == "line":
            return lineno == a.value
        if a.kind == "last":
            return last
        return a.value.search(ps) is not None  # type: ignore[union-attr]

    if cmd.a1 is None:
        result = True
    elif cmd.a2 is None:
        result = hit(cmd.a1)
    elif not cmd.active:
        result = hit(cmd.a1)
        if result:
            cmd.active = True
            if cmd.a2.kind == "line" and cmd.a2.value <= lineno or cmd.a2.kind == "last" and last:  # type: ignore[operator]
                cmd.active = False
    else:
        result = True
        if cmd.a2.kind == "line":
            if lineno >= cmd.a2.value:  # type: ignore[operator]
                cmd.active = False
        elif hit(cmd.a2):
            cmd.active = False
    return result != cmd.negate


def sed(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "ne:f:Erisuz", {
            "quiet": "n", "silent": "n", "expression=": "e", "file=": "f", "regexp-extended": "E",
            "in-place": "i", "separate": "s", "posix": "p", "debug": "d", "null-data": "z",
            "unbuffered": "u"})
    except UsageError as e:
        ctx.error(f"sed: {e}\n")
        ctx.error("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
        return 1
    quiet = any(k == "n" for k, _ in opts)
    extended = any(k in ("E", "r") for k, _ in opts)
    inplace = any(k == "i" for k, _ in opts)
    scripts = [v or "" for k, v in opts if k == "e"]
    files = session_files(ctx)
    for k, v in opts:
        if k == "f":
            path = abspath(ctx, v or "")
            if files is None or path not in files:
                ctx.error(f"sed: couldn't open file {v}: No such file or directory\n")
                return 1
            scripts.append(file_text(files[path]))
    if not scripts:
        if not operands:
            ctx.error("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
            return 1
        scripts = [operands.pop(0)]
    try:
        cmds: list[Cmd] = []
        last_rx = None
        for n, text in enumerate(scripts, 1):
            script = _Script(text, extended, n, cmds, last_rx)
            script.parse()
            last_rx = script.last_rx
    except SedError as e:
        ctx.error(f"sed: {e}\n")
        return 1
    if inplace:
        status = 0
        for name in operands:
            path = abspath(ctx, name)
            if files is None or path not in files:
                ctx.error(f"sed: can't read {name}: No such file or directory\n")
                status = 2
                continue
            out: list[str] = []
            for c in cmds:
                c.active = False
            _run(cmds, split_lines(file_text(files[path])), quiet, out)
            files[path] = "".join(out)
        return status
    lines: list[str] = []
    status = 0
    if not operands:
        lines = split_lines(ctx.stdin)
    for name in operands:
        if name == "-":
            lines.extend(split_lines(ctx.stdin))
            continue
        path = abspath(ctx, name)
        if files is not None and path in files:
            lines.extend(split_lines(file_text(files[path])))
        else:
            ctx.error(f"sed: can't read {name}: No such file or directory\n")
            status = 2
    trailing_nl = not ctx.stdin or ctx.stdin.endswith("\n") or bool(operands)
    out: list[str] = []
    code = _run(cmds, lines, quiet, out)
    text = "".join(out)
    if not trailing_nl and text.endswith("\n") and not operands:
        text = text[:-1]  # GNU sed keeps a missing final newline missing
    ctx.out.append(text)
    return code or status


sed.consumes_stdin = True  # type: ignore[attr-defined]
