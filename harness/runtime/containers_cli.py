"""Command-line glue for the containers runtime (wired into harness/cli.py):

    fakehmc up --docker [--scenario X] [--image fakehmc:latest] [--subnet 10.213.0.0/24]
    fakehmc down --docker [--estate ID]          # remove estates (all fakehmc ones by default)
    fakehmc compose TOPOLOGY [--subnet ...] > docker-compose.yml
    fakehmc up --docker --userland real           # partitions with a real sshd, ksh93, python3 + shims
    fakehmc inventory --ansible [--yaml] [--estate-id ID]   # their Ansible inventory
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path


def add_up_arguments(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("containers (--docker)")
    g.add_argument("--docker", action="store_true",
                   help="run the estate as Docker containers: one per host on its own LAN IP, port 22")
    g.add_argument("--image", default=None, help="image to run (default $FAKEHMC_IMAGE or fakehmc:latest)")
    g.add_argument("--subnet", default=None, help="the LAN's subnet (default: a free /24 in 10.213.0.0/16)")
    g.add_argument("--estate-id", default=None, help="label value fakehmc.estate=ID (default: random)")
    g.add_argument("--userland", choices=("fake", "real"), default=None,
                   help="with --docker: real gives each AIX/VIOS partition a container with a real OpenSSH "
                   "server, ksh93 and Python 3 whose AIX commands ask the engine (default: the scenario's "
                   "userland, else fake)")
    g.add_argument("--userland-image", default=None,
                   help="image of those partitions (default $FAKEHMC_USERLAND_IMAGE or fakehmc-userland:latest)")
    g.add_argument("--detach", action="store_true", help="with --docker: leave the estate running and exit "
                   "(remove it with `fakehmc down --docker`)")


def _print_table(estate) -> None:
    rows = [("NAME", "KIND", "ADDRESS", "PORT", "USER", "PASSWORD")]
    rows += [(h.name, h.kind, h.address, str(h.port), h.username, h.password) for h in estate.hosts]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f"fakehmc: scenario {estate.scenario}, clock x{estate.clock_scale:g}, containers (estate {estate.id}, "
          f"LAN {estate.plan.subnet} on network {estate.lan_network}, userland {estate.plan.userland})")
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"control API: {estate.control_url}")
    if estate.plan.userland == "real":
        print("partitions run a real userland (sshd, ksh93, python3): "
              f"fakehmc inventory --ansible --estate-id {estate.id}")
    hmc = next((h for h in estate.hosts if h.kind == "hmc"), None)
    if hmc:
        print(f"try: ssh {hmc.username}@{hmc.address} lspartition -dlpar   (password {hmc.password})")
    print(f"healthy after {estate.timings.get('healthy', 0):.1f}s")
    sys.stdout.flush()


def run_up_docker(args: argparse.Namespace) -> int:
    import logging

    from ..scenario.builder import ScenarioError
    from .containers import ContainerError, ContainerEstate

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if getattr(args, "listen", None):
        print("fakehmc: --listen does not apply to --docker (each host gets its own LAN IP)", file=sys.stderr)
        return 2
    ready_file = getattr(args, "ready_file", None)
    estate = ContainerEstate(args.scenario, seed=args.seed, image=args.image,
                             clock_scale=getattr(args, "clock_scale", 1.0), subnet=args.subnet,
                             estate_id=args.estate_id, ready_file=Path(ready_file) if ready_file else None,
                             state_dir=getattr(args, "state_dir", None), userland=args.userland,
                             userland_image=args.userland_image)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            estate.up()
        except (ContainerError, ScenarioError) as exc:
            print(f"fakehmc: {exc}", file=sys.stderr)
            return 1
        _print_table(estate)
        if args.detach:
            print(f"detached: fakehmc down --docker --estate-id {estate.id}")
            return 0
        while not stop.wait(1.0):
            pass
        return 0
    finally:
        if not args.detach:
            estate.down()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def add_down_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--docker", action="store_true", help="remove containerised estates (the only kind)")
    parser.add_argument("--estate-id", default=None, help="only this estate (default: every fakehmc estate)")


def cmd_down(args: argparse.Namespace) -> int:
    from .containers import ContainerError, remove_estates

    try:
        removed = remove_estates(estate_id=args.estate_id)
    except ContainerError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 1
    print(f"removed {len(removed['containers'])} containers, {len(removed['networks'])} networks")
    return 0


def add_compose_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topology", nargs="?", default=None, help="built-in scenario name or TOML file")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--image", default=None, help="image (default $FAKEHMC_IMAGE or fakehmc:latest)")
    parser.add_argument("--subnet", default="10.213.0.0/24", help="the LAN's subnet (default 10.213.0.0/24; "
                        "the service network takes the same range in 10.214/16)")
    parser.add_argument("--clock-scale", type=float, default=1.0)
    parser.add_argument("--estate-id", default="compose", help="label value fakehmc.estate=ID")


def cmd_compose(args: argparse.Namespace) -> int:
    from ..scenario.builder import ScenarioError
    from ..scenario.catalogue import DEFAULT_SCENARIO
    from .compose import render
    from .containers import ContainerError

    topology = args.topology or DEFAULT_SCENARIO
    try:
        text = render(topology, seed=args.seed, image=args.image, subnet=args.subnet,
                      clock_scale=args.clock_scale, estate_id=args.estate_id)
    except (ScenarioError, ContainerError, ValueError) as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


def add_inventory_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ansible", action="store_true", required=True,
                        help="an Ansible inventory (the only kind) of the partition containers with a real userland")
    parser.add_argument("--yaml", action="store_true", help="YAML (in its JSON form) instead of INI")
    parser.add_argument("--estate-id", default=None, help="this estate (default: the only one running)")


def cmd_inventory(args: argparse.Namespace) -> int:
    from .containers import ContainerError, docker_client
    from .inventory import inventory

    try:
        sys.stdout.write(inventory(docker_client(), args.estate_id, yaml=args.yaml))
    except ContainerError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 1
    return 0
