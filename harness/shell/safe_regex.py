"""Regular expressions that cannot stall the estate: RE2 (google-re2) matches in linear time, where
Python's backtracking engine took 77 s on `[[ $x =~ (a+)+b ]]` with 30 characters and never finished an
8-star glob on 5,000 (every host shares one event loop).

``compile`` keeps Python's ``re`` as the judge of what is valid (same ``re.error`` for bad patterns as
before) and only for what RE2 cannot do: backreferences and lookaround, which shell users rarely write
and which BRE grep/sed need; those run on Python's engine under the interpreter's limits.
"""

from __future__ import annotations

import re
from typing import Any

try:  # a declared dependency; without it (an odd install) matching still works, unprotected
    import re2 as _re2
except ImportError:  # pragma: no cover
    _re2 = None

_PYTHON_ONLY = re.compile(r"\\[1-9]|\(\?[=!<]|\(\?P=")
_INLINE = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))


def _options(longest: bool) -> Any:
    opts = _re2.Options()
    opts.log_errors = False  # a pattern RE2 refuses is not an error: re's engine takes it
    opts.longest_match = longest
    return opts


def compile(pattern: str, flags: int = 0, *, longest: bool = False) -> Any:  # noqa: A001 - re.compile's name
    """A compiled pattern with re's interface (search, match, fullmatch, finditer, sub, groups).
    ``longest``: leftmost-longest matching (POSIX), which the shell's ${x//pat/} needs; it is only
    available on RE2, so callers must not rely on it for Python-only patterns (see ``linear``)."""
    checked = re.compile(pattern, flags)
    if _re2 is None or _PYTHON_ONLY.search(pattern) or flags & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL):
        return checked
    inline = "".join(c for f, c in _INLINE if flags & f)
    body = pattern.replace(r"\Z", r"\z")
    try:
        return _re2.compile(f"(?{inline}){body}" if inline else body, options=_options(longest))
    except Exception:  # noqa: BLE001 - RE2 refuses a construct re accepts: the checked pattern will do
        return checked


def linear(compiled: Any) -> bool:
    """True when ``compiled`` runs on RE2 (for tests and the coverage note)."""
    return _re2 is not None and not isinstance(compiled, re.Pattern)
