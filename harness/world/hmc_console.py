"""The HMC console's own configuration: remote access, per-interface network options, name
service, password policies, the LDAP client config and serviceable events.

What `lshmc -r/-n/-b`, `lspwdpolicy`, `lshmcldap` and `lssvcevents` print, and what `chhmc`,
`mkpwdpolicy`/`chpwdpolicy`/`rmpwdpolicy` and `chhmcldap`/`rmhmcldap` change. The interfaces
themselves (addresses, masks) are the HMC's NetStack (network.py); only the options the HMC keeps
beside them (DHCP, IPv6, LPAR communication, jumbo frames, speed, duplex, TSO) live here.
Defaults follow the captured V7R7.9 HMC (ziutus hmc_vios_aix lshmc_r.txt, lshmc_n.txt, ldap.txt) [V].
"""

from __future__ import annotations

from dataclasses import dataclass, field

# [V] lshmc -r of a V7R7.9 HMC, in its order; values are the world's (defaults as captured)
REMOTE_DEFAULTS: dict[str, str] = {
    "ssh": "enable", "sshprotocol": "", "remotewebui": "enable", "xntp": "disable",
    "syslogserver": "", "syslogtcpserver": "", "syslogtlsserver": "", "netboot": "disable",
    "altdiskboot": "disable", "ldap": "disable", "kerberos": "disable", "kerberos_default_realm": "",
    "kerberos_realm_kdc": "", "kerberos_clockskew": "", "kerberos_ticket_lifetime": "", "kpasswd_admin": "",
    "trace": "", "kerberos_keyfile_present": "", "kerberos_allow_weak_crypto": "", "legacyhmccomm": "disable",
    "security": "legacy", "sol": "disabled",
}
# [V] which of them each level prints, in its order: the V7R7.9 sample above, and a V8R8.2.0 HMC's
# (ziutus data/192.168.200.34.20170910_2337.txt: no netboot; kerberos_allow_weak_crypto and security
# added). [I] that V9 and V10 print the V8 list.
_REMOTE_V7 = tuple(k for k in REMOTE_DEFAULTS if k not in ("kerberos_allow_weak_crypto", "security"))
_REMOTE_V8 = tuple(k for k in REMOTE_DEFAULTS if k != "netboot")
REMOTE_BY_LEVEL = {"V7": _REMOTE_V7, "V8": _REMOTE_V8, "V9": _REMOTE_V8, "V10": _REMOTE_V8}
# [V] what a level prints where the world holds no value: sshprotocol=2 on the V8 HMC, empty on V7
REMOTE_LEVEL_DEFAULTS = {"V7": {}, "V8": {"sshprotocol": "2"}, "V9": {"sshprotocol": "2"},
                         "V10": {"sshprotocol": "2"}}
# [V] the captured HMC's NTP server list when none is configured: the local clock pseudo-address
XNTP_LOCAL_CLOCK = "127.127.1.0"

# [V] lshmcldap -r config of an unconfigured V7R7.9 HMC (ziutus ldap.txt), in its order
LDAP_DEFAULTS: dict[str, str] = {
    "primary": "", "backup": "", "basedn": "", "timelimit": "", "bindtimelimit": "", "referrals": "",
    "ssl": "0", "loginattribute": "", "hmcauthnameattribute": "", "hmcuserpropsattribute": "", "binddn": "",
    "bindpwset": "0", "automanage": "0", "auth": "ldap", "searchfilter": "", "scope": "one", "tlscacert": "",
    "hmcgroups": "",
}


# [I] the defaults applied to new users (values as the captured users show them)
USER_DEFAULTS: dict[str, str] = {"pwage": "99999", "min_pwage": "0", "session_timeout": "0",
                                 "verify_timeout": "15", "idle_timeout": "0", "inactivity_expiration": "0"}


@dataclass
class InterfaceOptions:
    """What `lshmc -n` shows per ethN beyond address and mask [V names, V7 sample]."""

    ipv4dhcp: str = "off"
    ipv6auto: str = "off"
    ipv6privacy: str = "off"
    ipv6dhcp: str = "off"
    lparcomm: str = "off"
    jumboframe: str = "off"
    speed: str = "auto"
    duplex: str = "auto"
    tso: str = "off"

    def to_dict(self) -> dict:
        return dict(self.__dict__)


# The policy attributes in `lspwdpolicy -t p` order [V names: ansible hmc_pwdpolicy policy_config;
# order I]. Numbers are kept as text: the HMC prints what was set.
POLICY_FIELDS = ("name", "description", "min_pwage", "pwage", "warn_pwage", "min_length", "hist_size",
                 "min_digits", "min_uppercase_chars", "min_lowercase_chars", "min_special_chars")


@dataclass
class PasswordPolicy:
    name: str
    description: str = ""
    min_pwage: str = "1"
    pwage: str = "180"
    warn_pwage: str = "7"
    min_length: str = "8"
    hist_size: str = "10"
    min_digits: str = "1"
    min_uppercase_chars: str = "0"
    min_lowercase_chars: str = "1"
    min_special_chars: str = "0"

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    def violations(self, password: str) -> list[str]:
        """The rules ``password`` breaks, by attribute name (empty: it complies)."""
        counts = {
            "min_length": len(password),
            "min_digits": sum(c.isdigit() for c in password),
            "min_uppercase_chars": sum(c.isupper() for c in password),
            "min_lowercase_chars": sum(c.islower() for c in password),
            "min_special_chars": sum(not c.isalnum() for c in password),
        }
        return [name for name, have in counts.items() if have < _int(getattr(self, name))]


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


# [I] the policy an HMC is delivered with (V8R8.6+ have a predefined, inactive "HMC Standard" one)
STANDARD_POLICY = PasswordPolicy("HMC Standard", "HMC Standard Password Policy", "1", "180", "7", "8", "10",
                                 "1", "0", "1", "0")


@dataclass
class ServiceEvent:
    """One serviceable event (a problem the HMC opened), as `lssvcevents -t hardware` lists it."""

    problem_num: int
    refcode: str
    first_time: str  # "YYYY-MM-DD HH:MM:SS"
    text: str
    status: str = "Open"
    last_time: str = ""
    sys_name: str = ""  # the reporting/failing system's name ("" = the HMC itself)
    sys_refcode: str = ""
    event_severity: int = 0
    duplicate_count: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class HmcFilesystem:
    """One of the HMC's own file systems, with the temporary files the HMC can free (chhmcfs)."""

    mount: str
    device: str
    size_mb: int
    used_mb: int  # temporary files included
    temp_mb: int = 0
    temp_since: float = 0.0  # world clock seconds of the oldest temporary file

    def to_dict(self) -> dict:
        return dict(self.__dict__)


# [I] the file systems lshmcfs names on a 7042 HMC (/var, /var/hsc/log, /dump, /extra and /), sizes made up
def default_filesystems() -> list[HmcFilesystem]:
    return [HmcFilesystem("/", "/dev/sda2", 16384, 6210),
            HmcFilesystem("/var", "/dev/sda7", 8192, 1630, 412),
            HmcFilesystem("/var/hsc/log", "/dev/sda8", 2048, 530, 188),
            HmcFilesystem("/dump", "/dev/sda6", 8192, 96),
            HmcFilesystem("/extra", "/dev/sda9", 20480, 2148, 1024)]


@dataclass
class HmcConsole:
    remote: dict[str, str] = field(default_factory=lambda: dict(REMOTE_DEFAULTS))
    ntp_servers: list[str] = field(default_factory=list)
    nameservers: list[str] = field(default_factory=list)
    domain_suffixes: list[str] = field(default_factory=list)
    interfaces: dict[str, InterfaceOptions] = field(default_factory=dict)  # by interface name
    bios: str = ""  # "" = the level table's default for the HMC's hardware
    locale: str = "en_US"
    policies: list[PasswordPolicy] = field(default_factory=list)
    active_policy: str = ""
    ldap: dict[str, str] = field(default_factory=lambda: dict(LDAP_DEFAULTS))
    events: list[ServiceEvent] = field(default_factory=list)
    # `lshmcusr -t default`: the settings new users get (chhmcusr -t default changes them) [V names]
    user_defaults: dict[str, str] = field(default_factory=lambda: dict(USER_DEFAULTS))
    # names removed or renamed away by rmhmcusr/chhmcusr: sessions still open under them change nothing
    removed_users: list[str] = field(default_factory=list)
    filesystems: list[HmcFilesystem] = field(default_factory=default_filesystems)

    def options(self, iface: str) -> InterfaceOptions:
        return self.interfaces.setdefault(iface, InterfaceOptions())

    def policy(self, name: str) -> PasswordPolicy | None:
        return next((p for p in self.policies if p.name == name), None)

    def active(self) -> PasswordPolicy | None:
        return self.policy(self.active_policy) if self.active_policy else None

    @property
    def ldap_configured(self) -> bool:
        return bool(self.ldap.get("primary"))

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["interfaces"] = {k: v.to_dict() for k, v in self.interfaces.items()}
        d["policies"] = [p.to_dict() for p in self.policies]
        d["events"] = [e.to_dict() for e in self.events]
        d["remote"] = dict(self.remote)
        d["ldap"] = dict(self.ldap)
        d["user_defaults"] = dict(self.user_defaults)
        d["filesystems"] = [f.to_dict() for f in self.filesystems]
        return d

    @classmethod
    def from_dict(cls, data: dict | None) -> "HmcConsole":
        data = dict(data or {})
        data["interfaces"] = {k: InterfaceOptions(**v) for k, v in data.get("interfaces", {}).items()}
        data["policies"] = [PasswordPolicy(**p) for p in data.get("policies", [])]
        data["events"] = [ServiceEvent(**e) for e in data.get("events", [])]
        data["remote"] = {**REMOTE_DEFAULTS, **data.get("remote", {})}
        data["ldap"] = {**LDAP_DEFAULTS, **data.get("ldap", {})}
        data["user_defaults"] = {**USER_DEFAULTS, **data.get("user_defaults", {})}
        if "filesystems" in data:
            data["filesystems"] = [HmcFilesystem(**f) for f in data["filesystems"]]
        return cls(**data)
