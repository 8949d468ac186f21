"""lslparutil: utilization data (basic).

  lslparutil -r config [-m sys] [-F [names] [--header]]
  lslparutil -r {lpar | sys | all} -m sys [-s {s | h | d}] [-n N] [--filter ...] [-F [names] [--header]]

[V-client] lpar2rrd sends ``-r config -F name,sample_rate`` and ``-r lpar|all -s s|h ...``. The model
keeps no sample history: each query returns one sample taken now, from the hypervisor's current
allocation [I]; sample_rate is 3600 seconds (hourly collection enabled) [I].
"""

from __future__ import annotations

from ..shell.command import CommandContext
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter, select_partitions
from .formatting import check_fields, proc_units, record, render
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: lslparutil -r config [-m managed-system] [-F [attribute-names] [--header]]
       lslparutil -r {lpar | sys | all} -m managed-system [-s {s | h | d}] [-n number]
                  [--filter "filter-data"] [-F [attribute-names] [--header]] [--help]
"""  # [I]
SPEC = {"-r": VALUE, "-m": VALUE, "-s": VALUE, "-n": VALUE, "-h": VALUE, "-d": VALUE, "--startyear": VALUE,
        "--startmonth": VALUE, "--startday": VALUE, "--starthour": VALUE, "--startminute": VALUE,
        "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
SUMMARY = "list partition and system utilization samples"
FLAGS = ("-r config", "-r lpar", "-r sys", "-r all", "-m", "-s", "-n", "--filter", "-F", "--header")
SAMPLE_RATE = "3600"
CYCLES_PER_SECOND = 512_000_000  # [I] the hypervisor's time-based cycle rate (PCM's procCyclesPerSecond [V])


def lpar_sample(part, at: float) -> dict:
    """One partition's utilization at clock time ``at``: what lslparutil prints and the REST API's PCM
    samples carry (harness/rest/pcm.py). Cycle counters are cumulative since the epoch at the entitled
    rate, half of it used (capped) [I]."""
    active = part.state != "Not Activated"
    units = part.proc.units_used() if active else 0.0
    return {"active": active, "units": units, "procs": part.proc.procs if active else 0,
            "mem": part.mem.cur if active else 0,
            "entitled_cycles": int(units * at * CYCLES_PER_SECOND),
            "capped_cycles": int(units * at * (CYCLES_PER_SECOND // 2)), "uncapped_cycles": 0}


@hmc_command(USAGE)
def lslparutil(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("config", "lpar", "sys", "all"))
    opts.choice("-s", ("s", "h", "d"))
    opts.integer("-n")
    fields = opts.get("-F")
    now = t.world.clock.datetime().strftime("%m/%d/%Y %H:%M:%S")
    if resource == "config":
        lst = listing("lslparutil.config", t.level)
        check_fields(fields, lst)
        systems = [t.system(opts.get("-m"))] if opts.has("-m") else t.systems()
        records = [record({"name": s.name, "type_model": s.type_model, "serial_num": s.serial,
                           "sample_rate": SAMPLE_RATE}, lst) for s in systems]
        ctx.write(render(records, lst, fields, opts.flag("--header")))
        return 0
    opts.require("-m")
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    filters = parse_filter(opts.get("--filter"), ("lpar_names", "lpar_ids", "event_types")) \
        if opts.has("--filter") else {}
    records = []
    if resource in ("sys", "all"):
        lst = listing("lslparutil.sys", t.level)
        if resource == "sys":
            check_fields(fields, lst)
        records.append(record({
            "time": now, "event_type": "sample", "resource_type": "sys", "sys_time": now, "state": system.state,
            "configurable_sys_proc_units": proc_units(system.configurable_proc_units),
            "curr_avail_sys_proc_units": proc_units(system.avail_proc_units()),
            "configurable_sys_mem": str(system.configurable_mem), "curr_avail_sys_mem": str(system.avail_mem()),
            "sys_firmware_mem": str(system.firmware_mem)}, lst))
    if resource in ("lpar", "all"):
        lst = listing("lslparutil.lpar", t.level)
        check_fields(fields, lst)
        for part in select_partitions(t.partitions(system), filters):
            s = lpar_sample(part, t.world.clock.now)
            p = part.proc
            records.append(record({
                "time": now, "event_type": "sample", "resource_type": "lpar", "sys_time": now,
                "lpar_name": part.name, "lpar_id": str(part.id), "curr_proc_mode": p.mode,
                "curr_proc_units": proc_units(s["units"]), "curr_procs": str(s["procs"]),
                "curr_sharing_mode": p.sharing_mode, "curr_uncap_weight": str(p.uncap_weight),
                "curr_shared_proc_pool_name": "DefaultPool", "curr_shared_proc_pool_id": str(p.pool_id),
                "curr_5250_cpw_percent": "0.0", "mem_mode": "ded", "curr_mem": str(s["mem"]),
                "entitled_cycles": str(s["entitled_cycles"]), "capped_cycles": str(s["capped_cycles"]),
                "uncapped_cycles": str(s["uncapped_cycles"])}, lst))
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0
