"""The HMC's text checked against the reference's text, written out here (issue 18.4).

Other tests compare the product with its own tables (HMC_LEVELS, LPAR_V7/V8, PROC_SYS), so a wrong
table passes them. Here each expectation is the sample quoted in /work/shared/reference/hmc-cli.md,
copied by hand: a table that drifts from the reference fails.
"""

from __future__ import annotations

import pytest
from hmc_helpers import Hmc

from harness.scenario.catalogue import load_scenario

SYSTEM = "Server-9117-570-SN65YDR6E"
# A POWER5 system (the processor of both lssyscfg samples below) with one running AIX partition.
TOML = """
[scenario]
name = "reference-texts"
seed = 7

[[hmc]]
name = "hmc1"
level = "{level}"

[[system]]
name = "{system}"
type_model = "9117-570"
serial = "65YDR6E"
processor = "POWER5"
memory_mb = 32768
proc_units = 2.0

  [[system.partition]]
  name = "lp1"
  id = 1
  aix_level = "6.1"
"""


def hmc_at(tmp_path, level: str) -> Hmc:
    path = tmp_path / f"ref-{level}.toml"
    path.write_text(TOML.format(level=level, system=SYSTEM))
    return Hmc(load_scenario(str(path)))


# §9 lshmc -V [V]: hmc-samples/v7_lshmc_V.txt quoted in full; V9 from the MH01876 readme's fields.
LSHMC_V = {
    "V7": ('"version= Version: 7\n Release: 7.9.0\n Service Pack: 3\nHMC Build level 20151216.1\n",'
           '"base_version=V7R7.9.0\n"\n'),
    "V9": ('"version= Version: 9\n Release: 1\n Service Pack: 942\nHMC Build level 2011270432\n'
           'MH01876 - HMC V9R1 M942\n","base_version=V9R1\n"\n'),
}


@pytest.mark.parametrize("level", sorted(LSHMC_V))
def test_lshmc_V_is_the_reference_sample(tmp_path, level):
    r = hmc_at(tmp_path, level).run("lshmc -V")
    assert (r.out, r.err, r.rc) == (LSHMC_V[level], "", 0)


def test_lshmc_V_v8_has_the_reference_release_and_fix_line(tmp_path):
    # the reference quotes V8's release and its fix line, not the whole sample
    out = hmc_at(tmp_path, "V8").run("lshmc -V").out
    assert out.startswith('"version= Version: 8\n Release: 8.2.0\n Service Pack: ')
    assert "\nMH01454: Required fix for HMC V8R8.2.0 (11-05-2014)\n" in out
    assert out.endswith('","base_version=V8R8.2.0\n"\n')


def test_lshmc_V_v10_keeps_the_shape_the_reference_assumes(tmp_path):
    # [I] the reference found no V10 sample and assumes the V9 shape with `Version: 10`
    out = hmc_at(tmp_path, "V10").run("lshmc -V").out
    lines = out.split("\n")
    assert lines[0] == '"version= Version: 10' and lines[1].startswith(" Release: ")
    assert lines[2].startswith(" Service Pack: ") and lines[3].startswith("HMC Build level ")
    assert out.endswith('","base_version=V10R' + lines[1].split(": ")[1] + '\n"\n')


# §3.2 [V] the V7R7.9 POWER5 default line (hmc-samples/v7_lssyscfg_r_lpar_default.txt), 20 names
LPAR_V7_POWER5 = ("name,lpar_id,lpar_env,state,resource_config,os_version,logical_serial_num,default_profile,"
                  "curr_profile,work_group_id,shared_proc_pool_util_auth,allow_perf_collection,power_ctrl_lpar_ids,"
                  "boot_mode,lpar_keylock,auto_start,redundant_err_path_reporting,rmc_state,rmc_ipaddr,"
                  "sync_curr_profile")
# §3.2 [V] the `-F --header` of a later HMC on a POWER5 9117-570 (bond-huang), 26 names
LPAR_V8_POWER5 = ("name,lpar_id,lpar_env,state,resource_config,os_version,logical_serial_num,default_profile,"
                  "curr_profile,work_group_id,shared_proc_pool_util_auth,allow_perf_collection,power_ctrl_lpar_ids,"
                  "boot_mode,ipl_source,lpar_keylock,auto_start,redundant_err_path_reporting,rmc_state,rmc_ipaddr,"
                  "rmc_osshutdown_capable,dlpar_mem_capable,dlpar_proc_capable,dlpar_io_capable,sync_curr_profile,"
                  "uuid")


def test_v7_default_lpar_line_names_the_reference_attributes(tmp_path):
    r = hmc_at(tmp_path, "V7").run(f"lssyscfg -r lpar -m {SYSTEM}")
    assert r.rc == 0 and r.out.count("\n") == 1
    assert ",".join(p.split("=")[0] for p in r.out.strip().split(",")) == LPAR_V7_POWER5
    assert r.out.startswith("name=lp1,lpar_id=1,lpar_env=aixlinux,state=Running,")


def test_v8_header_of_F_alone_is_the_reference_header(tmp_path):
    r = hmc_at(tmp_path, "V8").run(f"lssyscfg -r lpar -m {SYSTEM} -F --header")
    header, values = r.out.splitlines()
    assert header == LPAR_V8_POWER5
    assert len(values.split(",")) == 26 and values.startswith("lp1,1,aixlinux,Running,")


# §4 [V] lshwres -r proc --level sys: the sample's first nine names and its last (the middle is elided)
PROC_SYS_HEAD = ("configurable_sys_proc_units", "curr_avail_sys_proc_units", "pend_avail_sys_proc_units",
                 "installed_sys_proc_units", "deconfig_sys_proc_units", "min_proc_units_per_virtual_proc",
                 "max_virtual_procs_per_lpar", "max_procs_per_lpar", "max_curr_virtual_procs_per_aixlinux_lpar")
PROC_SYS_LAST = "max_shared_proc_pools"


def test_proc_sys_line_follows_the_reference_sample(tmp_path):
    r = hmc_at(tmp_path, "V9").run(f"lshwres -r proc --level sys -m {SYSTEM}")
    assert r.rc == 0 and r.out.count("\n") == 1
    pairs = [p.split("=") for p in r.out.strip().split(",")]
    names = [name for name, _ in pairs]
    assert tuple(names[:len(PROC_SYS_HEAD)]) == PROC_SYS_HEAD and names[-1] == PROC_SYS_LAST
    values = dict(pairs)
    assert values["configurable_sys_proc_units"] == "2.0" and values["installed_sys_proc_units"] == "2.0"
    assert values["deconfig_sys_proc_units"] == "0"


# §3.2 [V 2nd-hand]: POWER7/POWER8-era default lines add these, in this order, to the later header's names
LPAR_POWER7_ADDITIONS = ("time_ref", "lpar_avail_priority", "desired_lpar_proc_compat_mode",
                         "curr_lpar_proc_compat_mode", "suspend_capable", "remote_restart_capable",
                         "simplified_remote_restart_capable", "remote_restart_status", "affinity_group_id",
                         "vtpm_enabled")


def _in_order(names: list[str], wanted: tuple[str, ...] | list[str]) -> bool:
    positions = [names.index(w) for w in wanted if w in names]
    return len(positions) == len(wanted) and positions == sorted(positions)


def test_v9_power8_lpar_line_holds_the_reference_names_in_the_reference_order():
    """A V9 HMC with a POWER8 system (the healthy estate): every name of the later header and every
    POWER7/POWER8 addition, each list in the reference's own order (the exact interleaving of the two
    lists is not in the reference, so it is not asserted) [V 2nd-hand, written out above]."""
    from harness.runtime.backend import HostBackend
    from harness.scenario.catalogue import load_scenario

    world = load_scenario("healthy", None)
    sh = HostBackend(lambda: world, "hmc1", lambda: None).new_shell("hscroot", interactive=False, pty=False)
    r = sh.run("lssyscfg -r lpar -m Server-8286-42A-SN2112ABC --filter lpar_names=lpar1")
    assert r.exit_code == 0 and r.stdout.count("\n") == 1
    names = [p.split("=")[0] for p in r.stdout.strip().split(",")]
    assert _in_order(names, LPAR_V8_POWER5.split(","))
    assert _in_order(names, LPAR_POWER7_ADDITIONS)
    assert len(names) == len(set(names)) == len(LPAR_V8_POWER5.split(",")) + len(LPAR_POWER7_ADDITIONS)
