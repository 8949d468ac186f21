"""MigrateAbort and MigrateRecover jobs are migrlpar -o s and -o r (hmc/migration.stop_or_recover): the
same refusal, word for word, when no migration is in progress (the model's migrations complete at once),
and pypowervm's migrate_abort/migrate_recover see it as JobRequestFailed."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from rest_client import feed_objects, text
from test_rest_jobs import job_of, put_job
from test_rest_migration import SYS_A, SYS_B, _uuid, two_systems  # noqa: F401 - the two-system estate

from tests.sshclients import asyncssh_run


@pytest.mark.parametrize("op, flag, params", [("MigrateAbort", "s", {}),
                                               ("MigrateRecover", "r", {"Force": "true"})])
def test_stop_and_recover_jobs_answer_as_migrlpar(two_systems, rest_for, op, flag, params):  # noqa: F811
    rest = rest_for(two_systems)
    hmc = two_systems.host("hmc1")
    uid = _uuid(rest, "app1")
    template = rest.get(f"uom/LogicalPartition/{uid}/do/{op}")
    assert template.status_code == 200 and f">{op}</OperationName>".encode() in template.content
    job = job_of(put_job(rest, f"uom/LogicalPartition/{uid}", op, "LogicalPartition", params))
    force = " --force" if params else ""
    out, err, rc = asyncssh_run(hmc, f"migrlpar -o {flag} -m {SYS_A} -p app1{force}")
    assert rc != 0
    assert job["status"] == "COMPLETED_WITH_ERROR"
    assert job["message"] == (out + err).strip() and job["message"].startswith("HSCL")
    # a job of another group is no such operation
    vios_uid = text(feed_objects(rest.get("uom/VirtualIOServer"))[0], "PartitionUUID")
    assert rest.get(f"uom/VirtualIOServer/{vios_uid}/do/{op}").status_code == 404


def test_pypowervm_abort_and_recover_fail_with_migrlpar_text(two_systems, monkeypatch):  # noqa: F811
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
        with pytest.raises(pvm_exc.JobRequestFailed, match="HSCL3664"):
            pvm_migration.migrate_abort(lpars["app1"])
        pvm_migration.migrate_lpar(lpars["app1"], SYS_B)  # done at once: nothing left to recover
        moved = {lp.name: lp for lp in pvm_lpar.LPAR.get(adapter)}["app1"]
        with pytest.raises(pvm_exc.JobRequestFailed, match="HSCL3664"):
            pvm_migration.migrate_recover(moved, force=True)
    finally:
        session._logoff()
    out, _, _ = asyncssh_run(two_systems.host("hmc1"), f"lssyscfg -r lpar -m {SYS_B} -F name")
    assert out == "vios2\napp1\n"  # the recover refusal changed nothing
