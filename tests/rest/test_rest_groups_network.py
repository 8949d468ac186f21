"""``?group=ViosNetwork`` (a VIOS's Shared Ethernet Adapters, trunk adapters and free physical ports, as
padmin's lsmap -all -net and lsdev see them) and ``?group=Advanced`` (a client adapter's IP address,
mask and gateway, from schema V1_6_0 on), read raw and through pypowervm's wrappers."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from rest_client import UOM, feed_objects, text

from tests.sshclients import asyncssh_run


@pytest.fixture
def vios_estate(estate_factory):
    return estate_factory("vios-mappings")  # a V9 HMC; vios1 bridges ent13 with the SEA ent2


def _seas(obj) -> list[tuple[str, str, list[str]]]:
    return [(sea.findtext(f"{UOM}DeviceName"),
             sea.findtext(f"{UOM}BackingDeviceChoice/{UOM}EthernetBackingDevice/{UOM}DeviceName"),
             [t.findtext(f"{UOM}DeviceName") for t in sea.iter(f"{UOM}TrunkAdapter")])
            for sea in obj.iter(f"{UOM}SharedEthernetAdapter")]


def _free(obj) -> list[str]:
    free = obj.find(f"{UOM}FreeEthenetBackingDevicesForSEA")
    return [d.findtext(f"{UOM}DeviceName") for d in free.iter(f"{UOM}EthernetBackingDevice")]


def test_vios_network_group_follows_padmin(vios_estate, rest_for):
    rest = rest_for(vios_estate)
    vios = vios_estate.host("vios1")
    out, _, _ = asyncssh_run(vios, "lsmap -all -net")
    assert re.search(r"SEA\s+ent2\nBacking device\s+ent13\n", out)
    [obj] = feed_objects(rest.get("uom/VirtualIOServer?group=ViosNetwork"))
    assert _seas(obj) == [("ent2", "ent13", ["ent0"])]
    assert obj.find(f"{UOM}SharedEthernetAdapters").get("group") == "ViosNetwork"
    assert _free(obj) == []  # ent13 carries the SEA
    assert b"SharedEthernetAdapter" not in rest.get("uom/VirtualIOServer?group=None").content
    assert b"SharedEthernetAdapter" not in rest.get("uom/VirtualIOServer?group=ViosStorage").content

    assert asyncssh_run(vios, "rmdev -dev ent2")[2] == 0  # padmin removes the SEA: the port is free again
    [obj] = feed_objects(rest.get("uom/VirtualIOServer?group=ViosNetwork"))
    assert _seas(obj) == [] and _free(obj) == ["ent13"]
    assert asyncssh_run(vios, "mkvdev -sea ent13 -vadapter ent1 -default ent1 -defaultid 1")[2] == 0
    [obj] = feed_objects(rest.get("uom/VirtualIOServer?group=ViosNetwork"))
    assert _seas(obj) == [("ent2", "ent13", ["ent1"])]
    trunks = [t.findtext(f"{UOM}DeviceName") for t in obj.find(f"{UOM}TrunkAdapters").iter(f"{UOM}TrunkAdapter")]
    assert trunks == ["ent1"]  # the VIOS's trunk adapter (is_trunk=1 on the HMC)


def test_pypowervm_reads_the_sea_with_the_network_group(vios_estate, monkeypatch):
    from pypowervm import adapter as pvm_adapter
    from pypowervm import const
    from pypowervm.wrappers import virtual_io_server as pvm_vios

    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    url = urlparse(vios_estate.estate.rest_endpoints["hmc1"]["rest"])
    info = vios_estate.host("hmc1")
    session = pvm_adapter.Session(url.hostname, info.username, info.password, port=url.port, certpath=None)
    try:
        adapter = pvm_adapter.Adapter(session)
        [vios] = pvm_vios.VIOS.get(adapter, xag=[const.XAG.VIO_NET])
        [sea] = vios.seas
        assert (sea.dev_name, sea.pvid, sea.primary_adpt.dev_name) == ("ent2", 1, "ent0")
        assert [t.dev_name for t in vios.trunk_adapters] == ["ent1"]
        assert list(pvm_vios.VIOS.get(adapter)[0].seas) == []  # group=None
    finally:
        session._logoff()


def _lpar2_cna(rest, query: str = ""):
    lpars = {text(o, "PartitionName"): text(o, "PartitionUUID") for o in feed_objects(rest.get("uom/LogicalPartition"))}
    return feed_objects(rest.get(f"uom/LogicalPartition/{lpars['lpar2']}/ClientNetworkAdapter{query}"))[0]


def test_advanced_group_carries_the_interface_address(vios_estate, rest_for):
    rest = rest_for(vios_estate)
    lpar2 = vios_estate.host("lpar2")
    out, _, _ = asyncssh_run(lpar2, "ifconfig en0")
    ip, mask_hex = re.search(r"inet (\S+) netmask 0x([0-9a-f]+)", out).groups()
    mask = ".".join(str(int(mask_hex[i:i + 2], 16)) for i in range(0, 8, 2))
    cna = _lpar2_cna(rest)
    assert (text(cna, "IPAddress"), text(cna, "SubnetMask")) == (ip, mask)
    assert cna.find(f"{UOM}IPAddress").get("group") == "Advanced"
    assert cna.find(f"{UOM}IPAddress").get("ksv") == "V1_6_0"
    routes, _, _ = asyncssh_run(lpar2, "netstat -rn")
    assert re.search(rf"^default\s+{re.escape(text(cna, 'Gateway'))}\s", routes, re.M)
    assert text(_lpar2_cna(rest, "?group=None"), "IPAddress") is None
    assert text(_lpar2_cna(rest, "?group=Advanced"), "IPAddress") == ip


def test_no_advanced_group_below_schema_v1_6_0(seed, rest_for):
    """The seed's V7 HMC writes V1_0: the Advanced elements came with V1_6_0."""
    rest = rest_for(seed)
    uid = text(feed_objects(rest.get("uom/LogicalPartition"))[0], "PartitionUUID")
    r = rest.get(f"uom/LogicalPartition/{uid}/ClientNetworkAdapter?group=Advanced")
    assert r.status_code == 200 and b"<MACAddress " in r.content and b"<IPAddress " not in r.content
