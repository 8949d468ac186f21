"""Hypothesis fuzzing of the whole shell and every registered command, in-process.

Random argv for every command of the HMC and AIX registries (flags each command declares, values
that mean something to the estate, unicode, control bytes, huge words), rendered with random
quoting and glued with shell operators, run through harness.shell.Shell with a real Session, the
way harness.runtime.backend.HostBackend.new_shell builds it. After every example:

- no Python leaks into the output: no traceback, no exception class name, none of the catch-all
  texts that mean an exception was swallowed (HSCL0001, "bash: internal error", "unexpected error");
  no exception logged either;
- the exit code is an int in 0..255;
- the run ends within a bound on the CPU time it spends (SIGPROF): a loop that never ends trips it,
  while a loaded machine, which stretches wall time but not CPU time, does not;
- the world's invariants hold (memory/processor conservation, OS and hypervisor views agree).

Examples are derandomized (the same inputs on every run) and bounded, so the folder stays fast.
"""

from __future__ import annotations

import builtins
import logging
import re
import shlex
import signal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from harness.runtime.backend import HostBackend
from harness.runtime.registries import registry_for
from harness.scenario.catalogue import load_scenario

CPU_SECONDS_PER_EXAMPLE = 10  # of this process's CPU time: a hang trips it, a slow or busy machine does not
SYSTEM = "Server-9117-MMB-SN10284FP"


# ---- what must never be in the output -------------------------------------------------------------
_PY_EXCEPTIONS = sorted(n for n, v in vars(builtins).items()
                        if isinstance(v, type) and issubclass(v, BaseException) and n.endswith(("Error", "Exception")))
_PY_EXCEPTIONS += ["WorldError", "HmcError", "CommandExit", "LimitExceeded", "ShellExit", "ScenarioError"]
_LEAK = re.compile(r"Traceback \(most recent call last\)|^\s*File \"[^\"]+\", line \d+|\b(?:"
                   + "|".join(map(re.escape, _PY_EXCEPTIONS)) + r")\b(?::|\()", re.MULTILINE)
_SWALLOWED = ("HSCL0001 An internal error", "bash: internal error", "ksh: internal error", ": unexpected error",
              "fakehmc: internal error", ": internal error")


def leaks(text: str, source: str) -> list[str]:
    """Python artefacts in ``text`` that are not simply the input echoed back."""
    found = []
    for m in _LEAK.finditer(text):
        if m.group(0) not in source:
            found.append(m.group(0))
    found += [s for s in _SWALLOWED if s in text and s not in source]
    return found


class _Hang(BaseException):
    """Raised by SIGPROF; a BaseException so that no `except Exception` in the code swallows it."""


def _alarm(signum, frame):
    raise _Hang()


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run_checked(world, host: str, user: str, source: str):
    """Run ``source`` on ``host`` in a fresh shell with every check above; returns the RunResult."""
    backend = HostBackend(lambda: world, host, lambda: None)
    shell = backend.new_shell(user, interactive=False, pty=False)
    errors = _Errors()
    root = logging.getLogger()
    root.addHandler(errors)
    old = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, CPU_SECONDS_PER_EXAMPLE)
    try:
        res = shell.run(source)
    except _Hang:
        pytest.fail(f"no answer within {CPU_SECONDS_PER_EXAMPLE} CPU seconds on {host}: {source[:300]!r}")
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
        root.removeHandler(errors)
    assert isinstance(res.exit_code, int) and 0 <= res.exit_code <= 255, (source[:300], res.exit_code)
    assert isinstance(res.stdout, str) and isinstance(res.stderr, str)
    found = leaks(res.stdout + res.stderr, source)
    assert not found, f"{host}: {source[:300]!r} -> {found}: {(res.stdout + res.stderr)[:2000]!r}"
    logged = [r.getMessage() for r in errors.records]
    assert not logged, f"{host}: {source[:300]!r} logged errors: {logged}"
    assert world.check_invariants() == [], (source[:300], world.check_invariants())
    return res


# ---- inputs ----------------------------------------------------------------------------------------
def _flags(flavour: str) -> list[str]:
    out = set()
    for spec in registry_for(flavour).specs():
        out.update(f for f in spec.flags if isinstance(f, str))
    return sorted(out)


VALUES = [
    SYSTEM, "9117-MMB*10284FP", "lpar30", "lpar21", "vios1", "hmc1", "24", "1", "0", "-1", "99999999999999999999",
    "1024", "256", "mem", "proc", "lpar", "sys", "prof", "a", "r", "s", "m", "--procs", "--procunits", "-q", "1.5",
    "name,state", "lpar_names=lpar30", "lpar_ids=24", "curr_mem", "--level", "--filter", "-F", "--header",
    "IBM.DRM", "ctrmc", "rsct_rm", "IBM.ManagementServer", "/var", "size=+1G", "size=-100G", "127.0.0.10",
    "999.999.1.1", "*", "?", "[", "]", "=", ",", "\"", "'", "\\", "--", "-", "", " ", "\t", "\n",
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=16)  # unicode + control bytes
CONTROL = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=6)
# Unbalanced operators ( ) ` | < > ; & and NUL are left out here: they are the known slow inputs of
# test_shell_dos.py (the syntax check is superlinear on them)
HUGE = st.builds(lambda c, n: c * n, st.sampled_from(["A", "é", "9", ",", "'", "𝄞", "$", "{", '"', "*", "\\"]),
                 st.integers(2_000, 120_000))


def _render(word: str, how: int) -> str:
    if how == 0:
        return word  # raw: the shell parses whatever it is
    if how == 1:
        return shlex.quote(word)
    if how == 2:
        return '"' + re.sub(r'(["\\$`])', r"\\\1", word) + '"'
    return "$'" + "".join(c if c.isalnum() else f"\\x{ord(c):02x}" if ord(c) < 256 else c for c in word) + "'"


def words(flavour: str):
    known = st.sampled_from(_flags(flavour) + VALUES)
    return st.one_of(known, known, known, known, known, known, TEXT, TEXT, CONTROL)


QUOTING = st.sampled_from([1, 1, 1, 1, 1, 1, 0, 0, 2, 2, 3])  # mostly well-formed words


def command_lines(flavour: str):
    specs = registry_for(flavour).specs()
    names = st.sampled_from([s.name for s in specs])
    if flavour == "aix":  # the HMC's restricted shell refuses any path; AIX commands have full paths too
        names = st.one_of(names, names, names, st.sampled_from([p for s in specs for p in s.paths]))
    one = st.tuples(names, st.lists(st.tuples(words(flavour), QUOTING), max_size=7)).map(
        lambda t: " ".join([t[0]] + [_render(w, how) for w, how in t[1]]))
    glue = st.sampled_from(["{} ; {}", "{} | {}", "{} && {}", "{} || {}", "{}\n{}", "{} & {}", "echo $({}) {}",
                            "{} `{}`", "x=$({}); {}; echo \"$x\"", "for i in 1 2; do {}; done; {}"])
    return st.one_of(one, one, st.tuples(glue, one, one).map(lambda t: t[0].format(t[1], t[2])))


SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    phases=(Phase.explicit, Phase.generate),  # no shrinking: a slow input would take minutes
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def world():
    return load_scenario("seed-lpar30")


HOSTS = {"hmc": [("hmc1", "hscroot")], "aix": [("lpar30", "root"), ("lpar21", "root"), ("vios1", "padmin")]}


@pytest.mark.parametrize("flavour", ["hmc", "aix"])
def test_every_command_with_random_argv(world, flavour):
    @SETTINGS
    @given(line=command_lines(flavour), target=st.sampled_from(HOSTS[flavour]))
    def check(line, target):
        run_checked(world, target[0], target[1], line)

    check()


@pytest.mark.parametrize("flavour", ["hmc", "aix"])
def test_huge_inputs(world, flavour):
    names = [s.name for s in registry_for(flavour).specs()]

    @settings(SETTINGS, max_examples=25)
    @given(name=st.sampled_from(names), huge=HUGE, how=QUOTING)
    def check(name, huge, how):
        host, user = HOSTS[flavour][0]
        run_checked(world, host, user, f"{name} {_render(huge, how)}")

    check()


# The shell's own grammar: random text made of shell syntax, not only of commands.
SHELL_SYNTAX = st.lists(st.sampled_from([
    "echo", "x", "$x", "${x", "${x:-y}", "$(", ")", "`", "'", '"', "\\", "|", "||", "&&", ";", ";;", "&", ">", ">>",
    "<", "<<", "<<EOF", "EOF", "2>&1", "(", "{", "}", "[[", "]]", "[", "]", "if", "then", "fi", "for", "in", "do",
    "done", "while", "case", "esac", "function", "f()", "$((", "1/0", "))", "$?", "$#", "$@", "*", "~", "!", "=",
    "x=1", "read", "eval", "exec", "exit", "set -e", "export", "unset", "shift", "alias", "trap", "\n", " ", "\t",
    "lssyscfg -r sys -F name", "lspartition -dlpar", "lssrc -a", "grep", "sed s/a/b/", "sort", "wc -l", "head -1",
]), max_size=25).map(" ".join)


@pytest.mark.parametrize("host,user", [("hmc1", "hscroot"), ("lpar30", "root")])
def test_shell_grammar_soup(world, host, user):
    @SETTINGS
    @given(source=st.one_of(SHELL_SYNTAX, TEXT))
    def check(source):
        run_checked(world, host, user, source)

    check()


def test_leak_detector_sees_python():
    assert leaks('Traceback (most recent call last):\n  File "x.py", line 3\nKeyError: 1', "")
    assert leaks("bash: internal error", "x")
    assert not leaks("HSCL2957 The partition ...", "lssyscfg")
    assert not leaks("KeyError:", "echo KeyError:")  # the input echoed back is not a leak


# Known (issue 8, reported to the shell's owner): the syntax check of harness/shell/syntax.py
# (completable/find_problem: re-parse and re-query per candidate fix) is superlinear on lines of
# unbalanced operators, and one exec holds the whole estate's loop meanwhile. Measured on 2 busy
# cores: 5,000 ')' 11 s, 20,000 ')' 141 s, 20,000 NUL bytes 156 s, 4,000 '>' 2 s, '[ ' + 8,000 '(' 6 s.
# Those inputs are kept out of the generators above so that this suite stays bounded; the inputs
# below are linear and must come back within the hang bound.
@pytest.mark.parametrize("source", [
    "lssyscfg " + "A" * 100_000,
    "lssyscfg " + "'" + "x" * 100_000 + "'",
    "echo " + "{" * 50_000,
    "echo " + "é" * 50_000 + " | wc -c",
    "lssrc -s " + "𝄞" * 50_000,
])
def test_big_linear_inputs(world, source):
    host, user = ("lpar30", "root") if source.startswith("lssrc") else ("hmc1", "hscroot")
    run_checked(world, host, user, source)
