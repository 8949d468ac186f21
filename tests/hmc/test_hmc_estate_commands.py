"""lssysconn, lscomgmt, mkauthkeys, diagrmc, lslparmigr/migrlpar, viosvrcmd, lslparutil, mkvterm/rmvterm,
and the coverage table, on a two-HMC, two-system estate with VIOS partitions."""

from __future__ import annotations

import pytest
from hmc_helpers import REGISTRY, Hmc

from harness.hmc.coverage import coverage_table
from harness.runtime.session import Session
from harness.scenario.catalogue import load_scenario
from tests.two_systems import SYS_A, SYS_B, write_two_systems

M = f"-m {SYS_A}"


@pytest.fixture
def estate(tmp_path) -> Hmc:
    # two HMCs: hmc1 manages both systems, hmc2 only system B
    return Hmc(load_scenario(write_two_systems(tmp_path / "estate.toml", name="estate", hmcs=("hmc1", "hmc2"),
                                               b_hmcs=("hmc1", "hmc2"), rmc_poll_seconds=300)))


def pool(system) -> tuple[int, float]:
    return system.avail_mem(), system.avail_proc_units()


# ---- lssysconn, lscomgmt -----------------------------------------------------------------------
def test_lssysconn_r_all(estate):
    r = estate.run("lssysconn -r all")
    # [V] ziutus lssysconn_r_all.txt shape
    assert r.out == (
        "resource_type=sys,type_model_serial_num=8286-42A*2112ABC,sp=primary,sp_phys_loc=unavailable,"
        "ipaddr=192.168.128.10,alt_ipaddr=unavailable,state=Connected\n"
        "resource_type=sys,type_model_serial_num=8286-42A*2112DEF,sp=primary,sp_phys_loc=unavailable,"
        "ipaddr=192.168.128.10,alt_ipaddr=unavailable,state=Connected\n")
    estate.world.systems[SYS_B].hmc_connected["hmc1"] = False
    # [V-client ansible] -F type_model_serial_num; [V xCAT list] the No Connection form
    assert estate.run("lssysconn -r all -F type_model_serial_num:state").out == (
        "8286-42A*2112ABC:Connected\n8286-42A*2112DEF:No Connection\n")
    assert estate.run("lssysconn -r all").out.splitlines()[1].endswith(
        "sp=unavailable,sp_phys_loc=unavailable,ipaddr=192.168.128.10,alt_ipaddr=unavailable,"
        "state=No Connection,connection_error_code=Connecting 0000-0000-00000000")


def test_lscomgmt_has_no_master(estate):
    # [V-client] fence_lpar's ",curr_master_mtms=(.*?)," must not match on a system the HMC alone manages [I]
    assert estate.run(f"lscomgmt {M}").out == "is_comgmt_capable=0\n"


# ---- mkauthkeys ---------------------------------------------------------------------------------
def test_mkauthkeys_add_remove_own_keys(estate):
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake user@laptop"
    r = estate.run(f"mkauthkeys --add '{key}'")
    assert (r.rc, r.out) == (0, "")  # [V] success prints nothing
    assert key in estate.world.hmcs["hmc1"].users["hscroot"].authorized_keys
    assert estate.run("mkauthkeys --remove 'user@laptop'").out == ""
    assert key not in estate.world.hmcs["hmc1"].users["hscroot"].authorized_keys
    r = estate.run("mkauthkeys --add 'not a key'")
    assert r.rc == 1 and r.out.startswith("HSCL3655 ")  # [I]


def test_mkauthkeys_test_without_keys_then_exchange(estate):
    hmc2_ip = estate.world.hmcs["hmc2"].ip
    r = estate.run(f"mkauthkeys --ip {hmc2_ip} -u hscroot --test")
    # [V] bond-huang: HSCL3653 text, no trailing period
    assert (r.rc, r.out) == (1, ("HSCL3653 The Secure Shell (SSH) communication configuration between the source "
                                "and destination management consoles has not been set up properly for the "
                                "remote user hscroot. Run the mkauthkeys command to set up the SSH "
                                "communication authentication keys\n"))
    r = estate.run(f"mkauthkeys -g --ip {hmc2_ip} -u hscroot --passwd wrong")
    assert r.rc == 1 and r.out.startswith("HSCL3651 ")  # [I]
    assert estate.run(f"mkauthkeys -g --ip {hmc2_ip} -u hscroot --passwd abc123").out == ""
    assert estate.run(f"mkauthkeys --ip {hmc2_ip} -u hscroot --test").rc == 0


# ---- diagrmc ------------------------------------------------------------------------------------
def test_diagrmc_reports_and_autocorrects_hmc_side_causes(estate):
    world = estate.world
    app1 = estate.part("app1")
    app1.nvram_hmcs.clear()  # the HMC's key and address never reached the partition's NVRAM
    world.rmc.drop_partition(app1)
    world.clock.cancel_where(lambda t: t.event == "rmc.hmc_push")
    # [I] the whole diagrmc format
    assert estate.run(f"diagrmc {M}").out == (
        f"vios1 (1) on {SYS_A}: RMC active\n"
        f"app1 (2) on {SYS_A}: RMC inactive: the partition has not connected to the management console yet\n"
        f"app2 (3) on {SYS_A}: RMC inactive: the partition cannot reach the management console on the network\n")
    r = estate.run(f"diagrmc {M} --autocorrect")
    assert r.out.splitlines()[1:] == [
        f"app1 (2) on {SYS_A}: RMC active",  # healed: an HMC-side cause
        f"app2 (3) on {SYS_A}: RMC inactive: the partition cannot reach the management console on the network"]
    assert estate.run(f"lssyscfg -r lpar {M} -F name,rmc_state --filter lpar_names=app1").out == "app1,active\n"


# ---- migration ----------------------------------------------------------------------------------
def test_validate_needs_rmc_with_the_partition(estate):
    r = estate.run(f"migrlpar -o v {M} -t {SYS_B} -p app2")
    assert r.rc == 1 and r.out.startswith("HSCL365C ")  # [I]
    r = estate.run(f"migrlpar -o v {M} -t {SYS_A} -p app1")
    assert r.rc == 1 and r.out.startswith("HSCL3660 ")


def test_validate_needs_a_mover_service_partition_on_both_sides(estate):
    vios2 = estate.part("vios2")
    estate.world.rmc.drop_partition(vios2)
    vios2.nvram_hmcs.clear()
    r = estate.run(f"migrlpar -o v {M} -t {SYS_B} -p app1")
    assert (r.rc, r.out) == (1, ("HSCL3665 No Virtual I/O Server partition with an active RMC connection is "
                                f"available on the managed system {SYS_B} to act as a mover service "
                                "partition.\n"))  # [I]


def test_migration_moves_the_partition_with_conservation(estate):
    a, b = estate.world.systems[SYS_A], estate.world.systems[SYS_B]
    pa, pb = pool(a), pool(b)
    assert estate.run(f"migrlpar -o v {M} -t {SYS_B} -p app1").out == ""
    assert (pool(a), pool(b)) == (pa, pb)  # validation changes nothing
    r = estate.run(f"migrlpar -o m {M} -t {SYS_B} -p app1 -w 5")
    assert (r.rc, r.out) == (0, "")
    assert estate.run(f"lssyscfg -r lpar {M} -F name").out == "vios1\napp2\n"
    assert estate.run(f"lssyscfg -r lpar -m {SYS_B} -F name,lpar_id,state,rmc_state").out == (
        "vios2,1,Running,active\napp1,2,Running,active\n")
    assert pool(a) == (pa[0] + 4096, round(pa[1] + 0.5, 2))
    assert pool(b) == (pb[0] - 4096, round(pb[1] - 0.5, 2))
    assert estate.world.check_invariants() == []
    assert estate.run(f"lslparmigr -r lpar -m {SYS_B} --filter lpar_names=app1").out == (
        "name=app1,lpar_id=2,migration_state=Not Migrating\n")  # [I]


def test_migration_through_a_remote_hmc_needs_the_key_exchange(estate):
    hmc2_ip = estate.world.hmcs["hmc2"].ip
    line = f"migrlpar -o v {M} -t {SYS_B} -p app1 --ip {hmc2_ip} -u hscroot"
    assert estate.run(line).out.startswith("HSCL3653 ")
    estate.run(f"mkauthkeys -g --ip {hmc2_ip} -u hscroot --passwd abc123")
    assert estate.run(line).rc == 0


# ---- viosvrcmd ----------------------------------------------------------------------------------
def test_viosvrcmd_runs_on_the_vios(estate):
    r = estate.run(f'viosvrcmd {M} -p vios1 -c "uname -s"')
    assert (r.rc, r.out) == (0, "AIX\n")
    # padmin's ioscli set: lssrc is root's (after oem_setup_env), ioslevel is padmin's
    r = estate.run(f'viosvrcmd {M} --id 1 -c "ioscli ioslevel"')
    assert (r.rc, r.out) == (0, "3.1.4.21\n")
    r = estate.run(f'viosvrcmd {M} -p app1 -c "uname -s"')
    assert r.rc == 1 and r.out.startswith("HSCL2975 ")  # [I]


# ---- lslparutil ---------------------------------------------------------------------------------
def test_lslparutil_config_and_a_sample(estate):
    # [V-client] lpar2rrd: lslparutil -r config -F name,sample_rate
    assert estate.run(f"lslparutil -r config {M} -F name,sample_rate").out == f"{SYS_A},3600\n"
    r = estate.run(f"lslparutil -r lpar {M} -s h -n 1 --filter lpar_names=app1 -F lpar_name,curr_proc_units,curr_mem")
    assert r.out == "app1,0.5,4096\n"


# ---- vterm --------------------------------------------------------------------------------------
def test_mkvterm_one_console_per_partition(estate):
    r = estate.run(f"mkvterm {M} -p app1")
    assert r.rc == 0 and r.out.endswith("Console login: ")
    r = estate.run(f"mkvterm {M} --id 2")
    # [V-client] xCAT comment for the first sentence; the rest [I]
    assert (r.rc, r.out) == (1, ("A terminal session is already open for this partition.  Only one open "
                                "session is allowed for a partition.  Exiting....\n"))
    assert estate.run(f"rmvterm {M} -p app1").out == ""
    assert estate.run(f"mkvterm {M} -p app1").rc == 0


def test_mkvterm_runs_console_lines_until_tilde_dot(estate):
    from harness.shell.command import CommandContext

    ctx = CommandContext(argv=["mkvterm", "-m", SYS_A, "-p", "app1"], stdin="uname -s\n~.\n", env={},
                         session=estate.session)
    rc = REGISTRY.lookup("mkvterm").fn(ctx)
    out = "".join(ctx.out)
    assert rc == 0 and "uname -s\nAIX\n" in out
    assert estate.run(f"mkvterm {M} -p app1").rc == 0  # ~. closed it


# ---- coverage -----------------------------------------------------------------------------------
def test_coverage_table_lists_every_hmc_command_and_flag():
    table = coverage_table(REGISTRY)
    for name in ("lssyscfg", "chsysstate", "lsrefcode", "mksyscfg", "chsyscfg", "rmsyscfg", "lssysconn",
                 "lshmcusr", "mkauthkeys", "diagrmc", "lslparmigr", "migrlpar", "viosvrcmd", "lslparutil",
                 "mkvterm", "rmvterm", "lscomgmt", "date", "whoami", "which"):
        assert f"| `{name}` |" in table, name
    assert "`-o osshutdown`" in table and "`--restart`" in table
    assert table.startswith("| command | path | implemented flags | summary |\n")


def test_which_finds_hmc_commands_in_hmcrbin(estate):
    from harness.runtime.registries import registry_for
    from harness.shell import Shell

    shell = Shell(registry_for("hmc"), "hmc", Session(estate.world, estate.world.host("hmc1"), "hscroot"))
    res = shell.run("which chsysstate && which whoami && whoami; echo Rc=$?")
    # [V-client] op-test runs `which whoami && whoami`; the paths are [I]
    assert res.stdout == "/usr/hmcrbin/chsysstate\n/usr/bin/whoami\nhscroot\nRc=0\n"


@pytest.mark.parametrize("level,line", [("V7", "diagrmc"), ("V8", f"lscomgmt {M}")])
def test_commands_newer_than_the_hmc_level_are_not_found(mixed, level, line):
    # [T] diagrmc is V8+; [V-client] co-management (lscomgmt) is V9+; the text is bash's [V]
    r = mixed(level).run(line)
    assert (r.rc, r.out, r.err) == (127, "", f"bash: {line.split()[0]}: command not found\n")
