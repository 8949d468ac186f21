"""Events: a session's first GET /rest/api/uom/Event registers it; later GETs return what changed since
(MODIFY_URI naming the changed properties), and a GET with nothing yet waits until the world changes.
The seed's repair shows as an event a waiting tool sees: lpar30 becomes DLPAR-capable."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET

from rest_client import ATOM, UOM, feed_objects, text

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"


def events_of(r) -> list[tuple[str, str, str]]:
    if r.status_code == 204:
        return []
    assert r.status_code == 200, r.text
    return [(text(o, "EventType"), text(o, "EventData"), text(o, "EventDetail") or "") for o in feed_objects(r)]


def test_events_report_changes_and_the_seed_repair(seed, rest_for):
    rest = rest_for(seed)
    lpar30 = next(o for o in feed_objects(rest.get("uom/LogicalPartition")) if text(o, "PartitionName") == "lpar30")
    uid = text(lpar30, "PartitionUUID")
    assert rest.get("uom/Event").status_code == 204  # registers this session

    # a change made over SSH while the GET waits wakes it
    got: list = []
    waiter = threading.Thread(target=lambda: got.append(rest.get("uom/Event")))
    waiter.start()
    _, _, rc = asyncssh_run(seed.host("hmc1"), f"chhwres -r mem -m {SYSTEM} -o a -p lpar21 -q 512")
    assert rc == 0
    waiter.join(timeout=60)
    evs = events_of(got[0])
    assert [(t, d) for t, url, d in evs if "/LogicalPartition/" in url] == [("MODIFY_URI", "CurrentMemory")]

    # the seed: recfgct, then the clock; the event names the capabilities that changed
    _, _, rc = asyncssh_run(seed.host("lpar30"), "/usr/sbin/rsct/install/bin/recfgct")
    assert rc == 0
    seed.advance(360)
    evs = [e for e in events_of(rest.get("uom/Event")) if e[1].endswith(uid)]
    assert evs and evs[-1][0] == "MODIFY_URI"
    details = ",".join(d for _, _, d in evs).split(",")
    assert "DynamicLogicalPartitionMemoryCapable" in details
    assert rest.get(f"uom/LogicalPartition/{uid}/quick/DynamicLogicalPartitionMemoryCapable").json() is True
    root = ET.fromstring(rest.get("uom/LogicalPartition").content)
    assert root.tag == f"{ATOM}feed" and root.find(f".//{UOM}PartitionName") is not None
