"""lspartition -dlpar / -i / -ix against the seed and other worlds."""

from __future__ import annotations

from hmc_helpers import deactivate, repair_seed

# The seed's two blocks, byte for byte (shared/seed, "hscroot@hmc1:~> lspartition -dlpar") [V]
from tests.seed_texts import SEED_AFTER, SEED_BEFORE


def _entry(out: str, slot: int) -> str:
    lines = out.splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.startswith(f"<#{slot}> "))
    return lines[i] + lines[i + 1]


def test_seed_before_block_is_byte_identical(seed):
    r = seed.run("lspartition -dlpar")
    assert r.rc == 0 and r.err == ""
    assert _entry(r.out, 5) == SEED_BEFORE


def test_seed_after_recfgct_block_is_byte_identical(seed):
    repair_seed(seed.world)
    r = seed.run("lspartition -dlpar")
    assert _entry(r.out, 5) == SEED_AFTER


def test_seed_rmcctrl_restart_alone_does_not_cure(seed):
    from harness.world import src

    part = seed.part("lpar30")
    src.stop_rmc(seed.world, part)
    src.start_rmc(seed.world, part)
    seed.world.advance(360)
    assert "DCaps:<0x0>" in _entry(seed.run("lspartition -dlpar").out, 5)


def test_every_entry_is_two_lines_with_seven_space_indent(seed):
    lines = seed.run("lspartition -dlpar").out.splitlines()
    assert len(lines) == 12
    for first, second in zip(lines[::2], lines[1::2]):
        assert first.startswith("<#") and " LPAR:<" in first
        assert second.startswith("       Active:<") and not second.startswith("        ")


def test_later_levels_say_partition_and_show_host_and_address(healthy):
    out = healthy.run("lspartition -dlpar").out
    ip = healthy.part("lpar1").os.net.primary().ip
    assert out.splitlines()[0] == f"<#0> Partition:<1*8286-42A*2112ABC, lpar1, {ip}>"
    assert out.splitlines()[1] == ("       Active:<1>, OS:<AIX, 7.2, 7200-05-06-2320>, DCaps:<0x2c5f>, "
                                   "CmdCaps:<0x4000001b, 0x1b>, PinnedMem:<994>")


def test_inactive_rmc_shows_blank_os_and_zero_caps(hmc_for):
    hmc = hmc_for("network-down")
    second = hmc.run("lspartition -dlpar").out.splitlines()[3]
    assert second == "       Active:<0>, OS:< , , >, DCaps:<0x0>, CmdCaps:<0x0, 0x0>, PinnedMem:<768>"


def test_slot_gaps_are_kept(healthy):
    healthy.world.hmcs["hmc1"].managed_nodes[1] = None
    firsts = [line for line in healthy.run("lspartition -dlpar").out.splitlines() if line.startswith("<#")]
    assert [f.split(">")[0] for f in firsts] == ["<#0", "<#2", "<#3"]  # #3: vios1


def test_not_activated_partition_stays_listed_inactive(healthy):
    deactivate(healthy.world, healthy.part("lpar2"))
    out = healthy.run("lspartition -dlpar").out
    assert _entry(out, 1).splitlines()[1].startswith("       Active:<0>, OS:< , , >")


def test_inventory_formats(healthy):
    ips = [healthy.part(n).os.net.primary().ip for n in ("lpar1", "lpar2", "lpar3")]
    r = healthy.run("lspartition -i")
    assert r.rc == 0
    # [V bond-huang] records separated (not terminated) by ';', active 3 with RMC and DLPAR
    vios = healthy.part("vios1").os.net.primary().ip
    assert r.out == f"1,{ips[0]},3;2,{ips[1]},3;3,{ips[2]},3;10,{vios},3\n"
    rx = healthy.run("lspartition -ix").out
    # [V] OSlevel is the version: `12,9.200.104.174,0,,AIX,7.1`
    assert rx.startswith(f"1,{ips[0]},3,lpar1,AIX,7.2;2,{ips[1]},3,lpar2,AIX,7.1;3,")
    assert rx.endswith(f";10,{vios},3,vios1,AIX,7.2\n") and rx.count(";") == 3  # a VIOS 3.1 is AIX 7.2


def test_bad_option_is_an_hmc_error(healthy):
    r = healthy.run("lspartition -bogus")
    assert r.rc == 1
    assert r.out.startswith("An invalid parameter was entered.  The invalid parameter is -bogus.")


def test_capability_words_print_with_two_hex_digits_but_zero_as_0x0():
    from harness.hmc.lspartition import caps_hex

    # [V] `CmdCaps:<0x0b, 0x0b>` (older levels), `0x1b`, `0x2c5f`, and the seed's `0x0`
    assert [caps_hex(v) for v in (0x0B, 0x1B, 0x2C5F, 0)] == ["0x0b", "0x1b", "0x2c5f", "0x0"]
