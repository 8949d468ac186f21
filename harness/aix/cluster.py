"""Peer domains, CAA and RSCT security: lsrpdomain, lscluster, ctsvhbal, ctsthl, ctsnap
(reference §2.8-§2.10, §3.14)."""

from __future__ import annotations

from ..shell.command import CommandContext
from .common import aix_command, parse, partition, world

SNAP_DIR = "/tmp/ctsupt"
SNAP_BYTES = 14 * 1024 * 1024  # [I] a typical ctsnap archive


# ---- lsrpdomain -------------------------------------------------------------------------------------
@aix_command
def lsrpdomain(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: lsrpdomain [-o | -O] [-l | -t | -d | -D Delimiter] [-x] [-h] "
                               "[-TV] [Peer_domain]\n"))  # [U]
    opts, args = parse(ctx, "oOltdD:xhTV", usage)
    flags = dict(opts)
    rsct = os.rsct
    if not rsct.peer_domain or (args and args[0] != rsct.peer_domain):
        return 0  # [U] no domain: nothing, exit 0
    state = "Online" if rsct.peer_domain_online else "Offline"
    if ("-o" in flags and state != "Online") or ("-O" in flags and state == "Online"):
        return 0
    header = ["Name", "OpState", "RSCTActiveVersion", "MixedVersions", "TSPort", "GSPort"]
    row = [rsct.peer_domain, state, os.level.rsct_version, "No", "12347", "12348"]
    if "-l" in flags:
        ctx.writeln(f"Name              = {row[0]}")  # [U] long form
        ctx.writeln(f"OpState           = {row[1]}")
        ctx.writeln(f"RSCTActiveVersion = {row[2]}")
        ctx.writeln(f"MixedVersions     = {row[3]}")
        ctx.writeln(f"TSPort            = {row[4]}")
        ctx.writeln(f"GSPort            = {row[5]}")
        return 0
    widths = [max(len(h), len(v)) for h, v in zip(header, row)]
    # [V CN-RMC] columns padded to the widest entry, a blank after every column (trailing blank)
    if "-x" not in flags:
        ctx.writeln("".join(h.ljust(w) + " " for h, w in zip(header, widths)))
    ctx.writeln("".join(v.ljust(w) + " " for v, w in zip(row, widths)))
    return 0


# ---- lscluster ----------------------------------------------------------------------------------------
def _caa_nodes(ctx: CommandContext):
    me = partition(ctx)
    out = [me]
    for part in world(ctx).partitions():
        if part is not me and part.os and part.os.rsct.caa and part.os.rsct.peer_domain == me.os.rsct.peer_domain:
            out.append(part)
    return out


def _uuid(node_id: str, salt: str = "11e0") -> str:
    n = (node_id + "0" * 16)[:16]
    return f"{n[:8]}-{n[8:12]}-{salt}-8000-{n[4:16]}"


@aix_command
def lscluster(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: lscluster {-i [-n ClusterName] | -s | -m [-n ClusterName] | -c | -d}\n"))  # [U]
    opts, args = parse(ctx, "imcsdn:", usage)
    flags = dict(opts)
    if args or not ({"-i", "-m", "-c", "-s", "-d"} & set(flags)):
        usage(ctx)
        return 1
    if not os.rsct.caa:
        ctx.error("lscluster: Cluster services are not active.\n")  # [U] §3.14
        return 1
    cluster = os.rsct.peer_domain or "caa_cluster"
    cluster_uuid = _uuid(os.rsct.node_id[::-1], "11e1")
    if "-c" in flags:
        ctx.writeln(f"Cluster Name: {cluster}")  # [U]
        ctx.writeln(f"Cluster UUID: {cluster_uuid}")
        ctx.writeln(f"Number of nodes in cluster = {len(_caa_nodes(ctx))}")
        return 0
    if "-m" not in flags:
        ctx.writeln(f"Cluster Name: {cluster}")  # [U] other forms are not modelled beyond the name
        return 0
    nodes = _caa_nodes(ctx)
    # [V §3.14 field names, I layout: tabs and blank lines]
    ctx.writeln("Calling node query for all nodes...")
    ctx.writeln(f"Node query number of nodes examined: {len(nodes)}")
    ctx.writeln("")
    for n, part in enumerate(nodes, 1):
        local = n == 1
        ctx.writeln("")
        ctx.writeln(f"\tNode name: {part.os.hostname}")
        ctx.writeln(f"\tCluster shorthand id for node: {n}")
        ctx.writeln(f"\tUUID for node: {_uuid(part.os.rsct.node_id)}")
        ctx.writeln("\tState of node: UP  NODE_LOCAL" if local else "\tState of node: UP")
        ctx.writeln("\tSmoothed rtt to node: " + ("0" if local else "7"))
        ctx.writeln("\tMean Deviation in network rtt to node: " + ("0" if local else "3"))
        ctx.writeln("\tNumber of clusters node is a member in: 1")
        ctx.writeln("\tCLUSTER NAME       SHID         UUID")
        ctx.writeln(f"\t{cluster:<18} 0            {cluster_uuid}")
        ctx.writeln("\tSITE NAME          SHID         UUID")
        ctx.writeln(f"\t{'LOCAL':<18} 1            {_uuid(cluster_uuid.replace('-', ''), '11e2')}")
        ctx.writeln("")
        ctx.writeln(f"\tPoints of contact for node: {0 if local else 1}")
        if not local:
            ctx.writeln("\t-----------------------------------------------------------------------")
            ctx.writeln("\tInterface     State  Protocol    Status     SRC_IP->DST_IP")
            ctx.writeln("\t-----------------------------------------------------------------------")
            me_ip = os.net.primary().ip if os.net.primary() else ""
            it_ip = part.os.net.primary().ip if part.os.net.primary() else ""
            ctx.writeln(f"\ttcpsock->0{n}   UP     IPv4         none      {me_ip}->{it_ip}")
        ctx.writeln("")
        ctx.writeln("-" * 81)
    return 0


# ---- ctsvhbal / ctsthl --------------------------------------------------------------------------------
@aix_command
def ctsvhbal(ctx: CommandContext) -> int:
    os = partition(ctx).os
    usage = (lambda c: c.error("Usage: ctsvhbal [ [-d | -h | -m | -s] | [-e msgnum[,msgnum...]] [-l {1|2|3|4} | -b] ]\n"))  # [U]
    opts, args = parse(ctx, "dhmse:l:b", usage)
    if args:
        usage(ctx)
        return 1
    if any(o == "-h" for o, _ in opts):
        usage(ctx)
        return 0
    # [U] §2.8 shape
    ctx.writeln("ctsvhbal: The Host Based Authentication (HBA) mechanism identities for")
    ctx.writeln("the local system are:")
    ctx.writeln("")
    for ident in [os.hostname] + [i.ip for i in os.net.interfaces if i.up]:
        ctx.writeln(f"                Identity:  {ident}")
        ctx.writeln("")
    ctx.writeln("ctsvhbal: At least one of the above identities must appear in the")
    ctx.writeln("trusted host list on the node where a service application resides in order")
    ctx.writeln("for client applications on the local system to authenticate successfully.")
    ctx.writeln("Ensure that at least one host name and one network address identity from the")
    ctx.writeln("above list appears in the trusted host list on the service systems used by")
    ctx.writeln("applications on this local system.")
    return 0


def _hex_key(seed: str) -> str:
    """A deterministic 'rsa1024' identifier value (not a real key)."""
    import hashlib
    digest = b"".join(hashlib.sha256(f"{seed}/{i}".encode()).digest() for i in range(5))
    return "120400" + digest.hex()[:276]


@aix_command
def ctsthl(ctx: CommandContext) -> int:
    part = partition(ctx)
    os = part.os
    usage = (lambda c: c.error("Usage: ctsthl {-a | -d | -h | -l | -s} [-f thl_file] [-n host_name] "
                               "[-m method] [-p identifier_value]\n"))  # [U]
    opts, args = parse(ctx, "adhlsf:n:m:p:", usage)
    flags = dict(opts)
    if args or not ({"-a", "-d", "-h", "-l", "-s"} & set(flags)):
        usage(ctx)
        return 1
    if "-h" in flags:
        usage(ctx)
        return 0
    if "-l" not in flags:
        ctx.error("ctsthl: only -l (list) is modelled; the trusted host list was not changed.\n")  # [I]
        return 1
    entries = [(os.hostname, os.rsct.node_id)]
    entries += [(i.ip, os.rsct.node_id) for i in os.net.interfaces if i.up]
    if os.rsct.thl_ok:  # the fault: the HMC's identity is missing from the list
        for res in os.rsct.mgmt_resources:
            entries.append((res.hmc_hostname, str(res.hmc_node_id)))
            entries.append((res.hmc_ip, str(res.hmc_node_id)))
    if "-n" in flags:
        entries = [e for e in entries if e[0] == flags["-n"]]
    # [U] §2.8 block layout
    ctx.writeln("--------------------")
    for host, seed in entries:
        ctx.writeln(f"Host Name: {host}")
        ctx.writeln("Identifier Generation Method: rsa1024")
        ctx.writeln("Identifier Value:")
        ctx.writeln(_hex_key(seed))
        ctx.writeln("--------------------")
    return 0


# ---- ctsnap -----------------------------------------------------------------------------------------------
@aix_command
def ctsnap(ctx: CommandContext) -> int:
    """Collects RSCT data into /tmp/ctsupt/ctsnap.<host>.<MMDDhhmmss>.tar.gz [V T1020611 location and
    name]; the console chatter is [U]."""
    part = partition(ctx)
    os = part.os
    usage = (lambda c: c.error("Usage: ctsnap [-h] [-d output_dir] [-x runrpttr] [-N] [-p] [-v]\n"))  # [U]
    opts, args = parse(ctx, "hd:x:Npv", usage)
    flags = dict(opts)
    if args:
        usage(ctx)
        return 1
    if "-h" in flags:
        usage(ctx)
        return 0
    directory = flags.get("-d", SNAP_DIR).rstrip("/") or "/"
    stamp = world(ctx).clock.datetime().strftime("%m%d%H%M%S")
    path = f"{directory}/ctsnap.{os.hostname}.{stamp}.tar.gz"
    fs = os.fs_for_path(path)
    if fs is not None and os.free_blocks(fs) * 512 < SNAP_BYTES:
        ctx.error(f"ctsnap: There is not enough space in {directory} to collect the data.\n")  # [U]
        return 1
    ctx.writeln("Gathering information...")
    ctx.writeln("." * 40)
    os.files[path] = SNAP_BYTES
    ctx.writeln(f"Information has been gathered and placed in {path}.")
    ctx.writeln("")
    return 0
