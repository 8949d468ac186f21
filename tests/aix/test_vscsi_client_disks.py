"""A disk the VIOS maps with mkvdev is an hdisk on the client's lspv, with the PVID the VIOS shows, and it
goes away with rmvdev (the vios_maps truth seen through the client's LVM model: world/vscsi_client.py)."""

from __future__ import annotations

import pytest

from tests.sshclients import asyncssh_run


@pytest.fixture
def est(estate_factory):
    return estate_factory("vios-mappings")


def _lspv(est, name: str) -> dict[str, tuple[str, str]]:
    out, _, rc = asyncssh_run(est.host(name), "lspv")
    assert rc == 0
    return {f[0]: (f[1], f[2]) for f in (line.split() for line in out.splitlines())}


def test_mkvdev_on_the_vios_shows_on_the_client_and_rmvdev_takes_it_away(est):
    vios = est.host("vios1")
    before = _lspv(est, "lpar2")
    assert list(before) == ["hdisk0"]
    free = {line.split()[0]: line.split()[1] for line in asyncssh_run(vios, "lspv -free")[0].splitlines()[1:]}
    pvid = free["hdisk4"]
    assert asyncssh_run(vios, "mkvdev -vdev hdisk4 -vadapter vhost0 -dev lpar2_data") == ("lpar2_data Available\n", "", 0)
    after = _lspv(est, "lpar2")
    assert after["hdisk1"] == (pvid, "None")  # a new, unassigned disk with the VIOS's PVID
    # lpar3 sees its own mapped data disk (the scenario's lpar3_data), not lpar2's
    assert pvid not in {p for p, _ in _lspv(est, "lpar3").values()} and len(_lspv(est, "lpar3")) == 2
    # the client can build on it
    assert asyncssh_run(est.host("lpar2"), "mkvg -y datavg hdisk1")[2] == 0
    assert _lspv(est, "lpar2")["hdisk1"] == (pvid, "datavg")
    # a disk in use by a volume group stays until the VG is gone; an unused one leaves with rmvdev
    assert asyncssh_run(vios, "mkvdev -vdev hdisk5 -vadapter vhost0 -dev lpar2_more")[2] == 0
    assert "hdisk2" in _lspv(est, "lpar2")
    assert asyncssh_run(vios, "rmvdev -vtd lpar2_more")[2] == 0
    assert list(_lspv(est, "lpar2")) == ["hdisk0", "hdisk1"]
