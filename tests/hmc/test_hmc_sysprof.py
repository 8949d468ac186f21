"""lssyscfg -r sysprof and mksyscfg -r sysprof (system profiles)."""

from __future__ import annotations

from hmc_helpers import HEALTHY_SYS, Hmc

M = f"-m {HEALTHY_SYS}"


def test_no_system_profiles_by_default(healthy):
    r = healthy.run(f"lssyscfg -r sysprof {M}")
    assert (r.out, r.rc) == ("No results were found.\n", 0)  # [V] text and rc of an empty listing
    r = healthy.run(f'lssyscfg -r sysprof {M} --filter "profile_names=sysprof1" -F name')
    assert (r.out, r.rc) == ("No results were found.\n", 0)


def test_m_is_required_and_unknown_attribute_rejected(healthy):
    assert healthy.run("lssyscfg -r sysprof").rc != 0
    r = healthy.run(f"lssyscfg -r sysprof {M} -F bogus")
    assert r.rc != 0 and "bogus" in r.out


def test_mksyscfg_sysprof_then_list(healthy):
    assert healthy.run(f'mksyscfg -r sysprof {M} -i "name=sp1,lpar_names=lpar1,lpar2"').rc == 0
    r = healthy.run(f"lssyscfg -r sysprof {M}")
    p1, p2 = (healthy.part(n).default_profile for n in ("lpar1", "lpar2"))
    assert r.out == f'name=sp1,"lpar_names=lpar1,lpar2","lpar_ids=1,2","profile_names={p1},{p2}"\n'
    r = healthy.run(f'lssyscfg -r sysprof {M} --filter "profile_names=sp1" -F name:lpar_ids --header')
    assert r.out == "name:lpar_ids\nsp1:1,2\n"


def test_mksyscfg_sysprof_quoted_form_and_errors(healthy):
    prof = healthy.part("lpar3").default_profile
    r = healthy.run(f"""mksyscfg -r sysprof {M} -i 'name=sp2,"lpar_ids=3","profile_names={prof}"'""")
    assert r.rc == 0, r.out
    assert healthy.run(f"lssyscfg -r sysprof {M} -F name,lpar_names").out == "sp2,lpar3\n"
    r = healthy.run(f'mksyscfg -r sysprof {M} -i "name=sp2,lpar_names=lpar1"')
    assert r.rc == 1 and "already exists" in r.out
    r = healthy.run(f'mksyscfg -r sysprof {M} -i "name=sp3,lpar_names=nosuch"')
    assert r.rc == 1 and r.out.startswith("HSCL8012 ")
    r = healthy.run(f'mksyscfg -r sysprof {M} -i "name=sp3,lpar_names=lpar1,profile_names=nosuch"')
    assert r.rc == 1 and r.out.startswith("HSCL8018 ")


def test_system_profiles_survive_a_snapshot(healthy):
    import json

    from harness.world.world import World

    assert healthy.run(f'mksyscfg -r sysprof {M} -i "name=sp1,lpar_names=lpar1,lpar2"').rc == 0
    before = healthy.run(f"lssyscfg -r sysprof {M}").out
    restored = Hmc(World.from_dict(json.loads(json.dumps(healthy.world.to_dict()))))
    assert restored.run(f"lssyscfg -r sysprof {M}").out == before
