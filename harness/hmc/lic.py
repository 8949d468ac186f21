"""lslic and updlic: managed-system firmware levels (harness/world/firmware.py) as the HMC lists and
changes them.

  lslic -m sys [-t {sys | power | syspower | powerfru | sriov}] [-F [names] [--header]]
  updlic -o {a | i} -m sys [-t {sys | power | syspower}] -l {latest | latestconcurrent | sss | ccc,ppp}
         -r {ibmwebsite | ftp | sftp | dvd | disk | mountpoint | usb} [-h host] [-u user] [--passwd pw]
         [-d dir] [--allowpoweroff] [-q] [-v]
  updlic -o {r | d | c | k} -m sys [-t {sys | power | syspower}] [--allowpoweroff] [-q] [-v]
  updlic -o {h | o} -m sys [-v]

[V-client] ansible reads ``lslic -m X -F activated_spname,activated_level,ecnumber``; xCAT reads
``ecnumber=`` and ``activated_level=`` from ``lslic -t sys -m M``. Synopses and operations [V: IBM
HMC man pages lslic (P8) and updlic (P7)]: a = retrieve, install and activate; i = retrieve and
install, not activate; r = remove the most recently installed updates and activate the previously
accepted level; d = disruptively activate; h / o = LIC update control to the management console /
the operating system. [I]: c = accept (copy the t-side to the p-side), k = reject (copy the p-side
back to the t-side), -t defaulting to sys, and updlic printing nothing on success. The repository is
modelled: it holds the levels of the firmware table.
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import firmware
from ..world.system import ManagedSystem
from .attributes import listing
from .boundary import hmc_command
from .formatting import Record, check_fields, record, render
from .messages import error
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

LS_USAGE = """Usage: lslic -m managed-system [-t {sys | power | syspower | powerfru | sriov}]
             [-F [attribute-names] [--header]] [--help]
"""  # [I] layout
UPD_USAGE = """Usage: updlic -o {a | i} -m managed-system [-t {sys | power | syspower}]
              -r {ibmwebsite | ftp | sftp | dvd | disk | mountpoint | usb}
              -l {latest | latestconcurrent | sss | ccc,ppp}
              [-h host-name] [-u user-ID] [--passwd password] [-d directory]
              [--allowpoweroff] [-q] [-v] [--help]
       updlic -o {r | d | c | k} -m managed-system [-t {sys | power | syspower}]
              [--allowpoweroff] [-q] [-v] [--help]
       updlic -o {h | o} -m managed-system [-v] [--help]
"""  # [I] layout

LS_SPEC = {"-m": VALUE, "-t": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
UPD_SPEC = {"-o": VALUE, "-m": VALUE, "-t": VALUE, "-l": VALUE, "-r": VALUE, "-h": VALUE, "-u": VALUE,
            "--passwd": VALUE, "-d": VALUE, "--allowpoweroff": FLAG, "-q": FLAG, "-v": FLAG, "--help": FLAG}

COMMANDS = {
    "lslic": ("list the firmware (Licensed Internal Code) levels of a managed system",
              ("-m", "-t sys", "-t power", "-t syspower", "-t powerfru", "-t sriov", "-F", "--header")),
    "updlic": ("update, accept, remove or reject managed-system firmware on the virtual clock",
               ("-o a", "-o i", "-o r", "-o d", "-o c", "-o k", "-o h", "-o o", "-m", "-t sys", "-t power",
                "-t syspower", "-l", "-r", "-h", "-u", "--passwd", "-d", "--allowpoweroff", "-q", "-v")),
}


def _level_pair(system: ManagedSystem, prefix: str, level: int) -> dict[str, str]:
    return {f"{prefix}_level": str(level), f"{prefix}_spname": firmware.spname(system, level)}


def sys_record(t: HmcTarget, system: ManagedSystem) -> Record:
    fw = firmware.levels(system)
    ec = firmware.stream(system)[0]
    values: dict[str, str] = {"lic_type": "Managed System", "management_status": "Enabled", "disabled_reason": "",
                              "ecnumber": ec, "mtms": system.mtms, "deferred_level": "None",
                              "deferred_spname": "None", "update_control": fw.get("update_control", "HMC")}
    for prefix, key in (("activated", "activated"), ("installed", "installed"), ("accepted", "accepted"),
                        ("platform_ipl", "platform_ipl")):
        values.update(_level_pair(system, prefix, fw[key]))
    # the service processor's sides: current = running, temporary = installed, permanent = accepted [V names];
    # systems with two service processors list the secondary too [I: the enterprise models]
    processors = ("primary", "secondary") if firmware.redundant_sp(system) else ("primary",)
    for sp in processors:
        for side, key in (("curr", "activated"), ("temp", "installed"), ("perm", "accepted")):
            values[f"{side}_ecnumber_{sp}"] = ec
            values[f"{side}_level_{sp}"] = str(fw[key])
            values[f"{side}_spname_{sp}"] = firmware.spname(system, fw[key])
    return record(values, listing("lslic.sys", t.level))


def power_record(t: HmcTarget, system: ManagedSystem) -> Record:
    fw = firmware.levels(system)
    values = {"lic_type": "Power", "management_status": "Enabled", "disabled_reason": "",
              "ecnumber": "02BP" + firmware.stream(system)[0][4:], "mtms": system.mtms}
    for prefix in ("activated", "installed", "accepted"):
        values.update(_level_pair(system, prefix, fw[prefix]))
    for bpa in ("a", "b"):  # the two bulk power assemblies [I]
        for side, key in (("curr", "activated"), ("temp", "installed"), ("perm", "accepted")):
            values.update({f"{side}_ecnumber_{bpa}": values["ecnumber"], f"{side}_level_{bpa}": str(fw[key])})
    return record(values, listing("lslic.power", t.level))


@hmc_command(LS_USAGE)
def lslic(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], LS_SPEC)
    opts.require("-m")
    # without -t: sys and power [I: HMC Scanner files plain `lslic -m` as lslic_syspower]
    kind = opts.choice("-t", ("sys", "power", "syspower", "powerfru", "sriov")) or "syspower"
    from .hwres_system import require_level

    require_level(t, "-t", kind)
    fields = opts.get("-F")
    lst = listing("lslic.power" if kind in ("power", "powerfru") else "lslic.sys", t.level)
    if kind == "syspower":  # -F names of either line are accepted
        from .attributes import Listing

        lst = Listing(lst.default, tuple(listing("lslic.power", t.level).names - lst.names))
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    records = []  # sriov: adapter firmware of SR-IOV adapters, none in the model
    if kind == "powerfru" and not firmware.has_power_subsystem(system):
        raise error("no_power_subsystem", system=system.name)
    if kind in ("sys", "syspower"):
        records.append(sys_record(t, system))
    if kind in ("power", "syspower"):
        if firmware.has_power_subsystem(system):
            records.append(power_record(t, system))
        elif kind == "power":
            raise error("no_power_subsystem", system=system.name)
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0


@hmc_command(UPD_USAGE)
def updlic(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], UPD_SPEC)
    opts.require("-o", "-m")
    op = opts.choice("-o", ("a", "i", "r", "d", "c", "k", "h", "o"))
    kind = opts.choice("-t", ("sys", "power", "syspower")) or "sys"
    if op in ("a", "i"):
        opts.require("-r", "-l")
        repo = opts.choice("-r", firmware.REPOSITORIES)
        if repo in ("ftp", "sftp"):
            opts.require("-h", "-u")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if kind == "power" and not firmware.has_power_subsystem(system):
        raise error("no_power_subsystem", system=system.name)
    if op in ("h", "o"):
        firmware.levels(system)["update_control"] = "HMC" if op == "h" else "Operating System"  # [V values]
    else:
        level = opts.get("-l")
        firmware.start(t.world, system, op, level.split(",")[0] if level else None)  # ccc,ppp: sys level first
    t.world.changed()
    return 0
