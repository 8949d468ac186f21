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
# modules holding several: a COMMANDS table {name: (summary, flags)}, one function per name
MULTI = ("syscfg_change", "migration", "vterm", "lic", "sysinfo",
         "hmcusers", "pwdpolicy", "hmcldap", "svcevents", "hmcfs", "accfg")


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


def build_registry() -> Registry:
    import importlib

    from ..world import power  # noqa: F401  (registers the power timer events)
    from . import uname

    reg = Registry("hmc")
    for name in SINGLE:
        module = importlib.import_module(f".{name}", __name__)
        reg.register(name, with_authority(name, getattr(module, name)), paths=(f"{HMC_BIN}/{name}",),
                     summary=module.SUMMARY, flags=module.FLAGS)
    for mod_name in MULTI:
        module = importlib.import_module(f".{mod_name}", __name__)
        for name, (summary, flags) in module.COMMANDS.items():
            reg.register(name, with_authority(name, getattr(module, name)), paths=(f"{HMC_BIN}/{name}",),
                         summary=summary, flags=flags)
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
