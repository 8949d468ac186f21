"""ioscli lsdev, lspv, lsvg, lsnports, chkdev: the VIOS's devices as harness/world/vios_maps.py holds them.

[V layouts: ``lsdev -virtual`` "name             status      description" with virtual adapters by name,
then the VTDs, then the SEAs (a captured listing); ``lspv`` NAME/PVID/VG/STATUS columns (captures).
I: the other layouts, the descriptions of the physical adapters.]
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import vios_maps
from .common import FLAG, MANY, ONE, aix_command, out_lines, parse, table, usage_error, vios

LSDEV_USAGE = """Usage: lsdev [-type DeviceType ...] [-virtual] [-state DeviceState] [-field FieldName ...]
             [-fmt Delimiter]
       lsdev {-dev DeviceName | -plc PhysicalLocationCode} [-child] [-parent] [-attr [Attribute]]
             [-field FieldName ...] [-fmt Delimiter]
"""  # [V syntax, I layout]
LSPV_USAGE = "Usage: lspv [-avail | -free | -size] [-field FieldName ...] [-fmt Delimiter]\n"  # [V syntax]
LSVG_USAGE = "Usage: lsvg [-map | -lv | -pv] [VolumeGroup ...]\n"  # [I]
CHKDEV_USAGE = "Usage: chkdev {-dev DeviceName | -plc PhysicalLocationCode} [-verbose] [-field FieldName ...] " \
               "[-fmt Delimiter]\n"  # [V syntax]
LSDEV_COLUMNS = [("name", "name", 17), ("status", "status", 12), ("description", "description", 0),
                 ("physloc", "physloc", 0), ("parent", "parent", 0)]
TYPES = ("adapter", "disk", "sea", "ent4sea", "vent4sea", "tty", "vtd", "lv", "optical", "tape", "ent4ip")


def inventory(system, part) -> list[dict[str, str]]:
    """Every device ioscli lsdev knows on the VIOS, in listing order, with class, type and location."""
    st = vios_maps.state(system, part)
    seas = st["seas"]
    in_sea = {s["phys"] for s in seas} | {v for s in seas for v in s["virts"]}
    out: list[dict[str, str]] = []
    for s in sorted(vios_maps.ioslots.owned_slots(system, part), key=lambda s: s["bus_id"]):
        for dev in s.get("devices", []):
            cls = "bus" if dev.startswith("pci") else "adapter"
            kind = "ent4sea" if dev.startswith("ent") and dev not in in_sea else ""
            out.append(_dev(dev, s["description"] if cls == "adapter" else "PCI Express Bus", cls,
                            f"{s['drc_name']}-T1" if cls == "adapter" else s["drc_name"], kind=kind))
    for d in st["disks"]:
        out.append(_dev(d["name"], d["description"], "disk", d["physloc"]))
    virtual = []
    for name, a in vios_maps.virtual_eths(system, part):
        virtual.append(_dev(name, "Virtual I/O Ethernet Adapter (l-lan)", "adapter",
                            f"{vios_maps.adapter_physloc(system, part, a)}-T1", virtual=True,
                            kind="" if name in in_sea else "vent4sea"))
    virtual.append(_dev("vasi0", "Virtual Asynchronous Services Interface (VASI)", "adapter", "", virtual=True))
    virtual.append(_dev("vbsd0", "Virtual Block Storage Device (VBSD)", "adapter", "", virtual=True))
    for name, a in vios_maps.vfchosts(system, part):
        virtual.append(_dev(name, "Virtual FC Server Adapter", "adapter",
                            vios_maps.adapter_physloc(system, part, a), virtual=True))
    for name, a in vios_maps.vhosts(system, part):
        virtual.append(_dev(name, "Virtual SCSI Server Adapter", "adapter",
                            vios_maps.adapter_physloc(system, part, a), virtual=True))
    virtual.append(_dev("vsa0", "LPAR Virtual Serial Adapter", "adapter",
                        f"{vios_maps.ioslots.virtual_drc_name(system, part.id, 0)}", virtual=True))
    out += sorted(virtual, key=lambda d: vios_maps.natural_key(d["name"]))
    hosts = {a["slot_num"]: n for n, a in vios_maps.vhosts(system, part)}
    for v in vios_maps.vtds(system, part):
        out.append(_dev(v["name"], "Virtual Target Device - Disk", "vtd", "", virtual=True,
                        parent=hosts.get(v["slot"], "")))
    for s in seas:
        out.append(_dev(s["name"], "Shared Ethernet Adapter", "sea", "", virtual=True, kind="sea"))
    out.append(_dev("vty0", "Asynchronous Terminal", "tty", f"{vios_maps.ioslots.virtual_drc_name(system, part.id, 0)}-L0",
                    kind="tty"))
    return out


def _dev(name, description, cls, physloc, virtual=False, kind="", parent="") -> dict[str, str]:
    return {"name": name, "status": "Available", "description": description, "class": cls, "physloc": physloc,
            "virtual": "1" if virtual else "", "kind": kind, "parent": parent}


def _of_type(d: dict[str, str], kind: str) -> bool:
    if kind in ("adapter", "disk", "vtd", "tty"):
        return d["class"] == kind or d["kind"] == kind
    return d["kind"] == kind


@aix_command
def lsdev(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-type": MANY, "-virtual": FLAG, "-state": ONE, "-field": MANY, "-fmt": ONE, "-dev": ONE,
                    "-plc": ONE, "-child": FLAG, "-parent": FLAG, "-attr": FLAG},
              LSDEV_USAGE)
    if o[""] and "-attr" not in o:
        usage_error(ctx, LSDEV_USAGE)
    devs = inventory(system, part)
    fields, fmt = o.get("-field"), o.get("-fmt")
    if "-dev" in o or "-plc" in o:
        key, want = ("name", o["-dev"]) if "-dev" in o else ("physloc", o["-plc"])
        found = [d for d in devs if d[key] == want]
        if not found:
            ctx.error(f'Device "{want}" is not in AVAILABLE state.\n' if key == "name"
                      else f'No device found with physical location code "{want}".\n')  # [U]
            return 1
        dev = found[0]
        if "-attr" in o:
            return _attrs(ctx, system, part, dev, list(o[""]))  # type: ignore[arg-type]
        if "-child" in o:
            devs = [d for d in devs if d["parent"] == dev["name"]]
        elif "-parent" in o:
            devs = [d for d in devs if d["name"] == dev["parent"]]
        else:
            devs = found
        out_lines(ctx, table(devs, LSDEV_COLUMNS[:3], fields, fmt))  # type: ignore[arg-type]
        return 0
    for t in o.get("-type", []):  # type: ignore[union-attr]
        if t not in TYPES:
            ctx.error(f'"{t}" is not a valid device type.\n')  # [U]
            return 1
    if "-type" in o:
        devs = [d for d in devs if any(_of_type(d, t) for t in o["-type"])]  # type: ignore[union-attr]
    if "-virtual" in o:
        devs = [d for d in devs if d["virtual"]]
    if "-state" in o:
        devs = [d for d in devs if d["status"].lower() == str(o["-state"]).lower()]
    devs = [d for d in devs if d["class"] != "bus"] if "-type" not in o else devs
    out_lines(ctx, table(devs, LSDEV_COLUMNS[:3], fields, fmt))  # type: ignore[arg-type]
    return 0


def attributes(system, part, dev: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(attribute, value, description, user_settable) of a device [I: the usual hdisk/adapter attributes]."""
    name = dev["name"]
    if dev["class"] == "disk":
        d = vios_maps.disk(system, part, name) or {}
        return [("PCM", "PCM/friend/sas", "Path Control Module", "False"),
                ("algorithm", "fail_over", "Algorithm", "True"),
                ("pvid", f"{d.get('pvid', 'none')}0000000000000000", "Physical volume identifier", "False"),
                ("queue_depth", "8", "Queue DEPTH", "True"),
                ("reserve_policy", "single_path", "Reserve Policy", "True"),
                ("size_in_mb", str(d.get("size_mb", 0)), "Size in Megabytes", "False")]
    if dev["class"] == "vtd":
        v = next(x for x in vios_maps.vtds(system, part) if x["name"] == name)
        return [("LogicalUnitAddr", vios_maps.lun_text(v["lun"]), "Logical Unit Address", "False"),
                ("aix_tdev", v["backing"], "Target Device Name", "False"),
                ("mirrored", "false", "Metro/Global Mirror", "True")]
    if dev["kind"] == "sea":
        s = next(x for x in vios_maps.state(system, part)["seas"] if x["name"] == name)
        return [("ctl_chan", "", "Control Channel adapter for SEA failover", "True"),
                ("ha_mode", "disabled", "High Availability Mode", "True"),
                ("pvid", str(s["default_id"]), "PVID to use for the SEA device", "True"),
                ("pvid_adapter", s["default"], "Default virtual adapter to use for non-VLAN-tagged packets", "True"),
                ("real_adapter", s["phys"], "Physical adapter associated with the SEA", "True"),
                ("virt_adapters", ",".join(s["virts"]), "List of virtual adapters associated with the SEA (comma "
                 "separated)", "True")]
    return [("interface_type", "virtual" if dev["virtual"] else "physical", "Adapter type", "False")]


def _attrs(ctx: CommandContext, system, part, dev: dict[str, str], names: list[str]) -> int:
    rows = attributes(system, part, dev)
    if names:
        got = [r for r in rows if r[0] == names[0]]
        if not got:
            ctx.error(f'"{names[0]}" is not a valid attribute for device {dev["name"]}.\n')  # [U]
            return 1
        # [V] a single attribute: its value under a "value" heading and a blank line
        out_lines(ctx, ["value", "", got[0][1]])
        return 0
    widths = [max(len(r[i]) for r in rows + [("attribute", "value", "description", "user_settable")]) + 1
              for i in range(3)]
    head = ("attribute", "value", "description", "user_settable")
    lines = ["".join(f"{h:<{w}}" for h, w in zip(head[:3], widths)) + head[3], ""]
    lines += ["".join(f"{v:<{w}}" for v, w in zip(r[:3], widths)) + r[3] for r in rows]
    out_lines(ctx, lines)
    return 0


# ---- lspv / lsvg -----------------------------------------------------------------------------------------
@aix_command
def lspv(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-avail": FLAG, "-free": FLAG, "-size": FLAG, "-field": MANY, "-fmt": ONE}, LSPV_USAGE)
    if len([k for k in ("-avail", "-free", "-size") if k in o]) > 1:
        usage_error(ctx, LSPV_USAGE)
    disks = vios_maps.state(system, part)["disks"]
    fields, fmt = o.get("-field"), o.get("-fmt")
    if o[""]:
        return _lspv_one(ctx, system, part, str(o[""][0]))  # type: ignore[index]
    if "-free" in o or "-avail" in o or "-size" in o:
        if "-free" in o:
            disks = [d for d in disks if not vios_maps.disk_in_use(system, part, d)]
        elif "-avail" in o:
            disks = [d for d in disks if not d["vg"]]
        rows = [{"name": d["name"], "pvid": d["pvid"], "size": str(d["size_mb"])} for d in disks]
        cols = [("name", "NAME", 16), ("pvid", "PVID", 36), ("size", "SIZE(megabytes)", 0)]  # [I]
        out_lines(ctx, table(rows, cols, fields, fmt))  # type: ignore[arg-type]
        return 0
    rows = [{"name": d["name"], "pvid": d["pvid"], "vg": d["vg"] or "None", "status": "active" if d["vg"] else ""}
            for d in disks]
    cols = [("name", "NAME", 17), ("pvid", "PVID", 37), ("vg", "VG", 17), ("status", "STATUS", 0)]  # [V]
    out_lines(ctx, table(rows, cols, fields, fmt))  # type: ignore[arg-type]
    return 0


def _lspv_one(ctx: CommandContext, system, part, name: str) -> int:
    d = vios_maps.disk(system, part, name)
    if d is None:
        ctx.error(f"0516-1396 lspv: The physical volume {name}, was not found in the\n"
                  "system database.\n")  # [I] AIX lspv's message
        return 1
    total = d["size_mb"] // PP_MB
    used = total - _vg_pps(system, part, d["vg"])[1] if d["vg"] else 0
    vg = d["vg"] or "None"
    lines = [f"PHYSICAL VOLUME:    {name:<24}VOLUME GROUP:     {vg}",
             f"PV IDENTIFIER:      {d['pvid']} VG IDENTIFIER     ",
             f"PV STATE:           {'active' if d['vg'] else '':<24}",
             f"TOTAL PPs:          {total} ({d['size_mb']} megabytes)",
             f"FREE PPs:           {total - used} ({(total - used) * PP_MB} megabytes)",
             f"USED PPs:           {used} ({used * PP_MB} megabytes)"]  # [I] AIX lspv layout
    out_lines(ctx, lines)
    return 0


PP_MB = 64  # rootvg's physical partition size, the AIX model's (harness/world/storage.py)
SYSTEM_LVS = (("hd5", "boot", 1, "closed/syncd", "N/A"), ("hd6", "paging", 8, "open/syncd", "N/A"),
              ("hd8", "jfs2log", 1, "open/syncd", "N/A"))  # [I] the usual rootvg LVs besides filesystems


def _vg_pps(system, part, vg: str) -> tuple[int, int]:
    """(total, free) physical partitions of a VG; rootvg's free space is the VIOS OS's own."""
    members = [d for d in vios_maps.state(system, part)["disks"] if d["vg"] == vg]
    total = sum(d["size_mb"] // PP_MB for d in members)
    free = min(total, part.os.vg_free_mb // PP_MB) if vg == "rootvg" else total
    return total, free


def _lv_rows(system, part, vg: str) -> list[tuple[str, str, int, str, str]]:
    """(name, type, PPs, state, mount point) of a VG's LVs: rootvg's system LVs and the OS's filesystems
    (the AIX model's), then the LVs mklv made."""
    rows = list(SYSTEM_LVS) if vg == "rootvg" else []
    if vg == "rootvg":
        rows += [(f.lv, f.vfs, -(-f.size_blocks // (PP_MB * 2048)), "open/syncd", f.mount)
                 for f in part.os.filesystems if f.lv]
    for x in vios_maps.state(system, part).get("lvs", []):
        if x["vg"] == vg:
            used = vios_maps.vtd_for_backing(system, part, x["name"]) is not None
            rows.append((x["name"], "jfs", x["size_mb"] // PP_MB, "open/syncd" if used else "closed/syncd",
                         "N/A"))  # [I] a backing LV's type and state
    return rows


@aix_command
def lsvg(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-map": FLAG, "-lv": FLAG, "-pv": FLAG, "-field": MANY, "-fmt": ONE}, LSVG_USAGE)
    disks = vios_maps.state(system, part)["disks"]
    vgs = sorted({d["vg"] for d in disks if d["vg"]})
    names = list(o[""])  # type: ignore[arg-type]
    if not names:
        out_lines(ctx, vgs)
        return 0
    for vg in names:
        if vg not in vgs:
            ctx.error(f"0516-306 lsvg: Unable to find volume group {vg} in the Device\n"
                      "        Configuration Database.\n")  # [I] AIX lsvg's message
            return 1
    for vg in names:
        members = [d for d in disks if d["vg"] == vg]
        total, free = _vg_pps(system, part, vg)
        if "-pv" in o:
            ctx.writeln(f"{vg}:")
            ctx.writeln("PV_NAME           PV STATE          TOTAL PPs   FREE PPs    FREE DISTRIBUTION")
            for d in members:
                ctx.writeln(f"{d['name']:<18}{'active':<18}{total:<12}{free:<12}"
                            f"{free // 5:02d}..{free // 5:02d}..{free // 5:02d}..{free // 5:02d}..{free - 4 * (free // 5):02d}")
            continue
        rows = _lv_rows(system, part, vg)
        if "-lv" in o:
            ctx.writeln(f"{vg}:")
            ctx.writeln("LV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT")
            for name, kind, pps, lvstate, mount in rows:
                ctx.writeln(f"{name:<20}{kind:<11}{pps:<8}{pps:<8}{1:<5}{lvstate:<14}{mount}")
            continue
        nlv, nopen = len(rows), sum(1 for r in rows if r[3].startswith("open"))
        ctx.writeln(f"VOLUME GROUP:       {vg:<24}VG IDENTIFIER:  {members[0]['pvid']}0000000000000000")
        ctx.writeln(f"VG STATE:           {'active':<24}PP SIZE:        {PP_MB} megabyte(s)")
        ctx.writeln(f"VG PERMISSION:      {'read/write':<24}TOTAL PPs:      {total} ({total * PP_MB} megabytes)")
        ctx.writeln(f"MAX LVs:            {256:<24}FREE PPs:       {free} ({free * PP_MB} megabytes)")
        ctx.writeln(f"LVs:                {nlv:<24}USED PPs:       {total - free} ({(total - free) * PP_MB} megabytes)")
        ctx.writeln(f"OPEN LVs:           {nopen:<24}QUORUM:         2 (Enabled)")
        ctx.writeln(f"TOTAL PVs:          {len(members):<24}VG DESCRIPTORS: {2 * len(members)}")
        ctx.writeln(f"ACTIVE PVs:         {len(members):<24}AUTO ON:        yes")  # [I] AIX lsvg layout
    return 0


MKLV_USAGE = "Usage: mklv [-mirror] [-lv NewLogicalVolume | -prefix Prefix] VolumeGroup Size\n" \
             "            [PhysicalVolume ...]\n"  # [V syntax]


@aix_command
def mklv(ctx: CommandContext) -> int:
    """mklv [-lv Name] VG Size: an LV in rootvg, from the free space chfs also draws on."""
    import re

    from ..world.errors import WorldError

    system, part = vios(ctx)
    o = parse(ctx, {"-lv": ONE, "-prefix": ONE, "-mirror": FLAG, "-type": ONE}, MKLV_USAGE)
    args = list(o[""])  # type: ignore[arg-type]
    if len(args) < 2:
        usage_error(ctx, MKLV_USAGE)
    vg, size = args[0], args[1]
    m = re.fullmatch(r"(\d+)([MmGg]?)", size)
    if not m:
        ctx.error(f'"{size}" is not a valid size.\n')  # [U]
        return 1
    mb = int(m.group(1)) * (1024 if m.group(2).lower() == "g" else 1)
    try:
        entry = vios_maps.make_lv(system, part, vg, mb, o.get("-lv"))  # type: ignore[arg-type]
    except WorldError as e:
        if e.code == "no_vg":
            ctx.error(f"0516-306 getlvodm: Unable to find volume group {vg} in the Device\n"
                      "        Configuration Database.\n")  # [I]
        elif e.code == "vg_full":
            from ..aix.messages import ALLOCP_FAILED
            ctx.error(ALLOCP_FAILED + "\n0516-822 mklv: Unable to create logical volume.\n")  # [I] second line
        elif e.code == "dev_exists":
            ctx.error("0516-360 getlvname: The device name is already used; choose a\n"
                      "\tdifferent name.\n0516-822 mklv: Unable to create logical volume.\n")  # [I]
        else:
            ctx.error(f'"{size}" is not a valid size.\n')  # [U]
        return 1
    ctx.writeln(entry["name"])  # [V] a capture: "ioscli mklv -lv rootvg_20G rootvg 20G" prints rootvg_20G
    return 0


@aix_command
def rmlv(ctx: CommandContext) -> int:
    from ..world.errors import WorldError

    system, part = vios(ctx)
    o = parse(ctx, {"-f": FLAG}, "Usage: rmlv [-f] LogicalVolume ...\n")
    names = list(o[""])  # type: ignore[arg-type]
    if not names:
        usage_error(ctx, "Usage: rmlv [-f] LogicalVolume ...\n")
    for name in names:
        if "-f" not in o:
            ctx.write(f"Warning, all data contained on logical volume {name} will be destroyed.\n"
                      "rmlv: Do you wish to continue? y(es) n(o)? ")  # [I] AIX rmlv's question
            if not ctx.stdin.strip().lower().startswith("y"):
                ctx.writeln("")
                return 1
        try:
            vios_maps.remove_lv(system, part, name)
        except WorldError as e:
            if e.code == "lv_mapped":
                ctx.error(f"0516-1008 rmlv: Logical volume {name} must be closed.  If the logical\n"
                          "\tvolume contains a filesystem, the umount command will close\n"
                          "\tthe LV device.\n0516-884 rmlv: Unable to remove logical volume "
                          f"{name}.\n")  # [I]
            else:
                ctx.error(f"0516-306 getlvodm: Unable to find  {name} in the Device\n"
                          "        Configuration Database.\n0516-884 rmlv: Unable to remove logical volume "
                          f"{name}.\n")  # [I]
            return 1
        ctx.writeln(f"rmlv: Logical volume {name} is removed.")  # [I] AIX rmlv's message
    return 0


# ---- lsnports / chkdev ---------------------------------------------------------------------------------------
@aix_command
def lsnports(ctx: CommandContext) -> int:
    """NPIV-capable FC ports the VIOS owns; a mapped port has one port and two WWPNs fewer available
    [I layout from IBM's example: numbers right-aligned under "fabric tports aports swwpns  awwpns"]."""
    system, part = vios(ctx)
    o = parse(ctx, {"-field": MANY, "-fmt": ONE}, "Usage: lsnports [-field FieldName ...] [-fmt Delimiter]\n")
    mapped = [m["fcs"] for m in vios_maps.state(system, part)["vfc"]]
    rows = [{"name": n, "physloc": f"{s['drc_name']}-T1", "fabric": "1", "tports": "64",
             "aports": str(64 - mapped.count(n)), "swwpns": "2048", "awwpns": str(2048 - 2 * mapped.count(n))}
            for n, s in vios_maps.fc_ports(system, part)]
    if not rows:
        return 0  # [I] no NPIV-capable port: nothing at all
    fields, fmt = o.get("-field"), o.get("-fmt")
    if fields or fmt is not None:
        cols = [(k, k, 0) for k in ("name", "physloc", "fabric", "tports", "aports", "swwpns", "awwpns")]
        out_lines(ctx, table(rows, cols, fields, fmt, header=fmt is None))  # type: ignore[arg-type]
        return 0
    ctx.writeln("name             physloc                        fabric tports aports swwpns  awwpns")
    for r in rows:
        ctx.writeln(f"{r['name']:<17}{r['physloc']:<31}{r['fabric']:>6} {r['tports']:>6} {r['aports']:>6} "
                    f"{r['swwpns']:>6} {r['awwpns']:>7}")
    return 0


@aix_command
def chkdev(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-dev": ONE, "-plc": ONE, "-verbose": FLAG, "-field": MANY, "-fmt": ONE}, CHKDEV_USAGE)
    if o[""] or ("-dev" in o) == ("-plc" in o):
        usage_error(ctx, CHKDEV_USAGE)
    d = vios_maps.disk(system, part, str(o["-dev"])) if "-dev" in o else next(
        (x for x in vios_maps.state(system, part)["disks"] if x["physloc"] == o["-plc"]), None)
    if d is None:
        ctx.error(f'Device "{o.get("-dev") or o.get("-plc")}" is not a disk.\n')  # [U]
        return 1
    vtd = vios_maps.vtd_for_backing(system, part, d["name"])
    ident = f"3E213600A0B8000{d['pvid'].upper()}0F1815      FAStT03IBMsas"  # [I] a UDID-shaped identifier
    rows = [("NAME", d["name"]), ("IDENTIFIER", ident),
            ("PHYS2VIRT_CAPABLE", "NA" if vtd or d["vg"] else "YES"),
            ("VIRT2NPIV_CAPABLE", "YES" if vtd else "NA"),
            ("VIRT2PHYS_CAPABLE", "YES" if vtd else "NA")]
    if "-verbose" in o:
        rows += [("PVID", f"{d['pvid']}0000000000000000"), ("UDID", ident), ("IEEE", ""),
                 ("VTD", vtd["name"] if vtd else "")]
    if o.get("-fmt") is not None:
        ctx.writeln(str(o["-fmt"]).join(v for _, v in rows))
        return 0
    out_lines(ctx, [f"{k + ':':<21}{v}" for k, v in rows] + [""])  # [V layout from IBM's chkdev example]
    return 0
