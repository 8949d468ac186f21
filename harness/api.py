"""The public Python API: run an estate in-process and drive it from a test or a script.

    from harness.api import Estate, rmc_active

    with Estate("var-full") as estate:          # every host listening on loopback, port 0
        hmc = estate.hmc                        # address, port, username, password
        ...run your tool against hmc...
        estate.transcript.assert_ran("lpar2", "chfs -a size=+1G /var")
        estate.advance_until(rmc_active("lpar2"), limit=900)

The clock is frozen (``clock_scale=0``) unless asked otherwise: only ``advance`` moves it.
Faults are the world's causes (``harness.world.causes.CAUSES``). The world lives on the estate's
own event loop; read or change it with ``call(fn, *args)``, which runs ``fn(world, *args)`` there.

``RealHmc`` has the same connection-details surface for a real HMC; everything that needs the
fake (clock, faults, transcript, world) raises ``FakeOnlyError`` on it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self, TypeVar

from .control.transcript import Entry, Transcript
from .runtime.embedded import EstateConfig, HostInfo

__all__ = [
    "AdvanceTimeout",
    "Entry",
    "Estate",
    "FakeOnlyError",
    "HostInfo",
    "RealHmc",
    "SshResult",
    "Transcript",
    "dlpar_capable",
    "parse_hostport",
    "rmc_active",
    "rmc_state",
]

T = TypeVar("T")


class FakeOnlyError(RuntimeError):
    """Raised by fake-only features (clock, faults, transcript, world) against a real HMC."""


class AdvanceTimeout(AssertionError):
    """``advance_until`` spent its whole virtual-time limit without the condition holding."""


class _ProcessEnvironment:
    """The default ``base`` of ``env()``: this process's environment, read when ``env()`` is called.
    A sentinel rather than ``os.environ`` itself, so that ``help()`` and rendered API docs show this
    name instead of every variable of the process that rendered them (secrets included)."""

    def __repr__(self) -> str:
        return "PROCESS_ENVIRONMENT"


PROCESS_ENVIRONMENT: Any = _ProcessEnvironment()


class _Connection:
    """Connection details: where the HMC and the partitions are, and how to log in."""

    target = "fake"
    hosts: list[HostInfo]

    @property
    def hmc(self) -> HostInfo:
        """The (first) HMC."""
        for h in self.hosts:
            if h.kind == "hmc":
                return h
        raise LookupError("no HMC in this estate")

    @property
    def hmcs(self) -> list[HostInfo]:
        return [h for h in self.hosts if h.kind == "hmc"]

    @property
    def partitions(self) -> list[HostInfo]:
        return [h for h in self.hosts if h.kind != "hmc"]

    def host(self, name: str) -> HostInfo:
        for h in self.hosts:
            if h.name == name:
                return h
        raise LookupError(f"no host {name!r} (hosts: {', '.join(h.name for h in self.hosts) or 'none'})")

    def env(self, base: Mapping[str, str] | None = PROCESS_ENVIRONMENT) -> dict[str, str]:
        """Environment for a tool under test: ``base`` (default: this process's environment, so
        ``subprocess.run(..., env=estate.env())`` just works; ``None`` for the variables alone) plus
        FAKEHMC_HMC_ADDRESS/_PORT/_USER/_PASSWORD, FAKEHMC_HOSTS (JSON list of every known host:
        name, kind, address, port, username, password; an HMC's rest URL and rest_sha256), FAKEHMC_HMC_REST
        (the HMC's REST API, when served) and FAKEHMC_TARGET (fake or real)."""
        if base is PROCESS_ENVIRONMENT:
            base = os.environ
        hmc = self.hmc
        return {
            **(base or {}),
            "FAKEHMC_TARGET": self.target,
            "FAKEHMC_HMC_ADDRESS": hmc.address,
            "FAKEHMC_HMC_PORT": str(hmc.port),
            "FAKEHMC_HMC_USER": hmc.username,
            "FAKEHMC_HMC_PASSWORD": hmc.password,
            "FAKEHMC_HOSTS": json.dumps([h.to_dict() for h in self.hosts]),
            **({"FAKEHMC_HMC_REST": hmc.rest} if getattr(hmc, "rest", "") else {}),
        }


    def ssh(self, host: str | HostInfo, command: str, *, timeout: float = 60) -> SshResult:
        """Run one command on a host over real SSH (asyncssh, exec channel), as a tool would.
        Host keys are not checked. Safe to call from any thread, with or without a running loop."""
        info = host if isinstance(host, HostInfo) else self.host(host)
        return _ssh_run(info, command, timeout)


@dataclass
class SshResult:
    stdout: str
    stderr: str
    exit_status: int

    @property
    def ok(self) -> bool:
        return self.exit_status == 0


def _ssh_run(info: HostInfo, command: str, timeout: float) -> SshResult:
    import asyncio
    import concurrent.futures

    import asyncssh

    async def go() -> SshResult:
        async with asyncssh.connect(info.address, port=info.port, username=info.username, password=info.password,
                                    known_hosts=None, client_keys=None, agent_path=None,
                                    connect_timeout=timeout) as conn:
            r = await asyncio.wait_for(conn.run(command), timeout)
            return SshResult(str(r.stdout or ""), str(r.stderr or ""), int(r.exit_status or 0))

    # a fresh loop on a worker thread: works from sync tests and from inside a running loop alike
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result()


class Estate(_Connection):
    """A fake estate served in-process on its own event loop (a background thread)."""

    target = "fake"

    def __init__(self, scenario: str = "healthy", *, seed: int | None = None, clock_scale: float = 0,
                 key_dir: str | Path | None = None, state_dir: str | Path | None = None,
                 listen: str | None = None, port: int = 0, control_port: int | None = None,
                 time_scale: float | None = None):
        # time_scale: the tools' clock and the world's move together at this factor, from the first
        # env() (see warp()); the clock stays frozen until then
        self.time_scale = time_scale
        self.config = EstateConfig(
            scenario=scenario, seed=seed, listen=listen, port=port, clock_scale=clock_scale,
            key_dir=Path(key_dir) if key_dir else None, state_dir=Path(state_dir) if state_dir else None,
            control_port=control_port)
        self._thread = None

    # ---- lifecycle -------------------------------------------------------------------------------
    def start(self) -> Self:
        from .runtime.thread import EstateThread

        if self._thread is None:
            self._thread = EstateThread(self.config).start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()  # closing the estate also stops the libfaketime anchor
            self._thread = None
        if getattr(self, "_ssh_dir", None) is not None:
            self._ssh_dir.cleanup()
            self._ssh_dir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _estate(self):
        if self._thread is None:
            raise RuntimeError("the estate is not running: call start() or use it as a context manager")
        return self._thread.estate

    # ---- connection details ----------------------------------------------------------------------
    @property
    def hosts(self) -> list[HostInfo]:  # type: ignore[override]
        return list(self._estate().hosts)

    @property
    def scenario(self) -> str:
        return self.config.scenario

    @property
    def control_url(self) -> str:
        return self._estate().control_url

    @property
    def control_token(self) -> str:
        """The token the control API accepts (``X-Fakehmc-Token``); needed when it listens beyond loopback."""
        return self._estate().control_token

    # ---- the world -------------------------------------------------------------------------------
    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(world, *args)`` on the estate's loop, between two commands, and return its result."""
        est = self._estate()
        return self._thread.call(lambda: fn(est.world, *args))

    def _change(self, fn: Callable[..., T], *args: Any) -> T:
        est = self._estate()

        def run() -> T:
            result = fn(est.world, *args)
            est.persist()
            return result

        return self._thread.call(run)

    @property
    def world(self):
        """The live world object. Only read it while no client is connected; prefer ``call``."""
        return self._estate().world

    def check_invariants(self) -> list[str]:
        return self.call(lambda w: w.check_invariants())

    def reset(self) -> None:
        """Back to the scenario's start: faults, clock and transcript included."""
        est = self._estate()
        self._thread.call(est.reset)

    def bundle(self, path: str | Path) -> Path:
        """Write a bug-report bundle of this estate (world, faults, clock, transcript: ``fakehmc up
        --from`` it) to ``path``; needs the control API (the pytest plugin's estates have it)."""
        from .capture.bundle import write_bundle

        if not self.control_url:
            raise RuntimeError("a bundle needs the control API: Estate(..., control_port=0)")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bundle(self.control_url, path, None)
        return path

    def ssh_config(self) -> str:
        """An OpenSSH config mapping every host name and reported address (rmc_ipaddr, lshmc -n) to
        where the host listens; ``ssh -F FILE 127.0.0.12`` then reaches the partition the HMC names."""
        est = self._estate()
        return self._thread.call(est.ssh_config)

    def ssh_files(self) -> tuple[Path, Path]:
        """(ssh_config file, ``FAKEHMC_SSH`` wrapper script running ``ssh -F`` it), kept until stop()."""
        import tempfile

        from .runtime.sshconfig import write_files

        if getattr(self, "_ssh_dir", None) is None:
            self._ssh_dir = tempfile.TemporaryDirectory(prefix="fakehmc-ssh-")
        return write_files(Path(self._ssh_dir.name), self.ssh_config())

    # ---- clock -----------------------------------------------------------------------------------
    def warp(self, scale: float | None = None) -> dict[str, str]:
        """Start time moving for the world *and* for tools: from the next whole virtual second, both
        advance ``scale`` (default ``time_scale``) virtual seconds per real second; returns the
        libfaketime variables (LD_PRELOAD, FAKETIME, FAKETIME_SHARED, ...) that give a tool this clock
        (``env()`` includes them). LibfaketimeMissing when libfaketime is not installed."""
        scale = scale or self.time_scale
        if not scale or scale <= 0:
            raise ValueError("warp needs a positive scale (Estate(time_scale=60) or warp(60))")
        est = self._estate()
        return self._thread.call(est.start_warp, scale)

    @property
    def warped(self) -> bool:
        """True while tools get the moving clock (between warp() and freeze())."""
        return self._thread is not None and self._estate().anchor is not None

    def freeze(self) -> float:
        """Stop the moving clock (world and tools); returns the virtual time it stopped at."""
        est = self._estate()
        return self._thread.call(lambda: (est.stop_warp(freeze=True), est.world.clock.now)[1])

    def env(self, base: Mapping[str, str] | None = PROCESS_ENVIRONMENT) -> dict[str, str]:
        """What ``fakehmc certify`` gives a tool: ``_Connection.env`` plus FAKEHMC_CONTROL (when the
        control API runs), FAKEHMC_SCENARIO, FAKEHMC_HOSTS_JSON (the ready document, one host per line),
        FAKEHMC_SSH_CONFIG and FAKEHMC_SSH and, with ``time_scale``, the warped clock (started at the
        first call: call it right before starting the tool)."""
        out = super().env(base)
        out["FAKEHMC_SCENARIO"] = self.scenario
        if self.control_url:
            out["FAKEHMC_CONTROL"] = self.control_url
        config, wrapper = self.ssh_files()
        out["FAKEHMC_SSH_CONFIG"], out["FAKEHMC_SSH"] = str(config), str(wrapper)
        hosts_json = config.with_name("hosts.json")
        hosts_json.write_text(ready_json(self.hosts, self.control_url))
        out["FAKEHMC_HOSTS_JSON"] = str(hosts_json)
        if self.time_scale:
            est = self._estate()
            if est.anchor is None:
                self.warp()
            out = est.anchor.env(out)
        return out

    def now(self) -> float:
        """Virtual seconds since the world's epoch."""
        return self.call(lambda w: w.clock.now)

    def time(self):
        """The virtual wall-clock time (a timezone-aware datetime)."""
        return self.call(lambda w: w.clock.datetime())

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> float:
        """Move virtual time; returns once every timer due has fired. Returns the new ``now()``."""
        total = seconds + 60 * minutes + 3600 * hours
        if total < 0:
            raise ValueError("time only moves forward")
        self._thread.advance(total)  # in slices: the estate keeps serving SSH meanwhile
        return self._thread.call(lambda: self._estate().world.clock.now)

    def advance_until(self, condition: Callable[..., bool] | str, limit: float = 3600, *, step: float | None = None,
                      raise_on_timeout: bool = True) -> float:
        """Advance until ``condition`` holds; return the virtual seconds that passed.

        - ``condition(world) -> bool`` (e.g. ``rmc_active("lpar2")``) is checked inside the world after
          every timer that fires, so time stops exactly when it first holds;
        - a string in the condition language of ``harness.world.conditions`` ("lpar2 rmc_state is
          active", "lpar2 dcaps is nonzero", "hmc1 sees lpar2 active", "A and B"), checked the same way;
        - with ``step=N``, ``condition()`` takes no argument and runs in the caller's thread (it may
          use SSH, e.g. run ``lssyscfg``) after each advance of N virtual seconds.

        Past ``limit`` virtual seconds it raises ``AdvanceTimeout`` (or returns -1 when
        ``raise_on_timeout`` is false). Never sleeps in wall-clock time.
        """
        if not (callable(condition) or isinstance(condition, str)):
            raise TypeError("condition must be a callable (e.g. harness.api.rmc_active('lpar2')) or a condition "
                            "string (e.g. 'lpar2 rmc_state is active and lpar2 dcaps is nonzero')")
        if isinstance(condition, str) and step is not None:
            raise TypeError("step= takes a callable condition() run in the caller's thread, not a string")
        start = self.now()
        if step is not None:
            if step <= 0:
                raise ValueError("step must be positive")
            held = bool(condition())
            while not held and self.now() - start < limit:
                self.advance(min(step, limit - (self.now() - start)))
                held = bool(condition())
        elif isinstance(condition, str):
            from .world.conditions import compile_condition  # ConditionError (a ValueError) on a typo

            held = self._change(lambda w: w.advance_until(compile_condition(w, condition), limit))
        else:
            held = self._change(lambda w: w.advance_until(lambda: bool(condition(w)), limit))
        elapsed = self.now() - start
        if held:
            return elapsed
        if raise_on_timeout:
            name = condition if isinstance(condition, str) else getattr(condition, "__name__", repr(condition))
            raise AdvanceTimeout(f"{name} still false after {elapsed:.0f} virtual seconds (limit {limit:.0f})\n"
                                 f"last commands:\n{self.transcript.dump(limit=30)}")
        return -1.0

    # ---- faults ----------------------------------------------------------------------------------
    def fault(self, cause: str, target: str | None = None, value: Any = True) -> dict:
        """Switch a cause on (``harness.world.causes.CAUSES``: var_full, rmc_stopped, lan_cut,
        no_route_to_hmc, clone_node_id_of, ...). Returns the fault entry (as ``faults()`` lists it, with
        ``holds``); its ``id`` heals it."""
        from .world.causes.standing import holds

        faults = _faults_module()
        if faults is not None:
            return self._change(lambda w: (lambda e: {**e, "holds": holds(w, e)})(dict(faults.add_cause(
                w, cause, target, value))))
        from .world.causes import apply_cause

        return self._change(lambda w: (lambda e: {**e, "holds": holds(w, e)})(
            {"kind": "cause", **apply_cause(w, cause, target, value)}))

    def rule(self, command: str = "*", *, host: str = "*", **spec: Any) -> dict:
        """A command rule: commands matching ``command`` (glob, or ``match="regex"``) on ``host`` get
        ``action`` error (``output``, ``exit_code``), delay (``seconds`` of virtual time) or hang;
        ``probability`` and ``max_count`` limit it. See harness/control/faults.py."""
        faults = self._require_faults("command rules")
        return self._change(lambda w: dict(faults.add_rule(w, {"command": command, "host": host, **spec})))

    def ssh_fault(self, kind: str, host: str = "*", **spec: Any) -> dict:
        """An SSH-level fault (stalled banner, kex failure, refused auth, hung channel, ...) on the hosts
        matching ``host``. See harness/ssh/faults.py for the kinds."""
        faults = self._require_faults("SSH faults")
        return self._change(lambda w: dict(faults.add_fault(w, {"ssh": kind, "host": host, **spec})))

    def heal(self, fault: int | dict | None = None) -> list[dict]:
        """Heal one fault (its id or entry) or, with no argument, every healable one."""
        faults = _faults_module()

        def run(w) -> list[dict]:
            if faults is not None:
                if fault is None:
                    return [dict(e) for e in faults.heal_all(w)["healed"]]
                return [dict(faults.heal(w, fault["id"] if isinstance(fault, dict) else int(fault)))]
            from .world.causes import CAUSES, heal_cause

            if fault is None:
                ids = [e["id"] for e in w.active_causes if CAUSES[e["cause"]].heal is not None]
            else:
                ids = [fault["id"] if isinstance(fault, dict) else int(fault)]
            return [dict(heal_cause(w, i)) for i in ids]

        return self._change(run)

    def faults(self) -> list[dict]:
        """Every active fault: causes (with ``holds``: whether the world still shows the damage),
        then command rules, then SSH faults."""
        from .world.causes.standing import holds

        return self.call(lambda w: [{"kind": kind, **e, **({"holds": holds(w, e)} if kind == "cause" else {})}
                                    for kind, entries in (("cause", w.active_causes),
                                                          ("rule", getattr(w, "rules", ())),
                                                          ("ssh", getattr(w, "ssh_faults", ())))
                                    for e in entries])

    def _require_faults(self, what: str):
        faults = _faults_module()
        if faults is None:
            raise NotImplementedError(f"{what} need harness.control.faults")
        return faults

    # ---- transcript ------------------------------------------------------------------------------
    @property
    def transcript(self) -> Transcript:
        """Every command every host received, with assert_ran / assert_not_ran / assert_order / dump."""
        epoch = self.call(lambda w: w.clock.epoch)
        from .control.transcript import Window

        return Transcript(lambda: self.call(Window.of_world), epoch)

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<fakehmc Estate {self.config.scenario!r} {state}>"


def ready_json(hosts: list[HostInfo], control: str) -> str:
    """The ready document with one host per line, so a shell tool can grep its host out of it."""
    rows = ",\n".join("  " + json.dumps(h.to_dict()) for h in hosts)
    return f'{{"hosts": [\n{rows}\n],\n "control": {json.dumps(control)}}}\n'


class RealHmc(_Connection):
    """Connection details of a real HMC (``--fakehmc-target real``): the same surface as ``Estate``
    for connecting; the fake-only features raise ``FakeOnlyError``."""

    target = "real"

    def __init__(self, address: str, port: int = 22, username: str = "hscroot", password: str = "",
                 name: str = "hmc1", lpar_user: str | None = None, lpar_password: str | None = None):
        self.hosts = [HostInfo(name, "hmc", address, int(port), username, password)]
        self.lpar_user, self.lpar_password = lpar_user, lpar_password

    def env(self, base: Mapping[str, str] | None = PROCESS_ENVIRONMENT) -> dict[str, str]:
        env = super().env(base)
        if self.lpar_user:
            env["FAKEHMC_LPAR_USER"] = self.lpar_user
        if self.lpar_password is not None:
            env["FAKEHMC_LPAR_PASSWORD"] = self.lpar_password
        return env

    def _fake_only(self, what: str):
        raise FakeOnlyError(f"{what} is not available against a real HMC (--fakehmc-target real); "
                            "mark the test @pytest.mark.fakehmc(requires_fake=True) to skip it there")

    def call(self, fn, *args):
        self._fake_only("world access (call)")

    @property
    def world(self):
        self._fake_only("world access")

    def advance(self, *args, **kwargs):
        self._fake_only("advancing the virtual clock")

    def advance_until(self, *args, **kwargs):
        self._fake_only("advancing the virtual clock")

    def now(self):
        self._fake_only("the virtual clock")

    def fault(self, *args, **kwargs):
        self._fake_only("injecting a fault")

    def rule(self, *args, **kwargs):
        self._fake_only("a command rule")

    def ssh_fault(self, *args, **kwargs):
        self._fake_only("an SSH fault")

    def heal(self, *args, **kwargs):
        self._fake_only("healing a fault")

    def faults(self):
        self._fake_only("listing faults")

    def reset(self):
        self._fake_only("reset")

    def check_invariants(self):
        self._fake_only("checking world invariants")

    @property
    def transcript(self):
        self._fake_only("the command transcript")

    def stop(self) -> None:
        pass

    def __repr__(self) -> str:
        h = self.hmc
        return f"<fakehmc RealHmc {h.username}@{h.address}:{h.port}>"


def _faults_module():
    try:
        from .control import faults
    except ImportError:
        return None
    return faults


def parse_hostport(text: str, default_port: int = 22) -> tuple[str, int]:
    """'hmc.example.com', 'host:2222', '[::1]:22' -> (host, port)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else default_port
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, int(port)
    return text, default_port


# ---- conditions for advance_until ----------------------------------------------------------------
def _views(world, partition: str, hmc: str | None):
    part = next((p for p in world.partitions() if partition in (p.name, p.host)), None)
    if part is None:
        raise LookupError(f"no partition {partition!r}")
    system = world.system_of(part)
    hmcs = [h for h in world.hmcs.values() if system.name in h.managed_systems and (hmc is None or h.name == hmc)]
    return [world.rmc.view(h, system, part) for h in hmcs]


def rmc_state(world, partition: str, hmc: str | None = None) -> str:
    """What ``lssyscfg -F rmc_state`` shows for ``partition`` on ``hmc`` (default: the first HMC)."""
    views = _views(world, partition, hmc)
    return views[0].state if views else "none"


def rmc_active(partition: str, hmc: str | None = None) -> Callable[[Any], bool]:
    """Condition: the HMC(s) show ``rmc_state`` active for ``partition``."""

    def cond(world) -> bool:
        views = _views(world, partition, hmc)
        return bool(views) and all(v.active for v in views)

    cond.__name__ = f"rmc_active({partition!r})"
    return cond


def dlpar_capable(partition: str, hmc: str | None = None) -> Callable[[Any], bool]:
    """Condition: RMC active and DLPAR capabilities (DCaps) non-zero, i.e. chhwres will work."""

    def cond(world) -> bool:
        views = _views(world, partition, hmc)
        return bool(views) and all(v.dlpar_capable for v in views)

    cond.__name__ = f"dlpar_capable({partition!r})"
    return cond
