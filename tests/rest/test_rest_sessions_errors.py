"""The REST door's error paths through raw HTTP: logon refusals, missing/expired/logged-off sessions,
a read-only role, a stale etag, unknown objects; and the certificate each HMC keeps."""

from __future__ import annotations

import hashlib
import ssl

from rest_client import UOM, error_of, feed_objects, text

from harness.rest import certs
from harness.world.hmc import HmcUser


def test_logon_refused_and_sessions_checked(seed, rest_for):
    info = seed.host("hmc1")
    rest = rest_for(seed, login=False)
    r = rest.logon(info.username, info.password + "x")
    assert r.status_code == 401
    assert r.headers["Content-Type"].startswith("application/atom+xml")
    err = error_of(r)
    assert err["HTTPStatus"] == "401" and err["RequestURI"] == "/rest/api/web/Logon"
    assert rest.logon("nosuchuser", info.password).status_code == 401

    r = rest.get("uom/ManagedSystem")  # no session at all
    assert r.status_code == 401 and error_of(r)["RequestURI"] == "/rest/api/uom/ManagedSystem"

    r = rest.logon(info.username, info.password)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/vnd.ibm.powervm.web+xml")
    assert len(rest.token) > 100
    assert rest.get("uom/ManagedSystem").status_code == 200
    assert rest.request("DELETE", "web/Logon").status_code == 204
    assert rest.get("uom/ManagedSystem").status_code == 401  # logged off

    # idle expiry on the virtual clock: two hours untouched and the token is gone
    assert rest.logon(info.username, info.password).status_code == 200
    seed.advance(3600)
    assert rest.get("uom/ManagementConsole").status_code == 200  # used: the idle clock restarts
    seed.advance(2 * 3600 + 1)
    assert rest.get("uom/ManagementConsole").status_code == 401


def test_viewer_may_read_not_change_and_stale_etag_is_412(seed, rest_for):
    def add_viewer(world):
        world.host("hmc1").hmc.users["viewer1"] = HmcUser("viewer1", "View3rPw", "hmcviewer")

    seed.call(lambda: add_viewer(seed.world))
    admin = rest_for(seed)
    viewer = rest_for(seed, login=False)
    assert viewer.logon("viewer1", "View3rPw").status_code == 200
    lpars = feed_objects(viewer.get("uom/LogicalPartition"))
    lpar21 = next(o for o in lpars if text(o, "PartitionName") == "lpar21")
    path = f"uom/LogicalPartition/{text(lpar21, 'PartitionUUID')}"
    r = viewer.get(path)
    assert r.status_code == 200
    body = r.content[r.content.index(b"<LogicalPartition:"):r.content.index(b"</LogicalPartition:LogicalPartition>")
                     + len(b"</LogicalPartition:LogicalPartition>")]
    edited = body.replace(b'<DesiredMemory kb="CUD" kxe="false">8192<', b'<DesiredMemory kb="CUD" kxe="false">9216<')
    assert edited != body
    r = viewer.request("POST", path, data=edited, headers={"If-Match": r.headers["etag"]})
    assert r.status_code == 403 and error_of(r)["HTTPStatus"] == "403"

    etag = admin.get(path).headers["etag"]
    assert admin.get(path, headers={"If-None-Match": etag}).status_code == 304
    r = admin.request("POST", path, data=edited, headers={"If-Match": str(int(etag) + 1)})
    assert r.status_code == 412
    assert seed.call(lambda: seed.world.systems and [p.mem.cur for s in seed.world.systems.values()
                                                      for p in s.partitions.values() if p.name == "lpar21"]) == [8192]
    r = admin.request("POST", path, data=edited, headers={"If-Match": etag})
    assert r.status_code == 200
    assert admin.get(f"{path}/quick/CurrentMemory").json() == 9216

    r = admin.get("uom/LogicalPartition/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and error_of(r)["HTTPStatus"] == "404"


def test_certificate_kept_per_hmc_and_fingerprint_published(estate_factory, key_dir, rest_for):
    first = estate_factory("seed-lpar30")
    ep = first.estate.rest_endpoints["hmc1"]
    assert first.estate.ready_document()["hosts"][0]["rest"] == ep["rest"]
    host, port = ep["rest"].removeprefix("https://").rsplit(":", 1)
    pem = ssl.get_server_certificate((host, int(port)))
    served = ssl.PEM_cert_to_DER_cert(pem)
    digest = hashlib.sha256(served).hexdigest().upper()
    assert ep["rest_sha256"].replace(":", "") == digest
    first_ids = _system_ids(rest_for(first))
    first.stop()
    again = estate_factory("seed-lpar30")  # a restart keeps the certificate
    assert again.estate.rest_endpoints["hmc1"]["rest_sha256"] == ep["rest_sha256"]
    assert certs.paths(key_dir, "hmc1")[0].exists()
    # ids are stable per world: the same system UUID after the restart
    assert _system_ids(rest_for(again)) == first_ids and len(first_ids) == 1


def _system_ids(rest) -> list[str]:
    return [o.findtext(f"{UOM}Metadata/{UOM}Atom/{UOM}AtomID") for o in feed_objects(rest.get("uom/ManagedSystem"))]


def test_python_api_hands_out_the_rest_address(key_dir):
    from rest_client import Rest

    from harness.api import Estate

    with Estate("healthy", key_dir=key_dir) as estate:
        hmc = estate.hmc
        assert hmc.rest.startswith("https://") and estate.env()["FAKEHMC_HMC_REST"] == hmc.rest
        client = Rest(hmc.rest, certs.paths(key_dir, hmc.name)[0])
        assert client.logon(hmc.username, hmc.password).status_code == 200
        assert client.get("uom/ManagedSystem").status_code == 200


def test_garbage_gets_http_errors_never_a_traceback(seed, rest_for):
    rest = rest_for(seed)
    lpar = feed_objects(rest.get("uom/LogicalPartition"))[0]
    path = f"uom/LogicalPartition/{text(lpar, 'PartitionUUID')}"
    for body, status in ((b"<not xml", 400), (b"<ManagedSystem xmlns='x'/>", 400),
                         (b'<LogicalPartition:LogicalPartition xmlns:LogicalPartition="http://www.ibm.com/xmlns/'
                          b'systems/power/firmware/uom/mc/2012_10/"><PartitionID xmlns="http://www.ibm.com/xmlns/'
                          b'systems/power/firmware/uom/mc/2012_10/">abc</PartitionID></LogicalPartition:LogicalPartition>',
                          400)):
        r = rest.request("POST", path, data=body)
        assert r.status_code == status and error_of(r)["HTTPStatus"] == str(status), r.text
    assert rest.logon_raw(b"\x00\xff").status_code == 400
    r = rest.get("uom/NoSuchResource")
    assert r.status_code == 404 and error_of(r)["RequestURI"] == "/rest/api/uom/NoSuchResource"
    r = rest.request("PATCH", "uom/ManagedSystem")
    assert r.status_code == 405 and error_of(r)["HTTPStatus"] == "405"
    r = rest.request("PUT", "uom/ManagementConsole/x/do/CLIRunner", data=b"<JobRequest")
    assert r.status_code == 404  # no such console: checked before the body
