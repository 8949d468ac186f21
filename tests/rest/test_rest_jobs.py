"""Jobs over raw HTTP: the JobRequest template, CLIRunner through the HMC's own interpreter (the same
output as SSH), PowerOff/PowerOn of a partition through the world's power operations (the state then
moves on the virtual clock), and a PowerOff of a partition already off refused in the CLI's words."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rest_client import ATOM, WEB, feed_objects, text

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"


def job_request(op: str, group: str, params: dict[str, str]) -> bytes:
    ps = "".join(f'<JobParameter schemaVersion="V1_0"><Metadata><Atom/></Metadata><ParameterName>{k}</ParameterName>'
                 f"<ParameterValue>{v}</ParameterValue></JobParameter>" for k, v in params.items())
    return (f'<JobRequest:JobRequest xmlns:JobRequest="{WEB[1:-1]}" xmlns="{WEB[1:-1]}" schemaVersion="V1_0">'
            "<Metadata><Atom/></Metadata><RequestedOperation><OperationName>"
            f"{op}</OperationName><GroupName>{group}</GroupName></RequestedOperation>"
            f"<JobParameters>{ps}</JobParameters></JobRequest:JobRequest>").encode()


def put_job(rest, path: str, op: str, group: str, params: dict[str, str]):
    return rest.request("PUT", f"{path}/do/{op}", data=job_request(op, group, params))


def job_of(r) -> dict:
    obj = ET.fromstring(r.content).find(f"{ATOM}content")[0]
    results = {p.findtext(f"{WEB}ParameterName"): p.findtext(f"{WEB}ParameterValue")
               for p in obj.iter(f"{WEB}JobParameter") if p in list(obj.find(f"{WEB}Results"))}
    return {"id": obj.findtext(f"{WEB}JobID"), "status": obj.findtext(f"{WEB}Status"), "results": results,
            "message": obj.findtext(f"{WEB}ResponseException/{WEB}Message") or ""}


def test_clirunner_and_power_jobs(seed, rest_for):
    rest = rest_for(seed)
    console = ET.fromstring(rest.get("uom/ManagementConsole").content).find(f"{ATOM}entry/{ATOM}id").text
    r = rest.get(f"uom/ManagementConsole/{console}/do/CLIRunner")
    assert r.status_code == 200 and b"<OperationName kb=\"ROR\" kxe=\"false\">CLIRunner</OperationName>" in r.content

    cmd = f"lshwres -r mem -m {SYSTEM} --level lpar -F lpar_name,curr_mem"
    r = rest.request("PUT", f"uom/ManagementConsole/{console}/do/CLIRunner",
                     data=job_request("CLIRunner", "ManagementConsole", {"cmd": cmd}))
    job = job_of(r)
    ssh_out, _, _ = asyncssh_run(seed.host("hmc1"), cmd)
    assert job["status"] == "COMPLETED_OK" and job["results"] == {"returnCode": "0", "result": ssh_out}
    assert job_of(rest.get(f"uom/jobs/{job['id']}")) == job
    bad = "chhwres -r mem -m nosuch -o a -p x -q 256"
    r = put_job(rest, f"uom/ManagementConsole/{console}", "CLIRunner", "ManagementConsole", {"cmd": bad})
    job = job_of(r)
    assert job["status"] == "COMPLETED_WITH_ERROR" and job["results"]["returnCode"] == "1"
    assert job["results"]["result"].startswith("HSCL8014 ")

    lpar21 = next(text(o, "PartitionUUID") for o in feed_objects(rest.get("uom/LogicalPartition"))
                  if text(o, "PartitionName") == "lpar21")
    r = rest.request("PUT", f"uom/LogicalPartition/{lpar21}/do/PowerOff",
                     data=job_request("PowerOff", "LogicalPartition", {"operation": "shutdown", "immediate": "true"}))
    off = job_of(r)
    assert off["status"] == "RUNNING", r.text  # the partition is still Shutting Down
    assert rest.get(f"uom/LogicalPartition/{lpar21}/quick/PartitionState").json() == "shutting down"
    assert job_of(rest.get(f"uom/jobs/{off['id']}"))["status"] == "RUNNING"
    seed.advance(2)  # the immediate shutdown takes 5 virtual seconds (power.py)
    assert job_of(rest.get(f"uom/jobs/{off['id']}"))["status"] == "RUNNING"
    seed.advance(600)
    done = ET.fromstring(rest.get(f"uom/jobs/{off['id']}").content).find(f"{ATOM}content")[0]
    assert done.findtext(f"{WEB}Status") == "COMPLETED_OK"
    # completed at the transition's virtual instant, not at the poll
    assert int(done.findtext(f"{WEB}TimeCompleted")) - int(done.findtext(f"{WEB}TimeStarted")) == 5000
    assert rest.get(f"uom/LogicalPartition/{lpar21}/quick/PartitionState").json() == "not activated"
    out, _, _ = asyncssh_run(seed.host("hmc1"), f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar21 -F state")
    assert out == "Not Activated\n"
    r = rest.request("PUT", f"uom/LogicalPartition/{lpar21}/do/PowerOff",  # already off: the CLI's refusal
                     data=job_request("PowerOff", "LogicalPartition", {"operation": "shutdown"}))
    assert job_of(r)["status"] == "COMPLETED_WITH_ERROR" and job_of(r)["message"]

    r = put_job(rest, f"uom/LogicalPartition/{lpar21}", "PowerOn", "LogicalPartition", {})
    on = job_of(r)
    assert on["status"] == "RUNNING", r.text
    seed.advance(1800)
    assert rest.get(f"uom/LogicalPartition/{lpar21}/quick/PartitionState").json() == "running"
    assert job_of(rest.get(f"uom/jobs/{on['id']}"))["status"] == "COMPLETED_OK"


def test_power_job_interrupted_fails_before_completion(seed, rest_for):
    """A PowerOn whose partition is shut down while it is still Starting never reaches Running [I]."""
    rest = rest_for(seed)
    lpar21 = next(text(o, "PartitionUUID") for o in feed_objects(rest.get("uom/LogicalPartition"))
                  if text(o, "PartitionName") == "lpar21")
    off = job_of(put_job(rest, f"uom/LogicalPartition/{lpar21}", "PowerOff", "LogicalPartition",
                         {"operation": "shutdown", "immediate": "true"}))
    seed.advance(60)
    assert job_of(rest.get(f"uom/jobs/{off['id']}"))["status"] == "COMPLETED_OK"
    on = job_of(put_job(rest, f"uom/LogicalPartition/{lpar21}", "PowerOn", "LogicalPartition", {}))
    assert on["status"] == "RUNNING"
    out, _, rc = asyncssh_run(seed.host("hmc1"), f"chsysstate -r lpar -m {SYSTEM} -n lpar21 -o shutdown --immed")
    assert rc == 0, out
    seed.advance(1800)
    failed = job_of(rest.get(f"uom/jobs/{on['id']}"))
    assert failed["status"] == "FAILED_BEFORE_COMPLETION" and "Not Activated" in failed["message"]


def test_managed_system_power_jobs(seed, rest_for):
    rest = rest_for(seed)
    sys_uuid = ET.fromstring(rest.get("uom/ManagedSystem").content).find(f"{ATOM}entry/{ATOM}id").text
    r = put_job(rest, f"uom/ManagedSystem/{sys_uuid}", "PowerOff", "ManagedSystem", {})
    off = job_of(r)
    assert off["status"] == "RUNNING", r.text
    assert rest.get("uom/LogicalPartition/quick/All").json()[0]["PartitionState"] == "not activated"
    seed.advance(1800)
    assert job_of(rest.get(f"uom/jobs/{off['id']}"))["status"] == "COMPLETED_OK"
    assert rest.get(f"uom/ManagedSystem/{sys_uuid}/quick/State").json() == "power off"
    out, _, _ = asyncssh_run(seed.host("hmc1"), "lssyscfg -r sys -F name,state")
    assert out == f"{SYSTEM},Power Off\n"
    r = put_job(rest, f"uom/ManagedSystem/{sys_uuid}", "PowerOff", "ManagedSystem", {})
    assert job_of(r)["status"] == "COMPLETED_WITH_ERROR"  # already off: the CLI's refusal
    r = put_job(rest, f"uom/ManagedSystem/{sys_uuid}", "PowerOn", "ManagedSystem", {})
    on = job_of(r)
    assert on["status"] == "RUNNING", r.text
    assert job_of(rest.get(f"uom/jobs/{on['id']}"))["status"] == "RUNNING"
    seed.advance(1800)
    assert job_of(rest.get(f"uom/jobs/{on['id']}"))["status"] == "COMPLETED_OK"
    assert rest.get(f"uom/ManagedSystem/{sys_uuid}/quick/State").json() == "operating"
