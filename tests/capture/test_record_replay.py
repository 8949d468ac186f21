"""fakehmc record / replay through real SSH, against a fake upstream estate."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys

import asyncssh
import pytest

from harness.capture.replay import Replay
from harness.runtime.embedded import HostInfo
from tests.sshclients import asyncssh_run

SYS = "Server-8286-42A-SN2112ABC"
COMMANDS = ["lssyscfg -r sys -F name,state", f"lshwres -r mem -m {SYS} --level lpar -F lpar_name,curr_mem",
            "lssyscfg -r lpar -m nosuch", "echo abc123"]


class Served:
    """`python -m harness.capture.cli ARGS` serving until stopped; .host is where it listens."""

    def __init__(self, args: list[str], user: str, password: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "harness.capture.cli", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("listening on "), line + self.proc.stderr.read()
        addr, port = line.split()[2].rsplit(":", 1)
        self.host = HostInfo("proxy", "hmc", addr, int(port), user, password)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=20)


def _shell_lines(host: HostInfo, lines: list[str]) -> str:
    async def go():
        async with asyncssh.connect(host.address, port=host.port, username=host.username, password=host.password,
                                    known_hosts=None, client_keys=None) as conn:
            r = await conn.run(input="".join(line + "\n" for line in lines))  # a shell channel, no PTY
            return r.stdout

    return asyncio.run(go())


def fingerprint(host: HostInfo) -> str:
    """The upstream's host key fingerprint, learnt out of band (as `ssh-keyscan | ssh-keygen -lf -` would)."""
    async def go():
        return (await asyncssh.get_server_host_key(host.address, host.port)).get_fingerprint("sha256")

    return asyncio.run(go())


def _record(upstream: HostInfo, key_dir, out, *key_args: str) -> Served:
    return Served(["record", "--upstream", f"{upstream.address}:{upstream.port}", "--listen", "127.0.0.1:0",
                   "--key-dir", str(key_dir), "-o", str(out), *key_args], upstream.username, upstream.password)


def _refused(host: HostInfo, password: str | None = None) -> bool:
    try:
        asyncssh_run(host, "lshmc -V", password=password)
    except asyncssh.PermissionDenied:
        return True
    return False


@pytest.fixture
def recording(estate_factory, key_dir, tmp_path):
    upstream = estate_factory("healthy").host("hmc1")
    out = tmp_path / "session.json"
    rec = _record(upstream, key_dir, out, "--host-key", fingerprint(upstream))
    try:
        wrong = _refused(rec.host, password="wrong")  # before any good login: nothing may reach upstream
        direct = {c: asyncssh_run(upstream, c) for c in COMMANDS}
        proxied = {c: asyncssh_run(rec.host, c) for c in COMMANDS}
        shell_out = _shell_lines(rec.host, ["lshmc -n -F hostname", "lssyscfg -r sys -F state"])
        secret = asyncssh_run(rec.host, "chhmcusr -u hscroot -t passwd -v NewSecret99")
        named = asyncssh_run(rec.host, 'echo "name=x,passwd=Other1,a"')
    finally:
        rec.stop()
    return upstream, out, direct, proxied, shell_out, wrong, (secret, named)


def test_record_forwards_and_scrubs(recording):
    upstream, out, direct, proxied, shell_out, wrong, _ = recording
    assert proxied == direct  # stdout, stderr, exit status as the upstream answered
    assert shell_out == "hmc1\nOperating\n"
    assert wrong  # a failed login here is a failed login upstream: the tool never gets a shell
    text = out.read_text()
    assert upstream.password not in text
    assert out.stat().st_mode & 0o777 == 0o600
    doc = json.loads(text)
    entries = doc["entries"]
    assert [e["command"] for e in entries][:4] == COMMANDS[:3] + ["echo ********"]
    assert {e["channel"] for e in entries} == {"exec", "shell"}
    e = entries[2]
    assert (e["host"], e["user"], e["exit_code"]) == (upstream.address, "hscroot", 1)
    assert e["stdout"] == direct[COMMANDS[2]][0]


def test_record_scrubs_password_arguments_and_whole_values_only(recording):
    _, out, *_ = recording
    entries = json.loads(out.read_text())["entries"]
    commands = [e["command"] for e in entries]
    assert "chhmcusr -u hscroot -t passwd -v ********" in commands
    assert 'echo "name=x,passwd=********,a"' in commands
    assert "NewSecret99" not in out.read_text() and "Other1" not in out.read_text()
    # a secret is replaced where it stands alone, not inside longer words
    assert entries[0]["stdout"].startswith("Server-8286-42A-SN2112ABC,")


def test_record_one_letter_password_leaves_other_words_alone(tmp_path):
    from harness.capture.record import Recording

    rec = Recording(tmp_path / "r.json", "x:22")
    rec.secrets.add("a")
    assert rec.scrub("name=a,state=Operating a") == "name=********,state=Operating ********"


def test_record_refuses_an_unverified_upstream_key(estate_factory, key_dir, tmp_path, monkeypatch):
    upstream = estate_factory("healthy").host("hmc1")
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.ssh/known_hosts
    for args in ([], ["--host-key", "SHA256:" + "A" * 43]):
        out = tmp_path / "s.json"
        rec = _record(upstream, key_dir, out, *args)
        try:
            assert _refused(rec.host)  # the tool's login fails: its password never went upstream
        finally:
            rec.stop()
        err = rec.proc.stderr.read()
        assert f"presented {fingerprint(upstream)}" in err, err
        assert json.loads(out.read_text())["entries"] == []
    rec = _record(upstream, key_dir, tmp_path / "t.json", "--accept-new-host-key")
    try:
        assert asyncssh_run(rec.host, "lshmc -n -F hostname") == ("hmc1\n", "", 0)
    finally:
        rec.stop()


def _replay(args, key_dir, user="hscroot") -> Served:
    return Served(["replay", *args, "--listen", "127.0.0.1:0", "--key-dir", str(key_dir)], user, "anything")


def test_replay_strict_and_lenient(recording, key_dir):
    _, out, direct, *_ = recording
    rp = _replay([str(out), "--strict"], key_dir)
    try:
        for c in COMMANDS[:3]:
            assert asyncssh_run(rp.host, c) == direct[c]
        stdout, stderr, rc = asyncssh_run(rp.host, "lssyscfg -r sys -F name,stat")
        assert (stdout, rc) == ("", 1)
        assert stderr == ("fakehmc replay: unexpected command 'lssyscfg -r sys -F name,stat'; "
                          "closest recorded: 'lssyscfg -r sys -F name,state'\n")
    finally:
        rp.stop()
    rp = _replay([str(out), "--lenient", "--scenario", "healthy"], key_dir)
    try:
        assert asyncssh_run(rp.host, COMMANDS[1]) == direct[COMMANDS[1]]
        assert asyncssh_run(rp.host, "lshmc -n -F ipaddr") == ("127.0.0.10\n", "", 0)  # from the model
    finally:
        rp.stop()


def test_replay_answers_in_order_then_repeats():
    r = Replay([{"command": "date", "stdout": "1\n"}, {"command": "date", "stdout": "2\n"}])
    assert [r.answer("date").stdout for _ in range(3)] == ["1\n", "2\n", "2\n"]
    assert r.answer("uptime") is None and r.closest("dat") == "date"


@pytest.mark.parametrize("text,message", [
    ("{not json", "not JSON"),
    ("[" * 100_000, "not JSON"),
    ('{"format": "fakehmc-recording/1", "entries": [{"stdout": "x"}]}', "entries[0].command: must be a string"),
    ('{"format": "fakehmc-recording/1", "entries": [{"command": "date", "exit_code": "0"}]}',
     "entries[0].exit_code: must be an integer from 0 to 255"),
    ('{"format": "other"}', "not a fakehmc recording"),
])
def test_replay_refuses_malformed_recordings(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    r = subprocess.run([sys.executable, "-m", "harness.capture.cli", "replay", str(path), "--listen", "127.0.0.1:0"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr, r.stderr
