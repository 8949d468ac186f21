"""Pipelines, lists and compound commands (groups, if, while/until, for, case, functions, [[ ]])
for the Shell, as a mixin. Loops count their iterations against the per-run cap."""

from __future__ import annotations

from .builtins import LoopControl, b_unset
from .expand import ShellError, named, text_of
from .patterns import glob_match
from .redirects import RedirectError
from .streams import IO, Buffer, Stdin
from .testexpr import bracket_tokens, cond_eval, run_test


class Compound:
    """Mixin for Shell: everything above a simple command."""

    def _exec_pipeline(self, node, io: IO) -> int:
        elems, ops = [], []
        for child in node.children:
            if child.is_named and child.type != "comment":
                elems.append(child)
            elif not child.is_named:
                ops.append(child.type)
        return self._run_elements(elems, io, ops)

    def _run_elements(self, elems, io: IO, ops) -> int:
        stdin = io.stdin
        statuses = []
        for k, el in enumerate(elems):
            last = k == len(elems) - 1
            out = io.out if last else Buffer()
            err = out if (not last and k < len(ops) and ops[k] == "|&") else io.err
            sub = IO(stdin, out, err)
            if last and self.flavour.lastpipe:
                statuses.append(self.exec_node(el, sub))
            else:
                statuses.append(self._subshell(lambda el=el, sub=sub: self.exec_node(el, sub)))
            if not last:
                stdin = Stdin(out.getvalue())
        if "pipefail" in self.options:
            return next((s for s in reversed(statuses) if s), 0)
        return statuses[-1] if statuses else 0

    def _exec_list_node(self, node, io: IO) -> int:
        kids = node.children
        named = [c for c in kids if c.is_named and c.type != "comment"]
        op = next((c.type for c in kids if not c.is_named and c.type in ("&&", "||")), "&&")
        if not named:
            return 0
        self._cond += 1
        try:
            status = self.exec_node(named[0], io)
        finally:
            self._cond -= 1
        self.last_status = status
        if len(named) < 2:
            return status
        if (op == "&&" and status == 0) or (op == "||" and status != 0):
            return self.exec_node(named[1], io)
        return status

    def _exec_negated(self, node, io: IO) -> int:
        inner = named(node.children)
        self._cond += 1
        try:
            status = self.exec_node(inner[0], io) if inner else 0
        finally:
            self._cond -= 1
        return 0 if status else 1

    def _exec_redirected(self, node, io: IO) -> int:
        body = node.child_by_field_name("body")
        redirects = [c for c in node.children if c.type.endswith("_redirect")]
        pipe, tail = [], None
        for r in redirects:
            if r.type == "heredoc_redirect":
                # tree-sitter files what follows `<<EOF` on its line inside the heredoc node
                kids = r.children
                for k, c in enumerate(kids):
                    if c.type == "pipeline" and c.child_count and c.children[0].type in ("|", "|&"):
                        pipe = _pipe_elements(c)
                    elif c.type.endswith("_redirect"):
                        redirects.append(c)
                    elif c.type in ("&&", "||") and k + 1 < len(kids) and kids[k + 1].is_named:
                        tail = (c.type, kids[k + 1])
        if body is not None and body.type == "list" and not pipe:
            # tree-sitter reads `a && b > f` as (a && b) > f; the shell gives the redirection to b
            # alone, opened only once a has run (a may be the `mkdir` that makes f's directory)
            kids = [c for c in body.children if c.type != "comment"]
            if len(kids) == 3 and kids[1].type in ("&&", "||"):
                status = self.exec_node(kids[0], io)
                self.last_status = status
                if (kids[1].type == "&&") == (status == 0):
                    status = self._exec_with(kids[2], redirects, io)
                return self._tail(tail, status, io)
        status = self._exec_with(body, redirects, io, pipe)
        return self._tail(tail, status, io)

    def _tail(self, tail, status: int, io: IO) -> int:
        if tail is not None:
            self.last_status = status
            if (tail[0] == "&&") == (status == 0):
                return self.exec_node(tail[1], io)
        return status

    def _exec_with(self, body, redirects, io: IO, pipe=None) -> int:
        try:
            rio = self._redirect(redirects, io)
        except RedirectError as e:
            io.err.write(str(e) + "\n")
            return 1
        if body is None:
            return 0
        if pipe:
            buf = Buffer()
            self._subshell(lambda: self.exec_node(body, IO(rio.stdin, buf, rio.err)))
            return self._run_elements(pipe, IO(Stdin(buf.getvalue()), io.out, io.err), [])
        return self.exec_node(body, rio)

    def _exec_assignment(self, node, io: IO) -> int:
        self._tick()
        name, value, append, index = self._assignment(node)
        self._store(name, value, append, index)
        return self.last_status if has_subst(node) else 0

    def _exec_assignments(self, node, io: IO) -> int:
        status = 0
        for child in named(node.children):
            status = self._exec_assignment(child, io)
        return status

    def _exec_declaration(self, node, io: IO) -> int:
        self._tick()
        kids = node.children
        keyword = text_of(kids[0]).strip() if kids else "declare"
        argv = [keyword]
        for child in kids[1:]:
            if child.type == "variable_assignment":
                name, value, append, _index = self._assignment(child)
                if isinstance(value, list):
                    self.arrays[name] = value
                    argv.append(name)
                else:
                    argv.append(f"{name}{'+=' if append else '='}{value}")
            elif child.is_named:
                argv.extend(self.expand_word(child))
        return self.run_argv(argv, io, {})

    def _exec_unset(self, node, io: IO) -> int:
        self._tick()
        argv = ["unset"] + self.expand_words(named(node.children))
        return b_unset(self, argv, io)

    def _exec_compound(self, node, io: IO) -> int:
        kids = node.children
        if kids and kids[0].type == "((":
            end = kids[-1].start_byte if kids[-1].type == "))" else node.end_byte
            return 0 if self.arith(self.splice(node, kids[0].end_byte, end)) else 1
        return self.exec_list(kids, io)

    def _exec_subshell(self, node, io: IO) -> int:
        return self._subshell(lambda: self.exec_list(node.children, io))

    def _exec_if(self, node, io: IO) -> int:
        cond, body, mode = [], [], "cond"
        for child in node.children:
            t = child.type
            if not child.is_named:
                if t == "then":
                    mode = "body"
                elif t == "fi":
                    break
                continue
            if t in ("elif_clause", "else_clause"):
                if self._test(cond, io) == 0:
                    return self.exec_list(body, io)
                if t == "else_clause":
                    return self.exec_list([c for c in child.children], io)
                cond, body, mode = [], [], "cond"
                for sub in child.children:
                    if not sub.is_named:
                        if sub.type == "then":
                            mode = "body"
                        continue
                    (cond if mode == "cond" else body).append(sub)
                continue
            (cond if mode == "cond" else body).append(child)
        if cond and self._test(cond, io) == 0:
            return self.exec_list(body, io)
        return 0

    def _test(self, nodes, io: IO) -> int:
        self._cond += 1
        try:
            status = self.exec_list(nodes, io)
        finally:
            self._cond -= 1
        self.last_status = status
        return status

    def _loop_body(self, body, io: IO) -> tuple[int, bool]:
        """Run one iteration; (status, stop) with break/continue handled."""
        try:
            return self._exec_body(body, io), False
        except LoopControl as lc:
            if lc.levels > 1:
                lc.levels -= 1
                raise
            return self.last_status, lc.kind == "break"

    def _exec_body(self, body, io: IO) -> int:
        if body is None:
            return 0
        if body.type == "do_group":
            return self.exec_list(body.children, io)
        return self.exec_node(body, io)

    def _exec_while(self, node, io: IO) -> int:
        until = bool(node.children) and node.children[0].type == "until"
        conds = [c for i, c in enumerate(node.children)
                 if node.field_name_for_child(i) == "condition" and c.is_named]
        body = node.child_by_field_name("body")
        status = 0
        self.loop_depth += 1
        try:
            while True:
                self._tick(iteration=True)
                ok = self._test(conds, io) == 0
                if ok == until:
                    break
                status, stop = self._loop_body(body, io)
                if stop:
                    break
        finally:
            self.loop_depth -= 1
        return status

    def _exec_for(self, node, io: IO) -> int:
        var = node.child_by_field_name("variable")
        name = text_of(var) if var is not None else "_"
        values = [c for i, c in enumerate(node.children) if node.field_name_for_child(i) == "value"]
        has_in = any(not c.is_named and c.type == "in" for c in node.children)
        items = self.expand_words(values) if has_in else list(self.positional)
        body = node.child_by_field_name("body")
        status = 0
        self.loop_depth += 1
        try:
            for item in items:
                self._tick(iteration=True)
                self.set_var(name, item)
                status, stop = self._loop_body(body, io)
                if stop:
                    break
        finally:
            self.loop_depth -= 1
        return status

    def _exec_c_for(self, node, io: IO) -> int:
        kids = node.children
        marks = [c for c in kids if not c.is_named and c.type in ("((", ";", "))")]
        bounds = [(marks[k].end_byte, marks[k + 1].start_byte) for k in range(min(3, len(marks) - 1))]
        while len(bounds) < 3:
            bounds.append((0, 0))
        texts = [lambda b=b: self.splice(node, b[0], b[1]) for b in bounds]
        body = node.child_by_field_name("body")
        status = 0
        self.loop_depth += 1
        try:
            self.arith(texts[0]())
            while True:
                self._tick(iteration=True)
                cond = texts[1]()
                if cond.strip() and not self.arith(cond):
                    break
                status, stop = self._loop_body(body, io)
                if stop:
                    break
                self.arith(texts[2]())
        finally:
            self.loop_depth -= 1
        return status

    def _exec_case(self, node, io: IO) -> int:
        value = node.child_by_field_name("value")
        subject = self.expand_string(value) if value is not None else ""
        items = [c for c in node.children if c.type == "case_item"]
        status, fall = 0, False
        for item in items:
            pats, body, term, seen_paren = [], [], ";;", False
            for i, c in enumerate(item.children):
                if not c.is_named:
                    if c.type == ")" and not seen_paren:
                        seen_paren = True
                    elif c.type in (";;", ";&", ";;&"):
                        term = c.type
                    continue
                if item.field_name_for_child(i) == "value" and not seen_paren:
                    pats.append(c)
                elif c.type != "comment":
                    body.append(c)
            if fall or any(glob_match(self.expand_pattern(p), subject) for p in pats):
                status = self.exec_list(body, io)
                if term == ";&":
                    fall = True
                    continue
                fall = False
                if term == ";;&":
                    continue
                return status
        return status

    def _exec_function_def(self, node, io: IO) -> int:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if name is not None and body is not None:
            self.functions[text_of(name)] = body
        return 0

    def _exec_test(self, node, io: IO) -> int:
        self._tick()
        kids = node.children
        try:
            if kids and kids[0].type == "[[":
                inner = named(kids)
                return 0 if all(cond_eval(self, c) for c in inner) else 1
            return run_test(self, bracket_tokens(self, node), "[")
        except ShellError as e:
            if e.message:
                io.err.write(e.message + "\n")
            return e.status

    def _exec_comment(self, node, io: IO) -> int:
        return self.last_status


def _pipe_elements(node) -> list:
    out = []
    for child in node.children:
        if child.type == "pipeline":
            out.extend(_pipe_elements(child))
        elif child.is_named and child.type != "comment":
            out.append(child)
    return out


def has_subst(node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "command_substitution":
            return True
        stack.extend(n.children)
    return False
