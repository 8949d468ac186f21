"""Exact answers where tests used to check only a prefix: each test here kills a mutant that survived
`make mutate --paths harness/hmc --sample 30 --seed 1` (issue 18.8), by asserting the whole text."""

from __future__ import annotations

import pytest
from hmc_helpers import HEALTHY_SYS as M

# [I] wording (harness/hmc/messages.py), written out here: the new amount is current +/- the request
OVER_MAX = ("HSCL2959 The requested memory amount of 8192 MB would bring partition lpar1 to 12288 MB, which is "
            "more than its maximum memory of 8192 MB.\n")
UNDER_MIN = ("HSCL2960 The requested memory amount of 3328 MB would bring partition lpar1 to 768 MB, which is "
             "less than its minimum memory of 1024 MB.\n")


@pytest.mark.parametrize("op,mb,text", [("a", 8192, OVER_MAX), ("r", 3328, UNDER_MIN)])
def test_memory_limit_refusals_name_the_amount_it_would_reach(healthy, op, mb, text):
    # lpar1: curr_min_mem 1024, curr_mem 4096, curr_max_mem 8192
    line = f"lshwres -r mem --level lpar -m {M} --filter lpar_names=lpar1 -F curr_min_mem,curr_mem,curr_max_mem"
    assert healthy.run(line).out == "1024,4096,8192\n"
    r = healthy.run(f"chhwres -r mem -m {M} -o {op} -p lpar1 -q {mb}")
    assert (r.out, r.err, r.rc) == (text, "", 1)
    assert healthy.run(line).out == "1024,4096,8192\n"


def test_uname_help_exits_0(healthy):
    r = healthy.run("uname --help")
    assert r.rc == 0 and r.err == ""
    # [V] GNU coreutils' first two lines
    assert r.out.startswith("Usage: uname [OPTION]...\n"
                            "Print certain system information.  With no OPTION, same as -s.\n")


def test_lslparutil_shows_no_processors_for_a_partition_not_activated(mixed):
    r = mixed().run(f"lslparutil -r lpar -m {M} -F lpar_name,curr_procs,curr_proc_units,curr_mem")
    assert (r.out, r.rc) == ("vios1,1,0.5,4096\nded1,2,2.0,4096\noff1,0,0.0,0\nsh1,1,0.5,4096\n", 0)


# ---- survivors of `make mutate MUTATE_ARGS="--paths harness/hmc --sample 8 --seed 7"` (2026-12-04) ----
# [I] wording (harness/hmc/messages.py), written out here
BOTH_POOLS = ("The shared_proc_pool_name and shared_proc_pool_id parameters cannot be specified together.  "
              "Please correct your entry and retry the command.\n")


def test_chhwres_refuses_a_pool_named_both_ways_and_moves_nothing(healthy):
    pool = f"lshwres -r proc --level lpar -m {M} --filter lpar_names=lpar1 -F curr_shared_proc_pool_name"
    assert healthy.run(pool).out == "DefaultPool\n"
    r = healthy.run(f'chhwres -r procpool -m {M} -o s -p lpar1 -a "shared_proc_pool_name=DefaultPool,'
                    'shared_proc_pool_id=0"')
    assert (r.out, r.err, r.rc) == (BOTH_POOLS, "", 1)
    assert healthy.run(pool).out == "DefaultPool\n"


def test_lshmcusr_resourceroles_filter_keeps_only_users_of_that_role(healthy):
    # every user of the healthy HMC has the resource role ALL: [I: the model holds no other]
    assert healthy.run('lshmcusr -F name --filter "resourceroles=ALL:"').out == "hscroot\noperator1\nviewer1\n"
    assert healthy.run('lshmcusr -F name --filter "resourceroles=lab"').out == "No results were found.\n"


def test_a_partition_shut_down_shows_its_os_version_as_unknown(healthy):
    line = f"lssyscfg -r lpar -m {M} --filter lpar_names=lpar2 -F state,os_version"
    assert healthy.run(line).out == "Running,AIX 7.1 7100-05-06-2015\n"
    assert healthy.run(f"chsysstate -r lpar -m {M} -o shutdown --immed -n lpar2").rc == 0
    healthy.world.advance(600)
    # the HMC still remembers what RMC last reported, but a Not Activated partition shows Unknown
    assert healthy.run(line).out == "Not Activated,Unknown\n"
