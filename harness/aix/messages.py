"""Message texts of the AIX commands, kept as data. Tags as in reference/aix-rsct.md:
[V] verified capture, [C] old AIX message catalog, [I] inferred, [U] unverified.
"""

from __future__ import annotations

# ---- System Resource Controller (§1.2) --------------------------------------------------------------
SRC_STARTED = "0513-059 The {name} Subsystem has been started. Subsystem PID is {pid}."  # [V]
SRC_STOP_REQUESTED = "0513-044 The {name} Subsystem was requested to stop."  # [V]
SRC_ALREADY_ACTIVE = "0513-029 The {name} Subsystem is already active.\nMultiple instances are not supported."  # [V]
SRC_INOPERATIVE = "0513-004 The Subsystem or Group, {name}, is currently inoperative."  # [C]
SRC_NO_SUBSYSTEM = "0513-085 The {name} Subsystem is not on file."  # [C]
SRC_NO_GROUP = "0513-086 The {name} Group is not on file."  # [C]
SRC_ADDED = "0513-071 The {name} Subsystem has been added."  # [V]
SRC_DELETED = "0513-083 Subsystem has been Deleted."  # [C]
SRC_REFRESHED = "0513-095 The request for subsystem refresh was completed successfully."  # [C]
SRC_NOT_PASSED = ("0513-036 The request could not be passed to the {name} subsystem.\n"
                  "Start the subsystem and try your command again.")  # [C] text, [I] use for lssrc -l / refresh

SRC_HEADER = "Subsystem         Group            PID          Status"  # [V] seed, captures

# [U] usage texts from memory of the SRC man pages (0513-039 and friends)
LSSRC_USAGE = """Usage: lssrc [-h host] -a
       lssrc [-h host] -g group
       lssrc [-h host] [-l] -s subsystem
       lssrc [-h host] [-l] -p SubsystemPID
       lssrc [-h host] [-l] -t type [-o subserver|-P pid]
       lssrc -S [-s subsystem|-d]
       lssrc -T [-t type|-d]
       lssrc -N [-t type|-d]"""
STARTSRC_USAGE = """Usage: startsrc [-a arguments] [-e environment] [-h host] -s subsystem
       startsrc [-a arguments] [-e environment] [-h host] -p SubsystemPID
       startsrc [-e environment] [-h host] -g group
       startsrc [-h host] -t type [-o object] [-p SubsystemPID]"""
STOPSRC_USAGE = """Usage: stopsrc [-h host] [-f|-c] -a
       stopsrc [-h host] [-f|-c] -g group
       stopsrc [-h host] [-f|-c] -s subsystem
       stopsrc [-h host] [-f|-c] -p SubsystemPID
       stopsrc [-h host] [-f] -t type [-p SubsystemPID] [-o object|-P pid]"""
REFRESH_USAGE = "Usage: refresh [-h host] {-g group|-s subsystem|-p SubsystemPID}"  # [U]

# ---- RSCT (§2) --------------------------------------------------------------------------------------
# [V] recfgct output, first line: drmgr registering RSCT's DLPAR script
RECFGCT_DR_LINE = ("/usr/lib/dr/scripts/all/ctrmc_MDdr               "
                   "DR script to refresh Management Domain configuration")
RECFGCT_PEER_DOMAIN = ("Cannot run if an online Peer Domain exists (see output of lsrpdomain).\n"
                       "For assistance with removing domains, refer to the rmrpnode and rmrpdomain commands.")  # [V]
RECFGCT_USAGE = "Usage: recfgct [-i Node_ID | -n | -s | -h]"  # [U] shape of the documented syntax
RECFGCT_BAD_ID = "recfgct: The node ID {id} is not valid. Specify 9 to 16 hexadecimal digits."  # [U]

# [U] rmcctrl -h text: the documented syntax line (RMCCTRL-DOC) and one line per flag
RMCCTRL_USAGE = """Usage: rmcctrl { -a | -A | -b n | -B | -d | -k | -K | -m {R|E|D} | -M {R|E|D} | -p | -P | -q | -Q | -s | -t n | -T | -u n | -U | -v n | -V | -w n | -W | -x | -X | -z | -h }
       -a  Add the RMC subsystem to the SRC and /etc/inittab.
       -A  Add and start the RMC subsystem.
       -b  Set the client session idle timeout.
       -B  Reset the client session idle timeout to its default.
       -d  Delete the RMC subsystem from the SRC and /etc/inittab.
       -k  Stop the RMC subsystem.
       -K  Stop the RMC subsystem and all resource managers.
       -m  Set the client message policy.
       -M  Set the daemon message policy.
       -p  Enable remote client connections.
       -P  Disable remote client connections.
       -q  Enable remote client connections at the next start.
       -Q  Disable remote client connections at the next start.
       -s  Start the RMC subsystem.
       -t  Set the client message timeout.
       -T  Reset the client message timeout to its default.
       -u  Set the client start session timeout.
       -U  Reset the client start session timeout to its default.
       -v  Set the client first command threshold.
       -V  Reset the client first command threshold to its default.
       -w  Set the client first command timeout.
       -W  Reset the client first command timeout to its default.
       -x  Enable the first command timeout for non-root clients.
       -X  Disable the first command timeout for non-root clients.
       -z  Stop the RMC subsystem and all resource managers; wait until they stop.
       -h  Display this usage statement."""

LSNODEID_NONE = "2641-036 The node does not have an assigned node identifier."  # [V]

# [U] lsrsrc errors: message numbers and texts not verified
LSRSRC_NO_SESSION = ('/usr/sbin/rsct/bin/lsrsrc-api: 2612-022 A session could not be established with '
                     'the RMC daemon on "local_node".')
LSRSRC_NO_CLASS = '/usr/sbin/rsct/bin/lsrsrc-api: 2612-041 The resource class name "{cls}" is not defined.'
LSRSRC_USAGE = """Usage: lsrsrc [-s "Selection_string"] [-a p|d|b] [-x] [-l|-i|-t|-d|-D Delimiter] [-V] [-h]
              Resource_class [Attr...]"""

RMCDOMAINSTATUS_USAGE = "Usage: rmcdomainstatus -s ctrmc [-a ip|hn]"  # [U]

# ---- storage (§3.1, §3.2) ----------------------------------------------------------------------------
CHFS_CHANGED = "Filesystem size changed to {blocks}"  # [V]
ALLOCP_FAILED = ("0516-404 allocp: This system cannot fulfill the allocation request.\n"
                 "\tThere are not enough free partitions or not enough physical volumes \n"
                 "\tto keep strictness and satisfy allocation requests.  The command\n"
                 "\tshould be retried with different allocation characteristics.")  # [V]
EXTENDLV_FAILED = "0516-788 extendlv: Unable to extend logical volume."  # [U]
CHFS_NO_FS = "chfs: No record matching {fs} was found in /etc/filesystems."  # [U]
CHFS_TOO_SMALL = "chfs: There is not enough free space to shrink the file system."  # [U]
CHFS_USAGE = "Usage: chfs [-n NodeName] [-m NewMountPoint] [-u MountGroup] [-A {yes|no}] [-t {yes|no}]\n" \
             "       [-p {ro|rw}] [-a Attribute=Value] [-d Attribute] FileSystem"  # [U]
ENOENT = "A file or directory in the path name does not exist."  # [U] AIX strerror(ENOENT)

# ---- network (§3.3) ----------------------------------------------------------------------------------
PING_UNKNOWN_HOST = "0821-062 ping: host name {host} NOT FOUND"  # [C]
