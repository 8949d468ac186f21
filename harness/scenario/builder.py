"""Build a World from a parsed scenario (a dict read from TOML).

Inheritance: ``[defaults]`` -> ``[[system]]`` -> ``[[system.partition]]``. Addresses not given are
handed out on loopback in order: HMCs from 127.0.0.10, partitions after them, so each simulated host
has its own address and the model uses exactly the address SSH listens on.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timezone
from typing import Any

from ..world import lvm, profile_io, src
from ..world.causes import CAUSES, apply_cause
from ..world.errors import WorldError
from ..world.aix import AixOS, Filesystem, RsctConfig, Subsystem
from ..world.clock import VirtualClock
from ..world.hmc import Hmc, HmcUser
from ..world.network import Interface, NetStack, Route
from ..world.system import ManagedSystem, MemAlloc, Partition, ProcAlloc, Profile
from ..world.versions import AIX_LEVELS, VIOS_PROCESSORS
from ..world.world import DEFAULT_EPOCH, Display, World

LAN_NETMASK = "255.255.255.0"
LAN_GATEWAY = "127.0.0.1"  # the LAN's router [model]
HMC_DEFAULT_USER = ("hscroot", "abc123")
AIX_DEFAULT_USER = ("root", "fakeaix")

# A standard AIX rootvg layout, sizes in 512-byte blocks (df's default unit) [I: typical sizes].
_FILESYSTEMS = (
    ("/dev/hd4", "/", "hd4", 1966080, 0.28),
    ("/dev/hd2", "/usr", "hd2", 6291456, 0.71),
    ("/dev/hd9var", "/var", "hd9var", 1048576, 0.18),
    ("/dev/hd3", "/tmp", "hd3", 1048576, 0.04),
    ("/dev/hd1", "/home", "hd1", 262144, 0.02),
    ("/dev/hd11admin", "/admin", "hd11admin", 262144, 0.01),
    ("/dev/hd10opt", "/opt", "hd10opt", 1048576, 0.35),
    ("/dev/livedump", "/var/adm/ras/livedump", "livedump", 524288, 0.01),
)


class ScenarioError(ValueError):
    """A scenario that cannot be built; the message names the key."""


def _check_names_and_addresses(data: dict[str, Any]) -> None:
    """Hosts are found by name, so names are unique; an unspecified address (0.0.0.0, ::) would make the
    fake listen on every interface with default passwords, so only --listen serves beyond loopback."""
    seen: dict[str, str] = {}

    def claim(space: str, name: Any, what: str) -> None:
        key = f"{space}:{name}"
        if key in seen:
            raise ScenarioError(f"{what} {name}: duplicate name (also a {seen[key]})")
        seen[key] = what

    def address(value: Any, what: str) -> None:
        try:
            unspecified = bool(value) and ipaddress.ip_address(str(value)).is_unspecified
        except ValueError:
            return
        if unspecified:
            raise ScenarioError(f"{what}: address {value} would listen on every interface "
                                f"(use fakehmc up --listen to serve beyond loopback)")

    for h in data.get("hmc", []):
        claim("host", h.get("name"), "hmc")
        address(h.get("address"), f"hmc {h.get('name')}")
    for s in data.get("system", []):
        claim("system", s.get("name"), "system")
        for p in s.get("partition", []):
            claim("host", p.get("name"), "partition")
            address(p.get("address"), f"partition {p.get('name')}")


def build_world(data: dict[str, Any], seed: int | None = None) -> World:
    _check_names_and_addresses(data)
    meta = data.get("scenario", {})
    world_seed = int(seed if seed is not None else meta.get("seed", 0))
    epoch = meta.get("epoch", DEFAULT_EPOCH)
    if isinstance(epoch, str):
        epoch = datetime.fromisoformat(epoch.replace("Z", "+00:00"))
    if epoch.tzinfo is None:
        epoch = epoch.replace(tzinfo=timezone.utc)
    world = World(seed=world_seed, clock=VirtualClock(epoch), scenario=meta.get("name", ""),
                  display=Display(redact=bool(meta.get("redact", False))))
    world.lan.routers.add(LAN_GATEWAY)
    addresses = _AddressPool(data.get("network", {}).get("first_address", "127.0.0.10"))
    defaults = data.get("defaults", {})

    for h in data.get("hmc", []) or [{"name": "hmc1"}]:
        hmc = _build_hmc(world, h, addresses)
        world.hmcs[hmc.name] = hmc
    hmc_names = list(world.hmcs)

    causes: dict[str, dict] = {}
    for s in data.get("system", []):
        system = _build_system(s, hmc_names)
        world.systems[system.name] = system
        for name in s.get("hmcs", hmc_names):
            if name not in world.hmcs:
                raise ScenarioError(f"system {system.name}: unknown hmc {name!r}")
            world.hmcs[name].managed_systems.append(system.name)
        inherited = {**defaults, **{k: v for k, v in s.items() if k not in ("partition", "name")}}
        for p in s.get("partition", []):
            part = _build_partition(world, {**inherited, **p}, addresses)
            causes[part.name] = p.get("causes", {})
            if part.id in system.partitions:
                raise ScenarioError(f"system {system.name}: duplicate partition id {part.id}")
            system.partitions[part.id] = part
        _apply_vios(system, s.get("partition", []))

    _apply_causes(world, causes, "boot")
    for system in world.systems.values():
        for part in system.partitions.values():
            for prof in part.profiles:
                if not prof.io:
                    # a profile holds the adapters the partition was built with; later DLPAR changes
                    # the running configuration, not the profile [V HMC semantics]
                    prof.io = profile_io.snapshot(system, part)
    for part in world.partitions():
        if part.os is not None and part.running:
            src.boot(world, part)
            for sub in part.os.subsystems:  # the scenario starts with the OS long up: all started at boot
                sub.started_at = None
    _apply_causes(world, causes, "running")
    world.clock.cancel_where(lambda t: t.event == "rmc.poll")  # rmc.start() phases them
    world.rmc.start()
    problems = world.check_invariants()
    if problems:
        raise ScenarioError("; ".join(problems))
    return world


def _apply_vios(system: ManagedSystem, parts: list[dict]) -> None:
    """A VIOS's own disks and mappings from its ``vios`` table, once every partition exists."""
    from ..world import vios_maps

    for p in parts:
        if "vios" not in p:
            continue
        part = system.partitions[int(p["id"])]
        if not vios_maps.is_vios(part):
            raise ScenarioError(f"partition {part.name}: a vios table needs env = \"vioserver\"")
        try:
            vios_maps.apply_scenario(system, part, p["vios"])
        except WorldError as e:
            raise ScenarioError(f"partition {part.name}: vios: {e.code} {e.facts}") from None


class _AddressPool:
    def __init__(self, first: str):
        self.next = ipaddress.IPv4Address(first)
        self.used: set[str] = set()

    def take(self, wanted: str | None) -> str:
        if wanted:
            self.used.add(wanted)
            return wanted
        while str(self.next) in self.used or str(self.next).endswith((".0", ".255")):
            self.next += 1
        addr = str(self.next)
        self.used.add(addr)
        self.next += 1
        return addr


def _apply_causes(world: World, causes: dict[str, dict], phase: str) -> None:
    """Scenario causes go through the same table as runtime faults, so they can be listed and healed."""
    for part_name, table in causes.items():
        for name, value in table.items():
            c = CAUSES.get(name)
            if c is None:
                raise ScenarioError(f"partition {part_name}: unknown cause {name!r} (known: {', '.join(sorted(CAUSES))})")
            if c.phase != phase:
                continue
            try:
                apply_cause(world, name, None if c.target == "world" else part_name, value)
            except WorldError as exc:
                raise ScenarioError(f"partition {part_name}: cause {name}: {exc.facts}") from None


def _lan(ip: str, name: str = "eth0", mac: str = "") -> NetStack:
    # Large generated estates run past 127.0.0.255: those hosts get a /8 so the gateway stays on-link [I].
    same_24 = ipaddress.IPv4Address(ip) in ipaddress.IPv4Network(f"{LAN_GATEWAY}/24", strict=False)
    netmask = LAN_NETMASK if same_24 else "255.0.0.0"
    return NetStack([Interface(name, ip, netmask, mac=mac)], [Route("default", LAN_GATEWAY)])


def _build_hmc(world: World, h: dict, addresses: _AddressPool) -> Hmc:
    name = h["name"]
    users = {}
    for u in h.get("users", [{"name": HMC_DEFAULT_USER[0], "password": HMC_DEFAULT_USER[1],
                              "description": "HMC Super User"}]):
        users[u["name"]] = HmcUser(u["name"], u.get("password", ""), u.get("role", "hmcsuperadmin"),
                                   u.get("description", ""), list(u.get("authorized_keys", [])),
                                   **{k: str(u[k]) for k in USER_SETTINGS if k in u})
    level = h.get("level", "V9")
    if level not in ("V7", "V8", "V9", "V10"):
        raise ScenarioError(f"hmc {name}: unknown level {level!r}")
    hmc = Hmc(name=name, hostname=h.get("hostname", name), level_key=level,
              net=_lan(addresses.take(h.get("address")), "eth0", h.get("mac", "")),
              domain=h.get("domain", "localdomain"),
              type_model=h.get("type_model", "7042-CR9"), serial=h.get("serial", "10F1234"),
              node_id=int(h.get("node_id", world.rng.getrandbits(63))), users=users)
    _build_console(hmc, h)
    return hmc


USER_SETTINGS = ("pwage", "min_pwage", "authentication_type", "remote_webui_access", "remote_ssh_access",
                 "session_timeout", "verify_timeout", "idle_timeout", "inactivity_expiration", "disabled")


def _build_console(hmc: Hmc, h: dict) -> None:
    """The scenario's [[hmc]] console settings: extra interfaces, remote access, NTP, DNS, password
    policies, LDAP and serviceable events (harness/world/hmc_console.py)."""
    from ..world.hmc_console import LDAP_DEFAULTS, PasswordPolicy, ServiceEvent

    console = hmc.console
    for i in h.get("interfaces", []):
        if any(x.name == i["name"] for x in hmc.net.interfaces):
            raise ScenarioError(f"hmc {hmc.name}: interface {i['name']} given twice")
        hmc.net.interfaces.append(Interface(i["name"], i["address"], i.get("netmask", "255.255.255.0"),
                                            mac=i.get("mac", "")))
        opts = console.options(i["name"])
        for k in ("lparcomm", "jumboframe", "tso", "ipv4dhcp", "speed", "duplex"):
            if k in i:
                setattr(opts, k, i[k])
    for k, v in h.get("remote_access", {}).items():
        if k not in console.remote:
            raise ScenarioError(f"hmc {hmc.name}: unknown remote_access setting {k!r}")
        console.remote[k] = str(v)
    console.ntp_servers = list(h.get("ntp_servers", []))
    console.nameservers = list(h.get("nameservers", []))
    console.domain_suffixes = list(h.get("domain_suffixes", []))
    console.bios = h.get("bios", "")
    console.policies = [PasswordPolicy(**p) for p in h.get("password_policies", [])]
    active = h.get("active_password_policy", "")
    if active and console.policy(active) is None:
        raise ScenarioError(f"hmc {hmc.name}: active_password_policy {active!r} is not one of password_policies")
    console.active_policy = active
    for k, v in h.get("ldap", {}).items():
        if k not in LDAP_DEFAULTS:
            raise ScenarioError(f"hmc {hmc.name}: unknown ldap setting {k!r}")
        console.ldap[k] = str(v)
    if console.ldap_configured:
        console.remote["ldap"] = "enable"
    for n, e in enumerate(h.get("service_events", []), start=1):
        console.events.append(ServiceEvent(n, e["refcode"], e.get("first_time", "2026-01-01 00:00:00"), e["text"],
                                           e.get("status", "Open"), sys_name=e.get("system", ""),
                                           event_severity=int(e.get("severity", 0))))


def _build_system(s: dict, hmc_names: list[str]) -> ManagedSystem:
    tm, serial = s.get("type_model", "8286-42A"), s.get("serial", "2112ABC")
    return ManagedSystem(
        name=s.get("name", f"Server-{tm}-SN{serial}"), type_model=tm, serial=serial,
        state=s.get("state", "Operating"), ipaddr=s.get("fsp_address", "192.168.128.10"),
        installed_mem=int(s.get("memory_mb", 131072)), firmware_mem=int(s.get("firmware_mem_mb", 2048)),
        mem_region_size=int(s.get("mem_region_size", 256)),
        installed_proc_units=float(s.get("proc_units", 16.0)), processor=s.get("processor", "POWER8"),
        max_lpars=int(s.get("max_lpars", 1000)),
        hmc_connected={n: True for n in s.get("hmcs", hmc_names)})


def _mem(p: dict) -> MemAlloc:
    m = p.get("memory", {})
    cur = int(m.get("desired", 4096))
    return MemAlloc(int(m.get("min", min(cur, 1024))), cur, int(m.get("max", max(cur, 8192))))


def _proc(p: dict) -> ProcAlloc:
    c = dict(p.get("processors", {}))
    mode = c.get("mode", "shared")
    proc = ProcAlloc(mode=mode,
                     sharing_mode=c.get("sharing_mode", "uncap" if mode == "shared" else "share_idle_procs"))
    for key in ("min_units", "units", "max_units"):
        if key in c:
            setattr(proc, key, float(c[key]))
    for key in ("min_procs", "procs", "max_procs", "uncap_weight", "pool_id"):
        if key in c:
            setattr(proc, key, int(c[key]))
    if mode == "ded" or proc.sharing_mode == "cap":
        proc.uncap_weight = 0  # [V] a capped partition shows uncap_weight=0 (ziutus nim1/vios2 profiles)
    return proc


def _build_partition(world: World, p: dict, addresses: _AddressPool) -> Partition:
    name = p["name"]
    if "id" not in p:
        raise ScenarioError(f"partition {name}: missing key 'id'")
    mem, proc = _mem(p), _proc(p)
    env = p.get("env", "vioserver" if str(p.get("aix_level", "")).startswith("vios") else "aixlinux")
    state = p.get("state", "Running")
    part = Partition(id=int(p["id"]), name=name, env=env, state=state, mem=mem, proc=proc,
                     profiles=[Profile("default_profile", MemAlloc(**mem.to_dict()), ProcAlloc(**proc.to_dict()))],
                     logical_serial=p.get("logical_serial", f"{p.get('serial', '')}{int(p['id']):X}"),
                     uuid=p.get("uuid", _uuid(world)),
                     firmware_pinned_mb=int(p.get("firmware_pinned_mb", 768)),
                     ssh_name=p.get("ssh_name", ""))
    if state == "Not Activated":
        part.curr_profile = ""
    level_key = str(p.get("aix_level", "7.2"))
    if level_key not in AIX_LEVELS:
        raise ScenarioError(f"partition {name}: unknown aix_level {level_key!r}")
    runs_on = VIOS_PROCESSORS.get(level_key)
    processor = str(p.get("processor", "POWER8"))  # the system's, inherited like its other keys
    if runs_on is not None and processor.upper().rstrip("+") not in runs_on:
        raise ScenarioError(f"partition {name}: {level_key} does not run on {processor} "
                            f"(it runs on {', '.join(runs_on)})")
    part.os = _build_os(world, p, part, level_key, addresses)
    return part


def _uuid(world: World) -> str:
    h = f"{world.rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:32]}".upper()


def _build_os(world: World, p: dict, part: Partition, level_key: str, addresses: _AddressPool) -> AixOS:
    level = AIX_LEVELS[level_key]
    ip = addresses.take(p.get("address"))
    mac = p.get("mac", "%02x%010x" % (0xFA, world.rng.getrandbits(40)))
    user, password = AIX_DEFAULT_USER
    if level_key.startswith("vios"):
        user = "padmin"
    users = {user: p.get("password", password)}
    if user != "root":
        users["root"] = p.get("root_password", password)
    rsct = RsctConfig(node_id=str(p.get("node_id", world.new_node_id())),
                      poll_seconds=int(p.get("rmc_poll_seconds", world.rng.randint(300, 420))))
    fss = [Filesystem(dev, mnt, size, int(size * used), lv=lv) for dev, mnt, lv, size, used in _FILESYSTEMS]
    os = AixOS(hostname=p.get("hostname", part.name), level_key=level_key,
               oslevel=p.get("oslevel", level.default_oslevel), rsct=rsct, net=_lan(ip, "en0", mac),
               subsystems=[Subsystem(d.name, d.group) for d in level.subsystems], filesystems=fss,
               users=users, authorized_keys={k: list(v) for k, v in p.get("authorized_keys", {}).items()},
               pinned_mem_mb=int(p.get("pinned_mem_mb", 994)), online_mem_mb=part.mem.cur,
               online_procs=part.proc.procs, entitled_units=part.proc.units_used(),
               vg_free_mb=int(p.get("vg_free_mb", 10240)),
               pinned_pids={k: int(v) for k, v in p.get("pinned_pids", {}).items()},
               machine_id=p.get("machine_id", "00%08X4C00" % world.rng.getrandbits(32)))
    _build_storage(os, p)
    # the OS came up this long before the scenario starts [I: a few days is typical]
    os.boot_time = -float(p.get("uptime_seconds", _DEFAULT_UPTIME))
    os.efixes = [dict(e) for e in p.get("efixes", [])]
    return os


_DEFAULT_UPTIME = 3 * 86400 + 4 * 3600 + 17 * 60


def _build_storage(os: AixOS, p: dict) -> None:
    """rootvg on hdisk0 as the installer leaves it, then the scenario's other disks (`disks`: name,
    size_mb, vg, pvid), which make their volume groups."""
    lvm.install_rootvg(os, int(p.get("vg_free_mb", 10240)), p.get("rootvg_disk_mb"),
                       int(p.get("rootvg_pp_mb", lvm.ROOTVG_PP_MB)))
    for d in p.get("disks", []):
        lvm.add_pv(os, d["name"], d.get("pvid"), int(d.get("size_mb", 51200)), d.get("vg"))
