"""The fault tree (reference §5), one built-in scenario per cause, walked through real SSH (asyncssh) from
symptom to repair. At each step both views are checked: the partition's (its own commands) and the
HMC's (lssyscfg rmc_state / rmc_ipaddr, lspartition -dlpar Active and DCaps, chhwres). Virtual clock only."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from harness.world import rmc_repair
from tests.sshclients import asyncssh_run

SYSTEM = "Server-8286-42A-SN2112ABC"
RMCCTRL = "/usr/sbin/rsct/bin/rmcctrl"
POLL = 420
# The HMC's refusals, written out here rather than read from harness/hmc/messages.py, so that a changed
# message fails. HSCL2957: [V code, I English wording]; HSCL2965: [I code and wording].
NO_RMC = ("HSCL2957 There is currently no RMC connection between the management console and partition "
          "{lpar_id}, or the partition does not support dynamic partitioning operations.")
NO_CONNECTION = "HSCL2965 The management console has no connection to the managed system {system}."


@dataclass
class Walk:
    symptoms: list[tuple[str, str]]  # (partition command, text its output must contain)
    repair: list[tuple[str, int]]  # (partition command, exit code)
    # "never" up / "flap" (up at polls, down at heartbeats) / "dcaps0" (up, no DLPAR) / "noconn" (the HMC
    # lost the managed system: it refuses partition queries)
    mode: str = "never"
    lpar: str = "lpar2"
    system: str = SYSTEM
    world_repair: str = ""  # an HMC-side repair done through the world API (the HMC command is not ours)
    hmc_symptoms: list[tuple[str, str]] = field(default_factory=list)  # (HMC command, expected text)
    hmc_repair: list[tuple[str, int]] = field(default_factory=list)  # (HMC command, exit code), over SSH


WALKS = {
    "port-657-blocked": Walk([("lsfilt -v 4", "Destination Port    : eq 657"), ("ping -c 2 hmc1", " 0% packet loss")],
                             [("rmfilt -v 4 -n 3", 0)]),
    "port-657-one-way": Walk([("lsfilt -v 4", "Protocol            : udp")], [("rmfilt -v 4 -n 3", 0)], mode="flap"),
    "mtu-mismatch": Walk([("lsattr -El en0 -a mtu", "mtu 9000"), ("netstat -in", "en0   9000")],
                         [("chdev -l en0 -a mtu=1500", 0)], mode="flap"),
    "two-interfaces": Walk([("netstat -rn", "127.0.0.10         10.10.20.1        UGH"), ("ifconfig -l", "en1")],
                           [("route delete -host 127.0.0.10 10.10.20.1", 0)],
                           hmc_symptoms=[(f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar2 -F rmc_ipaddr",
                                          "10.10.20.50")]),
    "recycled-ip": Walk([("lssrc -s IBM.DRM", "active")], [], world_repair="rebuild",
                        hmc_symptoms=[("lspartition -dlpar", "<3*8286-42A*2112ABC, lpar3, 127.0.0.12>")]),
    "hmc-replaced": Walk([("lsrsrc IBM.MCP HMCIPAddr", '"10.1.1.9"')],
                         [(f"{RMCCTRL} -z", 0), (f"{RMCCTRL} -A", 0), (f"{RMCCTRL} -p", 0)]),
    "ip-changed": Walk([("lsrsrc IBM.MCP MNName", '"10.1.1.99"'), ("ifconfig en0", "inet 127.0.0.12 ")],
                       [(f"{RMCCTRL} -z", 0), (f"{RMCCTRL} -A", 0), (f"{RMCCTRL} -p", 0)],
                       hmc_symptoms=[(f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar2 -F rmc_ipaddr",
                                      "10.1.1.99")]),
    "acls-corrupt": Walk([("lssrc -s IBM.DRM", "active")], [("/usr/sbin/rsct/install/bin/recfgct", 0)],
                         mode="dcaps0"),
    "thl-corrupt": Walk([("/usr/sbin/rsct/bin/ctsthl -l", "Host Name: lpar2")],
                        [("/usr/sbin/rsct/install/bin/recfgct", 0)]),
    "rmcd-crashing": Walk([("lssrc -s ctrmc", "inoperative"), ("errpt -J CORE_DUMP", "A924A5FC")],
                          [(f"{RMCCTRL} -A", 0), (f"{RMCCTRL} -p", 0)]),
    "missing-rsct-fileset": Walk([("lslpp -l rsct.core.rmc 2>&1", "0504-132  Fileset rsct.core.rmc not installed."),
                                  ("lssrc -s ctrmc 2>&1", "0513-085 The ctrmc Subsystem is not on file.")],
                                 [("installp -acgXd /dev/cd0 rsct.core.rmc", 0)]),
    "backlevel-rsct": Walk([("lslpp -l rsct.core.rmc", "2.4.12.0")], [("installp -acgXd /dev/cd0 rsct.core.rmc", 0)]),
    "power4-hosts": Walk([("host hmc1 2>&1", "0827-801 Host name hmc1 does not exist."),
                          ("prtconf | grep 'Processor Type'", "PowerPC_POWER4")],
                         [('echo "127.0.0.10              hmc1" >> /etc/hosts', 0), ("host hmc1", 0)],
                         system="Server-7040-681-SN2112ABC"),
    # padmin's restricted shell refuses a command path [I rksh wording]
    "vios-rmc-stopped": Walk([(f"{RMCCTRL} -A 2>&1", f"rksh: {RMCCTRL}: restricted")],
                             [(f"printf '{RMCCTRL} -A\\n{RMCCTRL} -p\\n' | oem_setup_env", 0)], lpar="vios1"),
    "hmc-lost-system": Walk([("ping -c 2 hmc1", " 0% packet loss"), ("lssrc -s IBM.DRM", "active")], [],
                            world_repair="reconnect", mode="noconn",
                            hmc_symptoms=[("lssyscfg -r sys -F name,state", f"{SYSTEM},No Connection")]),
    # F16: the partition is healthy and restarting its RMC does not help; the reset is on the HMC
    "hmc-rmc-stuck": Walk([("ping -c 2 hmc1", " 0% packet loss"), ("lssrc -s IBM.DRM", "active"),
                           ("lsrsrc IBM.MCP HMCIPAddr", '"127.0.0.10"')],
                          [],
                          hmc_symptoms=[(f"diagrmc -m {SYSTEM} -p lpar2",
                                         "RMC inactive: the management console holds a stale RMC session")],
                          hmc_repair=[("diagrmc --autocorrect -v", 0)]),
}


def hmc_view(hmc, system: str, lpar: str) -> tuple[str, str]:
    out, _, rc = asyncssh_run(hmc, f"lssyscfg -r lpar -m {system} --filter lpar_names={lpar} -F rmc_state,rmc_ipaddr")
    assert rc == 0, out
    state, ip = out.strip().split(",")
    return state, ip


def dlpar_entry(hmc, lpar_id: int) -> str:
    out, _, rc = asyncssh_run(hmc, "lspartition -dlpar")
    assert rc == 0
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if f":<{lpar_id}*" in line:
            return line + "\n" + lines[i + 1]
    return ""


def is_active(est, lpar: str) -> bool:
    def check() -> bool:
        part = est.world.host(lpar).partition
        return est.world.rmc.view(est.world.hmcs["hmc1"], est.world.system_of(part), part).active
    return est.call(check)


def advance_until_active(est, lpar: str, limit: float) -> bool:
    def go() -> bool:
        w = est.world
        part = w.host(lpar).partition
        view = lambda: w.rmc.view(w.hmcs["hmc1"], w.system_of(part), part)
        return w.advance_until(lambda: view().active, limit)
    return est.call(go)


@pytest.mark.parametrize("scenario", sorted(WALKS))
def test_fault_walk(estate_factory, scenario):
    walk = WALKS[scenario]
    est = estate_factory(scenario)
    hmc, lpar = est.host("hmc1"), est.host(walk.lpar)
    lpar_id = est.call(lambda: est.world.host(walk.lpar).partition.id)
    add = f"chhwres -r mem -m {walk.system} -o a -p {walk.lpar} -q 256"

    # ---- symptoms, both sides
    if scenario == "rmcd-crashing":
        est.advance(600)  # three crashes: SRC restarted it twice, then gave up
    if walk.mode == "flap":
        assert advance_until_active(est, walk.lpar, POLL)
        assert hmc_view(hmc, walk.system, walk.lpar)[0] == "active"
        est.advance(150)  # two missed heartbeats
    elif walk.mode == "never":
        assert not advance_until_active(est, walk.lpar, POLL)
    else:
        est.advance(POLL)
    if walk.mode == "noconn":
        # the HMC refuses every question about the lost system's partitions, in its own words, and the
        # partitions vanish from its RMC view; a DLPAR request gets the same refusal, not HSCL2957
        refusal = NO_CONNECTION.format(system=walk.system) + "\n"
        out, err, rc = asyncssh_run(hmc, f"lssyscfg -r lpar -m {walk.system} -F name,rmc_state")
        assert (out, err, rc) == (refusal, "", 1)
        assert dlpar_entry(hmc, lpar_id) == ""
        out, err, rc = asyncssh_run(hmc, add)
        assert (out, err, rc) == (refusal, "", 1)
    else:
        state = hmc_view(hmc, walk.system, walk.lpar)[0]
        entry = dlpar_entry(hmc, lpar_id)
        if walk.mode == "dcaps0":
            assert state == "active" and "Active:<1>" in entry and "DCaps:<0x0>" in entry
        else:
            assert state == "inactive" and "Active:<0>" in entry and "DCaps:<0x0>" in entry
        out, err, rc = asyncssh_run(hmc, add)
        assert (out, err, rc) == (NO_RMC.format(lpar_id=lpar_id) + "\n", "", 1)
    for command, expected in walk.hmc_symptoms:
        out, _, _ = asyncssh_run(hmc, command)
        assert expected in out, (command, out)
    for command, expected in walk.symptoms:
        out, err, _ = asyncssh_run(lpar, command)
        assert expected in out, (command, out, err)

    # ---- the repair, then the wait: nothing is cured at once
    for command, expected_rc in walk.repair:
        out, err, rc = asyncssh_run(lpar, command)
        assert rc == expected_rc, (command, out, err)
    for command, expected_rc in walk.hmc_repair:
        out, _, rc = asyncssh_run(hmc, command)
        assert rc == expected_rc, (command, out)
    if walk.world_repair == "rebuild":  # the HMC admin's repair: rebuild the managed system
        out, _, rc = asyncssh_run(hmc, f"chsysstate -m {walk.system} -r sys -o rebuild")
        assert (out, rc) == ("", 0)
    elif walk.world_repair:  # the service path comes back (no HMC command models reconnecting it)
        def repair():
            w = est.world
            rmc_repair.reconnect(w, w.hmcs["hmc1"], w.systems[walk.system])
        est.call(repair)
    if walk.mode != "dcaps0":
        assert not is_active(est, walk.lpar)
    assert advance_until_active(est, walk.lpar, POLL)
    est.advance(3 * 60)  # and it stays up through the heartbeats
    state, _ = hmc_view(hmc, walk.system, walk.lpar)
    entry = dlpar_entry(hmc, lpar_id)
    assert state == "active" and "Active:<1>" in entry and "DCaps:<0x0>" not in entry, entry

    # ---- DLPAR works and shows on both sides
    before = est.call(lambda: est.world.host(walk.lpar).partition.os.online_mem_mb)
    out, _, rc = asyncssh_run(hmc, add)
    assert (out, rc) == ("", 0)
    # padmin has no prtconf: on the VIOS it runs as root through oem_setup_env
    prtconf = "echo 'prtconf -m' | oem_setup_env" if walk.lpar.startswith("vios") else "prtconf -m"
    out, _, _ = asyncssh_run(lpar, prtconf)
    assert out == f"Memory Size: {before + 256} MB\n"
    assert est.call(est.world.check_invariants) == []


def test_drmgr_veto_reported_by_the_hmc(estate_factory):
    est = estate_factory("drmgr-veto")
    hmc, lpar = est.host("hmc1"), est.host("lpar2")
    remove = f"chhwres -r mem -m {SYSTEM} -o r -p lpar2 -q 1024"
    out, _, rc = asyncssh_run(lpar, "drmgr -l")
    assert "/usr/lib/dr/scripts/all/app_memguard             Application memory guard\n" in out
    out, _, rc = asyncssh_run(hmc, remove)
    assert rc == 1
    assert out.startswith("HSCL2932 The dynamic removal of memory resources failed:\n")
    assert "app_memguard: the database needs its memory; removal refused\n" in out
    assert out.rstrip().endswith("The OS return code is 3.")
    out, _, _ = asyncssh_run(lpar, "lparstat -i | grep '^Online Memory'")
    assert out.split(":", 1)[1].strip() == "4096 MB"
    out, _, _ = asyncssh_run(lpar, "errpt")
    assert "DR_KER" in out
    out, _, rc = asyncssh_run(lpar, "drmgr -u app_memguard")
    assert rc == 0
    out, _, rc = asyncssh_run(hmc, remove)
    assert (out, rc) == ("", 0)
    out, _, _ = asyncssh_run(lpar, "lsattr -El mem0 -a goodsize")
    assert out.split()[1] == "3072"
    out, _, _ = asyncssh_run(hmc, f"lshwres -r mem -m {SYSTEM} --level lpar --filter lpar_names=lpar2 -F curr_mem")
    assert out == "3072\n"
    assert est.call(est.world.check_invariants) == []
