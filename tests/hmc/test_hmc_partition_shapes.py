"""Value shapes parsers key on: uncap_weight of capped partitions, lspartition -i/-ix active flags and
OS fields, the VIOS's OS field in -dlpar, VIOS levels only on hardware they run on."""

from __future__ import annotations

import re

import pytest
from hmc_helpers import HEALTHY_SYS, SEED_SYS, Hmc

from harness.scenario.builder import ScenarioError
from harness.scenario.catalogue import load_scenario

CAPPED = """
[scenario]
name = "capped"
seed = 4

[[hmc]]
name = "hmc1"
level = "V9"

[[system]]
name = "Server-8286-42A-SN2112ABC"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "cap1"
  id = 1
  processors = {{ mode = "shared", sharing_mode = "cap", uncap_weight = 128, units = 0.5 }}

  [[system.partition]]
  name = "vios1"
  id = 2
  aix_level = "{vios}"
"""


@pytest.fixture
def capped(tmp_path):
    def make(vios="vios-3.1", processor=None) -> Hmc:
        text = CAPPED.format(vios=vios)
        if processor:
            text = text.replace('serial = "2112ABC"\n', f'serial = "2112ABC"\nprocessor = "{processor}"\n')
        path = tmp_path / "capped.toml"
        path.write_text(text)
        return Hmc(load_scenario(str(path)))
    return make


def test_capped_partition_shows_uncap_weight_0(capped):
    hmc = capped()
    # [V] ziutus nim1 profile: sharing_mode=cap,uncap_weight=0
    r = hmc.run(f"lssyscfg -r prof -m {HEALTHY_SYS} --filter lpar_names=cap1 -F sharing_mode,uncap_weight")
    assert r.out == "cap,0\n"
    r = hmc.run(f"lshwres -r proc -m {HEALTHY_SYS} --level lpar --filter lpar_names=cap1 "
                "-F curr_sharing_mode,curr_uncap_weight,pend_uncap_weight")
    assert r.out == "cap,0,0\n"


def test_capping_a_profile_zeroes_its_weight(healthy):
    r = healthy.run(f'chsyscfg -r prof -m {HEALTHY_SYS} -i "name=default_profile,lpar_name=lpar1,sharing_mode=cap"')
    assert (r.rc, r.out) == (0, "")
    r = healthy.run(f"lssyscfg -r prof -m {HEALTHY_SYS} --filter lpar_names=lpar1 -F sharing_mode,uncap_weight")
    assert r.out == "cap,0\n"


def test_inventory_active_flags_and_os_version(hmc_for):
    hmc = hmc_for("network-down")  # lpar2 has lost its RMC session
    ips = [hmc.part(n).os.net.primary().ip for n in ("lpar1", "lpar2")]
    # [V bond-huang] `12,9.200.104.174,0;...;1,9.200.104.108,3`: 3 with a DLPAR-capable session, 0 without
    assert hmc.run("lspartition -i").out == f"1,{ips[0]},3;2,{ips[1]},0\n"
    ix = hmc.run("lspartition -ix").out.strip().split(";")
    # [V] the OS fields stay while inactive: `12,9.200.104.174,0,,AIX,7.1`
    assert ix[1].split(",")[2:] == ["0", "lpar2", "AIX", "7.2"]
    assert [rec.split(",")[-1] for rec in ix] == ["7.2", "7.2"]


def test_inventory_of_one_system_with_c(healthy):
    everything = healthy.run("lspartition -ix").out
    assert healthy.run("lspartition -c 8286-42A_2112ABC -ix").out == everything
    assert healthy.run("lspartition -c 9179-MHD_65B5E1C -ix").out == "\n"


def test_vios_22_shows_its_aix_level_in_dlpar(seed):
    out = seed.run("lspartition -dlpar").out
    vios = seed.part("vios1")
    block = re.search(rf"<#\d+> LPAR:<{vios.id}\*9117-MMB\*10284FP[^\n]*\n([^\n]*)\n", out)
    assert block is not None, out
    # [V] a VIOS 2.2's LparCmdRM entry: OS:<AIX, 6.1, 6100-09-07-1614>
    assert "Active:<1>, OS:<AIX, 6.1, 6100-09-07-1614>, DCaps:<0x" in block.group(1)
    r = seed.run(f"lssyscfg -r lpar -m {SEED_SYS} -F os_version --filter lpar_names=vios1")
    assert r.out == "VIOS 2.2.6.10\n"  # [V shape] os_version `VIOS 3.1.0.11`: the ioslevel


def test_vios_31_shows_aix_72_in_dlpar(capped):
    out = capped().run("lspartition -dlpar").out
    assert re.search(r"<#\d+> Partition:<2\*8286-42A\*2112ABC[^\n]*\n {7}Active:<1>, OS:<AIX, 7\.2, 7200-05-06-2320>,"
                     r" DCaps:<0x14f9f>", out), out


@pytest.mark.parametrize("vios,processor,ok", [("vios-3.1", "POWER7", False), ("vios-3.1", "POWER9", True),
                                               ("vios-2.2", "POWER7", True), ("vios-2.2", "POWER10", False)])
def test_a_vios_level_only_on_hardware_it_runs_on(capped, vios, processor, ok):
    if ok:
        assert capped(vios, processor).part("vios1").os.level_key == vios
    else:
        with pytest.raises(ScenarioError, match=f"{vios} does not run on {processor}"):
            capped(vios, processor)



def test_vios_os_version_is_the_ioslevel_and_capture_reads_it_back(capped):
    r = capped().run(f"lssyscfg -r lpar -m {HEALTHY_SYS} -F os_version --filter lpar_names=vios1")
    assert r.out == "VIOS 3.1.2.10\n"
    from harness.capture.parse import os_level

    assert os_level("VIOS 3.1.0.11") == ("vios-3.1", None)  # [V] the form a collector quotes
    assert os_level("VIOS 2.2.6.10") == ("vios-2.2", None)
