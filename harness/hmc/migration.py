"""lslparmigr and migrlpar: Live Partition Mobility between managed systems.

  migrlpar -o {v | m | s | r} -m src [-t dst] {-p lpar | --id N} [--ip remote-HMC [-u user]]
           [-w wait] [-d detail] [-i "attributes"] [--force]
  lslparmigr -r {lpar | sys} -m sys [--filter ...] [-F [names] [--header]]

Validation (-o v) and migration (-o m) need an RMC session with the mobile partition and, on each
system that has Virtual I/O Servers, one VIOS with an active RMC session (the mover service
partitions) [I: the model's reading of "validation needs RMC on both sides"]; the destination must
have the memory and processing units free. A migration moves the partition with its OS, its
resources and its profiles to the destination in one step (the real operation's minutes of copying
are not modelled), so both systems' pools stay conserved. Messages and lslparmigr's format are [I]
(reference 9: "lslparmigr output not captured").
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world import power
from ..world.system import ManagedSystem, Partition
from .attributes import listing
from .boundary import hmc_command
from .filters import parse_filter, select_partitions
from .formatting import check_fields, record, render
from .messages import error
from .mkauthkeys import keys_exchanged, remote_hmc
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

MIGR_USAGE = """Usage: migrlpar -o {v | m | s | r} -m managed-system [-t target-managed-system]
                {-p partition-name | --id partition-ID} [--ip target-HMC [-u user]]
                [-w wait-time] [-d detail-level] [-i "attributes"] [--force] [--help]
"""  # [I] layout; flags [V-client] ansible, op-test
LS_USAGE = """Usage: lslparmigr -r {lpar | sys} -m managed-system [--filter "filter-data"]
                  [-F [attribute-names] [--header]] [--help]
"""  # [I]
MIGR_SPEC = {"-o": VALUE, "-m": VALUE, "-t": VALUE, "-p": VALUE, "--id": VALUE, "--ip": VALUE, "-u": VALUE,
             "-w": VALUE, "-d": VALUE, "-i": VALUE, "--force": FLAG, "--all": FLAG, "--help": FLAG}
LS_SPEC = {"-r": VALUE, "-m": VALUE, "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG, "--help": FLAG}
COMMANDS = {
    "migrlpar": ("validate, start, stop or recover a partition migration",
                 ("-o v", "-o m", "-o s", "-o r", "-m", "-t", "-p", "--id", "--ip", "-u", "-w", "-d", "-i",
                  "--force")),
    "lslparmigr": ("list partition migration states and capabilities",
                   ("-r lpar", "-r sys", "-m", "--filter", "-F", "--header")),
}


def _msp_ok(t: HmcTarget, hmc, system: ManagedSystem) -> bool:
    vioses = [p for p in system.partitions.values() if p.env == "vioserver"]
    if not vioses:
        return True  # [model] no virtual I/O modelled on this system: nothing to move
    return any(p.running and t.world.rmc.view(hmc, system, p).active for p in vioses)


def _destination(t: HmcTarget, opts, user: str):
    """(hmc managing the destination, destination system)."""
    opts.require("-t")
    if not opts.has("--ip"):
        return t.hmc, t.system(opts.get("-t"))
    remote = remote_hmc(t, opts.get("--ip"))
    remote_user = opts.get("-u") or user
    if not keys_exchanged(t, remote, user, remote_user):
        raise error("HSCL3653", user=remote_user)
    dest = t.world.find_system(opts.get("-t"))
    if dest is None or dest.name not in remote.managed_systems:
        raise error("migr_remote_system", name=opts.get("-t"))
    return remote, dest


def validate(t: HmcTarget, system: ManagedSystem, part: Partition, dest_hmc, dest: ManagedSystem) -> None:
    if dest is system:
        raise error("migr_same_system")
    t.require_connected(system)
    if not dest.hmc_connected.get(dest_hmc.name, False):
        raise error("no_connection", system=dest.name)
    if part.state != "Running":
        raise error("migr_not_running", lpar=part.name, state=part.state)
    if not t.view(system, part).active:
        raise error("migr_no_rmc", lpar_id=part.id)
    for hmc, sys_ in ((t.hmc, system), (dest_hmc, dest)):
        if not _msp_ok(t, hmc, sys_):
            raise error("migr_msp", system=sys_.name)
    if any(p.name == part.name for p in dest.partitions.values()):
        raise error("migr_name_in_use", lpar=part.name)
    if part.mem.cur > dest.avail_mem():
        raise error("migr_no_resources", system=dest.name, what="memory", lpar=part.name)
    if part.proc.units_used() > dest.avail_proc_units() + 1e-9:
        raise error("migr_no_resources", system=dest.name, what="processing units", lpar=part.name)


def migrate(t: HmcTarget, system: ManagedSystem, part: Partition, dest: ManagedSystem) -> None:
    world = t.world
    world.clock.cancel_where(lambda tm: tm.event in power.LPAR_EVENTS and tuple(tm.args[:2]) == (system.name, part.id))
    world.rmc.drop_partition(part)
    for hmc in world.hmcs.values():
        slot = hmc.node_slot(system.name, part.id)
        if slot is not None:
            hmc.managed_nodes[slot] = None
    del system.partitions[part.id]
    if part.id in dest.partitions:
        part.id = next(i for i in range(1, dest.max_lpars + 2) if i not in dest.partitions)
    dest.partitions[part.id] = part
    # the OS never stopped: the HMCs that know it reconnect at once [I]
    for hmc_name in list(part.nvram_hmcs):
        hmc = world.hmcs.get(hmc_name)
        if hmc is not None and dest.name in hmc.managed_systems and dest.hmc_connected.get(hmc_name, False):
            world.rmc.try_establish(hmc, part)


def stop_or_recover(t: HmcTarget, system: ManagedSystem, part: Partition, op: str) -> None:
    """migrlpar -o s (stop) / -o r (recover), also the REST MigrateAbort/MigrateRecover jobs: there is
    never a migration in progress to stop or recover, as the model's migrations complete at once."""
    raise error("migr_none", lpar=part.name)


@hmc_command(MIGR_USAGE)
def migrlpar(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], MIGR_SPEC)
    opts.require("-o")
    op = opts.choice("-o", ("v", "m", "s", "r"))
    opts.require("-m")
    for numeric in ("-w", "-d"):
        opts.integer(numeric)
    system = t.system(opts.get("-m"))
    part = t.pick_partition(system, opts, "-p", "--id")
    if op in ("s", "r"):
        stop_or_recover(t, system, part, op)
        return 0
    dest_hmc, dest = _destination(t, opts, str(getattr(ctx.session, "user", "")))
    validate(t, system, part, dest_hmc, dest)
    if op == "m":
        migrate(t, system, part, dest)
        t.world.changed()
    return 0


@hmc_command(LS_USAGE)
def lslparmigr(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], LS_SPEC)
    opts.require("-r")
    resource = opts.choice("-r", ("lpar", "sys"))
    opts.require("-m")
    lst = listing(f"lslparmigr.{resource}", t.level)
    fields = opts.get("-F")
    check_fields(fields, lst)
    filters = parse_filter(opts.get("--filter"), ("lpar_names", "lpar_ids") if resource == "lpar" else ()) \
        if opts.has("--filter") else {}
    system = t.system(opts.get("-m"))
    t.require_connected(system)
    if resource == "sys":
        values = {"inactive_lpar_mobility_capable": "1", "num_inactive_migrations_supported": "4",
                  "num_inactive_migrations_in_progress": "0", "active_lpar_mobility_capable": "1",
                  "num_active_migrations_supported": "8", "num_active_migrations_in_progress": "0"}
        records = [record(values, lst)]
    else:
        records = []
        for part in select_partitions(t.partitions(system), filters):
            values = {"name": part.name, "lpar_id": str(part.id), "migration_state": "Not Migrating"}
            records.append(record(values, lst))
    ctx.write(render(records, lst, fields, opts.flag("--header")))
    return 0
