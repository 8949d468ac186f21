"""`fakehmc capture`: look at an estate through read-only commands only and write a scenario file
that reproduces what was seen. Passwords are only ever held in memory."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import shlex
import sys
from dataclasses import dataclass, field
from datetime import datetime

from . import parse

# The only commands capture ever sends (checked before each one is sent): all of them are listings.
HMC_COMMANDS = ("lshmc -V", "lshmc -n", "lshmc -r", "lssyscfg -r sys", "lspartition -dlpar")
SYSTEM_COMMANDS = ("lssyscfg -r lpar -m {m}", "lshwres -r mem -m {m} --level sys",
                   "lshwres -r proc -m {m} --level sys", "lshwres -r mem -m {m} --level lpar",
                   "lshwres -r proc -m {m} --level lpar")
LPAR_COMMANDS = ("oslevel -s", "uname -a", "hostname", "lssrc -a", "df")
READ_ONLY = frozenset(HMC_COMMANDS + SYSTEM_COMMANDS + LPAR_COMMANDS)

_IPV4 = re.compile(r"^(\d{1,3}\.){3}\d{1,3}$")
_LEVELS = ("6.1", "7.1", "7.2", "7.3", "vios-3.1", "vios-2.2")


def command(template: str, **values: str) -> str:
    if template not in READ_ONLY:  # a guard for future edits: capture must never change anything
        raise ValueError(f"not a read-only capture command: {template!r}")
    return template.format(**{k: shlex.quote(v) for k, v in values.items()})


@dataclass
class Target:
    host: str
    port: int
    user: str
    password: str = field(repr=False)


@dataclass
class Observation:
    """Raw outputs, by command line: what the scenario is built from (testable without SSH)."""

    hmc: dict[str, str] = field(default_factory=dict)
    systems: dict[str, dict[str, str]] = field(default_factory=dict)
    lpars: dict[str, dict[str, str]] = field(default_factory=dict)  # partition name -> outputs
    warnings: list[str] = field(default_factory=list)


async def _run_all(target: Target, commands: list[str], host_keys=None) -> dict[str, str]:
    from .upstream_keys import HostKeyPolicy, connect

    async with await connect(host_keys or HostKeyPolicy(), target.host, target.port, username=target.user,
                             password=target.password, client_keys=None, agent_path=None,
                             preferred_auth="password,keyboard-interactive") as conn:
        out = {}
        for cmd in commands:
            r = await asyncio.wait_for(conn.run(cmd, check=False), 120)
            out[cmd] = r.stdout or ""
        return out


async def observe(hmc: Target, lpar: Target | None = None, host_keys=None) -> Observation:
    obs = Observation()
    obs.hmc = await _run_all(hmc, [command(c) for c in HMC_COMMANDS], host_keys)
    for rec in parse.parse_records(obs.hmc["lssyscfg -r sys"]):
        name = rec.get("name", "")
        if name:
            obs.systems[name] = await _run_all(hmc, [command(c, m=name) for c in SYSTEM_COMMANDS], host_keys)
    if lpar is not None:
        for sysname, raw in obs.systems.items():
            for rec in parse.parse_records(raw[command(SYSTEM_COMMANDS[0], m=sysname)]):
                addr = rec.get("rmc_ipaddr", "")
                if rec.get("state") != "Running" or not addr:
                    continue
                try:
                    t = Target(addr, lpar.port, lpar.user, lpar.password)
                    obs.lpars[rec["name"]] = await _run_all(t, [command(c) for c in LPAR_COMMANDS], host_keys)
                except Exception as exc:  # noqa: BLE001  one partition down (any SSH error) is not fatal
                    obs.warnings.append(f"partition {rec['name']} ({addr}): {type(exc).__name__}: {exc}")
    return obs


# ---- observation -> scenario data ------------------------------------------------------------------
def _int(v: str | None, default: int = 0) -> int:
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return default


def _float(v: str | None, default: float = 0.0) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def _ip(v: str | None) -> str | None:
    v = (v or "").split(",")[0].strip()
    return v if _IPV4.match(v) else None


def _epoch(sys_time: str | None) -> str | None:
    try:
        return datetime.strptime(sys_time or "", "%m/%d/%Y %H:%M:%S").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


def _memory(m: dict[str, str]) -> dict:
    lo, cur, hi = (_int(m.get(k)) for k in ("curr_min_mem", "curr_mem", "curr_max_mem"))
    if not (lo or cur or hi):  # a Not Activated partition lists zeros on some levels: use the pending values
        lo, cur, hi = (_int(m.get(k)) for k in ("pend_min_mem", "pend_mem", "pend_max_mem"))
    return {"min": lo, "desired": cur, "max": hi}


def _processors(p: dict[str, str]) -> dict:
    mode = p.get("curr_proc_mode", "shared")
    out: dict = {"mode": "ded" if mode == "ded" else "shared"}
    if p.get("curr_sharing_mode"):
        out["sharing_mode"] = p["curr_sharing_mode"]
    if out["mode"] == "shared":
        out.update(min_units=_float(p.get("curr_min_proc_units")), units=_float(p.get("curr_proc_units")),
                   max_units=_float(p.get("curr_max_proc_units")))
        if "curr_uncap_weight" in p:
            out["uncap_weight"] = _int(p["curr_uncap_weight"])
        if "curr_shared_proc_pool_id" in p:
            out["pool_id"] = _int(p["curr_shared_proc_pool_id"])
    out.update(min_procs=_int(p.get("curr_min_procs")), procs=_int(p.get("curr_procs")),
               max_procs=_int(p.get("curr_max_procs")))
    return out


def _causes(rec: dict[str, str], dlpar: tuple[int, int] | None, lpar_raw: dict[str, str] | None) -> dict:
    """The simplest cause reproducing what was seen (see README): /var full, RMC down, DCaps 0x0."""
    if rec.get("state") != "Running":
        return {}
    if lpar_raw and re.search(r"\s100%\s+\S+\s+\S+\s+/var\s*$", lpar_raw.get("df", ""), re.MULTILINE):
        return {"var_full": True}
    if rec.get("rmc_state", "active") != "active":
        return {"rmc_stopped": True}
    if dlpar is not None and dlpar[0] == 1 and dlpar[1] == 0:
        return {"rsct_config_corrupt": True}
    return {}


def _partition(rec, mem, proc, dlpar, lpar_raw) -> dict:
    p: dict = {"name": rec["name"], "id": _int(rec.get("lpar_id"))}
    env = rec.get("lpar_env", "aixlinux")
    if env in ("aixlinux", "vioserver"):
        p["env"] = env
    p["state"] = "Not Activated" if rec.get("state") == "Not Activated" else "Running"
    level, oslevel = parse.os_level(rec.get("os_version", ""))
    if lpar_raw and lpar_raw.get("oslevel -s", "").strip():
        oslevel = lpar_raw["oslevel -s"].strip()
    if level in _LEVELS:
        p["aix_level"] = level
    elif env == "vioserver":
        p["aix_level"] = "vios-3.1"
    if oslevel and p.get("aix_level", "").replace(".", "") == oslevel[:2]:
        p["oslevel"] = oslevel
    if lpar_raw and lpar_raw.get("hostname", "").strip():
        p["hostname"] = lpar_raw["hostname"].strip()
    if _ip(rec.get("rmc_ipaddr")):
        p["address"] = _ip(rec.get("rmc_ipaddr"))
    if rec.get("logical_serial_num"):
        p["logical_serial"] = rec["logical_serial_num"]
    if mem:
        p["memory"] = _memory(mem)
    if proc:
        p["processors"] = _processors(proc)
    causes = _causes(rec, dlpar, lpar_raw)
    if causes:
        p["causes"] = causes
    return p


_IFACE = re.compile(r"^ipv4addr_(eth\d+)$")
_IFACE_OPTIONS = ("lparcomm", "jumboframe", "tso", "ipv4dhcp", "speed", "duplex")
_VALUES = {"lparcomm": ("on", "off"), "jumboframe": ("on", "off"), "tso": ("on", "off"), "ipv4dhcp": ("on", "off"),
           "speed": ("auto", "10", "100", "1000"), "duplex": ("auto", "half", "full")}


def _mac_of(v6: str | None) -> str | None:
    """The MAC an EUI-64 link-local address (fe80:0:0:0:214:5eff:fe7f:2f4c/64) was made from."""
    try:
        addr = ipaddress.IPv6Address((v6 or "").split("/")[0])
    except ValueError:
        return None
    b = addr.packed[8:]
    if not addr.is_link_local or b[3:5] != b"\xff\xfe":
        return None
    return ":".join(f"{x:02x}" for x in (b[0] ^ 0x02, b[1], b[2], b[5], b[6], b[7]))


def _console(hmc: dict, net: dict, remote: dict) -> None:
    """The HMC console settings lshmc -n and -r showed: further interfaces, DNS, NTP, remote access
    (the scenario keys of harness/world/hmc_console.py)."""
    from ..world.hmc_console import REMOTE_DEFAULTS, REMOTE_LEVEL_DEFAULTS, XNTP_LOCAL_CLOCK

    primary = hmc.get("address")
    mac = _mac_of(net.get("ipv6addr_eth0"))
    if mac:
        hmc["mac"] = mac
    interfaces = []
    for key, value in net.items():
        m = _IFACE.match(key)
        if not m or not _ip(value) or value == primary:
            continue
        iface = {"name": m.group(1), "address": value}
        if _mac_of(net.get(f"ipv6addr_{m.group(1)}")):
            iface["mac"] = _mac_of(net.get(f"ipv6addr_{m.group(1)}"))
        if _ip(net.get(f"ipv4netmask_{m.group(1)}")):
            iface["netmask"] = net[f"ipv4netmask_{m.group(1)}"]
        for opt in _IFACE_OPTIONS:
            if net.get(f"{opt}_{m.group(1)}") in _VALUES[opt]:
                iface[opt] = net[f"{opt}_{m.group(1)}"]
        interfaces.append(iface)
    if interfaces and not any(i["name"] == "eth0" for i in interfaces):
        hmc["interfaces"] = interfaces
    elif interfaces:  # the primary is not eth0 on that HMC: keep the addresses, not the names [I]
        hmc["interfaces"] = [dict(i, name=f"eth{n}") for n, i in enumerate(interfaces, start=1)]
    for key, out in (("nameserver", "nameservers"), ("domainsuffix", "domain_suffixes")):
        values = [v for v in (net.get(key) or "").split(",") if v]
        if values:
            hmc[out] = values
    shown = {**REMOTE_DEFAULTS, **REMOTE_LEVEL_DEFAULTS.get(hmc.get("level", "V9"), {})}
    settings = {k: v for k, v in remote.items() if k in shown and v != shown[k]}
    if settings:
        hmc["remote_access"] = settings
    ntp = [v for v in (remote.get("xntpserver") or "").split(",") if v and v != XNTP_LOCAL_CLOCK]
    if ntp:
        hmc["ntp_servers"] = ntp


def scenario_data(obs: Observation, name: str = "captured") -> dict:
    net = (parse.parse_records(obs.hmc.get("lshmc -n", "")) or [{}])[0]
    hmc: dict = {"name": net.get("hostname") or "hmc1", "level": parse.hmc_level(obs.hmc.get("lshmc -V", ""))}
    if _ip(net.get("ipaddr")):
        hmc["address"] = _ip(net.get("ipaddr"))
    if net.get("domain"):
        hmc["domain"] = net["domain"]
    _console(hmc, net, (parse.parse_records(obs.hmc.get("lshmc -r", "")) or [{}])[0])
    dlpar = parse.parse_dlpar(obs.hmc.get("lspartition -dlpar", ""))
    data: dict = {"scenario": {"name": name, "description": f"captured from HMC {hmc['name']} ({hmc['level']})",
                               "seed": 0}, "hmc": [hmc], "system": []}
    for srec in parse.parse_records(obs.hmc.get("lssyscfg -r sys", "")):
        sysname = srec.get("name", "")
        raw = obs.systems.get(sysname)
        if raw is None:
            continue
        if raw[command(SYSTEM_COMMANDS[0], m=sysname)].startswith("HSCL"):  # e.g. HSCL2965, no connection
            obs.warnings.append(f"system {sysname}: partitions not listed: "
                                f"{raw[command(SYSTEM_COMMANDS[0], m=sysname)].splitlines()[0]}")
        data["system"].append(_system(srec, raw, dlpar, obs.lpars))
        epoch = _epoch(srec.get("sys_time"))
        if epoch and "epoch" not in data["scenario"]:
            data["scenario"]["epoch"] = epoch
    _first_free_address(data)
    return data


def _system(srec: dict, raw: dict[str, str], dlpar, lpars: dict) -> dict:
    m = srec["name"]
    memsys = (parse.parse_records(raw[command(SYSTEM_COMMANDS[1], m=m)]) or [{}])[0]
    procsys = (parse.parse_records(raw[command(SYSTEM_COMMANDS[2], m=m)]) or [{}])[0]
    s: dict = {"name": m, "type_model": srec.get("type_model", ""), "serial": srec.get("serial_num", "")}
    if srec.get("state") in ("Operating", "Standby", "Power Off", "No Connection", "Error"):
        s["state"] = srec["state"]
    if _ip(srec.get("ipaddr")):
        s["fsp_address"] = _ip(srec.get("ipaddr"))
    s["memory_mb"] = _int(memsys.get("installed_sys_mem") or memsys.get("configurable_sys_mem"), 131072)
    s["firmware_mem_mb"] = _int(memsys.get("sys_firmware_mem"), 2048)
    s["mem_region_size"] = _int(memsys.get("mem_region_size"), 256)
    s["proc_units"] = _float(procsys.get("installed_sys_proc_units") or procsys.get("configurable_sys_proc_units"), 16.0)
    if srec.get("max_lpars"):
        s["max_lpars"] = _int(srec["max_lpars"], 1000)
    mems = {r.get("lpar_id"): r for r in parse.parse_records(raw[command(SYSTEM_COMMANDS[3], m=m)])}
    procs = {r.get("lpar_id"): r for r in parse.parse_records(raw[command(SYSTEM_COMMANDS[4], m=m)])}
    mtms = f"{s['type_model']}*{s['serial']}"
    s["partition"] = [
        _partition(rec, mems.get(rec.get("lpar_id")), procs.get(rec.get("lpar_id")),
                   dlpar.get((mtms, _int(rec.get("lpar_id")))), lpars.get(rec["name"]))
        for rec in parse.parse_records(raw[command(SYSTEM_COMMANDS[0], m=m)]) if rec.get("name")]
    _recycled_addresses(s["partition"])
    return s


def _recycled_addresses(parts: list[dict]) -> None:
    """A Not Activated partition listing a running one's address: the HMC's stale definition holds it
    (cause recycled_ip on the running one), and the stopped one gets an address of its own."""
    running = {p["address"]: p for p in parts if p["state"] == "Running" and "address" in p}
    for p in parts:
        other = running.get(p.get("address", ""))
        if p["state"] == "Not Activated" and other is not None:
            del p["address"]
            other["causes"] = {"recycled_ip": p["name"]}


def _first_free_address(data: dict) -> None:
    """Hosts seen without an address get one after every captured address (no collision)."""
    used = [ipaddress.IPv4Address(h["address"]) for h in data["hmc"] if "address" in h]
    used += [ipaddress.IPv4Address(p["address"]) for s in data["system"] for p in s["partition"] if "address" in p]
    loop = [a for a in used if a.is_loopback]
    if loop and len(loop) == len(used):
        data["network"] = {"first_address": str(max(loop) + 1)}


def warn(obs: Observation) -> None:
    for w in obs.warnings:
        print(f"fakehmc capture: {w}", file=sys.stderr)
