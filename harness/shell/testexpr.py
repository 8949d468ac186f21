"""`test` / `[` (POSIX argument rules) and `[[ ... ]]` (evaluated on the tree-sitter nodes)."""

from __future__ import annotations

import re
from typing import Any

from .expand import ShellError, text_of
from .patterns import compile_posix, glob_match

UNARY = frozenset(["-n", "-z", "-e", "-f", "-d", "-r", "-w", "-x", "-s", "-L", "-h", "-b", "-c", "-p", "-S", "-t", "-g", "-u", "-k", "-O", "-G", "-N", "-a", "-o", "-v"])
BINARY = frozenset(["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"])
INT_OPS = {"-eq": lambda a, b: a == b, "-ne": lambda a, b: a != b, "-lt": lambda a, b: a < b,
           "-le": lambda a, b: a <= b, "-gt": lambda a, b: a > b, "-ge": lambda a, b: a >= b}
KNOWN_DIRS = frozenset({"/", "/tmp", "/dev", "/etc", "/usr", "/usr/bin", "/bin", "/var", "/home"})


def _files(sh) -> dict:
    files = getattr(sh.session, "files", None)
    return files if isinstance(files, dict) else {}


def _vfs_test(sh, vfs, op: str, path: str) -> bool:
    """The partition's filesystem answers (harness/world/vfs.py): kinds, sizes and permissions."""
    if path in ("/dev/null", "/dev/zero", "/dev/console"):
        return op in ("-e", "-a", "-c", "-r", "-w")
    try:
        st = vfs.stat(path, follow=op not in ("-L", "-h"))
    except Exception as exc:  # noqa: BLE001 - VfsError: no such file
        if not hasattr(exc, "code"):
            raise
        return False
    return {"-e": True, "-a": True, "-f": st.kind == "f", "-d": st.kind == "d",
            "-L": st.kind == "l", "-h": st.kind == "l", "-s": st.size > 0,
            "-r": vfs.allowed(st, 4), "-w": vfs.allowed(st, 2), "-x": vfs.allowed(st, 1),
            "-O": st.owner == vfs.user, "-k": bool(st.mode & 0o1000),
            "-u": bool(st.mode & 0o4000), "-g": bool(st.mode & 0o2000)}.get(op, False)


def file_test(sh, op: str, path: str) -> bool:
    if path.startswith("/") is False and path:
        path = sh.vars.get("PWD", "/").rstrip("/") + "/" + path
    vfs = getattr(sh.session, "vfs", None)
    if vfs is not None and path:
        return _vfs_test(sh, vfs, op, path)
    files = _files(sh)
    is_dir = path in KNOWN_DIRS or path in (sh.vars.get("HOME"), sh.vars.get("PWD")) or \
        any(p.startswith(path.rstrip("/") + "/") for p in files)
    is_file = path in files or path == "/dev/null"
    if op in ("-e", "-a"):
        return is_file or is_dir
    if op == "-f":
        return path in files
    if op == "-d":
        return is_dir
    if op in ("-r", "-w"):
        return is_file or is_dir
    if op == "-x":
        return is_dir
    if op == "-s":
        value = files.get(path)
        return bool(value) if isinstance(value, (str, int)) else False  # text, or a modelled size
    if op == "-c":
        return path == "/dev/null"
    return False


def _int(sh, text: str, who: str) -> int:
    s = text.strip()
    body = s[1:] if s[:1] in "+-" else s
    if not body.isdigit():
        raise ShellError(f"{sh.flavour.shell_name}: {who}: {text}: integer expression expected", 2)
    return int(s)


def unary(sh, op: str, arg: str, who: str) -> bool:
    if op == "-n":
        return arg != ""
    if op == "-z":
        return arg == ""
    if op == "-v":
        return arg in sh.vars or arg in sh.arrays
    if op == "-t":
        return False
    if op == "-o":
        return arg in sh.option_names()
    return file_test(sh, op, arg)


def binary(sh, left: str, op: str, right: str, who: str) -> bool:
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    if op in INT_OPS:
        return INT_OPS[op](_int(sh, left, who), _int(sh, right, who))
    if op in ("-nt", "-ot", "-ef"):
        return False
    raise ShellError(f"{sh.flavour.shell_name}: {who}: {op}: binary operator expected", 2)


class _TestParser:
    """POSIX test: the 0-4 argument rules first, then -a/-o/!/( ) by recursive descent."""

    def __init__(self, sh, args: list[str], who: str):
        self.sh, self.args, self.who, self.i = sh, args, who, 0

    def err(self, msg: str) -> ShellError:
        return ShellError(f"{self.sh.flavour.shell_name}: {self.who}: {msg}", 2)

    def run(self) -> bool:
        a = self.args
        n = len(a)
        if n == 0:
            return False
        if n == 1:
            return a[0] != ""
        if n == 2:
            if a[0] == "!":
                return a[1] == ""
            if a[0] in UNARY:
                return unary(self.sh, a[0], a[1], self.who)
            raise self.err(f"{a[0]}: unary operator expected")
        if n == 3:
            if a[1] in BINARY:
                return binary(self.sh, a[0], a[1], a[2], self.who)
            if a[1] in ("-a", "-o"):
                return (a[0] != "" and a[2] != "") if a[1] == "-a" else (a[0] != "" or a[2] != "")
            if a[0] == "!":
                return not _TestParser(self.sh, a[1:], self.who).run()
            if a[0] == "(" and a[2] == ")":
                return a[1] != ""
            raise self.err(f"{a[1]}: binary operator expected")
        if n == 4 and a[0] == "!":
            return not _TestParser(self.sh, a[1:], self.who).run()
        if n == 4 and a[0] == "(" and a[3] == ")":
            return _TestParser(self.sh, a[1:3], self.who).run()
        value = self.or_()
        if self.i < n:
            raise self.err("too many arguments")
        return value

    def peek(self) -> str | None:
        return self.args[self.i] if self.i < len(self.args) else None

    def or_(self) -> bool:
        v = self.and_()
        while self.peek() == "-o":
            self.i += 1
            v = self.and_() or v
        return v

    def and_(self) -> bool:
        v = self.not_()
        while self.peek() == "-a":
            self.i += 1
            v = self.not_() and v
        return v

    def not_(self) -> bool:
        if self.peek() == "!":
            self.i += 1
            return not self.not_()
        return self.primary()

    def primary(self) -> bool:
        a, i = self.args, self.i
        if i >= len(a):
            raise self.err("argument expected")
        if a[i] == "(":
            self.i += 1
            v = self.or_()
            if self.peek() != ")":
                raise self.err("`)' expected")
            self.i += 1
            return v
        if i + 2 < len(a) and a[i + 1] in BINARY:
            self.i += 3
            return binary(self.sh, a[i], a[i + 1], a[i + 2], self.who)
        if a[i] in UNARY and i + 1 < len(a):
            self.i += 2
            return unary(self.sh, a[i], a[i + 1], self.who)
        self.i += 1
        return a[i] != ""


def run_test(sh, args: list[str], who: str) -> int:
    """0 true, 1 false; ShellError (status 2) for a malformed expression."""
    return 0 if _TestParser(sh, args, who).run() else 1


# --- [[ ... ]] on the tree -------------------------------------------------------------------

def _op_text(node) -> str:
    op = node.child_by_field_name("operator")
    if op is None:
        for child in node.children:
            if not child.is_named or child.type == "test_operator":
                return text_of(child).strip()
        return ""
    return text_of(op).strip()


def cond_eval(sh, node: Any) -> bool:
    t = node.type
    if t == "parenthesized_expression":
        inner = [c for c in node.children if c.is_named]
        return cond_eval(sh, inner[0]) if inner else False
    if t == "unary_expression":
        op = _op_text(node)
        operand = [c for c in node.children if c.is_named and c.type != "test_operator"]
        if op == "!":
            return not cond_eval(sh, operand[0]) if operand else True
        arg = sh.expand_string(operand[0]) if operand else ""
        return unary(sh, op, arg, "[[")
    if t == "binary_expression":
        op = _op_text(node)
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        named = [c for c in node.children if c.is_named and c.type != "test_operator"]
        if left is None and named:
            left = named[0]
        if right is None and len(named) > 1:
            right = named[-1]
        if op in ("&&", "-a"):
            return cond_eval(sh, left) and cond_eval(sh, right)
        if op in ("||", "-o"):
            return cond_eval(sh, left) or cond_eval(sh, right)
        lval = sh.expand_string(left) if left is not None else ""
        if op in ("==", "=", "!="):
            pattern = sh.expand_pattern(right) if right is not None else ""
            hit = glob_match(pattern, lval)
            return hit if op != "!=" else not hit
        if op == "=~":
            rx = sh.expand_string(right) if right is not None else ""
            try:
                m = compile_posix(rx, True).search(lval)
            except re.error:
                raise ShellError("", 2)
            sh.arrays["BASH_REMATCH"] = [m.group(0)] + [g or "" for g in m.groups()] if m else []
            return m is not None
        rval = sh.expand_string(right) if right is not None else ""
        if op in INT_OPS:
            return INT_OPS[op](sh.arith(lval), sh.arith(rval))
        return binary(sh, lval, op, rval, "[[")
    if t in ("test_command",):
        inner = [c for c in node.children if c.is_named]
        return all(cond_eval(sh, c) for c in inner)
    return sh.expand_string(node) != ""


def bracket_tokens(sh, node) -> list[str]:
    """`[ ... ]` as parsed by tree-sitter, back to the argument list `test` expects."""
    out: list[str] = []

    def walk(n) -> None:
        if n.type in ("binary_expression", "unary_expression", "parenthesized_expression"):
            for child in n.children:
                walk(child)
        elif not n.is_named or n.type == "test_operator":
            out.append(text_of(n).strip())
        else:
            out.extend(sh.expand_word(n))

    kids = node.children
    for child in kids[1:-1] if len(kids) >= 2 else []:
        walk(child)
    return out
