"""One SSH session channel: exec (with or without PTY) and shell (with or without PTY).

- exec: the whole command string goes to ``backend.new_shell(user, interactive=False, pty=...)
  .run(cmd)``; stdout/stderr go to the channel's stdout/stderr, then exit-status and close. With a
  PTY the output is CRLF and stderr is merged into stdout, as on a real terminal.
- shell with PTY: prompt, server-side echo and line editing (asyncssh's line editor), CRLF, the
  ``prompt2`` continuation prompt while ``shell.is_complete()`` is False, ``exit`` ends the channel
  with its status, Ctrl-D on an empty line and channel EOF end it with the last status, Ctrl-C
  drops the current input. Input typed ahead is only read (and echoed) once the previous command
  has finished and the next prompt is out, as bash/readline does.
- hand-over (mkvterm): an interactive PTY shell gets a ``take_over(other)`` attribute; a command
  calling it hands the terminal to ``other`` (a ShellLike: a partition's console) from the next line
  on: its prompts, its runs, until a run returns a result with ``ended`` true or ``other.ended``
  turns true on its own (it is given a wake-up callable through ``other.attach(wake)``, e.g. for
  rmvterm from another session), when ``other.farewell`` is written and the shell's prompt is back.
- shell without PTY (``ssh -T host < script``, ControlMaster's ``ssh -T -n``): lines from stdin, no
  echo, no prompt, LF; at EOF the channel ends with the last status and the connection stays up.

Every command run awaits ``backend.settle()`` first and is reported through ``backend.record``; it runs
in the backend's ``runner`` (a worker thread) when there is one, so no command holds up the loop.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import deque
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import asyncssh
from asyncssh.editor import SSHLineEditor

log = logging.getLogger("fakehmc.ssh")

PTY_ECHO = 53  # RFC 4254 terminal mode opcode for ECHO
_CHUNK = 16384  # characters written per step, so flow control can pause us
_LINE_HISTORY = 1000
_MAX_PENDING_INPUT = 1 << 20  # unread input above this pauses the client (SSH window)
_MAX_LINE = _MAX_PENDING_INPUT  # the line editor's bound on a PTY (bash has none; a bounded fake must)
_EOF = object()
_INTERRUPT = object()
_RESUME = object()  # the terminal's taker (see _take_over) ended on its own: back to the shell
_TOO_LONG = object()  # a line longer than _MAX_INPUT_LINE arrived: refused, its rest skipped
_MAX_INPUT_LINE = _MAX_PENDING_INPUT  # one input line without a PTY; longer ones would stall the channel
_LINE_END_RE = re.compile("[\r\n\x03\x04]")  # keys on which the line editor hands something over


# --- the contract with the host backend (implemented by the lead in harness.runtime) --------

class RunResult(Protocol):
    stdout: str
    stderr: str
    exit_code: int
    exited: bool


@runtime_checkable
class ShellLike(Protocol):
    def run(self, source: str) -> RunResult: ...
    def is_complete(self, source: str) -> bool: ...
    def prompt(self) -> str: ...
    def prompt2(self) -> str: ...


@runtime_checkable
class Backend(Protocol):
    name: str

    def check_password(self, user: str, password: str) -> bool: ...
    def authorized_keys(self, user: str) -> list[str]: ...
    def user_exists(self, user: str) -> bool: ...
    def new_shell(self, user: str, *, interactive: bool, pty: bool) -> ShellLike: ...
    def record(self, *, user: str, channel: str, command: str, exit_code: int,
               bytes_out: int) -> None: ...
    async def settle(self) -> None: ...
    # Optional (harness/runtime/backend.py): ``async before_command(user, command)`` may answer
    # instead of the shell (a result with ``stdout`` set), or ask for the connection to be dropped
    # after ``drop_after`` characters of output (runtime faults, harness/control/faults.py).
    # Optional ``runner`` (harness/runtime/commandlane.py): runs each command line off the loop.


_INTERNAL_ERROR = "fakehmc: internal error\n"  # never a traceback; details go to the log
_KILLED_BY_SIGHUP = 129  # 128 + SIGHUP: the status of a command whose client went away


@dataclass
class _Failure:
    stdout: str = ""
    stderr: str = _INTERNAL_ERROR
    exit_code: int = 1
    exited: bool = False


class _ChannelGone(Exception):
    """The channel (or the whole connection) went away while we were writing."""


class _EditorPort:
    """What asyncssh's SSHLineEditor talks to: a channel to write to and a session to call."""

    def __init__(self, owner: HostSession):
        self._owner = owner

    # channel side
    def write(self, data: str, datatype: Any = None) -> None:
        self._owner._raw_write(data)

    # session side
    def data_received(self, data: str, datatype: Any) -> None:
        self._owner._lines.append(data.removesuffix("\n"))

    def soft_eof_received(self) -> None:
        self._owner._lines.append(_EOF)

    def break_received(self, msec: int) -> bool:
        self._owner._lines.append(_INTERRUPT)
        return True

    def signal_received(self, signal: str) -> None:
        pass


class HostSession(asyncssh.SSHServerSession):
    """asyncssh session object for one channel of one connection to one simulated host."""

    def __init__(self, backend: Any, user: str, peer: str = "?"):
        self._backend = backend
        self._user = user
        self._peer = peer
        self._chan: asyncssh.SSHServerChannel | None = None
        self._kind: str | None = None  # "exec" or "shell"
        self._command = ""
        self._pty = False
        self._term_type = ""
        self._width = 0
        self._echo = True
        self._editor: SSHLineEditor | None = None
        self._raw = ""  # input not yet handed to the line reader, from index _rpos on
        self._rpos = 0
        self._lines: deque = deque()  # complete input lines (str), _EOF or _INTERRUPT
        self._eof = False
        self._closed = False
        self._wake = asyncio.Event()
        self._writable = asyncio.Event()
        self._writable.set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._last_status = 0
        self._reading_paused = False
        self._skipping = False  # inside a line refused as too long
        self._obuf: list[str] = []
        self._obuf_len = 0
        self._obuf_stderr = False
        self._taker: Any = None  # a ShellLike the terminal is handed to (_take_over), or None

    # --- asyncssh callbacks -----------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: tuple, term_modes: dict) -> bool:
        self._pty = True
        self._term_type = term_type or "vt100"
        self._width = term_size[0] if term_size else 0
        self._echo = term_modes.get(PTY_ECHO, 1) != 0
        return True

    def shell_requested(self) -> bool:
        self._kind = "shell"
        return True

    def exec_requested(self, command: str) -> bool:
        if command.startswith("scp ") and self._hand_over_files("scp"):
            return True  # legacy scp (-t/-f) onto the partition's files
        self._kind = "exec"
        self._command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        if subsystem == "sftp" and self._hand_over_files("sftp"):
            return True
        log.debug("%s: subsystem %r refused", self._backend.name, subsystem)
        return False

    def _hand_over_files(self, channel: str) -> bool:
        """Give this channel to asyncssh's SFTP/scp server over the host's files (harness/ssh/sftp.py);
        False when the host has none (an HMC): sftp is then refused, scp reaches the shell."""
        from asyncssh.stream import SSHServerStreamSession

        from .sftp import file_server_factory

        factory = file_server_factory(self._backend, self._user, channel)
        if factory is None or self._chan is None:
            return False
        stream = SSHServerStreamSession(None, factory, 3, channel == "scp")  # SFTP version 3, as OpenSSH
        stream.connection_made(self._chan)
        self._chan._session = stream  # asyncssh calls the session it holds from here on (2.14-2.24)
        self._kind = "files"
        return True

    def session_started(self) -> None:
        if self._pty and self._kind == "shell":
            # The editor's wrapping mode (used for vt100/xterm...) echoes a long line as plain
            # text and lets the terminal wrap it; its other mode scrolls the line sideways with
            # backspaces, which confuses screen scrapers. Every client seen uses the former.
            port = _EditorPort(self)
            try:
                self._editor = SSHLineEditor(port, port, True, _LINE_HISTORY, _MAX_LINE,
                                             "vt100", self._width)
            except TypeError:  # asyncssh releases whose editor has no max_line_length
                self._editor = SSHLineEditor(port, port, True, _LINE_HISTORY, "vt100",
                                             self._width)
            if not self._echo:
                self._editor.set_echo(False)
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self._main())

    def data_received(self, data: str, datatype: Any) -> None:
        if self._kind != "shell" or datatype is not None:
            return  # commands run by exec do not read stdin; stderr from a client is meaningless
        self._raw += data
        self._wake.set()
        if len(self._raw) - self._rpos > _MAX_PENDING_INPUT and self._chan is not None:
            self._chan.pause_reading()  # resumed by _next_line once the shell catches up
            self._reading_paused = True

    def eof_received(self) -> bool:
        self._eof = True
        self._wake.set()
        return True  # stay half-open: we still send the remaining output and the exit status

    def break_received(self, msec: int) -> bool:
        if self._kind == "shell" and self._pty:
            self._lines.append(_INTERRUPT)
            self._wake.set()
        return True

    def signal_received(self, signal: str) -> None:
        pass

    def terminal_size_changed(self, width: int, height: int, pixwidth: int,
                              pixheight: int) -> None:
        self._width = width
        if self._editor is not None:
            try:
                self._editor.set_width(width)  # may redraw the line being typed
            except Exception:
                log.exception("%s: window change failed", self._backend.name)
            self._flush()

    def pause_writing(self) -> None:
        self._writable.clear()

    def resume_writing(self) -> None:
        self._writable.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._wake.set()
        self._writable.set()
        if self._task is not None and not self._task.done():
            self._task.cancel()

    # --- output -----------------------------------------------------------------------------
    # Output is gathered and sent when the session is about to wait (for input or flow control)
    # or ends: echo, command output and the next prompt then travel in one SSH packet.
    def _raw_write(self, data: str, stderr: bool = False) -> None:
        if self._closed or not data:
            return
        if self._obuf and self._obuf_stderr != stderr:
            self._flush()
        self._obuf.append(data)
        self._obuf_stderr = stderr
        self._obuf_len += len(data)
        if self._obuf_len >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._obuf:
            return
        data = "".join(self._obuf)
        self._obuf.clear()
        self._obuf_len = 0
        if self._closed or self._chan is None:
            return
        try:
            self._chan.write(data, asyncssh.EXTENDED_DATA_STDERR if self._obuf_stderr else None)
        except (BrokenPipeError, OSError):
            self._closed = True

    async def _out(self, text: str, stderr: bool = False) -> None:
        for i in range(0, len(text), _CHUNK):
            if not self._writable.is_set():
                self._flush()
                await self._writable.wait()
            if self._closed:
                raise _ChannelGone
            chunk = text[i:i + _CHUNK]
            if self._editor is not None:
                self._editor.process_output(chunk)  # CRLF, keeps the editor's cursor right
            elif self._pty:
                self._raw_write(chunk.replace("\n", "\r\n"))
            else:
                self._raw_write(chunk, stderr)
        if self._closed:
            raise _ChannelGone

    def _finish(self, status: int) -> None:
        self._flush()
        if self._closed or self._chan is None:
            return
        try:
            self._chan.exit(int(status) & 0xFF)
        except (BrokenPipeError, OSError):
            pass
        self._closed = True

    # --- input ------------------------------------------------------------------------------
    def _take(self, end: int, skip: int = 0) -> str:
        """Consume unread input up to index ``end`` (returned) plus ``skip`` more characters."""
        text = self._raw[self._rpos:end]
        self._rpos = end + skip
        if self._rpos >= len(self._raw):
            self._raw, self._rpos = "", 0
        elif self._rpos > 65536 and self._rpos * 2 > len(self._raw):
            self._raw, self._rpos = self._raw[self._rpos:], 0
        return text

    async def _next_line(self) -> Any:
        """The next complete input line (without its newline), _EOF, _INTERRUPT or _RESUME."""
        while True:
            if self._taker is not None and getattr(self._taker, "ended", False):
                return _RESUME
            if self._lines:
                return self._lines.popleft()
            if self._closed:
                return _EOF
            unread = len(self._raw) - self._rpos
            if self._reading_paused and unread < _MAX_PENDING_INPUT // 2:
                self._reading_paused = False
                if self._chan is not None:
                    self._chan.resume_reading()
            if unread:
                if self._editor is not None:
                    # Hand the editor input up to the next line end only, so later lines are
                    # echoed after the output of this one (readline behaviour).
                    m = _LINE_END_RE.search(self._raw, self._rpos)
                    chunk = self._take(m.end() if m else len(self._raw))
                    self._editor.process_input(chunk, None)
                    continue
                idx = self._raw.find("\n", self._rpos)
                if self._skipping:  # the rest of a refused line, up to its newline
                    self._take(idx if idx >= 0 else len(self._raw), skip=1 if idx >= 0 else 0)
                    self._skipping = idx < 0
                    continue
                if idx - self._rpos > _MAX_INPUT_LINE or (idx < 0 and unread > _MAX_INPUT_LINE):
                    self._skipping = idx < 0
                    self._take(idx if idx >= 0 else len(self._raw), skip=1 if idx >= 0 else 0)
                    return _TOO_LONG
                if idx >= 0:
                    return self._take(idx, skip=1)
                if self._eof:  # last line without a newline: bash runs it too
                    return self._take(len(self._raw))
            if self._eof:
                return _EOF
            self._flush()
            self._wake.clear()
            await self._wake.wait()

    # --- running ----------------------------------------------------------------------------
    async def _main(self) -> None:
        try:
            if self._kind == "exec":
                await self._run_exec()
            else:
                await self._run_shell()
        except _ChannelGone:
            log.debug("%s: channel of %s@%s closed during output", self._backend.name,
                      self._user, self._peer)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("%s: session of %s@%s failed", self._backend.name, self._user, self._peer)
            self._finish(1)

    def _new_shell(self, interactive: bool) -> Any:
        try:
            return self._backend.new_shell(self._user, interactive=interactive, pty=self._pty)
        except Exception:
            log.exception("%s: backend.new_shell(%r) failed", self._backend.name, self._user)
            return None

    def _take_over(self, other: Any) -> None:
        """Hand the terminal to ``other`` from the next line on (see the module docstring)."""
        self._taker = other
        attach = getattr(other, "attach", None)
        if attach is not None:  # the wake-up may come from any thread (this runs in a command's worker)
            loop = self._loop
            attach(lambda: loop.call_soon_threadsafe(self._wake.set))

    async def _execute(self, shell: Any, source: str, channel: str) -> Any:
        self._flush()  # the echo of the command goes out before settle() may take its time
        try:
            await self._backend.settle()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s: backend.settle() failed", self._backend.name)
        override = None
        hook = getattr(self._backend, "before_command", None)
        if hook is not None and shell is not self._taker:  # rules are about the host's own commands
            try:
                override = await hook(self._user, source)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%s: backend.before_command failed", self._backend.name)
        try:
            if override is not None and getattr(override, "stdout", None) is not None:
                result = override
            else:
                result = await self._run_off_loop(shell, source, channel)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s: run %r failed", self._backend.name, source)
            result = _Failure()
        out = result.stdout or ""
        err = result.stderr or ""
        try:
            code = int(result.exit_code)
        except (TypeError, ValueError):
            code = 1
        self._last_status = code
        self._record(source, channel, code,
                     len(out.encode("utf-8", "replace")) + len(err.encode("utf-8", "replace")))
        drop_after = getattr(override, "drop_after", None)
        if drop_after is not None:  # an SSH fault: part of the output, then the connection is gone
            await self._out((out + err)[:drop_after])
            self._flush()
            if self._chan is not None:
                self._chan.get_extra_info("connection").abort()
            raise _ChannelGone
        if self._pty:
            await self._out(out + err)  # a terminal has one output stream
        else:
            await self._out(out)
            await self._out(err, stderr=True)
        return result

    async def _run_off_loop(self, shell: Any, source: str, channel: str) -> Any:
        """``shell.run(source)`` in one of the backend's workers (harness/runtime/commandlane.py) when it
        has them, else here on the loop. A client gone meanwhile ends the command at its next yield point,
        recorded with the status of a process killed by SIGHUP."""
        runner = getattr(self._backend, "runner", None)
        if runner is None:
            return shell.run(source)
        job = runner.run(self._backend.name, self._backend.world, shell, source)
        try:
            return await asyncio.shield(job.future)
        except asyncio.CancelledError:
            job.cancel()
            await asyncio.wait([job.future])
            self._record(source, channel, _KILLED_BY_SIGHUP, 0)
            raise

    def _record(self, source: str, channel: str, code: int, bytes_out: int) -> None:
        try:
            self._backend.record(user=self._user, channel=channel, command=source, exit_code=code,
                                 bytes_out=bytes_out)
        except Exception:
            log.exception("%s: backend.record failed", self._backend.name)

    async def _run_exec(self) -> None:
        channel = "exec-pty" if self._pty else "exec"
        if not self._command.strip():
            self._finish(0)
            return
        shell = self._new_shell(interactive=False)
        if shell is None:
            await self._out(_INTERNAL_ERROR, stderr=True)
            self._finish(1)
            return
        await self._execute(shell, self._command, channel)
        self._finish(self._last_status)

    async def _prompt(self, shell: Any, second: bool = False) -> None:
        if not self._pty:
            return  # bash without a terminal prints no prompt
        try:
            text = shell.prompt2() if second else shell.prompt()
        except Exception:
            log.exception("%s: prompt failed", self._backend.name)
            text = "> " if second else "$ "
        await self._out(text)

    async def _run_shell(self) -> None:
        channel = "shell-pty" if self._pty else "shell"
        shell = self._new_shell(interactive=self._pty)
        if shell is None:
            await self._out(_INTERNAL_ERROR, stderr=True)
            self._finish(1)
            return
        if self._pty:
            try:
                shell.take_over = self._take_over
            except AttributeError:
                pass
        pending: list[str] = []
        await self._prompt(shell)
        while True:
            item = await self._next_line()
            active = self._taker or shell
            if item is _EOF:
                break
            if item is _RESUME:
                pending.clear()
                if self._editor is not None:
                    self._editor.set_input("", 0)
                await self._out(str(getattr(self._taker, "farewell", "") or ""))
                self._taker = None
                await self._prompt(shell)
                continue
            if item is _TOO_LONG:
                pending.clear()
                await self._out(f"fakehmc: input line longer than {_MAX_INPUT_LINE} bytes refused\n", stderr=True)
                self._last_status = 1
                await self._prompt(active)
                continue
            if item is _INTERRUPT:
                pending.clear()
                if self._editor is not None:
                    self._editor.set_input("", 0)
                await self._out("^C\n")
                await self._prompt(active)
                continue
            pending.append(item)
            source = "\n".join(pending)
            if not source.strip():
                pending.clear()
                await self._prompt(active)
                continue
            try:
                complete = bool(active.is_complete(source))
            except Exception:
                log.exception("%s: is_complete failed", self._backend.name)
                complete = True
            if not complete:
                await self._prompt(active, second=True)
                continue
            pending.clear()
            result = await self._execute(active, source, "vterm" if active is self._taker else channel)
            if active is self._taker:
                if getattr(result, "ended", False) or getattr(active, "ended", False):
                    self._taker = None
            elif getattr(result, "exited", False):
                self._finish(self._last_status)
                return
            await self._prompt(self._taker or shell)
        if pending:  # EOF inside an unfinished construct: the shell reports it, like bash does
            result = await self._execute(self._taker or shell, "\n".join(pending), channel)
        self._finish(self._last_status)
