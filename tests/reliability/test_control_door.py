"""The control API is not a door (issue 14 item 4): a token beyond loopback, no foreign Origin or Host,
bounded bodies, and no shell that outlives the world it was opened on."""

from __future__ import annotations

import asyncio
import http.client
import json
import urllib.parse

import asyncssh
import pytest

from harness.cli import main as cli_main
from harness.control.guard import MAX_BODY, TOKEN_HEADER


def _raw(url: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
         connect_to: str | None = None) -> tuple[int, dict]:
    """One request with full control of the headers (urllib would add its own Host)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(connect_to or u.hostname, u.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        hdrs = {"Host": u.netloc, **(headers or {})}
        if body is not None:
            hdrs.setdefault("Content-Length", str(len(body)))
        for k, v in hdrs.items():
            if v is not None:
                conn.putheader(k, v)
        conn.endheaders(body)
        resp = conn.getresponse()
        text = resp.read()
        return resp.status, json.loads(text) if text else {}
    finally:
        conn.close()


def _clock(est) -> float:
    return est.call(lambda: est.estate.world.clock.now)


def test_loopback_needs_no_token_but_refuses_a_wrong_one(estate_factory):
    est = estate_factory("healthy")
    url, token = est.estate.control_url, est.estate.control_token
    assert _raw(url, "GET", "/clock")[0] == 200
    assert _raw(url, "GET", "/clock", headers={TOKEN_HEADER: token})[0] == 200
    assert _raw(url, "GET", "/clock", headers={"Authorization": f"Bearer {token}"})[0] == 200
    status, doc = _raw(url, "POST", "/clock/advance", b'{"seconds": 60}', {TOKEN_HEADER: "guess"})
    assert (status, doc) == (401, {"error": "wrong control API token"})
    assert _clock(est) == 0


def test_a_web_page_cannot_move_the_clock(estate_factory):
    est = estate_factory("healthy")
    url = est.estate.control_url
    # what a page's fetch(..., {method: "POST", mode: "no-cors", body}) sends: text/plain and its Origin
    status, doc = _raw(url, "POST", "/clock/advance", b'{"seconds": 3600}',
                       {"Content-Type": "text/plain", "Origin": "http://evil.example"})
    assert status == 403 and "origin" in doc["error"]
    # DNS rebinding: the page's own host name resolving to 127.0.0.1
    port = urllib.parse.urlsplit(url).port
    status, doc = _raw(url, "POST", "/clock/advance", b'{"seconds": 3600}', {"Host": f"evil.example:{port}"})
    assert status == 403 and "Host" in doc["error"]
    assert _clock(est) == 0
    # the API's own origin and the loopback names are fine
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, _ = _raw(url, "POST", "/clock/advance", b'{"seconds": 60}',
                         {"Host": host, "Origin": f"http://{host}"})
        assert status == 200
    assert _clock(est) == 120


def test_bodies_over_a_megabyte_are_refused(estate_factory):
    est = estate_factory("healthy")
    url = est.estate.control_url
    big = b'{"seconds": 1, "pad": "' + b"x" * MAX_BODY + b'"}'
    status, doc = _raw(url, "POST", "/clock/advance", big)
    assert status == 413 and str(MAX_BODY) in doc["error"]
    # chunked, with no length to check up front
    status, doc = _raw(url, "POST", "/clock/advance", b"%x\r\n%s\r\n0\r\n\r\n" % (len(big), big),
                       {"Transfer-Encoding": "chunked", "Content-Length": None})
    assert status == 413
    assert _clock(est) == 0
    # a world dump may be larger than a command's body: PUT /state takes it back
    dump = json.dumps(est.call(lambda: est.estate.dump())).encode()
    assert _raw(url, "PUT", "/state", dump)[0] == 200


def test_deeply_nested_json_is_a_400_not_a_crash(estate_factory):
    est = estate_factory("healthy")
    status, doc = _raw(est.estate.control_url, "POST", "/faults", b"[" * 100_000)
    assert (status, doc) == (400, {"error": "body must be JSON"})


def test_beyond_loopback_the_token_is_required(estate_factory, tmp_path, capsys):
    ready = tmp_path / "ready.json"
    est = estate_factory("healthy", control_address="0.0.0.0", ready_file=ready)
    url = est.estate.control_url
    token = json.loads(ready.read_text())["token"]
    assert token == est.estate.control_token
    status, doc = _raw(url, "GET", "/clock", connect_to="127.0.0.1")
    assert status == 401 and TOKEN_HEADER in doc["error"]
    assert _raw(url, "GET", "/clock", headers={TOKEN_HEADER: token}, connect_to="127.0.0.1")[0] == 200
    # the CLI reads the token from the ready file and sends it
    local = url.replace("0.0.0.0", "127.0.0.1")
    with pytest.raises(SystemExit) as exc:  # a URL that is not the ready file's gets no token from it
        cli_main(["clock", "advance", "60", "--control", local, "--ready-file", str(ready)])
    assert "401" in str(exc.value)
    assert cli_main(["clock", "advance", "60", "--ready-file", str(ready)]) == 0
    assert _clock(est) == 60


def test_reset_closes_shells_opened_on_the_old_world(estate_factory):
    est = estate_factory("healthy")
    lpar = next(h for h in est.hosts if h.kind == "aix")

    async def go():
        async with asyncssh.connect(lpar.address, port=lpar.port, username=lpar.username, password=lpar.password,
                                    known_hosts=None, client_keys=None, agent_path=None) as conn:
            first = await conn.run("rmcctrl -k", check=False)  # stops RMC in the world it runs in
            assert first.exit_status == 0
            status, _ = await asyncio.to_thread(_raw, est.estate.control_url, "POST", "/reset")
            assert status == 200
            with pytest.raises((asyncssh.Error, OSError)):
                await asyncio.wait_for(conn.run("rmcctrl -k", check=False), 10)

    asyncio.run(go())
    world = est.estate.world
    assert [e.command for e in world.transcript] == []  # nothing landed in the new world
    assert est.call(lambda: world.host(lpar.name).partition.os.is_active("ctrmc"))
