"""Jobs: ``GET .../do/{Operation}`` gives the JobRequest template, ``PUT`` runs it, ``GET /uom/jobs/{id}``
reports it. Served: LogicalPartition/VirtualIOServer PowerOn and PowerOff (``operation`` shutdown |
osshutdown, ``immediate`` true) and ManagedSystem PowerOn/PowerOff (``restart``) through the world's
power operations chsysstate uses, and
ManagementConsole CLIRunner (``cmd``) through the same shell interpreter SSH sessions use, and a
LogicalPartition's MigrateValidate, Migrate, MigrateAbort and MigrateRecover as migrlpar -o v|m|s|r.

Shapes [V pypowervm data]: JobRequest (RequestedOperation: OperationName, GroupName; JobParameters of
JobParameter: ParameterName, ParameterValue), JobResponse (JobID, Status, Results, ResponseException/
Message). The world accepts or refuses a job at once (a refusal: COMPLETED_WITH_ERROR with the HSCL
text [I which status]); a power job then stays RUNNING while its transition goes on on the virtual
clock (a partition Starting or Shutting Down, a system Initializing or Power Off In Progress) and is
COMPLETED_OK once the target reached the state the operation aims at, its TimeCompleted the virtual
instant of that transition. A target that leaves the transition some other way (powered off while
starting, the system powered off under it) ends FAILED_BEFORE_COMPLETION [I: status from pypowervm's
captured job_response_exception; the message text is a guess]. CLIRunner completes within the PUT, as
the real one does [I].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .uomxml import GENERATOR, K2_NS, WEB_NS, _ATOM_ROOT, content_type

# [V parameter names: pypowervm tasks/migration.py]
MIGRATION_PARAMS = ["TargetManagedSystemName", "TargetRemoteHMCIPAddress", "TargetRemoteHMCUserID"]
TEMPLATE_PARAMS = {"PowerOn": [], "PowerOff": ["operation", "immediate"],
                   "CLIRunner": ["cmd", "acknowledgeThisAPIMayGoAwayInTheFuture"],
                   "MigrateValidate": MIGRATION_PARAMS, "Migrate": MIGRATION_PARAMS,
                   "MigrateAbort": [], "MigrateRecover": ["Force"]}  # [V pypowervm tasks/migration.py]
GROUPS = {"PowerOn": ("LogicalPartition", "VirtualIOServer", "ManagedSystem"),
          "PowerOff": ("LogicalPartition", "VirtualIOServer", "ManagedSystem"),
          "CLIRunner": ("ManagementConsole",),
          "MigrateValidate": ("LogicalPartition",), "Migrate": ("LogicalPartition",),
          "MigrateAbort": ("LogicalPartition",), "MigrateRecover": ("LogicalPartition",)}


# operation -> (states while it runs, states it aims at) of the target [I: the transitions of power.py]
WATCHED = {("PowerOn", False): ({"Starting"}, {"Running", "Open Firmware"}),
           ("PowerOff", False): ({"Shutting Down"}, {"Not Activated"}),
           ("PowerOn", True): ({"Initializing"}, {"Operating"}),
           ("PowerOff", True): ({"Power Off In Progress"}, {"Power Off"})}
POWER_EVENTS = {"power.boot", "power.down", "power.sys_on", "power.sys_off"}


@dataclass
class Watch:
    """What a running power job waits on: the target (a partition of a system, or the system itself)
    leaving ``busy`` for ``goal``; ``done_at`` the clock time of the scheduled transition."""
    system: str
    lpar_id: int | None
    busy: set[str]
    goal: set[str]
    done_at: float


@dataclass
class Job:
    job_id: int
    fields: dict = field(default_factory=dict)  # the keyword arguments of response(), but status/done
    status: str = "COMPLETED_OK"
    message: str = ""
    done_ms: int = 0
    watch: Watch | None = None


def watch_for(world, op: str, system, part) -> Watch | None:
    """The transition a power job just started, from the timer the world scheduled for it."""
    busy, goal = WATCHED[(op, part is None)]
    state = (system if part is None else part).state
    if state not in busy:
        return None
    key = (system.name,) if part is None else (system.name, part.id)
    timers = [t for t in world.clock.pending() if t.event in POWER_EVENTS and tuple(t.args[:len(key)]) == key
              and t.event.startswith("power.sys_") == (part is None)]
    done_at = max((t.at for t in timers), default=world.clock.now)
    if part is None and op == "PowerOff" and any(t.event == "power.sys_off" and t.args[1] for t in timers):
        busy, goal = busy | {"Power Off", "Initializing"}, {"Operating"}  # restart=true [I]
    return Watch(system.name, None if part is None else part.id, set(busy), set(goal), done_at)


def settle(job: Job, world, epoch_ms: int) -> None:
    """RUNNING until the watched transition is over; then COMPLETED_OK or FAILED_BEFORE_COMPLETION."""
    w = job.watch
    if w is None or job.status != "RUNNING":
        return
    system = world.systems.get(w.system)
    target = system if (system is None or w.lpar_id is None) else system.partitions.get(w.lpar_id)
    state = target.state if target is not None else ""
    if state in w.busy:
        return
    done = min(w.done_at, world.clock.now) if state in w.goal else world.clock.now
    job.done_ms = epoch_ms + int(done * 1000)
    if state in w.goal:
        job.status = "COMPLETED_OK"
    else:
        job.status = "FAILED_BEFORE_COMPLETION"
        job.message = (f"The operation {job.fields['op']} did not complete: the target is now in state "
                       f"{state or 'unknown'}.")  # [I] text


def render(job: Job, schema: str) -> str:
    return response(job_id=job.job_id, status=job.status, message=job.message, done_ms=job.done_ms,
                    s=schema, **job.fields)


def _meta(i: str) -> str:
    return f"{i}<Metadata>\n{i}    <Atom/>\n{i}</Metadata>"


def _params(params: list[tuple[str, str]], i: str, s: str) -> str:
    out = []
    for name, value in params:
        out += [f'{i}<JobParameter schemaVersion="{s}">', _meta(i + "    "),
                f'{i}    <ParameterName kb="ROR" kxe="false">{escape(name)}</ParameterName>',
                f'{i}    <ParameterValue kb="CUR" kxe="false">{escape(value)}</ParameterValue>',
                f"{i}</JobParameter>"]
    return "\n".join(out)


def _request_body(op: str, group: str, params: list[tuple[str, str]], i: str, s: str) -> str:
    return "\n".join([
        f'{i}<RequestedOperation kb="CUR" kxe="false" schemaVersion="{s}">', _meta(i + "    "),
        f'{i}    <OperationName kb="ROR" kxe="false">{op}</OperationName>',
        f'{i}    <GroupName kb="ROR" kxe="false">{group}</GroupName>',
        f"{i}</RequestedOperation>",
        f'{i}<JobParameters kb="CUR" kxe="false" schemaVersion="{s}">', _meta(i + "    "),
        _params(params, i + "    ", s),
        f"{i}</JobParameters>"])


def _entry(kind: str, entry_id: str, stamp: str, inner: str, s: str, self_href: str = "") -> str:
    link = f'    <link rel="SELF" href="{escape(self_href)}"/>\n' if self_href else ""
    return (f"<entry {_ATOM_ROOT}>\n    <id>{entry_id}</id>\n    <title>{kind}</title>\n"
            f"    <published>{stamp}</published>\n{link}"
            f"    <author>\n        <name>{GENERATOR}</name>\n    </author>\n"
            f'    <content type="{content_type("web", kind)}">\n'
            f'        <{kind}:{kind} xmlns:{kind}="{WEB_NS}" xmlns="{WEB_NS}" xmlns:ns2="{K2_NS}" '
            f'schemaVersion="{s}">\n{_meta("    ")}\n{inner}\n</{kind}:{kind}>\n    </content>\n</entry>\n')


def template(op: str, group: str, entry_id: str, stamp: str, s: str) -> str:
    """``s``: the schemaVersion the HMC's level writes (levels.py)."""
    return _entry("JobRequest", entry_id, stamp, _request_body(op, group, [], "    ", s), s)


def parse_request(body: bytes) -> dict[str, str]:
    """JobParameter name -> value of a posted JobRequest (Atom-wrapped or bare)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(body)
    ns = f"{{{WEB_NS}}}"
    return {(p.findtext(f"{ns}ParameterName") or ""): (p.findtext(f"{ns}ParameterValue") or "")
            for p in root.iter(f"{ns}JobParameter")}


def response(*, job_id: int, op: str, group: str, target: str, request_url: str, params: dict[str, str],
             status: str, results: list[tuple[str, str]], message: str, started_ms: int, done_ms: int,
             entry_id: str, stamp: str, self_href: str, s: str) -> str:
    i = "    "
    inner = [f'{i}<RequestURL kb="ROR" kxe="false" href="{escape(request_url)}" rel="via" '
             'title="The URL to which the JobRequest was submitted."/>',
             f'{i}<TargetUuid kb="ROR" kxe="false">{target}</TargetUuid>',
             f'{i}<JobID kxe="false" kb="ROR">{job_id}</JobID>',
             f'{i}<TimeStarted kb="ROR" kxe="false">{started_ms}</TimeStarted>',
             f'{i}<TimeCompleted kb="ROR" kxe="false">{done_ms}</TimeCompleted>',  # 0 while RUNNING [I]
             f'{i}<Status kb="ROR" kxe="false">{status}</Status>',
             f'{i}<JobRequestInstance kxe="false" kb="ROR" schemaVersion="{s}">', _meta(i * 2),
             _request_body(op, group, list(params.items()), i * 2, s),
             f"{i}</JobRequestInstance>"]
    if message:
        inner += [f'{i}<ResponseException kb="ROR" kxe="false" schemaVersion="{s}">', _meta(i * 2),
                  f'{i}    <Message kb="ROR" kxe="false">{escape(message)}</Message>',
                  f"{i}</ResponseException>"]
    inner += [f'{i}<Results kb="ROR" kxe="false" schemaVersion="{s}">', _meta(i * 2),
              _params(results, i * 2, s), f"{i}</Results>"]
    return _entry("JobResponse", entry_id, stamp, "\n".join(x for x in inner if x), s, self_href)
