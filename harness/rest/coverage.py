"""The REST coverage table: every method and path the REST server routes (read from its router, so it
cannot drift), what it serves, and the parts of the HMC REST reference not served yet."""

from __future__ import annotations

SERVED = {
    "/rest/api/web/Logon": "PUT logs on (LogonRequest -> LogonResponse, X-API-Session); DELETE logs off",
    "/rest/api/uom/ManagementConsole": "feed of this HMC",
    "/rest/api/uom/ManagementConsole/{uuid}": "entry",
    "/rest/api/uom/ManagedSystem": "feed of the managed systems (?group=None|All|Hypervisor)",
    "/rest/api/uom/ManagedSystem/quick/All": "quick properties of every system (JSON)",
    "/rest/api/uom/ManagedSystem/{sys}": "entry",
    "/rest/api/uom/ManagedSystem/{sys}/quick": "quick properties (JSON)",
    "/rest/api/uom/ManagedSystem/{sys}/quick/{prop}": "one quick property, or All",
    "/rest/api/uom/ManagedSystem/{sys}/{child}": "feed of SharedProcessorPool, VirtualSwitch or VirtualNetwork",
    "/rest/api/uom/ManagedSystem/{sys}/{child}/{uuid}": "entry",
    "/rest/api/uom/ManagedSystem/{sys}/{kind}": "feed of the system's LogicalPartition or VirtualIOServer",
    "/rest/api/uom/ManagedSystem/{sys}/{kind}/{uuid}": "entry; POST with If-Match = DLPAR / desired values",
    "/rest/api/uom/{kind}": "feed of every LogicalPartition or VirtualIOServer (?group=None|All|ViosStorage|"
                            "ViosNetwork)",
    "/rest/api/uom/{kind}/quick/All": "quick properties of every partition (JSON)",
    "/rest/api/uom/{kind}/{uuid}": "entry; POST with If-Match = DLPAR / desired values",
    "/rest/api/uom/{kind}/{uuid}/ClientNetworkAdapter": "feed of the partition's virtual Ethernet adapters "
                                                         "(?group=Advanced: IP address, mask, gateway from V1_6_0)",
    "/rest/api/uom/{kind}/{uuid}/ClientNetworkAdapter/{cna}": "entry",
    "/rest/api/uom/{kind}/{uuid}/LogicalPartitionProfile":
        "feed of the partition's profiles (lssyscfg -r prof); PUT (or POST) creates one as mksyscfg -r prof",
    "/rest/api/uom/{kind}/{uuid}/LogicalPartitionProfile/{prof}":
        "entry: memory and processors of one profile (the AssociatedPartitionProfile link); POST with If-Match "
        "changes or renames it as chsyscfg -r prof",
    "/rest/api/uom/{kind}/{uuid}/quick": "quick properties (JSON)",
    "/rest/api/uom/{kind}/{uuid}/quick/{prop}": "one quick property, or All",
    "/rest/api/uom/{group}/{uuid}/do/{op}":
        "jobs: GET the JobRequest, PUT runs it (PowerOn, PowerOff of partitions and systems; CLIRunner; "
        "MigrateValidate, Migrate, MigrateAbort, MigrateRecover of a LogicalPartition as migrlpar -o v|m|s|r)",
    "/rest/api/pcm/ManagedSystem/{sys}/preferences":
        "PCM preferences feed (ManagedSystemPcmPreference, all off at first); POST the edited one (If-Match: "
        "the feed's etag) to turn long-term monitoring, aggregation, ... on",
    "/rest/api/pcm/ManagedSystem/{sys}/RawMetrics/LongTermMonitor":
        "feed of the long-term monitor's samples, one per 30 s of virtual time once it is on (204 before)",
    "/rest/api/pcm/ManagedSystem/{sys}/RawMetrics/LongTermMonitor/{file}":
        "one PHYP sample (JSON): the system's processors and memory and each partition's allocation and "
        "cycle counters, as lslparutil prints them",
    "/rest/api/uom/jobs/{id}":
        "JobResponse: a power job RUNNING until its transition is over on the virtual clock, then "
        "COMPLETED_OK (or FAILED_BEFORE_COMPLETION); DELETE cleans it",
    "/rest/api/uom/Event":
        "long poll: ADD_URI/DELETE_URI/MODIFY_URI events since the session's last GET",
}

NOT_SERVED = ["a LogicalPartitionProfile's adapters, slots and settings other than memory and processors",
              "VirtualIOServer storage/network children",
              "?group= extended groups other than ViosStorage (a VIOS's PhysicalVolumes; not its StoragePools and "
              "MediaRepositories: VolumeGroup and VirtualMediaRepository are not served), ViosNetwork (SEAs, trunk "
              "adapters, free ports; no link aggregations), Advanced (a ClientNetworkAdapter's IP settings) and "
              "Hypervisor (a system's AssociatedIPLConfiguration): ViosSCSIMapping, ViosFCMapping, SystemNetwork, "
              "EnergyManagement, NVRAM, VNIC; None and All are honoured",
              "PCM's VIOS (vios_N) and RSCT (lpar) metric categories, ShortTermMonitor and ProcessedMetrics "
              "(the world holds no network, storage or OS memory counters)"]


def rest_coverage_table() -> str:
    from .server import RestServer

    server = RestServer(lambda: None, "", lambda: None)
    by_path: dict[str, set[str]] = {}
    for route in server._app.router.routes():
        path = route.resource.canonical if route.resource is not None else ""
        by_path.setdefault(path, set()).add(route.method)
    lines = ["| methods | path | serves |", "|---|---|---|"]
    for path, methods in by_path.items():
        shown = " ".join(sorted(m for m in methods if m != "HEAD"))
        lines.append(f"| {shown} | `{path}` | {SERVED.get(path, '?')} |")
    lines.append("")
    lines.append("Not served yet: " + ", ".join(NOT_SERVED) + ".")
    return "\n".join(lines) + "\n"
