"""Performance and Capacity Monitoring over REST: the preferences feed starts all off, pypowervm's own
ensure_ltm_monitors turns long-term monitoring on, samples then appear every 30 s of virtual time, and
pypowervm's latest_stats reads a PHYP sample whose partition figures are lslparutil's."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from rest_client import ATOM, error_of, feed_objects, text

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"
PCM = "{http://www.ibm.com/xmlns/systems/power/firmware/pcm/mc/2012_10/}"


def _sys_uuid(rest) -> str:
    return text(feed_objects(rest.get("uom/ManagedSystem"))[0], "Metadata/Atom/AtomID")


def test_preferences_start_off_and_a_post_turns_ltm_on(seed, rest_for):
    rest = rest_for(seed)
    path = f"pcm/ManagedSystem/{_sys_uuid(rest)}/preferences"
    r = rest.get(path)
    assert r.status_code == 200
    pref = ET.fromstring(r.content).find(f"{ATOM}entry/{ATOM}content/{PCM}ManagedSystemPcmPreference")
    assert pref.findtext(f"{PCM}SystemName") == SYSTEM
    assert pref.findtext(f"{PCM}LongTermMonitorEnabled") == "false"
    ltm = f"pcm/ManagedSystem/{_sys_uuid(rest)}/RawMetrics/LongTermMonitor"
    seed.advance(300)
    assert rest.get(ltm).status_code == 204  # nothing collected while long-term monitoring is off
    body = r.text[r.text.index("<ManagedSystemPcmPreference:"):r.text.index("</ManagedSystemPcmPreference:") +
                  len("</ManagedSystemPcmPreference:ManagedSystemPcmPreference>")]
    on = re.sub(r"(<LongTermMonitorEnabled [^>]*>)false", r"\1true", body)
    assert rest.request("POST", path, data=on, headers={"If-Match": "12345"}).status_code == 412
    bad = rest.request("POST", path, data=on.replace(">true<", ">yes<"))
    assert bad.status_code == 400 and "yes" in error_of(bad)["Message"]
    done = rest.request("POST", path, data=on, headers={"If-Match": r.headers["etag"]})
    assert done.status_code == 200 and b">true</LongTermMonitorEnabled>" in done.content
    assert rest.get(ltm).status_code == 204  # the first sample comes at the next 30 s boundary
    seed.advance(95)
    feed = ET.fromstring(rest.get(ltm).content)
    names = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert len(names) == 3 and all(re.fullmatch(r"LTM_9117-MMB\*10284FP_phyp_\d{8}T\d{6}\+0000\.json", n)
                                   for n in names)
    assert rest.get(f"{ltm}/LTM_9117-MMB*10284FP_phyp_20000101T000000+0000.json").status_code == 404


def test_pypowervm_reads_long_term_metrics(seed, monkeypatch):
    from pypowervm import adapter as pvm_adapter
    from pypowervm.tasks.monitor import util as pvm_mon_util
    from pypowervm.wrappers import managed_system as pvm_ms

    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    url = urlparse(seed.estate.rest_endpoints["hmc1"]["rest"])
    info = seed.host("hmc1")
    session = pvm_adapter.Session(url.hostname, info.username, info.password, port=url.port, certpath=None)
    try:
        adapter = pvm_adapter.Adapter(session)
        [system] = pvm_ms.System.get(adapter)
        pvm_mon_util.ensure_ltm_monitors(adapter, system.uuid, override_to_default=True)
        seed.advance(65)
        _, phyp, vioses, lpar_metrics = pvm_mon_util.latest_stats(adapter, system.uuid)
        assert vioses == [] and lpar_metrics is None  # VIOS and RSCT categories are not modelled
        assert phyp.sample.processor.proc_cycles_per_sec == 512000000
        assert {v.name for v in phyp.sample.vioses} == {"vios1", "vios2"}
        by_name = {lp.name: lp for lp in phyp.sample.lpars + phyp.sample.vioses}
        second = pvm_mon_util.latest_stats(adapter, system.uuid, second_latest=True)[1]
    finally:
        session._logoff()
    out, _, _ = asyncssh_run(seed.host("hmc1"), f"lslparutil -r lpar -m {SYSTEM} -F lpar_name,curr_mem,curr_proc_units")
    for line in out.split():
        name, mem, units = line.split(",")
        if not name.startswith("vios"):  # pypowervm reads a VIOS sample's processors only
            assert by_name[name].memory.logical_mem == int(mem)
        assert by_name[name].processor.proc_units == pytest.approx(float(units))
    before = {lp.name: lp for lp in second.sample.lpars}["lpar21"]
    assert by_name["lpar21"].processor.entitled_proc_cycles > before.processor.entitled_proc_cycles > 0
    assert phyp.sample.time_stamp != second.sample.time_stamp  # 30 s apart
