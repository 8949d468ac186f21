"""chhmc -c {ssh | remotewebui | xntp | syslog | network | netboot | altdiskboot | legacyhmccomm | locale}
-s {enable | disable | add | remove | modify} ...: change the HMC's remote access and network
settings in the world; `lshmc -r` and `lshmc -n` show the change at once.

Forms [V option names: the ansible-power-hmc command table (chhmc -c netroute|ssh|xntp|syslog|
network|date|kerberos|altdiskboot, -s add|remove|modify|enable|disable, -a -nm -i -g -d -h -ds
--lparcomm --tso --speed --ipv4dhcp ...)]. What the model cannot hold is refused, never faked:
the address of the interface clients reach the HMC by (eth0), date and kerberos changes.
A change prints nothing and exits 0 [I: no output captured].
"""

from __future__ import annotations

import ipaddress

from ..shell.command import CommandContext
from ..world.network import Route
from .boundary import hmc_command
from .messages import HmcError, error
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: chhmc -c {ssh | remotewebui | xntp | syslog | network | netroute | netboot | altdiskboot |
              legacyhmccomm | locale}
             -s {enable | disable | add | remove | modify}
             [-a IP-address] [-h host-name] [-nm network-mask] [-i interface]
             [-g gateway] [-d network-domain-name] [-ns DNS-server] [-ds domain-suffix]
             [-t {udp | tcp | tls}] [-l locale] [--lparcomm {on | off}] [--jumboframe {on | off}]
             [--speed {auto | 10 | 100 | 1000}] [--duplex {auto | half | full}] [--tso {on | off}]
             [--ipv4dhcp {on | off}] [--ipv6auto {on | off}] [--ipv6privacy {on | off}]
             [--ipv6dhcp {on | off}] [--help]
"""  # [I] layout; the flags are the man page's
ONOFF = ("on", "off")
IFACE_OPTIONS = {"--lparcomm": ONOFF, "--jumboframe": ONOFF, "--tso": ONOFF, "--ipv4dhcp": ONOFF,
                 "--ipv6auto": ONOFF, "--ipv6privacy": ONOFF, "--ipv6dhcp": ONOFF,
                 "--speed": ("auto", "10", "100", "1000"), "--duplex": ("auto", "half", "full")}
SPEC = {"-c": VALUE, "-s": VALUE, "-a": VALUE, "-h": VALUE, "-nm": VALUE, "-i": VALUE, "-g": VALUE, "-d": VALUE,
        "-ns": VALUE, "-ds": VALUE, "-t": VALUE, "-l": VALUE, "--routetype": VALUE, "--help": FLAG,
        **{k: VALUE for k in IFACE_OPTIONS}}
SUMMARY = "change the HMC's remote access (ssh, remote web UI), NTP, syslog, network and locale settings"
FLAGS = ("-c ssh", "-c remotewebui", "-c xntp", "-c syslog", "-c network", "-c netroute", "-c netboot",
         "-c altdiskboot", "-c legacyhmccomm", "-c locale", "-s", "-a", "-h", "-nm", "-i", "-g", "-d", "-ns",
         "-ds", "-t", "-l", *IFACE_OPTIONS)

# settings that are only switched on and off: -c name -> the lshmc -r attribute
SWITCHES = {"ssh": "ssh", "remotewebui": "remotewebui", "netboot": "netboot", "altdiskboot": "altdiskboot",
            "legacyhmccomm": "legacyhmccomm"}
CONFIGS = (*SWITCHES, "xntp", "syslog", "network", "netroute", "locale", "date", "kerberos", "sol")
# [I] the HMC's words for what this model does not hold (date: the world clock is virtual)
NOT_MODELLED = "HSCL0002 The {what} configuration cannot be changed on this management console."


def _ip(value: str, name: str) -> str:
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise error("invalid_value", name=name, value=value) from None


def _switch(t: HmcTarget, key: str, state: str) -> None:
    if state not in ("enable", "disable"):
        raise error("invalid_value", name="-s", value=state)
    t.hmc.console.remote[key] = state


def _xntp(t: HmcTarget, opts, state: str) -> None:
    console = t.hmc.console
    if state in ("enable", "disable"):
        console.remote["xntp"] = state
        return
    if state not in ("add", "remove"):
        raise error("invalid_value", name="-s", value=state)
    server = opts.get("-a") or opts.get("-h")
    if server is None:
        raise error("missing_parameter", name="-a")
    if state == "add":
        if server not in console.ntp_servers:
            console.ntp_servers.append(server)
    elif server in console.ntp_servers:
        console.ntp_servers.remove(server)
    else:
        raise HmcError(f"HSCL0003 The NTP server {server} is not configured.")  # [I]


def _syslog(t: HmcTarget, opts, state: str) -> None:
    if state not in ("add", "remove"):
        raise error("invalid_value", name="-s", value=state)
    kind = opts.choice("-t", ("udp", "tcp", "tls")) or "udp"
    key = {"udp": "syslogserver", "tcp": "syslogtcpserver", "tls": "syslogtlsserver"}[kind]
    server = opts.get("-a") or opts.get("-h")
    if server is None:
        raise error("missing_parameter", name="-a")
    remote = t.hmc.console.remote
    if state == "add":
        remote[key] = server
    elif remote.get(key) == server:
        remote[key] = ""
    else:
        raise HmcError(f"HSCL0004 The syslog server {server} is not configured.")  # [I]


def _network(t: HmcTarget, opts, state: str) -> None:
    hmc = t.hmc
    console = hmc.console
    if state in ("add", "remove"):
        # DNS servers (-ns) and domain suffixes (-ds)
        given = [(o, lst) for o, lst in (("-ns", console.nameservers), ("-ds", console.domain_suffixes))
                 if opts.has(o)]
        if not given:
            raise error("missing_parameter", name="-ns")
        for o, lst in given:
            value = opts.get(o)
            if state == "add" and value not in lst:
                lst.append(value)
            elif state == "remove":
                if value not in lst:
                    raise error("invalid_value", name=o, value=value)
                lst.remove(value)
        return
    if state != "modify":
        raise error("invalid_value", name="-s", value=state)
    iface_opts = {k: opts.choice(k, allowed) for k, allowed in IFACE_OPTIONS.items() if opts.has(k)}
    iface = None
    if opts.has("-i"):
        iface = next((i for i in hmc.net.interfaces if i.name == opts.get("-i")), None)
        if iface is None:
            raise error("invalid_value", name="-i", value=opts.get("-i"))
    elif iface_opts or opts.has("-a") or opts.has("-nm"):
        raise error("missing_parameter", name="-i")
    # check everything before changing anything
    new_ip = _ip(opts.get("-a"), "-a") if opts.has("-a") else None
    new_mask = _ip(opts.get("-nm"), "-nm") if opts.has("-nm") else None
    gateway = _ip(opts.get("-g"), "-g") if opts.has("-g") else None
    if iface is not None and (new_ip or new_mask) and iface is hmc.net.primary():
        # the estate reaches the HMC by eth0's address: moving it would cut every session [I]
        raise HmcError(NOT_MODELLED.format(what=f"IP address of {iface.name}"))
    if new_ip and any(i.ip == new_ip for i in hmc.net.interfaces if i is not iface):
        raise error("invalid_value", name="-a", value=new_ip)
    if opts.has("-h"):
        hmc.hostname = opts.get("-h")
    if opts.has("-d"):
        hmc.domain = opts.get("-d")
    if gateway:
        hmc.net.routes = [r for r in hmc.net.routes if r.destination not in ("default", "0.0.0.0", "0")]
        hmc.net.routes.insert(0, Route("default", gateway))
    if iface is not None:
        if new_ip:
            iface.ip = new_ip
        if new_mask:
            iface.netmask = new_mask
        o = console.options(iface.name)
        for k, v in iface_opts.items():
            setattr(o, k.lstrip("-"), v)


def _netroute(t: HmcTarget, opts, state: str) -> None:
    if state not in ("add", "remove"):
        raise error("invalid_value", name="-s", value=state)
    opts.require("-a")
    dest, gw = opts.get("-a"), opts.get("-g") or ""
    mask = opts.get("-nm") or "255.255.255.255"
    network = str(ipaddress.IPv4Network(f"{_ip(dest, '-a')}/{_ip(mask, '-nm')}", strict=False))
    routes = t.hmc.net.routes
    if state == "add":
        routes.append(Route(network, _ip(gw, "-g") if gw else ""))
        return
    keep = [r for r in routes if r.destination != network]
    if len(keep) == len(routes):
        raise error("invalid_value", name="-a", value=dest)
    t.hmc.net.routes = keep


@hmc_command(USAGE)
def chhmc(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-c")
    config = opts.choice("-c", CONFIGS)
    if config == "locale":
        from .lshmc import LOCALES

        opts.require("-l")
        t.hmc.console.locale = opts.choice("-l", LOCALES)
        return 0
    opts.require("-s")
    state = opts.get("-s")
    if config in SWITCHES:
        _switch(t, SWITCHES[config], state)
    elif config == "xntp":
        _xntp(t, opts, state)
    elif config == "syslog":
        _syslog(t, opts, state)
    elif config == "network":
        _network(t, opts, state)
    elif config == "netroute":
        _netroute(t, opts, state)
    else:  # date, kerberos, sol: not held by the model
        raise HmcError(NOT_MODELLED.format(what=config))
    return 0

