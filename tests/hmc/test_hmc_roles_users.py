"""Task roles (HSCL350B for a change command the role may not run; nothing changes) and lshmcusr."""

from __future__ import annotations

import pytest
from hmc_helpers import DENIED, HEALTHY_SYS, as_user, roles_world

M = f"-m {HEALTHY_SYS}"


@pytest.fixture
def world(tmp_path):
    return roles_world(tmp_path)


CHANGES = [
    f"chhwres -r mem {M} -o a -p lpar1 -q 256",
    f"chsysstate -r lpar {M} -n lpar1 -o shutdown --immed",
    f"chsyscfg -r lpar {M} -i name=lpar1,new_name=x",
    f"mksyscfg -r prof {M} -o save -p lpar1 -n p2",
    f"rmsyscfg -r lpar {M} -n lpar1",
    f"mkvterm {M} -p lpar1",
    "diagrmc --autocorrect",
]


@pytest.mark.parametrize("line", CHANGES)
def test_viewer_is_refused_every_change_and_nothing_changes(world, line):
    viewer = as_user(world, "viewer")
    before = world.to_dict()
    r = viewer.run(line)
    assert (r.rc, r.out, r.err) == (1, DENIED, "")
    after = world.to_dict()
    assert after["systems"] == before["systems"] and after["hmcs"] == before["hmcs"]


def test_viewer_may_list(world):
    viewer = as_user(world, "viewer")
    assert viewer.run(f"lssyscfg -r lpar {M} -F name,state").out == "lpar1,Running\nvios1,Running\n"
    assert viewer.run("diagrmc").rc == 0


@pytest.mark.parametrize("user,line,allowed", [  # [I] the per-role matrix (harness/world/roles.py)
    ("oper", f"chhwres -r mem {M} -o a -p lpar1 -q 256", True),
    ("oper", f"rmsyscfg -r lpar {M} -n lpar1", False),
    ("svc", f"chsysstate -r lpar {M} -n lpar1 -o shutdown --immed", True),
    ("svc", f"chhwres -r mem {M} -o a -p lpar1 -q 256", False),
    ("hscroot", f"chhwres -r mem {M} -o a -p lpar1 -q 256", True),
])
def test_role_matrix(world, user, line, allowed):
    r = as_user(world, user).run(line)
    assert (r.out != DENIED) is allowed
    assert r.rc == (0 if allowed else 1)


def test_lshmcusr_default_lines_in_the_captured_order(world):
    r = as_user(world, "viewer").run("lshmcusr")
    rest = ("pwage=99999,resourcerole=ALL:,authentication_type=local,remote_webui_access=1,remote_ssh_access=1,"
            "min_pwage=0,session_timeout=0,verify_timeout=15,idle_timeout=0,inactivity_expiration=0,"
            "resources=<ResourceID = ALL:><UserDefinedName = AllSystemResources>,password_encryption=sha512,"
            "disabled=0")
    # [V] attribute order and values (ziutus lshmcusr.txt, V7R7.9: remote_webui_access=1); password_encryption [I]
    assert r.out.splitlines() == [
        f"name=hscroot,taskrole=hmcsuperadmin,description=HMC Super User,{rest}",
        f"name=oper,taskrole=hmcoperator,description=operator,{rest}",
        f"name=svc,taskrole=hmcservicerep,description=,{rest}",
        f"name=viewer,taskrole=hmcviewer,description=read only,{rest}",
    ]
    assert r.rc == 0


def test_lshmcusr_filters_and_fields(world):
    hmc = as_user(world, "hscroot")
    assert hmc.run('lshmcusr --filter "names=viewer" -F name:taskrole').out == "viewer:hmcviewer\n"
    assert hmc.run("lshmcusr --filter taskroles=hmcoperator -F name --header").out == "name\noper\n"
    assert hmc.run("lshmcusr --filter names=nobody").out == "No results were found.\n"
    r = hmc.run("lshmcusr -F name,password")
    assert (r.rc, r.out) == (1, ("An invalid attribute was entered.  The invalid attribute is password.  "
                                "Please correct your entry and retry the command.\n"))
