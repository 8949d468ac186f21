"""lscod, lsled, chled and lsmemopt: capacity on demand, service indicators and memory affinity
scores of a managed system, read from (and, for chled, written to) the world.

  lscod -t {cap | code | bill | hist | util} -m sys [-r {proc | mem}] [-c {cuod | onoff | trial | mobile}]
        [-F [names] [--header]]
  lsled -m sys -r sa -t {phys | virtualsys | virtuallpar} [--filter "lpar_names=..|lpar_ids=.."] [-F ...]
  chled -m sys -r sa -t {phys | virtualsys | virtuallpar} -o {on | off} [{-p lpar | --id N}]
  lsmemopt -m sys -r {lpar | sys} -o {currscore | calcscore} [-p names | --id ids] [-F ...]

[V-client] collectors run ``lscod -t bill -r proc|mem``, ``lscod -t cap -r proc|mem -c onoff``,
``lscod -t hist`` (HMC Scanner, powercollector) and ``lscod -t cap -c trial -r proc -F
activated_trial_procs``; hmcpctl runs lsmemopt. The attribute lists and values are [I] (attributes.py).

Capacity on demand as system data: every installed processor and every MB of installed memory is
permanently activated (``perm_*`` equal lshwres' installed_sys_proc_units / installed_sys_mem), the
model holds no inactive CoD resources, so On/Off and Trial CoD are "Not Available", nothing is
billed and the history is empty. Memory affinity: single-drawer systems score 100; on a multi-drawer
system a partition larger than one drawer scores lower [I].
"""

from __future__ import annotations

import math

from ..shell.command import CommandContext
from ..world import sysres
from ..world.system import ManagedSystem, Partition
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter, select_partitions
from .formatting import Record, check_fields, record, render
from .messages import error
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

COD_SPEC = {"-t": VALUE, "-m": VALUE, "-r": VALUE, "-c": VALUE, "-F": OPTIONAL, "--header": FLAG,
            "--filter": VALUE, "--help": FLAG}
LED_SPEC = {"-m": VALUE, "-r": VALUE, "-t": VALUE, "-F": OPTIONAL, "--header": FLAG, "--filter": VALUE,
            "--help": FLAG}
CHLED_SPEC = {"-m": VALUE, "-r": VALUE, "-t": VALUE, "-o": VALUE, "-p": VALUE, "--id": VALUE, "--help": FLAG}
MEMOPT_SPEC = {"-m": VALUE, "-r": VALUE, "-o": VALUE, "-p": VALUE, "--id": VALUE, "-x": VALUE, "--xid": VALUE,
               "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}

COD_USAGE = """Usage: lscod -t {bill | cap | code | hist | util} -m managed-system [-r {mem | proc}]
             [-c {cuod | mobile | onoff | trial}] [-F [attribute-names] [--header]] [--help]
"""  # [I] layout
LED_USAGE = """Usage: lsled -m managed-system -r sa -t {phys | virtuallpar | virtualsys}
             [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
"""  # [I] layout
CHLED_USAGE = """Usage: chled -m managed-system -r sa -t {phys | virtuallpar | virtualsys} -o {on | off}
             [{-p partition-name | --id partition-ID}] [--help]
"""  # [I] layout
MEMOPT_USAGE = """Usage: lsmemopt -m managed-system -r {lpar | sys} -o {currscore | calcscore}
                [{-p partition-names | --id partition-IDs}] [{-x partition-names | --xid partition-IDs}]
                [-F [attribute-names] [--header]] [--help]
"""  # [I] layout

COMMANDS = {
    "lscod": ("list capacity on demand information of a managed system",
              ("-t cap", "-t code", "-t bill", "-t hist", "-t util", "-m", "-r proc", "-r mem", "-c cuod",
               "-c onoff", "-c trial", "-c mobile", "-F", "--header")),
    "lsled": ("list the system attention LEDs of a managed system and its partitions",
              ("-m", "-r sa", "-t phys", "-t virtualsys", "-t virtuallpar", "--filter", "-F", "--header")),
    "chled": ("turn a system attention LED on or off", ("-m", "-r sa", "-t phys", "-t virtualsys",
                                                        "-t virtuallpar", "-o on", "-o off", "-p", "--id")),
    "lssacfg": ("list Service Agent configuration (call-home and connection monitoring per managed system)",
                ("-t authuser", "-t callhome", "-t callhomeserver", "-t connmon", "-t connmontimer", "-t custinfo",
                 "-t email", "-t ftpfirewall", "-t ftpoffload", "-t snmp", "-t snmpopt", "-t snmptrapnames", "-F",
                 "--header")),
    "lsmemopt": ("list memory affinity scores of a managed system and its partitions",
                 ("-m", "-r lpar", "-r sys", "-o currscore", "-o calcscore", "-p", "--id", "-x", "--xid", "-F",
                  "--header")),
}


# ---- lscod --------------------------------------------------------------------------------------------
def _cod_counts(system: ManagedSystem, resource: str) -> tuple[int, int]:
    """(permanently activated, inactive) processors or MB."""
    cod = system.resources.get("cod", {})
    if resource == "proc":
        return int(math.ceil(system.installed_proc_units)), int(cod.get("inactive_procs", 0))
    return system.installed_mem, int(cod.get("inactive_mem", 0))


def _anchor(system: ManagedSystem) -> dict[str, str]:
    """Identity of the anchor (VPD) card that CoD codes are bound to [I values derived from the serial]."""
    digest = sum(ord(c) * (i + 7) for i, c in enumerate(system.mtms)) & 0xFFFFFFFF
    return {"sys_type": system.type_model.split("-")[0], "sys_serial_num": system.serial,
            "anchor_card_ccin": "52F4", "anchor_card_serial_num": f"YL10{system.serial[-6:]}",
            "anchor_card_unique_id": f"{digest:08X}{digest ^ 0x5A5A5A5A:08X}"}


def cod_records(t: HmcTarget, system: ManagedSystem, kind: str, resource: str | None, cls: str | None) -> list[Record]:
    if kind in ("hist", "util"):
        return []  # no CoD event and no On/Off usage in the model
    perm, inactive = _cod_counts(system, resource)
    unit = "procs" if resource == "proc" else "mem"
    if kind == "cap":
        state = "Available" if inactive else "Not Available"
        if cls == "mobile":
            return []  # [I] not a member of a Power Enterprise Pool
        values = {f"installed_{unit}": str(perm + inactive), f"perm_{unit}": str(perm),
                  f"inactive_{unit}": str(inactive), "onoff_state": state, f"activated_onoff_{unit}": "0",
                  f"avail_{unit}_for_onoff": str(inactive),
                  f"unreturned_onoff_{unit}": "0", "onoff_request_days_left": "0", "trial_state": state,
                  f"activated_trial_{unit}": "0", f"avail_{unit}_for_trial": str(inactive), "trial_days_left": "0"}
        return [record(values, listing(f"lscod.cap.{cls}.{resource}", t.level))]
    resource_id = "7951" if resource == "proc" else "8212"  # [I]
    if kind == "code":
        values = {**_anchor(system), "resource_id": resource_id, "activated_resources": str(perm),
                  "sequence_num": "0040", "entry_check": "E1"}
        return [record(values, listing("lscod.code", t.level))]
    now = t.world.clock.datetime()
    values = {**_anchor(system), "resource_id": resource_id, "sequence_num": "0040",
              "activated_onoff_resources": "0", "avail_resources_for_onoff": str(inactive),
              "hist_expired_resource_days": "0", "hist_unreturned_resource_days": "0",
              "collection_date": now.strftime("%m/%d/%Y"), "collection_time": now.strftime("%H:%M:%S"),
              "total_sys_run_time": str(int(t.world.clock.now // 3600)), "signature": "0000000000000000",
              "entry_check": "E1", "status": "Not Enabled"}
    return [record(values, listing("lscod.bill", t.level))]


@hmc_command(COD_USAGE)
def lscod(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], COD_SPEC)
    opts.require("-t", "-m")
    kind = opts.choice("-t", ("bill", "cap", "code", "hist", "util"))
    resource = cls = None
    if kind in ("cap", "code", "bill"):
        opts.require("-r")
        resource = opts.choice("-r", ("proc", "mem"))
    if kind in ("cap", "code"):
        opts.require("-c")
        cls = opts.choice("-c", ("cuod", "onoff", "trial", "mobile") if kind == "cap" else ("cuod", "onoff", "trial"))
    elif opts.has("-c"):
        opts.choice("-c", ("onoff",))
    key = {"cap": f"lscod.cap.{cls}.{resource}", "code": "lscod.code", "bill": "lscod.bill"}.get(kind, "lscod.hist")
    lst = listing(key, t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    ctx.write(render(cod_records(t, system, kind, resource, cls), lst, fields, opts.flag("--header")))
    return 0


# ---- lsled / chled -----------------------------------------------------------------------------------------
@hmc_command(LED_USAGE)
def lsled(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], LED_SPEC)
    opts.require("-m", "-r", "-t")
    opts.choice("-r", ("sa",))
    kind = opts.choice("-t", ("phys", "virtuallpar", "virtualsys"))
    lst = listing("lsled.lpar" if kind == "virtuallpar" else "lsled.sys", t.level)
    filters = parse_filter(opts.get("--filter"), ("lpar_names", "lpar_ids") if kind == "virtuallpar" else ()) \
        if opts.has("--filter") else {}
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if kind == "virtuallpar":
        records = [record({"lpar_id": str(p.id), "lpar_name": p.name, "state": sysres.lpar_led(system, p)}, lst)
                   for p in select_partitions(t.partitions(system), filters)]
    else:
        records = [record({"state": sysres.leds(system)[kind]}, lst)]
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0


@hmc_command(CHLED_USAGE)
def chled(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], CHLED_SPEC)
    opts.require("-m", "-r", "-t", "-o")
    opts.choice("-r", ("sa",))
    kind = opts.choice("-t", ("phys", "virtuallpar", "virtualsys"))
    state = opts.choice("-o", ("on", "off"))
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    part = t.pick_partition(system, opts, "-p", "--id", required=(kind == "virtuallpar"))
    if part is not None and kind != "virtuallpar":
        raise error("invalid_parameter", name="-p" if opts.has("-p") else "--id")
    sysres.set_led(system, kind, state, part)
    t.world.changed_outside_partitions()  # LEDs are the system's resources, a partition's LED too
    return 0


# ---- lsmemopt ---------------------------------------------------------------------------------------------
_MULTI_DRAWER = ("9117-", "9119-", "9179-", "9080-", "9040-", "9043-")  # [I] enterprise (multi-node) types


def _drawers(system: ManagedSystem) -> int:
    return 4 if system.type_model.startswith(_MULTI_DRAWER) else 1


def lpar_score(system: ManagedSystem, part: Partition) -> int | None:
    """100 when the partition's memory and processors fit in one drawer, less the more drawers it spans."""
    if part.state == "Not Activated":
        return None
    n = _drawers(system)
    if n == 1:
        return 100
    per_mem = system.configurable_mem / n
    per_proc = system.configurable_proc_units / n
    spans = max(math.ceil(part.mem.cur / per_mem), math.ceil(part.proc.units_used() / per_proc), 1)
    return 100 // spans


def sys_score(system: ManagedSystem, parts: list[Partition]) -> int:
    scored = [(lpar_score(system, p), p.mem.cur) for p in parts]
    scored = [(s, m) for s, m in scored if s is not None]
    total = sum(m for _, m in scored)
    return 100 if not total else round(sum(s * m for s, m in scored) / total)


@hmc_command(MEMOPT_USAGE)
def lsmemopt(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], MEMOPT_SPEC)
    opts.require("-m", "-r", "-o")
    resource = opts.choice("-r", ("lpar", "sys"))
    op = opts.choice("-o", ("currscore", "calcscore"))
    lst = listing(f"lsmemopt.{resource}.{op}", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if system.processor.upper() in ("POWER5", "POWER6"):
        raise error("invalid_value", name="-m", value=opts.get("-m"))  # [I] DPO needs POWER7 or later
    parts = t.partitions(system)
    if opts.has("-p"):
        parts = [t.partition_by_name(system, n) for n in opts.get("-p").split(",")]
    elif opts.has("--id"):
        parts = [t.partition_by_id(system, i) for i in opts.get("--id").split(",")]
    excluded = set((opts.get("-x") or "").split(",")) | set((opts.get("--xid") or "").split(","))
    parts = [p for p in parts if p.name not in excluded and str(p.id) not in excluded]
    if resource == "sys":
        score = str(sys_score(system, parts))
        records = [record({"curr_sys_score": score, "predicted_sys_score": "100"}, lst)]
    else:
        records = []
        for p in parts:
            s = lpar_score(system, p)
            records.append(record({"lpar_name": p.name, "lpar_id": str(p.id),
                                   "curr_lpar_score": "none" if s is None else str(s),
                                   "predicted_lpar_score": "none" if s is None else "100"}, lst))
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0


# ---- lssacfg ------------------------------------------------------------------------------------------------
SACFG_SPEC = {"-t": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
SACFG_USAGE = """Usage: lssacfg -t {authuser | callhome | callhomeserver | connmon | connmontimer | custinfo | email |
               ftpfirewall | ftpoffload | snmp | snmpopt | snmptrapnames}
               [-F [attribute-names] [--header]] [--help]
"""  # [V] synopsis (P9 man page); [I] layout
# An unconfigured Service Agent [I]: call-home and connection monitoring on for every managed system
# (the HMC's defaults), no notification targets, no authorized users, no traps.
_SACFG_SINGLE = {
    "callhomeserver": {"callhome_server_enabled": "0"},
    "connmontimer": {"connmon_timer": "25", "connmon_no_connection_timer": "15"},
    "custinfo": {n: "" for n in ("admin_company_name", "admin_name", "admin_email", "admin_phone", "admin_country",
                                 "sys_company_name", "sys_country")},
    "email": {"email_enabled": "0", "smtp_server": "", "smtp_port": "25", "email_addresses": ""},
    "ftpfirewall": {"ftp_firewall_enabled": "0"},
    "ftpoffload": {"ftp_offload_enabled": "0", "host": "", "port": "21", "user": "", "directory": "",
                   "passive_mode": "1"},
    "snmpopt": {"snmp_community": "public", "snmp_enabled": "0"},
}


@hmc_command(SACFG_USAGE)
def lssacfg(ctx: CommandContext, t: HmcTarget) -> int:
    from .attributes import SACFG

    opts = parse(ctx.argv[1:], SACFG_SPEC)
    opts.require("-t")
    kind = opts.choice("-t", tuple(SACFG))
    lst = listing(f"lssacfg.{kind}", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    if kind in ("callhome", "connmon"):
        records = [record({"name": s.name, "type_model_serial_num": s.mtms, f"{kind}_enabled": "1"}, lst)
                   for s in t.systems()]
    elif kind in _SACFG_SINGLE:
        records = [record(_SACFG_SINGLE[kind], lst)]
    else:
        records = []  # authuser, snmp, snmptrapnames: nothing defined
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0
