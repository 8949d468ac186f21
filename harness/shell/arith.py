"""Shell arithmetic ($((...)), $[...], ((...)), let, for ((;;))) with bash's 64-bit semantics.

The text is evaluated after parameter expansion, as bash does, so a hand-written tokenizer and a
precedence-climbing parser are used here rather than tree-sitter's arithmetic nodes. Values wrap at
64 bits, which also keeps huge exponents from eating the CPU.
"""

from __future__ import annotations

from collections.abc import Callable

MASK = (1 << 64) - 1
MAX_VAR_DEPTH = 16  # a variable's value is itself an expression; stop runaway self-reference


class ArithError(Exception):
    pass


def wrap(v: int) -> int:
    v &= MASK
    return v - (1 << 64) if v >> 63 else v


_OPS = sorted([
    "<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=",
    "*=", "/=", "%=", "&=", "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "=", "!", "~", "&",
    "^", "|", "?", ":", ",", "(", ")",
], key=len, reverse=True)

_BINARY = {  # operator -> (precedence, right associative)
    "||": (4, False), "&&": (5, False), "|": (6, False), "^": (7, False), "&": (8, False),
    "==": (9, False), "!=": (9, False), "<": (10, False), ">": (10, False), "<=": (10, False),
    ">=": (10, False), "<<": (11, False), ">>": (11, False), "+": (12, False), "-": (12, False),
    "*": (13, False), "/": (13, False), "%": (13, False), "**": (14, True),
}
_ASSIGN = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="}


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\n\r":
            i += 1
        elif c.isdigit():
            j = i
            while j < n and (text[j].isalnum() or text[j] in "#_@"):
                j += 1
            out.append(("num", text[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(("var", text[i:j]))
            i = j
        else:
            for op in _OPS:
                if text.startswith(op, i):
                    out.append(("op", op))
                    i += len(op)
                    break
            else:
                raise ArithError(f"syntax error: invalid arithmetic operator (error token is \"{text[i:]}\")")
    return out


def parse_number(tok: str) -> int:
    """Decimal, 0x hex, 0 octal and base#digits, as bash reads integer constants."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@_"
    base = 10
    body = tok
    if "#" in tok:
        b, body = tok.split("#", 1)
        if not b.isdigit() or not 2 <= int(b) <= 64:
            raise ArithError(f"invalid arithmetic base (error token is \"{tok}\")")
        base = int(b)
    elif tok[:2] in ("0x", "0X"):
        base, body = 16, tok[2:]
    elif len(tok) > 1 and tok[0] == "0":
        base, body = 8, tok[1:]
    if not body:
        raise ArithError(f"invalid number (error token is \"{tok}\")")
    value = 0
    for ch in body:
        d = digits.find(ch) if base > 36 else digits.find(ch.lower())
        if d < 0 or d >= base:
            raise ArithError(f"value too great for base (error token is \"{tok}\")")
        value = value * base + d
    return wrap(value)


class _Parser:
    """Builds a small AST: ('num', v) ('var', name) ('un', op, e) ('pre'|'post', op, name)
    ('bin', op, a, b) ('asg', op, name, e) ('cond', c, a, b) ('comma', a, b)."""

    def __init__(self, toks: list[tuple[str, str]]):
        self.toks = toks
        self.i = 0
        self.nest = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise ArithError("syntax error: operand expected (error token is \"\")")
        self.i += 1
        return tok

    def rest(self) -> str:
        return " ".join(t[1] for t in self.toks[self.i:])

    def expect(self, op: str) -> None:
        tok = self.peek()
        if tok != ("op", op):
            raise ArithError(f"syntax error: `{op}' expected (error token is \"{self.rest()}\")")
        self.i += 1

    def comma(self):
        node = self.assign()
        while self.peek() == ("op", ","):
            self.i += 1
            node = ("comma", node, self.assign())
        return node

    def assign(self):
        tok = self.peek()
        nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        if tok and tok[0] == "var" and nxt and nxt[0] == "op" and nxt[1] in _ASSIGN:
            self.i += 2
            return ("asg", nxt[1], tok[1], self.assign())
        return self.cond()

    def cond(self):
        node = self.binary(4)
        if self.peek() == ("op", "?"):
            self.i += 1
            a = self.assign()
            self.expect(":")
            b = self.assign()
            node = ("cond", node, a, b)
        return node

    def binary(self, min_prec: int):
        left = self.unary()
        while True:
            tok = self.peek()
            if not tok or tok[0] != "op" or tok[1] not in _BINARY:
                return left
            prec, right = _BINARY[tok[1]]
            if prec < min_prec:
                return left
            self.i += 1
            rhs = self.binary(prec if right else prec + 1)
            left = ("bin", tok[1], left, rhs)

    def unary(self):
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in ("!", "~", "-", "+"):
            self.i += 1
            return ("un", tok[1], self.unary())
        if tok and tok[0] == "op" and tok[1] in ("++", "--"):
            self.i += 1
            name = self.take()
            if name[0] != "var":
                raise ArithError(f"syntax error: operand expected (error token is \"{name[1]}\")")
            return ("pre", tok[1], name[1])
        return self.postfix()

    def postfix(self):
        tok = self.take()
        if tok == ("op", "("):
            self.nest += 1
            if self.nest > 200:
                raise ArithError("expression nested too deeply")
            node = self.comma()
            self.nest -= 1
            self.expect(")")
            return node
        if tok[0] == "num":
            return ("num", parse_number(tok[1]))
        if tok[0] == "var":
            nxt = self.peek()
            if nxt and nxt[0] == "op" and nxt[1] in ("++", "--"):
                self.i += 1
                return ("post", nxt[1], tok[1])
            return ("var", tok[1])
        bad = (tok[1] + " " + self.rest()).strip()
        raise ArithError(f"syntax error: operand expected (error token is \"{bad}\")")


class Arith:
    """Evaluates arithmetic text with variables read and written through the given callbacks."""

    def __init__(self, get: Callable[[str], str | None], set_: Callable[[str, str], None]):
        self.get = get
        self.set = set_
        self.depth = 0

    def evaluate(self, text: str) -> int:
        if not text.strip():
            return 0
        parser = _Parser(_tokens(text))
        node = parser.comma()
        if parser.peek() is not None:
            raise ArithError(f"syntax error in expression (error token is \"{parser.rest()}\")")
        return self._eval(node)

    def _var(self, name: str) -> int:
        raw = self.get(name)
        if raw is None or raw.strip() == "":
            return 0
        raw = raw.strip()
        if raw.lstrip("-").isdigit():
            return wrap(int(raw))
        self.depth += 1
        try:
            if self.depth > MAX_VAR_DEPTH:
                raise ArithError(f"expression recursion level exceeded (error token is \"{raw}\")")
            return self.evaluate(raw)
        finally:
            self.depth -= 1

    def _eval(self, node) -> int:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "var":
            return self._var(node[1])
        if kind == "un":
            v = self._eval(node[2])
            return {"!": int(not v), "~": wrap(~v), "-": wrap(-v), "+": v}[node[1]]
        if kind in ("pre", "post"):
            old = self._var(node[2])
            new = wrap(old + (1 if node[1] == "++" else -1))
            self.set(node[2], str(new))
            return new if kind == "pre" else old
        if kind == "comma":
            self._eval(node[1])
            return self._eval(node[2])
        if kind == "cond":
            return self._eval(node[2]) if self._eval(node[1]) else self._eval(node[3])
        if kind == "asg":
            op, name = node[1], node[2]
            value = self._eval(node[3])
            if op != "=":
                value = self._binop(op[:-1], self._var(name), value)
            self.set(name, str(value))
            return value
        op = node[1]
        if op == "&&":
            return int(bool(self._eval(node[2])) and bool(self._eval(node[3])))
        if op == "||":
            return int(bool(self._eval(node[2])) or bool(self._eval(node[3])))
        return self._binop(op, self._eval(node[2]), self._eval(node[3]))

    @staticmethod
    def _binop(op: str, a: int, b: int) -> int:
        if op in ("/", "%"):
            if b == 0:
                raise ArithError(f"division by 0 (error token is \"{b}\")")
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                q = -q
            return wrap(q) if op == "/" else wrap(a - b * q)
        if op == "**":
            if b < 0:
                raise ArithError(f"exponent less than 0 (error token is \"{b}\")")
            return wrap(pow(a, b, 1 << 64))
        if op == "<<":
            return wrap(a << (b & 63))
        if op == ">>":
            return a >> (b & 63)
        table = {
            "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "&": lambda: a & b,
            "|": lambda: a | b, "^": lambda: a ^ b, "<": lambda: int(a < b), ">": lambda: int(a > b),
            "<=": lambda: int(a <= b), ">=": lambda: int(a >= b), "==": lambda: int(a == b),
            "!=": lambda: int(a != b),
        }
        return wrap(table[op]())
