"""lpar_netboot: read a partition's network adapters (-M -n) or boot it from the network.

  lpar_netboot -M -n [-v] [-x] [-f] -t ent [-T {on|off}] [-D -s speed -d duplex -S server -G gateway
               -C client [-K mask]] partition-name partition-profile managed-system
  lpar_netboot [-A] [-f] [-v] [-x] -t ent [-T {on|off}] [-D] [-s speed] [-d duplex] [-S server]
               [-G gateway] [-C client] [-K mask] [-l location-code | -m MAC] [-g args]
               partition-name partition-profile managed-system

Output lines [V]: xCAT's comments and an ansible capture of `-M -n -f -t ent` (`# Connecting to X.`,
`# Connected`, `# Checking for power off.`, `# Power off complete.`, `# Power on X to Open Firmware.`,
`# Power on complete.`, `# Getting adapter location codes.`, the tab-separated header, then
`ent U9008.22L.7878B8A-V17-C2-T1 c2df96c79102 /vdevice/l-lan@30000002 n/a virtual`); a boot's lines
from a NIM walkthrough (`# Client IP address is ...`, `# /vdevice/l-lan@30000002 ping successful.`,
`# Network booting install adapter.`, `# bootp sent over network.`, `# Network boot proceeding,
lpar_netboot is exiting.`, `# Finished.`). The Ping Result/Device Type columns are missing on older
HMCs (xCAT: "appears with some versions"): [I] V7 prints neither. The states and reference codes move
on the virtual clock (harness/world/netboot.py); the command returns at once [I].
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import ioslots as io, netboot
from .boundary import hmc_command
from .messages import error
from .options import FLAG, VALUE, Options, parse
from .targets import HmcTarget

USAGE = """Usage: lpar_netboot -M -n [-v] [-x] [-f] [-i] [-A] -t ent [-T {on|off}] [-D -s speed -d duplex
                    -S server -G gateway -C client [-K subnetmask]]
                    partition-name partition-profile managed-system
       lpar_netboot [-v] [-x] [-f] [-i] [-g args] [-A] -t ent [-T {on|off}] [-D] [-s speed]
                    [-d duplex] [-S server] [-G gateway] [-C client] [-K subnetmask]
                    [-l physical-location-code | -m MAC-address]
                    partition-name partition-profile managed-system
"""  # [I] layout; the forms [V] HMC man page as quoted by xCAT/ziutus command lines

SPEC = {"-M": FLAG, "-n": FLAG, "-v": FLAG, "-x": FLAG, "-f": FLAG, "-i": FLAG, "-A": FLAG, "-D": FLAG,
        "-t": VALUE, "-T": VALUE, "-s": VALUE, "-d": VALUE, "-S": VALUE, "-G": VALUE, "-C": VALUE, "-K": VALUE,
        "-l": VALUE, "-m": VALUE, "-g": VALUE, "-V": VALUE, "-Y": VALUE, "--help": FLAG}
SUMMARY = "discover a partition's network adapters or boot it from the network"
FLAGS = ("-M", "-n", "-t ent", "-T", "-D", "-s", "-d", "-S", "-G", "-C", "-K", "-l", "-m", "-f", "-A", "-v", "-x")


def adapter_line(t: HmcTarget, system, part, a: dict, ping: str) -> str:
    loc = f"{io.virtual_drc_name(system, part.id, a['slot_num'])}-T1"
    path = f"/vdevice/l-lan@{0x30000000 + a['slot_num']:08x}"
    line = f"ent {loc} {a['mac_addr'].lower()} {path}"
    return line if t.level == "V7" else f"{line} {ping} virtual"


def header(t: HmcTarget) -> str:
    if t.level == "V7":
        return "# Type\t Location Code\t MAC Address\t Full Path Name\tPing Result"
    return "# Type\t Location Code\t MAC Address\t Full Path Name\t Ping Result\t Device Type"


def parse_with_operands(argv: list[str]) -> tuple[Options, list[str]]:
    """Options as the other commands parse them, plus the three trailing operands."""
    words, operands, i = [], [], 0
    while i < len(argv):
        word = argv[i]
        if SPEC.get(word) == VALUE:
            words += argv[i:i + 2]
            i += 2
        elif word in SPEC or (word.startswith("-") and word != "-"):
            words.append(word)
            i += 1
        else:
            operands.append(word)
            i += 1
    return parse(words, SPEC), operands


@hmc_command(USAGE)
def lpar_netboot(ctx: CommandContext, t: HmcTarget) -> int:
    opts, operands = parse_with_operands(ctx.argv[1:])
    opts.require("-t")
    opts.choice("-t", ("ent",))
    opts.choice("-T", ("on", "off"))
    opts.choice("-s", ("auto", "10", "100", "1000"))
    opts.choice("-d", ("auto", "half", "full"))
    if len(operands) != 3:
        raise error("missing_parameter", name="partition-name partition-profile managed-system")  # [I]
    lpar_name, profile, system_name = operands
    system = t.system(system_name)
    t.require_connected(system)
    part = t.partition_by_name(system, lpar_name)
    discover = opts.flag("-M") and opts.flag("-n")
    lines = [f"# Connecting to {part.name}.", "# Connected", "# Checking for power off."]
    netboot.start(t.world, system, part, profile, discover_only=discover)  # refuses before anything changes
    lines += ["# Power off complete.", f"# Power on {part.name} to Open Firmware.", "# Power on complete."]
    for flag, what in (("-C", "Client"), ("-S", "Server"), ("-G", "Gateway"), ("-K", "Subnetmask")):
        if opts.has(flag):
            lines.append(f"# {what} IP address is {opts.get(flag)}.")
    lines.append("# Getting adapter location codes.")
    adapters = netboot.eth_adapters(system, part)
    ping = "successful" if opts.flag("-D") and opts.has("-S") else "n/a"  # [I] the column's values
    if discover:
        lines.append(header(t))
        lines += [adapter_line(t, system, part, a, ping) for a in adapters]
        ctx.write("".join(line + "\n" for line in lines))
        return 0
    chosen = adapters
    if opts.has("-m"):
        mac = opts.get("-m").replace(":", "").lower()
        chosen = [a for a in adapters if a["mac_addr"].lower() == mac]
    elif opts.has("-l"):
        chosen = [a for a in adapters if f"{io.virtual_drc_name(system, part.id, a['slot_num'])}-T1" == opts.get("-l")]
    if not chosen:
        netboot.power.deactivate_now(t.world, system, part)  # it stays off, as before a boot [I]
        lines.append("# Unable to find a network adapter to boot from.")  # [I] text
        ctx.write("".join(line + "\n" for line in lines))
        return 1
    path = f"/vdevice/l-lan@{0x30000000 + chosen[0]['slot_num']:08x}"
    if opts.flag("-D"):
        lines.append(f"# {path} ping successful.")
    lines += ["# Network booting install adapter.", "# bootp sent over network.",
              "# Network boot proceeding, lpar_netboot is exiting.", "# Finished."]
    ctx.write("".join(line + "\n" for line in lines))
    return 0
