#!/usr/bin/env python3
"""A DLPAR repair tool that passes `fakehmc certify`: examples/dlpar_fixer.py, fed from the JSON
file certify writes (FAKEHMC_HOSTS_JSON), with a report of which partitions showed DCaps 0x0.

    fakehmc certify --tool "python3 examples/certify/good_tool.py" --scenarios all
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # examples/: dlpar_fixer lives there
import dlpar_fixer


def main() -> int:
    path = os.environ.get("FAKEHMC_HOSTS_JSON")
    if path:  # where every host really listens (the fake serves each on its own port)
        os.environ["FAKEHMC_HOSTS"] = json.dumps(json.loads(Path(path).read_text())["hosts"])
    rc = dlpar_fixer.main([])
    if rc != 0:
        print("DCaps 0x0 remains on a partition that needs a human")
    return rc


if __name__ == "__main__":
    sys.exit(main())
