"""The AIX operating system inside one partition: SRC subsystems, RSCT configuration, filesystems,
network stack, error log. Pure state plus small queries; behaviour that ties it to the HMC lives in
src.py (starting/stopping subsystems) and rmc.py (the management domain).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lvm import Lvm
from .network import NetStack
from .versions import AIX_LEVELS, AixLevel

# /var/ct is where RSCT keeps its registry, sockets and traces: with less than this free, the RMC
# daemons cannot start [I: seed "If /var is full, RMC subsystems may fail to function correctly"].
VAR_MIN_FREE_BLOCKS = 2048  # 1 MB in 512-byte blocks


def file_size(content: int | str) -> int:
    """os.files holds a size for files modelled by size only, and the text of files the shell wrote."""
    if not isinstance(content, str):
        return content
    return len(content) if content.isascii() else len(content.encode("utf-8", "surrogateescape"))


@dataclass
class Subsystem:
    name: str
    group: str
    status: str = "inoperative"  # "active", "inoperative", "stopping"
    pid: int | None = None
    defined: bool = True  # present in the SRC object class (rmcctrl -d removes ctrmc)
    started_at: float | None = None  # virtual-clock second of its last start; None = at boot (ps STIME)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Filesystem:
    device: str  # /dev/hd9var
    mount: str  # /var
    size_blocks: int  # 512-byte blocks, as AIX counts them
    base_used_blocks: int  # space used by what is not modelled file by file
    inodes_used: int = 1000
    lv: str = ""  # hd9var
    vfs: str = "jfs2"
    mounted: bool = True  # mount / umount (lvm.py, harness/aix/lvm.py)
    auto: bool = True  # mounted at boot (lsfs Auto, /etc/filesystems mount = true)
    mounted_at: float | None = None  # virtual-clock second of a later mount; None = at boot

    def to_dict(self) -> dict:
        return dict(self.__dict__)


# The error log is a file of fixed size that wraps, overwriting its oldest entries (errdemon -s LogSize,
# 1 MB by default [V: errdemon docs]): kept here as at most ERRLOG_ENTRIES entries [guess: about 512
# bytes an entry in /var/adm/ras/errlog], so a long run's log (and what persisting it costs) is bounded.
ERRLOG_BYTES = 1024 * 1024
ERRLOG_ENTRIES = ERRLOG_BYTES // 512


def log_error(os: "AixOS", entry: "ErrEntry") -> None:
    """Append to the error log; past its size the oldest entries go (sequence numbers keep counting)."""
    os.errpt.append(entry)
    excess = len(os.errpt) - ERRLOG_ENTRIES
    if excess > 0:
        del os.errpt[:excess]
        os.errpt_dropped += excess


@dataclass
class ErrEntry:
    identifier: str  # 8 hex digits
    label: str
    time: float  # virtual clock seconds
    type: str  # P T U I
    cls: str  # H S O U
    resource: str
    description: str
    detail: str = ""

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class MgmtResource:
    """One IBM.MCP (AIX 7.x) or IBM.ManagementServer (AIX 6.1) resource: an HMC managing this OS."""

    hmc: str
    hmc_ip: str
    hmc_hostname: str
    hmc_node_id: int
    key_token: str
    hmc_mtms: str  # "7042CR9*686666D"
    hmc_type_model: str
    hmc_serial: str
    mn_name: str  # the partition's address as the HMC knows it
    key_generation: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class RsctConfig:
    node_id: str  # 16 hex digits, /etc/ct_node_id and /var/ct/cfg/ct_node_id
    remote_enabled: bool = True  # rmcctrl -p / -P
    config_corrupt: bool = False  # /var/ct registry damaged: RMs other than the mgmt RM die at start
    acls_ok: bool = True  # ctrmc.acls / ctsec_map usable
    thl_ok: bool = True  # trusted host list usable
    peer_domain: str = ""  # RSCT peer domain name (PowerHA/SAMP), "" when none
    peer_domain_online: bool = False
    caa: bool = False  # Cluster Aware AIX member
    poll_seconds: int = 360  # the management-domain RM's NVRAM poll interval (5-7 minutes)
    mgmt_resources: list[MgmtResource] = field(default_factory=list)
    acl_granted: list[str] = field(default_factory=list)  # HMCs granted access to the RM classes
    poll_generation: int = 0  # bumped when the mgmt RM restarts: stale poll timers are ignored

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["mgmt_resources"] = [m.to_dict() for m in self.mgmt_resources]
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "RsctConfig":
        data = dict(data)
        data["mgmt_resources"] = [MgmtResource(**m) for m in data.get("mgmt_resources", [])]
        return cls(**data)


@dataclass
class AixOS:
    hostname: str
    level_key: str
    oslevel: str
    rsct: RsctConfig
    net: NetStack
    subsystems: list[Subsystem] = field(default_factory=list)
    filesystems: list[Filesystem] = field(default_factory=list)
    files: dict[str, int | str] = field(default_factory=dict)  # path -> text, or a size in bytes
    # metadata of files and directories (harness/world/vfs.py): path -> [mode, owner, group, mtime]
    file_meta: dict[str, list] = field(default_factory=dict)
    dirs: dict[str, list] = field(default_factory=dict)  # directories made after install
    errpt: list[ErrEntry] = field(default_factory=list)
    errpt_dropped: int = 0  # entries the wrapping log overwrote (log_error): errpt[0] is number this + 1
    users: dict[str, str] = field(default_factory=dict)  # user -> password
    authorized_keys: dict[str, list[str]] = field(default_factory=dict)
    pinned_mem_mb: int = 994  # what IBM.DRM reports as pinned
    online_mem_mb: int = 0  # the OS's own view (lparstat -i "Online Memory")
    online_procs: int = 0
    entitled_units: float = 0.0
    vg_free_mb: int = 0  # rootvg free space: the scenario's input, then a mirror of lvm (lvm.sync_free)
    lvm: Lvm = field(default_factory=Lvm)  # disks, volume groups, logical volumes (world/lvm.py)
    boot_time: float = 0.0  # virtual-clock second the OS came up (uptime, ps STIME, mount dates)
    efixes: list[dict] = field(default_factory=list)  # interim fixes (emgr -l) [scenario]
    stopped_procs: list[str] = field(default_factory=list)  # init's daemons killed since boot (procs.kill)
    pinned_pids: dict[str, int] = field(default_factory=dict)  # subsystem -> PID it always gets [scenario]
    machine_id: str = ""  # uname -m
    # ---- fault-tree state (harness/world/causes/faulttree.py, rmc_conditions.py) ----
    ip_filters: list[dict] = field(default_factory=list)  # AIX IP security filter rules (genfilt)
    ip_filters_active: bool = False  # mkfilt -u / -d
    filesets: dict[str, str] = field(default_factory=dict)  # fileset -> level ("" = not installed)
    hmc_unreachable_nets: list[str] = field(default_factory=list)  # LPAR networks the HMC cannot reach
    stale_mcp_generation: int = -1  # mgmt RM cached a replaced HMC until its next restart
    rmcd_crash: dict = field(default_factory=dict)  # a crashing rmcd: left, since, pid, respawns
    dr_scripts: list[dict] = field(default_factory=list)  # registered DLPAR scripts (drmgr -i)
    device_attrs: dict[str, dict] = field(default_factory=dict)  # chdev changes: device -> {attr: value}

    @property
    def level(self) -> AixLevel:
        return AIX_LEVELS[self.level_key]

    def subsystem(self, name: str) -> Subsystem | None:
        return next((s for s in self.subsystems if s.name == name), None)

    def is_active(self, name: str) -> bool:
        s = self.subsystem(name)
        return bool(s and s.status == "active")

    def filesystem(self, mount: str) -> Filesystem | None:
        return next((f for f in self.filesystems if f.mount == mount), None)

    def fs_for_path(self, path: str) -> Filesystem | None:
        best = None
        for fs in self.filesystems:
            if not fs.mounted:  # an unmounted filesystem's mount point is a directory of its parent
                continue
            if path == fs.mount or path.startswith(fs.mount.rstrip("/") + "/") or fs.mount == "/":
                if best is None or len(fs.mount) > len(best.mount):
                    best = fs
        return best

    def used_blocks(self, fs: Filesystem) -> int:
        files = sum(file_size(size)
                    for path, size in self.files.items() if self.fs_for_path(path) is fs)
        return min(fs.size_blocks, fs.base_used_blocks + (files + 511) // 512)

    def free_blocks(self, fs: Filesystem) -> int:
        return fs.size_blocks - self.used_blocks(fs)

    def var_full(self) -> bool:
        var = self.filesystem("/var")
        return var is not None and self.free_blocks(var) < VAR_MIN_FREE_BLOCKS

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["rsct"] = self.rsct.to_dict()
        d["net"] = self.net.to_dict()
        d["lvm"] = self.lvm.to_dict()
        for key in ("subsystems", "filesystems", "errpt"):
            d[key] = [x.to_dict() for x in getattr(self, key)]
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "AixOS":
        data = dict(data)
        data["rsct"] = RsctConfig.from_dict(data["rsct"])
        data["net"] = NetStack.from_dict(data["net"])
        data["lvm"] = Lvm.from_dict(data.get("lvm"))
        data["subsystems"] = [Subsystem(**s) for s in data.get("subsystems", [])]
        data["filesystems"] = [Filesystem(**f) for f in data.get("filesystems", [])]
        data["errpt"] = [ErrEntry(**e) for e in data.get("errpt", [])]
        return cls(**data)
