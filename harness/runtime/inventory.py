"""``fakehmc inventory --ansible``: an Ansible inventory of the running partition containers that have a
real userland (``fakehmc up --docker --userland real``), read back from their Docker labels and LAN
addresses, so it also works for a detached estate or one started by another process.

INI (default) or YAML (``--yaml``); groups ``aix`` and ``vios``, the host's LAN address, user and
password (password login over OpenSSH: the controller needs sshpass), Python at /usr/bin/python3 as on
AIX 7.2/7.3, and no host-key checking (each container makes fresh host keys when it starts).
"""

from __future__ import annotations

from dataclasses import dataclass

from .containers import (HOST_LABEL, KIND_LABEL, LABEL, NETWORK_LABEL, PASSWORD_LABEL, USER_LABEL, USERLAND_LABEL,
                         ContainerError)

PYTHON = "/usr/bin/python3"
SSH_ARGS = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"


@dataclass(frozen=True)
class Node:
    estate: str
    name: str
    kind: str
    address: str
    user: str
    password: str


def nodes(client, estate_id: str | None = None) -> list[Node]:
    """The running real-userland partition containers (of one estate, or of all)."""
    selector = [f"{USERLAND_LABEL}=real", f"{LABEL}={estate_id}" if estate_id else LABEL]
    out = []
    for c in client.containers.list(filters={"label": selector, "status": "running"}):
        lab = c.labels
        nets = c.attrs["NetworkSettings"]["Networks"]
        address = (nets.get(lab.get(NETWORK_LABEL, "")) or {}).get("IPAddress", "")
        out.append(Node(lab[LABEL], lab[HOST_LABEL], lab.get(KIND_LABEL, "aix"), address, lab.get(USER_LABEL, "root"),
                        lab.get(PASSWORD_LABEL, "")))
    return sorted(out, key=lambda n: (n.estate, n.kind, n.name))


def _quote(value: str) -> str:
    """An INI inventory value: quoted when it holds spaces or quotes (Ansible parses it like a shell word)."""
    if value and not any(ch in value for ch in " \t'\"#=\\"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def render_ini(found: list[Node]) -> str:
    estates = sorted({n.estate for n in found})
    lines = [f"# fakehmc estate {', '.join(estates)}: partition containers with a real userland"]
    for kind in ("aix", "vios"):
        group = [n for n in found if n.kind == kind]
        if not group:
            continue
        lines += ["", f"[{kind}]"]
        lines += [f"{n.name} ansible_host={n.address} ansible_user={_quote(n.user)} "
                  f"ansible_password={_quote(n.password)}" for n in group]
    lines += ["", "[all:vars]", f"ansible_python_interpreter={PYTHON}", "ansible_host_key_checking=false",
              f"ansible_ssh_common_args='{SSH_ARGS}'"]
    return "\n".join(lines) + "\n"


def render_yaml(found: list[Node]) -> str:
    """YAML in its JSON form (every JSON document is YAML): Ansible's yaml inventory reads it, no YAML library."""
    import json

    children = {}
    for kind in ("aix", "vios"):
        group = {n.name: {"ansible_host": n.address, "ansible_user": n.user, "ansible_password": n.password}
                 for n in found if n.kind == kind}
        if group:
            children[kind] = {"hosts": group}
    doc = {"all": {"vars": {"ansible_python_interpreter": PYTHON, "ansible_host_key_checking": False,
                            "ansible_ssh_common_args": SSH_ARGS},
                   "children": children}}
    return json.dumps(doc, indent=2) + "\n"


def inventory(client, estate_id: str | None = None, yaml: bool = False) -> str:
    found = nodes(client, estate_id)
    if not found:
        which = f"estate {estate_id}" if estate_id else "any estate"
        raise ContainerError(f"no partition container with a real userland runs in {which} "
                             "(fakehmc up --docker --userland real)")
    estates = sorted({n.estate for n in found})
    if len(estates) > 1:
        raise ContainerError(f"several estates run ({', '.join(estates)}): choose one with --estate-id")
    return render_yaml(found) if yaml else render_ini(found)
