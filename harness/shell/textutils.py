"""Text filters (GNU behaviour): grep/egrep/fgrep, cut, sort, uniq, head, tail, wc, tr, cat, tee.

Each is ``fn(ctx) -> int`` over ``ctx.stdin`` and files in ``session.files`` (if the session has
them). Messages follow GNU coreutils/grep wording.
"""

from __future__ import annotations

import re
from functools import cmp_to_key

from .command import CommandContext, CommandExit
from . import safe_regex
from .patterns import posix_to_python
from .streams import file_text
from .uopts import UsageError, abspath, parse_opts, read_inputs, session_files, split_lines, usage_fail

# --------------------------------------------------------------------------------------- grep

_GREP_LONG = {
    "ignore-case": "i", "invert-match": "v", "word-regexp": "w", "line-regexp": "x", "count": "c",
    "line-number": "n", "quiet": "q", "silent": "q", "extended-regexp": "E", "fixed-strings": "F",
    "basic-regexp": "G", "regexp=": "e", "file=": "f", "after-context=": "A",
    "before-context=": "B", "context=": "C", "max-count=": "m", "color": "#", "colour": "#",
    "color=": "#", "colour=": "#", "no-filename": "h", "with-filename": "H",
    "files-with-matches": "l", "files-without-match": "L", "only-matching": "o",
    "no-messages": "s", "perl-regexp": "P", "text": "a", "ignore-case=": "i",
}


def _grep_error(err: re.error) -> str:
    msg = str(err)
    if "parenthes" in msg or "missing )" in msg:
        return "Unmatched ( or \\("
    if "[" in msg or "character set" in msg:
        return "Unmatched [, [^, [:, [., or [="
    if "nothing to repeat" in msg or "multiple repeat" in msg:
        return "Invalid preceding regular expression"
    return "Invalid regular expression"


def _grep(ctx: CommandContext, mode: str) -> int:
    argv = ["-C" + a[1:] if a[:1] == "-" and a[1:].isdigit() else a for a in ctx.argv]
    try:
        opts, operands = parse_opts(argv, "EFGPivwxcnhHlLqsoae:f:A:B:C:m:", _GREP_LONG)
    except UsageError as e:
        ctx.error(f"{ctx.name}: {e}\n")
        ctx.error(f"Usage: {ctx.name} [OPTION]... PATTERNS [FILE]...\n")
        ctx.error(f"Try '{ctx.name} --help' for more information.\n")
        return 2
    flags: set[str] = set()
    patterns: list[str] = []
    after = before = 0
    max_count = None
    for key, val in opts:
        if key in "EFGP":
            mode = "E" if key == "P" else key
        elif key == "e":
            patterns.extend((val or "").split("\n"))
        elif key == "f":
            files = session_files(ctx) or {}
            path = abspath(ctx, val or "")
            if path not in files:
                ctx.error(f"{ctx.name}: {val}: No such file or directory\n")
                return 2
            patterns.extend(split_lines(file_text(files[path])))
        elif key in "ABC":
            if not (val or "").isdigit():
                ctx.error(f"{ctx.name}: {val}: invalid context length argument\n")
                return 2
            if key in "AC":
                after = int(val)
            if key in "BC":
                before = int(val)
        elif key == "m":
            try:
                max_count = int(val or "")
            except ValueError:
                ctx.error(f"{ctx.name}: invalid max count\n")
                return 2
        elif key != "#":
            flags.add(key)
    if not patterns and not any(k in ("e", "f") for k, _ in opts):
        if not operands:
            ctx.error(f"Usage: {ctx.name} [OPTION]... PATTERNS [FILE]...\n")
            ctx.error(f"Try '{ctx.name} --help' for more information.\n")
            return 2
        patterns = operands.pop(0).split("\n")
    try:
        bodies = []
        for p in patterns:
            rx = re.escape(p) if mode == "F" else posix_to_python(p, mode == "E")
            if "w" in flags:
                rx = r"(?<![\w])(?:" + rx + r")(?![\w])"
            bodies.append(rx)
        rx_all = safe_regex.compile("|".join(f"(?:{b})" for b in bodies) if bodies else "(?!)",
                            re.IGNORECASE if "i" in flags else 0)
    except re.error as e:
        ctx.error(f"{ctx.name}: {_grep_error(e)}\n")
        return 2
    match = rx_all.fullmatch if "x" in flags else rx_all.search
    invert = "v" in flags
    names = operands or ["-"]
    show_name = ("H" in flags or len(names) > 1) and "h" not in flags
    any_selected, trouble = False, False
    out = ctx.out
    for name, text in read_inputs(ctx, operands, None if "s" not in flags else (lambda n: "")):
        if text is None:
            trouble = True
            continue
        label = "(standard input)" if name == "-" else name
        lines = split_lines(text)
        count, last_printed, after_left = 0, -1, 0
        pre = label if show_name else None

        def emit(idx: int, sep: str, body: str, pre: str | None = pre) -> None:
            head = (pre + sep if pre is not None else "") + (f"{idx + 1}{sep}" if "n" in flags else "")
            out.append(head + body + "\n")

        for idx, line in enumerate(lines):
            if max_count is not None and count >= max_count:
                if after_left > 0 and bool(match(line)) == invert:
                    emit(idx, "-", line)
                    after_left -= 1
                    last_printed = idx
                    continue
                break
            selected = bool(match(line)) != invert
            if selected:
                count += 1
                any_selected = True
                if "q" in flags:
                    return 0
                if flags & {"c", "l", "L"}:
                    continue
                start = max(idx - before, last_printed + 1)
                if (after or before) and last_printed >= 0 and start > last_printed + 1:
                    out.append("--\n")
                for j in range(start, idx):
                    emit(j, "-", lines[j])
                if "o" in flags and not invert:
                    for m in rx_all.finditer(line):
                        if m.group(0):
                            emit(idx, ":", m.group(0))
                elif "o" not in flags:
                    emit(idx, ":", line)
                last_printed, after_left = idx, after
            elif after_left > 0:
                emit(idx, "-", line)
                last_printed = idx
                after_left -= 1
        if "c" in flags:
            out.append((pre + ":" if pre is not None else "") + f"{count}\n")
        if "l" in flags and count:
            out.append(label + "\n")
        if "L" in flags and not count:
            out.append(label + "\n")
    if trouble and not ("q" in flags and any_selected):
        return 2
    return 0 if any_selected else 1


def grep(ctx: CommandContext) -> int:
    return _grep(ctx, "G")


def egrep(ctx: CommandContext) -> int:
    return _grep(ctx, "E")


def fgrep(ctx: CommandContext) -> int:
    return _grep(ctx, "F")


# ---------------------------------------------------------------------------------------- cut

def _ranges(ctx: CommandContext, spec: str, what: str) -> list[tuple[int, int]]:
    out = []
    for item in spec.replace(" ", ",").split(","):
        if not item:
            usage_fail(ctx, f"invalid {what} range" if "-" in spec else
                       "fields and positions are numbered from 1")
        lo_s, dash, hi_s = item.partition("-")
        try:
            lo = int(lo_s) if lo_s else 1
            hi = (int(hi_s) if hi_s else 1 << 30) if dash else lo
        except ValueError:
            usage_fail(ctx, f"invalid {'field' if what == 'field' else 'byte/character'} value '{item}'")
        if lo == 0 or (dash and hi_s and int(hi_s) == 0):
            usage_fail(ctx, "fields and positions are numbered from 1")
        if hi < lo:
            usage_fail(ctx, "invalid decreasing range")
        out.append((lo, hi))
    return out


def _selected(ranges: list[tuple[int, int]], n: int, complement: bool) -> list[int]:
    picks = [i for i in range(1, n + 1) if any(lo <= i <= hi for lo, hi in ranges)]
    if complement:
        chosen = set(picks)
        picks = [i for i in range(1, n + 1) if i not in chosen]
    return picks


def cut(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "b:c:d:f:sn", {
            "bytes=": "b", "characters=": "c", "delimiter=": "d", "fields=": "f",
            "only-delimited": "s", "complement": "C", "output-delimiter=": "O"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    mode = listspec = None
    delim, only, complement, out_delim = "\t", False, False, None
    for key, val in opts:
        if key in "bcf":
            if mode is not None:
                usage_fail(ctx, "only one type of list may be specified")
            mode, listspec = ("c" if key == "b" else key), val
        elif key == "d":
            if len(val or "") != 1:
                usage_fail(ctx, "the delimiter must be a single character")
            delim = val
        elif key == "s":
            only = True
        elif key == "C":
            complement = True
        elif key == "O":
            out_delim = val
    if mode is None:
        usage_fail(ctx, "you must specify a list of bytes, characters, or fields")
    if mode != "f" and any(k == "d" for k, _ in opts):
        usage_fail(ctx, "an input delimiter may be specified only when operating on fields")
    ranges = _ranges(ctx, listspec or "", "field" if mode == "f" else "byte/character")
    status = 0
    cache: dict[int, list[int]] = {}  # picks depend only on the number of fields/characters
    for _name, text in read_inputs(ctx, operands):
        if text is None:
            status = 1
            continue
        for line in split_lines(text):
            if mode == "f":
                if delim not in line:
                    if not only:
                        ctx.out.append(line + "\n")
                    continue
                parts = line.split(delim)
                picks = cache.get(len(parts))
                if picks is None:
                    picks = cache[len(parts)] = _selected(ranges, len(parts), complement)
                ctx.out.append((out_delim if out_delim is not None else delim).join(
                    parts[i - 1] for i in picks) + "\n")
            else:
                picks = _selected(ranges, len(line), complement)
                sep = out_delim or ""
                ctx.out.append(sep.join(line[i - 1] for i in picks) + "\n")
    return status


# --------------------------------------------------------------------------------------- sort

_NUM_PREFIX = re.compile(r"\s*([-+]?\d*(?:\.\d*)?)")
_HUMAN = {"": 0, "K": 1, "k": 1, "M": 2, "G": 3, "T": 4, "P": 5, "E": 6}


def _numeric(s: str) -> float:
    m = _NUM_PREFIX.match(s)
    txt = m.group(1) if m else ""
    try:
        return float(txt) if txt not in ("", "-", "+", ".", "-.", "+.") else 0.0
    except ValueError:
        return 0.0


def _human(s: str) -> float:
    s = s.strip()
    m = _NUM_PREFIX.match(s)
    base = _numeric(s)
    suffix = s[m.end():m.end() + 1] if m else ""
    return base * (1024 ** _HUMAN.get(suffix, 0))


class _Key:
    def __init__(self, f1: int, c1: int, f2: int | None, c2: int, opts: str):
        self.f1, self.c1, self.f2, self.c2, self.opts = f1, c1, f2, c2, opts


def _parse_key(ctx: CommandContext, spec: str) -> _Key:
    def pos(part: str, start: bool) -> tuple[int, int, str]:
        digits = ""
        i = 0
        while i < len(part) and part[i].isdigit():
            digits += part[i]
            i += 1
        char = 0
        if i < len(part) and part[i] == ".":
            i += 1
            cd = ""
            while i < len(part) and part[i].isdigit():
                cd += part[i]
                i += 1
            char = int(cd) if cd else 0
        opts = part[i:]
        if not digits or int(digits) == 0 or any(o not in "bdfgiMhnRrV" for o in opts):
            usage_fail(ctx, f"invalid number at field start: invalid count at start of '{spec}'"
                       if not digits or int(digits) == 0 else f"stray character in field spec: invalid field specification '{spec}'")
        return int(digits), char, opts

    first, _, second = spec.partition(",")
    f1, c1, o1 = pos(first, True)
    if second:
        f2, c2, o2 = pos(second, False)
    else:
        f2, c2, o2 = None, 0, ""
    return _Key(f1, c1, f2, c2, o1 + o2)


def _fields(line: str, sep: str | None) -> list[tuple[int, int]]:
    """(start, end) offsets of each field; without -t a field keeps its leading blanks (GNU)."""
    spans = []
    if sep is not None:
        start = 0
        for part in line.split(sep):
            spans.append((start, start + len(part)))
            start += len(part) + 1
        return spans
    i, n = 0, len(line)
    while i < n:
        start = i
        while i < n and line[i] in " \t":
            i += 1
        while i < n and line[i] not in " \t":
            i += 1
        spans.append((start, i))
    return spans


def _key_text(line: str, key: _Key, sep: str | None, blanks: bool) -> str:
    spans = _fields(line, sep)
    if key.f1 > len(spans):
        return ""
    s0, e0 = spans[key.f1 - 1]
    begin = s0
    if blanks or "b" in key.opts:
        while begin < e0 and line[begin] in " \t":
            begin += 1
    if key.c1:
        begin = min(begin + key.c1 - 1, len(line))
    if key.f2 is None or key.f2 > len(spans):
        end = len(line)
    else:
        s2, e2 = spans[key.f2 - 1]
        end = e2 if not key.c2 else min(s2 + key.c2, len(line))
    return line[begin:max(begin, end)]


def sort(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "nrut:k:fbsghVMdiRco:zT:S:", {
            "numeric-sort": "n", "reverse": "r", "unique": "u", "field-separator=": "t",
            "key=": "k", "ignore-case": "f", "ignore-leading-blanks": "b", "stable": "s",
            "general-numeric-sort": "g", "human-numeric-sort": "h", "version-sort": "V",
            "output=": "o", "check": "c", "dictionary-order": "d", "buffer-size=": "S",
            "temporary-directory=": "T"})
    except UsageError as e:
        usage_fail(ctx, str(e), 2)
    gflags, keys, sep, outfile = "", [], None, None
    for key, val in opts:
        if key == "t":
            if len(val or "") != 1:
                usage_fail(ctx, f"multi-character tab '{val}'" if val else "empty tab", 2)
            sep = val
        elif key == "k":
            keys.append(_parse_key(ctx, val or ""))
        elif key == "o":
            outfile = val
        elif key not in "ST":
            gflags += key
    lines: list[str] = []
    status = 0
    for _name, text in read_inputs(ctx, operands, lambda n: f"sort: cannot read: {n}: No such file or directory"):
        if text is None:
            return 2
        lines.extend(split_lines(text))

    def key_flags(key: _Key) -> str:
        # a key with its own ordering options ignores the global ones (GNU)
        own = key.opts.replace("b", "")
        return key.opts if own else key.opts + gflags

    plans = [(k, key_flags(k)) for k in keys] or [(None, gflags)]

    def prepare(text: str, flags: str):
        if "b" in flags:
            text = text.lstrip(" \t")
        if any(f in flags for f in "ngh"):
            return (_human if "h" in flags else _numeric)(text)
        if "d" in flags:
            text = "".join(c for c in text if c.isalnum() or c in " \t")
        return text.upper() if "f" in flags else text

    def decorate(line: str) -> list:
        return [prepare(line if key is None else _key_text(line, key, sep, "b" in gflags), flags)
                for key, flags in plans]

    def cmp_keys(a: list, b: list) -> int:
        for (_key, flags), x, y in zip(plans, a, b):
            r = (x > y) - (x < y)
            if r:
                return -r if "r" in flags else r
        return 0

    def compare(a: tuple, b: tuple) -> int:
        r = cmp_keys(a[1], b[1])
        if r or "s" in gflags or "u" in gflags:
            return r
        r = (a[0] > b[0]) - (a[0] < b[0])
        return -r if "r" in gflags else r

    items = [(line, decorate(line)) for line in lines]
    if "c" in gflags:
        for k in range(1, len(items)):
            if compare(items[k - 1], items[k]) > 0:
                ctx.error(f"sort: -:{k + 1}: disorder: {lines[k]}\n")
                return 1
        return 0
    if not keys and not set(gflags) & set("bnghdf"):
        items.sort(key=lambda it: it[0], reverse="r" in gflags)  # plain byte order: the fast path
    else:
        items.sort(key=cmp_to_key(compare))
    ordered = [line for line, _ in items]
    if "u" in gflags:
        kept: list[tuple] = []
        for item in items:
            if not kept or cmp_keys(kept[-1][1], item[1]) != 0:
                kept.append(item)
        ordered = [line for line, _ in kept]
    text = "".join(line + "\n" for line in ordered)
    if outfile and outfile != "-":
        files = session_files(ctx)
        if files is not None:
            files[abspath(ctx, outfile)] = text
        return status
    ctx.out.append(text)
    return status


# --------------------------------------------------------------------------------------- uniq

def uniq(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "cduif:s:w:", {
            "count": "c", "repeated": "d", "unique": "u", "ignore-case": "i",
            "skip-fields=": "f", "skip-chars=": "s", "check-chars=": "w"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    flags = {k for k, _ in opts}
    vals = {k: v for k, v in opts}
    try:
        skip_f, skip_c = int(vals.get("f") or 0), int(vals.get("s") or 0)
        width = int(vals["w"]) if "w" in vals else None
    except ValueError:
        usage_fail(ctx, "invalid number of fields to skip")
    if len(operands) > 2:
        usage_fail(ctx, f"extra operand '{operands[2]}'")
    text = None
    for _name, text in read_inputs(ctx, operands[:1]):
        pass
    if text is None:
        return 1

    def key(line: str) -> str:
        s = line
        for _ in range(skip_f):
            s = s.lstrip(" \t")
            k = 0
            while k < len(s) and s[k] not in " \t":
                k += 1
            s = s[k:]
        s = s[skip_c:]
        if width is not None:
            s = s[:width]
        return s.lower() if "i" in flags else s

    groups: list[list] = []
    for line in split_lines(text):
        k = key(line)
        if groups and groups[-1][0] == k:
            groups[-1][2] += 1
        else:
            groups.append([k, line, 1])
    for _k, line, n in groups:
        if "d" in flags and n < 2:
            continue
        if "u" in flags and n > 1:
            continue
        ctx.out.append(f"{n:7d} {line}\n" if "c" in flags else line + "\n")
    return 0


# ---------------------------------------------------------------------------------- head/tail

def _count_arg(ctx: CommandContext, val: str, what: str) -> tuple[int, str]:
    sign = val[:1] if val[:1] in "+-" else ""
    body = val[len(sign):]
    mult = 1
    if body[-1:] in "kKbmMG" and body[:-1].isdigit():
        mult = {"b": 512, "k": 1024, "K": 1024, "m": 1 << 20, "M": 1 << 20, "G": 1 << 30}[body[-1]]
        body = body[:-1]
    if not body.isdigit():
        usage_fail(ctx, f"invalid number of {what}: '{val}'", hint=False)
    return int(body) * mult, sign


def _head_tail(ctx: CommandContext, tail: bool) -> int:
    argv = [ctx.argv[0]]
    for a in ctx.argv[1:]:
        if len(a) > 1 and a[0] in ("-" if not tail else "-+") and a[1:].isdigit() and \
                argv[-1] not in ("-n", "-c", "--lines", "--bytes"):
            argv += ["-n", ("+" if a[0] == "+" else "") + a[1:]]
        else:
            argv.append(a)
    try:
        opts, operands = parse_opts(argv, "n:c:qvfFs:", {
            "lines=": "n", "bytes=": "c", "quiet": "q", "silent": "q", "verbose": "v",
            "follow": "f", "retry": "F", "sleep-interval=": "s"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    count, sign, unit = 10, "", "n"
    verbose = None
    for key, val in opts:
        if key in "nc":
            count, sign = _count_arg(ctx, val or "", "lines" if key == "n" else "bytes")
            unit = key
        elif key == "q":
            verbose = False
        elif key == "v":
            verbose = True
    show = verbose if verbose is not None else len(operands) > 1
    status = 0
    first = True
    for name, text in read_inputs(ctx, operands,
                                  lambda n: f"{ctx.name}: cannot open '{n}' for reading: No such file or directory"):
        if text is None:
            status = 1
            continue
        if show:
            ctx.out.append(("" if first else "\n") + f"==> {'standard input' if name == '-' else name} <==\n")
        first = False
        if unit == "c":
            if tail:
                ctx.out.append(text[count - 1:] if sign == "+" else (text[-count:] if count else ""))
            else:
                ctx.out.append(text[:-count] if sign == "-" else text[:count])
            continue
        lines = text.split("\n")
        ends_nl = text.endswith("\n")
        if ends_nl:
            lines.pop()
        if not text:
            lines = []
        if tail:
            picked = lines[count - 1 if count else 0:] if sign == "+" else (lines[-count:] if count else [])
            last_is_end = True
        else:
            picked = lines[:-count] if sign == "-" else lines[:count]
            last_is_end = len(picked) == len(lines)
        chunk = "\n".join(picked)
        if picked and (not last_is_end or ends_nl):
            chunk += "\n"
        ctx.out.append(chunk)
    return status


def head(ctx: CommandContext) -> int:
    return _head_tail(ctx, False)


def tail(ctx: CommandContext) -> int:
    return _head_tail(ctx, True)


# ----------------------------------------------------------------------------------------- wc

def wc(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "lwcmL", {
            "lines": "l", "words": "w", "bytes": "c", "chars": "m", "max-line-length": "L"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    wanted = [k for k in "lwmcL" if any(o == k for o, _ in opts)] or ["l", "w", "c"]
    rows, status, regular_total, has_stdin = [], 0, 0, False
    for name, text in read_inputs(ctx, operands):
        if text is None:
            status = 1
            continue
        counts = {
            "l": text.count("\n"), "w": len(text.split()), "c": len(text.encode("utf-8")),
            "m": len(text), "L": max((len(x) for x in text.split("\n")), default=0),
        }
        if name == "-":
            has_stdin = True
        else:
            regular_total += counts["c"]
        rows.append(([counts[k] for k in wanted], None if name == "-" and not operands else name))
    if len(rows) > 1:
        rows.append(([sum(r[0][i] for r in rows) for i in range(len(wanted))], "total"))
    # GNU: one count of one input is not padded; otherwise the width fits the total file size,
    # at least 7 when any input is not a regular file (a pipe)
    if len(wanted) == 1 and len(operands) <= 1:
        width = 1
    else:
        width = max(len(str(regular_total)), 7 if has_stdin else 1)
    for counts, name in rows:
        line = " ".join(f"{c:>{width}}" for c in counts)
        ctx.out.append(line + (f" {name}" if name is not None else "") + "\n")
    return status


# ----------------------------------------------------------------------------------------- tr

_TR_CLASSES = {
    "alpha": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "lower": "abcdefghijklmnopqrstuvwxyz",
    "digit": "0123456789", "space": " \t\n\r\f\v", "blank": " \t",
    "punct": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "xdigit": "0123456789ABCDEFabcdef",
    "cntrl": "".join(chr(i) for i in range(32)) + "\x7f",
}
_TR_CLASSES["alnum"] = _TR_CLASSES["alpha"] + _TR_CLASSES["digit"]
_TR_CLASSES["print"] = "".join(chr(i) for i in range(32, 127))
_TR_CLASSES["graph"] = "".join(chr(i) for i in range(33, 127))


def _tr_set(ctx: CommandContext, spec: str) -> str:
    chars: list[str] = []
    i, n = 0, len(spec)

    def one(k: int) -> tuple[str, int]:
        c = spec[k]
        if c == "\\" and k + 1 < n:
            d = spec[k + 1]
            if d in "01234567":
                j = k + 1
                while j < n and j < k + 4 and spec[j] in "01234567":
                    j += 1
                return chr(int(spec[k + 1:j], 8)), j
            return {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
                    "b": "\b", "\\": "\\"}.get(d, d), k + 2
        return c, k + 1

    while i < n:
        if spec.startswith("[:", i):
            end = spec.find(":]", i + 2)
            if end > 0:
                name = spec[i + 2:end]
                if name not in _TR_CLASSES:
                    usage_fail(ctx, f"invalid character class '{name}'", hint=False)
                chars.extend(_TR_CLASSES[name])
                i = end + 2
                continue
        c, j = one(i)
        if j < n and spec[j] == "-" and j + 1 < n:
            hi, k = one(j + 1)
            if ord(hi) < ord(c):
                usage_fail(ctx, f"range-endpoints of '{c}-{hi}' are in reverse collating sequence order",
                           hint=False)
            chars.extend(chr(x) for x in range(ord(c), ord(hi) + 1))
            i = k
            continue
        chars.append(c)
        i = j
    return "".join(chars)


def tr(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "dscCt", {
            "delete": "d", "squeeze-repeats": "s", "complement": "c", "truncate-set1": "t"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    flags = {"c" if k == "C" else k for k, _ in opts}
    need = 1 if ("d" in flags and "s" not in flags) or ("s" in flags and "d" not in flags) else 2
    if not operands:
        usage_fail(ctx, "missing operand")
    if len(operands) < need and not ("s" in flags and len(operands) == 1):
        usage_fail(ctx, f"missing operand after '{operands[-1]}'\nTwo strings must be given when translating.")
    if len(operands) > 2 or ("d" in flags and "s" not in flags and len(operands) > 1):
        usage_fail(ctx, f"extra operand '{operands[-1]}'")
    set1 = _tr_set(ctx, operands[0])
    set2 = _tr_set(ctx, operands[1]) if len(operands) > 1 else ""
    text = ctx.stdin
    in1 = (lambda ch: ch not in set1) if "c" in flags else (lambda ch: ch in set1)
    if "d" in flags:
        text = "".join(ch for ch in text if not in1(ch))
        squeeze = set2
    elif len(operands) > 1:
        if "c" in flags:
            fill = set2[-1:] or ""
            text = "".join(fill if in1(ch) else ch for ch in text)
        else:
            if not set2:
                usage_fail(ctx, "when not truncating set1, string2 must be non-empty")
            padded = set2 + set2[-1] * max(0, len(set1) - len(set2))
            table = {}
            for a, b in zip(set1, padded):
                table[ord(a)] = b
            text = text.translate(table)
        squeeze = set2
    else:
        squeeze = set1
    if "s" in flags:
        sq = set(squeeze) if not ("c" in flags and len(operands) == 1) else None
        out: list[str] = []
        for ch in text:
            member = (ch in sq) if sq is not None else (ch not in set1)
            if out and out[-1] == ch and member:
                continue
            out.append(ch)
        text = "".join(out)
    ctx.out.append(text)
    return 0


# ----------------------------------------------------------------------------------- cat, tee

def cat(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "nbsAEvTeut", {
            "number": "n", "number-nonblank": "b", "squeeze-blank": "s", "show-all": "A",
            "show-ends": "E", "show-tabs": "T", "show-nonprinting": "v"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    flags = {k for k, _ in opts}
    status = 0
    lineno = 0
    for _name, text in read_inputs(ctx, operands):
        if text is None:
            status = 1
            continue
        if not flags & {"n", "b", "E", "A", "e", "T", "s"}:
            ctx.out.append(text)
            continue
        lines = text.split("\n")
        last = lines.pop() if lines else ""
        prev_blank = False
        for line in lines + ([last] if last else []):
            if "s" in flags and line == "" and prev_blank:
                continue
            prev_blank = line == ""
            if flags & {"T", "A"}:
                line = line.replace("\t", "^I")
            end = "$" if flags & {"E", "A", "e"} else ""
            if "b" in flags and line == "":
                number = ""
            elif flags & {"n", "b"}:
                lineno += 1
                number = f"{lineno:6d}\t"
            else:
                number = ""
            nl = "\n" if (line is not last or text.endswith("\n")) else ""
            ctx.out.append(number + line + end + nl)
    return status


def tee(ctx: CommandContext) -> int:
    try:
        opts, operands = parse_opts(ctx.argv, "ai", {"append": "a", "ignore-interrupts": "i"})
    except UsageError as e:
        usage_fail(ctx, str(e))
    append = any(k == "a" for k, _ in opts)
    files = session_files(ctx)
    for name in operands:
        if files is not None and name != "/dev/null":
            path = abspath(ctx, name)
            files[path] = (file_text(files.get(path)) if append else "") + ctx.stdin
    ctx.out.append(ctx.stdin)
    return 0


for _fn in (grep, egrep, fgrep, cut, sort, uniq, head, tail, wc, tr, cat, tee):
    _fn.consumes_stdin = True  # type: ignore[attr-defined]

__all__ = [
    "CommandExit",
    "cat",
    "cut",
    "egrep",
    "fgrep",
    "grep",
    "head",
    "sort",
    "tail",
    "tee",
    "tr",
    "uniq",
    "wc",
]
