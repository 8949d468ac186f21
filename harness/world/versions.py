"""Versions are data: what differs between AIX levels and HMC levels, kept in tables.

Sources are the reference notes in shared/reference (tags: [V] verified, [I] inferred).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SubsystemDef:
    name: str
    group: str
    normally_active: bool = True
    rsct_rm: bool = False  # started by ctrmc as one of its resource managers
    # its boot PID is derived from the partition and the name, not drawn from world.rng, so adding the
    # subsystem to a table moved no PID (or any other random value) of an existing scenario
    stable_pid: bool = False


@dataclass(frozen=True)
class AixLevel:
    key: str  # "6.1", "7.1", "7.2", "7.3", "vios-3.1"
    os_type: str  # what the HMC shows in OS:<...> ("AIX", or "VIOS")
    version: str  # "6.1"
    default_oslevel: str  # oslevel -s
    uname_version: str  # uname -v
    uname_release: str  # uname -r
    mgmt_rm: str  # the management-domain RM: IBM.CSMAgentRM (6.1) or IBM.MgmtDomainRM (7.x) [V RSCT-MD]
    mgmt_class: str  # IBM.ManagementServer (6.1) or IBM.MCP (7.x) [V RSCT-MD]
    dcaps: int  # DLPAR capabilities reported once IBM.DRM talks to the HMC
    cmdcaps: tuple[int, int]
    rsct_version: str
    subsystems: tuple[SubsystemDef, ...]


def _common(before_rsct: tuple[SubsystemDef, ...], rsct_rm: tuple[SubsystemDef, ...]) -> tuple:
    rsct = (SubsystemDef("ctrmc", "rsct"), SubsystemDef("ctcas", "rsct", normally_active=False))
    return before_rsct + rsct + rsct_rm


_BASE_SUBSYSTEMS = (
    SubsystemDef("syslogd", "ras"),
    SubsystemDef("sendmail", "mail"),
    SubsystemDef("portmap", "portmap"),
    SubsystemDef("inetd", "tcpip"),
    SubsystemDef("snmpd", "tcpip"),
    SubsystemDef("hostmibd", "tcpip"),
    SubsystemDef("aixmibd", "tcpip"),
    SubsystemDef("xntpd", "tcpip", normally_active=False),
    SubsystemDef("sshd", "ssh"),
    SubsystemDef("pfcdaemon", ""),
)


def _more(rows: str) -> tuple[SubsystemDef, ...]:
    """``name:group:active`` rows (group may be empty) of subsystems added with stable boot PIDs."""
    out = []
    for row in rows.split():
        name, group, active = row.split(":")
        out.append(SubsystemDef(name, group, normally_active=active == "1", stable_pid=True))
    return tuple(out)


# The rest of `lssrc -a` on an AIX 7.x LPAR: the ansible service_facts fixture (a real AIX 7 lssrc -a,
# aix-rsct.md §1.1) [V names, groups, order]; which run on a stock LPAR is [I] (that capture is a
# NIM-client PowerHA node: nimsh, nfsd, rpc.mountd, cthats and cthags there run only when configured).
_AIX7_MORE_HEAD = _more("snmpmibd:tcpip:1 nimsh:nimclient:0 aso::1 biod:nfs:1 nfsd:nfs:0 rpc.mountd:nfs:0 "
                        "rpc.statd:nfs:1 rpc.lockd:nfs:1 qdaemon:spooler:1 writesrv:spooler:1 clcomd:caa:1")
_AIX7_MORE_TAIL = _more(
    "lpd:spooler:0 keyserv:keyserv:0 ypbind:yp:0 gsclvmd::0 cdromd::0 ndpd-host:tcpip:0 ndpd-router:tcpip:0 "
    "netcd:netcd:0 tftpd:tcpip:0 routed:tcpip:0 mrouted:tcpip:0 rsvpd:qos:0 policyd:qos:0 timed:tcpip:0 "
    "iptrace:tcpip:0 dpid2:tcpip:0 rwhod:tcpip:0 pxed:tcpip:0 binld:tcpip:0 gated:tcpip:0 dhcpcd:tcpip:0 "
    "dhcpcd6:tcpip:0 dhcpsd:tcpip:0 dhcpsdv6:tcpip:0 dhcprd:tcpip:0 dfpd:tcpip:0 named:tcpip:0 "
    "automountd:autofs:0 nfsrgyd:nfs:0 gssd:nfs:0 cpsd:ike:0 tmd:ike:0 isakmpd::0 ikev2d::0 iked:ike:0 "
    "clconfd:caa:0 ksys_vmmon::0 nimhttp::0 IBM.SRVPROXY:ibmsrv:0 isnstgtd:isnstgtd:0 "
    "cthats:cthats:0 cthags:cthags:0 cthagsglsm:cthags:0")
# AIX 6.1 lacks what came with 7.x (aso, CAA's clcomd/clconfd, ksys, nimhttp, the service proxy, IKEv2,
# the iSCSI target) [I].
_AIX61_ONLY_7 = {"aso", "clcomd", "clconfd", "ksys_vmmon", "nimhttp", "IBM.SRVPROXY", "ikev2d", "isnstgtd"}
_AIX61_MORE_HEAD = tuple(d for d in _AIX7_MORE_HEAD if d.name not in _AIX61_ONLY_7)
_AIX61_MORE_TAIL = tuple(d for d in _AIX7_MORE_TAIL if d.name not in _AIX61_ONLY_7)
_AIX7_MORE = _AIX7_MORE_HEAD + _AIX7_MORE_TAIL
_AIX61_MORE = _AIX61_MORE_HEAD + _AIX61_MORE_TAIL


def _rm(name: str, active: bool = True) -> SubsystemDef:
    return SubsystemDef(name, "rsct_rm", normally_active=active, rsct_rm=True)


# AIX 6.1 without csm.client 1.7.1.4 runs IBM.CSMAgentRM; the seed's `lssrc -g rsct_rm` lists these six,
# all active, in this order [V seed].
_AIX61_RMS = (_rm("IBM.DRM"), _rm("IBM.CSMAgentRM"), _rm("IBM.ServiceRM"), _rm("IBM.AuditRM"),
              _rm("IBM.ERRM"), _rm("IBM.LPRM"))

# AIX 7.x: IBM.MgmtDomainRM replaces CSMAgentRM; ERRM/AuditRM/LPRM inoperative is normal [V captures];
# the order of the rows is [I].
_AIX7_RMS = (_rm("IBM.DRM"), _rm("IBM.MgmtDomainRM"), _rm("IBM.HostRM"), _rm("IBM.ServiceRM"),
             _rm("IBM.ConfigRM"), _rm("IBM.ERRM", False), _rm("IBM.AuditRM", False), _rm("IBM.LPRM", False))

# The in-band RMC proxy (RMC through the hypervisor, no LAN needed) of newer RSCT: an SRC subsystem
# `mcproxy` in group rsct [V avocado-misc-tests: `lssrc -ls mcproxy` lists the in-band HMCs]; the levels
# that have it (7.2, 7.3, VIOS 3.1) and that it runs by default are [I]. Appended last so the older
# tables stay as they were.
_MCPROXY = (SubsystemDef("mcproxy", "rsct"),)

AIX_LEVELS: dict[str, AixLevel] = {
    "6.1": AixLevel("6.1", "AIX", "6.1", "6100-05-01-1016", "6", "1", "IBM.CSMAgentRM",
                    "IBM.ManagementServer", 0xC5F, (0x1B, 0x1B), "2.5.5.1",
                    _common(_BASE_SUBSYSTEMS, _AIX61_RMS) + _AIX61_MORE),
    "7.1": AixLevel("7.1", "AIX", "7.1", "7100-05-06-2015", "7", "1", "IBM.MgmtDomainRM", "IBM.MCP",
                    0x2C5F, (0x4000001B, 0x1B), "3.2.1.18",
                    _common(_BASE_SUBSYSTEMS, _AIX7_RMS) + _AIX7_MORE),
    "7.2": AixLevel("7.2", "AIX", "7.2", "7200-05-06-2320", "7", "2", "IBM.MgmtDomainRM", "IBM.MCP",
                    0x2C5F, (0x4000001B, 0x1B), "3.2.5.2",
                    _common(_BASE_SUBSYSTEMS, _AIX7_RMS) + _MCPROXY + _AIX7_MORE),
    "7.3": AixLevel("7.3", "AIX", "7.3", "7300-02-01-2346", "7", "3", "IBM.MgmtDomainRM", "IBM.MCP",
                    0x2C5F, (0x4000001B, 0x1B), "3.3.2.0",
                    _common(_BASE_SUBSYSTEMS, _AIX7_RMS) + _MCPROXY + _AIX7_MORE),
    # VIOS 3.1 runs on AIX 7.2; DCaps 0x14f9f seen on a POWER8 VIOS [V], CmdCaps [I].
    "vios-3.1": AixLevel("vios-3.1", "VIOS", "3.1", "7200-05-06-2320", "7", "2", "IBM.MgmtDomainRM",
                         "IBM.MCP", 0x14F9F, (0x4000003A, 0x3A), "3.2.5.2",
                         _common(_BASE_SUBSYSTEMS, _AIX7_RMS) + _MCPROXY + _AIX7_MORE),
    # VIOS 2.2 runs on AIX 6.1 TL9: LparCmdRM shows `OS:<AIX, 6.1, 6100-09-07-1614>` with DCaps 0x14f9f
    # on a POWER8 [V bond-huang 03-HMC-RMC]; its RSCT level and RMs (the AIX 7 set) are [I].
    "vios-2.2": AixLevel("vios-2.2", "VIOS", "2.2", "6100-09-07-1614", "6", "1", "IBM.MgmtDomainRM",
                         "IBM.MCP", 0x14F9F, (0x4000003A, 0x3A), "3.1.5.0",
                         _common(_BASE_SUBSYSTEMS, _AIX7_RMS)),
}

# The processors each VIOS level runs on [I: VIOS 3.1 needs POWER8 or later; VIOS 2.2 ran from
# POWER5 to POWER9]. A scenario asking for another pairing is refused.
# The VIOS level (ioslevel) of each VIOS OS level, as lssyscfg's os_version shows it: `VIOS 3.1.0.11`
# [V: an HMC/RSCT os_version quoted by a collector; REST OperatingSystemVersion `VIOS 3.1.4.10`];
# the fix levels chosen are [I].
VIOS_IOSLEVEL: dict[str, str] = {"vios-2.2": "2.2.6.10", "vios-3.1": "3.1.2.10"}

VIOS_PROCESSORS: dict[str, tuple[str, ...]] = {
    "vios-2.2": ("POWER5", "POWER6", "POWER7", "POWER8", "POWER9"),
    "vios-3.1": ("POWER8", "POWER9", "POWER10"),
}


@dataclass(frozen=True)
class HmcLevel:
    key: str  # "V7", "V8", "V9", "V10"
    version_text: str  # the body of `lshmc -V`
    lspartition_word: str  # "LPAR" on the seed's V7 HMC [V seed], "Partition" later [V samples]


HMC_LEVELS: dict[str, HmcLevel] = {
    # [V] hmc-samples/v7_lshmc_V.txt
    "V7": HmcLevel("V7", '"version= Version: 7\n Release: 7.9.0\n Service Pack: 3\nHMC Build level 20151216.1\n",'
                         '"base_version=V7R7.9.0\n"\n', "LPAR"),
    # [V] hmc-samples/v8_lshmc_V.txt
    "V8": HmcLevel("V8", '"version= Version: 8\n Release: 8.2.0\n Service Pack: 0\nHMC Build level 20141105.1\n'
                         'MH01454: Required fix for HMC V8R8.2.0 (11-05-2014)\n","base_version=V8R8.2.0\n"\n',
                   "Partition"),
    # [V] readmes MH01876
    "V9": HmcLevel("V9", '"version= Version: 9\n Release: 1\n Service Pack: 942\nHMC Build level 2011270432\n'
                         'MH01876 - HMC V9R1 M942\n","base_version=V9R1\n"\n', "Partition"),
    # [I] V10 shape assumed identical to V9 (no public sample found)
    "V10": HmcLevel("V10", '"version= Version: 10\n Release: 3\n Service Pack: 1060\nHMC Build level 2310111403\n'
                           'MF71199 - HMC V10R3 M1060\n","base_version=V10R3\n"\n', "Partition"),
}


# ---- DCaps / CmdCaps per OS level and processor generation ------------------------------------------
# What IBM.DRM reports to the HMC depends on the OS level and on the processor it runs on. Keys are
# (AIX level key or an oslevel TL prefix such as "6100-04", processor generation "POWER5".."POWER10");
# the most specific match wins: (TL, processor), then (level, processor), then the AixLevel default.
# Observed values (reference/hmc-cli.md §6, aix-rsct.md §4.4); the pairing with CmdCaps is [I].
PROCESSOR_CAPS: dict[tuple[str, str], tuple[int, tuple[int, int]]] = {
    # 0x2f: IBM POWER doc example, AIX on an 8203-E4A (a POWER6 520) [V]; CmdCaps 0x0b [V value, I pairing]
    ("6.1", "POWER6"): (0x2F, (0x0B, 0x0B)),
    # 0xc3f: AIX 6.1/7.1 on a 9117-570 (POWER5/5+) [V]; CmdCaps [I]
    ("6.1", "POWER5"): (0xC3F, (0x1B, 0x1B)),
    ("7.1", "POWER5"): (0xC3F, (0x1B, 0x1B)),
    # 0xc4f: AIX 6.1 TL4 [V]; the processor of the capture is unknown, POWER7 assumed [I]
    ("6100-04", "POWER7"): (0xC4F, (0x1B, 0x1B)),
    # 0xc5f: the seed, AIX 6.1 TL5 on a POWER7 9117-MMB [V seed] (the 6.1 default, listed for clarity)
    ("6.1", "POWER7"): (0xC5F, (0x1B, 0x1B)),
    # 0x2c5f: AIX 6.1 TL6/TL7 and AIX 7.1 on POWER7/POWER8 [V]
    ("6100-06", "POWER7"): (0x2C5F, (0x4000001B, 0x1B)),
    ("6100-07", "POWER7"): (0x2C5F, (0x4000001B, 0x1B)),
    ("6100-06", "POWER8"): (0x2C5F, (0x4000001B, 0x1B)),
    ("6100-07", "POWER8"): (0x2C5F, (0x4000001B, 0x1B)),
    ("7.1", "POWER7"): (0x2C5F, (0x4000001B, 0x1B)),
    ("7.1", "POWER8"): (0x2C5F, (0x4000001B, 0x1B)),
    # 0x14f9f: a VIOS on a POWER8 8286-42A [V]; CmdCaps 0x4000003a [V value, I pairing]
    ("vios-3.1", "POWER8"): (0x14F9F, (0x4000003A, 0x3A)),
}


def caps_for(level: AixLevel, processor: str, oslevel: str = "") -> tuple[int, tuple[int, int]]:
    """(DCaps, CmdCaps) that IBM.DRM of an OS at ``level`` (running ``oslevel``) reports on ``processor``."""
    proc = (processor or "").upper().rstrip("+")
    tl = oslevel[:7] if oslevel else ""
    for key in ((tl, proc), (level.key, proc)):
        hit = PROCESSOR_CAPS.get(key)
        if hit is not None:
            return hit
    return level.dcaps, level.cmdcaps
