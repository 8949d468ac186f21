"""Word expansion over tree-sitter nodes: quotes, parameters, command and arithmetic substitution,
brace expansion, tilde, field splitting, pathname expansion against a partition's files (an HMC has
none to match, and a glob that matches nothing stays as it is) and quote removal.

A word is first flattened into parts: 'L' unquoted source text (still holding backslashes, subject to
brace and tilde expansion), 'Q' quoted text (final), 'E' an expansion node. Parts are then evaluated
into fields. The Expander is a mixin of Shell; it reads variables and runs substitutions through it.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .patterns import compile_glob, compile_glob_longest, glob_escape
from .syntax import node_bytes

EXPANSIONS = frozenset({"simple_expansion", "expansion", "command_substitution",
                        "arithmetic_expansion", "process_substitution"})
DEFAULT_IFS = " \t\n"
MAX_BRACE_RESULTS = 100_000
MAX_BRACES = 256           # more '{' than this in one word: leave it literal (bounds the work)
_PH = 0xF0000              # private-use code points stand for non-literal parts during brace expansion


class ShellError(Exception):
    """An expansion or builtin error: message for stderr and the status of the failed command."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.message = message
        self.status = status


class LimitExceeded(Exception):
    """A safety bound was hit (loop iterations, output size, recursion): abort the whole run."""


class Part(NamedTuple):
    kind: str          # 'L' | 'Q' | 'E'
    text: str
    node: Any = None
    quoted: bool = False


# a word of these characters is itself: no quoting, escape, expansion, tilde, brace or pattern in it
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_./:=,@%+-]+")


def text_of(node) -> str:
    return node_bytes(node).decode("utf-8", "replace")


def named(nodes) -> list:
    """Named children that are not comments: the statements/words of a node."""
    return [n for n in nodes if n.is_named and n.type != "comment"]


def children_with_gaps(node):
    """Yield (gap_before, child) for each child, then (trailing_gap, None); gaps are source text."""
    data = node_bytes(node)
    base = pos = node.start_byte
    for child in node.children:
        yield data[pos - base:max(pos, child.start_byte) - base].decode("utf-8", "replace"), child
        pos = max(pos, child.end_byte)
    yield data[pos - base:].decode("utf-8", "replace"), None


def backslash_unescape(text: str, escapable: str) -> str:
    """Drop the backslash before any character of ``escapable``; a backslash-newline joins lines."""
    if "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in escapable:
            if text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def dq_unescape(text: str) -> str:
    """Backslash inside double quotes only escapes $ ` " \\ and newline."""
    return backslash_unescape(text, '$`"\\\n')


def unquoted_unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            if text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


_C_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
              "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def c_unescape(text: str, echo_style: bool = False) -> tuple[str, bool]:
    """$'...', echo -e and printf escapes. Returns (text, stop) where stop means \\c was seen."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = text[i + 1]
        i += 2
        if d in _C_ESCAPES and not (echo_style and d in "'\"?"):
            out.append(_C_ESCAPES[d])
        elif d == "c" and echo_style:
            return "".join(out), True
        elif d in "01234567" and not (echo_style and d != "0"):
            j = i - 1 + (1 if echo_style else 0)
            k = j
            while k < n and k < j + 3 and text[k] in "01234567":
                k += 1
            out.append(chr(int(text[j:k] or "0", 8) & 0xFF))
            i = k
        elif d in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[d]
            k = i
            while k < n and k < i + width and text[k] in "0123456789abcdefABCDEF":
                k += 1
            if k == i:
                out.append("\\" + d)
            else:
                try:
                    out.append(chr(int(text[i:k], 16)))
                except (ValueError, OverflowError):
                    out.append("\ufffd")
                i = k
        else:
            out.append("\\" + d)
    return "".join(out), False


def ifs_split(text: str, ifs: str) -> tuple[list[str], bool, bool]:
    """Split an unquoted expansion result: (pieces, leading IFS whitespace, trailing delimiter)."""
    ws = "".join(c for c in ifs if c in " \t\n")
    stripped = text.lstrip(ws) if ws else text
    lead = len(stripped) != len(text)
    core = stripped.rstrip(ws) if ws else stripped
    trail = len(core) != len(stripped)
    if not core:
        return [], True, True
    pieces, cur, i, n = [], [], 0, len(core)
    while i < n:
        c = core[i]
        if c not in ifs:
            cur.append(c)
            i += 1
            continue
        # one delimiter is: IFS whitespace around at most one non-whitespace IFS character
        pieces.append("".join(cur))
        cur = []
        i += 1
        if c in ws:
            while i < n and core[i] in ws:
                i += 1
            if i < n and core[i] in ifs:
                i += 1
        while i < n and core[i] in ws:
            i += 1
    if core[-1] in ifs:
        trail = True  # "a," gives the single field "a"
    else:
        pieces.append("".join(cur))
    return pieces, lead, trail


class FieldBuilder:
    def __init__(self, ifs: str):
        self.ifs = ifs
        self.fields: list[str] = []
        self.cur: str | None = None

    def literal(self, text: str) -> None:
        if text:
            self.cur = (self.cur or "") + text

    def quoted(self, text: str) -> None:
        self.cur = (self.cur or "") + text

    def end(self) -> None:
        if self.cur is not None:
            self.fields.append(self.cur)
            self.cur = None

    def split(self, text: str) -> None:
        if not text:
            return
        if not self.ifs:
            self.literal(text)
            return
        pieces, lead, trail = ifs_split(text, self.ifs)
        if lead:
            self.end()
        for k, piece in enumerate(pieces):
            if k:
                self.fields.append(self.cur or "")
                self.cur = None
            self.cur = (self.cur or "") + piece
        if trail:
            self.end()

    def many(self, values: list[str]) -> None:
        for k, v in enumerate(values):
            if k:
                self.fields.append(self.cur or "")
                self.cur = None
            self.quoted(v)

    def finish(self) -> list[str]:
        self.end()
        return self.fields


# --- brace expansion -------------------------------------------------------------------------

def _match_brace(s: str, i: int) -> tuple[int | None, list[int]]:
    depth, commas, j = 0, [], i + 1
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return j, commas
            depth -= 1
        elif c == "," and depth == 0:
            commas.append(j)
        j += 1
    return None, []


def _sequence(inner: str) -> list[str] | None:
    bits = inner.split("..")
    if len(bits) not in (2, 3) or not all(bits):
        return None

    def as_int(b: str) -> int | None:
        body = b[1:] if b[0] in "+-" else b
        return int(b) if body.isdigit() else None

    step = 1
    if len(bits) == 3:
        st = as_int(bits[2])
        if st is None:
            return None
        step = abs(st) or 1
    a, b = as_int(bits[0]), as_int(bits[1])
    if a is not None and b is not None:
        if abs(b - a) // step > MAX_BRACE_RESULTS:
            raise LimitExceeded("brace expansion: too many words")
        width = 0
        for raw in bits[:2]:
            digits = raw.lstrip("+-")
            if len(digits) > 1 and digits[0] == "0":
                width = max(width, len(raw))
        rng = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
        return [str(v).zfill(width) if width and v >= 0 else
                ("-" + str(-v).zfill(width - 1) if width else str(v)) for v in rng]
    if len(bits[0]) == 1 and len(bits[1]) == 1 and bits[0].isalpha() and bits[1].isalpha():
        x, y = ord(bits[0]), ord(bits[1])
        rng = range(x, y + 1, step) if x <= y else range(x, y - 1, -step)
        return [chr(v) for v in rng]
    return None


def brace_expand(s: str) -> list[str]:
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "{" and not (i and s[i - 1] == "$"):
            close, commas = _match_brace(s, i)
            if close is not None:
                if commas:
                    cuts = [i] + commas + [close]
                    alts = [s[cuts[k] + 1:cuts[k + 1]] for k in range(len(cuts) - 1)]
                else:
                    alts = _sequence(s[i + 1:close])
                if alts is not None:
                    pre, posts = s[:i], brace_expand(s[close + 1:])
                    out: list[str] = []
                    for alt in alts:
                        for x in brace_expand(alt):
                            for post in posts:
                                out.append(pre + x + post)
                        if len(out) > MAX_BRACE_RESULTS:
                            raise LimitExceeded("brace expansion: too many words")
                    return out
        i += 1
    return [s]


def brace_expand_parts(parts: list[Part]) -> list[list[Part]]:
    chars = []
    for k, p in enumerate(parts):
        if p.kind == "L":
            if any(ord(ch) >= _PH for ch in p.text):
                return [parts]
            chars.append(p.text)
        else:
            chars.append(chr(_PH + k))
    encoded = "".join(chars)
    if encoded.count("{") > MAX_BRACES:
        return [parts]
    results = brace_expand(encoded)
    if len(results) == 1 and results[0] == encoded:
        return [parts]
    out = []
    for r in results:
        ps: list[Part] = []
        buf: list[str] = []
        for ch in r:
            k = ord(ch) - _PH
            if 0 <= k < len(parts):
                if buf:
                    ps.append(Part("L", "".join(buf)))
                    buf = []
                ps.append(parts[k])
            else:
                buf.append(ch)
        if buf:
            ps.append(Part("L", "".join(buf)))
        out.append(ps)
    return out


# --- flattening ------------------------------------------------------------------------------

def flatten(node, parts: list[Part], reparse=None) -> None:
    t = node.type
    if t in EXPANSIONS:
        parts.append(Part("E", "", node, False))
    elif t in ("string", "translated_string"):
        _flatten_string(node, parts)
    elif t == "raw_string":
        txt = text_of(node)
        parts.append(Part("Q", txt[1:-1] if len(txt) >= 2 and txt.endswith("'") else txt[1:]))
    elif t == "ansi_c_string":
        txt = text_of(node)
        body = txt[2:-1] if len(txt) >= 3 and txt.endswith("'") else txt[2:]
        parts.append(Part("Q", c_unescape(body)[0]))
    elif t == "concatenation":
        for gap, child in children_with_gaps(node):
            if gap:
                parts.append(Part("L", gap))
            if child is not None:
                flatten(child, parts, reparse)
    elif t == "regex" and reparse is not None and _needs_reparse(text_of(node)):
        parts.extend(reparse(text_of(node)))
    else:
        parts.append(Part("L", text_of(node)))


def _needs_reparse(text: str) -> bool:
    """tree-sitter leaves ``regex`` operands as raw text; re-read them only if they expand."""
    if any(ch in text for ch in "`\"'"):
        return True
    return any(text[i] == "$" and i + 1 < len(text) and (text[i + 1].isalnum() or text[i + 1] in "_{(@*#?$")
               for i in range(len(text)))


def _flatten_string(node, parts: list[Part]) -> None:
    kids = node.children
    if all(not k.is_named for k in kids) and len(kids) <= 2:
        parts.append(Part("Q", ""))  # "" is an empty field, not nothing
    for idx, (gap, child) in enumerate(children_with_gaps(node)):
        if gap:
            parts.append(Part("Q", dq_unescape(gap)))
        if child is None:
            break
        txt = text_of(child)
        if child.type == "string_content":
            parts.append(Part("Q", dq_unescape(txt)))
            continue
        # tree-sitter folds whitespace before `$`, `` ` `` or the closing quote into that token
        lead = txt[:len(txt) - len(txt.lstrip(" \t\n"))]
        if lead and idx:
            parts.append(Part("Q", lead))
        if child.type in EXPANSIONS:
            parts.append(Part("E", "", child, True))
        elif child.is_named:
            parts.append(Part("Q", dq_unescape(txt[len(lead):])))
        elif idx and idx < len(kids) - 1:
            parts.append(Part("Q", txt[len(lead):]))  # e.g. a lone "$"


class Expander:
    """Mixin for Shell: turns word nodes into argument strings."""

    # provided by Shell
    vars: dict
    arrays: dict
    positional: list
    last_status: int

    def _reparse(self, text: str) -> list[Part]:
        parts: list[Part] = []
        for node in self.fragment_words(text):  # type: ignore[attr-defined]
            flatten(node, parts)
        return parts

    def _ifs(self) -> str:
        ifs = self.vars.get("IFS")
        return DEFAULT_IFS if ifs is None else ifs

    # -- public entry points --
    def expand_words(self, nodes) -> list[str]:
        out: list[str] = []
        for node in nodes:
            out.extend(self.expand_word(node))
        return out

    def expand_word(self, node, split: bool = True) -> list[str]:
        if node.type == "word":  # the common case: a bare word of characters that expand to themselves
            text = text_of(node)
            if _PLAIN_WORD.fullmatch(text):
                return [text]
        parts: list[Part] = []
        flatten(node, parts, self._reparse)
        variants = [parts]
        if split and any(p.kind == "L" and "{" in p.text for p in parts):
            variants = brace_expand_parts(parts)
        fields: list[str] = []
        for ps in variants:
            got = self._fields(ps, split)
            lit = "".join(p.text for p in ps if p.kind == "L")  # unquoted text: where a glob can be
            if split and len(got) == 1 and "f" not in getattr(self, "options", ()) and \
                    ("*" in lit or "?" in lit or "[" in lit and "]" in lit):
                got = self._pathnames(self._pattern_text(ps)) or got  # no match: the word stays
            fields.extend(got)
        return fields

    def _pathnames(self, pattern: str) -> list[str]:
        """Pathname expansion against the partition's files (none on an HMC: words stay as typed)."""
        vfs = getattr(getattr(self, "session", None), "vfs", None)
        if vfs is None:
            return []
        return glob_paths(vfs, pattern, getattr(self, "vars", {}).get("PWD", "/"))

    def expand_string(self, node) -> str:
        """One string, no splitting and no brace expansion (assignments, redirections, case)."""
        parts: list[Part] = []
        flatten(node, parts, self._reparse)
        return "".join(self._fields(parts, False)) if parts else ""

    def expand_nodes_string(self, parent, first: int, last: int) -> str:
        """parent.children[first:last] (with the source between them) as one unsplit string."""
        parts = self._range_parts(parent, first, last)
        return "".join(self._fields(parts, False)) if parts else ""

    def expand_pattern_nodes(self, parent, first: int, last: int) -> str:
        """Same range as a glob pattern: quoted characters are escaped, unquoted ones stay active."""
        return self._pattern_text(self._range_parts(parent, first, last))

    def expand_pattern(self, node) -> str:
        parts: list[Part] = []
        flatten(node, parts, self._reparse)
        return self._pattern_text(parts)

    def _pattern_text(self, parts: list[Part]) -> str:
        out = []
        for p in parts:
            if p.kind == "L":
                out.append(p.text)
            elif p.kind == "Q":
                out.append(glob_escape(p.text))
            else:
                val = self.eval_expansion(p.node, p.quoted)
                val = " ".join(val) if isinstance(val, list) else val
                out.append(glob_escape(val) if p.quoted else val)
        return "".join(out)

    def _range_parts(self, parent, first: int, last: int) -> list[Part]:
        parts: list[Part] = []
        for idx, (gap, child) in enumerate(children_with_gaps(parent)):
            if first <= idx <= last and gap:
                parts.append(Part("L", gap))
            if child is None or idx >= last:
                break
            if idx >= first:
                flatten(child, parts, self._reparse)
        return parts

    # -- evaluation --
    def _fields(self, parts: list[Part], split: bool) -> list[str]:
        fb = FieldBuilder(self._ifs())
        for idx, p in enumerate(parts):
            if p.kind == "L":
                text = self._tilde(p.text) if idx == 0 and split else p.text
                fb.literal(unquoted_unescape(text))
            elif p.kind == "Q":
                fb.quoted(p.text)
            else:
                val = self.eval_expansion(p.node, p.quoted or not split)
                if isinstance(val, list):
                    if p.quoted:
                        fb.many(val)
                    elif not split:
                        fb.quoted(" ".join(val))
                    else:
                        for k, v in enumerate(val):
                            if k:
                                fb.end()
                            fb.split(v)
                elif p.quoted or not split:
                    fb.quoted(val)
                else:
                    fb.split(val)
        return fb.finish()

    def _tilde(self, text: str) -> str:
        if not text.startswith("~"):
            return text
        slash = text.find("/")
        name = text[1:] if slash < 0 else text[1:slash]
        rest = "" if slash < 0 else text[slash:]
        if name == "":
            home = self.vars.get("HOME", "")
        elif name == getattr(self.session, "user", None) or name == "root":  # type: ignore[attr-defined]
            home = self.flavour.home(name)  # type: ignore[attr-defined]
        else:
            return text
        return home + rest

    def eval_expansion(self, node, quoted: bool):
        t = node.type
        if t == "simple_expansion":
            name = text_of(node.children[-1]) if node.child_count > 1 else ""
            return self.param(name, quoted)
        if t == "expansion":
            return self._braced(node, quoted)
        if t == "command_substitution":
            return self.command_substitution(node)  # type: ignore[attr-defined]
        if t == "arithmetic_expansion":
            kids = node.children
            if len(kids) < 2:
                return "0"
            text = self.splice(node, kids[0].end_byte, kids[-1].start_byte)
            return str(self.arith(text))  # type: ignore[attr-defined]
        raise ShellError(f"{self.flavour.shell_name}: {text_of(node)}: "  # type: ignore[attr-defined]
                         "process substitution is not supported")

    def splice(self, node, start: int, end: int) -> str:
        """Source text of [start, end) inside node with every expansion replaced by its value."""
        out: list[str] = []

        def walk(n) -> None:
            pos = max(n.start_byte, start)
            base = n.start_byte
            data = node_bytes(n)
            for child in n.children:
                if child.end_byte <= start or child.start_byte >= end:
                    continue
                if child.start_byte > pos:
                    out.append(data[pos - base:child.start_byte - base].decode("utf-8", "replace"))
                if child.type in EXPANSIONS:
                    val = self.eval_expansion(child, True)
                    out.append(" ".join(val) if isinstance(val, list) else val)
                elif child.child_count:
                    walk(child)
                else:
                    lo, hi = max(child.start_byte, start), min(child.end_byte, end)
                    out.append(data[lo - base:hi - base].decode("utf-8", "replace"))
                pos = child.end_byte
            stop = min(n.end_byte, end)
            if stop > pos:
                out.append(data[pos - base:stop - base].decode("utf-8", "replace"))

        walk(node)
        return "".join(out)

    # -- parameters --
    def param(self, name: str, quoted: bool):
        """$name: scalar string, or a list for $@ / $* (the caller decides on fields)."""
        if name == "@":
            return list(self.positional)
        if name == "*":
            if quoted:
                ifs = self._ifs()
                return (ifs[:1] if ifs else "").join(self.positional)
            return list(self.positional)
        value = self.get_param(name)
        if value is None:
            if "u" in self.options and name not in ("", "!"):  # type: ignore[attr-defined]
                raise ShellError(f"{self.flavour.shell_name}: {name}: unbound variable")  # type: ignore[attr-defined]
            return ""
        return value

    def get_param(self, name: str) -> str | None:
        if name == "?":
            return str(self.last_status)
        if name == "$":
            return str(self.pid)  # type: ignore[attr-defined]
        if name == "#":
            return str(len(self.positional))
        if name == "0":
            return self.script_name  # type: ignore[attr-defined]
        if name == "-":
            return "".join(sorted(self.options)) + ("i" if self.interactive else "")  # type: ignore[attr-defined]
        if name == "!":
            return ""
        if name.isdigit():
            k = int(name)
            return self.positional[k - 1] if 0 < k <= len(self.positional) else None
        if name in self.arrays:
            arr = self.arrays[name]
            return arr[0] if arr else ""
        value = self.vars.get(name)
        if value is None and name == "RANDOM":
            return str(self.rng.randint(0, 32767))  # type: ignore[attr-defined]  # seeded: deterministic
        return value

    def _braced(self, node, quoted: bool):
        kids = node.children
        sh = self.flavour.shell_name  # type: ignore[attr-defined]
        bad = ShellError(f"{sh}: {text_of(node).strip()}: bad substitution")
        lo = 1 if kids and kids[0].type == "${" else 0
        hi = len(kids) - 1 if kids and kids[-1].type == "}" else len(kids)
        if lo >= hi:
            raise bad
        prefix = None
        if not kids[lo].is_named and kids[lo].type in ("#", "!"):
            if lo + 1 >= hi:
                if kids[lo].type == "#":
                    return str(len(self.positional))  # ${#}
                raise bad
            prefix = kids[lo].type
            lo += 1
        name, value, is_list = self._target(kids[lo], quoted)
        if prefix == "!":
            ref = value if isinstance(value, str) else ""
            value, is_list = (self.get_param(ref) if ref else None), False
        if prefix == "#":
            return str(len(value)) if is_list else str(len(value or ""))
        if lo + 1 >= hi:
            if value is None:
                return self.param(name, quoted) if name and not prefix else ""
            return value
        opnode = kids[lo + 1]
        if opnode.is_named:
            raise bad
        op, a = opnode.type, lo + 2  # a: first operand child
        if is_list:
            value = " ".join(value)
        if op in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
            empty = value is None or (op.startswith(":") and value == "")
            base = op.lstrip(":")
            if base == "-":
                return self.expand_nodes_string(node, a, hi) if empty else value
            if base == "=":
                if empty:
                    value = self.expand_nodes_string(node, a, hi)
                    self.set_var(name, value)  # type: ignore[attr-defined]
                return value
            if base == "+":
                return "" if empty else self.expand_nodes_string(node, a, hi)
            if empty:
                msg = self.expand_nodes_string(node, a, hi) or "parameter null or not set"
                raise ShellError(f"{sh}: {name}: {msg}")
            return value
        value = value or ""
        if op in ("#", "##", "%", "%%"):
            return _trim(value, self.expand_pattern_nodes(node, a, hi), op)
        sep = next((i for i in range(a, hi) if not kids[i].is_named
                    and kids[i].type == ("/" if op.startswith("/") else ":")), None)
        if op in ("/", "//", "/#", "/%"):
            pattern = self.expand_pattern_nodes(node, a, sep if sep is not None else hi)
            repl = self.expand_nodes_string(node, sep + 1, hi) if sep is not None else ""
            return _replace(value, pattern, repl, op)
        if op == ":":
            stop_node = kids[sep] if sep is not None else (kids[hi] if hi < len(kids) else None)
            stop = stop_node.start_byte if stop_node is not None else node.end_byte
            off = self.arith(self.splice(node, opnode.end_byte, stop))  # type: ignore[attr-defined]
            length = None
            if sep is not None:
                end = kids[hi].start_byte if hi < len(kids) else node.end_byte
                length = self.arith(self.splice(node, kids[sep].end_byte, end))  # type: ignore[attr-defined]
            n = len(value)
            begin = off if off >= 0 else max(0, n + off)
            if length is None:
                return value[begin:]
            finish = begin + length if length >= 0 else n + length
            if finish < begin:
                raise ShellError(f"{sh}: {length}: substring expression < 0")
            return value[begin:finish]
        if op in ("^^", "^"):
            return value.upper() if op == "^^" else value[:1].upper() + value[1:]
        if op in (",,", ","):
            return value.lower() if op == ",," else value[:1].lower() + value[1:]
        if op == "@":
            return value
        raise bad

    def _target(self, node, quoted: bool):
        """(name, value or None if unset, is_list) for the parameter a ${...} names."""
        t = node.type
        if t == "subscript":
            name_node = node.child_by_field_name("name")
            index_node = node.child_by_field_name("index")
            name = text_of(name_node) if name_node is not None else ""
            index = text_of(index_node).strip() if index_node is not None else "0"
            arr = self.arrays.get(name)
            if arr is None:
                scalar = self.vars.get(name)
                arr = [scalar] if scalar is not None else []
            if index in ("@", "*"):
                return name, list(arr), True
            k = self.arith(self.splice(index_node, index_node.start_byte, index_node.end_byte)) \
                if index_node is not None else 0  # type: ignore[attr-defined]
            if k < 0:
                k += len(arr)
            return name, (arr[k] if 0 <= k < len(arr) else None), False
        name = text_of(node)
        if name == "@" or (name == "*" and not quoted):
            return name, list(self.positional), True
        if name == "*":
            return name, self.param("*", True), False
        return name, self.get_param(name), False


# Characters a ${x#pat} / ${x//pat/r} expansion may scan in all: the trims and replacements try every
# split of the value, so a long value with a many-star pattern would otherwise run for minutes.
MAX_PATTERN_WORK = 20_000_000


class _Work:
    def __init__(self) -> None:
        self.done = 0

    def __call__(self, chars: int) -> None:
        self.done += chars + 1
        if self.done > MAX_PATTERN_WORK:
            raise LimitExceeded("pattern matching limit exceeded")


def _trim(value: str, pattern: str, op: str) -> str:
    rx = compile_glob(pattern)
    n, work = len(value), _Work()
    if op in ("#", "##"):
        rng = range(n + 1) if op == "#" else range(n, -1, -1)
        for i in rng:
            work(i)
            if rx.fullmatch(value, 0, i):
                return value[i:]
        return value
    rng = range(n, -1, -1) if op == "%" else range(n + 1)
    for i in rng:
        work(n - i)
        if rx.fullmatch(value, i, n):
            return value[:i]
    return value


def _replace(value: str, pattern: str, repl: str, op: str) -> str:
    if not pattern:
        return value
    rx = compile_glob(pattern)
    n, work = len(value), _Work()
    if op == "/#":
        for i in range(n, -1, -1):
            work(i)
            if rx.fullmatch(value, 0, i):
                return repl + value[i:]
        return value
    if op == "/%":
        for i in range(n + 1):
            work(n - i)
            if rx.fullmatch(value, i, n):
                return value[:i] + repl
        return value
    longest = compile_glob_longest(pattern)
    out, i, done = [], 0, False
    while i < n:
        if not done:
            end = _longest_at(rx, longest, value, i, work)
            if end is not None:
                out.append(repl)
                i = end
                done = op == "/"
            else:
                out.append(value[i])
                i += 1
            continue
        out.append(value[i:])
        break
    return "".join(out)


def _longest_at(rx, longest, value: str, i: int, work: _Work) -> int | None:
    """End of the longest non-empty match of the glob starting at ``i``, or None."""
    n = len(value)
    if longest is not None:  # one leftmost-longest match on RE2: linear in what it scans
        work(n - i)
        m = longest.match(value, i)
        return m.end() if m is not None and m.end() > i else None
    for j in range(n, i, -1):
        work(j - i)
        if rx.fullmatch(value, i, j):
            return j
    return None


MAX_GLOB = 10_000  # names one pattern may expand to


def _has_glob(component: str) -> bool:
    i = 0
    while i < len(component):
        if component[i] == "\\":
            i += 2
            continue
        if component[i] in "*?" or (component[i] == "[" and "]" in component[i + 2:]):
            return True
        i += 1
    return False


def _unescape(component: str) -> str:
    out, i = [], 0
    while i < len(component):
        if component[i] == "\\" and i + 1 < len(component):
            i += 1
        out.append(component[i])
        i += 1
    return "".join(out)


def glob_paths(vfs, pattern: str, cwd: str) -> list[str]:
    """Paths of ``vfs`` matching ``pattern`` (quoted characters escaped with backslashes), sorted;
    a leading dot is matched only by a pattern that spells it, as sh does."""
    import posixpath

    from .patterns import compile_glob

    absolute = pattern.startswith("/")
    comps = [c for c in pattern.split("/") if c]
    if not comps or not any(_has_glob(c) for c in comps):
        return []
    base = "/" if absolute else cwd
    found = [""]
    for comp in comps:
        nxt: list[str] = []
        rx = compile_glob(comp) if _has_glob(comp) else None
        for rel in found:
            here = posixpath.join(base, rel) if rel else base
            if rx is None:
                cand = posixpath.join(rel, _unescape(comp)) if rel else _unescape(comp)
                if vfs.kind(posixpath.join(base, cand)) is not None:
                    nxt.append(cand)
                continue
            if not vfs.is_dir(here):
                continue
            for name in vfs.listdir(here):
                if name.startswith(".") and not comp.startswith("."):
                    continue
                if rx.fullmatch(name):
                    nxt.append(posixpath.join(rel, name) if rel else name)
                    if len(nxt) > MAX_GLOB:
                        break
        found = nxt
        if not found:
            return []
    return sorted(("/" + p) if absolute else p for p in found)
