"""lsmap, mkvdev, rmvdev, rmdev, vfcmap: the VIOS's virtual device mappings (harness/world/vios_maps.py).

Layouts [V: captured ``lsmap -all`` / ``-npiv`` / ``-net`` outputs (SVSA block, VTD/Status/LUN/Backing
device/Physloc/Mirrored lines, NO VIRTUAL TARGET DEVICE FOUND, the NPIV Status/FC name/Flags block);
``-fmt`` field orders as IBM's ansible-power-vios mapping_facts module parses them; exit codes 10/15/16/63
from the same module (E_NODEVPHYSLOC, E_NOTSVSA_S, E_NOTSVEA_S, E_NOTSVFCA_S)].
"""

from __future__ import annotations

from ..shell.command import CommandContext, CommandExit
from ..world import ioslots, vios_maps
from ..world.errors import WorldError
from .common import FLAG, MANY, ONE, aix_command, out_lines, parse, usage_error, vios

LSMAP_USAGE = """Usage: lsmap {-vadapter ServerVirtualAdapter | -plc PhysicalLocationCode | -all}
             [-type BackingDeviceType | -net | -npiv] [-field FieldName ...] [-fmt Delimiter]
"""  # [V syntax, I layout]
MKVDEV_USAGE = """Usage: mkvdev [-f] {-vdev TargetDevice | -dplc TDPhysicalLocationCode}
              {-vadapter VirtualServerAdapter | -aux} [-dev DeviceName]
       mkvdev -sea TargetDevice -vadapter VirtualEthernetAdapter,...
              -default DefaultVirtualEthernetAdapter -defaultid SEADefaultPVID [-attr Attributes=Value ...]
"""  # [V syntax, I layout]
RMVDEV_USAGE = "Usage: rmvdev [-f] {-vdev TargetDevice | -vtd VirtualTargetDevice} [-rmlv]\n"  # [V syntax]
RMDEV_USAGE = "Usage: rmdev {-dev | -pdev} Name [-recursive] [-ucfg]\n"  # [V syntax]
VFCMAP_USAGE = "Usage: vfcmap -vadapter VirtualFibreChannelAdapter -fcp FibreChannelPort\n"  # [V syntax]

E_NODEVPHYSLOC, E_NOTSVSA, E_NOTSVEA, E_NOTSVFCA = 10, 15, 16, 63
LABEL = 22  # "Backing device        hdisk1": labels padded to 22 [V]
NO_VTD = "NO VIRTUAL TARGET DEVICE FOUND"  # [V]
NO_SEA = "NO SHARED ETHERNET ADAPTER FOUND"  # [I] by analogy with NO_VTD
VSCSI_FIELDS = ("svsa", "physloc", "clientid", "vtd", "status", "lun", "backing", "bdphysloc", "mirrored")
NPIV_FIELDS = ("name", "physloc", "clntid", "clntname", "clntos", "status", "fc", "fcphysloc", "ports", "flags",
               "vfcclient", "vfcclientdrc")
NET_FIELDS = ("svea", "physloc", "sea", "backing", "status", "bdphysloc")


def _not_svsa(ctx: CommandContext, name: str) -> None:
    ctx.error(f'Device "{name}" is not a Server Virtual SCSI Adapter (SVSA).\n')  # [I]
    raise CommandExit(E_NOTSVSA)


# ---- lsmap ---------------------------------------------------------------------------------------------
@aix_command
def lsmap(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-all": FLAG, "-vadapter": ONE, "-plc": ONE, "-type": MANY, "-net": FLAG, "-npiv": FLAG,
                    "-field": MANY, "-fmt": ONE, "-dec": FLAG, "-cpid": ONE}, LSMAP_USAGE)
    picks = [k for k in ("-all", "-vadapter", "-plc") if k in o]
    if len(picks) != 1 or o[""] or ("-net" in o and "-npiv" in o):
        usage_error(ctx, LSMAP_USAGE)
    fields = [f.lower() for f in o.get("-field", [])]  # type: ignore[union-attr]
    fmt = o.get("-fmt")
    if "-npiv" in o:
        return _lsmap_npiv(ctx, system, part, o, fields, fmt)
    if "-net" in o:
        return _lsmap_net(ctx, system, part, o, fields, fmt)
    hosts = vios_maps.vhosts(system, part)
    if "-vadapter" in o:
        hosts = [(n, a) for n, a in hosts if n == o["-vadapter"]]
        if not hosts:
            _not_svsa(ctx, str(o["-vadapter"]))
    elif "-plc" in o:
        hosts = [(n, a) for n, a in hosts if vios_maps.adapter_physloc(system, part, a) == o["-plc"]]
        if not hosts:
            ctx.error(f'No device found with physical location code "{o["-plc"]}".\n')  # [U]
            return E_NODEVPHYSLOC
    if "-cpid" in o:
        hosts = [(n, a) for n, a in hosts if str(vios_maps.client_id_shown(system, a)) == o["-cpid"]]
    types = [t.lower() for t in o.get("-type", [])]  # type: ignore[union-attr]
    dec = "-dec" in o
    for name, adapter in hosts:
        rows = [_vtd_row(system, part, v) for v in vios_maps.vtds(system, part, adapter["slot_num"])
                if not types or "disk" in types]
        head = {"svsa": name, "physloc": vios_maps.adapter_physloc(system, part, adapter),
                "clientid": _client_id(vios_maps.client_id_shown(system, adapter), dec)}
        out_lines(ctx, _vscsi_block(head, rows, fields, fmt))
    return 0


def _client_id(cid: int, dec: bool) -> str:
    return str(cid) if dec else f"0x{cid:08x}"


def _vtd_row(system, part, v: dict) -> dict[str, str]:
    d = vios_maps.disk(system, part, v["backing"]) or {}
    # [V] captures: a disk shows its location and "false", a logical volume no location and "N/A"
    return {"vtd": v["name"], "status": "Available", "lun": vios_maps.lun_text(v["lun"]), "backing": v["backing"],
            "bdphysloc": d.get("physloc", ""), "mirrored": "false" if d else "N/A"}


def _vscsi_block(head: dict[str, str], rows: list[dict[str, str]], fields: list[str], fmt) -> list[str]:
    want = [f for f in VSCSI_FIELDS if not fields or f in fields]
    if fmt is not None:
        line = [head[f] or " " for f in VSCSI_FIELDS[:3] if f in want]
        for r in rows:
            line += [r[f] or " " for f in VSCSI_FIELDS[3:] if f in want]
        return [str(fmt).join(line)]
    out = []
    cols = [("svsa", "SVSA", 16, "-" * 15), ("physloc", "Physloc", 45, "-" * 44),
            ("clientid", "Client Partition ID", 0, "-" * 18)]
    cols = [c for c in cols if c[0] in want]
    if cols:
        out.append("".join(f"{c[1]:<{c[2]}}" if c[2] else c[1] for c in cols))
        out.append(" ".join(c[3] for c in cols))
        out.append("".join(f"{head[c[0]]:<{c[2]}}" if c[2] else head[c[0]] for c in cols))
        out.append("")
    labels = [("vtd", "VTD"), ("status", "Status"), ("lun", "LUN"), ("backing", "Backing device"),
              ("bdphysloc", "Physloc"), ("mirrored", "Mirrored")]
    if not rows:
        if "vtd" in want:
            out += [f"{'VTD':<{LABEL}}{NO_VTD}", ""]
        return out
    for r in rows:
        out += [f"{label:<{LABEL}}{r[f]}" for f, label in labels if f in want]
        out.append("")
    return out


def _lsmap_npiv(ctx, system, part, o, fields, fmt) -> int:
    hosts = vios_maps.vfchosts(system, part)
    if "-vadapter" in o:
        hosts = [(n, a) for n, a in hosts if n == o["-vadapter"]]
        if not hosts:
            ctx.error(f'Device "{o["-vadapter"]}" is not a Server Virtual Fibre Channel Adapter (SVFCA).\n')  # [U]
            return E_NOTSVFCA
    elif "-plc" in o:
        hosts = [(n, a) for n, a in hosts if vios_maps.adapter_physloc(system, part, a) == o["-plc"]]
        if not hosts:
            ctx.error(f'No device found with physical location code "{o["-plc"]}".\n')  # [U]
            return E_NODEVPHYSLOC
    ports = dict(vios_maps.fc_ports(system, part))
    for name, a in hosts:
        client = vios_maps.client_of(system, a)
        fcs = vios_maps.vfc_mapping(system, part, a)
        logged = bool(fcs) and client is not None and client.running
        slot = ports.get(fcs)
        r = {"name": name, "physloc": vios_maps.adapter_physloc(system, part, a),
             "clntid": a.get("remote_lpar_id", "") if str(a.get("remote_lpar_id", "")).isdigit() else "",
             "clntname": client.name if logged else "", "clntos": (client.os.level.os_type if logged else ""),
             "status": "LOGGED_IN" if logged else "NOT_LOGGED_IN", "fc": fcs,
             "fcphysloc": f"{slot['drc_name']}-T1" if slot else "", "ports": "1" if logged else "0",
             "flags": "a" if logged else ("4" if fcs else "1"),
             "flagtext": "LOGGED_IN,STRIP_MERGE" if logged else ("NOT_LOGGED" if fcs else "NOT_MAPPED,NOT_CONNECTED"),
             "vfcclient": "fcs0" if logged else "",  # [I] the client's first FC device
             "vfcclientdrc": (f"{ioslots.virtual_drc_name(system, client.id, int(a['remote_slot_num']))}-T1"
                              if logged and str(a.get("remote_slot_num", "")).isdigit() else "")}
        if fmt is not None:
            want = [f for f in NPIV_FIELDS if not fields or f in fields]
            ctx.writeln(str(fmt).join(r[f] or " " for f in want))
            continue
        ctx.writeln("Name          Physloc                            ClntID ClntName       ClntOS")
        ctx.writeln("------------- ---------------------------------- ------ -------------- -------")
        tail = f" {r['clntname']:<14} {r['clntos']}" if r["clntname"] else ""
        ctx.writeln(f"{r['name']:<14}{r['physloc']:<34} {r['clntid']:>6}{tail}")
        ctx.writeln("")
        ctx.writeln(f"Status:{r['status']}")
        ctx.writeln(f"{'FC name:' + r['fc']:<32}FC loc code:{r['fcphysloc']}")
        ctx.writeln(f"Ports logged in:{r['ports']}")
        ctx.writeln(f"Flags:{r['flags']}<{r['flagtext']}>")
        ctx.writeln(f"{'VFC client name:' + r['vfcclient']:<32}VFC client DRC:{r['vfcclientdrc']}")
        ctx.writeln("")
    return 0


def _lsmap_net(ctx, system, part, o, fields, fmt) -> int:
    eths = vios_maps.virtual_eths(system, part)
    if "-vadapter" in o:
        eths = [(n, a) for n, a in eths if n == o["-vadapter"]]
        if not eths:
            ctx.error(f'Device "{o["-vadapter"]}" is not a Server Virtual Ethernet Adapter (SVEA).\n')  # [U]
            return E_NOTSVEA
    elif "-plc" in o:
        eths = [(n, a) for n, a in eths if f"{vios_maps.adapter_physloc(system, part, a)}-T1" == o["-plc"]]
        if not eths:
            ctx.error(f'No device found with physical location code "{o["-plc"]}".\n')  # [U]
            return E_NODEVPHYSLOC
    seas = vios_maps.state(system, part)["seas"]
    phys = dict(vios_maps.physical_devices(system, part, "ent"))
    want = [f for f in NET_FIELDS if not fields or f in fields]
    for name, a in eths:
        sea = next((s for s in seas if name in s["virts"]), None)
        slot = phys.get(sea["phys"]) if sea else None
        r = {"svea": name, "physloc": f"{vios_maps.adapter_physloc(system, part, a)}-T1",
             "sea": sea["name"] if sea else "", "backing": sea["phys"] if sea else "",
             "status": "Available" if sea else "", "bdphysloc": f"{slot['drc_name']}-T1" if slot else ""}
        if fmt is not None:
            ctx.writeln(str(fmt).join(r[f] or " " for f in want))
            continue
        if "svea" in want or "physloc" in want:
            ctx.writeln("SVEA   Physloc")
            ctx.writeln("------ --------------------------------------------")
            ctx.writeln(f"{name:<7}{r['physloc']}")
            ctx.writeln("")
        if sea is None:
            if "sea" in want:
                ctx.writeln(f"{'SEA':<{LABEL}}{NO_SEA}")
                ctx.writeln("")
            continue
        labels = [("sea", "SEA"), ("backing", "Backing device"), ("status", "Status"), ("bdphysloc", "Physloc")]
        for f, label in labels:
            if f in want:
                ctx.writeln(f"{label:<{LABEL}}{r[f]}")
        ctx.writeln("")
    return 0


# ---- mkvdev / rmvdev / rmdev ---------------------------------------------------------------------------
@aix_command
def mkvdev(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-f": FLAG, "-vdev": ONE, "-vadapter": ONE, "-dev": ONE, "-sea": ONE, "-default": ONE,
                    "-defaultid": ONE, "-attr": MANY}, MKVDEV_USAGE)
    if o[""]:
        usage_error(ctx, MKVDEV_USAGE)
    if "-sea" in o:
        return _mkvdev_sea(ctx, system, part, o)
    if "-vdev" not in o or "-vadapter" not in o:
        usage_error(ctx, MKVDEV_USAGE)
    vhost, backing = str(o["-vadapter"]), str(o["-vdev"])
    try:
        vtd = vios_maps.map_disk(system, part, backing, vhost, o.get("-dev"), force="-f" in o)  # type: ignore[arg-type]
    except WorldError as e:
        return _map_error(ctx, e)
    ctx.writeln(f"{vtd['name']} Available")  # [V]
    return 0


def _map_error(ctx: CommandContext, e: WorldError) -> int:
    name = e.facts.get("name", "")
    if e.code in ("no_vadapter",):
        _not_svsa(ctx, name)
    messages = {
        "no_device": f'"{name}" is not a valid backing device.',  # [U]
        "disk_in_vg": f"{name} is in use as a physical volume in volume group {e.facts.get('vg')}.",  # [U]
        "disk_mapped": f'"{name}" is already being used as a backing device.  Specify the -f flag\n'
                       "to force this device to be used anyway.",  # [V] a captured VIOS session
        "dev_exists": f'Device name "{name}" is already in use.',  # [U]
        "not_virtual_eth": f'Device "{name}" is not a Server Virtual Ethernet Adapter (SVEA).',  # [U]
        "default_not_listed": f"The default adapter {name} must be one of the -vadapter adapters.",  # [U]
        "adapter_busy": f"{name} is already used by a Shared Ethernet Adapter.",  # [U]
    }
    ctx.error(messages.get(e.code, f"{name}: {e.code}") + "\n")
    return 1


def _mkvdev_sea(ctx, system, part, o) -> int:
    if "-vadapter" not in o or "-default" not in o or "-defaultid" not in o:
        usage_error(ctx, MKVDEV_USAGE)
    pvid = str(o["-defaultid"])
    if not pvid.isdigit() or not 1 <= int(pvid) <= 4094:
        ctx.error(f'"{pvid}" is not a valid value for -defaultid.\n')  # [U]
        return 1
    virts = [v for v in str(o["-vadapter"]).split(",") if v]
    try:
        sea = vios_maps.make_sea(system, part, str(o["-sea"]), virts, str(o["-default"]), int(pvid))
    except WorldError as e:
        return _map_error(ctx, e)
    n = sea["name"][3:]
    ctx.writeln(f"{sea['name']} Available")  # [I] mkvdev -sea also configures en<n> and et<n>
    ctx.writeln(f"en{n}")
    ctx.writeln(f"et{n}")
    return 0


@aix_command
def rmvdev(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-f": FLAG, "-vdev": ONE, "-vtd": ONE, "-rmlv": FLAG}, RMVDEV_USAGE)
    rmlv = "-rmlv" in o
    if o[""] or ("-vdev" in o) == ("-vtd" in o):
        usage_error(ctx, RMVDEV_USAGE)
    try:
        if "-vtd" in o:
            v = vios_maps.unmap(system, part, vtd=str(o["-vtd"]))
        else:
            v = vios_maps.unmap(system, part, backing=str(o["-vdev"]))
    except WorldError as e:
        if "-vtd" in o:
            ctx.error(f'"{e.facts["name"]}" is not a virtual target device.\n')  # [U]
        else:
            ctx.error(f"There is no virtual target device associated with {e.facts['name']}.\n")  # [U]
        return 1
    ctx.writeln(f"{v['name']} deleted")  # [V]
    if rmlv and vios_maps.lv(system, part, v["backing"]) is not None:
        vios_maps.remove_lv(system, part, v["backing"])
    return 0


@aix_command
def rmdev(ctx: CommandContext) -> int:
    """rmdev -dev NAME for what the model can remove: a VTD or a SEA (padmin's way to delete a SEA)."""
    system, part = vios(ctx)
    o = parse(ctx, {"-dev": ONE, "-pdev": ONE, "-recursive": FLAG, "-ucfg": FLAG}, RMDEV_USAGE)
    if o[""] or "-dev" not in o:
        usage_error(ctx, RMDEV_USAGE)
    name = str(o["-dev"])
    try:
        if any(s["name"] == name for s in vios_maps.state(system, part)["seas"]):
            vios_maps.remove_sea(system, part, name)
        else:
            vios_maps.unmap(system, part, vtd=name)
    except WorldError:
        # [U] the model removes VTDs and SEAs only; other devices are refused as busy
        ctx.error("Method error (/usr/lib/methods/ucfgdevice):\n        0514-062 Cannot perform the requested "
                  "function because the\n                 specified device is busy.\n")
        return 1
    ctx.writeln(f"{name} deleted")  # [V]
    return 0


@aix_command
def vfcmap(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    argv = list(ctx.argv[1:])
    if argv[-1:] == ["-fcp"]:
        argv.append("")  # [V] "-fcp" with no port unmaps
    o = parse(ctx, {"-vadapter": ONE, "-fcp": ONE}, VFCMAP_USAGE, args=argv)
    if o[""] or "-vadapter" not in o or "-fcp" not in o:
        usage_error(ctx, VFCMAP_USAGE)
    try:
        vios_maps.vfc_map(system, part, str(o["-vadapter"]), str(o["-fcp"]))
    except WorldError as e:
        if e.code == "no_vfchost":
            ctx.error(f'Device "{e.facts["name"]}" is not a Server Virtual Fibre Channel Adapter (SVFCA).\n')  # [U]
            return E_NOTSVFCA
        ctx.error(f'"{e.facts["name"]}" is not a valid NPIV capable Fibre Channel port.\n')  # [U]
        return 1
    ctx.writeln(f"{o['-vadapter']} changed")  # [I]
    return 0
