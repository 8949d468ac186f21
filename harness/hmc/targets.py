"""What an HMC command acts on: its HMC, the managed system named by -m, the partition by -p/--id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..world.hmc import Hmc
from ..world.rmc import RmcView
from ..world.system import ManagedSystem, Partition
from ..world.world import World
from .messages import HmcError, error, text

if TYPE_CHECKING:
    from .options import Options


@dataclass
class HmcTarget:
    world: World
    hmc: Hmc

    @property
    def level(self) -> str:
        return self.hmc.level_key

    def systems(self) -> list[ManagedSystem]:
        return self.world.systems_of_hmc(self.hmc)

    def system(self, key: str) -> ManagedSystem:
        """-m takes the user-defined name or TYPE-MODEL*SERIAL [V]; only systems this HMC manages."""
        mine = self.systems()
        found = next((s for s in mine if s.name == key), None) or next((s for s in mine if s.mtms == key), None)
        if found is None:
            raise error("system_not_found", name=key)
        return found

    def connected(self, system: ManagedSystem) -> bool:
        return system.hmc_connected.get(self.hmc.name, False)

    def require_connected(self, system: ManagedSystem) -> None:
        if not self.connected(system):
            raise HmcError(text("no_connection", system=system.name))

    def partitions(self, system: ManagedSystem) -> list[Partition]:
        # [I] listings are ordered by partition ID
        return sorted(system.partitions.values(), key=lambda p: p.id)

    def partition_by_name(self, system: ManagedSystem, name: str) -> Partition:
        part = next((p for p in system.partitions.values() if p.name == name), None)
        if part is None:
            raise error("lpar_name_not_found", name=name)
        return part

    def partition_by_id(self, system: ManagedSystem, lpar_id: str) -> Partition:
        part = system.partitions.get(int(lpar_id)) if lpar_id.isascii() and lpar_id.isdigit() else None
        if part is None:
            raise error("lpar_id_not_found", id=lpar_id)
        return part

    def pick_partition(self, system: ManagedSystem, opts: Options, by_name: str = "-p", by_id: str = "--id",
                       required: bool = True) -> Partition | None:
        """The partition named by ``by_name`` or numbered by ``by_id`` (exactly one of them): the
        -p/--id, -t/--tid and -n/--id rules every change command shares."""
        given = [o for o in (by_name, by_id) if opts.has(o)]
        if not given:
            if required:
                raise error("missing_parameter", name=by_name)
            return None
        if len(given) > 1:
            raise error("conflicting_parameters", first=by_name, second=by_id)
        if given[0] == by_name:
            return self.partition_by_name(system, opts.get(by_name))
        return self.partition_by_id(system, opts.get(by_id))

    def view(self, system: ManagedSystem, part: Partition) -> RmcView:
        return self.world.rmc.view(self.hmc, system, part)

    def show(self, value: str) -> str:
        """Host names and addresses as the world's display allows (the seed was published redacted)."""
        return self.world.display.show(value)


def target_of(session) -> HmcTarget:
    hmc = getattr(session, "hmc", None)
    if hmc is None:
        raise HmcError(text("internal_error"))
    return HmcTarget(session.world, hmc)
