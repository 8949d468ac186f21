"""ioscli system commands: ioslevel, license, lsfware, errlog, viosbr, lstcpip, help, oem_setup_env and
the ``ioscli`` dispatcher itself (``ioscli lsmap -all``, ``/usr/ios/cli/ioscli ...`` as root).
"""

from __future__ import annotations

import copy

from ..aix import errlog as aix_errlog
from ..shell.command import CommandContext, CommandExit
from ..world import vios_maps
from .common import FLAG, ONE, aix_command, out_lines, parse, usage_error, vios

# ioslevel per VIOS level key [I: a 3.1 service level]; a scenario may set its own (vios.ioslevel)
IOSLEVELS = {"vios-3.1": "3.1.4.21"}
# [V shape: IBM's lsfware example "system:SF240_338 (t) SF240_338 (p) SF240_338 (t)"]
FIRMWARE = {"POWER4": "3H041021", "POWER5": "SF240_338", "POWER6": "EM350_149", "POWER7": "AL770_052",
            "POWER8": "SV860_138", "POWER9": "VL950_092", "POWER10": "MH1030_065"}
BACKUP_DIR = "/home/padmin/cfgbackups"  # [V] viosbr's default directory


@aix_command
def ioslevel(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    if len(ctx.argv) > 1:
        usage_error(ctx, "Usage: ioslevel\n")
    st = vios_maps.state(system, part)
    ctx.writeln(st.get("ioslevel") or IOSLEVELS.get(part.os.level_key, "3.1.4.21"))
    return 0


@aix_command
def license(ctx: CommandContext) -> int:
    system, part = vios(ctx)
    o = parse(ctx, {"-view": FLAG, "-accept": FLAG, "-lang": ONE, "-ls": FLAG},
              "Usage: license [-ls | -view | -accept] [-lang Name]\n")
    st = vios_maps.state(system, part)
    if "-accept" in o:
        st["license_accepted"] = True
        return 0
    if "-view" in o:
        # [U] the first lines of the licence text; the full text is IBM's
        out_lines(ctx, ["International Program License Agreement", "",
                        "Part 1 - General Terms", "",
                        "BY DOWNLOADING, INSTALLING, COPYING, ACCESSING, CLICKING ON AN \"ACCEPT\" BUTTON, OR "
                        "OTHERWISE USING THE PROGRAM, LICENSEE AGREES TO THE TERMS OF THIS AGREEMENT."])
        return 0
    if "-ls" in o:
        out_lines(ctx, ["en_US"])  # [I] the licence languages installed
        return 0
    ctx.writeln("The license has been accepted" if st.get("license_accepted", True)
                else "The license has not been accepted")  # [U]
    return 0


@aix_command
def lsfware(ctx: CommandContext) -> int:
    system, _part = vios(ctx)
    if len(ctx.argv) > 1 and ctx.argv[1:] != ["-all"]:
        usage_error(ctx, "Usage: lsfware [-all]\n")
    level = FIRMWARE.get(system.processor.upper(), "SV860_138")
    ctx.writeln(f"system:{level} (t) {level} (p) {level} (t)")
    return 0


@aix_command
def errlog(ctx: CommandContext) -> int:
    """errlog [-ls] [-seq N]: the AIX error log as errpt shows it (summary, or -ls the detail) [V: ioscli
    errlog wraps errpt]."""
    vios(ctx)
    o = parse(ctx, {"-ls": FLAG, "-seq": ONE, "-rm": ONE}, "Usage: errlog [[-ls] [-seq Sequence_number] | "
              "-rm Days]\n")
    if "-rm" in o:
        days = str(o["-rm"])
        if not days.isdigit():
            ctx.error(f'"{days}" is not a valid number of days.\n')  # [U]
            return 1
        _system, part = vios(ctx)
        cut = ctx.session.world.clock.now - int(days) * 86400
        part.os.errpt = [e for e in part.os.errpt if e.time >= cut]  # [V] errlog -rm Days: older entries go
        return 0
    argv = ["errpt"] + (["-a"] if "-ls" in o else []) + (["-l", str(o["-seq"])] if "-seq" in o else [])
    sub = CommandContext(argv=argv, stdin="", env=ctx.env, session=ctx.session)
    rc = aix_errlog.errpt(sub)
    ctx.out += sub.out
    ctx.err += sub.err
    return rc


@aix_command
def viosbr(ctx: CommandContext) -> int:
    """viosbr -backup -file Name | -view -file Name.tar.gz: the virtual device mappings saved and shown [I
    layouts: the lsmap blocks under a "Details in:" line]."""
    system, part = vios(ctx)
    usage = "Usage: viosbr -backup -file FileName [-frequency daily|weekly|monthly [-numfiles fileCount]]\n" \
            "       viosbr -view -file FileName [-type devType] [-detail | -mapping]\n"
    o = parse(ctx, {"-backup": FLAG, "-view": FLAG, "-file": ONE, "-type": ONE, "-detail": FLAG, "-mapping": FLAG},
              usage)
    if ("-backup" in o) == ("-view" in o) or "-file" not in o:
        usage_error(ctx, usage)
    st = vios_maps.state(system, part)
    backups = st.setdefault("backups", {})
    name = str(o["-file"])
    path = name if name.startswith("/") else f"{BACKUP_DIR}/{name}"
    if "-backup" in o:
        if not path.endswith(".tar.gz"):
            path += ".tar.gz"
        backups[path] = copy.deepcopy({k: st[k] for k in ("vtds", "vfc", "seas", "disks")})
        if part.os is not None:
            part.os.files[path] = 20480  # [I] the size of a small backup
        ctx.writeln(f"Backup of this node ({part.os.hostname}) successful")  # [I]
        return 0
    snap = backups.get(path)
    if snap is None:
        ctx.error(f"File {path} does not exist.\n")  # [U]
        return 1
    ctx.writeln(f"Details in: {path}")
    ctx.writeln("")
    slots = {a["slot_num"]: (n, a) for n, a in vios_maps.vhosts(system, part)}
    ctx.writeln("SVSA            Physloc                                      Client Partition ID")
    ctx.writeln("--------------- -------------------------------------------- ------------------")
    for slot in sorted({v["slot"] for v in snap["vtds"]}):
        vhost, a = slots.get(slot, (f"slot{slot}", {"slot_num": slot}))
        ctx.writeln(f"{vhost:<16}{vios_maps.adapter_physloc(system, part, a):<45}"
                    f"0x{vios_maps.client_id_shown(system, a) if 'remote_lpar_id' in a else 0:08x}")
        ctx.writeln("")
        for v in sorted((v for v in snap["vtds"] if v["slot"] == slot), key=lambda v: v["name"]):
            ctx.writeln(f"{'VTD':<22}{v['name']}")
            ctx.writeln(f"{'LUN':<22}{vios_maps.lun_text(v['lun'])}")
            ctx.writeln(f"{'Backing device':<22}{v['backing']}")
            ctx.writeln("")
    for s in snap["seas"]:
        ctx.writeln(f"{'SEA':<22}{s['name']}")
        ctx.writeln(f"{'Backing device':<22}{s['phys']}")
        ctx.writeln(f"{'Virtual adapters':<22}{','.join(s['virts'])}")
        ctx.writeln("")
    return 0


@aix_command
def lstcpip(ctx: CommandContext) -> int:
    """lstcpip [-hostname | -interfaces | -routtable | -namesrv] [I layouts]."""
    _system, part = vios(ctx)
    o = parse(ctx, {"-hostname": FLAG, "-interfaces": FLAG, "-routtable": FLAG, "-namesrv": FLAG, "-stored": FLAG,
                    "-num": FLAG, "-fmt": ONE},
              "Usage: lstcpip [-stored] [-hostname | -interfaces | -routtable | -namesrv] [-fmt Delimiter] [-num]\n")
    net = part.os.net
    every = not any(k in o for k in ("-hostname", "-interfaces", "-routtable", "-namesrv"))
    fmt = o.get("-fmt")
    if "-hostname" in o or every:
        ctx.writeln(part.os.hostname if not every else f"Hostname:  {part.os.hostname}")
    if "-interfaces" in o or every:
        if fmt is None:
            ctx.writeln("Name  Address         Netmask         State   MAC")
        for i in net.interfaces:
            row = [i.name, i.ip, i.netmask, "up" if i.up else "down", _mac(i.mac)]
            ctx.writeln(str(fmt).join(row) if fmt is not None else
                        f"{row[0]:<6}{row[1]:<16}{row[2]:<16}{row[3]:<8}{row[4]}")
    if "-routtable" in o or every:
        if fmt is None:
            ctx.writeln("Routing tables")
            ctx.writeln("Destination        Gateway           Flags  Interface")
        for r in net.routes:
            dest = "default" if r.destination in ("default", "0.0.0.0", "0") else r.destination
            iface = next((i.name for i in net.interfaces if i.up), "en0")
            row = [dest, r.gateway, "UG", iface]
            ctx.writeln(str(fmt).join(row) if fmt is not None else f"{row[0]:<19}{row[1]:<18}{row[2]:<7}{row[3]}")
    if "-namesrv" in o or every:
        ctx.writeln("" if fmt is not None else "Name servers: none")  # [I] no /etc/resolv.conf modelled
    return 0


def _mac(mac: str) -> str:
    m = mac.replace(":", "").lower()
    return ":".join(m[i:i + 2].lstrip("0") or "0" for i in range(0, len(m), 2)) if len(m) == 12 else mac


# ---- help / ioscli / oem_setup_env ------------------------------------------------------------------------
HELP_GROUPS = [  # [I] the real help groups more commands; these are the ones this VIOS answers
    ("Install Commands", ("ioslevel", "license", "lsfware")),
    ("Physical Volume Commands", ("lspv", "chkdev")),
    ("Logical Volume Commands", ("mklv", "rmlv")),
    ("Volume Group Commands", ("lsvg",)),
    ("Virtual Device Commands", ("lsmap", "mkvdev", "rmvdev", "vfcmap", "lsnports", "viosbr")),
    ("Device Commands", ("lsdev", "rmdev")),
    ("Network Commands", ("lstcpip",)),
    ("Miscellaneous Commands", ("errlog", "help", "ioscli", "oem_setup_env")),
]


def usages() -> dict[str, str]:
    from . import devices, maps

    return {"lsmap": maps.LSMAP_USAGE, "mkvdev": maps.MKVDEV_USAGE, "rmvdev": maps.RMVDEV_USAGE,
            "rmdev": maps.RMDEV_USAGE, "vfcmap": maps.VFCMAP_USAGE, "lsdev": devices.LSDEV_USAGE,
            "lspv": devices.LSPV_USAGE, "lsvg": devices.LSVG_USAGE, "chkdev": devices.CHKDEV_USAGE,
            "mklv": devices.MKLV_USAGE}


@aix_command
def help_(ctx: CommandContext) -> int:
    vios(ctx)
    if len(ctx.argv) > 1:
        usage = usages().get(ctx.argv[1])
        if usage is None:
            ctx.error(f'"{ctx.argv[1]}" is not a valid command.\n')  # [U]
            return 1
        ctx.write(usage)
        return 0
    for title, names in HELP_GROUPS:
        ctx.writeln(title)
        for n in names:
            ctx.writeln(f"  {n}")
        ctx.writeln("")
    return 0


@aix_command
def ioscli(ctx: CommandContext) -> int:
    """``ioscli CMD ...``: the same command as padmin's ``CMD`` (padmin's commands are links to it)."""
    vios(ctx)
    if len(ctx.argv) < 2:
        ctx.error("Usage: ioscli Command [Flags]\n")  # [U]
        return 1
    spec = ctx.session.own_commands("vios").lookup(ctx.argv[1])  # ioscli's table, not the shell's utilities
    if spec is None or "/" in ctx.argv[1]:
        ctx.error(f'"{ctx.argv[1]}" is not a valid command.\n')  # [U]
        return 1
    sub = copy.copy(ctx)
    sub.argv, sub.out, sub.err = ctx.argv[1:], ctx.out, ctx.err
    return spec.fn(sub)


@aix_command
def oem_setup_env(ctx: CommandContext) -> int:
    """padmin -> root ksh. Input on stdin runs as root and the caller stays padmin [I]; without input an
    interactive login continues in a root ksh that ``exit`` leaves, back to padmin [V reference §5 F15];
    with neither (an exec channel) the root shell reads end of file at once and exits 0."""
    vios(ctx)
    if len(ctx.argv) > 1:
        ctx.error("Usage: oem_setup_env\n")  # [U]
        raise CommandExit(1)
    shell = getattr(ctx, "shell", None)
    if ctx.stdin.strip() and shell is not None:
        sub = shell_factory(ctx)
        result = sub.run(ctx.stdin)
        ctx.write(result.stdout)
        ctx.error(result.stderr)
        return result.exit_code
    enter = getattr(shell, "enter_root", None)
    if enter is not None:
        enter()
    return 0


oem_setup_env.consumes_stdin = True  # type: ignore[attr-defined]


def shell_factory(ctx: CommandContext):
    """A root ksh on the same host (the AIX command set) for input piped to oem_setup_env."""
    shell = getattr(ctx, "shell", None)
    make = getattr(shell, "make_root_shell", None)
    if make is not None:
        return make()
    from ..shell import AIX_FLAVOUR

    return ctx.session.shell_on(ctx.session.host, "root", "aix", AIX_FLAVOUR, same_login=True)
