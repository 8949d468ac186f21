#!/usr/bin/python3 -IS
"""Inside a partition container with a real userland (images/userland/): stdlib only, no harness import.

Installed as /usr/lib/fakehmc/guest.py; two roles, chosen by the name it is run under:

- ``guest.py init`` is the container's command (under docker's init): it makes the scenario's users
  (ksh93 login shell, passwords; ``FAKEHMC_USERS``), links the shims of this host's kind (the
  manifest /usr/lib/fakehmc/shims.json, made from the fake's command registries at build time), starts
  the LAN prober and RMC listener (relay.py with ``--port 0``) and the real OpenSSH server, and writes
  the ready file once sshd accepts connections;
- any other name (``lssrc``, ``/usr/sbin/rsct/bin/rmcctrl``, ``df``, ...) is a shim: it sends argv,
  the user, the working directory and (for the commands that read it) stdin to the engine's exec
  endpoint (harness/runtime/userland.py), prints the answer's stdout and stderr and exits with its
  code, so a program here sees the same AIX as an SSH client of the embedded fake.
"""

from __future__ import annotations

import json
import os
import pwd
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

LIB = Path("/usr/lib/fakehmc")
SHIM = LIB / "shim"  # a symlink to guest.py: every shim link points here
MANIFEST = LIB / "shims.json"
CONFIG = Path("/etc/fakehmc/exec.json")  # the engine's exec URL and this host's token
SHIM_DIR = "/usr/local/bin"  # first on every PATH sshd and /etc/profile set
READY_FILE = Path(os.environ.get("FAKEHMC_READY_FILE", "/tmp/fakehmc/ready.json"))
RELAY_READY = Path("/tmp/fakehmc/relay.json")
TOKEN_HEADER = "X-Fakehmc-Exec-Token"
KSH = "/usr/bin/ksh"


# ---- shim ----------------------------------------------------------------------------------------
def command_word(argv0: str, paths: set[str]) -> str:
    """What the engine is asked to run: the name for a shim found on PATH, the full AIX path for one
    called by its AIX path (the fake resolves both as AIX does)."""
    if argv0 in paths:
        return argv0
    return os.path.basename(argv0)


def _ask(req: urllib.request.Request, attempts: int = 20) -> dict:
    """POST the command; retried only while nothing was sent (no name, no connection): never run twice.
    No timeout otherwise: a hung channel (a fault) holds the command as it holds an SSH client."""
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(req) as resp:
                return json.loads(resp.read())
        except urllib.error.URLError as exc:
            unsent = isinstance(exc.reason, (socket.gaierror, ConnectionRefusedError))
            if not unsent or attempt == attempts - 1:
                raise
            time.sleep(0.25)
    raise AssertionError("unreachable")


def shim(argv: list[str]) -> int:
    try:
        config = json.loads(CONFIG.read_text())
        manifest = json.loads(MANIFEST.read_text())[config["kind"]]
    except (OSError, ValueError, KeyError) as exc:
        print(f"fakehmc shim: not configured ({exc})", file=sys.stderr)
        return 1
    paths = {p for ps in manifest["commands"].values() for p in ps}
    word = command_word(argv[0], paths)
    stdin = ""
    if os.path.basename(word) in manifest["stdin"] and not sys.stdin.isatty():
        stdin = sys.stdin.buffer.read().decode("utf-8", "replace")
    try:
        user = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        user = str(os.geteuid())
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = "/"
    body = json.dumps({"host": config["host"], "user": user, "cwd": cwd, "stdin": stdin,
                       "command": shlex.join([word, *argv[1:]])}).encode()
    req = urllib.request.Request(config["url"], data=body, method="POST",
                                 headers={"Content-Type": "application/json", TOKEN_HEADER: config["token"]})
    try:
        answer = _ask(req)
    except urllib.error.HTTPError as exc:
        print(f"fakehmc shim: the engine refused {word}: {exc.code} {exc.read().decode(errors='replace')}",
              file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"fakehmc shim: the engine cannot be reached ({exc})", file=sys.stderr)
        return 1
    for stream, text in ((sys.stdout, answer.get("stdout", "")), (sys.stderr, answer.get("stderr", ""))):
        stream.buffer.write(text.encode("utf-8", "surrogateescape"))
        stream.flush()
    return int(answer.get("exit_code", 1))


# ---- init ----------------------------------------------------------------------------------------
def install_shims(kind: str, manifest: dict) -> list[str]:
    """Link every command of ``kind`` to the shim, on PATH and at its AIX paths (replacing Linux's
    binary where one sits there: a Linux twin must never answer in Linux's format)."""
    linked = []
    for name, paths in manifest[kind]["commands"].items():
        for path in [f"{SHIM_DIR}/{name}", *paths]:
            p = Path(path)
            p.parent.mkdir(parents=True, exist_ok=True)
            if p.is_symlink() or p.exists():
                p.unlink()
            p.symlink_to(SHIM)
            linked.append(path)
    return linked


def make_users(users: list[dict]) -> None:
    """The scenario's users with ksh93 as login shell (AIX's default) and their passwords and keys."""
    for u in users:
        name = u["name"]
        try:
            home = pwd.getpwnam(name).pw_dir
            subprocess.run(["usermod", "-s", KSH, name], check=True)
        except KeyError:
            home = "/home/" + name
            subprocess.run(["useradd", "-m", "-d", home, "-s", KSH, name], check=True)
        if u.get("password"):
            subprocess.run(["chpasswd"], input=f"{name}:{u['password']}\n", text=True, check=True)
        keys = u.get("authorized_keys") or []
        if keys:
            ssh_dir = Path(home) / ".ssh"
            ssh_dir.mkdir(mode=0o700, exist_ok=True)
            (ssh_dir / "authorized_keys").write_text("".join(k.rstrip("\n") + "\n" for k in keys))
            subprocess.run(["chown", "-R", f"{name}:", str(ssh_dir)], check=True)


def configure_sshd() -> None:
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    subprocess.run(["ssh-keygen", "-A"], check=True, stdout=subprocess.DEVNULL)
    conf = Path("/etc/ssh/sshd_config.d/fakehmc.conf")
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text("PermitRootLogin yes\nPasswordAuthentication yes\nKbdInteractiveAuthentication yes\n"
                    "UseDNS no\nPrintMotd no\nPrintLastLog no\n")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def init(env: dict[str, str]) -> int:
    host, kind = env["FAKEHMC_HOST"], env.get("FAKEHMC_KIND", "aix")
    READY_FILE.unlink(missing_ok=True)
    RELAY_READY.unlink(missing_ok=True)
    CONFIG.parent.mkdir(parents=True, exist_ok=True)
    # readable by every user of the partition: each one's shims need it (the token only runs commands
    # on this host, as any SSH login to it could)
    CONFIG.write_text(json.dumps({"host": host, "kind": kind, "url": env["FAKEHMC_EXEC_URL"],
                                  "token": env["FAKEHMC_EXEC_TOKEN"]}) + "\n")
    CONFIG.chmod(0o644)
    install_shims(kind, json.loads(MANIFEST.read_text()))
    make_users(json.loads(env.get("FAKEHMC_USERS", "[]")))
    configure_sshd()
    children = [subprocess.Popen(["/usr/sbin/sshd", "-D", "-e"])]
    relay_args = json.loads(env.get("FAKEHMC_RELAY_ARGS", "[]"))
    if relay_args:
        children.append(subprocess.Popen([sys.executable, str(LIB / "relay.py"), "--port", "0",
                                          "--ready-file", str(RELAY_READY), *relay_args]))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    ready = False
    while not stop:
        if any(c.poll() is not None for c in children):
            print("fakehmc guest: a child exited: " + ", ".join(f"{c.args[0]}={c.poll()}" for c in children),
                  file=sys.stderr)
            break
        if not ready and _listening(22) and (not relay_args or RELAY_READY.exists()):
            READY_FILE.parent.mkdir(parents=True, exist_ok=True)
            READY_FILE.write_text(json.dumps({"host": host, "kind": kind, "userland": "real"}) + "\n")
            print(f"fakehmc guest: {host} ({kind}) ready: sshd on 22", flush=True)
            ready = True
        time.sleep(0.2)
    READY_FILE.unlink(missing_ok=True)
    for c in children:
        c.terminate()
    for c in children:
        try:
            c.wait(5)
        except subprocess.TimeoutExpired:
            c.kill()
    return 0 if stop else 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if os.path.basename(argv[0]) in ("guest.py", "userland_guest.py"):
        if argv[1:2] == ["init"]:
            return init(dict(os.environ))
        print("usage: guest.py init   (or run under a command's name: a shim)", file=sys.stderr)
        return 2
    return shim(argv)


if __name__ == "__main__":
    sys.exit(main())
