"""One self-contained HTML report: inline CSS, no scripts, no external resources; everything escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from .runner import ScenarioResult

CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
#results > tbody > tr.scenario > td { font-weight: 600; }
tr.pass td.verdict { background: #d9f2d9; color: #1a5e1a; }
tr.fail td.verdict { background: #f8d7d7; color: #8a1414; }
tr.detail > td { background: #fafafa; border-top: none; }
pre { background: #f0f0f0; padding: 6px; max-height: 30em; overflow: auto; white-space: pre-wrap; }
li.ok::marker { content: "\\2714  "; color: #1a5e1a; }
li.ko::marker { content: "\\2718  "; color: #8a1414; }
li .why { color: #555; white-space: pre-wrap; font-family: monospace; font-size: 12px; }
td.dlpar-capable { background: #e3f4e3; }
td.dlpar-none { background: #fff0c2; } td.rmc-inactive, td.rmc-none { background: #fbe3e3; }
tr.repeated td.count { font-weight: 600; }
small { color: #666; font-weight: normal; }
"""


def _e(value) -> str:
    return escape(str(value), quote=True)


def render(results: list[ScenarioResult], tool: str) -> str:
    passed = sum(r.passed for r in results)
    rows = "".join(_rows(r) for r in results)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>fakehmc certify: {_e(tool)}</title><style>{CSS}</style></head><body>\n"
            f"<h1>fakehmc certify</h1>\n<p>Tool: <code>{_e(tool)}</code></p>\n"
            f'<p id="summary">{passed} of {len(results)} scenarios passed</p>\n'
            '<table id="results"><thead><tr><th>scenario</th><th>result</th><th>exit code</th><th>seconds</th>'
            f"<th>expectations</th></tr></thead><tbody>\n{rows}</tbody></table>\n</body></html>\n")


def _rows(r: ScenarioResult) -> str:
    verdict = "pass" if r.passed else "fail"
    rc = "timeout" if r.rc is None and not r.error else ("-" if r.error else r.rc)
    ok = sum(c.passed for c in r.checks)
    head = (f'<tr class="scenario {verdict}" id="scenario-{_e(r.scenario)}" data-result="{verdict}">'
            f"<td>{_e(r.scenario)}<br><small>{_e(r.description)}</small></td>"
            f'<td class="verdict">{verdict.upper()}</td><td>{_e(rc)}</td><td>{r.seconds:.1f}</td>'
            f"<td>{ok} of {len(r.checks)} met</td></tr>\n")
    body = (f"<details{'' if r.passed else ' open'}><summary>details</summary>"
            + (f'<p class="error">could not run: {_e(r.error)}</p>' if r.error else "")
            + _checks(r) + f"<h3>Tool output</h3><pre>{_e(r.output)}</pre>" + _transcript(r) + _timeline(r)
            + "</details>")
    return head + f'<tr class="detail"><td colspan="5">{body}</td></tr>\n'


def _checks(r: ScenarioResult) -> str:
    items = "".join(f'<li class="{"ok" if c.passed else "ko"}">{_e(c.expectation.description)}'
                    f'{" <span class=why>" + _e(c.detail) + "</span>" if c.detail else ""}</li>' for c in r.checks)
    return f'<h3>Expectations</h3><ul class="checks">{items or "<li>none declared</li>"}</ul>'


MAX_BLOCK = 6  # the longest polling cycle (commands per round) folded into one set of rows


def collapse(entries: list[dict]) -> list[tuple[dict, int]]:
    """Fold a polling loop: a block of 1..MAX_BLOCK commands (same user, channel, exit code and command
    line) repeated back to back becomes the block once, each row with the repeat count. Order is kept,
    so what changed between rounds (an exit code, a repair in between) still shows where it happened."""
    keys = [(t["user"], t["channel"], t["exit_code"], t["command"]) for t in entries]
    out, i = [], 0
    while i < len(keys):
        best_k, best_n = 1, 1
        for k in range(1, MAX_BLOCK + 1):
            n = 1
            while keys[i + n * k:i + (n + 1) * k] == keys[i:i + k] and len(keys[i:i + k]) == k:
                n += 1
            if n > 1 and n * k > best_n * best_k:
                best_k, best_n = k, n
        out += [(entries[j], best_n) for j in range(i, i + best_k)]
        i += best_k * best_n
    return out


def _transcript_row(t: dict, n: int) -> str:
    repeated = n > 1
    return (f"<tr{' class=repeated' if repeated else ''}><td>{_e(t['user'])}</td><td>{_e(t['channel'])}</td>"
            f"<td>{_e(t['exit_code'])}</td><td><code>{_e(t['command'])}</code></td>"
            f"<td class=count>{'&times;' + str(n) if repeated else ''}</td></tr>")


def _transcript(r: ScenarioResult) -> str:
    hosts = list(dict.fromkeys(t["host"] for t in r.transcript))
    if not hosts:
        return "<h3>Commands the tool ran</h3><p>none</p>"
    out = ["<h3>Commands the tool ran</h3>"]
    for host in hosts:
        rows = "".join(_transcript_row(t, n) for t, n in collapse([t for t in r.transcript if t["host"] == host]))
        out.append(f'<h4>{_e(host)}</h4><table class="transcript" data-host="{_e(host)}"><tr><th>user</th>'
                   f"<th>channel</th><th>rc</th><th>command</th><th>times</th></tr>{rows}</table>")
    return "".join(out)


def _timeline(r: ScenarioResult) -> str:
    if not r.timeline:
        return ""
    head = "".join(f"<th>{_e(s['label'])}<br><small>{_e(s['time'])}</small></th>" for s in r.timeline)
    rows = []
    for name in r.timeline[0]["partitions"]:
        cells = []
        for s in r.timeline:
            p = s["partitions"].get(name, {})
            cells.append(f'<td class="rmc-{_e(p.get("rmc_state", "none"))} {_dlpar_class(p)}">'
                         f'rmc_state {_e(p.get("rmc_state"))}, DCaps {_e(p.get("dcaps"))}</td>')
        rows.append(f"<tr><td>{_e(name)}</td>{''.join(cells)}</tr>")
    return (f'<h3>World timeline</h3><table class="timeline"><tr><th>partition</th>{head}</tr>'
            f"{''.join(rows)}</table>")


def _dlpar_class(p: dict) -> str:
    """Green only for what DLPAR needs: an active session *and* non-zero DCaps (the seed's lpar30
    was rmc_state active with DCaps 0x0 for weeks)."""
    if p.get("rmc_state") != "active":
        return "dlpar-down"
    return "dlpar-none" if int(str(p.get("dcaps") or "0x0"), 16) == 0 else "dlpar-capable"


def write(path: Path, results: list[ScenarioResult], tool: str) -> None:
    Path(path).write_text(render(results, tool), encoding="utf-8")
