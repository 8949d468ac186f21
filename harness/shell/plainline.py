"""A command line of literal words only, split without the grammar.

Most lines tools send are one command with literal arguments (`lssyscfg -r lpar -m SYS -F name,state`).
For those the tree-sitter parse, the syntax check and word expansion cost more than the split itself,
and give the same words: with no $ ` \\ there is nothing to expand inside double quotes, and with no
operator, pattern, brace, tilde, comment or history character there is nothing else to do. Any other
line (and any line whose first word is a reserved word, an assignment, quoted, or one of the commands
the grammar gives a node of their own) returns None and takes the full path.
"""

from __future__ import annotations

import re

MAX_PLAIN = 1024  # characters: longer lines are rare and take the full path

_C = r"A-Za-z0-9_./:=,@%+\-"  # no $ ` \ * ? [ ] { } ( ) < > | ; & # ~ ! newline, anywhere, quoted or not
# possessive runs: a word splits into its pieces one way only, so a line that fails (an unclosed quote at the
# end of a long word) fails in linear time, not by trying every split of the word (ReDoS)
_WORD = rf"""(?:[{_C}]++|'[{_C} \t"]*+'|"[{_C} \t']*+")++"""
_LINE = re.compile(rf"[ \t]*+{_WORD}(?:[ \t]++{_WORD})*+[ \t]*+")  # no match: an unclosed quote, a blank line
_WORDS = re.compile(_WORD)
_QUOTED = re.compile(r"""'([^']*)'|"([^"]*)\"""")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")  # an unquoted command name, not an assignment
# bash's and ksh's reserved words, and the commands tree-sitter-bash gives a node of their own
# (declaration_command, unset_command: interpreter.py runs those apart)
_NOT_PLAIN = frozenset({
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
    "function", "time", "coproc",
    "declare", "typeset", "export", "readonly", "local", "unset",
})


def plain_words(source: str) -> list[str] | None:
    """The argv of ``source`` when it is one simple command of literal words, else None."""
    if len(source) > MAX_PLAIN or _LINE.fullmatch(source) is None:
        return None
    words = _WORDS.findall(source)
    if not _NAME.fullmatch(words[0]) or words[0] in _NOT_PLAIN:
        return None
    return [_unquote(w) if ("'" in w or '"' in w) else w for w in words]


def _unquote(word: str) -> str:
    return _QUOTED.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), word)
