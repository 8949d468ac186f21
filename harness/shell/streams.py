"""In-memory stdin/stdout/stderr for the interpreter: pipes are strings, nothing touches the host."""

from __future__ import annotations

from dataclasses import dataclass

from .expand import LimitExceeded

MAX_OUTPUT = 16 * 1024 * 1024  # characters per stream; a runaway loop must not eat the memory


def file_text(value) -> str:
    """A file's text from ``session.files``: the world keeps either text (files the shell wrote or a
    scenario spelled out) or just a size in bytes (a modelled file whose content is not kept)."""
    return value if isinstance(value, str) else ""


class Stdin:
    """A read cursor over the text piped into a command (``read`` consumes it line by line)."""

    __slots__ = ("pos", "text")

    def __init__(self, text: str = ""):
        self.text = text
        self.pos = 0

    def rest(self) -> str:
        return self.text[self.pos:] if self.pos else self.text

    def read_until(self, delim: str) -> tuple[str, bool] | None:
        """Next chunk up to ``delim`` (excluded) and whether the delimiter was found; None at EOF."""
        if self.pos >= len(self.text):
            return None
        if delim == "":
            delim = "\0"
        end = self.text.find(delim, self.pos)
        if end < 0:
            chunk, self.pos = self.text[self.pos:], len(self.text)
            return chunk, False
        chunk, self.pos = self.text[self.pos:end], end + len(delim)
        return chunk, True

    def read_chars(self, n: int) -> str:
        chunk = self.text[self.pos:self.pos + n]
        self.pos += len(chunk)
        return chunk

    def consume_all(self) -> None:
        self.pos = len(self.text)


class Buffer:
    """Collects written text (a pipe, a command substitution or the final stdout/stderr)."""

    __slots__ = ("parts", "size")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        if text:
            self.size += len(text)
            if self.size > MAX_OUTPUT:
                raise LimitExceeded("output too large")
            self.parts.append(text)

    def getvalue(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""


class NullSink:
    __slots__ = ()

    def write(self, text: str) -> None:
        pass


class FileSink(Buffer):
    """Output redirected to a file: kept in ``session.files`` when the session has one."""

    __slots__ = ("append", "files", "path")

    def __init__(self, files: dict | None, path: str, append: bool):
        super().__init__()
        self.files, self.path, self.append = files, path, append
        if files is not None and not append:
            files[path] = ""  # '>' truncates at once, as the shell does before running the command

    def write(self, text: str) -> None:
        super().write(text)
        if self.files is not None and text:
            self.files[self.path] = file_text(self.files.get(self.path)) + text


class VfsSink:
    """Output redirected to a file of the partition's filesystem (harness/world/vfs.py): every write
    takes space there, and a write the filesystem refuses calls ``on_error(exc)`` (which raises)."""

    __slots__ = ("on_error", "path", "vfs")

    def __init__(self, vfs, path: str, on_error):
        self.vfs, self.path, self.on_error = vfs, path, on_error

    def write(self, text: str) -> None:
        if not text:
            return
        try:
            self.vfs.write(self.path, text, append=True)
        except Exception as exc:  # noqa: BLE001 - VfsError; the shell turns it into its message
            if not hasattr(exc, "code"):
                raise
            self.on_error(exc)


@dataclass
class IO:
    stdin: Stdin
    out: object  # Buffer | NullSink | FileSink
    err: object
