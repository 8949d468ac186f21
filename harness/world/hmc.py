"""The Hardware Management Console: its identity, users, the systems it manages, and what its RMC
side (DMSRM / LparCmdRM) knows about partitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .network import NetStack
from .versions import HMC_LEVELS, HmcLevel

ROLES = ("hmcsuperadmin", "hmcoperator", "hmcviewer", "hmcpe", "hmcservicerep")


@dataclass
class HmcUser:
    name: str
    password: str
    role: str = "hmcsuperadmin"
    description: str = ""
    authorized_keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ManagedNode:
    """DMSRM's record of a partition that registered with this HMC (an lspartition entry)."""

    system: str
    lpar_id: int
    hostname: str = ""
    ip: str = ""
    os_type: str = ""
    os_version: str = ""
    oslevel: str = ""

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Hmc:
    name: str
    hostname: str
    level_key: str
    net: NetStack
    domain: str = "localdomain"
    type_model: str = "7042-CR9"
    serial: str = "10F1234"
    node_id: int = 0  # RSCT node id of the HMC (the MCP)
    key_generation: int = 1  # a new RMC key each time the HMC (DMSRM) restarts
    users: dict[str, HmcUser] = field(default_factory=dict)
    managed_systems: list[str] = field(default_factory=list)
    # lspartition indexes: slot N is the Nth partition that ever registered (gaps when removed)
    managed_nodes: list[ManagedNode | None] = field(default_factory=list)

    @property
    def level(self) -> HmcLevel:
        return HMC_LEVELS[self.level_key]

    @property
    def ip(self) -> str:
        iface = self.net.primary()
        return iface.ip if iface else ""

    @property
    def mtms(self) -> str:
        return f"{self.type_model.replace('-', '')}*{self.serial}"

    def node_slot(self, system: str, lpar_id: int) -> int | None:
        for i, node in enumerate(self.managed_nodes):
            if node and node.system == system and node.lpar_id == lpar_id:
                return i
        return None

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["net"] = self.net.to_dict()
        d["users"] = [u.to_dict() for u in self.users.values()]
        d["managed_nodes"] = [n.to_dict() if n else None for n in self.managed_nodes]
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "Hmc":
        data = dict(data)
        data["net"] = NetStack.from_dict(data["net"])
        data["users"] = {u["name"]: HmcUser(**u) for u in data.get("users", [])}
        data["managed_nodes"] = [ManagedNode(**n) if n else None for n in data.get("managed_nodes", [])]
        return cls(**data)
