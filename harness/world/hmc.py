"""The Hardware Management Console: its identity, users, the systems it manages, and what its RMC
side (DMSRM / LparCmdRM) knows about partitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .hmc_console import HmcConsole
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
    # what lshmcusr shows beside name/role/description [V names, V7 sample]; mkhmcusr/chhmcusr set them
    pwage: str = "99999"
    min_pwage: str = "0"
    authentication_type: str = "local"
    remote_webui_access: str = "1"
    remote_ssh_access: str = "1"
    session_timeout: str = "0"
    verify_timeout: str = "15"
    idle_timeout: str = "0"
    inactivity_expiration: str = "0"
    disabled: str = "0"
    password_history: list[str] = field(default_factory=list)  # earlier passwords, newest last
    password_set_at: float = 0.0  # world clock seconds when the password was last set

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    def password_expired(self, now: float) -> bool:
        """pwage days after it was set the password expires; 99999 means never [V man page value]."""
        if not self.pwage.isdigit() or int(self.pwage) >= 99999:
            return False
        return now - self.password_set_at > int(self.pwage) * 86400

    def may_log_in_over_ssh(self, now: float = 0.0) -> bool:
        """A disabled user, one without remote SSH access, or one whose password expired cannot open
        an SSH session [I: the real HMC asks for a new password on a terminal; a client without one
        -- exec, sshpass, ansible -- fails]."""
        return self.disabled != "1" and self.remote_ssh_access != "0" and not self.password_expired(now)


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
    # lspartition indexes: slot N is the Nth partition that ever registered (gaps when removed).
    # Append a node, blank a slot (None), or replace a slot's node with replace_node(): node_slot
    # and slots_with_ip keep indexes that rely on it.
    managed_nodes: list[ManagedNode | None] = field(default_factory=list)
    # "system/lpar_id" of partitions whose RMC session record LparCmdRM kept stale (the hmc_rmc_stuck
    # fault, causes/hmcside.py): the partition cannot open a new session until the HMC's RMC is reset
    stuck_sessions: list[str] = field(default_factory=list)
    # remote access, interface options, password policies, LDAP, serviceable events (hmc_console.py)
    console: HmcConsole = field(default_factory=HmcConsole)

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
        # A self-checking index (O(1) instead of a scan: lssyscfg and every RMC poll ask this for each
        # partition; benchmarks/ showed it quadratic on big estates). A hit is used only while its
        # slot still holds that partition; slots appended since the last call are indexed on the way.
        # A node enters the table only by append (a slot is reused for the same partition or
        # blanked), so a key missing from the up-to-date index is not in the table.
        nodes = self.managed_nodes
        index = self.__dict__.get("_slot_index")
        if index is None or index[0] is not nodes or index[1] > len(nodes):
            index = self.__dict__["_slot_index"] = [nodes, 0, {}]
        slots = index[2]
        for i in range(index[1], len(nodes)):
            node = nodes[i]
            if node:
                slots.setdefault((node.system, node.lpar_id), i)
        index[1] = len(nodes)
        i = slots.get((system, lpar_id))
        if i is None:
            return None
        node = nodes[i]
        if node and node.system == system and node.lpar_id == lpar_id:
            return i
        found = next((j for j, n in enumerate(nodes) if n and n.system == system and n.lpar_id == lpar_id), None)
        if found is None:
            del slots[(system, lpar_id)]
        else:
            slots[(system, lpar_id)] = found
        return found

    def replace_node(self, slot: int, node: "ManagedNode") -> None:
        """The partition registered at ``slot`` registers again (its address may have changed)."""
        self.managed_nodes[slot] = node
        index = self.__dict__.get("_ip_index")
        if index is not None and index[0] is self.managed_nodes and slot < index[1]:
            index[2].setdefault(node.ip, []).append(slot)

    def slots_with_ip(self, ip: str) -> list[int]:
        """Slots whose node has address ``ip``, in order (a self-checking index, as node_slot)."""
        nodes = self.managed_nodes
        index = self.__dict__.get("_ip_index")
        if index is None or index[0] is not nodes or index[1] > len(nodes):
            index = self.__dict__["_ip_index"] = [nodes, 0, {}]
        by_ip = index[2]
        for i in range(index[1], len(nodes)):
            node = nodes[i]
            if node:
                by_ip.setdefault(node.ip, []).append(i)
        index[1] = len(nodes)
        slots = by_ip.get(ip)
        if not slots:
            return []
        valid = sorted({i for i in slots if nodes[i] and nodes[i].ip == ip})
        if len(valid) != len(slots):
            by_ip[ip] = valid
        return list(valid)

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d.pop("_slot_index", None)  # node_slot's and slots_with_ip's caches, not state
        d.pop("_ip_index", None)
        d["net"] = self.net.to_dict()
        d["users"] = [u.to_dict() for u in self.users.values()]
        d["managed_nodes"] = [n.to_dict() if n else None for n in self.managed_nodes]
        d["console"] = self.console.to_dict()
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "Hmc":
        data = dict(data)
        data["net"] = NetStack.from_dict(data["net"])
        data["users"] = {u["name"]: HmcUser(**u) for u in data.get("users", [])}
        data["managed_nodes"] = [ManagedNode(**n) if n else None for n in data.get("managed_nodes", [])]
        data["console"] = HmcConsole.from_dict(data.get("console"))
        return cls(**data)
