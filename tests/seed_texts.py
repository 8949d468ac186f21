"""The outputs shared/seed shows, byte for byte: every seed test compares against these."""

SEED_BEFORE = (
    "<#5> LPAR:<24*9117-MMB*10284FP, ,>\n"
    "       Active:<1>, OS:<AIX, 6.1, 6100-05-01-1016>, DCaps:<0x0>, CmdCaps:<0x0, 0x0>, PinnedMem:<768>\n"
)
SEED_AFTER = (
    "<#5> LPAR:<24*9117-MMB*10284FP, ,>\n"
    "       Active:<1>, OS:<AIX, 6.1, 6100-05-01-1016>, DCaps:<0xc5f>, CmdCaps:<0x1b, 0x1b>, PinnedMem:<994>\n"
)
SEED_LSSRC = (
    "Subsystem         Group            PID          Status\n"
    " IBM.DRM          rsct_rm          6881300      active\n"
    " IBM.CSMAgentRM   rsct_rm          7274530      active\n"
    " IBM.ServiceRM    rsct_rm          6029480      active\n"
    " IBM.AuditRM      rsct_rm          6357058      active\n"
    " IBM.ERRM         rsct_rm          4456566      active\n"
    " IBM.LPRM         rsct_rm          6946986      active\n"
)
SEED_MGMT_SERVER = (
    "Resource Persistent Attributes for IBM.ManagementServer\n"
    "resource 1:\n"
    '        Name             = ""\n'
    '        Hostname         = ""\n'
    '        ManagerType      = "HMC"\n'
    '        LocalHostname    = ""\n'
    '        ClusterTM        = "9078-160"\n'
    '        ClusterSNum      = ""\n'
    '        ActivePeerDomain = ""\n'
    '        NodeNameList     = {"aix6"}\n'
)
RECFGCT_LINE1 = ("/usr/lib/dr/scripts/all/ctrmc_MDdr               "
                 "DR script to refresh Management Domain configuration\n")
