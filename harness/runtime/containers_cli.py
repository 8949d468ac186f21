"""Command-line glue for the containers runtime (wired into harness/cli.py):

    fakehmc up --docker [--scenario X] [--image fakehmc:latest] [--subnet 10.213.0.0/24]
    fakehmc up --docker --swarm [--publish-base PORT] [--constraint EXPR]   # as swarm services
    fakehmc down --docker [--estate ID]          # remove estates (all fakehmc ones by default)
    fakehmc compose TOPOLOGY [--subnet ...] > docker-compose.yml
    fakehmc compose TOPOLOGY --swarm [--estate-id ID] > stack.yml   # docker stack deploy -c stack.yml ID
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
    _add_swarm_arguments(g, "with --docker: run the estate as services on this Docker swarm (overlay networks, "
                            "published ports; this engine must be a manager)")


def _add_swarm_arguments(g, swarm_help: str) -> None:
    g.add_argument("--swarm", action="store_true", help=swarm_help)
    g.add_argument("--publish-base", type=int, default=None, metavar="PORT",
                   help="with --swarm: the control API's published port; host i gets PORT+1+i "
                        "(default 30000 + 100 * N for the LAN 10.213.N.0/24)")
    g.add_argument("--constraint", action="append", default=[], metavar="EXPR",
                   help="with --swarm: a placement constraint for every service, e.g. node.hostname==ci-3 "
                        "(repeatable)")


def _print_table(estate) -> None:
    rows = [("NAME", "KIND", "ADDRESS", "PORT", "USER", "PASSWORD")]
    rows += [(h.name, h.kind, h.address, str(h.port), h.username, h.password) for h in estate.hosts]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    kind = "swarm services" if getattr(estate, "ports", None) is not None else "containers"
    userland = getattr(estate.plan, "userland", "fake")
    print(f"fakehmc: scenario {estate.scenario}, clock x{estate.clock_scale:g}, {kind} (estate {estate.id}, "
          f"LAN {estate.plan.subnet} on network {estate.lan_network}, userland {userland})")
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"control API: {estate.control_url}")
    if getattr(estate.plan, "userland", "fake") == "real":
        print("partitions run a real userland (sshd, ksh93, python3): "
              f"fakehmc inventory --ansible --estate-id {estate.id}")
    hmc = next((h for h in estate.hosts if h.kind == "hmc"), None)
    if hmc:
        port = "" if hmc.port == 22 else f" -p {hmc.port}"
        print(f"try: ssh{port} {hmc.username}@{hmc.address} lspartition -dlpar   (password {hmc.password})")
    print(f"healthy after {estate.timings.get('healthy', 0):.1f}s")
    sys.stdout.flush()


def run_up_docker(args: argparse.Namespace) -> int:
    import logging

    from .containers import ContainerEstate

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if getattr(args, "listen", None):
        print("fakehmc: --listen does not apply to --docker (each host gets its own LAN IP)", file=sys.stderr)
        return 2
    ready_file = getattr(args, "ready_file", None)
    if getattr(args, "swarm", False):
        from .swarm import SwarmEstate

        if args.userland == "real":
            print("fakehmc: --userland real is not available with --swarm yet (partitions run as relays)",
                  file=sys.stderr)
            return 2
        if getattr(args, "state_dir", None):
            print("fakehmc: --state-dir does not apply to --swarm (the engine's state is on the volume "
                  "ESTATE_state)", file=sys.stderr)
            return 2
        estate = SwarmEstate(args.scenario, seed=args.seed, image=args.image,
                             clock_scale=getattr(args, "clock_scale", 1.0), subnet=args.subnet,
                             estate_id=args.estate_id, publish_base=args.publish_base,
                             constraints=args.constraint, ready_file=Path(ready_file) if ready_file else None)
    else:
        estate = ContainerEstate(args.scenario, seed=args.seed, image=args.image,
                                 clock_scale=getattr(args, "clock_scale", 1.0), subnet=args.subnet,
                                 estate_id=args.estate_id, ready_file=Path(ready_file) if ready_file else None,
                                 state_dir=getattr(args, "state_dir", None), userland=args.userland,
                                 userland_image=args.userland_image)
    return _run(estate, args)


def _run(estate, args: argparse.Namespace) -> int:
    """Up, print the table, wait for SIGINT/SIGTERM (unless --detach), down."""
    from ..scenario.builder import ScenarioError
    from .containers import ContainerError

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
    from .containers import ContainerError, docker_client, remove_estates
    from .swarm import remove_swarm_estates

    try:
        client = docker_client()
        swarm = remove_swarm_estates(client, estate_id=args.estate_id)  # services first: swarm would restart
        removed = remove_estates(client, estate_id=args.estate_id)
        swarm = {k: sorted(set(v) | set(remove_swarm_estates(client, estate_id=args.estate_id)[k]))
                 for k, v in swarm.items()}  # volumes freed by the containers just removed
    except ContainerError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 1
    print(f"removed {len(swarm['services'])} services, {len(removed['containers'])} containers, "
          f"{len(set(removed['networks']) | set(swarm['networks']))} networks, {len(swarm['volumes'])} volumes")
    return 0


def add_compose_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topology", nargs="?", default=None, help="built-in scenario name or TOML file")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--image", default=None, help="image (default $FAKEHMC_IMAGE or fakehmc:latest)")
    parser.add_argument("--subnet", default="10.213.0.0/24", help="the LAN's subnet (default 10.213.0.0/24; "
                        "the service network takes the same range in 10.214/16)")
    parser.add_argument("--clock-scale", type=float, default=1.0)
    parser.add_argument("--estate-id", default=None, help="label value fakehmc.estate=ID (default: compose; "
                        "with --swarm: fakehmc, which must be the stack's name)")
    _add_swarm_arguments(parser, "write a stack file (compose 3.8) for `docker stack deploy --resolve-image never "
                                 "-c FILE ESTATE_ID`: overlay networks, one service per host, published ports")


def cmd_compose(args: argparse.Namespace) -> int:
    from ..scenario.builder import ScenarioError
    from ..scenario.catalogue import DEFAULT_SCENARIO
    from .compose import render
    from .containers import ContainerError

    topology = args.topology or DEFAULT_SCENARIO
    try:
        if args.swarm:
            from .swarm import render_stack

            text = render_stack(topology, seed=args.seed, image=args.image, subnet=args.subnet,
                                clock_scale=args.clock_scale, estate_id=args.estate_id or "fakehmc",
                                publish_base=args.publish_base, constraints=args.constraint)
        else:
            if args.publish_base is not None or args.constraint:
                print("fakehmc: --publish-base and --constraint apply to --swarm only", file=sys.stderr)
                return 2
            text = render(topology, seed=args.seed, image=args.image, subnet=args.subnet,
                          clock_scale=args.clock_scale, estate_id=args.estate_id or "compose")
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
