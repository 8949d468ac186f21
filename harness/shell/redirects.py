"""Redirections (``>``, ``>>``, ``<``, ``2>&1``, here-documents) for the Shell, as a mixin.

A restricted (HMC) shell refuses output to files; elsewhere files live in ``session.files``
when the session has such a dict, and are discarded otherwise. /dev/null is always fine.
"""

from __future__ import annotations

import posixpath
from typing import Any

from .expand import EXPANSIONS, ShellError, backslash_unescape, children_with_gaps, named, text_of
from .streams import IO, FileSink, NullSink, Stdin, VfsSink, file_text


class RedirectError(Exception):
    pass


class Redirections:
    """Mixin for Shell: builds the IO a command runs with from its redirection nodes."""

    def _redirect(self, nodes, io: IO) -> IO:
        fds: dict[int, Any] = {0: io.stdin, 1: io.out, 2: io.err}
        for r in nodes:
            if r.type == "heredoc_redirect":
                fds[0] = Stdin(self._heredoc(r))
                continue
            if r.type == "herestring_redirect":
                words = named(r.children)
                fds[0] = Stdin((self.expand_string(words[0]) if words else "") + "\n")
                continue
            if r.type != "file_redirect":
                continue
            fd_node = r.child_by_field_name("descriptor")
            fd = int(text_of(fd_node)) if fd_node is not None and text_of(fd_node).isdigit() else None
            op = next((text_of(c).strip() for c in r.children if not c.is_named), ">")
            dests = r.children_by_field_name("destination")
            dest = self.expand_string(dests[0]) if dests else ""
            if op in (">&-", "<&-") or (op in (">&", "<&") and dest == "-"):
                fds[fd if fd is not None else (1 if op.startswith(">") else 0)] = \
                    NullSink() if op.startswith(">") else Stdin()
            elif op in (">&", "<&") and dest.isdigit():
                target = fds.get(int(dest))
                fds[fd if fd is not None else (1 if op == ">&" else 0)] = target if target is not None else NullSink()
            elif op in (">", ">>", ">|", "&>", "&>>", ">&"):
                sink = self._open_out(dest, op.endswith(">>"), fds)
                if op.startswith("&") or (op == ">&" and fd is None):
                    fds[1] = fds[2] = sink
                else:
                    fds[fd if fd is not None else 1] = sink
            elif op in ("<", "<>"):
                fds[fd if fd is not None else 0] = Stdin(self._read_file(dest))
        stdin = fds[0] if isinstance(fds[0], Stdin) else Stdin()
        out = fds[1] if not isinstance(fds[1], Stdin) else NullSink()
        err = fds[2] if not isinstance(fds[2], Stdin) else NullSink()
        return IO(stdin, out, err)

    def _abspath(self, path: str) -> str:
        return posixpath.normpath(posixpath.join(self.vars.get("PWD", "/"), path))

    def _open_out(self, dest: str, append: bool, fds):
        if dest == "/dev/null":
            return NullSink()
        if dest in ("/dev/stdout", "/dev/fd/1"):
            return fds[1]
        if dest in ("/dev/stderr", "/dev/fd/2"):
            return fds[2]
        if self.flavour.restricted:
            raise RedirectError(self.flavour.restricted_redirect.format(file=dest))
        if not dest:
            raise RedirectError(self.flavour.no_such_file.format(file=dest))
        vfs = getattr(self.session, "vfs", None)
        if vfs is not None:
            path = self._abspath(dest)
            try:
                vfs.create(path, truncate=not append)
            except Exception as exc:  # noqa: BLE001 - VfsError: the shell's words, the command does not run
                if not hasattr(exc, "code"):
                    raise
                raise RedirectError(self.flavour.cannot_create.format(file=dest, reason=exc.text)) from None

            def refused(exc, dest=dest):
                raise ShellError(self.flavour.write_failed.format(file=dest, reason=exc.text), 1)
            return VfsSink(vfs, path, refused)
        files = getattr(self.session, "files", None)
        return FileSink(files if isinstance(files, dict) else None, self._abspath(dest), append)

    def _read_file(self, dest: str) -> str:
        if dest in ("/dev/null", "/dev/zero"):
            return ""
        vfs = getattr(self.session, "vfs", None)
        if vfs is not None:
            try:
                return vfs.read(self._abspath(dest))
            except Exception as exc:  # noqa: BLE001 - VfsError
                if not hasattr(exc, "code"):
                    raise
                raise RedirectError(self.flavour.no_such_file.format(file=dest)) from None
        files = getattr(self.session, "files", None)
        if isinstance(files, dict):
            path = self._abspath(dest)
            if path in files:
                return file_text(files[path])
        raise RedirectError(self.flavour.no_such_file.format(file=dest))

    def _heredoc(self, node) -> str:
        start = next((c for c in node.children if c.type == "heredoc_start"), None)
        body = next((c for c in node.children if c.type == "heredoc_body"), None)
        strip_tabs = any(not c.is_named and text_of(c) == "<<-" for c in node.children)
        if body is None:
            return ""
        quoted = start is not None and any(ch in text_of(start) for ch in "'\"\\")
        if quoted:
            text = text_of(body)
        else:
            out: list[str] = []
            for gap, child in children_with_gaps(body):
                out.append(_heredoc_unescape(gap))
                if child is None:
                    break
                if child.type in EXPANSIONS:
                    val = self.eval_expansion(child, True)
                    out.append(" ".join(val) if isinstance(val, list) else val)
                else:
                    out.append(_heredoc_unescape(text_of(child)))
            text = "".join(out)
        if strip_tabs:
            text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
        return text


def _heredoc_unescape(text: str) -> str:
    """In an unquoted here-document a backslash escapes only $ ` \\ and newline (not ")."""
    return backslash_unescape(text, "$`\\\n")
