"""The VIOS padmin restricted shell (ioscli) over real SSH, on the built-in ``vios-mappings`` scenario: vios1
serves lpar2 (vhost0, slot C12) and lpar3 (vhost1, slot C13); each client's rootvg disk is mapped
(vtscsi0 <- hdisk1, vtscsi1 <- hdisk2), lpar3 also has lpar3_data <- hdisk3; hdisk4 and hdisk5 are free.

Expected texts are written out here from the captured layouts (lsmap's SVSA block, the VTD lines), not
produced by the code under test. [I]/[U] in a test name marks a wording or value inferred, not seen.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from harness.world import vios_maps
from tests.sshclients import InteractiveShell, asyncssh_run

SYSTEM = "Server-8286-42A-SN2112ABC"
VHOST0_BEFORE = """\
SVSA            Physloc                                      Client Partition ID
--------------- -------------------------------------------- ------------------
vhost0          U8286.42A.2112ABC-V1-C12                     0x00000002

VTD                   vtscsi0
Status                Available
LUN                   0x8100000000000000
Backing device        hdisk1
Physloc               U78C9.001.DQD2ABC-P1-C1-T1-L2-L0
Mirrored              false

"""
NEW_VTD = """\
VTD                   vtscsi2
Status                Available
LUN                   0x8200000000000000
Backing device        hdisk4
Physloc               U78C9.001.DQD2ABC-P1-C1-T1-L5-L0
Mirrored              false

"""


@pytest.fixture
def est(estate_factory):
    return estate_factory("vios-mappings")


def padmin(est, command: str) -> tuple[str, str, int]:
    return asyncssh_run(est.host("vios1"), command)


def viosvrcmd(est, command: str) -> tuple[str, int]:
    out, _, rc = asyncssh_run(est.host("hmc1"), f'viosvrcmd -m {SYSTEM} -p vios1 -c "{command}"')
    return out, rc


def test_lsmap_before_and_after_mkvdev_and_rmvdev_here_on_the_hmc_and_on_the_client(est):
    assert padmin(est, "lsmap -vadapter vhost0") == (VHOST0_BEFORE, "", 0)
    assert viosvrcmd(est, "lsmap -vadapter vhost0") == (VHOST0_BEFORE, 0)
    pvid = next(line.split()[1] for line in padmin(est, "lspv")[0].splitlines() if line.startswith("hdisk4 "))

    assert padmin(est, "mkvdev -vdev hdisk4 -vadapter vhost0") == ("vtscsi2 Available\n", "", 0)
    assert padmin(est, "lsmap -vadapter vhost0") == (VHOST0_BEFORE + NEW_VTD, "", 0)
    assert viosvrcmd(est, "ioscli lsmap -vadapter vhost0") == (VHOST0_BEFORE + NEW_VTD, 0)
    # -fmt: svsa:physloc:clientid then vtd:status:lun:backing:bdphysloc:mirrored per VTD
    out, _, _ = padmin(est, "lsmap -all -fmt :")
    assert out.splitlines()[0] == ("vhost0:U8286.42A.2112ABC-V1-C12:0x00000002:"
                                   "vtscsi0:Available:0x8100000000000000:hdisk1:U78C9.001.DQD2ABC-P1-C1-T1-L2-L0:false:"
                                   "vtscsi2:Available:0x8200000000000000:hdisk4:U78C9.001.DQD2ABC-P1-C1-T1-L5-L0:false")
    assert "hdisk4" not in padmin(est, "lspv -free")[0]
    # the client sees it as its second disk, same PVID, at the LUN the VIOS gave it
    disks = est.call(lambda: vios_maps.client_virtual_disks(est.world, est.world.host("lpar2").partition))
    assert [(d.name, d.pvid, d.lun, d.location) for d in disks][1] == (
        "hdisk1", pvid, "0x8200000000000000", "U8286.42A.2112ABC-V2-C3-T1-L8200000000000000")

    assert padmin(est, "rmvdev -vtd vtscsi2") == ("vtscsi2 deleted\n", "", 0)
    assert padmin(est, "lsmap -vadapter vhost0") == (VHOST0_BEFORE, "", 0)
    assert viosvrcmd(est, "lsmap -vadapter vhost0") == (VHOST0_BEFORE, 0)
    assert "hdisk4 " in padmin(est, "lspv -free")[0]
    disks = est.call(lambda: vios_maps.client_virtual_disks(est.world, est.world.host("lpar2").partition))
    assert [d.name for d in disks] == ["hdisk0"]


def test_mkvdev_dev_name_and_rmvdev_by_backing_device(est):
    assert padmin(est, "mkvdev -vdev hdisk5 -vadapter vhost1 -dev lpar3_logs") == ("lpar3_logs Available\n", "", 0)
    out, _, _ = padmin(est, "lsmap -vadapter vhost1 -field vtd lun backing -fmt ,")
    assert out == "lpar3_data,0x8200000000000000,hdisk3,lpar3_logs,0x8300000000000000,hdisk5," \
                  "vtscsi1,0x8100000000000000,hdisk2\n"
    assert padmin(est, "rmvdev -vdev hdisk5") == ("lpar3_logs deleted\n", "", 0)
    assert "lpar3_logs" not in padmin(est, "lsdev -virtual")[0]


def test_mkvdev_refusals_change_nothing(est):
    assert padmin(est, "mkvdev -vdev hdisk4 -vadapter vhost9") == (
        "", 'Device "vhost9" is not a Server Virtual SCSI Adapter (SVSA).\n', 15)  # [I] wording, ioscli's code
    out, err, rc = padmin(est, "mkvdev -vdev hdisk1 -vadapter vhost1")
    assert (rc, err) == (1, '"hdisk1" is already being used as a backing device.  Specify the -f flag\n'
                            "to force this device to be used anyway.\n")
    out, err, rc = padmin(est, "mkvdev -vdev hdisk0 -vadapter vhost1")
    assert rc == 1 and "rootvg" in err  # [U] wording
    assert padmin(est, "lsmap -vadapter vhost9")[2] == 15  # E_NOTSVSA_S, as IBM's ansible module expects
    assert padmin(est, "lsmap -vadapter vhost0")[0] == VHOST0_BEFORE


def test_restricted_shell_refusals_in_rksh_words_I(est):
    assert padmin(est, "cd /tmp") == ("", "rksh: cd: restricted\n", 1)
    assert padmin(est, "lsmap -all > /tmp/map.txt") == ("", "rksh: /tmp/map.txt: restricted\n", 1)
    assert padmin(est, "/usr/sbin/lsdev") == ("", "rksh: /usr/sbin/lsdev: restricted\n", 1)
    assert padmin(est, "rmcctrl -z") == ("", "rksh: rmcctrl:  not found.\n", 127)
    assert padmin(est, "PATH=/usr/bin") == ("", "rksh: PATH: is read only\n", 1)
    # what padmin may do: pipes into the text utilities, redirection to /dev/null
    assert padmin(est, "lsmap -all | grep -c vhost") == ("2\n", "", 0)
    assert padmin(est, "ioslevel > /dev/null; echo rc=$?") == ("rc=0\n", "", 0)
    # the HMC's viosvrcmd runs in the same restricted shell
    assert viosvrcmd(est, "lssrc -s ctrmc") == ("rksh: lssrc:  not found.\n", 127)


def test_oem_setup_env_then_exit_returns_to_padmin_on_a_terminal(est):
    sh = InteractiveShell(est.host("vios1"), "$ ")
    try:
        sh.prompt = "# "
        sh.run("oem_setup_env")
        assert "root" in sh.run("whoami")
        out = sh.run("lssrc -s ctrmc")
        assert "ctrmc            rsct" in out and "active" in out
        sh.prompt = "$ "
        sh.run("exit")
        assert "padmin" in sh.run("whoami")
        assert "rksh: lssrc:  not found." in sh.run("lssrc -s ctrmc")
        assert "vtscsi0" in sh.run("lsmap -vadapter vhost0")
    finally:
        sh.close()


def test_oem_setup_env_with_input_runs_it_as_root_and_stays_padmin(est):
    out, err, rc = padmin(est, "echo whoami | oem_setup_env; whoami")
    assert (out, rc) == ("root\npadmin\n", 0)


def test_lsdev_field_fmt_parses_like_a_tool_would(est):
    out, _, rc = padmin(est, "lsdev -virtual -field name status description -fmt :")
    rows = [line.split(":") for line in out.splitlines()]
    assert rc == 0 and all(len(r) == 3 for r in rows)
    by_name = {r[0]: (r[1], r[2]) for r in rows}
    assert by_name["vhost0"] == by_name["vhost1"] == ("Available", "Virtual SCSI Server Adapter")
    assert by_name["lpar3_data"] == ("Available", "Virtual Target Device - Disk")
    assert by_name["ent2"] == ("Available", "Shared Ethernet Adapter")
    assert by_name["ent0"] == by_name["ent1"] == ("Available", "Virtual I/O Ethernet Adapter (l-lan)")
    assert padmin(est, "lsdev -type disk -field name -fmt :")[0] == "".join(f"hdisk{n}\n" for n in range(6))
    # one attribute: its value under a "value" heading; the same PVID lspv shows
    pvid = next(line.split()[1] for line in padmin(est, "lspv")[0].splitlines() if line.startswith("hdisk2 "))
    assert padmin(est, "lsdev -dev hdisk2 -attr pvid")[0] == f"value\n\n{pvid}0000000000000000\n"
    assert padmin(est, "lsdev -virtual")[0].splitlines()[0] == "name             status      description"


def test_sea_and_lsmap_net(est):
    # vios1 has two virtual Ethernet adapters (slots 2 and 3); the SEA bridges the one in slot 2
    second = ("SVEA   Physloc\n"
              "------ --------------------------------------------\n"
              "ent1   U8286.42A.2112ABC-V1-C3-T1\n\n"
              "SEA                   NO SHARED ETHERNET ADAPTER FOUND\n\n")
    out, _, _ = padmin(est, "lsmap -all -net")
    assert out == ("SVEA   Physloc\n"
                   "------ --------------------------------------------\n"
                   "ent0   U8286.42A.2112ABC-V1-C2-T1\n\n"
                   "SEA                   ent2\n"
                   "Backing device        ent13\n"
                   "Status                Available\n"
                   "Physloc               U78C9.001.DQD2ABC-P1-C2-T1\n\n") + second
    assert padmin(est, "lsmap -all -net -fmt :")[0] == \
        ("ent0:U8286.42A.2112ABC-V1-C2-T1:ent2:ent13:Available:U78C9.001.DQD2ABC-P1-C2-T1\n"
         "ent1:U8286.42A.2112ABC-V1-C3-T1: : : : \n")
    assert padmin(est, "rmdev -dev ent2") == ("ent2 deleted\n", "", 0)
    assert padmin(est, "lsmap -all -net")[0].count("NO SHARED ETHERNET ADAPTER FOUND") == 2  # [I]
    assert padmin(est, "mkvdev -sea ent13 -vadapter ent0 -default ent0 -defaultid 1") == (
        "ent2 Available\nen2\net2\n", "", 0)  # [I] the en/et lines; the lowest free ent number


def test_info_commands_and_the_ioscli_path_as_root(est):
    assert padmin(est, "ioslevel") == ("3.1.4.21\n", "", 0)
    assert padmin(est, "lsfware") == ("system:SV860_138 (t) SV860_138 (p) SV860_138 (t)\n", "", 0)
    assert padmin(est, "ioscli ioslevel") == ("3.1.4.21\n", "", 0)
    out, _, rc = padmin(est, "chkdev -dev hdisk1 -verbose")
    assert rc == 0 and "VTD:                 vtscsi0\n" in out and "PHYS2VIRT_CAPABLE:   NA\n" in out
    assert "PHYS2VIRT_CAPABLE:   YES\n" in padmin(est, "chkdev -dev hdisk4")[0]
    assert padmin(est, "lsvg")[0] == "rootvg\n"
    assert padmin(est, "license -accept") == ("", "", 0)
    assert padmin(est, "license") == ("The license has been accepted\n", "", 0)  # [U] wording
    # errlog is the error log errpt shows as root
    assert padmin(est, "errlog")[0] == padmin(est, "echo errpt | oem_setup_env")[0]
    assert "  lsmap\n" in padmin(est, "help")[0]
    assert padmin(est, "help lsmap")[0].startswith("Usage: lsmap {-vadapter ServerVirtualAdapter")
    assert padmin(est, "viosbr -backup -file nightly")[2] == 0
    out, _, rc = padmin(est, "viosbr -view -file nightly.tar.gz")
    assert rc == 0 and out.startswith("Details in: /home/padmin/cfgbackups/nightly.tar.gz\n") and "lpar3_data" in out
    # root (as automation logs in) reaches the same commands through /usr/ios/cli/ioscli
    root = replace(est.host("vios1"), username="root")
    out, _, rc = asyncssh_run(root, "/usr/ios/cli/ioscli lsmap -all -field svsa clientid -fmt :")
    assert (out, rc) == ("vhost0:0x00000002\nvhost1:0x00000003\n", 0)


def test_npiv_the_hmc_adds_a_vfchost_and_a_port_then_vfcmap_logs_the_client_in(est):
    est.advance(420)  # the HMC's RMC session with vios1 comes up: DLPAR is possible
    hmc = est.host("hmc1")
    assert asyncssh_run(hmc, f"chhwres -r io -m {SYSTEM} -o a -p vios1 -l 21010004")[2] == 0  # P1-C3: FC
    attrs = "adapter_type=server,remote_lpar_id=2,remote_slot_num=5"
    assert asyncssh_run(hmc, f'chhwres -r virtualio -m {SYSTEM} -o a -p vios1 --rsubtype fc -s 30 -a "{attrs}"')[2] == 0
    head = ("Name          Physloc                            ClntID ClntName       ClntOS\n"
            "------------- ---------------------------------- ------ -------------- -------\n")
    assert padmin(est, "lsmap -all -npiv")[0] == head + (
        "vfchost0      U8286.42A.2112ABC-V1-C30                2\n\n"
        "Status:NOT_LOGGED_IN\n"
        "FC name:                        FC loc code:\n"
        "Ports logged in:0\n"
        "Flags:1<NOT_MAPPED,NOT_CONNECTED>\n"
        "VFC client name:                VFC client DRC:\n\n")
    assert padmin(est, "lsnports")[0] == (
        "name             physloc                        fabric tports aports swwpns  awwpns\n"
        "fcs14            U78C9.001.DQD2ABC-P1-C3-T1          1     64     64   2048    2048\n")  # [I] device name

    assert padmin(est, "vfcmap -vadapter vfchost0 -fcp fcs14") == ("vfchost0 changed\n", "", 0)  # [I] wording
    assert padmin(est, "lsmap -npiv -vadapter vfchost0")[0] == head + (
        "vfchost0      U8286.42A.2112ABC-V1-C30                2 lpar2          AIX\n\n"
        "Status:LOGGED_IN\n"
        "FC name:fcs14                   FC loc code:U78C9.001.DQD2ABC-P1-C3-T1\n"
        "Ports logged in:1\n"
        "Flags:a<LOGGED_IN,STRIP_MERGE>\n"
        "VFC client name:fcs0            VFC client DRC:U8286.42A.2112ABC-V2-C5-T1\n\n")
    assert viosvrcmd(est, "lsmap -all -npiv -field name clntid status fc -fmt :") == ("vfchost0:2:LOGGED_IN:fcs14\n", 0)
    assert padmin(est, "lsnports -field name aports awwpns -fmt :")[0] == "fcs14:63:2046\n"


def test_a_mapping_survives_a_restart_with_the_state_dir(estate_factory, tmp_path):
    est = estate_factory("vios-mappings", state_dir=tmp_path / "state")
    assert padmin(est, "mkvdev -vdev hdisk4 -vadapter vhost0")[0] == "vtscsi2 Available\n"
    est.stop()
    again = estate_factory("vios-mappings", state_dir=tmp_path / "state")
    assert padmin(again, "lsmap -vadapter vhost0")[0] == VHOST0_BEFORE + NEW_VTD


def test_oem_setup_env_in_a_shell_without_a_terminal(est):
    """``ssh -T padmin@vios < script``: lines from stdin, no prompt; exit leaves the root ksh only."""
    import asyncio

    import asyncssh

    host = est.host("vios1")

    async def go():
        async with asyncssh.connect(host.address, port=host.port, username=host.username, password=host.password,
                                    known_hosts=None, client_keys=None) as conn:
            r = await conn.run(input="oem_setup_env\nwhoami\nexit\nwhoami\ncd /\n")
            return r.stdout, r.stderr

    assert asyncio.run(go()) == ("root\npadmin\n", "rksh: cd: restricted\n")


def free_pps(est) -> int:
    line = next(x for x in padmin(est, "lsvg rootvg")[0].splitlines() if "FREE PPs:" in x)
    return int(line.split("FREE PPs:")[1].split()[0])


def test_a_logical_volume_as_backing_device_and_rootvg_space_shared_with_root(est):
    free = free_pps(est)  # 204800 MB free in the scenario: 3200 PPs of 64 MB
    assert free == 3200
    assert padmin(est, "mklv -lv lpar2_lv rootvg 20G") == ("lpar2_lv\n", "", 0)
    assert free_pps(est) == free - 320
    assert padmin(est, "mkvdev -vdev lpar2_lv -vadapter vhost0") == ("vtscsi2 Available\n", "", 0)
    # [V] an LV backing device: no physical location, Mirrored N/A
    assert padmin(est, "lsmap -vadapter vhost0")[0] == VHOST0_BEFORE + (
        "VTD                   vtscsi2\n"
        "Status                Available\n"
        "LUN                   0x8200000000000000\n"
        "Backing device        lpar2_lv\n"
        "Physloc               \n"
        "Mirrored              N/A\n\n")
    assert "lpar2_lv            jfs        320     320     1    open/syncd    N/A\n" in padmin(est, "lsvg -lv rootvg")[0]
    disks = est.call(lambda: vios_maps.client_virtual_disks(est.world, est.world.host("lpar2").partition))
    assert [(d.name, d.size_mb, d.backing) for d in disks] == [("hdisk0", 102400, "hdisk1"),
                                                               ("hdisk1", 20480, "lpar2_lv")]
    assert padmin(est, "rmlv -f lpar2_lv")[2] == 1  # still mapped
    assert padmin(est, "rmvdev -vtd vtscsi2 -rmlv") == ("vtscsi2 deleted\n", "", 0)
    assert free_pps(est) == free
    # one rootvg: root's chfs takes from the same free partitions padmin's lsvg shows
    assert padmin(est, "echo 'chfs -a size=+1G /var' | oem_setup_env")[2] == 0
    assert free_pps(est) == free - 16
    out, err, rc = padmin(est, "mklv rootvg 500G")
    assert rc == 1 and err.startswith("0516-404 allocp: This system cannot fulfill the allocation request.\n")
    assert free_pps(est) == free - 16
