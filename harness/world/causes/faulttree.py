"""The rest of the RMC fault tree (reference/aix-rsct.md §5): each cause changes the world the way the
real fault does; rmc_conditions.py derives the symptoms on both sides.

F2 block_port_657, F3 mtu_mismatch, F4 second_interface, F6 recycled_ip, F7 ip_changed, F8 hmc_replaced,
F10 rmcd_crashing, F12 missing_fileset / backlevel_fileset, F13 hosts_entry_missing,
F17 hmc_lost_system, and drmgr_scripts (DLPAR scripts registered inside the partition).
"""

from __future__ import annotations

from .. import drmgr, events, filesets, hosts, rmc_repair, src
from ..aix import ErrEntry, MgmtResource, log_error
from ..errors import WorldError
from ..hmc import ManagedNode
from ..network import Interface, Route
from .registry import cause


# ---- F2: port 657 ---------------------------------------------------------------------------------
def _filter_rules(value) -> list[dict]:
    """AIX IP security filter rules (genfilt) the fault installs: "both" drops TCP and UDP 657 both
    ways; "in" / "out" drop only UDP 657 one way (HMC -> partition / partition -> HMC), which lets the
    session set up over TCP and then lose its heartbeats [I reference §5 F2]."""
    way = str(value if value not in (True, None) else "both").lower()
    if way not in ("both", "in", "out"):
        raise WorldError("bad_value", cause="block_port_657", value=value, allowed=["both", "in", "out"])
    if way == "both":
        return [{"id": 3, "action": "deny", "proto": "all", "port": 657, "direction": "both", "fault": True}]
    return [{"id": 3, "action": "deny", "proto": "udp", "port": 657, "direction": way, "fault": True}]


@cause("block_port_657", "an IP security filter rule on the partition drops port 657 (value: both = TCP and "
       "UDP both ways, in / out = UDP one way: the session flaps); `rmfilt -v 4 -n 3` and `mkfilt -v 4 -u` cure it")
def _block(world, part, value) -> None:
    os = part.os
    if not os.ip_filters:  # rules 1 and 2 are the default permit rules of the IPsec filter table [U]
        os.ip_filters = [{"id": 1, "action": "permit", "proto": "all", "port": 0, "direction": "both"},
                         {"id": 2, "action": "permit", "proto": "all", "port": 0, "direction": "both"}]
    os.ip_filters = [r for r in os.ip_filters if not r.get("fault")] + _filter_rules(value)
    os.ip_filters_active = True
    world.rmc.os_changed(part)


@_block.healer
def _(world, part, value) -> None:
    part.os.ip_filters = [r for r in part.os.ip_filters if not r.get("fault")]


# ---- F3: MTU -----------------------------------------------------------------------------------------
@cause("mtu_mismatch", "en0 uses jumbo frames (value: MTU, default 9000) on a 1500-byte path: RMC comes up at "
       "the poll and drops at the next heartbeats; `chdev -l en0 -a mtu=1500` or `ifconfig en0 mtu 1500`")
def _mtu(world, part, value) -> None:
    iface = part.os.net.primary()
    iface.mtu = 9000 if value in (True, None) else int(value)


@_mtu.healer
def _(world, part, value) -> None:
    part.os.net.primary().mtu = 1500


# ---- F4: two routable interfaces ------------------------------------------------------------------
def _second(value) -> dict:
    v = dict(value) if isinstance(value, dict) else {}
    return {"name": v.get("name", "en1"), "ip": v.get("ip", "10.10.20.50"),
            "netmask": v.get("netmask", "255.255.255.0"), "gateway": v.get("gateway", "10.10.20.1")}


@cause("second_interface", "a backup interface en1 with a host route to the HMC: RMC leaves by en1, the HMC "
       "records en1's address (rmc_ipaddr) and cannot answer there; `route delete -host HMC GW` or "
       "`ifconfig en1 down detach` cures it", phase="running")
def _second_if(world, part, value) -> None:
    v = _second(value)
    os = part.os
    os.net.interfaces = [i for i in os.net.interfaces if i.name != v["name"]]
    os.net.interfaces.append(Interface(v["name"], v["ip"], v["netmask"],
                                       mac="%012x" % (0xFA0000000000 + world.rng.getrandbits(40))))
    world.lan.routers.add(v["gateway"])
    for hmc_name in part.nvram_hmcs or world.hmcs:
        hmc = world.hmcs.get(hmc_name)
        if hmc is not None:
            os.net.routes.insert(0, Route(f"{hmc.ip}/32", v["gateway"]))
    net = str(Interface(v["name"], v["ip"], v["netmask"]).network)
    if net not in os.hmc_unreachable_nets:
        os.hmc_unreachable_nets.append(net)


@_second_if.healer
def _(world, part, value) -> None:
    v = _second(value)
    os = part.os
    os.net.interfaces = [i for i in os.net.interfaces if i.name != v["name"]]
    os.net.routes = [r for r in os.net.routes if r.gateway != v["gateway"]]


# ---- F6: recycled IP / stale partition definition on the HMC --------------------------------------
@cause("recycled_ip", "a stale definition of another, not running partition (value: its name) still holds "
       "this partition's address on the HMC: this one stays inactive until `chsysstate -o rebuild` "
       "(harness/world/rmc_repair.rebuild)")
def _recycled(world, part, value) -> None:
    system = world.system_of(part)
    other = system.partition(str(value))
    if other is None or other is part:
        raise WorldError("unknown_target", cause="recycled_ip", target=value)
    ip = part.os.net.primary().ip
    for hmc in world.hmcs.values():
        if system.name not in hmc.managed_systems:
            continue
        slot = hmc.node_slot(system.name, other.id)
        os = other.os
        node = ManagedNode(system.name, other.id, os.hostname if os else other.name, ip,
                           os.level.os_type if os else "AIX", os.level.version if os else "",
                           os.oslevel if os else "")
        if slot is None:
            hmc.managed_nodes.append(node)
        else:
            hmc.replace_node(slot, node)
    world.rmc.drop_partition(part)


@_recycled.healer
def _(world, part, value) -> None:
    system = world.system_of(part)
    for hmc in world.hmcs.values():
        if system.name in hmc.managed_systems:
            rmc_repair.rebuild(world, hmc, system)


# ---- F8: HMC replaced ---------------------------------------------------------------------------------
def _old_hmc(value) -> dict:
    v = dict(value) if isinstance(value, dict) else {}
    return {"name": v.get("name", "hmcold"), "ip": v.get("ip", "10.1.1.9"),
            "hostname": v.get("hostname", v.get("name", "hmcold")),
            "mtms": v.get("mtms", "7042CR8*84270AD"), "node_id": int(v.get("node_id", 0x12B6B4FD1CEBB73F))}


@cause("hmc_replaced", "the partition's IBM.MCP still describes the HMC that was replaced (value: old name/ip); "
       "the management-domain RM ignores the new HMC until restarted: `rmcctrl -z; rmcctrl -A; rmcctrl -p` "
       "adds a second resource", phase="running")
def _replaced(world, part, value) -> None:
    old = _old_hmc(value)
    rsct = part.os.rsct
    mn = part.os.net.primary().ip
    rsct.mgmt_resources[:] = [MgmtResource(
        hmc=old["name"], hmc_ip=old["ip"], hmc_hostname=old["hostname"], hmc_node_id=old["node_id"],
        key_token=old["hostname"], hmc_mtms=old["mtms"], hmc_type_model=old["mtms"].split("*")[0],
        hmc_serial=old["mtms"].split("*")[-1], mn_name=mn)]
    rsct.acl_granted[:] = [old["name"]]
    part.os.stale_mcp_generation = rsct.poll_generation
    world.rmc.drop_partition(part)


@_replaced.healer
def _(world, part, value) -> None:
    old = _old_hmc(value)
    part.os.stale_mcp_generation = -1
    part.os.rsct.mgmt_resources[:] = [r for r in part.os.rsct.mgmt_resources if r.hmc != old["name"]]


# ---- F7: the partition's address changed ------------------------------------------------------------
@cause("ip_changed", "lpar's address was changed after RMC registered it (value: the old address): the HMC "
       "and the partition's IBM.MCP (MNName) keep the old one and the RM goes on announcing it until "
       "restarted; `rmcctrl -z; rmcctrl -A; rmcctrl -p` cures it", phase="running")
def _ip_changed(world, part, value) -> None:
    old = str(value if value not in (True, None) else "10.1.1.99")
    system = world.system_of(part)
    rsct = part.os.rsct
    for hmc in world.hmcs.values():
        if system.name in hmc.managed_systems and not any(r.hmc == hmc.name for r in rsct.mgmt_resources):
            rsct.mgmt_resources.append(MgmtResource(
                hmc=hmc.name, hmc_ip=hmc.ip, hmc_hostname=hmc.hostname, hmc_node_id=hmc.node_id,
                key_token=hmc.hostname, hmc_mtms=hmc.mtms, hmc_type_model=hmc.type_model, hmc_serial=hmc.serial,
                mn_name=old))
            if hmc.name not in rsct.acl_granted:
                rsct.acl_granted.append(hmc.name)
    for res in rsct.mgmt_resources:
        res.mn_name = old
        res.key_generation = -1  # re-created with the real address once the RM runs again [I]
    _record_ip(world, system.name, part.id, old)
    part.os.stale_mcp_generation = part.os.rsct.poll_generation
    world.rmc.drop_partition(part)
    # a scenario's start-up registers every running partition once more with its current address;
    # the HMC's stale record is what it kept, so it is put back on the first tick [model]
    world.clock.schedule(0, "aix.stale_record_ip", system.name, part.id, old)


def _record_ip(world, system_name: str, lpar_id: int, ip: str) -> None:
    for hmc in world.hmcs.values():
        slot = hmc.node_slot(system_name, lpar_id)
        if slot is not None:
            node = hmc.managed_nodes[slot]
            hmc.replace_node(slot, ManagedNode(node.system, node.lpar_id, node.hostname, ip, node.os_type,
                                               node.os_version, node.oslevel))


@events.on("aix.stale_record_ip")
def _stale_record(world, system: str, lpar_id: int, ip: str) -> None:
    sys_ = world.systems.get(system)
    part = sys_.partitions.get(lpar_id) if sys_ else None
    if part is not None and part.os is not None and part.os.stale_mcp_generation == part.os.rsct.poll_generation:
        _record_ip(world, system, lpar_id, ip)


@_ip_changed.healer
def _(world, part, value) -> None:
    part.os.stale_mcp_generation = -1


# ---- F10: RMC daemon crashing -----------------------------------------------------------------------
CRASH_AFTER = 120  # [I] seconds rmcd stays up before it dumps core again
WATCH_EVERY = 30
RESPAWN_DELAY = 10  # [I] srcmstr restarts a subsystem that died
RESPAWN_LIMIT = 2  # [I] srcmstr gives up after this many restarts


@cause("rmcd_crashing", "rmcd dumps core a few minutes after every start (value: how many more times, default "
       "3); srcmstr restarts it twice, then leaves it inoperative; `rmcctrl -z/-A/-p` once the crashes stop",
       phase="running")
def _crashing(world, part, value) -> None:
    n = 3 if value in (True, None) else int(value)
    sub = part.os.subsystem("ctrmc")
    part.os.rmcd_crash = {"left": n, "pid": sub.pid if sub else 0, "since": world.clock.now, "respawns": 0}
    system = world.system_of(part)
    world.clock.schedule(WATCH_EVERY, "aix.rmcd_watch", system.name, part.id)


@_crashing.healer
def _(world, part, value) -> None:
    part.os.rmcd_crash = {}


def _log(world, part, entry: ErrEntry) -> None:
    log_error(part.os, entry)


@events.on("aix.rmcd_watch")
def _watch(world, system: str, lpar_id: int) -> None:
    sys_ = world.systems.get(system)
    part = sys_.partitions.get(lpar_id) if sys_ else None
    if part is None or part.os is None or not part.running:
        return
    st = part.os.rmcd_crash
    if not st or st.get("left", 0) <= 0:
        return
    sub = part.os.subsystem("ctrmc")
    now = world.clock.now
    if sub is not None and sub.status == "active":
        if sub.pid != st.get("pid"):
            st["pid"], st["since"] = sub.pid, now
        elif now - st.get("since", now) >= CRASH_AFTER:
            pid = sub.pid
            src.stop_rmc(world, part, include_rms=True)  # the RMs lose their daemon with it
            st["left"] -= 1
            # [C] CORE_DUMP / A924A5FC is the AIX core-dump label; the SRC entry's text is [I]
            _log(world, part, ErrEntry("A924A5FC", "CORE_DUMP", now, "P", "S", "SYSPROC",
                                       "SOFTWARE PROGRAM ABNORMALLY TERMINATED",
                                       f"PROGRAM NAME rmcd PROCESS ID {pid}"))
            if st.get("respawns", 0) < RESPAWN_LIMIT:
                st["respawns"] = st.get("respawns", 0) + 1
                _log(world, part, ErrEntry("CB4A951F", "SRC_RSTRT", now, "T", "S", "SRC",
                                           "SOFTWARE ERROR",
                                           "SUBSYSTEM ctrmc EXITED ABNORMALLY; SRC RESTARTED IT"))  # [U]
                world.clock.schedule(RESPAWN_DELAY, "aix.rmcd_respawn", system, lpar_id)
            else:
                _log(world, part, ErrEntry("E18E984F", "SRC", now, "P", "S", "SRC",
                                           "SOFTWARE PROGRAM ERROR",
                                           "SUBSYSTEM ctrmc: RESTART LIMIT REACHED, NOT RESTARTED"))  # [U]
    if st["left"] > 0:
        world.clock.schedule(WATCH_EVERY, "aix.rmcd_watch", system, lpar_id)


@events.on("aix.rmcd_respawn")
def _respawn(world, system: str, lpar_id: int) -> None:
    sys_ = world.systems.get(system)
    part = sys_.partitions.get(lpar_id) if sys_ else None
    if part is None or part.os is None or not part.running:
        return
    sub = part.os.subsystem("ctrmc")
    if sub is not None and sub.defined and sub.status != "active":
        src.start_rmc(world, part)
        st = part.os.rmcd_crash
        if st:
            st["pid"], st["since"] = sub.pid, world.clock.now


# ---- F12: filesets ----------------------------------------------------------------------------------
def _names(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@cause("missing_fileset", "an RSCT fileset is not installed (value: name or list, e.g. rsct.core.rmc: ctrmc is "
       "not on file); `installp -acgXd /dev/cd0 rsct.core.rmc` cures it")
def _missing(world, part, value) -> None:
    os = part.os
    for name in _names(value):
        os.filesets[name] = ""
        if name == "rsct.core.rmc":
            if part.running:
                src.stop_rmc(world, part, include_rms=True)
            for sub in os.subsystems:
                if sub.name == "ctrmc" or sub.group == "rsct_rm":
                    sub.defined = False


@_missing.healer
def _(world, part, value) -> None:
    for name in _names(value):
        install_fileset(world, part, name)


def install_fileset(world, part, name: str) -> str:
    """installp of ``name`` from the AIX media; rsct.core.rmc's post-install re-adds and starts RMC [I]."""
    os = part.os
    level = filesets.install(os, name)
    if level and name == "rsct.core.rmc":
        defaults = {d.name for d in os.level.subsystems}
        for sub in os.subsystems:
            if (sub.name == "ctrmc" or sub.group == "rsct_rm") and sub.name in defaults:
                sub.defined = True
        if part.running:
            src.stop_rmc(world, part, include_rms=True)
            src.start_rmc(world, part)
    return level


@cause("backlevel_fileset", "a back-level RSCT fileset (value: {fileset = level}, e.g. rsct.core.rmc 2.4.12.0): "
       "the HMC keeps no session; installp of the current level cures it")
def _backlevel(world, part, value) -> None:
    for name, level in dict(value).items():
        part.os.filesets[name] = str(level)


@_backlevel.healer
def _(world, part, value) -> None:
    for name in dict(value):
        install_fileset(world, part, name)


# ---- F13: host name resolution (POWER4) ------------------------------------------------------------
@cause("hosts_entry_missing", "/etc/hosts lacks the HMC's entry (value: HMC name, default all HMCs); this "
       "breaks RMC only on POWER4 systems; adding the line to /etc/hosts cures it")
def _hosts(world, part, value) -> None:
    names = tuple(world.hmcs) if value in (True, None) else tuple(_names(value))
    without = names + tuple(world.hmcs[n].hostname for n in names if n in world.hmcs)
    part.os.files[hosts.PATH] = hosts.generated(world, part, without=without)


@_hosts.healer
def _(world, part, value) -> None:
    part.os.files[hosts.PATH] = hosts.generated(world, part)


# ---- F17: the HMC lost the managed system --------------------------------------------------------
@cause("hmc_lost_system", "the HMC's service-path connection to this partition's managed system is lost "
       "(value: HMC name, default every HMC): no DLPAR and no RMC session although the partition's LAN is fine; "
       "the partition-table form of service_path_down (causes/hmc.py)",
       phase="running")
def _service(world, part, value) -> None:
    system = world.system_of(part)
    for name in (list(system.hmc_connected) if value in (True, None) else _names(value)):
        hmc = world.hmcs.get(name)
        if hmc is not None:
            rmc_repair.disconnect(world, hmc, system)


@_service.healer
def _(world, part, value) -> None:
    system = world.system_of(part)
    for name in (list(system.hmc_connected) if value in (True, None) else _names(value)):
        hmc = world.hmcs.get(name)
        if hmc is not None:
            rmc_repair.reconnect(world, hmc, system)


# ---- DLPAR scripts ------------------------------------------------------------------------------------
@cause("drmgr_scripts", "DLPAR scripts registered with drmgr (value: list of {name, description, veto_removal, "
       "output, rc, resources}); a vetoing script makes memory removal fail with HSCL2932; `drmgr -u NAME`")
def _scripts(world, part, value) -> None:
    for s in (value if isinstance(value, list) else [value]):
        s = dict(s)
        drmgr.register(part, s.pop("name"), s.pop("description", ""), **s)


@_scripts.healer
def _(world, part, value) -> None:
    for s in (value if isinstance(value, list) else [value]):
        drmgr.unregister(part, dict(s)["name"])
