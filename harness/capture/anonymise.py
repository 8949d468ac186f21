"""Deterministic anonymisation of captured scenario data: the same original value always gets the
same replacement (hash-based), so names, serials and addresses stay consistent across the file.
Short values can be brute-forced back from an unsalted hash: pass a secret salt for real estates."""

from __future__ import annotations

import hashlib
import string

_ALNUM = string.digits + string.ascii_uppercase


class Anonymiser:
    def __init__(self, salt: str = ""):
        self.salt = salt
        self.seen: dict[tuple[str, str], str] = {}

    def _digest(self, kind: str, value: str) -> bytes:
        return hashlib.sha256(f"{self.salt}\0{kind}\0{value}".encode()).digest()

    def _memo(self, kind: str, value: str, make) -> str:
        key = (kind, value)
        if key not in self.seen:
            out = make(self._digest(kind, value))
            taken = {v for (k, _), v in self.seen.items() if k == kind}
            n = 0
            while out in taken:  # a hash collision: derive again
                n += 1
                out = make(self._digest(kind, f"{value}\0{n}"))
            self.seen[key] = out
        return self.seen[key]

    def serial(self, value: str) -> str:
        return self._memo("serial", value, lambda d: "".join(_ALNUM[b % 36] for b in d[:7]))

    def name(self, value: str, prefix: str) -> str:
        return self._memo("name", value, lambda d: f"{prefix}-{d[:3].hex()}")

    def address(self, value: str) -> str:
        # loopback, so an anonymised capture can still be served by fakehmc up
        return self._memo("address", value, lambda d: f"127.{d[0]}.{d[1]}.{1 + d[2] % 254}")


def anonymise(data: dict, salt: str = "") -> dict:
    """Scenario data with serials, names (systems, partitions, HMCs, host names) and addresses replaced."""
    a = Anonymiser(salt)
    for h in data.get("hmc", []):
        h["name"] = a.name(h["name"], "hmc")
        for key in ("hostname",):
            if key in h:
                h[key] = a.name(h[key], "hmc")
        if "address" in h:
            h["address"] = a.address(h["address"])
        if "domain" in h:
            h["domain"] = "example.com"
        h.pop("mac", None)
        for iface in h.get("interfaces", []):
            iface["address"] = a.address(iface["address"])
            iface.pop("mac", None)
        # name service, time and log servers say where the estate lives: left out
        for key in ("nameservers", "domain_suffixes", "ntp_servers"):
            h.pop(key, None)
        remote = h.get("remote_access", {})
        for key in [k for k in remote if k.startswith(("syslog", "kerberos", "kpasswd"))]:
            del remote[key]
    for s in data.get("system", []):
        old_serial = s.get("serial", "")
        s["serial"] = a.serial(old_serial)
        # the usual default name embeds the serial: keep the pattern, swap the serial
        if old_serial and old_serial in s["name"]:
            s["name"] = s["name"].replace(old_serial, s["serial"])
        else:
            s["name"] = a.name(s["name"], "sys")
        if "fsp_address" in s:
            s["fsp_address"] = a.address(s["fsp_address"])
        for p in s.get("partition", []):
            p["name"] = a.name(p["name"], "lpar")
            if "hostname" in p:
                p["hostname"] = a.name(p["hostname"], "lpar")
            if "address" in p:
                p["address"] = a.address(p["address"])
            ls = p.get("logical_serial")
            if ls:
                p["logical_serial"] = (s["serial"] + ls[len(old_serial):] if old_serial and ls.startswith(old_serial)
                                       else a.serial(ls))
    meta = data.get("scenario", {})
    if data.get("hmc"):
        meta["description"] = f"captured from HMC {data['hmc'][0]['name']} (anonymised)"
    data.pop("network", None)
    return data
