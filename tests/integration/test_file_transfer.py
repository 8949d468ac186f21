"""A tool copies a shell script to a partition (SFTP with asyncssh and paramiko, OpenSSH scp in both its
legacy and its SFTP-based protocol), runs it over SSH and reads the file it wrote back; with /var full
the same script fails as AIX would. The HMC offers neither (issue 12 item 5)."""

from __future__ import annotations

import asyncio
import re
import subprocess

import asyncssh
import pytest

from harness.world.causes import apply_cause
from tests.conftest import require_binary
from tests.sshclients import paramiko_client

SCRIPT = """#!/bin/sh
lssrc -g rsct_rm > /var/tmp/tool.out || exit 3
df -g /var >> /var/tmp/tool.out
echo "ran on $(hostname)"
"""
OPTS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "PasswordAuthentication=no"]


def connect(host):
    return asyncssh.connect(host.address, port=host.port, username=host.username, password=host.password,
                            known_hosts=None, client_keys=None)


def check_report(text: str) -> None:
    assert text.startswith("Subsystem         Group            PID          Status\n")
    assert " IBM.DRM          rsct_rm " in text and "/dev/hd9var" in text


def test_asyncssh_sftp_put_run_and_fetch(estate_factory):
    est = estate_factory("healthy")
    lpar = est.host("lpar1")

    async def go():
        async with connect(lpar) as conn:
            async with conn.start_sftp_client() as sftp:
                assert await sftp.realpath(".") == "/"  # root's home on AIX
                await sftp.mkdir("/tmp/tool")
                async with sftp.open("/tmp/tool/run.sh", "w") as f:
                    await f.write(SCRIPT)
                await sftp.chmod("/tmp/tool/run.sh", 0o755)
                assert (await sftp.stat("/tmp/tool/run.sh")).permissions == 0o100755
                run = await conn.run("/tmp/tool/run.sh")
                assert (run.exit_status, run.stdout, run.stderr) == (0, "ran on lpar1\n", "")
                async with sftp.open("/var/tmp/tool.out") as f:
                    report = await f.read()
                listing = await conn.run("ls -l /tmp/tool")
                return report, listing.stdout, sorted(await sftp.listdir("/tmp/tool"))

    report, listing, names = asyncio.run(go())
    check_report(report)
    assert "-rwxr-xr-x    1 root     system" in listing and names == [".", "..", "run.sh"]
    assert est.call(lambda: est.world.host("lpar1").partition.os.files["/var/tmp/tool.out"]) == report


def test_paramiko_sftp_put_run_and_get(estate_factory, tmp_path):
    est = estate_factory("healthy")
    local = tmp_path / "run.sh"
    local.write_text(SCRIPT)
    client = paramiko_client(est.host("lpar1"))
    try:
        sftp = client.open_sftp()
        sftp.put(str(local), "/tmp/run.sh")
        _, out, err = client.exec_command("sh /tmp/run.sh")
        assert (out.read(), err.read(), out.channel.recv_exit_status()) == (b"ran on lpar1\n", b"", 0)
        sftp.get("/var/tmp/tool.out", str(tmp_path / "back.txt"))
        sftp.close()
    finally:
        client.close()
    check_report((tmp_path / "back.txt").read_text())


@pytest.fixture
def ssh_key(tmp_path):
    key = asyncssh.generate_private_key("ssh-ed25519")
    path = tmp_path / "id_ed25519"
    key.write_private_key(str(path))
    path.chmod(0o600)
    return path, key.export_public_key().decode().strip()


@pytest.mark.parametrize("protocol", [["-O"], []], ids=["scp-legacy", "scp-sftp"])
def test_openssh_scp_put_run_and_fetch(estate_factory, tmp_path, ssh_key, protocol):
    require_binary("scp", "openssh-client")
    est = estate_factory("healthy")
    lpar = est.host("lpar1")
    key_path, public = ssh_key
    est.call(lambda: est.world.host("lpar1").partition.os.authorized_keys.setdefault("root", []).append(public))
    (tmp_path / "run.sh").write_text(SCRIPT)
    opts = [*OPTS, "-i", str(key_path), "-P", str(lpar.port)]
    up = subprocess.run(["scp", *protocol, *opts, str(tmp_path / "run.sh"), f"root@{lpar.address}:/tmp/run.sh"],
                        capture_output=True, text=True, timeout=60)
    assert (up.returncode, up.stderr) == (0, "")
    ssh = ["ssh", *OPTS, "-i", str(key_path), "-p", str(lpar.port), f"root@{lpar.address}"]
    ran = subprocess.run([*ssh, "chmod +x /tmp/run.sh && /tmp/run.sh"], capture_output=True, text=True, timeout=60)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "ran on lpar1\n", "")
    down = subprocess.run(["scp", *protocol, *opts, f"root@{lpar.address}:/var/tmp/tool.out", str(tmp_path / "back")],
                          capture_output=True, text=True, timeout=60)
    assert down.returncode == 0, down.stderr
    check_report((tmp_path / "back").read_text())
    # and with OpenSSH's sftp client, as the "reads the file it wrote back with SFTP"
    sftp = subprocess.run(["sftp", *OPTS, "-i", str(key_path), "-P", str(lpar.port), "-b", "-", f"root@{lpar.address}"],
                          input=f"get /var/tmp/tool.out {tmp_path / 'back2'}\nls -l /tmp/run.sh\n",
                          capture_output=True, text=True, timeout=60)
    assert sftp.returncode == 0, sftp.stderr
    assert (tmp_path / "back2").read_text() == (tmp_path / "back").read_text()
    assert re.search(rf"^-rwxr-xr-x .* {len(SCRIPT)} .* /tmp/run.sh$", sftp.stdout, re.M), sftp.stdout


def test_the_script_fails_as_aix_does_when_var_is_full(estate_factory):
    est = estate_factory("healthy")
    lpar = est.host("lpar1")
    est.call(apply_cause, est.world, "var_full", "lpar1")

    async def go():
        async with connect(lpar) as conn:
            async with conn.start_sftp_client() as sftp:
                async with sftp.open("/tmp/run.sh", "w") as f:
                    await f.write(SCRIPT)
                run = await conn.run("sh /tmp/run.sh")
                with pytest.raises(asyncssh.SFTPFailure, match="There is not enough space in the file system."):
                    async with sftp.open("/var/tmp/copy.sh", "w") as f:
                        await f.write(SCRIPT)
                df = await conn.run("df -g /var")
                return run, df.stdout

    run, df = asyncio.run(go())
    assert (run.exit_status, run.stdout) == (3, "")
    assert run.stderr == "ksh: /var/tmp/tool.out: 0403-005 Cannot create the specified file.\n"
    assert " 100% " in df


def test_the_hmc_offers_no_sftp_and_no_scp(estate_factory):
    """[I] the real HMC's refusal texts are not captured: its sshd has no sftp subsystem and its
    restricted shell has no `scp -t` sink, so the fake refuses the subsystem and the shell says so."""
    est = estate_factory("healthy")
    hmc = est.host("hmc1")

    async def go():
        async with connect(hmc) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.start_sftp_client()
            return await conn.run("scp -t /tmp/x")

    r = asyncio.run(go())
    assert (r.exit_status, r.stderr) == (127, "bash: scp: command not found\n")


def test_files_put_by_sftp_survive_a_restart_with_the_state_dir(estate_factory, tmp_path):
    state = tmp_path / "state"
    first = estate_factory("healthy", state_dir=state)
    lpar = first.host("lpar1")

    async def put():
        async with connect(lpar) as conn:
            async with conn.start_sftp_client() as sftp:
                await sftp.makedirs("/home/tool/bin")
                async with sftp.open("/home/tool/bin/run.sh", "w") as f:
                    await f.write(SCRIPT)
                await sftp.chmod("/home/tool/bin/run.sh", 0o700)

    asyncio.run(put())
    first.stop()
    again = estate_factory("healthy", state_dir=state)

    async def look(host):
        async with connect(host) as conn:
            return await conn.run("ls -l /home/tool/bin; /home/tool/bin/run.sh")

    r = asyncio.run(look(again.host("lpar1")))
    assert r.exit_status == 0 and r.stdout.startswith("total 4\n-rwx------    1 root     system          ")
    assert r.stdout.endswith(" run.sh\nran on lpar1\n")


def test_fetch_a_ctsnap_archive_and_an_errpt_dump(estate_factory):
    est = estate_factory("healthy")
    lpar = est.host("lpar1")

    async def go():
        async with connect(lpar) as conn:
            snap = await conn.run("ctsnap")
            path = snap.stdout.split("placed in ")[1].rstrip(".\n")
            await conn.run("errpt -a > /tmp/errpt.out")
            async with conn.start_sftp_client() as sftp:
                async with sftp.open(path, "rb") as f:
                    archive = await f.read()
                async with sftp.open("/tmp/errpt.out") as f:
                    dump = await f.read()
            listed = (await conn.run(f"ls -l {path}")).stdout.split()
            return archive, int(listed[4]), dump, (await conn.run("errpt -a")).stdout

    archive, listed_size, dump, errpt = asyncio.run(go())
    assert len(archive) == listed_size > 0  # [I] a size-only file is fetched as that many bytes
    assert dump == errpt


def test_open_sftp_handles_are_bounded(estate_factory):
    from harness.ssh import sftp as server

    est = estate_factory("healthy")

    async def go():
        async with connect(est.host("lpar1")) as conn:
            async with conn.start_sftp_client() as sftp:
                files = [await sftp.open(f"/tmp/h{i}", "w") for i in range(server.MAX_HANDLES)]
                with pytest.raises(asyncssh.SFTPFailure, match="Too many open files"):
                    await sftp.open("/tmp/one-more", "w")
                for f in files:
                    await f.close()
                async with sftp.open("/tmp/after", "w") as f:  # closing gave the room back
                    await f.write("ok")
        return server._buffered[0]

    assert asyncio.run(go()) == 0
