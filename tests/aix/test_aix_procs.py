"""Processes, users and the running system, read from the world: ps lists the daemons lssrc says run
(same PIDs), kill makes a daemon die as srcmstr and RMC see it, memory and processor views follow DLPAR.
The healthy scenario's lpar1: 4096 MB, one shared virtual processor (SMT4: four logical CPUs), up
3 days 4 h 17 min when the scenario starts."""

from __future__ import annotations

from aix_helpers import run, view

from harness.scenario.catalogue import load_scenario

SYS = "Server-8286-42A-SN2112ABC"


def _lssrc_active(w, host: str = "lpar1") -> dict[str, int]:
    out = {}
    for line in run(w, host, "lssrc -a").out.splitlines()[1:]:
        f = line.split()
        if f[-1] == "active":
            out[f[0]] = int(f[-2])
    return out


def _ps_ef(w, host: str = "lpar1") -> list[list[str]]:
    """ps -ef rows cut at the fixed columns (STIME "Nov 23" holds a blank): UID, PID, PPID, C, STIME,
    TTY, TIME, CMD."""
    cuts = ((0, 8), (9, 17), (18, 26), (27, 30), (31, 39), (40, 46), (47, 52), (53, None))
    return [[line[a:b].strip() for a, b in cuts] for line in run(w, host, "ps -ef").out.splitlines()[1:]]


def test_ps_daemons_are_the_active_subsystems_with_lssrc_pids():
    w = load_scenario("healthy")
    active = _lssrc_active(w)
    rows = _ps_ef(w)
    srcmstr = next(r for r in rows if r[7] == "/usr/sbin/srcmstr")
    children = {int(r[1]) for r in rows if r[2] == srcmstr[1]}
    assert children == set(active.values())
    assert {"ctrmc", "IBM.DRM", "sshd", "syslogd"} <= set(active)
    by_pid = {int(r[1]): r for r in rows}
    assert by_pid[active["ctrmc"]][7] == "/usr/sbin/rsct/bin/rmcd -a IBM.LPCommands -r -S 1500"
    assert by_pid[active["IBM.DRM"]][7] == "/usr/sbin/rsct/bin/IBM.DRMd"
    assert rows[0][:6] + rows[0][7:] == ["root", "1", "0", "0", "Nov 23", "-", "/etc/init"]
    assert not any("xntpd" in r[7] for r in rows)  # inoperative: no process
    # a started subsystem is a new process today, a child of srcmstr, with the PID startsrc printed
    out = run(w, "lpar1", "startsrc -s xntpd").out
    pid = int(out.rsplit(" ", 1)[1].rstrip(".\n"))
    row = next(r for r in _ps_ef(w) if int(r[1]) == pid)
    assert (row[2], row[7]) == (srcmstr[1], "/usr/sbin/xntpd") and row[4].count(":") == 2


def test_ps_ef_columns_and_the_own_session():
    w = load_scenario("healthy")
    lines = run(w, "lpar1", "ps -ef").out.splitlines()
    assert lines[0] == "     UID      PID     PPID   C    STIME    TTY  TIME CMD"
    # "    root        1        0   0   Nov 23      -  h:mm /etc/init": UID 8, PID 8, PPID 8, C 3, STIME 8, TTY 6
    assert lines[1].startswith("    root        1        0   0   Nov 23      - ")
    assert lines[1].endswith(" /etc/init")
    mine = [line for line in lines if " pts/0 " in line]
    assert [line[53:] for line in mine] == ["-ksh", "ps -ef"]
    own = run(w, "lpar1", "ps").out.splitlines()
    assert own[0] == "      PID    TTY  TIME CMD" and [x.split()[-1] for x in own[1:]] == ["ksh", "ps"]


def test_ps_o_etime_of_init_is_the_uptime_on_the_virtual_clock():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "ps -o etime= -p 1").out == " 3-04:17:00\n"
    assert "up 3 days,  4:17," in run(w, "lpar1", "uptime").out
    w.advance(3600 + 120)
    assert run(w, "lpar1", "ps -o etime= -p 1").out == " 3-05:19:00\n"
    assert "up 3 days,  5:19," in run(w, "lpar1", "uptime").out
    r = run(w, "lpar1", "ps -e -o pid,ppid,comm")
    assert r.out.splitlines()[0] == "     PID     PPID COMMAND"
    assert "       1        0 init" in r.out.splitlines()


def test_kill_of_the_drm_daemon_shows_in_lssrc_ps_errpt_and_the_hmc():
    w = load_scenario("healthy")
    assert w.advance_until(lambda: view(w, "lpar1").active, 420)
    assert view(w, "lpar1").dcaps != 0
    pid = _lssrc_active(w)["IBM.DRM"]
    r = run(w, "lpar1", f"kill -9 {pid}")
    assert (r.rc, r.out, r.err) == (0, "", "")
    assert run(w, "lpar1", "lssrc -s IBM.DRM").out.splitlines()[1] == \
        " IBM.DRM          rsct_rm                       inoperative"
    assert pid not in {int(x[1]) for x in _ps_ef(w)}
    assert "SRC" in run(w, "lpar1", "errpt").out
    # RMC stays up, but the HMC no longer sees DLPAR capabilities
    assert view(w, "lpar1").active and view(w, "lpar1").dcaps == 0
    again = run(w, "lpar1", f"kill {pid}")
    assert (again.rc, again.err) == (1, f"kill: {pid}: 0403-003 The specified process does not exist.\n")


def test_kill_of_rmcd_takes_the_resource_managers_and_the_rmc_connection():
    w = load_scenario("healthy")
    assert w.advance_until(lambda: view(w, "lpar1").active, 420)
    ctrmc = _lssrc_active(w)["ctrmc"]
    assert run(w, "lpar1", f"kill {ctrmc}").rc == 0
    states = {line.split()[0]: line.split()[-1] for line in run(w, "lpar1", "lssrc -g rsct_rm").out.splitlines()[1:]}
    assert set(states.values()) == {"inoperative"}
    assert not view(w, "lpar1").active
    assert not any("rmcd" in r[7] or "RMd" in r[7] for r in _ps_ef(w))
    # the administrator's cure brings it back
    assert run(w, "lpar1", "/usr/sbin/rsct/bin/rmcctrl -s").rc == 0
    assert w.advance_until(lambda: view(w, "lpar1").active, 900)


def test_kill_of_a_non_src_daemon_and_of_init():
    w = load_scenario("healthy")
    cron = next(int(r[1]) for r in _ps_ef(w) if r[7] == "/usr/sbin/cron")
    assert run(w, "lpar1", f"kill {cron}").rc == 0
    assert not any(r[7] == "/usr/sbin/cron" for r in _ps_ef(w))
    assert run(w, "lpar1", "kill -9 1").rc == 0 and _ps_ef(w)[0][7] == "/etc/init"
    bad = run(w, "lpar1", "kill -NOSUCH 1")
    assert bad.rc == 1 and "0403-014" in bad.err


def test_lssrc_a_has_the_full_aix7_set():
    w = load_scenario("healthy")
    rows = run(w, "lpar1", "lssrc -a").out.splitlines()[1:]
    names = [r.split()[0] for r in rows]
    assert len(names) == len(set(names)) == 75
    for name in ("sendmail", "snmpmibd", "aso", "biod", "rpc.lockd", "qdaemon", "writesrv", "clcomd", "lpd",
                 "ndpd-host", "dhcpcd6", "automountd", "iked", "clconfd", "nimhttp", "IBM.SRVPROXY",
                 "cthagsglsm", "ctcas", "IBM.LPRM"):
        assert name in names
    assert " aso                               " in "\n".join(rows)  # no group: two empty columns
    # AIX 6.1 (the seed's partitions) has no aso or CAA daemons, but the rest of the set
    w61 = load_scenario("seed-lpar30")
    names61 = [r.split()[0] for r in run(w61, "lpar21", "lssrc -a").out.splitlines()[1:]]
    assert "aso" not in names61 and "clcomd" not in names61 and "IBM.CSMAgentRM" in names61
    assert "writesrv" in names61 and len(names61) == 64


def test_dlpar_memory_add_shows_in_svmon_vmstat_and_lsattr():
    w = load_scenario("healthy")
    part = w.host("lpar1").partition
    assert w.advance_until(lambda: view(w, "lpar1").active, 420)
    # 4096 MB = 1048576 frames of 4 KB
    assert run(w, "lpar1", "svmon -G").out.splitlines()[1].split()[:2] == ["memory", "1048576"]
    assert "mem=4096MB" in run(w, "lpar1", "vmstat").out
    _chhwres_mem(w, part, 1024)
    assert part.os.online_mem_mb == 5120
    assert run(w, "lpar1", "svmon -G").out.splitlines()[1].split()[:2] == ["memory", "1310720"]
    assert run(w, "lpar1", "svmon -G -O unit=MB").out.splitlines()[3].split()[:2] == ["memory", "5120.00"]
    assert "System configuration: lcpu=4 mem=5120MB ent=0.50" in run(w, "lpar1", "vmstat").out
    assert run(w, "lpar1", "lsattr -El sys0 -a realmem").out.split()[1] == str(5120 * 1024)


def _chhwres_mem(w, part, mb: int) -> None:
    from harness.hmc import build_registry
    from harness.runtime.session import Session
    from harness.shell.command import CommandContext

    spec = build_registry().lookup("chhwres")
    session = Session(w, w.host("hmc1"), "hscroot")
    ctx = CommandContext(argv=["chhwres", "-r", "mem", "-m", SYS, "-o", "a", "-p", part.name, "-q", str(mb)],
                         stdin="", env={}, session=session)
    assert spec.fn(ctx) == 0, "".join(ctx.err)
    w.advance(120)


def test_processors_agree_across_lsdev_lsattr_prtconf_bindprocessor_pmcycles():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "lsdev -Cc processor").out == "proc0 Available 00-00 Processor\n"
    assert run(w, "lpar1", "lsattr -El proc0").out.splitlines()[2] == \
        "smt_threads 4              Processor SMT threads False"
    assert run(w, "lpar1", "lsattr -El proc0 -a type").out.split()[1] == "PowerPC_POWER8"
    assert run(w, "lpar1", "bindprocessor -q").out == "The available processors are:  0 1 2 3\n"
    assert run(w, "lpar1", "pmcycles -m").out.splitlines()[-1] == "CPU 3 runs at 3525 MHz"
    os = w.host("lpar1").partition.os
    os.online_procs = 2  # what a DLPAR processor add leaves (tested end to end over SSH below)
    assert run(w, "lpar1", "lsdev -Cc processor").out == \
        "proc0 Available 00-00 Processor\nproc4 Available 00-04 Processor\n"
    assert run(w, "lpar1", "bindprocessor -q").out == "The available processors are:  0 1 2 3 4 5 6 7\n"
    assert len(run(w, "lpar1", "pmcycles -m").out.splitlines()) == 8
    assert "Number Of Processors: 2" in run(w, "lpar1", "prtconf").out


def test_id_who_and_users():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "id").out == \
        "uid=0(root) gid=0(system) groups=2(bin),3(sys),7(security),8(cron),10(audit),11(lp)\n"
    assert run(w, "lpar1", "id -u").out == "0\n" and run(w, "lpar1", "id -un").out == "root\n"
    assert run(w, "lpar1", "who").out.startswith("root        pts/0       ")
    assert run(w, "lpar1", "who -b").out.startswith("   .        system boot Nov 23 ")


def test_entstat_d_shows_the_virtual_adapter_vlan_and_switch():
    w = load_scenario("healthy")
    out = run(w, "lpar1", "entstat -d ent0").out.splitlines()
    assert "Virtual I/O Ethernet Adapter (l-lan) Specific Statistics:" in out
    assert "Port VLAN ID:     1" in out and "VLAN Tag IDs:  None" in out and "Switch ID: ETHERNET0" in out
    # the values are the managed system's virtual Ethernet adapter of the partition
    from harness.world import ioslots

    part = w.host("lpar1").partition
    eth = ioslots.adapters(w.system_of(part), part, "eth")[0]
    eth.update(port_vlan_id=110, addl_vlan_ids=["200", "300"], vswitch="VSWITCH_B")
    out = run(w, "lpar1", "entstat -d ent0").out.splitlines()
    assert "Port VLAN ID:   110" in out and "VLAN Tag IDs:  200 300" in out and "Switch ID: VSWITCH_B" in out


def test_emgr_lists_scenario_efixes():
    w = load_scenario("healthy")
    os = w.host("lpar1").partition.os
    os.efixes = [{"label": "IJ20785s2a", "installed": "04/30/20 11:03:46", "abstract": "tcpdump CVEs fixed"},
                 {"label": "IJ09625s2a", "state": "Q", "installed": "04/30/20 11:04:14", "abstract": "IJ09624 7.2.3.2"}]
    out = run(w, "lpar1", "emgr -l").out.splitlines()
    assert out[0] == "ID  STATE LABEL      INSTALL TIME      UPDATED BY ABSTRACT"
    assert out[2] == "1    S    IJ20785s2a 04/30/20 11:03:46            tcpdump CVEs fixed                    "
    assert out[3] == "2   *Q*   IJ09625s2a 04/30/20 11:04:14            IJ09624 7.2.3.2                       "
    assert out[5] == "STATE codes:"


def test_netstat_nrf_inet_and_arp():
    w = load_scenario("healthy")
    out = run(w, "lpar1", "netstat -nrf inet").out.splitlines()
    assert out[:2] == ["Destination        Gateway           Flags   Refs     Use  If   Exp  Groups",
                       "Route Tree for Protocol Family 2 (Internet):"]
    assert out[2].startswith("default            127.0.0.1         UG ")
    assert run(w, "lpar1", "netstat -nrf inet", user="guest").out.splitlines()[:2] == out[:2]
    arp = run(w, "lpar1", "arp -an").out.splitlines()
    assert arp[0].startswith("  ? (127.0.0.1) at ") and arp[-1] == "There are 2 entries in the arp table."


def test_a_restart_remounts_what_mounts_at_boot_and_restarts_the_daemons():
    from harness.world import power

    w = load_scenario("healthy")
    part = w.host("lpar1").partition
    system = w.system_of(part)
    assert run(w, "lpar1", "crfs -v jfs2 -g rootvg -m /scratch -a size=64M").rc == 0  # -A no (the default)
    assert run(w, "lpar1", "mount /scratch").rc == 0
    assert run(w, "lpar1", "umount /home").rc == 0
    cron = next(int(r[1]) for r in _ps_ef(w) if r[7] == "/usr/sbin/cron")
    assert run(w, "lpar1", f"kill {cron}").rc == 0
    power.shutdown(w, system, part, immed=True, restart=True)
    assert w.advance_until(lambda: part.running and part.os.is_active("sshd"), 1800)
    mounts = [line.split()[1] for line in run(w, "lpar1", "mount").out.splitlines()[2:]]
    assert "/home" in mounts and "/scratch" not in mounts
    assert any(r[7] == "/usr/sbin/cron" for r in _ps_ef(w))
    assert run(w, "lpar1", "ps -o etime= -p 1").out.strip().count(":") == 1  # up for minutes, not days


def test_ps_p_dollar_dollar_is_the_login_shell():
    from harness.runtime.registries import registry_for
    from harness.runtime.session import Session
    from harness.shell import Shell

    w = load_scenario("healthy")
    sh = Shell(registry_for("aix"), "aix", Session(w, w.host("lpar1"), "root"))
    res = sh.run("ps -o pid=,args= -p $$")
    assert res.exit_code == 0 and res.stdout.split() == [sh.run("echo $$").stdout.strip(), "-ksh"]
