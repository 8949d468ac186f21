"""The fault tree (reference §5), each built-in scenario diagnosed and repaired with AIX commands on the
world, with the HMC's view (rmc state, address, DCaps) checked at each step. Virtual clock only."""

from __future__ import annotations

import pytest
from aix_helpers import run, view

from harness.scenario.catalogue import load_scenario
from harness.world import dlpar, rmc_repair
from harness.world.errors import WorldError

POLL = 420  # the management-domain RM polls every 5-7 minutes


def flaps(w, host="lpar2") -> bool:
    """The session comes up at a poll and is gone two heartbeats later."""
    if not w.advance_until(lambda: view(w, host).active, POLL):
        return False
    w.advance(150)
    return not view(w, host).active


def stays_up(w, host="lpar2", seconds=3 * POLL) -> bool:
    w.advance_until(lambda: view(w, host).active, POLL)
    for _ in range(int(seconds // 60)):
        w.advance(60)
        if not view(w, host).active:
            return False
    return True


def never_up(w, host="lpar2", seconds=2 * POLL) -> bool:
    return not w.advance_until(lambda: view(w, host).active, seconds)


def rmc_recycle(w, host="lpar2"):
    for flag in ("-z", "-A", "-p"):
        assert run(w, host, f"/usr/sbin/rsct/bin/rmcctrl {flag}").rc == 0


# ---- F2: port 657 -------------------------------------------------------------------------------------
def test_port_657_blocked_both_ways():
    w = load_scenario("port-657-blocked")
    assert never_up(w)
    assert view(w, "lpar2").state == "inactive" and view(w, "lpar1").active
    assert "3 packets received, 0% packet loss" in run(w, "lpar2", "ping -c 3 hmc1").out  # ICMP passes
    rules = run(w, "lpar2", "lsfilt -v 4").out
    assert "Rule 3:\nRule action         : deny\n" in rules and "Destination Port    : eq 657" in rules
    r = run(w, "lpar2", "rmfilt -v 4 -n 3")
    assert (r.rc, r.out) == (0, "Filter rule 3 for IPv4 has been removed successfully.\n")
    assert stays_up(w)
    assert view(w, "lpar2").dcaps != 0


def test_port_657_one_way_udp_flaps_pending():
    w = load_scenario("port-657-one-way")
    assert flaps(w) and flaps(w)
    out = run(w, "lpar2", "rmcdomainstatus -s ctrmc").out
    assert out.splitlines()[2].startswith("  i A  0x")  # pending up: heartbeats never answered
    assert run(w, "lpar2", "mkfilt -v 4 -d").rc == 0  # deactivating the filters cures it too
    assert stays_up(w)
    assert run(w, "lpar2", "rmcdomainstatus -s ctrmc").out.splitlines()[2].startswith("  I A  0x")


# ---- F3: MTU -----------------------------------------------------------------------------------------------
def test_mtu_mismatch_flaps_until_chdev():
    w = load_scenario("mtu-mismatch")
    assert run(w, "lpar2", "lsattr -El en0 -a mtu").out.split()[:2] == ["mtu", "9000"]
    assert flaps(w)
    assert run(w, "lpar2", "rmcdomainstatus -s ctrmc").out.splitlines()[2].startswith("  X A")  # [U] X
    assert "3 packets received" in run(w, "lpar2", "ping -c 3 hmc1").out  # small packets pass
    assert run(w, "lpar2", "chdev -l en0 -a mtu=1500").out == "en0 changed\n"
    assert "en0   1500" in run(w, "lpar2", "netstat -in").out
    assert stays_up(w)


def test_mtu_ifconfig_repair():
    w = load_scenario("mtu-mismatch")
    assert run(w, "lpar2", "ifconfig en0 mtu 1500").rc == 0
    assert stays_up(w)


# ---- F4: two routable interfaces ------------------------------------------------------------------------
def test_second_interface_unexpected_address():
    w = load_scenario("two-interfaces")
    w.advance(POLL)
    v = view(w, "lpar2")
    assert (v.active, v.ipaddr) == (False, "10.10.20.50")  # the HMC recorded en1's address
    assert "en1" in run(w, "lpar2", "ifconfig -l").out
    assert "127.0.0.10         10.10.20.1        UGH" in run(w, "lpar2", "netstat -rn").out
    assert run(w, "lpar2", "route delete -host 127.0.0.10 10.10.20.1").rc == 0
    assert stays_up(w)
    assert view(w, "lpar2").ipaddr == "127.0.0.12"


def test_second_interface_down_detach():
    w = load_scenario("two-interfaces")
    assert run(w, "lpar2", "ifconfig en1 down detach").rc == 0
    assert stays_up(w)
    assert view(w, "lpar2").ipaddr == "127.0.0.12"


# ---- F6: stale partition definition / recycled IP ---------------------------------------------------------
def test_recycled_ip_needs_rebuild():
    w = load_scenario("recycled-ip")
    hmc = w.hmcs["hmc1"]
    system = w.systems["Server-8286-42A-SN2112ABC"]
    stale = [n for n in hmc.managed_nodes if n and n.lpar_id == 3]
    assert stale and stale[0].ip == "127.0.0.12"
    assert never_up(w)
    assert run(w, "lpar2", "lssrc -s IBM.DRM").out.rstrip().endswith("active")  # the LPAR is healthy
    dropped = rmc_repair.rebuild(w, hmc, system)
    assert [(n.lpar_id, n.ip) for n in dropped] == [(3, "127.0.0.12")]
    assert view(w, "lpar2").active is False  # not at once: on the next poll
    assert stays_up(w)


# ---- F8: HMC replaced ----------------------------------------------------------------------------------
def test_hmc_replaced_stale_mcp_second_resource():
    w = load_scenario("hmc-replaced")
    out = run(w, "lpar2", "lsrsrc IBM.MCP HMCIPAddr HMCName").out
    assert out == ('Resource Persistent Attributes for IBM.MCP\nresource 1:\n'
                   '        HMCIPAddr = "10.1.1.9"\n        HMCName   = "7042CR8*84270AD"\n')
    assert never_up(w, seconds=3 * POLL)
    rmc_recycle(w)
    assert stays_up(w)
    out = run(w, "lpar2", "lsrsrc IBM.MCP HMCIPAddr").out
    assert 'resource 2:\n        HMCIPAddr = "127.0.0.10"' in out and '"10.1.1.9"' in out
    lines = run(w, "lpar2", "rmcdomainstatus -s ctrmc").out.splitlines()
    assert lines[2].startswith("  O A") and lines[2].endswith("10.1.1.9")
    assert lines[3].startswith("  I A") and lines[3].endswith("127.0.0.10")


# ---- F9: ACLs and THL --------------------------------------------------------------------------------------
def test_acls_corrupt_recfgct():
    w = load_scenario("acls-corrupt")
    v = view(w, "lpar2")
    assert v.active and v.dcaps == 0
    rmc_recycle(w)
    w.advance(POLL)
    assert view(w, "lpar2").dcaps == 0  # restarting RMC keeps the damaged ACL files
    assert run(w, "lpar2", "/usr/sbin/rsct/install/bin/recfgct").rc == 0
    assert stays_up(w)
    assert view(w, "lpar2").dcaps == 0x2C5F


def test_thl_corrupt_recfgct():
    w = load_scenario("thl-corrupt")
    assert never_up(w)
    assert "hmc1" not in run(w, "lpar2", "ctsthl -l").out
    rmc_recycle(w)
    assert never_up(w)
    assert run(w, "lpar2", "/usr/sbin/rsct/install/bin/recfgct").rc == 0
    assert stays_up(w)
    assert "Host Name: hmc1" in run(w, "lpar2", "ctsthl -l").out


# ---- F10: rmcd crashing ----------------------------------------------------------------------------------
def test_rmcd_crashing_then_src_gives_up():
    w = load_scenario("rmcd-crashing")
    assert view(w, "lpar2").active
    w.advance(600)
    assert run(w, "lpar2", "lssrc -s ctrmc").out.rstrip().endswith("inoperative")
    assert not view(w, "lpar2").active
    errpt = run(w, "lpar2", "errpt").out.splitlines()
    assert errpt[0] == "IDENTIFIER TIMESTAMP  T C RESOURCE_NAME  DESCRIPTION"
    assert sum(1 for line in errpt if line.startswith("A924A5FC ")) == 3
    assert "LABEL:\t\tCORE_DUMP" in run(w, "lpar2", "errpt -a -J CORE_DUMP").out
    assert run(w, "lpar2", "/usr/sbin/rsct/bin/rmcctrl -A").rc == 0
    assert run(w, "lpar2", "/usr/sbin/rsct/bin/rmcctrl -p").rc == 0
    assert stays_up(w)


# ---- F12: filesets ----------------------------------------------------------------------------------------
def test_missing_rsct_fileset_installp():
    w = load_scenario("missing-rsct-fileset")
    r = run(w, "lpar2", "lslpp -l rsct.core.rmc")
    assert (r.rc, r.err) == (1, "lslpp: 0504-132  Fileset rsct.core.rmc not installed.\n")
    assert run(w, "lpar2", "lssrc -s ctrmc").err == "0513-085 The ctrmc Subsystem is not on file.\n"
    assert never_up(w)
    r = run(w, "lpar2", "installp -acgXd /dev/cd0 rsct.core.rmc")
    assert r.rc == 0 and "rsct.core.rmc               3.2.5.2         USR         APPLY       SUCCESS" in r.out
    assert run(w, "lpar2", "lslpp -l rsct.core.rmc").rc == 0
    assert run(w, "lpar2", "lssrc -s ctrmc").out.rstrip().endswith("active")
    assert stays_up(w)
    assert view(w, "lpar2").dcaps != 0


def test_backlevel_rsct_installp():
    w = load_scenario("backlevel-rsct")
    assert "rsct.core.rmc             2.4.12.0" in run(w, "lpar2", "lslpp -l rsct.core.rmc").out
    assert never_up(w)
    assert run(w, "lpar2", "installp -agXd /dev/cd0 rsct.core.rmc").rc == 0
    assert "rsct.core.rmc             2.5.5.1" in run(w, "lpar2", "lslpp -l rsct.core.rmc").out
    assert stays_up(w)


# ---- F17: the HMC lost the managed system ---------------------------------------------------------
def test_hmc_lost_system_no_dlpar():
    w = load_scenario("hmc-lost-system")
    w.advance(180)
    assert not view(w, "lpar1").active and not view(w, "lpar2").active
    assert "0% packet loss" in run(w, "lpar2", "ping -c 3 hmc1").out  # the LAN is fine
    assert run(w, "lpar2", "lssrc -s IBM.DRM").out.rstrip().endswith("active")
    hmc, system = w.hmcs["hmc1"], w.systems["Server-8286-42A-SN2112ABC"]
    part = system.partitions[2]
    with pytest.raises(WorldError) as exc:
        dlpar.memory(w, hmc, system, part, "a", 256)
    assert exc.value.code == "no_connection"
    rmc_repair.reconnect(w, hmc, system)
    assert stays_up(w)
    dlpar.memory(w, hmc, system, part, "a", 256)


# ---- DLPAR scripts -------------------------------------------------------------------------------------
def test_drmgr_script_vetoes_memory_removal():
    w = load_scenario("drmgr-veto")
    hmc, system = w.hmcs["hmc1"], w.systems["Server-8286-42A-SN2112ABC"]
    part = system.partitions[2]
    lines = run(w, "lpar2", "drmgr -l").out.splitlines()
    assert lines[3].startswith("/usr/lib/dr/scripts/all/ctrmc_MDdr               DR script")
    assert lines[4] == "/usr/lib/dr/scripts/all/app_memguard             Application memory guard"
    with pytest.raises(WorldError) as exc:
        dlpar.memory(w, hmc, system, part, "r", 1024)
    assert exc.value.code == "HSCL2932" and exc.value.facts["os_rc"] == 3
    assert exc.value.facts["os_output"].startswith("app_memguard: the database needs its memory; removal refused\n")
    assert part.mem.cur == 4096 and run(w, "lpar2", "prtconf -m").out == "Memory Size: 4096 MB\n"
    assert "DR_KER" in run(w, "lpar2", "errpt").out
    assert run(w, "lpar2", "drmgr -u app_memguard").rc == 0
    dlpar.memory(w, hmc, system, part, "r", 1024)
    assert run(w, "lpar2", "prtconf -m").out == "Memory Size: 3072 MB\n"
    assert run(w, "lpar2", "lsattr -El mem0 -a goodsize").out.split()[1] == "3072"
    assert run(w, "lpar2", "lsattr -El sys0 -a realmem").out.split()[1] == str(3072 * 1024)
    assert run(w, "lpar2", "bootinfo -r").out == f"{3072 * 1024}\n"
    assert w.check_invariants() == []


# ---- commands -------------------------------------------------------------------------------------------------
def test_lslpp_layout():
    w = load_scenario("healthy")
    out = run(w, "lpar1", "lslpp -l rsct.core.rmc").out.splitlines()
    # [U] reference §3.12 sample, byte for byte
    assert out == ["  Fileset                      Level  State      Description         ",
                   "  " + "-" * 76,
                   "Path: /usr/lib/objrepos",
                   "  rsct.core.rmc             3.2.5.2  COMMITTED  RSCT Resource Monitoring and",
                   "                                                 Control",
                   "Path: /etc/objrepos",
                   "  rsct.core.rmc             3.2.5.2  COMMITTED  RSCT Resource Monitoring and",
                   "                                                 Control"]


def test_lsattr_realmem_verified_row():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "lsattr -E -l sys0 -a realmem").out == \
        "realmem 4194304 Amount of usable physical memory in Kbytes False\n"  # [V] row shape
    assert run(w, "lpar1", "lsattr -HEl sys0 -a maxuproc").out == (
        "attribute value description                                  user_settable\n\n"
        "maxuproc  128   Maximum number of PROCESSES allowed per user True\n")  # [V §3.10]


def test_ctsnap_archive_is_seen_by_ls_and_df():
    w = load_scenario("healthy")
    before = run(w, "lpar1", "df /tmp").out.splitlines()[1].split()[2]
    r = run(w, "lpar1", "/usr/sbin/rsct/bin/ctsnap -x runrpttr")
    assert r.rc == 0 and "/tmp/ctsupt/ctsnap.lpar1." in r.out
    assert "ctsnap.lpar1.1126090000.tar.gz" in run(w, "lpar1", "ls /tmp/ctsupt").out
    after = run(w, "lpar1", "df /tmp").out.splitlines()[1].split()[2]
    assert int(after) < int(before)


def test_lsrpdomain_and_lscluster_on_caa_node():
    w = load_scenario("caa-node")
    assert run(w, "lpar1", "lsrpdomain").out == ""
    assert run(w, "lpar1", "lscluster -m").rc == 1
    out = run(w, "lpar2", "lsrpdomain").out.splitlines()
    assert out == ["Name         OpState RSCTActiveVersion MixedVersions TSPort GSPort ",
                   "prod_cluster Online  3.2.5.2           No            12347  12348  "]
    m = run(w, "lpar2", "lscluster -m").out
    assert "\tState of node: UP  NODE_LOCAL\n" in m and "\tNode name: lpar2\n" in m


def test_lsslot_and_drmgr_slot():
    w = load_scenario("healthy")
    out = run(w, "lpar1", "lsslot -c slot").out.splitlines()
    assert out[0] == "# Slot                    Description       Device(s)"
    assert out[2] == "U8286.42A.2112ABC-V1-C2   Virtual I/O Slot  ent0"
    assert run(w, "lpar1", "drmgr -c slot -r -s U8286.42A.2112ABC-V1-C3").rc == 0
    assert "U8286.42A.2112ABC-V1-C3   Virtual I/O Slot  Empty" in run(w, "lpar1", "lsslot -c slot").out
    assert "vscsi0" not in run(w, "lpar1", "lsdev -Cc adapter").out
    assert run(w, "lpar1", "drmgr -c slot -a -s U8286.42A.2112ABC-V1-C3").rc == 0
    assert "vscsi0" in run(w, "lpar1", "lsdev -Cc adapter").out


def test_no_command_raises_on_garbage():
    w = load_scenario("healthy")
    for cmd in ("prtconf", "lsattr", "lsdev", "bootinfo", "lscfg", "lslpp", "installp", "emgr", "lsrpdomain",
                "lscluster", "ctsvhbal", "ctsthl", "ctsnap", "drmgr", "lsslot", "host", "traceroute", "entstat",
                "lsfilt", "rmfilt", "mkfilt", "chdev", "ifconfig", "oem_setup_env"):
        for args in ("", " -Z", " -l", " -c", " -v 4", " en0 mtu x", " -a ''", " --", " -s", " -d /nonexistent"):
            run(w, "lpar1", cmd + args)  # run() asserts no "unexpected error"


# ---- F7: the partition's address changed --------------------------------------------------------------
def test_ip_changed_rmc_recycle():
    w = load_scenario("ip-changed")
    w.advance(0)
    assert view(w, "lpar2").ipaddr == "10.1.1.99"
    assert run(w, "lpar2", "lsrsrc IBM.MCP MNName").out.endswith('        MNName = "10.1.1.99"\n')
    assert never_up(w)
    rmc_recycle(w)
    assert stays_up(w)
    assert view(w, "lpar2").ipaddr == "127.0.0.12"
    assert run(w, "lpar2", "lsrsrc IBM.MCP MNName").out.endswith('        MNName = "127.0.0.12"\n')
