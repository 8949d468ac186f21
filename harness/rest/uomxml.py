"""The XML the HMC's REST server writes: Atom feeds and entries wrapping PowerVM UOM objects, the
web-service LogonResponse and HttpErrorResponse.

Shapes follow responses captured from real HMCs (pypowervm's test data: facts only, nothing copied):
the Atom feed with ``<generator>`` and SELF links, an ``etag:etag`` element per entry, the object as
``<Type:Type xmlns:Type=UOM xmlns=UOM ...>`` with ``<Metadata><Atom>``, and every property element
carrying ``kb`` (CUD/CUR/ROR/ROO/COD: who may write it) and ``kxe`` attributes [V].
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

ATOM_NS = "http://www.w3.org/2005/Atom"
UOM_NS = "http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/"
WEB_NS = "http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/"
K2_NS = "http://www.w3.org/XML/1998/namespace/k2"
GENERATOR = "IBM Power Systems Management Console"  # [V]
ATOM_TYPE = "application/atom+xml"


def content_type(service: str, kind: str) -> str:
    return f"application/vnd.ibm.powervm.{service}+xml; type={kind}"  # [V]


@dataclass
class El:
    """One UOM element: a leaf with text, a group of children (with its own Metadata), or a link."""

    name: str
    text: str | None = None
    kb: str = "ROR"
    children: list["El"] = field(default_factory=list)
    href: str | None = None
    group: bool = False  # a nested object: schemaVersion and <Metadata><Atom/></Metadata>
    links: list[str] = field(default_factory=list)  # <link href=... rel="related"/> children
    xag: str | None = None  # its extended attribute group (group="ViosStorage" ...), served on ?group= [V]
    plain: bool = False  # a bare wrapper of choices (<BackingDeviceChoice>): no attributes, no Metadata [V]
    ksv: str | None = None  # the schema version that brought the element (ksv="V1_6_0") [V]

    def write(self, out: list[str], indent: str, schema: str) -> None:
        if self.plain:
            out.append(f"{indent}<{self.name}>")
            for c in self.children:
                c.write(out, indent + "    ", schema)
            out.append(f"{indent}</{self.name}>")
            return
        attrs = ((f' group="{self.xag}"' if self.xag else "") + (f' ksv="{self.ksv}"' if self.ksv else "")
                 + (f' kb="{self.kb}" kxe="false"' if self.kb else ""))  # kb "": an item of a list [V]
        if self.href is not None:
            out.append(f'{indent}<{self.name}{attrs} href={quoteattr(self.href)} rel="related"/>')
            return
        if self.group:
            out.append(f'{indent}<{self.name}{attrs} schemaVersion="{schema}">')
            out.append(f"{indent}    <Metadata>\n{indent}        <Atom/>\n{indent}    </Metadata>")
            for c in self.children:
                c.write(out, indent + "    ", schema)
            out.append(f"{indent}</{self.name}>")
            return
        if self.links:
            out.append(f"{indent}<{self.name}{attrs}>")
            for h in self.links:
                out.append(f'{indent}    <link href={quoteattr(h)} rel="related"/>')
            out.append(f"{indent}</{self.name}>")
            return
        if self.text is None:
            out.append(f"{indent}<{self.name}{attrs}/>")
            return
        out.append(f"{indent}<{self.name}{attrs}>{escape(self.text)}</{self.name}>")


def leaf(name: str, value, kb: str = "ROR") -> El:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return El(name, str(value), kb)


def group(name: str, children: list[El], kb: str = "CUD") -> El:
    return El(name, kb=kb, children=children, group=True)


def obj_xml(kind: str, atom_id: str, created_ms: int, body: list[El], schema: str, indent: str = "") -> str:
    """``<Kind:Kind ...>`` with its Metadata and properties (the part the etag covers)."""
    out = [f'{indent}<{kind}:{kind} xmlns:{kind}="{UOM_NS}" xmlns="{UOM_NS}" xmlns:ns2="{K2_NS}" '
           f'schemaVersion="{schema}">',
           f"{indent}    <Metadata>", f"{indent}        <Atom>",
           f"{indent}            <AtomID>{atom_id}</AtomID>",
           f"{indent}            <AtomCreated>{created_ms}</AtomCreated>",
           f"{indent}        </Atom>", f"{indent}    </Metadata>"]
    for el in body:
        el.write(out, indent + "    ", schema)
    out.append(f"{indent}</{kind}:{kind}>")
    return "\n".join(out)


def etag_of(text: str) -> str:
    """A signed 32-bit number, as the HMC's etags look (``-384789939``) [V form; I derivation]."""
    v = zlib.crc32(text.encode())
    return str(v - (1 << 32) if v >= 1 << 31 else v)


@dataclass
class Entry:
    kind: str
    atom_id: str
    self_href: str
    content: str  # obj_xml text
    published: str

    @property
    def etag(self) -> str:
        return etag_of(self.content)

    def xml(self, indent: str = "") -> str:
        i = indent
        return "\n".join([
            f"{i}<entry>",
            f"{i}    <id>{self.atom_id}</id>",
            f"{i}    <title>{self.kind}</title>",
            f"{i}    <published>{self.published}</published>",
            f'{i}    <link rel="SELF" href={quoteattr(self.self_href)}/>',
            f"{i}    <author>\n{i}        <name>{GENERATOR}</name>\n{i}    </author>",
            f'{i}    <etag:etag xmlns:etag="{UOM_NS}" xmlns="{UOM_NS}">{self.etag}</etag:etag>',
            f'{i}    <content type="{content_type("uom", self.kind)}">',
            self.content,
            f"{i}    </content>",
            f"{i}</entry>",
        ])


_ATOM_ROOT = f'xmlns="{ATOM_NS}" xmlns:ns2="http://a9.com/-/spec/opensearch/1.1/" xmlns:ns3="http://www.w3.org/1999/xhtml"'


def entry_document(entry: Entry) -> str:
    text = entry.xml()
    return text.replace("<entry>", f"<entry {_ATOM_ROOT}>", 1) + "\n"


def feed_document(feed_id: str, updated: str, self_href: str, entries: list[Entry], console_href: str = "") -> str:
    out = [f"<feed {_ATOM_ROOT}>", f"    <id>{feed_id}</id>", f"    <updated>{updated}</updated>",
           f'    <link rel="SELF" href={quoteattr(self_href)}/>']
    if console_href:
        out.append(f'    <link rel="MANAGEMENT_CONSOLE" href={quoteattr(console_href)}/>')
    out.append(f"    <generator>{GENERATOR}</generator>")
    out += [e.xml("    ") for e in entries]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def feed_etag(entries: list[Entry]) -> str:
    return etag_of("".join(e.etag for e in entries))


# ---- the web service (logon, errors) ------------------------------------------------------------------
def logon_response(token: str, schema: str = "V1_1_0") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<LogonResponse xmlns="{WEB_NS}" schemaVersion="{schema}">\n'
            f"    <Metadata>\n        <Atom/>\n    </Metadata>\n"
            f'    <X-API-Session kb="ROR" kxe="false">{escape(token)}</X-API-Session>\n'
            f"</LogonResponse>\n")


def http_error(status: int, uri: str, reason: str, message: str, entry_id: str, published: str,
               schema: str = "V1_2_0") -> str:
    """An HttpErrorResponse wrapped in an Atom entry (content type application/atom+xml) [V shape]."""
    return "\n".join([
        f"<entry {_ATOM_ROOT}>",
        f"    <id>{entry_id}</id>",
        "    <title>HttpErrorResponse</title>",
        f"    <published>{published}</published>",
        f"    <author>\n        <name>{GENERATOR}</name>\n    </author>",
        f'    <content type="{content_type("web", "HttpErrorResponse")}">',
        f'        <HttpErrorResponse:HttpErrorResponse xmlns:HttpErrorResponse="{WEB_NS}" xmlns="{WEB_NS}" '
        f'xmlns:ns2="{K2_NS}" schemaVersion="{schema}">',
        "    <Metadata>\n        <Atom/>\n    </Metadata>",
        f'    <HTTPStatus kb="ROR" kxe="false">{status}</HTTPStatus>',
        f'    <RequestURI kb="ROR" kxe="false">{escape(uri)}</RequestURI>',
        f'    <ReasonCode kb="ROR" kxe="false">{escape(reason)}</ReasonCode>',
        f'    <Message kb="ROO" kxe="false">{escape(message)}</Message>',
        '    <RequestBody kb="ROO" kxe="false"/>',
        "</HttpErrorResponse:HttpErrorResponse>",
        "    </content>",
        "</entry>",
    ]) + "\n"
