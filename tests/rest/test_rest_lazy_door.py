"""Issue 14.6 (start-up): the REST and control ports are bound and announced before their web stack is
imported (harness/runtime/lazydoor.py); the first client that knocks gets a real answer. Run in a fresh
interpreter, since this test process has long imported aiohttp."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import asyncio, json, ssl, sys, urllib.request
from harness.runtime.embedded import Estate, EstateConfig

async def main():
    est = Estate(EstateConfig(scenario="healthy", listen="127.0.0.1", port=0, control_port=0, clock_scale=0,
                              key_dir=sys.argv[1]))
    await est.start()
    try:
        before = "aiohttp" in sys.modules
        hmc = next(h for h in est.hosts if h.name == "hmc1")
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        def get(url, **kw):
            try:
                with urllib.request.urlopen(url, timeout=60, **kw) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code
        rest = await asyncio.to_thread(get, hmc.rest + "/rest/api/uom/ManagedSystem", context=ctx)
        health = await asyncio.to_thread(get, est.control_url + "/health")
        print(json.dumps({"before": before, "after": "aiohttp" in sys.modules, "rest": rest, "health": health,
                          "rest_url": hmc.rest, "fingerprint": hmc.rest_sha256}))
    finally:
        await est.close()

asyncio.run(main())
"""


def test_web_stacks_come_with_the_first_client(tmp_path):
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before"] is False and seen["after"] is True
    assert seen["rest"] == 401  # no X-API-Session: the REST server itself answered
    assert seen["health"] == 200
    assert seen["rest_url"].startswith("https://127.0.0.1:") and len(seen["fingerprint"].split(":")) == 32


def test_a_door_bound_by_name_is_announced_by_that_name(tmp_path):
    """The control API checks the Host header against its configured address: the URL it announces must
    name that address, not the IP the name resolved to."""
    import asyncio
    import urllib.request

    from harness.runtime.embedded import Estate, EstateConfig

    async def go():
        est = Estate(EstateConfig(scenario="healthy", listen="127.0.0.1", port=0, control_port=0,
                                  control_address="localhost", clock_scale=0, rest=False, key_dir=tmp_path))
        await est.start()
        try:
            def health():
                with urllib.request.urlopen(est.control_url + "/health", timeout=60) as r:
                    return r.status
            return est.control_url, await asyncio.to_thread(health)
        finally:
            await est.close()

    url, status = asyncio.run(go())
    assert url.startswith("http://localhost:") and status == 200
