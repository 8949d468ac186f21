"""A restricted bash-like shell interpreter (tree-sitter-bash grammar) for the fake HMC and AIX.

    shell = Shell(registry, HMC_FLAVOUR, session)
    res = shell.run("lssyscfg -r sys -F name | grep x; echo Rc=$?")
"""

from .flavours import AIX_FLAVOUR, HMC_FLAVOUR, Flavour
from .interpreter import RunResult, Shell

__all__ = ["AIX_FLAVOUR", "HMC_FLAVOUR", "Flavour", "RunResult", "Shell"]
