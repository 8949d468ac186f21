"""Parsing with tree-sitter-bash: a cached parser, syntax problems, and "needs more lines?".

The Language and the problem query are made once per process (compiling the query is the costly part,
so it waits for a line that may hold a problem); parsers are per thread because a tree-sitter Parser is
not thread-safe.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import NamedTuple

import tree_sitter as ts
import tree_sitter_bash as tsb

RESERVED = ("done", "fi", "then", "else", "elif", "do", "esac", "}")
_RESERVED_LIST = " ".join(f'"{w}"' for w in RESERVED)
_QUERY_SRC = f"""
(command_name (word) @kw (#any-of? @kw {_RESERVED_LIST}))
(ERROR) @err
(MISSING) @missing
";;" @dsemi
(heredoc_start) @heredoc
"""

_lock = threading.Lock()
_language: ts.Language | None = None
_query: ts.Query | None = None
_local = threading.local()


def language() -> ts.Language:
    global _language
    if _language is None:
        with _lock:
            if _language is None:
                _language = ts.Language(tsb.language())
    return _language


def _problem_query() -> ts.Query:
    """The query of syntax problems, compiled on first need (~6 ms: most lines never need it)."""
    global _query
    if _query is None:
        lang = language()
        with _lock:
            if _query is None:
                _query = ts.Query(lang, _QUERY_SRC)
    return _query


# what the problem query can catch besides ERROR/MISSING nodes (which root.has_error reports): a reserved
# word as a command name and ";;". A line holding none of these texts anywhere has no problem to find.
_MAY_HOLD_RESERVED = re.compile("|".join(re.escape(w) for w in (*RESERVED, ";;")).encode())


# tree-sitter-bash's external scanner calls C isalpha()/isdigit() on the lookahead code point;
# above 255 that reads outside the ctype table and can crash the process. So non-ASCII characters
# are parsed as same-length ASCII stand-ins ('.' then '_'s: a plain word character that starts no
# name, number or operator), and the real bytes are read back by offset through node_bytes().
_ORIGINALS: OrderedDict[int, tuple[ts.Tree, bytes]] = OrderedDict()
_MAX_ORIGINALS = 16


def _stand_in(source: str) -> bytes:
    out = []
    for ch in source:
        if ord(ch) < 128:
            out.append(ch)
        else:
            out.append("." + "_" * (len(ch.encode("utf-8", "surrogatepass")) - 1))
    return "".join(out).encode("ascii")


def parse(source: str) -> ts.Tree:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = ts.Parser(language())
    if source.isascii():
        return parser.parse(source.encode("ascii"))
    tree = parser.parse(_stand_in(source))
    with _lock:
        # the entry holds the tree, so its root id cannot be reused while the entry lives
        _ORIGINALS[tree.root_node.id] = (tree, source.encode("utf-8", "surrogatepass"))
        while len(_ORIGINALS) > _MAX_ORIGINALS:
            _ORIGINALS.popitem(last=False)
    return tree


def node_bytes(node) -> bytes:
    """The source bytes of a node (the real characters, not the parser's stand-ins)."""
    data = node.text
    if not _ORIGINALS or b"._" not in data:  # every stand-in is "." then "_"s
        return data
    root = node
    while True:
        parent = root.parent
        if parent is None:
            break
        root = parent
    entry = _ORIGINALS.get(root.id)
    if entry is None:
        return data
    return entry[1][node.start_byte:node.end_byte]


def node_text(node) -> str:
    return node_bytes(node).decode("utf-8", "replace")


class Problem(NamedTuple):
    kind: str      # "error" | "missing" | "reserved"
    node: object
    token: str
    row: int


_OPENERS = frozenset({"if", "for", "while", "until", "case", "select", "function", "{", "(", "[[",
                      "((", "$(", "`", "\"", "'"})


def _leaves(node, limit: int = 3) -> list[str]:
    out: list[str] = []
    stack = [node]
    while stack and len(out) < limit:
        n = stack.pop()
        if n.child_count == 0:
            txt = node_text(n).strip()
            if txt:
                out.append(txt)
        else:
            stack.extend(reversed(n.children))
    return out


def find_problem(tree: ts.Tree) -> Problem | None:
    """The first syntax problem in source order, or None."""
    root = tree.root_node
    if not root.has_error and not _MAY_HOLD_RESERVED.search(root.text or b""):
        return None
    caps = ts.QueryCursor(_problem_query()).captures(root)
    found: list[Problem] = []
    for node in caps.get("err", ()):
        leaves = _leaves(node)
        token = leaves[0] if leaves else ""
        if token in _OPENERS and len(leaves) > 1:
            token = leaves[1]
        found.append(Problem("error", node, token, node.start_point.row))
    for node in caps.get("missing", ()):
        found.append(Problem("missing", node, node.type, node.start_point.row))
    for node in caps.get("kw", ()):
        found.append(Problem("reserved", node, node_text(node), node.start_point.row))
    for node in caps.get("dsemi", ()):
        parent = node.parent
        if parent is None or parent.type != "case_item":
            found.append(Problem("reserved", node, ";;", node.start_point.row))
    if not found:
        return None
    return min(found, key=lambda p: p.node.start_byte)


def heredoc_delimiters(tree: ts.Tree) -> list[str]:
    caps = ts.QueryCursor(_problem_query()).captures(tree.root_node)
    out = []
    for node in caps.get("heredoc", ()):
        word = node_text(node)
        out.append("".join(ch for ch in word if ch not in "'\"\\"))
    return out


_CLOSERS = ('"', "'", "`", ")", "}", "))", "]]", " ]", "\n:", " x", "\ndone", "\nfi", "\nesac",
            "\nthen :\nfi", "\ndo :\ndone", "\nin x) :;;\nesac", ";;\nesac", "\n:\n}", "\n}", "\n)",
            " 1))", "1]")
_MISSING_FILL = {"word": " x", "done": "\ndone", "fi": "\nfi", "esac": "\nesac", "then": "\nthen :",
                 "do": "\ndo :", "}": "\n}", ")": ")", "`": "`", '"': '"', "'": "'", "))": "))",
                 "]]": " ]]", "]": " ]", ";;": ";;"}


_CAN_SPAN = frozenset({"raw_string", "ansi_c_string", "heredoc_body", "heredoc_content", "comment"})


def _glued(tree: ts.Tree, boundary: int) -> bool:
    """True when the appended text merged into the last token (``done`` + ``}`` = ``done}``)."""
    if boundary <= 0:
        return False
    leaf = tree.root_node.descendant_for_byte_range(boundary - 1, boundary)
    if leaf is None:
        return False
    if leaf.child_count == 0 and leaf.end_byte > boundary and leaf.type not in _CAN_SPAN:
        return True
    node = leaf
    while node is not None and node.type in ("word", "concatenation", "number", "command_name"):
        if node.type == "concatenation" and node.end_byte > boundary:
            return True
        node = node.parent
    return False


def _at_end(problem: Problem, data_len: int) -> bool:
    return problem.node.start_byte >= data_len


_OPEN_LOOP = ("for", "while", "until", "select")
_CLOSE = {"done", "fi", "esac", "}", ")", "))", "]]"}


def _closing_suffix(tree: ts.Tree) -> str:
    """Close every construct still open at the end, judged from tree-sitter's own tokens."""
    stack: list[list] = []  # [closer, seen_middle_keyword]
    todo = [tree.root_node]
    while todo:
        n = todo.pop()
        if n.child_count:
            todo.extend(reversed(n.children))
            continue
        if n.is_missing or n.is_named:
            continue
        t = n.type
        if t in _OPEN_LOOP:
            stack.append(["done", False])
        elif t == "if":
            stack.append(["fi", False])
        elif t == "case":
            stack.append(["esac", False])
        elif t == "{":
            stack.append(["}", True])
        elif t in ("(", "$("):
            stack.append([")", True])
        elif t in ("((", "$(("):
            stack.append(["))", True])
        elif t == "[[":
            stack.append(["]]", True])
        elif t == "`":
            if stack and stack[-1][0] == "`":
                stack.pop()
            else:
                stack.append(["`", True])
        elif t in ("do", "then", "in") and stack:
            stack[-1][1] = True
        elif t in _CLOSE and stack and stack[-1][0] == t:
            stack.pop()
    out = []
    for closer, middle in reversed(stack):
        if closer == "done":
            out.append(("" if middle else "\ndo") + "\n:\ndone")
        elif closer == "fi":
            out.append(("" if middle else "\nthen") + "\n:\nfi")
        elif closer == "esac":
            out.append(("" if middle else " in") + "\nesac")
        elif closer in ("}", ")"):
            out.append("\n:\n" + closer)
        else:
            out.append(" " + closer if closer != "`" else closer)
    return "".join(out)


# tree-sitter's error recovery costs time quadratic in the number of bad tokens on one line (20,000
# stray ")" take seconds), and the world's loop waits for every command: a line that is both long and
# dense in operators is refused before it is parsed, and only human-sized input is searched for a
# possible ending.
TOO_COMPLEX_BYTES = 4096
TOO_COMPLEX_OPERATORS = 1000
MAX_COMPLETABLE_BYTES = 16384
MAX_COMPLETABLE_OPERATORS = 400  # a pasted 50-line loop has about a hundred
_OPERATOR_CHARS = "()<>;&|`{}[]\0"


def _operators(source: str) -> int:
    return (sum(source.count(c) for c in _OPERATOR_CHARS)
            + sum(1 for ch in source if ord(ch) < 32 and ch not in "\t\n"))


def too_complex(source: str) -> bool:
    """True for input no human types: one line that is long and made mostly of operators or control
    bytes (the cost grows within a line; a long script of ordinary lines parses in linear time)."""
    if len(source) <= TOO_COMPLEX_BYTES:
        return False
    return any(len(line) > TOO_COMPLEX_BYTES and _operators(line) > TOO_COMPLEX_OPERATORS
               for line in source.split("\n"))


def completable(source: str, max_steps: int = 8) -> bool:
    """True when some ending would make ``source`` parse: the user has more lines to type."""
    if len(source) > MAX_COMPLETABLE_BYTES or _operators(source) > MAX_COMPLETABLE_OPERATORS:
        return False  # each candidate ending costs a parse: keep the search for human-sized input
    text = source
    for _ in range(max_steps):
        tree = parse(text)
        problem = find_problem(tree)
        if problem is None:
            return True
        end = len(text.rstrip().encode("utf-8", "surrogatepass"))
        if problem.kind == "missing" and _at_end(problem, end) and problem.token in _MISSING_FILL:
            text += _MISSING_FILL[problem.token]
            continue
        suffix = _closing_suffix(tree)
        candidates = _CLOSERS + tuple("\n" + d for d in heredoc_delimiters(tree) if d)
        if suffix:
            candidates += (suffix, '"' + suffix, "'" + suffix, suffix + '"', suffix + "'")
        follow = None
        boundary = len(text.encode("utf-8", "surrogatepass"))
        for c in candidates:
            tree2 = parse(text + c)
            if _glued(tree2, boundary):
                continue
            p2 = find_problem(tree2)
            if p2 is None:
                return True
            end2 = len((text + c).rstrip().encode("utf-8", "surrogatepass"))
            if follow is None and p2.kind == "missing" and _at_end(p2, end2) and \
                    p2.node.start_byte > problem.node.start_byte:
                follow = text + c
        if follow is None:
            return False
        text = follow
    return False


def trailing_backslash(source: str) -> bool:
    stripped = source.rstrip("\n")
    return (len(stripped) - len(stripped.rstrip("\\"))) % 2 == 1
