"""A DLPAR memory, processor and I/O slot change works end to end through real SSH and shows the same
on the HMC (lshwres) and inside the partition (lparstat -i, prtconf, lsslot)."""

from __future__ import annotations

from tests.sshclients import asyncssh_run

SYS = "Server-8286-42A-SN2112ABC"


def run(host, command: str) -> str:
    out, err, rc = asyncssh_run(host, command)
    assert rc == 0, (command, out, err)
    return out


def lparstat(lpar, label: str) -> str:
    line = next(x for x in run(lpar, "lparstat -i").splitlines() if x.startswith(label + " "))
    return line.split(":", 1)[1].strip()


def test_memory_processor_and_slot_dlpar_show_on_both_sides(estate_factory):
    est = estate_factory("healthy")
    hmc, lpar = est.host("hmc1"), est.host("lpar1")
    lpar_f = f"-m {SYS} --level lpar --filter lpar_names=lpar1"

    # memory
    assert run(hmc, f"chhwres -r mem -m {SYS} -o a -p lpar1 -q 1024") == ""
    mem = run(hmc, f"lshwres -r mem {lpar_f} -F curr_mem").strip()
    assert lparstat(lpar, "Online Memory") == f"{mem} MB"
    assert run(lpar, "prtconf -m") == f"Memory Size: {mem} MB\n"

    # processors: one more virtual processor and half a processing unit
    assert run(hmc, f"chhwres -r proc -m {SYS} -o a -p lpar1 --procs 1 --procunits 0.5") == ""
    procs, units = run(hmc, f"lshwres -r proc {lpar_f} -F curr_procs,curr_proc_units").strip().split(",")
    assert lparstat(lpar, "Online Virtual CPUs") == procs
    assert float(lparstat(lpar, "Entitled Capacity")) == float(units)

    # an I/O slot: assign a free physical slot, see it in lsslot, give it back
    drc_index, drc_name = run(hmc, f"lshwres -r io --rsubtype slot -m {SYS} -F drc_index,drc_name | "
                                   "grep C3").strip().split(",")
    assert run(hmc, f"chhwres -r io -m {SYS} -o a -p lpar1 -l {drc_index}") == ""
    assert run(hmc, f"lshwres -r io --rsubtype slot -m {SYS} -F drc_index,lpar_name | grep {drc_index}") \
        == f"{drc_index},lpar1\n"
    assert drc_name in run(lpar, "lsslot -c slot")
    assert run(hmc, f"chhwres -r io -m {SYS} -o r -p lpar1 -l {drc_index}") == ""
    assert drc_name not in run(lpar, "lsslot -c slot")
    assert est.call(est.world.check_invariants) == []
