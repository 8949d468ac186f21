"""The world: one state for every simulated host, moved only by commands and the virtual clock."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from . import events, power as _power, rmc as _rmc  # noqa: F401  (they register their timer events)
from . import firmware as _firmware  # noqa: F401  (registers firmware.phase)
from . import netboot as _netboot  # noqa: F401  (lpar_netboot's timer events)
from . import sysres as _sysres
from .clock import VirtualClock
from .hmc import Hmc
from .network import Lan, NetStack
from .rmc import RmcMachinery
from .system import ManagedSystem, Partition

_power.ON_IPL[:] = [_sysres.ipl, _firmware.ipl]  # what a power-on applies, in order (see power.py)

DEFAULT_EPOCH = datetime(2026, 11, 26, 9, 0, 0, tzinfo=timezone.utc)
# The transcript kept in memory (and in dumps) is a ring of the last TRANSCRIPT_RING commands; with a
# state directory every command also lands in STATE_DIR/transcript.jsonl (harness/runtime/persist.py).
# Trimmed in batches of a quarter so appending stays O(1) on average.
TRANSCRIPT_RING = 10_000


@dataclass
class Host:
    """An SSH-reachable host of the world: an HMC or a partition's operating system."""

    name: str
    kind: str  # "hmc" or "aix" (VIOS partitions are "aix" with a VIOS level)
    address: str
    hmc: Hmc | None = None
    partition: Partition | None = None


@dataclass
class Display:
    """How renderers show identifying data. ``redact`` blanks host names, IP addresses and HMC
    serials in the outputs the seed's field report published redacted (lspartition -dlpar, the
    IBM.ManagementServer/IBM.MCP resources); the model and every other output keep the real values."""

    redact: bool = False

    def show(self, value: str) -> str:
        return "" if self.redact else value


@dataclass
class TranscriptEntry:
    time: float
    host: str
    user: str
    channel: str
    command: str
    exit_code: int
    bytes_out: int

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class World:
    seed: int = 0
    clock: VirtualClock = field(default_factory=lambda: VirtualClock(DEFAULT_EPOCH))
    hmcs: dict[str, Hmc] = field(default_factory=dict)
    systems: dict[str, ManagedSystem] = field(default_factory=dict)
    lan: Lan = field(default_factory=Lan)
    display: Display = field(default_factory=Display)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    active_causes: list[dict] = field(default_factory=list)  # see harness/world/causes
    fault_seq: int = 0
    scenario: str = ""
    # runtime faults beside the causes (harness/control/faults.py): command rules and SSH-level faults,
    # kept as JSON-able dicts so they are dumped, persisted and reset with the world
    rules: list[dict] = field(default_factory=list)
    ssh_faults: list[dict] = field(default_factory=list)
    rng: random.Random = field(init=False)
    rmc: RmcMachinery = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.rmc = RmcMachinery(self)
        self.clock.dispatch = self._dispatch
        self.on_change: list[Callable[[], None]] = []  # hooks run after a change (gate pulses)
        # What changed since the journal last looked (harness/runtime/persist.py): partitions as
        # (system name, lpar id), or everything (a bare ``changed()``)
        self.touched: set[tuple[str, int]] = set()
        self.touched_all = False
        self.touched_meta = False  # only what lies outside partitions (changed_outside_partitions)
        self.transcript_total = len(self.transcript)  # commands ever recorded (the ring keeps the last ones)

    # ---- lookups ---------------------------------------------------------------------------------
    def system_of(self, part: Partition) -> ManagedSystem:
        for system in self.systems.values():
            if system.partitions.get(part.id) is part:
                return system
        raise KeyError(part.name)

    def systems_of_hmc(self, hmc: Hmc) -> list[ManagedSystem]:
        return [self.systems[n] for n in hmc.managed_systems if n in self.systems]

    def find_system(self, key: str) -> ManagedSystem | None:
        """By user-defined name or TYPE-MODEL*SERIAL, as `-m` accepts [V]."""
        if key in self.systems:
            return self.systems[key]
        return next((s for s in self.systems.values() if s.mtms == key), None)

    def partitions(self) -> list[Partition]:
        return [p for s in self.systems.values() for p in s.partitions.values()]

    def hosts(self) -> list[Host]:
        out = [Host(h.name, "hmc", h.ip, hmc=h) for h in self.hmcs.values()]
        for part in self.partitions():
            if part.os is not None:
                iface = part.os.net.primary()
                out.append(Host(part.host, "aix", iface.ip if iface else "", partition=part))
        return out

    def host(self, name: str) -> Host | None:
        # A self-checking index: a cached entry is used only while it still describes the world, so
        # partitions created, renamed or removed never need an explicit invalidation.
        cache = self.__dict__.setdefault("_host_cache", {})
        hit = cache.get(name)
        if hit is not None and self._still_valid(hit):
            return hit
        cache.clear()
        for h in self.hosts():
            cache[h.name] = h
        return cache.get(name)

    def _still_valid(self, host: Host) -> bool:
        if host.hmc is not None:
            return self.hmcs.get(host.name) is host.hmc
        part = host.partition
        if part.os is None or part.host != host.name:
            return False
        iface = part.os.net.primary()
        if (iface.ip if iface else "") != host.address:
            return False
        return any(s.partitions.get(part.id) is part for s in self.systems.values())

    def netstack(self, host: Host) -> NetStack:
        return host.hmc.net if host.hmc is not None else host.partition.os.net

    def host_by_ip(self, ip: str) -> Host | None:
        """The host owning ``ip`` on any interface (up or down)."""
        for h in self.hosts():
            if any(i.ip == ip for i in self.netstack(h).interfaces):
                return h
        return None

    def resolve(self, name: str) -> str | None:
        """Host name or address -> IPv4 address, as /etc/hosts on every host would say [model: one
        shared hosts table; DNS is not modelled]."""
        if name.replace(".", "").isdigit():
            return name
        for h in self.hosts():
            names = {h.name}
            if h.hmc is not None:
                names.add(h.hmc.hostname)
            elif h.partition.os is not None:
                names.add(h.partition.os.hostname)
            if name in names or name.split(".")[0] in names:
                return h.address
        return None

    def can_reach(self, src: Host, dst_ip: str) -> bool:
        """IP path from ``src`` to ``dst_ip`` and back (ping, ssh, RMC all need it)."""
        dst = self.host_by_ip(dst_ip)
        if dst is None:
            return False
        return self.lan.ip_path(src.name, self.netstack(src), dst.name, self.netstack(dst), dst_ip)

    # ---- behaviour -------------------------------------------------------------------------------
    def alloc_pid(self, part: Partition, subsystem: str) -> int:
        """AIX PIDs carry a process-table slot in the high bits and an even generation count in the
        low ones (e.g. 6881300 = 0x690014) [I from captures]."""
        pinned = part.os.pinned_pids.get(subsystem) if part.os else None
        if pinned:
            return pinned
        return (self.rng.randrange(0x30, 0x100) << 16) | (self.rng.randrange(1, 0x100) << 1)

    def next_fault_id(self) -> int:
        self.fault_seq += 1
        return self.fault_seq

    def new_node_id(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def _dispatch(self, event: str, args: tuple) -> None:
        # timer events name what they act on: (system, lpar id, ...) is one partition, (system, ...) a
        # system's partitions; anything else may touch every partition
        if event in events.SELF_MARKING:
            pass
        elif len(args) >= 2 and isinstance(args[0], str) and type(args[1]) is int and args[0] in self.systems:
            self.touched.add((args[0], args[1]))
        elif args and isinstance(args[0], str) and args[0] in self.systems:
            self.touched.update((args[0], pid) for pid in self.systems[args[0]].partitions)
        else:
            self.touched_all = True
        events.dispatch(self, event, args)

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.notify()

    def advance_until(self, pred: Callable[[], bool], limit: float) -> bool:
        """Advance until ``pred()`` holds or ``limit`` virtual seconds passed; True if it held."""
        if pred():
            return True
        self.clock.advance_to(self.clock.now + limit, until=pred)
        self.notify()
        return pred()

    def changed(self, *parts: Partition) -> None:
        """A command changed the world: name the partitions it changed (cheap to persist), or none
        (anything may have changed: the journal compares every section)."""
        if parts:
            for part in parts:
                self.touch(part)
        else:
            self.touched_all = True
        self.notify()

    def changed_outside_partitions(self) -> None:
        """A command changed only what lies outside partitions (HMCs and their users, a system's own
        settings, pools, LEDs and I/O slots, the LAN, faults): the journal compares those on every
        line, so no partition needs comparing."""
        self.touched_meta = True
        self.notify()

    def touch(self, part: Partition | None) -> None:
        """``part`` (its OS, allocations, RMC session, HMC node) may have changed: persist it."""
        if part is None:
            return
        for system in self.systems.values():
            if system.partitions.get(part.id) is part:
                self.touched.add((system.name, part.id))
                return
        self.touched_all = True  # not in any system: removed meanwhile

    def notify(self) -> None:
        """Run the change hooks (waiters re-check) without marking anything changed."""
        for hook in self.on_change:
            hook()

    def record(self, entry: TranscriptEntry) -> None:
        self.transcript.append(entry)
        self.transcript_total += 1
        if len(self.transcript) > TRANSCRIPT_RING + TRANSCRIPT_RING // 4:
            del self.transcript[:len(self.transcript) - TRANSCRIPT_RING]

    # ---- invariants ------------------------------------------------------------------------------
    def check_invariants(self) -> list[str]:
        problems = []
        for s in self.systems.values():
            if s.avail_mem() < 0:
                problems.append(f"{s.name}: memory over-committed ({s.avail_mem()} MB available)")
            if s.avail_proc_units() < -1e-9:
                problems.append(f"{s.name}: processors over-committed")
            total = s.assigned_mem() + s.avail_mem() + s.firmware_mem + s.huge_page_mem()
            if total != s.configurable_mem:
                problems.append(f"{s.name}: assigned+available+firmware+huge pages {total} != {s.configurable_mem}")
            for p in s.partitions.values():
                if not (p.mem.min <= p.mem.cur <= p.mem.max):
                    problems.append(f"{p.name}: memory {p.mem.cur} outside {p.mem.min}..{p.mem.max}")
                if p.running and p.os is not None and p.os.online_mem_mb != p.mem.cur:
                    problems.append(f"{p.name}: OS sees {p.os.online_mem_mb} MB, hypervisor {p.mem.cur} MB")
                if p.os is not None:
                    from . import lvm
                    problems += [f"{p.name}: {text}" for text in lvm.problems(p.os)]
        return problems

    # ---- snapshot --------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "format": 1,
            "seed": self.seed,
            "scenario": self.scenario,
            "rng": _rng_state(self.rng),
            "clock": self.clock.to_dict(),
            "hmcs": [h.to_dict() for h in self.hmcs.values()],
            "systems": [s.to_dict() for s in self.systems.values()],
            "lan": self.lan.to_dict(),
            "display": {"redact": self.display.redact},
            "rmc": self.rmc.to_dict(),
            "transcript": [t.to_dict() for t in self.transcript],
            "transcript_total": self.transcript_total,
            "active_causes": self.active_causes,
            "fault_seq": self.fault_seq,
            "rules": self.rules,
            "ssh_faults": self.ssh_faults,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "World":
        world = cls(seed=data["seed"], clock=VirtualClock.from_dict(data["clock"]), scenario=data.get("scenario", ""))
        world.rng.setstate(_rng_unstate(data["rng"]))
        world.hmcs = {h["name"]: Hmc.from_dict(h) for h in data["hmcs"]}
        world.systems = {s["name"]: ManagedSystem.from_dict(s) for s in data["systems"]}
        world.lan = Lan.from_dict(data["lan"])
        world.display = Display(**data.get("display", {}))
        world.rmc.load(data.get("rmc", {}))
        world.transcript = [TranscriptEntry(**t) for t in data.get("transcript", [])[-TRANSCRIPT_RING:]]
        world.transcript_total = max(int(data.get("transcript_total", 0)), len(data.get("transcript", [])))
        world.active_causes = list(data.get("active_causes", []))
        world.fault_seq = int(data.get("fault_seq", 0))
        world.rules = list(data.get("rules", []))
        world.ssh_faults = list(data.get("ssh_faults", []))
        return world


def _rng_state(rng: random.Random) -> list:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _rng_unstate(data: list) -> tuple:
    return (data[0], tuple(data[1]), data[2])
