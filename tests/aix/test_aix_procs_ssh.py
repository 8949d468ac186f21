"""End to end over real SSH (asyncssh client against the served estate): the LVM model behind chfs,
a DLPAR change seen by svmon/vmstat/bindprocessor inside the partition, and a killed daemon seen by
lssrc and ps. Expected numbers are worked out by hand from the healthy scenario (see test_aix_lvm.py
and test_aix_procs.py)."""

from __future__ import annotations

from tests.sshclients import asyncssh_run

SYS = "Server-8286-42A-SN2112ABC"
ALLOCP = ("0516-404 allocp: This system cannot fulfill the allocation request.\n"
          "\tThere are not enough free partitions or not enough physical volumes \n"
          "\tto keep strictness and satisfy allocation requests.  The command\n"
          "\tshould be retried with different allocation characteristics.\n")


def ok(host, command: str) -> str:
    out, err, rc = asyncssh_run(host, command)
    assert rc == 0, (command, out, err)
    return out


def test_chfs_lsvg_lslv_df_agree_and_a_full_rootvg_refuses_over_ssh(estate_factory):
    est = estate_factory("healthy")
    lpar = est.host("lpar1")
    assert ok(lpar, "chfs -a size=+1G /var") == "Filesystem size changed to 3145728\n"
    assert ok(lpar, "lsvg rootvg | grep 'FREE PPs'").endswith("FREE PPs:       144 (9216 megabytes)\n")
    assert ok(lpar, "lslv hd9var | grep '^LPs:'") == "LPs:                24                     PPs:            24\n"
    assert ok(lpar, "df -g /var | tail -1").split()[:2] == ["/dev/hd9var", "1.50"]
    assert ok(lpar, "extendlv lg_dumplv 144") == ""
    out, err, rc = asyncssh_run(lpar, "chfs -a size=+64M /var")
    assert (out, err, rc) == ("", ALLOCP + "0516-788 extendlv: Unable to extend logical volume.\n", 1)
    assert ok(lpar, "lsvg -p rootvg | tail -1").split()[:4] == ["hdisk0", "active", "281", "0"]


def test_dlpar_seen_by_svmon_vmstat_lsdev_and_bindprocessor_over_ssh(estate_factory):
    est = estate_factory("healthy")
    hmc, lpar = est.host("hmc1"), est.host("lpar1")
    assert ok(lpar, "svmon -G | grep '^memory'").split()[:2] == ["memory", "1048576"]
    assert ok(hmc, f"chhwres -r mem -m {SYS} -o a -p lpar1 -q 1024") == ""
    assert ok(lpar, "svmon -G | grep '^memory'").split()[:2] == ["memory", "1310720"]
    assert "mem=5120MB" in ok(lpar, "vmstat 1 1")
    assert ok(hmc, f"chhwres -r proc -m {SYS} -o a -p lpar1 --procs 1 --procunits 0.5") == ""
    assert ok(lpar, "lsdev -Cc processor") == "proc0 Available 00-00 Processor\nproc4 Available 00-04 Processor\n"
    assert ok(lpar, "bindprocessor -q") == "The available processors are:  0 1 2 3 4 5 6 7\n"
    assert ok(lpar, "pmcycles -m | wc -l").strip() == "8"


def test_kill_a_daemon_then_lssrc_and_ps_over_ssh(estate_factory):
    est = estate_factory("healthy")
    lpar = est.host("lpar1")
    row = ok(lpar, "lssrc -s IBM.DRM").splitlines()[1].split()
    pid = row[2]
    assert pid in ok(lpar, "ps -ef | grep IBM.DRMd")
    assert ok(lpar, f"kill -9 {pid}") == ""
    assert ok(lpar, "lssrc -s IBM.DRM").splitlines()[1].split() == ["IBM.DRM", "rsct_rm", "inoperative"]
    assert "IBM.DRMd" not in ok(lpar, "ps -ef")
    out, err, rc = asyncssh_run(lpar, f"kill {pid}")
    assert (rc, err) == (1, f"kill: {pid}: 0403-003 The specified process does not exist.\n")
