"""The HTML report shows what matters: partitions coloured by DLPAR capability (an active session with
DCaps 0x0 is not green) and a polling loop folded into one set of rows with a count."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from harness.certify import html
from harness.certify.html import collapse
from harness.certify.runner import ScenarioResult, certify

POLLER = Path(__file__).with_name("poller_tool.py")


def entry(command: str, rc: int = 0, host: str = "hmc1") -> dict:
    return {"time": 0.0, "host": host, "user": "hscroot", "channel": "exec", "command": command, "exit_code": rc,
            "bytes_out": 0}


def test_a_polling_cycle_folds_into_one_block_with_a_count():
    rows = [entry("lshmc -V"), *[entry(c) for c in ("lspartition -dlpar", "lssyscfg -r sys")] * 5,
            entry("chhwres -r mem"), entry("lspartition -dlpar"), entry("lspartition -dlpar"),
            entry("lspartition -dlpar", rc=1)]
    folded = [(t["command"], t["exit_code"], n) for t, n in collapse(rows)]
    assert folded == [("lshmc -V", 0, 1), ("lspartition -dlpar", 0, 5), ("lssyscfg -r sys", 0, 5),
                      ("chhwres -r mem", 0, 1), ("lspartition -dlpar", 0, 2), ("lspartition -dlpar", 1, 1)]


def _cell_classes(page: str, partition: str) -> list[str]:
    row = re.search(rf"<tr><td>{partition}</td>(.*?)</tr>", page).group(1)
    return re.findall(r'<td class="([^"]+)">', row)


def test_dcaps_zero_is_not_green():
    timeline = [{"label": "start", "time": "t", "partitions": {
        "lpar30": {"rmc_state": "active", "dcaps": "0x0"}, "lpar21": {"rmc_state": "active", "dcaps": "0xc5f"},
        "lpar2": {"rmc_state": "inactive", "dcaps": "0x0"}}}]
    page = html.render([ScenarioResult("seed-lpar30", rc=0, timeline=timeline)], "tool")
    assert _cell_classes(page, "lpar30") == ["rmc-active dlpar-none"]
    assert _cell_classes(page, "lpar21") == ["rmc-active dlpar-capable"]
    assert _cell_classes(page, "lpar2") == ["rmc-inactive dlpar-down"]
    css = {sel.strip(): body for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", html.CSS)}
    green = [sel for sel, body in css.items() if "#e3f4e3" in body]
    assert green == ["td.dlpar-capable"]  # not rmc-active alone


def test_the_poller_s_loop_is_one_row_per_command_in_the_report(key_dir, tmp_path):
    [r] = certify(f"{sys.executable} {POLLER}", ["rmc-stopped"], timeout=60, key_dir=key_dir, time_scale=120)
    assert r.passed, r.output
    polls = sum(1 for t in r.transcript if t["command"] == "lspartition -dlpar")
    # the tool polls every 20 virtual seconds for about six minutes: up to 18 polls, fewer on a busy machine
    # where a poll's real second is two virtual minutes at 120x; a loop all the same, which the report folds
    assert polls >= 3
    page = html.render([r], "poller")
    hmc = re.search(r'<table class="transcript" data-host="hmc1">(.*?)</table>', page).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", hmc)[1:]
    assert len(rows) < polls  # folded
    counts = [int(n) for n in re.findall(r"<code>lspartition -dlpar</code></td><td class=count>&times;(\d+)", hmc)]
    assert counts and sum(counts) + hmc.count("<code>lspartition -dlpar</code></td><td class=count></td>") == polls
