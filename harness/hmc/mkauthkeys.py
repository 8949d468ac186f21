"""mkauthkeys: SSH keys of the HMC user, and key exchange with remote HMCs.

  mkauthkeys --add '<public key>'              authorize a key for the current user
  mkauthkeys --remove '<user@host | key>'      remove it
  mkauthkeys [-g] --ip <remote HMC> -u <user> [--passwd <pw>]   exchange keys with a remote HMC
  mkauthkeys --test --ip <remote HMC> [-u <user>]               check the exchange worked

Success prints nothing [V bond-huang transcript]. ``--test`` without the keys in place prints HSCL3653
[V text, no trailing period] and exits 1. The keys live in the world (HmcUser.authorized_keys), so
``ssh`` with the key and remote-HMC operations (migrlpar --ip) see them.
"""

from __future__ import annotations

import base64
import hashlib

from ..shell.command import CommandContext
from .boundary import hmc_command
from .messages import HmcError, error
from .options import FLAG, VALUE, parse
from .targets import HmcTarget

USAGE = """Usage: mkauthkeys {--add "key" | --remove "user@host"}
       mkauthkeys [-g] --ip remote-HMC -u user [--passwd password] [--test]
"""  # [I] layout; flags [V-client] xCAT, ansible
SPEC = {"--add": VALUE, "--remove": VALUE, "-g": FLAG, "--ip": VALUE, "-u": VALUE, "--passwd": VALUE,
        "--test": FLAG, "-t": VALUE, "--help": FLAG}
SUMMARY = "manage SSH authentication keys of HMC users"
FLAGS = ("--add", "--remove", "-g", "--ip", "-u", "--passwd", "--test")
KEY_TYPES = ("ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
             "ecdsa-sha2-nistp521")
# [V] bond-huang transcript
PASSWORD_PROMPT = "Enter the password for user {user} on the remote host {host}: "


def hmc_key(hmc_hostname: str, user: str) -> str:
    """The deterministic public key of ``user`` on HMC ``hmc_hostname`` (its ~/.ssh/id_rsa.pub)."""
    body = base64.b64encode(b"\x00\x00\x00\x07ssh-rsa" + hashlib.sha512(f"{user}@{hmc_hostname}".encode())
                            .digest() * 4).decode()
    return f"ssh-rsa {body} {user}@{hmc_hostname}"


def remote_hmc(t: HmcTarget, address: str):
    ip = t.world.resolve(address)
    host = t.world.host_by_ip(ip) if ip else None
    return host.hmc if host is not None else None


def keys_exchanged(t: HmcTarget, remote, user: str, remote_user: str) -> bool:
    """Can ``user`` on this HMC ssh to ``remote_user`` on ``remote`` without a password?"""
    if remote is None:
        return False
    ru = remote.users.get(remote_user)
    here = t.world.host(t.hmc.name)
    reachable = here is not None and t.world.can_reach(here, remote.ip)
    return bool(ru and reachable and hmc_key(t.hmc.hostname, user) in ru.authorized_keys)


@hmc_command(USAGE)
def mkauthkeys(ctx: CommandContext, t: HmcTarget) -> int:
    opts = parse(ctx.argv[1:], SPEC)
    user_name = str(getattr(ctx.session, "user", ""))
    me = t.hmc.users.get(user_name)
    if opts.has("--add"):
        key = opts.get("--add").strip()
        words = key.split()
        if len(words) < 2 or words[0] not in KEY_TYPES:
            raise error("bad_key")
        if me is not None and key not in me.authorized_keys:
            me.authorized_keys.append(key)
        t.world.changed_outside_partitions()  # HMC users' keys
        return 0
    if opts.has("--remove"):
        what = opts.get("--remove").strip()
        if me is not None:
            # [I] a user@host removes the keys with that comment; nothing found is not an error
            me.authorized_keys = [k for k in me.authorized_keys if k != what and k.split()[-1] != what]
        t.world.changed_outside_partitions()  # HMC users' keys
        return 0
    opts.require("--ip")
    remote_user = opts.get("-u") or user_name
    remote = remote_hmc(t, opts.get("--ip"))
    if opts.flag("--test"):
        if not keys_exchanged(t, remote, user_name, remote_user):
            raise error("HSCL3653", user=remote_user)
        return 0
    password = opts.get("--passwd")
    if password is None:
        ctx.write(PASSWORD_PROMPT.format(user=remote_user, host=opts.get("--ip")))
        password = ctx.stdin.split("\n", 1)[0] if ctx.stdin else ""
        ctx.write("\n")
    ru = remote.users.get(remote_user) if remote is not None else None
    here = t.world.host(t.hmc.name)
    if remote is None or here is None or not t.world.can_reach(here, remote.ip):
        # [I] the exchange needs ssh to the remote HMC
        raise HmcError(f"HSCL3652 Unable to connect to the remote management console {opts.get('--ip')}.")
    if ru is None or ru.password != password:
        raise HmcError(f"HSCL3651 Authentication failed for user {remote_user} on the remote management "
                       f"console {opts.get('--ip')}.")  # [I]
    key = hmc_key(t.hmc.hostname, user_name)
    if key not in ru.authorized_keys:
        ru.authorized_keys.append(key)
    t.world.changed_outside_partitions()  # HMC users' keys
    return 0
