"""pypowervm (PyPI, unmodified: the PowerVM driver of OpenStack/PowerVC) against the fake HMC's REST
door: log on, read the managed system and its partitions, change a running partition's memory, and see
a DLPAR refusal come back as pypowervm's HttpError carrying the HSCL text.

requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override pypowervm's ``verify=False``; the test drops
them, as a user of pypowervm against a self-signed HMC must."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from pypowervm import adapter as pvm_adapter
from pypowervm import exceptions as pvm_exc
from pypowervm.wrappers import logical_partition as pvm_lpar
from pypowervm.wrappers import managed_system as pvm_ms
from pypowervm.wrappers import virtual_io_server as pvm_vios

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"


@pytest.fixture
def adapter(seed, monkeypatch):
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    url = urlparse(seed.estate.rest_endpoints["hmc1"]["rest"])
    info = seed.host("hmc1")
    session = pvm_adapter.Session(url.hostname, info.username, info.password, port=url.port, certpath=None)
    yield pvm_adapter.Adapter(session)
    session._logoff()  # before the estate stops (the fixture order stops it after this)


def test_pypowervm_reads_and_changes_memory(seed, adapter):
    hmc = seed.host("hmc1")
    [system] = pvm_ms.System.get(adapter)
    assert system.system_name == SYSTEM and system.system_state == "operating"
    out, _, _ = asyncssh_run(hmc, f"lshwres -r mem -m {SYSTEM} --level sys -F curr_avail_sys_mem,installed_sys_mem")
    assert out == f"{system.memory_free},{system.memory_total}\n"

    lpars = {lp.name: lp for lp in pvm_lpar.LPAR.get(adapter, parent=system)}
    assert sorted(lpars) == ["lpar21", "lpar22", "lpar23", "lpar30"]
    assert sorted(v.name for v in pvm_vios.VIOS.get(adapter, parent=system)) == ["vios1", "vios2"]
    lp21 = lpars["lpar21"]
    assert (lp21.state, lp21.rmc_state, lp21.capabilities.mem_dlpar) == ("running", "active", True)
    assert lpars["lpar30"].capabilities.mem_dlpar is False  # the seed: DCaps 0x0

    lp21.mem_config.desired = lp21.mem_config.desired + 1024
    lp21 = lp21.update()
    assert lp21.mem_config.desired == 9216
    out, _, _ = asyncssh_run(hmc, f"lshwres -r mem -m {SYSTEM} --level lpar --filter lpar_names=lpar21 -F curr_mem")
    assert out == "9216\n"

    lp30 = lpars["lpar30"]
    lp30.mem_config.desired = lp30.mem_config.desired + 1024
    with pytest.raises(pvm_exc.HttpError) as failed:
        lp30.update()
    assert failed.value.response.status == 500
    assert "HSCL2957" in str(failed.value)
    out, _, _ = asyncssh_run(hmc, f"lshwres -r mem -m {SYSTEM} --level lpar --filter lpar_names=lpar30 -F curr_mem")
    assert out == "8192\n"


def _while_clock_moves(seed, call) -> None:
    """Run ``call`` (a pypowervm job, which polls its status each wall second until it is no longer
    RUNNING) while the virtual clock moves on, as it would on its own against a real HMC."""
    import threading

    failure: list[BaseException] = []

    def run():
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            failure.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    for _ in range(300):
        worker.join(0.2)
        if not worker.is_alive():
            break
        seed.advance(5)
    assert not worker.is_alive(), "the job never left RUNNING"
    if failure:
        raise failure[0]


def test_pypowervm_powers_a_partition_off_and_on(seed, adapter):
    from pypowervm.tasks import power, power_opts

    [system] = pvm_ms.System.get(adapter)
    lp21 = next(lp for lp in pvm_lpar.LPAR.get(adapter, parent=system) if lp.name == "lpar21")
    # the job returns only once the partition is off (it stays RUNNING while it shuts down)
    _while_clock_moves(seed, lambda: power.PowerOp.stop(lp21, opts=power_opts.PowerOffOpts().vsp_hard()))
    assert pvm_lpar.LPAR.get(adapter, uuid=lp21.uuid).state == "not activated"
    out, _, _ = asyncssh_run(seed.host("hmc1"), f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar21 -F state")
    assert out == "Not Activated\n"
    _while_clock_moves(seed, lambda: power.PowerOp.start(pvm_lpar.LPAR.get(adapter, uuid=lp21.uuid)))
    lp21 = pvm_lpar.LPAR.get(adapter, uuid=lp21.uuid)
    assert lp21.state == "running"
    # every job pypowervm ran was deleted again after it finished
    assert seed.call(lambda: [e.command for e in seed.world.transcript if e.channel == "rest"
                              and e.command.startswith("DELETE /rest/api/uom/jobs/")]) != []


def test_pypowervm_reads_switches_networks_and_pools(seed, adapter):
    from pypowervm.wrappers import network as pvm_net
    from pypowervm.wrappers import shared_proc_pool as pvm_spp

    hmc = seed.host("hmc1")
    [system] = pvm_ms.System.get(adapter)
    switches = pvm_net.VSwitch.get(adapter, parent=system)
    out, _, _ = asyncssh_run(hmc, f"lshwres -r virtualio --rsubtype vswitch -m {SYSTEM} -F vswitch,vlan_ids")
    cli = dict(line.split(",", 1) for line in out.splitlines())
    assert sorted(s.name.replace("(Default)", "") for s in switches) == sorted(cli)
    nets = pvm_net.VNet.get(adapter, parent=system)
    cli_vlans = sorted(int(v) for vl in cli.values() if vl != "none" for v in vl.strip('"').split(","))
    assert sorted(n.vlan for n in nets) == cli_vlans
    assert all(n.name == f"VLAN{n.vlan}-ETHERNET0" for n in nets if n.vswitch_id == 0)
    pools = pvm_spp.SharedProcPool.get(adapter, parent=system)
    out, _, _ = asyncssh_run(hmc, f"lshwres -r procpool -m {SYSTEM} -F shared_proc_pool_id,name")
    assert [f"{p.id},{p.name}" for p in pools] == out.splitlines()


def test_pypowervm_reads_client_network_adapters(seed, adapter):
    from pypowervm.wrappers import network as pvm_net

    [system] = pvm_ms.System.get(adapter)
    lp21 = next(lp for lp in pvm_lpar.LPAR.get(adapter, parent=system) if lp.name == "lpar21")
    cnas = pvm_net.CNA.get(adapter, parent=lp21)
    out, _, _ = asyncssh_run(seed.host("hmc1"), f"lshwres -r virtualio --rsubtype eth --level lpar -m {SYSTEM} "
                                                "--filter lpar_names=lpar21 -F slot_num,port_vlan_id,mac_addr")
    assert [f"{c.slot},{c.pvid},{c.mac}" for c in cnas] == out.splitlines()
    assert cnas and cnas[0].vswitch_uri.endswith(pvm_net.VSwitch.get(adapter, parent=system)[0].uuid)
