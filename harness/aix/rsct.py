"""RSCT / RMC commands: rmcctrl, recfgct, lsnodeid, lsrsrc, rmcdomainstatus (reference §2)."""

from __future__ import annotations

from ..shell.command import CommandContext, CommandExit
from ..world import rsct as wr
from ..world.aix import AixOS, MgmtResource
from ..world.errors import WorldError
from . import messages as M
from .common import aix_command, parse, partition, require_root, world


# ---- rmcctrl -----------------------------------------------------------------------------------------
def _rmcctrl_usage_err(ctx: CommandContext) -> None:
    ctx.error(M.RMCCTRL_USAGE.splitlines()[0] + "\n")  # [U] the syntax line only; -h prints it all


_RMCCTRL_OPTS = "aAb:BdkKm:M:pPqQst:Tu:Uv:Vw:WxXzh"


@aix_command
def rmcctrl(ctx: CommandContext) -> int:
    require_root(ctx)
    part = partition(ctx)
    w = world(ctx)
    opts, rest = parse(ctx, _RMCCTRL_OPTS, _rmcctrl_usage_err)
    if len(opts) != 1 or rest:  # exactly one action per call [V RMCCTRL-DOC]
        _rmcctrl_usage_err(ctx)
        return 1
    flag, value = opts[0]
    if flag == "-h":
        ctx.writeln(M.RMCCTRL_USAGE)
        return 0
    if flag in ("-m", "-M") and value not in ("R", "E", "D"):
        _rmcctrl_usage_err(ctx)
        return 1
    if flag in ("-b", "-t", "-u", "-v", "-w") and not value.isdigit():
        _rmcctrl_usage_err(ctx)
        return 1
    if flag == "-a":
        wr.add_ctrmc(w, part)
        ctx.writeln(M.SRC_ADDED.format(name="ctrmc"))  # [I] mkssys' message
    elif flag == "-A":
        # -A re-creates the SRC definition and starts RMC: 0513-071 then 0513-059 for ctrmc [I, as recfgct].
        wr.add_ctrmc(w, part)
        ctx.writeln(M.SRC_ADDED.format(name="ctrmc"))
        _report_start(ctx, wr.start_rmc(w, part))
    elif flag == "-s":
        try:
            started = wr.start_rmc(w, part)
        except WorldError:
            ctx.error(M.SRC_NO_SUBSYSTEM.format(name="ctrmc") + "\n")  # [I]
            return 1
        _report_start(ctx, started)  # [U] whether -s echoes startsrc's message
    elif flag == "-d":
        wr.delete_ctrmc(w, part)
        ctx.writeln(M.SRC_DELETED)  # [I] rmssys' message
    elif flag == "-k":
        wr.stop_rmc(w, part, include_rms=False)
    elif flag in ("-K", "-z"):
        wr.stop_rmc(w, part, include_rms=True)  # -z returns once everything stopped [V]; silent [U]
    elif flag == "-p":
        wr.enable_remote(w, part)
    elif flag == "-P":
        wr.disable_remote(w, part)
    # -q/-Q (next start) and the timeout/policy flags are accepted silently: the model keeps no state
    # for them [U: silent on success].
    return 0


def _report_start(ctx: CommandContext, started: list[wr.Started]) -> None:
    for s in started:
        if s.name == "ctrmc":
            ctx.writeln(M.SRC_STARTED.format(name="ctrmc", pid=s.pid))


# ---- recfgct -----------------------------------------------------------------------------------------
@aix_command
def recfgct(ctx: CommandContext) -> int:
    require_root(ctx)
    part = partition(ctx)
    usage = (lambda c: c.error(M.RECFGCT_USAGE + "\n"))
    opts, rest = parse(ctx, "i:nsh", usage)
    if rest or len(opts) > 1:
        usage(ctx)
        return 1
    flag, value = opts[0] if opts else ("-n", "")
    if flag == "-h":
        ctx.writeln(M.RECFGCT_USAGE)
        return 0
    try:
        started = wr.recfgct(world(ctx), part, node_id=value if flag == "-i" else None, keep_id=flag == "-s")
    except WorldError as exc:
        if exc.code == "peer_domain_online":
            ctx.error(M.RECFGCT_PEER_DOMAIN + "\n")  # [V] text; [U] stream
        else:
            ctx.error(M.RECFGCT_BAD_ID.format(id=value) + "\n")
        return 1
    ctx.writeln(M.RECFGCT_DR_LINE)
    ctx.writeln(M.SRC_ADDED.format(name="ctcas"))
    ctx.writeln(M.SRC_ADDED.format(name="ctrmc"))
    ctx.writeln(M.SRC_STARTED.format(name="ctrmc", pid=started.pid))
    return 0


# ---- lsnodeid ----------------------------------------------------------------------------------------
@aix_command
def lsnodeid(ctx: CommandContext) -> int:
    os = partition(ctx).os
    if not os.rsct.node_id:
        ctx.error(M.LSNODEID_NONE + "\n")
        return 1
    ctx.writeln(os.rsct.node_id)
    return 0


# ---- lsrsrc ------------------------------------------------------------------------------------------
# Classes known to exist on an AIX partition; the management class of the other AIX generation is
# listed too and shows no resources [I: RSCT-MD says IBM.MCP replaces IBM.ManagementServer; the exact
# behaviour of the wrong class on each level is not verified].
MGMT_CLASSES = ("IBM.MCP", "IBM.ManagementServer")
KNOWN_CLASSES = ("IBM.MCP", "IBM.ManagementServer", "IBM.Host", "IBM.FileSystem", "IBM.Program",
                 "IBM.Sensor", "IBM.EthernetDevice", "IBM.Processor", "IBM.PhysicalVolume",
                 "IBM.LPCommands", "IBM.Condition", "IBM.EventResponse", "IBM.Association",
                 "IBM.AuditLog", "IBM.AuditLogTemplate", "IBM.DRM", "IBM.ServiceEvent")


def _quote(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "{" + ",".join(f'"{v}"' for v in value) + "}"
    return f'"{value}"'


def mgmt_attributes(ctx: CommandContext, os: AixOS, cls: str, res: MgmtResource) -> list[tuple[str, object]]:
    """Persistent attributes of one management resource, in the real order [V CN-RMC, seed, §2.6]."""
    show = world(ctx).display.show
    peer = os.rsct.peer_domain if os.rsct.peer_domain_online else ""
    if cls == "IBM.MCP":
        return [
            ("MNName", show(res.mn_name)),
            ("NodeID", res.hmc_node_id),
            ("KeyToken", show(res.key_token)),
            ("IPAddresses", [show(res.hmc_ip)]),
            ("ConnectivityNames", [show(res.mn_name)]),
            ("HMCName", show(res.hmc_mtms)),
            ("HMCIPAddr", show(res.hmc_ip)),
            ("HMCAddIPs", ""),
            ("HMCAddIPv6s", ""),
            ("ActivePeerDomain", peer),
            ("NodeNameList", [os.hostname]),
        ]
    return [
        ("Name", show(res.hmc_ip)),  # [V §2.6 sample: the HMC's address]
        ("Hostname", show(res.hmc_ip)),  # [V §2.6 sample: also the address]
        ("ManagerType", "HMC"),
        ("LocalHostname", show(res.mn_name)),
        ("ClusterTM", res.hmc_type_model),
        ("ClusterSNum", ""),  # [V §2.6 sample: empty even where nothing was blanked]
        ("ActivePeerDomain", peer),
        ("NodeNameList", [os.hostname]),
    ]


def _lsrsrc_usage(ctx: CommandContext) -> None:
    ctx.error(M.LSRSRC_USAGE + "\n")


def _selection(ctx: CommandContext, text: str):
    """A tiny subset of RMC selection strings: `Attr == "value"`, `Attr != "value"`, `Attr == 123`."""
    for op in ("==", "!="):
        if op in text:
            left, right = (p.strip() for p in text.split(op, 1))
            right = right.strip('"').strip("'")
            if not left:
                break
            return left, op, right
    ctx.error(f'/usr/sbin/rsct/bin/lsrsrc-api: 2612-018 The selection string "{text}" is not valid.\n')  # [U]
    raise CommandExit(1)


@aix_command
def lsrsrc(ctx: CommandContext) -> int:
    part = partition(ctx)
    os = part.os
    opts, rest = parse(ctx, "s:a:xlitdD:Vh", _lsrsrc_usage)
    flags = {o: v for o, v in opts}
    if "-h" in flags:
        ctx.writeln(M.LSRSRC_USAGE)
        return 0
    if not rest or flags.get("-a", "p") not in ("p", "d", "b"):
        _lsrsrc_usage(ctx)
        return 1
    cls, wanted = rest[0], rest[1:]
    if not os.is_active("ctrmc"):
        ctx.error(M.LSRSRC_NO_SESSION + "\n")
        return 1
    if cls not in KNOWN_CLASSES:
        ctx.error(M.LSRSRC_NO_CLASS.format(cls=cls) + "\n")
        return 1
    resources = list(os.rsct.mgmt_resources) if cls == os.level.mgmt_class else []
    rows = [mgmt_attributes(ctx, os, cls, r) for r in resources]
    blank = MgmtResource("", "", "", 0, "", "", "", "", "")
    names = [n for n, _ in mgmt_attributes(ctx, os, cls, blank)] if cls in MGMT_CLASSES else []
    for attr in wanted:
        if names and attr not in names:
            ctx.error(f'/usr/sbin/rsct/bin/lsrsrc-api: 2612-023 The attribute "{attr}" is not defined '
                      f'for the resource class "{cls}".\n')  # [U]
            return 1
    if "-s" in flags and rows:
        attr, op, value = _selection(ctx, flags["-s"])
        if attr not in names:
            ctx.error(f'/usr/sbin/rsct/bin/lsrsrc-api: 2612-023 The attribute "{attr}" is not defined '
                      f'for the resource class "{cls}".\n')  # [U]
            return 1

        def keep(r: list[tuple[str, object]]) -> bool:
            v = dict(r)[attr]
            text = ",".join(v) if isinstance(v, list) else str(v)
            return (text == value) == (op == "==")

        rows = [r for r in rows if keep(r)]
    elif "-s" in flags:
        _selection(ctx, flags["-s"])
    if wanted:
        rows = [[(n, v) for n, v in r if n in wanted] for r in rows]
        rows = [sorted(r, key=lambda nv: wanted.index(nv[0])) for r in rows]
    # [U] -a d/b: the management classes have no dynamic attributes, so those blocks list resources only;
    # -x drops the "Resource ... Attributes" header line
    kinds = {"p": ["Persistent"], "d": ["Dynamic"], "b": ["Persistent", "Dynamic"]}[flags.get("-a", "p")]
    for kind in kinds:
        data = rows if kind == "Persistent" else [[] for _ in rows]
        if "-x" not in flags:
            ctx.writeln(f"Resource {kind} Attributes for {cls}")
        if "-t" in flags or "-d" in flags or "-D" in flags:
            _tabular(ctx, data, flags)
            continue
        for i, r in enumerate(data, 1):
            ctx.writeln(f"resource {i}:")
            width = max((len(n) for n, _ in r), default=0)
            for n, v in r:
                ctx.writeln(f"        {n:<{width}} = {_quote(v)}")
    return 0


def _tabular(ctx: CommandContext, rows: list[list[tuple[str, object]]], flags: dict) -> None:
    """[U] -t (columns) and -d/-D (delimited) layouts."""
    if not rows or not rows[0]:
        return
    names = [n for n, _ in rows[0]]
    if "-t" in flags:
        values = [[_quote(v) for _, v in r] for r in rows]
        widths = [max(len(names[i]), *(len(v[i]) for v in values)) for i in range(len(names))]
        ctx.writeln(" ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip())
        for v in values:
            ctx.writeln(" ".join(x.ljust(w) for x, w in zip(v, widths)).rstrip())
        return
    delim = flags.get("-D", ":")
    if "-x" not in flags:
        ctx.writeln(delim.join(names) + delim)
    for r in rows:
        ctx.writeln(delim.join(_quote(v) for _, v in r) + delim)


# ---- rmcdomainstatus ---------------------------------------------------------------------------------
@aix_command
def rmcdomainstatus(ctx: CommandContext) -> int:
    part = partition(ctx)
    os = part.os
    usage = (lambda c: c.error(M.RMCDOMAINSTATUS_USAGE + "\n"))
    opts, rest = parse(ctx, "s:a:", usage)
    flags = {o: v for o, v in opts}
    if rest or flags.get("-s") != "ctrmc" or flags.get("-a", "ip") not in ("ip", "hn"):
        usage(ctx)
        return 1
    if not os.is_active("ctrmc"):
        ctx.error(M.SRC_NOT_PASSED.format(name="ctrmc") + "\n")  # [I] it asks ctrmc through the SRC
        return 1
    if os.rsct.peer_domain_online:
        # [I] only this node's own line: the other peer nodes are not modelled
        ctx.writeln("")
        ctx.writeln("Peer Domain Status")
        ctx.writeln(f"  S S  0x{os.rsct.node_id}  0001  {os.hostname}")
    statuses = world(ctx).rmc.domain_status(part)
    if statuses:
        # a blank line before each section [V CN-RMC]; two-space indent [V CN-RMC, brief]
        ctx.writeln("")
        ctx.writeln("Management Domain Status: Management Control Points")
        for n, (flag, res) in enumerate(statuses, 1):
            name = res.hmc_hostname if flags.get("-a") == "hn" else res.hmc_ip
            ctx.writeln(f"  {flag} A  0x{res.hmc_node_id:016x}  {n:04d}  {name}")
    return 0
