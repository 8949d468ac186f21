"""The built-in estates are ones a real site could have: every client virtual SCSI / FC adapter has its
server adapter on a VIOS (slot numbers matching both ways) and every client VLAN is bridged by a trunk
adapter on a VIOS. The check is what an inventory tool runs, over real SSH, parsing as it would."""

from __future__ import annotations

import csv

import pytest
from hmc_helpers import Hmc

from harness.scenario.catalogue import load_scenario


def parse(out: str) -> list[dict[str, str]]:
    """Default lshwres lines as a tool splits them: commas outside quotes, then name=value."""
    rows = []
    for line in out.splitlines():
        if not line or line == "No results were found.":
            continue
        fields = next(csv.reader([line], skipinitialspace=False))
        rows.append(dict(f.split("=", 1) for f in fields))
    return rows


def orphans(listing) -> list[str]:
    """'client adapter without a server' findings for one managed system; ``listing(rsubtype)`` returns
    the text of `lshwres -r virtualio --rsubtype <rsubtype> --level lpar -m SYS`."""
    found = []
    vios_ids = {r["lpar_id"] for r in parse(listing("scsi")) + parse(listing("fc")) + parse(listing("eth"))
                if r.get("adapter_type") == "server" or r.get("is_trunk") == "1"}
    for rsubtype in ("scsi", "fc"):
        rows = parse(listing(rsubtype))
        servers = {(r["lpar_id"], r["slot_num"]): r for r in rows if r["adapter_type"] == "server"}
        for r in rows:
            if r["adapter_type"] != "client":
                continue
            server = servers.get((r["remote_lpar_id"], r["remote_slot_num"]))
            if server is None or (server["remote_lpar_id"], server["remote_slot_num"]) != (r["lpar_id"],
                                                                                         r["slot_num"]):
                found.append(f"{rsubtype} {r['lpar_name']} slot {r['slot_num']}")
    eth = parse(listing("eth"))
    bridged = {(r.get("vswitch", ""), vlan) for r in eth if r["is_trunk"] == "1"
               for vlan in [r["port_vlan_id"], *filter(None, r["addl_vlan_ids"].split(","))]}
    for r in eth:
        if r["is_trunk"] == "0" and r["lpar_id"] not in vios_ids and (r.get("vswitch", ""), r["port_vlan_id"]) \
                not in bridged:
            found.append(f"eth {r['lpar_name']} slot {r['slot_num']} vlan {r['port_vlan_id']}")
    return found


def test_healthy_estate_passes_the_sanity_check_over_ssh(fakehmc):
    systems = fakehmc.ssh("hmc1", "lssyscfg -r sys -F name").stdout.split()
    assert systems
    for system in systems:
        outs = {}

        def listing(rsubtype, system=system):
            if rsubtype not in outs:
                r = fakehmc.ssh("hmc1", f"lshwres -r virtualio --rsubtype {rsubtype} --level lpar -m {system}")
                assert r.exit_status == 0, r.stdout
                outs[rsubtype] = r.stdout
            return outs[rsubtype]

        assert orphans(listing) == []
        # it is a real check: the clients do have adapters a server must answer
        assert any(r["adapter_type"] == "client" for r in parse(listing("scsi")))
        assert any(r["is_trunk"] == "1" for r in parse(listing("eth")))
        names = fakehmc.ssh("hmc1", f"lssyscfg -r lpar -m {system} -F name,lpar_env").stdout.split()
        assert "vios1,vioserver" in names


@pytest.mark.parametrize("scenario", ["healthy", "seed-lpar30"])
def test_builtin_estates_have_no_orphan_client_adapters(scenario):
    hmc = Hmc(load_scenario(scenario))
    for system in hmc.world.systems:
        assert orphans(lambda st: hmc.run(f"lshwres -r virtualio --rsubtype {st} --level lpar -m {system}").out) == []


def test_the_check_finds_a_client_adapter_without_a_server(healthy):
    sys = "Server-8286-42A-SN2112ABC"
    healthy.world.advance(600)
    # a client adapter naming a VIOS slot that holds nothing
    r = healthy.run(f'chhwres -r virtualio -m {sys} -o a -p lpar1 --rsubtype scsi -s 8 '
                    '-a "adapter_type=client,remote_lpar_id=10,remote_slot_num=40"')
    assert r.rc == 0, r.out
    # and one on a VLAN no trunk adapter bridges
    assert healthy.run(f'chhwres -r virtualio -m {sys} -o a -p lpar2 --rsubtype eth -s 9 -a "port_vlan_id=77"').rc == 0
    found = orphans(lambda st: healthy.run(f"lshwres -r virtualio --rsubtype {st} --level lpar -m {sys}").out)
    assert found == ["scsi lpar1 slot 8", "eth lpar2 slot 9 vlan 77"]
