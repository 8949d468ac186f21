"""The Shell: walks the tree-sitter-bash tree of a command line and runs it against the registry.

Everything is synchronous and in memory: pipes are strings, files live (if anywhere) in
``session.files``, and no input ever reaches the host. ``run`` never raises.
"""

from __future__ import annotations

import logging
import random
import zlib
from dataclasses import dataclass
from typing import Any

from .arith import Arith, ArithError
from .builtins import FunctionReturn, LoopControl, ShellExit, builtins_for
from .command import CommandContext, CommandExit, Registry
from .compound import Compound, has_subst
from .expand import Expander, LimitExceeded, ShellError, named, text_of
from .flavours import Flavour, get_flavour
from .pace import pace
from .plainline import plain_words
from .prompt import Prompting
from .redirects import RedirectError, Redirections
from .streams import IO, Buffer, NullSink, Stdin
from .syntax import completable, find_problem, parse, too_complex, trailing_backslash

log = logging.getLogger(__name__)

MAX_SOURCE = 2 * 1024 * 1024    # characters of one command line
MAX_DEPTH = 80                  # nested constructs / substitutions (Python frames are the bound)
MAX_FUNC_DEPTH = 32             # bash's FUNCNEST-style message when exceeded (nesting costs 2)
MAX_ITERATIONS = 100_000        # loop iterations per run
MAX_STEPS = 200_000             # simple commands per run
MAX_VALUE = 16 * 1024 * 1024    # characters in one variable
SCRIPT_SHELLS = frozenset({"sh", "ksh", "ksh93", "bsh", "psh", "bash"})  # #! lines this interpreter honours


@dataclass
class RunResult:
    stdout: str
    stderr: str
    exit_code: int
    exited: bool = False


class Shell(Expander, Redirections, Compound, Prompting):
    def __init__(self, registry: Registry | None, flavour: Flavour | str, session: Any,
                 env: dict[str, str] | None = None, *, interactive: bool = False):
        self.registry = registry
        self.flavour = get_flavour(flavour)
        self.session = session
        self.interactive = interactive
        self.builtins = builtins_for(self.flavour)
        user = str(getattr(session, "user", "root") or "root")
        host = str(getattr(session, "hostname", "localhost") or "localhost")
        home = self.flavour.home(user)
        self.vars: dict[str, str] = {}
        self.exported: set[str] = set()
        for key, tmpl in self.flavour.env.items():
            self.vars[key] = tmpl.format(user=user, home=home, hostname=host)
            self.exported.add(key)
        session_env = getattr(session, "env", None)  # e.g. LANG sent by the SSH client
        merged = {**(session_env if isinstance(session_env, dict) else {}), **(env or {})}
        for key, value in merged.items():
            self.vars[str(key)] = str(value)
            self.exported.add(str(key))
        self.vars.setdefault("PWD", home)
        self.vars["IFS"] = " \t\n"
        self.vars["PS2"] = "> "
        if self.flavour.default_ps1 is not None:
            self.vars["PS1"] = self.flavour.default_ps1
        self.readonly: set[str] = set(self.flavour.readonly) if self.flavour.restricted else set()
        self.arrays: dict[str, list[str]] = {}
        self.functions: dict[str, Any] = {}
        self.positional: list[str] = []
        self.options: set[str] = set()
        self.last_status = 0
        self.script_name = ("-" if interactive else "") + self.flavour.shell_name
        self.pid = 1000 + zlib.crc32(f"{user}@{host}".encode()) % 30000
        self._rng: random.Random | None = None
        self.func_depth = self.source_depth = self.loop_depth = 0
        self._locals: list[dict] = []
        self._depth = 0
        self._cond = 0
        self._io: IO | None = None
        self._steps = self._iterations = 0
        self._line = 1

    @property
    def rng(self) -> random.Random:
        """$RANDOM's generator, seeded by the shell's pid (made on first use: seeding costs)."""
        if self._rng is None:
            self._rng = random.Random(self.pid)
        return self._rng

    # ---------------------------------------------------------------- public API
    def run(self, source: str, stdin: str = "") -> RunResult:
        out, err = Buffer(), Buffer()
        io = IO(Stdin(stdin or ""), out, err)
        exited = False
        self._steps = self._iterations = self._depth = self._cond = 0
        self.loop_depth = self.func_depth = self.source_depth = 0
        try:
            if len(source) > MAX_SOURCE:
                raise LimitExceeded("input too long")
            status = self._exec_source(source, io, top=True)
        except ShellExit as e:
            status, exited = e.code, True
        except (LimitExceeded, RecursionError) as e:
            what = str(e) if isinstance(e, LimitExceeded) else "maximum nesting level exceeded"
            err.parts.append(self.flavour.limit_exceeded.format(what=what) + "\n")
            status = 1
        except Exception:  # a bug in the interpreter must never reach the client as a traceback
            log.exception("shell run failed for %r", source[:200])
            err.parts.append(self.flavour.internal_error + "\n")
            status = 1
        self.last_status = status
        self._io = None
        return RunResult(out.getvalue(), err.getvalue(), status, exited)

    def is_complete(self, source: str) -> bool:
        try:
            if not source.strip() or plain_words(source) is not None:
                return True
            if trailing_backslash(source):
                return False
            if too_complex(source):
                return True  # run it: the run refuses it at once
            if find_problem(parse(source)) is None:
                return True
            return not completable(source)
        except Exception:
            log.exception("is_complete failed")
            return True

    def prompt(self) -> str:
        ps1 = self.vars.get("PS1")
        if ps1 is None:
            user = getattr(self.session, "user", "")
            return "# " if user == "root" else "$ "
        try:
            text = self._prompt_escapes(ps1) if self.flavour.prompt_escapes else ps1
            return self._prompt_params(text)
        except Exception:  # noqa: BLE001 - a prompt must always come out
            return ps1

    def prompt2(self) -> str:
        return self.vars.get("PS2", "> ")

    # ---------------------------------------------------------------- helpers for builtins/utilities
    def valid_name(self, name: str) -> bool:
        return bool(name) and (name[0].isalpha() or name[0] == "_") and \
            all(c.isalnum() or c == "_" for c in name)

    def set_var(self, name: str, value: str, io: IO | None = None) -> bool:
        if name in self.readonly:
            raise ShellError(self.flavour.readonly_var.format(name=name), 1)
        if len(value) > MAX_VALUE:
            raise LimitExceeded("value too large")
        if name in self.arrays:
            arr = self.arrays[name]
            if arr:
                arr[0] = value
            else:
                arr.append(value)
        self.vars[name] = value
        if "a" in self.options:
            self.exported.add(name)
        return True

    def make_local(self, name: str) -> None:
        if self._locals and name not in self._locals[-1]:
            self._locals[-1][name] = (self.vars.get(name), name in self.exported)

    def option_names(self) -> set[str]:
        from .builtins import OPTION_LETTERS
        names = {long for long, short in OPTION_LETTERS.items() if short in self.options}
        if "pipefail" in self.options:
            names.add("pipefail")
        return names

    def format_decl(self, name: str, flag: str) -> str:
        value = self.vars.get(name, "").replace("\\", "\\\\").replace('"', '\\"')
        if self.flavour.shell_name in ("ksh", "rksh"):
            return f"{name}={value}"
        return f'declare {flag} {name}="{value}"'

    def command_path(self, name: str) -> str | None:
        """Where a registered command (or an executable file of the partition) lives, for
        which/type/command -v."""
        vfs = None if self.flavour.restricted else getattr(self.session, "vfs", None)
        if "/" in name:
            spec = self.registry.lookup(name) if self.registry else None
            if spec is None and vfs is not None:
                return name if vfs.may_execute(self._abspath(name)) else None
            return name if spec else None
        if name in self.flavour.hidden or self.registry is None:
            return None
        spec = self.registry.lookup(name)
        if spec is None:
            found = self._program_file(name, None, vfs) if vfs is not None else None
            return found if found is not None and vfs.may_execute(found) else None
        return spec.paths[0] if spec.paths else f"{self.flavour.bin_dirs[0]}/{name}"

    def arith(self, text: str) -> int:
        try:
            return Arith(self.get_param, lambda n, v: self.set_var(n, v)).evaluate(text)
        except ArithError as e:
            raise ShellError(f"{self.flavour.shell_name}: {text.strip()}: {e}", 1)

    def fragment_words(self, text: str) -> list:
        tree = parse(": " + text)
        cmd = tree.root_node.children[0] if tree.root_node.child_count else None
        if cmd is None or cmd.type != "command":
            return []
        return [c for i, c in enumerate(cmd.children) if cmd.field_name_for_child(i) == "argument"]

    def command_substitution(self, node) -> str:
        stmts = named(node.children)
        cur = self._io
        out = Buffer()
        sub = IO(cur.stdin if cur else Stdin(), out, cur.err if cur else NullSink())
        status = self._subshell(lambda: self.exec_list(stmts, sub))
        self.last_status = status
        return out.getvalue().rstrip("\n")

    def run_source(self, text: str, io: IO) -> int:
        """eval / source: parse and run in the current shell."""
        return self._exec_source(text, io, top=False)

    def run_argv(self, argv: list[str], io: IO, assigns: dict[str, str],
                 skip_functions: bool = False) -> int:
        name = argv[0]
        if not skip_functions and name in self.functions:
            return self._call_function(name, argv, io, assigns)
        builtin = self.builtins.get(name)
        if builtin is not None:
            return self._call_builtin(builtin, argv, io, assigns)
        if self.flavour.restricted and "/" in name:
            io.err.write(self.flavour.restricted_slash.format(name=name) + "\n")
            return 1
        vfs = None if self.flavour.restricted else getattr(self.session, "vfs", None)
        spec = None
        if name not in self.flavour.hidden and self.registry is not None:
            spec = self.registry.lookup(self._abspath(name) if "/" in name and vfs is not None else name)
            if spec is None and "/" in name and vfs is not None:
                spec = self.registry.lookup(_resolve(vfs, self._abspath(name)))
        if vfs is not None:
            path = self._program_file(name, spec, vfs)
            if path is not None:
                if not vfs.may_execute(path):
                    io.err.write(self.flavour.exec_denied.format(name=name) + "\n")
                    return 126
                if spec is None:
                    return self.run_script(path, argv, io, assigns)
        if spec is None:
            io.err.write(self.flavour.not_found.format(name=name) + "\n")
            return 127
        return self._call_command(spec, argv, io, assigns)

    # ---------------------------------------------------------------- programs and scripts as files
    def _program_file(self, name: str, spec, vfs) -> str | None:
        """The file that running ``name`` would execute, when the filesystem has it."""
        if "/" in name:
            path = self._abspath(name)
            return path if vfs.kind(path) is not None else None
        if spec is not None:
            return next((p for p in spec.paths if vfs.kind(p) == "f"), None)
        for d in self.vars.get("PATH", "").split(":"):
            if d.startswith("/") and vfs.kind(d.rstrip("/") + "/" + name) == "f":
                return d.rstrip("/") + "/" + name
        return None

    def run_script(self, path: str, argv: list[str], io: IO, assigns: dict[str, str] | None = None) -> int:
        """Run a script file of the partition in a child shell (the commands in it are the same
        modelled commands); a file that is not a script is refused as ksh refuses a bad binary."""
        vfs = getattr(self.session, "vfs", None)
        try:
            text = vfs.read(path) if vfs is not None else None
        except Exception as exc:  # noqa: BLE001 - VfsError
            if not hasattr(exc, "code"):
                raise
            text = None
        if text is None:
            io.err.write(self.flavour.exec_denied.format(name=argv[0]) + "\n")
            return 126
        if text.startswith("#!"):
            # the interpreter named on the first line must be one of the modelled shells: a Perl or
            # Python script is not run (nothing foreign ever runs), as if that interpreter were absent [I]
            words = text[2:].split("\n", 1)[0].split()
            interp = self.registry.lookup(_resolve(vfs, words[0])) if words and self.registry else None
            if interp is None or interp.name not in SCRIPT_SHELLS:
                io.err.write(self.flavour.not_found.format(name=argv[0]) + "\n")
                return 127
        return self.run_child(text, argv[0], argv[1:], io, assigns=assigns)

    def run_child(self, text: str, name: str, args: list[str], io: IO, *, options: set[str] | None = None,
                  assigns: dict[str, str] | None = None) -> int:
        """``text`` in a child shell: it sees the exported variables only, and nothing it sets,
        defines or changes in the shell comes back (a new process, as `sh script` starts)."""
        umask = getattr(self.session, "umask", None)

        def body() -> int:
            keep = {"PWD", "OLDPWD", "IFS", "PS2", "PS1"}
            self.vars = {k: v for k, v in self.vars.items() if k in self.exported or k in keep}
            for k, v in (assigns or {}).items():
                self.vars[k] = v
                self.exported.add(k)
            self.arrays, self.functions = {}, {}
            self.positional = list(args)
            self.options = set(options or ())
            self.loop_depth = 0
            saved_name, self.script_name = self.script_name, name
            try:
                return self._exec_source(text, io, top=False)
            finally:
                self.script_name = saved_name

        try:
            return self._subshell(body)
        finally:
            if umask is not None:
                try:
                    self.session.umask = umask
                except AttributeError:
                    pass

    # ---------------------------------------------------------------- running source
    def _exec_source(self, source: str, io: IO, top: bool) -> int:
        argv = plain_words(source)
        if argv is not None:  # one command of literal words: no grammar needed (plainline.py)
            return self.exec_list([_PlainCommand(argv)], io)
        if too_complex(source):
            io.err.write(self.flavour.too_complex + "\n")
            return 2
        tree = parse(source)
        root = tree.root_node
        problem = find_problem(tree)
        if problem is None:
            return self.exec_list(root.children, io)
        # like bash, run the lines before the one holding the error, then report it
        before = [c for c in root.children if c.end_point.row < problem.row and not c.has_error]
        if before:
            self.exec_list(before, io)
        io.err.write(self._syntax_message(source, problem) + "\n")
        return 2

    def _syntax_message(self, source: str, problem) -> str:
        fl = self.flavour
        line = problem.row + 1
        eof = problem.kind == "missing" or completable(source)
        if fl.shell_name == "bash" and not self.interactive:
            context = source.splitlines()[problem.row] if source.splitlines()[problem.row:] else ""
            if eof:
                return f"bash: -c: line {line}: syntax error: unexpected end of file"
            return (f"bash: -c: line {line}: syntax error near unexpected token `{problem.token}'\n"
                    f"bash: -c: line {line}: `{context.strip()}'")
        return (fl.syntax_eof if eof else fl.syntax_token).format(token=problem.token, line=line)

    def exec_list(self, nodes, io: IO) -> int:
        status = 0
        nodes = list(nodes)
        for k, node in enumerate(nodes):
            if not node.is_named or node.type == "comment":
                continue
            status = self.exec_node(node, io)
            if k + 1 < len(nodes) and nodes[k + 1].type == "&":
                status = 0  # a background job: it ran to completion, but `$?` is 0 as in bash
            self.last_status = status
            if status and "e" in self.options and not self._cond and node.type not in ("list", "negated_command"):
                raise ShellExit(status)
        return status

    def exec_node(self, node, io: IO) -> int:
        self._depth += 1
        prev_io, self._io = self._io, io
        try:
            if self._depth > MAX_DEPTH:
                raise LimitExceeded("maximum nesting level exceeded")
            handler = _DISPATCH.get(node.type)
            if handler is None:
                io.err.write(self.flavour.syntax_token.format(token=_first_token(node), line=node.start_point.row + 1) + "\n")
                return 2
            return handler(self, node, io)
        except ShellError as e:
            if e.message:
                io.err.write(e.message + "\n")
            return e.status
        finally:
            self._depth -= 1
            self._io = prev_io

    def _subshell(self, fn) -> int:
        saved = (dict(self.vars), set(self.exported), {k: list(v) for k, v in self.arrays.items()},
                 dict(self.functions), list(self.positional), set(self.options), set(self.readonly),
                 self.loop_depth, self.func_depth)
        try:
            return fn()
        except ShellExit as e:
            return e.code
        except FunctionReturn as r:
            return r.code
        except LoopControl:
            return 0
        finally:
            (self.vars, self.exported, self.arrays, self.functions, self.positional, self.options,
             self.readonly, self.loop_depth, self.func_depth) = saved

    def _tick(self, iteration: bool = False) -> None:
        pace()  # a yield point: other clients get the world, a cancelled run ends here
        if iteration:
            self._iterations += 1
            if self._iterations > MAX_ITERATIONS:
                raise LimitExceeded(f"loop iteration limit exceeded ({MAX_ITERATIONS})")
        else:
            self._steps += 1
            if self._steps > MAX_STEPS:
                raise LimitExceeded(f"command limit exceeded ({MAX_STEPS})")

    # ---------------------------------------------------------------- simple commands
    def _exec_command(self, node, io: IO) -> int:
        self._tick()
        assigns, words, redirects = [], [], []
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field == "name":
                inner = named(child.children)
                words.append(inner[0] if inner else child)
            elif field == "argument":
                words.append(child)
            elif field == "redirect" or child.type.endswith("_redirect"):
                redirects.append(child)
            elif child.type == "variable_assignment":
                assigns.append(child)
        argv = self.expand_words(words)
        values = [self._assignment(a) for a in assigns]
        if not argv:
            for name, value, append, index in values:
                self._store(name, value, append, index)
            if redirects:
                try:
                    self._redirect(redirects, io)
                except RedirectError as e:
                    io.err.write(str(e) + "\n")
                    return 1
            return self.last_status if any(has_subst(a) for a in assigns) else 0
        prefix: dict[str, str] = {}
        for name, value, append, index in values:
            if self.flavour.restricted and name in self.flavour.readonly:
                io.err.write(self.flavour.readonly_var.format(name=name) + "\n")
                return 1
            prefix[name] = (self.vars.get(name, "") + value) if append else value
        try:
            cio = self._redirect(redirects, io) if redirects else io
        except RedirectError as e:
            io.err.write(str(e) + "\n")
            return 1
        return self._run_simple(argv, io, cio, prefix)

    def _exec_plain(self, node: _PlainCommand, io: IO) -> int:
        self._tick()
        return self._run_simple(node.argv, io, io, {})

    def _run_simple(self, argv: list[str], io: IO, cio: IO, prefix: dict[str, str]) -> int:
        """A simple command's expanded words, run (``cio``: its redirected streams; the trace goes to ``io``)."""
        if "x" in self.options:
            io.err.write("+ " + " ".join(argv) + "\n")
        return self.run_argv(argv, cio, prefix)

    def _assignment(self, node):
        """(name, value or list for arrays, append?, index or None) of one NAME=value node."""
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        append = any(not c.is_named and c.type == "+=" for c in node.children)
        index = None
        if name_node is not None and name_node.type == "subscript":
            idx = name_node.child_by_field_name("index")
            index = self.arith(text_of(idx)) if idx is not None else 0
            name_node = name_node.child_by_field_name("name")
        name = text_of(name_node) if name_node is not None else ""
        if value_node is None:
            return name, "", append, index
        if value_node.type == "array":
            return name, self.expand_words(named(value_node.children)), append, index
        return name, self.expand_string(value_node), append, index

    def _store(self, name: str, value, append: bool, index) -> None:
        if isinstance(value, list):
            self.arrays[name] = (self.arrays.get(name, []) + value) if append else value
            self.vars.pop(name, None)
            return
        if index is not None:
            arr = self.arrays.setdefault(name, [self.vars[name]] if name in self.vars else [])
            while len(arr) <= index:
                arr.append("")
            arr[index] = (arr[index] + value) if append else value
            return
        if append:
            value = (self.get_param(name) or "") + value
        self.set_var(name, value)

    def _call_builtin(self, fn, argv, io: IO, assigns: dict[str, str]) -> int:
        saved = {k: self.vars.get(k) for k in assigns}
        try:
            for k, v in assigns.items():
                self.set_var(k, v)
            return fn(self, argv, io)
        except ShellError as e:
            if e.message:
                io.err.write(e.message + "\n")
            return e.status
        finally:
            for k, v in saved.items():
                if k in self.readonly:
                    continue
                if v is None:
                    self.vars.pop(k, None)
                else:
                    self.vars[k] = v

    def _call_command(self, spec, argv, io: IO, assigns: dict[str, str]) -> int:
        env = {k: self.vars[k] for k in self.exported if k in self.vars}
        env.update(assigns)
        ctx = CommandContext(argv=list(argv), stdin=io.stdin.rest(), env=env, session=self.session)
        ctx.shell = self  # type: ignore[attr-defined]  # for which/env/xargs-style utilities
        try:
            rc = spec.fn(ctx)
        except CommandExit as e:
            rc = e.code
        except (LimitExceeded, ShellExit, RecursionError):
            raise
        except Exception:
            log.exception("command %s failed: %r", spec.name, argv)
            ctx.err.append(self.flavour.command_failed.format(name=ctx.name) + "\n")
            rc = 1
        io.out.write("".join(map(str, ctx.out)))
        io.err.write("".join(map(str, ctx.err)))
        if getattr(spec.fn, "consumes_stdin", False):
            io.stdin.consume_all()
        try:
            return int(rc or 0) & 0xFF
        except (TypeError, ValueError):
            return 1

    def _call_function(self, name: str, argv, io: IO, assigns: dict[str, str]) -> int:
        if self.func_depth >= MAX_FUNC_DEPTH:
            io.err.write(f"{self.flavour.shell_name}: {name}: maximum function nesting level "
                         f"exceeded ({MAX_FUNC_DEPTH})\n")
            return 1
        body = self.functions[name]
        saved_pos, self.positional = self.positional, list(argv[1:])
        self.func_depth += 1
        self._locals.append({})
        for k, v in assigns.items():
            self.make_local(k)
            self.set_var(k, v)
        try:
            return self.exec_node(body, io)
        except FunctionReturn as r:
            return r.code
        finally:
            for k, (value, exported) in self._locals.pop().items():
                if value is None:
                    self.vars.pop(k, None)
                else:
                    self.vars[k] = value
                (self.exported.add if exported else self.exported.discard)(k)
            self.func_depth -= 1
            self.positional = saved_pos


def _resolve(vfs, path: str) -> str:
    from ..world.vfs import resolve
    return resolve(path)


def _first_token(node) -> str:
    txt = text_of(node).strip().split()
    return txt[0] if txt else node.type


class _PlainCommand:
    """A simple command of literal words (plainline.py), run like the grammar's ``command`` node."""

    type = "plain_command"
    is_named = True

    def __init__(self, argv: list[str]):
        self.argv = argv


_DISPATCH = {
    "command": Shell._exec_command,
    "plain_command": Shell._exec_plain,
    "pipeline": Shell._exec_pipeline,
    "list": Shell._exec_list_node,
    "negated_command": Shell._exec_negated,
    "redirected_statement": Shell._exec_redirected,
    "variable_assignment": Shell._exec_assignment,
    "variable_assignments": Shell._exec_assignments,
    "declaration_command": Shell._exec_declaration,
    "unset_command": Shell._exec_unset,
    "compound_statement": Shell._exec_compound,
    "subshell": Shell._exec_subshell,
    "if_statement": Shell._exec_if,
    "while_statement": Shell._exec_while,
    "for_statement": Shell._exec_for,
    "c_style_for_statement": Shell._exec_c_for,
    "case_statement": Shell._exec_case,
    "function_definition": Shell._exec_function_def,
    "test_command": Shell._exec_test,
    "comment": Shell._exec_comment,
}
