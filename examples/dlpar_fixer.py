#!/usr/bin/env python3
"""dlpar_fixer: an example DLPAR repair tool, the kind of thing fakehmc exists to test.

It asks the HMC which partitions have lost DLPAR (``lspartition -dlpar`` shows ``DCaps:<0x0>``), logs
into each one and repairs what an AIX administrator would, in this order:

1. /var at 100%          -> ``chfs -a size=+1G /var`` (then RMC must be restarted)
2. a stale host route    -> ``route delete -host <hmc ip> <gateway>`` (seen in ``netstat -rn``)
3. RMC daemons down      -> ``rmcctrl -z; rmcctrl -A; rmcctrl -p``
4. RMC still broken (IBM.DRM dies at every start, or the RSCT node id is shared with another
   partition) -> ``recfgct``, but only when the partition is not in an RSCT peer domain
   (``lsrpdomain`` prints nothing): on a PowerHA/CAA node recfgct would break the cluster.

The HMC's address and credentials come from arguments or from the environment the fakehmc pytest
fixture provides (``fakehmc.env()``): FAKEHMC_HMC_ADDRESS, FAKEHMC_HMC_PORT, FAKEHMC_HMC_USER,
FAKEHMC_HMC_PASSWORD. Partitions are reached at the address the HMC reports, port 22, as
FAKEHMC_LPAR_USER/FAKEHMC_LPAR_PASSWORD (default root) -- unless FAKEHMC_HOSTS (a JSON list of
{name, address, port, username, password}) says where each host really listens, as the fake does.

Exit status: 0 when every broken partition got its repair, 2 when one needs a human, 1 on error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

import paramiko

RSCT = "/usr/sbin/rsct/bin"
RECFGCT = "/usr/sbin/rsct/install/bin/recfgct"
PARTITION_RE = re.compile(r"<#\d+> (?:Partition|LPAR):<(\d+)\*([^,>]*),\s*([^,>]*),\s*([^>]*)>")
DCAPS_RE = re.compile(r"DCaps:<(0x[0-9a-fA-F]+)>")


class Host:
    """One SSH login (paramiko), command by command, as a script on an admin's laptop would do."""

    def __init__(self, name: str, address: str, port: int, username: str, password: str):
        self.name = name
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(address, port=port, username=username, password=password,
                            look_for_keys=False, allow_agent=False, timeout=15)

    def run(self, command: str) -> tuple[str, int]:
        _, out, err = self.client.exec_command(command, timeout=60)
        text = out.read().decode() + err.read().decode()
        rc = out.channel.recv_exit_status()
        print(f"[{self.name}] $ {command}  (rc={rc})")
        return text, rc

    def close(self) -> None:
        self.client.close()


def broken_partitions(hmc: Host) -> list[dict]:
    """Partitions whose DLPAR capabilities are 0x0, with name and address filled from lssyscfg
    (lspartition blanks them on some HMCs)."""
    out, _ = hmc.run("lspartition -dlpar")
    broken, current = [], None
    for line in out.splitlines():
        m = PARTITION_RE.search(line)
        if m:
            current = {"id": int(m[1]), "mtms": m[2].strip(), "name": m[3].strip(), "ip": m[4].strip()}
            continue
        d = DCAPS_RE.search(line)
        if d and current is not None:
            if int(d[1], 16) == 0:
                broken.append(current)
            current = None
    if not broken:
        return []
    systems, _ = hmc.run("lssyscfg -r sys -F name,type_model,serial_num")
    by_mtms = {}
    for line in systems.splitlines():
        parts = line.split(",")
        if len(parts) == 3:
            by_mtms[f"{parts[1]}*{parts[2]}"] = parts[0]
    for sysname in sorted({by_mtms.get(p["mtms"], "") for p in broken} - {""}):
        lpars, _ = hmc.run(f"lssyscfg -r lpar -m {sysname} -F lpar_id,name,rmc_ipaddr")
        for line in lpars.splitlines():
            lpar_id, name, ip = (line.split(",") + ["", ""])[:3]
            for p in broken:
                if by_mtms.get(p["mtms"]) == sysname and str(p["id"]) == lpar_id:
                    p["name"] = p["name"] or name
                    p["ip"] = p["ip"] or ip
    return broken


def hmc_addresses(hmc: Host, fallback: str) -> set[str]:
    out, rc = hmc.run("lshmc -n -F ipaddr")
    ips = {a.strip() for a in out.strip().split(",") if a.strip()} if rc == 0 else set()
    return ips or {fallback}


def endpoint(part: dict, hosts: list[dict], user: str, password: str) -> tuple[str, int, str, str]:
    for h in hosts:
        if h.get("name") == part["name"] or (part["ip"] and h.get("address") == part["ip"]
                                              and h.get("kind") != "hmc"):
            return h["address"], int(h["port"]), h.get("username", user), h.get("password", password)
    return part["ip"], 22, user, password


def survey(lpar: Host) -> dict:
    df, _ = lpar.run("df -g /var")
    var_full = any(line.split()[-1] == "/var" and line.split()[3] == "100%"
                   for line in df.splitlines()[1:] if len(line.split()) >= 7)
    routes, _ = lpar.run("netstat -rn")
    ctrmc, _ = lpar.run("lssrc -s ctrmc")
    rms, _ = lpar.run("lssrc -g rsct_rm")
    node_id, _ = lpar.run(f"{RSCT}/lsnodeid")
    return {"var_full": var_full, "routes": routes, "rmc_down": "inoperative" in ctrmc,
            "rms_down": _drm_or_mgmt_down(rms), "node_id": node_id.strip()}


def _drm_or_mgmt_down(lssrc: str) -> bool:
    for line in lssrc.splitlines():
        f = line.split()
        if f and f[0] in ("IBM.DRM", "IBM.MgmtDomainRM", "IBM.CSMAgentRM") and f[-1] != "active":
            return True
    return False


def stale_routes(netstat: str, hmc_ips: set[str]) -> list[tuple[str, str]]:
    """Host routes (flags with H and G) that send the HMC's address through a gateway."""
    out = []
    for line in netstat.splitlines():
        f = line.split()
        if len(f) >= 3 and f[0] in hmc_ips and "H" in f[2] and "G" in f[2]:
            out.append((f[0], f[1]))
    return out


def in_peer_domain(lpar: Host) -> bool:
    out, rc = lpar.run(f"{RSCT}/lsrpdomain")
    if rc == 127:  # not installed: ask RMC itself
        out, _ = lpar.run(f"{RSCT}/rmcdomainstatus -s ctrmc")
        return "Peer Domain Status" in out
    return bool(out.strip())


def repair(lpar: Host, facts: dict, hmc_ips: set[str], cloned: bool) -> bool:
    """Repair one partition; False when it needs a human."""
    restart = facts["rmc_down"] or facts["rms_down"]
    if facts["var_full"]:
        lpar.run("chfs -a size=+1G /var")
        restart = True
    for dest, gateway in stale_routes(facts["routes"], hmc_ips):
        lpar.run(f"route delete -host {dest} {gateway}")
    still_broken = cloned
    if restart:
        for flag in ("-z", "-A", "-p"):
            lpar.run(f"{RSCT}/rmcctrl {flag}")
        rms, _ = lpar.run("lssrc -g rsct_rm")
        still_broken = still_broken or _drm_or_mgmt_down(rms)
    if not still_broken:
        return True
    if in_peer_domain(lpar):
        print(f"[{lpar.name}] RMC still broken, but the node is in a peer domain: recfgct would break "
              "the cluster; fix it by hand")
        return False
    _, rc = lpar.run(RECFGCT)
    return rc == 0


def main(argv: list[str] | None = None) -> int:
    env = os.environ
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hmc", default=env.get("FAKEHMC_HMC_ADDRESS"), help="HMC address")
    ap.add_argument("--port", type=int, default=int(env.get("FAKEHMC_HMC_PORT", "22")))
    ap.add_argument("--user", default=env.get("FAKEHMC_HMC_USER", "hscroot"))
    ap.add_argument("--password", default=env.get("FAKEHMC_HMC_PASSWORD", ""))
    ap.add_argument("--lpar-user", default=env.get("FAKEHMC_LPAR_USER", "root"))
    ap.add_argument("--lpar-password", default=env.get("FAKEHMC_LPAR_PASSWORD", ""))
    ap.add_argument("--hosts", default=env.get("FAKEHMC_HOSTS", "[]"),
                    help="JSON list of {name, address, port, username, password}")
    args = ap.parse_args(argv)
    if not args.hmc:
        ap.error("no HMC: pass --hmc or set FAKEHMC_HMC_ADDRESS")
    hosts = json.loads(args.hosts)

    hmc = Host("hmc", args.hmc, args.port, args.user, args.password)
    try:
        hmc_ips = hmc_addresses(hmc, args.hmc)
        broken = broken_partitions(hmc)
    finally:
        hmc.close()
    if not broken:
        print("every partition is DLPAR-capable")
        return 0

    logins, seen_ids, ok = [], {}, True
    try:
        for part in broken:  # survey everything first: a cloned node id shows only side by side
            lpar = Host(part["name"], *endpoint(part, hosts, args.lpar_user, args.lpar_password))
            logins.append((part, lpar, survey(lpar)))
        for part, lpar, facts in logins:
            cloned = facts["node_id"] in seen_ids
            seen_ids.setdefault(facts["node_id"], part["name"])
            if cloned:
                print(f"[{part['name']}] RSCT node id {facts['node_id']} is also {seen_ids[facts['node_id']]}'s")
            ok = repair(lpar, facts, hmc_ips, cloned) and ok
    finally:
        for _, lpar, _ in logins:
            lpar.close()
    print("repairs done: DLPAR returns on the partitions' next RMC poll (5-7 minutes)" if ok
          else "some partitions need a human")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
