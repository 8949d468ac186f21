"""Helpers for the control-plane tests: JSON over HTTP to a running estate, the CLI against it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from harness.cli import main as cli_main


def call(url: str, method: str = "GET", body=None, raw: bytes | None = None) -> tuple[int, object]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=300) as resp:  # a 30-day advance takes 30 s on a busy machine
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def cli(est, *argv: str, capsys=None) -> tuple[int, str]:
    """Run `fakehmc ARGV --control URL` in-process; (exit code, stdout)."""
    try:
        rc = cli_main([*argv, "--control", est.estate.control_url])
    except SystemExit as exc:  # the CLI exits with a message on HTTP errors
        rc = exc.code if isinstance(exc.code, int) else 1
        if capsys is None:
            return rc, str(exc.code)
    out = capsys.readouterr().out if capsys is not None else ""
    return rc, out
