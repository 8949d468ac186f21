"""Diagnosis helpers of the network side: host, traceroute, entstat, /etc/hosts (cat), interface changes
(ifconfig IF mtu|down|detach) and the AIX IP security filter commands lsfilt / rmfilt / mkfilt.

Answers come from the partition's NetStack, its /etc/hosts (world/hosts.py) and the LAN model.
"""

from __future__ import annotations

import zlib

from ..shell.command import CommandContext
from ..world import hosts
from . import net
from .common import aix_command, parse, partition, require_root, world

PATH_MTU = 1500  # [I] the LAN between partitions and HMC carries standard frames


# ---- host --------------------------------------------------------------------------------------------
@aix_command
def host(ctx: CommandContext) -> int:
    part = partition(ctx)
    usage = (lambda c: c.error("Usage: host [-n] [-t type] [-a] [-v] [-d] [-r] Hostname|Address [Server]\n"))  # [U]
    _, args = parse(ctx, "nt:avdrl:", usage)
    if not args or len(args) > 2:
        usage(ctx)
        return 1
    name = args[0]
    w = world(ctx)
    if name.replace(".", "").isdigit():
        found = hosts.reverse(w, part, name) if hosts.is_ip(name) else None
        if found is None:
            ctx.error(f"host: 0827-803 Cannot find address {name}.\n")  # [U]
            return 1
        ctx.writeln(f"{found} is {name}")  # [U] AIX host: "name is address"
        return 0
    ip = hosts.lookup(w, part, name)
    if ip is None:
        ctx.error(f"host: 0827-801 Host name {name} does not exist.\n")  # [U]
        return 1
    canonical = hosts.reverse(w, part, ip) or name
    ctx.writeln(f"{canonical} is {ip}")  # [U]
    return 0


# ---- traceroute ---------------------------------------------------------------------------------------
@aix_command
def traceroute(ctx: CommandContext) -> int:
    part = partition(ctx)
    os = part.os
    usage = (lambda c: c.error("Usage: traceroute [ -n ] [ -r ] [ -v ] [ -m max_ttl ] [ -p port# ] [ -q nqueries ]"
                               " [ -t tos ] [ -w wait ] [ -f flow ] [ -s src_addr ] [ -g gateway ] host "
                               "[ data size ]\n"))  # [U]
    opts, args = parse(ctx, "nrvm:p:q:t:w:f:s:g:I", usage)
    flags = dict(opts)
    if not args or len(args) > 2:
        usage(ctx)
        return 1
    try:
        max_ttl = int(flags.get("-m", 30))
        queries = int(flags.get("-q", 3))
    except ValueError:
        usage(ctx)
        return 1
    max_ttl, queries = max(1, min(max_ttl, 64)), max(1, min(queries, 10))
    name = args[0]
    w = world(ctx)
    ip = hosts.lookup(w, part, name)
    if ip is None:
        ctx.error(f"traceroute: unknown host {name}\n")  # [U]
        return 1
    hop = os.net.next_hop(ip)
    src = hop[0].ip if hop else (os.net.primary().ip if os.net.primary() else "0.0.0.0")
    mtu = hop[0].mtu if hop else PATH_MTU
    # [U] AIX traceroute preamble, from memory
    ctx.error(f"trying to get source for {name}\n")
    ctx.error(f"source should be {src}\n")
    ctx.writeln(f"traceroute to {name} ({ip}) from {src} ({src}), {max_ttl} hops max")
    ctx.writeln(f"outgoing MTU = {mtu}")
    ok = w.can_reach(ctx.session.host, ip)
    show = (lambda n, a: a) if "-n" in flags else (lambda n, a: f"{n} ({a})")
    times = "  ".join(f"{(zlib.crc32(f'{ip}/{i}'.encode()) % 3)} ms" for i in range(queries))
    n = 1
    if hop and hop[1] is not None:
        gw = hop[1]
        if ok or gw in w.lan.routers:
            ctx.writeln(f" {n}  {show(hosts.reverse(w, part, gw) or gw, gw)}  {times}")
        else:
            ctx.writeln(f" {n}  " + " ".join("*" * queries))
        n += 1
    if ok:
        dest = hosts.reverse(w, part, ip) or name
        ctx.writeln(f" {n}  {show(dest, ip)}  {times}")
        return 0
    for hop_no in range(n, max_ttl + 1):
        ctx.writeln(f"{hop_no:>2}  " + " ".join("*" * queries))
    return 0


# ---- entstat --------------------------------------------------------------------------------------------
@aix_command
def entstat(ctx: CommandContext) -> int:
    part = partition(ctx)
    os = part.os
    usage = (lambda c: c.error("Usage: entstat [-d -r -t] Device_Name\n"))  # [U]
    opts, args = parse(ctx, "drt", usage)
    if len(args) != 1:
        usage(ctx)
        return 1
    dev = args[0]
    names = {f"ent{n}": i for n, i in enumerate(os.net.interfaces)}
    names.update({i.name: i for i in os.net.interfaces})
    iface = names.get(dev)
    if iface is None:
        ctx.error(f"entstat: 0909-003 Unable to connect to device {dev}, errno = 19\n")  # [U]
        return 1
    adapter = f"ent{os.net.interfaces.index(iface)}"
    now = int(world(ctx).clock.now)
    seed = zlib.crc32(f"{os.hostname}/{adapter}".encode())
    tx, rx = seed % 9_000_000 + now * 3, (seed >> 3) % 9_000_000 + now * 4
    mac = ":".join(iface.mac[i:i + 2] for i in range(0, 12, 2)) if len(iface.mac) == 12 else iface.mac
    up = world(ctx).clock.now
    days, rem = divmod(int(up), 86400)
    hours, rem = divmod(rem, 3600)
    minutes, seconds = divmod(rem, 60)
    lines = [  # [U] layout from memory of AIX entstat; counters are deterministic stand-ins
        "-" * 61,
        f"ETHERNET STATISTICS ({adapter}) :",
        "Device Type: Virtual I/O Ethernet Adapter (l-lan)",
        f"Hardware Address: {mac}",
        f"Elapsed Time: {days} days {hours} hours {minutes} minutes {seconds} seconds",
        "",
        "Transmit Statistics:                          Receive Statistics:",
        "--------------------                          -------------------",
        f"{'Packets: ' + str(tx):<46}Packets: {rx}",
        f"{'Bytes: ' + str(tx * 310):<46}Bytes: {rx * 280}",
        f"{'Interrupts: 0':<46}Interrupts: {rx // 2}",
        f"{'Transmit Errors: 0':<46}Receive Errors: 0",
        f"{'Packets Dropped: 0':<46}Packets Dropped: 0",
        "",
        "General Statistics:",
        "-------------------",
        "No mbuf Errors: 0",
        "Adapter Reset Count: 0",
        "Adapter Data Rate: 20000",
        "Driver Flags: Up Broadcast Running " if iface.up else "Driver Flags: Broadcast ",
        "\tSimplex 64BitSupport ChecksumOffload ",
        "\tDataRateSet VIOENT ",
        "",
        f"Maximum Transmission Unit: {iface.mtu}" if "-d" in dict(opts) else "",
    ]
    for line in lines:
        if line != "" or lines.index(line) < len(lines) - 1:
            ctx.writeln(line)
    if "-d" in dict(opts):
        for line in _llan_section(ctx, part, iface):
            ctx.writeln(line)
    return 0


def _llan_section(ctx: CommandContext, part, iface) -> list[str]:
    """The virtual Ethernet adapter's own statistics of `entstat -d`: VLANs and the virtual switch come from
    the partition's virtual Ethernet adapter on the managed system (ioslots), so a chhwres that changes
    them shows here [I: section layout from memory of AIX 7 entstat -d on an l-lan adapter]."""
    from ..world import ioslots

    system = ctx.session.system
    eths = ioslots.adapters(system, part, "eth") if system is not None else []
    adapter = next((a for a in eths if a.get("interface") == iface.name), None)
    if adapter is None and eths:
        adapter = eths[min(part.os.net.interfaces.index(iface), len(eths) - 1)]
    pvid = adapter.get("port_vlan_id", 1) if adapter else 1
    tags = [str(v) for v in (adapter.get("addl_vlan_ids") or [])] if adapter else []
    switch = adapter.get("vswitch", ioslots.VSWITCH) if adapter else ioslots.VSWITCH
    trunk = bool(adapter and int(adapter.get("is_trunk", 0) or 0))
    return [
        "",
        "Virtual I/O Ethernet Adapter (l-lan) Specific Statistics:",
        "---------------------------------------------------------",
        "RQ Length: 4481",
        f"Trunk Adapter: {'True' if trunk else 'False'}",
        "Filter MCast Mode: False",
        "Filters: 255",
        "  Enabled: 1  Queued: 0  Overflow: 0",
        "LAN State: Operational" if iface.up else "LAN State: Not Operational",
        "",
        "Hypervisor Send Failures: 0",
        "  Receiver Failures: 0",
        "  Send Errors: 0",
        "Hypervisor Receive Failures: 0",
        "",
        "Invalid VLAN ID Packets: 0",
        "",
        "ILLAN Attributes: 0000000000003103 [0000000000003002]",
        "",
        f"Port VLAN ID: {pvid:>5}",
        "VLAN Tag IDs:  " + (" ".join(tags) if tags else "None"),
        "",
        "",
        f"Switch ID: {switch}",
    ]


# ---- cat: /etc/hosts is generated until something rewrites it ------------------------------------------
@aix_command
def cat(ctx: CommandContext) -> int:
    from ..shell.textutils import cat as shell_cat
    part = ctx.session.partition
    if part is not None and part.os is not None and any(a.endswith("hosts") for a in ctx.argv[1:]):
        from ..shell.uopts import abspath
        if any(abspath(ctx, a) == hosts.PATH for a in ctx.argv[1:] if not a.startswith("-")):
            hosts.materialise(ctx.session.world, part)
    return shell_cat(ctx)


# ---- ifconfig: interface changes on top of the listing in net.py ---------------------------------------
@aix_command
def ifconfig(ctx: CommandContext) -> int:
    args = ctx.argv[1:]
    if len(args) < 2 or args[0].startswith("-"):
        return net.ifconfig(ctx)
    part = partition(ctx)
    os = part.os
    iface = next((i for i in os.net.interfaces if i.name == args[0]), None)
    if iface is None:
        return net.ifconfig(ctx)
    require_root(ctx)
    words = args[1:]
    i = 0
    while i < len(words):
        word = words[i]
        if word == "mtu" and i + 1 < len(words) and words[i + 1].isdigit():
            iface.mtu = int(words[i + 1])
            i += 2
            continue
        if word in ("down", "detach"):
            iface.up = False
        elif word == "up":
            iface.up = True
        else:
            ctx.error(f"ifconfig: {word}: bad value\n")  # [U]
            return 1
        i += 1
    world(ctx).rmc.os_changed(part)
    return 0


# ---- IP security filters --------------------------------------------------------------------------------
def _filter_usage(name: str):
    return lambda c: c.error(f"Usage: {name} -v 4|6 ...\n")  # [U]


def _rule_lines(rule: dict) -> list[str]:
    """[U] the lsfilt rule block, from memory of AIX IPsec filter listings."""
    port = int(rule.get("port", 0))
    proto = rule.get("proto", "all")
    direction = {"in": "inbound", "out": "outbound"}.get(rule.get("direction", "both"), "both")
    return [
        f"Rule {rule['id']}:",
        f"Rule action         : {rule.get('action', 'permit')}",
        "Source Address      : 0.0.0.0",
        "Source Mask         : 0.0.0.0",
        "Destination Address : 0.0.0.0",
        "Destination Mask    : 0.0.0.0",
        "Source Routing      : no",
        f"Protocol            : {proto}",
        "Source Port         : any 0",
        f"Destination Port    : {'eq ' + str(port) if port else 'any 0'}",
        "Scope               : both",
        f"Direction           : {direction}",
        "Logging control     : no",
        "Fragment control    : all packets",
        "Tunnel ID number    : 0",
        "Interface           : all",
        "Auto-Generated      : no",
        "Expiration Time     : 0",
        "Description         : " + ("Default Rule" if rule.get("action") == "permit" and not port else ""),
        "",
    ]


@aix_command
def lsfilt(ctx: CommandContext) -> int:
    os = partition(ctx).os
    opts, args = parse(ctx, "v:n:aOd", _filter_usage("lsfilt"))
    flags = dict(opts)
    if args or flags.get("-v") not in ("4", "6"):
        _filter_usage("lsfilt")(ctx)
        return 1
    if flags["-v"] == "6":
        ctx.writeln("Beginning of IPv6 filter rules.")
        ctx.writeln("End of IPv6 filter rules.")
        return 0
    rules = os.ip_filters
    if "-n" in flags:
        rules = [r for r in rules if str(r["id"]) == flags["-n"]]
    if "-a" in flags and not os.ip_filters_active:
        rules = []
    ctx.writeln("Beginning of IPv4 filter rules.")
    for rule in rules:
        for line in _rule_lines(rule):
            ctx.writeln(line)
    ctx.writeln("End of IPv4 filter rules.")
    return 0


@aix_command
def rmfilt(ctx: CommandContext) -> int:
    require_root(ctx)
    part = partition(ctx)
    os = part.os
    opts, args = parse(ctx, "v:n:", _filter_usage("rmfilt"))
    flags = dict(opts)
    if args or flags.get("-v") not in ("4", "6") or "-n" not in flags:
        _filter_usage("rmfilt")(ctx)
        return 1
    which = flags["-n"]
    if which == "all":
        os.ip_filters = [r for r in os.ip_filters if r["id"] in (1, 2)]  # the default rules stay [U]
        ctx.writeln("Filter rules have been removed successfully.")  # [U]
        return 0
    if not any(str(r["id"]) == which for r in os.ip_filters):
        ctx.error(f"Filter rule {which} for IPv{flags['-v']} does not exist.\n")  # [U]
        return 1
    os.ip_filters = [r for r in os.ip_filters if str(r["id"]) != which]
    ctx.writeln(f"Filter rule {which} for IPv{flags['-v']} has been removed successfully.")  # [U]
    return 0


@aix_command
def mkfilt(ctx: CommandContext) -> int:
    require_root(ctx)
    part = partition(ctx)
    os = part.os
    opts, args = parse(ctx, "v:udzg:i", _filter_usage("mkfilt"))
    flags = dict(opts)
    if args or flags.get("-v") not in ("4", "6") or not ({"-u", "-d"} & set(flags)):
        _filter_usage("mkfilt")(ctx)
        return 1
    if "-d" in flags:
        os.ip_filters_active = False
        ctx.writeln(f"Filter support (IPv{flags['-v']}) has been deactivated.")  # [U]
    else:
        os.ip_filters_active = bool(os.ip_filters)
        ctx.writeln(f"Filter rules for IPv{flags['-v']} have been activated successfully.")  # [U]
    world(ctx).rmc.os_changed(part)
    return 0
