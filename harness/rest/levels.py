"""What the REST server of each HMC level speaks: the UOM schema version its XML carries and whether it
also serves the API on port 443 beside 12443.

Facts: captured HMC responses (pypowervm's test data) carry ``schemaVersion`` attributes and an
``X-HMC-Schema-Version`` header that rise with the HMC's release: V1_0 in 2013 captures, V1_1_0 in
September 2014 (V8R8.1.0 was current), V1_2_0 from February to April 2015 (V8R8.2.0), V1_3_0 from August
2015 (V8R8.3.0) [V values and dates; I the pairing with releases]. The server answers with its own
version whatever a LogonRequest's ``schemaVersion`` says (pypowervm logs on with V1_0, and its capture of
August 2015 answers V1_3_0) [V; I that the request's value is only checked for its form]. Port 443: a
captured ``quick/All`` answer links ``https://<hmc>:443/rest/api/uom/...`` [V]; from which level on is not
documented [I: V9 on].
"""

from __future__ import annotations

import re

REST_PORT = 12443  # the HMC's REST port [V]
REST_PORT_443 = 443  # the real port; the embedded fake serves it as a twin port (TWIN_PORT_443)
TWIN_PORT_443 = 10443  # [I] where the embedded fake serves an HMC's "443" (unprivileged, like 22 -> 2222)

# HMC level key -> (schemaVersion, serves port 443)
LEVELS: dict[str, tuple[str, bool]] = {
    "V7": ("V1_0", False),  # [I] V7R7.9.0: the pre-V8 captures' version
    "V8": ("V1_2_0", False),  # V8R8.2.0 [V: captures of its time; I pairing]
    "V9": ("V1_8_0", True),  # V9R1 [I: V8R8.3 .. V8R8.7 took V1_3_0 .. V1_7_0, one per release]
    "V10": ("V1_11_0", True),  # V10R3 [I: the newest version a pypowervm capture carries]
}
SCHEMA_FORM = re.compile(r"V\d+_\d+(_\d+)?")  # V1_0, V1_3_0 [V forms]


def schema(level_key: str) -> str:
    return LEVELS.get(level_key, LEVELS["V9"])[0]


def serves_443(level_key: str) -> bool:
    return LEVELS.get(level_key, LEVELS["V9"])[1]


def valid_schema(text: str) -> bool:
    return SCHEMA_FORM.fullmatch(text) is not None


def at_least(schema_version: str, wanted: str) -> bool:
    """Whether an HMC writing ``schema_version`` knows elements brought by ``wanted`` (their ksv)."""
    def key(s: str) -> tuple[int, ...]:
        return tuple(int(x) for x in s[1:].split("_"))

    return key(schema_version) >= key(wanted)
