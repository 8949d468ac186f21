"""LogicalPartitionProfile over raw HTTP: the partition's AssociatedPartitionProfile link resolves to its
current profile, the feed lists the profiles lssyscfg -r prof lists with the same values, a profile
changed over SSH (chsyscfg) shows at once, and profile ids are stable per world."""

from __future__ import annotations

from rest_client import UOM, entry_object, error_of, feed_objects, text

from tests.sshclients import asyncssh_run

SYSTEM = "Server-9117-MMB-SN10284FP"


def _lpar30(rest):
    obj = next(o for o in feed_objects(rest.get("uom/LogicalPartition")) if text(o, "PartitionName") == "lpar30")
    return obj, text(obj, "PartitionUUID")


def test_associated_profile_link_resolves_to_the_current_profile(seed, rest_for):
    rest = rest_for(seed)
    obj, uid = _lpar30(rest)
    href = obj.find(f"{UOM}AssociatedPartitionProfile").get("href")
    path = href.split("/rest/api/", 1)[1]
    r = rest.get(path)
    assert r.status_code == 200, r.text
    prof = entry_object(r)
    hmc = seed.host("hmc1")
    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r lpar -m {SYSTEM} --filter lpar_names=lpar30 -F curr_profile")
    assert text(prof, "ProfileName") == out.strip()
    out, _, _ = asyncssh_run(hmc, f"lssyscfg -r prof -m {SYSTEM} --filter lpar_names=lpar30,profile_names="
                                  f"{out.strip()} -F desired_mem,max_mem,min_mem")
    assert [text(prof, f"ProfileMemory/{x}") for x in ("DesiredMemory", "MaximumMemory", "MinimumMemory")] \
        == out.strip().split(",")
    assert prof.find(f"{UOM}AssociatedPartition").get("href").endswith(f"LogicalPartition/{uid}")
    assert rest.get(path).content == r.content  # the same id and body on every read


def test_profile_feed_follows_chsyscfg(seed, rest_for):
    rest = rest_for(seed)
    _, uid = _lpar30(rest)
    hmc = seed.host("hmc1")
    names, _, _ = asyncssh_run(hmc, f"lssyscfg -r prof -m {SYSTEM} --filter lpar_names=lpar30 -F name")
    feed = feed_objects(rest.get(f"uom/LogicalPartition/{uid}/LogicalPartitionProfile"))
    assert sorted(text(o, "ProfileName") for o in feed) == sorted(names.split())
    name = text(feed[0], "ProfileName")
    out, _, rc = asyncssh_run(hmc, f'chsyscfg -r prof -m {SYSTEM} -i "name={name},lpar_name=lpar30,desired_mem=4096"')
    assert rc == 0, out
    feed = feed_objects(rest.get(f"uom/LogicalPartition/{uid}/LogicalPartitionProfile"))
    changed = next(o for o in feed if text(o, "ProfileName") == name)
    assert text(changed, "ProfileMemory/DesiredMemory") == "4096"
    r = rest.get(f"uom/LogicalPartition/{uid}/LogicalPartitionProfile/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and "LogicalPartitionProfile" in error_of(r)["Message"]
