"""MigrateValidate and Migrate jobs on a LogicalPartition go through migrlpar's own checks and move
(hmc/migration.py): a refusal carries the same HSCL text migrlpar prints over SSH, a validation
changes nothing, and a migration shows at once in lssyscfg of both systems."""

from __future__ import annotations

import pytest
from rest_client import feed_objects, text
from test_rest_jobs import job_of, put_job

from tests.sshclients import asyncssh_run
from tests.two_systems import SYS_A, SYS_B, write_two_systems


@pytest.fixture
def two_systems(estate_factory, tmp_path):
    return estate_factory(write_two_systems(tmp_path / "estate.toml", name="rest-migration"))


def _uuid(rest, name: str) -> str:
    return next(text(o, "PartitionUUID") for o in feed_objects(rest.get("uom/LogicalPartition"))
                if text(o, "PartitionName") == name)


def test_migrate_validate_and_migrate_jobs(two_systems, rest_for):
    est = two_systems
    rest = rest_for(est)
    hmc = est.host("hmc1")
    app1, app2 = _uuid(rest, "app1"), _uuid(rest, "app2")

    # app2 has no RMC session: the job fails with the text migrlpar prints
    ssh_out, _, rc = asyncssh_run(hmc, f"migrlpar -o v -m {SYS_A} -t {SYS_B} -p app2")
    assert rc == 1 and ssh_out.startswith("HSCL")
    job = job_of(put_job(rest, f"uom/LogicalPartition/{app2}", "MigrateValidate", "LogicalPartition",
                         {"TargetManagedSystemName": SYS_B}))
    assert job["status"] == "COMPLETED_WITH_ERROR" and job["message"] == ssh_out.rstrip("\n")

    job = job_of(put_job(rest, f"uom/LogicalPartition/{app1}", "MigrateValidate", "LogicalPartition",
                         {"TargetManagedSystemName": SYS_B}))
    assert job["status"] == "COMPLETED_OK" and job["message"] == ""
    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r lpar -m {SYS_A} -F name")
    assert out == "vios1\napp1\napp2\n"  # validation moved nothing

    job = job_of(put_job(rest, f"uom/LogicalPartition/{app1}", "Migrate", "LogicalPartition",
                         {"TargetManagedSystemName": SYS_B}))
    assert job["status"] == "COMPLETED_OK", job
    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r lpar -m {SYS_A} -F name")
    assert out == "vios1\napp2\n"
    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r lpar -m {SYS_B} -F name,state")
    assert out == "vios2,Running\napp1,Running\n"
    # the partition keeps its UUID and is now listed under the destination system
    systems = {text(o, "SystemName"): o for o in feed_objects(rest.get("uom/ManagedSystem"))}
    dest_uuid = next(e for e in systems[SYS_B].iter() if e.tag.endswith("AtomID")).text
    under = rest.get(f"uom/ManagedSystem/{dest_uuid}/LogicalPartition/{app1}")
    assert under.status_code == 200


def test_migration_job_template_and_wrong_group(two_systems, rest_for):
    rest = rest_for(two_systems)
    vios = text(feed_objects(rest.get("uom/VirtualIOServer"))[0], "PartitionUUID")
    assert rest.get(f"uom/LogicalPartition/{_uuid(rest, 'app1')}/do/Migrate").status_code == 200
    assert rest.get(f"uom/VirtualIOServer/{vios}/do/Migrate").status_code == 404


def test_pypowervm_validates_and_migrates(two_systems, monkeypatch):
    """pypowervm's own migration task (unmodified): a refused validation raises its JobRequestFailed
    with migrlpar's text; a migration then moves the partition."""
    from urllib.parse import urlparse

    from pypowervm import adapter as pvm_adapter
    from pypowervm import exceptions as pvm_exc
    from pypowervm.tasks import migration as pvm_migration
    from pypowervm.wrappers import logical_partition as pvm_lpar

    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    url = urlparse(two_systems.estate.rest_endpoints["hmc1"]["rest"])
    info = two_systems.host("hmc1")
    session = pvm_adapter.Session(url.hostname, info.username, info.password, port=url.port, certpath=None)
    try:
        adapter = pvm_adapter.Adapter(session)
        lpars = {lp.name: lp for lp in pvm_lpar.LPAR.get(adapter)}
        with pytest.raises(pvm_exc.JobRequestFailed, match="HSCL"):
            pvm_migration.migrate_lpar(lpars["app2"], SYS_B, validate_only=True)
        pvm_migration.migrate_lpar(lpars["app1"], SYS_B, validate_only=True)
        pvm_migration.migrate_lpar(lpars["app1"], SYS_B)
    finally:
        session._logoff()
    out, _, _ = asyncssh_run(two_systems.host("hmc1"), f"lssyscfg -r lpar -m {SYS_B} -F name")
    assert out == "vios2\napp1\n"
