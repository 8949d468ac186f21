"""The VIOS padmin command set (ioscli): each command parses ioscli's word flags, reads or changes the
VIOS's mappings (harness/world/vios_maps.py) and renders ioscli's text and exit code.

``build_registry()`` is padmin's command table: names and their /usr/ios/cli paths.
"""

from __future__ import annotations

from functools import lru_cache

from ..shell.command import Registry

CLI = "/usr/ios/cli"


@lru_cache(maxsize=1)
def build_registry() -> Registry:
    from . import devices, maps, system

    reg = Registry("vios")

    def r(name, fn, summary, flags):
        reg.register(name, fn, (f"{CLI}/{name}",), summary, tuple(flags.split()))

    r("ioslevel", system.ioslevel, "show the VIOS level", "")
    r("license", system.license, "view or accept the VIOS licence", "-view -accept -ls -lang")
    r("lsfware", system.lsfware, "show the system firmware level", "-all")
    r("errlog", system.errlog, "show the error log (errpt)", "-ls -seq -rm")
    r("viosbr", system.viosbr, "back up and view the virtual device configuration",
      "-backup -view -file -type -detail -mapping")
    r("lstcpip", system.lstcpip, "show the TCP/IP settings", "-hostname -interfaces -routtable -namesrv -fmt")
    r("help", system.help_, "list the padmin commands", "COMMAND")
    r("ioscli", system.ioscli, "run a padmin command", "COMMAND")
    r("oem_setup_env", system.oem_setup_env, "root ksh from padmin (exit returns)", "")
    r("lsmap", maps.lsmap, "virtual device mappings (vscsi, -npiv, -net)",
      "-all -vadapter -plc -type -net -npiv -field -fmt -dec -cpid")
    r("mkvdev", maps.mkvdev, "map a disk to a vhost, or make a SEA",
      "-vdev -vadapter -dev -f -sea -default -defaultid -attr")
    r("rmvdev", maps.rmvdev, "remove a virtual target device", "-vtd -vdev -f -rmlv")
    r("rmdev", maps.rmdev, "remove a VTD or SEA device", "-dev")
    r("vfcmap", maps.vfcmap, "map a vfchost to a physical FC port", "-vadapter -fcp")
    r("lsdev", devices.lsdev, "list devices", "-virtual -type -dev -plc -attr -child -parent -state -field -fmt")
    r("lspv", devices.lspv, "list physical volumes", "-free -avail -size -field -fmt")
    r("lsvg", devices.lsvg, "list volume groups", "-pv -lv VG")
    r("mklv", devices.mklv, "make a logical volume (a backing device)", "-lv VG SIZE")
    r("rmlv", devices.rmlv, "remove a logical volume", "-f")
    r("lsnports", devices.lsnports, "list NPIV-capable FC ports", "-field -fmt")
    r("chkdev", devices.chkdev, "check a disk for virtualisation", "-dev -plc -verbose -field -fmt")
    return reg
