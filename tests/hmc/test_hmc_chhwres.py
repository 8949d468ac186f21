"""chhwres -r mem | proc: DLPAR through the world, with conservation and all-or-nothing failures."""

from __future__ import annotations

import itertools

import pytest
from hmc_helpers import HEALTHY_SYS

M = f"-m {HEALTHY_SYS}"


def curr_mem(hmc, name: str) -> int:
    return int(hmc.run(f"lshwres -r mem --level lpar {M} --filter lpar_names={name} -F curr_mem").out)


def avail_mem(hmc) -> int:
    return int(hmc.run(f"lshwres -r mem --level sys {M} -F curr_avail_sys_mem").out)


def proc_field(hmc, name: str, field: str) -> str:
    return hmc.run(f'lshwres -m {HEALTHY_SYS} --level lpar -r proc --filter lpar_names="{name}" -F {field}').out.strip()


def snapshot(hmc) -> dict:
    s = hmc.system()
    return {"avail": (s.avail_mem(), s.avail_proc_units()),
            "parts": {p.name: (p.mem.cur, p.proc.procs, p.proc.units, p.os.online_mem_mb, p.os.online_procs,
                               p.os.entitled_units) for p in s.partitions.values()}}


# ---- memory ------------------------------------------------------------------------------------
@pytest.mark.parametrize("op,delta", [("a", 256), ("r", -1024)])
def test_mem_add_remove_changes_hypervisor_os_and_pool(healthy, op, delta):
    before_cur, before_avail = curr_mem(healthy, "lpar1"), avail_mem(healthy)
    changes = []
    healthy.world.on_change.append(lambda: changes.append(1))
    r = healthy.run(f"chhwres -r mem {M} -o {op} -p lpar1 -q {abs(delta)} -w 0")
    assert (r.rc, r.out, r.err) == (0, "", "")
    assert curr_mem(healthy, "lpar1") == before_cur + delta
    assert healthy.part("lpar1").os.online_mem_mb == before_cur + delta
    assert avail_mem(healthy) == before_avail - delta
    assert healthy.world.check_invariants() == []
    assert changes, "a successful change must call world.changed()"


def test_mem_set_and_move(healthy):
    assert healthy.run(f"chhwres -r mem {M} -o s -p lpar1 -q 2048").rc == 0
    assert curr_mem(healthy, "lpar1") == 2048
    assert healthy.run(f"chhwres -r mem {M} -o m -p lpar2 -t lpar1 -q 1024").rc == 0
    assert (curr_mem(healthy, "lpar1"), curr_mem(healthy, "lpar2")) == (3072, 3072)
    assert healthy.run(f"chhwres -r mem {M} -o m --id 1 --tid 2 -q 512").rc == 0
    assert (curr_mem(healthy, "lpar1"), curr_mem(healthy, "lpar2")) == (2560, 3584)
    assert healthy.world.check_invariants() == []


def test_no_rmc_is_hscl2957_and_changes_nothing(hmc_for):
    hmc = hmc_for("network-down")
    before = snapshot(hmc)
    r = hmc.run(f"chhwres -r mem {M} -o a -p lpar2 -q 256")
    assert r.rc == 1
    assert r.out == ("HSCL2957 There is currently no RMC connection between the management console and "
                     "partition 2, or the partition does not support dynamic partitioning operations.\n")
    assert hmc.run(f"chhwres -r proc {M} -o a --id 2 --procs 1").out.startswith("HSCL2957 ")
    assert snapshot(hmc) == before


def test_seed_lpar30_refuses_dlpar_until_repaired(seed):
    from hmc_helpers import SEED_SYS, repair_seed

    line = f"chhwres -r mem -m {SEED_SYS} -o a -p lpar30 -q 256"
    assert seed.run(line).out.startswith("HSCL2957 ")
    repair_seed(seed.world)
    assert seed.run(line).rc == 0


@pytest.mark.parametrize("cmd,start", [
    ("-o a -p lpar1 -q 8192", "HSCL2959 "),  # above max (4096 + 8192 > 8192)
    ("-o r -p lpar1 -q 3328", "HSCL2960 "),  # below min (4096 - 3328 < 1024)
    ("-o a -p lpar1 -q 100", "HSCL2962 "),  # not a multiple of the 256 MB region
    ("-o a --id 7 -q 256", "HSCL8013 "),
    ("-o a -p nosuch -q 256", "HSCL8012 The partition named nosuch was not found."),
])
def test_mem_refusals_change_nothing(healthy, cmd, start):
    before = snapshot(healthy)
    r = healthy.run(f"chhwres -r mem {M} {cmd}")
    assert r.rc == 1 and r.out.startswith(start) and r.out.endswith("\n")
    assert snapshot(healthy) == before


def test_not_enough_free_memory(healthy):
    system = healthy.system()
    system.installed_mem -= system.avail_mem() - 256  # leave 256 MB free
    assert healthy.world.check_invariants() == []
    before = snapshot(healthy)
    r = healthy.run(f"chhwres -r mem {M} -o a -p lpar1 -q 512")
    assert r.rc == 1 and r.out.startswith("HSCL2961 ")
    assert snapshot(healthy) == before
    assert healthy.run(f"chhwres -r mem {M} -o a -p lpar1 -q 256").rc == 0
    assert avail_mem(healthy) == 0


def test_os_refusal_is_hscl2932_with_os_output(healthy):
    # lpar1: 4096 MB online, 994 MB pinned -> the OS can give back 2846 MB; 3072 is within min
    before = snapshot(healthy)
    r = healthy.run(f"chhwres -r mem {M} -o r -p lpar1 -q 3072")
    assert r.rc == 1
    lines = r.out.split("\n")
    assert lines[:4] == ["HSCL2932 The dynamic removal of memory resources failed:",
                         "  The operating system prevented all of the requested memory from being removed.",
                         "  Amount of memory removed: 0 MB of 3072 MB.",
                         "  The detailed output of the OS operation follows:"]
    assert r.out.endswith("\n\nThe OS return code is 1.\n")
    assert snapshot(healthy) == before


# ---- processors --------------------------------------------------------------------------------
def test_shared_procs_and_units_compare_as_strings(healthy):
    # avocado compares curr_proc_units with str(float before + quantity) [V-client]
    before = float(proc_field(healthy, "lpar1", "curr_proc_units"))
    assert healthy.run(f"chhwres -r proc {M} -o a -p lpar1 --procs 1").rc == 0
    assert proc_field(healthy, "lpar1", "curr_procs") == "2"
    r = healthy.run(f"chhwres -r proc {M} -o a -p lpar1 --procunits 1.0")
    assert (r.rc, r.out) == (0, "")
    assert proc_field(healthy, "lpar1", "curr_proc_units") == str(before + 1.0) == "1.5"
    assert healthy.part("lpar1").os.entitled_units == 1.5
    assert healthy.run(f"chhwres -r proc {M} -o r -p lpar1 --procunits 0.5").rc == 0
    assert proc_field(healthy, "lpar1", "curr_proc_units") == "1.0"
    # 16 units less lpar1 (1.0), lpar2 (0.5), lpar3 (0.5) and vios1 (0.5)
    assert healthy.run(f"lshwres -r proc --level sys {M} -F curr_avail_sys_proc_units").out == "13.5\n"
    assert healthy.world.check_invariants() == []


def test_shared_proc_refusals(healthy):
    before = snapshot(healthy)
    for cmd, start in [("-o a -p lpar1 --procunits 1.0", "HSCL2968 "),  # 1.5 units on 1 virtual proc
                       ("-o a -p lpar1 --procs 5", "HSCL2966 "),
                       ("-o r -p lpar1 --procunits 0.45", "HSCL2967 ")]:
        r = healthy.run(f"chhwres -r proc {M} {cmd}")
        assert r.rc == 1 and r.out.startswith(start), (cmd, r.out)
    assert snapshot(healthy) == before


def test_dedicated_procs(mixed):
    hmc = mixed()
    avail = hmc.system().avail_proc_units()
    assert hmc.run(f"chhwres -r proc {M} -o a -p ded1 --procs 2").rc == 0
    assert proc_field(hmc, "ded1", "curr_procs") == "4"
    assert hmc.system().avail_proc_units() == avail - 2
    assert hmc.run(f"chhwres -r proc {M} -o r -p ded1 --procs 3").rc == 0
    assert proc_field(hmc, "ded1", "curr_procs") == "1"
    r = hmc.run(f"chhwres -r proc {M} -o a -p ded1 --procunits 0.5")
    assert r.rc == 1 and r.out.startswith("HSCL2970 ")
    assert hmc.world.check_invariants() == []


def test_not_activated_partition_is_refused(mixed):
    r = mixed().run(f"chhwres -r mem {M} -o a -p off1 -q 256")
    assert r.rc == 1 and r.out.startswith("HSCL2964 ") and "Not Activated" in r.out


def test_proc_move_is_all_or_nothing(healthy):
    assert healthy.run(f"chhwres -r proc {M} -o a -p lpar1 --procs 1").rc == 0
    assert healthy.run(f"chhwres -r proc {M} -o m -p lpar1 -t lpar2 --procs 1").rc == 0
    assert (proc_field(healthy, "lpar1", "curr_procs"), proc_field(healthy, "lpar2", "curr_procs")) == ("1", "2")
    # lpar1 back at 1 proc: moving 1 more would leave it below its minimum
    before = snapshot(healthy)
    assert healthy.run(f"chhwres -r proc {M} -o m -p lpar1 -t lpar2 --procs 1").rc == 1
    assert snapshot(healthy) == before
    # the target refuses: lpar2 at its maximum of 2 virtual processors; the source gets it back
    assert healthy.run(f"chhwres -r proc {M} -o a -p lpar3 --procs 1").rc == 0
    before = snapshot(healthy)
    assert healthy.run(f"chhwres -r proc {M} -o m -p lpar3 -t lpar2 --procs 1").rc == 1
    assert snapshot(healthy) == before


# ---- options -----------------------------------------------------------------------------------
def test_option_order_is_free(hmc_for):
    words = ["-r mem", f"-m {HEALTHY_SYS}", "-o a", "-p lpar1", "-q 256", "-w 1"]
    results = set()
    for perm in itertools.islice(itertools.permutations(words), 0, 720, 97):
        hmc = hmc_for("healthy")
        r = hmc.run("chhwres " + " ".join(perm))
        assert (r.rc, r.out) == (0, ""), perm
        results.add(curr_mem(hmc, "lpar1"))
    assert results == {4352}


@pytest.mark.parametrize("line,needle", [
    ("chhwres -r mem -o a -p lpar1 -q 256", "The missing parameter is -m."),
    (f"chhwres -r mem {M} -p lpar1 -q 256", "The missing parameter is -o."),
    (f"chhwres -r mem {M} -o a -q 256", "The missing parameter is -p."),
    (f"chhwres -r mem {M} -o a -p lpar1", "The missing parameter is -q."),
    (f"chhwres -r mem {M} -o a -p lpar1 -q lots", "The invalid value is lots for the -q parameter."),
    (f"chhwres -r mem {M} -o x -p lpar1 -q 256", "The invalid value is x for the -o parameter."),
    (f"chhwres -r mem {M} -o a -p lpar1 --id 1 -q 256", "cannot be specified together"),
    (f"chhwres -r mem {M} -o a -p lpar1 -q 256 --frobnicate", "The invalid parameter is --frobnicate."),
    (f"chhwres -r mem {M} -o a -p lpar1 -q", "A value is required for the -q parameter."),
    (f"chhwres -r proc {M} -o a -p lpar1", "The missing parameter is --procs."),
    (f"chhwres -r proc {M} -o a -p lpar1 --procunits 1.x", "The invalid value is 1.x"),
    (f"chhwres -r proc {M} -o m -p lpar1 --procs 1", "The missing parameter is -t."),
])
def test_usage_errors(healthy, line, needle):
    before = snapshot(healthy)
    r = healthy.run(line)
    assert r.rc == 1 and needle in r.out and r.err == ""
    assert snapshot(healthy) == before


def test_procs_and_units_together_and_zero_amounts(healthy):
    r = healthy.run(f"chhwres -r proc {M} -o a -p lpar1 --procs 1 --procunits 1.0")
    assert (r.rc, r.out) == (0, "")
    assert (proc_field(healthy, "lpar1", "curr_procs"), proc_field(healthy, "lpar1", "curr_proc_units")) == \
        ("2", "1.5")
    before = snapshot(healthy)
    for amount in ("--procs 0", "--procunits 0.0"):
        r = healthy.run(f"chhwres -r proc {M} -o a -p lpar1 {amount}")
        assert r.rc == 1 and r.out.startswith("HSCL2963 ")
    assert healthy.run(f"chhwres -r mem {M} -o a -p lpar1 -q 0").out.startswith("HSCL2963 ")
    assert snapshot(healthy) == before
