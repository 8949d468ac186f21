"""lshmcldap and chhmcldap: the HMC's LDAP client configuration as world data (hmc_console.py).

Forms [V: the P8 CHHMCLDAP man page synopsis; V-client: ansible-power-hmc hmc_user and its command table]:
  lshmcldap -r {config | server | user} [--filter "names=..."] [-F [names] [--header]]
  chhmcldap -o s [--primary URI] [--backup URI] [--basedn DN] [--binddn DN] [--bindpw PW]
            [--timelimit N] [--bindtimelimit N] [--auth {ldap|kerberos}] [--loginattribute A]
            [--hmcauthnameattribute A] [--hmcuserpropsattribute A] [--searchfilter F]
            [--scope {one|sub}] [--referrals {0|1}] [--hmcgroups G] [--automanage {0|1}] [--starttls {0|1}]
  chhmcldap -o r -r {ldap | backup | binddn | bindpw | searchfilter | hmcgroups}
[V] the -r config line of an unconfigured HMC (ziutus ldap.txt). [V-client] `lshmcldap -r user` on an
HMC without LDAP answers text holding "LDAP server is not configured" (ansible matches it); the rest
of that text, the -r server attributes and the HSCL codes are [I]. There is no rmhmcldap in the HMC
reference: the configuration is removed with `chhmcldap -o r -r ldap` (reference.py says so).
"""

from __future__ import annotations

from ..shell.command import CommandContext
from ..world.hmc_console import LDAP_DEFAULTS
from .attributes import Listing
from .boundary import hmc_command
from .formatting import record, render
from .messages import MESSAGES, error
from .options import FLAG, OPTIONAL, VALUE, parse
from .targets import HmcTarget

MESSAGES.update({  # [I] codes; the "LDAP server is not configured" words are [V-client]
    "ldap_not_configured": "HSCL3580 The LDAP server is not configured on this management console.",
    "ldap_bad_uri": ("HSCL3581 The LDAP server {uri} is not valid." + "  " + "Specify it as ldap://host or "
                     "ldaps://host."),
})
CONFIG_LISTING = Listing(tuple(LDAP_DEFAULTS))
SERVER_LISTING = Listing(("primary", "backup", "ssl"))  # [I]
USER_LISTING = Listing(("name", "taskrole", "resourcerole"))  # [I]

SET_OPTIONS = {  # chhmcldap -o s option -> the -r config attribute
    "--primary": "primary", "--backup": "backup", "--basedn": "basedn", "--binddn": "binddn",
    "--timelimit": "timelimit", "--bindtimelimit": "bindtimelimit", "--auth": "auth",
    "--loginattribute": "loginattribute", "--hmcauthnameattribute": "hmcauthnameattribute",
    "--hmcuserpropsattribute": "hmcuserpropsattribute", "--searchfilter": "searchfilter", "--scope": "scope",
    "--referrals": "referrals", "--hmcgroups": "hmcgroups", "--automanage": "automanage", "--starttls": "ssl",
}
CHOICES = {"--auth": ("ldap", "kerberos"), "--scope": ("one", "sub"), "--referrals": ("0", "1"),
           "--automanage": ("0", "1"), "--starttls": ("0", "1")}
REMOVABLE = {"ldap": (), "backup": ("backup",), "binddn": ("binddn",), "bindpw": ("bindpwset",),
             "searchfilter": ("searchfilter",), "hmcgroups": ("hmcgroups",),
             "groupmemberattributes": ()}  # [V-client] a later level's; nothing of it is modelled

LS_USAGE = ("Usage: lshmcldap -r {config | server | user} [--filter \"filter-data\"]\n"
            "                 [-F [attribute-names] [--header]] [--help]\n")
CH_USAGE = """Usage: chhmcldap -o s [--primary URI] [--backup URI] [--basedn DN] [--binddn DN] [--bindpw password]
                 [--timelimit seconds] [--bindtimelimit seconds] [--auth {ldap | kerberos}]
                 [--loginattribute attribute] [--hmcauthnameattribute attribute]
                 [--hmcuserpropsattribute attribute] [--searchfilter filter] [--scope {one | sub}]
                 [--referrals {0 | 1}] [--hmcgroups groups] [--automanage {0 | 1}] [--starttls {0 | 1}]
   or: chhmcldap -o r -r {ldap | backup | binddn | bindpw | searchfilter | hmcgroups} [--help]
"""

COMMANDS = {
    "lshmcldap": ("list the HMC's LDAP configuration (-r config), servers (-r server) or LDAP users (-r user)",
                  ("-r config", "-r server", "-r user", "--filter names", "-F", "--header")),
    "chhmcldap": ("set (-o s) or remove (-o r -r ...) the HMC's LDAP configuration",
                  ("-o s", "-o r", "-r", *SET_OPTIONS, "--bindpw")),
}


@hmc_command(LS_USAGE)
def lshmcldap(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], {"-r": VALUE, "--filter": VALUE, "-F": OPTIONAL, "--header": FLAG,
                                "--help": FLAG})
    opts.require("-r")
    kind = opts.choice("-r", ("config", "server", "user"))
    ldap = t.hmc.console.ldap
    if kind == "config":
        lst, recs = CONFIG_LISTING, [record(dict(ldap), CONFIG_LISTING)]
    elif not t.hmc.console.ldap_configured:
        raise error("ldap_not_configured")
    elif kind == "server":
        lst, recs = SERVER_LISTING, [record({k: ldap[k] for k in SERVER_LISTING.default}, SERVER_LISTING)]
    else:
        # the directory's users are the HMC users that authenticate against it
        from .filters import parse_filter

        names = parse_filter(opts.get("--filter"), ("names",)).get("names") if opts.has("--filter") else None
        lst = USER_LISTING
        recs = [record({"name": u.name, "taskrole": u.role, "resourcerole": "ALL:"}, lst)
                for u in sorted(t.hmc.users.values(), key=lambda u: u.name)
                if u.authentication_type == "ldap" and (names is None or u.name in names)]
    ctx.write(render(recs, lst, opts.get("-F"), opts.flag("--header")))
    return 0


@hmc_command(CH_USAGE)
def chhmcldap(ctx: CommandContext, t: HmcTarget) -> int:
    spec = {"-o": VALUE, "-r": VALUE, "--bindpw": VALUE, "--help": FLAG, **{k: VALUE for k in SET_OPTIONS}}
    opts = parse(ctx.argv[1:], spec)
    opts.require("-o")
    op = opts.choice("-o", ("s", "r"))
    console = t.hmc.console
    ldap = console.ldap
    if op == "r":
        opts.require("-r")
        what = opts.choice("-r", tuple(REMOVABLE))
        if not console.ldap_configured:
            raise error("ldap_not_configured")
        if what == "ldap":
            ldap.clear()
            ldap.update(LDAP_DEFAULTS)
            console.remote["ldap"] = "disable"
        else:
            for k in REMOVABLE[what]:
                ldap[k] = LDAP_DEFAULTS[k]
        return 0
    changes = {}
    for flag, attr in SET_OPTIONS.items():
        if opts.has(flag):
            value = opts.choice(flag, CHOICES[flag]) if flag in CHOICES else opts.get(flag)
            if flag in ("--primary", "--backup") and not value.startswith(("ldap://", "ldaps://")):
                raise error("ldap_bad_uri", uri=value)
            if flag in ("--timelimit", "--bindtimelimit") and not (value.isascii() and value.isdigit()):
                raise error("invalid_value", name=flag, value=value)
            changes[attr] = value
    if opts.has("--bindpw"):
        changes["bindpwset"] = "1"
    if not changes:
        raise error("missing_parameter", name="--primary")
    if not console.ldap_configured:
        # [V P8 man page] configuring needs both the primary server and the base DN at a minimum
        for flag, attr in (("--primary", "primary"), ("--basedn", "basedn")):
            if attr not in changes and not ldap.get(attr):
                raise error("missing_parameter", name=flag)
    ldap.update(changes)
    console.remote["ldap"] = "enable"
    return 0
