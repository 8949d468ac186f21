"""AIX commands: each parses argv, reads or changes the world, renders AIX's text and exit code.

``build_registry()`` is the declarative command table of an AIX partition: names and full paths.
"""

from __future__ import annotations

from ..shell.command import Registry

RSCT_BIN = ("/usr/sbin/rsct/bin", "/opt/rsct/bin")


def _rsct(name: str) -> tuple[str, ...]:
    return tuple(f"{d}/{name}" for d in RSCT_BIN)


def build_registry() -> Registry:
    from . import errlog, fs, net, rsct, srcctl, sysinfo

    reg = Registry("aix")
    r = reg.register
    # System Resource Controller
    r("lssrc", srcctl.lssrc, ("/usr/bin/lssrc",), "list SRC subsystem status",
      ("-a", "-g", "-s", "-p", "-l"))
    r("startsrc", srcctl.startsrc, ("/usr/bin/startsrc",), "start an SRC subsystem or group",
      ("-s", "-g", "-p", "-a", "-e"))
    r("stopsrc", srcctl.stopsrc, ("/usr/bin/stopsrc",), "stop an SRC subsystem or group",
      ("-s", "-g", "-p", "-a", "-f", "-c"))
    r("refresh", srcctl.refresh, ("/usr/bin/refresh",), "ask an SRC subsystem to refresh",
      ("-s", "-g", "-p"))
    # RSCT / RMC
    r("rmcctrl", rsct.rmcctrl, _rsct("rmcctrl"), "manage the RMC subsystem",
      ("-a", "-A", "-b", "-B", "-d", "-k", "-K", "-m", "-M", "-p", "-P", "-q", "-Q", "-s", "-t", "-T",
       "-u", "-U", "-v", "-V", "-w", "-W", "-x", "-X", "-z", "-h"))
    r("recfgct", rsct.recfgct, ("/usr/sbin/rsct/install/bin/recfgct", "/opt/rsct/install/bin/recfgct"),
      "reset RSCT configuration to a freshly installed state", ("-i", "-n", "-s", "-h"))
    r("lsnodeid", rsct.lsnodeid, _rsct("lsnodeid"), "show the RSCT node id", ())
    r("lsrsrc", rsct.lsrsrc, _rsct("lsrsrc") + ("/usr/bin/lsrsrc",),
      "list RMC resources (IBM.MCP, IBM.ManagementServer)", ("-a", "-s", "-x", "-t", "-d", "-D", "-h"))
    r("rmcdomainstatus", rsct.rmcdomainstatus, _rsct("rmcdomainstatus"),
      "show the RMC domain status of this node", ("-s", "-a"))
    from . import chrsrc
    r("chrsrc", chrsrc.chrsrc, _rsct("chrsrc") + ("/usr/bin/chrsrc",),
      "change RMC resource attributes (IBM.MCP, IBM.ManagementServer)", ("-s", "-f", "-v", "-h"))
    # storage
    r("df", fs.df, ("/usr/bin/df",), "report filesystem space", ("-g", "-k", "-m", "-P"))
    r("chfs", fs.chfs, ("/usr/sbin/chfs",), "change a filesystem (size)", ("-a size=",))
    r("rm", fs.rm, ("/usr/bin/rm",), "remove files", ("-f", "-r", "-R", "-i", "-e"))
    r("ls", fs.ls, ("/usr/bin/ls",), "list directory contents", ("-l", "-a", "-d", "-1"))
    r("du", fs.du, ("/usr/bin/du",), "summarize disk usage", ("-s", "-k", "-m", "-g", "-a"))
    r("find", fs.find, ("/usr/bin/find",), "find files",
      ("-name", "-type", "-size", "-xdev", "-print", "-perm", "-mtime", "-user", "-exec"))
    # network
    r("ping", net.ping, ("/usr/sbin/ping", "/etc/ping"), "send ICMP echo requests", ("-c", "-s", "-q", "-w"))
    r("route", net.route, ("/usr/sbin/route", "/etc/route"), "add or delete routes",
      ("add", "delete", "-net", "-host", "-netmask"))
    r("netstat", net.netstat, ("/usr/bin/netstat",), "network status", ("-rn", "-in", "-an"))
    r("ifconfig", net.ifconfig, ("/usr/sbin/ifconfig", "/etc/ifconfig"), "show network interfaces",
      ("-a", "-l", "IFACE"))
    # system
    r("oslevel", sysinfo.oslevel, ("/usr/bin/oslevel",), "show the AIX level", ("-s", "-r"))
    r("uname", sysinfo.uname, ("/usr/bin/uname",), "show system names",
      ("-a", "-L", "-M", "-u", "-n", "-r", "-v", "-s", "-m", "-p", "-W"))
    r("lparstat", sysinfo.lparstat, ("/usr/bin/lparstat",), "show partition configuration", ("-i",))
    r("hostname", sysinfo.hostname, ("/usr/bin/hostname",), "show the host name", ("-s",))
    r("errpt", errlog.errpt, ("/usr/bin/errpt",), "report the error log",
      ("-a", "-d", "-T", "-N", "-j", "-J", "-k", "-K", "-l"))
    _register_issue4(reg)
    _register_issue12(reg)
    _register_files(reg)
    return reg


def _register_issue12(reg: Registry) -> None:
    """AIX storage (LVM), processes, users and system inventory (issue 12 items 2-3)."""
    from . import lvm

    r = reg.register
    r("lsvg", lvm.lsvg, ("/usr/sbin/lsvg",), "list volume groups, their LVs and PVs", ("-o", "-l", "-p", "-L"))
    r("lspv", lvm.lspv, ("/usr/sbin/lspv",), "list physical volumes", ("-l",))
    r("lslv", lvm.lslv, ("/usr/sbin/lslv",), "show a logical volume", ("-l",))
    r("lsfs", lvm.lsfs, ("/usr/sbin/lsfs",), "list filesystems of /etc/filesystems", ("-c", "-v"))
    r("mount", lvm.mount, ("/usr/sbin/mount",), "list mounts, mount a modelled filesystem", ())
    r("umount", lvm.umount, ("/usr/sbin/umount",), "unmount a modelled filesystem", ())
    r("crfs", lvm.crfs, ("/usr/sbin/crfs",), "create a JFS2 filesystem on a new LV",
      ("-v", "-g", "-d", "-m", "-A", "-a size="))
    r("rmfs", lvm.rmfs, ("/usr/sbin/rmfs",), "remove a filesystem and its LV", ("-r",))
    r("extendlv", lvm.extendlv, ("/usr/sbin/extendlv",), "add LPs to a logical volume", ("N", "NM", "NG"))
    from . import lvmvg

    r("mkvg", lvmvg.mkvg, ("/usr/sbin/mkvg",), "create a volume group on free disks", ("-y", "-s", "-f"))
    r("extendvg", lvmvg.extendvg, ("/usr/sbin/extendvg",), "add free disks to a volume group", ("-f",))
    r("reducevg", lvmvg.reducevg, ("/usr/sbin/reducevg",), "take a disk out of a volume group", ("-d", "-f"))
    r("varyonvg", lvmvg.varyonvg, ("/usr/sbin/varyonvg",), "activate a volume group", ())
    r("varyoffvg", lvmvg.varyoffvg, ("/usr/sbin/varyoffvg",), "deactivate a volume group (LVs closed)", ())
    r("mklv", lvmvg.mklv, ("/usr/sbin/mklv",), "create a logical volume", ("-y", "-t", "-x"))
    r("rmlv", lvmvg.rmlv, ("/usr/sbin/rmlv",), "remove a closed logical volume", ("-f",))
    from . import perf, procs

    r("ps", procs.ps, ("/usr/bin/ps",), "processes: init, SRC daemons (lssrc PIDs), the login",
      ("-e", "-A", "-f", "-l", "-o", "-p", "-u", "-t", "aux"))
    r("kill", procs.kill, ("/usr/bin/kill",), "signal a process (an SRC daemon dies: lssrc, RMC)",
      ("-s", "-SIG", "-N", "-l"))
    r("id", procs.id_, ("/usr/bin/id",), "user and group ids", ("-u", "-g", "-G", "-n"))
    r("who", procs.who, ("/usr/bin/who",), "logged-in users", ("-b", "-r", "-q", "-H"))
    r("uptime", procs.uptime, ("/usr/bin/uptime",), "time since boot (virtual clock)", ())
    r("svmon", perf.svmon, ("/usr/bin/svmon",), "global memory report (follows DLPAR)",
      ("-G", "-O unit=MB", "-O summary=longreal"))
    r("vmstat", perf.vmstat, ("/usr/bin/vmstat",), "virtual memory statistics (follows DLPAR)",
      ("-v", "Interval", "Count"))
    r("iostat", perf.iostat, ("/usr/bin/iostat",), "disk I/O statistics of the modelled PVs", ("-d", "-t"))
    r("pmcycles", perf.pmcycles, ("/usr/bin/pmcycles",), "processor speed per logical CPU", ("-m",))
    r("bindprocessor", perf.bindprocessor, ("/usr/sbin/bindprocessor",), "list or bind logical CPUs",
      ("-q", "PID CPU"))
    r("lswpar", perf.lswpar, ("/usr/sbin/lswpar",), "list workload partitions (none modelled)", ())
    r("lsps", perf.lsps, ("/usr/sbin/lsps",), "paging spaces (hd6 of the LVM model)", ("-a", "-s", "-c"))
    r("swap", perf.swap, ("/usr/sbin/swap",), "paging space summary", ("-s", "-l"))
    from . import net

    r("arp", net.arp, ("/usr/sbin/arp",), "the ARP table (gateways, HMCs on the local subnet)", ("-a", "-n"))
    r("netstat", net.netstat, ("/usr/bin/netstat",), "network status", ("-rn", "-in", "-an", "-f inet", "-f inet6"))


def _register_files(reg: Registry) -> None:
    """The shells and the file commands over the partition's filesystem (issue 12 item 4)."""
    from . import files

    r = reg.register
    r("sh", files.sh, files.SHELL_PATHS[:1], "POSIX shell (ksh): -c, script files, stdin",
      ("-c", "-s", "-x", "-e", "-n"))
    r("ksh", files.sh, ("/usr/bin/ksh",), "Korn shell: -c, script files, stdin", ("-c", "-s", "-x", "-e", "-n"))
    r("ksh93", files.sh, ("/usr/bin/ksh93",), "Enhanced Korn shell (as ksh)", ("-c", "-s", "-x", "-e"))
    r("bsh", files.sh, ("/usr/bin/bsh",), "Bourne shell (as ksh)", ("-c", "-s", "-x", "-e"))
    r("psh", files.sh, ("/usr/bin/psh",), "POSIX shell (as ksh)", ("-c", "-s", "-x", "-e"))
    r("mkdir", files.mkdir, ("/usr/bin/mkdir",), "make directories", ("-p", "-m"))
    r("rmdir", files.rmdir, ("/usr/bin/rmdir",), "remove empty directories", ("-p",))
    r("cp", files.cp, ("/usr/bin/cp",), "copy files", ("-p", "-r", "-R", "-f", "-i"))
    r("mv", files.mv, ("/usr/bin/mv",), "move or rename files", ("-f", "-i"))
    r("touch", files.touch, ("/usr/bin/touch",), "create files, set times", ("-a", "-c", "-m", "-r", "-t"))
    r("chmod", files.chmod, ("/usr/bin/chmod",), "change file modes", ("-R", "octal", "u+x"))
    r("chown", files.chown, ("/usr/bin/chown",), "change file owner and group", ("-R", "owner:group"))
    r("tee", files.tee, ("/usr/bin/tee",), "copy stdin to stdout and files", ("-a",))
    r("dd", files.dd, ("/usr/bin/dd",), "copy blocks (from /dev/zero: a file of that size)",
      ("if=", "of=", "bs=", "count="))
    r("tar", files.tar, ("/usr/bin/tar",), "archive files (ustar)", ("-c", "-t", "-x", "-v", "-f"))


def _register_issue4(reg: Registry) -> None:
    """Diagnosis, software, cluster, DLPAR and VIOS commands (issue 4)."""
    from . import cluster, dr, hw, lpp, misc, vios

    r = reg.register
    # hardware and configuration
    r("prtconf", hw.prtconf, ("/usr/sbin/prtconf",), "show the system configuration", ("-c", "-k", "-L", "-m", "-s"))
    r("lsattr", hw.lsattr, ("/usr/sbin/lsattr",), "show device attributes (sys0, mem0, enN, cluster0)",
      ("-E", "-H", "-l", "-a", "-F", "-O"))
    r("chdev", hw.chdev, ("/usr/sbin/chdev",), "change device attributes (sys0, enN mtu/state, cluster0)",
      ("-l", "-a", "-P"))
    r("lsdev", hw.lsdev, ("/usr/sbin/lsdev",), "list devices", ("-C", "-c", "-l", "-H", "-F"))
    r("bootinfo", hw.bootinfo, ("/usr/sbin/bootinfo",), "boot and hardware information",
      ("-r", "-K", "-y", "-b", "-p", "-s", "-z"))
    r("lscfg", hw.lscfg, ("/usr/sbin/lscfg",), "list the installed resources", ("-l", "-v", "-p"))
    # software
    r("lslpp", lpp.lslpp, ("/usr/bin/lslpp",), "list installed filesets", ("-l", "-L", "-q"))
    r("installp", lpp.installp, ("/usr/sbin/installp",), "install filesets from the AIX media",
      ("-a", "-c", "-g", "-X", "-Y", "-d"))
    r("emgr", lpp.emgr, ("/usr/sbin/emgr",), "list interim fixes", ("-l",))
    # RSCT peer domains, CAA, security, support data
    r("lsrpdomain", cluster.lsrpdomain, tuple(f"{d}/lsrpdomain" for d in RSCT_BIN), "list RSCT peer domains",
      ("-o", "-O", "-l", "-x"))
    r("lscluster", cluster.lscluster, ("/usr/sbin/lscluster",), "CAA cluster information", ("-m", "-c"))
    r("ctsvhbal", cluster.ctsvhbal, tuple(f"{d}/ctsvhbal" for d in RSCT_BIN), "list local HBA identities", ())
    r("ctsthl", cluster.ctsthl, tuple(f"{d}/ctsthl" for d in RSCT_BIN), "list the trusted host list", ("-l", "-n"))
    r("ctsnap", cluster.ctsnap, tuple(f"{d}/ctsnap" for d in RSCT_BIN), "collect RSCT data into /tmp/ctsupt",
      ("-x", "-d"))
    # DLPAR from inside
    r("drmgr", dr.drmgr, ("/usr/sbin/drmgr",), "DLPAR scripts and slots", ("-l", "-i", "-u", "-c", "-r", "-a", "-s"))
    r("lsslot", dr.lsslot, ("/usr/sbin/lsslot",), "list dynamically reconfigurable slots", ("-c", "-F", "-l"))
    # network diagnosis (ifconfig and cat extend the listing / shell versions)
    r("host", misc.host, ("/usr/bin/host",), "resolve a host name or address", ())
    r("traceroute", misc.traceroute, ("/usr/sbin/traceroute",), "trace the route to a host", ("-n", "-m", "-q"))
    r("entstat", misc.entstat, ("/usr/bin/entstat",), "Ethernet statistics", ("-d",))
    r("cat", misc.cat, ("/usr/bin/cat",), "concatenate files (/etc/hosts generated)", ("-n",))
    r("ifconfig", misc.ifconfig, ("/usr/sbin/ifconfig", "/etc/ifconfig"), "show or change network interfaces",
      ("-a", "-l", "IFACE", "mtu", "up", "down", "detach"))
    r("lsfilt", misc.lsfilt, ("/usr/sbin/lsfilt",), "list IP security filter rules", ("-v", "-n", "-a"))
    r("rmfilt", misc.rmfilt, ("/usr/sbin/rmfilt",), "remove IP security filter rules", ("-v", "-n"))
    r("mkfilt", misc.mkfilt, ("/usr/sbin/mkfilt",), "activate or deactivate IP security filter rules",
      ("-v", "-u", "-d"))
    # VIOS
    r("oem_setup_env", vios.oem_setup_env, ("/usr/ios/cli/oem_setup_env",), "VIOS: root shell from padmin", ())
    from ..vios import system as ioscli_system
    r("ioscli", ioscli_system.ioscli, ("/usr/ios/cli/ioscli",), "VIOS: run a padmin command as root",
      ("COMMAND",))
