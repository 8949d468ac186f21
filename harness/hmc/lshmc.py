"""lshmc -V | -v | -n [-F [names] [--header]]: the HMC's version, VPD and network settings."""

from __future__ import annotations

import re

from ..shell.command import CommandContext
from ..world.network import route_network
from .attributes import listing
from .boundary import hmc_command
from .formatting import record, render
from .options import FLAG, OPTIONAL, parse
from .targets import HmcTarget

USAGE = """Usage: lshmc {-V | -v | -n} [-F [attribute-names] [--header]] [--help]
"""  # [I] layout; the P9 man page lists many more flags (-b -D -e -h -i -l -L -r ...)
SPEC = {"-V": FLAG, "-v": FLAG, "-n": FLAG, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
SUMMARY = "list the HMC's version, vital product data and network settings"
FLAGS = ("-V", "-v", "-n", "-F", "--header")


def _network_values(t: HmcTarget) -> dict[str, str | list[str]]:
    hmc = t.hmc
    ifaces = hmc.net.interfaces
    eth0 = ifaces[0] if ifaces else None
    gateway = next((r.gateway for r in hmc.net.routes if route_network(r.destination).prefixlen == 0), "")

    def lst(values: list[str]) -> str | list[str]:
        return values[0] if len(values) == 1 else values

    return {
        "hostname": hmc.hostname,
        "domain": hmc.domain,
        "ipaddr": lst([i.ip for i in ifaces]),  # [V] "ipaddr=a,b" with two adapters
        "networkmask": lst([i.netmask for i in ifaces]),
        "gateway": gateway,
        "nameserver": "",
        "domainsuffix": "",
        "slipipaddr": "10.253.0.1",  # [I] the HMC's fixed SLIP defaults
        "slipnetmask": "255.255.0.0",
        "ipaddrlpar": eth0.ip if eth0 else "",
        "networkmasklpar": eth0.netmask if eth0 else "",
        "clients": "",
        "ipv6addrlpar": "",
        "ipv4addr_eth0": eth0.ip if eth0 else "",
        "ipv4netmask_eth0": eth0.netmask if eth0 else "",
        "ipv4dhcp_eth0": "off",
        "ipv6addr_eth0": "",
        "ipv6auto_eth0": "off",
        "ipv6privacy_eth0": "off",
        "ipv6dhcp_eth0": "off",
        "lparcomm_eth0": "on",
        "jumboframe_eth0": "off",
        "speed_eth0": "auto",
        "duplex_eth0": "auto",
    }


def _vpd(t: HmcTarget) -> str:
    """[V shape, xCAT comment] one quoted ``vpd=`` field with embedded newlines; values [I]."""
    hmc = t.hmc
    base = re.search(r"base_version=(\S+)", hmc.level.version_text)
    rm = base.group(1) if base else hmc.level_key
    boot = t.world.clock.epoch.strftime("%a %b %d %H:%M:%S UTC %Y")
    lines = ["*FC ????????", "*VC 20.0", f"*N2 {boot}", "*FC ????????", "*DS Hardware Management Console",
             f"*TM {hmc.type_model}", f"*SE {hmc.serial}", "*MN IBM", "*PN Unknown",
             "*SZ 16777216000", "*OS Embedded Operating Systems", f"*NA {hmc.ip}", "*FC ????????",
             "*DS Platform Firmware", f"*RM {rm}"]
    return '"vpd=' + "\n".join(lines) + '\n"\n'


@hmc_command(USAGE)
def lshmc(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    mode = opts.one_of("-V", "-v", "-n")
    if mode == "-V":
        ctx.write(t.hmc.level.version_text)  # [V] exactly as the level table holds it
        return 0
    if mode == "-v":
        ctx.write(_vpd(t))
        return 0
    lst = listing("lshmc.network", t.level)
    # --header without -F is ignored, as in every listing [I]
    ctx.write(render([record(_network_values(t), lst)], lst, opts.get("-F"), opts.flag("--header")))
    return 0
