"""What a user writes: break /var, run the tool, check what it did, wait until DLPAR works again."""
import subprocess
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).with_name("dlpar_fixer.py")


@pytest.mark.fakehmc(scenario="var-full")
def test_my_tool_fixes_var_full(fakehmc):
    subprocess.run([sys.executable, TOOL], env=fakehmc.env(), check=True)
    fakehmc.transcript.assert_ran("lpar2", "chfs -a size=+1G /var")
    fakehmc.transcript.assert_order("lpar2", ["chfs", "rmcctrl -z", "rmcctrl -A", "rmcctrl -p"])
    fakehmc.transcript.assert_not_ran("lpar2", "recfgct")
    fakehmc.advance_until("lpar2 rmc_state is active and lpar2 dcaps is nonzero", limit=15 * 60)
    assert fakehmc.ssh("hmc1", "chhwres -r mem -m Server-8286-42A-SN2112ABC -o a -p lpar2 -q 256").ok
