"""The seed's story through the REST door: lpar30 is not DLPAR-capable (DCaps 0x0), a memory change
POSTed to its LogicalPartition fails with the HSCL2957 text chhwres prints; after recfgct over SSH and
six virtual minutes it succeeds, and lshwres over SSH shows the change."""

from __future__ import annotations

import re

from rest_client import UOM, entry_object, error_of, feed_objects, text

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"
RECFGCT = "/usr/sbin/rsct/install/bin/recfgct"


def lpar30(rest) -> tuple[str, str]:
    """(system uuid, lpar30 uuid) found the way a client finds them: by walking the feeds."""
    systems = feed_objects(rest.get("uom/ManagedSystem"))
    sys_uuid = systems[0].findtext(f"{UOM}Metadata/{UOM}Atom/{UOM}AtomID")
    for obj in feed_objects(rest.get(f"uom/ManagedSystem/{sys_uuid}/LogicalPartition")):
        if text(obj, "PartitionName") == "lpar30":
            return sys_uuid, text(obj, "PartitionUUID")
    raise AssertionError("lpar30 not in the feed")


def with_desired_memory(body: bytes, mb: int) -> bytes:
    """The entry's LogicalPartition object with DesiredMemory edited, as a client posts it back."""
    xml = body.decode()
    start = xml.index("<LogicalPartition:LogicalPartition")
    end = xml.index("</LogicalPartition:LogicalPartition>") + len("</LogicalPartition:LogicalPartition>")
    obj = xml[start:end]
    return re.sub(r'(<DesiredMemory kb="CUD" kxe="false">)\d+(<)', rf"\g<1>{mb}\2", obj).encode()


def test_seed_story_over_rest(seed, rest_for):
    rest = rest_for(seed)
    sys_uuid, uid = lpar30(rest)
    path = f"uom/ManagedSystem/{sys_uuid}/LogicalPartition/{uid}"

    quick = rest.get(f"uom/LogicalPartition/{uid}/quick/All").json()
    assert quick["PartitionName"] == "lpar30" and quick["PartitionState"] == "running"
    assert quick["DynamicLogicalPartitionMemoryCapable"] is False  # DCaps 0x0: what lssyscfg says too
    assert quick["DynamicLogicalPartitionProcessorCapable"] is False
    assert quick["CurrentMemory"] == 8192
    assert rest.get(f"uom/LogicalPartition/{uid}/quick/CurrentMemory").text == "8192"
    out, _, _ = asyncssh_run(seed.host("hmc1"), f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar30 "
                                                "-F rmc_state,dlpar_mem_capable")
    assert out == f"{quick['ResourceMonitoringControlState']},0\n"

    # the memory change fails with the CLI's words, and nothing changed
    r = rest.get(path)
    etag = r.headers["etag"]
    post = rest.request("POST", path, data=with_desired_memory(r.content, 9216),
                        headers={"If-Match": etag,
                                 "Content-Type": "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition"})
    assert post.status_code == 500
    err = error_of(post)
    assert err["HTTPStatus"] == "500"
    assert err["Message"].startswith("HSCL2957 There is currently no RMC connection between the management "
                                     "console and partition 24")
    out, _, rc = asyncssh_run(seed.host("hmc1"), f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024")
    assert rc == 1 and out.rstrip("\n") == err["Message"]  # the same text through both doors
    assert rest.get(path).headers["etag"] == etag

    # the AIX repair, then the clock: the next RMC poll brings DCaps
    _, _, rc = asyncssh_run(seed.host("lpar30"), RECFGCT)
    assert rc == 0
    seed.advance(360)
    quick = rest.get(f"uom/LogicalPartition/{uid}/quick/All").json()
    assert quick["DynamicLogicalPartitionMemoryCapable"] is True

    r = rest.get(path)
    assert r.headers["etag"] != etag  # the capabilities changed: so did the entry
    post = rest.request("POST", path, data=with_desired_memory(r.content, 9216),
                        headers={"If-Match": r.headers["etag"]})
    assert post.status_code == 200, post.text
    assert text(entry_object(post), "PartitionMemoryConfiguration/CurrentMemory") == "9216"
    out, _, _ = asyncssh_run(seed.host("hmc1"),
                             f"lshwres -r mem -m {SYSTEM} --level lpar --filter lpar_names=lpar30 -F curr_mem")
    assert out == "9216\n"
    out, _, _ = asyncssh_run(seed.host("lpar30"), "lparstat -i | grep '^Online Memory'")
    assert out.split(":", 1)[1].strip() == "9216 MB"
    assert seed.call(seed.world.check_invariants) == []

    # the transcript saw the REST calls beside the SSH commands
    rest_calls = seed.call(lambda: [(e.command, e.exit_code) for e in seed.world.transcript if e.channel == "rest"])
    assert (f"POST /rest/api/{path}", 500) in rest_calls and (f"POST /rest/api/{path}", 200) in rest_calls
