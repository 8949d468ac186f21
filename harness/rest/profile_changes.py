"""Creating and changing a LogicalPartitionProfile over REST: the posted object (the elements profiles.py
serves) becomes the attribute list ``mksyscfg -r prof`` / ``chsyscfg -r prof`` take, and goes through
the same change (harness/hmc/syscfg_change.py), so the checks, the HSCL texts and the world after are
the CLI's, and ``lssyscfg -r prof`` lists the result.

pypowervm creates with ``PUT`` on the feed and updates with ``POST`` on the entry [V client]; a POST on
the feed creates too [I]. Elements the model does not hold are ignored, as chsyscfg ignores attributes
it accepts without modelling them [I].
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .resources import SHARING_MODE
from .uomxml import UOM_NS

_NS = f"{{{UOM_NS}}}"
SHARING_FROM_API = {v: k for k, v in SHARING_MODE.items()}

# UOM element -> chsyscfg attribute [I: the pairing of names; values in the same units]
MEMORY = {"DesiredMemory": "desired_mem", "MaximumMemory": "max_mem", "MinimumMemory": "min_mem"}
DEDICATED = {"DesiredProcessors": "desired_procs", "MaximumProcessors": "max_procs",
             "MinimumProcessors": "min_procs"}
SHARED = {"DesiredProcessingUnits": "desired_proc_units", "DesiredVirtualProcessors": "desired_procs",
          "MaximumProcessingUnits": "max_proc_units", "MaximumVirtualProcessors": "max_procs",
          "MinimumProcessingUnits": "min_proc_units", "MinimumVirtualProcessors": "min_procs",
          "SharedProcessorPoolID": "shared_proc_pool_id", "UncappedWeight": "uncap_weight"}


class BadProfile(Exception):
    """The body is not a LogicalPartitionProfile the server can read."""


def _object(body: bytes) -> ET.Element:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise BadProfile("The LogicalPartitionProfile is not valid XML.") from None  # [I]
    found = root if root.tag == f"{_NS}LogicalPartitionProfile" else root.find(f".//{_NS}LogicalPartitionProfile")
    if found is None:
        raise BadProfile("The request body holds no LogicalPartitionProfile.")  # [I]
    return found


def _value(el: ET.Element | None) -> str | None:
    return None if el is None or el.text is None else el.text.strip()


def to_config(body: bytes) -> dict[str, tuple[str, str]]:
    """The posted profile as chsyscfg's -i attributes ({name: ("=", value)}), without the profile's name."""
    obj = _object(body)
    cfg: dict[str, tuple[str, str]] = {}

    def put(attr: str, value: str | None) -> None:
        if value is not None and value != "":
            cfg[attr] = ("=", value)

    mem = obj.find(f"{_NS}ProfileMemory")
    if mem is not None:
        for el, attr in MEMORY.items():
            put(attr, _value(mem.find(f"{_NS}{el}")))
    procs = obj.find(f"{_NS}ProcessorAttributes")
    if procs is not None:
        ded = _value(procs.find(f"{_NS}HasDedicatedProcessors"))
        if ded is not None:
            put("proc_mode", "ded" if ded.lower() == "true" else "shared")
        sharing = _value(procs.find(f"{_NS}SharingMode"))
        if sharing is not None:
            put("sharing_mode", SHARING_FROM_API.get(sharing, sharing))
        for group, table in (("DedicatedProcessorConfiguration", DEDICATED),
                             ("SharedProcessorConfiguration", SHARED)):
            conf = procs.find(f"{_NS}{group}")
            if conf is not None:
                for el, attr in table.items():
                    put(attr, _value(conf.find(f"{_NS}{el}")))
    return cfg


def profile_name(body: bytes) -> str | None:
    return _value(_object(body).find(f"{_NS}ProfileName"))
