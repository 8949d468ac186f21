"""The HMC's own commands (lssyscfg, lshwres, chhwres, chsysstate, ...) as a Registry.

Each command lives in its own module; they share one option parser (options.py), one --filter
parser (filters.py), one formatter (formatting.py), one message table (messages.py) and the
per-level attribute lists (attributes.py). Change commands are wrapped at registration with the
task-role check (harness.world.roles): a user whose role may not run one gets HSCL350B, exit 1,
and nothing changes.
"""

from __future__ import annotations

import functools

from ..shell.command import CommandContext, CommandFn, Registry

# [I] the HMC's restricted PATH is /hmcrbin:/usr/hmcrbin (shell/flavours.py); its commands live there
HMC_BIN = "/usr/hmcrbin"

# modules holding one command each: module name == command name, with SUMMARY and FLAGS
SINGLE = ("lssyscfg", "lshwres", "chhwres", "lspartition", "lshmc", "chsysstate", "lsrefcode", "lssysconn",
          "lshmcusr", "mkauthkeys", "diagrmc", "viosvrcmd", "lslparutil", "lscomgmt",
          "chhmc", "lpar_netboot")
# modules holding several: a COMMANDS table {name: (summary, flags)}, one function per name. The names are
# written here too so that the table is built without importing them (tests/hmc/test_hmc_lazy_registry.py
# checks that they match each module's COMMANDS)
MULTI = {"syscfg_change": ("mksyscfg", "chsyscfg", "rmsyscfg"),
         "migration": ("migrlpar", "lslparmigr"),
         "vterm": ("mkvterm", "rmvterm"),
         "lic": ("lslic", "updlic"),
         "sysinfo": ("lscod", "lsled", "chled", "lssacfg", "lsmemopt"),
         "hmcusers": ("mkhmcusr", "chhmcusr", "rmhmcusr"),
         "pwdpolicy": ("lspwdpolicy", "mkpwdpolicy", "chpwdpolicy", "rmpwdpolicy"),
         "hmcldap": ("lshmcldap", "chhmcldap"),
         "svcevents": ("lssvcevents", "chsvcevent"),
         "hmcfs": ("lshmcfs", "chhmcfs", "monhmc"),
         "accfg": ("lsaccfg",)}


def with_authority(name: str, fn: CommandFn) -> CommandFn:
    """Refuse a change command to a user whose task role does not allow it (HSCL350B, exit 1)."""
    from ..world import roles

    @functools.wraps(fn)
    def run(ctx: CommandContext) -> int:
        session = ctx.session
        hmc = getattr(session, "hmc", None)
        user = hmc.users.get(str(getattr(session, "user", ""))) if hmc is not None else None
        role = user.role if user is not None else "hmcsuperadmin"
        # a session whose user was removed (or renamed) since it logged in may change nothing [I]
        argv = list(ctx.argv[1:])
        gone = user is None and hmc is not None and str(getattr(session, "user", "")) in hmc.console.removed_users
        if (gone and roles.is_change(name, argv)) or not roles.allowed(role, name, argv):
            from .messages import text

            ctx.write(text("no_authority") + "\n")
            return 1
        return fn(ctx)

    return run


def _loader(mod_name: str, name: str):
    """load() of one command: import its module (on first use), wrap it with the task-role check."""

    def load():
        import importlib

        module = importlib.import_module(f".{mod_name}", __name__)
        if mod_name == name:
            summary, flags = module.SUMMARY, module.FLAGS
        else:
            summary, flags = module.COMMANDS[name]
        return with_authority(name, getattr(module, name)), summary, tuple(flags)

    return load


def build_registry() -> Registry:
    from ..world import power  # noqa: F401  (registers the power timer events)
    from . import uname

    reg = Registry("hmc")
    # the command modules are imported when a command is first run or described, not here: start-up
    # (issue 14) imports only what the first client uses
    for name in SINGLE:
        reg.register_lazy(name, _loader(name, name), paths=(f"{HMC_BIN}/{name}",))
    for mod_name, names in MULTI.items():
        for name in names:
            reg.register_lazy(name, _loader(mod_name, name), paths=(f"{HMC_BIN}/{name}",))
    # every other command of the HMC reference answers as an HMC would (reference.py): keep last
    from .reference import register_fallbacks

    register_fallbacks(reg, HMC_BIN, with_authority)
    reg.register("uname", uname.uname, paths=("/bin/uname", "/usr/bin/uname"), summary=uname.SUMMARY,
                 flags=uname.FLAGS)
    try:
        from ..shell.utilities import base_registry
    except Exception:  # noqa: BLE001 - optional: harness/runtime/registries.py merges them too
        return reg
    return base_registry("hmc").merged(reg)
