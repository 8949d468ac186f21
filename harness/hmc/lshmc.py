"""lshmc {-V | -v | -n | -r | -b | -l | -L | --netroute | --ntpserver | --syslog} [-F [names] [--header]]

The HMC's version, VPD, network settings (every interface), remote access settings, BIOS level,
locale and routes, all from the world's HMC (harness/world/hmc.py, hmc_console.py).
"""

from __future__ import annotations

import hashlib
import ipaddress
import re

from ..shell.command import CommandContext
from ..world.network import Interface, route_network
from .attributes import Listing
from .boundary import hmc_command
from .formatting import record, render
from .messages import HmcError
from .options import FLAG, OPTIONAL, parse
from .targets import HmcTarget

# [V P9 man page] synopsis; the wording of the usage text itself is [I]
USAGE = """Usage: lshmc {-b | -D | -e | -h | -i | -l | -L | -n | -r | -v | -V | --bmc |
             --firewall | --netroute | --ntpserver | --syslog}
             [-F [attribute-names] [--header]] [--help]
"""
MODES = ("-V", "-v", "-n", "-r", "-b", "-l", "-L", "--netroute", "--ntpserver", "--syslog",
         "-D", "-e", "-h", "-i", "--bmc", "--firewall")
SPEC = {**{m: FLAG for m in MODES}, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
SUMMARY = "list the HMC's version, VPD, network, remote access, BIOS, locale and route settings"
FLAGS = ("-V", "-v", "-n", "-r", "-b", "-l", "-L", "--netroute", "--ntpserver", "--syslog", "-F", "--header")

# ---- lshmc -n [V] the V7R7.9 sample with two adapters (ziutus lshmc_n.txt): the HMC-wide names,
# then the same twelve per interface, eth0 first. [I] that V8-V10 print the same names.
NETWORK_HEAD = ("hostname", "domain", "ipaddr", "networkmask", "gateway", "nameserver", "domainsuffix",
                "slipipaddr", "slipnetmask", "ipaddrlpar", "networkmasklpar", "clients", "ipv6addrlpar",
                "slpipaddrs")
NETWORK_PER_IFACE = ("ipv4addr", "ipv4netmask", "ipv4dhcp", "ipv6addr", "ipv6auto", "ipv6privacy", "ipv6dhcp",
                     "lparcomm", "jumboframe", "speed", "duplex", "tso")
SLIP = ("10.253.0.1", "255.255.0.0")  # [V] the sample's fixed SLIP defaults
# What later levels add [V-client names: the HMC Scanner rewrite reads `dns` and `dhcpserver_ethN` from
# lshmc -n]; the levels that print them and their positions are [I].
NETWORK_HEAD_EXTRA = {"V7": (), "V8": (), "V9": ("dns",), "V10": ("dns",)}
NETWORK_PER_IFACE_EXTRA = {"V7": (), "V8": (), "V9": ("dhcpserver",), "V10": ("dhcpserver",)}

# ---- lshmc -b [V-client: an HMC collector parses `bios=([^\n]+)`]; the levels per model are [I]
BIOS_BY_MODEL = {"7042-CR7": "D6E154AUS-1.13", "7042-CR8": "TCE128AUS-1.05", "7042-CR9": "TCE136CUS-1.17",
                 "7063-CR1": "OP910.10", "7063-CR2": "OP940.01", "7310-CR3": "IBM-EC-1.09",
                 "7310-CR4": "IBM-GJ-1.12"}
BIOS_DEFAULT = "TCE136CUS-1.17"  # [I] a virtual HMC reports its hypervisor's firmware; we use the CR9 level

LOCALES = ("ca_ES", "cs_CZ", "de_DE", "en_US", "es_ES", "fr_FR", "hu_HU", "it_IT", "ja_JP", "ko_KR", "nl_NL",
           "pl_PL", "pt_BR", "ru_RU", "sk_SK", "sl_SI", "zh_CN", "zh_TW")  # [I] the HMC's translations


def _listing(names) -> Listing:
    return Listing(tuple(names))


def interface_mac(hmc, iface: Interface) -> str:
    """The adapter's MAC: the world's, or a stable one made from the HMC's serial [I]."""
    if iface.mac:
        return iface.mac.lower()
    digest = hashlib.sha256(f"{hmc.serial}/{iface.name}".encode()).digest()
    return "00:14:5e:" + ":".join(f"{b:02x}" for b in digest[:3])  # 00:14:5e is an IBM OUI


def link_local(mac: str) -> ipaddress.IPv6Address:
    """The EUI-64 link-local address of ``mac`` (the sample's fe80:0:0:0:214:5eff:fe7f:2f4c)."""
    octets = [int(x, 16) for x in mac.split(":")]
    octets[0] ^= 0x02
    eui = octets[:3] + [0xFF, 0xFE] + octets[3:]
    return ipaddress.IPv6Address(bytes([0xFE, 0x80, 0, 0, 0, 0, 0, 0] + eui))


def _java_v6(addr: ipaddress.IPv6Address) -> str:
    # [V sample] the long form without zero compression or leading zeros (fe80:0:0:0:214:...)
    return ":".join(f"{int(g, 16):x}" for g in addr.exploded.split(":"))


def _lst(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


def network_record(t: HmcTarget):
    hmc = t.hmc
    ifaces = hmc.net.interfaces
    gateway = next((r.gateway for r in hmc.net.routes if route_network(r.destination).prefixlen == 0), "")
    v6 = [link_local(interface_mac(hmc, i)) for i in ifaces]
    values: dict[str, str | list[str]] = {
        "hostname": hmc.hostname,
        "domain": hmc.domain,
        "ipaddr": _lst([i.ip for i in ifaces]),  # [V] "ipaddr=a,b" with two adapters
        "networkmask": _lst([i.netmask for i in ifaces]),
        "gateway": gateway,
        "nameserver": _lst(hmc.console.nameservers) if hmc.console.nameservers else "",
        "domainsuffix": _lst(hmc.console.domain_suffixes) if hmc.console.domain_suffixes else "",
        "slipipaddr": SLIP[0],
        "slipnetmask": SLIP[1],
        # [V sample] every adapter is listed here, whatever its lparcomm setting
        "ipaddrlpar": _lst([i.ip for i in ifaces]),
        "networkmasklpar": _lst([i.netmask for i in ifaces]),
        "clients": "",
        "ipv6addrlpar": _lst([_java_v6(a) for a in v6]),
        "slpipaddrs": [i.ip for i in ifaces] + [f"{a.compressed}/64" for a in v6],
        "dns": "enable" if hmc.console.nameservers else "disable",  # [I] value
    }
    head = list(NETWORK_HEAD)
    for extra in NETWORK_HEAD_EXTRA[t.level]:  # [I] after the name-service attributes
        head.insert(head.index("domainsuffix") + 1, extra)
    names = head
    for iface, addr in zip(ifaces, v6):
        o = hmc.console.options(iface.name)
        per = {"ipv4addr": iface.ip, "ipv4netmask": iface.netmask, "ipv4dhcp": o.ipv4dhcp,
               "ipv6addr": f"{_java_v6(addr)}/64", "ipv6auto": o.ipv6auto, "ipv6privacy": o.ipv6privacy,
               "ipv6dhcp": o.ipv6dhcp, "lparcomm": o.lparcomm, "jumboframe": o.jumboframe, "speed": o.speed,
               "duplex": o.duplex, "tso": o.tso, "dhcpserver": "off"}  # [I] no DHCP server is modelled
        for name in NETWORK_PER_IFACE + NETWORK_PER_IFACE_EXTRA[t.level]:
            values[f"{name}_{iface.name}"] = per[name]
            names.append(f"{name}_{iface.name}")
    return values, _listing(names)


def remote_record(t: HmcTarget):
    """lshmc -r: the level's attribute list (hmc_console.REMOTE_BY_LEVEL) with the world's values.
    xntpserver: [V] V7 lists the local clock first (127.127.1.0, then servers: chmod666 blog sample
    `"xntpserver=127.127.1.0,[..]"`); [V] V8 prints it empty when no server is configured."""
    from ..world.hmc_console import REMOTE_BY_LEVEL, REMOTE_LEVEL_DEFAULTS, XNTP_LOCAL_CLOCK

    console = t.hmc.console
    level_defaults = REMOTE_LEVEL_DEFAULTS[t.level]
    values: dict[str, str | list[str]] = {}
    for name in REMOTE_BY_LEVEL[t.level]:
        values[name] = console.remote.get(name, "") or level_defaults.get(name, "")
        if name == "xntp":
            servers = [XNTP_LOCAL_CLOCK, *console.ntp_servers] if t.level == "V7" else list(console.ntp_servers)
            values["xntpserver"] = _lst(servers) if servers else ""
    return values, _listing(values)


def _routes(t: HmcTarget):
    # [I] names from the P9 man page options (destination, gateway, networkmask, interface)
    hmc = t.hmc
    recs = []
    lst = _listing(("destination", "gateway", "networkmask", "interface"))
    for r in hmc.net.routes:
        net = route_network(r.destination)
        iface = next((i.name for i in hmc.net.interfaces
                      if ipaddress.IPv4Address(r.gateway) in i.network), "") if r.gateway else ""
        dest = "default" if net.prefixlen == 0 else str(net.network_address)
        recs.append(record({"destination": dest, "gateway": r.gateway, "networkmask": str(net.netmask),
                            "interface": iface}, lst))
    return recs, lst


def _vpd(t: HmcTarget) -> str:
    """[V shape, xCAT comment] one quoted ``vpd=`` field with embedded newlines. *N2 is when the HMC
    last collected its VPD: one V8 capture shows a time days before the command, another the minute
    of the command [V both, ziutus data/*.20170910_*.txt]; here the HMC's start (the world's epoch) [I].
    Its zone is GMT on the V7R3 HMC (xCAT) and UTC on the V8 one [V each; I for V9/V10]."""
    hmc = t.hmc
    base = re.search(r"base_version=(\S+)", hmc.level.version_text)
    rm = base.group(1) if base else hmc.level_key
    zone = "GMT" if t.level == "V7" else "UTC"
    boot = t.world.clock.epoch.strftime(f"%a %b %d %H:%M:%S {zone} %Y")
    lines = ["*FC ????????", "*VC 20.0", f"*N2 {boot}", "*FC ????????", "*DS Hardware Management Console",
             f"*TM {hmc.type_model}", f"*SE {hmc.serial}", "*MN IBM", "*PN Unknown",
             "*SZ 16777216000", "*OS Embedded Operating Systems", f"*NA {hmc.ip}", "*FC ????????",
             "*DS Platform Firmware", f"*RM {rm}"]
    return '"vpd=' + "\n".join(lines) + '\n"\n'


def _simple(values: dict[str, str | list[str]]):
    lst = _listing(values)
    return [record(values, lst)], lst


@hmc_command(USAGE)
def lshmc(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    mode = opts.one_of(*MODES)
    fields, header = opts.get("-F"), opts.flag("--header")
    console = t.hmc.console
    if mode == "-V":
        ctx.write(t.hmc.level.version_text)  # [V] exactly as the level table holds it
        return 0
    if mode == "-v":
        ctx.write(_vpd(t))
        return 0
    if mode == "-n":
        values, lst = network_record(t)
        records = [record(values, lst)]
    elif mode == "-r":
        values, lst = remote_record(t)
        records = [record(values, lst)]
    elif mode == "-b":
        records, lst = _simple({"bios": console.bios or BIOS_BY_MODEL.get(t.hmc.type_model, BIOS_DEFAULT)})
    elif mode == "-l":
        records, lst = _simple({"locale": console.locale})  # [I] attribute name
    elif mode == "-L":
        records, lst = _simple({"supported_locales": list(LOCALES)})  # [I]
    elif mode == "--netroute":
        records, lst = _routes(t)
    elif mode == "--ntpserver":
        lst = _listing(("server",))  # [I]
        records = [record({"server": s}, lst) for s in console.ntp_servers]
    elif mode == "--syslog":
        lst = _listing(("server", "type"))  # [I]
        records = [record({"server": console.remote[k], "type": k.replace("syslog", "").replace("server", "")
                           or "udp"}, lst) for k in ("syslogserver", "syslogtcpserver", "syslogtlsserver")
                   if console.remote.get(k)]
    else:
        # -D (DHCP server), -e (call home), -h, -i (IMM), --bmc, --firewall: hardware and services
        # the model does not hold. [I] the answer of an HMC whose hardware has none of them.
        from .reference import NOT_AVAILABLE

        what = {"-D": "the DHCP server", "-e": "the Event Manager for Call Home", "-h": "the HMC's hardware",
                "-i": "the Integrated Management Module", "--bmc": "the Baseboard Management Controller",
                "--firewall": "the HMC's firewall"}[mode]
        raise HmcError(NOT_AVAILABLE.format(name=f"lshmc {mode}", why=f"{what} is not modelled"))
    # --header without -F is ignored, as in every listing [I]
    ctx.write(render(records, lst, fields, header))
    return 0
