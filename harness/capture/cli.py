"""Command line of capture, record, replay and bundle. harness/cli.py calls ``add_parsers(sub)``;
``python -m harness.capture.cli`` runs them standalone."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import upstream_keys


def _host_port(text: str, default_port: int) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if sep and port.isdigit():
        return host, int(port)
    return text, default_port


def _secret(path: Path | None, env: str) -> str | None:
    """A password from a file (first line) or the environment; never from the command line."""
    if path is not None:
        return path.read_text().splitlines()[0] if path.read_text() else ""
    return os.environ.get(env)


def add_parsers(sub) -> None:
    ca = sub.add_parser("capture", help="write a scenario file from what read-only commands show on an HMC")
    ca.add_argument("--hmc", required=True, metavar="HOST[:PORT]")
    ca.add_argument("--user", required=True)
    ca.add_argument("--password-file", type=Path, default=None, help="else $FAKEHMC_PASSWORD")
    ca.add_argument("--partitions", action="store_true", help="also log in to running partitions (rmc_ipaddr)")
    ca.add_argument("--lpar-user", default="root")
    ca.add_argument("--lpar-password-file", type=Path, default=None, help="else $FAKEHMC_LPAR_PASSWORD")
    ca.add_argument("--lpar-port", type=int, default=22)
    ca.add_argument("--anonymise", "--anonymize", action="store_true",
                    help="replace serials, names and addresses (deterministic, hash-based)")
    ca.add_argument("--salt", default=os.environ.get("FAKEHMC_ANON_SALT", ""),
                    help="secret mixed into the anonymisation hash (default $FAKEHMC_ANON_SALT)")
    ca.add_argument("--name", default="captured", help="the scenario's name")
    ca.add_argument("-o", "--output", type=Path, default=None, help="scenario file (default stdout)")
    upstream_keys.add_arguments(ca)
    ca.set_defaults(func=cmd_capture)

    rec = sub.add_parser("record", help="SSH proxy recording a tool's session with an HMC or partition")
    rec.add_argument("--upstream", required=True, metavar="HOST:PORT")
    rec.add_argument("--listen", default="127.0.0.1:2200", metavar="ADDR:PORT", help="(port 0: a free one)")
    rec.add_argument("--user-map", action="append", default=[], metavar="LOCAL=UPSTREAM",
                     help="log in upstream as another user")
    rec.add_argument("--key-dir", type=Path, default=None, help="host keys (default ~/.local/state/fakehmc)")
    rec.add_argument("-o", "--output", type=Path, required=True, help="transcript JSON, rewritten after each command")
    upstream_keys.add_arguments(rec)
    rec.set_defaults(func=cmd_record)

    rp = sub.add_parser("replay", help="serve a recorded transcript over SSH")
    rp.add_argument("file", type=Path)
    mode = rp.add_mutually_exclusive_group()
    mode.add_argument("--strict", dest="lenient", action="store_false", default=False,
                      help="an unrecorded command is an error naming the closest recorded one (default)")
    mode.add_argument("--lenient", dest="lenient", action="store_true",
                      help="unrecorded commands are answered by the model (--scenario)")
    rp.add_argument("--scenario", default=None, help="the model for --lenient (default seed-lpar30)")
    rp.add_argument("--model-host", default=None, help="host of the scenario answering (default: the first HMC)")
    rp.add_argument("--listen", default="127.0.0.1:2200", metavar="ADDR:PORT", help="(port 0: a free one)")
    rp.add_argument("--key-dir", type=Path, default=None)
    rp.set_defaults(func=cmd_replay)

    bu = sub.add_parser("bundle", help="write a bug-report archive of a running estate (fakehmc up --from)")
    bu.add_argument("--control", default=None, help="control API URL (default $FAKEHMC_CONTROL or the ready file)")
    bu.add_argument("--ready-file", type=Path, default=Path(".fakehmc") / "ready.json")
    bu.add_argument("--scenario", type=Path, default=None, help="the scenario file served (if not built-in)")
    bu.add_argument("-o", "--output", type=Path, default=Path("fakehmc-bundle.tar.gz"))
    bu.set_defaults(func=cmd_bundle)


def add_up_arguments(up) -> None:
    up.add_argument("--from", dest="from_bundle", type=Path, default=None, metavar="BUNDLE",
                    help="start from a bug-report bundle (fakehmc bundle): world, clock, faults, transcript")


# ---- capture -------------------------------------------------------------------------------------
def cmd_capture(args: argparse.Namespace) -> int:
    import asyncio

    from . import capture
    from .anonymise import anonymise
    from .tomlwrite import dumps

    password = _secret(args.password_file, "FAKEHMC_PASSWORD")
    if password is None:
        print("fakehmc capture: give --password-file or set FAKEHMC_PASSWORD", file=sys.stderr)
        return 2
    host, port = _host_port(args.hmc, 22)
    lpar = None
    if args.partitions:
        lpw = _secret(args.lpar_password_file, "FAKEHMC_LPAR_PASSWORD")
        if lpw is None:
            print("fakehmc capture: --partitions needs --lpar-password-file or FAKEHMC_LPAR_PASSWORD", file=sys.stderr)
            return 2
        lpar = capture.Target("", args.lpar_port, args.lpar_user, lpw)
    try:
        obs = asyncio.run(capture.observe(capture.Target(host, port, args.user, password), lpar,
                                          upstream_keys.from_args(args)))
    except upstream_keys.HostKeyRefused as exc:
        print(f"fakehmc capture: host key of {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001  asyncssh errors, refused connections, timeouts
        print(f"fakehmc capture: {args.hmc}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    data = capture.scenario_data(obs, args.name)
    capture.warn(obs)
    if args.anonymise:
        data = anonymise(data, args.salt)
    text = dumps(data, "Written by fakehmc capture (read-only commands; no secrets).\n"
                       "Causes reproduce what was seen: rmc_state inactive -> rmc_stopped, /var at 100% -> var_full,\n"
                       "Active:<1> with DCaps:<0x0> -> rsct_config_corrupt, a stopped partition holding a running\n"
                       "one's address -> recycled_ip. Credentials are fakehmc's defaults.")
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from .record import write_private

    write_private(args.output, text)
    return _check_scenario(args.output)


def _check_scenario(path: Path) -> int:
    from ..scenario.builder import ScenarioError
    from ..scenario.catalogue import load_scenario

    try:
        world = load_scenario(str(path))
    except ScenarioError as exc:
        print(f"fakehmc capture: wrote {path}, but it does not validate: {exc}", file=sys.stderr)
        return 1
    print(f"{path}: {len(world.systems)} systems, {len(world.partitions())} partitions")
    return 0


# ---- record / replay -----------------------------------------------------------------------------
def cmd_record(args: argparse.Namespace) -> int:
    import asyncio

    from .record import serve_record

    user_map = dict(m.split("=", 1) for m in args.user_map if "=" in m)
    host, port = _host_port(args.upstream, 22)
    listen = _host_port(args.listen, 2200)
    return asyncio.run(serve_record((host, port), listen, args.output, user_map, args.key_dir,
                                    upstream_keys.from_args(args)))


def cmd_replay(args: argparse.Namespace) -> int:
    import asyncio

    from .replay import serve_replay

    return asyncio.run(serve_replay(args.file, _host_port(args.listen, 2200), lenient=args.lenient,
                                    scenario=args.scenario, model_host=args.model_host, key_dir=args.key_dir))


# ---- bundle --------------------------------------------------------------------------------------
def cmd_bundle(args: argparse.Namespace) -> int:
    from ..control.client import locate
    from .bundle import write_bundle

    found = locate(args.control, args.ready_file)
    if found is None:
        print(f"fakehmc bundle: no running server found (no --control, $FAKEHMC_CONTROL or {args.ready_file})",
              file=sys.stderr)
        return 1
    url, token = found
    try:
        summary = write_bundle(url, args.output, args.scenario, token)
    except OSError as exc:
        print(f"fakehmc bundle: {exc}", file=sys.stderr)
        return 1
    print(f"{args.output}: {summary}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="fakehmc")
    add_parsers(p.add_subparsers())
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
