"""``?group=`` extended attribute groups: a VirtualIOServer's ViosStorage group (its physical disks, as
padmin's lspv lists them) is served whole or when named, and left out for ``group=None``, which is
what pypowervm asks for unless it names groups; pypowervm reads the disks with xag=[ViosStorage]."""

from __future__ import annotations

from rest_client import UOM, feed_objects, text

from test_rest_pypowervm import adapter  # noqa: F401 - the pypowervm adapter fixture

from harness.world import vios_maps
from tests.sshclients import asyncssh_run


def _vios_disks(obj) -> list[str]:
    return [pv.findtext(f"{UOM}VolumeName") for pv in obj.iter(f"{UOM}PhysicalVolume")]


def test_vios_storage_group(seed, rest_for):
    rest = rest_for(seed)
    vios = feed_objects(rest.get("uom/VirtualIOServer"))[0]
    uid = text(vios, "PartitionUUID")
    name = text(vios, "PartitionName")
    disks = seed.call(lambda: [d["name"] for s in seed.world.systems.values() for p in s.partitions.values()
                               if p.name == name for d in vios_maps.state(s, p)["disks"]])
    assert disks and _vios_disks(vios) == disks  # no group: everything
    assert vios.find(f"{UOM}PhysicalVolumes").get("group") == "ViosStorage"
    base = rest.get(f"uom/VirtualIOServer/{uid}?group=None")
    named = rest.get(f"uom/VirtualIOServer/{uid}?group=ViosStorage")
    assert b"<PhysicalVolume " not in base.content and b"<PartitionName " in base.content
    assert named.content.count(b"<VolumeName ") == len(disks)
    assert base.headers["etag"] != named.headers["etag"]  # a different object, a different etag
    feed = rest.get("uom/VirtualIOServer?group=None")
    assert b"<PhysicalVolume " not in feed.content
    # a partition has no ViosStorage group: the same object either way
    lp = rest.get("uom/LogicalPartition?group=None")
    assert lp.content.count(b"<PartitionName ") == rest.get("uom/LogicalPartition").content.count(b"<PartitionName ")


def test_pypowervm_reads_vios_disks_with_the_storage_group(seed, adapter):  # noqa: F811
    from pypowervm import const
    from pypowervm.wrappers import virtual_io_server as pvm_vios

    vios = pvm_vios.VIOS.get(adapter, xag=[const.XAG.VIO_STOR])[0]
    out, _, _ = asyncssh_run(seed.host("hmc1"), f"lssyscfg -r lpar -m Server-9117-MMB-SN10284FP "
                                                f"--filter lpar_names={vios.name} -F lpar_id")
    assert str(vios.id) == out.strip()
    names = [pv.name for pv in vios.phys_vols]
    assert names and names[0] == "hdisk0"
    assert {pv.name: pv.capacity for pv in vios.phys_vols}["hdisk0"] > 0
    plain = pvm_vios.VIOS.get(adapter)[0]  # group=None: no disks
    assert list(plain.phys_vols) == []


def test_an_etag_read_under_a_group_is_current_for_a_change(seed, rest_for):
    """pypowervm reads with group=None and posts back with that etag: it must not be taken as stale."""
    rest = rest_for(seed)
    uid = text(feed_objects(rest.get("uom/VirtualIOServer"))[0], "PartitionUUID")
    r = rest.get(f"uom/VirtualIOServer/{uid}?group=None")
    xml = r.content.decode()
    start = xml.index("<VirtualIOServer:VirtualIOServer")
    end = xml.index("</VirtualIOServer:VirtualIOServer>") + len("</VirtualIOServer:VirtualIOServer>")
    body = xml[start:end].encode()
    post = lambda etag: rest.request("POST", f"uom/VirtualIOServer/{uid}", data=body,  # noqa: E731
                                     headers={"If-Match": etag})
    assert post("0123456789").status_code == 412
    assert post(r.headers["etag"]).status_code == 200


def test_managed_system_hypervisor_group(seed, rest_for):
    """The system's AssociatedIPLConfiguration (group Hypervisor) carries what lssyscfg -r sys prints
    of the next IPL; group=None leaves it out."""
    rest = rest_for(seed)
    [system] = feed_objects(rest.get("uom/ManagedSystem"))
    ipl = system.find(f"{UOM}AssociatedIPLConfiguration")
    assert ipl.get("group") == "Hypervisor"
    out, _, _ = asyncssh_run(seed.host("hmc1"), "lssyscfg -r sys -F power_on_lpar_start_policy,power_on_option")
    policy, option = out.strip().split(",")
    assert (ipl.findtext(f"{UOM}PowerOnLogicalPartitionStartPolicy"), ipl.findtext(f"{UOM}PowerOnOption")) \
        == (policy, option)
    assert b"AssociatedIPLConfiguration" not in rest.get("uom/ManagedSystem?group=None").content
    assert b"AssociatedIPLConfiguration" in rest.get("uom/ManagedSystem?group=Hypervisor").content
