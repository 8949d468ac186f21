"""Golden outputs of the diagnosis commands of issue 4 (host, traceroute, /etc/hosts, entstat, prtconf,
lsdev, bootinfo, emgr, ctsvhbal, IP filters) and the VIOS padmin -> root switch. Texts tagged [U]/[I] in
the command modules are locked here so that a confirmed real capture shows up as a diff."""

from __future__ import annotations

from aix_helpers import run, view

from harness.runtime.registries import registry_for
from harness.runtime.session import Session
from harness.scenario.catalogue import load_scenario
from harness.shell import AIX_FLAVOUR, Shell
from harness.world import dlpar


def shell(w, host: str, user: str) -> Shell:
    return Shell(registry_for("aix"), AIX_FLAVOUR, Session(w, w.host(host), user))


def test_host_and_etc_hosts_unverified_format():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "host hmc1").out == "hmc1 is 127.0.0.10\n"  # [U]
    assert run(w, "lpar1", "host 127.0.0.12").out == "lpar2 is 127.0.0.12\n"  # [U]
    r = run(w, "lpar1", "host nowhere")
    assert (r.rc, r.err) == (1, "host: 0827-801 Host name nowhere does not exist.\n")  # [U]
    hosts = run(w, "lpar1", "cat /etc/hosts").out.splitlines()
    assert hosts[0].startswith("127.0.0.1               loopback localhost")
    assert "127.0.0.10              hmc1" in hosts


def test_etc_hosts_edit_changes_resolution():
    w = load_scenario("healthy")
    sh = shell(w, "lpar1", "root")
    # /etc/hosts is generated until written; cat shows it (grep alone does not see it yet [model])
    assert sh.run("cat /etc/hosts | grep -v hmc1 > /tmp/h; cat /tmp/h > /etc/hosts").exit_code == 0
    assert "127.0.0.11              lpar1\n" in sh.run("cat /etc/hosts").stdout
    assert sh.run("host hmc1").exit_code == 1
    assert sh.run("echo '127.0.0.10 hmc1.example.com hmc1' >> /etc/hosts; host hmc1").stdout == \
        "hmc1.example.com is 127.0.0.10\n"
    assert run(w, "lpar1", "df /").rc == 0  # a text file written by the shell counts in df


def test_traceroute_reachable_and_cut():
    w = load_scenario("healthy")
    r = run(w, "lpar1", "traceroute hmc1")
    assert r.out.splitlines()[:2] == ["traceroute to hmc1 (127.0.0.10) from 127.0.0.11 (127.0.0.11), 30 hops max",
                                      "outgoing MTU = 1500"]  # [U]
    assert r.out.splitlines()[2].startswith(" 1  hmc1 (127.0.0.10)  ")
    w2 = load_scenario("network-down")
    out = run(w2, "lpar2", "traceroute -m 3 hmc1").out.splitlines()
    assert out[2:] == [" 1  * * *", " 2  * * *", " 3  * * *"]


def test_entstat_and_prtconf_memory_follow_dlpar():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "entstat ent0").out.splitlines()[1] == "ETHERNET STATISTICS (ent0) :"
    assert run(w, "lpar1", "entstat ent9").rc == 1
    hmc, system = w.hmcs["hmc1"], w.systems["Server-8286-42A-SN2112ABC"]
    dlpar.memory(w, hmc, system, system.partitions[1], "a", 1024)
    dlpar.processors(w, hmc, system, system.partitions[1], "a", 1, 0.1)
    lines = run(w, "lpar1", "prtconf").out.splitlines()
    assert "Memory Size: 5120 MB" in lines and "Good Memory Size: 5120 MB" in lines
    assert "Number Of Processors: 2" in lines
    assert run(w, "lpar1", "lparstat -i").out.count("5120 MB") == 2  # Online and Desired
    errpt = run(w, "lpar1", "errpt").out
    assert errpt.count("DR_KER") == 2  # [U] one entry per DLPAR event


def test_lsdev_bootinfo_emgr_ctsvhbal():
    w = load_scenario("healthy")
    assert run(w, "lpar1", "lsdev -Cc if").out == (
        "en0 Available  Standard Ethernet Network Interface\n"
        "lo0 Available  Loopback Network Interface\n")  # [I] widths from the data
    assert run(w, "lpar1", "bootinfo -K").out == "64\n"
    assert run(w, "lpar1", "bootinfo -r").out == f"{4096 * 1024}\n"
    assert run(w, "lpar1", "emgr -l").out == "There is no efix data on this system.\n"  # [U]
    out = run(w, "lpar1", "/usr/sbin/rsct/bin/ctsvhbal").out
    assert "                Identity:  127.0.0.11\n" in out  # [U]


def test_ip_filter_commands():
    w = load_scenario("port-657-blocked")
    out = run(w, "lpar2", "lsfilt -v 4").out.splitlines()
    assert out[0] == "Beginning of IPv4 filter rules." and out[-1] == "End of IPv4 filter rules."
    assert run(w, "lpar2", "rmfilt -v 4 -n 7").rc == 1
    assert run(w, "lpar2", "rmfilt -v 4 -n 3", user="guest").rc == 126
    assert run(w, "lpar2", "mkfilt -v 4 -d").out == "Filter support (IPv4) has been deactivated.\n"  # [U]
    assert w.advance_until(lambda: view(w, "lpar2").active, 420)


def test_port_657_outbound_udp_also_flaps():
    w = load_scenario("port-657-one-way")
    part = w.host("lpar2").partition
    part.os.ip_filters[-1]["direction"] = "out"
    assert w.advance_until(lambda: view(w, "lpar2").active, 420)
    w.advance(150)
    assert not view(w, "lpar2").active


def test_vios_padmin_interactive_oem_setup_env():
    w = load_scenario("vios-rmc-stopped")
    sh = shell(w, "vios1", "padmin")
    r = sh.run("/usr/sbin/rsct/bin/rmcctrl -A")
    assert r.exit_code == 126 and "0403-006 Execute permission denied." in r.stderr
    assert sh.run("oem_setup_env").exit_code == 0
    assert sh.run("whoami").stdout == "root\n"
    r = sh.run("/usr/sbin/rsct/bin/rmcctrl -A && /usr/sbin/rsct/bin/rmcctrl -p")
    assert r.exit_code == 0 and "0513-059 The ctrmc Subsystem has been started." in r.stdout
    assert w.advance_until(lambda: view(w, "vios1").active, 420)
    assert view(w, "vios1").dcaps == 0x14F9F


def test_oem_setup_env_is_vios_only():
    w = load_scenario("healthy")
    r = run(w, "lpar1", "oem_setup_env")
    assert (r.rc, r.err) == (127, "ksh: oem_setup_env:  not found.\n")
