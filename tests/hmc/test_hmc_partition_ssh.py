"""Over real SSH: a profile's round trip (mksyscfg -r prof with adapters, activation, lshwres,
mksyscfg -o save) on the healthy estate; and the read-only role refused every change command this
work added (HSCL350B, nothing changes)."""

from __future__ import annotations

import pytest
from hmc_helpers import DENIED, HEALTHY_SYS, Hmc, as_user, roles_world
from sshclients import paramiko_exec

M = f"-m {HEALTHY_SYS}"
P2 = ("name=p2,lpar_name=lpar3,min_mem=1024,desired_mem=2048,max_mem=4096,proc_mode=shared,"
      "min_proc_units=0.1,desired_proc_units=0.3,max_proc_units=1.0,min_procs=1,desired_procs=1,max_procs=2,"
      "sharing_mode=uncap,uncap_weight=64,max_virtual_slots=30,"
      '"virtual_eth_adapters=2/0/1//0/0,""6/1/1/300,301/0/1""",'
      "virtual_scsi_adapters=4/client/10/vios1/13/1")


def test_profile_round_trip_over_ssh(fakehmc):
    def run(line: str) -> str:
        r = fakehmc.ssh("hmc1", line)
        assert (r.exit_status, r.stderr) == (0, ""), r.stdout
        return r.stdout

    assert run(f"mksyscfg -r prof {M} -i '{P2}'") == ""
    listed = run(f'lssyscfg -r prof {M} --filter "lpar_names=lpar3,profile_names=p2" '
                 "-F virtual_eth_adapters,virtual_scsi_adapters,max_virtual_slots")
    assert listed == ('"2/0/1//0/0/ETHERNET0//all/none,""6/1/1/300,301/0/1/ETHERNET0//all/none""",'
                      "4/client/10/vios1/13/1,30\n")
    assert run(f"chsysstate -r lpar {M} -n lpar3 -o shutdown --immed") == ""
    fakehmc.advance(10)
    assert run(f"chsysstate -r lpar {M} -n lpar3 -o on -f p2") == ""
    fakehmc.advance(60)
    assert run(f"lssyscfg -r lpar {M} -F state,curr_profile --filter lpar_names=lpar3") == "Running,p2\n"
    eth = run(f"lshwres -r virtualio --rsubtype eth --level lpar {M} --filter lpar_names=lpar3 "
              "-F slot_num,port_vlan_id,addl_vlan_ids")
    assert eth == '2,1,\n6,1,"300,301"\n'
    scsi = run(f"lshwres -r virtualio --rsubtype scsi --level lpar {M} --filter lpar_names=lpar3 "
               "-F slot_num,remote_lpar_name,remote_slot_num")
    assert scsi == "4,vios1,13\n"  # the profile moved the disk adapter from slot 3 to 4
    # save the running configuration under a new name: the same lists come back
    assert run(f"mksyscfg -r prof {M} -o save -p lpar3 -n saved") == ""
    out, err, rc = paramiko_exec(fakehmc.host("hmc1"), f'lssyscfg -r prof {M} --filter "lpar_names=lpar3,'
                                 'profile_names=saved" -F virtual_eth_adapters,virtual_scsi_adapters')
    assert (rc, err) == (0, "")
    assert out == listed.rsplit(",", 1)[0] + "\n"


CHANGES = [
    f"mksyscfg -r prof {M} -i '{P2.replace('lpar3', 'lpar1').replace('/10/', '/2/').replace('/13/', '/11/')}'",
    f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=lpar1,\"virtual_eth_adapters+=7/0/7//0/0\"'",
    f"chsyscfg -r prof {M} -i 'name=default_profile,lpar_name=lpar1,boot_mode=sms'",
    f"mksyscfg -r prof {M} -o save -p lpar1 -n p9 --force",
    f"mksyscfg -r lpar {M} -i 'name=n1,profile_name=p,lpar_env=aixlinux,min_mem=1024,desired_mem=1024,"
    "max_mem=1024,\"virtual_eth_adapters=2/0/1//0/0\"'",
    f"lpar_netboot -M -n -t ent lpar1 default_profile {HEALTHY_SYS}",
    f"lpar_netboot -t ent lpar1 default_profile {HEALTHY_SYS}",
]


@pytest.mark.parametrize("line", CHANGES)
def test_viewer_gets_hscl350b_and_nothing_changes(tmp_path, line):
    world = roles_world(tmp_path)
    before = world.to_dict()
    r = as_user(world, "viewer").run(line)
    assert (r.rc, r.out) == (1, DENIED)
    assert world.to_dict()["systems"] == before["systems"]
    assert Hmc(world).run(line).rc == 0  # the same line works for hscroot: the refusal is the role's
