"""The RMC management domain between HMCs and partitions: how a session comes and goes.

The real sequence [V seed, RSCT-MD]:
1. The HMC's DMSRM pushes its IP address and RMC key into each partition's NVRAM through the
   managed system (the service path), every 5 minutes; a restarted HMC uses a new key.
2. The partition's management-domain RM (IBM.CSMAgentRM on AIX 6.1, IBM.MgmtDomainRM on 7.x)
   reads NVRAM on its poll (every 5-7 minutes), authenticates the HMC over the LAN (port 657),
   creates the IBM.ManagementServer / IBM.MCP resource, grants the HMC access (ACLs) and registers
   itself as a ManagedNode on the HMC.
3. The HMC's LparCmdRM then holds a session with the partition and queries its OS and DLPAR
   capabilities, which IBM.DRM reports.

Everything the HMC shows (Active, DCaps, CmdCaps, rmc_state, dlpar_*_capable) is derived here from
the session and the partition's state. Heartbeats notice a broken path within two beats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import events, rmc_conditions
from .aix import MgmtResource
from .hmc import ManagedNode
from .versions import caps_for

if TYPE_CHECKING:
    from .hmc import Hmc
    from .system import ManagedSystem, Partition
    from .world import World

HMC_PUSH_SECONDS = 300  # DMSRM re-pushes key and IP every five minutes [V seed]
HEARTBEAT_SECONDS = 60  # [I] RMC heartbeat period
MISSED_BEATS_TO_DROP = 2  # [I] a session is declared down after two missed heartbeats
RMC_PORT = 657


@dataclass
class RmcSession:
    hmc: str
    system: str
    lpar_id: int
    partition_ip: str
    since: float
    missed: int = 0

    @property
    def key(self) -> str:
        return session_key(self.hmc, self.system, self.lpar_id)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class RmcView:
    """What the HMC knows about one partition's RMC connection."""

    active: bool
    state: str  # lssyscfg rmc_state: active / inactive / none
    ipaddr: str
    hostname: str
    dcaps: int
    cmdcaps: tuple[int, int]
    pinned_mem: int
    os_type: str
    os_version: str
    oslevel: str

    @property
    def dlpar_capable(self) -> bool:
        return self.active and self.dcaps != 0


def session_key(hmc: str, system: str, lpar_id: int) -> str:
    return f"{hmc}/{system}/{lpar_id}"


class RmcMachinery:
    def __init__(self, world: "World"):
        self.world = world
        self.sessions: dict[str, RmcSession] = {}
        self._single_ids: set[str] | None = None  # see _node_id_snapshot

    # ---- events from the partition's SRC -------------------------------------------------------
    def subsystem_started(self, part: "Partition", name: str) -> None:
        if name == part.os.level.mgmt_rm:
            rsct = part.os.rsct
            rsct.poll_generation += 1
            self.world.clock.schedule(rsct.poll_seconds, "rmc.poll", self._system_of(part).name,
                                      part.id, rsct.poll_generation)

    def subsystem_stopped(self, part: "Partition", name: str) -> None:
        if name == part.os.level.mgmt_rm:
            part.os.rsct.poll_generation += 1  # pending polls of the dead daemon are void
        if name in ("ctrmc", part.os.level.mgmt_rm):
            self.drop_partition(part)

    def os_changed(self, part: "Partition") -> None:
        """A change inside the OS that a live session cannot survive (remote RMC disabled...)."""
        if not part.os.rsct.remote_enabled or not part.os.is_active("ctrmc"):
            self.drop_partition(part)

    def rsct_reconfigured(self, part: "Partition") -> None:
        """recfgct: new node id, /var/ct wiped: the HMC no longer knows this node."""
        self.drop_partition(part)

    # ---- sessions --------------------------------------------------------------------------------
    def drop_partition(self, part: "Partition") -> None:
        system = self._system_of(part).name
        for key in [k for k, s in self.sessions.items() if s.system == system and s.lpar_id == part.id]:
            del self.sessions[key]

    def session(self, hmc: str, system: str, lpar_id: int) -> RmcSession | None:
        return self.sessions.get(session_key(hmc, system, lpar_id))

    def _system_of(self, part: "Partition") -> "ManagedSystem":
        return self.world.system_of(part)

    def link_ok(self, hmc: "Hmc", system: "ManagedSystem", part: "Partition",
                phase: str = "beat") -> tuple[bool, str]:
        """Can an RMC session between ``hmc`` and ``part`` carry traffic right now? (ok, why-not).
        ``phase`` "poll" is the RM joining the domain, "beat" the heartbeat (rmc_conditions)."""
        os = part.os
        if os is None or not part.running:
            return False, "not running"
        if not system.hmc_connected.get(hmc.name, False):
            return False, "no service connection"
        if not (os.is_active("ctrmc") and os.rsct.remote_enabled):
            return False, "rmc down"
        out_iface = os.net.can_route_to(hmc.ip)
        lan = self.world.lan
        if out_iface is None or not lan.ip_path(part.host, os.net, hmc.name, hmc.net, hmc.ip):
            return False, "no ip path"
        if not lan.ip_path(hmc.name, hmc.net, part.host, os.net, out_iface.ip):
            return False, "no ip path back"
        for proto in ("tcp", "udp"):
            if not (lan.port_open(part.host, hmc.name, RMC_PORT, proto)
                    and lan.port_open(hmc.name, part.host, RMC_PORT, proto)):
                return False, f"port {RMC_PORT}/{proto} blocked"
        why = rmc_conditions.link_problem(self.world, hmc, system, part, out_iface, phase)
        if why:
            return False, why
        return True, ""

    def duplicate_node_id(self, hmc: "Hmc", part: "Partition") -> bool:
        node_id = part.os.rsct.node_id
        if self._single_ids is not None and node_id in self._single_ids:
            return False  # no other partition of the world has this id (snapshot, see below)
        for other_sys in self.world.systems_of_hmc(hmc):
            for other in other_sys.partitions.values():
                if other is not part and other.os and other.running and other.os.rsct.node_id == node_id \
                        and other.os.is_active(other.os.level.mgmt_rm):
                    return True
        return False

    def try_establish(self, hmc: "Hmc", part: "Partition") -> bool:
        """The management-domain RM's attempt to join ``hmc``'s domain (one poll)."""
        system = self._system_of(part)
        os = part.os
        if not os.is_active(os.level.mgmt_rm):
            return False
        ok, why = self.link_ok(hmc, system, part, phase="poll")
        if why == rmc_conditions.BACK_UNREACHABLE and os.rsct.thl_ok:
            # the RM reached the HMC and registered its address; the HMC cannot answer it there
            self.register(hmc, system, part, os.net.can_route_to(hmc.ip).ip)
        if not ok or not os.rsct.thl_ok or self.duplicate_node_id(hmc, part):
            return False
        ip = os.net.can_route_to(hmc.ip).ip
        if rmc_conditions.establish_problem(self.world, hmc, system, part, ip):
            return False
        nv = part.nvram_hmcs.get(hmc.name, {})
        res = next((r for r in os.rsct.mgmt_resources if r.hmc == hmc.name), None)
        if res is None or res.key_generation != nv.get("key_generation", hmc.key_generation):
            if res is not None:
                os.rsct.mgmt_resources.remove(res)
            os.rsct.mgmt_resources.append(MgmtResource(
                hmc=hmc.name, hmc_ip=hmc.ip, hmc_hostname=hmc.hostname, hmc_node_id=hmc.node_id,
                key_token=hmc.hostname, hmc_mtms=hmc.mtms, hmc_type_model=hmc.type_model,
                hmc_serial=hmc.serial, mn_name=ip, key_generation=nv.get("key_generation", hmc.key_generation)))
        if os.rsct.acls_ok and hmc.name not in os.rsct.acl_granted:
            os.rsct.acl_granted.append(hmc.name)
        self.register(hmc, system, part, ip)
        key = session_key(hmc.name, system.name, part.id)
        if key not in self.sessions:
            self.sessions[key] = RmcSession(hmc.name, system.name, part.id, ip, self.world.clock.now)
        return True

    def register(self, hmc: "Hmc", system: "ManagedSystem", part: "Partition", ip: str | None = None) -> None:
        """Record ``part`` as a ManagedNode of ``hmc`` (its lspartition slot is kept for life)."""
        os = part.os
        if ip is None:
            iface = os.net.primary()
            ip = iface.ip if iface else ""
        node = ManagedNode(system.name, part.id, os.hostname, ip, os.level.os_type, os.level.version, os.oslevel)
        slot = hmc.node_slot(system.name, part.id)
        if slot is None:
            hmc.managed_nodes.append(node)
        else:
            hmc.replace_node(slot, node)

    # ---- timer events ----------------------------------------------------------------------------
    def on_poll(self, system: str, lpar_id: int, generation: int) -> None:
        part = self.world.systems[system].partitions.get(lpar_id) if system in self.world.systems else None
        if part is None or part.os is None or part.os.rsct.poll_generation != generation:
            return
        if not part.os.is_active(part.os.level.mgmt_rm):
            return
        for hmc_name in part.nvram_hmcs:
            hmc = self.world.hmcs.get(hmc_name)
            if hmc is not None:
                self.try_establish(hmc, part)
        self.world.clock.schedule(part.os.rsct.poll_seconds, "rmc.poll", system, lpar_id, generation)

    def on_hmc_push(self, hmc_name: str) -> None:
        hmc = self.world.hmcs.get(hmc_name)
        if hmc is None:
            return
        self.push_nvram(hmc)
        self.world.clock.schedule(HMC_PUSH_SECONDS, "rmc.hmc_push", hmc_name)

    def push_nvram(self, hmc: "Hmc") -> None:
        for system in self.world.systems_of_hmc(hmc):
            if not system.hmc_connected.get(hmc.name, False):
                continue
            for part in system.partitions.values():
                if part.running:
                    value = {"ip": hmc.ip, "key_generation": hmc.key_generation}
                    if part.nvram_hmcs.get(hmc.name) != value:
                        part.nvram_hmcs[hmc.name] = value
                        self.world.touch(part)

    def _node_id_snapshot(self) -> "_NodeIdSnapshot":
        """For one pass over every partition that changes no node id (start, a heartbeat): the ids
        held by a single partition, so duplicate_node_id needs no scan of the estate for them
        (benchmarks/ found the scan quadratic: 10,000 partitions took minutes to start)."""
        return _NodeIdSnapshot(self)

    def on_heartbeat(self) -> None:
        with self._node_id_snapshot():
            self._heartbeat()

    def _heartbeat(self) -> None:
        for key, sess in list(self.sessions.items()):
            hmc = self.world.hmcs.get(sess.hmc)
            system = self.world.systems.get(sess.system)
            part = system.partitions.get(sess.lpar_id) if system else None
            ok = bool(hmc and part) and self.link_ok(hmc, system, part)[0]
            if ok and self.duplicate_node_id(hmc, part):
                ok = False
            missed = 0 if ok else sess.missed + 1
            if missed != sess.missed:
                sess.missed = missed
                self.world.touched.add((sess.system, sess.lpar_id))  # its session changed (persist.py)
            if sess.missed >= MISSED_BEATS_TO_DROP:
                del self.sessions[key]
        self.world.clock.schedule(HEARTBEAT_SECONDS, "rmc.heartbeat")

    def start(self) -> None:
        """Bring a freshly loaded world to its steady state: NVRAM filled, long-running sessions up,
        polls and heartbeats scheduled with deterministic phases."""
        with self._node_id_snapshot():
            self._start()

    def _start(self) -> None:
        for hmc in self.world.hmcs.values():
            self.push_nvram(hmc)
            self.world.clock.schedule(HMC_PUSH_SECONDS, "rmc.hmc_push", hmc.name)
        for system in self.world.systems.values():
            for part in system.partitions.values():
                if part.os is None or not part.running:
                    continue
                for hmc_name in part.nvram_hmcs:
                    hmc = self.world.hmcs[hmc_name]
                    if not self.try_establish(hmc, part):
                        self.register(hmc, system, part)  # it worked once: the HMC remembers it
                if part.os.is_active(part.os.level.mgmt_rm):
                    rsct = part.os.rsct
                    phase = self.world.rng.uniform(0, rsct.poll_seconds)
                    self.world.clock.schedule(phase, "rmc.poll", system.name, part.id, rsct.poll_generation)
        self.world.clock.schedule(HEARTBEAT_SECONDS, "rmc.heartbeat")

    # ---- what the HMC shows ----------------------------------------------------------------------
    def view(self, hmc: "Hmc", system: "ManagedSystem", part: "Partition") -> RmcView:
        sess = self.session(hmc.name, system.name, part.id)
        slot = hmc.node_slot(system.name, part.id)
        node = hmc.managed_nodes[slot] if slot is not None else None
        os = part.os
        active = sess is not None
        caps_visible = (active and os is not None and os.is_active("IBM.DRM")
                        and hmc.name in os.rsct.acl_granted)
        dcaps, cmdcaps = caps_for(os.level, system.processor, os.oslevel) if caps_visible else (0, (0, 0))
        pinned = os.pinned_mem_mb if caps_visible else part.firmware_pinned_mb
        if active:
            state = "active"
        elif node is not None and part.running:
            state = "inactive"
        else:
            state = "none" if node is None else "inactive"
        return RmcView(active, state, node.ip if node else "", node.hostname if node else "", dcaps,
                       cmdcaps, pinned, node.os_type if node else "", node.os_version if node else "",
                       node.oslevel if node else "")

    def domain_status(self, part: "Partition") -> list[tuple[str, MgmtResource]]:
        """rmcdomainstatus flags per MCP resource: I = up, i = pending (authentication failing),
        O = down [V how-2-know]."""
        out = []
        system = self._system_of(part)
        for res in part.os.rsct.mgmt_resources:
            if self.session(res.hmc, system.name, part.id):
                flag = "I"
            elif part.os.is_active("ctrmc") and not part.os.rsct.thl_ok:
                flag = "i"
            else:
                flag = rmc_conditions.pending_flag(self.world, res.hmc, part) or "O"
            out.append((flag, res))
        return out

    def to_dict(self) -> dict:
        # by key: the table's order is not observable, and a session re-established between two journal
        # lines would otherwise dump in another order than the journal replays it (persist.py)
        return {"sessions": [self.sessions[k].to_dict() for k in sorted(self.sessions)]}

    def load(self, data: dict) -> None:
        self.sessions = {}
        for s in data.get("sessions", []):
            sess = RmcSession(**s)
            self.sessions[sess.key] = sess


@events.on("rmc.poll")
def _poll(world: "World", system: str, lpar_id: int, generation: int) -> None:
    world.rmc.on_poll(system, lpar_id, generation)


@events.on("rmc.hmc_push", marks_changes=True)
def _hmc_push(world: "World", hmc_name: str) -> None:
    world.rmc.on_hmc_push(hmc_name)


@events.on("rmc.heartbeat", marks_changes=True)
def _heartbeat(world: "World") -> None:
    world.rmc.on_heartbeat()


class _NodeIdSnapshot:
    def __init__(self, rmc: RmcMachinery):
        self.rmc = rmc

    def __enter__(self) -> None:
        seen: dict[str, int] = {}
        for system in self.rmc.world.systems.values():
            for part in system.partitions.values():
                if part.os is not None:
                    seen[part.os.rsct.node_id] = seen.get(part.os.rsct.node_id, 0) + 1
        self.rmc._single_ids = {node_id for node_id, n in seen.items() if n == 1}

    def __exit__(self, *exc: object) -> None:
        self.rmc._single_ids = None
