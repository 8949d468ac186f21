"""An order-independent parser for HMC command options.

HMC commands take flags in any order (power-virt-tests puts ``-w 1`` first, avocado puts ``-p`` last)
[V-client]. Each command declares which options it accepts and which of them take a value; the
parser reports the first problem in HMC words (messages.py) and never raises anything else.

``-F`` takes an optional value: with no names, or followed by another option, it means "all
attributes". Stray words after the options are appended to the -F list with a space, as the HMC
does for ``-F name state`` sent unquoted (op-test expects ``name "Not Activated"``) [V-client].
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .messages import error

VALUE = "value"  # the option takes a value
FLAG = "flag"  # the option stands alone
OPTIONAL = "optional"  # the option may take a value (-F)


@dataclass
class Options:
    values: dict[str, str | bool] = field(default_factory=dict)

    def get(self, name: str, default: str | None = None) -> str | None:
        v = self.values.get(name)
        return v if isinstance(v, str) else default

    def has(self, name: str) -> bool:
        return name in self.values

    def flag(self, name: str) -> bool:
        return name in self.values

    def require(self, *names: str) -> None:
        """Each name must be present (in the order given: the first missing one is reported)."""
        for name in names:
            if name not in self.values:
                raise error("missing_parameter", name=name)

    def one_of(self, *names: str) -> str:
        """Exactly one of ``names`` must be present; returns it."""
        given = [n for n in names if n in self.values]
        if not given:
            raise error("missing_parameter", name=names[0])
        if len(given) > 1:
            raise error("conflicting_parameters", first=given[0], second=given[1])
        return given[0]

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        v = self.get(name)
        if v is not None and v not in allowed:
            raise error("invalid_value", name=name, value=v)
        return v

    def integer(self, name: str) -> int | None:
        v = self.get(name)
        if v is None:
            return None
        if not (v.isascii() and v.isdigit()):
            raise error("invalid_value", name=name, value=v)
        return int(v)

    def number(self, name: str) -> float | None:
        """A non-negative decimal such as 0.5 or 2 (processing units)."""
        v = self.get(name)
        if v is None:
            return None
        head, dot, tail = v.partition(".")
        ok = v.isascii() and (head.isdigit() or (dot and not head)) and (not dot or tail.isdigit())
        if not ok:
            raise error("invalid_value", name=name, value=v)
        return float(v)


def parse(argv: list[str], spec: dict[str, str]) -> Options:
    """Parse ``argv`` (without the command name) against ``spec`` (option -> VALUE/FLAG/OPTIONAL)."""
    opts = Options()
    stray: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        kind = spec.get(word)
        if kind is None:
            if word.startswith("-") and word != "-":
                raise error("invalid_parameter", name=word)
            stray.append(word)
            i += 1
            continue
        if kind == FLAG:
            opts.values[word] = True
            i += 1
            continue
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if kind == OPTIONAL:
            if nxt is None or (nxt.startswith("-") and nxt in spec):
                opts.values[word] = ""
                i += 1
            else:
                opts.values[word] = nxt
                i += 2
            continue
        if nxt is None:
            raise error("missing_value", name=word)
        opts.values[word] = nxt
        i += 2
    if stray:
        f = next((k for k, v in spec.items() if v == OPTIONAL), None)
        if f is None or f not in opts.values:
            raise error("invalid_parameter", name=stray[0])
        opts.values[f] = " ".join([opts.values[f], *stray]).strip() if opts.values[f] else " ".join(stray)
    return opts
