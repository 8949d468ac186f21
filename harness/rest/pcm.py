"""Performance and Capacity Monitoring (the ``/rest/api/pcm`` service) of a managed system:

- ``ManagedSystem/{uuid}/preferences``: a feed of one ManagedSystemPcmPreference (LongTermMonitorEnabled,
  AggregationEnabled, ShortTermMonitorEnabled, ComputeLTMEnabled), all off until a client turns them on
  with a POST of the edited object [V shape and the all-off start: pypowervm's capture; pypowervm's
  ensure_ltm_monitors posts it with the feed's etag]. The settings are the system's, kept in the world.
- ``ManagedSystem/{uuid}/RawMetrics/LongTermMonitor``: once long-term monitoring is on, one sample every
  30 seconds of virtual time [V pypowervm: "the REST API collects the metric data" every 30 s], each an
  Atom entry (category ``phyp``) linking a JSON file ``LTM_<mtms>_phyp_<time>.json`` [V names and shape].
  The JSON carries what lslparutil prints for the same instant (hmc/lslparutil.lpar_sample): the
  system's processors and memory, the default pool, and each partition's allocation and cumulative cycle
  counters; the model keeps no history, so a sample shows the allocation at the time it is read, its
  counters at its own time [I]. The feed lists the last ``KEPT`` samples [I].

Not modelled: VIOS (``vios_N``) and RSCT (``lpar``) categories, whose network, storage and OS memory
counters the world does not hold; ShortTermMonitor and ProcessedMetrics; aggregation changes nothing
but its flag.
"""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from ..hmc.lslparutil import CYCLES_PER_SECOND, lpar_sample
from ..world.system import ManagedSystem
from . import ids
from .resources import View
from .uomxml import GENERATOR, K2_NS, _ATOM_ROOT

PCM_NS = "http://www.ibm.com/xmlns/systems/power/firmware/pcm/mc/2012_10/"
JSON_TYPE = "application/vnd.ibm.powervm.pcm.json"  # [V] the link type of a sample
SAMPLE_SECONDS = 30
KEPT = 20  # [I] samples the feed lists (ten minutes)
FLAGS = {"LongTermMonitorEnabled": "ltm", "AggregationEnabled": "aggregation",
         "ShortTermMonitorEnabled": "stm", "ComputeLTMEnabled": "compute_ltm"}
FILE = re.compile(r"LTM_(?P<mtms>[^_]+)_phyp_(?P<stamp>\d{8}T\d{6})\+0000\.json")


DEFAULTS = {"ltm": False, "aggregation": False, "stm": False, "compute_ltm": False, "ltm_since": None}


def prefs(system: ManagedSystem) -> dict:
    """The system's PCM settings (kept in its resources, so saved with the world; a read changes nothing)."""
    return {**DEFAULTS, **system.resources.get("pcm", {})}


def _uid(sys_uid: str, what: str) -> str:
    return str(uuid.uuid3(uuid.UUID(sys_uid), what))


def mtms(system: ManagedSystem) -> str:
    return f"{system.type_model}*{system.serial}"


def _stamp(v: View, at: float) -> datetime:
    clock = v.world.clock
    return clock.datetime() - timedelta(seconds=clock.now - at)


def _iso(d: datetime) -> str:
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


# ---- preferences ----------------------------------------------------------------------------------
def preference_feed(v: View, system: ManagedSystem, self_href: str, schema: str) -> str:
    sys_uid = ids.system_uuid(v.world, system)
    p = prefs(system)
    mtype, _, model = system.type_model.partition("-")
    ksv = {"ComputeLTMEnabled": ' ksv="V1_1_0"'}  # [V] the flag came with V1_1_0
    flags = "\n".join(f'    <{el}{ksv.get(el, "")} kb="UOD" kxe="false">{"true" if p[key] else "false"}</{el}>'
                      for el, key in FLAGS.items())
    obj = (f'<ManagedSystemPcmPreference:ManagedSystemPcmPreference xmlns:ManagedSystemPcmPreference="{PCM_NS}" '
           f'xmlns="{PCM_NS}" xmlns:ns2="{K2_NS}" schemaVersion="{schema}">\n'
           f"    <Metadata>\n        <Atom>\n            <AtomID>{sys_uid}</AtomID>\n"
           f"            <AtomCreated>{v.created_ms()}</AtomCreated>\n        </Atom>\n    </Metadata>\n"
           f'    <SystemName kb="ROR" kxe="false">{system.name}</SystemName>\n'
           f'    <MachineTypeModelSerialNumber kb="ROR" kxe="false" schemaVersion="{schema}">\n'
           f"        <Metadata>\n            <Atom/>\n        </Metadata>\n"
           f'        <MachineType kb="ROR" kxe="false">{mtype}</MachineType>\n'
           f'        <Model kb="ROR" kxe="false">{model}</Model>\n'
           f'        <SerialNumber kb="ROR" kxe="false">{system.serial}</SerialNumber>\n'
           f"    </MachineTypeModelSerialNumber>\n{flags}\n"
           f'    <AssociatedManagedSystem kb="ROO" kxe="false" href="{v.url(f"ManagedSystem/{sys_uid}")}" '
           f'rel="related"/>\n</ManagedSystemPcmPreference:ManagedSystemPcmPreference>')
    title = "Performance and Capacity Monitoring Preferences"  # [V]
    entry_id = _uid(sys_uid, "pcm/preferences")
    stamp = v.stamp()
    return (f"<feed {_ATOM_ROOT}>\n    <id>{sys_uid}</id>\n    <title type=\"text\">{title}</title>\n"
            f'    <subtitle type="text"/>\n    <link rel="self" href="{self_href}"/>\n'
            f'    <generator uri="{GENERATOR}" version="1"/>\n    <entry>\n        <id>{entry_id}</id>\n'
            f"        <updated>{stamp}</updated>\n        <title type=\"text\">{title}</title>\n"
            f"        <published>{stamp}</published>\n        <author>\n            <name>{GENERATOR}</name>\n"
            f'        </author>\n        <content type="application/xml">\n{obj}\n        </content>\n'
            "    </entry>\n</feed>\n")


class BadPreference(Exception):
    pass


def apply_preferences(v: View, system: ManagedSystem, body: bytes) -> None:
    """The posted ManagedSystemPcmPreference's flags become the system's; turning long-term monitoring on
    starts its samples now."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise BadPreference("The ManagedSystemPcmPreference is not valid XML.") from None  # [I]
    obj = root if root.tag == f"{{{PCM_NS}}}ManagedSystemPcmPreference" else \
        root.find(f".//{{{PCM_NS}}}ManagedSystemPcmPreference")
    if obj is None:
        raise BadPreference("The request body holds no ManagedSystemPcmPreference.")  # [I]
    p = prefs(system)
    new = dict(p)
    for el, key in FLAGS.items():
        text = obj.findtext(f"{{{PCM_NS}}}{el}")
        if text is None:
            continue
        if text.strip().lower() not in ("true", "false"):
            raise BadPreference(f"The value {text.strip()} of {el} is not valid.")  # [I]
        new[key] = text.strip().lower() == "true"
    if new["ltm"] and not p["ltm"]:
        new["ltm_since"] = v.world.clock.now
    if not new["ltm"]:
        new["ltm_since"] = None
    system.resources["pcm"] = new


# ---- long-term monitor ----------------------------------------------------------------------------
def sample_times(v: View, system: ManagedSystem) -> list[float]:
    """Clock times of the samples kept (newest last): every 30 s since long-term monitoring was turned on."""
    since = prefs(system)["ltm_since"]
    if since is None:
        return []
    now = v.world.clock.now
    first = (int(since) // SAMPLE_SECONDS + 1) * SAMPLE_SECONDS  # the first full period after turning on
    if first > now:
        return []
    last = int(now) // SAMPLE_SECONDS * SAMPLE_SECONDS
    start = max(first, last - (KEPT - 1) * SAMPLE_SECONDS)
    return [float(t) for t in range(start, last + 1, SAMPLE_SECONDS)]


def file_name(system: ManagedSystem, v: View, at: float) -> str:
    return f"LTM_{mtms(system)}_phyp_{_stamp(v, at).strftime('%Y%m%dT%H%M%S')}+0000.json"


def ltm_feed(v: View, system: ManagedSystem, self_href: str, base_href: str) -> str | None:
    times = sample_times(v, system)
    if not times:
        return None
    sys_uid = ids.system_uuid(v.world, system)
    entries = []
    for at in reversed(times):
        name = file_name(system, v, at)
        stamp = _iso(_stamp(v, at))
        entries.append(
            f"    <entry>\n        <id>{_uid(sys_uid, 'pcm/' + name)}</id>\n"
            f"        <updated>{stamp}</updated>\n        <title type=\"text\">{name}</title>\n"
            f"        <published>{stamp}</published>\n"
            f'        <link type="{JSON_TYPE}" href="{base_href}/{name}"/>\n'
            f"        <author>\n            <name>{GENERATOR}</name>\n        </author>\n"
            '        <category term="phyp"/>\n    </entry>')
    return (f"<feed {_ATOM_ROOT}>\n    <id>{sys_uid}</id>\n    <updated>{_iso(_stamp(v, times[-1]))}</updated>\n"
            '    <title type="text">LongTermMetrics</title>\n'
            f'    <subtitle type="text">ManagedSystem {sys_uid}</subtitle>\n'
            f'    <link rel="self" href="{self_href}"/>\n    <generator uri="{GENERATOR}" version="1"/>\n'
            + "\n".join(entries) + "\n</feed>\n")


def sample_at(v: View, system: ManagedSystem, name: str) -> float | None:
    """The clock time of the sample a file name names, if the feed lists it."""
    m = FILE.fullmatch(name)
    if m is None or m["mtms"] != mtms(system):
        return None
    return next((at for at in sample_times(v, system) if file_name(system, v, at) == name), None)


def phyp_json(v: View, system: ManagedSystem, at: float) -> str:
    """One PHYP sample [V keys: pypowervm wrappers/pcm/phyp.py and its capture]."""
    from ..hmc.syscfg_records import sys_state

    lpars, vioses = [], []
    pool_units = 0.0
    for part in sorted(v.t.partitions(system), key=lambda p: p.id):
        s = lpar_sample(part, at)
        p = part.proc
        if p.mode != "ded" and s["active"]:
            pool_units += s["units"]
        util = {"id": part.id, "uuid": ids.partition_uuid(v.world, system, part),
                "type": part.env, "name": part.name, "state": part.state, "affinityScore": 100,
                "memory": {"logicalMem": s["mem"], "backedPhysicalMem": s["mem"]},
                "processor": {"poolId": p.pool_id, "mode": p.sharing_mode, "maxVirtualProcessors": s["procs"],
                              "maxProcUnits": round(s["units"], 2), "weight": p.uncap_weight,
                              "entitledProcCycles": s["entitled_cycles"],
                              "utilizedCappedProcCycles": s["capped_cycles"],
                              "utilizedUnCappedProcCycles": s["uncapped_cycles"],
                              "idleProcCycles": s["entitled_cycles"] - s["capped_cycles"],
                              "donatedProcCycles": 0, "timeSpentWaitingForDispatch": 0, "totalInstructions": 0,
                              "totalInstructionsExecutionTime": 0}}
        (vioses if part.env == "vioserver" else lpars).append(util)
    stamp = _stamp(v, at).strftime("%Y-%m-%dT%H:%M:%S+0000")
    data = {"systemUtil": {
        "utilInfo": {"version": "1.3.0", "metricType": "Raw", "monitoringType": "LTM", "mtms": mtms(system),
                     "name": system.name},
        "utilSample": {
            "timeStamp": stamp, "status": 0 if sys_state(v.t, system) == "Operating" else 1, "errorInfo": [],
            "timeBasedCycles": float(at * CYCLES_PER_SECOND * system.configurable_proc_units),
            "systemFirmware": {"utilizedProcCycles": 0, "assignedMem": system.firmware_mem},
            "processor": {"totalProcUnits": system.installed_proc_units,
                          "configurableProcUnits": system.configurable_proc_units,
                          "availableProcUnits": round(system.avail_proc_units(), 2),
                          "procCyclesPerSecond": CYCLES_PER_SECOND},
            "memory": {"totalMem": system.installed_mem, "availableMem": system.avail_mem(),
                       "configurableMem": system.configurable_mem},
            "sharedProcessorPool": [{"id": 0, "name": "DefaultPool",
                                     "assignedProcCycles": int(pool_units * at * CYCLES_PER_SECOND),
                                     "utilizedPoolCycles": int(pool_units * at * (CYCLES_PER_SECOND // 2)),
                                     "maxProcUnits": system.configurable_proc_units,
                                     "borrowedPoolProcUnits": 0}],
            "lparsUtil": lpars, "viosUtil": vioses}}}
    return json.dumps(data, indent=2)

