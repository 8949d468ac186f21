"""The seed's story, break to repaired DLPAR (16 virtual minutes), driven in-process through the
shells of hmc1 and lpar30, against the same number of `echo` commands through the same shells."""

from __future__ import annotations

import time

SYSTEM = "Server-9117-MMB-SN10284FP"

# (host, command) or ("advance", seconds): what the admin in shared/seed did
STORY = [
    ("hmc1", "lspartition -dlpar"),
    ("hmc1", f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024"),
    ("lpar30", "lssrc -g rsct_rm"),
    ("lpar30", "ping -c 3 hmc1"),
    ("lpar30", "/usr/sbin/rsct/bin/rmcctrl -z"),
    ("lpar30", "/usr/sbin/rsct/bin/rmcctrl -A"),
    ("lpar30", "/usr/sbin/rsct/bin/rmcctrl -p"),
    ("advance", 600),
    ("hmc1", "lspartition -dlpar"),
    ("lpar30", "/usr/sbin/rsct/install/bin/recfgct"),
    ("advance", 240),
    ("hmc1", "lspartition -dlpar"),
    ("advance", 120),
    ("hmc1", "lspartition -dlpar"),
    ("lpar30", "lssrc -g rsct_rm"),
    ("lpar30", 'lsrsrc "IBM.ManagementServer"'),
    ("hmc1", f"chhwres -r mem -m {SYSTEM} -o a -p lpar30 -q 1024"),
    ("hmc1", f"lshwres -r mem -m {SYSTEM} --level lpar --filter lpar_names=lpar30 -F curr_mem"),
    ("lpar30", "lparstat -i | grep '^Online Memory'"),
]


def _shells(world):
    from harness.runtime.backend import HostBackend

    users = {"hmc1": "hscroot", "lpar30": "root"}
    return {h: HostBackend(lambda: world, h, lambda: None).new_shell(u, interactive=False, pty=False)
            for h, u in users.items()}


def run_story(echo: bool = False) -> tuple[float, int, bool]:
    """Wall seconds, commands run, and whether DLPAR was repaired (always False for echo)."""
    from harness.scenario.catalogue import load_scenario

    world = load_scenario("seed-lpar30")
    shells = _shells(world)
    t = time.perf_counter()
    n, last = 0, None
    for host, what in STORY:
        if host == "advance":
            if not echo:
                world.advance(what)
            continue
        last = shells[host].run("echo story" if echo else what)
        n += 1
    elapsed = time.perf_counter() - t
    repaired = (not echo) and last is not None and last.stdout.split(":", 1)[-1].strip() == "9216 MB"
    if not echo:
        assert world.check_invariants() == []
    return elapsed, n, repaired


def run(repeat: int = 5) -> dict:
    run_story()  # warm-up: imports, first parse
    story = [run_story() for _ in range(repeat)]
    echo = [run_story(echo=True) for _ in range(repeat)]
    return {"story_s": min(s[0] for s in story), "commands": story[0][1], "repaired": all(s[2] for s in story),
            "echo_s": min(e[0] for e in echo), "virtual_s": sum(w for h, w in STORY if h == "advance")}


if __name__ == "__main__":
    print(run())
