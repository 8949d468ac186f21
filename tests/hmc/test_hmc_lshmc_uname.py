"""lshmc -V / -n / -v and uname on the HMC."""

from __future__ import annotations

import pytest

from harness.world.versions import HMC_LEVELS


@pytest.mark.parametrize("level", ["V7", "V8", "V9", "V10"])
def test_lshmc_V_is_the_level_text_exactly(mixed, level):
    r = mixed(level).run("lshmc -V")
    assert (r.rc, r.out) == (0, HMC_LEVELS[level].version_text)


def test_lshmc_V_seed_and_rbvppc_parse(seed):
    out = seed.run("lshmc -V").out
    assert out == ('"version= Version: 7\n Release: 7.9.0\n Service Pack: 3\nHMC Build level 20151216.1\n",'
                   '"base_version=V7R7.9.0\n"\n')
    # rbvppc: lshmc -V | grep 'Version:' | cut -d':' -f2
    assert [line.split(":")[1] for line in out.splitlines() if "Version:" in line] == [" 7"]


def test_lshmc_n_default_and_F(healthy):
    ip = healthy.world.hmcs["hmc1"].ip
    r = healthy.run("lshmc -n")
    assert r.out.startswith(f"hostname=hmc1,domain=localdomain,ipaddr={ip},networkmask=255.255.255.0,gateway=")
    assert healthy.run("lshmc -n -F hostname:ipaddr").out == f"hmc1:{ip}\n"  # xCAT


def test_lshmc_n_two_adapters_quote_the_list(healthy):
    from harness.world.network import Interface

    hmc = healthy.world.hmcs["hmc1"]
    hmc.net.interfaces.append(Interface("eth1", "192.168.2.10"))
    out = healthy.run("lshmc -n").out
    assert f',"ipaddr={hmc.ip},192.168.2.10","networkmask=255.255.255.0,255.255.255.0",' in out


def test_lshmc_v_vpd(healthy):
    out = healthy.run("lshmc -v").out
    assert out.startswith('"vpd=*FC ????????\n') and out.endswith('\n"\n')
    assert "*DS Hardware Management Console\n" in out and "*TM 7042-CR9\n" in out and "*RM V9R1\n" in out


def test_lshmc_errors(healthy):
    r = healthy.run("lshmc")
    assert r.rc == 1 and "The missing parameter is -V." in r.out
    assert healthy.run("lshmc -n -F hostname,bogus").out.startswith("An invalid attribute was entered.")
    assert healthy.run("lshmc -Z").rc == 1


def test_uname(healthy, seed):
    assert healthy.run("uname").out == "Linux\n"
    assert healthy.run("uname -s -n").out == "Linux hmc1\n"
    assert healthy.run("uname -sn").out == "Linux hmc1\n"
    a = healthy.run("uname -a").out
    assert a.startswith("Linux hmc1 ") and a.endswith(" x86_64 x86_64 x86_64 GNU/Linux\n")
    assert healthy.run("/bin/uname -m").out == "x86_64\n"
    assert seed.run("uname -r").out != healthy.run("uname -r").out  # V7 vs V9 kernels


def test_uname_bad_option_is_gnu_style(healthy):
    r = healthy.run("uname -q")
    assert (r.rc, r.out) == (1, "")
    assert r.err == "uname: invalid option -- 'q'\nTry 'uname --help' for more information.\n"
    assert healthy.run("uname foo").err.startswith("uname: extra operand 'foo'\n")


def test_full_paths_are_registered(healthy):
    assert healthy.run("/usr/hmcrbin/lssyscfg -r sys -F name").out == "Server-8286-42A-SN2112ABC\n"


def test_registry_lists_commands_with_summaries_and_flags():
    from harness.hmc import build_registry

    reg = build_registry()
    for name in ("lssyscfg", "lshwres", "chhwres", "lspartition", "lshmc", "uname"):
        spec = reg.lookup(name)
        assert spec is not None and spec.summary and spec.flags


def test_help_prints_usage(healthy):
    r = healthy.run("chhwres --help")
    assert r.rc == 0 and r.out.startswith("Usage: chhwres -r mem")
