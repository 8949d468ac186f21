#!/usr/bin/env python3
"""A DLPAR repair tool written the way real ones are: real sleeps, real timeouts, no fakehmc API.

It asks the HMC which partitions show DCaps 0x0, grows a full /var, restarts RMC, then polls the HMC
every 20 s (``time.sleep(20)``). A partition still not DLPAR-capable after 8 minutes gets recfgct;
after 20 minutes the tool gives up (exit 1). It reads the connection details certify hands every tool
(FAKEHMC_HMC_*, FAKEHMC_HOSTS) and nothing else of the fake: under ``fakehmc certify`` its clock is
the estate's (libfaketime), so the 8 and 20 minutes are virtual and pass in seconds.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

import paramiko

POLL_SECONDS = 20
ESCALATE_AFTER = 8 * 60
GIVE_UP_AFTER = 20 * 60  # recfgct at 8, DCaps back ~5 later: room for polls that come late on a loaded machine
RSCT = "/usr/sbin/rsct/bin"
DCAPS = re.compile(r"<#\d+> (?:Partition|LPAR):<(\d+)\*([^,>]*),[^>]*>\s*\n\s*Active:<\d>, OS:<[^>]*>, "
                   r"DCaps:<(0x[0-9a-fA-F]+)>")


def log(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S', time.gmtime())} {text}", flush=True)


def connect(address: str, port: int, user: str, password: str) -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(address, port=port, username=user, password=password, look_for_keys=False,
                   allow_agent=False, timeout=30, banner_timeout=60, auth_timeout=60)
    return client


def run(client: paramiko.SSHClient, command: str) -> str:
    _, out, err = client.exec_command(command)  # paramiko's default: no timeout on the channel
    text = out.read().decode() + err.read().decode()
    out.channel.recv_exit_status()
    return text


def broken(hmc: paramiko.SSHClient) -> list[tuple[str, str]]:
    """(name, rmc_ipaddr) of the partitions whose DLPAR capabilities are 0x0: lspartition -dlpar
    gives MTMS and id (some HMCs blank the names), lssyscfg the rest."""
    zero = {(m[2].strip(), m[1]) for m in DCAPS.finditer(run(hmc, "lspartition -dlpar")) if int(m[3], 16) == 0}
    out = []
    for line in run(hmc, "lssyscfg -r sys -F name,type_model,serial_num").split():
        sysname, mtm, serial = (line.split(",") + ["", ""])[:3]
        if any(mtms == f"{mtm}*{serial}" for mtms, _ in zero):
            for row in run(hmc, f"lssyscfg -r lpar -m {sysname} -F lpar_id,name,rmc_ipaddr").split():
                lpar_id, name, ip = (row.split(",") + ["", ""])[:3]
                if (f"{mtm}*{serial}", lpar_id) in zero:
                    out.append((name, ip))
    return out


def main() -> int:
    env = os.environ
    hosts = json.loads(env["FAKEHMC_HOSTS"])
    hmc = connect(env["FAKEHMC_HMC_ADDRESS"], int(env["FAKEHMC_HMC_PORT"]), env["FAKEHMC_HMC_USER"],
                  env["FAKEHMC_HMC_PASSWORD"])
    todo = broken(hmc)
    if not todo:
        log("every partition is DLPAR-capable")
        return 0
    lpars = {}
    for name, ip in todo:
        h = next(h for h in hosts if h["name"] == name or (h["kind"] != "hmc" and h["address"] == ip))
        lpars[name] = lpar = connect(h["address"], h["port"], h["username"], h["password"])
        df = run(lpar, "df -g /var")
        if re.search(r"\s100%\s.*\s/var$", df, re.M):
            log(f"{name}: /var is full, growing it")
            run(lpar, "chfs -a size=+1G /var")
        log(f"{name}: restarting RMC")
        for flag in ("-z", "-A", "-p"):
            run(lpar, f"{RSCT}/rmcctrl {flag}")
    start, escalated = time.time(), False
    while True:
        still = [n for n, _ in broken(hmc) if n in lpars]
        waited = time.time() - start
        if not still:
            log(f"DLPAR is back after {waited / 60:.1f} minutes")
            return 0
        if waited >= GIVE_UP_AFTER:
            log(f"gave up after {waited / 60:.1f} minutes: {', '.join(still)} still DCaps 0x0")
            return 1
        if waited >= ESCALATE_AFTER and not escalated:
            for name in still:
                log(f"{name}: still DCaps 0x0 after {waited / 60:.1f} minutes, running recfgct")
                run(lpars[name], "/usr/sbin/rsct/install/bin/recfgct")
            escalated = True
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
