"""The tool-shaped test of issue 11: log in over SSH as a collector does, walk every listing for every
managed system and partition, and parse each as a real parser would (hmc_parse.py): default output
into attr=value records, ``-F`` with ``--header`` into rows whose value counts match the header, and
``-F <names>`` with the header's names into rows of that many values. "No results were found." is a
valid empty answer; any other rc, stderr or unparsable line fails.

Extend LISTINGS (and LPAR_LISTINGS for per-partition ones) as commands are added: one row each; a
listing an older HMC level does not have goes in SINCE with its first level.
"""

from __future__ import annotations

import paramiko
import pytest
from hmc_parse import NO_RESULTS, attr_records, field_rows, records

from harness.api import Estate

# (command, takes -F): {sys} is each managed system, per system
LISTINGS: list[tuple[str, bool]] = [
    ("lssyscfg -r sys -m {sys}", True),
    ("lssyscfg -r lpar -m {sys}", True),
    ("lssyscfg -r prof -m {sys}", True),
    ("lshwres -r mem -m {sys} --level sys", True),
    ("lshwres -r mem -m {sys} --level lpar", True),
    ("lshwres -r mem -m {sys} --level pool", True),
    ("lshwres -r proc -m {sys} --level sys", True),
    ("lshwres -r proc -m {sys} --level lpar", True),
    ("lshwres -r proc -m {sys} --level pool", True),
    ("lshwres -r procpool -m {sys}", True),
    ("lshwres -r mempool -m {sys}", True),
    ("lshwres -r sriov --rsubtype adapter -m {sys}", True),
    ("lshwres -r sriov --rsubtype physport -m {sys}", True),
    ("lshwres -r sriov --rsubtype logport -m {sys}", True),
    ("lshwres -r hca -m {sys} --level sys", True),
    ("lshwres -r hca -m {sys} --level lpar", True),
    ("lshwres -r io --rsubtype slot -m {sys}", True),
    ("lshwres -r virtualio --rsubtype eth --level lpar -m {sys}", True),
    ("lshwres -r virtualio --rsubtype scsi --level lpar -m {sys}", True),
    ("lshwres -r virtualio --rsubtype serial --level lpar -m {sys}", True),
    ("lshwres -r virtualio --rsubtype fc --level lpar -m {sys}", True),
    ("lshwres -r virtualio --rsubtype slot --level lpar -m {sys}", True),
    ("lshwres -r virtualio --rsubtype vswitch -m {sys}", True),
    ("lshwres -r virtualio --rsubtype vnic -m {sys}", True),
    ("lscod -t cap -r proc -c cuod -m {sys}", True),
    ("lscod -t cap -r mem -c cuod -m {sys}", True),
    ("lscod -t cap -r proc -c onoff -m {sys}", True),
    ("lscod -t cap -r mem -c onoff -m {sys}", True),
    ("lscod -t cap -r proc -c trial -m {sys}", True),
    ("lscod -t code -r proc -c cuod -m {sys}", True),
    ("lscod -t bill -r proc -m {sys}", True),
    ("lscod -t bill -r mem -m {sys}", True),
    ("lscod -t hist -m {sys}", True),
    ("lslic -m {sys}", True),
    ("lslic -t sys -m {sys}", True),
    ("lslic -t syspower -m {sys}", True),
    ("lsled -r sa -t phys -m {sys}", True),
    ("lsled -r sa -t virtualsys -m {sys}", True),
    ("lsled -r sa -t virtuallpar -m {sys}", True),
    ("lsmemopt -r lpar -o currscore -m {sys}", True),
    ("lsmemopt -r sys -o currscore -m {sys}", True),
]
# listings that older HMC levels refuse: words in the command -> the first level that has them
SINCE = {"-r sriov": "V8", "--rsubtype vnic": "V8"}
# HMC-level listings an older HMC does not have at all (on V7 `lspwdpolicy` is not a command)
HMC_SINCE = {"lspwdpolicy": "V8"}
LEVEL_ORDER = ("V7", "V8", "V9", "V10")


def for_level(listings: list[tuple[str, bool]], level: str, since: dict | None = None) -> list[tuple[str, bool]]:
    return [(c, f) for c, f in listings
            if all(LEVEL_ORDER.index(level) >= LEVEL_ORDER.index(first) for words, first in (since or SINCE).items()
                   if words in c)]


# per partition ({lpar})
LPAR_LISTINGS: list[tuple[str, bool]] = [
    ("lssyscfg -r lpar -m {sys} --filter lpar_names={lpar}", True),
    ("lssyscfg -r prof -m {sys} --filter lpar_names={lpar}", True),
    ("lshwres -r mem -m {sys} --level lpar --filter lpar_names={lpar}", True),
    ("lshwres -r proc -m {sys} --level lpar --filter lpar_names={lpar}", True),
    ("lsrefcode -r lpar -m {sys} --filter lpar_names={lpar}", True),
]
# once per HMC
HMC_LISTINGS: list[tuple[str, bool]] = [
    ("lshmc -V", False),
    ("lshmc -n", True),
    ("lshmc -r", True),
    ("lshmc -b", True),
    ("lshmcusr", True),
    ("lspwdpolicy -t p", True),
    ("lspwdpolicy -t s", True),
    ("lshmcldap -r config", True),
    ("lssvcevents -t hardware", True),
    ("lshmcfs", True),
    ("lssyscfg -r sys", True),
    *((f"lssacfg -t {kind}", True) for kind in ("authuser", "callhome", "callhomeserver", "connmon", "connmontimer",
                                                "custinfo", "email", "ftpfirewall", "ftpoffload", "snmp", "snmpopt",
                                                "snmptrapnames")),
]

TWO_SYSTEMS = """
[scenario]
name = "walk"
seed = 11

[[hmc]]
name = "hmc1"
level = "{level}"

[[system]]
name = "Server-9117-MMB-SN10284FP"
type_model = "9117-MMB"
serial = "10284FP"
processor = "POWER7"
memory_mb = 65536
proc_units = 8.0

  [[system.partition]]
  name = "vios1"
  id = 1
  aix_level = "vios-2.2"  # VIOS 3.1 needs POWER8 or later

  [[system.partition]]
  name = "ded1"
  id = 2
  aix_level = "7.1"
  processors = {{ mode = "ded", min_procs = 1, procs = 2, max_procs = 4 }}

  [[system.partition]]
  name = "off1"
  id = 3
  state = "Not Activated"

[[system]]
name = "Server-8286-42A-SN2112ABC"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "lpar1"
  id = 1
  aix_level = "7.2"
"""


MARK = "@@walk-rc="


class Collector:
    """One SSH login; each step runs a batch of commands in one exec channel, each followed by
    ``echo MARK$?`` (as expect-based tools append ``; echo Rc=$?``), so the walk stays fast."""

    def __init__(self, host):
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(host.address, port=host.port, username=host.username, password=host.password,
                            look_for_keys=False, allow_agent=False, timeout=10)

    def batch(self, commands: list[str]) -> list[str]:
        script = "; ".join(f"{c}; echo {MARK}$?" for c in commands)
        _, out, err = self.client.exec_command(script, timeout=60)
        stdout, stderr = out.read().decode(), err.read().decode()
        assert out.channel.recv_exit_status() == 0 and stderr == "", stderr
        outputs, cur = [], []
        for line in stdout.splitlines(keepends=True):
            if line.startswith(MARK):
                rc = line[len(MARK):].strip()
                command = commands[len(outputs)]
                assert rc == "0", f"{command}: rc {rc}: {''.join(cur)!r}"
                outputs.append("".join(cur))
                cur = []
            else:
                cur.append(line)
        assert len(outputs) == len(commands) and not cur, stdout[-300:]
        return outputs

    def run(self, command: str) -> str:
        return self.batch([command])[0]

    def walk(self, listings: list[tuple[str, bool]]) -> int:
        """Default, -F --header and -F <names> of every listing; returns how many records were seen."""
        defaults = {}
        for (command, _), text in zip(listings, self.batch([c for c, _ in listings])):
            if text == NO_RESULTS:
                defaults[command] = []
            elif command.startswith("lshmc -V"):
                defaults[command] = records(text)  # two quoted fields with embedded newlines [V]
                assert len(defaults[command]) == 1 and len(defaults[command][0]) == 2, text
            else:
                defaults[command] = attr_records(text)
        with_f = [c for c, takes_f in listings if takes_f]
        headers = {}
        for command, text in zip(with_f, self.batch([f"{c} -F --header" for c in with_f])):
            default = defaults[command]
            if text == NO_RESULTS:
                assert not default, f"{command}: -F found nothing where the listing had {len(default)} records"
                continue
            rows = records(text)
            header = headers[command] = rows[0]
            field_rows("".join(line + "\n" for line in text.splitlines()[1:]), header)
            assert len(rows) - 1 == len(default), f"{command}: {len(rows) - 1} -F rows, {len(default)} records"
            for rec, row in zip(default, rows[1:]):
                for name, value in rec.items():
                    assert name in header, f"{command}: -F alone lacks {name}"
                    assert row[header.index(name)] == value, f"{command}: {name} differs between the forms"
            headers[command] = (header, rows[1:])
        asked = list(headers)
        for command, text in zip(asked, self.batch([f"{c} -F {','.join(headers[c][0])}" for c in asked])):
            header, rows = headers[command]
            assert field_rows(text, header) == rows, command
        return sum(len(v) for v in defaults.values())


@pytest.fixture(params=["V7", "V9", "V10"])
def estate(request, tmp_path):
    path = tmp_path / f"walk-{request.param}.toml"
    path.write_text(TWO_SYSTEMS.format(level=request.param))
    e = Estate(str(path)).start()
    e.level = request.param
    yield e
    e.stop()


def test_a_collector_walks_every_listing_of_every_system_and_partition(estate):
    c = Collector(estate.hmc)
    try:
        c.walk(for_level(HMC_LISTINGS, estate.level, HMC_SINCE))
        systems = [r[0] for r in records(c.run("lssyscfg -r sys -F name"))]
        assert len(systems) == 2
        walked = 0
        for sys_name in systems:
            lpars = [r[0] for r in records(c.run(f"lssyscfg -r lpar -m {sys_name} -F name"))]
            assert lpars
            per_lpar = [(cmd.format(sys=sys_name, lpar=lpar), f) for lpar in lpars for cmd, f in LPAR_LISTINGS]
            walked += c.walk([(cmd.format(sys=sys_name), f) for cmd, f in for_level(LISTINGS, estate.level)]
                             + per_lpar)
        # the walk saw real data, not a wall of empty answers: pools, firmware, CoD, LEDs of both systems
        assert walked > 150
        # an older HMC refuses what it does not have, in its own words
        for words, first in SINCE.items():
            if LEVEL_ORDER.index(estate.level) < LEVEL_ORDER.index(first):
                cmd = next(c for c, _ in LISTINGS if words in c).format(sys=systems[0])
                _, out, _ = c.client.exec_command(cmd)
                assert "An invalid parameter value was entered." in out.read().decode()
                assert out.channel.recv_exit_status() == 1
    finally:
        c.client.close()


@pytest.fixture
def v9_estate(tmp_path):
    path = tmp_path / "walk-V9.toml"
    path.write_text(TWO_SYSTEMS.format(level="V9"))
    e = Estate(str(path)).start()
    yield e
    e.stop()


def test_system_changes_over_ssh_show_in_every_listing_a_collector_reads(v9_estate):
    """The change commands over a real SSH client, then the listings that must show them."""
    c = Collector(v9_estate.hmc)
    old, new = "Server-9117-MMB-SN10284FP", "p770"
    try:
        outs = c.batch([
            f'chhwres -r procpool -m {old} -o s --poolname SharedPool01 -a "new_name=db,max_pool_proc_units=2"',
            f"chhwres -r procpool -m {old} -o s -p off1 -a shared_proc_pool_name=db",
            f'chhwres -r mem -m {old} -o s -a "pend_mem_region_size=128"',
            f"chled -m {old} -r sa -t virtuallpar -o on --id 2",
            f"updlic -o a -m {old} -t sys -l latestconcurrent -r ibmwebsite",
            f'chsyscfg -r sys -m {old} -i "new_name={new},power_off_policy=0"',
        ])
        assert outs == [""] * 6
        assert records(c.run("lssyscfg -r sys -F name,power_off_policy")) == [[new, "0"],
                                                                              ["Server-8286-42A-SN2112ABC", "1"]]
        pool = attr_records(c.run(f"lshwres -r procpool -m {new} --filter pool_names=db"))
        assert pool[0]["lpar_names"] == "off1" and pool[0]["max_pool_proc_units"] == "2.0"
        assert c.run(f"lshwres -r proc --level lpar -m {new} --filter lpar_names=off1 "
                     f"-F curr_shared_proc_pool_name") == "db\n"
        assert c.run(f"lshwres -r mem --level sys -m {new} -F pend_mem_region_size") == "128\n"
        assert c.run(f"lsled -m {new} -r sa -t virtuallpar --filter lpar_ids=2 -F state") == "on\n"
        assert c.run(f"lslic -m {new} -t sys -F mtms") == "9117-MMB*10284FP\n"
        # the old name is gone, with the HMC's error and exit status
        _, out, _ = c.client.exec_command(f"lshwres -r procpool -m {old}")
        assert out.read().decode() == f"HSCL8014 The managed system {old} was not found.\n"
        assert out.channel.recv_exit_status() == 1
        # the update moves on the virtual clock
        v9_estate.advance(minutes=20)
        assert c.run(f"lslic -m {new} -t sys -F activated_level") == "76\n"
    finally:
        c.client.close()
