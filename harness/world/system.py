"""Managed systems (the hypervisor's view) and their partitions.

Memory and processor units are allocated by the managed system. What is available is derived from
what is assigned, so "assigned + available + firmware = configurable" holds by construction; the
world's invariant check still verifies every bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .aix import AixOS


@dataclass
class MemAlloc:
    min: int
    cur: int
    max: int

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ProcAlloc:
    mode: str = "shared"  # "shared" or "ded"
    min_units: float = 0.1
    units: float = 0.5
    max_units: float = 2.0
    min_procs: int = 1
    procs: int = 1
    max_procs: int = 2
    sharing_mode: str = "uncap"  # cap/uncap (shared); keep_idle_procs/share_idle_procs (ded)
    uncap_weight: int = 128
    pool_id: int = 0

    def units_used(self) -> float:
        """Processor units this allocation takes from the system pool."""
        return float(self.procs) if self.mode == "ded" else self.units

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Profile:
    name: str
    mem: MemAlloc
    proc: ProcAlloc
    # adapters, I/O slots, max_virtual_slots, boot_mode (harness/world/profile_io.py); empty = none kept
    io: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"name": self.name, "mem": self.mem.to_dict(), "proc": self.proc.to_dict(),
                "io": json_copy(self.io)}

    @classmethod
    def from_dict(cls, data: dict) -> "Profile":
        return cls(data["name"], MemAlloc(**data["mem"]), ProcAlloc(**data["proc"]), json_copy(data.get("io", {})))


def json_copy(value: dict) -> dict:
    return {k: list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v for k, v in value.items()}


@dataclass
class Partition:
    id: int
    name: str
    env: str  # aixlinux, vioserver, os400
    state: str  # Running, Not Activated, Starting, Open Firmware, Shutting Down
    mem: MemAlloc
    proc: ProcAlloc
    os: AixOS | None = None
    default_profile: str = "default_profile"
    curr_profile: str = "default_profile"
    profiles: list[Profile] = field(default_factory=list)
    logical_serial: str = ""
    uuid: str = ""
    boot_mode: str = "norm"
    auto_start: int = 0
    lpar_keylock: str = "norm"
    firmware_pinned_mb: int = 768  # pinned memory the HMC knows without IBM.DRM reporting [I]
    nvram_hmcs: dict[str, dict] = field(default_factory=dict)  # hmc -> {"ip", "key_generation"}
    refcode: str = ""
    ssh_name: str = ""  # the endpoint name (defaults to the partition name)
    settings: dict = field(default_factory=dict)  # chsyscfg -r lpar settings (harness/hmc/syscfg_settings.py)

    @property
    def running(self) -> bool:
        return self.state == "Running"

    @property
    def host(self) -> str:
        return self.ssh_name or self.name

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["mem"] = self.mem.to_dict()
        d["proc"] = self.proc.to_dict()
        d["os"] = self.os.to_dict() if self.os else None
        d["profiles"] = [p.to_dict() for p in self.profiles]
        d["settings"] = dict(self.settings)
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "Partition":
        data = dict(data)
        data["mem"] = MemAlloc(**data["mem"])
        data["proc"] = ProcAlloc(**data["proc"])
        data["os"] = AixOS.from_dict(data["os"]) if data.get("os") else None
        data["profiles"] = [Profile.from_dict(p) for p in data.get("profiles", [])]
        return cls(**data)


@dataclass
class ManagedSystem:
    name: str
    type_model: str  # 9117-MMB
    serial: str  # 10284FP
    state: str = "Operating"
    ipaddr: str = ""  # the FSP's address on the service network
    installed_mem: int = 131072  # MB
    deconfig_mem: int = 0
    firmware_mem: int = 2048
    mem_region_size: int = 256  # LMB size, MB
    installed_proc_units: float = 16.0
    deconfig_proc_units: float = 0.0
    max_lpars: int = 1000
    processor: str = "POWER7"
    partitions: dict[int, Partition] = field(default_factory=dict)
    hmc_connected: dict[str, bool] = field(default_factory=dict)  # service path to each HMC
    sysprofs: list[dict] = field(default_factory=list)  # system profiles (mksyscfg -r sysprof)
    io: dict = field(default_factory=dict)  # harness/world/ioslots.py state (JSON-able); empty = default inventory
    # harness/world/sysres.py and firmware.py state (JSON-able): shared processor pools, system
    # settings, LEDs, firmware levels; empty = the defaults derived from the system
    resources: dict = field(default_factory=dict)

    @property
    def mtms(self) -> str:
        return f"{self.type_model}*{self.serial}"

    @property
    def configurable_mem(self) -> int:
        return self.installed_mem - self.deconfig_mem

    @property
    def configurable_proc_units(self) -> float:
        return round(self.installed_proc_units - self.deconfig_proc_units, 2)

    def assigned_mem(self) -> int:
        return sum(p.mem.cur for p in self.partitions.values() if p.state != "Not Activated")

    def avail_mem(self) -> int:
        return self.configurable_mem - self.firmware_mem - self.assigned_mem() - self.huge_page_mem()

    def huge_page_mem(self) -> int:
        """MB the hypervisor set aside as huge pages at power-on (sysres.py)."""
        return int(self.resources.get("mem", {}).get("huge_pages", 0)) * 16384

    def assigned_proc_units(self) -> float:
        return round(sum(p.proc.units_used() for p in self.partitions.values()
                         if p.state != "Not Activated"), 2)

    def avail_proc_units(self) -> float:
        return round(self.configurable_proc_units - self.assigned_proc_units() - self.reserved_pool_units(), 2)

    def reserved_pool_units(self) -> float:
        """Units reserved by user-defined shared processor pools (sysres.py) [I: taken from the free pool]."""
        pools = self.resources.get("procpools", {})
        return round(sum(float(p.get("reserved", 0.0)) for p in pools.values()), 2)

    def partition(self, key: str | int) -> Partition | None:
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            return self.partitions.get(int(key))
        return next((p for p in self.partitions.values() if p.name == key), None)

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["partitions"] = [p.to_dict() for p in self.partitions.values()]
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "ManagedSystem":
        data = dict(data)
        parts = [Partition.from_dict(p) for p in data.pop("partitions", [])]
        ms = cls(**data)
        ms.partitions = {p.id: p for p in parts}
        return ms
