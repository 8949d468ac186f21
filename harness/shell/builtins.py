"""Shell builtins: ``fn(sh, argv, io) -> int``. They see the Shell (variables, functions, flavour).

Messages follow bash (``bash: NAME: ...``) with the flavour's shell name as the prefix.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from .arith import ArithError, parse_number
from .expand import LimitExceeded, ShellError, c_unescape, ifs_split
from .streams import IO, file_text
from .testexpr import run_test


class ShellExit(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


class LoopControl(Exception):
    def __init__(self, kind: str, levels: int):
        super().__init__(kind)
        self.kind, self.levels = kind, levels


class FunctionReturn(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


MAX_FIELD = 1 << 20  # printf width/precision; bigger ones would only build huge strings

KEYWORDS = frozenset(["if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in", "function", "time", "{", "}", "!", "[[", "]]"])
OPTION_LETTERS = {"errexit": "e", "nounset": "u", "xtrace": "x", "noglob": "f", "verbose": "v",
                  "noclobber": "C", "allexport": "a", "noexec": "n"}


def _err(sh, io: IO, msg: str) -> None:
    io.err.write(f"{sh.flavour.shell_name}: {msg}\n")


# --- output ----------------------------------------------------------------------------------

def b_echo(sh, argv, io):
    args = argv[1:]
    newline, escapes = True, sh.flavour.echo_escapes
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(c in "neE" for c in args[0][1:]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            else:
                escapes = c == "e"
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stop = c_unescape(text, echo_style=True)
        if stop:
            newline = False
    io.out.write(text + ("\n" if newline else ""))
    return 0


def b_print(sh, argv, io):
    """ksh print: -n no newline, -r raw, -u2 to stderr, -- ends options."""
    args, newline, raw, stream = argv[1:], True, False, io.out
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        if opt in ("-u2", "-u", "-2"):
            stream = io.err
            continue
        if not all(c in "nrRe" for c in opt[1:]):
            args.insert(0, opt)
            break
        newline = newline and "n" not in opt
        raw = raw or "r" in opt or "R" in opt
    text = " ".join(args)
    if not raw:
        text, stop = c_unescape(text, echo_style=True)
        newline = newline and not stop
    stream.write(text + ("\n" if newline else ""))
    return 0


def _num(sh, io, arg: str, errors: list) -> int:
    s = arg.strip()
    if s[:1] in ("'", '"'):
        return ord(s[1]) if len(s) > 1 else 0
    try:
        neg = s.startswith("-")
        body = s.lstrip("+-")
        return (-1 if neg else 1) * parse_number(body) if body else 0
    except (ArithError, ValueError):
        errors.append(f"printf: {arg}: invalid number")
        digits = ""
        for ch in s:
            if ch.isdigit() or (not digits and ch in "+-"):
                digits += ch
            else:
                break
        try:
            return int(digits)
        except ValueError:
            return 0


def _float(arg: str, errors: list) -> float:
    try:
        return float(arg) if arg.strip() else 0.0
    except ValueError:
        errors.append(f"printf: {arg}: invalid number")
        return 0.0


def _shell_quote(s: str) -> str:
    if s and all(c.isalnum() or c in "_-./=:,@%+" for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'" if s else "''"


def printf_format(sh, io, fmt: str, args: list[str]) -> tuple[str, list[str], bool]:
    """Returns (text, error messages, stop) for printf's format applied until args run out."""
    out: list[str] = []
    errors: list[str] = []
    args = list(args)
    first = True
    while first or args:
        first = False
        consumed = False
        i, n = 0, len(fmt)
        while i < n:
            c = fmt[i]
            if c == "\\":
                j = i + 1
                d = fmt[j] if j < n else ""
                if not d:
                    out.append("\\")
                    i += 1
                elif d in "01234567":
                    k = j
                    while k < n and k < j + 3 and fmt[k] in "01234567":
                        k += 1
                    out.append(chr(int(fmt[j:k], 8) & 0xFF))
                    i = k
                elif d in "xuU":
                    k = j + 1
                    while k < n and k < j + 1 + {"x": 2, "u": 4, "U": 8}[d] and fmt[k] in "0123456789abcdefABCDEF":
                        k += 1
                    out.append(c_unescape(fmt[i:k])[0])
                    i = k
                elif d == "c":
                    return "".join(out), errors, True
                else:
                    out.append(c_unescape(fmt[i:j + 1])[0])
                    i = j + 1
                continue
            if c != "%":
                out.append(c)
                i += 1
                continue
            if fmt[i + 1:i + 2] == "%":
                out.append("%")
                i += 2
                continue
            j = i + 1
            flags = ""
            while j < n and fmt[j] in "-+ #0":
                flags += fmt[j]
                j += 1
            width = ""
            if j < n and fmt[j] == "*":
                width = str(_num(sh, io, args.pop(0), errors)) if args else "0"
                consumed = True
                j += 1
            while j < n and fmt[j].isdigit():
                width += fmt[j]
                j += 1
            prec = None
            if j < n and fmt[j] == ".":
                j += 1
                prec = ""
                if j < n and fmt[j] == "*":
                    prec = str(_num(sh, io, args.pop(0), errors)) if args else "0"
                    consumed = True
                    j += 1
                while j < n and fmt[j].isdigit():
                    prec += fmt[j]
                    j += 1
            while j < n and fmt[j] in "hlLjzt":
                j += 1
            if j >= n:
                errors.append(f"printf: `{fmt[i:]}': missing format character")
                return "".join(out), errors, True
            conv = fmt[j]
            i = j + 1
            if (width and abs(int(width)) > MAX_FIELD) or (prec and int(prec) > MAX_FIELD):
                raise LimitExceeded("output too large")
            spec = "%" + flags + width + ("." + prec if prec is not None else "")
            arg = args.pop(0) if args else None
            consumed = consumed or arg is not None
            if conv in "di":
                out.append((spec + "d") % _num(sh, io, arg or "0", errors))
            elif conv == "u":
                v = _num(sh, io, arg or "0", errors)
                out.append((spec + "d") % (v % (1 << 64)))
            elif conv in "oxX":
                v = _num(sh, io, arg or "0", errors) % (1 << 64)
                out.append((spec + conv) % v)
            elif conv in "feEgGF":
                out.append((spec + conv) % _float(arg or "0", errors))
            elif conv == "c":
                out.append((spec.split(".")[0] + "s") % (arg or "")[:1])
            elif conv == "s":
                out.append((spec + "s") % (arg or ""))
            elif conv == "b":
                text, stop = c_unescape(arg or "", echo_style=True)
                out.append((spec + "s") % text)
                if stop:
                    return "".join(out), errors, True
            elif conv == "q":
                out.append((spec + "s") % _shell_quote(arg or ""))
            else:
                errors.append(f"printf: `{conv}': invalid format character")
                return "".join(out), errors, True
        if not consumed:
            break
    return "".join(out), errors, False


def b_printf(sh, argv, io):
    args = argv[1:]
    var = None
    if args[:1] == ["-v"] and len(args) > 1:
        var, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        _err(sh, io, "printf: usage: printf [-v var] format [arguments]")
        return 2
    text, errors, _ = printf_format(sh, io, args[0], args[1:])
    for e in errors:
        _err(sh, io, e)
    if var:
        sh.set_var(var, text)
    else:
        io.out.write(text)
    return 1 if errors else 0


# --- input -----------------------------------------------------------------------------------

def b_read(sh, argv, io):
    args = argv[1:]
    raw, delim, nchars, array = False, "\n", None, None
    names: list[str] = []
    while args:
        a = args.pop(0)
        if a == "--":
            names.extend(args)
            break
        if not a.startswith("-") or a == "-":
            names.append(a)
            names.extend(args)
            break
        k = 1
        while k < len(a):
            c = a[k]
            if c in "rs":
                raw = raw or c == "r"
                k += 1
                continue
            if c in "pdntuaN":
                val = a[k + 1:] or (args.pop(0) if args else None)
                if val is None:
                    _err(sh, io, f"read: -{c}: option requires an argument")
                    return 2
                if c == "d":
                    delim = val[:1]
                elif c in "nN":
                    try:
                        nchars = int(val)
                    except ValueError:
                        _err(sh, io, f"read: {val}: invalid number")
                        return 1
                elif c == "a":
                    array = val
                break
            _err(sh, io, f"read: -{c}: invalid option")
            io.err.write("read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] "
                         "[-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n")
            return 2
    if nchars is not None:
        line = io.stdin.read_chars(nchars)
        got = (line, True) if line else None
    else:
        got = io.stdin.read_until(delim)
    if got is None:
        for name in names or ["REPLY"]:
            sh.set_var(name, "")
        return 1
    line, found = got
    if not raw:
        while line.endswith("\\") and (len(line) - len(line.rstrip("\\"))) % 2 == 1 and found:
            more = io.stdin.read_until(delim)
            line = line[:-1]
            if more is None:
                found = False
                break
            line += more[0]
            found = more[1]
        out, i = [], 0
        while i < len(line):
            if line[i] == "\\" and i + 1 < len(line):
                out.append(line[i + 1])
                i += 2
            else:
                out.append(line[i])
                i += 1
        line = "".join(out)
    ifs = sh.vars.get("IFS", " \t\n")
    if array is not None:
        pieces = ifs_split(line, ifs)[0] if ifs else [line]
        sh.arrays[array] = pieces
        return 0 if found else 1
    if not names:
        sh.set_var("REPLY", line)
        return 0 if found else 1
    ws = "".join(c for c in ifs if c in " \t\n")
    rest = line.strip(ws) if ws else line
    for k, name in enumerate(names):
        if k == len(names) - 1:
            sh.set_var(name, rest.rstrip(ws) if ws else rest)
            break
        if not ifs:
            sh.set_var(name, rest)
            rest = ""
            continue
        j = 0
        while j < len(rest) and rest[j] not in ifs:
            j += 1
        sh.set_var(name, rest[:j])
        m = j
        while m < len(rest) and rest[m] in ws:
            m += 1
        if m < len(rest) and rest[m] in ifs and rest[m] not in ws:
            m += 1
            while m < len(rest) and rest[m] in ws:
                m += 1
        elif m == j and m < len(rest):
            m += 1
        rest = rest[m:]
    return 0 if found else 1


# --- control ---------------------------------------------------------------------------------

def _status_arg(sh, io, argv, who: str) -> int:
    if len(argv) < 2:
        return sh.last_status
    s = argv[1]
    body = s[1:] if s[:1] in "+-" else s
    if not body.isdigit():
        _err(sh, io, f"{who}: {s}: numeric argument required")
        return 2
    return int(s) & 0xFF


def b_exit(sh, argv, io):
    if len(argv) > 2:
        _err(sh, io, "exit: too many arguments")
        return 1
    raise ShellExit(_status_arg(sh, io, argv, "exit"))


def b_return(sh, argv, io):
    if sh.func_depth == 0 and sh.source_depth == 0:
        _err(sh, io, "return: can only `return' from a function or sourced script")
        return 1
    raise FunctionReturn(_status_arg(sh, io, argv, "return"))


def _loop_ctl(kind: str):
    def fn(sh, argv, io):
        levels = 1
        if len(argv) > 1:
            if not argv[1].isdigit() or int(argv[1]) < 1:
                _err(sh, io, f"{kind}: {argv[1]}: loop count out of range")
                return 1
            levels = int(argv[1])
        if sh.loop_depth == 0:
            _err(sh, io, f"{kind}: only meaningful in a `for', `while', or `until' loop")
            return 0
        raise LoopControl(kind, min(levels, sh.loop_depth))
    return fn


def b_true(sh, argv, io):
    return 0


def b_false(sh, argv, io):
    return 1


def b_test(sh, argv, io):
    who = argv[0]
    args = argv[1:]
    if who == "[":
        if not args or args[-1] != "]":
            _err(sh, io, "[: missing `]'")
            return 2
        args = args[:-1]
    try:
        return run_test(sh, args, who)
    except ShellError as e:
        if e.message:
            io.err.write(e.message + "\n")
        return e.status


# --- variables -------------------------------------------------------------------------------

def _assign_word(sh, io, word: str, export: bool = False, readonly: bool = False,
                 local: bool = False) -> bool:
    name, eq, value = word.partition("=")
    append = name.endswith("+")
    if append:
        name = name[:-1]
    if not sh.valid_name(name):
        _err(sh, io, f"{'export' if export else 'declare'}: `{word}': not a valid identifier")
        return False
    if local:
        sh.make_local(name)
    if eq:
        if append:
            value = (sh.vars.get(name) or "") + value
        if not sh.set_var(name, value, io=io):
            return False
    if export:
        sh.exported.add(name)
    if readonly:
        sh.readonly.add(name)
    return True


def b_export(sh, argv, io):
    args = [a for a in argv[1:] if a not in ("-p", "--")]
    unexport = "-n" in args
    args = [a for a in args if a != "-n"]
    if not args:
        for name in sorted(sh.exported):
            if name in sh.vars:
                io.out.write(sh.format_decl(name, "-x") + "\n")
        return 0
    status = 0
    for a in args:
        if unexport:
            sh.exported.discard(a)
        elif not _assign_word(sh, io, a, export=True):
            status = 1
    return status


def b_readonly(sh, argv, io):
    args = [a for a in argv[1:] if a not in ("-p", "--")]
    if not args:
        for name in sorted(sh.readonly):
            if name in sh.vars:
                io.out.write(sh.format_decl(name, "-r") + "\n")
        return 0
    return 0 if all(_assign_word(sh, io, a, readonly=True) for a in args) else 1


def b_declare(sh, argv, io):
    flags, words = set(), []
    for a in argv[1:]:
        if a.startswith(("-", "+")) and len(a) > 1 and not words:
            flags.update(a[1:])
        else:
            words.append(a)
    if not words:
        for name in sorted(sh.vars):
            io.out.write(sh.format_decl(name, "--") + "\n")
        return 0
    local = sh.func_depth > 0 and "g" not in flags
    status = 0
    for w in words:
        if "a" in flags and "=" not in w:
            sh.arrays.setdefault(w, [])
            continue
        if not _assign_word(sh, io, w, export="x" in flags, readonly="r" in flags, local=local):
            status = 1
    return status


def b_local(sh, argv, io):
    if sh.func_depth == 0:
        _err(sh, io, "local: can only be used in a function")
        return 1
    status = 0
    for w in argv[1:]:
        if w.startswith("-"):
            continue
        if not _assign_word(sh, io, w, local=True):
            status = 1
    return status


def b_unset(sh, argv, io):
    funcs = False
    status = 0
    for a in argv[1:]:
        if a in ("-f", "-v", "-n"):
            funcs = a == "-f"
            continue
        if funcs:
            sh.functions.pop(a, None)
            continue
        if a in sh.readonly:
            _err(sh, io, f"unset: {a}: cannot unset: readonly variable")
            status = 1
            continue
        sh.vars.pop(a, None)
        sh.arrays.pop(a, None)
        sh.exported.discard(a)
        if a not in sh.vars and a in sh.functions and not funcs:
            pass
    return status


def b_set(sh, argv, io):
    args = argv[1:]
    if not args:
        for name in sorted(sh.vars):
            io.out.write(f"{name}={_shell_quote(sh.vars[name])}\n")
        return 0
    while args:
        a = args[0]
        if a == "--":
            sh.positional = args[1:]
            return 0
        if a in ("-o", "+o"):
            on = a == "-o"
            if len(args) < 2:
                for name in sorted(OPTION_LETTERS) + ["pipefail"]:
                    io.out.write(f"{name:<15}\t{'on' if name in sh.option_names() else 'off'}\n")
                return 0
            name = args[1]
            if name == "pipefail":
                (sh.options.add if on else sh.options.discard)("pipefail")
            elif name in OPTION_LETTERS:
                (sh.options.add if on else sh.options.discard)(OPTION_LETTERS[name])
            elif name not in ("vi", "emacs", "braceexpand", "hashall", "interactive-comments", "monitor"):
                _err(sh, io, f"set: {name}: invalid option name")
                return 2
            args = args[2:]
            continue
        if a[:1] in "-+" and len(a) > 1:
            on = a[0] == "-"
            for c in a[1:]:
                if c not in "euxfvCanhbmBHPT":
                    _err(sh, io, f"set: {a[0]}{c}: invalid option")
                    io.err.write("set: usage: set [-abefhkmnptuvxBCHP] [-o option-name] [--] [arg ...]\n")
                    return 2
                (sh.options.add if on else sh.options.discard)(c)
            args = args[1:]
            continue
        sh.positional = list(args)
        return 0
    return 0


def b_shift(sh, argv, io):
    n = 1
    if len(argv) > 1:
        if not argv[1].isdigit():
            _err(sh, io, f"shift: {argv[1]}: numeric argument required")
            return 1
        n = int(argv[1])
    if n > len(sh.positional):
        return 1
    sh.positional = sh.positional[n:]
    return 0


def b_let(sh, argv, io):
    if len(argv) < 2:
        _err(sh, io, "let: expression expected")
        return 1
    value = 0
    for expr in argv[1:]:
        value = sh.arith(expr)
    return 0 if value else 1


# --- places ----------------------------------------------------------------------------------

def b_cd(sh, argv, io):
    if sh.flavour.restricted:
        io.err.write(sh.flavour.restricted_cd + "\n")
        return 1
    args = [a for a in argv[1:] if a not in ("-L", "-P", "--")]
    home = sh.vars.get("HOME", "/")
    target = args[0] if args else home
    if target == "-":
        target = sh.vars.get("OLDPWD", sh.vars.get("PWD", "/"))
        io.out.write(target + "\n")
    cwd = sh.vars.get("PWD", "/")
    new = posixpath.normpath(posixpath.join(cwd, target))
    if new.startswith("//"):
        new = "/" + new.lstrip("/")
    vfs = getattr(sh.session, "vfs", None)
    if vfs is not None and not vfs.is_dir(new):
        _err(sh, io, f"{target}: bad directory")  # [I] ksh88's cd message (MKS/ksh "dir: bad directory")
        return 1
    sh.vars["OLDPWD"] = cwd
    sh.vars["PWD"] = new
    if isinstance(getattr(sh.session, "cwd", None), str):
        try:
            sh.session.cwd = new  # keep the login's idea of the directory in step (best effort)
        except AttributeError:
            pass
    return 0


def b_pwd(sh, argv, io):
    io.out.write(sh.vars.get("PWD", "/") + "\n")
    return 0


# --- evaluation ------------------------------------------------------------------------------

def b_eval(sh, argv, io):
    return sh.run_source(" ".join(argv[1:]), io)


def b_source(sh, argv, io):
    if len(argv) < 2:
        _err(sh, io, f"{argv[0]}: filename argument required")
        return 2
    path = argv[1]
    if sh.flavour.restricted and "/" in path:
        _err(sh, io, f"{argv[0]}: {path}: restricted")
        return 1
    full = path if path.startswith("/") else sh.vars.get("PWD", "/").rstrip("/") + "/" + path
    text = read_file(sh, full)
    if text is None:
        io.err.write(sh.flavour.no_such_file.format(file=path) + "\n")
        return 1
    saved = sh.positional
    if len(argv) > 2:
        sh.positional = argv[2:]
    sh.source_depth += 1
    try:
        return sh.run_source(text, io)
    except FunctionReturn as r:
        return r.code
    finally:
        sh.source_depth -= 1
        sh.positional = saved


def read_file(sh, path: str) -> str | None:
    """A file's text from the partition's filesystem (or the session's files); None if unreadable."""
    vfs = getattr(sh.session, "vfs", None)
    if vfs is not None:
        try:
            return vfs.read(path)
        except Exception as exc:  # noqa: BLE001 - VfsError
            if not hasattr(exc, "code"):
                raise
            return None
    files = getattr(sh.session, "files", None)
    if not isinstance(files, dict) or path not in files:
        return None
    return file_text(files[path])


def describe(sh, name: str) -> tuple[str, str] | None:
    """(kind, detail) for type/command -v/whence: keyword, function, builtin or file (path)."""
    if name in KEYWORDS:
        return "keyword", name
    if name in sh.functions:
        return "function", name
    if name in sh.builtins:
        return "builtin", name
    path = sh.command_path(name)
    if path:
        return "file", path
    return None


def b_type(sh, argv, io):
    args = argv[1:]
    mode = ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        mode += args.pop(0)[1:]
    status = 0
    for name in args:
        d = describe(sh, name)
        if d is None:
            if "t" not in mode and "p" not in mode:
                _err(sh, io, f"type: {name}: not found")
            status = 1
            continue
        kind, detail = d
        if "t" in mode:
            io.out.write(kind + "\n")
        elif "p" in mode or "P" in mode:
            if kind == "file":
                io.out.write(detail + "\n")
        elif kind == "keyword":
            io.out.write(f"{name} is a shell keyword\n")
        elif kind == "function":
            io.out.write(f"{name} is a function\n")
        elif kind == "builtin":
            io.out.write(f"{name} is a shell builtin\n")
        else:
            io.out.write(f"{name} is {detail}\n")
    return status


def b_command(sh, argv, io):
    args = argv[1:]
    mode = ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        mode += args.pop(0)[1:]
    if not args:
        return 0
    if "v" in mode or "V" in mode:
        status = 0
        for name in args:
            d = describe(sh, name)
            if d is None:
                if "V" in mode:
                    _err(sh, io, f"command: {name}: not found")
                status = 1
                continue
            io.out.write((d[1] if d[0] == "file" else name) + "\n")
        return status
    return sh.run_argv(args, io, {}, skip_functions=True)


def b_whence(sh, argv, io):
    args = [a for a in argv[1:] if not a.startswith("-")]
    verbose = "-v" in argv[1:]
    status = 0
    for name in args:
        d = describe(sh, name)
        if d is None:
            status = 1
            if verbose:
                io.out.write(f"{name} not found\n")
            continue
        if verbose:
            kind, detail = d
            io.out.write(f"{name} is {'a shell builtin' if kind == 'builtin' else detail}\n")
        else:
            io.out.write((d[1] if d[0] == "file" else name) + "\n")
    return status


def b_noop(sh, argv, io):
    return 0


def b_umask(sh, argv, io):
    """The mask lives on the login (session.umask) so files the commands create get it."""
    current = getattr(sh.session, "umask", 0o022)
    args = [a for a in argv[1:] if a != "-S"]
    if not args:
        io.out.write("%04o\n" % current if isinstance(current, int) else "0022\n")
        return 0
    try:
        value = int(args[0], 8)
        if not 0 <= value <= 0o777:
            raise ValueError
    except ValueError:
        _err(sh, io, f"umask: {args[0]}: bad number")  # [I]
        return 1
    if hasattr(sh.session, "umask"):
        try:
            sh.session.umask = value
        except AttributeError:
            pass
    return 0


def b_restricted(sh, argv, io):
    if sh.flavour.restricted:
        _err(sh, io, f"{argv[0]}: restricted")
        return 1
    if len(argv) > 1:
        code = sh.run_argv(argv[1:], io, {})
        raise ShellExit(code)
    return 0


BUILTINS: dict[str, Callable] = {
    ":": b_true, "true": b_true, "false": b_false, "echo": b_echo, "printf": b_printf,
    "read": b_read, "exit": b_exit, "logout": b_exit, "return": b_return,
    "break": _loop_ctl("break"), "continue": _loop_ctl("continue"),
    "test": b_test, "[": b_test, "export": b_export, "readonly": b_readonly,
    "declare": b_declare, "typeset": b_declare, "local": b_local, "unset": b_unset,
    "set": b_set, "shift": b_shift, "let": b_let, "cd": b_cd, "pwd": b_pwd, "eval": b_eval,
    "source": b_source, ".": b_source, "type": b_type, "command": b_command,
    "wait": b_noop, "trap": b_noop, "alias": b_noop, "unalias": b_noop, "hash": b_noop,
    "jobs": b_noop, "umask": b_umask, "exec": b_restricted,
}
EXTRA = {"print": b_print, "whence": b_whence}


def builtins_for(flavour) -> dict[str, Callable]:
    table = dict(BUILTINS)
    for name in flavour.extra_builtins:
        table[name] = EXTRA[name]
    return table
