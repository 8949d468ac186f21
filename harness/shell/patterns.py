"""Translators from shell globs and POSIX regular expressions (BRE/ERE) to Python ``re``.

These are small character scanners over *patterns*, not shell grammar: the shell grammar itself is
parsed by tree-sitter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import safe_regex

_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~", "xdigit": "0-9A-Fa-f",
    "cntrl": r"\x00-\x1f\x7f", "print": r" -~", "graph": r"!-~", "word": r"\w",
}


def _bracket(pat: str, i: int) -> tuple[str, int] | None:
    """Translate a bracket expression starting at pat[i] == '['; None if it is not closed."""
    j = i + 1
    negate = False
    if j < len(pat) and pat[j] in "!^":
        negate = True
        j += 1
    items: list[str] = []
    first = True
    while j < len(pat):
        c = pat[j]
        if c == "]" and not first:
            body = "".join(items)
            return ("[^" if negate else "[") + body + "]", j + 1
        first = False
        if c == "[" and j + 1 < len(pat) and pat[j + 1] in ":=.":
            kind = pat[j + 1]
            end = pat.find(kind + "]", j + 2)
            if end < 0:
                return None
            name = pat[j + 2:end]
            if kind == ":":
                if name not in _CLASSES:
                    raise re.error(f"invalid character class {name}")
                items.append(_CLASSES[name])
            else:
                items.append(re.escape(name))
            j = end + 2
            continue
        if c in "\\[]^":
            items.append("\\" + c)
        elif c == "-":
            items.append("-" if 0 < len(items) and j + 1 < len(pat) and pat[j + 1] != "]" else "\\-")
        else:
            items.append(c)
        j += 1
    return None


@lru_cache(maxsize=512)
def glob_to_regex(pattern: str) -> str:
    """Shell pattern (case, [[ == ]], ${x#pat}) to a Python regex body; backslash quotes a char."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif c == "*":
            out.append(".*")
            i += 1
        elif c == "?":
            out.append(".")
            i += 1
        elif c == "[":
            try:
                got = _bracket(pattern, i)
            except re.error:
                got = None
            if got is None:
                out.append("\\[")
                i += 1
            else:
                out.append(got[0])
                i = got[1]
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern:
    return safe_regex.compile(glob_to_regex(pattern), re.DOTALL)


@lru_cache(maxsize=128)
def compile_glob_longest(pattern: str):
    """The glob with leftmost-longest matching (RE2), or None when only re's engine can run it."""
    rx = safe_regex.compile(glob_to_regex(pattern), re.DOTALL, longest=True)
    return rx if safe_regex.linear(rx) else None


def glob_match(pattern: str, text: str) -> bool:
    return compile_glob(pattern).fullmatch(text) is not None


def glob_escape(text: str) -> str:
    """Quote every pattern character, for quoted parts of a pattern word."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


@lru_cache(maxsize=512)
def posix_to_python(pattern: str, extended: bool) -> str:
    """POSIX BRE (GNU flavour: \\+ \\? \\|) or ERE to a Python regex body."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        at_start = not out or out[-1] in ("(", "|", "^")
        if c == "\\" and i + 1 < n:
            d = pattern[i + 1]
            i += 2
            if not extended and d in "(){}|+?":
                out.append({"(": "(", ")": ")", "{": "{", "}": "}", "|": "|", "+": "+", "?": "?"}[d])
            elif d == "<":
                out.append(r"\b(?=\w)")
            elif d == ">":
                out.append(r"\b(?<=\w)")
            elif d in "wWsSbB" or d.isdigit():
                out.append("\\" + d)
            elif d == "`":
                out.append(r"\A")
            elif d == "'":
                out.append(r"\Z")
            elif d == "n":
                out.append(r"\n")
            elif d == "t":
                out.append(r"\t")
            else:
                out.append(re.escape(d))
            continue
        if c == "\\":
            out.append(r"\\")
        elif c == "[":
            got = _bracket(pattern, i)
            if got is None:
                raise re.error("Unmatched [, [^, [:, [., or [=")
            out.append(got[0])
            i = got[1]
            continue
        elif c == "*":
            out.append(r"\*" if at_start else "*")
        elif c in "+?":
            out.append(c if extended and not at_start else re.escape(c))
        elif c in "(){}|":
            if extended:
                if c == "{" and (at_start or not _is_interval(pattern, i)):
                    out.append(r"\{")
                else:
                    out.append(c)
            else:
                out.append(re.escape(c))
        elif c == "^":
            out.append("^" if extended or at_start else r"\^")
        elif c == "$":
            out.append("$" if extended or i == n - 1 or pattern[i + 1:i + 3] in ("\\)", "\\|") else r"\$")
        elif c == ".":
            out.append(".")
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _is_interval(pat: str, i: int) -> bool:
    j = pat.find("}", i)
    return j > i + 1 and all(ch.isdigit() or ch == "," for ch in pat[i + 1:j])


@lru_cache(maxsize=512)
def compile_posix(pattern: str, extended: bool = False, ignore_case: bool = False) -> re.Pattern:
    flags = re.IGNORECASE if ignore_case else 0
    return safe_regex.compile(posix_to_python(pattern, extended), flags)
