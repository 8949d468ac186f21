"""A line over 1 MiB on a shell channel without a PTY used to hang the channel for ever (reading paused,
no newline ever seen). It is refused with a message, and the next line runs (issue 14 item 1)."""

from __future__ import annotations

import asyncio

import asyncssh
import pytest


@pytest.mark.timeout(90)
@pytest.mark.parametrize("newline", [True, False], ids=["ends-in-newline", "newline-much-later"])
def test_a_huge_line_is_refused_and_the_shell_goes_on(estate_factory, newline):
    lpar = estate_factory("healthy").host("lpar1")

    async def go():
        async with asyncssh.connect(lpar.address, port=lpar.port, username=lpar.username, password=lpar.password,
                                    known_hosts=None, client_keys=None, agent_path=None) as conn:
            proc = await conn.create_process()  # a shell channel, no PTY
            huge = "echo " + "x" * (3 << 20)
            proc.stdin.write(huge + ("\n" if newline else ""))
            if not newline:
                proc.stdin.write("y" * (1 << 20) + "\n")
            proc.stdin.write("echo after\n")
            proc.stdin.write_eof()
            out = await asyncio.wait_for(proc.stdout.read(), 60)
            err = await asyncio.wait_for(proc.stderr.read(), 60)
            await proc.wait_closed()
            return out, err

    out, err = asyncio.run(go())
    assert out == "after\n"
    assert err == "fakehmc: input line longer than 1048576 bytes refused\n"
