"""What a client partition's AIX sees of the disks its VIOSes map to it (issue 12: a disk mapped with
``mkvdev`` on the VIOS appears as an hdisk in the client's ``lspv``).

The VIOS side (vios_maps.client_virtual_disks) is the truth; the client's LVM model (lvm.py) holds the
disks AIX has configured. ``sync`` brings the second in line with the first, as cfgmgr would: new
mappings become new hdisks, removed ones disappear unless a volume group still uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import lvm, vios_maps

if TYPE_CHECKING:
    from .system import Partition
    from .world import World

ORIGIN = "vscsi:"


def sync(world: "World", part: "Partition") -> None:
    os = part.os
    if os is None or world.system_of(part) is None:
        return
    mapped = vios_maps.client_virtual_disks(world, part)
    # the first mapped disk is the client's own rootvg disk, hdisk0 of its LVM model already
    wanted = {f"{ORIGIN}{d.vios}/{d.vtd}": d for d in mapped[1:]}
    model = lvm.model(os)
    present = {pv.origin: pv for pv in model.pvs if pv.origin.startswith(ORIGIN)}
    for origin, pv in present.items():
        if origin not in wanted and pv.vg == "":
            lvm.remove_pv(os, pv.name)
    taken = {pv.name for pv in model.pvs}
    n = 0
    for origin, disk in wanted.items():
        if origin in present:
            continue
        while f"hdisk{n}" in taken:
            n += 1
        name = f"hdisk{n}"
        taken.add(name)
        lvm.add_pv(os, name, pvid=None if disk.pvid in ("", "none") else disk.pvid,
                   size_mb=disk.size_mb or 51200, origin=origin)
