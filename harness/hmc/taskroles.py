"""The HMC's predefined task roles and the tasks each holds, as `lsaccfg -t taskrole` prints them.

[V] verbatim data of a V8R8.2.0 HMC (ziutus/hmc_vios_aix data/192.168.200.34.20170910_2337.txt), in its
order; [I] that V7, V9 and V10 list the same tasks (later levels add tasks and hmcclientliveupdate).
"""

from __future__ import annotations

# role -> [(resource class, [tasks])]
PREDEFINED_TASK_ROLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "hmcservicerep": [
        ("frame", (
            "CheckPSN", "DeactivateFrameIO", "FrameInitialize", "LaunchFrameAsm", "ListFrameProperty",
            "ManageFrameServEvents", "ManagePSN", "RefreshFrame",
        )),
        ("cec", (
            "ActivateSystemProfile", "BackupProfileData", "CECPowerOff", "CECPowerOn", "CaptureSystemTemplate",
            "CollectCECVPDInfo", "DeployPartitionTemplate", "DeviceMaintenance", "LSProfileSpace", "LaunchAsm",
            "ListCECProperty", "ListCoDInformation", "ListNPortLogin", "ListPCIeTopology", "ListRioTopology",
            "ListSSP", "ListSystemProfileProperty", "ListUtilizationData", "ListVETInfo", "ManageCECServEvents",
            "ManageDumps", "ManageSPP", "ManageSysProfile", "ManageUtilizationData", "RebuildCEC", "UpdateLIC",
            "ValidateSystemProfile", "ViewDumps", "ViewPowerManagement", "ViewSPP",
        )),
        ("lpar", (
            "ActivateLPAR", "CapturePartitionTemplate", "ChangeNPortLogin", "CloseVTerm", "Connect5250VTerm",
            "DlparOperation", "ListLPARProperty", "ListProfileProperty", "ManageLPARServEvents", "ManageProfile",
            "Open5250VTerm", "OpenVTerm", "RebootLPAR", "ShutdownLPAR", "VirtualIOServerCommand",
        )),
        ("HMCConsole", (
            "5250Task", "BackupHMCData", "ChangeHMCConfiguration", "ChangeLocale", "ChangeUserPasswords",
            "CollectVPDInfo", "CustServiceSettings", "FormatMedia", "GetUpgradeFiles", "GroupingApp",
            "ListConnections", "ListHMCConfiguration", "ListSNMPServiceSettings", "ListServiceableEvents",
            "ListStorageMedia", "ManageConsoleDumps", "ManageSNMPServiceSettings", "ManageServEvents",
            "RepairServEvent", "RestoreUpgradeData", "SaveUpgradeData", "ShutdownHMC", "TemplateLibrary",
            "TipOfTheDay", "UpdateHMC", "UserSettings", "ViewConsoleEvents", "ViewHMCFileSystems",
        )),
    ],
    "hmcviewer": [
        ("frame", (
            "CheckPSN", "ListFrameProperty",
        )),
        ("cec", (
            "CaptureSystemTemplate", "CollectCECVPDInfo", "LSProfileSpace", "ListCECProperty",
            "ListCoDInformation", "ListPCIeTopology", "ListRioTopology", "ListSSP", "ListSystemProfileProperty",
            "ListUtilizationData", "ListVETInfo", "ManageSysProfile", "ViewDumps", "ViewPowerManagement",
            "ViewSPP",
        )),
        ("lpar", (
            "CapturePartitionTemplate", "ListLPARProperty", "ListProfileProperty", "ManageProfile",
        )),
        ("HMCConsole", (
            "ChangeLocale", "ChangeUserPasswords", "CollectVPDInfo", "ListConnections", "ListHMCConfiguration",
            "ListHMCEncrTask", "ListSNMPServiceSettings", "ListServiceableEvents", "ListStorageMedia",
            "TemplateLibrary", "TipOfTheDay", "UserSettings", "ViewHMCFileSystems",
        )),
    ],
    "hmcoperator": [
        ("frame", (
            "ChangeFrameProperty", "CheckPSN", "DeactivateFrameIO", "FrameInitialize", "LaunchFrameAsm",
            "ListFrameProperty", "ManageFrameServEvents", "ManagePSN", "RefreshFrame", "RemoveFrameConnection",
        )),
        ("cec", (
            "ActivateSystemProfile", "BackupProfileData", "CECPowerOff", "CECPowerOn", "CaptureSystemTemplate",
            "ChangeCECProperty", "ChangeSystemProfileProperty", "CoDPoolManagement", "CollectCECVPDInfo",
            "ConfigProcessorRecovery", "CreateLPAR", "CreateSystemProfile", "DeleteSystemProfile",
            "DeployPartitionTemplate", "InitializeProfileData", "LSProfileSpace", "LaunchAsm", "ListCECProperty",
            "ListCoDInformation", "ListNPortLogin", "ListPCIeTopology", "ListRioTopology", "ListSSP",
            "ListSystemProfileProperty", "ListUtilizationData", "ListVETInfo", "ManageDumps", "ManageSPP",
            "ManageSysProfile", "ManageUtilizationData", "RebuildCEC", "RecoverPartitionData",
            "RemoveCECConnection", "RemoveCEConnection", "RemoveProfileData", "RestoreProfileData",
            "SysProfileCopy", "ValidateSystemProfile", "ViewDumps", "ViewPowerManagement", "ViewSPP",
        )),
        ("lpar", (
            "ActivateLPAR", "CapturePartitionTemplate", "ChangeLPARProperty", "ChangeNPortLogin",
            "ChangeProfileProperty", "CloseVTerm", "Connect5250VTerm", "CreateProfile", "DeleteLPAR",
            "DeleteProfile", "DlparOperation", "HibernateLPAR", "ListLPARProperty", "ListProfileProperty",
            "ManageLPARServEvents", "ManageProfile", "MigrateLPAR", "Open5250VTerm", "OpenVTerm",
            "PartProfileCopy", "RebootLPAR", "ShutdownLPAR", "VirtualIOServerCommand",
        )),
        ("HMCConsole", (
            "5250Task", "AddConnection", "BackupHMCData", "ChangeHMCConfiguration", "ChangeHMCFileSystems",
            "ChangeLocale", "ChangeUserPasswords", "CollectVPDInfo", "CreateWelcomeText", "CustServiceSettings",
            "FormatMedia", "GetUpgradeFiles", "GroupingApp", "ListConnections", "ListHMCConfiguration",
            "ListHMCEncrTask", "ListSNMPServiceSettings", "ListServiceableEvents", "ListStorageMedia",
            "ManageConsoleDumps", "ManageSNMPServiceSettings", "RestoreUpgradeData", "SVAgentXmitServiceInfo",
            "SaveUpgradeData", "ScheduleOperations", "ShutdownHMC", "TemplateLibrary", "TipOfTheDay",
            "UserSettings", "ViewConsoleEvents", "ViewHMCFileSystems", "ViewInstallResourceList",
        )),
    ],
    "hmcpe": [
        ("frame", (
            "ChangeFrameProperty", "CheckPSN", "DeactivateFrameIO", "FrameInitialize", "LaunchFrameAsm",
            "ListFrameProperty", "MakeProfileData", "ManageFrameServEvents", "ManagePSN", "RefreshFrame",
            "RemoveFrameConnection",
        )),
        ("cec", (
            "ActivateSystemProfile", "BackupProfileData", "CECPowerOff", "CECPowerOn", "CaptureSystemTemplate",
            "ChangeCECProperty", "ChangeSystemProfileProperty", "CoDPoolManagement", "CollectCECVPDInfo",
            "ConfigHardwareDebugSettings", "ConfigProcessorRecovery", "CreateLPAR", "CreateSystemProfile",
            "DeleteSystemProfile", "DeployPartitionTemplate", "DeploySystemTemplate", "DeviceMaintenance",
            "LSProfileSpace", "LaunchAsm", "ListCECProperty", "ListCoDInformation", "ListNPortLogin",
            "ListPCIeTopology", "ListRioTopology", "ListSSP", "ListSystemProfileProperty", "ListUtilizationData",
            "ListVETInfo", "MakeProfileData", "ManageCECServEvents", "ManageDumps", "ManageSPP",
            "ManageSysProfile", "ManageUtilizationData", "MoveSriovAdapter", "RebuildCEC", "RemoveCECConnection",
            "RemoveCEConnection", "SysProfileCopy", "UpdateLIC", "ValidateSystemProfile", "ViewDumps",
            "ViewPowerManagement", "ViewSPP",
        )),
        ("lpar", (
            "ActivateLPAR", "CapturePartitionTemplate", "ChangeLPARProperty", "ChangeNPortLogin",
            "ChangeProfileProperty", "CloseVTerm", "Connect5250VTerm", "CreateProfile", "DeleteProfile",
            "DlparOperation", "HibernateLPAR", "ListLPARProperty", "ListProfileProperty", "ManageLPARServEvents",
            "ManageProfile", "MigrateLPAR", "Open5250VTerm", "OpenVTerm", "PartProfileCopy", "RebootLPAR",
            "ShutdownLPAR", "VirtualIOServerCommand",
        )),
        ("HMCConsole", (
            "5250Task", "AddConnection", "BackupHMCData", "ChangeHMCConfiguration", "ChangeHMCFileSystems",
            "ChangeLocale", "ChangeUserPasswords", "CollectVPDInfo", "CustServiceSettings", "EditTemplate",
            "FormatMedia", "GetUpgradeFiles", "GroupingApp", "ListConnections", "ListHMCConfiguration",
            "ListHMCEncrTask", "ListSNMPServiceSettings", "ListServiceableEvents", "ListStorageMedia",
            "MakeProfileData", "ManageConsoleDumps", "ManageSNMPServiceSettings", "ManageServEvents",
            "RepairServEvent", "RestoreUpgradeData", "SVAgentXmitServiceInfo", "SaveUpgradeData", "ShutdownHMC",
            "TemplateLibrary", "TipOfTheDay", "UpdateHMC", "UserSettings", "ViewConsoleEvents",
            "ViewHMCFileSystems", "ViewHmcInternalLog", "ViewInstallResourceList",
        )),
    ],
    "hmcsuperadmin": [
        ("frame", (
            "ChangeFramePassword", "ChangeFrameProperty", "CheckPSN", "DeactivateFrameIO", "FrameInitialize",
            "LaunchFrameAsm", "ListFrameProperty", "ManageFrameServEvents", "ManagePSN", "RefreshFrame",
            "RemoveFrameConnection", "RemoveFrameLock",
        )),
        ("cec", (
            "ActivateSystemProfile", "BackupProfileData", "CECPowerOff", "CECPowerOn", "CaptureSystemTemplate",
            "ChangeCECPassword", "ChangeCECProperty", "ChangeCoD", "ChangePowerManagement",
            "ChangeSystemProfileProperty", "ChangeVETCode", "CoDPoolManagement", "CollectCECVPDInfo",
            "ConfigProcessorRecovery", "CreateLPAR", "CreatePassThruCommand", "CreateSystemProfile",
            "DLPARRestoreHWResources", "DeleteSystemProfile", "DeployPartitionTemplate", "DeploySystemPlan",
            "DeploySystemTemplate", "DeviceMaintenance", "DisconnectOtherHmc", "EditCECMTMS",
            "InitializeProfileData", "InitializeSPFailover", "LSProfileSpace", "LaunchAsm", "ListCECProperty",
            "ListCoDInformation", "ListNPortLogin", "ListPCIeTopology", "ListRioTopology", "ListSSP",
            "ListSystemProfileProperty", "ListUtilizationData", "ListVETInfo", "MakeSystemPlan",
            "ManageCECServEvents", "ManageDumps", "ManageSPP", "ManageSSP", "ManageSriovAdapter",
            "ManageSysProfile", "ManageUtilizationData", "ManageVirtualNetwork", "ManageVirtualStorage",
            "MoveSriovAdapter", "PartitionConfigurationImage", "RebuildCEC", "RecoverPartitionData",
            "RemoveCECConnection", "RemoveCEConnection", "RemoveProfileData", "RestoreProfileData",
            "SetCECKeylockPosition", "SysProfileCopy", "UpdateLIC", "ValidateSystemProfile", "ViewDumps",
            "ViewPowerManagement", "ViewSPP",
        )),
        ("lpar", (
            "ActivateLPAR", "CapturePartitionTemplate", "ChangeLPARProperty", "ChangeNPortLogin",
            "ChangeProfileProperty", "CloseVTerm", "Connect5250VTerm", "CreateProfile", "Delete5250VTerm",
            "DeleteLPAR", "DeleteProfile", "DlparOperation", "HibernateLPAR", "ListLPARProperty",
            "ListProfileProperty", "ManageLPARServEvents", "ManageProfile", "MigrateLPAR", "Open5250VTerm",
            "OpenVTerm", "PartProfileCopy", "RebootLPAR", "RemoteRestartLPAR", "SetLPARKeylockPosition",
            "ShutdownLPAR", "VirtualIOServerCommand",
        )),
        ("HMCConsole", (
            "5250Task", "AddConnection", "BackupHMCData", "CertificateManagement", "ChangeHMCConfiguration",
            "ChangeHMCEncrTask", "ChangeHMCFileSystems", "ChangeLocale", "ChangeUserPasswords",
            "ChangeUtilizationConfiguration", "CollectVPDInfo", "ConfigureDataReplication", "CreateWelcomeText",
            "CustServiceSettings", "EditConsoleMTMS", "EditTemplate", "ExportData", "FormatMedia",
            "GetUpgradeFiles", "GroupingApp", "GuidedSetupWizard", "ListConnections", "ListHMCConfiguration",
            "ListHMCEncrTask", "ListHMCRole", "ListHMCTask", "ListHMCUser", "ListLdapCfg",
            "ListSNMPServiceSettings", "ListServiceableEvents", "ListStorageMedia", "ListSystemPlan",
            "ManageAllUserPasswords", "ManageConsoleDumps", "ManageHMCRole", "ManageHMCUser",
            "ManageSNMPServiceSettings", "ManageServEvents", "ManageSystemPlan", "RemoteSystemLogSettings",
            "RepairServEvent", "RestoreUpgradeData", "SVAgentXmitServiceInfo", "SaveUpgradeData",
            "ScheduleOperations", "ShutdownHMC", "TemplateLibrary", "TerminateHMCTask", "TipOfTheDay", "UpdateHMC",
            "UserSettings", "ViewConsoleEvents", "ViewHMCFileSystems", "ViewInstallResourceList",
            "ViewVIOSInstallResourceList",
        )),
    ],
}
