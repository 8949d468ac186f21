"""No input a client sends ever runs anything on the host machine (DESIGN.md, fidelity rules).

Shell metacharacters, command substitution, path tricks and environment tricks go over real SSH
(asyncssh client, exec and PTY shell channels) to the HMC, an AIX partition and a VIOS. The server
runs in this process with every way of starting a program replaced by a recorder that refuses to
run anything; afterwards no program was started, the canary file (a unique path per run) does not
exist, and no host file the payloads name was opened.
"""

from __future__ import annotations

import asyncio
import builtins
import io
import os
import pty
import subprocess
import threading
import uuid

import asyncssh
import pytest

HOST_ONLY_FILES = ("/etc/passwd", "/etc/shadow", "/etc/hostname", "/proc/self/environ", "/root/.ssh/id_rsa")


def payloads(canary: str) -> list[str]:
    c = canary
    py = f"open('{c}','w').write('x')"
    return [
        f"touch {c}", f"; touch {c}", f"lssyscfg -r sys; touch {c}", f"lssyscfg -r sys && touch {c}",
        f"lssyscfg -r sys || touch {c}", f"lssyscfg -r sys | touch {c}", f"lssyscfg -r sys & touch {c}",
        f"echo $(touch {c})", f"echo `touch {c}`", f"echo \"$(touch {c})\"", f"x=$(touch {c}); echo $x",
        f"lssyscfg -r \"$(touch {c})\"", f"lssyscfg -r sys -m '`touch {c}`'", f"$(echo touch) {c}",
        f"/bin/sh -c 'touch {c}'", f"sh -c 'touch {c}'", f"bash -c 'touch {c}'", f"/bin/bash -c \"touch {c}\"",
        f"../../bin/sh -c 'touch {c}'", f"/usr/bin/../../bin/sh -c 'touch {c}'", f"./sh -c 'touch {c}'",
        f"/usr/bin/python3 -c \"{py}\"", f"python3 -c \"{py}\"", f"perl -e 'open(F,\">{c}\")'",
        f"exec /bin/sh -c 'touch {c}'", f"eval 'touch {c}'", f"command touch {c}", f"builtin touch {c}",
        f"env touch {c}", f"env -i /bin/sh -c 'touch {c}'", f"PATH=/bin:/usr/bin:/sbin touch {c}",
        f"export PATH=/bin:/usr/bin; touch {c}", f"LD_PRELOAD=/tmp/x.so lssyscfg -r sys; touch {c}",
        f"BASH_ENV={c} bash -c true", f"IFS=/; x=bin/sh; $x -c 'touch {c}'", f"echo x > {c}", f"echo x >> {c}",
        f"lssyscfg -r sys > {c}", f"tee {c} < /etc/passwd", f"cat /etc/passwd > {c}", f"cp /etc/passwd {c}",
        f"source {c}", f". {c}", f"cd /tmp && touch {c}", f"xargs touch <<< {c}", f"find / -exec touch {c} \\;",
        f"awk 'BEGIN {{system(\"touch {c}\")}}'", f"sed -n '1e touch {c}' /etc/hosts", f"sed 's/x/y/w {c}' /etc/hosts",
        f"oem_setup_env; touch {c}", f"oem_setup_env -c 'touch {c}'", f"viosvrcmd -m x -p y -c 'touch {c}'",
        f"ssh localhost touch {c}", f"nohup touch {c} &", f"trap 'touch {c}' EXIT", f"function f {{ touch {c}; }}; f",
        f"f() {{ /bin/sh -c 'touch {c}'; }}; f", f"alias ls='touch {c}'; ls", "cat /etc/shadow; cat /proc/self/environ",
        "cat /root/.ssh/id_rsa", f"$'\\x74\\x6f\\x75\\x63\\x68' {c}", f"t\\ouch {c}", f"'touch' {c}", "\"/bin/sh\" -c x",
        f"lssyscfg -r sys\ntouch {c}", f"lssyscfg -r sys\r\ntouch {c}", f"lssyscfg -r sys\x00; touch {c}",
    ]


class Recorder:
    """Every way this process could start a program, replaced by a refusal that records the call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, tuple]] = []
        self.opened: list[tuple[str, str]] = []

    def refuse(self, name: str):
        def fn(*args, **kwargs):
            self.calls.append((threading.current_thread().name, name, args[:3]))
            raise PermissionError(f"test: {name} refused")
        return fn

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(subprocess.Popen, "_execute_child", self.refuse("subprocess.Popen"))
        for name in ("system", "popen", "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp",
                     "execlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe", "spawnl", "spawnle", "spawnlp",
                     "spawnlpe", "fork", "forkpty", "posix_spawn", "posix_spawnp"):
            if hasattr(os, name):
                monkeypatch.setattr(os, name, self.refuse(f"os.{name}"))
        monkeypatch.setattr(pty, "spawn", self.refuse("pty.spawn"))
        monkeypatch.setattr(asyncio, "create_subprocess_exec", self.refuse("asyncio.create_subprocess_exec"))
        monkeypatch.setattr(asyncio, "create_subprocess_shell", self.refuse("asyncio.create_subprocess_shell"))
        monkeypatch.setattr(asyncio.base_events.BaseEventLoop, "subprocess_exec", self.refuse("loop.subprocess_exec"))
        monkeypatch.setattr(asyncio.base_events.BaseEventLoop, "subprocess_shell",
                            self.refuse("loop.subprocess_shell"))
        real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

        def watch(real):
            def fn(file, *args, **kwargs):
                if threading.current_thread().name == "fakehmc-estate":
                    self.opened.append(("open", os.fsdecode(file) if isinstance(file, (str, bytes, os.PathLike))
                                        else repr(file)))
                return real(file, *args, **kwargs)
            return fn

        monkeypatch.setattr(builtins, "open", watch(real_open))
        monkeypatch.setattr(io, "open", watch(real_io_open))
        monkeypatch.setattr(os, "open", watch(real_os_open))


async def _exec_all(host, commands: list[str], env: dict | None = None) -> list[tuple[str, int]]:
    out = []
    async with asyncssh.connect(host.address, port=host.port, username=host.username, password=host.password,
                                known_hosts=None, client_keys=None, agent_path=None, config=None) as conn:
        for cmd in commands:
            r = await conn.run(cmd, env=env or {})
            out.append(((r.stdout or "") + (r.stderr or ""), r.exit_status))
        # the same lines typed into an interactive PTY shell
        proc = await conn.create_process(term_type="vt100", env=env or {})
        text = "".join(cmd.replace("\n", " ").replace("\r", " ").replace("\x00", " ") + "\n" for cmd in commands)
        # on a VIOS, padmin's `oem_setup_env` opens a root shell, as on the real one: the first exit
        # ends that, the next padmin's restricted shell (later exits are never read)
        proc.stdin.write(text + "exit\n" * 3)
        try:
            shell_out = await asyncio.wait_for(proc.stdout.read(), 60)
        finally:
            proc.close()
        out.append((shell_out, 0))
    return out


@pytest.fixture
def estate(estate_factory):
    return estate_factory("seed-lpar30")


def test_nothing_runs_on_the_host(estate, tmp_path, monkeypatch):
    canary = tmp_path / f"CANARY-{uuid.uuid4().hex}"
    commands = payloads(str(canary))
    rec = Recorder()
    rec.install(monkeypatch)
    # the recorder sees the server's thread: prove it once, then start from a clean record
    with pytest.raises(PermissionError):
        estate.call(subprocess.run, ["true"])
    estate.call(lambda: open(os.devnull).close())
    assert [c[:2] for c in rec.calls] == [("fakehmc-estate", "subprocess.Popen")]
    assert ("open", os.devnull) in rec.opened
    rec.calls.clear()
    rec.opened.clear()
    env = {"LD_PRELOAD": "/tmp/evil.so", "BASH_ENV": str(canary), "ENV": str(canary), "PATH": "/bin:/usr/bin",
           "PYTHONSTARTUP": str(canary), "SHELLOPTS": "xtrace", "PS4": f"$(touch {canary})"}
    results = {}
    for name in ("hmc1", "lpar30", "vios1"):
        results[name] = asyncio.run(_exec_all(estate.host(name), commands, env))
    assert not canary.exists()
    assert rec.calls == [], rec.calls
    touched = [p for _, p in rec.opened if str(canary) in p or p in HOST_ONLY_FILES]
    assert touched == [], touched
    # nothing of the host's own files came back either
    with open("/etc/passwd") as fh:
        host_lines = [ln for ln in fh.read().splitlines() if ln.count(":") == 6 and "/bin/" in ln]
    for name, outs in results.items():
        for text, rc in outs:
            assert isinstance(rc, int)
            assert "Traceback" not in text
            leaked = [ln for ln in host_lines if ln in text]
            assert not leaked, (name, leaked)
    # every payload got an answer from the fake (not a dropped channel)
    assert all(len(outs) == len(commands) + 1 for outs in results.values())
    assert estate.call(estate.world.check_invariants) == []
