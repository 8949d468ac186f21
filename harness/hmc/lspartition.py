"""lspartition -dlpar | -i | -ix: the raw RMC data of LparCmdRM (an internal HMC command) [V RSCT doc].

One entry per ManagedNode slot of this HMC (slot N = the Nth partition that ever registered, so the
indexes have gaps) [V samples #0,#1,#2,#4]:

    <#5> LPAR:<24*9117-MMB*10284FP, ,>
           Active:<1>, OS:<AIX, 6.1, 6100-05-01-1016>, DCaps:<0x0>, CmdCaps:<0x0, 0x0>, PinnedMem:<768>

The word is "LPAR" on the seed's V7 HMC and "Partition" later (HmcLevel.lspartition_word) [V].
"""

from __future__ import annotations

from collections.abc import Iterator

from ..shell.command import CommandContext
from ..world.causes import hmcside
from ..world.hmc import ManagedNode
from ..world.rmc import RmcView
from ..world.system import ManagedSystem, Partition
from .boundary import hmc_command
from .messages import error
from .targets import HmcTarget

# [V] bond-huang copy of the usage text (descriptions); [I] the layout
USAGE = """Usage: lspartition [-dlpar | -sfp | -i | -ix | -c <Machine Type, Model, and Serial>]
  -dlpar  Lists partitions with RMC connection as known by LparCmdRM
  -sfp    Lists partitions with RMC connection as known by SFP's ServiceRM
  -i      Invoked by InvScout directly. Return format: <LParID,IPaddress,active;>
  -ix     Invoked by InvScout directly for ext data. Return format:
          <LParID,IPaddress,active,hostname,OStype,OSlevel;>
"""
SUMMARY = "list the partitions' RMC connection data (internal command)"
FLAGS = ("-dlpar", "-i", "-ix", "-c", "-dlparreset")
INDENT = " " * 7  # [V] real terminal captures indent the second line by seven spaces


def _entries(t: HmcTarget) -> Iterator[tuple[int, ManagedNode, ManagedSystem, Partition, RmcView]]:
    mine = {s.name: s for s in t.systems()}
    for slot, node in enumerate(t.hmc.managed_nodes):
        if node is None or node.system not in mine:
            continue
        system = mine[node.system]
        part = system.partitions.get(node.lpar_id)
        if part is None:
            continue
        yield slot, node, system, part, t.view(system, part)


def dlpar_entry(t: HmcTarget, slot: int, system: ManagedSystem, part: Partition, view: RmcView) -> str:
    word = t.hmc.level.lspartition_word
    # fields joined by ", "; with no address the trailing blank goes: "<24*9117-MMB*10284FP, ,>" [V seed]
    ident = f"{part.id}*{system.type_model}*{system.serial}, {t.show(view.hostname)}, {t.show(view.ipaddr)}"
    line1 = f"<#{slot}> {word}:<{ident.rstrip(' ')}>"
    if view.active and view.os_type:
        os_type, version = os_identity(view)
        os_field = f"{os_type}, {version}, {view.oslevel}"
    else:
        os_field = " , , "  # [V] inactive / unknown OS: "OS:< , , >"
    line2 = (f"{INDENT}Active:<{int(view.active)}>, OS:<{os_field}>, DCaps:<{caps_hex(view.dcaps)}>, "
             f"CmdCaps:<{caps_hex(view.cmdcaps[0])}, {caps_hex(view.cmdcaps[1])}>, PinnedMem:<{view.pinned_mem}>")
    return f"{line1}\n{line2}\n"


def caps_hex(value: int) -> str:
    """Capability words print with at least two hex digits (0x0b, 0x1b, 0x2c5f), but zero is 0x0
    [V: samples `CmdCaps:<0x0b, 0x0b>` and the seed's `DCaps:<0x0>, CmdCaps:<0x0, 0x0>`]."""
    return f"0x{value:02x}" if value else "0x0"


def os_identity(view: RmcView) -> tuple[str, str]:
    """(OS type, version) as LparCmdRM has them. A VIOS reports its AIX underneath: `AIX, 6.1,
    6100-09-07-1614` for a VIOS 2.2 [V bond-huang 03-HMC-RMC: DCaps 0x14f9f, 8286-42A]; a VIOS 3.1
    alike with 7.2 [I]."""
    if view.os_type == "VIOS" and view.oslevel[:2].isdigit():
        return "AIX", f"{view.oslevel[0]}.{view.oslevel[1]}"
    return view.os_type, view.os_version


def active_flag(view: RmcView) -> int:
    """-i/-ix's active field: 0 or 3 in captures [V bond-huang `1,9.200.104.108,3`]. [I] the meaning:
    bit 0 an RMC session, bit 1 DLPAR capabilities (DCaps non-zero)."""
    return (1 if view.active else 0) | (2 if view.active and view.dcaps else 0)


def _inventory(t: HmcTarget, extended: bool, mtms: str | None) -> str:
    """-i / -ix: one line of ';'-separated records `LParID,IPaddress,active[,hostname,OStype,OSlevel]`
    [V bond-huang: `12,9.200.104.174,0;5,...,0`, `12,9.200.104.174,0,,AIX,7.1;...`]. The OS fields are
    what the partition last reported (shown while inactive too), OSlevel the version (7.1) [V]."""
    recs = []
    for _slot, _node, system, part, view in _entries(t):
        if mtms is not None and mtms not in (f"{system.type_model}_{system.serial}", system.mtms):
            continue
        fields = [str(part.id), view.ipaddr, str(active_flag(view))]
        if extended:
            os_type, version = os_identity(view)
            fields += [view.hostname, os_type, version]
        recs.append(",".join(fields))
    return ";".join(recs) + "\n"


@hmc_command(USAGE)
def lspartition(ctx: CommandContext, t: HmcTarget) -> int:
    args = ctx.argv[1:]
    if not args:
        ctx.write(USAGE)  # [I] no option: the usage text
        return 1
    if args == ["-dlparreset"] and t.level == "V7":
        # [V T1020611] V7's reset of the HMC's RMC (diagrmc --autocorrect replaced it in V8, where the
        # flag is an invalid parameter [I]); silent on success [I]. Sessions return on the next polls.
        hmcside.reset(t.world, t.hmc, t.systems())
        return 0
    mtms = None
    if "-c" in args:
        # [V-client] `lspartition -c 9179-MHD_65B5E1C -ix`: one managed system's partitions
        i = args.index("-c")
        if i + 1 >= len(args):
            raise error("invalid_parameter", name="-c")
        mtms = args[i + 1]
        args = args[:i] + args[i + 2:]
    for arg in args:
        if arg not in ("-dlpar", "-i", "-ix"):
            raise error("invalid_parameter", name=arg)
    if not args:
        ctx.write(USAGE)
        return 1
    mode = args[-1]
    if mode == "-dlpar":
        ctx.write("".join(dlpar_entry(t, slot, system, part, view)
                          for slot, _node, system, part, view in _entries(t)))
    else:
        ctx.write(_inventory(t, mode == "-ix", mtms))
    return 0
