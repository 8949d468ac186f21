"""The control API's client side, for the CLI, bundles and container estates: one place that finds the
URL and token (flag, environment, ready file) and sends the token header."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .guard import TOKEN_HEADER


class ControlError(Exception):
    """The API answered an error (``status``, body text) or could not be reached (status 0)."""

    def __init__(self, status: int, message: str):
        super().__init__(f"{status}: {message}" if status else message)
        self.status = status
        self.message = message


def locate(url: str | None, ready_file: Path | None) -> tuple[str, str | None] | None:
    """(url, token) from an explicit URL or $FAKEHMC_CONTROL (token from $FAKEHMC_CONTROL_TOKEN, else the
    ready file when it names the same API), else from the ready file; None when nothing says where."""
    url = url or os.environ.get("FAKEHMC_CONTROL")
    ready = _read_ready(ready_file)
    token = os.environ.get("FAKEHMC_CONTROL_TOKEN")
    if url:
        url = url.rstrip("/")
        if token is None and ready and ready.get("control", "").rstrip("/") == url:
            token = ready.get("token")
        return url, token
    if ready and ready.get("control"):
        return ready["control"].rstrip("/"), token or ready.get("token")
    return None


def _read_ready(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        doc = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def call(url: str, method: str, path: str, body: Any = None, *, token: str | None = None,
         timeout: float = 300) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers[TOKEN_HEADER] = token
    req = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        raise ControlError(exc.code, exc.read().decode(errors="replace")) from None
    except urllib.error.URLError as exc:
        raise ControlError(0, f"cannot reach the control API: {exc.reason}") from None
