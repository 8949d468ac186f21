"""No argv, however odd, gets a traceback out of an HMC command or breaks the world's invariants."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hmc_helpers import HEALTHY_SYS, Hmc

from harness.scenario.catalogue import load_scenario

COMMANDS = ["lssyscfg", "lshwres", "chhwres", "lspartition", "lshmc", "uname"]
WORDS = ["-r", "-m", "-F", "--filter", "-p", "--id", "-o", "-q", "-w", "-d", "--force", "--procs", "--procunits",
         "--level", "--rsubtype", "-n", "-f", "--immed", "-t", "--tid", "--header", "-V", "-v", "-dlpar", "-i",
         "-ix", "-a", "--osrefresh", "--help", "lpar", "sys", "prof", "mem", "proc", "a", "r", "m", "s",
         HEALTHY_SYS, "8286-42A*2112ABC", "lpar1", "lpar2", "nosuch", "0", "1", "256", "-1", "0.5", "1e9",
         "name,state", "lpar_names=lpar1", '"lpar_names=lpar1,lpar2"', "lpar_ids=", "curr_mem", ",,", '"', "=",
         "\x00", "é", " "]
TOKEN = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))

WORLD = Hmc(load_scenario("healthy"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDS), st.lists(TOKEN, max_size=10))
def test_random_argv_never_raises(command, args):
    r = WORLD.run_argv([command, *args])
    assert isinstance(r.rc, int) and 0 <= r.rc < 256
    assert isinstance(r.out, str) and isinstance(r.err, str)
    assert "Traceback" not in r.out + r.err
    assert "HSCL0001" not in r.out, "an unexpected exception reached the command boundary"
    assert WORLD.world.check_invariants() == []
