"""No argv, however malformed, makes an AIX command raise: it prints an AIX-style error instead."""

from __future__ import annotations

from aix_helpers import REGISTRY, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.scenario.catalogue import load_scenario

TOKENS = st.sampled_from([
    "-a", "-A", "-s", "-g", "-l", "-ls", "-z", "-p", "-P", "-k", "-K", "-d", "-h", "-i", "-n", "-c", "-m",
    "-r", "-f", "-q", "-x", "-t", "-D", "-L", "-M", "-u", "-v", "-size", "-name", "-type", "-net", "-host",
    "-netmask", "add", "delete", "ctrmc", "IBM.DRM", "rsct", "rsct_rm", "IBM.MCP", "IBM.ManagementServer",
    "HMCIPAddr", "NodeID", "/var", "/", "/var/adm", "/var/adm/ras/trace.*", "size=+1G", "size=-1G",
    "size=1", "size=+x", "hmc1", "127.0.0.10", "999.1.1.1", "0", "-1", "3", "1G", "*", "", " ", "=", "--",
    "0123456789abcdef", "default", "en0", "lo0", "f", "d", "+5", "ip", "hn", "Name == \"x\"",
])
ARGS = st.lists(st.one_of(TOKENS, st.text(max_size=8)), max_size=5)
NAMES = st.sampled_from([spec.name for spec in REGISTRY.specs()])

WORLDS = {"healthy": load_scenario("healthy")}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, args=ARGS, host=st.sampled_from(["lpar1", "lpar3"]), root=st.booleans())
def test_garbage_argv_never_raises(name, args, host, root):
    import shlex
    line = " ".join([name] + [shlex.quote(a) for a in args])
    r = run(WORLDS["healthy"], host, line, user="root" if root else "guest")  # asserts no "unexpected error"
    assert isinstance(r.rc, int) and 0 <= r.rc < 256
    assert isinstance(r.out, str) and isinstance(r.err, str)
