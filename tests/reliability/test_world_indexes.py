"""The lookup indexes added for big estates (benchmarks/) answer exactly what a full scan answers.

Hmc.node_slot and Hmc.slots_with_ip keep self-checking indexes over ``hmc.managed_nodes``; here
random sequences of what the code does to that table (register = append or replace_node, blank a
slot, replace the whole list as a restore does) are checked against the plain scans. The RMC
machinery's duplicate-node-id snapshot is checked against the scan too.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from harness.scenario.catalogue import load_scenario
from harness.world.hmc import ManagedNode

SYSTEMS = ("sysA", "sysB")


def scan_slot(nodes, system, lpar_id):
    return next((i for i, n in enumerate(nodes) if n and n.system == system and n.lpar_id == lpar_id), None)


def scan_ip(nodes, ip):
    return [i for i, n in enumerate(nodes) if n and n.ip == ip]


OPS = st.lists(st.tuples(st.sampled_from(["register", "blank", "relist", "query"]), st.sampled_from(SYSTEMS),
                         st.integers(1, 6), st.integers(1, 4)), max_size=60)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(ops=OPS)
def test_node_indexes_match_a_scan(ops):
    hmc = load_scenario("healthy").hmcs["hmc1"]
    hmc.managed_nodes = []
    for op, system, lpar_id, ip_n in ops:
        ip = f"10.0.0.{ip_n}"
        nodes = hmc.managed_nodes
        if op == "register":  # what RmcMachinery.register does
            node = ManagedNode(system, lpar_id, f"h{lpar_id}", ip, "AIX", "7.2", "7200-05-06-2320")
            slot = hmc.node_slot(system, lpar_id)
            if slot is None:
                nodes.append(node)
            else:
                hmc.replace_node(slot, node)
        elif op == "blank" and nodes:  # what lspartition's gaps come from (rmsyscfg, rebuilds)
            nodes[lpar_id % len(nodes)] = None
        elif op == "relist":  # a restore or a copy
            hmc.managed_nodes = list(nodes)
        for s in SYSTEMS:
            for i in range(1, 7):
                assert hmc.node_slot(s, i) == scan_slot(hmc.managed_nodes, s, i)
        for n in range(1, 5):
            assert hmc.slots_with_ip(f"10.0.0.{n}") == scan_ip(hmc.managed_nodes, f"10.0.0.{n}")
    assert "_slot_index" not in hmc.to_dict() and "_ip_index" not in hmc.to_dict()


def test_duplicate_node_id_snapshot_matches_the_scan():
    world = load_scenario("cloned-node-id")
    rmc = world.rmc
    hmc = world.hmcs["hmc1"]
    parts = [p for p in world.partitions() if p.os is not None]
    plain = {p.name: rmc.duplicate_node_id(hmc, p) for p in parts}
    assert any(plain.values())  # the scenario has a clone
    with rmc._node_id_snapshot():
        assert {p.name: rmc.duplicate_node_id(hmc, p) for p in parts} == plain
    rng = random.Random(3)
    for _ in range(20):  # ids change between passes: the snapshot is taken per pass
        p = rng.choice(parts)
        p.os.rsct.node_id = rng.choice([q.os.rsct.node_id for q in parts] + [f"{rng.getrandbits(64):016x}"])
        plain = {q.name: rmc.duplicate_node_id(hmc, q) for q in parts}
        with rmc._node_id_snapshot():
            assert {q.name: rmc.duplicate_node_id(hmc, q) for q in parts} == plain
