"""lspwdpolicy, mkpwdpolicy, chpwdpolicy, rmpwdpolicy: the HMC's password policies as world data
(harness/world/hmc_console.py). The active policy is enforced by mkhmcusr/chhmcusr (hmcusers.py).

Forms [V-client: ansible-power-hmc hmc_pwdpolicy + its command table]:
  lspwdpolicy -t {p | s}                     (policies | status; parsed as CSV, key ACTIVE)
  mkpwdpolicy -i "name=..,description=..,min_pwage=..,pwage=..,warn_pwage=..,min_length=..,
              hist_size=..,min_digits=..,min_uppercase_chars=..,min_lowercase_chars=..,min_special_chars=.."
  chpwdpolicy -o a -n NAME | chpwdpolicy -o d | chpwdpolicy -o m -i "name=..,new_name=..,..."
  rmpwdpolicy -n NAME
[I] the policy commands first shipped with HMC V8R8.6; a V7 HMC does not have them (reference.py).
[I] attribute order and the -t s attribute names; the HSCL texts below.
"""

from __future__ import annotations

from dataclasses import fields

from ..shell.command import CommandContext
from ..world.hmc_console import POLICY_FIELDS, PasswordPolicy
from .attributes import Listing
from .boundary import hmc_command
from .formatting import record, render
from .messages import MESSAGES, error
from .options import FLAG, OPTIONAL, VALUE, parse
from .reference import level_gated
from .targets import HmcTarget

MESSAGES.update({  # all [I]
    "policy_exists": "HSCL3570 A password policy named {name} already exists.",
    "policy_not_found": "HSCL3571 The password policy {name} was not found.",
    "policy_active": "HSCL3572 The password policy {name} is active and cannot be removed.",
})
NUMERIC = tuple(f for f in POLICY_FIELDS if f not in ("name", "description"))
POLICY_LISTING = Listing(("name", "active", *POLICY_FIELDS[1:]))
STATUS_LISTING = Listing(("active", "active_policy_name"))  # [I]

LS_USAGE = "Usage: lspwdpolicy -t {p | s} [--filter \"filter-data\"] [-F [attribute-names] [--header]] [--help]\n"
MK_USAGE = "Usage: mkpwdpolicy {-f input-data-file | -i \"input-data\"} [--help]\n"
CH_USAGE = """Usage: chpwdpolicy -o {a | d | m} [-n policy-name] [-f input-data-file | -i "input-data"] [--help]
"""
RM_USAGE = "Usage: rmpwdpolicy -n policy-name [--help]\n"

COMMANDS = {
    "lspwdpolicy": ("list password policies (-t p) or the policy status (-t s)",
                    ("-t p", "-t s", "--filter names", "-F", "--header")),
    "mkpwdpolicy": ("create a password policy", ("-i",)),
    "chpwdpolicy": ("activate (-o a), deactivate (-o d) or modify (-o m) a password policy",
                    ("-o a", "-o d", "-o m", "-n", "-i")),
    "rmpwdpolicy": ("remove a password policy", ("-n",)),
}


def _policy_data(opts) -> dict[str, str]:
    from .syscfg_change import parse_config

    if opts.has("-f"):
        raise error("invalid_parameter", name="-f")  # [I] no input files on the fake HMC's side
    opts.require("-i")
    data: dict[str, str] = {}
    for name, op, value in parse_config(opts.get("-i")):
        if op != "=":
            raise error("bad_config_format")
        data[name] = ",".join(value) if isinstance(value, list) else value
    return data


def _check(data: dict[str, str], extra: tuple[str, ...] = ()) -> None:
    for name, value in data.items():
        if name not in POLICY_FIELDS and name not in extra:
            raise error("invalid_config_attr", name=name)
        if name in NUMERIC and not (value.isascii() and value.isdigit()):
            raise error("bad_config_value", name=name)


def _find(t: HmcTarget, name: str | None) -> PasswordPolicy:
    policy = t.hmc.console.policy(name or "")
    if policy is None:
        raise error("policy_not_found", name=name)
    return policy


@level_gated("lspwdpolicy")
@hmc_command(LS_USAGE)
def lspwdpolicy(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-t": VALUE, "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG,
                                "--help": FLAG})
    opts.require("-t")
    kind = opts.choice("-t", ("p", "s"))
    console = t.hmc.console
    if kind == "s":
        lst = STATUS_LISTING
        recs = [record({"active": "1" if console.active_policy else "0",
                        "active_policy_name": console.active_policy}, lst)]
    else:
        from .filters import parse_filter

        lst = POLICY_LISTING
        names = parse_filter(opts.get("--filter"), ("names",)).get("names") if opts.has("--filter") else None
        recs = [record({"name": p.name, "active": "1" if p.name == console.active_policy else "0",
                        **{f.name: getattr(p, f.name) for f in fields(p) if f.name != "name"}}, lst)
                for p in console.policies if names is None or p.name in names]
    ctx.write(render(recs, lst, opts.get("-F"), opts.flag("--header")))
    return 0


@level_gated("mkpwdpolicy")
@hmc_command(MK_USAGE)
def mkpwdpolicy(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-i": VALUE, "-f": VALUE, "--help": FLAG})
    data = _policy_data(opts)
    _check(data)
    if "name" not in data:
        raise error("config_missing", name="name")
    if t.hmc.console.policy(data["name"]) is not None:
        raise error("policy_exists", name=data["name"])
    t.hmc.console.policies.append(PasswordPolicy(**data))
    return 0


@level_gated("chpwdpolicy")
@hmc_command(CH_USAGE)
def chpwdpolicy(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-o": VALUE, "-n": VALUE, "-i": VALUE, "-f": VALUE, "--help": FLAG})
    opts.require("-o")
    op = opts.choice("-o", ("a", "d", "m"))
    console = t.hmc.console
    if op == "a":
        opts.require("-n")
        console.active_policy = _find(t, opts.get("-n")).name
    elif op == "d":
        console.active_policy = ""
    else:
        data = _policy_data(opts)
        _check(data, ("new_name",))
        name = data.pop("name", None) or opts.get("-n")
        if name is None:
            raise error("config_missing", name="name")
        policy = _find(t, name)
        new = data.pop("new_name", None)
        if new and new != policy.name:
            if console.policy(new) is not None:
                raise error("policy_exists", name=new)
            if console.active_policy == policy.name:
                console.active_policy = new
            policy.name = new
        for k, v in data.items():
            setattr(policy, k, v)
    return 0


@level_gated("rmpwdpolicy")
@hmc_command(RM_USAGE)
def rmpwdpolicy(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-n": VALUE, "--help": FLAG})
    opts.require("-n")
    policy = _find(t, opts.get("-n"))
    if t.hmc.console.active_policy == policy.name:
        raise error("policy_active", name=policy.name)
    t.hmc.console.policies.remove(policy)
    return 0
