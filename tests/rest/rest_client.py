"""A raw HTTP client of the HMC REST API, as a tool without pypowervm would write it: requests for the
transport (pinning the HMC's certificate), ElementTree for the XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import requests

WEB = "{http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/}"
UOM = "{http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/}"
ATOM = "{http://www.w3.org/2005/Atom}"
LOGON_TYPE = "application/vnd.ibm.powervm.web+xml; type=LogonRequest"


def logon_body(user: str, password: str) -> str:
    return ('<LogonRequest xmlns="http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/" '
            'schemaVersion="V1_1_0"><Metadata><Atom/></Metadata>'
            f'<UserID kb="CUR" kxe="false">{user}</UserID><Password kb="CUR" kxe="false">{password}</Password>'
            "</LogonRequest>")


class Rest:
    def __init__(self, base: str, cert: Path):
        self.base = base
        self.http = requests.Session()
        self.http.verify = str(cert)  # the HMC's own certificate is the only one trusted
        self.http.trust_env = False  # REQUESTS_CA_BUNDLE must not replace the pinned certificate
        self.token = ""

    def logon(self, user: str, password: str) -> requests.Response:
        r = self.http.put(self.base + "/rest/api/web/Logon", data=logon_body(user, password),
                          headers={"Content-Type": LOGON_TYPE})
        if r.status_code == 200:
            self.token = ET.fromstring(r.content).findtext(f"{WEB}X-API-Session")
        return r

    def logon_raw(self, body: bytes) -> requests.Response:
        return self.http.put(self.base + "/rest/api/web/Logon", data=body, headers={"Content-Type": LOGON_TYPE})

    def request(self, method: str, path: str, **kw) -> requests.Response:
        headers = {"X-API-Session": self.token, **kw.pop("headers", {})}
        return self.http.request(method, self.base + "/rest/api/" + path, headers=headers, **kw)

    def get(self, path: str, **kw) -> requests.Response:
        return self.request("GET", path, **kw)


def error_of(r: requests.Response) -> dict[str, str]:
    """HTTPStatus, ReasonCode, Message... of an HttpErrorResponse entry."""
    root = ET.fromstring(r.content)
    assert root.tag == f"{ATOM}entry"
    err = root.find(f"{ATOM}content/{WEB}HttpErrorResponse")
    return {el.tag.split("}")[1]: (el.text or "") for el in err if el.tag != f"{WEB}Metadata"}


def entry_object(r: requests.Response) -> ET.Element:
    root = ET.fromstring(r.content)
    return root.find(f"{ATOM}content")[0]


def feed_objects(r: requests.Response) -> list[ET.Element]:
    root = ET.fromstring(r.content)
    return [e.find(f"{ATOM}content")[0] for e in root.findall(f"{ATOM}entry")]


def text(obj: ET.Element, path: str) -> str:
    return obj.findtext("/".join(UOM + p for p in path.split("/")))
