"""Network commands of a partition: ping, route, netstat, ifconfig (reference §3.3-§3.5).

Answers come from the partition's NetStack (interfaces, routes) and the LAN model; no packet ever
leaves the host machine.
"""

from __future__ import annotations

import ipaddress
import zlib

from ..shell.command import CommandContext
from ..world.aix import AixOS
from ..world.network import Interface, Route, route_network
from . import messages as M
from .common import aix_command, parse, partition, world

LO_MTU = 16896  # [V] netstat -in captures
DEFAULT_PING_COUNT = 5  # [I] without -c real ping runs until interrupted; the fake stops after five


def _counter(*parts: object) -> int:
    """A stable pseudo counter for packet statistics (deterministic: same world, same numbers)."""
    return zlib.crc32("/".join(str(p) for p in parts).encode())


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False


# ---- ping --------------------------------------------------------------------------------------------
@aix_command
def ping(ctx: CommandContext) -> int:
    partition(ctx)
    usage = (lambda c: c.error("Usage: ping [-d] [-D] [-n] [-q] [-r] [-v] [-R] [-a addr_family] [-c Count] "
                               "[-w timeout] [-f | -i Wait] [-l Preload] [-p Pattern] [-s PacketSize] "
                               "[-S hostname/IP addr] [-L] [-I a.b.c.d] [-o interface] [-T ttl] "
                               "Host [PacketSize] [Count]\n"))  # [U]
    opts, args = parse(ctx, "c:s:w:i:qnvRdrfLDT:I:S:o:a:l:p:", usage)
    flags = {o: v for o, v in opts}
    if not args or len(args) > 3:
        usage(ctx)
        return 1
    host = args[0]
    try:
        size = int(args[1]) if len(args) > 1 else int(flags.get("-s", 56))
        count = int(args[2]) if len(args) > 2 else int(flags.get("-c", DEFAULT_PING_COUNT))
    except ValueError:
        usage(ctx)
        return 1
    if count <= 0 or size < 0:
        usage(ctx)
        return 1
    count = min(count, 1000)
    w = world(ctx)
    ip = w.resolve(host)
    if ip is None or not _valid_ip(ip):
        ctx.error(M.PING_UNKNOWN_HOST.format(host=host) + "\n")  # [C]; exit code [U]
        return 1
    ok = w.can_reach(ctx.session.host, ip)
    dst = w.host_by_ip(ip)
    ttl = 64 if dst is not None and dst.kind == "hmc" else 255  # [I] Linux HMC 64, AIX 255
    quiet = "-q" in flags
    ctx.writeln(f"PING {host}: ({ip}): {size} data bytes")  # [C]
    received = count if ok else 0
    if ok and not quiet:
        for seq in range(count):
            ctx.writeln(f"{size + 8} bytes from {ip}: icmp_seq={seq} ttl={ttl} time=0 ms")  # [C]
    ctx.writeln("")
    ctx.writeln(f"----{host} PING Statistics----")  # [C]
    loss = (count - received) * 100 // count
    ctx.writeln(f"{count} packets transmitted, {received} packets received, {loss}% packet loss")  # [C]
    if received:
        ctx.writeln("round-trip min/avg/max = 0/0/0 ms")  # [C]; modern fractional times [U]
    return 0 if received else 1  # [U]


# ---- route -------------------------------------------------------------------------------------------
def _classful(ip: str) -> int:
    """The class mask, widened to cover every non-zero octet (10.20.0.0 -> /16) [I: BSD route]."""
    octets = [int(o) for o in ip.split(".")]
    prefix = 8 if octets[0] < 128 else 16 if octets[0] < 192 else 24
    used = max((i + 1 for i, o in enumerate(octets) if o), default=1)
    return max(prefix, 8 * used)


def _destination(kind: str | None, dest: str, netmask: str | None) -> tuple[str, str] | None:
    """(model destination, kind) for route's arguments, or None when they make no address."""
    if dest in ("default", "0", "0.0.0.0"):
        return "default", "net"
    if "/" in dest:
        try:
            return str(ipaddress.IPv4Network(dest, strict=False)), "net"
        except ValueError:
            return None
    if not _valid_ip(dest):
        return None
    if kind == "host":
        return f"{dest}/32", "host"
    if netmask is not None:
        try:
            return str(ipaddress.IPv4Network(f"{dest}/{netmask}", strict=False)), "net"
        except ValueError:
            return None
    prefix = _classful(dest)
    if kind == "net" or prefix < 32:
        return str(ipaddress.IPv4Network(f"{dest}/{prefix}", strict=False)), "net"
    return f"{dest}/32", "host"  # [I] BSD route: a non-zero last octet makes a host route


def _shown(dest_model: str, dest_arg: str) -> str:
    return "default" if dest_model == "default" else dest_arg


@aix_command
def route(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("usage: route [-fnqv] [-C] cmd [[-<qualifers>] args]\n"))  # [U]
    argv = ctx.argv[1:]
    while argv and argv[0].startswith("-") and argv[0] not in ("-net", "-host"):
        if argv[0] not in ("-f", "-n", "-q", "-v", "-C"):
            usage(ctx)
            return 1
        argv.pop(0)
    if not argv or argv[0] not in ("add", "delete"):
        usage(ctx)
        return 1
    cmd, rest = argv[0], argv[1:]
    kind = netmask = None
    positional = []
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in ("-net", "-host"):
            kind = a[1:]
        elif a == "-netmask" and i + 1 < len(rest):
            netmask = rest[i + 1]
            i += 1
        elif a in ("-if", "-interface", "-hopcount", "-static", "-cloning", "-active_dgd") or a.startswith("-"):
            if a in ("-if", "-hopcount") and i + 1 < len(rest):
                i += 1
        else:
            positional.append(a)
        i += 1
    if not positional or len(positional) > 2 or (cmd == "add" and len(positional) != 2):
        usage(ctx)
        return 1
    parsed = _destination(kind, positional[0], netmask)
    gw = positional[1] if len(positional) > 1 else None
    if parsed is None or (gw is not None and not _valid_ip(gw)):
        ctx.error(f"{positional[0] if parsed is None else gw}: bad address\n")  # [U]
        return 1
    dest, dkind = parsed
    shown = _shown(dest, positional[0])
    routes = os.net.routes
    if cmd == "add":
        if any(_same(r, dest) and r.gateway == gw for r in routes):
            ctx.error(f"add {dkind} {shown}: gateway {gw}: The file already exists.\n")  # [U] EEXIST
            return 1
        # [I] the routing table is the NetStack's; the command layer edits it directly
        routes.append(Route(dest, gw))
        ctx.writeln(f"add {dkind} {shown}: gateway {gw}")  # [I] BSD route wording
        return 0
    match = next((r for r in routes if _same(r, dest) and (gw is None or r.gateway == gw)), None)
    if match is None:
        ctx.error("0821-279 writing to routing socket: The process does not exist.\n")  # [U]
        ctx.error(f"delete {dkind} {shown}" + (f": gateway {gw}" if gw else "") + ": not in table\n")  # [U]
        return 1
    routes.remove(match)
    ctx.writeln(f"delete {dkind} {shown}: gateway {match.gateway}")  # [I] BSD route wording
    return 0


def _same(r: Route, dest: str) -> bool:
    try:
        return route_network(r.destination) == route_network(dest)
    except ValueError:
        return r.destination == dest


# ---- netstat -----------------------------------------------------------------------------------------
def _net_name(net: ipaddress.IPv4Network) -> str:
    """Network destinations drop trailing zero octets: 10.32.50/24, 127/8 [V §3.4]."""
    octets = str(net.network_address).split(".")
    keep = max(1, -(-net.prefixlen // 8))
    while len(octets) > keep and octets[-1] == "0":
        octets.pop()
    return ".".join(octets)


def _mac(iface: Interface) -> str:
    """AIX prints the hardware address as dotted hex bytes without leading zeros [V]."""
    raw = iface.mac.replace(":", "").replace(".", "")
    if len(raw) != 12:
        return ""
    return ".".join(f"{int(raw[i:i + 2], 16):x}" for i in range(0, 12, 2))


def _out_iface(os: AixOS, gateway: str) -> str:
    try:
        gw = ipaddress.IPv4Address(gateway)
    except ValueError:
        return "en0"
    iface = next((i for i in os.net.interfaces if gw in i.network), None)
    return iface.name if iface else (os.net.primary().name if os.net.primary() else "en0")


def _route_rows(ctx: CommandContext, os: AixOS) -> list[str]:
    now = int(world(ctx).clock.now)

    def line(dest: str, gw: str, flags: str, ifname: str, dup: bool = False) -> str:
        refs = _counter(dest, gw, "refs") % 8
        use = (_counter(dest, gw, "use") % 100000) + now // 7 if refs else _counter(dest, "u") % 100
        text = f"{dest:<18} {gw:<17} {flags:<5} {refs:>5} {use:>9} {ifname:<3} {'-':>6} {'-':>6}"
        return text + "   =>" if dup else text

    entries: list[tuple[tuple, str]] = []
    for r in os.net.routes:
        net = route_network(r.destination)
        if r.destination == "default" or net.prefixlen == 0:
            key, dest, flags = (0, 0, 0), "default", "UG"
        elif net.prefixlen == 32:
            key, dest, flags = (int(net.network_address), 1, 0), str(net.network_address), "UGH"
        else:
            key = (int(net.network_address), 2, -net.prefixlen)
            dest, flags = f"{_net_name(net)}/{net.prefixlen}", "UG"
        entries.append((key, line(dest, r.gateway, flags, _out_iface(os, r.gateway))))
    for iface in os.net.interfaces:
        if not iface.up:
            continue
        net = iface.network
        base = int(net.network_address)
        entries.append(((base, 1, 0), line(str(net.network_address), iface.ip, "UHSb", iface.name, dup=True)))
        entries.append(((base, 2, -net.prefixlen), line(f"{_net_name(net)}/{net.prefixlen}", iface.ip, "U",
                                                        iface.name)))
        entries.append(((int(ipaddress.IPv4Address(iface.ip)), 1, 1), line(iface.ip, "127.0.0.1", "UGHS", "lo0")))
        entries.append(((int(net.broadcast_address), 1, 0), line(str(net.broadcast_address), iface.ip, "UHSb",
                                                                  iface.name)))
    entries.append(((int(ipaddress.IPv4Address("127.0.0.0")), 2, -8), line("127/8", "127.0.0.1", "U", "lo0")))
    entries.sort(key=lambda e: e[0])
    return [text for _, text in entries]


def _netstat_rn(ctx: CommandContext, os: AixOS) -> None:
    """[V §3.4] layout; the flags of routes added by route(1) are [I]."""
    ctx.writeln("Routing tables")
    ctx.writeln("Destination        Gateway           Flags   Refs     Use  If   Exp  Groups")
    ctx.writeln("")
    ctx.writeln("Route Tree for Protocol Family 2 (Internet):")
    for row in _route_rows(ctx, os):
        ctx.writeln(row)
    ctx.writeln("")
    ctx.writeln("Route Tree for Protocol Family 24 (Internet v6):")
    ctx.writeln(f"{'::1%1':<18} {'::1%1':<17} {'UH':<5} {1:>5} {_counter('lo6') % 100000:>9} {'lo0':<3} "
                f"{'-':>6} {'-':>6}")
    ctx.writeln("")


def _netstat_rf(ctx: CommandContext, os: AixOS, family: str) -> None:
    """`netstat -nrf inet`: the header, then one family's tree, without the "Routing tables" title and
    the blank lines [V chef/ohai network spec capture]."""
    ctx.writeln("Destination        Gateway           Flags   Refs     Use  If   Exp  Groups")
    if family == "inet":
        ctx.writeln("Route Tree for Protocol Family 2 (Internet):")
        for row in _route_rows(ctx, os):
            ctx.writeln(row)
    else:
        ctx.writeln("Route Tree for Protocol Family 24 (Internet v6):")
        ctx.writeln(f"{'::1%1':<18} {'::1%1':<17} {'UH':<5} {1:>5} {_counter('lo6') % 100000:>9} {'lo0':<3} "
                    f"{'-':>6} {'-':>6}")


# ---- arp -----------------------------------------------------------------------------------------------
ARP_BUCKETS = 149  # [I] the ARP table's hash size


def _arp_entries(ctx: CommandContext, os: AixOS) -> list[tuple[str, str]]:
    """(ip, mac) the partition has resolved: its gateways and the HMCs it reaches on a local subnet [I]."""
    w = world(ctx)
    wanted = [r.gateway for r in os.net.routes]
    part = partition(ctx)
    system = w.system_of(part)
    wanted += [w.display.show(h.ip) for h in w.hmcs.values() if system.name in h.managed_systems]
    out = []
    for ip in dict.fromkeys(wanted):
        try:
            addr = ipaddress.IPv4Address(ip)
        except ValueError:
            continue
        if not any(i.up and addr in i.network and i.ip != ip for i in os.net.interfaces):
            continue
        h = _counter("arp", ip)
        mac = ":".join(f"{b:x}" for b in (0x02, h >> 24 & 0xFF, h >> 16 & 0xFF, h >> 8 & 0xFF, h & 0xFF, 0x10))
        out.append((ip, mac))
    return out


@aix_command
def arp(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: arp [-n] [-t ifType] HostName\n       arp [-n] -a\n"))  # [U]
    opts, args = parse(ctx, "nat:d:s:", usage)
    flags = {o for o, _ in opts}
    entries = _arp_entries(ctx, os)
    if "-a" not in flags:
        if len(args) != 1:
            usage(ctx)
            return 1
        hit = [e for e in entries if e[0] == args[0]]
        if not hit:
            ctx.writeln(f"{args[0]} ({args[0]}) -- no entry")  # [I]
            return 1
        entries = hit
    for ip, mac in entries:
        ctx.writeln(f"  ? ({ip}) at {mac} [ethernet] stored in bucket {int(ipaddress.IPv4Address(ip)) % ARP_BUCKETS}")
        ctx.writeln("")
    if "-a" in flags:
        # [V chef/ohai capture: the summary lines]
        ctx.writeln("bucket:    0     contains:    0 entries")
        ctx.writeln(f"There are {len(entries)} entries in the arp table.")
    return 0


def _netstat_in(ctx: CommandContext, os: AixOS) -> None:
    """[V] `netstat -in` layout from AIX captures."""
    now = int(world(ctx).clock.now)
    ctx.writeln("Name  Mtu   Network     Address            Ipkts Ierrs    Opkts Oerrs  Coll")

    def row(name: str, mtu: int, network: str, address: str, seed: str) -> str:
        ipkts = _counter(seed, "i") % 10_000_000 + now
        opkts = _counter(seed, "o") % 10_000_000 + now
        return f"{name:<5} {mtu:<5} {network:<11} {address:<16}{ipkts:>9} {0:>5} {opkts:>8} {0:>5} {0:>5}"

    for n, iface in enumerate(os.net.interfaces, 2):
        name = iface.name if iface.up else iface.name + "*"
        ctx.writeln(row(name, iface.mtu, f"link#{n}", _mac(iface), iface.name))
        ctx.writeln(row(name, iface.mtu, _net_name(iface.network), iface.ip, iface.name))
    ctx.writeln(row("lo0", LO_MTU, "link#1", "", "lo0"))
    ctx.writeln(row("lo0", LO_MTU, "127", "127.0.0.1", "lo0"))
    ctx.writeln(row("lo0", LO_MTU, "::1%1", "", "lo0"))


def _netstat_an(ctx: CommandContext, os: AixOS) -> None:
    """[U] socket list: sshd on 22, rmcd on 657 (TCP only while remote clients are enabled)."""
    ctx.writeln("Active Internet connections (including servers)")
    ctx.writeln("Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)")
    rows = [("tcp4", "*.22", "LISTEN")]
    if os.is_active("ctrmc"):
        if os.rsct.remote_enabled:
            rows.append(("tcp", "*.657", "LISTEN"))
        rows.append(("udp", "*.657", ""))
    for proto, local, state in rows:
        ctx.writeln(f"{proto:<5} {0:>6} {0:>6}  {local:<22} {'*.*':<22} {state}".rstrip())


@aix_command
def netstat(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("usage: netstat [-Aaon] [-f address_family] [-inrsv] [Interval]\n"))  # [U]
    opts, args = parse(ctx, "rniaf:", usage)
    flags = {o for o, _ in opts}
    family = dict(opts).get("-f")
    if args or family not in (None, "inet", "inet6"):
        usage(ctx)
        return 1
    if "-r" in flags and family is not None:
        _netstat_rf(ctx, os, family)
    elif "-r" in flags:
        _netstat_rn(ctx, os)  # names are not resolved: -r shows the same addresses [I]
    elif "-i" in flags:
        _netstat_in(ctx, os)
    elif "-a" in flags or "-n" in flags:
        _netstat_an(ctx, os)
    else:
        _netstat_an(ctx, os)
    return 0


# ---- ifconfig ----------------------------------------------------------------------------------------
_EN_FLAGS = ("UP", "BROADCAST", "NOTRAILERS", "RUNNING", "SIMPLEX", "MULTICAST", "GROUPRT", "64BIT",
             "CHECKSUM_OFFLOAD(ACTIVE)", "CHAIN")


def _ifconfig_iface(iface: Interface) -> list[str]:
    """[V §3.5] layout; the flags of a down interface are [I] (UP and RUNNING cleared)."""
    if iface.up:
        flags = "1e084863,480<" + ",".join(_EN_FLAGS) + ">"
    else:
        flags = "1e084822,480<" + ",".join(f for f in _EN_FLAGS if f not in ("UP", "RUNNING")) + ">"
    net = iface.network
    return [
        f"{iface.name}: flags={flags}",
        f"        inet {iface.ip} netmask 0x{int(net.netmask):08x} broadcast {net.broadcast_address}",
        "         tcp_sendspace 262144 tcp_recvspace 262144 rfc1323 1",
    ]


_LO0 = [
    "lo0: flags=e08084b,c0<UP,BROADCAST,LOOPBACK,RUNNING,SIMPLEX,MULTICAST,GROUPRT,64BIT,LARGESEND,CHAIN>",
    "        inet 127.0.0.1 netmask 0xff000000 broadcast 127.255.255.255",
    "        inet6 ::1%1/0",
    "         tcp_sendspace 131072 tcp_recvspace 131072 rfc1323 1",
]


@aix_command
def ifconfig(ctx: CommandContext) -> int:
    os = partition(ctx).os
    args = ctx.argv[1:]
    if args == ["-a"]:
        for iface in os.net.interfaces:
            for line in _ifconfig_iface(iface):
                ctx.writeln(line)
        for line in _LO0:
            ctx.writeln(line)
        return 0
    if args == ["-l"]:
        ctx.writeln(" ".join([i.name for i in os.net.interfaces] + ["lo0"]))
        return 0
    if len(args) == 1 and not args[0].startswith("-"):
        if args[0] == "lo0":
            for line in _LO0:
                ctx.writeln(line)
            return 0
        iface = next((i for i in os.net.interfaces if i.name == args[0]), None)
        if iface is None:
            ctx.error("0821-223 ifconfig: ioctl (SIOCGIFFLAGS): No such device or address\n")  # [U]
            return 1
        for line in _ifconfig_iface(iface):
            ctx.writeln(line)
        return 0
    ctx.error("usage: ifconfig -a [ -d ] [ -u ] [ af ]\n"
              "       ifconfig -l [ -d ] [ -u ]\n"
              "       ifconfig interface [ af ] [ address [ dest_addr ] ] [ params ]\n")  # [U]
    return 1
