"""Jobs: ``GET .../do/{Operation}`` gives the JobRequest template, ``PUT`` runs it, ``GET /uom/jobs/{id}``
reports it. Served: LogicalPartition/VirtualIOServer PowerOn and PowerOff (``operation`` shutdown |
osshutdown, ``immediate`` true) and ManagedSystem PowerOn/PowerOff (``restart``) through the world's
power operations chsysstate uses, and
ManagementConsole CLIRunner (``cmd``) through the same shell interpreter SSH sessions use.

Shapes [V pypowervm data]: JobRequest (RequestedOperation: OperationName, GroupName; JobParameters of
JobParameter: ParameterName, ParameterValue), JobResponse (JobID, Status, Results, ResponseException/
Message). [I] a job finishes within the PUT: the world accepts or refuses at once, and what follows
(a partition booting, shutting down) goes on on the virtual clock.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .uomxml import GENERATOR, K2_NS, WEB_NS, _ATOM_ROOT, content_type

TEMPLATE_PARAMS = {"PowerOn": [], "PowerOff": ["operation", "immediate"],
                   "CLIRunner": ["cmd", "acknowledgeThisAPIMayGoAwayInTheFuture"]}
GROUPS = {"PowerOn": ("LogicalPartition", "VirtualIOServer", "ManagedSystem"),
          "PowerOff": ("LogicalPartition", "VirtualIOServer", "ManagedSystem"),
          "CLIRunner": ("ManagementConsole",)}


def _meta(i: str) -> str:
    return f"{i}<Metadata>\n{i}    <Atom/>\n{i}</Metadata>"


def _params(params: list[tuple[str, str]], i: str) -> str:
    out = []
    for name, value in params:
        out += [f'{i}<JobParameter schemaVersion="V1_0">', _meta(i + "    "),
                f'{i}    <ParameterName kb="ROR" kxe="false">{escape(name)}</ParameterName>',
                f'{i}    <ParameterValue kb="CUR" kxe="false">{escape(value)}</ParameterValue>',
                f"{i}</JobParameter>"]
    return "\n".join(out)


def _request_body(op: str, group: str, params: list[tuple[str, str]], i: str) -> str:
    return "\n".join([
        f'{i}<RequestedOperation kb="CUR" kxe="false" schemaVersion="V1_0">', _meta(i + "    "),
        f'{i}    <OperationName kb="ROR" kxe="false">{op}</OperationName>',
        f'{i}    <GroupName kb="ROR" kxe="false">{group}</GroupName>',
        f"{i}</RequestedOperation>",
        f'{i}<JobParameters kb="CUR" kxe="false" schemaVersion="V1_0">', _meta(i + "    "),
        _params(params, i + "    "),
        f"{i}</JobParameters>"])


def _entry(kind: str, entry_id: str, stamp: str, inner: str, self_href: str = "") -> str:
    link = f'    <link rel="SELF" href="{escape(self_href)}"/>\n' if self_href else ""
    return (f"<entry {_ATOM_ROOT}>\n    <id>{entry_id}</id>\n    <title>{kind}</title>\n"
            f"    <published>{stamp}</published>\n{link}"
            f"    <author>\n        <name>{GENERATOR}</name>\n    </author>\n"
            f'    <content type="{content_type("web", kind)}">\n'
            f'        <{kind}:{kind} xmlns:{kind}="{WEB_NS}" xmlns="{WEB_NS}" xmlns:ns2="{K2_NS}" '
            f'schemaVersion="V1_0">\n{_meta("    ")}\n{inner}\n</{kind}:{kind}>\n    </content>\n</entry>\n')


def template(op: str, group: str, entry_id: str, stamp: str) -> str:
    return _entry("JobRequest", entry_id, stamp, _request_body(op, group, [], "    "))


def parse_request(body: bytes) -> dict[str, str]:
    """JobParameter name -> value of a posted JobRequest (Atom-wrapped or bare)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(body)
    ns = f"{{{WEB_NS}}}"
    return {(p.findtext(f"{ns}ParameterName") or ""): (p.findtext(f"{ns}ParameterValue") or "")
            for p in root.iter(f"{ns}JobParameter")}


def response(*, job_id: int, op: str, group: str, target: str, request_url: str, params: dict[str, str],
             status: str, results: list[tuple[str, str]], message: str, started_ms: int, done_ms: int,
             entry_id: str, stamp: str, self_href: str) -> str:
    i = "    "
    inner = [f'{i}<RequestURL kb="ROR" kxe="false" href="{escape(request_url)}" rel="via" '
             'title="The URL to which the JobRequest was submitted."/>',
             f'{i}<TargetUuid kb="ROR" kxe="false">{target}</TargetUuid>',
             f'{i}<JobID kxe="false" kb="ROR">{job_id}</JobID>',
             f'{i}<TimeStarted kb="ROR" kxe="false">{started_ms}</TimeStarted>',
             f'{i}<TimeCompleted kb="ROR" kxe="false">{done_ms}</TimeCompleted>',
             f'{i}<Status kb="ROR" kxe="false">{status}</Status>',
             f'{i}<JobRequestInstance kxe="false" kb="ROR" schemaVersion="V1_0">', _meta(i * 2),
             _request_body(op, group, list(params.items()), i * 2),
             f"{i}</JobRequestInstance>"]
    if message:
        inner += [f'{i}<ResponseException kb="ROR" kxe="false" schemaVersion="V1_0">', _meta(i * 2),
                  f'{i}    <Message kb="ROR" kxe="false">{escape(message)}</Message>',
                  f"{i}</ResponseException>"]
    inner += [f'{i}<Results kb="ROR" kxe="false" schemaVersion="V1_0">', _meta(i * 2),
              _params(results, i * 2), f"{i}</Results>"]
    return _entry("JobResponse", entry_id, stamp, "\n".join(x for x in inner if x), self_href)
