"""The baseline: a bare asyncssh server that answers one fixed string to any exec.

Started exactly like ``fakehmc up`` (a subprocess, port 0, a ready file naming the bound ports), with
host keys read from a directory (generated there once, as fakehmc does) and password auth, so the
difference to fakehmc is the estate, the shell and the commands, not the transport.

    python benchmarks/bare_server.py --listen 127.0.0.1 --port 0 --key-dir D --ready-file F \
        [--count N] [--payload-bytes B]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
from pathlib import Path

import asyncssh


class _Server(asyncssh.SSHServer):
    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return password == "bare"


def _keys(key_dir: Path) -> list[asyncssh.SSHKey]:
    key_dir.mkdir(parents=True, exist_ok=True)
    keys = []
    for stem, alg, opts in (("ed25519", "ssh-ed25519", {}), ("rsa", "ssh-rsa", {"key_size": 2048})):
        path = key_dir / f"ssh_host_{stem}_key"
        if path.exists():
            keys.append(asyncssh.read_private_key(path, unsafe_skip_rsa_key_validation=True))
        else:
            key = asyncssh.generate_private_key(alg, **opts)
            path.write_bytes(key.export_private_key("openssh"))
            keys.append(key)
    return keys


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--listen", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--key-dir", type=Path, required=True)
    p.add_argument("--ready-file", type=Path, required=True)
    p.add_argument("--count", type=int, default=1, help="number of listeners (one port each)")
    p.add_argument("--payload-bytes", type=int, default=0, help="answer this many bytes of text lines")
    args = p.parse_args()
    answer = "bare\n"
    if args.payload_bytes:
        line = "x" * 59 + "\n"
        answer = line * max(1, args.payload_bytes // len(line))

    def handle(process: asyncssh.SSHServerProcess) -> None:
        process.stdout.write(answer)
        process.exit(0)

    keys = _keys(args.key_dir)
    servers = []
    ports = []
    for _ in range(args.count):
        srv = await asyncssh.create_server(_Server, args.listen, args.port, server_host_keys=keys,
                                           process_factory=handle, encoding="utf-8",
                                           allow_scp=False, sftp_factory=None, config=None)
        servers.append(srv)
        ports.append(srv.get_port())
    tmp = args.ready_file.with_name(args.ready_file.name + ".tmp")
    tmp.write_text(json.dumps({"hosts": [{"name": f"bare{i}", "address": args.listen, "port": port,
                                          "username": "bench", "password": "bare"}
                                         for i, port in enumerate(ports)]}))
    os.replace(tmp, args.ready_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for srv in servers:
        srv.close()


if __name__ == "__main__":
    asyncio.run(main())
