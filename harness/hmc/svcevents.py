"""lssvcevents -t {hardware | console} [-d days | -i minutes] [-m managed-system] [--filter ...]
[-F [names] [--header]]: the serviceable events the world holds (Hmc.console.events).

[V] the hardware line's attributes and order, the problem numbers newest first, the "files" list of an
event the HMC reported itself, and sys_mtms as TYPE-MODEL/SERIAL (ziutus lssvcevents_hardware.txt,
V7R7.9, and the V8R8.2.0 capture data/192.168.200.34.20170910_2337.txt for times and files).
[V-client] powercollector runs `lssvcevents -t hardware -F --header` and
`--filter "status=open" -F refcode:first_time:...`. [I] the filter names other than status, and that
-t console lists nothing (the console's own log is not kept).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..shell.command import CommandContext
from .attributes import Listing
from .boundary import hmc_command
from .filters import parse_filter
from .formatting import record, render
from .messages import MESSAGES, error
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

HARDWARE = Listing(tuple("""problem_num pmh_num refcode status first_time last_time sys_name sys_mtms
    enclosure_mtms firmware_fix text created_time reporting_name reporting_mtms failing_mtms analyzing_hmc
    event_time files approval_state callhome_intended duplicate_count event_severity analyzing_mtms
    ref_code_extn sys_refcode fru_details""".split()))
CONSOLE = Listing(("time", "user", "text"))  # [I]
# [V] the files an HMC-reported event carries (the sample's 8-entry list)
HMC_FILES = ["iqyymrge.log/Consolidated system platform log",
             "hmc.eed/HMC code level obtained from 'lshmc -V' and connection information obtained from "
             "'lssysconn -r all'",
             "iqyvpd.dat/Configuration information associated with the HMC", "actzuict.dat/Tasks performed",
             "iqyvpdc.dat/Configuration information associated with the HMC",
             "problems.xml/XML version of the problems opened on the HMC for the HMC and the server",
             "refcode.dat/list of reference codes associated with the hmc",
             "iqyylog.log/HMC firmware log information"]
# [V] a V8R8.2.0 HMC adds the operating system command output as the second file
HMC_FILES_V8 = [HMC_FILES[0], "acuppd.pa.tgz/Output of different operating system commands", *HMC_FILES[1:]]
# [V] an English V8 HMC prints times as 09/06/2017 01:19:19 (the V7 sample's 2018-06-03 15:56:33 is its
# Polish locale); scenarios give them as YYYY-MM-DD HH:MM:SS
TIME_IN, TIME_OUT = "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M:%S"

USAGE = """Usage: lssvcevents -t {hardware | console} [-d number-of-days | -i number-of-minutes]
                   [-m managed-system] [--filter "filter-data"]
                   [-F [attribute-names] [--header]] [--help]
"""
SPEC = {"-t": VALUE, "-d": VALUE, "-i": VALUE, "-m": VALUE, "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG,
        "--help": FLAG}
SUMMARY = "list serviceable events (from the world), newest first"
FLAGS = ("-t hardware", "-t console", "-d", "-i", "-m", "--filter status|problem_nums|refcodes", "-F", "--header")
COMMANDS = {"lssvcevents": (SUMMARY, FLAGS),
            "chsvcevent": ("close serviceable events (lssvcevents shows them Closed)",
                           ("-p", "-h", "-o close", "-o closeall"))}
CH_USAGE = """Usage: chsvcevent -o {close | closeall} [-p problem-number -h analyzing-HMC] [--help]
"""  # [I] the man page also has comment forms, not modelled
MESSAGES.update({"event_not_found": "HSCL3590 The serviceable event {num} was not found on {hmc}."})  # [I]


def _mtms(type_model: str, serial: str) -> str:
    return f"{type_model}/{serial}"


def _time(value: str) -> str:
    try:
        return datetime.strptime(value, TIME_IN).strftime(TIME_OUT)
    except ValueError:
        return value


def _values(t: HmcTarget, ev) -> dict:
    hmc = t.hmc
    hmc_mtms = _mtms(hmc.type_model, hmc.serial)
    system = t.world.systems.get(ev.sys_name) if ev.sys_name else None
    if system is not None:
        sys_name, sys_mtms = system.name, _mtms(system.type_model, system.serial)
        enclosure = sys_mtms
    else:
        sys_name, sys_mtms = hmc.hostname, hmc_mtms
        first = next(iter(t.systems()), None)
        enclosure = _mtms(first.type_model, first.serial) if first else ""
    return {
        "problem_num": str(ev.problem_num), "pmh_num": "", "refcode": ev.refcode, "status": ev.status,
        "first_time": _time(ev.first_time), "last_time": _time(ev.last_time or ev.first_time), "sys_name": sys_name,
        "sys_mtms": sys_mtms, "enclosure_mtms": enclosure, "firmware_fix": "", "text": ev.text,
        "created_time": _time(ev.first_time), "reporting_name": sys_name, "reporting_mtms": sys_mtms,
        "failing_mtms": enclosure, "analyzing_hmc": hmc.hostname, "event_time": _time(ev.first_time),
        "files": list(HMC_FILES if t.level == "V7" else HMC_FILES_V8), "approval_state": "approved",
        "callhome_intended": "false",
        "duplicate_count": str(ev.duplicate_count), "event_severity": str(ev.event_severity),
        "analyzing_mtms": hmc_mtms, "ref_code_extn": "00000000" if system is None else "",
        "sys_refcode": ev.sys_refcode or ev.refcode, "fru_details": "",
    }


@hmc_command(USAGE)
def lssvcevents(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    opts.require("-t")
    kind = opts.choice("-t", ("hardware", "console"))
    if opts.has("-d") and opts.has("-i"):
        raise error("conflicting_parameters", first="-d", second="-i")
    days, minutes = opts.integer("-d"), opts.integer("-i")
    if kind == "console":
        ctx.write(render([], CONSOLE, opts.get("-F"), opts.flag("--header")))
        return 0
    filters = parse_filter(opts.get("--filter"), ("status", "problem_nums", "refcodes")) \
        if opts.has("--filter") else {}
    events = list(t.hmc.console.events)
    if opts.has("-m"):
        system = t.system(opts.get("-m"))
        events = [e for e in events if e.sys_name == system.name]
    if days is not None or minutes is not None:
        since = t.world.clock.datetime().replace(tzinfo=None) - (timedelta(days=days) if days is not None
                                                                 else timedelta(minutes=minutes))
        events = [e for e in events if datetime.strptime(e.first_time, TIME_IN) >= since]
    if "status" in filters:
        wanted = {s.lower() for s in filters["status"]}
        events = [e for e in events if e.status.lower() in wanted]
    if "problem_nums" in filters:
        events = [e for e in events if str(e.problem_num) in filters["problem_nums"]]
    if "refcodes" in filters:
        events = [e for e in events if e.refcode in filters["refcodes"]]
    events.sort(key=lambda e: -e.problem_num)  # [V] newest problem first
    records = [record(_values(t, e), HARDWARE) for e in events]
    ctx.write(render(records, HARDWARE, opts.get("-F"), opts.flag("--header")))
    return 0


@hmc_command(CH_USAGE)
def chsvcevent(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-o": VALUE, "-p": VALUE, "-h": VALUE, "--help": FLAG})
    opts.require("-o")
    op = opts.choice("-o", ("close", "closeall"))
    events = t.hmc.console.events
    if op == "closeall":
        for ev in events:
            ev.status = "Closed"
        return 0
    opts.require("-p", "-h")
    num = opts.integer("-p")
    if opts.get("-h") != t.hmc.hostname:  # the analyzing HMC is this one for every event it holds
        raise error("event_not_found", num=num, hmc=opts.get("-h"))
    ev = next((e for e in events if e.problem_num == num), None)
    if ev is None:
        raise error("event_not_found", num=num, hmc=opts.get("-h"))
    ev.status = "Closed"
    return 0
