"""chrsrc: change persistent attributes of the management-domain resources (IBM.MCP on AIX 7.x,
IBM.ManagementServer on AIX 6.1) [V CN-RMC: the stale-MCP repair after an HMC swap is
`chrsrc -s 'MNName == "x"' IBM.MCP HMCIPAddr=...` or `chrsrc -f infile.mcp -s ... IBM.MCP`, then an RMC
restart; reference §2.5 and §5 F8].

Forms: ``chrsrc -s "Selection" [-v] Class Attr=value...`` and ``chrsrc -f file -s "Selection" Class``
(the file holds ``Attr = value`` lines, RSCT resource-data-input style: a ``PersistentResourceAttributes::``
header and ``resource N:`` lines are skipped). The change is written to the resource at once; the
management-domain RM acts on it when it restarts: a resource whose HMCIPAddr now names a known HMC is
re-bound to it and re-created with that HMC's identity on the next successful poll [I].

Messages of the error paths are [U] (catalog 2612, as lsrsrc-api's).
"""

from __future__ import annotations

import shlex

from ..shell.command import CommandContext
from ..shell.streams import file_text
from ..shell.uopts import abspath, session_files
from ..world.aix import AixOS, MgmtResource
from . import messages as M
from .common import aix_command, parse, partition, require_root, world
from .rsct import MGMT_CLASSES, KNOWN_CLASSES, mgmt_attributes

API = "/usr/sbin/rsct/bin/chrsrc-api"
USAGE = """Usage: chrsrc [-h] -s "Selection_string" [-v] [-TV] Resource_class Attr=value...
       chrsrc [-h] -f Resource_data_input_file -s "Selection_string" [-v] [-TV] Resource_class
       chrsrc [-h] -r [-v] [-TV] Resource_handle Attr=value..."""  # [I] the RSCT man page synopsis

# attribute -> MgmtResource field(s) it sets; everything else of the class is read-only here [I]
WRITABLE = {
    "IBM.MCP": {"MNName": ("mn_name",), "ConnectivityNames": ("mn_name",), "NodeID": ("hmc_node_id",),
                "KeyToken": ("key_token",), "IPAddresses": ("hmc_ip",), "HMCIPAddr": ("hmc_ip",),
                "HMCName": ("hmc_mtms",)},
    "IBM.ManagementServer": {"Name": ("hmc_ip",), "Hostname": ("hmc_ip",), "LocalHostname": ("mn_name",),
                             "ClusterTM": ("hmc_type_model",)},
}


def _usage(ctx: CommandContext) -> None:
    ctx.error(USAGE + "\n")


def _value(text: str) -> object:
    """`"a"` -> a, `{"a","b"}` -> [a, b], `123` -> 123 (RMC data types as chrsrc takes them)."""
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        return [v.strip().strip('"').strip("'") for v in text[1:-1].split(",") if v.strip()]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    try:
        return int(text, 0)
    except ValueError:
        return text


def _pairs_from_args(ctx: CommandContext, args: list[str]) -> list[tuple[str, object]] | None:
    pairs = []
    for arg in args:
        if "=" not in arg:
            return None
        name, value = arg.split("=", 1)
        pairs.append((name.strip(), _value(value)))
    return pairs


def _pairs_from_file(text: str) -> list[tuple[str, object]]:
    pairs = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.endswith("::") or (line.lower().startswith("resource") and line.endswith(":")):
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            pairs.append((name.strip(), _value(value)))
    return pairs


def _matches(ctx: CommandContext, os: AixOS, cls: str, res: MgmtResource, attr: str, op: str, want: str) -> bool:
    value = dict(mgmt_attributes(ctx, os, cls, res)).get(attr)
    text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
    return (text == want) == (op == "==")


def _selection(text: str) -> tuple[str, str, str] | None:
    for op in ("==", "!="):
        if op in text:
            left, right = (p.strip() for p in text.split(op, 1))
            try:
                right = " ".join(shlex.split(right)) if right else right
            except ValueError:
                right = right.strip('"').strip("'")
            if left:
                return left, op, right
    return None


def _apply(ctx: CommandContext, res: MgmtResource, cls: str, pairs: list[tuple[str, object]]) -> None:
    w = world(ctx)
    for name, value in pairs:
        first = value[0] if isinstance(value, list) and value else value
        for fld in WRITABLE[cls][name]:
            if fld == "hmc_node_id":
                res.hmc_node_id = int(first)
            elif fld == "hmc_mtms":
                res.hmc_mtms = str(first)
                res.hmc_type_model, res.hmc_serial = res.hmc_mtms.split("*")[0], res.hmc_mtms.split("*")[-1]
            else:
                setattr(res, fld, str(first))
    # the RM finds the MCP by its address: point the resource at the HMC that now owns it and have it
    # re-created (key, node id, names) at the next successful poll [I]
    hmc = next((h for h in w.hmcs.values() if res.hmc_ip in (h.ip, h.hostname)), None)
    if hmc is not None and res.hmc != hmc.name:
        others = [r for r in partition(ctx).os.rsct.mgmt_resources if r is not res and r.hmc == hmc.name]
        if not others:
            res.hmc = hmc.name
            res.key_generation = -1


@aix_command
def chrsrc(ctx: CommandContext) -> int:
    require_root(ctx)
    part = partition(ctx)
    os = part.os
    opts, rest = parse(ctx, "s:f:rvTVhac", _usage)
    flags = {o: v for o, v in opts}
    if "-h" in flags:
        ctx.writeln(USAGE)
        return 0
    if "-r" in flags or "-c" in flags or "-a" in flags:
        # [I] resource handles, class attributes and peer-domain scope are not modelled
        ctx.error(f"{API}: 2612-010 The function is not supported in this environment.\n")  # [U]
        return 1
    if not rest or "-s" not in flags:
        _usage(ctx)
        return 1
    cls, args = rest[0], rest[1:]
    if "-f" in flags:
        if args:
            _usage(ctx)
            return 1
        files = session_files(ctx) or os.files
        path = abspath(ctx, flags["-f"])
        if path not in files:
            ctx.error(f"{API}: 2612-017 The file {flags['-f']} could not be opened.\n")  # [U]
            return 1
        pairs = _pairs_from_file(file_text(files[path]))
    else:
        pairs = _pairs_from_args(ctx, args)
    if not pairs:
        _usage(ctx)
        return 1
    if not os.is_active("ctrmc"):
        ctx.error(M.LSRSRC_NO_SESSION.replace("lsrsrc-api", "chrsrc-api") + "\n")
        return 1
    if cls not in KNOWN_CLASSES:
        ctx.error(M.LSRSRC_NO_CLASS.format(cls=cls).replace("lsrsrc-api", "chrsrc-api") + "\n")
        return 1
    if cls not in MGMT_CLASSES:
        ctx.error(f"{API}: 2612-010 The function is not supported in this environment.\n")  # [I] not modelled
        return 1
    sel = _selection(flags["-s"])
    if sel is None:
        ctx.error(f'{API}: 2612-018 The selection string "{flags["-s"]}" is not valid.\n')  # [U]
        return 1
    blank = MgmtResource("", "", "", 0, "", "", "", "", "")
    names = [n for n, _ in mgmt_attributes(ctx, os, cls, blank)]
    for attr in [sel[0]] + [n for n, _ in pairs]:
        if attr not in names:
            ctx.error(f'{API}: 2612-023 The attribute "{attr}" is not defined for the resource class "{cls}".\n')  # [U]
            return 1
    for name, _ in pairs:
        if name not in WRITABLE[cls]:
            ctx.error(f'{API}: 2612-034 The attribute "{name}" cannot be modified.\n')  # [U]
            return 1
    resources = list(os.rsct.mgmt_resources) if cls == os.level.mgmt_class else []
    chosen = [r for r in resources if _matches(ctx, os, cls, r, *sel)]
    if not chosen:
        ctx.error(f"{API}: 2612-024 No resources were found that match the selection string.\n")  # [U]
        return 1
    for res in chosen:
        _apply(ctx, res, cls, pairs)
    world(ctx).changed()
    return 0
