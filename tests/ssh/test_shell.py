"""Shell channels, with and without a PTY, driven by the asyncssh client."""

from __future__ import annotations

import asyncio

PROMPT = "hscroot@hmc1:~> "


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 15))


async def until(proc, text: str) -> str:
    """Read the PTY output up to and including text."""
    return await asyncio.wait_for(proc.stdout.readuntil(text), 5)


async def pty_shell(conn, **kw):
    kw.setdefault("term_type", "xterm")
    kw.setdefault("term_size", (80, 24))
    proc = await conn.create_process(**kw)
    assert await until(proc, PROMPT) == PROMPT
    return proc


def test_pty_shell_prompt_echo_crlf_and_exit_status(srv, connect):
    hmc = srv.backends["hmc1"]

    async def go():
        async with connect(srv) as conn:
            proc = await pty_shell(conn)
            proc.stdin.write("echo hello\n")
            got = await until(proc, PROMPT)
            proc.stdin.write("err bad\r")
            got2 = await until(proc, PROMPT)
            proc.stdin.write("exit 3\n")
            rest = await asyncio.wait_for(proc.stdout.read(), 5)
            await proc.wait()
            return got, got2, rest, proc.exit_status

    got, got2, rest, status = run(go())
    assert got == "echo hello\r\nhello\r\n" + PROMPT
    assert got2 == "err bad\r\nbad\r\n" + PROMPT   # stderr merged on a terminal
    assert rest == "exit 3\r\n"
    assert status == 3
    assert [r["channel"] for r in hmc.records[-3:]] == ["shell-pty"] * 3
    assert hmc.records[-1]["command"] == "exit 3"
    assert hmc.shells[-1] == ("hscroot", True, True)


def test_multiline_for_loop_shows_continuation_prompt(srv, connect):
    async def go():
        async with connect(srv) as conn:
            proc = await pty_shell(conn)
            proc.stdin.write("for i in a b c\n")
            p1 = await until(proc, "> ")
            proc.stdin.write("do echo item $i\n")
            p2 = await until(proc, "> ")
            proc.stdin.write("done\n")
            out = await until(proc, PROMPT)
            proc.stdin.write("exit\n")
            await proc.wait()
            return p1, p2, out

    p1, p2, out = run(go())
    assert p1 == "for i in a b c\r\n> "
    assert p2 == "do echo item $i\r\n> "
    assert out == "done\r\nitem a\r\nitem b\r\nitem c\r\n" + PROMPT
    assert srv.backends["hmc1"].records[-2]["command"] == "for i in a b c\ndo echo item $i\ndone"


def test_bare_newlines_give_fresh_prompts_and_typeahead_is_ordered(srv, connect):
    hmc = srv.backends["hmc1"]

    async def go():
        async with connect(srv) as conn:
            proc = await pty_shell(conn)
            before = len(hmc.records)
            proc.stdin.write("\n\n")
            blank = await until(proc, PROMPT + "\r\n" + PROMPT)
            proc.stdin.write("echo one\necho two\n")  # typed ahead in one packet
            out = await until(proc, "two\r\n" + PROMPT)
            proc.stdin.write("exit\n")
            await proc.wait()
            return blank, out, hmc.records[before:]

    blank, out, recs = run(go())
    assert blank == "\r\n" + PROMPT + "\r\n" + PROMPT
    # like bash/readline: the second line is echoed only after the first one's output
    assert out == "echo one\r\none\r\n" + PROMPT + "echo two\r\ntwo\r\n" + PROMPT
    assert [r["command"] for r in recs] == ["echo one", "echo two", "exit"]


def test_ctrl_c_ctrl_d_window_change_and_line_editing(srv, connect):
    async def go():
        async with connect(srv) as conn:
            proc = await pty_shell(conn, term_size=(511, 1000))
            proc.change_terminal_size(132, 50)
            proc.stdin.write("echo partial")
            await until(proc, "partial")
            proc.stdin.write("\x03")
            intr = await until(proc, PROMPT)
            proc.stdin.write("echo abX\x7fc\n")  # backspace edits the line
            edited = await until(proc, PROMPT)
            proc.stdin.write("false\n")
            await until(proc, PROMPT)
            proc.stdin.write("\x04")  # Ctrl-D on an empty line
            await proc.wait()
            return intr, edited, proc.exit_status

    intr, edited, status = run(go())
    assert intr.endswith("^C\r\n" + PROMPT)
    assert edited.endswith("\r\nabc\r\n" + PROMPT)
    assert status == 1   # last status (false)


def test_echo_off_terminal_mode_is_honoured(srv, connect):
    async def go():
        async with connect(srv) as conn:
            proc = await pty_shell(conn, term_modes={53: 0})  # 53 = ECHO, off
            proc.stdin.write("echo quiet\n")
            out = await until(proc, PROMPT)
            proc.stdin.write("exit\n")
            await proc.wait()
            return out

    assert run(go()) == "\r\nquiet\r\n" + PROMPT


def test_channel_eof_on_pty_shell_ends_it(srv, connect):
    async def go():
        async with connect(srv) as conn:
            proc = await pty_shell(conn)
            proc.stdin.write("err x\n")
            await until(proc, PROMPT)
            proc.stdin.write_eof()
            await proc.wait()
            return proc.exit_status

    assert run(go()) == 2


def test_no_pty_shell_runs_script_without_prompt_or_echo(srv, connect):
    async def go():
        async with connect(srv, host="lpar30", username="root", password="secret") as conn:
            return await conn.run(input="echo a\nfor i in 1 2\ndo echo $i\ndone\nerr e\n"
                                        "mode\nexit 4\necho never\n")

    r = run(go())
    assert r.stdout == "a\n1\n2\ninteractive=False pty=False\n"
    assert r.stderr == "e\n"
    assert r.exit_status == 4
    assert srv.backends["lpar30"].records[-1]["channel"] == "shell"


def test_no_pty_shell_last_line_without_newline_and_eof_status(srv, connect):
    async def go():
        async with connect(srv) as conn:
            return await conn.run(input="echo x\nfalse")

    r = run(go())
    assert (r.stdout, r.exit_status) == ("x\n", 1)


def test_no_pty_shell_with_stdin_at_eof_keeps_connection(srv, connect):
    """avocado's ControlMaster: `ssh -T -n` opens a shell, stdin at EOF at once."""
    async def go():
        async with connect(srv) as conn:
            master = await conn.create_process()          # shell, no PTY
            side = await conn.run("echo concurrent")      # another channel meanwhile
            master.stdin.write_eof()
            await asyncio.wait_for(master.wait(), 5)
            out = await asyncio.wait_for(master.stdout.read(), 5)
            after = await conn.run("echo after")          # connection still usable
            return side.stdout, master.exit_status, out, after.stdout, after.exit_status

    assert run(go()) == ("concurrent\n", 0, "", "after\n", 0)


def test_many_channels_on_one_connection_concurrently(srv, connect):
    async def go():
        async with connect(srv) as conn:
            shells = [await pty_shell(conn) for _ in range(3)]
            results = await asyncio.gather(*(conn.run(f"echo ch{i}") for i in range(15)))
            for i, proc in enumerate(shells):
                proc.stdin.write(f"echo shell{i}\n")
            outs = [await until(p, PROMPT) for p in shells]
            for proc in shells:
                proc.stdin.write("exit\n")
                await proc.wait()
            return [r.stdout for r in results], outs

    outs, shells = run(go())
    assert outs == [f"ch{i}\n" for i in range(15)]
    assert shells == [f"echo shell{i}\r\nshell{i}\r\n{PROMPT}" for i in range(3)]


def test_long_script_on_stdin_with_input_flow_control(srv, connect, monkeypatch):
    import harness.ssh.session as session_mod

    monkeypatch.setattr(session_mod, "_MAX_PENDING_INPUT", 1024)  # pause/resume many times
    hmc = srv.backends["hmc1"]
    before = len(hmc.records)
    script = "".join(f"echo l{i}\n" for i in range(2000)) + "exit 9\n"

    async def go():
        async with connect(srv) as conn:
            return await conn.run(input=script)

    r = run(go())
    assert r.stdout == "".join(f"l{i}\n" for i in range(2000))
    assert r.exit_status == 9
    assert len(hmc.records) - before == 2001


def test_pasted_block_into_pty_is_echoed_in_order(srv, connect):
    async def go():
        async with connect(srv) as conn:
            proc = await pty_shell(conn)
            proc.stdin.write("".join(f"echo p{i}\r" for i in range(300)))
            out = await until(proc, "p299\r\n" + PROMPT)
            proc.stdin.write("exit\n")
            await proc.wait()
            return out

    expected = "".join(f"echo p{i}\r\np{i}\r\n{PROMPT}" for i in range(300))
    assert run(go()) == expected
