"""The `fakehmc` command line: serve an estate, list and check scenarios, drive a running server.

Imports are lazy so that `fakehmc --help` and the small client commands start instantly.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
from pathlib import Path

DEFAULT_READY_FILE = Path(".fakehmc") / "ready.json"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        # a group named without its subcommand (`fakehmc clock`) answers with its own help
        getattr(args, "group_parser", parser).print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fakehmc", description="A fake IBM HMC and AIX partitions over SSH.")
    sub = p.add_subparsers()

    up = sub.add_parser("up", help="serve an estate over SSH")
    up.add_argument("--scenario", default=None, help="built-in scenario name or TOML file (default seed-lpar30)")
    up.add_argument("--seed", type=int, default=None, help="override the scenario's random seed")
    up.add_argument("--listen", default=None, metavar="ADDR",
                    help="serve every host on ADDR with one port each (default: each host on its own 127.0.0.x)")
    up.add_argument("--port", type=int, default=2222, help="SSH port (first port with --listen); 0 picks free ports")
    up.add_argument("--state-dir", type=Path, default=None, help="persist the world and host keys here")
    up.add_argument("--reuse-state", action="store_true",
                    help="serve the --state-dir's world even when it was written for another scenario")
    up.add_argument("--clock-scale", type=float, default=1.0,
                    help="virtual seconds per real second (0 freezes the clock; default 1)")
    up.add_argument("--control-port", type=int, default=0, help="control API port (default: a free port)")
    up.add_argument("--no-rest", dest="rest", action="store_false",
                    help="do not serve the HMC REST API (HTTPS, port 12443 of each HMC; free ports with --port 0)")
    up.add_argument("--ready-file", type=Path, default=DEFAULT_READY_FILE,
                    help=f"JSON written once every listener is bound (default {DEFAULT_READY_FILE})")
    up.set_defaults(func=cmd_up)
    from .runtime import containers_cli  # standard library only at import: --help stays fast

    containers_cli.add_up_arguments(up)
    from .capture.cli import add_parsers as add_capture_parsers, add_up_arguments as add_from_argument

    add_from_argument(up)  # fakehmc up --from BUNDLE
    add_capture_parsers(sub)  # capture, record, replay, bundle
    dn = sub.add_parser("down", help="remove containerised estates (fakehmc up --docker), also after a crash")
    containers_cli.add_down_arguments(dn)
    dn.set_defaults(func=containers_cli.cmd_down)
    cp = sub.add_parser("compose", help="write a docker-compose file for an estate to stdout")
    containers_cli.add_compose_arguments(cp)
    cp.set_defaults(func=containers_cli.cmd_compose)
    inv = sub.add_parser("inventory", help="print an Ansible inventory of the partition containers with a real "
                         "userland (fakehmc up --docker --userland real)")
    containers_cli.add_inventory_arguments(inv)
    inv.set_defaults(func=containers_cli.cmd_inventory)

    co = sub.add_parser("coverage", help="print the table of implemented commands and flags")
    co.add_argument("--kind", choices=("hmc", "aix", "vios", "rest"), default="hmc")
    co.set_defaults(func=cmd_coverage)

    sc = sub.add_parser("scenarios", help="list the built-in scenarios")
    sc.set_defaults(func=cmd_scenarios)

    va = sub.add_parser("validate", help="check a scenario file")
    va.add_argument("file")
    va.set_defaults(func=cmd_validate)

    from .certify import cli as certify_cli

    certify_cli.add_parser(sub)

    sshc = sub.add_parser("ssh-config", help="print an OpenSSH config reaching every host by the names and "
                                             "addresses the estate reports (ssh -F FILE lpar2)")
    sshc.add_argument("--ready-file", type=Path, default=DEFAULT_READY_FILE,
                      help=f"the running server's ready file (default {DEFAULT_READY_FILE})")
    sshc.set_defaults(func=cmd_ssh_config)

    for name, helptext in (("clock", "move the virtual clock of a running server"),):
        c = sub.add_parser(name, help=helptext)
        csub = c.add_subparsers()
        adv = csub.add_parser("advance", help="advance by a duration (6m, 90s, 1h30m) or until a condition holds")
        adv.add_argument("duration", nargs="?")
        adv.add_argument("--until", default=None, metavar="CONDITION",
                         help='e.g. "lpar30 rmc_state is active", "lpar30 dcaps is nonzero", "hmc1 sees lpar30 active"')
        adv.add_argument("--limit", default="1h", help="with --until: at most this much virtual time (default 1h)")
        _control_arg(adv)
        adv.set_defaults(func=cmd_clock_advance)
        show = csub.add_parser("show", help="print the virtual time")
        _control_arg(show)
        show.set_defaults(func=cmd_clock_show)

    tr = sub.add_parser("transcript", help="print the commands a host received")
    tr.add_argument("host", nargs="?")
    tr.add_argument("--json", action="store_true")
    tr.add_argument("--since", default=None, help="only entries from this virtual second (or ISO time) on")
    _control_arg(tr)
    tr.set_defaults(func=cmd_transcript)

    rs = sub.add_parser("reset", help="return a running server's world to the scenario's start")
    _control_arg(rs)
    rs.set_defaults(func=cmd_reset)

    ca = sub.add_parser("causes", help="list the causes a fault or a scenario can set")
    ca.set_defaults(func=cmd_causes)

    fa = sub.add_parser("fault", help="break a running estate: CAUSE TARGET [VALUE] | list | "
                        "ssh KIND [HOST] [k=v ...] | rule (see --help)",
                        description="fakehmc fault var_full lpar2 | fakehmc fault block_port lpar2 "
                        '\'{"direction": "in"}\' | fakehmc fault list | fakehmc fault ssh kex_fail lpar2 '
                        "max_count=1 | fakehmc fault rule --host hmc1 --command 'chhwres *' --output "
                        "'HSCL1234 ...' --exit-code 1")
    fa.add_argument("words", nargs="+")
    fa.add_argument("--host", default="*")
    fa.add_argument("--user", default="*")
    fa.add_argument("--command", default="*", help="glob on the command line (or a regex with --regex)")
    fa.add_argument("--regex", action="store_true")
    fa.add_argument("--action", default="error", choices=("error", "delay", "hang"))
    fa.add_argument("--output", default="")
    fa.add_argument("--stderr", action="store_true", help="write --output to stderr")
    fa.add_argument("--exit-code", type=int, default=1)
    fa.add_argument("--seconds", default="0", help="delay on the virtual clock (6m, 90s)")
    fa.add_argument("--probability", type=float, default=1.0)
    fa.add_argument("--max-count", type=int, default=None)
    _control_arg(fa)
    fa.set_defaults(func=cmd_fault)

    he = sub.add_parser("heal", help="heal a fault by id, or all of them")
    he.add_argument("id", help="a fault id (see `fakehmc fault list`) or all")
    _control_arg(he)
    he.set_defaults(func=cmd_heal)

    st = sub.add_parser("state", help="dump or load a running server's world")
    ssub = st.add_subparsers()
    for name, helptext, fn in (("dump", "write the world to FILE (- for stdout)", cmd_state_dump),
                               ("load", "replace the world by FILE", cmd_state_load)):
        sp = ssub.add_parser(name, help=helptext)
        sp.add_argument("file")
        _control_arg(sp)
        sp.set_defaults(func=fn)
    for name, helptext, fn in (("snapshot", "keep the world under NAME", cmd_state_snapshot),
                               ("restore", "go back to snapshot NAME", cmd_state_restore)):
        sp = ssub.add_parser(name, help=helptext)
        sp.add_argument("name")
        _control_arg(sp)
        sp.set_defaults(func=fn)
    _mark_groups(p)
    return p


def _mark_groups(parser: argparse.ArgumentParser) -> None:
    """Every parser holding subcommands remembers itself, so that `main` prints the help of the
    deepest group named on the command line (a subparser's defaults override its parent's)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parser.set_defaults(group_parser=parser)
            for child in dict.fromkeys(action.choices.values()):
                _mark_groups(child)


def _control_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--control", default=None,
                   help=f"control API URL (default: $FAKEHMC_CONTROL, else read from {DEFAULT_READY_FILE})")
    p.add_argument("--ready-file", type=Path, default=DEFAULT_READY_FILE)


# ---- ssh-config ----------------------------------------------------------------------------------
def cmd_ssh_config(args: argparse.Namespace) -> int:
    try:
        ready = json.loads(args.ready_file.read_text())
    except (OSError, ValueError) as exc:
        print(f"fakehmc ssh-config: no running server's ready file at {args.ready_file} ({exc})", file=sys.stderr)
        return 1
    if "ssh_config" in ready:
        sys.stdout.write(ready["ssh_config"])
        return 0
    from types import SimpleNamespace

    from .runtime.sshconfig import render

    hosts = [SimpleNamespace(**h) for h in ready.get("hosts", [])]  # an older server: names only
    sys.stdout.write(render(hosts, {}))
    return 0


# ---- up ------------------------------------------------------------------------------------------
def cmd_up(args: argparse.Namespace) -> int:
    if getattr(args, "docker", False):
        from .runtime.containers_cli import run_up_docker

        return run_up_docker(args)
    if getattr(args, "userland", None) == "real":  # the embedded fake never runs a foreign program
        print("fakehmc: --userland real needs --docker (a real userland runs only in a container)", file=sys.stderr)
        return 2
    import asyncio
    import gc
    import logging

    gc.disable()  # start-up allocates much and frees little: collect once it is served (serve.py)
    from .runtime.embedded import Estate, EstateConfig
    from .runtime.serve import serve
    from .scenario.catalogue import DEFAULT_SCENARIO

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = EstateConfig(scenario=args.scenario or DEFAULT_SCENARIO, seed=args.seed, listen=args.listen,
                          port=args.port, state_dir=args.state_dir, clock_scale=args.clock_scale,
                          control_port=args.control_port, ready_file=args.ready_file,
                          rest=getattr(args, "rest", True), reuse_state=args.reuse_state)
    if args.from_bundle is not None:
        from .capture.bundle import BundleError, apply_bundle

        try:
            apply_bundle(config, args.from_bundle)
        except BundleError as exc:
            print(f"fakehmc: {exc}", file=sys.stderr)
            return 2

    return asyncio.run(serve(lambda: Estate(config)))


# ---- scenarios -----------------------------------------------------------------------------------
def cmd_coverage(args: argparse.Namespace) -> int:
    from .hmc.coverage import coverage_text
    from .runtime.registries import registry_for

    if args.kind == "rest":
        from .rest.coverage import rest_coverage_table

        print(rest_coverage_table(), end="")
        return 0
    if args.kind == "aix":  # the AIX table carries each command's status (harness/aix/coverage.py)
        from .aix.coverage import aix_coverage_table
        print(aix_coverage_table(registry_for("aix")), end="")
        return 0
    print(coverage_text(registry_for(args.kind)), end="")
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    from .scenario.catalogue import describe_builtins

    items = describe_builtins()
    width = max(len(n) for n, _ in items)
    for name, desc in items:
        print(f"{name.ljust(width)}  {desc}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .scenario.builder import ScenarioError
    from .scenario.catalogue import load_scenario

    try:
        world = load_scenario(args.file)
    except ScenarioError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 1
    print(f"{args.file}: ok ({len(world.hmcs)} HMC, {len(world.systems)} systems, "
          f"{len(world.partitions())} partitions)")
    return 0


# ---- control API clients -------------------------------------------------------------------------
def _control(args: argparse.Namespace) -> tuple[str, str | None]:
    from .control.client import locate

    found = locate(args.control, args.ready_file)
    if found is None:
        raise SystemExit(f"fakehmc: no running server found (no --control, $FAKEHMC_CONTROL or {args.ready_file})")
    return found


def _call(args: argparse.Namespace, method: str, path: str, body: dict | None = None):
    from .control.client import ControlError, call

    url, token = _control(args)
    try:
        return call(url, method, path, body, token=token)
    except ControlError as exc:
        raise SystemExit(f"fakehmc: {exc}")


def cmd_clock_advance(args: argparse.Namespace) -> int:
    from .control.api import parse_duration

    try:
        if args.until:
            body = {"until": args.until, "limit": parse_duration(args.limit)}
        elif args.duration:
            body = {"seconds": parse_duration(args.duration)}
        else:
            raise ValueError("give a duration (6m) or --until CONDITION")
    except ValueError as exc:
        print(f"fakehmc: {exc}", file=sys.stderr)
        return 2
    doc = _call(args, "POST", "/clock/advance", body)
    if args.until:
        print(f"{doc['time']} {'held' if doc['held'] else 'did not hold'}: {args.until}")
        return 0 if doc["held"] else 1
    print(doc["time"])
    return 0


def cmd_clock_show(args: argparse.Namespace) -> int:
    print(_call(args, "GET", "/clock")["time"])
    return 0


def cmd_transcript(args: argparse.Namespace) -> int:
    query = {k: v for k, v in (("host", args.host), ("since", args.since)) if v is not None}
    path = "/transcript" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    entries = _call(args, "GET", path)
    if args.json:
        print(json.dumps(entries, indent=2))
        return 0
    for e in entries:
        print(f"{e['time']:>10.1f}s {e['host']:<10} {e['user']:<8} {e['channel']:<9} rc={e['exit_code']:<3} "
              f"{e['command']}")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    print(_call(args, "POST", "/reset")["status"])
    return 0


def cmd_causes(args: argparse.Namespace) -> int:
    from .control.faults import cause_table
    from .ssh.faults import SSH_FAULTS

    rows = cause_table()
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        heal = "" if r["healable"] else " (not healable)"
        print(f"{r['name'].ljust(width)}  {r['target']:<9} {r['summary']}{heal}")
    print("\nSSH faults (fakehmc fault ssh KIND HOST [k=v ...]):")
    for kind, (summary, _) in SSH_FAULTS.items():
        print(f"{kind.ljust(width)}  {summary}")
    return 0


def _value(text: str):
    """A fault value on the command line: JSON when it parses (true, 657, {...}), else the string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def cmd_fault(args: argparse.Namespace) -> int:
    from .control.api import parse_duration

    words = args.words
    if words == ["list"]:
        doc = _call(args, "GET", "/faults")
        for e in doc["causes"]:
            standing = {True: "  still holds", False: "  healed in the world (no longer holds)"}.get(e.get("holds"), "")
            print(f"{e['id']:>4}  cause {e['cause']} {e['target'] or ''} {json.dumps(e['value'])}"
                  f"{'' if e['healable'] else '  (not healable)'}{standing}")
        for e in doc["rules"]:
            print(f"{e['id']:>4}  rule  {e['action']} host={e['host']} user={e['user']} "
                  f"command={e['command']!r} fired={e['count']}")
        for e in doc["ssh"]:
            print(f"{e['id']:>4}  ssh   {e['ssh']} host={e['host']} fired={e['count']}")
        return 0
    if words[0] == "ssh" and len(words) >= 2:
        body: dict = {"ssh": words[1], "host": words[2] if len(words) > 2 and "=" not in words[2] else "*"}
        for kv in words[2:]:
            if "=" in kv:
                k, v = kv.split("=", 1)
                body[k] = _value(v)
    elif words == ["rule"]:
        try:
            seconds = parse_duration(args.seconds)
        except ValueError as exc:
            print(f"fakehmc: {exc}", file=sys.stderr)
            return 2
        body = {"rule": {"host": args.host, "user": args.user, "command": args.command,
                         "match": "regex" if args.regex else "glob", "action": args.action,
                         "output": args.output, "stream": "stderr" if args.stderr else "stdout",
                         "exit_code": args.exit_code, "seconds": seconds, "probability": args.probability,
                         "max_count": args.max_count}}
    elif 1 <= len(words) <= 3:
        body = {"cause": words[0], "target": words[1] if len(words) > 1 else None}
        if len(words) > 2:
            body["value"] = _value(words[2])
    else:
        print("fakehmc: fault CAUSE TARGET [VALUE] | list | ssh KIND [HOST] [k=v ...] | rule --command ...",
              file=sys.stderr)
        return 2
    entry = _call(args, "POST", "/faults", body)
    print(f"fault {entry['id']}")
    return 0


def cmd_heal(args: argparse.Namespace) -> int:
    if args.id == "all":
        report = _call(args, "DELETE", "/faults")
        print(f"healed {len(report['healed'])}" + (f", kept {len(report['kept'])} not healable"
                                                    if report["kept"] else ""))
        return 0
    if not args.id.isdigit():
        print("fakehmc: heal takes a fault id or all", file=sys.stderr)
        return 2
    _call(args, "POST", f"/faults/{args.id}/heal")
    print(f"healed {args.id}")
    return 0


def cmd_state_dump(args: argparse.Namespace) -> int:
    data = json.dumps(_call(args, "GET", "/state"), indent=1) + "\n"
    if args.file == "-":
        sys.stdout.write(data)
    else:
        Path(args.file).write_text(data)
    return 0


def cmd_state_load(args: argparse.Namespace) -> int:
    try:
        data = json.loads(sys.stdin.read() if args.file == "-" else Path(args.file).read_text())
    except (OSError, ValueError) as exc:
        print(f"fakehmc: {args.file}: {exc}", file=sys.stderr)
        return 1
    doc = _call(args, "PUT", "/state", data)
    print(f"loaded {doc['scenario']} at {doc['time']}")
    return 0


def cmd_state_snapshot(args: argparse.Namespace) -> int:
    _call(args, "POST", "/state/snapshot", {"name": args.name})
    print(f"snapshot {args.name}")
    return 0


def cmd_state_restore(args: argparse.Namespace) -> int:
    _call(args, "POST", "/state/restore", {"name": args.name})
    print(f"restored {args.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
