"""LogicalPartitionProfile created and changed over REST go through mksyscfg/chsyscfg -r prof's change:
lssyscfg -r prof lists the result, a bad value is refused with the CLI's HSCL text, a stale etag with 412,
and the profile the CLI made is the one REST changes."""

from __future__ import annotations

import re

from rest_client import UOM, entry_object, error_of, feed_objects, text

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"
NONE = "No results were found."  # lssyscfg's answer when the filter matches nothing


def _lpar30(rest) -> str:
    obj = next(o for o in feed_objects(rest.get("uom/LogicalPartition")) if text(o, "PartitionName") == "lpar30")
    return text(obj, "PartitionUUID")


def _object_xml(r) -> str:
    """The LogicalPartitionProfile object of an entry, as a client edits and posts it back."""
    xml = r.content.decode()
    start = xml.index("<LogicalPartitionProfile:LogicalPartitionProfile")
    end = xml.index("</LogicalPartitionProfile:LogicalPartitionProfile>")
    return xml[start:end + len("</LogicalPartitionProfile:LogicalPartitionProfile>")]


def _set(xml: str, element: str, value: str) -> str:
    new, n = re.subn(rf"(<{element} [^>]*>)[^<]*(</{element}>)", rf"\g<1>{value}\g<2>", xml)
    assert n == 1, element
    return new


def _prof(hmc, name: str, fields: str = "desired_mem,max_mem,min_mem") -> str:
    out, _, rc = asyncssh_run(hmc, f"lssyscfg -r prof -m {SYSTEM} --filter lpar_names=lpar30,profile_names={name} "
                                   f"-F {fields}")
    assert rc == 0
    return out.strip()


def test_profile_created_and_changed_over_rest_is_listed_by_lssyscfg(seed, rest_for):
    rest = rest_for(seed)
    hmc = seed.host("hmc1")
    uid = _lpar30(rest)
    feed = f"uom/LogicalPartition/{uid}/LogicalPartitionProfile"
    first = rest.get(feed)
    template = _object_xml(first)  # one of lpar30's profiles, edited into a new one
    body = _set(_set(template, "ProfileName", "rest_prof"), "DesiredMemory", "2048")
    r = rest.request("PUT", feed, data=body)
    assert r.status_code == 200, r.text
    created = entry_object(r)
    assert text(created, "ProfileName") == "rest_prof"
    desired, maximum, minimum = _prof(hmc, "rest_prof").split(",")
    assert desired == "2048" and text(created, "ProfileMemory/MaximumMemory") == maximum
    assert len(feed_objects(rest.get(feed))) == len(feed_objects(first)) + 1

    # the same name again: mksyscfg's refusal
    again = rest.request("POST", feed, data=body)
    assert again.status_code == 400 and error_of(again)["Message"].startswith("HSCL1505 ")

    # change it (POST on the entry with its etag), as chsyscfg -r prof would
    entry = f"{feed}/{created.findtext(f'{UOM}Metadata/{UOM}Atom/{UOM}AtomID')}"
    current = rest.get(entry)
    changed = _set(_object_xml(current), "DesiredMemory", "3072")
    r = rest.request("POST", entry, data=changed, headers={"If-Match": current.headers["etag"]})
    assert r.status_code == 200, r.text
    assert _prof(hmc, "rest_prof", "desired_mem") == "3072"
    stale = rest.request("POST", entry, data=changed, headers={"If-Match": current.headers["etag"]})
    assert stale.status_code == 412

    # desired above maximum: chsyscfg's HSCL text, nothing changed
    bad = _set(_object_xml(rest.get(entry)), "DesiredMemory", str(int(maximum) + 1024))
    r = rest.request("POST", entry, data=bad)
    out, _, rc = asyncssh_run(hmc, f'chsyscfg -r prof -m {SYSTEM} -i "name=rest_prof,lpar_name=lpar30,'
                                   f'desired_mem={int(maximum) + 1024}"')
    assert rc != 0 and r.status_code == 400
    assert error_of(r)["Message"] == out.strip()
    assert _prof(hmc, "rest_prof", "desired_mem") == "3072"


def test_rest_renames_a_profile_the_cli_made(seed, rest_for):
    rest = rest_for(seed)
    hmc = seed.host("hmc1")
    uid = _lpar30(rest)
    template = _object_xml(rest.get(f"uom/LogicalPartition/{uid}/LogicalPartitionProfile"))
    minimum = re.search(r"<MinimumMemory [^>]*>(\d+)<", template).group(1)
    maximum = re.search(r"<MaximumMemory [^>]*>(\d+)<", template).group(1)
    _, _, rc = asyncssh_run(hmc, f'mksyscfg -r prof -m {SYSTEM} -i "name=cli_prof,lpar_name=lpar30,'
                                 f'min_mem={minimum},desired_mem={minimum},max_mem={maximum},proc_mode=shared,'
                                 'min_proc_units=0.1,desired_proc_units=0.2,max_proc_units=1.0,min_procs=1,'
                                 'desired_procs=1,max_procs=2"')
    assert rc == 0
    feed = feed_objects(rest.get(f"uom/LogicalPartition/{uid}/LogicalPartitionProfile"))
    cli = next(o for o in feed if text(o, "ProfileName") == "cli_prof")
    assert text(cli, "ProcessorAttributes/SharedProcessorConfiguration/DesiredProcessingUnits") \
        == _prof(hmc, "cli_prof", "desired_proc_units")
    path = f"uom/LogicalPartition/{uid}/LogicalPartitionProfile/{cli.findtext(f'{UOM}Metadata/{UOM}Atom/{UOM}AtomID')}"
    body = _set(_object_xml(rest.get(path)), "ProfileName", "renamed_prof")
    assert rest.request("POST", path, data=body).status_code == 200
    assert _prof(hmc, "cli_prof") == NONE and _prof(hmc, "renamed_prof", "desired_mem") == minimum


def test_a_viewer_may_not_change_profiles(seed, rest_for):
    rest = rest_for(seed)
    uid = _lpar30(rest)
    feed = f"uom/LogicalPartition/{uid}/LogicalPartitionProfile"
    body = _set(_object_xml(rest.get(feed)), "ProfileName", "viewer_prof")
    viewer = next((u for u in seed.call(lambda: list(seed.world.hmcs["hmc1"].users.values()))
                   if u.role == "hmcviewer"), None)
    if viewer is None:
        _, _, rc = asyncssh_run(seed.host("hmc1"), 'mkhmcusr -u viewer1 -a hmcviewer --passwd abc12345 -d "viewer"')
        assert rc == 0
        name, password = "viewer1", "abc12345"
    else:
        name, password = viewer.name, viewer.password
    other = rest_for(seed, login=False)
    assert other.logon(name, password).status_code == 200
    r = other.request("PUT", feed, data=body)
    assert r.status_code == 403
    assert _prof(seed.host("hmc1"), "viewer_prof") == NONE
