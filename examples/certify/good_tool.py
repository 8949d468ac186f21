#!/usr/bin/env python3
"""A DLPAR repair tool that passes `fakehmc certify` on every built-in scenario: it walks the RMC
fault tree the way an administrator does, HMC side first, then inside each partition that shows
DCaps 0x0, and repairs each cause with its own cure (recfgct only where nothing less will do).

    fakehmc certify --tool "python3 examples/certify/good_tool.py" --scenarios all

HMC side: a managed system the HMC lost (lssysconn) needs a human; a stale session record
(diagrmc, V8+) gets ``diagrmc --autocorrect`` (V7: ``lspartition -dlparreset``); a not-activated
partition holding a running one's address gets ``chsysstate -o rebuild``.
Partition side: RSCT missing or back-level -> installp; /var full -> chfs; a host route to the HMC
through a gateway -> route delete; an IP filter rule on port 657 -> rmfilt; jumbo frames on the RMC
interface -> chdev mtu=1500; the HMC missing from /etc/hosts -> add it; rmcd dumping core (errpt)
-> wait until SRC gives up on it; then RMC restarted (rmcctrl -z/-A/-p); recfgct when IBM.DRM still dies, the node id is cloned, the partition distrusts the HMC's key
(THL) or the HMC reports no capabilities from a running RM (ACLs) -- never on a peer-domain node.
It lists the application DLPAR scripts (drmgr -l) that may veto a memory removal, and leaves them
registered. When nothing looks broken it watches the HMC for 5 minutes (a 20 s poll): a session that comes up
and drops (MTU, one-way filter) or an rmcd that crashes minutes after its start shows only then.
A VIOS is repaired through oem_setup_env (padmin may not run rmcctrl).

Connection details come from certify's environment (FAKEHMC_HMC_*, FAKEHMC_HOSTS_JSON).
Exit status: 0 when every broken partition got its repair, 2 when one needs a human, 1 on error.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # examples/: dlpar_fixer lives there
import dlpar_fixer  # noqa: E402
from dlpar_fixer import RECFGCT, RSCT, Host  # noqa: E402

WATCH_SECONDS, POLL_SECONDS = 5 * 60, 20
MIN_RSCT = (2, 5)  # [I] older rsct.core.rmc levels cannot hold a session with a current HMC


class Login(Host):
    """dlpar_fixer's login with the patience of a tool meant to be certified: under certify's moving
    clock a real second is a minute, so its own 15 s connect and 60 s command limits would be a
    quarter-second and one second of real time on a loaded machine."""

    def __init__(self, name: str, address: str, port: int, username: str, password: str):
        import paramiko

        self.name = name
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(address, port=port, username=username, password=password, look_for_keys=False,
                            allow_agent=False, timeout=120, banner_timeout=300, auth_timeout=300)

    def run(self, command: str) -> tuple[str, int]:
        _, out, err = self.client.exec_command(command)  # no limit: a hung HMC is the certify timeout's job
        text = out.read().decode() + err.read().decode()
        rc = out.channel.recv_exit_status()
        print(f"[{self.name}] $ {command}  (rc={rc})")
        return text, rc


class Lpar:
    """A partition login; as padmin every command goes through oem_setup_env (root's shell)."""

    def __init__(self, host: Host, user: str):
        self.host, self.padmin = host, user == "padmin"
        self.name = host.name

    def run(self, command: str) -> tuple[str, int]:
        if self.padmin:
            return self.host.run(f"echo '{command}' | oem_setup_env")
        return self.host.run(command)

    def close(self) -> None:
        self.host.close()


def hmc_side(hmc: Host) -> tuple[dict, set[str], list[str]]:
    """(diagrmc reasons by partition name, names the HMC itself repaired, problems needing a human)."""
    human = []
    conns, _ = hmc.run("lssysconn -r all")
    for line in conns.splitlines():
        if "state=" in line and "state=Connected" not in line:
            human.append(f"the HMC has lost a managed system: {line.strip()}")
    reasons: dict[str, str] = {}
    out, rc = hmc.run("diagrmc")
    v7 = rc == 127
    for line in out.splitlines() if rc == 0 else []:
        m = re.match(r"(\S+) \((\d+)\) on (\S+): (.*)$", line)
        if m:
            reasons[m[1]] = (m[3], m[4])
    repaired = set()
    systems, _ = hmc.run("lssyscfg -r sys -F name")
    for system in systems.split():
        rows, _ = hmc.run(f"lssyscfg -r lpar -m {system} -F name,state,rmc_ipaddr")
        parts = [(r.split(",") + ["", ""])[:3] for r in rows.splitlines()]
        running = {ip: name for name, state, ip in parts if state == "Running" and ip}
        stale = [name for name, state, ip in parts if state != "Running" and ip in running]
        if stale:  # a dead definition holds a live partition's address: the HMC rebuilds its inventory
            hmc.run(f"chsysstate -r sys -m {system} -o rebuild")
            repaired |= {running[ip] for name, state, ip in parts if name in stale}
    for name, (system, why) in reasons.items():
        if "stale RMC session" in why:
            hmc.run(f"diagrmc -m {system} -p {name} --autocorrect")
            repaired.add(name)
    if v7:  # no diagrmc: V7 resets the HMC's RMC records with lspartition -dlparreset
        reasons = {}
    return reasons, repaired, human


def survey(lpar: Lpar, hmc_names: set[str], hmc_ips: set[str]) -> dict:
    facts: dict = {}
    lslpp, rc = lpar.run("lslpp -l rsct.core.rmc")
    levels = re.findall(r"rsct\.core\.rmc\s+(\d+(?:\.\d+)+)", lslpp)
    facts["rsct_missing"] = rc != 0 or not levels
    facts["rsct_old"] = bool(levels) and tuple(int(x) for x in levels[0].split(".")[:2]) < MIN_RSCT
    df, _ = lpar.run("df -g /var")
    facts["var_full"] = any(line.split()[-1] == "/var" and line.split()[3] == "100%"
                            for line in df.splitlines()[1:] if len(line.split()) >= 7)
    routes, _ = lpar.run("netstat -rn")
    facts["routes"] = dlpar_fixer.stale_routes(routes, hmc_ips)
    filt, _ = lpar.run("lsfilt -v 4")
    facts["filters"] = [int(n) for n, body in re.findall(r"Rule (\d+):\n(.*?)(?:\n\n|\Z)", filt, re.S)
                        if re.search(r"Rule action\s*: deny", body) and re.search(r"Port\s*: eq 657\b", body)]
    mtu, _ = lpar.run("lsattr -El en0 -a mtu -F value")
    facts["jumbo"] = mtu.strip().isdigit() and int(mtu) > 1500
    hosts, _ = lpar.run("cat /etc/hosts")
    names = {w for line in hosts.splitlines() if not line.lstrip().startswith("#") for w in line.split()[1:]}
    facts["hosts_missing"] = sorted(hmc_names - names) if hosts.strip() else []
    ctrmc, _ = lpar.run("lssrc -s ctrmc")
    facts["rmc_down"] = "inoperative" in ctrmc or "not on file" in ctrmc
    rms, _ = lpar.run("lssrc -g rsct_rm")
    facts["rms_down"] = dlpar_fixer._drm_or_mgmt_down(rms)
    cores, _ = lpar.run("errpt -a -J CORE_DUMP")
    facts["rmcd_cores"] = "PROGRAM NAME rmcd" in cores
    node_id, _ = lpar.run(f"{RSCT}/lsnodeid")
    facts["node_id"] = node_id.strip()
    return facts


def repair(lpar: Lpar, facts: dict, why: str, hmc_ip: str, cloned: bool) -> bool:
    """Repair one partition; False when it needs a human."""
    if facts["rsct_missing"] or facts["rsct_old"]:
        lpar.run(f"installp -a{'c' if facts['rsct_missing'] else ''}gXd /dev/cd0 rsct.core.rmc")
        return True  # the new RSCT starts its own daemons
    if facts["var_full"]:
        lpar.run("chfs -a size=+1G /var")
    for dest, gateway in facts["routes"]:
        lpar.run(f"route delete -host {dest} {gateway}")
    for rule in sorted(facts["filters"], reverse=True):
        lpar.run(f"rmfilt -v 4 -n {rule}")
    if facts["jumbo"]:
        lpar.run("chdev -l en0 -a mtu=1500")
    for name in facts["hosts_missing"]:
        lpar.run(f"echo '{hmc_ip} {name}' >> /etc/hosts")
    if facts["rmcd_cores"]:  # rmcd dumps core: let SRC finish respawning it before starting it clean
        give_up, down = time.time() + 15 * 60, 0
        while down < 2 and time.time() < give_up:  # inoperative twice in a row: SRC stopped respawning
            down = down + 1 if "inoperative" in lpar.run("lssrc -s ctrmc")[0] else 0
            if down < 2:
                time.sleep(POLL_SECONDS)
    for flag in ("-z", "-A", "-p"):
        lpar.run(f"{RSCT}/rmcctrl {flag}")
    rms, _ = lpar.run("lssrc -g rsct_rm")
    # the HMC says why (diagrmc): a partition that distrusts the HMC's key (THL) or runs its RMs yet
    # reports no capabilities (ACLs) keeps that damage across a restart
    thl = "does not trust the management console" in why
    acls = "capabilities not reported" in why and not facts["rms_down"]
    if not (cloned or thl or acls or dlpar_fixer._drm_or_mgmt_down(rms)):
        return True
    peer, rc = lpar.run(f"{RSCT}/lsrpdomain")
    if rc == 0 and peer.strip():
        print(f"[{lpar.name}] RMC still broken, but the node is in a peer domain: recfgct would break "
              "the cluster; fix it by hand")
        return False
    _, rc = lpar.run(RECFGCT)
    return rc == 0


def dlpar_scripts(hosts: list[dict], skip: set[str]) -> dict[str, list[str]]:
    """Application DLPAR scripts (drmgr -l) on each AIX partition not being repaired: a script that
    refuses memory removal makes chhwres -o r fail (HSCL2932) on a perfectly healthy partition."""
    found = {}
    for h in hosts:
        if h.get("kind") != "aix" or h["name"] in skip:
            continue
        try:
            login = Login(h["name"], h["address"], int(h["port"]), h["username"], h["password"])
        except Exception as exc:  # noqa: BLE001 - a partition we cannot log into is not this check's verdict
            print(f"[{h['name']}] cannot log in to list DLPAR scripts: {exc}")
            continue
        try:
            out, _ = login.run("drmgr -l")
        finally:
            login.close()
        scripts = [line.split()[0].rsplit("/", 1)[-1] for line in out.splitlines()
                   if line.startswith("/") and not line.split()[0].endswith("/ctrmc_MDdr")]  # RSCT's own
        if scripts:
            found[h["name"]] = scripts
    return found


def main() -> int:
    env = os.environ
    hosts = json.loads(Path(env["FAKEHMC_HOSTS_JSON"]).read_text())["hosts"] if env.get("FAKEHMC_HOSTS_JSON") \
        else json.loads(env.get("FAKEHMC_HOSTS", "[]"))
    hmc = Login("hmc", env["FAKEHMC_HMC_ADDRESS"], int(env.get("FAKEHMC_HMC_PORT", "22")),
               env.get("FAKEHMC_HMC_USER", "hscroot"), env.get("FAKEHMC_HMC_PASSWORD", ""))
    try:
        hmc_ips = dlpar_fixer.hmc_addresses(hmc, env["FAKEHMC_HMC_ADDRESS"])
        names, _ = hmc.run("lshmc -n -F hostname")
        hmc_names = {n.strip() for n in names.split(",") if n.strip()}
        reasons, repaired, human = hmc_side(hmc)
        broken = dlpar_fixer.broken_partitions(hmc)
        watch_until = time.time() + WATCH_SECONDS
        while not broken and not human and not repaired and time.time() < watch_until:
            time.sleep(POLL_SECONDS)
            broken = dlpar_fixer.broken_partitions(hmc)
        if broken and not reasons.keys() & {p["name"] for p in broken}:
            reasons = hmc_side(hmc)[0]
        states = {}
        for system in {p["mtms"] for p in broken}:
            sysname = next((r.split(",")[0] for r in hmc.run("lssyscfg -r sys -F name,type_model,serial_num")[0]
                            .splitlines() if r.endswith(system.replace("*", ","))), "")
            for row in hmc.run(f"lssyscfg -r lpar -m {sysname} -F name,state")[0].splitlines() if sysname else []:
                states[row.split(",")[0]] = row.split(",")[-1]
    finally:
        hmc.close()
    for problem in human:
        print(problem)
    lost = any("no connection to the managed system" in why for _, why in reasons.values())
    todo = [p for p in broken if states.get(p["name"], "Running") == "Running" and p["name"] not in repaired
            and not (lost and "no connection to the managed system" in reasons.get(p["name"], ("", ""))[1])]
    logins, seen_ids, ok = [], {}, not human
    try:
        for part in todo:  # survey everything first: a cloned node id shows only side by side
            address, port, user, password = dlpar_fixer.endpoint(part, hosts, "root", "")
            lpar = Lpar(Login(part["name"], address, port, user, password), user)
            logins.append((part, lpar, survey(lpar, hmc_names, hmc_ips)))
        for part, lpar, facts in logins:
            cloned = facts["node_id"] in seen_ids
            seen_ids.setdefault(facts["node_id"], part["name"])
            why = reasons.get(part["name"], ("", ""))[1]
            ok = repair(lpar, facts, why, sorted(hmc_ips)[0], cloned) and ok
    finally:
        for _, lpar, _ in logins:
            lpar.close()
    guards = dlpar_scripts(hosts, {p["name"] for p in broken})
    for name, scripts in guards.items():  # reported, never unregistered: they belong to the applications
        print(f"[{name}] DLPAR scripts that may veto a removal: {', '.join(scripts)} (drmgr -l)")
    if not broken and not human:
        print("every partition is DLPAR-capable")
    elif ok:
        print("repairs done: DLPAR returns on the partitions' next RMC poll (5-7 minutes)")
    else:
        print("DCaps 0x0 remains on a partition that needs a human" if not human else "needs a human")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
