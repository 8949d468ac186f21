"""Reading HMC listings back: the default ``attr=value`` records with the quoting rules of
harness/hmc/formatting.py (a pair holding a comma is wrapped whole in double quotes; a list element
holding a comma is wrapped in doubled quotes), lshmc -V and lspartition -dlpar."""

from __future__ import annotations

import re

NO_RESULTS = "No results were found."


def split_fields(line: str) -> list[str]:
    """A default line split on the commas that separate pairs; ``""`` inside quotes is one quote."""
    fields, i, n = [], 0, len(line)
    while i < n:
        if line[i] == '"':
            i += 1
            buf = []
            while i < n:
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(line[i])
                i += 1
            fields.append("".join(buf))
            if i < n and line[i] == ",":
                i += 1
            continue
        end = line.find(",", i)
        if end < 0:
            end = n
        fields.append(line[i:end])
        i = end + 1
    return fields


def parse_record(line: str) -> dict[str, str]:
    out = {}
    for f in split_fields(line.rstrip("\r\n")):
        name, sep, value = f.partition("=")
        if sep:
            out[name] = value
    return out


def parse_records(text: str) -> list[dict[str, str]]:
    return [parse_record(ln) for ln in text.splitlines() if ln.strip() and ln.strip() != NO_RESULTS]


def hmc_level(text: str) -> str:
    """lshmc -V -> V7/V8/V9/V10 (base_version=V7R7.9.0, else ``Version: 7``); V9 when unknown."""
    m = re.search(r"base_version=V(\d+)R", text) or re.search(r"Version:\s*(\d+)", text)
    major = m.group(1) if m else "9"
    return f"V{major}" if major in ("7", "8", "9", "10") else "V9"


_DLPAR_HEAD = re.compile(r"<#\d+>\s*LPAR:<(\d+)\*([^*]+)\*([^,>]+)")
_DLPAR_BODY = re.compile(r"Active:<(\d+)>.*DCaps:<(0x[0-9a-fA-F]+)>")


def parse_dlpar(text: str) -> dict[tuple[str, int], tuple[int, int]]:
    """lspartition -dlpar -> {(type_model*serial, lpar id): (active, dcaps)}."""
    out: dict[tuple[str, int], tuple[int, int]] = {}
    key = None
    for line in text.splitlines():
        m = _DLPAR_HEAD.search(line)
        if m:
            key = (f"{m.group(2).strip()}*{m.group(3).strip()}", int(m.group(1)))
            continue
        b = _DLPAR_BODY.search(line)
        if b and key is not None:
            out[key] = (int(b.group(1)), int(b.group(2), 16))
            key = None
    return out


def os_level(os_version: str) -> tuple[str | None, str | None]:
    """lssyscfg os_version -> (scenario aix_level, oslevel): ``AIX 6.1 6100-05-01-1016`` ->
    ("6.1", "6100-05-01-1016"); ``VIOS 3.1.0.11`` (the ioslevel) -> ("vios-3.1", None)."""
    words = os_version.split()
    if len(words) >= 2 and words[0] == "VIOS":
        return "vios-" + ".".join(words[1].split(".")[:2]), None
    if len(words) >= 2 and words[0] == "AIX":
        return words[1], words[2] if len(words) > 2 else None
    return None, None
