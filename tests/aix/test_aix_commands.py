"""Formats and messages of single commands against golden text."""

from __future__ import annotations

import re

import pytest
from aix_helpers import REGISTRY, run

from harness.scenario.catalogue import load_scenario

HEADER = "Subsystem         Group            PID          Status\n"


@pytest.fixture
def healthy():
    return load_scenario("healthy")


# ---- SRC -----------------------------------------------------------------------------------------------
def test_lssrc_rows_and_unknown(healthy):
    r = run(healthy, "lpar1", "lssrc -s ctrmc")
    pid = healthy.host("lpar1").partition.os.subsystem("ctrmc").pid
    assert r.out == HEADER + f" {'ctrmc':<16} {'rsct':<16} {pid:<12} active\n"
    assert run(healthy, "lpar1", "lssrc -s ctcas").out == HEADER + \
        " ctcas            rsct                          inoperative\n"
    bad = run(healthy, "lpar1", "lssrc -s nosuch")
    assert bad.rc == 1 and bad.err == "0513-085 The nosuch Subsystem is not on file.\n" and bad.out == ""
    assert run(healthy, "lpar1", "lssrc -g nogroup").err == "0513-086 The nogroup Group is not on file.\n"
    assert run(healthy, "lpar1", "lssrc").rc == 1


def test_lssrc_a_lists_active_subsystems_first(healthy):
    lines = run(healthy, "lpar1", "lssrc -a").out.splitlines()
    assert lines[0] == HEADER.rstrip("\n")
    states = [line.endswith("inoperative") for line in lines[1:]]
    assert states == sorted(states)
    assert " IBM.MgmtDomainRM rsct_rm          " in "\n".join(lines)


def test_lssrc_long_status_ctrmc(healthy):
    r = run(healthy, "lpar1", "lssrc -ls ctrmc")
    assert r.rc == 0 and r.out.startswith(HEADER + " ctrmc            rsct             ")
    assert "Daemon communication is enabled\n" in r.out  # [U] body of the long status
    run(healthy, "lpar1", "rmcctrl -z")
    stopped = run(healthy, "lpar1", "lssrc -ls ctrmc")
    assert stopped.rc == 1 and stopped.err.startswith("0513-036 The request could not be passed to the ctrmc")


def test_startsrc_stopsrc_refresh_messages(healthy):
    host = "lpar1"
    assert run(healthy, host, "stopsrc -s sshd").out == "0513-044 The sshd Subsystem was requested to stop.\n"
    again = run(healthy, host, "stopsrc -s sshd")
    assert again.rc == 1 and again.err == "0513-004 The Subsystem or Group, sshd, is currently inoperative.\n"
    r = run(healthy, host, "startsrc -s sshd")
    pid = healthy.host(host).partition.os.subsystem("sshd").pid
    assert r.out == f"0513-059 The sshd Subsystem has been started. Subsystem PID is {pid}.\n"
    dup = run(healthy, host, "startsrc -s sshd")
    assert dup.rc == 1 and dup.err == ("0513-029 The sshd Subsystem is already active.\n"
                                       "Multiple instances are not supported.\n")
    assert run(healthy, host, "refresh -s sshd").out == \
        "0513-095 The request for subsystem refresh was completed successfully.\n"
    assert run(healthy, host, "startsrc -s nosuch").err == "0513-085 The nosuch Subsystem is not on file.\n"
    assert run(healthy, host, "stopsrc -g nogroup").err == "0513-086 The nogroup Group is not on file.\n"


def test_startsrc_of_a_dying_daemon_still_reports_a_pid():
    w = load_scenario("seed-lpar30")
    r = run(w, "lpar30", "startsrc -s IBM.DRM")
    assert re.fullmatch(r"0513-059 The IBM\.DRM Subsystem has been started\. Subsystem PID is \d+\.\n", r.out)
    assert run(w, "lpar30", "lssrc -s IBM.DRM").out.endswith("inoperative\n")


def test_stopsrc_group_and_startsrc_group(healthy):
    r = run(healthy, "lpar1", "stopsrc -g rsct_rm")
    assert "0513-044 The IBM.DRM Subsystem was requested to stop.\n" in r.out
    assert all(line.endswith("inoperative") for line in run(healthy, "lpar1", "lssrc -g rsct_rm").out.splitlines()[1:])
    started = run(healthy, "lpar1", "startsrc -g rsct_rm")
    assert started.out.count("0513-059") == 8


def test_rmcctrl_d_then_startsrc_ctrmc_is_not_on_file(healthy):
    assert run(healthy, "lpar1", "rmcctrl -d").out == "0513-083 Subsystem has been Deleted.\n"
    r = run(healthy, "lpar1", "startsrc -s ctrmc")
    assert r.rc == 1 and r.err == "0513-085 The ctrmc Subsystem is not on file.\n"
    assert run(healthy, "lpar1", "lssrc -s ctrmc").rc == 1
    assert run(healthy, "lpar1", "rmcctrl -s").rc == 1
    a = run(healthy, "lpar1", "rmcctrl -A")
    assert a.out.startswith("0513-071 The ctrmc Subsystem has been added.\n0513-059 The ctrmc Subsystem")


# ---- rmcctrl -------------------------------------------------------------------------------------------
def test_rmcctrl_flags(healthy):
    assert run(healthy, "lpar1", "rmcctrl -z").out == ""
    assert run(healthy, "lpar1", "lssrc -s ctrmc").out.endswith("inoperative\n")
    assert run(healthy, "lpar1", "rmcctrl -s").out.startswith("0513-059 The ctrmc Subsystem has been started.")
    assert run(healthy, "lpar1", "rmcctrl -k").out == ""
    assert run(healthy, "lpar1", "lssrc -s IBM.DRM").out.endswith("active\n")  # -k leaves the RMs
    assert run(healthy, "lpar1", "rmcctrl -K").rc == 0
    assert run(healthy, "lpar1", "lssrc -s IBM.DRM").out.endswith("inoperative\n")
    assert run(healthy, "lpar1", "rmcctrl -m R").rc == 0
    assert run(healthy, "lpar1", "rmcctrl -m Z").rc == 1
    assert run(healthy, "lpar1", "rmcctrl -t 10").rc == 0
    h = run(healthy, "lpar1", "rmcctrl -h")
    assert h.rc == 0 and h.out.startswith("Usage: rmcctrl { -a | -A |")
    for bad in ("rmcctrl", "rmcctrl -y", "rmcctrl -z -p", "rmcctrl -p extra"):
        r = run(healthy, "lpar1", bad)
        assert r.rc == 1 and r.out == "" and "Usage: rmcctrl" in r.err


def test_rmcctrl_P_drops_the_session_and_p_brings_it_back(healthy):
    from aix_helpers import view
    assert view(healthy, "lpar1").active
    run(healthy, "lpar1", "rmcctrl -P")
    assert not view(healthy, "lpar1").active
    healthy.advance(420)
    assert not view(healthy, "lpar1").active
    run(healthy, "lpar1", "rmcctrl -p")
    healthy.advance(420)
    assert view(healthy, "lpar1").active


def test_non_root_cannot_run_rsct_configuration(healthy):  # [I] permission model
    r = run(healthy, "lpar1", "/usr/sbin/rsct/bin/rmcctrl -z", user="guest")
    assert r.rc == 126 and r.err == "ksh: /usr/sbin/rsct/bin/rmcctrl: 0403-006 Execute permission denied.\n"
    assert run(healthy, "lpar1", "recfgct", user="guest").rc == 126


# ---- lsrsrc / rmcdomainstatus / lsnodeid ---------------------------------------------------------------
def test_lsrsrc_mcp_block_on_aix7(healthy):
    hmc = healthy.hmcs["hmc1"]
    out = run(healthy, "lpar1", "lsrsrc IBM.MCP").out
    assert out == (
        "Resource Persistent Attributes for IBM.MCP\n"
        "resource 1:\n"
        '        MNName            = "127.0.0.11"\n'
        f"        NodeID            = {hmc.node_id}\n"
        '        KeyToken          = "hmc1"\n'
        '        IPAddresses       = {"127.0.0.10"}\n'
        '        ConnectivityNames = {"127.0.0.11"}\n'
        f'        HMCName           = "7042CR9*{hmc.serial}"\n'
        '        HMCIPAddr         = "127.0.0.10"\n'
        '        HMCAddIPs         = ""\n'
        '        HMCAddIPv6s       = ""\n'
        '        ActivePeerDomain  = ""\n'
        '        NodeNameList      = {"lpar1"}\n')
    attr = run(healthy, "lpar1", "lsrsrc IBM.MCP HMCIPAddr").out
    assert attr == 'Resource Persistent Attributes for IBM.MCP\nresource 1:\n        HMCIPAddr = "127.0.0.10"\n'
    assert run(healthy, "lpar1", "lsrsrc IBM.MCP NoSuchAttr").rc == 1
    assert run(healthy, "lpar1", "lsrsrc IBM.NoSuchClass").rc == 1


def test_lsrsrc_wrong_class_for_the_level_shows_no_resources(healthy):  # [I] behaviour
    assert run(healthy, "lpar1", "lsrsrc IBM.ManagementServer").out == \
        "Resource Persistent Attributes for IBM.ManagementServer\n"
    assert run(healthy, "lpar3", "lsrsrc IBM.MCP").out == "Resource Persistent Attributes for IBM.MCP\n"
    assert 'ManagerType      = "HMC"' in run(healthy, "lpar3", "lsrsrc IBM.ManagementServer").out


def test_rmcdomainstatus_before_and_after(healthy):
    hmc = healthy.hmcs["hmc1"]
    expected = ("\nManagement Domain Status: Management Control Points\n"
                f"  I A  0x{hmc.node_id:016x}  0001  127.0.0.10\n")
    assert run(healthy, "lpar1", "/usr/sbin/rsct/bin/rmcdomainstatus -s ctrmc").out == expected
    run(healthy, "lpar1", "rmcctrl -z")
    run(healthy, "lpar1", "rmcctrl -s")
    # the resource stays while the new session is not up yet: the line says Down
    assert run(healthy, "lpar1", "rmcdomainstatus -s ctrmc").out == expected.replace("  I A", "  O A")
    healthy.advance(420)
    assert run(healthy, "lpar1", "rmcdomainstatus -s ctrmc").out == expected
    assert run(healthy, "lpar1", "rmcdomainstatus").rc == 1


def test_lsnodeid_prints_16_hex_digits(healthy):
    out = run(healthy, "lpar1", "/usr/sbin/rsct/bin/lsnodeid").out
    assert re.fullmatch(r"[0-9a-f]{16}\n", out)


# ---- system --------------------------------------------------------------------------------------------
LPARSTAT_LABELS = [
    "Node Name", "Partition Name", "Partition Number", "Type", "Mode", "Entitled Capacity",
    "Partition Group-ID", "Shared Pool ID", "Online Virtual CPUs", "Maximum Virtual CPUs",
    "Minimum Virtual CPUs", "Online Memory", "Maximum Memory", "Minimum Memory", "Variable Capacity Weight",
    "Minimum Capacity", "Maximum Capacity", "Capacity Increment", "Maximum Physical CPUs in system",
    "Active Physical CPUs in system", "Active CPUs in Pool", "Shared Physical CPUs in system",
    "Maximum Capacity of Pool", "Entitled Capacity of Pool", "Unallocated Capacity", "Physical CPU Percentage",
    "Unallocated Weight", "Memory Mode", "Total I/O Memory Entitlement", "Variable Memory Capacity Weight",
    "Memory Pool ID", "Physical Memory in the Pool", "Hypervisor Page Size",
    "Unallocated Variable Memory Capacity Weight", "Unallocated I/O Memory entitlement",
    "Memory Group ID of LPAR", "Desired Virtual CPUs", "Desired Memory", "Desired Variable Capacity Weight",
    "Desired Capacity", "Target Memory Expansion Factor", "Target Memory Expansion Size", "Power Saving Mode",
    "Sub Processor Mode",
]


def test_lparstat_i_labels_and_values():
    w = load_scenario("seed-lpar30")
    lines = run(w, "lpar30", "lparstat -i").out.splitlines()
    assert [line[:43].rstrip() for line in lines] == LPARSTAT_LABELS
    assert all(line[43:45] == ": " for line in lines)
    fields = {line[:43].rstrip(): line[45:] for line in lines}
    part = w.host("lpar30").partition
    assert fields["Partition Name"] == "lpar30" and fields["Node Name"] == "aix6"
    assert fields["Partition Number"] == "24" and fields["Partition Group-ID"] == str(32768 + 24)
    assert fields["Online Memory"] == f"{part.os.online_mem_mb} MB"
    assert fields["Minimum Memory"] == "2048 MB" and fields["Maximum Memory"] == "16384 MB"
    assert fields["Type"] == "Shared-SMT-4" and fields["Mode"] == "Uncapped"
    assert fields["Entitled Capacity"] == "1.00" and fields["Online Virtual CPUs"] == "2"
    assert all(line.count(":") == 1 for line in lines)  # ansible lpar_facts splits on ':'


def test_uname_and_oslevel():
    w = load_scenario("seed-lpar30")
    assert run(w, "lpar30", "uname -L").out == "24 lpar30\n"
    assert run(w, "lpar30", "uname -M").out == "IBM,9117-MMB\n"
    assert run(w, "lpar30", "uname").out == "AIX\n"
    assert run(w, "lpar30", "uname -rv").out == "1 6\n"
    assert run(w, "lpar30", "uname -n").out == "aix6\n"
    assert run(w, "lpar30", "hostname").out == "aix6\n"
    assert run(w, "lpar30", "oslevel -s").out == "6100-05-01-1016\n"
    assert run(w, "lpar30", "oslevel -r").out == "6100-05\n"
    assert run(w, "lpar30", "oslevel").out == "6.1.0.0\n"
    h = load_scenario("healthy")
    assert run(h, "lpar1", "oslevel -s").out == "7200-05-06-2320\n"
    assert run(h, "lpar1", "uname -a").out.startswith("AIX lpar1 2 7 ")


def test_df_layout(healthy):
    out = run(healthy, "lpar1", "df").out.splitlines()
    assert out[0] == "Filesystem    512-blocks      Free %Used    Iused %Iused Mounted on"
    assert "/proc                  -         -    -        -      - /proc" in out
    hd4 = next(line for line in out if line.startswith("/dev/hd4 "))
    assert hd4.startswith("/dev/hd4         1966080 ")  # right-aligned in 10 after a 13-wide name
    admin = next(line for line in out if line.startswith("/dev/hd11admin"))
    assert admin.startswith("/dev/hd11admin     262144 ")  # a 14-char device pushes the row right
    k = run(healthy, "lpar1", "df -k /var").out.splitlines()
    assert k[0] == "Filesystem    1024-blocks      Free %Used    Iused %Iused Mounted on" and len(k) == 2
    assert run(healthy, "lpar1", "df -Pk /").out.splitlines()[0] == \
        "Filesystem    1024-blocks      Used Available Capacity Mounted on"
    assert run(healthy, "lpar1", "df /nonexistent").rc == 1


def test_errpt_summary_after_a_daemon_died():
    w = load_scenario("seed-lpar30")
    lines = run(w, "lpar30", "errpt").out.splitlines()
    assert lines[0] == "IDENTIFIER TIMESTAMP  T C RESOURCE_NAME  DESCRIPTION"
    assert lines[1] == "E18E984F   0612091213 P S SRC            SOFTWARE PROGRAM ERROR"
    assert run(w, "lpar30", "errpt -a").out.startswith("-" * 75 + "\nLABEL:\t\tSRC\nIDENTIFIER:\tE18E984F\n")
    assert run(load_scenario("healthy"), "lpar1", "errpt").out == ""


def test_netstat_in_and_ifconfig(healthy):
    lines = run(healthy, "lpar1", "netstat -in").out.splitlines()
    assert lines[0] == "Name  Mtu   Network     Address            Ipkts Ierrs    Opkts Oerrs  Coll"
    assert lines[2].startswith("en0   1500  127.0.0     127.0.0.11      ")
    assert lines[3].startswith("lo0   16896 link#1                      ")
    ifc = run(healthy, "lpar1", "ifconfig -a").out.splitlines()
    assert ifc[1] == "        inet 127.0.0.11 netmask 0xffffff00 broadcast 127.0.0.255"
    assert ifc[2] == "         tcp_sendspace 262144 tcp_recvspace 262144 rfc1323 1"


def test_ping_unknown_host(healthy):
    r = run(healthy, "lpar1", "ping -c 1 nosuchhost")
    assert r.rc == 1 and r.err == "0821-062 ping: host name nosuchhost NOT FOUND\n"


def test_du_and_ls():
    w = load_scenario("var-full")
    files = w.host("lpar2").partition.os.files
    assert run(w, "lpar2", "du -sk /var/adm/core").out == f"{(files['/var/adm/core'] + 1023) // 1024}\t/var/adm/core\n"
    assert run(w, "lpar2", "ls /var/adm").out == "core\nras\n"
    assert run(w, "lpar2", "ls /nonexistent").rc == 2
    assert run(w, "lpar2", "rm /var/adm").rc == 2  # a directory without -r


def test_registry_names_and_paths():
    for name in ("lssrc", "startsrc", "stopsrc", "refresh", "rmcctrl", "recfgct", "lsnodeid", "lsrsrc",
                 "rmcdomainstatus", "df", "chfs", "rm", "ls", "du", "find", "ping", "route", "netstat",
                 "ifconfig", "oslevel", "uname", "lparstat", "hostname", "errpt"):
        spec = REGISTRY.lookup(name)
        assert spec is not None and spec.summary and spec.paths
        for path in spec.paths:
            assert REGISTRY.lookup(path) is spec
    assert REGISTRY.lookup("/usr/sbin/rsct/bin/rmcctrl").name == "rmcctrl"
    assert REGISTRY.lookup("/opt/rsct/bin/rmcctrl").name == "rmcctrl"
    assert REGISTRY.lookup("/opt/rsct/install/bin/recfgct").name == "recfgct"
    assert REGISTRY.flavour == "aix"


def test_the_boundary_turns_an_exception_into_an_error_exit():
    from harness.aix.common import aix_command
    from harness.shell.command import CommandContext

    @aix_command
    def boom(ctx):
        raise RuntimeError("bug")

    ctx = CommandContext(argv=["/usr/bin/boom", "-x"], stdin="", env={}, session=None)
    assert boom(ctx) == 1
    assert ctx.err == ["boom: unexpected error\n"]  # [I] the shell's own wording for a failed command
