"""A disk the partition newly sees (as a VIOS mapping adds it, lvm.add_pv) becomes a volume group, holds
an LV and a filesystem, is varied off and on, and is given back: every listing follows. Numbers by hand:
a 10240 MB disk gets 16 MB PPs from mkvg (10240/1016 > 8), i.e. 640 PPs."""

from __future__ import annotations

from aix_helpers import run

from harness.scenario.catalogue import load_scenario
from harness.world import lvm


def _world_with_disk():
    w = load_scenario("healthy")
    lvm.add_pv(w.host("lpar1").partition.os, "hdisk1", "00f6f42a0b1c2d3e", 10240, origin="vios:vios1")
    return w


def test_mkvg_mklv_crfs_varyoff_varyon_reducevg():
    w = _world_with_disk()
    assert run(w, "lpar1", "mkvg -y datavg hdisk1").out == "datavg\n"
    assert run(w, "lpar1", "lspv").out.splitlines()[1] == \
        "hdisk1          00f6f42a0b1c2d3e                    datavg          active"
    vg = run(w, "lpar1", "lsvg datavg").out.splitlines()
    assert vg[1].endswith("PP SIZE:        16 megabyte(s)")
    assert vg[2].endswith("TOTAL PPs:      640 (10240 megabytes)")
    assert run(w, "lpar1", "mklv -y applv -t jfs2 datavg 10").out == "applv\n"
    assert run(w, "lpar1", "lsvg -p datavg").out.splitlines()[2].split()[:4] == ["hdisk1", "active", "640", "630"]
    # a filesystem on the existing LV; the VG gets its JFS2 log (one more PP)
    assert run(w, "lpar1", "crfs -v jfs2 -d applv -m /app -A yes").rc == 0
    assert run(w, "lpar1", "lsvg -p datavg").out.splitlines()[2].split()[3] == "629"
    assert run(w, "lpar1", "lsfs -c /app").out.splitlines()[1] == "/app:/dev/applv:jfs2:::327680:rw:yes:no"
    assert run(w, "lpar1", "mount /app").rc == 0
    r = run(w, "lpar1", "varyoffvg datavg")
    assert r.rc == 1 and r.err.startswith("0516-012 lvaryoffvg: Logical volume must be closed.")
    assert run(w, "lpar1", "umount /app").rc == 0
    assert run(w, "lpar1", "varyoffvg datavg").rc == 0
    assert run(w, "lpar1", "lsvg -o").out == "rootvg\n" and run(w, "lpar1", "lsvg").out == "rootvg\ndatavg\n"
    assert run(w, "lpar1", "lspv").out.splitlines()[1] == "hdisk1          00f6f42a0b1c2d3e                    datavg"
    assert run(w, "lpar1", "lsvg -l datavg").err == \
        "0516-010 : Volume group must be varied on; use varyonvg command.\n"
    assert run(w, "lpar1", "mount /app").rc == 1
    assert run(w, "lpar1", "varyonvg datavg").rc == 0 and run(w, "lpar1", "mount /app").rc == 0
    # give the disk back: the filesystem and LVs first
    assert run(w, "lpar1", "umount /app").rc == 0
    assert run(w, "lpar1", "reducevg datavg hdisk1").err.startswith("0516-016 ldeletepv: Cannot delete")
    assert run(w, "lpar1", "rmlv -f applv loglv00").out == \
        "rmlv: Logical volume applv is removed.\nrmlv: Logical volume loglv00 is removed.\n"
    assert "/app" not in run(w, "lpar1", "lsfs").out
    r = run(w, "lpar1", "reducevg datavg hdisk1")
    assert r.out == "ldeletepv: Volume Group deleted since it contains no physical volumes.\n"
    assert run(w, "lpar1", "lsvg").out == "rootvg\n"
    assert run(w, "lpar1", "lspv").out.splitlines()[1] == "hdisk1          00f6f42a0b1c2d3e                    None"
    assert lvm.remove_pv(w.host("lpar1").partition.os, "hdisk1")
    assert run(w, "lpar1", "lspv").out.count("\n") == 1
    assert w.check_invariants() == []


def test_mkvg_refuses_a_disk_of_another_vg_and_an_unknown_disk():
    w = _world_with_disk()
    r = run(w, "lpar1", "mkvg -y vg2 hdisk0")
    assert r.rc == 1 and r.err.startswith("0516-1398 mkvg: The physical volume hdisk0, appears to belong to")
    assert r.err.endswith("0516-862 mkvg: Unable to create volume group.\n")
    assert run(w, "lpar1", "mkvg -y vg2 hdisk9").err.startswith("0516-1396 mkvg: The physical volume hdisk9,")
    assert run(w, "lpar1", "lsvg").out == "rootvg\n"
    r = run(w, "lpar1", "mklv -y big rootvg 161")  # rootvg has 160 free PPs
    assert r.rc == 1 and r.err.endswith("0516-822 mklv: Unable to create logical volume.\n")
    assert run(w, "lpar1", "varyoffvg rootvg").rc == 1
