"""The HMC console's listings from the world and the change commands that move them: lshmc -n/-r/-b,
chhmc, lshmcldap/chhmcldap, lspwdpolicy, lssvcevents, and the command reference's fallbacks
(harness/world/hmc_console.py, harness/hmc/lshmc.py, chhmc.py, hmcldap.py, svcevents.py, reference.py)."""

from __future__ import annotations

import pytest
from hmc_helpers import REGISTRY, Hmc

from harness.hmc.coverage import coverage_text
from harness.hmc.reference import REFERENCE
from harness.runtime.session import Session
from harness.scenario.catalogue import builtin_names, load_scenario

CONSOLE_TOML = """
[scenario]
name = "console"
seed = 7

[[hmc]]
name = "hmc1"
level = "{level}"
domain = "localnet"
nameservers = ["9.9.9.9", "8.8.8.8"]
ntp_servers = ["10.0.0.5"]
remote_access = {{ xntp = "enable" }}
interfaces = [ {{ name = "eth1", address = "192.168.2.10", mac = "00:14:5e:7f:2f:4d", lparcomm = "on" }} ]
password_policies = [ {{ name = "corp", min_length = "9" }} ]
active_password_policy = "corp"
ldap = {{ primary = "ldap://ldap.example.com", basedn = "dc=example,dc=com" }}

  [[hmc.service_events]]
  refcode = "B3030001"
  text = "ACT04284I HMC connection failure"
  first_time = "2026-11-25 15:56:33"

  [[hmc.service_events]]
  refcode = "110000AC"
  text = "ACT04293I Power/cooling subsystem"
  first_time = "2026-11-20 09:00:00"
  system = "Server-8286-42A-SN2112ABC"
  severity = 64
  status = "Closed"

[[system]]
name = "Server-8286-42A-SN2112ABC"
type_model = "8286-42A"
serial = "2112ABC"

  [[system.partition]]
  name = "lpar1"
  id = 1
"""


@pytest.fixture
def console(tmp_path):
    def make(level: str = "V9") -> Hmc:
        path = tmp_path / f"console-{level}.toml"
        path.write_text(CONSOLE_TOML.format(level=level))
        return Hmc(load_scenario(str(path)))

    return make


def split_outside_quotes(line: str) -> list[str]:
    """What hmcScanner/ansible do with a default line: split on commas outside double quotes."""
    fields, cur, quoted = [], [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    fields.append("".join(cur))
    return fields


def parsed(line: str) -> dict[str, str]:
    return dict(f.split("=", 1) for f in split_outside_quotes(line.rstrip("\n")))


@pytest.mark.parametrize("level", ["V7", "V8", "V9", "V10"])
def test_lshmc_n_two_interfaces_from_the_scenario_parse_as_a_real_parser_does(console, level):
    hmc = console(level)
    ip = hmc.world.hmcs["hmc1"].ip
    r = hmc.run("lshmc -n")
    assert r.rc == 0 and r.out.count("\n") == 1
    v = parsed(r.out)
    # [V] the captured V7 order: HMC-wide names, then twelve per interface, eth0 first
    later = level in ("V9", "V10")  # [I] the names the HMC Scanner rewrite reads on newer HMCs
    head = ["hostname", "domain", "ipaddr", "networkmask", "gateway", "nameserver", "domainsuffix",
            *(["dns"] if later else []), "slipipaddr", "slipnetmask", "ipaddrlpar", "networkmasklpar", "clients",
            "ipv6addrlpar", "slpipaddrs"]
    per = ["ipv4addr", "ipv4netmask", "ipv4dhcp", "ipv6addr", "ipv6auto", "ipv6privacy", "ipv6dhcp", "lparcomm",
           "jumboframe", "speed", "duplex", "tso", *(["dhcpserver"] if later else [])]
    assert list(v) == head + [f"{n}_eth0" for n in per] + [f"{n}_eth1" for n in per]
    assert v["ipaddr"] == f"{ip},192.168.2.10" and v["ipaddrlpar"] == v["ipaddr"]
    assert v["networkmask"] == "255.255.255.0,255.255.255.0"
    assert v["nameserver"] == "9.9.9.9,8.8.8.8" and v["domain"] == "localnet"
    # [V] the sample's EUI-64 link-local of MAC 00:14:5e:7f:2f:4d, long form in -n, short in slpipaddrs
    assert v["ipv6addr_eth1"] == "fe80:0:0:0:214:5eff:fe7f:2f4d/64"
    assert v["slpipaddrs"].endswith(",fe80::214:5eff:fe7f:2f4d/64")
    assert (v["lparcomm_eth0"], v["lparcomm_eth1"], v["tso_eth1"]) == ("off", "on", "off")
    # the quoting itself: a list value is one quoted pair
    assert f',"ipaddr={ip},192.168.2.10",' in r.out
    assert hmc.run("lshmc -n -F ipv4addr_eth1:lparcomm_eth1").out == "192.168.2.10:on\n"


def test_chhmc_network_changes_show_in_lshmc_n(console):
    hmc = console()
    assert hmc.run("chhmc -c network -s modify -i eth1 -a 192.168.3.7 -nm 255.255.0.0 --jumboframe on "
                   "--speed 1000 --duplex full --tso on").rc == 0
    v = parsed(hmc.run("lshmc -n").out)
    assert (v["ipv4addr_eth1"], v["ipv4netmask_eth1"], v["jumboframe_eth1"], v["speed_eth1"], v["duplex_eth1"],
            v["tso_eth1"]) == ("192.168.3.7", "255.255.0.0", "on", "1000", "full", "on")
    assert v["ipaddr"].endswith(",192.168.3.7")
    assert hmc.run("chhmc -c network -s modify -h newhmc -d example.com -g 127.0.0.254").rc == 0
    v = parsed(hmc.run("lshmc -n").out)
    assert (v["hostname"], v["domain"], v["gateway"]) == ("newhmc", "example.com", "127.0.0.254")
    assert hmc.run("chhmc -c network -s remove -ns 9.9.9.9").rc == 0
    assert hmc.run("chhmc -c network -s add -ds example.com").rc == 0
    assert hmc.run("lshmc -n -F nameserver:domainsuffix").out == "8.8.8.8:example.com\n"


def test_chhmc_refuses_what_the_model_cannot_hold_and_changes_nothing(console):
    hmc = console()
    before = hmc.world.hmcs["hmc1"].to_dict()
    r = hmc.run("chhmc -c network -s modify -i eth0 -a 10.9.9.9")  # clients reach the HMC by eth0 [I]
    assert r.rc == 1 and r.out.startswith("HSCL0002 ")
    assert hmc.run("chhmc -c network -s modify -i eth9 --tso on").rc == 1
    assert hmc.run("chhmc -c ssh -s maybe").rc == 1
    assert hmc.run("chhmc -c network -s modify -i eth1 -a 999.1.1.1").rc == 1
    assert hmc.run("chhmc -s enable").out.startswith("A required parameter was not entered.")
    assert hmc.world.hmcs["hmc1"].to_dict() == before


def test_lshmc_r_from_the_world_and_chhmc_switches(console):
    hmc = console()
    v = parsed(hmc.run("lshmc -r").out)
    # [V] the captured order; the scenario's xntp and LDAP; the servers after the local clock [I]
    assert list(v)[:5] == ["ssh", "sshprotocol", "remotewebui", "xntp", "xntpserver"] and list(v)[-1] == "sol"
    assert (v["ssh"], v["xntp"], v["xntpserver"], v["ldap"]) == ("enable", "enable", "10.0.0.5", "enable")
    assert parsed(console("V7").run("lshmc -r").out)["xntpserver"] == "127.127.1.0,10.0.0.5"
    for line in ("chhmc -c remotewebui -s disable", "chhmc -c xntp -s remove -a 10.0.0.5",
                 "chhmc -c xntp -s disable", "chhmc -c syslog -s add -a 10.0.0.9 -t tcp",
                 "chhmc -c altdiskboot -s enable"):
        assert hmc.run(line).rc == 0, line
    v = parsed(hmc.run("lshmc -r").out)
    assert (v["remotewebui"], v["xntp"], v["xntpserver"], v["syslogtcpserver"], v["altdiskboot"]) == (
        "disable", "disable", "", "10.0.0.9", "enable")
    assert hmc.run("lshmc --syslog").out == "server=10.0.0.9,type=tcp\n"
    assert hmc.run("chhmc -c xntp -s remove -a 10.0.0.5").rc == 1


def test_lshmc_b_v_and_locale(console):
    hmc = console()
    assert hmc.run("lshmc -b").out == "bios=TCE136CUS-1.17\n"  # [I] level of a 7042-CR9
    hmc.world.advance(3600)
    # *N2: when the HMC collected its VPD (its start here [I]), in UTC on V8+ [V], GMT on V7R3 [V]
    assert "*N2 Thu Nov 26 09:00:00 UTC 2026\n" in hmc.run("lshmc -v").out
    assert "*N2 Thu Nov 26 09:00:00 GMT 2026\n" in console("V7").run("lshmc -v").out
    assert hmc.run("chhmc -c locale -s modify -l de_DE").rc == 0
    assert hmc.run("lshmc -l").out == "locale=de_DE\n"
    for mode in ("-D", "-e", "-h", "-i", "--bmc", "--firewall"):  # hardware and services not modelled
        r = hmc.run(f"lshmc {mode}")
        assert r.rc == 1 and r.out.startswith(f"HSCL0005 The lshmc {mode} command is not available"), mode


def test_ldap_config_from_scenario_change_and_remove(console):
    hmc = console()
    v = parsed(hmc.run("lshmcldap -r config").out)
    assert list(v) == ["primary", "backup", "basedn", "timelimit", "bindtimelimit", "referrals", "ssl",
                       "loginattribute", "hmcauthnameattribute", "hmcuserpropsattribute", "binddn", "bindpwset",
                       "automanage", "auth", "searchfilter", "scope", "tlscacert", "hmcgroups"]  # [V] order
    assert (v["primary"], v["basedn"]) == ("ldap://ldap.example.com", "dc=example,dc=com")
    assert hmc.run("chhmcldap -o s --backup ldaps://ldap2.example.com --bindpw s3cret --scope sub").rc == 0
    v = parsed(hmc.run("lshmcldap -r config").out)
    assert (v["backup"], v["bindpwset"], v["scope"]) == ("ldaps://ldap2.example.com", "1", "sub")
    assert hmc.run("chhmcldap -o s --primary ftp://nope").rc == 1
    assert hmc.run("chhmcldap -o r -r ldap").rc == 0
    v = parsed(hmc.run("lshmcldap -r config").out)
    assert (v["primary"], v["backup"], v["bindpwset"]) == ("", "", "0")
    assert parsed(hmc.run("lshmc -r").out)["ldap"] == "disable"
    r = hmc.run("lshmcldap -r user")
    assert r.rc == 1 and "LDAP server is not configured" in r.out  # [V-client] ansible matches these words
    # [V man page] a new configuration needs the primary server and the base DN at a minimum
    r = hmc.run("chhmcldap -o s --primary ldap://ldap.example.com")
    assert r.rc == 1 and "The missing parameter is --basedn." in r.out
    assert parsed(hmc.run("lshmcldap -r config").out)["primary"] == ""


def test_lssvcevents_from_the_world(console):
    hmc = console()
    r = hmc.run("lssvcevents -t hardware")
    lines = r.out.splitlines()
    assert r.rc == 0 and len(lines) == 2
    first, second = parsed(lines[0]), parsed(lines[1])
    assert (first["problem_num"], first["refcode"], first["sys_name"], first["sys_mtms"]) == (
        "2", "110000AC", "Server-8286-42A-SN2112ABC", "8286-42A/2112ABC")
    assert (second["refcode"], second["sys_name"], second["sys_mtms"]) == ("B3030001", "hmc1", "7042-CR9/10F1234")
    assert second["files"].startswith("iqyymrge.log/Consolidated system platform log,")
    # powercollector's forms
    # a value holding the -F delimiter is quoted (formatting.py's rule; [I] for times with ':')
    assert hmc.run('lssvcevents -t hardware --filter "status=open" -F refcode:first_time').out == \
        'B3030001:"11/25/2026 15:56:33"\n'
    # [V] an English HMC's time format (a V8 capture)
    assert hmc.run('lssvcevents -t hardware --filter "status=open" -F refcode,first_time').out == \
        "B3030001,11/25/2026 15:56:33\n"
    assert hmc.run("lssvcevents -t hardware -d 2 -F problem_num").out == "1\n"
    assert hmc.run("lssvcevents -t hardware -m Server-8286-42A-SN2112ABC -F problem_num").out == "2\n"
    assert hmc.run("lssvcevents -t console").out == "No results were found.\n"
    assert hmc.run("lssvcevents").rc == 1


def test_lssvcevents_empty_world_says_no_results(healthy):
    assert (healthy.run("lssvcevents -t hardware").out, healthy.run("lssvcevents -t hardware").rc) == (
        "No results were found.\n", 0)


def test_scenario_password_policy_is_active(console):
    hmc = console()
    assert hmc.run("lspwdpolicy -t p -F name,active,min_length").out == "corp,1,9\n"
    assert hmc.run("mkhmcusr -u u1 -a hmcviewer --passwd abc12").rc == 1
    assert hmc.run("mkhmcusr -u u1 -a hmcviewer --passwd abcdefgh1").rc == 0


def test_password_policy_commands_are_absent_on_v7(console):
    hmc = console("V7")
    r = hmc.run("lspwdpolicy -t p")
    assert (r.rc, r.out, r.err) == (127, "", "bash: lspwdpolicy: command not found\n")


@pytest.mark.parametrize("cmd", [c.name for c in REFERENCE])
def test_every_reference_command_answers_and_never_tracebacks(console, cmd):
    healthy = console("V10")  # the newest level has every command of the reference
    spec = REGISTRY.lookup(cmd)
    assert spec is not None, f"{cmd}: would say command not found"
    r = healthy.run_argv([cmd, "--help"])
    assert r.rc == 0 and r.out.startswith("Usage: ") or r.out.startswith("Usage:"), (cmd, r.out)
    r = healthy.run_argv([cmd, "-Z", "bogus"])
    assert r.rc != 0 and "Traceback" not in r.out + r.err and "HSCL0001" not in r.out, (cmd, r.out)


def test_not_modelled_commands_answer_as_documented(healthy):
    assert (healthy.run("lsdump").out, healthy.run("lsdump").rc) == ("No results were found.\n", 0)
    r = healthy.run("chcod -o e -m x -k abc")
    assert r.rc == 1 and r.out.startswith("HSCL0005 The chcod command is not available")


def test_coverage_lists_the_whole_reference_with_a_status(healthy):
    text = coverage_text(REGISTRY).split("## The HMC command reference")[1]
    for cmd in REFERENCE:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{cmd.name}` |"))
        assert any(f"| {s} |" in row for s in ("implemented", "partial", "not modelled")), row
    assert "| `mkhmcusr` | partial |" in text and "| `lspwdpolicy` | implemented |" in text
    assert "rmhmcldap" in text


def test_user_defaults_apply_to_new_users_and_users_survive_a_snapshot(console):
    from harness.world.world import World

    hmc = console()
    assert hmc.run('chhmcusr -t default -i "pwage=90,idle_timeout=30"').rc == 0
    assert hmc.run("lshmcusr -t default -F pwage,idle_timeout").out == "90,30\n"
    assert hmc.run("mkhmcusr -u dflt -a hmcpe --passwd Abcdefgh12").rc == 0
    assert hmc.run("lshmcusr --filter names=dflt -F pwage,idle_timeout,taskrole").out == "90,30,hmcpe\n"
    # the console lives in the world's dump: a restored world lists the same
    again = Hmc(World.from_dict(hmc.world.to_dict()))
    for line in ("lshmcusr -F name,pwage", "lshmc -n", "lshmc -r", "lspwdpolicy -t p", "lshmcldap -r config",
                 "lssvcevents -t hardware"):
        assert again.run(line).out == hmc.run(line).out, line


def test_scenario_console_settings_are_checked(tmp_path):
    from harness.scenario.builder import ScenarioError

    bad = CONSOLE_TOML.format(level="V9").replace('active_password_policy = "corp"',
                                                  'active_password_policy = "nope"')
    path = tmp_path / "bad.toml"
    path.write_text(bad)
    with pytest.raises(ScenarioError, match="active_password_policy 'nope'"):
        load_scenario(str(path))


def test_viewer_is_refused_every_reference_change_command(console):
    from harness.hmc.reference import FALLBACKS
    from harness.world import roles

    hmc = console()
    hmc.run("mkhmcusr -u view -a hmcviewer --passwd Viewer1234")
    hmc.session = Session(hmc.world, hmc.world.host("hmc1"), "view")
    changes = sorted(n for n in FALLBACKS if roles.is_change(n, []))
    assert len(changes) > 30
    for name in changes:
        r = hmc.run_argv([name, "-o", "x"])
        assert (r.out, r.rc) == ("HSCL350B The user does not have the appropriate authority.\n", 1), name


# [V] ziutus/hmc_vios_aix data/20180603_1656/hmc/192.168.200.34/lshmc_n.txt (V7R7.9.0 SP3), verbatim
V7_LSHMC_N = (
    'hostname=hmc1,domain=localnet,"ipaddr=192.168.200.34,192.168.2.10","networkmask=255.255.255.0,255.255.255.0",'
    'gateway=,nameserver=,domainsuffix=,slipipaddr=10.253.0.1,slipnetmask=255.255.0.0,'
    '"ipaddrlpar=192.168.200.34,192.168.2.10","networkmasklpar=255.255.255.0,255.255.255.0",clients=,'
    '"ipv6addrlpar=fe80:0:0:0:214:5eff:fe7f:2f4c,fe80:0:0:0:214:5eff:fe7f:2f4d",'
    '"slpipaddrs=192.168.200.34,192.168.2.10,fe80::214:5eff:fe7f:2f4c/64,fe80::214:5eff:fe7f:2f4d/64",'
    'ipv4addr_eth0=192.168.200.34,ipv4netmask_eth0=255.255.255.0,ipv4dhcp_eth0=off,'
    'ipv6addr_eth0=fe80:0:0:0:214:5eff:fe7f:2f4c/64,ipv6auto_eth0=off,ipv6privacy_eth0=off,ipv6dhcp_eth0=off,'
    'lparcomm_eth0=off,jumboframe_eth0=off,speed_eth0=auto,duplex_eth0=auto,tso_eth0=off,'
    'ipv4addr_eth1=192.168.2.10,ipv4netmask_eth1=255.255.255.0,ipv4dhcp_eth1=off,'
    'ipv6addr_eth1=fe80:0:0:0:214:5eff:fe7f:2f4d/64,ipv6auto_eth1=off,ipv6privacy_eth1=off,ipv6dhcp_eth1=off,'
    'lparcomm_eth1=off,jumboframe_eth1=off,speed_eth1=auto,duplex_eth1=auto,tso_eth1=off\n')
# [V] .../lshmc_r.txt of the same HMC, verbatim
V7_LSHMC_R = ("ssh=enable,sshprotocol=,remotewebui=enable,xntp=disable,xntpserver=127.127.1.0,syslogserver=,"
              "syslogtcpserver=,syslogtlsserver=,netboot=disable,altdiskboot=disable,ldap=disable,kerberos=disable,"
              "kerberos_default_realm=,kerberos_realm_kdc=,kerberos_clockskew=,kerberos_ticket_lifetime=,"
              "kpasswd_admin=,trace=,kerberos_keyfile_present=,legacyhmccomm=disable,sol=disabled\n")


def test_lshmc_n_and_r_byte_for_byte_as_the_captured_v7_hmc(tmp_path):
    toml = """
[scenario]
name = "ziutus"
seed = 1

[[hmc]]
name = "hmc1"
level = "V7"
address = "192.168.200.34"
domain = "localnet"
interfaces = [ { name = "eth1", address = "192.168.2.10", mac = "00:14:5e:7f:2f:4d" } ]

[[system]]
name = "Server-9131-52A-SN6535CCG"
type_model = "9131-52A"
serial = "6535CCG"
"""
    path = tmp_path / "ziutus.toml"
    path.write_text(toml)
    hmc = Hmc(load_scenario(str(path)))
    h = hmc.world.hmcs["hmc1"]
    h.net.interfaces[0].mac = "00:14:5e:7f:2f:4c"  # eth0's MAC and mask: not scenario keys
    h.net.interfaces[0].netmask = "255.255.255.0"
    h.net.routes.clear()  # the captured HMC had no default gateway
    assert hmc.run("lshmc -n").out == V7_LSHMC_N
    assert hmc.run("lshmc -r").out == V7_LSHMC_R


def test_chsvcevent_closes_what_lssvcevents_shows(console):
    hmc = console()
    assert hmc.run("lssvcevents -t hardware --filter status=open -F problem_num").out == "1\n"
    assert hmc.run("chsvcevent -o close -p 1 -h elsewhere").rc == 1
    assert hmc.run("chsvcevent -o close -p 9 -h hmc1").rc == 1
    assert hmc.run("chsvcevent -o close -p 1 -h hmc1").rc == 0
    assert hmc.run("lssvcevents -t hardware --filter status=open").out == "No results were found.\n"
    assert hmc.run("lssvcevents -t hardware -F problem_num,status").out == "2,Closed\n1,Closed\n"


def test_help_of_a_command_the_level_lacks_is_command_not_found_too(console):
    hmc = console("V7")
    for line in ("mkpwdpolicy --help", "lsupdhmc --help", "lsviosbk"):
        r = hmc.run(line)
        assert (r.rc, r.out) == (127, ""), line
        assert r.err == f"bash: {line.split()[0]}: command not found\n"
    assert console("V9").run("lsviosbk").out == "No results were found.\n"


@pytest.mark.parametrize("scenario", builtin_names())
def test_console_listings_of_every_builtin_scenario_parse(scenario):
    """A collector's first contact with each built-in estate: every console listing answers and parses."""
    world = load_scenario(scenario)
    for name in world.hmcs:
        hmc = Hmc(world)
        hmc.session = Session(world, world.host(name), next(iter(world.hmcs[name].users)))
        level = world.hmcs[name].level_key
        lines = ["lshmc -n", "lshmc -r", "lshmc -b", "lshmcusr", "lshmcldap -r config", "lssvcevents -t hardware"]
        if level != "V7":
            lines += ["lspwdpolicy -t s", "lspwdpolicy -t p"]
        for line in lines:
            r = hmc.run(line)
            assert r.rc == 0 and r.err == "", (scenario, name, line, r.out)
            for row in r.out.splitlines():
                if row != "No results were found.":
                    assert all("=" in f for f in split_outside_quotes(row)), (scenario, line, row)


def test_liveupdate_role_runs_partition_changes_but_not_console_ones(console):
    hmc = console()
    assert hmc.run("mkhmcusr -u lku -a hmcclientliveupdate --passwd Liveupd4te").rc == 0
    hmc.session = Session(hmc.world, hmc.world.host("hmc1"), "lku")
    denied = "HSCL350B The user does not have the appropriate authority.\n"
    assert hmc.run("mkhmcusr -u x -a hmcviewer --passwd Abcdefgh12").out == denied
    r = hmc.run("chsysstate -r lpar -m Server-8286-42A-SN2112ABC -n lpar1 -o shutdown --immed")
    assert r.out != denied and r.rc == 0


def test_chhmcfs_frees_temporary_files_that_lshmcfs_and_monhmc_show(console):
    hmc = console()
    before = {ln.split(":")[0]: ln.split(":")[1:] for ln in
              hmc.run("lshmcfs -F filesystem:filesystem_avail:temp_files_size").out.splitlines()}
    assert before["/var"][1] != "0"
    disk = hmc.run("monhmc -r disk -n 0").out.splitlines()
    assert disk[0] == "Filesystem           1K-blocks      Used Available Use% Mounted on"  # [I] df layout
    var_before = next(ln for ln in disk if ln.endswith(" /var")).split()
    # the files are not a day old yet: -d 1 frees nothing; -s frees up to that many MB
    assert hmc.run("chhmcfs -o f -d 1").rc == 0
    assert hmc.run("lshmcfs --filter names=/var -F temp_files_size").out == before["/var"][1] + "\n"
    assert hmc.run("chhmcfs -o f -s 100 -f /var").rc == 0
    assert hmc.run("lshmcfs --filter names=/var -F temp_files_size").out == f"{int(before['/var'][1]) - 100}\n"
    hmc.world.advance(2 * 86400)
    assert hmc.run("chhmcfs -o f -d 1").rc == 0
    after = {ln.split(":")[0]: ln.split(":")[1:] for ln in
             hmc.run("lshmcfs -F filesystem:filesystem_avail:temp_files_size").out.splitlines()}
    assert after["/var"] == [str(int(before["/var"][0]) + int(before["/var"][1])), "0"]
    var_after = next(ln for ln in hmc.run("monhmc -r disk -n 0").out.splitlines() if ln.endswith(" /var")).split()
    assert int(var_after[3]) - int(var_before[3]) == int(before["/var"][1]) * 1024  # Available grew by it
    assert hmc.run("chhmcfs -o f -d 1 -s 5").rc == 1


def test_chhmcusr_i_that_fails_changes_nothing(console):
    hmc = console()
    assert hmc.run("mkhmcusr -u a1 -a hmcviewer --passwd Abcdefgh12").rc == 0
    assert hmc.run("mkhmcusr -u a2 -a hmcviewer --passwd Abcdefgh12").rc == 0
    before = hmc.world.hmcs["hmc1"].to_dict()
    r = hmc.run('chhmcusr -i "name=a1,passwd=Zyxwvut987,taskrole=hmcoperator,new_name=a2"')
    assert (r.rc, r.out) == (1, "HSCL3560 The user a2 already exists.\n")
    assert hmc.run('chhmcusr -i "name=a1,passwd=weak,taskrole=hmcoperator"').rc == 1
    assert hmc.world.hmcs["hmc1"].to_dict() == before


# [V] lshmc -r of a V8R8.2.0 HMC (ziutus data/192.168.200.34.20170910_2337.txt), verbatim
V8_LSHMC_R = ("ssh=enable,sshprotocol=2,remotewebui=enable,xntp=disable,xntpserver=,syslogserver=,syslogtcpserver=,"
              "syslogtlsserver=,altdiskboot=disable,ldap=disable,kerberos=disable,kerberos_default_realm=,"
              "kerberos_realm_kdc=,kerberos_clockskew=,kerberos_ticket_lifetime=,kpasswd_admin=,trace=,"
              "kerberos_keyfile_present=,kerberos_allow_weak_crypto=,legacyhmccomm=disable,security=legacy,"
              "sol=disabled\n")


def test_lshmc_r_byte_for_byte_as_the_captured_v8_hmc(mixed):
    assert mixed("V8").run("lshmc -r").out == V8_LSHMC_R


# [V] the hmcviewer line of a V8R8.2.0 HMC's `lsaccfg -t taskrole` (ziutus ...20170910_2337.txt), verbatim
V8_VIEWER_TASKROLE = (
    'name=hmcviewer,parent=Predefined,"resources=""frame:CheckPSN+ListFrameProperty,cec:CaptureSystemTemplate+'
    'CollectCECVPDInfo+LSProfileSpace+ListCECProperty+ListCoDInformation+ListPCIeTopology+ListRioTopology+ListSSP+'
    'ListSystemProfileProperty+ListUtilizationData+ListVETInfo+ManageSysProfile+ViewDumps+ViewPowerManagement+'
    'ViewSPP,lpar:CapturePartitionTemplate+ListLPARProperty+ListProfileProperty+ManageProfile,HMCConsole:'
    'ChangeLocale+ChangeUserPasswords+CollectVPDInfo+ListConnections+ListHMCConfiguration+ListHMCEncrTask+'
    'ListSNMPServiceSettings+ListServiceableEvents+ListStorageMedia+TemplateLibrary+TipOfTheDay+UserSettings+'
    'ViewHMCFileSystems"""\n')


def test_lsaccfg_lists_the_predefined_task_roles_as_captured(mixed):
    hmc = mixed("V8")
    out = hmc.run("lsaccfg -t taskrole").out
    assert hmc.run("lsaccfg -t taskrole -F name").out.split() == ["hmcservicerep", "hmcviewer", "hmcoperator",
                                                                 "hmcpe", "hmcsuperadmin"]
    assert V8_VIEWER_TASKROLE in out
    assert hmc.run('lsaccfg -t taskrole --filter "taskrole_names=hmcviewer"').out == V8_VIEWER_TASKROLE
    assert hmc.run("lsaccfg -t resourcerole").out == "No results were found.\n"  # [V] same capture
    assert hmc.run("lsaccfg").rc == 1


def test_lssvcevents_last_time_is_the_latest_report_else_the_first(console):
    # [I] an event reported again keeps its first_time and moves last_time; one reported once shows its
    # first time in both (make mutate survivor: svcevents.py `last_time or first_time`)
    hmc = console()
    events = sorted(hmc.world.hmcs["hmc1"].console.events, key=lambda e: e.problem_num)
    events[0].last_time = "2026-11-30 08:15:00"
    assert hmc.run("lssvcevents -t hardware -F problem_num,first_time,last_time").out.splitlines() == [
        f"2,{_hmc_time(events[1].first_time)},{_hmc_time(events[1].first_time)}",
        f"1,{_hmc_time(events[0].first_time)},11/30/2026 08:15:00"]


def _hmc_time(iso: str) -> str:
    """'2026-11-25 15:56:33' as an English HMC prints it: '11/25/2026 15:56:33' (written out, not the product's)."""
    date, clock = iso.split(" ")
    y, m, d = date.split("-")
    return f"{m}/{d}/{y} {clock}"
