"""Helpers for the shell tests: a tiny fake session, realistic HMC text and fake host commands."""

from __future__ import annotations

import datetime as dt

from harness.shell import AIX_FLAVOUR, HMC_FLAVOUR, Shell
from harness.shell.command import Registry
from harness.shell.utilities import base_registry

# realistic HMC text (shapes from reference/hmc-cli.md)
SYS_NAME_STATE = (
    "Server-9117-570-SN65YDR6E,Operating\n"
    "Server-8233-E8B-SN069991R,Power Off\n"
    "p750-prod,Operating\n"
    "p770-test,No Connection\n"
)
LPAR_DEFAULT = (
    "name=aixlpar1,lpar_id=2,lpar_env=aixlinux,state=Running,resource_config=1,"
    "os_version=AIX 7.1 7100-04-03-1642,logical_serial_num=65YDR6E2,default_profile=normal,"
    "curr_profile=normal,work_group_id=none,rmc_state=active,rmc_ipaddr=10.1.1.2\n"
    "name=vios1,lpar_id=1,lpar_env=vioserver,state=Running,resource_config=1,"
    "os_version=VIOS 3.1.2.10,logical_serial_num=65YDR6E1,default_profile=default,"
    "curr_profile=default,work_group_id=none,rmc_state=active,rmc_ipaddr=10.1.1.1\n"
    "name=linux3,lpar_id=3,lpar_env=aixlinux,state=Not Activated,resource_config=1,"
    "os_version=Unknown,logical_serial_num=65YDR6E3,default_profile=prof1,"
    "curr_profile=,work_group_id=none,rmc_state=inactive,rmc_ipaddr=\n"
)
PROC_LPAR = (
    "lpar_name=aixlpar1,lpar_id=2,curr_shared_proc_pool_id=0,curr_proc_mode=shared,curr_min_proc_units=0.1,"
    "curr_proc_units=0.5,curr_max_proc_units=2.0,curr_procs=1\n"
    "lpar_name=vios1,lpar_id=1,curr_proc_mode=ded,curr_min_procs=1,curr_procs=2,curr_max_procs=4\n"
)
LSPARTITION_DLPAR = (
    "<#0> Partition:<2*8233-E8B*069991R, , 10.8.251.102>\n"
    "       Active:<1>, OS:<AIX, 6.1, 6100-07-06-1241>, DCaps:<0x2c5f>, CmdCaps:<0x4000001b, 0x1b>, PinnedMem:<1981>\n"
    "<#1> Partition:<214*8233-E8B*069991R, lpar214.example.com, 10.8.251.214>\n"
    "       Active:<0>, OS:<, , >, DCaps:<0x0>, CmdCaps:<0x0, 0x0>, PinnedMem:<0>\n"
)
LSHMC_V = '"version= Version: 9\n Release: 2\n Service Pack: 950\nHMC Build level 2106100200\n","base_version=V9R2\n"\n'


class FakeSession:
    def __init__(self, user: str = "hscroot", hostname: str = "hmc1", flavour: str = "hmc",
                 files: dict | None = None):
        self.user = user
        self.hostname = hostname
        self.flavour = flavour
        self.calls: list[list[str]] = []
        self.envs: list[dict] = []
        if files is not None:
            self.files = files

    def now(self) -> dt.datetime:
        return dt.datetime(2026, 11, 26, 11, 0, 0)


def host_registry(flavour: str) -> Registry:
    reg = Registry(flavour)

    @reg.command("echoargs", paths=("/usr/local/bin/echoargs",))
    def echoargs(ctx):
        ctx.session.calls.append(list(ctx.argv))
        ctx.session.envs.append(dict(ctx.env))
        for a in ctx.argv[1:]:
            ctx.writeln(f"<{a}>")
        return 0

    @reg.command("lssyscfg")
    def lssyscfg(ctx):
        ctx.session.calls.append(list(ctx.argv))
        argv = ctx.argv
        if "curr_profile" in argv:
            ctx.writeln("normal")
        elif "sys" in argv:
            ctx.write(SYS_NAME_STATE)
        else:
            ctx.write(LPAR_DEFAULT)
        return 0

    @reg.command("chsysstate")
    def chsysstate(ctx):
        ctx.session.calls.append(list(ctx.argv))
        return 0

    @reg.command("lshwres")
    def lshwres(ctx):
        ctx.session.calls.append(list(ctx.argv))
        ctx.write(PROC_LPAR)
        return 0

    @reg.command("lspartition")
    def lspartition(ctx):
        ctx.write(LSPARTITION_DLPAR)
        return 0

    @reg.command("lshmc")
    def lshmc(ctx):
        ctx.write(LSHMC_V)
        return 0

    @reg.command("failcmd")
    def failcmd(ctx):
        ctx.writeln("HSCL8012 The partition named nope was not found.")
        return 1

    @reg.command("exitcmd")
    def exitcmd(ctx):
        ctx.fail("stopping", 5)

    @reg.command("boom")
    def boom(ctx):
        raise ValueError("a bug in a command")

    @reg.command("showstdin")
    def showstdin(ctx):
        ctx.write(ctx.stdin)
        return 0

    @reg.command("rmcctrl", paths=("/usr/sbin/rsct/bin/rmcctrl",))
    def rmcctrl(ctx):
        ctx.writeln("rmcctrl " + " ".join(ctx.argv[1:]))
        return 0

    @reg.command("awk")  # even if a host registers it, the HMC shell must not find it
    def awk(ctx):
        ctx.writeln("awk ran")
        return 0

    return reg


def make_shell(flavour: str = "hmc", user: str | None = None, files: dict | None = None,
               interactive: bool = False, env: dict | None = None) -> Shell:
    user = user or ("hscroot" if flavour == "hmc" else "root")
    session = FakeSession(user=user, hostname="hmc1" if flavour == "hmc" else "aixlpar1",
                          flavour=flavour, files=files)
    registry = base_registry(flavour).merged(host_registry(flavour))
    return Shell(registry, HMC_FLAVOUR if flavour == "hmc" else AIX_FLAVOUR, session, env=env,
                 interactive=interactive)



def out(shell: Shell, line: str) -> str:
    return shell.run(line).stdout
