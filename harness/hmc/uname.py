"""uname on the HMC: a Linux box [V: avocado runs `uname -a` on the HMC]; GNU coreutils behaviour.

The kernel strings per HMC level and the hardware are [I]: 7042 consoles are x86_64, 7063 and
virtual HMCs on Power are ppc64le.
"""

from __future__ import annotations

from ..shell.command import CommandContext

# level -> (kernel release, kernel version) [I]
KERNELS = {
    "V7": ("2.6.16.60-0.83.2-bigsmp", "#1 SMP Fri Sep 2 13:49:16 UTC 2011"),
    "V8": ("2.6.32.59-0.7-default", "#1 SMP Mon Jul 30 16:09:03 UTC 2014"),
    "V9": ("4.4.73-5-default", "#1 SMP Tue Jul 4 15:33:39 UTC 2017 (b7ce4e4)"),
    "V10": ("5.14.21-150400.24.100-default", "#1 SMP PREEMPT_DYNAMIC Tue Nov 7 13:40:59 UTC 2023 (6b4d0b0)"),
}
_SHORT = {"s": "kernel-name", "n": "nodename", "r": "kernel-release", "v": "kernel-version", "m": "machine",
          "p": "processor", "i": "hardware-platform", "o": "operating-system"}
_ORDER = "snrvmpio"
SUMMARY = "print system information (the HMC runs Linux)"
FLAGS = tuple(f"-{c}" for c in _ORDER) + ("-a",)


def _fields(session) -> dict[str, str]:
    hmc = session.hmc
    level = hmc.level_key if hmc is not None else "V9"
    release, version = KERNELS.get(level, KERNELS["V9"])
    machine = "ppc64le" if hmc is not None and hmc.type_model.startswith("7063") else "x86_64"
    return {"s": "Linux", "n": session.hostname, "r": release, "v": version, "m": machine, "p": machine,
            "i": machine, "o": "GNU/Linux"}


def _usage_error(ctx: CommandContext, first: str) -> int:
    ctx.error(f"uname: {first}\nTry 'uname --help' for more information.\n")  # [V] GNU coreutils
    return 1


def uname(ctx: CommandContext) -> int:
    try:
        wanted: set[str] = set()
        for arg in ctx.argv[1:]:
            if arg == "--help":
                ctx.write("Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, "
                          "same as -s.\n")
                return 0
            if arg in ("-a", "--all"):
                wanted |= set(_ORDER)
            elif arg.startswith("--"):
                key = next((k for k, v in _SHORT.items() if v == arg[2:]), None)
                if key is None:
                    return _usage_error(ctx, f"unrecognized option '{arg}'")
                wanted.add(key)
            elif arg.startswith("-") and len(arg) > 1:
                for ch in arg[1:]:
                    if ch == "a":
                        wanted |= set(_ORDER)
                    elif ch in _SHORT:
                        wanted.add(ch)
                    else:
                        return _usage_error(ctx, f"invalid option -- '{ch}'")
            else:
                return _usage_error(ctx, f"extra operand '{arg}'")
        fields = _fields(ctx.session)
        keys = [k for k in _ORDER if k in (wanted or {"s"})]
        ctx.write(" ".join(fields[k] for k in keys) + "\n")
        return 0
    except Exception:  # noqa: BLE001 - never a traceback to the client
        ctx.error("uname: internal error\n")
        return 1
