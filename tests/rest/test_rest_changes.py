"""POSTed LogicalPartition edits beyond memory: processors of a running partition (the same DLPAR
chhwres -r proc does), a Not Activated partition's desired values (its profile: the next activation
uses them), and edits the server refuses without changing anything."""

from __future__ import annotations

import re

from rest_client import entry_object, error_of, feed_objects, text

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"


def edit(rest, path: str, **values) -> tuple[bytes, str]:
    """GET the entry, set elements by name in its object, return (body to POST, etag)."""
    r = rest.get(path)
    xml = r.content.decode()
    obj = xml[xml.index("<LogicalPartition:LogicalPartition"):
              xml.index("</LogicalPartition:LogicalPartition>") + len("</LogicalPartition:LogicalPartition>")]
    for name, value in values.items():
        obj, n = re.subn(rf'(<{name} kb="\w+" kxe="false">)[^<]*(<)', rf"\g<1>{value}\2", obj)
        assert n == 1, name
    return obj.encode(), r.headers["etag"]


def uuid_of(rest, name: str) -> str:
    return next(text(o, "PartitionUUID") for o in feed_objects(rest.get("uom/LogicalPartition"))
                if text(o, "PartitionName") == name)


def post(rest, path, body, etag):
    return rest.request("POST", path, data=body, headers={"If-Match": etag})


def test_processor_dlpar_and_refused_edits(seed, rest_for):
    rest, hmc = rest_for(seed), seed.host("hmc1")
    path = f"uom/LogicalPartition/{uuid_of(rest, 'lpar21')}"
    obj = entry_object(rest.get(path))
    procs = int(text(obj, "PartitionProcessorConfiguration/SharedProcessorConfiguration/DesiredVirtualProcessors"))
    units = float(text(obj, "PartitionProcessorConfiguration/SharedProcessorConfiguration/DesiredProcessingUnits"))
    body, etag = edit(rest, path, DesiredVirtualProcessors=procs + 1, DesiredProcessingUnits=round(units + 0.1, 2))
    r = post(rest, path, body, etag)
    assert r.status_code == 200, r.text
    out, _, _ = asyncssh_run(hmc, f"lshwres -r proc -m {SYSTEM} --level lpar --filter lpar_names=lpar21 "
                                  "-F curr_procs,curr_proc_units")
    assert out == f"{procs + 1},{round(units + 0.1, 2)}\n"
    quick = rest.get(f"{path}/quick/All").json()
    assert (quick["AllocatedVirtualProcessors"], quick["CurrentProcessingUnits"]) == (procs + 1, round(units + 0.1, 2))

    # bounds cannot change through this request: refused, nothing changed
    max_mem = int(text(entry_object(rest.get(path)), "PartitionMemoryConfiguration/MaximumMemory"))
    body, etag = edit(rest, path, MaximumMemory=max_mem * 2, DesiredMemory=9216)
    r = post(rest, path, body, etag)
    assert r.status_code == 400 and "MaximumMemory" in error_of(r)["Message"]
    assert rest.get(f"{path}/quick/CurrentMemory").json() == 8192
    # over the partition's maximum: the CLI's refusal text
    body, etag = edit(rest, path, DesiredMemory=max_mem + 1024)
    r = post(rest, path, body, etag)
    out, _, rc = asyncssh_run(hmc, f"chhwres -r mem -m {SYSTEM} -o s -p lpar21 -q {max_mem + 1024}")
    assert r.status_code == 500 and rc == 1 and error_of(r)["Message"] == out.rstrip("\n")


def test_not_activated_partition_takes_desired_values_at_next_activation(seed, rest_for):
    rest, hmc = rest_for(seed), seed.host("hmc1")
    _, _, rc = asyncssh_run(hmc, f"chsysstate -r lpar -m {SYSTEM} -n lpar22 -o shutdown --immed")
    assert rc == 0
    seed.advance(600)
    path = f"uom/LogicalPartition/{uuid_of(rest, 'lpar22')}"
    assert rest.get(f"{path}/quick/PartitionState").json() == "not activated"
    body, etag = edit(rest, path, DesiredMemory=4096)
    r = post(rest, path, body, etag)
    assert r.status_code == 200, r.text
    assert text(entry_object(r), "PartitionMemoryConfiguration/DesiredMemory") == "4096"
    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r prof -m {SYSTEM} --filter lpar_names=lpar22 -F desired_mem")
    assert out == "4096\n"
    _, _, rc = asyncssh_run(hmc, f"chsysstate -r lpar -m {SYSTEM} -n lpar22 -o on")
    assert rc == 0
    seed.advance(1800)
    out, _, _ = asyncssh_run(hmc, f"lshwres -r mem -m {SYSTEM} --level lpar --filter lpar_names=lpar22 -F curr_mem")
    assert out == "4096\n"
    assert seed.call(seed.world.check_invariants) == []


def test_shared_processor_pools_match_lshwres(seed, rest_for):
    from rest_client import UOM

    rest, hmc = rest_for(seed), seed.host("hmc1")
    sys_uuid = feed_objects(rest.get("uom/ManagedSystem"))[0].findtext(f"{UOM}Metadata/{UOM}Atom/{UOM}AtomID")
    pools = feed_objects(rest.get(f"uom/ManagedSystem/{sys_uuid}/SharedProcessorPool"))
    out, _, _ = asyncssh_run(hmc, f"lshwres -r procpool -m {SYSTEM} -F shared_proc_pool_id,name")
    assert [f"{text(p, 'PoolID')},{text(p, 'PoolName')}" for p in pools] == out.splitlines()
    default = pools[0]
    out, _, _ = asyncssh_run(hmc, f"lshwres -r proc -m {SYSTEM} --level pool -F curr_avail_pool_proc_units")
    assert float(text(default, "AvailableProcUnits")) == float(out)
    members = [link.get("href").rsplit("/", 1)[1] for link in default.find(f"{UOM}AssignedPartitions")]
    assert uuid_of(rest, "lpar30") in members
    uid = default.findtext(f"{UOM}Metadata/{UOM}Atom/{UOM}AtomID")
    assert rest.get(f"uom/ManagedSystem/{sys_uuid}/SharedProcessorPool/{uid}").status_code == 200
