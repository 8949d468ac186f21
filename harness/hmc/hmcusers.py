"""mkhmcusr, chhmcusr, rmhmcusr: HMC users in the world (Hmc.users), so that a user made here logs in
over SSH at once with its task role's rights (harness/runtime/backend.py reads the same dict, and
harness/hmc/__init__.py with_authority checks the role), and a removed one cannot.

Forms [V man page (P8 mkhmcusr, P5/P9 chhmcusr, lshmcusr) and the ansible-power-hmc command table]:
  mkhmcusr -u NAME -a ROLE [-d DESC] [--passwd PW] [-M DAYS] [--auth {local|kerberos|ldap}]
           [--remoteuser NAME]      |  mkhmcusr -i "name=..,taskrole=..,passwd=..,..."
  chhmcusr -u NAME -t {desc|name|passwd|pwage|taskrole} [-v VALUE]  |  chhmcusr -i "name=..,attr=.."
           | chhmcusr -u NAME -o e (enable a user disabled for inactivity) | chhmcusr -t default -i ".."
  rmhmcusr {-u NAME | -t {all|local|kerberos|ldap|automanage}}
A new password is checked against the active password policy (pwdpolicy.py). Every HSCL code and
text here is [I]: no English original was found; they live in MESSAGES below, nowhere else.
"""

from __future__ import annotations

import re

from ..shell.command import CommandContext
from ..world.hmc import HmcUser
from .boundary import hmc_command
from .messages import MESSAGES, error
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

TASK_ROLES = ("hmcsuperadmin", "hmcoperator", "hmcviewer", "hmcpe", "hmcservicerep", "hmcclientliveupdate")
PERMANENT = ("root", "hscroot", "hscpe")  # [V-client] ansible never removes these with -t all
_NAME_OK = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")  # [V man page] <= 32 chars, begins with a letter

MESSAGES.update({  # all [I]
    "user_exists": "HSCL3560 The user {name} already exists.",
    "user_not_found": "HSCL3561 The user {name} was not found.",
    "user_name_invalid": ("HSCL3562 The user name {name} is not valid." + "  " + "A user name can be up to 32 "
                          "characters long and must begin with a letter."),
    "user_permanent": "HSCL3563 The user {name} cannot be removed.",
    "password_required": "HSCL3564 A password is required for a locally authenticated user.",
    "password_policy": ("HSCL3565 The password does not meet the requirements of the active password policy "
                        "{policy}: {rules}."),
    "current_password_wrong": "HSCL3567 The current password is not correct.",
    "password_reused": ("HSCL3566 The password was used recently and cannot be used again (password policy "
                        "{policy})."),
})
# the policy rule names as the message words them [I]
RULE_WORDS = {"min_length": "at least {n} characters", "min_digits": "at least {n} digits",
              "min_uppercase_chars": "at least {n} uppercase characters",
              "min_lowercase_chars": "at least {n} lowercase characters",
              "min_special_chars": "at least {n} special characters"}

# -i attributes mkhmcusr/chhmcusr take [V names: ansible-power-hmc mkhmcusr/chhmcusr -i tables]
USER_ATTRS = ("name", "taskrole", "resourcerole", "description", "passwd", "pwage", "min_pwage",
              "authentication_type", "session_timeout", "verify_timeout", "idle_timeout", "remote_webui_access",
              "remote_ssh_access", "remote_user_name", "inactivity_expiration")
CH_ATTRS = USER_ATTRS + ("new_name", "current_passwd", "passwd_authentication", "max_webui_login_attempts",
                         "webui_login_suspend_time")
NUMERIC = ("pwage", "min_pwage", "session_timeout", "verify_timeout", "idle_timeout", "inactivity_expiration",
           "max_webui_login_attempts", "webui_login_suspend_time")
BOOLEAN = ("remote_webui_access", "remote_ssh_access", "passwd_authentication")

MK_USAGE = """Usage: mkhmcusr -u user-name -a task-role [-d description]
                [--passwd password] [-M number-of-days]
                [--auth {local | kerberos | ldap}]
                [--remoteuser remote-user-name] [--help]
   or: mkhmcusr {-f input-data-file | -i "input-data"} [--help]
"""  # [V man page synopsis, I layout]
CH_USAGE = """Usage: chhmcusr -u user-name -t {assign | desc | name | passwd | pwage | taskrole}
                [-o {a | r}] [-r {resource | resourcerole}] [-v new-attribute-value] [--help]
   or: chhmcusr {-f input-data-file | -i "input-data"} [--help]
   or: chhmcusr -t default {-f input-data-file | -i "input-data"} [--help]
   or: chhmcusr -u user-name -o e [--help]
"""
RM_USAGE = """Usage: rmhmcusr {-u user-name | -t {all | local | kerberos | ldap | automanage}} [--help]
"""
MK_SPEC = {"-u": VALUE, "-a": VALUE, "-d": VALUE, "--passwd": VALUE, "-M": VALUE, "--auth": VALUE,
           "--remoteuser": VALUE, "-i": VALUE, "-f": VALUE, "--help": FLAG}
CH_SPEC = {"-u": VALUE, "-t": VALUE, "-v": VALUE, "-o": VALUE, "-r": VALUE, "-i": VALUE, "-f": VALUE,
           "--help": FLAG}
RM_SPEC = {"-u": VALUE, "-t": VALUE, "--force": FLAG, "--help": FLAG}

COMMANDS = {
    "mkhmcusr": ("create an HMC user (it can log in over SSH at once with its task role)",
                 ("-u", "-a", "-d", "--passwd", "-M", "--auth", "--remoteuser", "-i")),
    "chhmcusr": ("change an HMC user: password, task role, description, name, password age, settings",
                 ("-u", "-t desc|name|passwd|pwage|taskrole", "-v", "-o e", "-i", "-t default")),
    "rmhmcusr": ("remove HMC users (they can no longer log in)", ("-u", "-t all|local|kerberos|ldap|automanage")),
}


def _input(opts) -> dict[str, str]:
    from .syscfg_change import parse_config

    if opts.has("-f"):
        raise error("invalid_parameter", name="-f")  # [I] no input files on the fake HMC's side
    out: dict[str, str] = {}
    for name, op, value in parse_config(opts.get("-i") or ""):
        if op != "=":
            raise error("bad_config_format")
        out[name] = ",".join(value) if isinstance(value, list) else value
    return out


def _check_attrs(data: dict[str, str], known: tuple[str, ...]) -> None:
    for name, value in data.items():
        if name not in known:
            raise error("invalid_config_attr", name=name)
        if name in NUMERIC and not (value.isascii() and value.isdigit()):
            raise error("bad_config_value", name=name)
        if name in BOOLEAN and value not in ("0", "1"):
            raise error("bad_config_value", name=name)
    if "taskrole" in data and data["taskrole"] not in TASK_ROLES:
        raise error("bad_config_value", name="taskrole")
    if "authentication_type" in data and data["authentication_type"] not in ("local", "kerberos", "ldap"):
        raise error("bad_config_value", name="authentication_type")


def check_password(t: HmcTarget, password: str, user: HmcUser | None = None) -> None:
    """Refuse a password the active policy forbids (length, character classes, history)."""
    policy = t.hmc.console.active()
    if policy is None:
        return
    broken = policy.violations(password)
    if broken:
        rules = ", ".join(RULE_WORDS[b].format(n=getattr(policy, b)) for b in broken)
        raise error("password_policy", policy=policy.name, rules=rules)
    hist = int(policy.hist_size) if policy.hist_size.isdigit() else 0
    if user is not None and hist and password in ([*user.password_history, user.password][-hist:]):
        raise error("password_reused", policy=policy.name)


def _set_password(t: HmcTarget, user: HmcUser, password: str) -> None:
    check_password(t, password, user)
    if user.password:
        user.password_history = [*user.password_history, user.password][-24:]
    user.password = password
    user.password_set_at = t.world.clock.now  # pwage counts from here


def _user(t: HmcTarget, name: str | None) -> HmcUser:
    user = t.hmc.users.get(name or "")
    if user is None:
        raise error("user_not_found", name=name)
    return user


def _apply(t: HmcTarget, user: HmcUser, data: dict[str, str]) -> None:
    """Set the -i attributes on ``user`` (already checked); a rename re-keys the user table."""
    if "current_passwd" in data and data["current_passwd"] != user.password:
        raise error("current_password_wrong")
    new = data.get("new_name")
    if new and new != user.name:  # checked before anything changes
        if not _NAME_OK.match(new):
            raise error("user_name_invalid", name=new)
        if new in t.hmc.users:
            raise error("user_exists", name=new)
    if "passwd" in data:
        check_password(t, data["passwd"], user)
    if "passwd" in data:
        _set_password(t, user, data["passwd"])
    if "taskrole" in data:
        user.role = data["taskrole"]
    if "description" in data:
        user.description = data["description"]
    for k in ("pwage", "min_pwage", "authentication_type", "session_timeout", "verify_timeout", "idle_timeout",
              "remote_webui_access", "remote_ssh_access", "inactivity_expiration"):
        if k in data:
            setattr(user, k, data[k])
    if new and new != user.name:
        _rename(t, user, new)


def _rename(t: HmcTarget, user: HmcUser, new: str) -> None:
    if not _NAME_OK.match(new):
        raise error("user_name_invalid", name=new)
    if new in t.hmc.users:
        raise error("user_exists", name=new)
    del t.hmc.users[user.name]
    _gone(t, user.name)
    user.name = new
    t.hmc.users[new] = user
    _back(t, new)


def _gone(t: HmcTarget, name: str) -> None:
    if name not in t.hmc.console.removed_users:
        t.hmc.console.removed_users.append(name)


def _back(t: HmcTarget, name: str) -> None:
    if name in t.hmc.console.removed_users:
        t.hmc.console.removed_users.remove(name)


@hmc_command(MK_USAGE)
def mkhmcusr(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], MK_SPEC)
    if opts.has("-i") or opts.has("-f"):
        if opts.has("-u"):
            raise error("conflicting_parameters", first="-u", second="-i")
        data = _input(opts)
        _check_attrs(data, USER_ATTRS)
        if "name" not in data:
            raise error("config_missing", name="name")
        if "taskrole" not in data:
            raise error("config_missing", name="taskrole")
    else:
        opts.require("-u", "-a")
        data = {"name": opts.get("-u"), "taskrole": opts.get("-a")}
        for flag, attr in (("-d", "description"), ("--passwd", "passwd"), ("-M", "pwage"),
                           ("--auth", "authentication_type"), ("--remoteuser", "remote_user_name")):
            if opts.has(flag):
                data[attr] = opts.get(flag)
        if data["taskrole"] not in TASK_ROLES:
            raise error("invalid_value", name="-a", value=data["taskrole"])
        _check_attrs(data, USER_ATTRS)
    name = data["name"]
    if not _NAME_OK.match(name):
        raise error("user_name_invalid", name=name)
    if name in t.hmc.users:
        raise error("user_exists", name=name)
    auth = data.get("authentication_type", "local")
    password = data.get("passwd", "")
    if auth == "local" and not password:
        # [I] the real command prompts for it on a terminal; a client without one gets this
        raise error("password_required")
    user = HmcUser(name, "", data["taskrole"], data.get("description", "HMC User"))  # [V] default description
    for k, v in t.hmc.console.user_defaults.items():  # what chhmcusr -t default set
        if hasattr(user, k):
            setattr(user, k, v)
    if password:
        check_password(t, password)
        user.password = password
        user.password_set_at = t.world.clock.now
    _apply(t, user, {k: v for k, v in data.items() if k not in ("name", "passwd", "taskrole", "description")})
    t.hmc.users[name] = user
    _back(t, name)
    return 0


def _caller(ctx: CommandContext, t: HmcTarget) -> tuple[str, str | None]:
    """(user name, task role) of the session; role None for a user removed since it logged in."""
    name = str(getattr(ctx.session, "user", ""))
    user = t.hmc.users.get(name)
    if user is not None:
        return name, user.role
    return name, None if name in t.hmc.console.removed_users else "hmcsuperadmin"


def _check_authority(ctx: CommandContext, t: HmcTarget, target: str | None, attrs: set[str]) -> None:
    """[V] every role may change its own password (ChangeUserPasswords), only the user managers
    anything else (ManageHMCUser) -- roles.SELF_SERVICE."""
    from ..world.roles import SELF_SERVICE

    name, role = _caller(ctx, t)
    if role in SELF_SERVICE["chhmcusr"]:
        return
    if role is not None and target == name and attrs and attrs <= {"passwd", "current_passwd"}:
        return
    raise error("no_authority")


@hmc_command(CH_USAGE)
def chhmcusr(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], CH_SPEC)
    kind = opts.get("-t")
    if kind == "passwd" and not opts.has("-i"):
        _check_authority(ctx, t, opts.get("-u"), {"passwd"})
    elif opts.has("-i") and kind is None:
        data = _input(opts)
        _check_authority(ctx, t, data.get("name"), set(data) - {"name"})
    else:
        _check_authority(ctx, t, None, set())
    if kind == "default":
        data = _input(opts)
        _check_attrs(data, ("pwage", "min_pwage", "session_timeout", "verify_timeout", "idle_timeout",
                            "inactivity_expiration", "max_webui_login_attempts", "webui_login_suspend_time"))
        t.hmc.console.user_defaults.update(data)
        return 0
    if opts.has("-i") or opts.has("-f"):
        data = _input(opts)
        _check_attrs(data, CH_ATTRS)
        if "name" not in data:
            raise error("config_missing", name="name")
        user = _user(t, data["name"])
        _apply(t, user, {k: v for k, v in data.items() if k != "name"})
        return 0
    opts.require("-u")
    user = _user(t, opts.get("-u"))
    if opts.get("-o") == "e" and kind is None:
        user.disabled = "0"
        return 0
    opts.require("-t")
    kind = opts.choice("-t", ("assign", "desc", "name", "passwd", "pwage", "taskrole"))
    if kind == "assign":
        # managed resource roles: every user here holds AllSystemResources [I: not modelled]
        raise error("invalid_value", name="-t", value=kind)
    if not opts.has("-v"):
        # [I] the real command prompts for the new value (the password twice) on a terminal
        raise error("missing_parameter", name="-v")
    value = opts.get("-v")
    if kind == "passwd":
        _set_password(t, user, value)
    elif kind == "desc":
        user.description = value
    elif kind == "pwage":
        _check_attrs({"pwage": value}, ("pwage",))
        user.pwage = value
    elif kind == "taskrole":
        if value not in TASK_ROLES:
            raise error("invalid_value", name="-v", value=value)
        user.role = value
    else:
        _rename(t, user, value)
    return 0


@hmc_command(RM_USAGE)
def rmhmcusr(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], RM_SPEC)
    users = t.hmc.users
    if opts.has("-u") and opts.has("-t"):
        raise error("conflicting_parameters", first="-u", second="-t")
    if opts.has("-t"):
        kind = opts.choice("-t", ("all", "local", "kerberos", "ldap", "automanage"))
        for name in [n for n, u in users.items() if n not in PERMANENT and
                     (kind == "all" or u.authentication_type == kind
                      or (kind == "automanage" and u.authentication_type == "ldap"))]:
            del users[name]
            _gone(t, name)
        return 0
    opts.require("-u")
    name = opts.get("-u")
    if name in PERMANENT:
        raise error("user_permanent", name=name)
    _user(t, name)
    del users[name]
    _gone(t, name)
    return 0
