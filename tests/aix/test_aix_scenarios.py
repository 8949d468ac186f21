"""Each built-in fault, diagnosed and repaired with AIX commands, with the HMC's view checked."""

from __future__ import annotations

from aix_helpers import run, view

from harness.scenario.catalogue import load_scenario


# ---- /var full -----------------------------------------------------------------------------------------
def _var_full_symptoms(w):
    df = run(w, "lpar2", "df -g /var")
    assert df.rc == 0
    header, row = df.out.splitlines()
    assert header == "Filesystem    GB blocks      Free %Used    Iused %Iused Mounted on"
    assert row.split()[2:4] == ["0.00", "100%"] and row.endswith(" /var")
    assert run(w, "lpar2", "lssrc -s ctrmc").out.endswith(" ctrmc            rsct                          inoperative\n")
    a = run(w, "lpar2", "rmcctrl -A")
    assert "0513-059 The ctrmc Subsystem has been started. Subsystem PID is " in a.out  # and it died
    rms = run(w, "lpar2", "lssrc -g rsct_rm").out.splitlines()[1:]
    assert rms and all(line.endswith("inoperative") for line in rms)
    assert not view(w, "lpar2").active


def _rmc_recycle_and_wait(w):
    for flag in ("-z", "-A", "-p"):
        assert run(w, "lpar2", f"/usr/sbin/rsct/bin/rmcctrl {flag}").rc == 0
    assert "IBM.DRM          rsct_rm          " in run(w, "lpar2", "lssrc -g rsct_rm").out
    w.advance(420)
    v = view(w, "lpar2")
    assert v.active and v.dcaps != 0


def test_var_full_cured_by_chfs():
    w = load_scenario("var-full")
    _var_full_symptoms(w)
    size = w.host("lpar2").partition.os.filesystem("/var").size_blocks
    r = run(w, "lpar2", "chfs -a size=+1G /var")
    assert r.rc == 0 and r.out == f"Filesystem size changed to {size + 2097152}\n"
    assert "100%" not in run(w, "lpar2", "df -g /var").out
    _rmc_recycle_and_wait(w)


def test_var_full_cured_by_removing_trace_and_core():
    w = load_scenario("var-full")
    _var_full_symptoms(w)
    found = run(w, "lpar2", "find /var -name 'trace*'").out.split()
    assert found == ["/var/adm/ras/trace.20261125"]
    assert run(w, "lpar2", "rm -f /var/adm/ras/trace.*").rc == 0
    assert run(w, "lpar2", "rm /var/adm/core").rc == 0
    assert run(w, "lpar2", "ls /var/adm/ras").out == "livedump\n"
    _rmc_recycle_and_wait(w)


def test_chfs_fails_when_the_volume_group_is_full():
    w = load_scenario("var-full")
    os = w.host("lpar2").partition.os
    # an administrator's dump LV takes all but 4 PPs (256 MB) of rootvg
    free_pps = os.vg_free_mb // 64
    assert run(w, "lpar2", f"extendlv lg_dumplv {free_pps - 4}").rc == 0
    assert os.vg_free_mb == 256
    before = os.filesystem("/var").size_blocks
    r = run(w, "lpar2", "chfs -a size=+1G /var")
    assert r.rc == 1 and r.out == ""
    assert r.err.startswith("0516-404 allocp: This system cannot fulfill the allocation request.\n"
                            "\tThere are not enough free partitions or not enough physical volumes \n")
    assert os.filesystem("/var").size_blocks == before
    assert run(w, "lpar2", "chfs -a size=+256M /var").out == f"Filesystem size changed to {before + 524288}\n"
    assert os.vg_free_mb == 0


# ---- network down --------------------------------------------------------------------------------------
def test_network_down_cured_by_deleting_the_stale_host_route():
    w = load_scenario("network-down")
    p = run(w, "lpar2", "ping -c 3 hmc1")
    assert p.rc == 1  # [U] exit code; [C] statistics text
    assert p.out == ("PING hmc1: (127.0.0.10): 56 data bytes\n\n----hmc1 PING Statistics----\n"
                     "3 packets transmitted, 0 packets received, 100% packet loss\n")
    routes = run(w, "lpar2", "netstat -rn").out
    assert "127.0.0.10         127.0.0.254       UGH" in routes
    # the daemons run: the break is on the wire
    assert " IBM.DRM          rsct_rm          " in run(w, "lpar2", "lssrc -g rsct_rm").out
    assert not view(w, "lpar2").active
    d = run(w, "lpar2", "route delete -host 127.0.0.10 127.0.0.254")
    assert d.rc == 0 and d.out == "delete host 127.0.0.10: gateway 127.0.0.254\n"  # [I] BSD wording
    ok = run(w, "lpar2", "ping -c 2 hmc1")
    assert ok.rc == 0 and "2 packets transmitted, 2 packets received, 0% packet loss\n" in ok.out
    assert "64 bytes from 127.0.0.10: icmp_seq=1 ttl=64 time=0 ms\n" in ok.out
    w.advance(420)
    v = view(w, "lpar2")
    assert v.active and v.dcaps != 0


def test_route_add_and_delete_round_trip():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "route add -net 10.20.0.0 127.0.0.1").out == "add net 10.20.0.0: gateway 127.0.0.1\n"
    assert "10.20/16" in run(w, "lpar1", "netstat -rn").out
    missing = run(w, "lpar1", "route delete -host 10.9.9.9 127.0.0.1")
    assert missing.rc == 1
    assert run(w, "lpar1", "route delete -net 10.20.0.0 127.0.0.1").rc == 0
    assert "10.20/16" not in run(w, "lpar1", "netstat -rn").out


# ---- RMC stopped ---------------------------------------------------------------------------------------
def test_rmc_stopped_cured_by_rmcctrl_A_and_p():
    w = load_scenario("rmc-stopped")
    assert run(w, "lpar2", "lssrc -s ctrmc").out == (
        "Subsystem         Group            PID          Status\n"
        " ctrmc            rsct                          inoperative\n")
    assert run(w, "lpar2", "lsrsrc IBM.MCP").rc == 1
    assert not view(w, "lpar2").active
    assert run(w, "lpar2", "rmcctrl -A").rc == 0
    assert run(w, "lpar2", "rmcctrl -p").rc == 0
    assert run(w, "lpar2", "lssrc -s ctrmc").out.splitlines()[1].endswith("active")
    w.advance(420)
    v = view(w, "lpar2")
    assert v.active and v.dcaps != 0
    mcp = run(w, "lpar2", "lsrsrc IBM.MCP HMCIPAddr")
    assert mcp.out.splitlines()[-1].split()[-1].strip('{}"') == "127.0.0.10"  # avocado's parser


# ---- cloned node id ------------------------------------------------------------------------------------
def test_cloned_node_id_cured_by_recfgct_on_the_clone():
    w = load_scenario("cloned-node-id")
    id1, id2 = run(w, "lpar1", "lsnodeid").out, run(w, "lpar2", "lsnodeid").out
    assert id1 == id2 and len(id1.strip()) == 16
    w.advance(420)
    assert not view(w, "lpar1").active and not view(w, "lpar2").active
    assert run(w, "lpar2", "rmcdomainstatus -s ctrmc").out == ""
    assert run(w, "lpar2", "recfgct").rc == 0
    assert run(w, "lpar2", "lsnodeid").out != id1
    w.advance(420)
    assert view(w, "lpar1").active and view(w, "lpar2").active
    hmc = w.hmcs["hmc1"]
    status = run(w, "lpar2", "rmcdomainstatus -s ctrmc").out
    assert status == ("\nManagement Domain Status: Management Control Points\n"
                      f"  I A  0x{hmc.node_id:016x}  0001  127.0.0.10\n")


# ---- CAA / peer domain node ----------------------------------------------------------------------------
def test_recfgct_refuses_on_an_online_peer_domain():
    w = load_scenario("caa-node")
    os = w.host("lpar2").partition.os
    before = (os.rsct.node_id, [(s.name, s.status, s.pid) for s in os.subsystems], len(os.rsct.mgmt_resources))
    r = run(w, "lpar2", "/usr/sbin/rsct/install/bin/recfgct")
    assert r.rc == 1 and r.out == ""
    assert r.err == ("Cannot run if an online Peer Domain exists (see output of lsrpdomain).\n"
                     "For assistance with removing domains, refer to the rmrpnode and rmrpdomain commands.\n")
    after = (os.rsct.node_id, [(s.name, s.status, s.pid) for s in os.subsystems], len(os.rsct.mgmt_resources))
    assert after == before
    for flag in ("-z", "-A", "-p"):
        run(w, "lpar2", f"rmcctrl {flag}")
    w.advance(420)
    assert view(w, "lpar2").dcaps != 0
