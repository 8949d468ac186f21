"""Shared plumbing for the utilities: GNU-style option parsing, input files, usage errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .command import CommandContext, CommandExit
from .streams import file_text


class UsageError(Exception):
    pass


def parse_opts(argv: list[str], spec: str, long: dict[str, str] | None = None,
               permute: bool = True) -> tuple[list[tuple[str, str | None]], list[str]]:
    """getopt_long with GNU argument permutation.

    ``spec`` is getopt's short-option string ("ivA:"); ``long`` maps a long name to its short key,
    a trailing '=' on the name meaning it takes a value ({"regexp=": "e"}).
    """
    opts: list[tuple[str, str | None]] = []
    operands: list[str] = []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--":
            operands.extend(argv[i + 1:])
            break
        if a.startswith("--") and len(a) > 2:
            if long is None:
                raise UsageError(f"unrecognized option '{a}'")
            name, eq, val = a[2:].partition("=")
            exact = [k for k in long if k.rstrip("=") == name]
            matches = exact or [k for k in long if k.rstrip("=").startswith(name)]
            if not matches:
                raise UsageError(f"unrecognized option '{a}'")
            if len(matches) > 1:
                raise UsageError(f"option '{a}' is ambiguous")
            key = matches[0]
            if key.endswith("="):
                if not eq:
                    if i + 1 >= len(argv):
                        raise UsageError(f"option '--{key[:-1]}' requires an argument")
                    i += 1
                    val = argv[i]
                opts.append((long[key], val))
            else:
                if eq:
                    raise UsageError(f"option '--{key}' doesn't allow an argument")
                opts.append((long[key], None))
            i += 1
            continue
        if a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                c = a[j]
                k = spec.find(c)
                if k < 0 or c == ":":
                    raise UsageError(f"invalid option -- '{c}'")
                if k + 1 < len(spec) and spec[k + 1] == ":":
                    val = a[j + 1:]
                    if not val:
                        if i + 1 >= len(argv):
                            raise UsageError(f"option requires an argument -- '{c}'")
                        i += 1
                        val = argv[i]
                    opts.append((c, val))
                    break
                opts.append((c, None))
                j += 1
            i += 1
            continue
        if not permute:
            operands.extend(argv[i:])
            break
        operands.append(a)
        i += 1
    return opts, operands


def usage_fail(ctx: CommandContext, message: str, code: int = 1, hint: bool = True) -> None:
    ctx.error(f"{ctx.name}: {message}\n")
    if hint:
        ctx.error(f"Try '{ctx.name} --help' for more information.\n")
    raise CommandExit(code)


def session_files(ctx: CommandContext) -> dict | None:
    files = getattr(ctx.session, "files", None)
    return files if isinstance(files, dict) else None


def abspath(ctx: CommandContext, path: str) -> str:
    import posixpath
    shell = getattr(ctx, "shell", None)
    cwd = shell.vars.get("PWD", "/") if shell is not None else "/"
    return posixpath.normpath(posixpath.join(cwd, path))


def read_inputs(ctx: CommandContext, operands: list[str],
                missing: Callable[[str], str] | None = None) -> Iterator[tuple[str, str | None]]:
    """(display name, text or None if unreadable) per operand; none or '-' means stdin."""
    if not operands:
        yield "-", ctx.stdin
        return
    files = session_files(ctx)
    vfs = getattr(ctx.session, "vfs", None)
    for name in operands:
        if name == "-":
            yield name, ctx.stdin
            continue
        path = abspath(ctx, name)
        if path == "/dev/null":
            yield name, ""
        elif vfs is not None:  # a partition: its filesystem answers, permissions included
            try:
                yield name, vfs.read(path)
            except Exception as exc:  # noqa: BLE001 - VfsError
                if not hasattr(exc, "code"):
                    raise
                msg = (missing(name) if missing else f"{ctx.name}: {name}: No such file or directory") \
                    if exc.code == "ENOENT" else f"{ctx.name}: {name}: {exc.text}"
                if msg:
                    ctx.error(msg + "\n")
                yield name, None
        elif files is not None and path in files:
            yield name, file_text(files[path])
        else:
            msg = missing(name) if missing else f"{ctx.name}: {name}: No such file or directory"
            if msg:
                ctx.error(msg + "\n")
            yield name, None


def split_lines(text: str) -> list[str]:
    """Lines without their newline; a final unterminated line counts as a line."""
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


def join_lines(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)
