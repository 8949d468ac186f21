"""AIX storage as one model: chfs, crfs, extendlv and mount change what lsvg, lslv, lspv, lsfs, mount and
df show. Expectations are worked out by hand from the healthy scenario: rootvg has 64 MB PPs, /var is
512 MB (8 PPs), 160 PPs (10240 MB) are free and 121 are used."""

from __future__ import annotations

from aix_helpers import run

from harness.scenario.catalogue import load_scenario
from harness.world import lvm
from harness.world.aix import AixOS

ALLOCP = ("0516-404 allocp: This system cannot fulfill the allocation request.\n"
          "\tThere are not enough free partitions or not enough physical volumes \n"
          "\tto keep strictness and satisfy allocation requests.  The command\n"
          "\tshould be retried with different allocation characteristics.\n")


def _line(out: str, start: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(start))


def _healthy():
    return load_scenario("healthy")


def test_rootvg_as_installed():
    w = _healthy()
    vg = run(w, "lpar1", "lsvg rootvg").out
    assert _line(vg, "VG STATE:") == "VG STATE:           active                   PP SIZE:        64 megabyte(s)"
    assert _line(vg, "VG PERMISSION:").endswith("TOTAL PPs:      281 (17984 megabytes)")
    assert _line(vg, "MAX LVs:").endswith("FREE PPs:       160 (10240 megabytes)")
    assert _line(vg, "LVs:") == "LVs:                12                       USED PPs:       121 (7744 megabytes)"
    # hd5 (boot) is the one closed LV
    assert _line(vg, "OPEN LVs:") == "OPEN LVs:           11                       QUORUM:         2 (Enabled)"
    names = [line.split()[0] for line in run(w, "lpar1", "lsvg -l rootvg").out.splitlines()[2:]]
    assert names == ["hd5", "hd6", "hd8", "hd4", "hd2", "hd9var", "hd3", "hd1", "hd10opt", "hd11admin",
                     "lg_dumplv", "livedump"]
    assert run(w, "lpar1", "lsvg").out == "rootvg\n"
    assert run(w, "lpar1", "lsvg -o").out == "rootvg\n"
    pv = run(w, "lpar1", "lspv").out.split()
    assert pv[0] == "hdisk0" and len(pv[1]) == 16 and pv[2:] == ["rootvg", "active"]


def test_chfs_takes_pps_from_rootvg_and_every_listing_agrees():
    w = _healthy()
    r = run(w, "lpar1", "chfs -a size=+1G /var")
    # 512 MB + 1 GB = 1536 MB = 3145728 blocks of 512 bytes
    assert (r.rc, r.out, r.err) == (0, "Filesystem size changed to 3145728\n", "")
    vg = run(w, "lpar1", "lsvg rootvg").out
    assert _line(vg, "MAX LVs:").endswith("FREE PPs:       144 (9216 megabytes)")
    assert _line(vg, "LVs:").endswith("USED PPs:       137 (8768 megabytes)")
    lv = run(w, "lpar1", "lslv hd9var").out
    assert _line(lv, "LPs:") == "LPs:                24                     PPs:            24"
    assert ("hd9var              jfs2       24      24      1    open/syncd    /var"
            in run(w, "lpar1", "lsvg -l rootvg").out.splitlines())
    assert run(w, "lpar1", "lsvg -p rootvg").out.splitlines()[2].split()[:4] == ["hdisk0", "active", "281", "144"]
    assert _line(run(w, "lpar1", "lspv hdisk0").out, "FREE PPs:").startswith("FREE PPs:           144 (9216 megabytes)")
    assert run(w, "lpar1", "df -g /var").out.splitlines()[1].split()[:2] == ["/dev/hd9var", "1.50"]
    assert "/dev/hd9var     --         /var                   jfs2  3145728 " in run(w, "lpar1", "lsfs /var").out


def test_chfs_fails_with_the_real_message_when_rootvg_is_full():
    w = _healthy()
    # every free PP goes to the dump LV
    assert run(w, "lpar1", "extendlv lg_dumplv 160").rc == 0
    assert _line(run(w, "lpar1", "lsvg rootvg").out, "MAX LVs:").endswith("FREE PPs:       0 (0 megabytes)")
    r = run(w, "lpar1", "chfs -a size=+64M /var")
    assert r.rc == 1 and r.out == ""
    assert r.err == ALLOCP + "0516-788 extendlv: Unable to extend logical volume.\n"
    # nothing moved
    assert _line(run(w, "lpar1", "lslv hd9var").out, "LPs:") == \
        "LPs:                8                      PPs:            8"
    assert run(w, "lpar1", "df -g /var").out.splitlines()[1].split()[1] == "0.50"
    assert run(w, "lpar1", "extendlv hd9var 1").err == ALLOCP + "0516-788 extendlv: Unable to extend logical volume.\n"


def test_extendlv_grows_the_lv_but_not_the_filesystem_and_chfs_uses_that_room_first():
    w = _healthy()
    assert run(w, "lpar1", "extendlv hd9var 2").rc == 0  # 10 LPs, /var still 512 MB
    assert _line(run(w, "lpar1", "lslv hd9var").out, "LPs:").split()[1] == "10"
    assert run(w, "lpar1", "df -m /var").out.splitlines()[1].split()[1] == "512.00"
    assert _line(run(w, "lpar1", "lsvg rootvg").out, "MAX LVs:").endswith("FREE PPs:       158 (10112 megabytes)")
    # growing /var by 128 MB fits in the two spare LPs: no PP leaves the VG
    assert run(w, "lpar1", "chfs -a size=+128M /var").out == "Filesystem size changed to 1310720\n"
    assert _line(run(w, "lpar1", "lsvg rootvg").out, "MAX LVs:").endswith("FREE PPs:       158 (10112 megabytes)")


def test_crfs_mount_umount_rmfs_round_trip():
    w = _healthy()
    r = run(w, "lpar1", "crfs -v jfs2 -g rootvg -m /data -a size=1G")
    assert r.rc == 0
    assert r.out == ("File system created successfully.\n1048340 kilobytes total disk space.\n"
                     "New File System size is 2097152\n")
    assert ("fslv00              jfs2       16      16      1    closed/syncd  /data"
            in run(w, "lpar1", "lsvg -l rootvg").out.splitlines())
    assert _line(run(w, "lpar1", "lsvg rootvg").out, "MAX LVs:").endswith("FREE PPs:       144 (9216 megabytes)")
    assert run(w, "lpar1", "lsfs -c /data").out.splitlines()[1] == "/data:/dev/fslv00:jfs2:::2097152:rw:no:no"
    assert "/data" not in run(w, "lpar1", "df").out  # created, not mounted
    assert run(w, "lpar1", "crfs -v jfs2 -g rootvg -m /data -a size=1G").err == \
        "crfs: 0506-909 /data file system already exists.\n"
    assert run(w, "lpar1", "mount /data").rc == 0
    table = run(w, "lpar1", "mount").out.splitlines()
    assert table[-1].split()[:3] == ["/dev/fslv00", "/data", "jfs2"]
    assert run(w, "lpar1", "df -g /data").out.splitlines()[1].split()[:2] == ["/dev/fslv00", "1.00"]
    assert "open/syncd    /data" in run(w, "lpar1", "lsvg -l rootvg").out
    assert run(w, "lpar1", "rmfs /data").err == "rmfs: 0506-921 /data is currently mounted.\n"
    assert run(w, "lpar1", "umount /data").rc == 0
    assert run(w, "lpar1", "rmfs /data").out == "rmlv: Logical volume fslv00 is removed.\n"
    assert _line(run(w, "lpar1", "lsvg rootvg").out, "MAX LVs:").endswith("FREE PPs:       160 (10240 megabytes)")
    assert "fslv00" not in run(w, "lpar1", "lsvg -l rootvg").out


def test_system_filesystems_stay_mounted():
    w = _healthy()
    r = run(w, "lpar1", "umount /var")
    assert (r.rc, r.err) == (1, "umount: 0506-349 Cannot unmount /dev/hd9var: The requested resource is busy.\n")
    assert run(w, "lpar1", "umount /nothing").rc == 1
    # /home can come and go; df and mount follow
    assert run(w, "lpar1", "umount /home").rc == 0
    assert "/home" not in run(w, "lpar1", "df").out
    assert "closed/syncd  /home" in run(w, "lpar1", "lsvg -l rootvg").out
    assert run(w, "lpar1", "mount /home").rc == 0
    assert " /home " in run(w, "lpar1", "mount").out


def test_pseudo_filesystems_of_aix7():
    w = _healthy()
    df = run(w, "lpar1", "df").out.splitlines()
    assert df[-1] == "/ahafs                 -         -    -       46     1% /aha"
    assert "/proc                  -         -    -        -      - /proc" in df
    mounts = [line.split()[:3] for line in run(w, "lpar1", "mount").out.splitlines()[2:]]
    assert ["/proc", "/proc", "procfs"] in mounts and ["/ahafs", "/aha", "ahafs"] in mounts


def test_disks_added_by_other_code_show_in_lspv_and_can_hold_a_vg():
    w = _healthy()
    os: AixOS = w.host("lpar1").partition.os
    lvm.add_pv(os, "hdisk1", "00f6f42a0b1c2d3e", 20480)  # a vscsi disk a VIOS mapped
    lvm.add_pv(os, "hdisk2", "00f6f42a0b1c2d3f", 10240, vg="datavg")
    rows = run(w, "lpar1", "lspv").out.splitlines()
    assert rows[1] == "hdisk1          00f6f42a0b1c2d3e                    None"
    assert rows[2] == "hdisk2          00f6f42a0b1c2d3f                    datavg          active"
    # a disk in no VG: the message of a nodejs/build AIX 7.3 capture
    assert run(w, "lpar1", "lspv hdisk1").err.startswith("0516-1396 : The physical volume hdisk1, wa")
    assert run(w, "lpar1", "lsvg").out == "rootvg\ndatavg\n"
    # 10240 MB / 64 MB = 160 PPs, all free
    assert run(w, "lpar1", "lsvg -p datavg").out.splitlines()[2].split()[:4] == ["hdisk2", "active", "160", "160"]
    assert run(w, "lpar1", "crfs -v jfs2 -g datavg -m /db -a size=2G").rc == 0
    # 32 PPs for the filesystem and one for the VG's new JFS2 log, loglv00
    assert run(w, "lpar1", "lsvg -p datavg").out.splitlines()[2].split()[3] == "127"
    assert [line.split()[:2] for line in run(w, "lpar1", "lsvg -l datavg").out.splitlines()[2:]] == \
        [["fslv00", "jfs2"], ["loglv00", "jfs2log"]]
    log_row = "loglv00             jfs2log    1       1       1    {}N/A"
    assert log_row.format("closed/syncd  ") in run(w, "lpar1", "lsvg -l datavg").out
    assert run(w, "lpar1", "mount /db").rc == 0
    assert log_row.format("open/syncd    ") in run(w, "lpar1", "lsvg -l datavg").out
    assert run(w, "lpar1", "mount").out.splitlines()[-1].split()[-1] == "rw,log=/dev/loglv00"
    r = run(w, "lpar1", "crfs -v jfs2 -g datavg -m /db2 -a size=9G")
    assert r.rc == 1 and r.err.startswith(ALLOCP)
    assert r.err.endswith("crfs: 0506-972 Cannot create logical volume for jfs2 file system.\n")


def test_unknown_names_get_lvm_errors():
    w = _healthy()
    r = run(w, "lpar1", "lsvg nosuchvg")
    assert (r.rc, r.out) == (1, "")
    assert r.err == "0516-306 lsvg: Unable to find volume group nosuchvg in the Device\n\tConfiguration Database.\n"
    assert run(w, "lpar1", "lslv nosuchlv").rc == 1
    assert run(w, "lpar1", "lspv hdisk9").rc == 1
    assert run(w, "lpar1", "crfs -v jfs2 -g nosuchvg -m /x -a size=1G").err.endswith(
        "crfs: 0506-972 Cannot create logical volume for jfs2 file system.\n")


def test_the_model_survives_a_state_dump():
    w = _healthy()
    run(w, "lpar1", "chfs -a size=+1G /var")
    os = w.host("lpar1").partition.os
    again = AixOS.from_dict(os.to_dict())
    assert again.lvm.lv("hd9var").lps == 24
    assert lvm.vg_totals(again.lvm, "rootvg") == (281, 144, 137)


SCENARIO_WITH_DISKS = """
[scenario]
name = "data-disks"
seed = 1

[[hmc]]
name = "hmc1"

[[system]]
name = "Server-8286-42A-SN2112ABC"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "lpar1"
  id = 1
  aix_level = "7.3"
  vg_free_mb = 640
  rootvg_pp_mb = 32
  uptime_seconds = 3600
  disks = [{ name = "hdisk1", size_mb = 20480, vg = "datavg", pvid = "00c0ffee00000001" },
           { name = "hdisk2", size_mb = 10240 }]
  efixes = [{ label = "IJ40001s3a", installed = "01/15/24 10:20:30", abstract = "openssl fix" }]
"""


def test_scenario_disks_volume_groups_and_efixes(tmp_path):
    path = tmp_path / "data-disks.toml"
    path.write_text(SCENARIO_WITH_DISKS)
    w = load_scenario(str(path))
    assert run(w, "lpar1", "lsvg").out == "rootvg\ndatavg\n"
    rows = run(w, "lpar1", "lspv").out.splitlines()
    assert rows[1] == "hdisk1          00c0ffee00000001                    datavg          active"
    assert rows[2].split()[::2] == ["hdisk2", "None"]
    # 640 MB free in rootvg = 20 PPs of 32 MB; datavg (64 MB PPs for scenario disks): 20480 / 64 = 320 PPs
    assert _line(run(w, "lpar1", "lsvg rootvg").out, "VG STATE:").endswith("PP SIZE:        32 megabyte(s)")
    assert _line(run(w, "lpar1", "lsvg rootvg").out, "MAX LVs:").endswith("FREE PPs:       20 (640 megabytes)")
    assert _line(run(w, "lpar1", "lslv hd9var").out, "LPs:").split()[1] == "16"  # 512 MB / 32 MB
    assert _line(run(w, "lpar1", "lsvg datavg").out, "VG PERMISSION:").endswith(
        "TOTAL PPs:      320 (20480 megabytes)")
    assert run(w, "lpar1", "lsdev -Cc disk").out.splitlines() == [
        "hdisk0 Available  Virtual SCSI Disk Drive", "hdisk1 Available  Virtual SCSI Disk Drive",
        "hdisk2 Available  Virtual SCSI Disk Drive"]
    assert run(w, "lpar1", "ps -o etime= -p 1").out == "   01:00:00\n"  # up an hour (uptime_seconds)
    assert run(w, "lpar1", "emgr -l").out.splitlines()[2].startswith("1    S    IJ40001s3a 01/15/24 10:20:30")


def test_an_unmounted_filesystem_is_not_where_its_mount_point_files_go():
    w = _healthy()
    os: AixOS = w.host("lpar1").partition.os
    assert run(w, "lpar1", "umount /home").rc == 0
    assert os.fs_for_path("/home/user/x").mount == "/"
    assert run(w, "lpar1", "df /home").out.splitlines()[1].endswith(" /")


def test_lslv_of_an_installed_lv_and_the_max_lps_limit():
    w = _healthy()
    out = run(w, "lpar1", "lslv hd1").out.splitlines()
    # AIX 7.3 capture of `lslv hd1` (nodejs/build notes): opened/syncd, center, no device or mirror-pool rows
    assert out[2] == "VG STATE:           active/complete        LV STATE:       opened/syncd"
    assert out[9] == "INTRA-POLICY:       center                 UPPER BOUND:    32"
    assert out[10] == "MOUNT POINT:        /home                  LABEL:          /home"
    assert out[11].startswith("MIRROR WRITE CONSISTENCY: on/ACTIVE") and out[-1] == "ENCRYPTION:         no"
    assert not any(line.startswith(("DEVICE UID", "COPY 1")) for line in out)
    # hd1 holds 2 LPs; 512 is its maximum whatever rootvg has free
    r = run(w, "lpar1", "extendlv hd1 600")
    assert (r.rc, r.err) == (1, "0516-787 extendlv: Maximum allocation for logical volume hd1\n\tis 512.\n")
    r = run(w, "lpar1", "chfs -a size=40G /home")
    assert (r.rc, r.err) == (1, "0516-787 extendlv: Maximum allocation for logical volume hd1\n\tis 512.\n")
    assert _line(run(w, "lpar1", "lslv hd1").out, "LPs:").split()[1] == "2"
    assert run(w, "lpar1", "lspv hdisk7").err == \
        "0516-1396 : The physical volume hdisk7, was not found in the\nsystem database.\n"


def test_the_world_checks_the_storage_invariants():
    w = _healthy()
    assert w.check_invariants() == []
    run(w, "lpar1", "chfs -a size=+1G /var")
    run(w, "lpar1", "crfs -v jfs2 -g rootvg -m /data -a size=1G")
    assert w.check_invariants() == []
    os: AixOS = w.host("lpar1").partition.os
    os.lvm.lv("hd9var").lps = 4  # an LV smaller than its filesystem: the check must say so
    assert w.check_invariants() == ["lpar1: /var: 3145728 blocks on hd9var of 4 LPs"]


def test_a_user_lists_mounts_but_cannot_change_them():
    w = _healthy()
    assert run(w, "lpar1", "mount", user="guest").out == run(w, "lpar1", "mount").out
    r = run(w, "lpar1", "umount /home", user="guest")
    assert (r.rc, r.err) == (1, "umount: 0506-349 Cannot unmount /dev/hd1: "
                                "The file access permissions do not allow the specified action.\n")
    assert " /home " in run(w, "lpar1", "mount").out
    assert run(w, "lpar1", "crfs -v jfs2 -g rootvg -m /x -a size=64M", user="guest").rc == 126
    assert "/x" not in run(w, "lpar1", "lsfs").out
