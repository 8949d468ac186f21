"""The two-system estate that migration tests share (HMC commands in-process, REST jobs over HTTPS).

System A holds a VIOS and two client partitions, app2 with no route to the HMC (no RMC session, so
migrlpar refuses it); system B holds a VIOS. Both are 8286-42A with 64 GB and 8 processor units, so
either can take a partition from the other."""

from __future__ import annotations

from pathlib import Path

SYS_A, SYS_B = "Server-8286-42A-SN2112ABC", "Server-8286-42A-SN2112DEF"

_SYSTEM = """
[[system]]
name = "{name}"
type_model = "8286-42A"
serial = "{serial}"
memory_mb = 65536
proc_units = 8.0
hmcs = [{hmcs}]
"""
_PARTITION = """
  [[system.partition]]
  name = "{name}"
  id = {id}
"""
_VIOS = '  aix_level = "vios-3.1"\n'


def write_two_systems(path: Path, *, name: str, hmcs: tuple[str, ...] = ("hmc1",),
                      b_hmcs: tuple[str, ...] = ("hmc1",), rmc_poll_seconds: int | None = None) -> str:
    """Write the estate's scenario to path and return the path as a string (what load_scenario and
    estate_factory take). System A is managed by the first HMC, system B by b_hmcs."""

    def quoted(names):
        return ", ".join(f'"{n}"' for n in names)

    text = f'[scenario]\nname = "{name}"\nseed = 9\n'
    text += "".join(f'\n[[hmc]]\nname = "{h}"\nlevel = "V9"\n' for h in hmcs)
    if rmc_poll_seconds is not None:
        text += f"\n[defaults]\nrmc_poll_seconds = {rmc_poll_seconds}\n"
    text += _SYSTEM.format(name=SYS_A, serial="2112ABC", hmcs=quoted(hmcs[:1]))
    text += _PARTITION.format(name="vios1", id=1) + _VIOS
    text += _PARTITION.format(name="app1", id=2)
    text += _PARTITION.format(name="app2", id=3) + '  causes = { no_route_to_hmc = "127.0.0.10" }\n'
    text += _SYSTEM.format(name=SYS_B, serial="2112DEF", hmcs=quoted(b_hmcs))
    text += _PARTITION.format(name="vios2", id=1) + _VIOS
    path.write_text(text)
    return str(path)
